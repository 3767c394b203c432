"""``kg demo --actors FILE.ttl`` (and ``$GEOKG_ACTORS``), end to end.

The force, its commander, the port and the dates are invented for these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.nlp.pipeline import ACTORS_ENV

TURTLE = """\
@prefix act: <https://w3id.org/geokg/actor/> .
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix plc: <https://w3id.org/geokg/place/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
act:amber_front a geo:ArmedGroup ; rdfs:label "Amber Coast Front" ; geo:acronym "ACF" ;
    geo:country act:KEN .
act:doran_vell a geo:Person ; rdfs:label "Doran Vell" ; geo:shortName "Vell" ;
    geo:country act:KEN .
[] a org:Membership ; org:member act:doran_vell ; org:organization act:amber_front ;
    org:role "commander" ; geo:start "2029"^^xsd:gYear .
plc:port_amberly a geo:Place ; rdfs:label "Port Amberly" ; geo:country act:KEN .
[] a geo:Control ; geo:place plc:port_amberly ; geo:controlledBy act:amber_front ;
    geo:start "2030-01-01" .
"""

ARTICLE = """date 2031-02-01

Kenya accused the Amber Coast Front of smuggling arms across the border.
Kenyan troops shelled Port Amberly on Monday.
Doran Vell is backed by Tanzania, officials in Nairobi said.
"""


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, ["demo", *args], env=env, catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "amber.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture
def actors_ttl(tmp_path: Path) -> Path:
    path = tmp_path / "mine.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    return path


def _blocs(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("bloc ")]


@pytest.mark.model
def test_demo_actors_file_extends_extraction_and_principals(
    corpus: Path, actors_ttl: Path, tmp_path: Path
) -> None:
    out, store = tmp_path / "out", tmp_path / "store"
    args = [str(corpus), "--store", str(store), "--out", str(out), "--about", "Doran Vell"]
    without = _run(*args, env={ACTORS_ENV: ""})
    assert without.exit_code == 0, without.output
    assert not any("Amber Coast Front" in line for line in _blocs(without.output))

    result = _run(*args, "--actors", str(actors_ttl), env={ACTORS_ENV: ""})
    assert result.exit_code == 0, result.output
    assert "who backs Doran Vell: Tanzania (1)" in result.output
    # the commander counts for his force (a dated role of the user's file), so
    # his backer is in the force's bloc and he is no node of his own
    assert any(
        "Amber Coast Front" in line and "Tanzania" in line and "Doran Vell" not in line
        for line in _blocs(result.output)
    ), result.output
    assert (out / "alliances.png").exists()
    # the page's evidence names the file each sentence came from
    page = (out / "alliances.html").read_text(encoding="utf-8")
    assert '"from file amber.txt"' in page

    # the same through the environment
    again = _run(*args, env={ACTORS_ENV: str(actors_ttl)})
    assert again.exit_code == 0, again.output
    assert _blocs(again.output) == _blocs(result.output)


def test_demo_actors_bad_file_is_one_error_before_anything_is_built(
    corpus: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("this is { not turtle", encoding="utf-8")
    store, out = tmp_path / "store", tmp_path / "out"
    for path, message in ((tmp_path / "absent.ttl", "does not exist"), (bad, "not valid Turtle")):
        result = _run(str(corpus), "--store", str(store), "--out", str(out), "--actors", str(path))
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: actor file") and message in lines[0]
    assert not store.exists() and not out.exists()


def test_demo_help_shows_actors_option() -> None:
    result = _run("--help")
    assert result.exit_code == 0 and "--actors FILE.ttl" in result.output
    assert "GEOKG_ACTORS" in result.output
