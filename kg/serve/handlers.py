"""The HTTP side of ``kg serve``: tornado handlers for queries, updates and refusals.

Every handler checks the ``Host`` header (DNS rebinding), caps the request
size (413/414), and checks SPARQL text with :mod:`kg.sparqlguard` before a
worker sees it (400). Errors are short plain-text messages.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs

import tornado.web

from kg.errors import QueryError
from kg.rdf import namespaces
from kg.serve.config import ServeConfig, host_ok, is_wildcard
from kg.serve.cost import Cost, estimate
from kg.serve.page import PAGE
from kg.serve.pool import WorkerPool
from kg.serve.worker import query_message
from kg.sparqlguard import check_query, check_update

__all__ = ["GraphStoreHandler", "HeavyClients", "NotFoundHandler", "QueryHandler", "UpdateHandler"]

#: prefixes predeclared for queries and updates (to resolve ``SERVICE ex:x``)
_PREFIXES = namespaces()


class HeavyClients:
    """How many heavy queries each client address has running or waiting (for 429).

    Examples
    --------
    >>> clients = HeavyClients(limit=1)
    >>> clients.take("127.0.0.1"), clients.take("127.0.0.1"), clients.take("::1")
    (True, False, True)
    >>> clients.give("127.0.0.1"); clients.take("127.0.0.1")
    True
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._count: dict[str, int] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> bool:
        with self._lock:
            n = self._count.get(client, 0)
            if n >= self.limit:
                return False
            self._count[client] = n + 1
            return True

    def give(self, client: str) -> None:
        with self._lock:
            n = self._count.get(client, 0) - 1
            if n > 0:
                self._count[client] = n
            else:
                self._count.pop(client, None)


class _Base(tornado.web.RequestHandler):
    """Shared parts: limits, plain-text errors, body collection with a size cap."""

    def initialize(
        self,
        config: ServeConfig,
        pool: WorkerPool,
        executor: ThreadPoolExecutor,
        hosts: frozenset[str],
        port: int,
        clients: HeavyClients,
        heavy_executor: ThreadPoolExecutor,
    ) -> None:
        self.config = config
        self.clients = clients
        self.heavy_executor = heavy_executor
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
        if not host_ok(header, self.hosts, self.port, is_wildcard(self.config.host)):
            message = (
                f"this server does not answer for the host name {header[:100]!r}; "
                f"use http://127.0.0.1:{self.port}/ (or start kg serve with --allow-host NAME)"
            )
            raise tornado.web.HTTPError(421, "%s", message, reason="Misdirected Request")

    async def guard(self, text: str, *, update: bool = False) -> Cost:
        """Refuse SERVICE/LOAD and oversized queries before a worker sees them (400).

        Returns the query's cost estimate (:func:`kg.serve.cost.estimate`).
        """
        check = check_update if update else check_query

        def work() -> Cost:
            check(text, allow_service=self.config.allow_service, prefixes=_PREFIXES)
            return Cost(heavy=False, bounded=True) if update else estimate(text)

        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.executor, work)
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

    async def answer(self, msg: dict[str, Any], cost: Cost | None = None) -> None:
        """Run a message on a worker: a heavy query in the heavy lane, within its limits."""
        loop = asyncio.get_running_loop()
        timeout, advice = self.config.timeout, ""
        heavy = cost is not None and cost.heavy
        client = self.request.remote_ip or ""
        if cost is not None and cost.heavy:
            if not cost.bounded and self.config.unbounded_timeout < timeout:
                timeout = self.config.unbounded_timeout
                advice = (
                    f"that is the limit of a heavy query without LIMIT ({cost.reason}); add a "
                    "LIMIT, narrow it, or raise kg serve --unbounded-timeout"
                )
            if not self.clients.take(client):
                self.set_header("Retry-After", "5")
                raise tornado.web.HTTPError(
                    429,
                    log_message=f"this client already has {self.clients.limit} heavy queries "
                    f"running or waiting (this one has {cost.reason}); wait for them, or add a "
                    "LIMIT and more specific patterns (kg serve --heavy-per-client)",
                    reason="Too Many Requests",
                )
        try:
            status, ctype, body, headers = await loop.run_in_executor(
                self.heavy_executor if heavy else self.executor,
                lambda: self.pool.run(msg, timeout, heavy=heavy, advice=advice),
            )
        finally:
            if heavy:
                self.clients.give(client)
        if cost is not None:
            self.set_header("X-Geokg-Cost", "heavy" if heavy else "cheap")
        self.set_status(status)
        if status != 204:
            self.set_header("Content-Type", ctype)
        for k, v in headers.items():
            self.set_header(k, v)
        if body and status != 204:
            self.write(body)
        await self.finish()


def _limits(c: ServeConfig) -> str:
    """The limits a client can hit, for the query page."""
    return (
        f" Time limit {c.timeout:g} s, at most {c.max_results} results per query "
        f"(and {c.max_response_bytes} bytes per answer). Heavy queries (a cross product, a "
        "transitive path + or *, more than 16 triple patterns) run on their own workers, "
        f"at most {c.heavy_per_client} at once per client (429 beyond), and within "
        f"{min(c.timeout, c.unbounded_timeout):g} s without a LIMIT. Refused before running "
        "(400): over 200 triple patterns, 1,000 AS expressions, 1,000 operators, brackets "
        "100 deep, or 1,000,000 characters."
    )


def _one(params: dict[str, list[str]], name: str) -> str | None:
    # some clients (SPARQLWrapper) repeat format= with the same value: harmless
    values = list(dict.fromkeys(params.get(name, [])))
    if len(values) > 1:
        raise tornado.web.HTTPError(
            400, log_message=f"give the '{name}' parameter once, not {len(values)} times"
        )
    return values[0] if values else None


@tornado.web.stream_request_body
class QueryHandler(_Base):
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
            mode += _limits(self.config)
            await self.finish(PAGE.replace("__MODE__", mode))
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
        msg = query_message(
            query,
            accept=self.request.headers.get("Accept"),
            formats=fmt,
            max_results=self.config.max_results,
            max_bytes=self.config.max_response_bytes,
            default_graphs=params.get("default-graph-uri", []),
            named_graphs=params.get("named-graph-uri", []),
            union=self.config.union_default_graph,
        )
        cost = await self.guard(query)
        await self.answer(msg, cost)


@tornado.web.stream_request_body
class UpdateHandler(_Base):
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


class GraphStoreHandler(_Base):
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


class NotFoundHandler(_Base):
    def prepare(self) -> None:
        self.check_host()
        raise tornado.web.HTTPError(404)
