"""The :class:`Store` protocol every backend implements, and what backends share.

A backend is chosen by the scheme of the store's location
(:func:`kg.store.open_store`); code that reads or writes the graph uses only
the methods of :class:`Store`, never a backend's own.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Protocol, runtime_checkable

import pyoxigraph as ox

from kg.model import Article, Relation
from kg.rdf import actors_graph_iri, article_iri, namespaces, validate_base
from kg.store.io import (
    Violation,
    export_quads,
    graph_stats,
    load_graph_batches,
    parse_quads,
    validate_quads,
)
from kg.store.layout import Layout
from kg.store.results import Answer, QueryResult
from kg.store.summary import SummaryGraph
from kg.vocab import GEO_IRI

if TYPE_CHECKING:
    import rdflib

__all__ = ["Store", "StoreBase"]

_DCT_SOURCE = "http://purl.org/dc/terms/source"


@runtime_checkable
class Store(Protocol):
    """A geokg knowledge-graph store: one named graph per article, actors described once.

    Queries see the union of all graphs as their default graph and know the
    prefixes of :func:`kg.rdf.namespaces`. Writing an article replaces its
    graph in one transaction (embedded) or one round of requests (remote).
    """

    location: str
    base: str
    read_only: bool

    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    def __len__(self) -> int: ...

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all graphs."""
        ...

    def answer(
        self,
        sparql: str,
        *,
        result_format: str | None = "json",
        graph_format: str | None = "turtle",
        max_rows: int | None = None,
        max_bytes: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union: bool = True,
    ) -> Answer:
        """Run a query and serialize its answer (what a SPARQL endpoint sends)."""
        ...

    def refresh(self) -> bool:
        """See what writers wrote since the store was opened; True when that changed it."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""

    def load(
        self, source: str | Path | IO[bytes], *, format: str = "nquads", batch: int = 64
    ) -> int:
        """Load RDF; each named graph replaces the store's graph of that name."""
        ...

    def replace_article(self, article: Article, relations: Sequence[Relation]) -> None:
        """Write one article's graph, replacing any previous version."""

    def add_extractions(
        self, items: Iterable[tuple[Article, Sequence[Relation]]], *, batch: int = 64
    ) -> int:
        """Write many articles, ``batch`` at a time; returns the number written."""
        ...

    def remove_article(self, article_id: str) -> bool:
        """Delete one article; False when absent."""
        ...

    def has_article(self, article_id: str) -> bool:
        """True when the store holds this article."""
        ...

    def is_current(self, article: Article) -> bool:
        """True when the store holds this article extracted from the same content by
        the same extractor (a rebuild may skip it)."""
        ...

    def article_ids(self) -> Iterator[str]:
        """Ids of the articles in the store."""
        ...

    def article_sources(self) -> dict[str, str]:
        """Article id -> where it came from (``dcterms:source``), for articles that say."""
        ...

    def export(self, fmt: str, out: BinaryIO, *, graph: str | None = None) -> None:
        """Stream the articles' statements (and the actors graph) to ``out``."""

    def stats(self) -> dict[str, Any]:
        """Articles, actors, events by relation, date range."""
        ...

    def validate(self, *, graph: str | None = None) -> list[Violation]:
        """Check the statements against the SHACL shapes."""
        ...

    def to_rdflib(self, *, graph: str | None = None) -> rdflib.Dataset:
        """The statements as an rdflib Dataset (a copy)."""
        ...

    def rebuild_summary(self) -> int:
        """Recompute every pair summary; returns the number of pairs."""
        ...


