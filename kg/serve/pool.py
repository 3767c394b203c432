"""A pool of query worker processes with a hard deadline per query."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from multiprocessing.process import BaseProcess
from typing import Any

from kg.serve.worker import MEMORY_MESSAGE, Reply, query_message, text, worker_main

__all__ = ["HEAVY_NICE", "WorkerPool"]

#: CPU priority (nice) of heavy-lane workers: on a busy machine the reserved lane goes first
HEAVY_NICE = 10


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, ctx: Any, path: str, memory_mb: int = 0, lane: str = "heavy") -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=worker_main,
            args=(child, path, memory_mb),
            daemon=True,
            name="geokg-sparql-worker",
        )
        self.process.start()
        child.close()
        self.lane = lane
        if lane != "cheap":
            self.lower_priority()

    def lower_priority(self) -> None:
        """Let this worker yield the CPU to the reserved (cheap) lane and the server."""
        pid = self.process.pid
        # not on every platform: the lanes still keep cheap queries a worker
        with contextlib.suppress(OSError, AttributeError):
            if pid:  # never 0: that would be the server itself
                os.setpriority(os.PRIO_PROCESS, pid, HEAVY_NICE)

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class WorkerPool:
    """Worker processes evaluating SPARQL with a hard deadline, in two lanes.

    A query still running at its deadline is stopped by killing its worker
    process (pyoxigraph has no cancellation from Python); a fresh worker takes
    its place.

    **Lanes.** ``workers`` processes form the *heavy* lane and ``cheap_workers``
    more are reserved for cheap queries (:mod:`kg.serve.cost`). A heavy query
    waits only for a heavy-lane worker; a cheap one takes a reserved worker, or
    any idle heavy-lane worker, whichever is free first. So however many heavy
    queries run, cheap ones keep being answered. A query estimated cheap that
    is still running after ``cheap_seconds`` is moved out of the reserved lane:
    a new reserved worker starts in its place (at most ``cheap_workers`` such
    spares at a time) and the slow query runs on to its own deadline; its
    worker is retired when it finishes. Workers outside the reserved lane run
    at a lower CPU priority (nice :data:`HEAVY_NICE`), so on a machine whose
    cores are all busy with heavy queries the reserved lane still gets the CPU.

    Examples
    --------
    >>> import json, tempfile
    >>> from kg.serve.worker import query_message
    >>> from kg.store import open_store
    >>> d = tempfile.mkdtemp()
    >>> with open_store(d):
    ...     pass
    >>> pool = WorkerPool(d, workers=1, cheap_workers=1)
    >>> status, ctype, body, _ = pool.run(query_message("ASK {}"), timeout=10)
    >>> status, json.loads(body)["boolean"]
    (200, True)
    >>> pool.close()
    """

    def __init__(
        self,
        path: str,
        *,
        workers: int = 2,
        memory_mb: int = 0,
        cheap_workers: int = 0,
        cheap_seconds: float = 2.0,
    ) -> None:
        self.path = path
        self.memory_mb = memory_mb
        self.cheap_seconds = cheap_seconds
        # spawn, not fork: the server process runs an event loop and threads.
        self._ctx = multiprocessing.get_context("spawn")
        self._cond = threading.Condition()
        self._target = {"heavy": max(1, workers), "cheap": max(0, cheap_workers), "spare": 0}
        self._idle: dict[str, list[_Worker]] = {lane: [] for lane in self._target}
        self._members: dict[str, set[_Worker]] = {lane: set() for lane in self._target}
        self._closed = False
        for lane in ("heavy", "cheap"):
            for _ in range(self._target[lane]):
                self._add(lane)

    def _add(self, lane: str) -> None:
        w = _Worker(self._ctx, self.path, self.memory_mb, lane)
        with self._cond:
            self._members[lane].add(w)
            self._idle[lane].append(w)
            self._cond.notify_all()

    def warm(self, timeout: float = 60.0) -> None:
        """Wait until every worker has started and opened the store (one ASK each)."""
        with self._cond:
            workers = [w for lane in self._idle.values() for w in lane]
            for lane in self._idle.values():
                lane.clear()
        for w in workers:
            try:
                w.conn.send(query_message("ASK {}"))
                if w.conn.poll(timeout):
                    w.conn.recv()
            except (EOFError, OSError):
                pass
            self._release(w)

    def _acquire(self, lanes: tuple[str, ...], timeout: float) -> _Worker | None:
        def idle() -> _Worker | None:
            for lane in lanes:
                if self._idle[lane]:
                    return self._idle[lane].pop()
            return None

        with self._cond:
            worker = idle()
            deadline = time.monotonic() + timeout
            while worker is None and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
                worker = idle()
            return worker

    def _release(self, worker: _Worker) -> None:
        """Give a worker back to its lane, or retire it when its lane has too many."""
        with self._cond:
            lane = worker.lane
            if not self._closed and len(self._members[lane]) <= self._target[lane]:
                self._idle[lane].append(worker)
                self._cond.notify_all()
                return
            self._members[lane].discard(worker)
        worker.stop()

    def _spill(self, worker: _Worker) -> None:
        """A cheap query is running long: its worker leaves the reserved lane for a new one."""
        with self._cond:
            if worker.lane != "cheap" or self._closed:
                return
            if len(self._members["spare"]) >= self._target["cheap"]:
                return  # spares at their cap: the lane waits for this query instead
            self._members["cheap"].discard(worker)
            worker.lane = "spare"
            self._members["spare"].add(worker)
        worker.lower_priority()
        threading.Thread(target=self._add, args=("cheap",), daemon=True).start()

    def run(
        self, msg: dict[str, Any], timeout: float, *, heavy: bool = False, advice: str = ""
    ) -> Reply:
        """Send one message to an idle worker and wait at most ``timeout`` seconds.

        A ``heavy`` query waits for a worker of the heavy lane only; any other
        may use any idle worker, a reserved one first. ``advice`` replaces the
        hint of the time-limit message.
        """
        deadline = time.monotonic() + timeout
        lanes = ("heavy",) if heavy or not self._target["cheap"] else ("cheap", "heavy")
        worker = self._acquire(lanes, timeout)
        if worker is None:
            return text(503, f"all query workers stayed busy for {timeout:g} s; retry later")
        try:
            worker.conn.send(msg)
            if worker.lane == "cheap" and not heavy:
                first = max(0.0, min(self.cheap_seconds, deadline - time.monotonic()))
                if not worker.conn.poll(first):
                    self._spill(worker)
            remaining = max(0.0, deadline - time.monotonic())
            if worker.conn.poll(remaining):
                answer: Reply = worker.conn.recv()
                self._release(worker)
                return answer
        except (EOFError, OSError):
            pass  # the worker died (e.g. out of memory): replace it below
        else:
            self._replace(worker)
            return text(
                503,
                f"query stopped after the time limit of {timeout:g} s; "
                + (
                    advice
                    or "narrow it (LIMIT, more specific patterns) or raise kg serve --timeout"
                ),
            )
        return self._died(worker)

    def _died(self, worker: _Worker) -> Reply:
        """Replace a worker that died mid-query and say why, as far as the exit tells."""
        worker.process.join(2)
        code = worker.process.exitcode
        self._replace(worker)
        how = "died"
        if code is not None and code < 0:
            try:
                how = f"crashed ({signal.Signals(-code).name})"
            except ValueError:
                how = f"was killed by signal {-code}"
        elif code is not None:
            how = f"exited with status {code}"
        if code in (-signal.SIGABRT, -signal.SIGKILL) and self.memory_mb > 0:
            return text(503, f"the query worker {how}: {MEMORY_MESSAGE}")
        return text(
            500,
            f"the query worker {how} while answering; the query was not completed "
            "(the endpoint goes on). Simplify the query: a smaller or less nested query, a LIMIT",
        )

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._cond:
            lane = worker.lane
            self._members[lane].discard(worker)
            short = not self._closed and len(self._members[lane]) < self._target[lane]
        if short:
            self._add(lane)

    def close(self) -> None:
        """Stop every worker process."""
        with self._cond:
            self._closed = True
            workers = [w for lane in self._members.values() for w in lane]
            for lane in self._members.values():
                lane.clear()
            self._cond.notify_all()
        for w in workers:
            w.stop()
