"""A SPARQL 1.1 Protocol endpoint over the embedded store (``kg serve``).

Design
------
* **HTTP**: `tornado <https://www.tornadoweb.org/>`_ (already installed with
  Dask distributed) parses and answers HTTP — a maintained server with limits on
  header size, body size and idle/slow connections — so no HTTP is hand-parsed here.
* **Queries run in worker processes**, each holding the store open with
  :meth:`pyoxigraph.Store.read_only`. A pyoxigraph query cannot be cancelled
  from Python, so a query past its deadline is stopped by killing its worker,
  which is then replaced. Read-only opening takes no lock: ``kg build`` can keep
  writing the same store while it is served; a worker re-opens the store (about
  10 ms) when the files on disk have changed, so new articles appear.
* **Results** are capped at ``max_results`` rows (or triples); a capped answer
  carries the header ``X-Geokg-Truncated: true``. The rows are re-serialized
  with pyoxigraph's own writers (JSON, XML, CSV, TSV; Turtle, N-Triples,
  RDF/XML, JSON-LD for CONSTRUCT/DESCRIBE).
* **Read-only by default**: ``/update`` answers 403 unless ``allow_updates``.
  With it, an update opens the store read-write for that update only (and
  fails with 503 while another process, e.g. ``kg build``, holds the lock).

Routes: ``/`` (query page, or a query when ``?query=`` is given), ``/query``
and ``/sparql`` (SPARQL query: GET, POST form, POST ``application/sparql-query``),
``/update`` (SPARQL update, POST).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import multiprocessing
import os
import queue
import resource
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
import tornado.httpserver
import tornado.netutil
import tornado.web

from kg.errors import ConfigError, QueryError, StoreError
from kg.rdf import namespaces
from kg.sparqlguard import check_query, check_update, explain_syntax_error

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "ServeConfig",
    "WorkerPool",
    "allowed_hosts",
    "is_loopback",
    "make_app",
    "negotiate",
    "serve",
]

#: media type -> pyoxigraph format for SELECT/ASK answers (first = default).
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

#: media type -> pyoxigraph format for CONSTRUCT/DESCRIBE answers (first = default).
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}

#: short names accepted by the ``format=`` / ``output=`` parameter.
_SHORT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class ServeConfig:
    """Settings of a ``kg serve`` endpoint.

    Parameters
    ----------
    store : str
        Directory of the embedded store (built by ``kg build``).
    host, port : str, int
        Where to listen; loopback by default. Port 0 picks a free port.
    timeout : float
        Seconds a query (or update) may run before it is stopped (503).
    max_results : int
        Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one answer.
    allow_updates : bool
        Accept SPARQL updates on ``/update`` (refused with 403 otherwise).
    max_request_bytes : int
        Largest request body or query string accepted (413/414 beyond).
    workers : int
        Query worker processes (queries running at the same time).
    union_default_graph : bool
        Queries without ``GRAPH`` see the union of all article graphs, as the
        store keeps every article in its own named graph.
    allow_service : tuple of str
        Endpoints a ``SERVICE`` (or an update's ``LOAD``) may call; any other
        is refused with 400, so the server never sends requests elsewhere.
    allow_hosts : tuple of str
        Host names (besides loopback and ``host``) accepted in the ``Host``
        header; any other is refused with 421 (DNS rebinding).
    worker_memory_mb : int
        Address-space cap of each worker process in MiB (``RLIMIT_AS``; 0 for
        none). A query that needs more fails with 503 and its worker is replaced.
    max_response_bytes : int
        About the largest answer in bytes: rows beyond it are cut like rows
        beyond ``max_results``; a first row already over it is refused (413).

    Examples
    --------
    >>> ServeConfig(store="kg-store").port
    7878
    """

    store: str
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_results: int = 10_000
    allow_updates: bool = False
    max_request_bytes: int = 1_000_000
    workers: int = 2
    union_default_graph: bool = True
    allow_service: tuple[str, ...] = ()
    allow_hosts: tuple[str, ...] = ()
    worker_memory_mb: int = 2048
    max_response_bytes: int = 100_000_000


def is_loopback(host: str) -> bool:
    """True when ``host`` names only the local machine.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1")
    (True, True, True)
    >>> is_loopback("0.0.0.0"), is_loopback("192.168.1.5")
    (False, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """``Host`` header values the endpoint answers: loopback names and ``host``, with the port.

    A web page the user visits can make the browser reach a loopback server by
    pointing its own domain name at 127.0.0.1 (DNS rebinding); the browser then
    sends that domain as ``Host``, which is refused.

    Examples
    --------
    >>> sorted(allowed_hosts("127.0.0.1", 7878))
    ['127.0.0.1:7878', '[::1]:7878', 'localhost:7878']
    >>> "kg.example.org:80" in allowed_hosts("0.0.0.0", 80, ("kg.example.org",))
    True
    """
    names = {"localhost", "127.0.0.1", "[::1]", *extra}
    if host and not _is_wildcard(host):
        names.add(f"[{host}]" if ":" in host else host)
    out = {f"{n.lower()}:{port}" for n in names}
    if port == 80:
        out |= {n.lower() for n in names}
    return frozenset(out)


def _is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("", "0.0.0.0", "::")


def _host_ok(header: str, allowed: frozenset[str], port: int, wildcard: bool) -> bool:
    """True when a ``Host`` header names this server (see :func:`allowed_hosts`).

    When bound to every address (``0.0.0.0``, ``::``) any IP literal with the
    right port is accepted too: an address cannot be a rebound domain name.
    """
    value = header.strip().lower()
    if value in allowed:
        return True
    if not wildcard:
        return False
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        if rest and not rest.startswith(":"):
            return False
        given = rest[1:]
    elif value.count(":") == 1:
        name, _, given = value.partition(":")
    else:
        name, given = value, ""
    if (given or "80") != str(port):
        return False
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def negotiate(accept: str | None, kind: str, fmt: str | None = None) -> str | None:
    """Pick the answer's media type from an ``Accept`` header (or a ``format=`` name).

    Parameters
    ----------
    accept : str or None
        The request's ``Accept`` header.
    kind : {"results", "graph"}
        ``"results"`` for SELECT/ASK, ``"graph"`` for CONSTRUCT/DESCRIBE.
    fmt : str or None
        An explicit short name (``json``, ``csv``, ``turtle`` ...) or media type,
        which wins over ``Accept``.

    Returns
    -------
    str or None
        A key of :data:`RESULT_FORMATS` or :data:`GRAPH_FORMATS`; None when
        nothing acceptable is offered (answer 406).

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "results")
    'application/sparql-results+xml'
    >>> negotiate("text/html,*/*;q=0.8", "graph")
    'text/turtle'
    >>> negotiate(None, "results", fmt="tsv")
    'text/tab-separated-values'
    >>> negotiate("image/png", "results") is None
    True
    """
    table: dict[str, Any] = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    default = next(iter(table))
    if fmt:
        media = _SHORT_FORMATS.get(fmt.strip().lower(), fmt.strip().lower())
        return media if media in table else None
    if not accept or not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media))
    for _, _, media in sorted(ranked):
        if media in table:
            return media
        if media in ("*/*", "*"):
            return default
        if media.endswith("/*"):
            prefix = media[:-1]
            for candidate in table:
                if candidate.startswith(prefix):
                    return candidate
    return None


