"""No article is lost to a bug (issue 21): an exception while extracting one
article is reported at the article boundary and every other article is kept.

The bug is injected as a real spaCy component, saved with the model into a
model directory that ``--model`` loads: it raises on a marker word. Worker
processes (spawned) find its factory through a ``spacy_factories`` entry
point of a distribution placed on ``sys.path``, the way spaCy plug-ins are
found.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import ExtractionError
from kg.extract import iter_extractions
from kg.model import Article
from kg.store import open_store

pytestmark = pytest.mark.model

#: the word the injected component raises on (ValueError), and one it stops the run on.
MARKER = "Zorblat"
HALT = "Haltvik"

_BOMB = f'''
from spacy.language import Language


class Bomb:
    def __call__(self, doc):
        words = {{t.text for t in doc}}
        if "{MARKER}" in words:
            raise ValueError("bomb went off on {MARKER}")
        if "{HALT}" in words:
            raise KeyboardInterrupt
        return doc


@Language.factory("geokg_test_bomb")
def make_bomb(nlp, name):
    return Bomb()
'''

#: good articles (own sentences) and one that trips the component.
GOOD = [
    ("g1", "Norway signed a fisheries agreement with Iceland."),
    ("g2", "Chile accused Bolivia of violating the border treaty."),
    ("g3", "Vietnam praised Laos for its help after the floods."),
]
BAD = ("bad", f"Portugal condemned the {MARKER} raid on Spain.")


@pytest.fixture(scope="module")
def bomb_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A model directory: the installed model plus the raising component."""
    import importlib

    from kg.nlp.pipeline import load_model

    root = tmp_path_factory.mktemp("bomb")
    (root / "geokg_bomb.py").write_text(_BOMB, encoding="utf-8")
    info = root / "geokg_bomb-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: geokg-bomb\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[spacy_factories]\ngeokg_test_bomb = geokg_bomb:make_bomb\n"
    )
    sys.path.insert(0, str(root))  # spawned workers inherit the parent's sys.path
    importlib.import_module("geokg_bomb")  # this process: register the factory now
    nlp = load_model()
    nlp.add_pipe("geokg_test_bomb")
    nlp.to_disk(root / "model")
    yield str(root / "model")
    sys.path.remove(str(root))


def _jsonl(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text(
        "".join(json.dumps({"id": i, "text": t, "date": "2022-04-02"}) + "\n" for i, t in rows),
        encoding="utf-8",
    )
    return path


def _expected_error(where: str) -> str:
    return (
        f"error: {where}: internal error (ValueError: bomb went off on {MARKER}) — please report it"
    )


@pytest.mark.parametrize("workers", ["1", "2"])
def test_extract_reports_the_failing_article_and_keeps_the_others(
    bomb_model: str, tmp_path: Path, workers: str
) -> None:
    src = _jsonl(tmp_path / "news.jsonl", [GOOD[0], BAD, GOOD[1], GOOD[2]])
    result = CliRunner().invoke(
        cli, ["extract", str(src), "--model", bomb_model, "--workers", workers]
    )
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [_expected_error(f"{src}:2")]
    assert "Traceback" not in result.stderr
    found = {json.loads(line)["article"] for line in result.stdout.splitlines()}
    assert found == {"g1", "g2", "g3"}


def test_extract_one_article_per_batch(bomb_model: str, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "news.jsonl", [BAD, GOOD[2]])
    result = CliRunner().invoke(
        cli, ["extract", str(src), "--model", bomb_model, "--batch-size", "1"]
    )
    assert result.exit_code == 1
    assert _expected_error(f"{src}:1") in result.stderr.splitlines()
    assert {json.loads(x)["article"] for x in result.stdout.splitlines()} == {"g3"}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_build_stores_every_other_article(bomb_model: str, tmp_path: Path, workers: str) -> None:
    store = str(tmp_path / "store")
    first = _jsonl(tmp_path / "old.jsonl", [GOOD[0]])
    runner = CliRunner()
    ok = runner.invoke(cli, ["build", str(first), "--store", store, "--model", bomb_model, "-q"])
    assert ok.exit_code == 0, ok.output
    src = _jsonl(tmp_path / "new.jsonl", [GOOD[1], BAD, GOOD[2]])
    result = runner.invoke(
        cli,
        ["build", str(src), "--store", store, "--model", bomb_model, "--workers", workers, "-q"],
    )
    assert result.exit_code == 1, result.output
    assert _expected_error(f"{src}:2") in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    with open_store(store) as s:
        assert set(s.article_ids()) == {"g1", "g2", "g3"}
    # fixed input (the marker gone) is built on the next run: nothing was recorded for it
    _jsonl(src, [GOOD[1], (BAD[0], BAD[1].replace(MARKER, "night")), GOOD[2]])
    again = runner.invoke(cli, ["build", str(src), "--store", store, "--model", bomb_model, "-q"])
    assert again.exit_code == 0, again.output
    with open_store(store) as s:
        assert set(s.article_ids()) == {"g1", "g2", "g3", "bad"}


def _articles(rows: list[tuple[str, str]]) -> list[Article]:
    return [Article(id=i, text=t, date="2022-04-02", origin=f"mem:{i}") for i, t in rows]


def test_library_hands_the_error_to_on_error(bomb_model: str) -> None:
    errors: list[ExtractionError] = []
    out = iter_extractions(
        _articles([GOOD[0], BAD, GOOD[1]]), model=bomb_model, on_error=errors.append
    )
    assert [a.id for a, _ in out] == ["g1", "g2"]
    assert [str(e) for e in errors] == [_expected_error("mem:bad").removeprefix("error: ")]
    assert isinstance(errors[0].__cause__, ValueError)  # the bug's traceback is kept


def test_library_raises_without_on_error(bomb_model: str) -> None:
    stream = iter_extractions(_articles([GOOD[0], BAD]), model=bomb_model, batch_size=1)
    assert next(stream)[0].id == "g1"
    with pytest.raises(ExtractionError, match="mem:bad: internal error"):
        next(stream)


def test_keyboard_interrupt_is_not_swallowed(bomb_model: str) -> None:
    rows = [GOOD[0], ("halt", f"Austria thanked {HALT} for the talks."), GOOD[1]]
    with pytest.raises(KeyboardInterrupt):
        list(iter_extractions(_articles(rows), model=bomb_model))


def test_dask_partition_reports_its_failed_articles(bomb_model: str) -> None:
    from kg.build.dask import extract_partition

    part: Any = extract_partition(_articles([GOOD[0], BAD, GOOD[2]]), 0, model=bomb_model)
    assert part.articles == 2
    assert part.errors == (_expected_error("mem:bad").removeprefix("error: "),)
    assert b"g3" in part.data and b"Portugal" not in part.data


def test_extract_from_stdin_names_stdin(bomb_model: str) -> None:
    text = f"Peru thanked Chile.\n\nThe {MARKER} envoy left.\n"
    result = CliRunner().invoke(cli, ["extract", "-", "--model", bomb_model], input=text)
    assert result.exit_code == 1
    assert _expected_error("<stdin>") in result.stderr.splitlines()
    assert result.stdout == ""  # stdin is one article: the failing one
