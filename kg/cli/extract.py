"""``kg extract`` and ``kg eval``."""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Iterator
from typing import Any

import click

from kg.cli._common import actors_option, echo_err, guarded
from kg.ingest import DEFAULT_MAX_CHARS

__all__ = ["eval_cmd", "extract"]

EXTRACT_FORMATS = ("jsonl", "table", "csv")
_CSV_FIELDS = (
    "article",
    "relation",
    "negated",
    "modality",
    "source_label",
    "source_type",
    "source_country",
    "target_label",
    "target_type",
    "target_country",
    "role",
    "date",
    "cameo",
    "plover",
    "confidence",
    "span_start",
    "span_end",
    "sentence",
)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXTRACT_FORMATS),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to use.")
@click.option("--text-key", default="text", show_default=True, help="Text field of JSON lines.")
@click.option("--batch-size", default=8, show_default=True, type=click.IntRange(min=1))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--min-confidence",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0.0, 1.0),
    help="Drop relations below this confidence.",
)
@click.option(
    "--max-chars",
    default=DEFAULT_MAX_CHARS,
    show_default=True,
    type=click.IntRange(min=0),
    help="Cut longer articles at a paragraph end, with a warning (0: no limit).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Add each relation's provenance to the JSON lines: 'rule' (the extractor's code "
    "paths, joined by '+') and 'entry' (the lexicon entry); not part of the output contract.",
)
@actors_option
@guarded
def extract(
    inputs: tuple[str, ...],
    fmt: str,
    model: str | None,
    text_key: str,
    batch_size: int,
    workers: int,
    min_confidence: float,
    max_chars: int,
    actors: tuple[str, ...] | None,
    explain: bool = False,
) -> None:
    """Extract actor–relation–actor facts from articles.

    INPUTS are .txt, .jsonl, .html or feed files, directories, or - for stdin.
    Broken inputs are reported on stderr and skipped, and so is an article
    whose extraction hits a bug ("error: ARTICLE: internal error (...) —
    please report it"); the exit status is 1 when anything was skipped.

    \b
    Example:
      kg extract examples/articles --format table
      echo "Egypt backs Haftar." | kg extract - --format jsonl
      kg extract news/ --actors my_actors.ttl
    """
    from kg.extract import iter_extractions
    from kg.ingest import SkipReport, read_articles
    from kg.nlp.pipeline import actor_files

    if explain and fmt != "jsonl":
        raise click.UsageError("--explain needs --format jsonl")
    files = actor_files(actors)  # a missing file is an error before any input is read

    # SkipReport already prefixes each line with "skipped:" or "warning:".
    report = SkipReport(echo=echo_err)
    articles = read_articles(list(inputs), text_key=text_key, on_error=report, max_chars=max_chars)
    from kg.cli.progress import ProgressLine
    from kg.model import plural

    start = time.perf_counter()
    counts = {"articles": 0, "relations": 0}
    # progress on a terminal only (stdout is usually redirected: kg extract DIR > out.jsonl)
    with ProgressLine("extracting", enabled=sys.stderr.isatty()) as bar:
        stream = iter_extractions(
            articles,
            model=model,
            batch_size=batch_size,
            workers=workers,
            actors=files,
            on_error=report,  # an article that hits a bug: "error: ..." and skipped
        )

        def rows() -> Iterator[Any]:
            for _, rels in stream:
                kept = [r for r in rels if r.confidence >= min_confidence]
                counts["articles"] += 1
                counts["relations"] += len(kept)
                bar.update(counts["articles"], counts["relations"], report.skipped)
                yield from kept

        if fmt == "jsonl":
            for rel in rows():
                out = rel.to_dict()
                if explain:
                    out["rule"], out["entry"] = rel.rule, rel.entry
                click.echo(json.dumps(out, ensure_ascii=False))
        elif fmt == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=_CSV_FIELDS, lineterminator="\n")
            writer.writeheader()
            for rel in rows():
                writer.writerow(_flat(rel.to_dict()))
        else:
            _table(list(rows()))
    seconds = time.perf_counter() - start
    summary = (
        f"extracted {plural(counts['articles'], 'article')}, "
        f"{plural(counts['relations'], 'relation')} in {seconds:.1f} s"
    )
    if not report.ok or report.warnings:
        summary += f"; {report.summary()}"
    echo_err(summary)
    sys.exit(report.exit_code)


