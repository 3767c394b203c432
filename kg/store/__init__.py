"""The knowledge-graph store: one :class:`Store` protocol, backends chosen by URL scheme.

:func:`open_store` looks the location's scheme up in a small registry (the
way rdflib's ``plugin.register`` picks a store by name): a directory (or
None, in memory) opens the embedded Oxigraph store
(:class:`~kg.store.embedded.EmbeddedStore`), an ``http(s)://`` URL a SPARQL
1.1 server with the Graph Store Protocol
(:class:`~kg.store.remote.RemoteStore`). :func:`register_backend` adds others.

Every backend holds the same dataset (:mod:`kg.store.layout`):

* one named graph per article, ``{base}article/<id>``: the article
  (``dcterms:source`` — path or URL —, ``dcterms:title``, ``dcterms:date``,
  ``dcterms:publisher``, ``geo:digest``, ``geo:extractor``), its events and
  the shortcut edges of its asserted, non-negated events;
* **the actors graph** ``{base}graph/actors`` (default
  ``https://w3id.org/geokg/graph/actors``): each actor described once —
  ``act:X a geo:<ActorType> ; rdfs:label "…" ; geo:country act:ISO3 ;
  geo:iso3 "ISO" (states) ; geo:sector "MIL" ; owl:sameAs wd:Q…`` — and each
  place named by an event (``geo:Place`` with ``rdfs:label``, ``geo:country``,
  ``geo:geonames``). A description is replaced by the latest article that
  describes the actor and dropped when no article refers to it, so a join on
  ``rdfs:label`` over the union default graph counts each event once, and
  actor records are read from this one graph:
  ``SELECT ?a ?type ?label ?country WHERE { GRAPH <…/graph/actors> { ?a a ?type ;
  rdfs:label ?label OPTIONAL { ?a geo:country ?country } } }``;
* the summary graph ``{base}graph/summary`` (per-pair evidence counts,
  :mod:`kg.store.summary`) and the ontology graph.

Queries see the union of all graphs as their default graph and know the
prefixes of :func:`kg.rdf.namespaces` (``geo:``, ``act:``, ``art:``, ...).

Examples
--------
>>> from kg.model import Actor, Article, Relation
>>> egy = Actor("EGY", "Egypt", "State", "EGY")
>>> haf = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
>>> with open_store(None) as store:   # None: in memory
...     store.replace_article(Article("a1", "…"), [Relation("a1", "supports", egy, haf)])
...     rows = store.query("SELECT ?who WHERE { ?s geo:supports ?t . ?s rdfs:label ?who }").rows
>>> rows
[{'who': 'Egypt'}]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import ConfigError
from kg.store.base import Store
from kg.store.io import EXPORT_FORMATS, Violation
from kg.store.layout import ONTOLOGY_GRAPH
from kg.store.results import Answer, QueryResult
from kg.vocab import DEFAULT_BASE

__all__ = [
    "EXPORT_FORMATS",
    "ONTOLOGY_GRAPH",
    "Answer",
    "Backend",
    "QueryResult",
    "Store",
    "Violation",
    "open_store",
    "register_backend",
]

#: a backend factory: ``factory(location, base=..., read_only=...)`` -> a Store.
Backend = Callable[..., Store]

#: URL scheme -> backend, or "module:attribute" of one (imported on first use).
_BACKENDS: dict[str, str | Backend] = {
    "": "kg.store.embedded:EmbeddedStore",
    "file": "kg.store.embedded:EmbeddedStore",
    "http": "kg.store.remote:RemoteStore",
    "https": "kg.store.remote:RemoteStore",
}


def register_backend(scheme: str, backend: str | Backend) -> None:
    """Make :func:`open_store` open ``scheme://…`` locations with ``backend``.

    Parameters
    ----------
    scheme : str
        A URL scheme (``"sparql+https"``), lower case.
    backend : callable or str
        ``backend(location, base=…, read_only=…)`` returning a :class:`Store`,
        or ``"module:attribute"`` naming one (imported when first used).

    Examples
    --------
    >>> from kg.store.embedded import EmbeddedStore
    >>> register_backend("mem", lambda loc, **kw: EmbeddedStore(None, **kw))
    >>> with open_store("mem://scratch") as s:
    ...     len(s)
    0
    """
    _BACKENDS[scheme.lower()] = backend


def _scheme(location: str | Path | None) -> str:
    if location is None or isinstance(location, Path):
        return ""
    scheme = urlsplit(location).scheme.lower()
    # "C:\\store" on Windows has a one-letter "scheme": a path.
    return "" if len(scheme) <= 1 else scheme


def open_store(
    location: str | Path | None = "kg-store",
    *,
    base: str = DEFAULT_BASE,
    read_only: bool = False,
) -> Store:
    """Open the store at a directory (embedded Oxigraph) or a SPARQL endpoint URL.

    Parameters
    ----------
    location : str, Path or None
        A directory (created when missing unless ``read_only``), an
        ``http(s)://`` URL of a SPARQL 1.1 endpoint with the Graph Store
        Protocol, a location of a scheme given to :func:`register_backend`,
        or None for a store in memory.
    base : str
        Base IRI of actors, events and articles.
    read_only : bool
        Refuse writes; an embedded store must already exist. A read-only
        embedded store may be read while another process (``kg build``) writes it.

    Raises
    ------
    ConfigError
        For a URL scheme no backend is registered for.
    StoreError
        When the store cannot be opened.

    Examples
    --------
    >>> with open_store(None) as s:
    ...     len(s)
    0
    >>> open_store("ftp://host/store")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.ConfigError: no store backend for 'ftp://host/store'; expected a directory, ...
    """
    scheme = _scheme(location)
    backend = _BACKENDS.get(scheme)
    if backend is None:
        schemes = ", ".join(f"{s}://" for s in sorted(_BACKENDS) if s not in ("", "file"))
        raise ConfigError(
            f"no store backend for {str(location)!r}; expected a directory, {schemes} "
            "(or register one with kg.store.register_backend)"
        )
    if isinstance(backend, str):
        module, _, attr = backend.partition(":")
        backend = getattr(importlib.import_module(module), attr)
        _BACKENDS[scheme] = backend
    if scheme == "file" and isinstance(location, str):
        location = urlsplit(location).path
    store: Store = backend(location, base=base, read_only=read_only)
    return store
