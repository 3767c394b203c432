"""Tests of the actor knowledge base (kg.kb) and `kg actors`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import ConfigError, InputError
from kg.kb import ActorKB, Role, load_kb, mint_actor

ACTORS_TTL = Path(__file__).resolve().parent.parent / "ontology" / "actors.ttl"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_kb()


# (mention, date, context, expected actor id of the best match)
CASES = [
    # names, official names, aliases
    ("Turkey", None, "", "TUR"),
    ("Türkiye", None, "", "TUR"),
    ("Turkiye", None, "", "TUR"),
    ("Republic of Turkey", None, "", "TUR"),
    ("Egypt", None, "", "EGY"),
    ("Arab Republic of Egypt", None, "", "EGY"),
    ("Russia", None, "", "RUS"),
    ("Russian Federation", None, "", "RUS"),
    ("the Russian Federation", None, "", "RUS"),
    ("China", None, "", "CHN"),
    ("People's Republic of China", None, "", "CHN"),
    ("United Arab Emirates", None, "", "ARE"),
    ("the Emirates", None, "", "ARE"),
    ("North Korea", None, "", "PRK"),
    ("Democratic People's Republic of Korea", None, "", "PRK"),
    ("South Korea", None, "", "KOR"),
    ("Republic of Korea", None, "", "KOR"),
    ("Ivory Coast", None, "", "CIV"),
    ("Côte d'Ivoire", None, "", "CIV"),
    ("Cote d'Ivoire", None, "", "CIV"),
    ("Burma", None, "", "MMR"),
    ("Myanmar", None, "", "MMR"),
    ("Britain", None, "", "GBR"),
    ("United Kingdom", None, "", "GBR"),
    ("America", None, "", "USA"),
    ("United States", None, "", "USA"),
    ("the United States", None, "", "USA"),
    ("Palestine", None, "", "PSE"),
    ("State of Palestine", None, "", "PSE"),
    ("Kosovo", None, "", "XKX"),
    ("Taiwan", None, "", "TWN"),
    ("Holy See", None, "", "VAT"),
    ("the Vatican", None, "", "VAT"),
    ("Iran", None, "", "IRN"),
    ("Syria", None, "", "SYR"),
    ("Czech Republic", None, "", "CZE"),
    ("Eswatini", None, "", "SWZ"),
    ("Swaziland", None, "", "SWZ"),
    ("East Timor", None, "", "TLS"),
    ("the Philippines", None, "", "PHL"),
    ("the Netherlands", None, "", "NLD"),
    ("Laos", None, "", "LAO"),
    ("Vietnam", None, "", "VNM"),
    # acronyms and case sensitivity
    ("UAE", None, "", "ARE"),
    ("U.A.E.", None, "", "ARE"),
    ("the UAE", None, "", "ARE"),
    ("US", None, "", "USA"),
    ("U.S.", None, "", "USA"),
    ("USA", None, "", "USA"),
    ("the US", None, "", "USA"),
    ("UK", None, "", "GBR"),
    ("DPRK", None, "", "PRK"),
    ("DRC", None, "", "COD"),
    ("UN", None, "", "un"),
    ("U.N.", None, "", "un"),
    ("the UN", None, "", "un"),
    ("UNSC", None, "", "unsc"),
    ("Security Council", None, "", "unsc"),
    ("UN Security Council", None, "", "unsc"),
    ("the Security Council", None, "", "unsc"),
    ("UNHCR", None, "", "unhcr"),
    ("WHO", None, "", "who"),
    ("NATO", None, "", "nato"),
    ("Nato", None, "", "nato"),
    ("EU", None, "", "eu"),
    ("European Union", None, "", "eu"),
    ("AU", None, "", "au"),
    ("African Union", None, "", "au"),
    ("Arab League", None, "", "arab_league"),
    ("GCC", None, "", "gcc"),
    ("ASEAN", None, "", "asean"),
    ("OPEC", None, "", "opec"),
    ("CSTO", None, "", "csto"),
    ("SCO", None, "", "sco"),
    ("BRICS", None, "", "brics"),
    ("ECOWAS", None, "", "ecowas"),
    ("IAEA", None, "", "iaea"),
    ("ICJ", None, "", "icj"),
    ("ICC", None, "", "icc"),
    ("IMF", None, "", "imf"),
    ("World Bank", None, "", "world_bank"),
    ("G7", None, "", "g7"),
    ("G20", None, "", "g20"),
    ("OSCE", None, "", "osce"),
    ("OAS", None, "", "oas"),
    ("IS", None, "", "islamic_state"),
    ("ISIS", None, "", "islamic_state"),
    ("ISIL", None, "", "islamic_state"),
    ("Daesh", None, "", "islamic_state"),
    ("Islamic State", None, "", "islamic_state"),
    # non-state actors and descriptive aliases
    ("GNA", None, "", "gna"),
    ("Government of National Accord", None, "", "gna"),
    ("Libyan Government of National Accord", None, "", "gna"),
    ("Libya's UN-backed government", None, "", "gna"),
    ("UN-backed government", None, "", "gna"),
    ("the UN-backed government", None, "", "gna"),
    ("Tripoli government", None, "", "gna"),
    ("LNA", None, "", "lna"),
    ("Libyan National Army", None, "", "lna"),
    ("Libyan Arab Armed Forces", None, "", "lna"),
    ("Hezbollah", None, "", "hezbollah"),
    ("Hizbollah", None, "", "hezbollah"),
    ("Hamas", None, "", "hamas"),
    ("Houthis", None, "", "houthis"),
    ("the Houthis", None, "", "houthis"),
    ("Ansar Allah", None, "", "houthis"),
    ("Taliban", None, "", "taliban"),
    ("the Taliban", None, "", "taliban"),
    ("Wagner Group", None, "", "wagner_group"),
    ("RSF", None, "", "rsf"),
    ("Rapid Support Forces", None, "", "rsf"),
    ("SAF", None, "", "saf"),
    ("Sudanese Armed Forces", None, "", "saf"),
    ("SDF", None, "", "sdf"),
    ("PKK", None, "", "pkk"),
    ("YPG", None, "", "ypg"),
    ("M23", None, "", "m23"),
    ("March 23 Movement", None, "", "m23"),
    ("al-Shabaab", None, "", "al_shabaab"),
    ("STC", None, "", "stc"),
    ("Southern Transitional Council", None, "", "stc"),
    ("Boko Haram", None, "", "boko_haram"),
    ("JNIM", None, "", "jnim"),
    ("Hayat Tahrir al-Sham", None, "", "hts"),
    ("HTS", None, "", "hts"),
    ("Fatah", None, "", "fatah"),
    ("Palestinian Authority", None, "", "palestinian_authority"),
    ("IDF", None, "", "idf"),
    ("Sputnik", None, "", "sputnik"),
    # capitals and seats of government
    ("Ankara", None, "", "TUR"),
    ("Moscow", None, "", "RUS"),
    ("the Kremlin", None, "", "RUS"),
    ("Kremlin", None, "", "RUS"),
    ("Washington", None, "", "USA"),
    ("the White House", None, "", "USA"),
    ("Downing Street", None, "", "GBR"),
    ("London", None, "", "GBR"),
    ("Beijing", None, "", "CHN"),
    ("Tripoli", None, "", "LBY"),
    ("Kyiv", None, "", "UKR"),
    ("Kiev", None, "", "UKR"),
    ("Tehran", None, "", "IRN"),
    ("Riyadh", None, "", "SAU"),
    ("Abu Dhabi", None, "", "ARE"),
    ("Cairo", None, "", "EGY"),
    ("Doha", None, "", "QAT"),
    ("Paris", None, "", "FRA"),
    ("Berlin", None, "", "DEU"),
    ("Khartoum", None, "", "SDN"),
    ("Kinshasa", None, "", "COD"),
    ("Brazzaville", None, "", "COG"),
    ("Niamey", None, "", "NER"),
    ("Abuja", None, "", "NGA"),
    ("Pyongyang", None, "", "PRK"),
    ("Taipei", None, "", "TWN"),
    ("Pristina", None, "", "XKX"),
    ("Tbilisi", None, "", "GEO"),
    # demonyms; demonym or state name + agent noun: a sector of the state
    ("Turkish", None, "", "TUR"),
    ("Emirati", None, "", "ARE"),
    ("Saudi", None, "", "SAU"),
    ("Turkish officials", None, "", "TUR_GOV"),
    ("Russian forces", None, "", "RUS_MIL"),
    ("the Ukrainian army", None, "", "UKR_MIL"),
    ("Iraqi officials", None, "", "IRQ_GOV"),
    ("Israeli jets", None, "", "idf"),
    ("the Turkish government", None, "", "TUR_GOV"),
    ("Egyptian government", None, "", "EGY_GOV"),
    ("Emirati officials", None, "", "ARE_GOV"),
    ("Saudi forces", None, "", "SAU_MIL"),
    ("Chinese diplomats", None, "", "CHN_GOV"),
    ("US forces", None, "", "USA_MIL"),
    ("U.S. officials", None, "", "USA_GOV"),
    ("Russia's army", None, "", "RUS_MIL"),
    ("the Sudanese army", None, "", "saf"),
    ("Nigerien soldiers", None, "", "NER_MIL"),
    ("Nigerian troops", None, "", "NGA_MIL"),
    ("Government of Turkey", None, "", "TUR_GOV"),
    ("Turkey's government", None, "", "TUR_GOV"),
    ("the government of Libya", None, "", "LBY_GOV"),
    ("US government", None, "", "USA_GOV"),
    ("British officials", None, "", "GBR_GOV"),
    # titles + names
    ("Turkish Foreign Minister Mevlut Cavusoglu", "2019-12-14", "", "mevlut_cavusoglu"),
    ("Libyan National Army commander Khalifa Haftar", "2019-12-14", "", "khalifa_haftar"),
    ("Ethiopian Prime Minister Abiy Ahmed", None, "", "abiy_ahmed"),
    ("Russian President Vladimir Putin", None, "", "vladimir_putin"),
    ("President Vladimir Putin", None, "", "vladimir_putin"),
    ("Russian Foreign Minister Sergei Lavrov", None, "", "sergei_lavrov"),
    ("Chinese Foreign Minister Wang Yi", None, "", "wang_yi"),
    ("French President Emmanuel Macron", None, "", "emmanuel_macron"),
    ("German Chancellor Olaf Scholz", "2022", "", "olaf_scholz"),
    ("Egyptian President Abdel Fattah al-Sisi", None, "", "abdel_fattah_al_sisi"),
    ("NATO Secretary-General Jens Stoltenberg", "2020", "", "jens_stoltenberg"),
    ("UN Secretary-General Antonio Guterres", None, "", "antonio_guterres"),
    ("Field Marshal Khalifa Haftar", None, "", "khalifa_haftar"),
    ("President Erdogan", None, "", "recep_tayyip_erdogan"),
    # bare surnames and spelling variants
    ("Cavusoglu", None, "", "mevlut_cavusoglu"),
    ("Çavuşoğlu", None, "", "mevlut_cavusoglu"),
    ("Haftar", None, "", "khalifa_haftar"),
    ("Hifter", None, "", "khalifa_haftar"),
    ("Erdogan", None, "", "recep_tayyip_erdogan"),
    ("Erdoğan", None, "", "recep_tayyip_erdogan"),
    ("Erdogan's", None, "", "recep_tayyip_erdogan"),
    ("Putin", None, "", "vladimir_putin"),
    ("Lavrov", None, "", "sergei_lavrov"),
    ("Sisi", None, "", "abdel_fattah_al_sisi"),
    ("Burhan", None, "", "abdel_fattah_al_burhan"),
    ("Hemedti", None, "", "mohamed_hamdan_dagalo"),
    ("Abiy", None, "", "abiy_ahmed"),
    ("Stoltenberg", None, "", "jens_stoltenberg"),
    ("Sarraj", None, "", "fayez_al_sarraj"),
    ("Mevlüt Çavuşoğlu", None, "", "mevlut_cavusoglu"),
    # date-aware office holders
    ("the French president", "2019", "", "emmanuel_macron"),
    ("the French president", "2015-06-01", "", "francois_hollande"),
    ("the Turkish foreign minister", "2019", "", "mevlut_cavusoglu"),
    ("the Turkish foreign minister", "2024-01-01", "", "hakan_fidan"),
    ("the US president", "2018-03-01", "", "donald_trump"),
    ("the US president", "2022-03-01", "", "joe_biden"),
    ("the German chancellor", "2019", "", "angela_merkel"),
    ("the German chancellor", "2023", "", "olaf_scholz"),
    ("NATO secretary-general", "2018", "", "jens_stoltenberg"),
    ("the Chinese foreign minister", "2023-03-01", "", "qin_gang"),
    ("Russia's foreign minister", "2019", "", "sergei_lavrov"),
    ("the US secretary of state", "2019-06-01", "", "mike_pompeo"),
    # ambiguous names
    ("Georgia", None, "", "GEO"),
    ("Georgia", None, "the governor of Georgia spoke in Atlanta", "us_georgia"),
    ("Georgia", None, "protests in Tbilisi", "GEO"),
    ("Niger", None, "", "NER"),
    ("Nigeria", None, "", "NGA"),
    ("Congo", None, "", "COD"),
    ("Congo", None, "President Sassou Nguesso in Brazzaville", "COG"),
    ("DR Congo", None, "", "COD"),
    ("Democratic Republic of the Congo", None, "", "COD"),
    ("Republic of the Congo", None, "", "COG"),
    ("Congo-Brazzaville", None, "", "COG"),
    ("Tripoli", None, "fighting in Tripoli, Libya's capital", "LBY"),
    ("Tripoli", None, "clashes in the northern Lebanese city of Tripoli", "LBN"),
    ("Washington state", None, "", "us_washington"),
    ("Washington", None, "wildfires near Seattle", "us_washington"),
    ("Washington", None, "talks with Moscow", "USA"),
]


@pytest.mark.parametrize(("mention", "date", "context", "expected"), CASES)
def test_kb_lookup_table(
    kb: ActorKB, mention: str, date: str | None, context: str, expected: str
) -> None:
    m = kb.resolve(mention, date=date, context=context)
    assert m is not None, f"{mention!r} resolved to nothing"
    assert m.actor.id == expected, f"{mention!r} -> {m.actor.id} ({m.why})"
    assert m.why


def test_kb_table_is_large_enough() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("mention", ["us", "is", "un", "au", "the us", "turkey", "who", "nato's"])
def test_kb_lookup_is_case_aware(kb: ActorKB, mention: str) -> None:
    assert kb.lookup(mention) == []


@pytest.mark.parametrize(
    ("mention", "how"),
    [
        ("Ankara", "capital"),
        ("the Kremlin", "seat"),
        ("US", "acronym"),
        ("Turkish officials", "demonym"),
        ("Egyptian government", "demonym"),
        ("Turkey", "name"),
        ("Türkiye", "alias"),
        ("Cavusoglu", "surname"),
        ("Turkish Foreign Minister Mevlut Cavusoglu", "title"),
        ("Malian Defence Minister Jane Doe", "minted"),
    ],
)
def test_kb_lookup_says_how(kb: ActorKB, mention: str, how: str) -> None:
    m = kb.resolve(mention)
    assert m is not None and m.how == how


def test_kb_title_gives_affiliation(kb: ActorKB) -> None:
    m = kb.resolve("Turkish Foreign Minister Mevlut Cavusoglu", date="2019-12-14")
    assert m is not None and m.affiliation is not None
    assert (m.affiliation.role, m.affiliation.of) == ("foreign minister", "TUR")
    m = kb.resolve("Libyan National Army commander Khalifa Haftar")
    assert m is not None and m.affiliation is not None
    assert (m.affiliation.role, m.affiliation.of) == ("commander", "lna")
    m = kb.resolve("Ethiopian Prime Minister Abiy Ahmed")
    assert m is not None and m.affiliation is not None
    assert (m.affiliation.role, m.affiliation.of) == ("prime minister", "ETH")


def test_kb_unknown_titled_person_is_minted(kb: ActorKB) -> None:
    m = kb.resolve("Malian Defence Minister Jane Doe")
    assert m is not None
    assert m.actor.id == "x_jane_doe" and m.actor.type == "Person" and m.actor.country == "MLI"
    assert m.affiliation == Role("x_jane_doe", "defence minister", "MLI")


def test_kb_mint_actor_never_merges_names() -> None:
    names = ["Jane Doe", "Jane-Doe", "Jane  Doe", "Jané Doe", "Джейн Доу", "Jane Doe Jr."]
    ids = {mint_actor(n).id for n in names}
    assert len(ids) == len(names) - 1  # only the doubled space is the same name
    assert mint_actor("Jane Doe").id == mint_actor("Jane Doe").id
    assert all(re.fullmatch(r"x_\w+", i) for i in ids)
    with pytest.raises(InputError):
        mint_actor("  ")
    with pytest.raises(ConfigError):
        mint_actor("X", "Nation")


def test_kb_ambiguous_names_are_ranked(kb: ActorKB) -> None:
    ids = [m.actor.id for m in kb.lookup("Congo")]
    assert ids[:2] == ["COD", "COG"]
    assert "ambiguous" in kb.lookup("Congo")[0].why
    assert [m.actor.id for m in kb.lookup("Georgia")][:2] == ["GEO", "us_georgia"]
    lebanon = kb.resolve("Tripoli", context="Tripoli, Lebanon")
    assert lebanon is not None and lebanon.how == "place"  # a city, not the government


def test_kb_roles_and_holders(kb: ActorKB) -> None:
    assert [r.of for r in kb.roles("mevlut_cavusoglu")] == ["TUR", "TUR"]
    assert kb.roles("mevlut_cavusoglu", date="2024") == []
    holder = kb.holder("president", "FRA", date="2019-05-01")
    assert holder is not None and holder.id == "emmanuel_macron"
    holder = kb.holder("secretary-general", "nato", date="2019")
    assert holder is not None and holder.id == "jens_stoltenberg"
    assert kb.holder("president", "FRA", date="1950") is None
    with pytest.raises(ConfigError):
        kb.holder("president", "FRA", date="May 2019")


def test_kb_state_of_demonym(kb: ActorKB) -> None:
    assert [kb.state_of_demonym(w).id for w in ["Turkish", "Emirati", "Nigerien", "Nigerian"]] == [  # type: ignore[union-attr]
        "TUR",
        "ARE",
        "NER",
        "NGA",
    ]
    assert kb.state_of_demonym("Martian") is None


def test_kb_names_for_gazetteer(kb: ActorKB) -> None:
    names = set(kb.names())
    assert ("US", "USA", True) in names
    assert ("IS", "islamic_state", True) in names
    assert ("Ankara", "TUR", False) in names
    assert ("Libya's UN-backed government", "gna", False) in names


def test_kb_every_actor_is_complete(kb: ActorKB) -> None:
    from kg.model import ACTOR_TYPES

    for actor in kb:
        assert actor.label and actor.type in ACTOR_TYPES, actor
        if actor.type == "State":
            info = kb.info(actor.id)
            assert info is not None
            assert re.fullmatch(r"[A-Z]{3}", actor.id) and actor.country == actor.id
            assert actor.qid and re.fullmatch(r"Q\d+", actor.qid), actor
        if actor.country is not None:
            assert kb.get(actor.country) is not None, actor


def test_kb_has_all_un_members_and_observers(kb: ActorKB) -> None:
    from rigour.territories import get_territories

    dependent = {
        "ABW", "AIA", "ALA", "BMU", "CCK", "COK", "CUW", "CXR", "CYM", "ESH", "FLK", "FRO", "GGY",
        "GIB", "GRL", "IMN", "IOT", "JEY", "MSR", "NFK", "NIU", "PCN", "SGS", "SHN", "SXM", "TCA",
        "VGB", "WLF",
    }  # fmt: skip
    sovereign = {
        t.alpha3.upper()
        for t in get_territories()
        if t.is_country and not t.is_historical and t.alpha3 and t.alpha3.upper() not in dependent
    }
    states = {a.id for a in kb if a.type == "State"}
    assert sovereign <= states
    members = [a for a in kb if a.type == "State" and a.id not in {"VAT", "PSE", "TWN", "XKX"}]
    assert len(members) == 193
    assert {"VAT", "PSE", "TWN", "XKX"} <= states


def test_kb_coverage_counts(kb: ActorKB) -> None:
    by_type: dict[str, int] = {}
    for a in kb:
        by_type[a.type] = by_type.get(a.type, 0) + 1
    assert by_type["InternationalOrganization"] >= 40
    non_state = sum(
        by_type.get(t, 0) for t in ("ArmedGroup", "PoliticalGroup", "Government", "Group")
    )
    assert non_state >= 60
    assert by_type["Person"] >= 250


def test_kb_actors_ttl_parses_with_rdflib() -> None:
    import rdflib

    g = rdflib.Graph().parse(ACTORS_TTL, format="turtle")
    geo = rdflib.Namespace("https://w3id.org/geokg/ontology#")
    act = rdflib.Namespace("https://w3id.org/geokg/actor/")
    assert (act.TUR, geo.iso3, rdflib.Literal("TUR")) in g
    assert (act.TUR, rdflib.OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q43")) in g


def test_kb_loads_extra_turtle(tmp_path: Path) -> None:
    extra = tmp_path / "mine.ttl"
    extra.write_text(
        "@prefix act: <https://w3id.org/geokg/actor/> .\n"
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'act:acme a geo:Organization ; rdfs:label "Acme Corp" ; skos:altLabel "Acme" ;\n'
        "    geo:country act:USA .\n",
        encoding="utf-8",
    )
    kb = ActorKB.load([extra])
    m = kb.resolve("Acme")
    assert m is not None and m.actor.id == "acme" and m.actor.country == "USA"
    bad = tmp_path / "bad.ttl"
    bad.write_text("act:x a .", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl"):
        ActorKB.load([bad])
    with pytest.raises(InputError, match=r"missing\.ttl"):
        ActorKB.load([tmp_path / "missing.ttl"])


def test_kb_compiled_output_is_up_to_date() -> None:
    from kg import kb_compile

    if not kb_compile._NGEC.exists():
        pytest.skip("../shared/reference/ngec_countries.csv is absent: cannot regenerate")
    text, _ = kb_compile.build_turtle()
    assert text == ACTORS_TTL.read_text(encoding="utf-8"), "run `python -m kg.kb_compile`"


def test_kb_cli_lookup_ankara() -> None:
    result = CliRunner().invoke(cli, ["actors", "lookup", "Ankara"])
    assert result.exit_code == 0, result.output
    for word in ("Turkey", "TUR", "Q43", "capital"):
        assert word in result.output


def test_kb_cli_lookup_json_and_errors() -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "actors",
            "lookup",
            "Turkish Foreign Minister Mevlut Cavusoglu",
            "--date",
            "2019-12-14",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert row["id"] == "mevlut_cavusoglu" and row["affiliation"]["of"] == "TUR"
    result = runner.invoke(cli, ["actors", "lookup", "Zzyzx Qwerty"])
    assert result.exit_code == 1 and "no actor matches 'Zzyzx Qwerty'" in result.output
    result = runner.invoke(cli, ["actors", "lookup", "Ankara", "--date", "last May"])
    assert result.exit_code == 1 and "bad date 'last May'" in result.output


def test_kb_cli_list_and_show() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["actors", "list", "--type", "ArmedGroup", "--country", "SDN"])
    assert result.exit_code == 0 and "rsf" in result.output and "saf" in result.output
    result = runner.invoke(cli, ["actors", "list", "--type", "Nation"])
    assert result.exit_code == 1 and "unknown actor type 'Nation'" in result.output
    result = runner.invoke(cli, ["actors", "show", "khalifa_haftar"])
    assert result.exit_code == 0 and "commander of Libyan National Army" in result.output
    result = runner.invoke(cli, ["actors", "show", "nobody"])
    assert result.exit_code == 1 and "unknown actor id 'nobody'" in result.output


# ---------------------------------------------------------- sectors of a state
@pytest.mark.parametrize(
    ("mention", "actor_id", "sector", "label"),
    [
        ("Latvian police", "LVA_COP", "COP", "Latvian police"),
        ("the Paraguayan army's", "PRY_MIL", "MIL", "Paraguayan military"),
        ("Lithuanian servicemen", "LTU_MIL", "MIL", "Lithuanian military"),
        ("Honduran rebel commanders", "HND_REB", "REB", "Honduran rebels"),
        ("Uruguay's senators", "URY_LEG", "LEG", "Uruguayan legislature"),
        ("Bhutanese journalists", "BTN_MED", "MED", "Bhutanese media"),
        ("Government of Fiji", "FJI_GOV", "GOV", "Fijian government"),
    ],
)
def test_kb_sector_lookup(
    kb: ActorKB, mention: str, actor_id: str, sector: str, label: str
) -> None:
    m = kb.resolve(mention)
    assert m is not None
    assert (m.actor.id, m.actor.sector, m.actor.label) == (actor_id, sector, label), m.why
    assert m.actor.country == actor_id[:3]


def test_kb_sector_actor_types_and_roll_up(kb: ActorKB) -> None:
    from kg.kb_sectors import state_sectors

    assert kb.sector_actor("KEN", "MIL").type == "ArmedGroup"  # type: ignore[union-attr]
    assert kb.sector_actor("KEN", "GOV").type == "Group"  # type: ignore[union-attr]
    assert kb.sector_actor("KEN", "REB").type == "ArmedGroup"  # type: ignore[union-attr]
    assert kb.sector_actor("KEN", "OPP").type == "PoliticalGroup"  # type: ignore[union-attr]
    assert {"GOV", "MIL", "COP"} <= state_sectors()
    assert not {"REB", "OPP", "CVL"} & state_sectors()
    assert kb.sector_actor("XYZ", "MIL") is None
    assert kb.sector_actor("KEN", "NOPE") is None
    assert kb.sector_actor("hamas", "MIL") is None  # only states have sectors


def test_kb_sector_prefers_the_known_national_army(kb: ActorKB) -> None:
    m = kb.resolve("Sudanese troops")
    assert m is not None and m.actor.id == "saf" and m.actor.sector == "MIL"


def test_kb_sector_not_for_titles_or_plain_nouns(kb: ActorKB) -> None:
    # an office is a title (its holder, or the state when none is known)
    m = kb.resolve("the French president", date="2019")
    assert m is not None and m.actor.type == "Person"
    assert kb.resolve("Latvian homes") is None
    # a group's fighters are the group itself
    m = kb.resolve("Hamas fighters")
    assert m is not None and m.actor.id == "hamas" and m.how == "member"


def test_kb_agent_lexicon_longest_phrase(kb: ActorKB) -> None:
    assert kb.agent_sector(["Malian", "security", "forces"]) == (1, "COP")
    assert kb.agent_sector(["Malian", "rebel", "leaders"]) == (1, "REB")
    assert kb.agent_sector(["Malian", "suicide", "bombers"]) == (1, "UAF")
    assert kb.agent_sector(["Malian", "homes"]) is None


def test_kb_agents_compiled_output_is_up_to_date() -> None:
    from kg import kb_compile

    if not (kb_compile.PHOENIX_DIR / "Phoenix.agents.txt").exists():
        pytest.skip("PETRARCH2 dictionaries not available")
    text, report = kb_compile.build_agents()
    assert text == kb_compile.AGENTS_TARGET.read_text(encoding="utf-8"), (
        "run `python -m kg.kb_compile`"
    )
    assert report["kept"] > 3000


# ------------------------------------------------- compiled from the Phoenix dictionaries
@pytest.mark.parametrize(
    ("mention", "actor_id", "type_", "country"),
    [
        # armed groups (Phoenix.MilNonState): new actors with their home country
        ("Tupamaros", "tupamaros", "ArmedGroup", "URY"),
        ("Shining Path", "shining_path", "ArmedGroup", "PER"),
        # national institutions (hand-written and Phoenix.Countries): a sector of the state
        ("FARDC", "COD_MIL", "ArmedGroup", "COD"),
        ("Kenya Defence Forces", "KEN_MIL", "ArmedGroup", "KEN"),
        ("the Knesset", "ISR_LEG", "Group", "ISR"),
        # organizations (Phoenix.International)
        ("Greenpeace", "greenpeace", "Organization", None),
    ],
)
def test_kb_compiled_actors(
    kb: ActorKB, mention: str, actor_id: str, type_: str, country: str | None
) -> None:
    m = kb.resolve(mention)
    assert m is not None, mention
    assert (m.actor.id, m.actor.type, m.actor.country) == (actor_id, type_, country), m.why


def test_kb_compiled_keeps_the_hand_written_actors(kb: ActorKB) -> None:
    # a Phoenix entry that shares a name with a hand-written actor joins it or is dropped
    m = kb.resolve("Revolutionary Guard")
    assert m is not None and m.actor.id == "irgc"
    assert kb.resolve("Hezbollah").actor.id == "hezbollah"  # type: ignore[union-attr]
    # descriptions ("Afghan rebels") are not names: they resolve as a sector
    m = kb.resolve("Afghan rebels")
    assert m is not None and m.actor.id == "AFG_REB"
    # one rebel group does not stand for all the rebels of its country
    m = kb.resolve("Honduran rebels")
    assert m is not None and m.actor.id == "HND_REB"
    # generic words and nicknames in the dictionaries are not compiled
    assert kb.resolve("Youth") is None
    assert kb.resolve("Moron") is None


def test_kb_compiled_places_stand_for_their_country_weakly(kb: ActorKB) -> None:
    m = kb.resolve("Aarhus")
    assert m is not None and (m.actor.id, m.how) == ("DNK", "place")


def test_kb_phoenix_compiled_output_is_up_to_date() -> None:
    from kg import kb_compile

    if not (kb_compile.PHOENIX_DIR / "Phoenix.Countries.actors.txt").exists():
        pytest.skip("PETRARCH2 dictionaries not available")
    text, report = kb_compile.build_phoenix()
    assert text == kb_compile.PHOENIX_TARGET.read_text(encoding="utf-8"), (
        "run `python -m kg.kb_compile`"
    )
    assert report["Phoenix.MilNonState.actors.txt"]["entries kept: new actors"] > 500


def test_kb_sector_of_state(kb: ActorKB) -> None:
    m = kb.resolve("the Armed Forces of Ukraine")
    assert m is not None and m.actor.id == "UKR_MIL"
    m = kb.resolve("the police of Kenya")
    assert m is not None and m.actor.id == "KEN_COP"


@pytest.mark.parametrize(
    "phrase",
    [
        "the eastern-based rival army",
        "eastern-based army",
        "UAE-backed Southern Transitional Council",
        "Turkish-backed Syrian National Army",
        "Tobruk-based parliament",
    ],
)
def test_kb_descriptions_are_not_aliases(kb: ActorKB, phrase: str) -> None:
    # a description from an article is resolved in context (kg.nlp.context), not by name
    m = kb.resolve(phrase)
    assert m is None or m.how not in ("name", "alias"), m.why
