"""The persistent, embedded knowledge-graph store (Oxigraph through pyoxigraph).

One named graph per article (see :mod:`kg.rdf`); writing an article replaces its
graph in one transaction, so builds are incremental and idempotent and an
interrupted build never leaves half an article. Besides the article graphs the
store keeps two graphs of its own:

* ``https://w3id.org/geokg/ontology`` — the bundled ``geokg.ttl``, so queries
  can use relation signs and labels (``?r geo:sign -1``);
* ``{base}graph/summary`` — one ``geo:PairSummary`` per (source, relation,
  target) with the number of asserted, non-negated events
  (``rdf:subject``/``rdf:predicate``/``rdf:object``, ``geo:evidenceCount``,
  ``geo:sign``, ``geo:firstDate``/``geo:lastDate``), updated in the same
  transaction as the articles that change it. Ranking pairs by evidence reads
  these few nodes instead of aggregating every event. The same graph holds one
  deduplicated label per actor, ``act:X skos:prefLabel "…"`` (the distinct
  ``rdfs:label`` values of actors across article graphs, kept by delta too).

Why the summary graph: queries see the union of all graphs, and Oxigraph's
union default graph does not deduplicate, so an actor's label or a shortcut
triple matches once per article that states it (thousands of times for busy
actors) and joins multiply. Alliance questions read the summary graph, where
every pair and every actor label occurs once (see ``examples/queries/``);
its vocabulary (``geo:PairSummary``, ``skos:prefLabel`` on actors) never occurs
in article graphs, so union queries over articles answer exactly as before.

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

import contextlib
import datetime as dt
import hashlib
import io
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from kg.errors import ConfigError, InputError, QueryError, StoreError
from kg.model import Article, Relation
from kg.rdf import (
    article_iri,
    article_quads,
    mint_iri,
    namespaces,
    summary_graph_iri,
    validate_base,
)
from kg.vocab import DEFAULT_BASE, GEO_IRI, ontology_path, relation_types

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "EXPORT_FORMATS",
    "ONTOLOGY_GRAPH",
    "BuildReport",
    "QueryResult",
    "Store",
    "Violation",
    "build",
    "open_store",
]

#: ``kg export --format`` names -> pyoxigraph formats.
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}

#: the graph holding the bundled ontology.
ONTOLOGY_GRAPH = "https://w3id.org/geokg/ontology"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_INT_TYPES = {
    _XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
# Strings, IRIs and comments, blanked out before looking for the WHERE group.
_OPAQUE_RE = re.compile(
    r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.I)
_FLOAT_TYPES = {_XSD + "double", _XSD + "float", _XSD + "decimal"}


# --------------------------------------------------------------------------- results


@dataclass
class QueryResult:
    """The answer to a SPARQL query.

    Attributes
    ----------
    kind : str
        ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT and DESCRIBE).
    vars : list of str
        The projected variables (SELECT).
    rows : list of dict
        One dict per solution, variable -> Python value: IRIs and strings as
        ``str``, numbers as ``int``/``float``, booleans as ``bool``,
        ``xsd:date`` as :class:`datetime.date`, unbound as ``None``.
    boolean : bool or None
        The answer of an ASK query.
    triples : list of tuple
        ``(subject, predicate, object)`` of a CONSTRUCT/DESCRIBE, as Python values.

    ``bool(result)`` is the ASK answer, or whether there are rows/triples;
    iterating yields the rows (or triples).
    """

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Any, Any, Any]] = field(default_factory=list)

    def __bool__(self) -> bool:
        if self.kind == "ask":
            return bool(self.boolean)
        return bool(self.rows or self.triples)

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.triples if self.kind == "graph" else self.rows)


def _py(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value
        try:
            if dtype in _INT_TYPES:
                return int(term.value)
            if dtype in _FLOAT_TYPES:
                return float(term.value)
            if dtype == _XSD + "boolean":
                return term.value in ("true", "1")
            if dtype == _XSD + "date":
                return dt.date.fromisoformat(term.value)
        except ValueError:
            return term.value
        return term.value
    return str(term)


def _term(value: Any) -> Any:
    """A Python value (or rdflib/pyoxigraph term) as a pyoxigraph term for bindings."""
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    try:
        import rdflib
    except ImportError:  # pragma: no cover - rdflib is a dependency
        rdflib = None  # type: ignore[assignment]
    if rdflib is not None:
        if isinstance(value, rdflib.URIRef):
            return ox.NamedNode(str(value))
        if isinstance(value, rdflib.BNode):
            return ox.BlankNode(str(value))
        if isinstance(value, rdflib.Literal):
            if value.language:
                return ox.Literal(str(value), language=value.language)
            if value.datatype:
                return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
            return ox.Literal(str(value))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "double"))
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise QueryError(
        f"cannot bind a value of type {type(value).__name__} ({value!r}); "
        "use str, int, float, bool, datetime.date or an RDF term"
    )


@dataclass(frozen=True)
class Violation:
    """One SHACL violation: the node, the property path, the message and the bad value."""

    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"

    def __str__(self) -> str:
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.focus} {self.path}: {self.message}{value}"


# --------------------------------------------------------------------------- the store


class Store:
    """An embedded Oxigraph store holding one named graph per article.

    Use :func:`open_store` rather than the constructor.

    Parameters
    ----------
    location : str, Path or None
        Directory of the store (created when missing, unless ``read_only``);
        None keeps the store in memory.
    base : str
        Base IRI of actors, events and articles.
    read_only : bool
        Open an existing store for reading only (several readers may share it).
    """

    def __init__(
        self,
        location: str | Path | None = "kg-store",
        *,
        base: str = DEFAULT_BASE,
        read_only: bool = False,
    ) -> None:
        self.base = validate_base(base)
        self.location = None if location is None else Path(location)
        self.read_only = read_only
        self._prefixes = namespaces(self.base)
        self._summary = summary_graph_iri(self.base)
        self._actor_prefix = f"{self.base}actor/"
        self._ontology_checked = False
        self._unflushed = 0
        self._recycle_due = False
        self._rel_iris = {GEO_IRI + name: rt.sign for name, rt in relation_types().items()}
        self._store: ox.Store | None = self._open()

    def _open(self) -> ox.Store:
        if self.location is None:
            return ox.Store()
        path = self.location
        if path.exists() and not path.is_dir():
            raise StoreError(f"store location '{path}' is a file; give a directory (--store DIR)")
        if self.read_only:
            if not path.is_dir() or not any(path.iterdir()):
                raise StoreError(
                    f"no store at '{path}'; build one first: kg build SOURCES --store {path}"
                )
            try:
                return ox.Store.read_only(str(path))
            except OSError as exc:
                raise StoreError(f"cannot open store '{path}' for reading: {exc}") from exc
        try:
            return ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"cannot open store '{path}': {exc} (is another kg process writing to it?)"
            ) from exc

    def _recycle(self) -> None:
        """Reopen the database and hand freed memory back to the system.

        RocksDB's caches and write buffers grow with the store; during a long
        build, closing and reopening the database every few hundred articles
        (a few milliseconds) keeps the process's memory flat whatever the corpus
        size. Only called between write batches, when nothing else holds the
        underlying store.
        """
        self._recycle_due = False
        if self.location is None or self.read_only:
            return
        self._store = None
        self._store = self._open()
        _malloc_trim()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for advanced use)."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Flush and release the store (its directory lock is freed)."""
        if self._store is not None:
            if not self.read_only and self.location is not None:
                with contextlib.suppress(OSError):  # flushing is best effort
                    self._store.flush()
            self._store = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self.oxigraph)

    def __repr__(self) -> str:
        where = "memory" if self.location is None else str(self.location)
        return f"<kg Store {where} base={self.base!r}>"

    # ------------------------------------------------------------------ writing

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreError(
                f"store '{self.location}' is open read-only; open it with read_only=False to write"
            )
        store = self.oxigraph
        if not self._ontology_checked:
            self._ensure_ontology(store)
            self._ontology_checked = True
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
        store.remove_graph(graph) if store.contains_named_graph(graph) else None
        store.extend(quads)

    def replace_article(self, article: Article, relations: Sequence[Relation]) -> None:
        """Write one article's graph, replacing any previous version, in one transaction.

        Raises
        ------
        InputError
            When a relation is not in the vocabulary (nothing is written).
        """
        self._write_graphs(
            {article_iri(article, self.base).value: _article(self, article, relations)}
        )

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
        written = 0
        for article, relations in items:
            pending[article_iri(article, self.base).value] = _article(self, article, relations)
            if len(pending) >= batch:
                self._write_graphs(pending)
                written += len(pending)
                pending = {}
                if self._recycle_due:
                    self._recycle()
        if pending:
            self._write_graphs(pending)
            written += len(pending)
        return written

    def load_nquads(self, source: str | Path | IO[bytes], *, batch: int = 64) -> int:
        """Bulk-load N-Quads (e.g. shards of the distributed engine); returns the quad count.

        Each named graph in the input replaces the graph of the same name in the
        store (so loading a shard twice changes nothing); graphs are written
        ``batch`` at a time, each batch in one transaction.
        """
        store = self._writable()
        return load_graph_batches(
            source, batch=batch, write_graphs=self._write_graphs, write_default=store.extend
        )

    def _write_graphs(
        self, graphs: Mapping[str, list[ox.Quad]], append: set[str] | None = None
    ) -> None:
        """Replace the given graphs and refresh the pair summaries they touch, atomically."""
        store = self._writable()
        # Pair summaries are kept by delta (current - old graph + new graph), read by
        # index lookups only, so a write costs O(its own quads) whatever the store size.
        old: dict[tuple[str, str, str], list[str | None]] = {}
        new: dict[tuple[str, str, str], list[str | None]] = {}
        replaced = {n for n in graphs if append is None or n not in append}
        old_labels: set[tuple[Any, Any]] = set()
        for name in replaced:
            old_quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
            _contributions(old_quads, old)
            old_labels |= self._actor_labels(old_quads)
        new_labels: set[tuple[Any, Any]] = set()
        for quads in graphs.values():
            _contributions(quads, new)
            new_labels |= self._actor_labels(quads)
        summary_delete: list[ox.Quad] = []
        summary_insert: list[ox.Quad] = []
        sg = self._summary
        for key in old.keys() | new.keys():
            node = ox.NamedNode(self._summary_node(*key))
            current = list(store.quads_for_pattern(node, None, None, sg))
            summary_delete += current
            cur = {q.predicate.value: _v(q.object) for q in current}
            count = int(cur.get(GEO_IRI + "evidenceCount", 0))
            gone, added = old.get(key, []), new.get(key, [])
            count += len(added) - len(gone)
            if count <= 0:
                continue
            first, last = cur.get(GEO_IRI + "firstDate"), cur.get(GEO_IRI + "lastDate")
            gone_dates = {d for d in gone if d}
            if count == len(added):
                dates = [d for d in added if d]
            elif first in gone_dates or last in gone_dates:
                dates = self._pair_dates(key, exclude=replaced) + [d for d in added if d]
            else:
                dates = [d for d in (first, last, *added) if d]
            summary_insert += self._summary_quads(node, key, count, dates)
        # Actor labels: add the ones the summary graph lacks; drop one only when no
        # article graph outside this write still states it.
        for a, label in new_labels:
            quad = ox.Quad(a, _PREF_LABEL, label, sg)
            if quad not in store:
                summary_insert.append(quad)
        for a, label in old_labels - new_labels:
            if not self._labelled_elsewhere(a, label, replaced):
                summary_delete.append(ox.Quad(a, _PREF_LABEL, label, sg))

        parts: list[str] = []
        if summary_delete:
            parts.append("DELETE DATA {\n" + _quads_text(summary_delete) + "}")
        for name in graphs:
            if append is None or name not in append:
                parts.append(f"DROP SILENT GRAPH <{name}>")
        body = io.StringIO()
        for name, quads in graphs.items():
            body.write(f"GRAPH <{name}> {{\n")
            for q in quads:
                body.write(f"{q.subject} {q.predicate} {q.object} .\n")
            body.write("}\n")
        if summary_insert:
            body.write(_quads_text(summary_insert))
        parts.append(f"INSERT DATA {{\n{body.getvalue()}}}")
        try:
            store.update(" ;\n".join(parts))
            # RocksDB keeps written data in memtables until flushed: without this, a
            # long build's memory grows by ~85 MiB per 1,000 articles.
            self._unflushed += len(graphs)
            if self._unflushed >= _FLUSH_EVERY and self.location is not None:
                store.flush()
                self._unflushed = 0
                self._recycle_due = True
        except OSError as exc:
            raise StoreError(f"cannot write to store '{self.location}': {exc}") from exc

    def _actor_labels(self, quads: Iterable[ox.Quad]) -> set[tuple[Any, Any]]:
        """(actor, label) of the ``rdfs:label`` quads about actors among ``quads``."""
        prefix = self._actor_prefix
        return {
            (q.subject, q.object)
            for q in quads
            if q.predicate == _RDFS_LABEL
            and isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(prefix)
        }

    def _labelled_elsewhere(self, actor: Any, label: Any, exclude: set[str]) -> bool:
        """True when a content graph not in ``exclude`` gives ``actor`` this label."""
        internal = {ONTOLOGY_GRAPH, self._summary.value}
        for q in self.oxigraph.quads_for_pattern(actor, _RDFS_LABEL, label, None):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value not in exclude and g.value not in internal:
                return True
        return False

    def _summary_quads(
        self, node: ox.NamedNode, key: tuple[str, str, str], count: int, dates: list[str]
    ) -> list[ox.Quad]:
        g = self._summary
        xsd_int = ox.NamedNode(_XSD + "integer")
        out = [
            ox.Quad(node, ox.NamedNode(_RDF + "type"), ox.NamedNode(GEO_IRI + "PairSummary"), g),
            ox.Quad(node, ox.NamedNode(_RDF + "subject"), ox.NamedNode(key[0]), g),
            ox.Quad(node, ox.NamedNode(_RDF + "predicate"), ox.NamedNode(key[1]), g),
            ox.Quad(node, ox.NamedNode(_RDF + "object"), ox.NamedNode(key[2]), g),
            ox.Quad(
                node,
                ox.NamedNode(GEO_IRI + "evidenceCount"),
                ox.Literal(str(count), datatype=xsd_int),
                g,
            ),
            ox.Quad(
                node,
                ox.NamedNode(GEO_IRI + "sign"),
                ox.Literal(str(self._rel_iris[key[1]]), datatype=xsd_int),
                g,
            ),
        ]
        if dates:
            xsd_date = ox.NamedNode(_XSD + "date")
            out.append(
                ox.Quad(
                    node,
                    ox.NamedNode(GEO_IRI + "firstDate"),
                    ox.Literal(min(dates), datatype=xsd_date),
                    g,
                )
            )
            out.append(
                ox.Quad(
                    node,
                    ox.NamedNode(GEO_IRI + "lastDate"),
                    ox.Literal(max(dates), datatype=xsd_date),
                    g,
                )
            )
        return out

    def _pair_dates(self, key: tuple[str, str, str], exclude: set[str]) -> list[str]:
        """Dates of the asserted events of a pair outside the graphs being replaced."""
        store = self.oxigraph
        found: dict[tuple[str, str], list[ox.Quad]] = {}
        for q in store.quads_for_pattern(
            None, ox.NamedNode(GEO_IRI + "source"), ox.NamedNode(key[0]), None
        ):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value not in exclude:
                found[(_v(q.subject), g.value)] = list(
                    store.quads_for_pattern(q.subject, None, None, g)
                )
        acc: dict[tuple[str, str, str], list[str | None]] = {}
        for quads in found.values():
            _contributions(quads, acc)
        return [d for d in acc.get(key, []) if d]

    def _summary_node(self, s: str, p: str, o: str) -> str:
        digest = hashlib.sha1(f"{s}\x1f{p}\x1f{o}".encode()).hexdigest()[:20]
        return mint_iri(self.base, "summary", digest)

    def _summary_update(self, pairs: Iterable[tuple[str, str, str]]) -> list[str]:
        rows = []
        for s, p, o in sorted(pairs):
            rows.append(f"(<{self._summary_node(s, p, o)}> <{s}> <{p}> <{o}> {self._rel_iris[p]})")
        values = "\n".join(rows)
        g = self._summary.value
        delete = (
            f"DELETE {{ GRAPH <{g}> {{ ?n ?p ?o }} }} WHERE {{ "
            f"VALUES (?n ?s ?r ?t ?sign) {{ {values} }} GRAPH <{g}> {{ ?n ?p ?o }} }}"
        )
        insert = f"""INSERT {{ GRAPH <{g}> {{
  ?n a <{GEO_IRI}PairSummary> ; <{_RDF}subject> ?s ; <{_RDF}predicate> ?r ; <{_RDF}object> ?t ;
     <{GEO_IRI}evidenceCount> ?c ; <{GEO_IRI}sign> ?sign ;
     <{GEO_IRI}firstDate> ?d1 ; <{GEO_IRI}lastDate> ?d2 .
}} }} WHERE {{
  SELECT ?n ?s ?r ?t ?sign (COUNT(DISTINCT ?e) AS ?c) (MIN(?d) AS ?d1) (MAX(?d) AS ?d2) WHERE {{
    VALUES (?n ?s ?r ?t ?sign) {{ {values} }}
    GRAPH ?g {{ ?e <{GEO_IRI}source> ?s ; <{GEO_IRI}relation> ?r ; <{GEO_IRI}target> ?t ;
               <{GEO_IRI}negated> false ; <{GEO_IRI}modality> <{GEO_IRI}Asserted> .
               OPTIONAL {{ ?e <{GEO_IRI}date> ?d }} }}
  }} GROUP BY ?n ?s ?r ?t ?sign
}}"""
        actors = " ".join(sorted({f"<{a}>" for s, _, o in pairs for a in (s, o)}))
        # labels of the actors of the pairs that have a summary now (so the result
        # depends on the data only, not on which pairs were asked for)
        labels = (
            f"INSERT {{ GRAPH <{g}> {{ ?a <{_PREF_LABEL.value}> ?l }} }} WHERE {{ "
            f"{{ SELECT DISTINCT ?a WHERE {{ VALUES ?a {{ {actors} }} "
            f"GRAPH <{g}> {{ ?n <{_RDF}subject>|<{_RDF}object> ?a }} }} }} "
            f"GRAPH ?h {{ ?a <{_RDFS_LABEL.value}> ?l }} "
            f"FILTER(?h != <{g}> && ?h != <{ONTOLOGY_GRAPH}>) }}"
        )
        return [delete, insert, labels]

    def rebuild_summary(self) -> int:
        """Recompute every pair summary from the events (after a raw bulk load); returns
        the number of pairs."""
        store = self._writable()
        pairs = {
            (_v(q.subject), q.predicate.value, q.object.value)
            for p in self._rel_iris
            for q in store.quads_for_pattern(None, ox.NamedNode(p), None, None)
            if isinstance(q.object, ox.NamedNode) and not isinstance(q.graph_name, ox.DefaultGraph)
        }
        store.update(f"DROP SILENT GRAPH <{self._summary.value}>")
        pair_list = sorted(pairs)
        for i in range(0, len(pair_list), 2000):
            store.update(" ;\n".join(self._summary_update(pair_list[i : i + 2000])))
        # every actor's labels, also of actors in no pair (as the delta path keeps them)
        g = self._summary.value
        store.update(
            f"INSERT {{ GRAPH <{g}> {{ ?a <{_PREF_LABEL.value}> ?l }} }} WHERE {{ "
            f"GRAPH ?h {{ ?a <{_RDFS_LABEL.value}> ?l }} "
            f"FILTER(?h != <{g}> && ?h != <{ONTOLOGY_GRAPH}> "
            f'&& STRSTARTS(STR(?a), "{self._actor_prefix}")) }}'
        )
        return len(pairs)

    def optimize(self) -> None:
        """Compact the on-disk store (after a bulk build: smaller and faster to read)."""
        store = self._writable()
        if self.location is not None:
            try:
                store.flush()
                store.optimize()
            except OSError as exc:
                raise StoreError(f"cannot optimize store '{self.location}': {exc}") from exc

    def remove_article(self, article_id: str) -> bool:
        """Delete one article's graph (and update the summaries); False when absent."""
        if not self.has_article(article_id):
            return False
        self._write_graphs({article_iri(article_id, self.base).value: []})
        self.oxigraph.remove_graph(article_iri(article_id, self.base))
        return True

    # ------------------------------------------------------------------ reading

    def has_article(self, article_id: str) -> bool:
        """True when the store holds a graph for this article id."""
        return bool(self.oxigraph.contains_named_graph(article_iri(article_id, self.base)))

    def article_ids(self) -> Iterator[str]:
        """Ids of the articles in the store (graph names under ``{base}article/``)."""
        from urllib.parse import unquote

        prefix = f"{self.base}article/"
        for g in self.oxigraph.named_graphs():
            if isinstance(g, ox.NamedNode) and g.value.startswith(prefix):
                yield unquote(g.value[len(prefix) :])

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all graphs.

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
        >>> with open_store(None) as s:
        ...     s.query("ASK { ?x ?y ?z }").boolean
        False
        >>> with open_store(None) as s:
        ...     s.query("SELECT ?x WHERE { VALUES ?x { 1 2 3 } FILTER(?x > ?min) }",
        ...             bindings={"min": 1}).rows
        [{'x': 2}, {'x': 3}]
        """
        try:
            result = self._run(sparql, bindings or {})
            if isinstance(result, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                rows = [{n: _py(sol[n]) for n in names} for sol in result]
                return QueryResult("select", vars=names, rows=rows)
            triples = [(_py(t.subject), _py(t.predicate), _py(t.object)) for t in result]
            return QueryResult("graph", vars=["subject", "predicate", "object"], triples=triples)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_syntax_message(exc)}") from exc
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def _run(self, sparql: str, bindings: Mapping[str, Any]) -> Any:
        store = self.oxigraph
        opts: dict[str, Any] = {"prefixes": self._prefixes, "use_default_graph_as_union": True}
        if not bindings:
            return store.query(sparql, **opts)
        terms = {k.lstrip("?$"): _term(v) for k, v in bindings.items()}
        try:
            # SEP-0007 substitution: exact, but only for projected variables.
            return store.query(
                sparql, substitutions={ox.Variable(k): t for k, t in terms.items()}, **opts
            )
        except RuntimeError as exc:
            if "projection" not in str(exc):
                raise
        # Otherwise put a VALUES block of serialized terms (escaped by Oxigraph, so a
        # value can never change the query's meaning) at the top of the WHERE group,
        # where it constrains triple patterns, filters and aggregates alike.
        names = " ".join(f"?{k}" for k in terms)
        values = " ".join(str(t) for t in terms.values())
        return store.query(_inject_values(sparql, f" VALUES ({names}) {{ ({values}) }} "), **opts)

    def raw_query(self, sparql: str, **kwargs: Any) -> Any:
        """The pyoxigraph result of a query (for streaming or serializing results)."""
        try:
            return self.oxigraph.query(
                sparql, prefixes=self._prefixes, use_default_graph_as_union=True, **kwargs
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_syntax_message(exc)}") from exc
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def _content_quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        store = self.oxigraph
        if graph is not None:
            node = article_iri(graph, self.base)
            if not store.contains_named_graph(node):
                raise StoreError(
                    f"no article {graph!r} in the store; list articles with: "
                    "kg query 'SELECT ?a WHERE { ?a a geo:Article }'"
                )
            yield from store.quads_for_pattern(None, None, None, node)
            return
        # The ontology ships with geokg and the summaries are derived: exports carry
        # the articles' statements only (and any default-graph data).
        skip = {ONTOLOGY_GRAPH, self._summary.value}
        for q in store:
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value in skip:
                continue
            yield q

    def export(self, fmt: str, out: BinaryIO, *, graph: str | None = None) -> None:
        """Stream the articles' statements to ``out`` in one of :data:`EXPORT_FORMATS`.

        ``graph`` (an article id) exports that article's graph only. Triple
        formats (turtle, nt, json-ld for a graph) merge the article graphs;
        ``trig``/``nquads`` keep them. The ontology and summary graphs are left out.

        Raises
        ------
        ConfigError
            For an unknown format.
        StoreError
            For an unknown article.

        Examples
        --------
        >>> import io
        >>> with open_store(None) as s:
        ...     s.export("tll", io.BytesIO())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.ConfigError: unknown format 'tll'; expected one of turtle, nt, nquads, trig, ...
        """
        rdf_format = EXPORT_FORMATS.get(fmt)
        if rdf_format is None:
            raise ConfigError(
                f"unknown format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}"
            )
        quads = self._content_quads(graph)
        data: Iterable[Any]
        if rdf_format.supports_datasets and not (fmt == "json-ld" and graph is not None):
            data = quads
        else:
            data = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        prefixes = self._prefixes if fmt in ("turtle", "trig") else None
        try:
            ox.serialize(data, out, rdf_format, prefixes=prefixes)
        except (OSError, ValueError) as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise StoreError(f"cannot export as {fmt}: {exc}") from exc

    def stats(self) -> dict[str, Any]:
        """What the store holds: articles, actors, events by relation, date range.

        Examples
        --------
        >>> with open_store(None) as s:
        ...     s.stats()["articles"]
        0
        """

        location = "memory" if self.location is None else str(self.location)
        return graph_stats(
            self.query, location=location, base=self.base, triples=len(self.oxigraph)
        )

    def validate(self, *, graph: str | None = None) -> list[Violation]:
        """Check the articles' statements against ``ontology/shapes.ttl`` (pyshacl).

        Returns
        -------
        list of Violation
            Empty when everything conforms.

        Examples
        --------
        >>> with open_store(None) as s:
        ...     s.validate()
        []
        """
        import pyshacl
        import rdflib

        data = rdflib.Graph()
        for prefix, iri in self._prefixes.items():
            data.bind(prefix, iri, override=True, replace=True)
        from kg.rdf import _to_rdflib

        for q in self._content_quads(graph):
            data.add((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)))
        shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")
        conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
        if conforms:
            return []
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        out = []
        for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):

            def val(p: Any, r: Any = result) -> str:
                v = report.value(r, p)
                return (
                    ""
                    if v is None
                    else data.namespace_manager.normalizeUri(v)
                    if isinstance(v, rdflib.URIRef)
                    else str(v)
                )

            out.append(
                Violation(
                    focus=val(sh.focusNode),
                    path=val(sh.resultPath),
                    message=val(sh.resultMessage),
                    value=val(sh.value),
                    severity=val(sh.resultSeverity).rpartition("#")[2].removeprefix("sh:"),
                )
            )
        return sorted(out, key=lambda v: (v.focus, v.path, v.message))

    def to_rdflib(self, *, graph: str | None = None) -> rdflib.Dataset:
        """The articles' statements as an rdflib Dataset (a copy; named graphs kept).

        Examples
        --------
        >>> with open_store(None) as s:
        ...     len(list(s.to_rdflib().quads()))
        0
        """
        from kg.rdf import to_rdflib_dataset

        return to_rdflib_dataset(self._content_quads(graph), self.base)


def load_graph_batches(
    source: str | Path | IO[bytes],
    *,
    batch: int,
    write_graphs: Callable[..., None],
    write_default: Callable[[list[ox.Quad]], Any],
) -> int:
    """Read N-Quads and hand them on ``batch`` named graphs at a time; returns the
    quad count (shared by the embedded and the remote store).

    ``write_graphs(graphs, append=done)`` replaces each graph unless it is in
    ``done`` (a graph split across batches is appended to, not replaced again);
    default-graph quads go to ``write_default`` at the end.
    """
    try:
        if isinstance(source, str | Path):
            quads = ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)
        else:
            quads = ox.parse(source, format=ox.RdfFormat.N_QUADS)
        pending: dict[str, list[ox.Quad]] = {}
        done: set[str] = set()
        default: list[ox.Quad] = []
        count = 0
        for q in quads:
            count += 1
            if isinstance(q.graph_name, ox.DefaultGraph):
                default.append(q)
                continue
            name = q.graph_name.value
            if name not in pending and len(pending) >= batch:
                write_graphs(pending, append=done)
                done.update(pending)
                pending = {}
            pending.setdefault(name, []).append(q)
        if pending:
            write_graphs(pending, append=done)
        if default:
            write_default(default)
    except (SyntaxError, OSError) as exc:
        raise InputError(f"cannot read N-Quads from {source}: {exc}") from exc
    return count


def graph_stats(
    query: Callable[[str], QueryResult], *, location: str, base: str, triples: int
) -> dict[str, Any]:
    """Articles, actors, events by relation and the date range, by SPARQL through
    ``query`` (shared by the embedded store and :class:`kg.remote.RemoteStore`)."""

    def one(q: str) -> dict[str, Any]:
        rows = query(q).rows
        return rows[0] if rows else {}

    counts = one(
        """SELECT (COUNT(DISTINCT ?a) AS ?articles) WHERE { GRAPH ?g { ?a a geo:Article } }"""
    )
    actors = one(
        """SELECT (COUNT(DISTINCT ?x) AS ?actors) WHERE {
             GRAPH ?g { ?x a ?c } FILTER(?c IN (geo:State, geo:Government,
             geo:InternationalOrganization, geo:ArmedGroup, geo:PoliticalGroup,
             geo:Organization, geo:Person, geo:Media, geo:Group)) }"""
    )
    dates = one(
        """SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) (COUNT(DISTINCT ?e) AS ?events)
           WHERE { GRAPH ?g { { ?e a geo:Interaction . OPTIONAL { ?e geo:date ?d } }
                              UNION { ?a a geo:Article ; dcterms:date ?d } } }"""
    )
    by_rel: dict[str, int] = {}
    for row in query(
        """SELECT ?r (COUNT(?e) AS ?n) WHERE {
             GRAPH ?g { ?e a geo:Interaction ; geo:relation ?r } }
           GROUP BY ?r ORDER BY DESC(?n)"""
    ).rows:
        by_rel[str(row["r"]).removeprefix(GEO_IRI)] = int(row["n"])
    negated = one("""SELECT (COUNT(?e) AS ?n) WHERE { GRAPH ?g { ?e geo:negated true } }""")
    return {
        "location": location,
        "base": base,
        "triples": triples,
        "articles": int(counts.get("articles") or 0),
        "actors": int(actors.get("actors") or 0),
        "events": int(dates.get("events") or 0),
        "negated": int(negated.get("n") or 0),
        "by_relation": by_rel,
        "first_date": dates.get("first"),
        "last_date": dates.get("last"),
    }


def _inject_values(sparql: str, values: str) -> str:
    """Insert ``values`` just inside the query's WHERE group (or its first group)."""
    blank = _OPAQUE_RE.sub(lambda m: " " * len(m.group()), sparql)
    m = _WHERE_RE.search(blank)
    pos = m.end() if m else blank.find("{") + 1
    if pos <= 0:
        raise QueryError("cannot bind variables: the query has no WHERE group")
    return sparql[:pos] + values + sparql[pos:]


