"""A fair endpoint: small queries are answered while heavy ones run (real server, real clients)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests
from test_serve import EXPENSIVE, SUPPORTERS, _fill, _start, _stop

from kg.serve.cost import estimate

# a four-way cross product of the store (~8e9 rows): far over any time limit
HEAVY = EXPENSIVE


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", "cross product"),
        ("SELECT * { ?s ex:p ?o OPTIONAL { ?x ex:q ?y } }", "cross product"),
        ("SELECT * { ?s ex:p ?o . ?t ex:q ?u FILTER(?o = ?u) }", "cross product"),
        ("SELECT * { ?a ex:allyOf+ ?b }", "transitive"),
        ("SELECT * { ?a (ex:p/ex:q)* ?b }", "transitive"),
        ("SELECT * { " + " ".join(f"?s ex:p{i} ?o{i} ." for i in range(17)) + " }", "17 triple"),
    ],
)
def test_cost_heavy_shapes(query: str, reason: str) -> None:
    cost = estimate(query)
    assert cost.heavy and reason in cost.reason


@pytest.mark.parametrize(
    "query",
    [
        SUPPORTERS,
        "SELECT * { ?s ex:p ?o OPTIONAL { ?o ex:label ?l } } LIMIT 5",
        "SELECT * { { ?s ex:p ?o } UNION { ?t ex:q ?u } }",
        "SELECT * { GRAPH ?g { ?s ex:p ?o . ?o ex:q ?z } }",
        "SELECT * { ?s ex:p ?o FILTER NOT EXISTS { ?x ex:q ?y } BIND(?o * 2 AS ?d) }",
        "SELECT ?s ?n { ?s ex:p ?o { SELECT ?o (COUNT(*) AS ?n) { ?o ex:q ?x } GROUP BY ?o } }",
        "SELECT * { VALUES ?s { ex:a ex:b } ?s ex:p ?o }",
    ],
)
def test_cost_cheap_shapes(query: str) -> None:
    assert not estimate(query).heavy, estimate(query)


@pytest.fixture(scope="module")
def fair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("fair") / "store"
    _fill(path)
    # one heavy-lane worker and one reserved for cheap queries
    proc, url = _start(path, "--workers", "1", "--timeout", "60", "--unbounded-timeout", "10")
    yield url
    _stop(proc)


def test_serve_small_queries_answered_while_heavy_ones_run(fair: str) -> None:
    heavy_done: list[int] = []

    def heavy() -> None:
        r = requests.post(fair, data={"query": HEAVY}, timeout=120)
        heavy_done.append(r.status_code)

    runners = [threading.Thread(target=heavy) for _ in range(2)]
    for t in runners:
        t.start()
    try:
        # the heavy lane is full (one runs, one waits): small queries still get answers
        for _ in range(5):
            r = requests.get(fair, params={"query": SUPPORTERS}, timeout=120)
            assert r.status_code == 200, r.text
            assert len(r.json()["results"]["bindings"]) == 2
            assert r.headers["X-Geokg-Cost"] == "cheap"
        # ... before either heavy query has ended (each runs for 10 s, its time limit)
        assert heavy_done == []
        third = requests.post(fair, data={"query": HEAVY}, timeout=60)
        assert third.status_code == 429, third.text
        assert "already has 2 heavy queries" in third.text and "cross product" in third.text
    finally:
        for t in runners:
            t.join(120)
    assert heavy_done == [503, 503]


def test_serve_heavy_unbounded_query_gets_the_shorter_limit(fair: str) -> None:
    r = requests.post(fair, data={"query": HEAVY}, timeout=120)
    assert r.status_code == 503
    assert "time limit of 10 s" in r.text and "heavy query without LIMIT" in r.text
    assert r.headers["X-Geokg-Cost"] == "heavy"


def test_serve_flat_oversized_query_is_400_naming_the_limit(fair: str) -> None:
    flat = "SELECT * WHERE { " + " ".join(f"?s{i} ?p ?o{i} ." for i in range(8150)) + " }"
    r = requests.post(
        fair, data=flat, headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert r.status_code == 400
    assert "over the limit of 200 triple patterns" in r.text


def test_serve_page_and_help_state_the_limits(fair: str) -> None:
    page = requests.get(fair.removesuffix("query"), timeout=10).text
    for limit in ("429", "200 triple patterns", "1,000 AS expressions", "without a LIMIT"):
        assert limit in page
    from click.testing import CliRunner

    from kg.cli import cli

    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    for option in ("--cheap-workers", "--heavy-per-client", "--unbounded-timeout", "429"):
        assert option in out
