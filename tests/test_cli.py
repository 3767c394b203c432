"""CLI-wide checks: every command has help with an example, ``--version``,
``python -m kg``, and user mistakes end in one ``error:`` line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.model import Actor, Article, Evidence, Relation
from kg.store import open_store


def _walk(cmd: click.Command, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
    yield path, cmd
    if isinstance(cmd, click.Group):
        ctx = click.Context(cmd)
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            assert sub is not None, f"kg {' '.join([*path, name])} is listed but cannot be loaded"
            yield from _walk(sub, [*path, name])


COMMANDS = [path for path, _ in _walk(cli, [])]


def _kg(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=600,  # a guard against a hang: >10x a normal run, also under load
        cwd=cwd,
        env={**os.environ, "GEOKG_NO_PROGRESS": "1"},
    )


def test_cli_every_command_is_reachable() -> None:
    top = {p[0] for p in COMMANDS if len(p) == 1}
    assert {"extract", "build", "query", "export", "stats", "validate", "serve"} <= top
    assert any(len(p) == 2 for p in COMMANDS)  # subcommands are walked too


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "kg")
def test_cli_help_has_an_example(path: list[str]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="kg")
    assert result.exit_code == 0, result.output
    assert "Usage: kg" in result.output
    assert "Example" in result.output, f"kg {' '.join(path)} --help has no example"
    # the example lines are kept as written (\b), each one a kg command
    examples = [ln.strip() for ln in result.output.splitlines() if ln.strip().startswith("kg ")]
    assert examples, result.output


def test_cli_short_help_flag() -> None:
    result = CliRunner().invoke(cli, ["-h"], prog_name="kg")
    assert result.exit_code == 0 and "Commands:" in result.output


def test_cli_version() -> None:
    out = _kg("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"kg, version {kg.__version__}"


def test_cli_python_dash_m_help() -> None:
    out = _kg("--help")
    assert out.returncode == 0 and out.stderr == ""
    for name in ("extract", "build", "query", "export", "analyze", "render", "serve"):
        assert f"  {name} " in out.stdout


def test_cli_unknown_command() -> None:
    out = _kg("extrakt")
    assert out.returncode == 2
    assert "No such command 'extrakt'" in out.stderr and "Traceback" not in out.stderr


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    egy = Actor("EGY", "Egypt", "State", "EGY")
    haf = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
    art = Article("a1", "Egypt backs Haftar.", date="2019-12-14")
    ev = Evidence("Egypt backs Haftar.", (0, 19))
    with open_store(path) as st:
        st.replace_article(art, [Relation("a1", "supports", egy, haf, evidence=ev)])
    return str(path)


def _mistakes(store: str, tmp: Path) -> list[tuple[list[str], str]]:
    a_file = tmp / "a-file"
    a_file.write_text("not a store")
    bad_rq = tmp / "bad.rq"
    bad_rq.write_text("SELECT ?x WHERE { ?x ?y }")
    bad_ttl = tmp / "bad.ttl"
    bad_ttl.write_text("<a> <b> .")
    return [
        # unknown formats
        (["export", "--format", "tll", "--store", store], "unknown format 'tll'"),
        (["query", "ASK {}", "--format", "xml", "--store", store], "'xml' is not one of"),
        (["extract", "-", "--format", "rdf"], "'rdf' is not one of"),
        (["analyze", "blocs", "--format", "yaml", "--store", store], "'yaml' is not one of"),
        # missing files
        (["query", "--file", str(tmp / "missing.rq"), "--store", store], "missing.rq"),
        (["query", "--data", str(tmp / "missing.ttl"), "ASK {}"], "missing.ttl"),
        (["eval", str(tmp / "missing.jsonl")], "missing.jsonl"),
        # bad store paths
        (["stats", "--store", str(tmp / "nowhere")], "no store at"),
        (["query", "ASK {}", "--store", str(tmp / "nowhere")], "no store at"),
        (["stats", "--store", str(a_file)], "is a file"),
        (["export", "--store", str(a_file)], "is a file"),
        (["analyze", "blocs", "--store", str(tmp / "nowhere")], "no store at"),
        (["render", "--store", str(tmp / "nowhere"), "--out", str(tmp / "x.png")], "no store at"),
        (["build", str(tmp), "--store", "/proc/geokg-store"], "/proc/geokg-store"),
        # bad SPARQL
        (["query", "SELECT ?x WHERE { ?x ?y }", "--store", store], "SPARQL syntax error"),
        (["query", "--file", str(bad_rq), "--store", store], "line 1, column"),
        (["query", "SELEKT * {}", "--store", store], "SPARQL syntax error"),
        (["query", "--data", str(bad_ttl), "ASK {}"], "bad.ttl"),
        # bad option values
        (["query", "--store", store], "give a query"),
        (["export", "--graph", "no-such-article", "--store", store], "no article"),
        (["analyze", "blocs", "--from", "14/12/2019", "--store", store], "bad date"),
        (["build", str(tmp), "--store", str(tmp / "s2"), "--base", "example.org"], "bad base IRI"),
        (["actors", "show", "no_such_actor_id"], "no_such_actor_id"),
    ]


def test_cli_user_mistakes_are_one_error_line(store_dir: str, tmp_path: Path) -> None:
    # In-process for speed: an exception escaping a command (a traceback for the
    # user) shows up as result.exception other than SystemExit.
    runner = CliRunner()
    failures = []
    for args, needle in _mistakes(store_dir, tmp_path):
        out = runner.invoke(cli, args, prog_name="kg")
        errors = [ln for ln in out.stderr.splitlines() if ln.lower().startswith("error:")]
        ok = (
            out.exit_code not in (0, None)
            and (out.exception is None or isinstance(out.exception, SystemExit))
            and len(errors) == 1
            and needle in errors[0]
        )
        if not ok:
            failures.append(
                f"kg {' '.join(args)} -> {out.exit_code} {out.exception!r}\n{out.stderr}"
            )
    assert not failures, "\n\n".join(failures)


def test_cli_user_mistake_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    out = _kg("query", "SELECT ?x WHERE { ?x ?y }", "--store", str(tmp_path / "nowhere"))
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.splitlines() == [
        f"error: no store at '{tmp_path / 'nowhere'}'; build one first: "
        f"kg build SOURCES --store {tmp_path / 'nowhere'}"
    ]


def test_cli_missing_input_file_is_reported_and_counted(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    for args in (["extract", missing], ["build", missing, "--store", str(tmp_path / "s")]):
        out = _kg(*args)
        assert out.returncode == 1 and "Traceback" not in out.stderr
        lines = out.stderr.splitlines()
        assert sum(ln.startswith(f"skipped: {missing}: no such file") for ln in lines) == 1
        assert "skipped" in lines[-1]  # the summary says so


def test_cli_broken_pipe_is_quiet(store_dir: str) -> None:
    cmd = [sys.executable, "-m", "kg", "export", "--format", "nt", "--store", store_dir]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)
        proc.stdout.close()
        err = proc.stderr.read().decode()
        proc.wait(60)
    assert "Traceback" not in err
