"""``--actors FILE.ttl`` / ``$GEOKG_ACTORS`` for extract, build, eval and the Python API.

The actor, place and facts below are invented for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError
from kg.nlp.pipeline import ACTORS_ENV, actor_files

TURTLE = """\
@prefix act: <https://w3id.org/geokg/actor/> .
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix plc: <https://w3id.org/geokg/place/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
act:amber_front a geo:ArmedGroup ; rdfs:label "Amber Coast Front" ; skos:altLabel "Amber Front" ;
    geo:acronym "ACF" ; geo:country act:KEN .
plc:port_amberly a geo:Place ; rdfs:label "Port Amberly" ; geo:country act:KEN .
[] a geo:Control ; geo:place plc:port_amberly ; geo:controlledBy act:amber_front ;
    geo:start "2030-01-01" .
"""
TEXT = (
    "Kenya accused the Amber Coast Front of smuggling arms. "
    "Kenyan troops shelled Port Amberly on Monday."
)


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def actors_ttl(tmp_path: Path) -> Path:
    path = tmp_path / "mine.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    return path


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"id": "amber", "date": "2031-02-01", "text": TEXT}) + "\n")
    return path


def _id(actor: dict[str, Any]) -> str:
    """A state's sector ("Kenyan troops": KEN_MIL) counts as the state here."""
    sector = actor.get("sector")
    return str(actor["country"]) if sector and actor["id"].endswith("_" + sector) else actor["id"]


def _pairs(stdout: str) -> set[tuple[str, str, str]]:
    rows = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    return {(_id(r["source"]), r["relation"], _id(r["target"])) for r in rows}


def test_actor_files_from_argument_env_or_none(
    actors_ttl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ACTORS_ENV, raising=False)
    assert actor_files() == ()
    monkeypatch.setenv(ACTORS_ENV, f"{actors_ttl}{__import__('os').pathsep}")
    assert actor_files() == (str(actors_ttl),)
    assert actor_files([]) == ()  # an explicit empty list overrides the environment
    with pytest.raises(InputError, match="is a directory"):
        actor_files([actors_ttl.parent])


@pytest.mark.model
def test_user_actors_extract_cli(actors_ttl: Path, articles: Path) -> None:
    without = run("extract", str(articles), env={ACTORS_ENV: ""})
    assert without.exit_code == 0
    assert not any("amber_front" in p for pair in _pairs(without.stdout) for p in pair)
    result = run("extract", str(articles), "--actors", str(actors_ttl))
    assert result.exit_code == 0, result.output
    assert _pairs(result.stdout) == {
        ("KEN", "accuses", "amber_front"),
        ("KEN", "attacks", "amber_front"),  # the place it held at the article's date
    }
    attack = next(json.loads(x) for x in result.stdout.splitlines() if '"attacks"' in x)
    assert attack["place"] == {"label": "Port Amberly", "country": "KEN", "geonames": None}
    # the same through the environment
    result = run("extract", str(articles), env={ACTORS_ENV: str(actors_ttl)})
    assert ("KEN", "accuses", "amber_front") in _pairs(result.stdout)


@pytest.mark.model
def test_user_actors_build_and_eval_cli(actors_ttl: Path, articles: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = run("build", str(articles), "--store", str(store), "-q", "--actors", str(actors_ttl))
    assert result.exit_code == 0, result.output
    query = "SELECT ?t WHERE { act:KEN geo:accuses ?t }"
    result = run("query", query, "--store", str(store), "--format", "csv")
    assert "amber_front" in result.stdout
    gold = tmp_path / "gold.jsonl"
    case = {
        "id": "g1",
        "date": "2031-02-01",
        "text": "Kenya accused the Amber Front of smuggling arms.",
        "relations": [
            {"source": ["Kenya"], "relation": "accuses", "target": ["Amber Coast Front"]}
        ],
    }
    gold.write_text(json.dumps(case) + "\n", encoding="utf-8")
    result = run("eval", str(gold), "--format", "json", "--actors", str(actors_ttl))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["strict"]["f1"] == 1.0


@pytest.mark.model
def test_user_actors_python_api(actors_ttl: Path) -> None:
    import kg

    rels = list(kg.extract([kg.Article("a", TEXT, date="2031-02-01")], actors=[actors_ttl]))
    assert ("KEN", "accuses", "amber_front") in {
        (r.source.id, r.relation, r.target.id) for r in rels
    }


@pytest.mark.parametrize("cmd", ["extract", "build", "eval"])
def test_user_actors_bad_file_is_one_clear_error(cmd: str, tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("Egypt backs Haftar.\n", encoding="utf-8")
    bad = tmp_path / "broken.ttl"
    bad.write_text("this is { not turtle", encoding="utf-8")
    args = [cmd, str(src)] + (["--store", str(tmp_path / "s")] if cmd == "build" else [])
    for path, message in ((tmp_path / "absent.ttl", "does not exist"), (bad, "not valid Turtle")):
        result = run(*args, "--actors", str(path))
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        lines = result.stderr.strip().splitlines()
        assert lines[-1].startswith("error: actor file") and message in lines[-1]
    assert not (tmp_path / "s").exists()  # nothing built from a failed start
