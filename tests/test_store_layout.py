"""Tests of the store's dataset layout: actors described once, provenance, digests,
removal, migration of old stores, and reading while a build writes."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.model import Actor, Article, Evidence, Place, Relation
from kg.rdf import EXTRACTOR
from kg.store import open_store
from kg.vocab import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))
ACTORS_GRAPH = DEFAULT_BASE + "graph/actors"
ROWS_EVENTS = """SELECT (COUNT(*) AS ?rows) (COUNT(DISTINCT ?e) AS ?events) WHERE {
  ?e geo:source ?s ; geo:target ?t . ?s rdfs:label ?sl . ?t rdfs:label ?tl }"""

EGY = Actor("EGY", "Egypt", "State", "EGY", qid="Q79")
ARE = Actor("ARE", "United Arab Emirates", "State", "ARE")
HAF = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
TUR = Actor("TUR", "Turkey", "State", "TUR")
LBY_MIL = Actor("LBY_MIL", "Libyan military", "Group", "LBY", sector="MIL")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _rel(art: str, name: str, s: Actor, t: Actor, n: int, **kw) -> Relation:
    sent = f"Sentence {n} of {art}."
    return Relation(art, name, s, t, evidence=Evidence(sent, (n * 40, n * 40 + len(sent))), **kw)


def _overlapping() -> list[tuple[Article, list[Relation]]]:
    """Five articles naming the same actors again and again."""
    out = []
    for k in range(5):
        art = Article(f"a{k}", f"text {k}", title=f"Title {k}", date=f"2020-01-0{k + 1}")
        rels = [
            _rel(art.id, "supports", EGY, HAF, 0),
            _rel(art.id, "supports", ARE, HAF, 1),
            _rel(art.id, "opposes", TUR, HAF, 2, negated=k % 2 == 0),
            _rel(art.id, "attacks", LBY_MIL, TUR, 3, place=Place("Sirte", "LBY", 2210554)),
        ]
        out.append((art, rels))
    return out


def _nquads(st) -> list[bytes]:
    buf = io.BytesIO()
    st.export("nquads", buf)
    return sorted(buf.getvalue().splitlines())


def test_store_layout_label_joins_count_each_event_once(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as st:
        st.add_extractions(_overlapping(), batch=2)
        row = st.query(ROWS_EVENTS).rows[0]
        assert row == {"rows": 20, "events": 20}
        labels = st.query("SELECT ?g WHERE { GRAPH ?g { act:EGY rdfs:label ?l } }").rows
        assert labels == [{"g": ACTORS_GRAPH}]  # described once, in the actors graph
        # the shortcut edges stay in the article graphs that assert them
        edges = st.query("SELECT ?g WHERE { GRAPH ?g { act:EGY geo:supports act:khalifa_haftar } }")
        assert len(edges) == 5


def test_store_layout_writes_sector_place_and_provenance(tmp_path: Path) -> None:
    art = Article(
        "a1", "text", title="Headline", date="2020-01-05", source="Agency", location="libya/a1.txt"
    )
    rel = _rel("a1", "attacks", LBY_MIL, TUR, 0, place=Place("Sirte", "LBY", 2210554))
    with open_store(tmp_path / "s") as st:
        st.replace_article(art, [rel])
        row = st.query(
            "SELECT ?src ?title ?date ?pub ?digest ?x WHERE { ?a a geo:Article ; "
            "dcterms:source ?src ; dcterms:title ?title ; dcterms:date ?date ; "
            "dcterms:publisher ?pub ; geo:digest ?digest ; geo:extractor ?x }"
        ).rows
        assert len(row) == 1
        assert row[0]["src"] == "libya/a1.txt" and row[0]["pub"] == "Agency"
        assert row[0]["digest"] == art.digest and row[0]["x"] == EXTRACTOR
        assert st.query('ASK { act:LBY_MIL geo:sector "MIL" }').boolean
        place = st.query(
            "SELECT ?label ?c ?id WHERE { ?e geo:place ?p . ?p a geo:Place ; rdfs:label ?label ; "
            "geo:country ?c ; geo:geonames ?id }"
        ).rows
        assert place == [{"label": "Sirte", "c": DEFAULT_BASE + "actor/LBY", "id": 2210554}]
        assert st.validate() == []


def test_store_layout_edit_and_rebuild_equals_fresh_build(tmp_path: Path) -> None:
    corpus = _overlapping()
    art, rels = corpus[2]
    edited = dataclasses.replace(art, text=art.text + " More.")
    # the edit drops Turkey's events and adds a new actor
    new_rels = [*rels[:2], _rel(art.id, "meets_with", EGY, ARE, 9)]
    with open_store(tmp_path / "incremental") as st:
        st.add_extractions(corpus)
        assert st.is_current(art) and not st.is_current(edited)
        st.replace_article(edited, new_rels)
        incremental = _nquads(st)
        summary = st.query(
            "SELECT ?s ?r ?t ?n WHERE { ?p geo:evidenceCount ?n ; "
            "rdf:subject ?s ; rdf:predicate ?r ; rdf:object ?t }"
        ).rows
    with open_store(tmp_path / "fresh") as st:
        st.add_extractions([*corpus[:2], (edited, new_rels), *corpus[3:]])
        assert _nquads(st) == incremental
        fresh = st.query(
            "SELECT ?s ?r ?t ?n WHERE { ?p geo:evidenceCount ?n ; "
            "rdf:subject ?s ; rdf:predicate ?r ; rdf:object ?t }"
        ).rows
    key = lambda r: (r["s"], r["r"], r["t"])  # noqa: E731
    assert sorted(summary, key=key) == sorted(fresh, key=key)


def test_store_layout_removing_articles_drops_unused_descriptions(tmp_path: Path) -> None:
    corpus = _overlapping()
    with open_store(tmp_path / "s") as st:
        st.add_extractions(corpus)
        only = Article("solo", "t")
        st.replace_article(
            only, [_rel("solo", "meets_with", EGY, Actor("x_z", "Zed", "Person"), 0)]
        )
        assert st.query('ASK { ?x rdfs:label "Zed" }').boolean
        assert st.remove_article("solo") and not st.remove_article("solo")
        assert not st.query('ASK { ?x rdfs:label "Zed" }').boolean  # nobody names Zed now
        assert st.query('ASK { ?x rdfs:label "Egypt" }').boolean  # the others still do
    with open_store(tmp_path / "empty") as st:
        st.add_extractions(corpus)
        for art, _ in corpus:
            st.remove_article(art.id)
        assert _nquads(st) == []


def test_store_layout_kg_remove_by_id_path_and_missing(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    store = str(tmp_path / "s")
    with open_store(store) as st:
        for k, (art, rels) in enumerate(_overlapping()):
            st.replace_article(dataclasses.replace(art, location=f"f{k}.txt"), rels)
    for k in (0, 1, 3):
        (root / f"f{k}.txt").write_text("still here")
    result = run("remove", "--store", store, "a4")
    assert result.exit_code == 0 and "removed a4" in result.output
    result = run("remove", "--store", store, "f1.txt")
    assert result.exit_code == 0 and "removed a1" in result.output
    result = run("remove", "--store", store, "--missing", str(root), "--dry-run")
    assert "would remove a2" in result.output
    result = run("remove", "--store", store, "--missing", str(root))
    assert result.exit_code == 0 and "removed a2" in result.output
    with open_store(store, read_only=True) as st:
        assert sorted(st.article_ids()) == ["a0", "a3"]
        assert st.query(ROWS_EVENTS).rows[0]["rows"] == 8
    result = run("remove", "--store", store, "nope")
    assert result.exit_code == 1 and "no article 'nope'" in result.output


def _old_layout_store(path: Path) -> None:
    """A store as geokg wrote it before the actors graph: descriptions in every article
    graph, labels copied into the summary graph, no layout version."""
    from kg.rdf import article_quads

    with open_store(path) as st:
        st.add_extractions(_overlapping())
        db = st.oxigraph  # type: ignore[attr-defined]
        actors = ox.NamedNode(ACTORS_GRAPH)
        summary = ox.NamedNode(DEFAULT_BASE + "graph/summary")
        db.remove_graph(actors)
        for art, rels in _overlapping():
            g = ox.NamedNode(DEFAULT_BASE + "article/" + art.id)
            for q in article_quads(art, rels):
                if q.graph_name == actors:
                    db.add(ox.Quad(q.subject, q.predicate, q.object, g))
        label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
        db.add(
            ox.Quad(ox.NamedNode(DEFAULT_BASE + "actor/EGY"), label, ox.Literal("Egypt"), summary)
        )
        for q in list(db.quads_for_pattern(summary, None, None, summary)):
            db.remove(q)


def test_store_layout_old_store_is_migrated_on_open(tmp_path: Path) -> None:
    _old_layout_store(tmp_path / "old")
    with open_store(tmp_path / "old", read_only=True) as ro:
        assert ro.needs_migration  # type: ignore[attr-defined]
        assert ro.query(ROWS_EVENTS).rows[0]["rows"] > 20  # the old duplicates
    with open_store(tmp_path / "old") as st:
        st.remove_article("nothing")  # any writable use upgrades
        assert st.query(ROWS_EVENTS).rows[0] == {"rows": 20, "events": 20}
        assert not st.query(
            "ASK { ?a skos:prefLabel ?l FILTER(STRSTARTS(STR(?a), STR(act:))) }"
        ).boolean
        migrated = _nquads(st)
    with open_store(tmp_path / "new") as st:
        st.add_extractions(_overlapping())
        assert _nquads(st) == migrated


def test_store_layout_stats_dates_after_a_bulk_load(tmp_path: Path) -> None:
    # an undated article among dated ones used to make the whole range "no dates"
    undated = Article("undated", "text")
    with open_store(tmp_path / "a") as st:
        st.add_extractions([*_overlapping(), (undated, [_rel("undated", "supports", EGY, HAF, 0)])])
        buf = io.BytesIO()
        st.export("nquads", buf)
    with open_store(tmp_path / "b") as st:
        st.load(io.BytesIO(buf.getvalue()))
        info = st.stats()
    assert str(info["first_date"]) == "2020-01-01" and str(info["last_date"]) == "2020-01-05"
    assert info["articles"] == 6 and info["events"] == 21
    result = run("stats", "--store", str(tmp_path / "b"))
    assert "no dates" not in result.output and "2020-01-01" in result.output


def test_store_layout_counts_are_pluralised(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as st:
        st.replace_article(Article("a1", "t"), [_rel("a1", "supports", EGY, HAF, 0)])
    out = run("stats", "--store", str(tmp_path / "s")).output
    assert "1 article," in out and "1 event " in out and "1 articles" not in out


def test_store_layout_empty_input_fails_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = run("build", str(empty), "--store", str(tmp_path / "s"), "-q")
    assert result.exit_code == 1 and "no articles" in result.output


def test_store_layout_dask_without_the_extra(tmp_path: Path, monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda n, *a: None if n == "distributed" else real(n, *a)
    )
    store = tmp_path / "s"
    result = run(
        "build",
        str(ROOT / "examples" / "articles"),
        "--store",
        str(store),
        "--engine",
        "dask",
        "-q",
    )
    assert result.exit_code == 1
    assert 'pip install "geokg[distributed]"' in result.output
    assert not store.exists()  # nothing created


_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from kg.model import Actor, Article, Evidence, Relation
    from kg.store import open_store
    actors = [Actor(f"a{i}", f"Actor {i}", "State", f"X{i:02d}") for i in range(50)]
    stop = Path(sys.argv[2])
    with open_store(sys.argv[1]) as st:
        for k in range(100000):
            if stop.exists():
                break
            items = []
            for j in range(16):
                n = k * 16 + j
                art = Article(f"w{n}", f"text {n}", date="2020-01-01")
                rels = [Relation(art.id, "supports", actors[n % 50], actors[(n * 7 + 1) % 50],
                                 evidence=Evidence(f"s{n}", (0, 2)))]
                items.append((art, rels))
            # a build's rhythm: every 256 articles a flush and a reopen of the database
            st.add_extractions(items, batch=16)
            if k == 0:
                print("writing", flush=True)
            time.sleep(0.05)
    """
)

