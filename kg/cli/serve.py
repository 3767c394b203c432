"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import click

from kg.cli._common import echo_err, guarded, store_option
from kg.errors import ConfigError

__all__ = ["serve"]


@click.command(name="serve")
@store_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback unless you mean it).",
)
@click.option(
    "--port", default=7878, show_default=True, type=int, help="Port (0 picks a free one)."
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=float,
    metavar="SECONDS",
    help="Time limit of one query; longer ones are stopped (503).",
)
@click.option(
    "--max-results",
    default=10_000,
    show_default=True,
    type=int,
    metavar="N",
    help="Most rows or triples in one answer (the rest is cut, header X-Geokg-Truncated).",
)
@click.option(
    "--allow-updates",
    is_flag=True,
    help="Accept SPARQL updates at /update (refused with 403 otherwise).",
)
@click.option(
    "--max-request-bytes",
    default=1_000_000,
    show_default=True,
    type=int,
    metavar="N",
    help="Largest request body or URI (413/414 beyond).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=int,
    help="Query worker processes (queries answered at the same time).",
)
@click.option(
    "--union-default-graph/--no-union-default-graph",
    default=True,
    show_default=True,
    help="Queries without GRAPH see all article graphs together.",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="URL",
    help="An endpoint SPARQL SERVICE (and LOAD) may call; repeatable. "
    "Without it every SERVICE is refused (400): the server sends no requests elsewhere.",
)
@click.option(
    "--allow-host",
    "allow_host",
    multiple=True,
    metavar="NAME",
    help="A host name clients may use in the Host header besides loopback and --host "
    "(others get 421, against DNS rebinding); repeatable.",
)
@click.option(
    "--worker-memory",
    "worker_memory",
    default=2048,
    show_default=True,
    type=int,
    metavar="MIB",
    help="Address-space cap of each query worker (0: none); a query needing more gets 503.",
)
@click.option(
    "--max-response-bytes",
    default=100_000_000,
    show_default=True,
    type=int,
    metavar="N",
    help="Largest answer in bytes; rows beyond it are cut (X-Geokg-Truncated), "
    "a single larger row gets 413.",
)
@click.option(
    "--cheap-workers",
    default=1,
    show_default=True,
    type=int,
    help="Worker processes reserved for cheap queries, besides --workers: heavy queries "
    "(a cross product, a transitive path + or *, or more than 16 triple patterns) never "
    "take them, so small queries keep being answered while heavy ones run.",
)
@click.option(
    "--heavy-per-client",
    default=2,
    show_default=True,
    type=int,
    metavar="N",
    help="Heavy queries one client address may have running or waiting; more get 429.",
)
@click.option(
    "--unbounded-timeout",
    default=10.0,
    show_default=True,
    type=float,
    metavar="SECONDS",
    help="Time limit of a heavy query without LIMIT (503 beyond; at most --timeout).",
)
@guarded
def serve(
    store: str,
    host: str,
    port: int,
    timeout: float,
    max_results: int,
    allow_updates: bool,
    max_request_bytes: int,
    workers: int,
    union_default_graph: bool,
    allow_service: tuple[str, ...],
    allow_host: tuple[str, ...],
    worker_memory: int,
    max_response_bytes: int,
    cheap_workers: int,
    heavy_per_client: int,
    unbounded_timeout: float,
) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint (query page at /).

    Read-only by default; each query has a time limit and a result cap;
    SERVICE (federation) is refused unless its endpoint is allowed.
    The store is opened read-only, so `kg build` can keep adding articles
    while it is served.

    \b
    Limits a client can hit:
      400  longer than 1,000,000 characters, brackets nested over 100 deep,
           over 1,000 groups and operators, over 200 triple patterns or
           over 1,000 AS expressions (checked before the engine sees it);
           SERVICE/LOAD to an endpoint not allowed
      413  request over --max-request-bytes (414 for the URI); a single
           answer row over --max-response-bytes
      421  a Host header naming another server (--allow-host NAME)
      429  more than --heavy-per-client heavy queries from one address
      503  over --timeout (heavy queries without LIMIT: --unbounded-timeout);
           over --worker-memory; no worker free within the time limit
      rows beyond --max-results or --max-response-bytes are cut
           (header X-Geokg-Truncated: true)
    Each answer says X-Geokg-Cost: heavy or cheap. Heavy queries run on the
    --workers lane only; --cheap-workers more serve cheap ones (a cheap-looking
    query still running after 2 s frees its reserved worker for the others).

    \b
    Example:
      kg serve --store kg-store --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:7878/query
    """
    from kg.serve import ServeConfig
    from kg.serve import serve as run

    if store.startswith(("http://", "https://")):
        raise ConfigError(
            f"--store '{store}' is already a SPARQL endpoint; kg serve serves an embedded "
            "store directory (--store DIR)"
        )
    config = ServeConfig(
        store=store,
        host=host,
        port=port,
        timeout=timeout,
        max_results=max_results,
        allow_updates=allow_updates,
        max_request_bytes=max_request_bytes,
        workers=workers,
        union_default_graph=union_default_graph,
        allow_service=tuple(allow_service),
        allow_hosts=tuple(h.lower() for h in allow_host),
        worker_memory_mb=worker_memory,
        max_response_bytes=max_response_bytes,
        cheap_workers=cheap_workers,
        heavy_per_client=heavy_per_client,
        unbounded_timeout=unbounded_timeout,
    )

    def ready(url: str) -> None:
        mode = "read-write (updates at /update)" if allow_updates else "read-only"
        echo_err(
            f"geokg SPARQL endpoint: {url} ({mode}; timeout {timeout:g} s; "
            f"at most {max_results} results); query page at {url[: -len('query')]}"
        )
        echo_err("press Ctrl-C to stop")

    run(config, on_ready=ready)
