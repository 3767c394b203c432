"""The closed rdflib namespace of ``ontology/geokg.ttl`` (:class:`GEO`) and the modality terms.

Kept apart from :mod:`kg.vocab` so that importing the vocabulary (as
extraction does) does not import rdflib; ``kg.vocab.GEO`` and
``kg.vocab.MODALITY_TERMS`` load this module on first use.

Examples
--------
>>> str(GEO.supports)
'https://w3id.org/geokg/ontology#supports'
>>> import kg.vocab
>>> GEO_IRI == kg.vocab.GEO_IRI
True
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["GEO", "GEO_IRI", "MODALITY_TERMS"]

#: the ontology namespace; the same as :data:`kg.vocab.GEO_IRI` (this module
#: cannot import kg.vocab, which loads it lazily).
GEO_IRI = "https://w3id.org/geokg/ontology#"


class GEO(DefinedNamespace):
    """The terms of ``ontology/geokg.ttl`` (closed: unknown names raise)."""

    _NS = Namespace(GEO_IRI)
    _fail = True

    # classes
    Actor: URIRef
    State: URIRef
    Government: URIRef
    InternationalOrganization: URIRef
    ArmedGroup: URIRef
    PoliticalGroup: URIRef
    Organization: URIRef
    Person: URIRef
    Media: URIRef
    Group: URIRef
    Article: URIRef
    Interaction: URIRef
    Modality: URIRef
    RelationType: URIRef
    PairSummary: URIRef
    Place: URIRef
    Trigger: URIRef
    # concept scheme and modality individuals
    RelationTypes: URIRef
    Asserted: URIRef
    Possible: URIRef
    Conditional: URIRef
    Intended: URIRef
    # event properties
    source: URIRef
    target: URIRef
    relation: URIRef
    negated: URIRef
    modality: URIRef
    date: URIRef
    confidence: URIRef
    sentence: URIRef
    spanStart: URIRef
    spanEnd: URIRef
    speaker: URIRef
    role: URIRef
    cameo: URIRef
    plover: URIRef
    # relation-type annotations
    sign: URIRef
    symmetric: URIRef
    cameoRoot: URIRef
    mode: URIRef
    intentPlover: URIRef
    intentCameoRoot: URIRef
    # actor knowledge base
    iso3: URIRef
    country: URIRef
    capital: URIRef
    seat: URIRef
    demonym: URIRef
    sector: URIRef
    Sector: URIRef
    code: URIRef
    actorClass: URIRef
    rollsUpToState: URIRef
    agentNoun: URIRef
    acronym: URIRef
    shortName: URIRef
    ambiguousLabel: URIRef
    contextCue: URIRef
    place: URIRef
    unStatus: URIRef
    start: URIRef
    end: URIRef
    geonames: URIRef
    # article provenance
    digest: URIRef
    extractor: URIRef
    # trigger lexicon
    trigger: URIRef
    lexeme: URIRef
    pattern: URIRef
    triggerPos: URIRef
    triggerRelation: URIRef
    # derived pair summaries
    evidenceCount: URIRef
    firstDate: URIRef
    lastDate: URIRef
    # relation types (SKOS concepts punned as object properties)
    supports: URIRef
    cooperates_with: URIRef
    signs_agreement_with: URIRef
    meets_with: URIRef
    provides_aid_to: URIRef
    requests_aid_from: URIRef
    urges: URIRef
    opposes: URIRef
    accuses: URIRef
    threatens: URIRef
    sanctions: URIRef
    attacks: URIRef
    concedes_to: URIRef
    retreats_from: URIRef
    protests_against: URIRef
    mobilizes_against: URIRef
    coerces: URIRef
    affiliated_with: URIRef


#: modality name (:data:`kg.model.MODALITIES`) -> its individual in the ontology.
MODALITY_TERMS: dict[str, URIRef] = {
    "asserted": GEO.Asserted,
    "possible": GEO.Possible,
    "conditional": GEO.Conditional,
    "intended": GEO.Intended,
}
