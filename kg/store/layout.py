"""Which graph holds what: article graphs, the actors graph, the summary and the ontology.

The store's dataset (the same for every backend):

* ``{base}article/<id>`` — one named graph per article: the article node
  (``geo:Article``) with its provenance, its events (``geo:Interaction``)
  and the shortcut edges (``act:EGY geo:supports act:khalifa_haftar``) of
  its asserted, non-negated events. Replacing an article replaces this graph.
* ``{base}graph/actors`` — the **actors graph**: one description per actor
  and per place, however many articles mention it (see :class:`Layout`).
* ``{base}graph/summary`` — derived per-pair evidence counts
  (:mod:`kg.store.summary`) and the layout version.
* ``https://w3id.org/geokg/ontology`` — the bundled ``geokg.ttl``.

Examples
--------
>>> lay = Layout("https://w3id.org/geokg/")
>>> lay.actors.value, lay.is_article(lay.base + "article/a1")
('https://w3id.org/geokg/graph/actors', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from kg.rdf import DESCRIPTION_PREDICATES, actors_graph_iri, summary_graph_iri
from kg.vocab import GEO_IRI

__all__ = ["LAYOUT_VERSION", "ONTOLOGY_GRAPH", "Layout"]

#: the graph holding the bundled ontology.
ONTOLOGY_GRAPH = "https://w3id.org/geokg/ontology"

#: version of the dataset layout; 2: actor descriptions once, in the actors graph.
LAYOUT_VERSION = "2"

_VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
#: event properties whose object is an actor or a place described in the actors graph.
_REFERENCES = tuple(ox.NamedNode(GEO_IRI + p) for p in ("source", "target", "speaker", "place"))


class Layout:
    """The graph names of one base IRI and the rules that place quads in them.

    **The actors graph** ``{base}graph/actors`` holds, once per actor::

        act:EGY a geo:State ; rdfs:label "Egypt" ; geo:country act:EGY ;
            geo:iso3 "EGY" ; owl:sameAs wd:Q79 .
        act:ISR_MIL a geo:Group ; rdfs:label "Israeli military" ;
            geo:country act:ISR ; geo:sector "MIL" .

    (``rdf:type`` one of the actor classes of :data:`kg.model.ACTOR_TYPES`,
    exactly one ``rdfs:label``, optional ``geo:country`` (the state actor),
    ``geo:iso3`` (states), ``geo:sector`` (CAMEO agent code) and
    ``owl:sameAs`` (Wikidata)), and once per place named by an event::

        <{base}place/706483> a geo:Place ; rdfs:label "Kharkiv" ;
            geo:country act:UKR ; geo:geonames 706483 .

    A description is replaced whole when an article describing the same actor
    is written (the latest write wins) and removed when no article graph
    refers to the actor any more, so a join on ``rdfs:label`` over the union
    default graph counts each event once. Article graphs never hold
    description predicates about actors or places.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.actors = actors_graph_iri(base)
        self.summary = summary_graph_iri(base)
        self.ontology = ox.NamedNode(ONTOLOGY_GRAPH)
        self.article_prefix = f"{base}article/"
        self._described = (f"{base}actor/", f"{base}place/")
        self.version_quad = ox.Quad(
            self.summary, _VERSION_INFO, ox.Literal(f"geokg-layout {LAYOUT_VERSION}"), self.summary
        )

    def is_article(self, graph: str) -> bool:
        """True for the name of an article graph."""
        return graph.startswith(self.article_prefix)

    def is_description(self, quad: ox.Quad) -> bool:
        """True for a quad that describes an actor or place (belongs in the actors graph)."""
        return (
            isinstance(quad.subject, ox.NamedNode)
            and quad.predicate.value in DESCRIPTION_PREDICATES
            and quad.subject.value.startswith(self._described)
        )

    def split(
        self, graphs: Mapping[str, list[ox.Quad]]
    ) -> tuple[dict[str, list[ox.Quad]], dict[str, list[ox.Quad]]]:
        """Article graphs without descriptions, and descriptions by subject (in the actors graph).

        Quads of the actors graph are descriptions; so are description quads
        found in an article graph (the layout of geokg before version 2, and
        of exports made by it): they move to the actors graph. A subject
        described by several graphs keeps the description of the last one.
        Quads naming the summary or ontology graph are dropped (derived or bundled).
        """
        content: dict[str, list[ox.Quad]] = {}
        described: dict[str, list[ox.Quad]] = {}
        skip = {self.summary.value, self.ontology.value}
        for name, quads in graphs.items():
            if name in skip:
                continue
            mine: dict[str, list[ox.Quad]] = {}
            kept: list[ox.Quad] = []
            for q in quads:
                if name == self.actors.value or self.is_description(q):
                    subject = (
                        q.subject.value if isinstance(q.subject, ox.NamedNode) else str(q.subject)
                    )
                    mine.setdefault(subject, []).append(
                        ox.Quad(q.subject, q.predicate, q.object, self.actors)
                    )
                else:
                    kept.append(q)
            described.update((s, list(dict.fromkeys(qs))) for s, qs in mine.items())
            if name != self.actors.value:
                content[name] = kept
        return content, described

    @staticmethod
    def referenced(quads: Iterable[ox.Quad]) -> set[ox.NamedNode]:
        """Actors and places the events among ``quads`` refer to."""
        refs = {p.value for p in _REFERENCES}
        return {
            q.object
            for q in quads
            if q.predicate.value in refs and isinstance(q.object, ox.NamedNode)
        }

    @staticmethod
    def reference_predicates() -> tuple[ox.NamedNode, ...]:
        """The event properties that refer to described nodes."""
        return _REFERENCES
