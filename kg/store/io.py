"""Reading, writing and checking RDF for every store backend.

Export formats, file formats by suffix, the N-Quads batch loader, SHACL
validation and the statistics of :meth:`kg.store.Store.stats` — each written
once and used by the embedded and the remote store.

Examples
--------
>>> format_of("shard-01.nq"), format_of("graph.ttl")
('nquads', 'turtle')
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

import pyoxigraph as ox

from kg.errors import ConfigError, InputError, StoreError
from kg.store.results import QueryResult
from kg.vocab import GEO_IRI, ontology_path

__all__ = [
    "EXPORT_FORMATS",
    "FILE_SUFFIXES",
    "Violation",
    "compact_jsonld",
    "export_quads",
    "format_of",
    "graph_stats",
    "load_graph_batches",
    "parse_quads",
    "validate_quads",
]

#: ``kg export --format`` names -> pyoxigraph formats.
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}

#: file suffix -> format name (of :data:`EXPORT_FORMATS`).
FILE_SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
}


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


def _format(fmt: str) -> ox.RdfFormat:
    rdf_format = EXPORT_FORMATS.get(fmt)
    if rdf_format is None:
        raise ConfigError(f"unknown format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    return rdf_format


def format_of(path: str | Path) -> str:
    """The format name of an RDF file, from its suffix.

    Raises
    ------
    ConfigError
        For an unknown suffix, naming the known ones.
    """
    fmt = FILE_SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise ConfigError(
            f"cannot tell the RDF format of {str(path)!r}; expected a file ending in "
            f"{', '.join(FILE_SUFFIXES)}"
        )
    return fmt


def parse_quads(source: str | Path | IO[bytes], fmt: str) -> Iterator[ox.Quad]:
    """Quads of an RDF file or stream (triples formats give default-graph quads).

    Raises
    ------
    InputError
        When the input cannot be read or parsed.
    """
    rdf_format = _format(fmt)
    try:
        if isinstance(source, str | Path):
            parsed = ox.parse(path=str(source), format=rdf_format)
        else:
            parsed = ox.parse(source, format=rdf_format)
        for item in parsed:
            if isinstance(item, ox.Quad):
                yield item
            else:
                yield ox.Quad(item.subject, item.predicate, item.object, ox.DefaultGraph())
    except (SyntaxError, OSError) as exc:
        name = source if isinstance(source, str | Path) else "the input"
        raise InputError(f"cannot read {fmt} from {name}: {exc}") from exc


def export_quads(
    quads: Iterable[ox.Quad],
    fmt: str,
    out: BinaryIO,
    *,
    prefixes: Mapping[str, str] | None = None,
    single_graph: bool = False,
) -> None:
    """Serialize ``quads`` to ``out``; triple formats merge the graphs.

    Raises
    ------
    ConfigError
        For an unknown format.
    StoreError
        When writing fails.
    """
    rdf_format = _format(fmt)
    data: Iterable[Any]
    if rdf_format.supports_datasets and not (fmt == "json-ld" and single_graph):
        data = quads
    else:
        data = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    use = dict(prefixes) if prefixes is not None and fmt in ("turtle", "trig") else None
    try:
        if fmt == "json-ld" and prefixes:
            # pyoxigraph writes expanded JSON-LD: compact its IRIs with a @context
            buf = io.BytesIO()
            ox.serialize(data, buf, rdf_format)
            out.write(compact_jsonld(buf.getvalue(), prefixes))
        else:
            ox.serialize(data, out, rdf_format, prefixes=use)
    except (OSError, ValueError) as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise StoreError(f"cannot export as {fmt}: {exc}") from exc


def compact_jsonld(expanded: bytes, prefixes: Mapping[str, str]) -> bytes:
    """Expanded JSON-LD as a compact document: ``{"@context": prefixes, "@graph": [...]}``
    with every IRI under a prefix written ``prefix:local`` (keys, ``@id`` and ``@type``).

    The statements are the same (JSON-LD processors expand the compact IRIs back);
    the document is held in memory to rewrite it.

    Examples
    --------
    >>> doc = b'[{"@id": "https://e.org/a/1", "https://e.org/v#p": [{"@id": "https://e.org/a/2"}]}]'
    >>> compact_jsonld(doc, {"a": "https://e.org/a/", "v": "https://e.org/v#"}).decode()
    '{"@context":{"a":"https://e.org/a/","v":"https://e.org/v#"},"@graph":[{"@id":"a:1","v:p":[{"@id":"a:2"}]}]}'
    """
    spaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def iri(value: str) -> str:
        for prefix, ns in spaces:
            local = value[len(ns) :]
            if value.startswith(ns) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return value

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("@id", "@type"):
                value = [iri(v) for v in value] if isinstance(value, list) else iri(value)
            elif not key.startswith("@"):
                key, value = iri(key), walk(value)
            elif key == "@graph":
                value = walk(value)
            out[key] = value
        return out

    data = json.loads(expanded)
    graph = walk(data if isinstance(data, list) else [data])
    doc = {"@context": dict(prefixes), "@graph": graph}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def load_graph_batches(
    quads: Iterable[ox.Quad],
    *,
    batch: int,
    write_graphs: Callable[..., None],
    write_default: Callable[[list[ox.Quad]], Any],
) -> int:
    """Hand quads on ``batch`` named graphs at a time; returns the quad count.

    ``write_graphs(graphs, append=done)`` replaces each graph unless it is in
    ``done`` (a graph split across batches is appended to, not replaced again);
    default-graph quads go to ``write_default`` at the end.
    """
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
    return count


def validate_quads(quads: Iterable[ox.Quad], prefixes: Mapping[str, str]) -> list[Violation]:
    """Check quads (merged into one graph) against ``ontology/shapes.ttl`` (pyshacl)."""
    import pyshacl
    import rdflib

    from kg.rdf import to_rdflib_term

    data = rdflib.Graph()
    for prefix, iri in prefixes.items():
        data.bind(prefix, iri, override=True, replace=True)
    for q in quads:
        data.add((to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)))
    shapes = rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    if conforms:
        return []
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    out = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):

        def val(p: Any, r: Any = result) -> str:
            v = report.value(r, p)
            if v is None:
                return ""
            if isinstance(v, rdflib.URIRef):
                return data.namespace_manager.normalizeUri(v)
            return str(v)

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


def graph_stats(
    query: Callable[[str], QueryResult], *, location: str, base: str, triples: int
) -> dict[str, Any]:
    """Articles, actors, events by relation and the date range, by SPARQL through ``query``."""

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
    events = one(
        """SELECT (COUNT(DISTINCT ?e) AS ?events) WHERE { GRAPH ?g { ?e a geo:Interaction } }"""
    )
    # Days and months (xsd:date, xsd:gYearMonth) compared as ISO text; untyped values
    # are left out.
    dates = one(
        """SELECT (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) WHERE {
             GRAPH ?g { { ?e a geo:Interaction ; geo:date ?d }
                        UNION { ?a a geo:Article ; dcterms:date ?d } }
             FILTER(DATATYPE(?d) IN (xsd:date, xsd:gYearMonth)) }"""
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
        "events": int(events.get("events") or 0),
        "negated": int(negated.get("n") or 0),
        "by_relation": by_rel,
        "first_date": dates.get("first"),
        "last_date": dates.get("last"),
    }