# --------------------------------------------------------------------------- workers
# Everything from here to WorkerPool runs inside the worker processes too; it
# needs pyoxigraph only.


def _term_json(term: Any) -> dict[str, Any]:
    """One RDF term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    raise TypeError(f"unexpected RDF term {term!r}")


def _store_signature(path: str) -> tuple[tuple[str, int, int], ...]:
    """What changes on disk when someone writes the store (RocksDB files, sizes)."""
    entries = []
    with os.scandir(path) as it:
        for e in it:
            if e.name.startswith("LOG") or e.name == "LOCK":
                continue
            try:
                st = e.stat()
            except FileNotFoundError:  # compaction removed it meanwhile
                continue
            entries.append((e.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(entries))


class _Snapshot:
    """A read-only view of the store, re-opened when the files change."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.store: ox.Store | None = None
        self.signature: tuple[tuple[str, int, int], ...] = ()

    def get(self) -> ox.Store:
        sig = _store_signature(self.path)
        if self.store is None or sig != self.signature:
            self.store = None
            self.store = ox.Store.read_only(self.path)
            self.signature = sig
        return self.store


def _graphs(iris: list[str]) -> list[Any] | None:
    return [ox.NamedNode(i) for i in iris] if iris else None


def _run_query(store: ox.Store, msg: dict[str, Any]) -> tuple[int, str, bytes, dict[str, str]]:
    """Evaluate one query message; returns (status, content type, body, extra headers)."""
    kwargs: dict[str, Any] = {"prefixes": _PREFIXES}
    default_graphs = _graphs(msg["default_graph_uri"])
    named_graphs = _graphs(msg["named_graph_uri"])
    if default_graphs is not None:
        kwargs["default_graph"] = default_graphs
    elif msg["union"]:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs is not None:
        kwargs["named_graphs"] = named_graphs
    result = store.query(msg["query"], **kwargs)

    def pick(kind: str) -> str | None:
        for name in msg["format"]:
            media = negotiate(None, kind, name)
            if media is not None:
                return media
        return negotiate(msg["accept"], kind)

    cap = msg["max_results"]
    max_bytes = msg.get("max_bytes") or 0
    headers: dict[str, str] = {}
    if isinstance(result, ox.QueryBoolean):
        media = pick("results")
        if media is None:
            return _not_acceptable("results")
        body = result.serialize(format=RESULT_FORMATS[media])
        return 200, _content_type(media), body or b"", headers
    if isinstance(result, ox.QuerySolutions):
        media = pick("results")
        if media is None:
            return _not_acceptable("results")
        names = [v.value for v in result.variables]
        rows: list[dict[str, Any]] = []
        size = 0
        for n, solution in enumerate(result):
            if n >= cap:
                headers["X-Geokg-Truncated"] = "true"
                break
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = _term_json(term)
                    size += _term_size(term)
            if max_bytes and size > max_bytes:
                if not rows:
                    return _too_large(max_bytes)
                headers["X-Geokg-Truncated"] = "true"
                break
            rows.append(row)
        doc = json.dumps({"head": {"vars": names}, "results": {"bindings": rows}})
        target = RESULT_FORMATS[media]
        if target == ox.QueryResultsFormat.JSON:
            body = doc.encode()
        else:
            parsed = ox.parse_query_results(doc, ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=target) or b""
        headers["X-Geokg-Rows"] = str(len(rows))
        return 200, _content_type(media), body, headers
    media = pick("graph")
    if media is None:
        return _not_acceptable("graph")
    triples: list[Any] = []
    size = 0
    for n, triple in enumerate(result):
        if n >= cap:
            headers["X-Geokg-Truncated"] = "true"
            break
        size += sum(_term_size(t) for t in (triple.subject, triple.predicate, triple.object))
        if max_bytes and size > max_bytes:
            if not triples:
                return _too_large(max_bytes)
            headers["X-Geokg-Truncated"] = "true"
            break
        triples.append(triple)
    body = ox.serialize(triples, format=GRAPH_FORMATS[media]) or b""
    headers["X-Geokg-Rows"] = str(len(triples))
    return 200, _content_type(media), body, headers


