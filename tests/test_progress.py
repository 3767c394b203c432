"""The progress line of kg build / kg extract (issues 23.7 and 24.4)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

from kg.cli import cli
from kg.cli.progress import ProgressLine
from kg.model import Article

ROOT = Path(__file__).resolve().parents[1]


def _line(**kw: Any) -> tuple[ProgressLine, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    return ProgressLine("building", enabled=True, console=console, **kw), out


def test_progress_says_one_article_and_counts_time_from_the_start(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GEOKG_NO_PROGRESS", raising=False)
    line, out = _line()
    with line:
        line._start -= 65  # the command started 65 s ago (model loading, first batch)
        line.update(1, 1, 0)
    text = out.getvalue()
    assert "1 article " in text and "1 articles" not in text and "1 relation " in text
    assert "0:01:05" in text  # not 0:00:00: the time since the command started


def test_progress_shows_how_far_a_long_article_got(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GEOKG_NO_PROGRESS", raising=False)
    line, out = _line()
    with line:
        line.chunk(Article("long-report.txt", "x"), 40_000, 2_500_000)
    assert "long-report.txt 40,000/2,500,000 chars" in out.getvalue()


def test_progress_disabled_draws_nothing() -> None:
    line, out = _line()
    line.enabled = False
    with line:
        line.update(3, 4, 0)
        line.chunk(Article("a", "x"), 1, 2)
    assert out.getvalue() == ""


@pytest.mark.model
def test_long_article_reports_its_chunks(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kg.extract import iter_extractions, watch_chunks

    # smaller chunks than the 20,000 characters of a real run: the same code, less parsing
    monkeypatch.setattr("kg.extract._CHUNK_CHARS", 1_500)
    monkeypatch.setattr("kg.extract._CONTEXT_CHARS", 300)

    paragraph = (
        "Ministers of Kenya and Ethiopia met in Nairobi on Tuesday. Kenya pledged to "
        "support Ethiopia in the talks over the dam, officials said.\n\n"
    )
    text = paragraph * (5_000 // len(paragraph))
    seen: list[tuple[str, int, int]] = []
    with watch_chunks(lambda a, done, total: seen.append((a.id, done, total))):
        list(iter_extractions([Article("long", text), Article("short", paragraph)]))
    assert len(seen) >= 3 and {s[0] for s in seen} == {"long"}  # the short one: no chunks
    done = [s[1] for s in seen]
    assert done == sorted(done) and done[-1] >= len(text.rstrip()) and seen[0][2] == len(text)


@pytest.mark.model
def test_extract_prints_a_summary_on_stderr(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "one.txt"
    src.write_text("Kenya backs Ethiopia in the talks.\n")
    out = CliRunner().invoke(cli, ["extract", str(src)])
    assert out.exit_code == 0, out.output
    last = out.stderr.splitlines()[-1]
    assert last.startswith("extracted 1 article, ") and " relation" in last
    assert out.stdout.count("\n") >= 1  # the relations went to stdout
