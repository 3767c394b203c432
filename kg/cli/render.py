"""``kg render``: draw the alliance graph (PNG/SVG/PDF, interactive HTML) and pair timelines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.cli._common import guarded, store_option
from kg.cli.analyze import level_option
from kg.errors import ConfigError

__all__ = ["render"]


def _load(store: str, start: str | None, end: str | None) -> tuple[list[Any], dict[str, Any]]:
    from kg.analyze import load_records
    from kg.store import open_store

    with open_store(store, read_only=True) as s:
        records, actors = load_records(s, start=start, end=end)
    return records, actors


_DATES = [
    click.option(
        "--from", "start", default=None, metavar="DATE", help="First date (YYYY[-MM[-DD]])."
    ),
    click.option("--to", "end", default=None, metavar="DATE", help="Last date (YYYY[-MM[-DD]])."),
]


def _dates(func: Any) -> Any:
    for option in reversed(_DATES):
        func = option(func)
    return func


@click.group(name="render", invoke_without_command=True)
@store_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Picture to write: .png, .svg or .pdf (default alliances.png unless --html is given).",
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also (or only) write a self-contained interactive HTML page.",
)
@level_option
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep the N most central.")
@click.option(
    "--focus", default=None, metavar="ACTOR", help="Draw only ACTOR (id or label) and neighbours."
)
@click.option(
    "--hops",
    type=click.Choice(["1", "2"]),
    default="1",
    show_default=True,
    help="Neighbourhood radius for --focus.",
)
@click.option(
    "--min-evidence",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Drop ties with fewer events.",
)
@click.option("--title", default=None, help="Title of the picture.")
@click.option(
    "--theatre",
    metavar="NAME",
    default=None,
    help="Draw one theatre (a war: kg analyze blocs lists them, e.g. Libya) with its sides "
    "on opposite sides of the picture.",
)
@_dates
@click.pass_context
@guarded
def render(
    ctx: click.Context,
    store: str,
    out: Path | None,
    html_out: Path | None,
    level: str,
    top: int | None,
    focus: str | None,
    hops: str,
    min_evidence: int,
    title: str | None,
    theatre: str | None,
    start: str | None,
    end: str | None,
) -> None:
    """Draw the alliance graph of the store: blocs by colour, cooperation green, conflict red.

    \b
    Examples:
      kg render --out alliances.png
      kg render --out libya.svg --focus "Khalifa Haftar" --hops 2 --from 2019 --to 2020-06
      kg render --top 40 --min-evidence 2 --html alliances.html
      kg render --theatre Libya --out libya.png --html libya.html
      kg render timeline Turkey "Government of National Accord" --out tur-gna.png
    """
    if ctx.invoked_subcommand is not None:
        return
    from kg.analyze import check_level, load_graph
    from kg.render import save_alliance_graph, write_html

    if out is None and html_out is None:
        out = Path("alliances.png")
    if out is not None and out.suffix.lower() in (".html", ".htm"):
        raise ConfigError(f"--out {out} is an HTML file; use --html {out} for the interactive page")
    level = check_level(level)
    loaded = load_graph(store, level=level, start=start, end=end, strict=False)
    G = loaded.graph
    kw: dict[str, Any] = {
        "top": top,
        "focus": focus,
        "hops": int(hops),
        "min_evidence": min_evidence,
    }
    heading = title or f"Alliances and rivalries ({level} level)"
    if theatre is not None:
        from kg.analyze.sides import side_graph
        from kg.analyze.theatres import find_theatre, theatre_view, theatres

        found = find_theatre(
            theatres(side_graph(G, loaded.records, shared=False), loaded.records, loaded.actors),
            theatre,
        )
        G, kw["blocs"] = theatre_view(G, found)
        heading = title or f"The war in {found.theatre}: its sides ({level} level)"
    if out is not None:
        click.echo(str(save_alliance_graph(G, out, title=heading, **kw)))
    if html_out is not None:
        click.echo(str(write_html(G, html_out, title=heading, **kw)))


@render.command("timeline")
@click.argument("a")
@click.argument("b")
@store_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("timeline.png"),
    show_default=True,
    help="Picture to write: .png, .svg or .pdf.",
)
@click.option(
    "--freq",
    type=click.Choice(["month", "quarter", "year"]),
    default="month",
    show_default=True,
    help="Width of a bar.",
)
@_dates
@guarded
def timeline_cmd(
    a: str, b: str, store: str, out: Path, freq: str, start: str | None, end: str | None
) -> None:
    """Cooperation against conflict between actors A and B (ids or labels), per month.

    \b
    Examples:
      kg render timeline TUR gna --out tur-gna.png
      kg render timeline Egypt "Khalifa Haftar" --freq quarter --from 2019
    """
    from kg.render import save_timeline

    records, actors = _load(store, start, end)
    a_id, b_id = _actor(a, actors), _actor(b, actors)
    click.echo(str(save_timeline(records, a_id, b_id, out, freq=freq, actors=actors)))


def _actor(name: str, actors: dict[str, Any]) -> str:
    """An actor id from an id or a label (case-insensitive), or a ConfigError with suggestions."""
    if name in actors:
        return name
    wanted = name.casefold()
    hits = sorted(i for i, act in actors.items() if str(act.label).casefold() == wanted)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise ConfigError(f"actor {name!r} is ambiguous: ids {', '.join(hits)}; pass one id")
    near = sorted(act.label for act in actors.values() if wanted in str(act.label).casefold())[:8]
    hint = f"did you mean: {', '.join(near)}?" if near else "see 'kg analyze' for actor names"
    raise ConfigError(f"unknown actor {name!r}: not in the store; {hint}")
