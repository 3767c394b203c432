"""``kg actors``: look up the actor knowledge base from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli._common import guarded
from kg.errors import ConfigError
from kg.kb import ActorKB

__all__ = ["actors"]

_EXTRA = click.option(
    "--actors",
    "extra",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Extra Turtle file of actors to load with the bundled ones (repeatable).",
)


def _kb(extra: tuple[Path, ...]) -> ActorKB:
    from kg.kb import load_kb

    return ActorKB.load(extra) if extra else load_kb()


@click.group(name="actors")
def actors() -> None:
    """Look up actors in the knowledge base.

    \b
    Examples:
      kg actors lookup Ankara
      kg actors lookup "the French president" --date 2019-05-01
      kg actors lookup Georgia --context "rally in Atlanta" --all
      kg actors list --type InternationalOrganization
      kg actors show khalifa_haftar
    """


@actors.command("lookup")
@click.argument("mention")
@click.option("--date", default=None, metavar="YYYY[-MM[-DD]]", help="Date for office holders.")
@click.option("--context", default="", help="Surrounding text used to rank ambiguous names.")
@click.option("--all", "show_all", is_flag=True, help="Show every reading, not only the best.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_EXTRA
@guarded
def lookup(
    mention: str, date: str | None, context: str, show_all: bool, fmt: str, extra: tuple[Path, ...]
) -> None:
    """Resolve MENTION to an actor and say why it matched.

    \b
    Example:
      kg actors lookup "Turkish Foreign Minister Mevlut Cavusoglu" --date 2019-12-14
    """
    kb = _kb(extra)
    matches = kb.lookup(mention, date=date, context=context)
    if not show_all:
        matches = matches[:1]
    rows = []
    for m in matches:
        row = dict(
            m.actor.to_dict(), qid=m.actor.qid, how=m.how, why=m.why, score=round(m.score, 3)
        )
        if m.affiliation is not None:
            a = m.affiliation
            row["affiliation"] = {"role": a.role, "of": a.of, "start": a.start, "end": a.end}
        rows.append(row)
    if fmt == "json":
        click.echo(
            json.dumps(rows if show_all else (rows[0] if rows else None), ensure_ascii=False)
        )
        if not rows:
            raise SystemExit(1)
        return
    if not rows:
        raise ConfigError(
            f"no actor matches {mention!r}; try another spelling, add --context, "
            "or add the actor in a Turtle file passed with --actors"
        )
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=True)
    for col in ("id", "label", "type", "country", "QID", "how", "why"):
        table.add_column(col, overflow="fold")  # ids and QIDs fold, never cut with "…"
    for r in rows:
        why = r["why"]
        if "affiliation" in r:
            a = r["affiliation"]
            why += f" [affiliation: {a['role']} of {a['of']}]"
        table.add_row(
            r["id"], r["label"], r["type"], r["country"] or "", r["qid"] or "", r["how"], why
        )
    Console(width=160).print(table)


@actors.command("list")
@click.option("--type", "type_", default=None, help="Only actors of this type (e.g. State).")
@click.option("--country", default=None, metavar="ISO3", help="Only actors of this country.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_EXTRA
@guarded
def list_cmd(type_: str | None, country: str | None, fmt: str, extra: tuple[Path, ...]) -> None:
    """List actors of the knowledge base.

    \b
    Example:
      kg actors list --type ArmedGroup --country SDN
    """
    from kg.model import ACTOR_TYPES

    if type_ is not None and type_ not in ACTOR_TYPES:
        raise ConfigError(f"unknown actor type {type_!r}; expected one of {', '.join(ACTOR_TYPES)}")
    kb = _kb(extra)
    items = [
        a
        for a in kb
        if (type_ is None or a.type == type_) and (country is None or a.country == country.upper())
    ]
    items.sort(key=lambda a: (a.type, a.label))
    if fmt == "json":
        click.echo(json.dumps([dict(a.to_dict(), qid=a.qid) for a in items], ensure_ascii=False))
        return
    rows = [(a.id, a.type, a.country or "-", a.qid or "-", a.label) for a in items]
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(4)]
    for row in rows:  # columns as wide as their longest value: aligned whatever the ids
        click.echo(" ".join(v.ljust(w) for v, w in zip(row, widths, strict=False)) + " " + row[4])
    click.echo(f"{len(items)} actors", err=True)


@actors.command("show")
@click.argument("actor_id")
@_EXTRA
@guarded
def show(actor_id: str, extra: tuple[Path, ...]) -> None:
    """Show every name and role the knowledge base has for ACTOR_ID.

    \b
    Example:
      kg actors show TUR
    """
    kb = _kb(extra)
    info = kb.info(actor_id)
    if info is None:
        raise ConfigError(
            f"unknown actor id {actor_id!r}; "
            "find ids with `kg actors lookup NAME` or `kg actors list`"
        )
    a = info.actor
    click.echo(f"{a.id}: {a.label} ({a.type}, country {a.country or '-'}, QID {a.qid or '-'})")
    for how, values in info.names.items():
        if values:
            click.echo(f"  {how:10} {'; '.join(values)}")
    for r in info.roles:
        of = kb.get(r.of)
        click.echo(
            f"  role       {r.role} of {of.label if of else r.of}"
            f" ({r.start or '?'} – {r.end or ''})"
        )
