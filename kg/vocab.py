"""The geokg vocabulary: the ``geo:`` namespace and the relation types.

``ontology/geokg.ttl`` is the source of truth. :class:`GEO` mirrors its terms
as a closed rdflib namespace (a typo raises instead of minting a wrong IRI),
and :func:`relation_types` reads the relation types from the bundled Turtle,
so adding or changing a relation type is an edit to the ontology, not to code.

Examples
--------
>>> import kg.vocab
>>> str(kg.vocab.GEO.supports)
'https://w3id.org/geokg/ontology#supports'
>>> rt = relation_types()["supports"]
>>> rt.sign, rt.cameo, rt.plover, rt.mode
(1, '051', 'SUPPORT', 'verbal')
>>> "affiliated_with" in EVENT_RELATIONS
False
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from kg.vocab_terms import GEO, MODALITY_TERMS

__all__ = [
    "DEFAULT_BASE",
    "EVENT_RELATIONS",
    "GEO",
    "GEO_IRI",
    "MODALITY_TERMS",
    "RELATION_NAMES",
    "RelationType",
    "ontology_graph",
    "ontology_path",
    "relation_types",
]

#: the ontology namespace (fixed; the data base IRI is configurable).
GEO_IRI = "https://w3id.org/geokg/ontology#"

#: default base IRI of actors, events and articles (``{base}actor/…``).
DEFAULT_BASE = "https://w3id.org/geokg/"


def _intent(modality: str) -> bool:
    """A stated intention or condition to act, which CAMEO codes apart (03, 13)."""
    return modality in ("intended", "conditional")


@dataclass(frozen=True)
class RelationType:
    """One relation type of the vocabulary, as declared in ``geokg.ttl``.

    Parameters
    ----------
    name : str
        The public name (``"supports"``), also the local name of its IRI.
    label, definition : str
        ``skos:prefLabel`` and ``skos:definition``.
    sign : int
        +1 cooperation, -1 conflict, 0 neutral (``urges``, ``affiliated_with``).
    symmetric : bool
        True when the relation holds both ways.
    cameo_root, cameo, plover : str or None
        CAMEO root code, most typical CAMEO code and PLOVER event type
        (None for ``affiliated_with``).
    mode : str
        ``"verbal"`` or ``"material"`` (dashed or solid edges in pictures).

    Examples
    --------
    >>> relation_types()["attacks"].iri
    rdflib.term.URIRef('https://w3id.org/geokg/ontology#attacks')
    """

    name: str
    label: str
    definition: str
    sign: int
    symmetric: bool
    cameo_root: str | None
    cameo: str | None
    plover: str | None
    mode: str
    intent_plover: str | None = None
    intent_cameo_root: str | None = None

    def plover_for(self, modality: str) -> str | None:
        """The PLOVER type of one event of this relation: a stated intention or
        condition ("will send aid", "threatened to impose sanctions if") is an
        AGREE or a THREATEN, as CAMEO codes it (03, 13).

        Examples
        --------
        >>> rt = relation_types()["attacks"]
        >>> rt.plover_for("asserted"), rt.plover_for("intended")
        ('ASSAULT', 'THREATEN')
        """
        return self.intent_plover if _intent(modality) and self.intent_plover else self.plover

    def cameo_root_for(self, modality: str) -> str | None:
        """The CAMEO root of one event of this relation (see :meth:`plover_for`)."""
        if _intent(modality) and self.intent_cameo_root:
            return self.intent_cameo_root
        return self.cameo_root

    @property
    def iri(self) -> URIRef:
        """The concept (and shortcut property) IRI, ``geo:<name>``."""
        from rdflib import URIRef

        return URIRef(GEO_IRI + self.name)


def __getattr__(name: str) -> Any:
    # the rdflib terms load on first use: extraction never needs rdflib
    if name in ("GEO", "MODALITY_TERMS"):
        import kg.vocab_terms

        return getattr(kg.vocab_terms, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def ontology_path(name: str = "geokg.ttl") -> str:
    """Path of a bundled ontology file (works from a wheel and from a checkout).

    Examples
    --------
    >>> ontology_path().endswith("geokg.ttl")
    True
    """
    return str(files("kg.ontology").joinpath(name))


@functools.cache
def ontology_graph() -> Graph:
    """The bundled ``geokg.ttl`` parsed into an rdflib Graph (cached; do not modify)."""
    from rdflib import Graph

    g = Graph()
    g.parse(ontology_path("geokg.ttl"), format="turtle")
    return g


def _str(g: Graph, s: URIRef, p: URIRef) -> str | None:
    value = g.value(s, p)
    return None if value is None else str(value)


@functools.cache
def relation_types() -> dict[str, RelationType]:
    """All relation types of ``geokg.ttl`` by name, in the order of DESIGN.md's table.

    Read once and cached (in the process and in the compiled index, :mod:`kg.cache`).

    Examples
    --------
    >>> len(relation_types())
    18
    >>> relation_types()["signs_agreement_with"].symmetric
    True
    """
    import sys

    from kg.cache import cached

    return cached(
        "relations",
        [ontology_path("geokg.ttl")],
        _read_relation_types,
        modules=[sys.modules[__name__]],
    )


def _read_relation_types() -> dict[str, RelationType]:
    from rdflib import Literal, URIRef
    from rdflib.namespace import SKOS

    from kg.vocab_terms import GEO

    g = ontology_graph()
    out: dict[str, RelationType] = {}
    for concept in g.subjects(SKOS.inScheme, GEO.RelationTypes):
        if not isinstance(concept, URIRef) or not str(concept).startswith(GEO_IRI):
            continue
        name = str(concept)[len(GEO_IRI) :]
        sign = g.value(concept, GEO.sign)
        symmetric = g.value(concept, GEO.symmetric)
        out[name] = RelationType(
            name=name,
            label=_str(g, concept, SKOS.prefLabel) or name.replace("_", " "),
            definition=_str(g, concept, SKOS.definition) or "",
            sign=int(sign.toPython()) if isinstance(sign, Literal) else 0,
            symmetric=bool(symmetric.toPython()) if isinstance(symmetric, Literal) else False,
            cameo_root=_str(g, concept, GEO.cameoRoot),
            cameo=_str(g, concept, GEO.cameo),
            plover=_str(g, concept, GEO.plover),
            mode=_str(g, concept, GEO.mode) or "verbal",
            intent_plover=_str(g, concept, GEO.intentPlover),
            intent_cameo_root=_str(g, concept, GEO.intentCameoRoot),
        )
    # Stable order: DESIGN.md's table first, then types users added, by name.
    order = {name: i for i, name in enumerate(RELATION_NAMES)}
    return dict(sorted(out.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


#: all relation names of the vocabulary.
RELATION_NAMES: tuple[str, ...] = (
    "supports",
    "cooperates_with",
    "signs_agreement_with",
    "meets_with",
    "provides_aid_to",
    "requests_aid_from",
    "urges",
    "opposes",
    "accuses",
    "threatens",
    "sanctions",
    "attacks",
    "concedes_to",
    "retreats_from",
    "protests_against",
    "mobilizes_against",
    "coerces",
    "affiliated_with",
)

#: the seventeen event relations (all but ``affiliated_with``).
EVENT_RELATIONS: tuple[str, ...] = tuple(n for n in RELATION_NAMES if n != "affiliated_with")
