"""A SPARQL 1.1 Protocol endpoint over the embedded store (``kg serve``).

Design
------
* **HTTP**: `tornado <https://www.tornadoweb.org/>`_ (already installed with
  Dask distributed) parses and answers HTTP — a maintained server with limits on
  header size, body size and idle/slow connections — so no HTTP is hand-parsed here.
* **Queries run in worker processes** (:mod:`kg.serve.pool`,
  :mod:`kg.serve.worker`), each holding the store open read-only through
  :func:`kg.store.open_store`, with an address-space cap (``worker_memory_mb``).
  A query cannot be cancelled from Python, so a query past its deadline is
  stopped by killing its worker, which is then replaced. Read-only opening
  takes no lock: ``kg build`` can keep writing the same store while it is
  served; a worker re-opens the store (about 10 ms, ``refresh()``) when the
  files on disk have changed, so new articles appear.
* **Checked before evaluation** (:mod:`kg.sparqlguard`, in the server
  process): ``SERVICE`` and ``LOAD`` are refused unless their endpoint is in
  ``allow_service`` (the server sends no requests elsewhere), and queries too
  deep, too long or too large (triple patterns, ``AS`` expressions) for the
  engine are refused, all with 400.
* **Fair to small queries** (:mod:`kg.serve.cost`, :class:`WorkerPool`): a
  cost estimate marks queries with a cross product, a transitive path or many
  triple patterns heavy; they run only on the ``workers`` lane (at a lower CPU
  priority, in threads of their own), ``cheap_workers`` more are reserved for
  the rest, one client address may run ``heavy_per_client`` heavy queries at
  once (429 beyond), and a heavy query without ``LIMIT`` gets
  ``unbounded_timeout``. Requests whose
  ``Host`` is not one of the server's names get 421 (DNS rebinding).
* **Results** are capped at ``max_results`` rows (or triples) and
  ``max_response_bytes`` (of the serialized answer); a capped answer carries the header
  ``X-Geokg-Truncated: true``. Formats are negotiated in
  :mod:`kg.serve.negotiation` (JSON, XML, CSV, TSV; Turtle, N-Triples,
  RDF/XML, JSON-LD for CONSTRUCT/DESCRIBE).
* **Read-only by default**: ``/update`` answers 403 unless ``allow_updates``.
  With it, an update opens the store read-write for that update only (and
  fails with 503 while another process, e.g. ``kg build``, holds the lock).

The HTTP handlers are in :mod:`kg.serve.handlers`, the application and its
startup in :mod:`kg.serve.app`.

Routes: ``/`` (query page, or a query when ``?query=`` is given), ``/query``
and ``/sparql`` (SPARQL query: GET, POST form, POST ``application/sparql-query``),
``/update`` (SPARQL update, POST).
"""

from __future__ import annotations

from kg.serve.app import make_app, serve
from kg.serve.config import ServeConfig, allowed_hosts, is_loopback
from kg.serve.negotiation import GRAPH_FORMATS, RESULT_FORMATS, negotiate
from kg.serve.pool import WorkerPool

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
