"""Query answers and term conversion: pyoxigraph terms <-> plain Python values.

:class:`QueryResult` is what :meth:`kg.store.Store.query` returns for every
backend; :func:`to_python` and :func:`to_term` convert single terms;
:func:`bind_values` puts bound values into a query as a ``VALUES`` block of
escaped RDF terms (user input never becomes syntax); :class:`Answer` is a
query answer serialized in a standard results format (what ``kg serve`` sends).

Examples
--------
>>> to_python(to_term(3)), to_python(to_term("Egypt"))
(3, 'Egypt')
>>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": "Egypt"})
'SELECT ?x WHERE { VALUES (?o) { ("Egypt") }  ?x ?p ?o }'
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Answer",
    "QueryResult",
    "bind_values",
    "serialize_answer",
    "syntax_message",
    "term_json",
    "to_python",
    "to_term",
]

_XSD = "http://www.w3.org/2001/XMLSchema#"
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
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_FLOAT_TYPES = {_XSD + "double", _XSD + "float", _XSD + "decimal"}
# Strings, IRIs and comments, blanked out before looking for the WHERE group.
_OPAQUE_RE = re.compile(
    r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.I)

#: names of the SELECT/ASK answer formats of :meth:`kg.store.EmbeddedStore.answer`.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: names of the CONSTRUCT/DESCRIBE answer formats.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf-xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}


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

    Examples
    --------
    >>> r = QueryResult("select", vars=["x"], rows=[{"x": 1}])
    >>> len(r), bool(r), list(r)
    (1, True, [{'x': 1}])
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


@dataclass(frozen=True)
class Answer:
    """A query answer serialized in a standard format (for an HTTP response).

    Attributes
    ----------
    kind : str
        ``"select"``, ``"ask"`` or ``"graph"``.
    body : bytes
        The serialized answer.
    rows : int
        Rows (or triples) in ``body``.
    truncated : bool
        True when ``max_rows`` cut the answer short.
    acceptable : bool
        False when no requested format fits the kind of query (``body`` is empty).
    too_large : bool
        True when the first row alone is over ``max_bytes`` (``body`` is empty).
    """

    kind: str
    body: bytes
    rows: int = 0
    truncated: bool = False
    acceptable: bool = True
    too_large: bool = False


def _term_size(term: Any) -> int:
    """About the bytes one term takes in an answer (its text plus markup)."""
    if isinstance(term, ox.Triple):
        return sum(_term_size(t) for t in (term.subject, term.predicate, term.object))
    size = len(term.value) + 40
    if isinstance(term, ox.Literal):
        size += len(term.datatype.value) if not term.language else len(term.language)
    return size


def term_json(term: Any) -> dict[str, Any]:
    """One RDF term in the SPARQL 1.1 JSON results format.

    Examples
    --------
    >>> term_json(ox.Literal("Egypt", language="en"))
    {'type': 'literal', 'value': 'Egypt', 'xml:lang': 'en'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD + "string", _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"unexpected RDF term {term!r}")


def to_python(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value.

    Examples
    --------
    >>> to_python(ox.Literal("2019-12-14", datatype=ox.NamedNode(_XSD + "date")))
    datetime.date(2019, 12, 14)
    >>> to_python(ox.NamedNode("https://w3id.org/geokg/actor/EGY"))
    'https://w3id.org/geokg/actor/EGY'
    """
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


def _rdflib_term(value: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    import rdflib

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
    return None


def to_term(value: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A Python value (or rdflib/pyoxigraph term) as a pyoxigraph term for bindings.

    Raises
    ------
    QueryError
        For a value of another type.

    Examples
    --------
    >>> str(to_term(True)), str(to_term(1.5))
    ('"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"1.5"^^<http://www.w3.org/2001/XMLSchema#double>')
    """
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    converted = _rdflib_term(value)
    if converted is not None:
        return converted
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


def bind_values(sparql: str, bindings: Mapping[str, Any]) -> str:
    """``sparql`` with a ``VALUES`` block of the bound terms just inside its WHERE group.

    The terms are serialized by pyoxigraph (escaped), so a value can never
    change the query's meaning; the block constrains triple patterns, filters
    and aggregates alike.

    Raises
    ------
    QueryError
        When the query has no group to put the block in, or a value cannot be bound.
    """
    terms = {k.lstrip("?$"): to_term(v) for k, v in bindings.items()}
    names = " ".join(f"?{k}" for k in terms)
    values = " ".join(str(t) for t in terms.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    blank = _OPAQUE_RE.sub(lambda m: " " * len(m.group()), sparql)
    m = _WHERE_RE.search(blank)
    pos = m.end() if m else blank.find("{") + 1
    if pos <= 0:
        raise QueryError("cannot bind variables: the query has no WHERE group")
    return sparql[:pos] + block + sparql[pos:]


def syntax_message(exc: SyntaxError) -> str:
    """pyoxigraph's ``error at 1:26: expected …`` as ``line 1, column 26: expected …``.

    Examples
    --------
    >>> syntax_message(SyntaxError("error at 1:26: expected one of ..."))
    'line 1, column 26: expected one of ...'
    """
    msg = str(exc)
    if msg.startswith("error at "):
        where, _, rest = msg[len("error at ") :].partition(": ")
        line, _, col = where.partition(":")
        if line.isdigit() and col.split("-")[0].isdigit():
            return f"line {line}, column {col}: {rest}"
    return msg


def serialize_answer(
    result: Any,
    *,
    result_format: str | None,
    graph_format: str | None,
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> Answer:
    """A pyoxigraph query result serialized (see :meth:`kg.store.embedded.EmbeddedStore.answer`).

    At most ``max_rows`` rows or triples, and about ``max_bytes`` of terms, are
    read from the result.
    """
    cap = max_rows if max_rows is not None else -1
    if isinstance(result, ox.QueryBoolean):
        if result_format is None:
            return Answer("ask", b"", acceptable=False)
        body = result.serialize(format=RESULT_FORMATS[result_format]) or b""
        return Answer("ask", body, 1)
    if isinstance(result, ox.QuerySolutions):
        if result_format is None:
            return Answer("select", b"", acceptable=False)
        names = [v.value for v in result.variables]
        rows: list[dict[str, Any]] = []
        cut, size = False, 0
        for n, solution in enumerate(result):
            if n == cap:
                cut = True
                break
            terms = {k: solution[k] for k in names if solution[k] is not None}
            size += sum(_term_size(t) for t in terms.values())
            if max_bytes and size > max_bytes:
                if not rows:
                    return Answer("select", b"", too_large=True)
                cut = True
                break
            rows.append({k: term_json(t) for k, t in terms.items()})
        doc = json.dumps({"head": {"vars": names}, "results": {"bindings": rows}})
        if result_format == "json":
            return Answer("select", doc.encode(), len(rows), cut)
        parsed = ox.parse_query_results(doc, ox.QueryResultsFormat.JSON)
        body = parsed.serialize(format=RESULT_FORMATS[result_format]) or b""
        return Answer("select", body, len(rows), cut)
    if graph_format is None:
        return Answer("graph", b"", acceptable=False)
    triples: list[Any] = []
    cut, size = False, 0
    for n, triple in enumerate(result):
        if n == cap:
            cut = True
            break
        size += _term_size(triple)
        if max_bytes and size > max_bytes:
            if not triples:
                return Answer("graph", b"", too_large=True)
            cut = True
            break
        triples.append(triple)
    body = ox.serialize(triples, format=GRAPH_FORMATS[graph_format]) or b""
    return Answer("graph", body, len(triples), cut)