def _term_size(term: Any) -> int:
    """About the bytes one term takes in an answer (its text plus markup)."""
    if isinstance(term, ox.Triple):
        return sum(_term_size(t) for t in (term.subject, term.predicate, term.object))
    size = len(term.value) + 40
    if isinstance(term, ox.Literal):
        size += len(term.datatype.value) if not term.language else len(term.language)
    return size


def _too_large(limit: int) -> tuple[int, str, bytes, dict[str, str]]:
    return _text(
        413,
        f"the answer is larger than the limit of {limit} bytes (its first row alone); "
        "select shorter values (SUBSTR, STRLEN) or raise kg serve --max-response-bytes",
    )


def _content_type(media: str) -> str:
    return media + "; charset=utf-8" if media.startswith("text/") else media


def _not_acceptable(kind: str) -> tuple[int, str, bytes, dict[str, str]]:
    table = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    message = (
        "none of the media types in the Accept header can be produced for this query; "
        f"use one of: {', '.join(table)} (or format=json|xml|csv|tsv|turtle|nt)"
    )
    return 406, "text/plain; charset=utf-8", message.encode(), {}


def _run_update(path: str, msg: dict[str, Any]) -> tuple[int, str, bytes, dict[str, str]]:
    try:
        store = ox.Store(path)
    except OSError as exc:
        return _text(503, f"the store is busy (another process, e.g. kg build, holds it): {exc}")
    try:
        store.update(msg["update"], prefixes=_PREFIXES)
        store.flush()
    finally:
        del store
    return 204, "text/plain; charset=utf-8", b"", {}


def _text(status: int, message: str) -> tuple[int, str, bytes, dict[str, str]]:
    return status, "text/plain; charset=utf-8", message.encode(), {}


