"""The store as a query worker sees it: read-only, re-opened when a writer changed it.

Interim: this opens Oxigraph itself until :mod:`kg.store` offers the same
(``open_store(path, read_only=True)`` with ``refresh()`` and ``answer()``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.rdf import namespaces

__all__ = ["Answer", "ReadOnlyStore", "update_store"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf-xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}
_PREFIXES = namespaces()


@dataclass(frozen=True)
class Answer:
    """A serialized answer: kind, body, rows in it, whether it was cut, and why not."""

    kind: str
    body: bytes
    rows: int = 0
    truncated: bool = False
    acceptable: bool = True
    too_large: bool = False


def _term_json(term: Any) -> dict[str, Any]:
    """One RDF term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    raise TypeError(f"unexpected RDF term {term!r}")


def _term_size(term: Any) -> int:
    """About the bytes one term takes in an answer (its text plus markup)."""
    if isinstance(term, ox.Triple):
        return sum(_term_size(t) for t in (term.subject, term.predicate, term.object))
    size = len(term.value) + 40
    if isinstance(term, ox.Literal):
        size += len(term.datatype.value) if not term.language else len(term.language)
    return size


def _signature(path: str) -> tuple[tuple[str, int, int], ...]:
    """What changes on disk when someone writes the store (RocksDB files, sizes)."""
    entries = []
    with os.scandir(path) as it:
        for e in it:
            if e.name.startswith("LOG") or e.name == "LOCK":
                continue
            try:
                st = e.stat()
            except FileNotFoundError:  # compaction removed it meanwhile
                continue
            entries.append((e.name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(entries))


class ReadOnlyStore:
    """A store directory opened read-only (no lock: a build may write it meanwhile)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._signature: tuple[tuple[str, int, int], ...] = ()
        self._store: ox.Store | None = None  # opened by the first refresh()

    def refresh(self) -> bool:
        """Reopen when a writer changed the files since; True when it did."""
        sig = _signature(self.path)
        if self._store is not None and sig == self._signature:
            return False
        self._store = None
        self._store = ox.Store.read_only(self.path)
        self._signature = sig
        return True

    def answer(
        self,
        sparql: str,
        *,
        result_format: str | None,
        graph_format: str | None,
        max_rows: int | None = None,
        max_bytes: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        union: bool = True,
    ) -> Answer:
        """Run a query and serialize its answer, at most ``max_rows`` rows and about ``max_bytes``.

        Raises ``SyntaxError`` for a bad query, ``OSError`` for a store error.
        """
        if self._store is None:
            self.refresh()
        assert self._store is not None
        kwargs: dict[str, Any] = {"prefixes": _PREFIXES}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        elif union:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        result = self._store.query(sparql, **kwargs)
        rows_cap = max_rows if max_rows is not None else -1
        if isinstance(result, ox.QueryBoolean):
            if result_format is None:
                return Answer("ask", b"", acceptable=False)
            return Answer("ask", result.serialize(format=_RESULT_FORMATS[result_format]) or b"", 1)
        if isinstance(result, ox.QuerySolutions):
            if result_format is None:
                return Answer("select", b"", acceptable=False)
            names = [v.value for v in result.variables]
            rows: list[dict[str, Any]] = []
            cut, size = False, 0
            for n, solution in enumerate(result):
                if n == rows_cap:
                    cut = True
                    break
                row = {}
                for name in names:
                    term = solution[name]
                    if term is not None:
                        row[name] = _term_json(term)
                        size += _term_size(term)
                if max_bytes and size > max_bytes:
                    if not rows:
                        return Answer("select", b"", too_large=True)
                    cut = True
                    break
                rows.append(row)
            doc = json.dumps({"head": {"vars": names}, "results": {"bindings": rows}})
            if result_format == "json":
                return Answer("select", doc.encode(), len(rows), cut)
            parsed = ox.parse_query_results(doc, ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=_RESULT_FORMATS[result_format]) or b""
            return Answer("select", body, len(rows), cut)
        if graph_format is None:
            return Answer("graph", b"", acceptable=False)
        triples: list[Any] = []
        cut, size = False, 0
        for n, triple in enumerate(result):
            if n == rows_cap:
                cut = True
                break
            size += _term_size(triple)
            if max_bytes and size > max_bytes:
                if not triples:
                    return Answer("graph", b"", too_large=True)
                cut = True
                break
            triples.append(triple)
        body = ox.serialize(triples, format=_GRAPH_FORMATS[graph_format]) or b""
        return Answer("graph", body, len(triples), cut)


def update_store(path: str, sparql: str) -> None:
    """Run a SPARQL update on the store, opened read-write for this update only.

    Raises ``OSError`` when another process (``kg build``) holds the store,
    ``SyntaxError`` for a bad update.
    """
    store = ox.Store(path)
    try:
        store.update(sparql, prefixes=_PREFIXES)
        store.flush()
    finally:
        del store
