"""Tests of kg.store: the embedded Oxigraph store."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import ConfigError, QueryError, StoreError
from kg.model import Actor, Article, Evidence, Relation
from kg.store import Store, open_store

HAFTAR = "https://w3id.org/geokg/actor/khalifa_haftar"
WHO_BACKS = Path(__file__).resolve().parents[1] / "examples" / "queries" / "who_backs.rq"


@pytest.fixture
def store(tmp_path: Path, libya_article, libya_relations):
    with open_store(tmp_path / "kg-store") as st:
        st.replace_article(libya_article, libya_relations)
        yield st


def _dataset_of(st: Store) -> rdflib.Dataset:
    return st.to_rdflib()


def _triples(ds: rdflib.Dataset) -> set:
    return {(s, p, o) for s, p, o, _ in ds.quads()}


def test_store_who_backs_haftar(store: Store) -> None:
    rows = store.query(
        "SELECT ?label WHERE { ?s geo:supports ?t . ?t rdfs:label ?name . ?s rdfs:label ?label }"
        " ORDER BY ?label",
        bindings={"name": "Khalifa Haftar"},
    ).rows
    assert [r["label"] for r in rows] == ["Egypt", "United Arab Emirates"]


def test_store_example_who_backs_query_answers(store: Store) -> None:
    if not WHO_BACKS.exists():
        pytest.skip("examples/queries/who_backs.rq not written yet")
    labels = {r.get("backerLabel") for r in store.query(WHO_BACKS.read_text()).rows}
    assert {"Egypt", "United Arab Emirates"} <= labels


def test_store_reingestion_is_idempotent(store: Store, libya_article, libya_relations) -> None:
    before = len(store)
    store.replace_article(libya_article, libya_relations)
    store.add_extractions([(libya_article, libya_relations)] * 3, batch=2)
    assert len(store) == before
    counts = store.query(
        "SELECT ?c WHERE { ?n a geo:PairSummary ; rdf:subject act:EGY ; geo:evidenceCount ?c }"
    ).rows
    assert counts == [{"c": 1}]


def test_store_replace_drops_old_statements(store: Store, libya_article, libya_relations) -> None:
    store.replace_article(libya_article, libya_relations[:1])
    assert not store.query("ASK { act:ARE geo:supports ?x }").boolean
    assert store.query("ASK { act:EGY geo:supports ?x }").boolean
    # the summary of the vanished pair is gone too
    assert not store.query("ASK { ?n rdf:subject act:ARE ; a geo:PairSummary }").boolean


def test_store_summary_counts_evidence_across_articles(store: Store, libya_relations) -> None:
    for i in range(3):
        art = Article(f"other-{i}", "…", date=f"2020-01-0{i + 1}")
        rel = Relation(art.id, "supports", libya_relations[0].source, libya_relations[0].target)
        store.replace_article(art, [rel])
    row = store.query(
        "SELECT ?c ?first ?last WHERE { ?n a geo:PairSummary ; rdf:subject act:EGY ;"
        " rdf:predicate geo:supports ; geo:evidenceCount ?c ; geo:firstDate ?first ;"
        " geo:lastDate ?last }"
    ).rows[0]
    assert row["c"] == 4 and str(row["first"]) == "2019-12-14" and str(row["last"]) == "2020-01-03"


def test_store_negated_relation_is_an_event_without_shortcut(store: Store) -> None:
    assert store.query("ASK { ?e geo:relation geo:requests_aid_from ; geo:negated true }").boolean
    assert not store.query("ASK { ?a geo:requests_aid_from ?b }").boolean


def test_store_persists_and_opens_read_only(tmp_path: Path, libya_article, libya_relations) -> None:
    path = tmp_path / "s"
    with open_store(path) as st:
        st.replace_article(libya_article, libya_relations)
        n = len(st)
    with open_store(path, read_only=True) as ro:
        assert len(ro) == n and ro.has_article(libya_article.id)
        assert not ro.has_article("nope")
        with pytest.raises(StoreError, match="read-only"):
            ro.replace_article(libya_article, [])


def test_store_read_only_missing_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="kg build"):
        open_store(tmp_path / "missing", read_only=True)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "nt", "json-ld"])
def test_store_export_round_trips(store: Store, fmt: str) -> None:
    buf = io.BytesIO()
    store.export(fmt, buf)
    parsed = rdflib.Dataset()
    rdf_fmt = {
        "turtle": "turtle",
        "trig": "trig",
        "nquads": "nquads",
        "nt": "nt",
        "json-ld": "json-ld",
    }[fmt]
    parsed.parse(data=buf.getvalue().decode("utf-8"), format=rdf_fmt)
    expected = _dataset_of(store)
    if fmt in ("trig", "nquads"):
        got = {
            (s, p, o, g.identifier if hasattr(g, "identifier") else g)
            for s, p, o, g in parsed.quads()
        }
        want = {
            (s, p, o, g.identifier if hasattr(g, "identifier") else g)
            for s, p, o, g in expected.quads()
        }
        assert got == want
    else:
        assert _triples(parsed) == _triples(expected)
    g1, g2 = rdflib.Graph(), rdflib.Graph()
    for t in _triples(parsed):
        g1.add(t)
    for t in _triples(expected):
        g2.add(t)
    assert isomorphic(g1, g2)


def test_store_export_one_graph(store: Store, libya_article) -> None:
    buf = io.BytesIO()
    store.export("turtle", buf, graph=libya_article.id)
    assert b"Khalifa Haftar" in buf.getvalue()
    with pytest.raises(StoreError, match="no article 'nope'"):
        store.export("turtle", io.BytesIO(), graph="nope")


def test_store_export_unknown_format(store: Store) -> None:
    with pytest.raises(ConfigError, match="unknown format 'tll'; expected one of turtle"):
        store.export("tll", io.BytesIO())


@pytest.mark.parametrize(
    "bad", ["SELECT ?x WHERE { ?x ?y }", "SELEKT * {}", "SELECT * WHERE { ?x foo:bar ?y }"]
)
def test_store_syntax_errors_are_query_errors(store: Store, bad: str) -> None:
    with pytest.raises(QueryError, match=r"SPARQL syntax error"):
        store.query(bad)


def test_store_syntax_error_names_the_position(store: Store) -> None:
    with pytest.raises(QueryError, match=r"line 1, column \d+"):
        store.query("SELECT ?x WHERE { ?x ?y }")


def test_store_bindings_cannot_inject(store: Store) -> None:
    evil = 'Khalifa Haftar" } ; DROP ALL ; #'
    rows = store.query(
        "SELECT ?s WHERE { ?s geo:supports ?t . ?t rdfs:label ?name }", bindings={"name": evil}
    ).rows
    assert rows == []
    assert len(store) > 0


def test_store_bindings_work_in_aggregates_and_filters(store: Store) -> None:
    rows = store.query(
        "SELECT (COUNT(?s) AS ?n) WHERE { ?s geo:supports ?t . ?t rdfs:label ?name }",
        bindings={"name": "Khalifa Haftar"},
    ).rows
    assert rows == [{"n": 2}]


def test_store_ask_and_construct(store: Store) -> None:
    assert store.query("ASK { act:TUR ?p ?o }")
    result = store.query("CONSTRUCT { ?s geo:supports ?t } WHERE { ?s geo:supports ?t }")
    assert result.kind == "graph" and len(result) == 2


def test_store_stats(store: Store) -> None:
    info = store.stats()
    assert info["articles"] == 1 and info["events"] == 5 and info["negated"] == 1
    assert info["by_relation"]["supports"] == 2
    assert info["actors"] == 6
    assert str(info["first_date"]) == "2019-12-14"


def test_store_validates_what_the_builder_writes(store: Store) -> None:
    assert store.validate() == []


def test_store_validate_reports_violations(store: Store) -> None:
    store.oxigraph.update(
        "INSERT DATA { GRAPH <https://w3id.org/geokg/article/x> { "
        "<https://w3id.org/geokg/event/bad> a <https://w3id.org/geokg/ontology#Interaction> ; "
        "<https://w3id.org/geokg/ontology#confidence> 1.5 } }"
    )
    violations = store.validate()
    assert any("confidence" in v.path and "1.5" in v.value for v in violations)
    assert all(v.focus == "ev:bad" for v in violations)


def test_store_hostile_names_survive_everything(tmp_path: Path) -> None:
    names = ['He said "no"', "a\nb", "<>{}|\\^`", "🇱🇾", "حفتر", "x' } DROP ALL #"]
    with open_store(tmp_path / "s") as st:
        for name in names:
            art = Article(name, name, title=name)
            who = Actor(name, name, "Person")
            rel = Relation(
                name,
                "threatens",
                who,
                Actor("EGY", "Egypt", "State", "EGY"),
                evidence=Evidence(name, (0, len(name))),
            )
            st.replace_article(art, [rel])
            assert st.has_article(name)
        assert sorted(st.article_ids()) == sorted(names)
        labels = {
            r["l"] for r in st.query("SELECT ?l WHERE { ?x a geo:Person ; rdfs:label ?l }").rows
        }
        assert labels == set(names)
        assert st.validate() == []
        buf = io.BytesIO()
        st.export("trig", buf)
        rdflib.Dataset().parse(data=buf.getvalue().decode(), format="trig")


def test_store_load_nquads_replaces_graphs(tmp_path: Path, store: Store, libya_article) -> None:
    buf = io.BytesIO()
    store.export("nquads", buf)
    with open_store(tmp_path / "other") as other:
        n = other.load_nquads(io.BytesIO(buf.getvalue()))
        other.load_nquads(io.BytesIO(buf.getvalue()))
        assert n > 0
        assert _triples(other.to_rdflib()) == _triples(store.to_rdflib())
        assert other.query("ASK { ?n a geo:PairSummary ; rdf:subject act:EGY }").boolean


def test_store_build_from_files(tmp_path: Path) -> None:
    from kg.build import build

    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "a1", "text": "Egypt backs Haftar.", "date": "2019-12-14"}\nnot json\n')
    report = build([src], store=tmp_path / "s", progress=False)
    assert report.articles == 1 and report.skipped == 1 and not report.ok
    with open_store(tmp_path / "s", read_only=True) as st:
        assert st.has_article("a1")


def test_store_remote_url_dispatches(tmp_path: Path) -> None:
    try:
        import kg.remote  # noqa: F401
    except ImportError:
        pytest.skip("kg.remote not written yet")
    st = open_store("http://127.0.0.1:9/sparql")
    assert type(st).__name__ == "RemoteStore"


@pytest.mark.parametrize(
    "rq",
    sorted((Path(__file__).resolve().parents[1] / "examples" / "queries").glob("*.rq")),
    ids=lambda p: p.name,
)
def test_store_example_queries_run(store: Store, rq: Path) -> None:
    text = rq.read_text()
    assert text.startswith("#"), "every example query starts with a comment"
    result = store.query(text)
    assert result.kind == "select"
    if rq.name in (
        "who_backs.rq",
        "provenance.rq",
        "negated_claims.rq",
        "actors_by_country_role.rq",
    ):
        assert len(result) > 0


def _summary_graph(st: Store) -> set:
    """Every quad of the summary graph (pair summaries), as strings."""
    import pyoxigraph as ox

    g = ox.NamedNode(f"{st.base}graph/summary")
    return {str(q) for q in st.oxigraph.quads_for_pattern(None, None, None, g)}


def _random_corpus(seed: int, n: int) -> list[tuple[Article, list[Relation]]]:
    import random

    rng = random.Random(seed)
    actors = [Actor(f"x{i}", f"Actor {i}", "State", f"X{i:02d}") for i in range(6)]
    rels = ["supports", "attacks", "cooperates_with", "opposes"]
    out = []
    for k in range(n):
        art = Article(f"r{k}", "…", date=f"2020-0{1 + k % 9}-1{k % 10}")
        items = []
        for _ in range(rng.randint(0, 3)):
            s, t = rng.sample(actors, 2)
            items.append(
                Relation(
                    art.id,
                    rng.choice(rels),
                    s,
                    t,
                    negated=rng.random() < 0.2,
                    modality=rng.choice(["asserted", "asserted", "possible"]),
                    date=art.date,
                )
            )
        out.append((art, items))
    return out


def test_store_summary_graph_matches_full_recomputation(tmp_path: Path) -> None:
    corpus = _random_corpus(3, 12)
    with open_store(tmp_path / "s") as st:
        st.add_extractions(corpus, batch=4)
        # replace some articles with other contents, remove others, re-add one
        for (art, _), (_, rels) in zip(corpus[:4], _random_corpus(9, 4), strict=True):
            st.replace_article(art, [dataclasses.replace(r, article=art.id) for r in rels])
        st.remove_article("r5")
        st.remove_article("r6")
        st.add_extractions(corpus[6:8], batch=1)
        delta = _summary_graph(st)
        assert delta, "the summary graph is empty"
        st.rebuild_summary()
        assert _summary_graph(st) == delta


def test_store_actor_labels_follow_the_articles(tmp_path: Path) -> None:
    egy = Actor("EGY", "Egypt", "State", "EGY")
    haf = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
    tur = Actor("TUR", "Turkey", "State", "TUR")
    a1, a2 = Article("a1", "…"), Article("a2", "…")
    ask = "ASK { GRAPH ?g { ?a rdfs:label ?l } FILTER(?l = ?label) }"
    with open_store(tmp_path / "s") as st:
        st.replace_article(a1, [Relation("a1", "supports", egy, haf)])
        st.replace_article(a2, [Relation("a2", "opposes", tur, haf)])
        labels = st.query(
            "SELECT ?l WHERE { ?a rdfs:label ?l FILTER(STRSTARTS(STR(?a), STR(act:))) }"
        ).rows
        # one label per actor, however many articles describe it
        assert sorted(r["l"] for r in labels) == ["Egypt", "Khalifa Haftar", "Turkey"]
        st.remove_article("a1")  # Haftar is still described by a2; Egypt is gone
        assert not st.query(ask, bindings={"label": "Egypt"}).boolean
        assert st.query(ask, bindings={"label": "Khalifa Haftar"}).boolean
        st.replace_article(a2, [])
        assert not st.query(ask, bindings={"label": "Khalifa Haftar"}).boolean
        # descriptions are stored once, in the actors graph
        st.replace_article(a1, [Relation("a1", "supports", egy, haf)])
        rows = st.query('SELECT ?x WHERE { ?x rdfs:label "Egypt" }').rows
        assert len(rows) == 1


def test_store_optimize_keeps_contents(store: Store) -> None:
    before = len(store)
    store.optimize()
    assert len(store) == before
    assert store.query("ASK { act:EGY geo:supports ?x }").boolean
