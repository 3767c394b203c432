"""The ``kg serve`` application: routes, startup checks, the event loop."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import tornado.httpserver
import tornado.netutil
import tornado.web

from kg.errors import ConfigError, StoreError
from kg.serve.config import ServeConfig, allowed_hosts, is_loopback
from kg.serve.handlers import (
    GraphStoreHandler,
    HeavyClients,
    NotFoundHandler,
    QueryHandler,
    UpdateHandler,
)
from kg.serve.pool import WorkerPool
from kg.serve.worker import MIN_WORKER_MB

__all__ = ["make_app", "serve"]


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
        "clients": HeavyClients(config.heavy_per_client),
        # heavy queries wait for a heavy worker in threads of their own, so however
        # many wait, the threads cheap queries need stay free
        "heavy_executor": ThreadPoolExecutor(
            max_workers=4 * config.workers + 4, thread_name_prefix="geokg-heavy"
        ),
    }
    return tornado.web.Application(
        [
            (r"/", QueryHandler, kw),
            (r"/(?:query|sparql)", QueryHandler, kw),
            (r"/update", UpdateHandler, kw),
            (r"/store", GraphStoreHandler, kw),
        ],
        default_handler_class=NotFoundHandler,
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
    from kg.store import open_store

    try:  # a missing store, a file, a folder of other files: the words of every command
        with open_store(path, read_only=True):
            pass
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
    positive = ("timeout", "max_results", "max_request_bytes", "workers", "max_response_bytes")
    for name in (*positive, "cheap_seconds", "heavy_per_client", "unbounded_timeout"):
        if getattr(config, name) <= 0:
            raise ConfigError(
                f"--{name.replace('_', '-')} must be positive, got {getattr(config, name)}"
            )
    if config.cheap_workers < 0:
        raise ConfigError(f"--cheap-workers must be 0 or more, got {config.cheap_workers}")
    if config.worker_memory_mb != 0 and config.worker_memory_mb < MIN_WORKER_MB:
        raise ConfigError(
            f"--worker-memory must be 0 (no cap) or at least {MIN_WORKER_MB} (MiB): a worker "
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
    pool = WorkerPool(
        config.store,
        workers=config.workers,
        memory_mb=config.worker_memory_mb,
        cheap_workers=config.cheap_workers,
        cheap_seconds=config.cheap_seconds,
    )
    # Announce the endpoint once every worker has started and opened the store
    # (about a second), so the first queries do not wait for them.
    pool.warm(max(60.0, config.timeout))
    # threads wait for workers: enough that waiting heavy queries leave some to cheap ones
    threads = 4 * (config.workers + config.cheap_workers) + 16
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="geokg-serve")
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
