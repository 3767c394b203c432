"""Tests of ``kg extract`` and ``kg eval`` (in-process, with the real pipeline)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "gold.jsonl"

ARTICLE = """\
date 2020-01-05 Example Wire
Egypt Backs Haftar
By Jane Reporter

CAIRO (Example Wire - 5th January, 2020) Egypt and the United Arab Emirates support \
Khalifa Haftar.
Libyan National Army commander Ahmed Faraj attacked Tripoli.
Russia did not hold talks with Ukraine.
"""

#: the keys of one JSON line in DESIGN.md's extraction contract
EVENT_KEYS = {
    "article",
    "relation",
    "negated",
    "modality",
    "source",
    "target",
    "date",
    "sentence",
    "span",
    "confidence",
    "cameo",
    "plover",
}
AFFILIATION_KEYS = EVENT_KEYS - {"cameo", "plover"} | {"role"}
ACTOR_KEYS = {"id", "label", "type", "country"}


def run(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def article_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("articles") / "cairo.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def jsonl_lines(nlp: Any, article_file: Path) -> list[dict[str, Any]]:
    result = run("extract", str(article_file), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("cmd", ["extract", "eval"])
def test_cli_extract_help_has_example(cmd: str) -> None:
    result = run(cmd, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.model
def test_cli_extract_jsonl_contract(jsonl_lines: list[dict[str, Any]], article_file: Path) -> None:
    from kg.vocab import relation_types

    assert jsonl_lines
    text = article_file.read_text(encoding="utf-8")
    types = relation_types()
    for d in jsonl_lines:
        if d["relation"] == "affiliated_with":
            assert set(d) == AFFILIATION_KEYS, d
            assert d["role"]
        else:
            # "place" is optional: present when the sentence names where it happened
            assert set(d) - {"place"} == EVENT_KEYS, d
            assert d["cameo"] == types[d["relation"]].cameo_root
            assert d["plover"] == types[d["relation"]].plover
        for side in ("source", "target"):
            assert set(d[side]) == ACTOR_KEYS
        assert isinstance(d["negated"], bool)
        assert d["modality"] in ("asserted", "possible", "conditional", "intended")
        assert d["date"] == "2020-01-05"
        start, end = d["span"]
        assert text[start:end] == d["sentence"]
        assert isinstance(d["confidence"], float) and 0 < d["confidence"] <= 1


@pytest.mark.model
def test_cli_extract_jsonl_content(jsonl_lines: list[dict[str, Any]]) -> None:
    got = {
        (d["relation"], d["source"]["label"], d["target"]["label"], d["negated"])
        for d in jsonl_lines
    }
    assert ("supports", "Egypt", "Khalifa Haftar", False) in got
    # canonical label, not the surface "the UAE"/"the United Arab Emirates"
    assert ("supports", "United Arab Emirates", "Khalifa Haftar", False) in got
    assert ("meets_with", "Russia", "Ukraine", True) in got
    (faraj,) = [
        d
        for d in jsonl_lines
        if d["relation"] == "affiliated_with" and "Faraj" in d["source"]["label"]
    ]
    assert faraj["source"]["id"].startswith("x_")
    assert (faraj["target"]["label"], faraj["role"]) == ("Libyan National Army", "commander")
    egypt = next(d for d in jsonl_lines if d["source"]["label"] == "Egypt")
    assert egypt["source"] == {"id": "EGY", "label": "Egypt", "type": "State", "country": "EGY"}


@pytest.mark.model
def test_cli_extract_reported_speech_adds_only_speaker(nlp: Any) -> None:
    # "speaker" is the one key beyond DESIGN.md's contract: the claim's source
    result = run("extract", "-", input="Seoul said North Korea had fired missiles at Japan.\n")
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    attack = next(d for d in lines if d["relation"] == "attacks")
    assert set(attack) - EVENT_KEYS <= {"speaker"}
    if "speaker" in attack:
        assert set(attack["speaker"]) == ACTOR_KEYS
        assert attack["speaker"]["id"] == "KOR"


@pytest.mark.model
def test_cli_extract_csv(nlp: Any, article_file: Path, jsonl_lines: list[dict[str, Any]]) -> None:
    from kg.cli.extract import _CSV_FIELDS

    result = run("extract", str(article_file), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0].keys()) == _CSV_FIELDS
    assert len(rows) == len(jsonl_lines)
    first = rows[0]
    assert first["relation"] == jsonl_lines[0]["relation"]
    assert first["source_label"] == jsonl_lines[0]["source"]["label"]
    assert [int(first["span_start"]), int(first["span_end"])] == jsonl_lines[0]["span"]


@pytest.mark.model
def test_cli_extract_table(nlp: Any, article_file: Path, jsonl_lines: list[dict[str, Any]]) -> None:
    result = run("extract", str(article_file), "--format", "table")
    assert result.exit_code == 0
    assert "United Arab Emirates" in result.stdout
    assert "affiliated_with (commander)" in result.stdout
    assert f"{len(jsonl_lines)} relations" in result.stderr


@pytest.mark.model
def test_cli_extract_stdin(nlp: Any) -> None:
    result = run("extract", "-", input="Egypt backs Haftar.\n")
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    first = lines[0]
    assert (first["relation"], first["source"]["id"], first["target"]["id"]) == (
        "supports",
        "EGY",
        "khalifa_haftar",
    )
    assert lines[0]["sentence"] == "Egypt backs Haftar."


@pytest.mark.model
def test_cli_extract_stdin_jsonl(nlp: Any) -> None:
    line = json.dumps({"id": "s1", "text": "Turkey backs the GNA.", "date": "2020-02-01"})
    result = run("extract", "-", input=line + "\n")
    assert result.exit_code == 0
    d = json.loads(result.stdout.splitlines()[0])
    assert (d["article"], d["date"], d["relation"]) == ("s1", "2020-02-01", "supports")


def test_cli_extract_missing_input(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-article.txt"
    result = run("extract", str(missing))
    assert result.exit_code != 0
    assert result.stdout == ""
    err = [line for line in result.stderr.splitlines() if line.strip()]
    assert any(str(missing) in line and "no such file" in line for line in err)
    assert "Traceback" not in result.stderr
    assert len(err) <= 2  # the skip line and the summary


def test_cli_extract_bad_format() -> None:
    result = run("extract", "-", "--format", "xml")
    assert result.exit_code != 0
    assert "xml" in result.output


@pytest.mark.model
def test_cli_eval_json_keys(nlp: Any) -> None:
    result = run("eval", str(GOLD), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"strict", "coarse", "affiliation_recall"} <= set(report)
    for kind in ("strict", "coarse"):
        assert {"precision", "recall", "f1"} <= set(report[kind])
        assert 0.0 <= report[kind]["f1"] <= 1.0
    assert report["cases"] >= 60
    # coarse only relaxes the relation name, so it is never below strict
    assert report["coarse"]["f1"] >= report["strict"]["f1"]


@pytest.mark.model
def test_cli_eval_verbose_lists_errors(nlp: Any, tmp_path: Path) -> None:
    gold = tmp_path / "tiny.jsonl"
    case = {
        "id": "t1",
        "text": "Egypt backs Haftar.",
        "relations": [{"relation": ["attacks"], "source": ["Egypt"], "target": ["Khalifa Haftar"]}],
    }
    gold.write_text(json.dumps(case) + "\n", encoding="utf-8")
    result = run("eval", str(gold), "--verbose")
    assert result.exit_code == 0
    assert "FP  Egypt supports Khalifa Haftar" in result.stdout
    assert "FN  Egypt attacks Khalifa Haftar" in result.stdout
    assert "strict  P=0.000 R=0.000" in result.stdout


def test_cli_eval_missing_gold_file(tmp_path: Path) -> None:
    result = run("eval", str(tmp_path / "absent.jsonl"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ") and "absent.jsonl" in lines[0]


def test_cli_eval_bad_gold_line(tmp_path: Path) -> None:
    gold = tmp_path / "bad.jsonl"
    gold.write_text("{oops\n", encoding="utf-8")
    result = run("eval", str(gold))
    assert result.exit_code == 1
    assert f"{gold}:1:" in result.stderr
