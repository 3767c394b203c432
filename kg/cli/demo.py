"""``kg demo``: the main job on the shipped examples, in one command."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from kg.cli._common import actors_option, echo_err, guarded, store_option

__all__ = ["demo", "shipped_examples"]


def shipped_examples() -> Path:
    """The example articles that ship with geokg (the package ``kg.examples``).

    In a clone (an editable install) this is the repository's ``examples/articles``;
    from an installed wheel, the copy inside the package, so ``kg demo`` works from
    any directory.

    Examples
    --------
    >>> sorted(p.suffix for p in shipped_examples().iterdir())[:2]
    ['.html', '.jsonl']
    """
    from importlib.resources import files

    try:
        return Path(str(files("kg.examples") / "articles"))
    except ModuleNotFoundError:  # an editable install made before kg.examples existed
        return Path(__file__).resolve().parents[2] / "examples" / "articles"


def _knowledge_base(files: tuple[str, ...]) -> Any:
    """The knowledge base whose dated roles decide principals: the bundled one
    (``None``: loaded by :func:`kg.analyze.load_graph`) plus the user's files."""
    if not files:
        return None
    from kg.kb import ActorKB

    return ActorKB.load(files)


#: How many theatres (the largest) ``kg demo`` draws a picture of, beside the whole graph.
DEMO_THEATRES = 3

_WHO_BACKS = """
SELECT ?backer (COUNT(DISTINCT ?g) AS ?articles) WHERE {
  ?t rdfs:label ?target .
  GRAPH ?g { ?b geo:supports|geo:provides_aid_to ?t . }
  ?b rdfs:label ?backer .
} GROUP BY ?backer ORDER BY DESC(?articles) ?backer
"""


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path))
@store_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Directory for the TriG export (graph.trig) and the pictures.",
)
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to use.")
@click.option("--about", default="Khalifa Haftar", show_default=True, help="Whose backers to list.")
@actors_option
@guarded
def demo(
    sources: tuple[Path, ...],
    store: str,
    out_dir: Path,
    model: str | None,
    about: str,
    actors: tuple[str, ...] | None,
) -> None:
    """Build the knowledge graph of SOURCES (default: the shipped examples), export it as
    TriG, draw the alliance graph (PNG and interactive HTML) and print a summary.

    \b
    Example:
      kg demo                      # the shipped examples → ./kg-store, ./out/
      kg demo my-articles/ --store my-store --out my-out
      kg demo my-articles/ --actors my_actors.ttl --about "Amber Coast Front"

    Your own actors (--actors FILE.ttl, or $GEOKG_ACTORS) count in extraction
    and in the analysis: their dated roles decide whom a person acts for.
    """
    from kg.analyze import blocs, load_graph
    from kg.analyze.sides import side_graph, with_shared_enemies
    from kg.analyze.theatres import theatre_view, theatres
    from kg.build import build, plural
    from kg.errors import KGError
    from kg.nlp.pipeline import actor_files
    from kg.render import save_alliance_graph, write_html
    from kg.store import open_store

    files = actor_files(actors)  # a missing or broken file stops before anything is built
    inputs = list(sources) or [shipped_examples()]
    for path in inputs:
        if not path.exists():
            raise click.UsageError(f"{path} does not exist; give article files or directories")
    out_dir.mkdir(parents=True, exist_ok=True)
    report = build(
        [str(p) for p in inputs],
        store=store,
        model=model,
        on_error=lambda err: echo_err(f"skipped: {err}"),
        actors=files,
    )
    if report.empty:
        raise click.ClickException(f"no articles in {', '.join(str(p) for p in inputs)}")
    click.echo(f"built {store}: {report.summary()}")
    ttl = out_dir / "graph.trig"
    with open_store(store, read_only=True) as kg_store:
        with ttl.open("wb") as fh:
            kg_store.export("trig", fh)
        stats = kg_store.stats()
        backers = kg_store.query(_WHO_BACKS, bindings={"target": about}).rows
        loaded = load_graph(kg_store, strict=False, kb=_knowledge_base(files))
    click.echo(f"exported {ttl}")
    click.echo(
        f"store: {plural(stats.get('articles', 0), 'article')}, "
        f"{plural(stats.get('actors', 0), 'actor')}, {plural(stats.get('events', 0), 'event')}"
    )
    by_rel = {k: v for k, v in (stats.get("by_relation") or {}).items() if k != "affiliated_with"}
    if by_rel:
        top = sorted(by_rel.items(), key=lambda kv: -kv[1])[:8]
        click.echo("events by relation: " + ", ".join(f"{k} {v}" for k, v in top))
    if backers:
        click.echo(
            f"who backs {about}: " + ", ".join(f"{r['backer']} ({r['articles']})" for r in backers)
        )
    if not loaded.records:
        click.echo("no relations found: nothing to draw")
        return
    graph = loaded.graph

    def named(members: list[Any]) -> str:
        # the most connected members first: they are what a reader recognises
        ranked = sorted(members, key=lambda m: (-graph.degree(m), str(m)))
        labels = [graph.nodes[m].get("label", m) for m in ranked]
        return ", ".join(labels[:8]) + (" …" if len(labels) > 8 else "")

    sides = side_graph(graph, loaded.records, shared=False)
    try:
        result = blocs(with_shared_enemies(sides))
        for n, members in enumerate(result.aligned, 1):
            click.echo(f"bloc {n}: {named(members)}")
    except KGError as exc:
        click.echo(f"blocs: {exc}")
    # one war at a time: the blocs of each theatre (kg analyze blocs --theatre NAME)
    wars = [t for t in theatres(sides, loaded.records, loaded.actors) if len(t.sides) > 1]
    for t in wars:
        shown = " | ".join(named(side) for side in t.sides)
        click.echo(f"theatre {t.theatre}: {shown}")
    png = save_alliance_graph(graph, out_dir / "alliances.png", title="Alliances in the examples")
    html = write_html(graph, out_dir / "alliances.html", title="Alliances in the examples")
    click.echo(f"drew {png} and {html}")
    # one picture per war for the largest theatres: its sides apart
    for t in wars[:DEMO_THEATRES]:
        H, sided = theatre_view(graph, t)
        name = re.sub(r"[^a-z0-9]+", "-", t.theatre.lower()).strip("-") or t.key.lower()
        heading = f"The war in {t.theatre}: its sides"
        png = save_alliance_graph(H, out_dir / f"theatre-{name}.png", title=heading, blocs=sided)
        html = write_html(H, out_dir / f"theatre-{name}.html", title=heading, blocs=sided)
        click.echo(f"drew {png} and {html}")
    if not report.ok:
        raise SystemExit(1)
