"""The embedded backend: a persistent Oxigraph store in a directory (or in memory).

Writing an article replaces its graph, updates the actors graph and the pair
summaries it touches, all in one transaction, so builds are incremental and
idempotent and an interrupted build never leaves half an article.

Readers never fail because a writer is active: a read-only store that meets
a file the writer has just compacted away (RocksDB renames and deletes its
files while writing) reopens the directory and runs the query again, up to
:data:`READ_ATTEMPTS` times, and reports a failure without the database's
internal file names.

Examples
--------
>>> from kg.model import Actor, Article, Relation
>>> egy = Actor("EGY", "Egypt", "State", "EGY")
>>> haf = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
>>> with EmbeddedStore(None) as store:   # None: in memory
...     store.replace_article(Article("a1", "…"), [Relation("a1", "supports", egy, haf)])
...     rows = store.query("SELECT ?who WHERE { ?s geo:supports ?t . ?s rdfs:label ?who }").rows
>>> rows
[{'who': 'Egypt'}]
"""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from kg.errors import ConfigError, QueryError, StoreError
from kg.model import Article, Relation
from kg.rdf import article_iri, article_quads
from kg.sparqltext import explain_syntax_error, has_dataset
from kg.store.base import StoreBase
from kg.store.disk import (
    check_location,
    clean_error,
    is_transient,
    malloc_trim,
    signature,
    write_marker,
)
from kg.store.layout import ONTOLOGY_GRAPH
from kg.store.results import (
    Answer,
    QueryResult,
    bind_values,
    serialize_answer,
    to_python,
    to_term,
)
from kg.store.summary import Pair, contributions
from kg.vocab import DEFAULT_BASE, ontology_path

__all__ = ["READ_ATTEMPTS", "EmbeddedStore"]

T = TypeVar("T")

#: article graphs written between two flushes (and reopenings) of the database.
_FLUSH_EVERY = 256
#: how often a read-only store tries a read that meets a file the writer removed.
READ_ATTEMPTS = 8


def _quads_text(quads: Iterable[ox.Quad]) -> str:
    body = io.StringIO()
    for q in quads:
        body.write(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}\n")
    return body.getvalue()


def _v(term: Any) -> str:
    return str(term.value) if hasattr(term, "value") else str(term)


