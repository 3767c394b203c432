"""Every export read back by the ecosystem's own readers: networkx for GEXF and
GraphML, rdflib for each RDF format (JSON-LD compacted with a @context), Python's
csv for CSV and TSV; and ``--export`` leaves the numbers as they are."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner

from kg.analyze import export_graph, load_graph, project
from kg.analyze.records import EdgeRecord
from kg.cli import cli
from kg.model import Actor, Article, Evidence, Relation

# invented states; one label with a comma and quotes for the CSV readers
_A = Actor("QQA", "Aldoria", "State", "QQA")
_B = Actor("QQB", "Borvia", "State", "QQB")
_C = Actor("QQC", 'Front "Nord", Cestia', "State", "QQC")
_D = Actor("QQD", "Dunmark", "State", "QQD")
_E = Actor("QQE", "Eswatar", "State", "QQE")


def _rel(art: str, name: str, s: Actor, t: Actor, text: str, day: str) -> Relation:
    return Relation(
        art, name, s, t, date=day, evidence=Evidence(text, (0, len(text))), confidence=0.8
    )


def _articles() -> list[tuple[Article, list[Relation]]]:
    joint = "Aldoria and Borvia signed a grain accord on Monday."
    one_way = "Aldoria also signed a customs deal with Borvia."
    other_way = "Dunmark welcomed the pact between Borvia and Aldoria."
    return [
        (
            Article("ex-1", "…", date="2031-03-02"),
            [
                _rel("ex-1", "supports", _A, _B, "Aldoria backed Borvia.", "2031-03-02"),
                _rel("ex-1", "supports", _C, _D, "Cestia backed Dunmark.", "2031-03-02"),
                _rel("ex-1", "attacks", _A, _C, "Aldoria shelled Cestia.", "2031-03-02"),
                _rel("ex-1", "opposes", _B, _D, "Borvia condemned Dunmark.", "2031-03-02"),
                _rel("ex-1", "attacks", _D, _A, "Dunmark raided Aldoria.", "2031-03-02"),
            ],
        ),
        (
            Article("ex-2", "…", date="2031-04-10"),
            [
                # a joint act, stored both ways from one sentence; and two acts read one way
                _rel("ex-2", "signs_agreement_with", _A, _B, joint, "2031-04-10"),
                _rel("ex-2", "signs_agreement_with", _B, _A, joint, "2031-04-10"),
                _rel("ex-2", "signs_agreement_with", _A, _B, one_way, "2031-04-10"),
                _rel("ex-2", "meets_with", _E, _A, "Eswatar met Aldoria.", "2031-04-10"),
                _rel("ex-2", "meets_with", _E, _C, "Eswatar met Cestia.", "2031-04-10"),
            ],
        ),
        (
            Article("ex-3", "…", date="2031-05-20"),
            [_rel("ex-3", "signs_agreement_with", _B, _A, other_way, "2031-05-20")],
        ),
    ]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    from kg.store import open_store

    path = tmp_path_factory.mktemp("exports") / "store"
    with open_store(path) as store:
        for article, relations in _articles():
            store.replace_article(article, relations)
    return str(path)


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# --------------------------------------------------------------------------- one code path


@pytest.mark.parametrize("level", ["principal", "actor", "country"])
def test_exports_pair_counts_equal_the_events(store_dir: str, level: str) -> None:
    """The store's pair summaries (the fast path) give the graph the events give: three
    agreements of Aldoria and Borvia (one joint, two read one way each), not two."""
    fast = load_graph(store_dir, level=level, evidence=False, kb=False)
    full = load_graph(store_dir, level=level, evidence=True, kb=False)
    assert fast.from_pairs and not full.from_pairs
    assert sorted(fast.graph.edges) == sorted(full.graph.edges)
    for u, v in full.graph.edges:
        want = {k: x for k, x in full.graph.edges[u, v].items() if k != "evidence"}
        got = {k: x for k, x in fast.graph.edges[u, v].items() if k != "evidence"}
        assert got == want, (u, v)
    assert full.graph.edges["QQA", "QQB"]["relations"]["signs_agreement_with"] == 3


@pytest.mark.parametrize("view", ["blocs", "balance", "influence"])
def test_exports_export_does_not_change_the_numbers(
    store_dir: str, view: str, tmp_path: Path
) -> None:
    plain = _run("analyze", view, "--store", store_dir, "--format", "json")
    out = str(tmp_path / "g.graphml")
    exported = _run(
        "analyze", view, "--store", store_dir, "--format", "json", "--export", "graphml",
        "--out", out,
    )  # fmt: skip
    assert json.loads(exported) == json.loads(plain)


# --------------------------------------------------------------------------- GEXF, GraphML


def test_exports_gexf_and_graphml_read_back_with_networkx(store_dir: str, tmp_path: Path) -> None:
    blocs = json.loads(_run("analyze", "blocs", "--store", store_dir, "--format", "json"))
    unaligned = {u["actor"] for u in blocs["unaligned"]}
    assert "QQE" in unaligned  # tied as much to both sides
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        out = tmp_path / f"g.{fmt}"
        _run("analyze", "blocs", "--store", store_dir, "--export", fmt, "--out", str(out))
        G = read(out)
        assert G.number_of_nodes() == 5 and G.number_of_edges() > 0
        for n, data in G.nodes(data=True):
            if n in unaligned:
                assert "bloc" not in data
            else:
                assert isinstance(data["bloc"], int) and isinstance(data["bloc_confidence"], float)
        assert G.nodes["QQA"]["bloc"] == G.nodes["QQB"]["bloc"] != G.nodes["QQC"]["bloc"]
        assert G.nodes["QQC"]["label"] == _C.label
        edge = G.edges["QQA", "QQB"]
        assert json.loads(edge["relations"])["signs_agreement_with"] == 3
        assert isinstance(edge["material"], bool) and isinstance(edge["count"], int)
    text = (tmp_path / "g.graphml").read_text(encoding="utf-8")
    assert text.count('attr.name="bloc"') == 1


def test_exports_one_type_per_attribute(tmp_path: Path) -> None:
    G = project(
        [
            EdgeRecord("A", "B", "supports", sentence="A backs B."),
            EdgeRecord("B", "C", "cooperates_with", sentence="B and C work together."),
        ]
    )
    G.nodes["A"]["score"], G.nodes["B"]["score"] = 1, 0.5  # whole and fractional
    G.nodes["A"]["group"], G.nodes["C"]["group"] = 2, None  # C has none
    G.nodes["B"]["flag"] = True
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        H = read(export_graph(G, tmp_path / f"t.{fmt}", fmt))
        assert H.nodes["A"]["score"] == 1.0 and isinstance(H.nodes["A"]["score"], float)
        assert H.nodes["A"]["group"] == 2 and "group" not in H.nodes["C"]
        assert H.nodes["B"]["flag"] is True
        weights = [d["weight"] for *_, d in H.edges(data=True)]
        assert sorted(weights) == sorted(float(d["weight"]) for *_, d in G.edges(data=True))


# --------------------------------------------------------------------------- RDF


def _quads(data: str, fmt: str) -> set[tuple[str, str, str]]:
    ds = rdflib.Dataset()
    ds.parse(data=data, format=fmt)
    return {(str(s), str(p), str(o)) for s, p, o, _ in ds.quads()}


def test_exports_every_rdf_format_parses_with_rdflib_to_the_same_statements(
    store_dir: str,
) -> None:
    want = _quads(_run("export", "--store", store_dir, "--format", "nquads"), "nquads")
    assert len(want) > 50
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("trig", "trig")):
        assert _quads(_run("export", "--store", store_dir, "--format", fmt), parser) == want
    text = _run("export", "--store", store_dir, "--format", "json-ld")
    assert _quads(text, "json-ld") == want
    doc = json.loads(text)
    # compacted: prefixes in a @context, IRIs written with them
    assert doc["@context"]["geo"] == "https://w3id.org/geokg/ontology#"
    assert "art:ex-1" in {g["@id"] for g in doc["@graph"]}
    body = json.dumps(doc["@graph"])
    for ns in ("ontology#", "actor/", "article/"):
        assert f"https://w3id.org/geokg/{ns}" not in body
    assert '"act:QQA"' in body and '"geo:' in body


def test_exports_json_ld_of_one_graph_is_compacted(store_dir: str) -> None:
    text = _run("export", "--store", store_dir, "--format", "json-ld", "--graph", "ex-3")
    doc = json.loads(text)
    assert "@context" in doc and doc["@graph"]
    turtle = _run("export", "--store", store_dir, "--format", "turtle", "--graph", "ex-3")
    assert _quads(text, "json-ld") == _quads(turtle, "turtle")


# --------------------------------------------------------------------------- CSV, TSV


def test_exports_query_csv_and_tsv_parse_with_csv(store_dir: str) -> None:
    query = "SELECT ?a ?label WHERE { ?a a geo:State ; rdfs:label ?label } ORDER BY ?a"
    rows = list(csv.DictReader(io.StringIO(_run("query", "--store", store_dir, "--format",
                                                 "csv", query))))  # fmt: skip
    labels = {r["label"] for r in rows}
    assert {_A.label, _C.label} <= labels  # the comma and quotes survive
    tsv = _run("query", "--store", store_dir, "--format", "tsv", query)
    parsed = list(csv.reader(io.StringIO(tsv), delimiter="\t"))
    assert parsed[0] == ["a", "label"]
    assert {row[1] for row in parsed[1:]} == labels
    assert all(len(row) == 2 for row in parsed)
