"""``kg build``, ``kg remove``, ``kg query``, ``kg export``, ``kg stats`` and ``kg validate``."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli._common import actors_option, echo_err, guarded, store_option
from kg.errors import ConfigError, InputError
from kg.ingest import DEFAULT_MAX_CHARS
from kg.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["build", "export", "query", "remove", "stats", "validate"]

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
@click.option(
    "--force", is_flag=True, help="Extract every article again, also those stored unchanged."
)
@click.option(
    "--max-chars",
    default=DEFAULT_MAX_CHARS,
    show_default=True,
    type=click.IntRange(min=0),
    help="Cut longer articles at a paragraph end, with a warning (0: no limit).",
)
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
    force: bool,
    max_chars: int,
) -> None:
    """Extract articles into the knowledge-graph store (incremental, idempotent).

    SOURCES are .txt, .jsonl, .html or feed files, directories, or - for stdin.
    Re-building an article replaces its graph; an article stored unchanged
    (same content, same geokg version) is skipped unless --force. Exits with
    status 1 when any input was skipped or no article was found.

    \b
    Examples:
      kg build examples/articles --store kg-store
      kg build corpus/ --workers 2
      kg build corpus/ --engine dask --scheduler tcp://10.0.0.5:8786
      kg build corpus/ --actors my_actors.ttl
    """
    from kg.build import BuildInterrupted, BuildReport, plural
    from kg.build import build as build_store
    from kg.nlp.pipeline import actor_files

    files = actor_files(actors)  # a missing file is an error before the store is touched

    def report_error(err: InputError) -> None:
        from kg.errors import ExtractionError
        from kg.ingest import InputWarning

        # A warning (e.g. an absurd date dropped) keeps the article: not "skipped";
        # an article that hit a bug is an "error: ... please report it".
        kind = "skipped"
        if isinstance(err, InputWarning):
            kind = "warning"
        elif isinstance(err, ExtractionError):
            kind = "error"
        echo_err(f"{kind}: {err}")

    from kg.cli.progress import ProgressLine

    caught: list[int] = []
    stopped: BuildReport | None = None
    with ProgressLine("building", enabled=not quiet) as bar, _interruptible(caught):
        try:
            report = build_store(
                list(sources),
                store=store,
                model=model,
                workers=workers,
                batch_size=batch_size,
                base=base,
                text_key=text_key,
                on_error=report_error,
                progress=lambda r: bar.update(r.articles, r.relations, r.skipped),
                engine=engine,
                scheduler=scheduler,
                shard_dir=shard_dir,
                force=force,
                actors=files,
                max_chars=max_chars,
            )
        except BuildInterrupted as exc:
            stopped = exc.report
        except KeyboardInterrupt:  # before the first article was read
            stopped = BuildReport()
    if stopped is not None:
        signum = caught[0] if caught else signal.SIGINT
        kept = f" ({stopped.unchanged} already stored were skipped)" if stopped.unchanged else ""
        echo_err(
            f"interrupted ({signal.Signals(signum).name}): "
            f"{plural(stopped.articles, 'article')} stored in {store} by this run{kept}; the "
            "store is closed and holds whole articles only. Run the same command again to "
            "resume: stored articles are skipped"
        )
        sys.exit(128 + signum)
    if report.empty:
        echo_err(
            f"error: no articles in {', '.join(sources)}; give .txt, .jsonl, .html or feed "
            "files, or directories holding them"
        )
        sys.exit(1)
    echo_err(f"built {store}: {report.summary()}")
    if not report.ok:
        sys.exit(1)


@contextlib.contextmanager
def _interruptible(caught: list[int]) -> Iterator[None]:
    """SIGINT and SIGTERM raise KeyboardInterrupt (after noting which in ``caught``).

    :func:`kg.build.build` then writes what was extracted, closes the store and
    raises :class:`kg.build.BuildInterrupted`. Outside the main thread, nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        caught.append(signum)
        raise KeyboardInterrupt

    saved = [(sig, signal.signal(sig, stop)) for sig in (signal.SIGINT, signal.SIGTERM)]
    try:
        yield
    finally:
        for sig, handler in saved:
            signal.signal(sig, handler)