class EmbeddedStore(StoreBase):
    """An embedded Oxigraph store holding one named graph per article.

    Use :func:`kg.store.open_store` rather than the constructor.

    Parameters
    ----------
    location : str, Path or None
        Directory of the store (created when missing, unless ``read_only``);
        None keeps the store in memory.
    base : str
        Base IRI of actors, events and articles.
    read_only : bool
        Open an existing store for reading only (several readers may share it,
        also while a build writes it).
    """

    def __init__(
        self,
        location: str | Path | None = "kg-store",
        *,
        base: str = DEFAULT_BASE,
        read_only: bool = False,
    ) -> None:
        super().__init__(base=base)
        self.path = None if location is None else Path(location)
        self.location = "memory" if self.path is None else str(self.path)
        self.read_only = read_only
        self._checked = False
        self._migrated = 0
        self._unflushed = 0
        self._recycle_due = False
        self._signature: tuple[tuple[str, int, int], ...] = ()
        self._store: ox.Store | None = self._open()
        if not read_only and self.needs_migration:
            self._writable()  # upgrades a store of an older layout on open

    def _open(self) -> ox.Store:
        if self.path is None:
            return ox.Store()
        path = self.path
        check_location(path, create=not self.read_only)
        if self.read_only:
            return self._retry(lambda: self._open_read_only(path), reopen=False)
        try:
            store = ox.Store(str(path))
        except OSError as exc:
            why = clean_error(exc)
            raise StoreError(
                f"cannot open store '{path}': {why} (is another kg process writing to it?)"
            ) from exc
        write_marker(path)
        return store

    def _open_read_only(self, path: Path) -> ox.Store:
        self._signature = signature(path)
        return ox.Store.read_only(str(path))

    def _retry(self, read: Callable[[], T], *, reopen: bool = True) -> T:
        """Run ``read``; on a read-only store, retry a read that met a writer's change."""
        for attempt in range(READ_ATTEMPTS):
            try:
                return read()
            except (OSError, RuntimeError) as exc:
                # RocksDB reports a file a writer just replaced as an IO error or as
                # "Corruption" (OSError or RuntimeError, depending on where it is met).
                if not (self.read_only and self.path is not None and is_transient(exc)):
                    if isinstance(exc, RuntimeError):
                        raise
                    why = clean_error(exc)
                    raise StoreError(f"cannot read store '{self.location}': {why}") from exc
                if attempt == READ_ATTEMPTS - 1:
                    raise StoreError(
                        f"cannot read store '{self.location}': it kept changing while being read "
                        "(a build is writing it); try again"
                    ) from exc
                time.sleep(0.01 * 2**attempt)
                if reopen:
                    self._reopen()
        raise AssertionError("unreachable")  # pragma: no cover

    def _reopen(self) -> None:
        self._store = None
        assert self.path is not None
        with contextlib.suppress(OSError, RuntimeError):
            self._store = self._open_read_only(self.path)

    def refresh(self) -> bool:
        """Reopen a read-only store when a writer changed it since it was opened;
        returns True when it did (long-lived readers such as ``kg serve`` call this
        before each query to see new articles)."""
        if not self.read_only or self.path is None or signature(self.path) == self._signature:
            return False
        self._store = self._retry(lambda: self._open_read_only(self.path or Path()), reopen=False)
        return True

    def _recycle(self) -> None:
        """Reopen the database and hand freed memory back to the system.

        RocksDB's caches and write buffers grow with the store; during a long
        build, closing and reopening the database every few hundred articles
        (a few milliseconds) keeps the process's memory flat whatever the corpus
        size. Only called between write batches.
        """
        self._recycle_due = False
        if self.path is None or self.read_only:
            return
        self._store = None
        self._store = self._open()
        malloc_trim()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for advanced use)."""
        if self._store is None:
            if self.read_only and self.path is not None:
                self._store = self._retry(lambda: self._open_read_only(self.path or Path()))
                return self._store
            raise StoreError("the store is closed")
        return self._store

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Flush and release the store (its directory lock is freed)."""
        if self._store is not None:
            if not self.read_only and self.path is not None:
                with contextlib.suppress(OSError):  # flushing is best effort
                    self._store.flush()
            self._store = None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __len__(self) -> int:
        return self._retry(lambda: len(self.oxigraph))

    def __repr__(self) -> str:
        return f"<kg EmbeddedStore {self.location} base={self.base!r}>"

    # ------------------------------------------------------------------ writing

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreError(
                f"store '{self.location}' is open read-only; open it with read_only=False to write"
            )
        store = self.oxigraph
        if not self._checked:
            self._checked = True
            self._ensure_ontology(store)
            if self.layout.version_quad not in store:
                self._migrate(store)
        return store

    def _ensure_ontology(self, store: ox.Store) -> None:
        # The bundled ontology changes between versions; reload it when it differs.
        graph = ox.NamedNode(ONTOLOGY_GRAPH)
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(path=ontology_path("geokg.ttl"), format=ox.RdfFormat.TURTLE)
        ]
        have = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
        if have == len(quads) and all(q in store for q in quads):
            return
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
        store.extend(quads)

    @property
    def needs_migration(self) -> bool:
        """True for a store written by geokg before actor descriptions moved to the
        actors graph (any write, e.g. ``kg build``, upgrades it)."""
        store = self.oxigraph
        if self.layout.version_quad in store:
            return False
        return any(
            isinstance(g, ox.NamedNode) and self.layout.is_article(g.value)
            for g in store.named_graphs()
        )

    def migrate(self) -> int:
        """Upgrade a store written by an older geokg (opening it for writing does it too):
        actor descriptions move out of article graphs into the actors graph.

        Idempotent; each batch of articles is one transaction. Returns the
        number of article graphs rewritten.
        """
        self._writable()
        return self._migrated

    def _migrate(self, store: ox.Store, *, batch: int = 256) -> None:
        names = [
            g.value
            for g in store.named_graphs()
            if isinstance(g, ox.NamedNode) and self.layout.is_article(g.value)
        ]
        for i in range(0, len(names), batch):
            graphs = {
                n: list(store.quads_for_pattern(None, None, None, ox.NamedNode(n)))
                for n in names[i : i + batch]
            }
            self._write_graphs(graphs)
        g = self.layout.summary.value
        store.update(
            f"DELETE WHERE {{ GRAPH <{g}> {{ ?a skos:prefLabel ?l }} }}", prefixes=self._prefixes
        )
        store.add(self.layout.version_quad)
        self._migrated = len(names)

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (prefixes predeclared); the summaries are not touched.

        Raises
        ------
        QueryError
            On a syntax or evaluation error.
        """
        store = self._writable()
        try:
            store.update(sparql, prefixes=self._prefixes)
        except SyntaxError as exc:
            why = explain_syntax_error(sparql, str(exc), self._prefixes, update=True)
            raise QueryError(f"SPARQL syntax error: {why}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"update failed: {clean_error(exc)}") from exc

    def replace_article(self, article: Article, relations: Sequence[Relation]) -> None:
        """Write one article's graph, replacing any previous version, in one transaction.

        Raises
        ------
        InputError
            When a relation is not in the vocabulary (nothing is written).
        """
        self._write_graphs(self._graphs_of(article, relations))

    def _graphs_of(
        self, article: Article, relations: Sequence[Relation]
    ) -> dict[str, list[ox.Quad]]:
        out: dict[str, list[ox.Quad]] = {}
        for q in article_quads(article, relations, base=self.base):
            out.setdefault(_v(q.graph_name), []).append(q)
        out.setdefault(article_iri(article, self.base).value, [])
        return out

    def add_extractions(
        self, items: Iterable[tuple[Article, Sequence[Relation]]], *, batch: int = 64
    ) -> int:
        """Write many articles, ``batch`` per transaction; returns the number written.

        Each batch is one transaction: after an interruption the store holds whole
        articles only, and rerunning completes it.
        """
        if batch < 1:
            raise ConfigError(f"batch size must be at least 1, got {batch}")
        pending: dict[str, list[ox.Quad]] = {}
        articles = written = 0
        for article, relations in items:
            for name, quads in self._graphs_of(article, relations).items():
                if name == self.layout.actors.value:
                    pending.setdefault(name, []).extend(quads)
                else:
                    pending[name] = quads
            articles += 1
            if articles >= batch:
                self._write_graphs(pending)
                written += articles
                pending, articles = {}, 0
                if self._recycle_due:
                    self._recycle()
        if articles:
            self._write_graphs(pending)
            written += articles
        return written

    def _default_writer(self) -> Callable[[list[ox.Quad]], Any]:
        return self._writable().extend

    def _write_graphs(
        self, graphs: Mapping[str, list[ox.Quad]], append: set[str] | None = None
    ) -> None:
        """Replace article graphs, their actors' descriptions and the pair summaries
        they touch, atomically."""
        store = self._writable()
        content, described = self.layout.split(graphs)
        replaced = {n for n in content if append is None or n not in append}
        # Pair summaries are kept by delta (current - old graph + new graph), read by
        # index lookups only, so a write costs O(its own quads) whatever the store size.
        old: dict[Pair, list[str | None]] = {}
        new: dict[Pair, list[str | None]] = {}
        old_refs: set[ox.NamedNode] = set()
        for name in replaced:
            old_quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
            contributions(old_quads, old)
            old_refs |= self.layout.referenced(old_quads)
        new_refs: set[ox.NamedNode] = set()
        for quads in content.values():
            contributions(quads, new)
            new_refs |= self.layout.referenced(quads)
        delete, insert = self.summary.delta(store, old, new, replaced)
        # Descriptions: the latest wins; a node no article refers to any more goes.
        actors = self.layout.actors
        for subject, quads in described.items():
            current = set(store.quads_for_pattern(ox.NamedNode(subject), None, None, actors))
            delete += [q for q in current if q not in quads]
            insert += [q for q in quads if q not in current]
        for node in old_refs - new_refs:
            if node.value not in described and not self._referenced_elsewhere(node, replaced):
                delete += list(store.quads_for_pattern(node, None, None, actors))

        parts: list[str] = []
        if delete:
            parts.append("DELETE DATA {\n" + _quads_text(delete) + "}")
        parts += [f"DROP SILENT GRAPH <{name}>" for name in replaced]
        body = io.StringIO()
        for name, quads in content.items():
            if quads:
                body.write(f"GRAPH <{name}> {{\n")
                for q in quads:
                    body.write(f"{q.subject} {q.predicate} {q.object} .\n")
                body.write("}\n")
        body.write(_quads_text(insert))
        if body.tell():
            parts.append(f"INSERT DATA {{\n{body.getvalue()}}}")
        if not parts:
            return
        try:
            store.update(" ;\n".join(parts))
            # RocksDB keeps written data in memtables until flushed: without this, a
            # long build's memory grows by ~85 MiB per 1,000 articles.
            self._unflushed += len(content)
            if self._unflushed >= _FLUSH_EVERY and self.path is not None:
                store.flush()
                self._unflushed = 0
                self._recycle_due = True
        except OSError as exc:
            raise StoreError(
                f"cannot write to store '{self.location}': {clean_error(exc)}"
            ) from exc

    def _referenced_elsewhere(self, node: ox.NamedNode, exclude: set[str]) -> bool:
        """True when an article graph not in ``exclude`` refers to ``node``."""
        store = self.oxigraph
        for pred in self.layout.reference_predicates():
            for q in store.quads_for_pattern(None, pred, node, None):
                g = q.graph_name
                if isinstance(g, ox.NamedNode) and g.value not in exclude:
                    return True
        return False

    def rebuild_summary(self) -> int:
        """Recompute every pair summary from the events (after a raw bulk load); returns
        the number of pairs."""
        store = self._writable()
        pairs = {
            (str(r["s"]), str(r["r"]), str(r["t"]))
            for r in self.query(self.summary.all_pairs_query()).rows
        }
        g = self.layout.summary.value
        store.update(
            f"DELETE WHERE {{ GRAPH <{g}> {{ ?n a geo:PairSummary ; ?p ?o }} }}",
            prefixes=self._prefixes,
        )
        pair_list = sorted(pairs)
        for i in range(0, len(pair_list), 2000):
            parts = self.summary.refresh(pair_list[i : i + 2000])
            if parts:
                store.update(" ;\n".join(parts))
        return len(pairs)

    def optimize(self) -> None:
        """Compact the on-disk store (after a bulk build: smaller and faster to read)."""
        store = self._writable()
        if self.path is not None:
            try:
                store.flush()
                store.optimize()
            except OSError as exc:
                raise StoreError(
                    f"cannot optimize store '{self.location}': {clean_error(exc)}"
                ) from exc

    def remove_article(self, article_id: str) -> bool:
        """Delete one article's graph (and update the summaries and the actors graph);
        False when absent."""
        if not self.has_article(article_id):
            return False
        name = article_iri(article_id, self.base)
        self._write_graphs({name.value: []})
        store = self.oxigraph
        if store.contains_named_graph(name):
            store.remove_graph(name)
        return True

    # ------------------------------------------------------------------ reading

    def has_article(self, article_id: str) -> bool:
        """True when the store holds a graph for this article id."""
        node = article_iri(article_id, self.base)
        return bool(self._retry(lambda: self.oxigraph.contains_named_graph(node)))

    def article_ids(self) -> Iterator[str]:
        """Ids of the articles in the store (graph names under ``{base}article/``)."""
        from urllib.parse import unquote

        prefix = self.layout.article_prefix
        names = self._retry(lambda: list(self.oxigraph.named_graphs()))
        for g in names:
            if isinstance(g, ox.NamedNode) and g.value.startswith(prefix):
                yield unquote(g.value[len(prefix) :])

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all graphs (or the query's own
        ``FROM`` / ``FROM NAMED`` dataset, when it names one).

        Parameters
        ----------
        sparql : str
            A SELECT, ASK, CONSTRUCT or DESCRIBE query. The prefixes of
            :func:`kg.rdf.namespaces` are predeclared.
        bindings : mapping, optional
            Values for variables (``{"name": "Khalifa Haftar"}``), substituted
            as RDF terms — never pasted into the query text, so user input
            cannot change the query's meaning.

        Raises
        ------
        QueryError
            On a syntax error (with line:column and what was expected) or an
            evaluation error.

        Examples
        --------
        >>> with EmbeddedStore(None) as s:
        ...     s.query("ASK { ?x ?y ?z }").boolean
        False
        >>> with EmbeddedStore(None) as s:
        ...     s.query("SELECT ?x WHERE { VALUES ?x { 1 2 3 } FILTER(?x > ?min) }",
        ...             bindings={"min": 1}).rows
        [{'x': 2}, {'x': 3}]
        """

        def run() -> QueryResult:
            result = self._run(sparql, bindings or {})
            if isinstance(result, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                rows = [{n: to_python(sol[n]) for n in names} for sol in result]
                return QueryResult("select", vars=names, rows=rows)
            triples = [
                (to_python(t.subject), to_python(t.predicate), to_python(t.object)) for t in result
            ]
            return QueryResult("graph", vars=["subject", "predicate", "object"], triples=triples)

        return self._guarded(run, sparql)

    def _guarded(self, run: Callable[[], T], sparql: str) -> T:
        try:
            return self._retry(run)
        except SyntaxError as exc:
            why = explain_syntax_error(sparql, str(exc), self._prefixes)
            raise QueryError(f"SPARQL syntax error: {why}") from None
        except (ValueError, TypeError, RuntimeError) as exc:
            raise QueryError(f"query failed: {clean_error(exc)}") from exc

    def _run(self, sparql: str, bindings: Mapping[str, Any], **extra: Any) -> Any:
        store = self.oxigraph
        opts: dict[str, Any] = {"prefixes": self._prefixes, **extra}
        if "default_graph" not in opts and not has_dataset(sparql):
            opts["use_default_graph_as_union"] = True
        if not bindings:
            return store.query(sparql, **opts)
        terms = {k.lstrip("?$"): to_term(v) for k, v in bindings.items()}
        try:
            # SEP-0007 substitution: exact, but only for projected variables.
            return store.query(
                sparql, substitutions={ox.Variable(k): t for k, t in terms.items()}, **opts
            )
        except RuntimeError as exc:
            if "projection" not in str(exc):
                raise
        return store.query(bind_values(sparql, bindings), **opts)

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
        """Run a query and serialize its answer (what a SPARQL endpoint sends).

        Parameters
        ----------
        sparql : str
            The query (prefixes of :func:`kg.rdf.namespaces` predeclared).
        result_format, graph_format : str or None
            Format names of :data:`kg.store.results.RESULT_FORMATS` (SELECT, ASK)
            and :data:`~kg.store.results.GRAPH_FORMATS` (CONSTRUCT, DESCRIBE);
            None when the client accepts none: the answer is then returned
            empty with ``acceptable=False``.
        max_rows : int, optional
            Keep at most this many rows or triples (``truncated`` says so).
        max_bytes : int, optional
            Keep about this many bytes of terms at most (``too_large`` when the
            first row alone is bigger).
        default_graphs, named_graphs : sequence of str, optional
            The SPARQL Protocol's ``default-graph-uri`` / ``named-graph-uri``.
        union : bool
            Without ``default_graphs``: the default graph is the union of all graphs,
            unless the query names its own dataset (``FROM``, ``FROM NAMED``).

        Examples
        --------
        >>> with EmbeddedStore(None) as s:
        ...     s.answer("SELECT ?x WHERE { VALUES ?x { 1 2 } }", result_format="csv").body
        b'x\\r\\n1\\r\\n2\\r\\n'
        """
        extra: dict[str, Any] = {}
        if default_graphs:
            extra["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        elif has_dataset(sparql) and not named_graphs:
            pass  # the query's own FROM / FROM NAMED (an option would override it)
        elif union:
            extra["use_default_graph_as_union"] = True
        else:
            extra["default_graph"] = ox.DefaultGraph()
        if named_graphs:
            extra["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]

        def run() -> Answer:
            result = self.oxigraph.query(sparql, prefixes=self._prefixes, **extra)
            return serialize_answer(
                result,
                result_format=result_format,
                graph_format=graph_format,
                max_rows=max_rows,
                max_bytes=max_bytes,
            )

        return self._guarded(run, sparql)

    def content_quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The articles' statements and the actors graph (see :class:`~kg.store.base.StoreBase`).

        A stream: when a writer's compaction breaks it half-way, it stops with a
        :class:`~kg.errors.StoreError` (it cannot resume without repeating quads).
        """
        try:
            yield from self._content_quads(graph)
        except (OSError, RuntimeError) as exc:
            raise StoreError(
                f"cannot read store '{self.location}': {clean_error(exc)} (a build wrote it "
                "while it was read; try again)"
            ) from exc

    def _content_quads(self, graph: str | None) -> Iterator[ox.Quad]:
        store = self.oxigraph
        actors = self.layout.actors
        if graph is not None:
            node = article_iri(graph, self.base)
            if not store.contains_named_graph(node):
                raise StoreError(
                    f"no article {graph!r} in the store; list articles with: "
                    "kg query 'SELECT ?a WHERE { ?a a geo:Article }'"
                )
            quads = list(store.quads_for_pattern(None, None, None, node))
            yield from quads
            for ref in sorted(self.layout.referenced(quads), key=lambda n: n.value):
                yield from store.quads_for_pattern(ref, None, None, actors)
            return
        # The ontology ships with geokg and the summaries are derived: exports carry
        # the articles' statements and the actors graph only (and default-graph data).
        skip = {ONTOLOGY_GRAPH, self.layout.summary.value}
        for q in store:
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value in skip:
                continue
            yield q
