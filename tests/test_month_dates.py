"""A date known to the month only (``2020-07``) is kept as a month: ``YYYY-MM`` in
the output, ``xsd:gYearMonth`` in RDF, and still filtered by ``--from/--to``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.analyze import load_graph
from kg.cli import cli
from kg.ingest import SkipReport, read_articles
from kg.model import Actor, Article, Evidence, Relation
from kg.rdf import date_literal

_A = Actor("QQA", "Aldoria", "State", "QQA")
_B = Actor("QQB", "Borvia", "State", "QQB")
_C = Actor("QQC", "Cestia", "State", "QQC")


def test_month_dates_are_kept_on_reading(tmp_path: Path) -> None:
    lines = [
        {"id": "m1", "text": "Aldoria backed Borvia.", "date": "2031-07"},
        {"id": "m2", "text": "Cestia backed Borvia.", "date": "August 2031"},
        {"id": "m3", "text": "Borvia thanked Cestia.", "date": "2031-13"},
    ]
    feed = tmp_path / "month.jsonl"
    feed.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    header = tmp_path / "header.txt"
    header.write_text("Date: September 2031\n\nAldoria Backs Borvia\n\nAldoria backed Borvia.")
    report = SkipReport()
    got = {a.id: a.date for a in read_articles([feed, header], on_error=report)}
    assert got["m1"] == "2031-07" and got["m2"] == "2031-08"
    assert got["m3"] is None  # no month 13: reported, article kept
    assert report.warnings == 1 and "unusable date '2031-13'" in report.messages[0]
    assert [d for k, d in got.items() if k not in ("m1", "m2", "m3")] == ["2031-09"]


def test_month_dates_are_gyearmonth_in_rdf() -> None:
    lit = date_literal("2031-07")
    assert lit is not None and lit.value == "2031-07"
    assert lit.datatype.value == "http://www.w3.org/2001/XMLSchema#gYearMonth"
    assert date_literal("2031-02-30") is None


def _rel(art: str, name: str, s: Actor, t: Actor, text: str, day: str | None) -> Relation:
    return Relation(art, name, s, t, date=day, evidence=Evidence(text, (0, len(text))))


@pytest.fixture(scope="module")
def month_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    from kg.store import open_store

    path = tmp_path_factory.mktemp("months") / "store"
    with open_store(path) as store:
        # an article known to its month only; its events take that month
        store.replace_article(
            Article("m1", "…", date="2031-07"),
            [
                _rel("m1", "supports", _A, _B, "Aldoria backed Borvia.", None),
                _rel("m1", "attacks", _A, _C, "Aldoria shelled Cestia.", None),
            ],
        )
        store.replace_article(
            Article("d1", "…", date="2031-09-14"),
            [_rel("d1", "supports", _A, _B, "Aldoria armed Borvia.", "2031-09-14")],
        )
    return str(path)


def test_month_dates_stored_validated_and_counted(month_store: str) -> None:
    from kg.store import open_store

    with open_store(month_store, read_only=True) as store:
        rows = store.query(
            "SELECT ?d WHERE { ?e a geo:Interaction ; geo:relation geo:attacks ; geo:date ?d }"
        ).rows
        assert [str(r["d"]) for r in rows] == ["2031-07"]
        assert store.validate() == []
        stats = store.stats()
    assert (str(stats["first_date"]), str(stats["last_date"])) == ("2031-07", "2031-09-14")
    fast = load_graph(month_store, evidence=False, kb=False).graph
    span = ("2031-07", "2031-09-14")
    assert (fast.edges["QQA", "QQB"]["first"], fast.edges["QQA", "QQB"]["last"]) == span
    with open_store(month_store) as store:  # the summaries recomputed by SPARQL agree
        store.rebuild_summary()
    again = load_graph(month_store, evidence=False, kb=False).graph
    assert (again.edges["QQA", "QQB"]["first"], again.edges["QQA", "QQB"]["last"]) == span


@pytest.mark.parametrize(
    ("start", "end", "edges"),
    [
        ("2031-07", "2031-07", {("QQA", "QQB"), ("QQA", "QQC")}),  # the month itself
        ("2031-07-20", "2031-08-31", {("QQA", "QQB"), ("QQA", "QQC")}),  # overlaps July
        ("2031-08", None, {("QQA", "QQB")}),  # after July: only the September event
        (None, "2031-06-30", set()),  # before July: nothing
    ],
)
def test_month_dates_filter_with_from_and_to(
    month_store: str, start: str | None, end: str | None, edges: set[tuple[str, str]]
) -> None:
    loaded = load_graph(month_store, start=start, end=end, kb=False, strict=False)
    assert set(loaded.graph.edges) == edges


def test_month_dates_in_the_cli_output(month_store: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["analyze", "change", "--store", month_store, "--window", "month", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    windows = [w["window"] for w in json.loads(result.stdout)["windows"]]
    assert windows == ["2031-07", "2031-09"]


@pytest.mark.model
def test_month_dates_reach_the_extracted_relations() -> None:
    import kg

    article = kg.Article("own-m", "Aldoria signed a trade pact with Borvia.", date="2031-07")
    rels = list(kg.extract([article]))
    assert rels and {r.date for r in rels} == {"2031-07"}
