"""A pool of query worker processes with a hard deadline per query."""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from multiprocessing.process import BaseProcess
from typing import Any

from kg.serve.worker import MEMORY_MESSAGE, Reply, text, worker_main

__all__ = ["WorkerPool"]


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, ctx: Any, path: str, memory_mb: int = 0) -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=worker_main,
            args=(child, path, memory_mb),
            daemon=True,
            name="geokg-sparql-worker",
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class WorkerPool:
    """Worker processes evaluating SPARQL with a hard deadline.

    A query still running at its deadline is stopped by killing its worker
    process (pyoxigraph has no cancellation from Python); a fresh worker takes
    its place.

    Examples
    --------
    >>> import json, tempfile
    >>> from kg.serve.worker import query_message
    >>> from kg.store import open_store
    >>> d = tempfile.mkdtemp()
    >>> with open_store(d):
    ...     pass
    >>> pool = WorkerPool(d, workers=1)
    >>> status, ctype, body, _ = pool.run(query_message("ASK {}"), timeout=10)
    >>> status, json.loads(body)["boolean"]
    (200, True)
    >>> pool.close()
    """

    def __init__(self, path: str, *, workers: int = 2, memory_mb: int = 0) -> None:
        self.path = path
        self.memory_mb = memory_mb
        # spawn, not fork: the server process runs an event loop and threads.
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, workers)):
            self._add()

    def _add(self) -> None:
        w = _Worker(self._ctx, self.path, self.memory_mb)
        with self._lock:
            self._all.add(w)
        self._idle.put(w)

    def run(self, msg: dict[str, Any], timeout: float) -> Reply:
        """Send one message to an idle worker and wait at most ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return text(503, f"all query workers stayed busy for {timeout:g} s; retry later")
        try:
            worker.conn.send(msg)
            remaining = max(0.0, deadline - time.monotonic())
            if worker.conn.poll(remaining):
                answer: Reply = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            pass  # the worker died (e.g. out of memory): replace it below
        else:
            self._replace(worker)
            return text(
                503,
                f"query stopped after the time limit of {timeout:g} s; "
                "narrow it (LIMIT, more specific patterns) or raise kg serve --timeout",
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
        with self._lock:
            self._all.discard(worker)
        if not self._closed:
            self._add()

    def close(self) -> None:
        """Stop every worker process."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()
