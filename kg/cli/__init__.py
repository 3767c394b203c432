"""The ``kg`` command line: a thin layer over the library.

Each command lives in a small module of this package and is imported only when
it is run, so ``kg --help`` stays fast and one command's dependencies never slow
another. Every command turns :class:`kg.errors.KGError` into a one-line message
and a non-zero exit status (see :func:`kg.cli._common.run_guarded`).
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from kg import __version__

__all__ = ["cli", "main"]

#: command name -> "module:attribute" of its click command, loaded on demand.
_COMMANDS: dict[str, str] = {
    "extract": "kg.cli.extract:extract",
    "eval": "kg.cli.extract:eval_cmd",
    "actors": "kg.cli.actors:actors",
    "build": "kg.cli.store:build",
    "remove": "kg.cli.store:remove",
    "query": "kg.cli.store:query",
    "export": "kg.cli.store:export",
    "stats": "kg.cli.store:stats",
    "validate": "kg.cli.store:validate",
    "analyze": "kg.cli.analyze:analyze",
    "render": "kg.cli.render:render",
    "serve": "kg.cli.serve:serve",
    "demo": "kg.cli.demo:demo",
}

#: one-line help shown by ``kg --help`` without importing the command modules.
_SHORT_HELP: dict[str, str] = {
    "extract": "Extract actor–relation–actor facts from articles.",
    "eval": "Score the extractor against a gold set (P/R/F1).",
    "actors": "Look up actors in the knowledge base.",
    "build": "Extract articles into the knowledge-graph store.",
    "remove": "Remove articles (by id, path, or missing source file) from the store.",
    "query": "Run a SPARQL query against the store.",
    "export": "Export the store as Turtle, N-Triples, N-Quads, TriG or JSON-LD.",
    "stats": "Show what the store holds.",
    "validate": "Check the store against the SHACL shapes.",
    "analyze": "Alliance analysis: blocs, balance, influence, profiles, change.",
    "render": "Draw the alliance graph (PNG, SVG, PDF or interactive HTML).",
    "serve": "Serve the store as a SPARQL 1.1 endpoint.",
    "demo": "Build, export and draw the shipped examples in one go.",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return _unavailable(cmd_name)
        command: click.Command = getattr(module, attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, _SHORT_HELP.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _unavailable(name: str) -> click.Command:
    @click.command(name=name, help=_SHORT_HELP.get(name, ""))
    def _cmd(**_: Any) -> None:
        raise click.ClickException(f"the '{name}' command is not available in this version")

    return _cmd


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="kg")
def cli() -> None:
    """geokg: geopolitical knowledge graphs from news.

    \b
    Example:
      kg build examples/articles --store kg-store
      kg query --file examples/queries/who_backs.rq
    """


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kg")
