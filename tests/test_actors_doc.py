"""Tests for kg.nlp.actors: mentions in real sentences resolved to actors.

These run the whole pipeline (``@pytest.mark.model``); the knowledge-base
lookup itself is tested in test_kb.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import Span

from kg.extract import prepare_doc
from kg.nlp.actors import Mention, mention_index, mentions_of

pytestmark = pytest.mark.model


def _parse(nlp: Any, text: str, date: str | None = "2020-01-05") -> Any:
    return nlp(prepare_doc(nlp, text, date))


def _by_text(doc: Any) -> dict[str, Mention]:
    return {doc[m.start : m.end].text: m for m in mentions_of(doc)}


@pytest.mark.parametrize(
    ("sentence", "surface", "actor_id", "how"),
    [
        ("Ankara rejected the proposal.", "Ankara", "TUR", "capital"),
        ("Washington imposed tariffs on Beijing.", "Washington", "USA", "capital"),
        ("Washington imposed tariffs on Beijing.", "Beijing", "CHN", "capital"),
        ("The Kremlin denied the report.", "The Kremlin", "RUS", "seat"),
        ("Kyiv denied the claims.", "Kyiv", "UKR", "capital"),
        ("Russian forces entered the town.", "Russian forces", "RUS_MIL", "demonym"),
        ("Jane Mbeki met Ukrainian officials.", "Ukrainian officials", "UKR_GOV", "demonym"),
        ("Georgia protested to Russia.", "Georgia", "GEO", None),
        ("Egypt backs the LNA.", "LNA", "lna", None),
        ("Sputnik said Ankara had agreed.", "Sputnik", "sputnik", None),
        # en_core_web_sm tags a lone "Cavusoglu" ORG: the knowledge base wins
        ("Cavusoglu said Turkey would respond.", "Cavusoglu", "mevlut_cavusoglu", None),
    ],
)
def test_actors_doc_mention_resolves(
    nlp: Any, sentence: str, surface: str, actor_id: str, how: str | None
) -> None:
    found = _by_text(_parse(nlp, sentence))
    assert surface in found, f"no mention {surface!r} in {sorted(found)}"
    assert found[surface].actor.id == actor_id
    if how is not None:
        assert found[surface].how == how


def test_actors_doc_title_links_known_person_with_affiliation(nlp: Any) -> None:
    found = _by_text(_parse(nlp, "Turkish Foreign Minister Mevlut Cavusoglu arrived in Doha."))
    m = found["Turkish Foreign Minister Mevlut Cavusoglu"]
    assert (m.actor.id, m.actor.type, m.how) == ("mevlut_cavusoglu", "Person", "title")
    assert m.affiliation is not None
    assert (m.affiliation.role, m.affiliation.of) == ("foreign minister", "TUR")
    assert found["Doha"].actor.id == "QAT"


@pytest.mark.parametrize(
    ("sentence", "surface", "role", "of"),
    [
        (
            "Nigerien Interior Minister Amadou Souley spoke to reporters.",
            "Nigerien Interior Minister Amadou Souley",
            "interior minister",
            "NER",
        ),
        (
            "Libyan National Army commander Ahmed Faraj attacked Tripoli.",
            "Libyan National Army commander Ahmed Faraj",
            "commander",
            "lna",
        ),
    ],
)
def test_actors_doc_title_creates_unknown_person_with_affiliation(
    nlp: Any, sentence: str, surface: str, role: str, of: str
) -> None:
    doc = _parse(nlp, sentence)
    m = _by_text(doc)[surface]
    assert m.actor.id.startswith("x_")
    assert m.actor.minted and m.actor.type == "Person"
    assert m.affiliation is not None and (m.affiliation.role, m.affiliation.of) == (role, of)
    affs = [f for f in doc._.geokg_relations if f.relation == "affiliated_with"]
    assert [(f.source.id, f.target.id, f.role) for f in affs] == [(m.actor.id, of, role)]


def test_actors_doc_organization_in_title_stays_a_mention(nlp: Any) -> None:
    found = _by_text(_parse(nlp, "Libyan National Army commander Ahmed Faraj attacked Tripoli."))
    assert found["Libyan National Army"].actor.id == "lna"
    # in 2020 Tripoli is the seat of the Government of National Accord (ontology/seats.ttl)
    assert found["Tripoli"].actor.id == "gna"


def test_actors_doc_unknown_names_are_minted(nlp: Any) -> None:
    org = _by_text(_parse(nlp, "The Sahel Freedom Front attacked a convoy."))
    (m,) = org.values()
    assert m.actor.id == "x_sahel_freedom_front"
    assert (m.actor.type, m.how) == ("Organization", "minted")
    person = _by_text(_parse(nlp, "Jane Mbeki met Ukrainian officials."))
    assert person["Jane Mbeki"].actor.id == "x_jane_mbeki"
    assert person["Jane Mbeki"].actor.type == "Person"


@pytest.mark.parametrize(
    ("sentence", "name", "known"),
    [
        ("Jane Erdogan met Ukrainian officials.", "Jane Erdogan", "recep_tayyip_erdogan"),
        ("Ahmed Haftar visited Cairo.", "Ahmed Haftar", "khalifa_haftar"),
    ],
)
def test_actors_doc_minted_names_never_merge_with_known_actors(
    nlp: Any, sentence: str, name: str, known: str
) -> None:
    # a different person who shares a surname with a known one is a new actor
    doc = _parse(nlp, sentence)
    ids = {m.actor.id for m in mentions_of(doc)}
    assert known not in ids
    assert _by_text(doc)[name].actor.minted


def test_actors_doc_ner_person_label_on_capital_is_overridden(nlp: Any) -> None:
    # en_core_web_sm sometimes tags capitals ("Kyiv", "Ankara") PERSON; force that
    # mistake and check the resolver still reads the capital as the state
    doc = prepare_doc(nlp, "Kyiv thanked Warsaw for the help.", "2020-01-05")
    for name, proc in nlp.pipeline:
        if name == "geokg_actors":
            break
        doc = proc(doc)
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 2, 3, label="PERSON")]
    doc = nlp.get_pipe("geokg_actors")(doc)
    found = _by_text(doc)
    assert found["Kyiv"].actor.id == "UKR"
    assert found["Warsaw"].actor.id == "POL"
    assert not any(m.actor.minted for m in found.values())


def test_actors_doc_mentions_sorted_and_indexed(nlp: Any) -> None:
    doc = _parse(nlp, "Moscow warned Kyiv and Warsaw.")
    ms = mentions_of(doc)
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    index = mention_index(ms)
    assert index[0].actor.id == "RUS"
    assert {m.actor.id for m in ms} == {"RUS", "UKR", "POL"}


def test_actors_doc_every_actor_has_contract_fields(nlp: Any) -> None:
    doc = _parse(
        nlp,
        "Egyptian President Abdel Fattah al-Sisi met Russian officials and the Sahel Freedom "
        "Front in Cairo.",
    )
    assert mentions_of(doc)
    for m in mentions_of(doc):
        d = m.actor.to_dict()
        assert (
            {"id", "label", "type", "country"}
            <= set(d)
            <= {
                "id",
                "label",
                "type",
                "country",
                "sector",
            }
        )
        assert d["id"] and d["label"]
        from kg.model import ACTOR_TYPES

        assert d["type"] in ACTOR_TYPES
        if d["type"] == "State":
            assert d["country"] == d["id"]


def test_actors_doc_person_dated_affiliation(nlp: Any) -> None:
    # the knowledge base's dated roles: Sisi is Egypt's president in 2020
    m = _by_text(_parse(nlp, "Egyptian President Abdel Fattah al-Sisi met officials."))[
        "Egyptian President Abdel Fattah al-Sisi"
    ]
    assert m.actor.id == "abdel_fattah_al_sisi"
    assert m.affiliation is not None and m.affiliation.of == "EGY"


# ---------------------------------------------------------- sectors of a state
@pytest.mark.parametrize(
    ("sentence", "surface", "actor_id", "sector"),
    [
        # demonym + agent noun
        ("Moldovan police detained two smugglers.", "Moldovan police", "MDA_COP", "COP"),
        ("Namibian rebels crossed the river.", "Namibian rebels", "NAM_REB", "REB"),
        ("Bolivian officials rejected the offer.", "Bolivian officials", "BOL_GOV", "GOV"),
        # multiword agent phrases: the longest one names the sector
        ("Malian security forces patrolled the road.", "Malian security forces", "MLI_COP", "COP"),
        (
            "Tongan opposition leaders met on Monday.",
            "Tongan opposition leaders",
            "TON_OPP",
            "OPP",
        ),
        # a state's name, or its name with 's
        ("Latvia's army evacuated the valley.", "Latvia's army", "LVA_MIL", "MIL"),
        ("Bolivia troops guarded the mine.", "Bolivia troops", "BOL_MIL", "MIL"),
        # compound head after the agent noun: the whole phrase
        ("Chilean army trucks blocked the bridge.", "Chilean army trucks", "CHL_MIL", "MIL"),
        # a people of a country
        ("Gabonese fishermen protested the ban.", "Gabonese fishermen", "GAB_AGR", "AGR"),
        # the knowledge base's own national army stands for the sector
        ("Israeli soldiers closed the crossing.", "Israeli soldiers", "idf", "MIL"),
    ],
)
def test_actors_doc_sector_mentions(
    nlp: Any, sentence: str, surface: str, actor_id: str, sector: str
) -> None:
    doc = _parse(nlp, sentence)
    m = _by_text(doc).get(surface)
    assert m is not None, f"no mention {surface!r}: {sorted(_by_text(doc))}"
    assert (m.actor.id, m.actor.sector, m.how) == (actor_id, sector, "demonym"), m.why


def test_actors_doc_sector_possessive_and_title(nlp: Any) -> None:
    doc = _parse(nlp, "The Malawian army's commander met Malawian President Lazarus Chakwera.")
    by_text = _by_text(doc)
    assert by_text["Malawian army"].actor.id == "MWI_MIL"
    # an office before a name is a title, not a sector
    assert not any(m.actor.id == "MWI_GOV" for m in mentions_of(doc))


def test_actors_doc_sector_coordinated_states(nlp: Any) -> None:
    doc = _parse(nlp, "Greek and Turkish warships shadowed each other.")
    m = next(m for m in mentions_of(doc) if m.actor.sector == "MIL")
    assert {a.id for a in m.all_actors} == {"GRC_MIL", "TUR_MIL"}


def test_actors_doc_sector_needs_a_country(nlp: Any) -> None:
    doc = _parse(nlp, "Unknown gunmen and local police clashed overnight.")
    assert not any(m.actor.sector for m in mentions_of(doc))


def test_actors_doc_sector_in_extraction_output(extract_text: Any) -> None:
    rels = extract_text("Bolivian police arrested three Paraguayan smugglers in La Paz.")
    assert rels, "no relation"
    src = rels[0].to_dict()["source"]
    assert (src["id"], src["country"], src["sector"]) == ("BOL_COP", "BOL", "COP")


@pytest.mark.parametrize(
    ("sentence", "surface", "actor_id"),
    [
        # agent noun + "of" + state, as conflict-event notes write it
        (
            "Military forces of Namibia clashed with smugglers.",
            "Military forces of Namibia",
            "NAM_MIL",
        ),
        ("The police of Malawi dispersed the crowd.", "police of Malawi", "MWI_COP"),
        # agent noun + (state)
        ("Protesters (Tonga) blocked the road.", "Protesters (Tonga)", "TON_OPP"),
    ],
)
def test_actors_doc_sector_of_state_after_the_noun(
    nlp: Any, sentence: str, surface: str, actor_id: str
) -> None:
    doc = _parse(nlp, sentence)
    m = _by_text(doc).get(surface)
    assert m is not None, f"no mention {surface!r}: {sorted(_by_text(doc))}"
    assert m.actor.id == actor_id, m.why


def test_actors_doc_title_with_adjective_gives_the_country(nlp: Any) -> None:
    doc = _parse(nlp, "Malta's new President Jane Vella met the envoy.")
    m = next(m for m in mentions_of(doc) if m.actor.type == "Person")
    assert m.actor.country == "MLT" and m.affiliation is not None
    assert (m.affiliation.role, m.affiliation.of) == ("president", "MLT")


def test_actors_doc_people_of_a_place(nlp: Any) -> None:
    doc = _parse(nlp, "Protesters in Mombasa blocked a highway.")
    assert _by_text(doc)["Protesters"].actor.id == "KEN_OPP"
    # troops in a country are not necessarily its own
    doc = _parse(nlp, "Troops in Mombasa closed the port.")
    assert "Troops" not in _by_text(doc)


def test_actors_doc_region_of_a_country(nlp: Any) -> None:
    # "Northern Namibia" is a region of Namibia, not another name
    doc = _parse(nlp, "Rebels crossed into Northern Namibia on Monday.")
    assert any(m.actor.id == "NAM" for m in mentions_of(doc)), sorted(_by_text(doc))
    # a longer name is still a name of its own
    doc = _parse(nlp, "South Africa backed the plan.")
    assert [m.actor.id for m in mentions_of(doc)] == ["ZAF"]


def test_actors_doc_event_nouns_are_no_sector(nlp: Any) -> None:
    doc = _parse(nlp, "The Namibian uprising spread to the coast.")
    assert not any(m.actor.sector for m in mentions_of(doc))


def test_actors_doc_ethnic_groups_are_people_of_where_they_live(nlp: Any) -> None:
    doc = _parse(nlp, "Ethnic Russians in Latvia demanded language rights.")
    assert _by_text(doc)["Ethnic Russians"].actor.id == "LVA_CVL"
    doc = _parse(nlp, "Ethnic Uzbek fighters in southern Kyrgyzstan blocked the road.")
    assert [m.actor.country for m in mentions_of(doc) if m.actor.sector] == ["KGZ"]
    # without a place, an ethnic group is no state
    doc = _parse(nlp, "Ethnic Russians protested on Sunday.")
    assert not any(m.actor.id == "RUS" for m in mentions_of(doc))


@pytest.mark.parametrize(
    "text, thing",
    [
        ("Norway will ship Falcon 7 rockets to Ghana.", "Falcon"),
        ("Chile bought twelve Zephyr-9 drones from Peru.", "Zephyr-9"),
        ("Kelvora trucks carried aid to Chad.", "Kelvora"),
    ],
)
def test_actors_doc_unknown_make_of_thing_is_not_minted(nlp: Any, text: str, thing: str) -> None:
    doc = _parse(nlp, text)
    minted = [m.actor.label for m in mentions_of(doc) if m.how == "minted"]
    assert not any(thing in label for label in minted), minted


def test_actors_doc_unknown_group_before_agent_noun_is_still_minted(nlp: Any) -> None:
    doc = _parse(nlp, "Mbarek Zorvan fighters attacked Kenyan troops near the border.")
    assert any("Zorvan" in m.actor.label for m in mentions_of(doc))