#: a query every reader asks (cheap, constant answer, reads the actors graph)
_READ = "SELECT ?l WHERE { act:EGY rdfs:label ?l }"


def test_store_layout_readers_never_fail_while_a_build_writes(tmp_path: Path) -> None:
    """300 readers (each opens the store read-only, queries and closes, as ``kg query``
    does) while another process writes articles and flushes: no reader fails."""
    path = tmp_path / "s"
    with open_store(path) as st:
        st.add_extractions(_overlapping())
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(tmp_path / "stop")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    failures: list[str] = []
    try:
        assert writer.stdout is not None
        writer.stdout.readline()  # the writer is under way
        for _ in range(300):
            try:
                with open_store(path, read_only=True) as ro:
                    assert ro.query(_READ).rows == [{"l": "Egypt"}]
            except Exception as exc:  # every failure counts
                failures.append(f"{type(exc).__name__}: {exc}")
        still_writing = writer.poll() is None
    finally:
        (tmp_path / "stop").touch()
        writer.wait(120)
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    assert still_writing, "the writer stopped before the readers were done"
    assert failures == []
    with open_store(path, read_only=True) as ro:
        assert len(list(ro.article_ids())) > 5 + 256  # the writer flushed meanwhile


@pytest.mark.model
def test_store_layout_example_queries_have_no_duplicate_rows(tmp_path: Path, nlp) -> None:
    from kg.build import build

    store = tmp_path / "s"
    report = build([ROOT / "examples" / "articles"], store=store)
    assert report.articles > 10
    with open_store(store, read_only=True) as st:
        row = st.query(ROWS_EVENTS).rows[0]
        assert row["rows"] == row["events"] > 50
        for rq in QUERIES:
            rows = st.query(rq.read_text()).rows
            keys = [json.dumps(r, sort_keys=True, default=str) for r in rows]
            assert len(keys) == len(set(keys)), rq.name
    again = build([ROOT / "examples" / "articles"], store=store)
    assert again.articles == 0 and again.unchanged == report.articles


