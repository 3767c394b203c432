"""The ablation report (``kg eval --ablate``, :mod:`kg.ablate`), the provenance
tags and rule switches it reads, and ``kg eval --half``: real pipeline, small
gold sets of our own."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli

pytestmark = pytest.mark.model

KG = Path(__file__).resolve().parents[1] / "kg"

#: own sentences, one construction each, with their per-actor gold
CASES: list[dict[str, Any]] = [
    {
        "id": "abl-passive",
        "text": "Peru is backed by Chile.",
        "relations": [{"source": ["Chile"], "relation": ["supports"], "target": ["Peru"]}],
    },
    {
        "id": "abl-verb",
        "text": "Norway condemned Belarus on Monday.",
        "relations": [{"source": ["Norway"], "relation": ["opposes"], "target": ["Belarus"]}],
    },
    {
        "id": "abl-light",
        "text": "Ghana held talks with Togo.",
        "relations": [{"source": ["Ghana"], "relation": ["meets_with"], "target": ["Togo"]}],
    },
    {
        "id": "abl-negated",
        "text": "Vietnam denied shelling Laos.",
        "relations": [
            {"source": ["Vietnam"], "relation": ["attacks"], "target": ["Laos"], "negated": True}
        ],
    },
    {
        # no gold event: what the extractor finds here is a false positive
        "id": "abl-fp",
        "text": "Chile sanctioned Bolivia.",
        "relations": [],
    },
]


@pytest.fixture(scope="module")
def report(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from kg.ablate import ablate_sets

    cache = tmp_path_factory.mktemp("ablate-cache")
    return ablate_sets([("own.jsonl", CASES)], cache=cache)


def _unit(report: Any, name: str) -> Any:
    found = [u for u in report.units if u.name == name]
    assert found, f"{name} not ablated; units: {[u.name for u in report.units][:40]}"
    return found[0]


def test_baseline_scores_the_own_set(report: Any) -> None:
    base = report.sets["own.jsonl"]
    assert (base["cases"], base["level"], base["tp"], base["fp"], base["fn"]) == (
        5,
        "strict",
        4,
        1,
        0,
    )


def test_a_rule_switched_off_loses_its_event(report: Any) -> None:
    passive = _unit(report, "rule:verb passive").effects["own.jsonl"]
    assert (passive.adds_tp, passive.adds_fp, passive.removed) == (1, 0, 0)
    assert passive.events == ["adds TP abl-passive: Chile supports Peru"]
    assert (passive.d_tp, passive.d_fn) == (1, -1)
    # "held talks with": the compiled CAMEO entry of "hold" (object "talks") reads
    # the same event, so the light-verb rule is ablated but changes nothing
    light = _unit(report, "rule:noun light verb")
    assert light.total("added") == light.total("removed") == 0
    assert light not in report.ranked()


def test_trigger_and_word_class_entries_are_ablated(report: Any) -> None:
    condemn = _unit(report, "trigger:opposes_v:condemn").effects["own.jsonl"]
    assert condemn.events == ["adds TP abl-verb: Norway opposes Belarus"]
    assert _unit(report, "word:LightVerb:hold").total("added") == 0
    sanction = next(u for u in report.units if u.name.startswith("trigger:sanctions"))
    assert sanction.effects["own.jsonl"].adds_fp == 1  # the set has no gold for it


def test_a_negator_removes_the_asserted_reading(report: Any) -> None:
    # without "deny" in lex:Negator the shelling is asserted: the negator adds the
    # negated (true) event and removes the asserted (false) one
    deny = _unit(report, "word:Negator:deny").effects["own.jsonl"]
    assert (deny.adds_tp, deny.removes_fp) == (1, 1)
    assert "removes FP abl-negated: Vietnam attacks Laos" in deny.events


def test_ranking_and_one_event_list(report: Any) -> None:
    from kg.ablate import one_event_units, render_json, render_text

    ranked = report.ranked()
    added = [u.total("added") for u in ranked]
    assert added == sorted(added, reverse=True)
    assert ranked[0].name == "rule:verb"
    ones = {u.name for u in one_event_units(report)}
    assert {"rule:verb passive", "trigger:opposes_v:condemn"} <= ones
    assert "word:Negator:deny" not in ones  # one added, one removed
    text = render_text(report)
    assert "rule:verb passive: adds TP abl-passive: Chile supports Peru [own]" in text
    data = json.loads(render_json(report))
    assert data["sets"]["own.jsonl"]["tp"] == 4
    assert "rule:verb passive" in data["one_event"]
    row = next(u for u in data["units"] if u["unit"] == "rule:verb passive")
    assert (row["kind"], row["added"], row["sets"]["own.jsonl"]["adds_tp"]) == ("rule", 1, 1)


def test_country_level_set(nlp: Any, tmp_path: Path) -> None:
    from kg.ablate import ablate_sets

    cases = [
        {
            "id": "abl-c1",
            "text": "Norway condemned Belarus on Monday.",
            "events": [{"source": "NOR", "target": "BLR", "plover": "REJECT", "quad": 3}],
        },
        {"id": "abl-c2", "text": "Chile sanctioned Bolivia.", "events": []},
    ]
    res = ablate_sets([("country.jsonl", cases)], cache=tmp_path, kinds=("rule", "trigger"))
    assert res.sets["country.jsonl"]["level"] == "dyad+quad"
    verb = _unit(res, "rule:verb").effects["country.jsonl"]
    assert (verb.adds_tp, verb.adds_fp) == (1, 1)
    assert not any(u.kind == "word" for u in res.units)
    assert list(tmp_path.glob("*.spacy")), "parsed Docs are cached"
    again = ablate_sets([("country.jsonl", cases)], cache=tmp_path, kinds=("rule",))
    assert _unit(again, "rule:verb").effects["country.jsonl"] == verb
    for f in tmp_path.glob("*.spacy"):
        f.write_bytes(b"not a DocBin")  # a damaged cache is parsed again
    damaged = ablate_sets([("country.jsonl", cases)], cache=tmp_path, kinds=("rule",))
    assert _unit(damaged, "rule:verb").effects["country.jsonl"] == verb


def test_switch_and_provenance_on_the_relations(nlp: Any) -> None:
    from kg.nlp.mentions import sentences
    from kg.nlp.relations import iter_relations

    relations = nlp.get_pipe("geokg_relations")
    doc = nlp("Peru is backed by Chile.")
    sent = next(iter(sentences(doc)))
    found = [f for f in iter_relations(sent, relations.lex, relations.kb)]
    assert [(f.relation, f.rule, f.entry) for f in found] == [
        ("supports", "verb passive", "supports_v")
    ]
    off = dataclasses.replace(relations.lex, disabled=frozenset({"verb passive"}))
    assert not off.enabled("verb passive") and off.enabled("verb")
    assert list(iter_relations(sent, off, relations.kb)) == []


def test_every_rule_is_named_in_the_extractor() -> None:
    """RULES and the names the extractor switches and tags agree."""
    from kg.nlp.rules import RULES

    used: set[str] = set()
    for path in [*(KG / "nlp" / "relations").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                used.add(node.value)
    assert set(RULES) <= used, sorted(set(RULES) - used)
    switched = set()
    for path in (KG / "nlp" / "relations").glob("*.py"):
        switched |= set(re.findall(r'enabled\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    assert switched and switched <= set(RULES), sorted(switched - set(RULES))


def test_actor_classes_are_those_the_actor_components_read() -> None:
    from kg.ablate import ACTOR_CLASSES
    from kg.nlp.lexicon import WORD_CLASSES

    accessor = {v: k for k, v in WORD_CLASSES.items()}
    read = set()
    for name in ("actors", "context", "coref", "people", "mentions"):
        text = (KG / "nlp" / f"{name}.py").read_text(encoding="utf-8")
        read |= {accessor[m] for m in re.findall(r"\.(\w+)", text) if m in accessor}
    assert read == set(ACTOR_CLASSES)


def test_cli_ablate_half_and_explain(nlp: Any, tmp_path: Path) -> None:
    gold = tmp_path / "own.jsonl"
    gold.write_text("".join(json.dumps(c) + "\n" for c in CASES), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(
        cli, ["eval", str(gold), "--ablate", "--format", "json", "--cache", str(tmp_path / "c")]
    )
    assert res.exit_code == 0, res.output
    assert "rule:verb passive" in json.loads(res.output)["one_event"]
    hidden = runner.invoke(cli, ["eval", str(gold), "--half", "check", "--ablate"])
    assert hidden.exit_code == 0 and "own.jsonl:check" in hidden.output
    assert "(check half)" in hidden.output and "abl-" not in hidden.output
    tune = runner.invoke(cli, ["eval", str(gold), "--half", "tune", "--format", "json"])
    check = runner.invoke(cli, ["eval", str(gold), "--half", "check", "--format", "json"])
    sizes = [json.loads(r.output)["cases"] for r in (tune, check)]
    assert sum(sizes) == len(CASES) and all(sizes)
    text = tmp_path / "a.txt"
    text.write_text("Peru is backed by Chile.\n", encoding="utf-8")
    out = runner.invoke(cli, ["extract", str(text), "--explain"])
    assert out.exit_code == 0, out.output
    line = json.loads(out.output.splitlines()[0])
    assert (line["rule"], line["entry"]) == ("verb passive", "supports_v")
    plain = json.loads(runner.invoke(cli, ["extract", str(text)]).output.splitlines()[0])
    assert "rule" not in plain
    bad = runner.invoke(cli, ["extract", str(text), "--explain", "--format", "table"])
    assert bad.exit_code != 0 and "--explain needs --format jsonl" in bad.output
    missing = runner.invoke(cli, ["eval", str(tmp_path / "none.jsonl"), "--ablate"])
    assert missing.exit_code != 0 and "error:" in missing.output
    assert "Traceback" not in missing.output


def test_optional_country_events_count_neither_way() -> None:
    from kg.evaluate import score_real_case
    from kg.model import Actor, Relation

    chl, bol = Actor("CHL", "Chile", "State", "CHL"), Actor("BOL", "Bolivia", "State", "BOL")
    case = {
        "id": "o",
        "text": "…",
        "events": [],
        "optional": [{"source": "CHL", "target": "BOL", "plover": "SANCTION", "quad": 4}],
    }
    res = score_real_case(case, [Relation("o", "sanctions", chl, bol)])
    assert res.counts["dyad+quad"] == (0, 0, 0)
    assert res.false_positives() == []
