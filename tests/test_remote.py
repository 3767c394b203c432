"""Tests of the remote store against a real Oxigraph server (the ``oxigraph`` PyPI binary)."""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
import requests

from kg.errors import QueryError, StoreError
from kg.model import Actor, Article, Evidence, Relation
from kg.remote import RemoteStore, endpoint_urls
from kg.store import open_store

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")

EGY = Actor("EGY", "Egypt", "State", "EGY")
ARE = Actor("ARE", "United Arab Emirates", "State", "ARE")
HAF = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
TUR = Actor("TUR", "Turkey", "State", "TUR")
GNA = Actor("gna", 'Government of "National" Accord <GNA>', "Government", "LBY")


def _corpus() -> list[tuple[Article, list[Relation]]]:
    a1 = Article("seed", "Egypt and the UAE back Haftar.", title="Libya", date="2019-12-14")
    a2 = Article("turkey", "Turkey backs the GNA and opposes Haftar.", date="2020-01-02")
    ev = Evidence("Egypt and the UAE support him.", (0, 30))
    return [
        (
            a1,
            [
                Relation("seed", "supports", EGY, HAF, date="2019-12-14", evidence=ev),
                Relation("seed", "supports", ARE, HAF, date="2019-12-14", evidence=ev),
                Relation("seed", "provides_aid_to", TUR, HAF, negated=True, date="2019-12-14"),
            ],
        ),
        (
            a2,
            [
                Relation("turkey", "supports", TUR, GNA, date="2020-01-02", confidence=0.8),
                Relation("turkey", "opposes", TUR, HAF, date="2020-01-02"),
            ],
        ),
    ]


QUERIES = [
    "SELECT ?who WHERE { ?s geo:supports act:khalifa_haftar ; rdfs:label ?who } ORDER BY ?who",
    """SELECT ?s ?t ?n WHERE { ?p a geo:PairSummary ; rdf:subject ?s ; rdf:object ?t ;
         geo:evidenceCount ?n } ORDER BY ?s ?t""",
    "SELECT ?e ?neg WHERE { ?e geo:relation geo:provides_aid_to ; geo:negated ?neg } ORDER BY ?e",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "ASK { act:TUR geo:opposes act:khalifa_haftar }",
    "CONSTRUCT { ?s geo:supports ?o } WHERE { ?s geo:supports ?o }",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(url, params={"query": "ASK {}"}, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"server at {url} never answered")


@pytest.fixture()
def oxigraph_url(tmp_path: Path) -> Iterator[str]:
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url + "/query")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def _answers(store: object) -> list[object]:
    out: list[object] = []
    for q in QUERIES:
        r = store.query(q)  # type: ignore[attr-defined]
        out.append((r.kind, r.rows, r.boolean, sorted(r.triples)))
    return out


def test_remote_same_answers_as_embedded(oxigraph_url: str, tmp_path: Path) -> None:
    with open_store(tmp_path / "embedded") as local, open_store(oxigraph_url) as remote:
        assert isinstance(remote, RemoteStore)
        assert local.add_extractions(_corpus()) == 2
        assert remote.add_extractions(_corpus()) == 2
        expected = _answers(local)
        assert _answers(remote) == expected
        assert expected[0][1] == [{"who": "Egypt"}, {"who": "United Arab Emirates"}]
        assert remote.stats() | {"location": ""} == local.stats() | {"location": ""}
        assert remote.has_article("seed") and not remote.has_article("nope")
        assert sorted(remote.article_ids()) == ["seed", "turkey"]
        rows = remote.query(
            "SELECT ?who WHERE { ?s rdfs:label ?who }", bindings={"who": GNA.label}
        ).rows
        assert rows == [{"who": GNA.label}]  # quotes and brackets stay data
        # the same export (article graphs and the actors graph, descriptions once)
        a, b = io.BytesIO(), io.BytesIO()
        local.export("nquads", a)
        remote.export("nquads", b)
        assert sorted(a.getvalue().splitlines()) == sorted(b.getvalue().splitlines())
        # and the same serialized answers
        for q in ("SELECT ?who WHERE { ?s rdfs:label ?who } ORDER BY ?who", QUERIES[5]):
            mine, theirs = local.answer(q, graph_format="nt"), remote.answer(q, graph_format="nt")
            assert (mine.kind, mine.rows) == (theirs.kind, theirs.rows)
        assert remote.answer(QUERIES[0], max_rows=1).truncated


def test_remote_replace_article_is_idempotent(oxigraph_url: str) -> None:
    with open_store(oxigraph_url) as remote:
        article, relations = _corpus()[0]
        remote.replace_article(article, relations)
        size = len(remote)
        remote.replace_article(article, relations)
        assert len(remote) == size
        # a new version replaces the old one, and the summaries follow
        remote.replace_article(article, relations[:1])
        who = remote.query(QUERIES[0]).rows
        assert who == [{"who": "Egypt"}]
        counts = remote.query(QUERIES[1]).rows
        assert [r["n"] for r in counts] == [1]
        assert remote.remove_article("seed") and not remote.has_article("seed")
        assert remote.query(QUERIES[1]).rows == []


