"""Tests for kg.evaluate: the gold-set metric on hand-made Relations (no model)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.errors import InputError
from kg.evaluate import (
    LEVELS,
    PLOVER_QUAD,
    EvalReport,
    RealReport,
    Score,
    is_real_format,
    load_gold,
    score_case,
    score_real_case,
)
from kg.model import Actor, Relation

EGY = Actor("EGY", "Egypt", "State", "EGY")
ARE = Actor("ARE", "United Arab Emirates", "State", "ARE")
TUR = Actor("TUR", "Turkey", "State", "TUR")
RUS = Actor("RUS", "Russia", "State", "RUS")
HAF = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
LNA = Actor("lna", "Libyan National Army", "ArmedGroup", "LBY")
MIN = Actor("x_jane_doe", "Jane Doe", "Person", None)


def rel(
    relation: str, source: Actor, target: Actor, *, negated: bool = False, **kw: Any
) -> Relation:
    return Relation("case", relation, source, target, negated=negated, **kw)


def gold(
    relation: str | list[str], source: list[str], target: list[str], negated: Any = False
) -> dict[str, Any]:
    names = relation if isinstance(relation, list) else [relation]
    return {"relation": names, "source": source, "target": target, "negated": negated}


def case(
    relations: list[dict[str, Any]],
    optional: list[dict[str, Any]] | None = None,
    affiliations: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "id": "c1",
        "text": "…",
        "relations": relations,
        "optional": optional or [],
        "affiliations": affiliations or [],
    }


def strict(res: Any) -> tuple[int, int, int, int]:
    return res.strict_tp_sys, len(res.strict_fp), res.strict_tp_gold, len(res.strict_fn)


def test_evaluate_exact_match() -> None:
    res = score_case(
        case([gold("supports", ["Egypt"], ["Haftar", "Khalifa Haftar"])]),
        [rel("supports", EGY, HAF)],
    )
    assert strict(res) == (1, 0, 1, 0)


def test_evaluate_direction_matters_for_directed_relations() -> None:
    res = score_case(
        case([gold("supports", ["Egypt"], ["Khalifa Haftar"])]), [rel("supports", HAF, EGY)]
    )
    assert strict(res) == (0, 1, 0, 1)


def test_evaluate_symmetric_relation_either_way() -> None:
    g = case([gold("meets_with", ["Turkey"], ["Russia"])])
    assert strict(score_case(g, [rel("meets_with", RUS, TUR)])) == (1, 0, 1, 0)
    assert strict(score_case(g, [rel("meets_with", TUR, RUS)])) == (1, 0, 1, 0)


def test_evaluate_symmetric_alternative_allows_either_way() -> None:
    # a gold entry listing a symmetric alternative accepts both directions
    g = case([gold(["supports", "cooperates_with"], ["Turkey"], ["Russia"])])
    assert strict(score_case(g, [rel("cooperates_with", RUS, TUR)])) == (1, 0, 1, 0)


def test_evaluate_negated_must_agree() -> None:
    g = case([gold("requests_aid_from", ["GNA"], ["Turkey"], negated=True)])
    gna = Actor("gna", "Government of National Accord", "Government", "LBY")
    assert strict(score_case(g, [rel("requests_aid_from", gna, TUR, negated=True)])) == (1, 0, 1, 0)
    assert strict(score_case(g, [rel("requests_aid_from", gna, TUR)])) == (0, 1, 0, 1)


def test_evaluate_negated_none_accepts_both() -> None:
    g = case([gold("supports", ["Egypt"], ["Khalifa Haftar"], negated=None)])
    for negated in (False, True):
        res = score_case(g, [rel("supports", EGY, HAF, negated=negated)])
        assert strict(res) == (1, 0, 1, 0), negated


def test_evaluate_missing_negated_means_false() -> None:
    g = case([{"relation": ["supports"], "source": ["Egypt"], "target": ["Khalifa Haftar"]}])
    assert strict(score_case(g, [rel("supports", EGY, HAF, negated=True)])) == (0, 1, 0, 1)


def test_evaluate_optional_neither_rewarded_nor_penalized() -> None:
    opt = [gold("sanctions", ["Egypt"], ["Turkey"])]
    req = [gold("supports", ["Egypt"], ["Khalifa Haftar"])]
    found = score_case(case(req, opt), [rel("supports", EGY, HAF), rel("sanctions", EGY, TUR)])
    assert strict(found) == (1, 0, 1, 0)
    absent = score_case(case(req, opt), [rel("supports", EGY, HAF)])
    assert strict(absent) == (1, 0, 1, 0)


def test_evaluate_labels_ids_case_and_article_insensitive() -> None:
    g = case([gold("supports", ["the United Arab Emirates"], ["LIBYAN NATIONAL ARMY"])])
    assert strict(score_case(g, [rel("supports", ARE, LNA)])) == (1, 0, 1, 0)
    by_id = case([gold("supports", ["ARE"], ["lna"])])
    assert strict(score_case(by_id, [rel("supports", ARE, LNA)])) == (1, 0, 1, 0)
    wrong = case([gold("supports", ["Emirates"], ["lna"])])
    assert strict(score_case(wrong, [rel("supports", ARE, LNA)])) == (0, 1, 0, 1)


def test_evaluate_coarse_only_asks_the_sign() -> None:
    g = case([gold("supports", ["Egypt"], ["Khalifa Haftar"])])
    res = score_case(g, [rel("provides_aid_to", EGY, HAF)])  # also cooperative (+)
    assert strict(res) == (0, 1, 0, 1)
    assert (res.coarse_tp_sys, res.coarse_fp, res.coarse_tp_gold, res.coarse_fn) == (1, 0, 1, 0)
    hostile = score_case(g, [rel("opposes", EGY, HAF)])
    assert (hostile.coarse_tp_sys, hostile.coarse_fp, hostile.coarse_fn) == (0, 1, 1)


def test_evaluate_two_system_relations_for_one_gold() -> None:
    # precision counts system relations, recall counts gold relations
    g = case([gold(["supports", "provides_aid_to"], ["Egypt"], ["Khalifa Haftar"])])
    res = score_case(g, [rel("supports", EGY, HAF), rel("provides_aid_to", EGY, HAF)])
    assert strict(res) == (2, 0, 1, 0)


def test_evaluate_affiliations_not_counted_as_events() -> None:
    g = case(
        [],
        affiliations=[
            {
                "person": ["Khalifa Haftar", "Haftar"],
                "of": ["Libyan National Army", "LNA"],
                "role": "commander",
            }
        ],
    )
    res = score_case(g, [rel("affiliated_with", HAF, LNA, role="commander")])
    assert strict(res) == (0, 0, 0, 0)
    assert (res.aff_found, res.aff_total) == (1, 1)


def test_evaluate_affiliation_recall() -> None:
    affs = [
        {"person": ["Khalifa Haftar"], "of": ["Libyan National Army"], "role": "commander"},
        {"person": ["Jane Doe"], "of": ["Egypt"], "role": "minister"},
    ]
    res = score_case(case([], affiliations=affs), [rel("affiliated_with", HAF, LNA)])
    assert (res.aff_found, res.aff_total) == (1, 2)
    assert res.aff_missed == [affs[1]]
    wrong_org = score_case(case([], affiliations=affs[1:]), [rel("affiliated_with", MIN, TUR)])
    assert wrong_org.aff_found == 0
    report = EvalReport(
        [res, score_case(case([], affiliations=affs[1:]), [rel("affiliated_with", MIN, EGY)])]
    )
    assert report.affiliation_recall == pytest.approx(2 / 3)


def test_evaluate_report_aggregates_cases() -> None:
    g1 = case(
        [
            gold("supports", ["Egypt"], ["Khalifa Haftar"]),
            gold("supports", ["UAE", "United Arab Emirates"], ["Khalifa Haftar"]),
        ]
    )
    g2 = case([gold("attacks", ["Russia"], ["Turkey"])])
    r1 = score_case(g1, [rel("supports", EGY, HAF), rel("opposes", EGY, TUR)])
    r2 = score_case(g2, [rel("attacks", RUS, TUR)])
    report = EvalReport([r1, r2])
    s = report.strict
    assert (s.tp, s.fp, s.tp_gold, s.fn) == (2, 1, 2, 1)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    d = report.to_dict()
    assert set(d) == {"cases", "strict", "coarse", "affiliation_recall", "affiliations"}
    assert d["cases"] == 2
    assert set(d["strict"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}


def test_evaluate_score_empty_is_zero_not_nan() -> None:
    s = Score(0, 0, 0, 0)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert EvalReport([]).affiliation_recall == 0.0


# ----------------------------------------------------------------------------- load_gold
def test_evaluate_load_gold_reads_cases(tmp_path: Path) -> None:
    p = tmp_path / "g.jsonl"
    p.write_text(
        json.dumps({"id": "x", "text": "Egypt backs Haftar."})
        + "\n\n"
        + json.dumps({"text": "Hi."})
        + "\n",
        encoding="utf-8",
    )
    cases = list(load_gold(p))
    assert [c["id"] for c in cases] == ["x", "g-3"]


def test_evaluate_load_gold_bad_json_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text(json.dumps({"text": "ok"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(load_gold(p))
    assert f"{p}:2:" in str(info.value)
    assert "not valid JSON" in str(info.value)


def test_evaluate_load_gold_case_without_text(tmp_path: Path) -> None:
    p = tmp_path / "notext.jsonl"
    p.write_text(json.dumps({"id": "x", "relations": []}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"notext\.jsonl:1: .*'text'"):
        list(load_gold(p))


def test_evaluate_load_gold_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        list(load_gold(tmp_path / "nope.jsonl"))


def test_evaluate_project_gold_set_loads() -> None:
    path = Path(__file__).parent / "data" / "gold.jsonl"
    cases = list(load_gold(path))
    assert len(cases) >= 60
    for c in cases:
        for g in c.get("relations") or []:
            assert {"relation", "source", "target"} <= set(g)


# ------------------------------------------------------- country-level real text
def _real(*events: tuple[str, str, str]) -> dict[str, Any]:
    return {
        "id": "r1",
        "text": "…",
        "events": [{"source": s, "target": t, "plover": p} for s, t, p in events],
    }


def test_evaluate_real_format_is_detected() -> None:
    assert is_real_format([_real(("EGY", "LBY", "AID"))])
    assert not is_real_format([case([gold("supports", ["Egypt"], ["Turkey"])])])
    with pytest.raises(InputError, match="mixes formats"):
        is_real_format([_real(), case([])])


def test_evaluate_real_levels() -> None:
    un = Actor("un", "United Nations", "InternationalOrganization", None)
    res = score_real_case(
        _real(("EGY", "lna_country", "AID"), ("TUR", "RUS", "CONSULT"), ("IGO", "EGY", "REQUEST")),
        [
            rel("provides_aid_to", TUR, RUS),  # right dyad, wrong type and class
            rel("meets_with", TUR, RUS),  # the same dyad again: sets, not lists
            rel("urges", un, EGY),  # IGO by type
            rel("supports", HAF, EGY),  # a person without a country: no code
            rel("attacks", EGY, TUR, negated=True),  # negated: no event
            rel("affiliated_with", MIN, EGY),  # structural: no event
        ],
    )
    assert res.counts["dyad"] == (2, 1, 1)
    assert res.counts["dyad+quad"] == (2, 2, 1)
    assert res.counts["dyad+plover"] == (2, 2, 1)
    assert [e[:2] for e in res.misses()] == [("EGY", "lna_country")]
    assert len(res.found) == 4
    report = RealReport([res])
    d = report.to_dict()
    assert set(LEVELS) <= set(d) and d["format"] == "country-level"
    assert report.score("dyad").precision == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="unknown level"):
        report.score("triad")


def test_evaluate_real_bad_event_is_an_input_error() -> None:
    bad = {"id": "r2", "text": "…", "events": [{"source": "EGY"}]}
    with pytest.raises(InputError, match="r2"):
        score_real_case(bad, [])


def test_evaluate_plover_quads_match_the_relation_types() -> None:
    from kg.vocab import relation_types

    plovers = {t.plover for n, t in relation_types().items() if n != "affiliated_with"}
    assert plovers <= set(PLOVER_QUAD)


#: strict F1 on tests/data/gold.jsonl when this floor was set; the test fails
#: when the extractor drops more than 0.03 below it.
GOLD_STRICT_F1 = 0.976


@pytest.mark.model
def test_evaluate_quality_floor_on_project_gold(nlp: Any) -> None:
    from kg.evaluate import evaluate

    report = evaluate(load_gold(Path(__file__).parent / "data" / "gold.jsonl"))
    assert report.strict.f1 >= GOLD_STRICT_F1 - 0.03, report.to_dict()
    assert report.affiliation_recall >= 0.9


# my own sentences, in the country-level format
_REAL_CASES = [
    {
        "id": "own-1",
        "text": "Chile condemned Peru on Monday.",
        "events": [{"source": "CHL", "target": "PER", "plover": "REJECT", "quad": 3}],
    },
    {
        "id": "own-2",
        "text": "Norway sent humanitarian aid to Yemen.",
        "events": [{"source": "NOR", "target": "YEM", "plover": "AID", "quad": 2}],
    },
]


@pytest.mark.model
def test_evaluate_cli_reads_the_country_level_format(nlp: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    path = tmp_path / "real.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in _REAL_CASES) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["cases"] == 2
    assert report["dyad+quad"]["f1"] == pytest.approx(1.0)
    text = CliRunner().invoke(cli, ["eval", str(path), "-v"])
    assert "dyad+plover" in text.output and "country-level" in text.output