def test_store_layout_answers_for_an_endpoint(tmp_path: Path) -> None:
    """``answer()`` serializes with row and byte caps (what ``kg serve`` sends)."""
    path = tmp_path / "s"
    with open_store(path) as st:
        st.add_extractions(_overlapping())
    with open_store(path, read_only=True) as ro:
        select = "SELECT ?e WHERE { ?e a geo:Interaction } ORDER BY ?e"
        full = ro.answer(select, result_format="csv")
        assert full.kind == "select" and full.rows == 20 and not full.truncated
        assert full.body.decode().splitlines()[0] == "e"
        cut = ro.answer(select, result_format="json", max_rows=3)
        assert (
            cut.rows == 3
            and cut.truncated
            and len(json.loads(cut.body)["results"]["bindings"]) == 3
        )
        assert ro.answer(select, result_format="json", max_bytes=10).too_large
        graph = ro.answer("CONSTRUCT WHERE { ?a rdfs:label ?l }", graph_format="nt")
        assert graph.kind == "graph" and b"Egypt" in graph.body
        assert not ro.answer("ASK { ?s ?p ?o }", result_format=None).acceptable
        # only the actors graph as the default graph: no events there
        named = ro.answer(
            "SELECT (COUNT(*) AS ?n) WHERE { ?e a geo:Interaction }",
            result_format="csv",
            default_graphs=[ACTORS_GRAPH],
        )
        assert named.body.decode().splitlines()[1] == "0"
        assert not ro.refresh()  # nothing changed on disk
        with open_store(path) as writer:
            writer.remove_article("a0")
        assert ro.refresh()
        assert ro.answer(select, result_format="csv").rows == 16


@pytest.mark.model
def test_store_layout_editing_a_file_and_rebuilding_equals_a_fresh_build(
    tmp_path: Path, nlp
) -> None:
    import shutil

    from kg.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("libya_tripoli_offensive_2019.txt", "gulf_qatar_blockade_2017.txt"):
        shutil.copy(ROOT / "examples" / "articles" / name, corpus / name)
    edited = corpus / "libya_tripoli_offensive_2019.txt"
    store = tmp_path / "incremental"
    first = build([corpus], store=store)
    assert first.articles == 2 and first.ok
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nTurkey condemned the offensive on Tripoli.\n",
        encoding="utf-8",
    )
    again = build([corpus], store=store)
    assert (again.articles, again.unchanged) == (1, 1)  # the edited file only
    fresh = build([corpus], store=tmp_path / "fresh")
    assert fresh.articles == 2
    with (
        open_store(store, read_only=True) as a,
        open_store(tmp_path / "fresh", read_only=True) as b,
    ):
        assert _nquads(a) == _nquads(b)
        assert len(list(a.article_ids())) == 2
        sources = sorted(a.article_sources().values())
        assert sources == ["gulf_qatar_blockade_2017.txt", "libya_tripoli_offensive_2019.txt"]
