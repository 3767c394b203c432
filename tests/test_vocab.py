"""Tests of kg.vocab: the closed namespace agrees with ontology/geokg.ttl."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kg.vocab import (
    EVENT_RELATIONS,
    GEO,
    GEO_IRI,
    RELATION_NAMES,
    ontology_path,
    relation_types,
)

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "geokg.ttl"


def _declared_terms() -> set[str]:
    g = Graph().parse(ONTOLOGY, format="turtle")
    return {
        str(s)[len(GEO_IRI) :]
        for s in g.subjects()
        if isinstance(s, URIRef) and str(s).startswith(GEO_IRI) and str(s) != GEO_IRI
    }


def test_vocab_namespace_declares_exactly_the_ontology_terms() -> None:
    in_python = set(GEO.__annotations__)
    in_turtle = _declared_terms()
    assert in_python - in_turtle == set(), "terms in GEO but not in geokg.ttl"
    assert in_turtle - in_python == set(), "terms in geokg.ttl but not in GEO"


def test_vocab_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        _ = GEO.suports  # a typo must raise, not mint an IRI


def test_vocab_every_ontology_term_uses_a_known_object() -> None:
    # Every geo: IRI used anywhere in the file (also as object) is declared.
    g = Graph().parse(ONTOLOGY, format="turtle")
    used = {
        str(o)[len(GEO_IRI) :]
        for _, _, o in g
        if isinstance(o, URIRef) and str(o).startswith(GEO_IRI)
    }
    assert used <= set(GEO.__annotations__)


def test_vocab_relation_types_match_design_table() -> None:
    rts = relation_types()
    assert tuple(rts) == RELATION_NAMES
    assert len(EVENT_RELATIONS) == 17 and "affiliated_with" not in EVENT_RELATIONS
    assert rts["supports"].sign == 1 and rts["supports"].cameo == "051"
    assert rts["urges"].sign == 0
    assert rts["attacks"].sign == -1 and rts["attacks"].plover == "ASSAULT"
    assert rts["attacks"].mode == "material" and rts["threatens"].mode == "verbal"
    symmetric = {n for n, rt in rts.items() if rt.symmetric}
    assert symmetric == {"cooperates_with", "signs_agreement_with", "meets_with"}
    assert rts["affiliated_with"].cameo is None and rts["affiliated_with"].plover is None


@pytest.mark.parametrize("name", RELATION_NAMES)
def test_vocab_relation_type_is_complete(name: str) -> None:
    rt = relation_types()[name]
    assert rt.label and rt.definition
    assert rt.sign in (-1, 0, 1)
    assert rt.mode in ("verbal", "material")
    assert rt.iri == getattr(GEO, name)
    if name != "affiliated_with":
        assert rt.cameo and rt.cameo.startswith(rt.cameo_root or "?")
        assert rt.plover and rt.plover.isupper()


def test_vocab_relation_types_are_concepts_and_properties() -> None:
    g = Graph().parse(ONTOLOGY, format="turtle")
    for name in RELATION_NAMES:
        iri = getattr(GEO, name)
        assert (iri, RDF.type, SKOS.Concept) in g
        assert (iri, RDF.type, OWL.ObjectProperty) in g
        assert (iri, SKOS.inScheme, GEO.RelationTypes) in g


def test_vocab_bundled_ontology_is_the_checkout_file() -> None:
    assert Path(ontology_path()).read_bytes() == ONTOLOGY.read_bytes()