#: prefixes predeclared for queries and updates, the same as ``kg query``'s
_PREFIXES = namespaces()
_MIN_WORKER_MB = 768
_MEMORY_MESSAGE = (
    "the query needed more memory than a query worker may use; narrow it (LIMIT, more "
    "specific patterns, shorter values) or raise kg serve --worker-memory"
)


def _limit_memory(megabytes: int) -> None:
    """Cap this process's address space; a query needing more fails instead of swapping."""
    if megabytes <= 0:
        return
    cap = megabytes * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _worker_main(conn: Connection, path: str, memory_mb: int = 0) -> None:
    """Loop of one worker process: receive a message, answer it, until the pipe closes."""
    # The server handles Ctrl-C and stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_mb)
    snapshot = _Snapshot(path)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if msg["kind"] == "update":
                answer = _run_update(path, msg)
            else:
                answer = _run_query(snapshot.get(), msg)
        except SyntaxError as exc:
            text = msg.get("query") or msg.get("update") or ""
            reason = explain_syntax_error(text, _PREFIXES) or str(exc)
            answer = _text(400, f"SPARQL syntax error: {reason}")
        except ValueError as exc:
            answer = _text(400, f"bad request: {exc}")
        except MemoryError:
            answer = _text(503, _MEMORY_MESSAGE)
        except OSError as exc:
            answer = _text(500, f"store error: {exc}")
        except Exception as exc:  # an answer, never a dead worker
            answer = _text(500, f"internal error: {type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, ctx: Any, path: str, memory_mb: int = 0) -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_worker_main,
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
    >>> import tempfile, pyoxigraph
    >>> d = tempfile.mkdtemp()
    >>> pyoxigraph.Store(d).flush()
    >>> pool = WorkerPool(d, workers=1)
    >>> status, ctype, body, _ = pool.run(
    ...     {"kind": "query", "query": "ASK {}", "accept": None, "format": ["json"],
    ...      "default_graph_uri": [], "named_graph_uri": [], "union": True,
    ...      "max_results": 10}, timeout=10)
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

    def run(self, msg: dict[str, Any], timeout: float) -> tuple[int, str, bytes, dict[str, str]]:
        """Send one message to an idle worker and wait at most ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return _text(503, f"all query workers stayed busy for {timeout:g} s; retry later")
        try:
            worker.conn.send(msg)
            remaining = max(0.0, deadline - time.monotonic())
            if worker.conn.poll(remaining):
                answer: tuple[int, str, bytes, dict[str, str]] = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            pass  # the worker died (e.g. out of memory): replace it below
        else:
            self._replace(worker)
            return _text(
                503,
                f"query stopped after the time limit of {timeout:g} s; "
                "narrow it (LIMIT, more specific patterns) or raise kg serve --timeout",
            )
        return self._died(worker)

    def _died(self, worker: _Worker) -> tuple[int, str, bytes, dict[str, str]]:
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
            return _text(503, f"the query worker {how}: {_MEMORY_MESSAGE}")
        return _text(
            500,
            f"the query worker {how} while answering; the query was not completed "
            "(the endpoint goes on). Simplify the query: less nesting, shorter chains, a LIMIT",
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


# --------------------------------------------------------------------------- HTTP

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>geokg SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px system-ui,sans-serif;margin:1.5em auto;max-width:70em;padding:0 1em;color:#222}
textarea{width:100%;height:14em;font:13px ui-monospace,monospace;box-sizing:border-box}
table{border-collapse:collapse;margin-top:1em;font-size:13px}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2} pre{background:#f7f7f7;padding:.8em;overflow:auto}
#status{margin-left:1em;color:#555} .err{color:#b00020;white-space:pre-wrap}
</style></head><body>
<h1>geokg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/query</code> (GET or POST). __MODE__</p>
<form id="f"><textarea id="q" name="query" spellcheck="false">PREFIX geo: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?source ?relation ?target (COUNT(?ev) AS ?evidence) WHERE {
  ?ev geo:source ?s ; geo:target ?t ; geo:relation ?relation ; geo:negated false .
  ?s rdfs:label ?source . ?t rdfs:label ?target .
} GROUP BY ?source ?relation ?target ORDER BY DESC(?evidence) LIMIT 50</textarea>
<p><label>Answer as <select id="fmt">
<option value="table">table</option><option value="json">JSON</option>
<option value="xml">XML</option><option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="turtle">Turtle (CONSTRUCT)</option><option value="nt">N-Triples (CONSTRUCT)</option>
</select></label> <button type="submit">Run query</button><span id="status"></span></p>
</form><div id="out"></div>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const ACCEPT = {
  table: "application/sparql-results+json, text/turtle;q=0.9",
  json: "application/sparql-results+json", xml: "application/sparql-results+xml",
  csv: "text/csv", tsv: "text/tab-separated-values",
  turtle: "text/turtle", nt: "application/n-triples",
};
function cell(t) {
  if (!t) return "";
  if (t.type === "literal") return t.value + (t["xml:lang"] ? "@" + t["xml:lang"] : "");
  if (t.type === "triple") {
    const v = t.value;
    return "<< " + [v.subject, v.predicate, v.object].map(cell).join(" ") + " >>";
  }
  return t.type === "bnode" ? "_:" + t.value : t.value;
}
function el(tag, text) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}
function fail(status, text) {
  $("status").textContent = status;
  const p = el("p", text);
  p.className = "err";
  $("out").append(p);
}
$("f").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const fmt = $("fmt").value, out = $("out");
  out.replaceChildren();
  $("status").textContent = "running…";
  const t0 = performance.now();
  try {
    const r = await fetch("query", {
      method: "POST", body: $("q").value,
      headers: {"Content-Type": "application/sparql-query", "Accept": ACCEPT[fmt]},
    });
    const text = await r.text();
    const ms = Math.round(performance.now() - t0) + " ms";
    if (!r.ok) { fail(r.status + " " + r.statusText, text); return; }
    const cut = r.headers.get("X-Geokg-Truncated") ? " (cut at the result cap)" : "";
    const ctype = r.headers.get("Content-Type") || "";
    if (fmt !== "table" || !ctype.startsWith("application/sparql-results+json")) {
      $("status").textContent = ms + cut;
      out.append(el("pre", text));
      return;
    }
    const data = JSON.parse(text);
    if ("boolean" in data) {
      $("status").textContent = ms;
      out.append(el("p", "ASK: " + data.boolean));
      return;
    }
    const table = el("table"), head = el("tr");
    data.head.vars.forEach((v) => head.append(el("th", "?" + v)));
    table.append(head);
    for (const row of data.results.bindings) {
      const tr = el("tr");
      data.head.vars.forEach((v) => tr.append(el("td", cell(row[v]))));
      table.append(tr);
    }
    $("status").textContent = data.results.bindings.length + " rows, " + ms + cut;
    out.append(table);
  } catch (e) { fail("failed", String(e)); }
});
</script></body></html>
"""


class _Base(tornado.web.RequestHandler):
    """Shared parts: limits, plain-text errors, body collection with a size cap."""

    def initialize(
        self,
        config: ServeConfig,
        pool: WorkerPool,
        executor: ThreadPoolExecutor,
        hosts: frozenset[str],
        port: int,
    ) -> None:
        self.config = config
        self.pool = pool
        self.executor = executor
        self.hosts = hosts
        self.port = port
        self._chunks: list[bytes] = []
        self._size = 0

    def compute_etag(self) -> str | None:
        return None  # answers change as the store grows; hashing big answers is waste

    def set_default_headers(self) -> None:
        self.set_header("Server", "geokg")
        self.set_header("X-Content-Type-Options", "nosniff")

    def check_host(self) -> None:
        """Refuse a ``Host`` header that is not a name this server is bound to (421)."""
        header = self.request.headers.get("Host")
        if header is None:  # HTTP/1.0 without Host: not a browser
            return
        if not _host_ok(header, self.hosts, self.port, _is_wildcard(self.config.host)):
            message = (
                f"this server does not answer for the host name {header[:100]!r}; "
                f"use http://127.0.0.1:{self.port}/ (or start kg serve with --allow-host NAME)"
            )
            raise tornado.web.HTTPError(421, "%s", message, reason="Misdirected Request")

    async def guard(self, text: str, *, update: bool = False) -> None:
        """Refuse SERVICE/LOAD and over-deep queries before a worker sees them (400)."""
        check = check_update if update else check_query
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(
                self.executor,
                lambda: check(text, allow_service=self.config.allow_service, prefixes=_PREFIXES),
            )
        except QueryError as exc:
            raise tornado.web.HTTPError(400, "%s", str(exc)) from None

    def prepare(self) -> None:
        self.check_host()
        limit = self.config.max_request_bytes
        if len(self.request.uri or "") > limit:
            raise tornado.web.HTTPError(
                414, reason="URI Too Long", log_message=f"request URI over {limit} bytes"
            )
        length = self.request.headers.get("Content-Length")
        # A body over the limit (but not absurdly so) is read and dropped before
        # answering 413: closing mid-upload makes clients see a reset, not the 413.
        drain = max(16 * 2**20, 4 * limit)
        allowed = limit + 1  # one byte over the cap so data_received can tell itself
        if length is None:
            # A chunked body announces no size: read (and drop) up to more of it.
            drain = allowed = max(256 * 2**20, 4 * limit)
        else:
            try:
                n = int(length)
            except ValueError:
                raise tornado.web.HTTPError(400, reason="Bad Content-Length") from None
            if n > drain:
                raise tornado.web.HTTPError(413, reason="Request Entity Too Large")
            allowed = max(allowed, n)
        connection = self.request.connection
        if connection is not None and hasattr(connection, "set_max_body_size"):
            connection.set_max_body_size(min(allowed, drain))

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self.config.max_request_bytes:
            self._chunks.clear()  # keep reading (and dropping) until the 413
            return
        self._chunks.append(chunk)

    def check_size(self) -> None:
        """Answer 413 when the body was over the limit (called before using it)."""
        if self._size > self.config.max_request_bytes:
            raise tornado.web.HTTPError(413, reason="Request Entity Too Large")

    @property
    def body(self) -> bytes:
        return b"".join(self._chunks)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        messages = {
            404: "no such resource; the SPARQL endpoint is /query (updates: /update)",
            405: f"method {self.request.method} is not allowed here; use GET or POST",
            413: f"request body over the limit of {self.config.max_request_bytes} bytes "
            "(kg serve --max-request-bytes)",
            414: f"request URI over the limit of {self.config.max_request_bytes} bytes; "
            "send long queries with POST",
        }
        exc = kwargs.get("exc_info", (None, None, None))[1]
        message = None
        if isinstance(exc, tornado.web.HTTPError) and exc.log_message:
            message = exc.log_message % exc.args if exc.args else exc.log_message
        if message is None:
            message = messages.get(status_code, self._reason)
        self.finish(message + "\n")

    def params(self) -> dict[str, list[str]]:
        """URL parameters, plus form fields of a form-encoded POST body (UTF-8 only)."""
        out: dict[str, list[str]] = {}
        sources = [self.request.query]
        ctype = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if self.request.method == "POST" and ctype == "application/x-www-form-urlencoded":
            try:
                sources.append(self.body.decode("utf-8"))
            except UnicodeDecodeError:
                raise tornado.web.HTTPError(
                    400, log_message="the form body is not valid UTF-8"
                ) from None
        for src in sources:
            try:
                parsed = parse_qs(
                    src, keep_blank_values=True, strict_parsing=False, errors="strict"
                )
            except UnicodeDecodeError:
                raise tornado.web.HTTPError(
                    400, log_message="a parameter is not valid percent-encoded UTF-8"
                ) from None
            for k, v in parsed.items():
                out.setdefault(k, []).extend(v)
        return out

    def body_text(self) -> str:
        try:
            return self.body.decode("utf-8")
        except UnicodeDecodeError:
            raise tornado.web.HTTPError(400, log_message="the body is not valid UTF-8") from None

    async def answer(self, msg: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        status, ctype, body, headers = await loop.run_in_executor(
            self.executor, self.pool.run, msg, self.config.timeout
        )
        self.set_status(status)
        if status != 204:
            self.set_header("Content-Type", ctype)
        for k, v in headers.items():
            self.set_header(k, v)
        if body and status != 204:
            self.write(body)
        await self.finish()


def _one(params: dict[str, list[str]], name: str) -> str | None:
    # some clients (SPARQLWrapper) repeat format= with the same value: harmless
    values = list(dict.fromkeys(params.get(name, [])))
    if len(values) > 1:
        raise tornado.web.HTTPError(
            400, log_message=f"give the '{name}' parameter once, not {len(values)} times"
        )
    return values[0] if values else None


@tornado.web.stream_request_body
class _QueryHandler(_Base):
    SUPPORTED_METHODS = ("GET", "POST")

    async def get(self) -> None:
        self.check_size()
        params = self.params()
        if self.request.path == "/" and "query" not in params:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            mode = (
                "Updates are enabled at <code>/update</code>."
                if self.config.allow_updates
                else "Read-only."
            )
            mode += (
                f" Time limit {self.config.timeout:g} s, at most "
                f"{self.config.max_results} results per query."
            )
            await self.finish(_PAGE.replace("__MODE__", mode))
            return
        await self._query(params, _one(params, "query"))

    async def post(self) -> None:
        self.check_size()
        ctype = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = self.params()
        if ctype == "application/sparql-query":
            if "query" in params:
                raise tornado.web.HTTPError(
                    400, log_message="give the query in the body or as query=, not both"
                )
            await self._query(params, self.body_text())
        elif ctype == "application/x-www-form-urlencoded":
            if "update" in params:
                self._refuse_update()
            await self._query(params, _one(params, "query"))
        elif ctype == "application/sparql-update":
            self._refuse_update()
        else:
            raise tornado.web.HTTPError(
                415,
                log_message=f"unsupported Content-Type '{ctype or '(none)'}'; send "
                "application/sparql-query or application/x-www-form-urlencoded (query=...)",
            )

    def _refuse_update(self) -> None:
        if self.config.allow_updates:
            raise tornado.web.HTTPError(400, log_message="send SPARQL updates to /update")
        raise tornado.web.HTTPError(
            403,
            log_message="this endpoint is read-only; SPARQL updates are refused "
            "(start kg serve with --allow-updates to accept them at /update)",
        )

    async def _query(self, params: dict[str, list[str]], query: str | None) -> None:
        if query is None or not query.strip():
            raise tornado.web.HTTPError(
                400, log_message="missing the 'query' parameter (e.g. /query?query=ASK%7B%7D)"
            )
        # format=/output= (Fuseki style) win over Accept; unknown values fall back to it
        fmt = params.get("format", []) + params.get("output", [])
        msg = {
            "kind": "query",
            "query": query,
            "accept": self.request.headers.get("Accept"),
            "format": fmt,
            "default_graph_uri": params.get("default-graph-uri", []),
            "named_graph_uri": params.get("named-graph-uri", []),
            "union": self.config.union_default_graph,
            "max_results": self.config.max_results,
            "max_bytes": self.config.max_response_bytes,
        }
        await self.guard(query)
        await self.answer(msg)


@tornado.web.stream_request_body
class _UpdateHandler(_Base):
    SUPPORTED_METHODS = ("POST",)

    async def post(self) -> None:
        self.check_size()
        if not self.config.allow_updates:
            raise tornado.web.HTTPError(
                403,
                log_message="this endpoint is read-only; SPARQL updates are refused "
                "(start kg serve with --allow-updates to accept them)",
            )
        ctype = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        update: str | None
        if ctype == "application/sparql-update":
            update = self.body_text()
        elif ctype == "application/x-www-form-urlencoded":
            update = _one(self.params(), "update")
        else:
            raise tornado.web.HTTPError(
                415, log_message="send application/sparql-update or a form with update=..."
            )
        if not update or not update.strip():
            raise tornado.web.HTTPError(400, log_message="missing the 'update' parameter")
        await self.guard(update, update=True)
        await self.answer({"kind": "update", "update": update})


class _GraphStoreHandler(_Base):
    """``/store``: the Graph Store Protocol's writes are refused (the endpoint is read-only)."""

    SUPPORTED_METHODS = ("GET", "PUT", "POST", "DELETE")

    def prepare(self) -> None:
        super().prepare()
        if self.request.method == "GET":
            raise tornado.web.HTTPError(
                404,
                log_message="this endpoint offers SPARQL queries at /query, not graph GETs; "
                "use CONSTRUCT WHERE { GRAPH <g> { ?s ?p ?o } }",
            )
        raise tornado.web.HTTPError(
            403,
            log_message="this endpoint is read-only: Graph Store Protocol writes are refused; "
            "write with kg build --store DIR, or load into a writable server",
        )


class _NotFound(_Base):
    def prepare(self) -> None:
        self.check_host()
        raise tornado.web.HTTPError(404)


def make_app(
    config: ServeConfig, pool: WorkerPool, executor: ThreadPoolExecutor, *, port: int | None = None
) -> tornado.web.Application:
    """The tornado application of the endpoint (routes described in the module docs).

    ``port`` is the port actually bound (when ``config.port`` is 0), for the
    ``Host`` check.
    """
    bound = config.port if port is None else port
    kw = {
        "config": config,
        "pool": pool,
        "executor": executor,
        "hosts": allowed_hosts(config.host, bound, config.allow_hosts),
        "port": bound,
    }
    return tornado.web.Application(
        [
            (r"/", _QueryHandler, kw),
            (r"/(?:query|sparql)", _QueryHandler, kw),
            (r"/update", _UpdateHandler, kw),
            (r"/store", _GraphStoreHandler, kw),
        ],
        default_handler_class=_NotFound,
        default_handler_args=kw,
        compress_response=False,
        log_function=_access_log,
    )


def _access_log(handler: tornado.web.RequestHandler) -> None:
    """One short line per refused or failed request; never the query text (it can be huge)."""
    status = handler.get_status()
    if status < 400:
        return
    ms = 1000.0 * handler.request.request_time()
    path = (handler.request.path or "")[:100]
    print(
        f"kg serve: {status} {handler.request.method} {path} ({ms:.0f} ms)",
        file=sys.stderr,
        flush=True,
    )


def _check_store(path: str) -> None:
    p = Path(path)
    if not p.is_dir():
        raise StoreError(
            f"no store at '{path}'; build one first (kg build examples/articles --store {path}) "
            "or pass --store DIR"
        )
    try:
        ox.Store.read_only(path)
    except OSError as exc:
        raise StoreError(
            f"'{path}' is not a readable geokg store ({exc}); pass --store DIR"
        ) from exc


def serve(
    config: ServeConfig,
    *,
    on_ready: Callable[[str], None] | None = None,
    log: Callable[[str], None] | None = None,
) -> None:
    """Serve ``config.store`` until SIGINT/SIGTERM.

    Parameters
    ----------
    config : ServeConfig
        Where and how to serve.
    on_ready : callable, optional
        Called with the endpoint URL once the server listens.
    log : callable, optional
        Where warnings go (standard error by default).

    Raises
    ------
    StoreError
        When the store directory is missing or unreadable.
    ConfigError
        When a limit is not positive or the address cannot be bound.
    """
    say = log or (lambda m: print(m, file=sys.stderr, flush=True))
    for name in ("timeout", "max_results", "max_request_bytes", "workers", "max_response_bytes"):
        if getattr(config, name) <= 0:
            raise ConfigError(
                f"--{name.replace('_', '-')} must be positive, got {getattr(config, name)}"
            )
    if config.worker_memory_mb != 0 and config.worker_memory_mb < _MIN_WORKER_MB:
        raise ConfigError(
            f"--worker-memory must be 0 (no cap) or at least {_MIN_WORKER_MB} (MiB): a worker "
            f"with the store open already takes about 500 MiB of address space; got "
            f"{config.worker_memory_mb}"
        )
    _check_store(config.store)
    if not is_loopback(config.host):
        say(
            "WARNING: kg serve is listening on a non-loopback address "
            f"({config.host}): anyone who can reach this machine can query the store"
            + (" AND CHANGE IT (--allow-updates)" if config.allow_updates else "")
            + ". Use --host 127.0.0.1 unless you mean it."
        )
    try:
        sockets = tornado.netutil.bind_sockets(config.port, config.host, family=socket.AF_UNSPEC)
    except (OSError, socket.gaierror) as exc:
        raise ConfigError(
            f"cannot listen on {config.host}:{config.port} ({exc}); choose another --port or --host"
        ) from exc
    pool = WorkerPool(config.store, workers=config.workers, memory_mb=config.worker_memory_mb)
    executor = ThreadPoolExecutor(max_workers=config.workers * 4, thread_name_prefix="geokg-serve")
    port = sockets[0].getsockname()[1]
    host = f"[{config.host}]" if ":" in config.host else config.host
    url = f"http://{host}:{port}/query"

    async def main() -> None:
        # the server must be created inside the running loop (tornado binds to it)
        server = tornado.httpserver.HTTPServer(
            make_app(config, pool, executor, port=port),
            max_body_size=config.max_request_bytes + 1,
            max_header_size=max(65536, 2 * config.max_request_bytes + 16384),
            idle_connection_timeout=60,
            body_timeout=60,
            xheaders=False,
        )
        server.add_sockets(sockets)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        if on_ready:
            on_ready(url)
        await stop.wait()
        server.stop()

    try:
        asyncio.run(main())
    finally:
        pool.close()
        executor.shutdown(wait=False, cancel_futures=True)