def test_remote_bulk_nquads_export_and_load(oxigraph_url: str, tmp_path: Path) -> None:
    with open_store(tmp_path / "embedded") as local:
        local.add_extractions(_corpus())
        dump = tmp_path / "all.nq"
        with dump.open("wb") as out:
            local.export("nquads", out)
        expected = _answers(local)
    with open_store(oxigraph_url) as remote:
        n = remote.load_nquads(dump)
        assert n == len(dump.read_bytes().splitlines())
        assert remote.load_nquads(dump) == n  # loading twice changes nothing
        assert _answers(remote) == expected
        buf = io.BytesIO()
        remote.export("trig", buf)
        ds = rdflib.Dataset().parse(data=buf.getvalue(), format="trig")
        assert len(list(ds.quads())) == n
        assert len(remote.to_rdflib(graph="seed")) > 0


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=600
    )


def test_remote_cli_query_export_stats(oxigraph_url: str, tmp_path: Path) -> None:
    with open_store(tmp_path / "embedded") as local:
        local.add_extractions(_corpus())
    with open_store(oxigraph_url) as remote:
        remote.add_extractions(_corpus())
    q = QUERIES[0]
    here = _kg("query", q, "--store", str(tmp_path / "embedded"), "--format", "csv")
    there = _kg("query", q, "--store", oxigraph_url, "--format", "csv")
    assert there.returncode == 0, there.stderr
    assert there.stdout == here.stdout
    assert "United Arab Emirates" in there.stdout
    out = _kg("export", "--store", oxigraph_url, "--format", "turtle")
    assert out.returncode == 0, out.stderr
    assert len(rdflib.Graph().parse(data=out.stdout, format="turtle")) > 10
    stats = _kg("stats", "--store", oxigraph_url)
    assert stats.returncode == 0 and "2" in stats.stdout


def test_remote_errors_name_the_url_and_the_fix(oxigraph_url: str) -> None:
    dead = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(StoreError, match=r"cannot reach the SPARQL server at .*/query"):
        RemoteStore(dead, timeout=2).query("ASK {}")
    out = _kg("query", "ASK {}", "--store", dead)
    assert out.returncode == 1 and out.stderr.startswith("error: ")
    assert "Traceback" not in out.stderr
    with pytest.raises(QueryError, match="rejected the query"):
        RemoteStore(oxigraph_url).query("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(StoreError, match="HTTP 404"):
        RemoteStore(oxigraph_url + "/nowhere/ds").query("ASK {}")
    with pytest.raises(StoreError, match="read-only"):
        RemoteStore(oxigraph_url, read_only=True).replace_article(*_corpus()[0])


def test_remote_reads_from_kg_serve(tmp_path: Path) -> None:
    path = tmp_path / "served"
    with open_store(path) as local:
        local.add_extractions(_corpus())
        expected = _answers(local)
    log = tmp_path / "serve.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(path), "--port", "0"],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        url = ""
        deadline = time.monotonic() + 30
        while not url and time.monotonic() < deadline:
            for line in log.read_text().splitlines():
                if line.startswith("geokg SPARQL endpoint: "):
                    url = line.split()[3]
            time.sleep(0.05)
        assert url, log.read_text()
        _wait(url)
        remote = RemoteStore(url)
        assert _answers(remote) == expected
        with pytest.raises(StoreError, match="403"):
            remote.replace_article(*_corpus()[1])
    finally:
        proc.terminate()
        proc.wait(10)


def test_remote_endpoint_urls_layouts() -> None:
    assert endpoint_urls("https://kg.example.org/")["query"] == "https://kg.example.org/query"
    fuseki = endpoint_urls("http://h:3030/geo/sparql")
    assert (fuseki["update"], fuseki["dataset"]) == (
        "http://h:3030/geo/update",
        "http://h:3030/geo",
    )


@pytest.mark.model
def test_remote_kg_build_and_query_match_embedded(oxigraph_url: str, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent / "examples"
    local = str(tmp_path / "embedded")
    for store in (oxigraph_url, local):
        built = _kg("build", str(root / "articles"), "--store", store, "--quiet")
        assert built.returncode == 0, built.stderr
    who_backs = str(root / "queries" / "who_backs.rq")
    there = _kg("query", "--file", who_backs, "--store", oxigraph_url, "--format", "csv")
    here = _kg("query", "--file", who_backs, "--store", local, "--format", "csv")
    assert there.returncode == 0, there.stderr
    assert there.stdout == here.stdout and there.stdout.count("\n") > 1
    blocs = [
        _kg("analyze", "blocs", "--store", s, "--format", "json") for s in (oxigraph_url, local)
    ]
    assert blocs[0].returncode == 0, blocs[0].stderr
    assert blocs[0].stdout == blocs[1].stdout


def test_remote_honours_from_and_counts_lines_in_the_users_query(
    oxigraph_url: str, tmp_path: Path
) -> None:
    queries = [
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/geokg/graph/actors> WHERE { ?s ?p ?o }",
        "SELECT ?g (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/geokg/article/seed> "
        "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    ]
    with open_store(tmp_path / "embedded") as local, open_store(oxigraph_url) as remote:
        local.add_extractions(_corpus())
        remote.add_extractions(_corpus())
        everything = local.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        for q in queries:
            assert remote.query(q).rows == local.query(q).rows != everything
            mine, theirs = (
                local.answer(q, result_format="csv"),
                remote.answer(q, result_format="csv"),
            )
            assert mine.body == theirs.body
        with pytest.raises(QueryError, match=r"error at 2:"):
            remote.query("SELECT ?x\nWHERE { ?x ?y }")
