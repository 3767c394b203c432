"""Tests of kg.rdf: the RDF mapping of articles and relations."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import ConfigError, InputError
from kg.model import Actor, Article, Evidence, Relation
from kg.rdf import article_quads, event_iri, mint_iri, to_rdflib_dataset, validate_base
from kg.vocab import DEFAULT_BASE

GEO = "https://w3id.org/geokg/ontology#"
HOSTILE = [
    'He said "no"',
    "line\nbreak\r\ttab",
    "<>{}|\\^`",
    "emoji 🇱🇾🔥",
    "RTL حفتر עברית",
    "'; DROP GRAPH <x> ; #",
    "",
    " ",
    "a%20b",
]


def _preds(quads: list[ox.Quad]) -> set[str]:
    return {q.predicate.value for q in quads}


def test_rdf_article_graph_follows_the_model(libya_article, libya_relations) -> None:
    quads = article_quads(libya_article, libya_relations)
    graph = "https://w3id.org/geokg/article/libya-2019-12"
    actors = "https://w3id.org/geokg/graph/actors"
    assert {q.graph_name.value for q in quads} == {graph, actors}
    # actor descriptions go to the actors graph, never into the article's
    described = {q.subject.value for q in quads if q.graph_name.value == actors}
    assert "https://w3id.org/geokg/actor/EGY" in described
    assert not [
        q
        for q in quads
        if q.graph_name.value == graph
        and q.subject.value.startswith(DEFAULT_BASE + "actor/")
        and q.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"
    ]
    events = {q.subject.value for q in quads if q.object == ox.NamedNode(GEO + "Interaction")}
    assert len(events) == 5
    shortcuts = [
        (q.subject.value, q.predicate.value)
        for q in quads
        if q.predicate.value
        in (
            GEO + "supports",
            GEO + "requests_aid_from",
            GEO + "affiliated_with",
            GEO + "signs_agreement_with",
        )
    ]
    # negated requests_aid_from has an event but no shortcut
    assert ("https://w3id.org/geokg/actor/gna", GEO + "requests_aid_from") not in shortcuts
    assert ("https://w3id.org/geokg/actor/EGY", GEO + "supports") in shortcuts
    assert ("https://w3id.org/geokg/actor/khalifa_haftar", GEO + "affiliated_with") in shortcuts
    assert {GEO + "role", GEO + "sentence", GEO + "spanStart", GEO + "cameo"} <= _preds(quads)
    sameas = [q for q in quads if q.predicate.value.endswith("#sameAs")]
    assert ox.NamedNode("http://www.wikidata.org/entity/Q79") in {q.object for q in sameas}


def test_rdf_non_asserted_modality_has_no_shortcut() -> None:
    a, b = Actor("RUS", "Russia", "State", "RUS"), Actor("UKR", "Ukraine", "State", "UKR")
    rel = Relation("x", "attacks", a, b, modality="possible")
    quads = article_quads(Article("x", "t"), [rel])
    assert GEO + "attacks" not in _preds(quads)
    assert ox.NamedNode(GEO + "Possible") in {q.object for q in quads}


def test_rdf_event_iris_are_deterministic(libya_article, libya_relations) -> None:
    one = article_quads(libya_article, libya_relations)
    two = article_quads(libya_article, list(libya_relations))
    assert one == two
    r = libya_relations[0]
    assert event_iri("a", r) != event_iri("b", r)


def test_rdf_duplicate_relations_are_written_once(libya_article, libya_relations) -> None:
    once = article_quads(libya_article, libya_relations)
    twice = article_quads(libya_article, libya_relations + libya_relations)
    assert once == twice


def test_rdf_unknown_relation_is_an_input_error() -> None:
    a = Actor("A", "A")
    with pytest.raises(InputError, match="unknown relation 'backs'"):
        article_quads(Article("x", "t"), [Relation("x", "backs", a, a)])


@pytest.mark.parametrize(
    "bad", ["example.org", "ftp://x/", "https://x.org/no-slash", "https://x y/", "http:///"]
)
def test_rdf_bad_base_is_a_config_error(bad: str) -> None:
    with pytest.raises(ConfigError, match="bad base IRI"):
        validate_base(bad)


def test_rdf_custom_base_is_used() -> None:
    quads = article_quads(Article("x", "t"), [], base="https://example.org/kg/")
    assert quads[0].subject.value == "https://example.org/kg/article/x"


@pytest.mark.parametrize("name", HOSTILE)
def test_rdf_hostile_names_mint_valid_distinct_iris(name: str) -> None:
    iri = mint_iri("https://w3id.org/geokg/", "actor", name)
    assert iri == mint_iri("https://w3id.org/geokg/", "actor", name)
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert all(c not in iri for c in ' <>"{}|\\^`\n')
    others = {mint_iri("https://w3id.org/geokg/", "actor", n) for n in HOSTILE if n != name}
    assert iri not in others


@pytest.mark.parametrize("name", HOSTILE)
def test_rdf_hostile_names_and_literals_round_trip_through_turtle(name: str) -> None:
    actor = Actor(name, name or "x", "Person")
    art = Article(name or "a", "t", title=name, source=name)
    rel = Relation(
        art.id,
        "accuses",
        actor,
        Actor("EGY", "Egypt", "State", "EGY"),
        evidence=Evidence(name, (0, len(name))),
    )
    quads = article_quads(art, [rel])
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG)
    parsed = rdflib.Dataset()
    parsed.parse(data=data.decode(), format="trig")
    expected = to_rdflib_dataset(quads)
    assert len(list(parsed.quads())) == len(quads)
    got = {(s, p, o) for s, p, o, _ in parsed.quads()}
    assert got == {(s, p, o) for s, p, o, _ in expected.quads()}


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_rdf_mint_iri_never_breaks(name: str) -> None:
    iri = mint_iri("https://w3id.org/geokg/", "actor", name)
    ox.NamedNode(iri)
    assert iri.isascii()
