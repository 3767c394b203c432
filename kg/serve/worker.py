"""What a query worker process does: answer query and update messages from its pipe.

A worker holds the store open read-only through :func:`kg.store.open_store`
(no lock: ``kg build`` may write meanwhile; ``refresh()`` before each query
shows new articles), with an address-space cap, and turns every outcome
(answer, bad query, store error, memory exhausted) into an HTTP answer tuple
``(status, content type, body, extra headers)``. A query the engine cannot
survive kills the process; :class:`kg.serve.pool.WorkerPool` then reports it
and starts another.
"""

from __future__ import annotations

import resource
import signal
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import QueryError, StoreError
from kg.rdf import namespaces
from kg.serve.negotiation import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    content_type,
    not_acceptable_message,
    pick,
)
from kg.sparqlguard import explain_syntax_error
from kg.store import Store, open_store

__all__ = ["MEMORY_MESSAGE", "MIN_WORKER_MB", "Reply", "query_message", "text", "worker_main"]

#: an HTTP answer: status, content type, body, extra headers
Reply = tuple[int, str, bytes, dict[str, str]]

#: the smallest address-space cap a worker can start with (the open store takes ~500 MiB)
MIN_WORKER_MB = 768
MEMORY_MESSAGE = (
    "the query needed more memory than a query worker may use; narrow it (LIMIT, more "
    "specific patterns, shorter values) or raise kg serve --worker-memory"
)
#: prefixes predeclared for queries and updates, the same as ``kg query``'s
_PREFIXES = namespaces()


def text(status: int, message: str) -> Reply:
    """A plain-text answer.

    Examples
    --------
    >>> text(404, "no such page")
    (404, 'text/plain; charset=utf-8', b'no such page', {})
    """
    return status, "text/plain; charset=utf-8", message.encode(), {}


def query_message(
    query: str,
    *,
    accept: str | None = None,
    formats: list[str] | None = None,
    max_results: int = 10_000,
    max_bytes: int | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    union: bool = True,
) -> dict[str, Any]:
    """The message a worker answers for one query (formats negotiated here, in the server).

    Parameters
    ----------
    query : str
        The SPARQL query.
    accept : str, optional
        The request's ``Accept`` header.
    formats : list of str, optional
        ``format=`` / ``output=`` values, which win over ``Accept``.
    max_results, max_bytes : int
        Caps of the answer in rows and (about) bytes.
    default_graphs, named_graphs : list of str, optional
        The SPARQL Protocol's ``default-graph-uri`` / ``named-graph-uri``.
    union : bool
        Without default graphs, the default graph is the union of all graphs.

    Examples
    --------
    >>> m = query_message("ASK {}", accept="text/csv")
    >>> m["result_format"], m["result_media"], m["graph_format"]
    ('csv', 'text/csv', None)
    """
    names = formats or []
    result_media = pick(accept, "results", names)
    graph_media = pick(accept, "graph", names)
    return {
        "kind": "query",
        "query": query,
        "result_media": result_media,
        "graph_media": graph_media,
        "result_format": RESULT_FORMATS[result_media] if result_media else None,
        "graph_format": GRAPH_FORMATS[graph_media] if graph_media else None,
        "default_graph_uri": default_graphs or [],
        "named_graph_uri": named_graphs or [],
        "union": union,
        "max_results": max_results,
        "max_bytes": max_bytes,
    }


def _answer_query(store: Any, msg: dict[str, Any]) -> Reply:
    store.refresh()  # see articles written since the last query

    def run(max_rows: int) -> Any:
        return store.answer(
            msg["query"],
            result_format=msg["result_format"],
            graph_format=msg["graph_format"],
            max_rows=max_rows,
            default_graphs=msg["default_graph_uri"],
            named_graphs=msg["named_graph_uri"],
            union=msg["union"],
        )

    answer = run(msg["max_results"])
    kind = "graph" if answer.kind == "graph" else "results"
    if not answer.acceptable:
        return text(406, not_acceptable_message(kind))
    truncated = answer.truncated
    max_bytes = msg.get("max_bytes")
    while max_bytes and len(answer.body) > max_bytes:
        if answer.rows <= 1:
            return text(
                413,
                f"the answer is larger than the limit of {max_bytes} bytes (its first row "
                "alone); select shorter values (SUBSTR, STRLEN) or raise kg serve "
                "--max-response-bytes",
            )
        # Rarely needed (answers over ~100 MB): run again for the rows that fit.
        answer = run(max(1, min(answer.rows - 1, answer.rows * max_bytes // len(answer.body))))
        truncated = True
    media = msg["graph_media"] if kind == "graph" else msg["result_media"]
    headers = {"X-Geokg-Rows": str(answer.rows)} if answer.kind != "ask" else {}
    if truncated:
        headers["X-Geokg-Truncated"] = "true"
    return 200, content_type(media), answer.body, headers


def _answer_update(path: str, msg: dict[str, Any]) -> Reply:
    try:
        store = open_store(path)
    except StoreError as exc:
        return text(503, f"the store is busy (another process, e.g. kg build, holds it): {exc}")
    with store:
        store.update(msg["update"])
    return 204, "text/plain; charset=utf-8", b"", {}


def _limit_memory(megabytes: int) -> None:
    """Cap this process's address space; a query needing more fails instead of swapping."""
    if megabytes <= 0:
        return
    cap = megabytes * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _reply(store: Store | None, path: str, msg: dict[str, Any]) -> Reply:
    """The answer to one message; every failure of the query becomes an HTTP error."""
    try:
        if msg["kind"] == "update":
            return _answer_update(path, msg)
        if store is None:
            store = open_store(path, read_only=True)
        return _answer_query(store, msg)
    except QueryError as exc:
        reason = str(exc)
        if reason.startswith("SPARQL syntax error"):
            query = msg.get("query") or msg.get("update") or ""
            better = explain_syntax_error(query, _PREFIXES)
            reason = f"SPARQL syntax error: {better}" if better else reason
        return text(400, reason)
    except StoreError as exc:
        return text(500, f"store error: {exc}")
    except MemoryError:
        return text(503, MEMORY_MESSAGE)
    except Exception as exc:  # an answer, never a dead worker
        return text(500, f"internal error: {type(exc).__name__}: {exc}")


def worker_main(conn: Connection, path: str, memory_mb: int = 0) -> None:
    """Loop of one worker process: receive a message, answer it, until the pipe closes."""
    # The server handles Ctrl-C and stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_mb)
    store: Store | None = None
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if store is None and msg["kind"] == "query":
            try:
                store = open_store(path, read_only=True)
            except StoreError:
                store = None  # _reply reports it
        try:
            conn.send(_reply(store, path, msg))
        except (BrokenPipeError, OSError):
            return