def _flat(d: dict[str, Any]) -> dict[str, Any]:
    span = d.get("span") or [None, None]
    return {
        "article": d["article"],
        "relation": d["relation"],
        "negated": d["negated"],
        "modality": d["modality"],
        "source_label": d["source"]["label"],
        "source_type": d["source"]["type"],
        "source_country": d["source"]["country"],
        "target_label": d["target"]["label"],
        "target_type": d["target"]["type"],
        "target_country": d["target"]["country"],
        "role": d.get("role"),
        "date": d["date"],
        "cameo": d.get("cameo"),
        "plover": d.get("plover"),
        "confidence": d["confidence"],
        "span_start": span[0],
        "span_end": span[1],
        "sentence": d["sentence"],
    }


def _table(rels: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for col in ("source", "relation", "target", "neg", "modality", "date", "conf", "evidence"):
        table.add_column(col, overflow="fold")
    for r in rels:
        rel = r.relation + (f" ({r.role})" if r.role else "")
        sentence = r.evidence.sentence if r.evidence else ""
        table.add_row(
            r.source.label,
            rel,
            r.target.label,
            "yes" if r.negated else "",
            r.modality,
            r.date or "",
            f"{r.confidence:.2f}",
            sentence[:120] + ("…" if len(sentence) > 120 else ""),
        )
    Console(width=200).print(table)


@click.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to use.")
@click.option("--verbose", "-v", is_flag=True, help="List every false positive and negative.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
)
@click.option(
    "--half",
    type=click.Choice(("tune", "check")),
    default=None,
    help="Score one fixed half of the set, split by a hash of each id as score_real.py splits it.",
)
@click.option(
    "--ablate",
    is_flag=True,
    help="Report what each rule, trigger entry and word-class word of the extractor adds "
    "and removes on this set (rerunning only the sentences each one touches).",
)
@click.option(
    "--cache",
    default=None,
    metavar="DIR",
    help="With --ablate: where parsed Docs are cached (default: the user cache directory).",
)
@actors_option
@guarded
def eval_cmd(
    gold: str,
    model: str | None,
    verbose: bool,
    fmt: str,
    actors: tuple[str, ...] | None,
    half: str | None = None,
    ablate: bool = False,
    cache: str | None = None,
) -> None:
    """Score the extractor against a gold set: strict and coarse P/R/F1, affiliation recall.

    GOLD is a JSON-lines file of cases (text, date, relations, optional,
    affiliations) in the format of tests/data/gold.jsonl, or of country-level
    cases (text, events with ISO3 source/target, PLOVER type and quad class):
    then dyad, dyad+quad and dyad+PLOVER P/R/F1 are reported.

    \b
    --ablate reports, per rule of the extractor (kg.nlp.rules), per trigger
    entry and per word-class word of the lexicon, the events it adds and
    removes: true and false positives gained and lost.

    \b
    Example:
      kg eval tests/data/gold.jsonl --verbose
      kg eval ../shared/eval/real/plover_gsr_dev.jsonl --half check
      kg eval tests/data/gold.jsonl --ablate --format json
    """
    from kg.evaluate import evaluate, is_real_format, load_gold, split_half
    from kg.nlp.pipeline import actor_files

    files = actor_files(actors)
    cases = split_half(load_gold(gold), half)
    if ablate:
        from kg.ablate import ablate_sets, render_json, render_text

        name = f"{gold}:{half}" if half else gold
        result = ablate_sets([(name, cases)], model=model, actors=files, cache=cache)
        click.echo(render_json(result) if fmt == "json" else render_text(result))
        return
    if is_real_format(cases):
        _eval_real(cases, model, verbose, fmt, files)
        return
    report = evaluate(cases, model=model, actors=files)
    if fmt == "json":
        out = report.to_dict()
        if verbose:
            out["errors"] = _errors(report)
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    if verbose:
        for line in _verbose_lines(report):
            click.echo(line)
        click.echo("")
    s, c = report.strict, report.coarse
    click.echo(f"cases: {len(report.cases)}")
    click.echo(
        f"strict  P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}  "
        f"(system matched {s.tp}, false positives {s.fp}, gold missed {s.fn})"
    )
    click.echo(
        f"coarse  P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}  "
        f"(system matched {c.tp}, false positives {c.fp}, gold missed {c.fn})"
    )
    total = sum(x.aff_total for x in report.cases)
    click.echo(f"affiliation recall {report.affiliation_recall:.3f} ({total} gold affiliations)")


def _fmt_rel(r: Any) -> str:
    neg = "NOT " if r.negated else ""
    return f"{r.source.label} {neg}{r.relation} {r.target.label} [{r.modality}]"


def _fmt_gold(g: dict[str, Any]) -> str:
    neg = "NOT " if g.get("negated") else ""
    rel = "|".join(g["relation"]) if isinstance(g["relation"], list) else g["relation"]
    return f"{g['source'][0]} {neg}{rel} {g['target'][0]}"


def _verbose_lines(report: Any) -> list[str]:
    lines = []
    for case in report.cases:
        if not (case.strict_fp or case.strict_fn or case.aff_missed):
            continue
        lines.append(f"== {case.id}: {case.text[:160].strip()!r}")
        for r in case.strict_fp:
            sent = r.evidence.sentence if r.evidence else ""
            lines.append(f"   FP  {_fmt_rel(r)}  « {sent[:140]} »")
        for g in case.strict_fn:
            lines.append(f"   FN  {_fmt_gold(g)}")
        for g in case.aff_missed:
            lines.append(f"   FN  affiliation {g['person'][0]} → {g['of'][0]} ({g.get('role')})")
    return lines


def _errors(report: Any) -> list[dict[str, Any]]:
    out = []
    for case in report.cases:
        for r in case.strict_fp:
            out.append({"case": case.id, "kind": "fp", "relation": r.to_dict()})
        for g in case.strict_fn:
            out.append({"case": case.id, "kind": "fn", "gold": g})
        for g in case.aff_missed:
            out.append({"case": case.id, "kind": "fn_affiliation", "gold": g})
    return out


def _eval_real(
    cases: list[dict[str, Any]],
    model: str | None,
    verbose: bool,
    fmt: str,
    actors: tuple[str, ...] | None = None,
) -> None:
    """``kg eval`` on country-level gold (events with ISO3 codes and PLOVER types)."""
    from kg.evaluate import LEVELS, evaluate_real

    report = evaluate_real(cases, model=model, actors=actors)
    lines: list[str] = []
    for case in report.cases:
        misses, fps = case.misses(), case.false_positives()
        if not (misses or fps):
            continue
        lines.append(f"== {case.id}: {case.text[:160]!r}")
        for s, t, p, q in misses:
            lines.append(f"   FN  {s} -{p}/{q}-> {t}")
        for (s, t, p, q), r in fps:
            lines.append(
                f"   FP  {s} -{p}/{q}-> {t}   ({r.source.label} {r.relation} {r.target.label})"
            )
    if fmt == "json":
        out = report.to_dict()
        if verbose:
            out["errors"] = lines
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    if verbose:
        for line in lines:
            click.echo(line)
        click.echo("")
    click.echo(f"cases: {len(report.cases)} (country-level events)")
    for level in LEVELS:
        sc = report.score(level)
        click.echo(
            f"{level:<12} P={sc.precision:.3f} R={sc.recall:.3f} F1={sc.f1:.3f}  "
            f"(matched {sc.tp}, false positives {sc.fp}, gold missed {sc.fn})"
        )
