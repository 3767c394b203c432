"""Tests of the store commands: kg build, query, export, stats, validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def built(tmp_path: Path, libya_article, libya_relations) -> str:
    path = tmp_path / "kg-store"
    with open_store(path) as st:
        st.replace_article(libya_article, libya_relations)
    return str(path)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("cmd", ["build", "query", "export", "stats", "validate"])
def test_cli_store_help_has_example(cmd: str) -> None:
    result = run(cmd, "--help")
    assert result.exit_code == 0 and "Example" in result.output and "--store" in result.output


def test_cli_store_who_backs(built: str) -> None:
    result = run(
        "query",
        "--store",
        built,
        "--file",
        str(ROOT / "examples/queries/who_backs.rq"),
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    assert "Egypt" in result.output and "United Arab Emirates" in result.output


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_cli_store_query_formats(built: str, fmt: str) -> None:
    result = run(
        "query", "--store", built, "--format", fmt, "SELECT ?s WHERE { ?s geo:supports ?t }"
    )
    assert result.exit_code == 0
    assert "EGY" in result.output
    if fmt == "json":
        assert len(json.loads(result.output)) == 2


def test_cli_store_query_syntax_error_is_one_line(built: str) -> None:
    result = run("query", "--store", built, "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 1
    assert "SPARQL syntax error: line 1, column" in result.output
    assert "Traceback" not in result.output


def test_cli_store_query_data_file(tmp_path: Path, built: str) -> None:
    out = tmp_path / "g.trig"
    assert run("export", "--store", built, "--format", "trig", "--out", str(out)).exit_code == 0
    result = run("query", "--data", str(out), "ASK { ?s geo:supports ?t }")
    assert result.exit_code == 0 and result.output.strip() == "true"


def test_cli_store_export_stdout_parses(built: str) -> None:
    result = run("export", "--store", built, "--format", "turtle")
    assert result.exit_code == 0
    g = rdflib.Graph().parse(data=result.output, format="turtle")
    assert len(g) > 20


def test_cli_store_export_bad_format(built: str) -> None:
    result = run("export", "--store", built, "--format", "tll")
    assert result.exit_code == 1 and "unknown format 'tll'; expected one of" in result.output


def test_cli_store_stats_and_validate(built: str) -> None:
    result = run("stats", "--store", built, "--json")
    assert result.exit_code == 0 and json.loads(result.output)["events"] == 5
    result = run("validate", "--store", built)
    assert result.exit_code == 0 and "conforms" in result.output


def test_cli_store_missing_store(tmp_path: Path) -> None:
    result = run("stats", "--store", str(tmp_path / "nope"))
    assert result.exit_code == 1 and "kg build" in result.output


def test_cli_store_build_reports_skipped(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "a1", "text": "Egypt backs Haftar."}\n{broken\n')
    store = tmp_path / "s"
    result = run("build", str(src), "--store", str(store), "--quiet")
    assert result.exit_code == 1
    assert "skipped" in result.output
    with open_store(store, read_only=True) as st:
        assert st.has_article("a1")
