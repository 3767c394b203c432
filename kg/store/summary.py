"""The summary graph: one ``geo:PairSummary`` per (source, relation, target).

Each node counts the asserted, non-negated events of one ordered pair and
relation (``rdf:subject``/``rdf:predicate``/``rdf:object``,
``geo:evidenceCount``, ``geo:sign``, ``geo:firstDate``/``geo:lastDate``).
Ranking pairs by evidence reads these few nodes instead of aggregating every
event. Both backends use this module: the embedded store keeps the nodes up to
date by delta (:meth:`SummaryGraph.quads` of the new counts), the remote store
and :meth:`~kg.store.Store.rebuild_summary` recompute them from the data with
the SPARQL of :meth:`SummaryGraph.refresh`.

Examples
--------
>>> sg = SummaryGraph("https://w3id.org/geokg/")
>>> sg.node("s", "p", "o") == sg.node("s", "p", "o"), sg.iri.value
(True, 'https://w3id.org/geokg/graph/summary')
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kg.rdf import date_literal, mint_iri, summary_graph_iri
from kg.vocab import GEO_IRI, relation_types

__all__ = ["Pair", "SummaryGraph", "contributions"]

#: (source IRI, relation IRI, target IRI)
Pair = tuple[str, str, str]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_ASSERTED = GEO_IRI + "Asserted"
_EVENT_KEYS = ("source", "target", "relation", "negated", "modality", "date")


def _v(term: Any) -> str:
    return str(term.value) if hasattr(term, "value") else str(term)


def contributions(quads: Iterable[ox.Quad], acc: dict[Pair, list[str | None]]) -> None:
    """Add the asserted, non-negated events among ``quads`` to ``acc`` (pair -> dates)."""
    events: dict[str, dict[str, str]] = {}
    for q in quads:
        p = q.predicate.value
        if p.startswith(GEO_IRI):
            local = p[len(GEO_IRI) :]
            if local in _EVENT_KEYS:
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


class SummaryGraph:
    """Names, quads and SPARQL of the summary graph of one base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.iri = summary_graph_iri(base)
        #: relation IRI -> sign (+1, 0, -1)
        self.signs = {GEO_IRI + name: rt.sign for name, rt in relation_types().items()}

    def node(self, s: str, p: str, o: str) -> str:
        """The IRI of a pair's summary node (a hash of the pair)."""
        digest = hashlib.sha1(f"{s}\x1f{p}\x1f{o}".encode()).hexdigest()[:20]
        return mint_iri(self.base, "summary", digest)

    def quads(self, node: ox.NamedNode, key: Pair, count: int, dates: list[str]) -> list[ox.Quad]:
        """The quads of one summary node with ``count`` events between ``dates``."""
        g = self.iri
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
                ox.Literal(str(self.signs[key[1]]), datatype=xsd_int),
                g,
            ),
        ]
        if dates:
            # ISO text orders days and months alike (a month before its days)
            for name, value in (("firstDate", min(dates)), ("lastDate", max(dates))):
                literal = date_literal(value)
                if literal is not None:
                    out.append(ox.Quad(node, ox.NamedNode(GEO_IRI + name), literal, g))
        return out

    def refresh(self, pairs: Iterable[Pair]) -> list[str]:
        """SPARQL updates recomputing the summaries of ``pairs`` from the events.

        Idempotent (the result depends on the data only); pairs of relations
        outside the vocabulary are ignored.
        """
        rows = [
            f"(<{self.node(s, p, o)}> <{s}> <{p}> <{o}> {self.signs[p]})"
            for s, p, o in sorted(pairs)
            if p in self.signs
        ]
        if not rows:
            return []
        values = "\n".join(rows)
        g = self.iri.value
        delete = (
            f"DELETE {{ GRAPH <{g}> {{ ?n ?p ?o }} }} WHERE {{ "
            f"VALUES (?n ?s ?r ?t ?sign) {{ {values} }} GRAPH <{g}> {{ ?n ?p ?o }} }}"
        )
        insert = f"""INSERT {{ GRAPH <{g}> {{
  ?n a <{GEO_IRI}PairSummary> ; <{_RDF}subject> ?s ; <{_RDF}predicate> ?r ; <{_RDF}object> ?t ;
     <{GEO_IRI}evidenceCount> ?c ; <{GEO_IRI}sign> ?sign ;
     <{GEO_IRI}firstDate> ?d1 ; <{GEO_IRI}lastDate> ?d2 .
}} }} WHERE {{
  {{ SELECT ?n ?s ?r ?t ?sign (COUNT(DISTINCT ?e) AS ?c) (MIN(STR(?d)) AS ?f)
      (MAX(STR(?d)) AS ?l) WHERE {{
    VALUES (?n ?s ?r ?t ?sign) {{ {values} }}
    GRAPH ?g {{ ?e <{GEO_IRI}source> ?s ; <{GEO_IRI}relation> ?r ; <{GEO_IRI}target> ?t ;
               <{GEO_IRI}negated> false ; <{GEO_IRI}modality> <{GEO_IRI}Asserted> .
               OPTIONAL {{ ?e <{GEO_IRI}date> ?d }} }}
  }} GROUP BY ?n ?s ?r ?t ?sign }}
  # days (xsd:date) and months (xsd:gYearMonth) compare as ISO text
  BIND(STRDT(?f, IF(STRLEN(?f) = 7, <{_XSD}gYearMonth>, <{_XSD}date>)) AS ?d1)
  BIND(STRDT(?l, IF(STRLEN(?l) = 7, <{_XSD}gYearMonth>, <{_XSD}date>)) AS ?d2)
}}"""
        return [delete, insert]

    def delta(
        self,
        store: ox.Store,
        old: dict[Pair, list[str | None]],
        new: dict[Pair, list[str | None]],
        replaced: set[str],
    ) -> tuple[list[ox.Quad], list[ox.Quad]]:
        """Quads to delete and insert in an embedded store's summary graph when the
        graphs ``replaced`` (whose events gave ``old``) are written with events ``new``.

        Read by index lookups only, so a write costs O(its own quads) whatever
        the store size.
        """
        delete: list[ox.Quad] = []
        insert: list[ox.Quad] = []
        for key in old.keys() | new.keys():
            if key[1] not in self.signs:
                continue
            node = ox.NamedNode(self.node(*key))
            current = list(store.quads_for_pattern(node, None, None, self.iri))
            delete += current
            cur = {q.predicate.value: _v(q.object) for q in current}
            gone, added = old.get(key, []), new.get(key, [])
            count = int(cur.get(GEO_IRI + "evidenceCount", 0)) + len(added) - len(gone)
            if count <= 0:
                continue
            first, last = cur.get(GEO_IRI + "firstDate"), cur.get(GEO_IRI + "lastDate")
            gone_dates = {d for d in gone if d}
            if count == len(added):
                dates = [d for d in added if d]
            elif first in gone_dates or last in gone_dates:
                dates = _pair_dates(store, key, replaced) + [d for d in added if d]
            else:
                dates = [d for d in (first, last, *added) if d]
            insert += self.quads(node, key, count, dates)
        return delete, insert

    def all_pairs_query(self) -> str:
        """SELECT of every (source, relation, target) stated by a shortcut triple."""
        rels = " ".join(f"<{r}>" for r in self.signs)
        return (
            f"SELECT DISTINCT ?s ?r ?t WHERE {{ VALUES ?r {{ {rels} }} "
            f"GRAPH ?g {{ ?s ?r ?t }} FILTER(?g != <{self.iri.value}> && isIRI(?t)) }}"
        )


def _pair_dates(store: ox.Store, key: Pair, exclude: set[str]) -> list[str]:
    """Dates of the asserted events of a pair outside the graphs being replaced."""
    found: dict[tuple[str, str], list[ox.Quad]] = {}
    for q in store.quads_for_pattern(
        None, ox.NamedNode(GEO_IRI + "source"), ox.NamedNode(key[0]), None
    ):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and g.value not in exclude:
            events = list(store.quads_for_pattern(q.subject, None, None, g))
            found[(_v(q.subject), g.value)] = events
    acc: dict[Pair, list[str | None]] = {}
    for quads in found.values():
        contributions(quads, acc)
    return [d for d in acc.get(key, []) if d]