_ASSERTED = GEO_IRI + "Asserted"
#: article graphs written between two flushes of the embedded store.
_FLUSH_EVERY = 256


def _malloc_trim() -> None:
    """Return freed heap pages to the operating system (glibc only; else nothing)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _contributions(
    quads: Iterable[ox.Quad], acc: dict[tuple[str, str, str], list[str | None]]
) -> None:
    """Add the asserted, non-negated events among ``quads`` to ``acc`` (pair -> dates)."""
    events: dict[str, dict[str, str]] = {}
    for q in quads:
        p = q.predicate.value
        if p.startswith(GEO_IRI):
            local = p[len(GEO_IRI) :]
            if local in ("source", "target", "relation", "negated", "modality", "date"):
                events.setdefault(_v(q.subject), {})[local] = _v(q.object)
    for ev in events.values():
        if (
            ev.get("negated") == "false"
            and ev.get("modality") == _ASSERTED
            and "source" in ev
            and "target" in ev
            and "relation" in ev
        ):
            acc.setdefault((ev["source"], ev["relation"], ev["target"]), []).append(ev.get("date"))


def _quads_text(quads: Iterable[ox.Quad]) -> str:
    body = io.StringIO()
    for q in quads:
        body.write(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}\n")
    return body.getvalue()


def _v(term: Any) -> str:
    return str(term.value) if hasattr(term, "value") else str(term)


def _article(store: Store, article: Article, relations: Sequence[Relation]) -> list[ox.Quad]:
    return article_quads(article, relations, base=store.base)


def _syntax_message(exc: SyntaxError) -> str:
    # pyoxigraph: "error at 1:26: expected one of ..." -> "line 1, column 26: expected ..."
    msg = str(exc)
    if msg.startswith("error at "):
        where, _, rest = msg[len("error at ") :].partition(": ")
        line, _, col = where.partition(":")
        if line.isdigit() and col.split("-")[0].isdigit():
            return f"line {line}, column {col}: {rest}"
    return msg


def open_store(
    location: str | Path | None = "kg-store",
    *,
    base: str = DEFAULT_BASE,
    read_only: bool = False,
) -> Any:
    """Open the store at a directory (embedded Oxigraph) or a SPARQL endpoint URL.

    Parameters
    ----------
    location : str, Path or None
        A directory (created when missing unless ``read_only``), an
        ``http(s)://`` URL of a SPARQL 1.1 endpoint with the Graph Store
        Protocol (:class:`kg.remote.RemoteStore`), or None for a store in memory.
    base : str
        Base IRI of actors, events and articles.
    read_only : bool
        Refuse writes; an embedded store must already exist.

    Examples
    --------
    >>> with open_store(None) as s:
    ...     len(s)
    0
    """
    if isinstance(location, str) and location.startswith(("http://", "https://")):
        from kg import remote

        return remote.RemoteStore(location, base=base, read_only=read_only)
    return Store(location, base=base, read_only=read_only)


# --------------------------------------------------------------------------- build


@dataclass
class BuildReport:
    """What :func:`build` did."""

    articles: int = 0
    relations: int = 0
    skipped: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input was skipped."""
        return self.skipped == 0

    def handler(
        self, on_error: Callable[[InputError], None] | None
    ) -> Callable[[InputError], None]:
        """An ``on_error`` callback that counts skipped inputs (not warnings) and
        keeps their messages, then passes each error on to ``on_error``."""
        from kg.ingest import InputWarning

        def handle(err: InputError) -> None:
            if not isinstance(err, InputWarning):
                self.skipped += 1
            self.messages.append(str(err))
            if on_error is not None:
                on_error(err)

        return handle

    def summary(self) -> str:
        """One line for the user."""
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        line = (
            f"{self.articles} article{'s' if self.articles != 1 else ''}, "
            f"{self.relations} relation{'s' if self.relations != 1 else ''} "
            f"in {self.seconds:.1f} s ({rate:.1f} articles/s)"
        )
        if self.skipped:
            line += f"; {self.skipped} input{'s' if self.skipped != 1 else ''} skipped"
        return line


