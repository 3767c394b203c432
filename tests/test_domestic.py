"""Domestic events: people of a place (kg.nlp.people) and implicit targets
(kg.nlp.relations.implicit), on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from kg.extract import prepare_doc
from kg.nlp.actors import mentions_of

pytestmark = pytest.mark.model


def _triples(relations: list[Any]) -> set[tuple[str, str, str]]:
    return {(r.source.id, r.relation, r.target.id) for r in relations if not r.negated}


@pytest.mark.parametrize(
    ("sentence", "surface", "actor_id"),
    [
        # the place of the clause
        ("Thousands of nurses marched in Accra on Tuesday.", "nurses", "GHA_HLH"),
        ("Several hundred farmers rallied outside the ministry in Nairobi.", "farmers", "KEN_AGR"),
        # the domestic authorities acting on them
        ("Chilean riot police used water cannon to disperse students.", "students", "CHL_EDU"),
        ("Moroccan authorities detained dozens of activists overnight.", "activists", "MAR_OPP"),
    ],
)
def test_people_take_the_country_of_their_clause(
    nlp: Any, sentence: str, surface: str, actor_id: str
) -> None:
    doc = nlp(prepare_doc(nlp, sentence, "2021-03-01"))
    found = {doc[m.start : m.end].text: m for m in mentions_of(doc)}
    assert surface in found, sorted(found)
    assert found[surface].actor.id == actor_id
    assert found[surface].how == "context"


@pytest.mark.parametrize(
    "sentence",
    [
        # troops are no domestic authority: the people stay unplaced
        "Turkish troops shelled villagers near the border.",
        # a named group owns its fighters
        "Hamas fighters fired rockets at the crossing.",
        # no clue at all
        "Students marched through the streets for a second week.",
    ],
)
def test_people_without_a_clause_clue_stay_unresolved(nlp: Any, sentence: str) -> None:
    doc = nlp(prepare_doc(nlp, sentence, "2021-03-01"))
    assert not [m for m in mentions_of(doc) if m.how == "context"]


def test_protesters_protest_against_their_government(extract_text: Any) -> None:
    rels = extract_text("Thousands of teachers demonstrated in Lima on Friday.")
    assert ("PER_EDU", "protests_against", "PER_GOV") in _triples(rels)
    (r,) = [r for r in rels if r.relation == "protests_against"]
    assert r.confidence < 0.8  # the text leaves the target unsaid


def test_a_named_target_is_kept(extract_text: Any) -> None:
    rels = extract_text("Bolivian miners rallied against Chile outside its embassy.")
    triples = _triples(rels)
    assert ("BOL_LAB", "protests_against", "CHL") in triples or any(
        s.startswith("BOL") and t == "CHL" for s, _, t in triples
    )
    assert not any(t == "BOL_GOV" for _, _, t in triples)


def test_a_hunger_strike_is_a_protest_not_an_attack(extract_text: Any) -> None:
    rels = extract_text("Jailed Egyptian activists began a hunger strike on Sunday.")
    assert {r.relation for r in rels} == {"protests_against"}


def test_lifting_a_curfew_is_a_concession_to_the_people(extract_text: Any) -> None:
    rels = extract_text("The Ethiopian government eased the curfew in Addis Ababa on Monday.")
    assert ("ETH_GOV", "concedes_to", "ETH_CVL") in _triples(rels)


def test_imposing_a_curfew_coerces_the_people_of_the_place(extract_text: Any) -> None:
    rels = extract_text("The Malian government imposed a curfew in Bamako after the riots.")
    assert ("MLI_GOV", "coerces", "MLI_CVL") in _triples(rels)


@pytest.mark.parametrize(
    "sentence",
    [
        # a measure abroad has a target of its own
        "The Malian government imposed a curfew in Niamey.",
        # trade restrictions are no measure on the public
        "The French government imposed new import restrictions last year.",
        # an army's seizure of a thing is no domestic measure
        "Sudanese soldiers seized a cargo plane at the airport.",
    ],
)
def test_no_implicit_target_without_a_public_measure_at_home(
    extract_text: Any, sentence: str
) -> None:
    rels = extract_text(sentence)
    assert not [r for r in rels if r.target.sector == "CVL"], _triples(rels)


def test_a_state_of_emergency_lifted_is_a_concession(extract_text: Any) -> None:
    rels = extract_text("Kenya's government lifted the state of emergency in the coastal region.")
    assert ("KEN_GOV", "concedes_to", "KEN_CVL") in _triples(rels)


def test_people_throughout_a_country_are_its_people(extract_text: Any) -> None:
    rels = extract_text("Nurses throughout Ghana held rallies on Tuesday.")
    assert ("GHA_HLH", "protests_against", "GHA_GOV") in _triples(rels)


def test_an_ethnic_group_takes_the_place_of_its_clause(extract_text: Any) -> None:
    rels = extract_text("About 300 ethnic Hungarians marched on Sunday in Slovakia.")
    assert ("SVK_CVL", "protests_against", "SVK_GOV") in _triples(rels)


def test_a_strike_organized_by_the_opposition(extract_text: Any) -> None:
    rels = extract_text("Opposition parties in Bolivia organized a general strike on Monday.")
    assert ("BOL_OPP", "protests_against", "BOL_GOV") in _triples(rels)


def test_unless_makes_a_condition(extract_text: Any) -> None:
    rels = extract_text("Ecuador will recall its envoy unless Peru withdraws from Ecuador.")
    assert {(r.relation, r.modality) for r in rels if r.source.id == "PER"} == {
        ("retreats_from", "conditional")
    }


def test_a_misread_verb_lemma_is_repaired(nlp: Any) -> None:
    doc = nlp(prepare_doc(nlp, "Farmers staged a sit-in and the rebels waged a war.", None))
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["staged"] == "stage"
    assert lemmas["waged"] == "wage"


@pytest.mark.parametrize(
    ("sentence", "triple"),
    [
        (
            "Two Nigerian soldiers were killed by a roadside bomb near Maiduguri on Sunday.",
            ("NGA_UAF", "attacks", "NGA_MIL"),
        ),
        (
            "A car bomb killed four Somali police officers in Mogadishu.",
            ("SOM_UAF", "attacks", "SOM_COP"),
        ),
        # no place: the target's own country
        ("A landmine killed three Malian soldiers.", ("MLI_UAF", "attacks", "MLI_MIL")),
    ],
)
def test_an_attack_by_a_weapon_alone_comes_from_unidentified_forces(
    extract_text: Any, sentence: str, triple: tuple[str, str, str]
) -> None:
    rels = extract_text(sentence)
    assert triple in _triples(rels)
    (r,) = [r for r in rels if (r.source.id, r.relation, r.target.id) == triple]
    assert r.confidence < 0.8


def test_an_airstrike_has_no_implicit_source(extract_text: Any) -> None:
    # an air force, or a foreign one: not the place's unidentified gunmen
    rels = extract_text("Four Yemeni civilians were killed in an airstrike near Hodeidah.")
    assert not [r for r in rels if r.source.sector == "UAF"], _triples(rels)


def test_a_stance_prefix_names_no_state(nlp: Any) -> None:
    doc = nlp(prepare_doc(nlp, "An anti-Iran cleric and pro-Moscow bloggers met in Baku.", None))
    ids = {m.actor.id for m in mentions_of(doc)}
    assert "IRN" not in ids and "RUS" not in ids and "AZE" in ids


def test_fighting_that_breaks_out_between_two_sides(extract_text: Any) -> None:
    rels = extract_text("Heavy fighting erupted between Armenia and Azerbaijan on Sunday.")
    assert {("ARM", "attacks", "AZE"), ("AZE", "attacks", "ARM")} <= _triples(rels)


def test_leading_a_force_is_no_event(extract_text: Any) -> None:
    rels = extract_text("Fighting broke out between the SAF and the RSF, commanded by Hemedti.")
    assert {r.relation for r in rels if r.relation != "affiliated_with"} == {"attacks"}


def test_police_of_a_place_and_the_place_of_an_argument(extract_text: Any) -> None:
    # "in Dhaka" hangs on the police, the clause's argument, and places both sides
    rels = extract_text("Students clashed with police in Dhaka on Sunday.")
    assert ("BGD_EDU", "attacks", "BGD_COP") in _triples(rels)


def test_going_on_strike_is_a_protest(extract_text: Any) -> None:
    rels = extract_text("Thousands of workers went on strike in Santos on Wednesday.")
    assert ("BRA_LAB", "protests_against", "BRA_GOV") in _triples(rels)


def test_banning_a_group_coerces_it(extract_text: Any) -> None:
    rels = extract_text("The Turkish government banned the HDP on Friday.")
    assert any(r.relation == "coerces" and r.source.id == "TUR_GOV" for r in rels), _triples(rels)


def test_somebodys_own_people_are_not_placed(nlp: Any) -> None:
    text = "Athens and Ankara said their leaders would meet in Brussels."
    doc = nlp(prepare_doc(nlp, text, "2021-03-01"))
    assert not [m for m in mentions_of(doc) if m.how == "context"]


def test_a_topic_is_not_a_party_met(extract_text: Any) -> None:
    rels = extract_text("Ghana called a meeting of its allies to discuss Togo's military buildup.")
    assert not [r for r in rels if r.relation == "meets_with" and r.target.country == "TGO"]
    rels = extract_text("Lavrov met the ambassador of France in Moscow.")
    assert any(r.relation == "meets_with" and r.target.country == "FRA" for r in rels)


def test_what_someone_must_be_ready_to_do_is_no_act(extract_text: Any) -> None:
    rels = extract_text("Oman said Chile must stand ready to mediate between Greece and Turkey.")
    assert not [r for r in rels if r.source.id in ("GRC", "TUR")], _triples(rels)


@pytest.mark.parametrize(
    ("sentence", "relation", "plover", "cameo"),
    [
        ("Japan pledged to send emergency aid to Fiji.", "provides_aid_to", "AGREE", "03"),
        ("Peru will impose sanctions on Chile.", "sanctions", "THREATEN", "13"),
        ("Japan sent emergency aid to Fiji.", "provides_aid_to", "AID", "07"),
    ],
)
def test_an_intention_is_coded_as_cameo_codes_it(
    extract_text: Any, sentence: str, relation: str, plover: str, cameo: str
) -> None:
    (r,) = [r for r in extract_text(sentence) if r.relation == relation]
    assert (r.plover, r.cameo) == (plover, cameo), r.modality


@pytest.mark.parametrize(
    "text", ["On 3 May, police arrested ten protesters in Kisumu.", "Clashes erupted on May 12."]
)
def test_a_month_next_to_a_day_is_a_date_not_a_person(nlp: Any, text: str) -> None:
    doc = nlp(prepare_doc(nlp, text, "2021-06-01"))
    assert all(m.actor.type != "Person" for m in mentions_of(doc))


@pytest.mark.parametrize(
    ("sentence", "triple"),
    [
        (
            "The Kenyan president arrived in Beijing on Monday for a two-day state visit.",
            ("KEN_GOV", "meets_with", "CHN"),
        ),
        ("Ghana recalled its ambassador to Togo for consultations.", ("GHA", "sanctions", "TGO")),
        # the place hangs on the agent of a passive
        (
            "Twelve opposition activists were arrested by police in Harare.",
            ("ZWE_COP", "coerces", "ZWE_OPP"),
        ),
    ],
)
def test_visits_recalls_and_passive_arrests(
    extract_text: Any, sentence: str, triple: tuple[str, str, str]
) -> None:
    assert triple in _triples(extract_text(sentence))


def test_a_capitalized_agent_noun_is_no_minted_actor(nlp: Any) -> None:
    doc = nlp(prepare_doc(nlp, "Teachers marched outside parliament in Accra.", "2021-03-01"))
    found = {doc[m.start : m.end].text: m.actor.id for m in mentions_of(doc)}
    assert found.get("Teachers") == "GHA_EDU", found
