"""``kg build``, ``kg query``, ``kg export``, ``kg stats`` and ``kg validate``."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from kg.cli._common import actors_option, echo_err, guarded, store_option
from kg.errors import ConfigError, InputError
from kg.vocab import DEFAULT_BASE

__all__ = ["build", "export", "query", "stats", "validate"]

QUERY_FORMATS = ("table", "csv", "tsv", "json")


def _base_option(func: Any) -> Any:
    return click.option(
        "--base",
        default=DEFAULT_BASE,
        show_default=True,
        metavar="IRI",
        help="Base IRI of actors, events and articles.",
    )(func)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@store_option
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to use.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--batch-size", default=8, show_default=True, type=click.IntRange(min=1))
@_base_option
@click.option("--text-key", default="text", show_default=True, help="Text field of JSON lines.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this machine's processes; dask: a Dask cluster writing N-Quads shards.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Dask scheduler (tcp://HOST:8786) for --engine dask; default: a local cluster.",
)
@click.option(
    "--shard-dir",
    metavar="DIR",
    default=None,
    help="Where --engine dask writes its N-Quads shards (shared by workers and client).",
)
@actors_option
@guarded
def build(
    sources: tuple[str, ...],
    store: str,
    model: str | None,
    workers: int,
    batch_size: int,
    base: str,
    text_key: str,
    quiet: bool,
    engine: str,
    scheduler: str | None,
    shard_dir: str | None,
    actors: tuple[str, ...] | None,
) -> None:
    """Extract articles into the knowledge-graph store (incremental, idempotent).

    SOURCES are .txt, .jsonl, .html or feed files, directories, or - for stdin.
    Re-building an article replaces its graph. Exits with status 1 when any
    input was skipped.

    \b
    Examples:
      kg build examples/articles --store kg-store
      kg build corpus/ --workers 2
      kg build corpus/ --engine dask --scheduler tcp://10.0.0.5:8786
      kg build corpus/ --actors my_actors.ttl
    """
    from kg.nlp.pipeline import actor_files
    from kg.store import build as build_store

    files = actor_files(actors)  # a missing file is an error before the store is touched

    def report_error(err: InputError) -> None:
        from kg.ingest import InputWarning

        # A warning (e.g. an absurd date dropped) keeps the article: not "skipped".
        echo_err(f"{'warning' if isinstance(err, InputWarning) else 'skipped'}: {err}")

    report = build_store(
        list(sources),
        store=store,
        model=model,
        workers=workers,
        batch_size=batch_size,
        base=base,
        text_key=text_key,
        on_error=report_error,
        progress=not quiet,
        engine=engine,
        scheduler=scheduler,
        shard_dir=shard_dir,
        actors=files,
    )
    echo_err(f"built {store}: {report.summary()}")
    if not report.ok:
        sys.exit(1)


def _open_for_query(store: str, data: str | None) -> Any:
    from kg.store import Store, open_store

    if data is None:
        return open_store(store, read_only=True)
    path = Path(data)
    formats = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads"}
    fmt = formats.get(path.suffix.lower())
    if fmt is None:
        raise ConfigError(
            f"cannot tell the format of --data {data!r}; expected a file ending in "
            f"{', '.join(formats)}"
        )
    import pyoxigraph as ox

    mem = Store(None)
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
    }[fmt]
    try:
        mem.oxigraph.load(path=str(path), format=rdf_format)
    except (OSError, SyntaxError) as exc:
        raise InputError(f"cannot read --data {data!r}: {exc}") from exc
    return mem


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@click.command()
@click.argument("sparql", required=False)
@click.option(
    "--file", "-f", "file", type=click.Path(dir_okay=False), help="Read the query from a .rq file."
)
@click.option(
    "--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True
)
@click.option(
    "--data",
    type=click.Path(dir_okay=False),
    help="Query a Turtle/TriG/N-Triples/N-Quads file instead of the store.",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="URL",
    help="An endpoint a SPARQL SERVICE may call (repeatable); any other SERVICE is refused.",
)
@store_option
@guarded
def query(
    sparql: str | None,
    file: str | None,
    fmt: str,
    data: str | None,
    allow_service: tuple[str, ...],
    store: str,
) -> None:
    """Run a SPARQL query against the store (all graphs; geo:, act:, art:, ... predeclared).

    \b
    Examples:
      kg query --file examples/queries/who_backs.rq
      kg query "SELECT ?s ?t WHERE { ?s geo:supports ?t }" --format csv
      kg query --data export.ttl "ASK { ?x geo:attacks ?y }"
    """
    if (sparql is None) == (file is None):
        raise ConfigError("give a query either as an argument or with --file q.rq (not both)")
    if file is not None:
        try:
            sparql = Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read query file {file!r}: {exc.strerror}") from exc
    assert sparql is not None
    from kg.rdf import namespaces
    from kg.sparqlguard import run_checked

    result = run_checked(
        lambda: _open_for_query(store, data),
        sparql,
        allow_service=allow_service,
        prefixes=namespaces(),
    )
    if result.kind == "ask":
        if fmt == "json":
            click.echo(json.dumps({"boolean": bool(result.boolean)}))
        else:
            click.echo("true" if result.boolean else "false")
        return
    header = result.vars
    rows: list[list[str]]
    if result.kind == "graph":
        rows = [[_cell(v) for v in t] for t in result.triples]
        records = [dict(zip(header, t, strict=True)) for t in result.triples]
    else:
        rows = [[_cell(r.get(v)) for v in header] for r in result.rows]
        records = result.rows
    if fmt == "json":
        click.echo(json.dumps(records, default=_cell, ensure_ascii=False, indent=2))
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(
            sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n"
        )
        writer.writerow(header)
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*header, show_lines=False)
        for row in rows:
            table.add_row(*(_shorten(c) for c in row))
        console = Console()
        console.print(table)
        console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


def _shorten(value: str) -> str:
    from kg.rdf import namespaces

    for prefix, iri in namespaces().items():
        if value.startswith(iri):
            return f"{prefix}:{value[len(iri) :]}"
    return value


@click.command()
@click.option(
    "--format",
    "fmt",
    default="turtle",
    show_default=True,
    help="turtle, nt, nquads, trig or json-ld.",
)
@click.option("--graph", "graph", metavar="ARTICLE_ID", help="Export one article's graph only.")
@click.option(
    "--out", "-o", "out", type=click.Path(dir_okay=False), help="Output file (default: stdout)."
)
@store_option
@guarded
def export(fmt: str, graph: str | None, out: str | None, store: str) -> None:
    """Export the store as Turtle, N-Triples, N-Quads, TriG or JSON-LD (streaming).

    \b
    Examples:
      kg export --format trig --out graph.trig
      kg export --format turtle --graph seed-libya
    """
    from kg.store import EXPORT_FORMATS, open_store

    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    with open_store(store, read_only=True) as st:
        if out is None:
            st.export(fmt, sys.stdout.buffer, graph=graph)
            sys.stdout.buffer.flush()
        else:
            try:
                with open(out, "wb") as fh:
                    st.export(fmt, fh, graph=graph)
            except OSError as exc:
                raise ConfigError(f"cannot write {out!r}: {exc.strerror}") from exc
            echo_err(f"wrote {out}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@store_option
@guarded
def stats(as_json: bool, store: str) -> None:
    """Show what the store holds: articles, actors, events by relation type, date range.

    \b
    Example:
      kg stats --store kg-store
    """
    from kg.store import open_store

    with open_store(store, read_only=True) as st:
        info = st.stats()
    if as_json:
        click.echo(json.dumps(info, default=_cell, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    first, last = info.get("first_date"), info.get("last_date")
    span = f"{_cell(first)} – {_cell(last)}" if first else "no dates"
    console.print(
        f"[bold]{info['location']}[/]: {info['articles']} articles, {info['actors']} actors, "
        f"{info['events']} events ({info['negated']} negated), {info['triples']} triples; {span}"
    )
    table = Table("relation", "events")
    for name, n in info["by_relation"].items():
        table.add_row(name, str(n))
    console.print(table)


@click.command()
@click.option("--graph", "graph", metavar="ARTICLE_ID", help="Validate one article's graph only.")
@store_option
@guarded
def validate(graph: str | None, store: str) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations.

    \b
    Example:
      kg validate --store kg-store
    """
    from kg.store import open_store

    with open_store(store, read_only=True) as st:
        violations = st.validate(graph=graph)
    if not violations:
        click.echo("ok: the store conforms to ontology/shapes.ttl")
        return
    for v in violations:
        click.echo(f"{v.severity.lower()}: {v}")
    echo_err(f"{len(violations)} violation{'s' if len(violations) != 1 else ''}")
    sys.exit(1)