def build(
    sources: Iterable[str | Path] | str | Path,
    *,
    store: str | Path | Store | Any = "kg-store",
    model: str | None = None,
    workers: int = 1,
    batch_size: int = 8,
    base: str = DEFAULT_BASE,
    text_key: str = "text",
    on_error: Callable[[InputError], None] | None = None,
    progress: bool = True,
    write_batch: int = 64,
    engine: str = "local",
    scheduler: str | None = None,
    shard_dir: str | Path | None = None,
    actors: Iterable[str | Path] | None = None,
) -> BuildReport:
    """Read articles, extract relations and write them into the store, streaming.

    Articles are read lazily (:func:`kg.ingest.read_articles`), parsed in
    batches (:func:`kg.extract.iter_extractions`) and written ``write_batch``
    articles per transaction, so memory stays flat and an interruption leaves
    whole articles only. Re-building an article replaces its graph.

    Parameters
    ----------
    sources : path or iterable of paths
        Files, directories or ``-`` (see :func:`kg.ingest.read_articles`).
    store : str, Path or Store
        Store directory, endpoint URL, or an open store (left open).
    model, workers, batch_size
        Passed to the extractor.
    base : str
        Base IRI (when the store is opened here).
    text_key : str
        Field name of the text in JSON lines.
    on_error : callable, optional
        Receives each skipped input (:class:`~kg.errors.InputError`); skipped
        inputs are always counted in the report.
    progress : bool
        Show a progress bar on standard error.
    engine : {"local", "dask"}
        ``"dask"`` extracts on a Dask cluster and bulk-loads N-Quads shards
        (:func:`kg.distributed.build_dask`).
    scheduler : str, optional
        Dask scheduler address (``tcp://HOST:8786``); None starts a local cluster.
    shard_dir : str or Path, optional
        Shard directory of the Dask engine (default: a temporary directory).
    actors : paths, optional
        Turtle files extending the actor knowledge base (``$GEOKG_ACTORS`` when
        None; see :func:`kg.nlp.pipeline.actor_files`).

    Returns
    -------
    BuildReport
    """
    if engine not in ("local", "dask"):
        raise ConfigError(f"unknown engine {engine!r}; expected one of local, dask")
    if engine == "local" and (scheduler is not None or shard_dir is not None):
        raise ConfigError("--scheduler and --shard-dir need --engine dask")
    if engine == "dask":
        from kg.distributed import build_dask

        return build_dask(
            sources,
            store=store,
            model=model,
            workers=workers,
            scheduler=scheduler,
            batch_size=batch_size,
            shard_dir=shard_dir,
            base=base,
            text_key=text_key,
            on_error=on_error,
            progress=progress,
            actors=actors,
        )
    from kg.extract import iter_extractions
    from kg.ingest import read_articles

    if isinstance(sources, str | Path):
        sources = [sources]
    report = BuildReport()
    handle = report.handler(on_error)

    own = isinstance(store, str | Path)
    target: Any = open_store(store, base=base) if isinstance(store, str | Path) else store
    start = time.perf_counter()
    try:
        articles = read_articles(sources, text_key=text_key, on_error=handle)
        pairs = iter_extractions(
            articles, model=model, batch_size=batch_size, workers=workers, actors=actors
        )
        with _Progress(enabled=progress, report=report) as bar:

            def counted() -> Iterator[tuple[Article, list[Relation]]]:
                for article, relations in pairs:
                    report.articles += 1
                    report.relations += len(relations)
                    bar.advance()
                    yield article, relations

            target.add_extractions(counted(), batch=write_batch)
    finally:
        report.seconds = time.perf_counter() - start
        if own:
            target.close()
    return report


class _Progress:
    """A rich progress line (articles, articles/s, relations, skipped) on stderr."""

    def __init__(self, *, enabled: bool, report: BuildReport) -> None:
        self.enabled = enabled and not os.environ.get("GEOKG_NO_PROGRESS")
        self.report = report
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]building[/]"),
                TextColumn("{task.completed} articles"),
                TextColumn("{task.fields[rate]:.1f}/s"),
                TextColumn("{task.fields[relations]} relations"),
                TextColumn("{task.fields[skipped]} skipped"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(
                "build", total=None, rate=0.0, relations=0, skipped=0
            )
            self._start = time.perf_counter()
        return self

    def advance(self) -> None:
        if self._progress is None:
            return
        elapsed = max(time.perf_counter() - self._start, 1e-9)
        self._progress.update(
            self._task,
            advance=1,
            rate=self.report.articles / elapsed,
            relations=self.report.relations,
            skipped=self.report.skipped,
        )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.update(self._task, skipped=self.report.skipped)
            self._progress.stop()
