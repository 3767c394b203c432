"""A store location that is not a store (issue 23.5): every command says the same thing.

A store directory carries a marker file (``geokg-store.json``) written when
the store is created; a directory of other files is refused before anything
is written into it; a store built before the marker existed still opens.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import StoreError
from kg.model import Actor, Article, Relation
from kg.store import open_store
from kg.store.disk import MARKER

ROOT = Path(__file__).resolve().parents[1]

#: every command that opens a store, with what it needs besides --store
COMMANDS = [
    ["stats"],
    ["query", "ASK { ?s ?p ?o }"],
    ["export", "--format", "nt"],
    ["validate"],
    ["analyze", "blocs"],
    ["analyze", "influence"],
    ["analyze", "suggest"],
    ["remove", "some-article"],
    ["render", "--out", "{tmp}/picture.png"],
    ["build", str(ROOT / "examples/articles/sudan_jeddah_talks_2023.txt"), "--quiet"],
]


def _cases(tmp: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("my own notes, not a database\n")
    a_file = tmp / "a-file.txt"
    a_file.write_text("not a store\n")
    missing = tmp / "nowhere"
    return {
        "folder": (
            folder,
            f"error: '{folder}' is not a geokg store; use an empty or new directory (--store DIR)",
        ),
        "file": (
            a_file,
            f"error: store location '{a_file}' is a file; give a directory (--store DIR)",
        ),
        "missing": (
            missing,
            f"error: no store at '{missing}'; build one first: kg build SOURCES --store {missing}",
        ),
    }


@pytest.mark.parametrize("case", ["folder", "file", "missing"])
def test_every_command_says_the_same_about_a_bad_store(tmp_path: Path, case: str) -> None:
    location, expected = _cases(tmp_path)[case]
    before = sorted(p.name for p in location.iterdir()) if location.is_dir() else None
    runner = CliRunner()
    for command in COMMANDS:
        if case == "missing" and command[0] == "build":
            continue  # build creates a missing store
        args = [a.replace("{tmp}", str(tmp_path)) for a in command]
        out = runner.invoke(cli, [*args, "--store", str(location)], prog_name="kg")
        errors = [ln for ln in out.stderr.splitlines() if ln.startswith("error:")]
        assert out.exit_code == 1, (command, out.stderr)
        assert errors == [expected], (command, out.stderr)
        assert out.exception is None or isinstance(out.exception, SystemExit)
    # nothing was written into the folder, and no missing store was created
    after = sorted(p.name for p in location.iterdir()) if location.is_dir() else None
    assert after == before


def test_serve_says_the_same_about_a_file(tmp_path: Path) -> None:
    location, expected = _cases(tmp_path)["file"]
    out = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--store", str(location), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1 and out.stderr.splitlines() == [expected]


def _write_one(path: Path) -> None:
    egy = Actor("EGY", "Egypt", "State", "EGY")
    sdn = Actor("SDN", "Sudan", "State", "SDN")
    with open_store(path) as st:
        article = Article("n1", "Egypt backs Sudan.")
        st.replace_article(article, [Relation("n1", "supports", egy, sdn)])


def test_a_new_store_carries_the_marker(tmp_path: Path) -> None:
    _write_one(tmp_path / "s")
    assert (tmp_path / "s" / MARKER).is_file()
    # an empty directory is a fine place for a new store
    (tmp_path / "empty").mkdir()
    _write_one(tmp_path / "empty")
    assert (tmp_path / "empty" / MARKER).is_file()


def test_a_store_of_an_older_geokg_opens_and_gets_the_marker(tmp_path: Path) -> None:
    path = tmp_path / "old"
    _write_one(path)
    (path / MARKER).unlink()  # as written by geokg before the marker existed
    with open_store(path, read_only=True) as st:
        assert st.has_article("n1")
    assert (path / MARKER).is_file()
    (path / MARKER).unlink()
    with open_store(path) as st:  # for writing too
        assert st.has_article("n1")
    assert (path / MARKER).is_file()


def test_a_folder_with_the_marker_but_other_files_is_a_store(tmp_path: Path) -> None:
    path = tmp_path / "s"
    _write_one(path)
    (path / "README.txt").write_text("the store of my project\n")
    with open_store(path, read_only=True) as st:
        assert st.has_article("n1")


def test_open_store_refuses_a_folder_of_other_files(tmp_path: Path) -> None:
    (tmp_path / "queries.rq").write_text("ASK {}\n")
    with pytest.raises(StoreError, match="is not a geokg store; use an empty or new directory"):
        open_store(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["queries.rq"]