@click.command()
@click.argument("articles", nargs=-1)
@click.option(
    "--missing",
    "root",
    metavar="ROOT",
    type=click.Path(file_okay=False),
    help="Remove the articles whose source file no longer exists under ROOT.",
)
@click.option("--dry-run", is_flag=True, help="List what would be removed; change nothing.")
@store_option
@guarded
def remove(articles: tuple[str, ...], root: str | None, dry_run: bool, store: str) -> None:
    """Remove articles (their events, and actors no other article names) from the store.

    ARTICLES are article ids or source paths as stored (the path relative to
    the input root given to kg build, or the URL). --missing ROOT removes the
    articles built from files under ROOT that no longer exist.

    \b
    Examples:
      kg remove libya_tripoli_offensive_2019.txt
      kg remove --missing examples/articles
    """
    from kg.store import open_store

    if not articles and root is None:
        raise ConfigError("give article ids or paths, or --missing ROOT")
    open_store(store, read_only=True).close()  # a missing store is an error, not created
    with open_store(store) as st:
        targets = _removal_targets(st, articles, root)
        for article_id in targets:
            if not dry_run:
                st.remove_article(article_id)
            click.echo(f"{'would remove' if dry_run else 'removed'} {article_id}")
    echo_err(f"{'would remove' if dry_run else 'removed'} {_plural(len(targets), 'article')}")


def _removal_targets(st: Store, names: tuple[str, ...], root: str | None) -> list[str]:
    sources = st.article_sources()
    by_source: dict[str, list[str]] = {}
    for article_id, source in sources.items():
        by_source.setdefault(source, []).append(article_id)
    out: list[str] = []
    unknown: list[str] = []
    for name in names:
        if st.has_article(name):
            out.append(name)
        elif name in by_source or Path(name).as_posix() in by_source:
            out += by_source.get(name) or by_source[Path(name).as_posix()]
        else:
            unknown.append(name)
    if unknown:
        raise ConfigError(
            f"no article {', '.join(repr(u) for u in unknown)} in the store; give an article id "
            "or its source path as stored (list them with: kg query "
            "'SELECT ?a ?source WHERE { ?a a geo:Article ; dcterms:source ?source }')"
        )
    if root is not None:
        base = Path(root)
        if not base.is_dir():
            raise ConfigError(
                f"--missing {root!r} is not a directory; give the input root of kg build"
            )
        for article_id, source in sorted(sources.items()):
            if "://" in source:
                continue  # a URL: nothing on disk to miss
            if not (base / source).exists():
                out.append(article_id)
    return list(dict.fromkeys(out))


def _plural(n: int, word: str) -> str:
    from kg.build import plural

    return plural(n, word)


def _open_for_query(store: str, data: str | None) -> Store:
    from kg.store import open_store
    from kg.store.io import format_of

    if data is None:
        return open_store(store, read_only=True)
    fmt = format_of(data)
    mem = open_store(None)
    try:
        mem.load(data, format=fmt)
    except InputError as exc:
        mem.close()
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
    "--format",
    "fmt",
    type=click.Choice(QUERY_FORMATS),
    default="table",
    show_default=True,
    help="tsv: backslashes, tabs and newlines in values escaped (\\\\, \\t, \\n) as in SPARQL TSV.",
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
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    elif fmt == "tsv":
        for row in [header, *rows]:
            click.echo("\t".join(_tsv_escape(c) for c in row))
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        cells = [[_shorten(c) for c in row] for row in rows]
        table = Table(show_lines=False)
        need = 1
        for i, name in enumerate(header):
            # Long values (IRIs, sentences) fold onto more lines, never cut with "…";
            # short spaceless ones (dates, numbers, codes) are never broken at all.
            longest = max([len(name), *(len(r[i]) for r in cells)])
            short = all(len(r[i]) <= 12 and " " not in r[i] for r in cells)
            width = longest if short else min(longest, 12)
            table.add_column(name, overflow="fold", no_wrap=short, min_width=width)
            need += width + 3
        for row in cells:
            table.add_row(*(escape(c) for c in row))  # values are data, not rich markup
        console = Console()
        if console.width < need:  # too narrow for whole dates: lines wrap, values stay whole
            console = Console(width=need)
        console.print(table)
        console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


def _tsv_escape(value: str) -> str:
    r"""A value for a TSV cell: backslash, tab, newline and return escaped as in the
    SPARQL 1.1 TSV results format (``\\``, ``\t``, ``\n``, ``\r``), so each row is one line.

    Examples
    --------
    >>> print(_tsv_escape("a\tb\nc\\d"))
    a\tb\nc\\d
    """
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


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
      kg export --format turtle --graph libya_turkey_gna_mous_2019.txt
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
        f"[bold]{info['location']}[/]: {_plural(info['articles'], 'article')}, "
        f"{_plural(info['actors'], 'actor')}, {_plural(info['events'], 'event')} "
        f"({info['negated']} negated), {_plural(info['triples'], 'triple')}; {span}"
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
