"""Settings of ``kg serve`` and the checks on where requests come from."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

__all__ = ["ServeConfig", "allowed_hosts", "host_ok", "is_loopback", "is_wildcard"]


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
        Largest serialized answer in bytes: rows beyond it are cut like rows
        beyond ``max_results``; a first row already over it is refused (413).
    cheap_workers : int
        Worker processes reserved for cheap queries, besides ``workers``
        (:mod:`kg.serve.cost`: heavy queries never take them).
    cheap_seconds : float
        A query estimated cheap still running after this long leaves the
        reserved lane (a fresh reserved worker takes its place).
    heavy_per_client : int
        Heavy queries one client address may have running or waiting at once;
        more are refused with 429.
    unbounded_timeout : float
        Time limit of a heavy query without ``LIMIT`` (at most ``timeout``).

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
    cheap_workers: int = 1
    cheap_seconds: float = 2.0
    heavy_per_client: int = 2
    unbounded_timeout: float = 10.0


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
    if host and not is_wildcard(host):
        names.add(f"[{host}]" if ":" in host else host)
    out = {f"{n.lower()}:{port}" for n in names}
    if port == 80:
        out |= {n.lower() for n in names}
    return frozenset(out)


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("", "0.0.0.0", "::")


def host_ok(header: str, allowed: frozenset[str], port: int, wildcard: bool) -> bool:
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