class StoreBase(ABC):
    """What the backends share: names, layout, export, validation, statistics.

    Subclasses provide :meth:`query`, :meth:`content_quads` and the writes.
    """

    location: str
    read_only: bool

    def __init__(self, *, base: str) -> None:
        self.base = validate_base(base)
        self.layout = Layout(self.base)
        self.summary = SummaryGraph(self.base)
        self._prefixes = namespaces(self.base)

    # ------------------------------------------------------------------ lifecycle

    @abstractmethod
    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ reading

    @abstractmethod
    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all graphs."""

    @abstractmethod
    def content_quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The articles' statements and the actors graph (one article's graph and the
        descriptions it refers to, with ``graph``); never the summary or ontology."""

    def refresh(self) -> bool:
        """Nothing to do for a store that always answers from its current state."""
        return False

    def is_current(self, article: Article) -> bool:
        """True when the store holds ``article`` with the same digest and extractor.

        Examples
        --------
        >>> from kg.store import open_store
        >>> from kg.model import Article
        >>> with open_store(None) as s:
        ...     a = Article("a1", "Egypt backs Haftar.")
        ...     before = s.is_current(a)
        ...     s.replace_article(a, [])
        ...     before, s.is_current(a), s.is_current(Article("a1", "Changed."))
        (False, True, False)
        """
        from kg.rdf import EXTRACTOR

        iri = article_iri(article, self.base).value
        rows = self.query(
            f"SELECT ?d ?x WHERE {{ GRAPH <{iri}> {{ <{iri}> geo:digest ?d ; geo:extractor ?x }} }}"
        ).rows
        return any(r["d"] == article.digest and r["x"] == EXTRACTOR for r in rows)

    def article_sources(self) -> dict[str, str]:
        """Article id -> its ``dcterms:source`` (path or URL), for articles that have one."""
        from urllib.parse import unquote

        prefix = self.layout.article_prefix
        out: dict[str, str] = {}
        for row in self.query(
            f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?g <{_DCT_SOURCE}> ?s }} }}"
        ).rows:
            g = str(row["g"])
            if g.startswith(prefix):
                out[unquote(g[len(prefix) :])] = str(row["s"])
        return out

    def export(self, fmt: str, out: BinaryIO, *, graph: str | None = None) -> None:
        """Stream the articles' statements to ``out`` in one of :data:`kg.store.EXPORT_FORMATS`.

        ``graph`` (an article id) exports that article's graph and the
        descriptions of the actors it names. Triple formats (turtle, nt,
        json-ld for a graph) merge the graphs; ``trig``/``nquads`` keep them.
        The ontology and summary graphs are left out.

        Raises
        ------
        ConfigError
            For an unknown format.
        StoreError
            For an unknown article.

        Examples
        --------
        >>> import io
        >>> from kg.store import open_store
        >>> with open_store(None) as s:
        ...     s.export("tll", io.BytesIO())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.ConfigError: unknown format 'tll'; expected one of turtle, nt, nquads, trig, ...
        """
        from kg.store.io import _format

        _format(fmt)  # an unknown format fails before anything is read
        export_quads(
            self.content_quads(graph),
            fmt,
            out,
            prefixes=self._prefixes,
            single_graph=graph is not None,
        )

    def stats(self) -> dict[str, Any]:
        """What the store holds: articles, actors, events by relation, date range.

        Examples
        --------
        >>> from kg.store import open_store
        >>> with open_store(None) as s:
        ...     s.stats()["articles"]
        0
        """
        return graph_stats(self.query, location=self.location, base=self.base, triples=len(self))

    @abstractmethod
    def __len__(self) -> int: ...

    def validate(self, *, graph: str | None = None) -> list[Violation]:
        """Check the articles' statements against ``ontology/shapes.ttl`` (pyshacl).

        Returns
        -------
        list of Violation
            Empty when everything conforms.

        Examples
        --------
        >>> from kg.store import open_store
        >>> with open_store(None) as s:
        ...     s.validate()
        []
        """
        return validate_quads(self.content_quads(graph), self._prefixes)

    def to_rdflib(self, *, graph: str | None = None) -> rdflib.Dataset:
        """The articles' statements and the actors graph as an rdflib Dataset (a copy).

        Examples
        --------
        >>> from kg.store import open_store
        >>> with open_store(None) as s:
        ...     len(list(s.to_rdflib().quads()))
        0
        """
        from kg.rdf import to_rdflib_dataset

        return to_rdflib_dataset(self.content_quads(graph), self.base)

    # ------------------------------------------------------------------ loading

    def load(
        self, source: str | Path | IO[bytes], *, format: str = "nquads", batch: int = 64
    ) -> int:
        """Load RDF (e.g. shards of the Dask engine, or an export); returns the quad count.

        Each named graph in the input replaces the graph of the same name (so
        loading a shard twice changes nothing), ``batch`` graphs per
        transaction; actor descriptions go to the actors graph; triples of a
        triple format go to the default graph.
        """
        return load_graph_batches(
            parse_quads(source, format),
            batch=batch,
            write_graphs=self._write_graphs,
            write_default=self._default_writer(),
        )

    def load_nquads(self, source: str | Path | IO[bytes], *, batch: int = 64) -> int:
        """Bulk-load N-Quads (see :meth:`load`); returns the quad count."""
        return self.load(source, format="nquads", batch=batch)

    @abstractmethod
    def _write_graphs(
        self, graphs: Mapping[str, list[ox.Quad]], append: set[str] | None = None
    ) -> None:
        """Replace (or, for names in ``append``, extend) whole named graphs."""

    @abstractmethod
    def _default_writer(self) -> Callable[[list[ox.Quad]], Any]:
        """Get ready to load; the function that writes triples of the default graph."""

    # ------------------------------------------------------------------ helpers

    def _actors_iri(self) -> str:
        return actors_graph_iri(self.base).value

    def _event_pairs_query(self, graphs: Sequence[str]) -> str:
        values = " ".join(f"<{g}>" for g in graphs)
        return (
            f"SELECT DISTINCT ?s ?r ?t WHERE {{ VALUES ?g {{ {values} }} "
            f"GRAPH ?g {{ ?e <{GEO_IRI}source> ?s ; <{GEO_IRI}relation> ?r ; "
            f"<{GEO_IRI}target> ?t }} }}"
        )
