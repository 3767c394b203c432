"""The examples in ``kg … --help`` name files, articles and actors that exist (issue 23.7).

A user copies an example from the help: its ``examples/…`` and ``tests/data/…``
paths must exist, ``kg remove`` and ``--graph`` must name articles of the
examples store, and ``kg actors show`` an actor of the knowledge base.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest

from kg.cli import cli
from kg.ingest import read_articles

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, click.Command]]:
    out = [(" ".join(path), group)]
    if isinstance(group, click.Group):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):  # the lazy group loads each on request
            sub = group.get_command(ctx, name)
            assert sub is not None
            out += _commands(sub, (*path, name))
    return out


def _examples() -> list[tuple[str, list[str]]]:
    """(command, argv) of every ``kg …`` line in the help texts."""
    found = []
    for name, command in _commands(cli):
        for line in (command.help or "").splitlines():
            text = line.split("  #")[0].strip()
            if text.startswith("kg "):
                found.append((name, shlex.split(text)[1:]))
    return found


EXAMPLES = _examples()
ARTICLE_IDS = {a.id for a in read_articles([ROOT / "examples" / "articles"])}


def test_help_has_examples() -> None:
    assert len(EXAMPLES) > 30
    assert {"remove", "export", "query", "actors show"} <= {n for n, _ in EXAMPLES}


def test_help_example_paths_exist() -> None:
    missing = [
        (name, arg)
        for name, argv in EXAMPLES
        for arg in argv
        if arg.startswith(("examples/", "tests/data/")) and not (ROOT / arg).exists()
    ]
    assert not missing


def test_help_example_articles_exist() -> None:
    named: list[str] = []
    for _, argv in EXAMPLES:
        if argv[:1] == ["remove"]:
            named += [a for a in argv[1:] if not a.startswith("-") and "/" not in a]
        named += [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--graph"]
    assert len(named) >= 2
    assert [a for a in named if a not in ARTICLE_IDS] == []


@pytest.mark.parametrize(
    "argv", [argv for _, argv in EXAMPLES if argv[:2] == ["actors", "show"]], ids=str
)
def test_help_example_actors_exist(argv: list[str]) -> None:
    from click.testing import CliRunner

    out = CliRunner().invoke(cli, argv)
    assert out.exit_code == 0, out.output
