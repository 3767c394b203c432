"""Tests of kg.sparqlguard: SERVICE/LOAD and engine-crashing shapes refused, crashes reported."""

from __future__ import annotations

import contextlib
import faulthandler
import random
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.rdf import namespaces
from kg.sparqlguard import (
    QueryLimits,
    check_query,
    check_update,
    count_triple_patterns,
    explain_syntax_error,
    run_checked,
    run_isolated,
    tokenize,
)

URL = "http://127.0.0.1:9/sparql"
QUERIES = Path(__file__).resolve().parents[1] / "examples" / "queries"

REFUSED = [
    f"SELECT * WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICE SILENT <{URL}> {{ ?s ?p ?o }} }}",
    f"select * {{ sErViCe <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * {{ SERVICE<{URL}>{{?s ?p ?o}} }}",
    f"SELECT * {{ SERVICESILENT<{URL}>{{ ?s ?p ?o }} }}",
    f"PREFIX : <{URL}#> SELECT * {{ service:x {{ ?s ?p ?o }} }}",
    f"PREFIX ex: <{URL}#> SELECT * {{ SERVICEex:x {{ ?s ?p ?o }} }}",
    f"SELECT * {{ ?a ?b 1SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"PREFIX ex: <http://e/> SELECT * {{ ?a ?b ex:a\\# SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * {{ FILTER NOT EXISTS {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }}",
    f"SELECT * {{ {{ SELECT * WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }} }} }}",
    f"SELECT * {{ BIND(<{URL}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    f"ASK {{ # a comment\n SERVICE <{URL}> {{ }} }}",
]

ACCEPTED = [
    'SELECT * WHERE { BIND("SERVICE <http://127.0.0.1/> { ?s ?p ?o }" AS ?x) }',
    "SELECT * WHERE { BIND('''it said \"SERVICE\"\n SERVICE <http://x/> {}''' AS ?x) }",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT * WHERE { <http://example.org/service> ?p ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ?o ; ex:serviceType ?t }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1/>",
    "SELECT * WHERE { ?s ?p 'a \\' SERVICE <http://x/> {}' }",
]


@pytest.mark.parametrize("query", REFUSED)
def test_sparqlguard_refuses_service(query: str) -> None:
    with pytest.raises(QueryError, match=r"SERVICE .* is refused"):
        check_query(query)


@pytest.mark.parametrize("query", ACCEPTED)
def test_sparqlguard_accepts_the_word_outside_code(query: str) -> None:
    check_query(query)
    ox.Store().query(query)  # and the engine agrees it is valid SPARQL


def test_sparqlguard_allows_named_endpoints_only() -> None:
    plain = "PREFIX r: <http://127.0.0.1:9/> SELECT * { SERVICE r:sparql { ?s ?p ?o } }"
    check_query(plain, allow_service=[URL])
    with pytest.raises(QueryError, match=re.escape("--allow-service http://127.0.0.1:9/sparql")):
        check_query(plain, allow_service=["http://127.0.0.1:9/other"])
    # an endpoint in a variable cannot be checked against the list
    with pytest.raises(QueryError, match="not a fixed IRI"):
        check_query(REFUSED[-2], allow_service=[URL])
    # glued forms are refused even for an allowed endpoint: what they call is unclear
    with pytest.raises(QueryError, match="reads as the keyword SERVICE"):
        check_query(REFUSED[4], allow_service=[URL])


def test_sparqlguard_refuses_load_and_service_in_updates() -> None:
    with pytest.raises(QueryError, match="LOAD at line 1"):
        check_update(f"LOAD <{URL}> INTO GRAPH <http://g/>")
    with pytest.raises(QueryError, match="SERVICE"):
        check_update(f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}")
    check_update(f"LOAD <{URL}>", allow_service=[URL])
    check_update('INSERT DATA { <http://e/a> <http://e/p> "LOAD <http://x/>" }')


def test_sparqlguard_shipped_queries_pass() -> None:
    files = sorted(QUERIES.glob("*.rq"))
    assert files
    for path in files:
        check_query(path.read_text(encoding="utf-8"), prefixes=namespaces())


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000, "nests brackets"),
        ("SELECT * { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }", "nests brackets"),
        ("SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * 3000) + " }", "groups and operators"),
        ("SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(3000)) + " }", "chain"),
        ("SELECT * { FILTER(" + "!" * 10000 + "true) }", "groups and operators"),
    ],
)
def test_sparqlguard_refuses_engine_crashing_shapes(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        check_query(query)


def test_sparqlguard_limits_and_ordinary_shapes() -> None:
    deep = "SELECT * WHERE " + "{ " * 30 + "?s ?p ?o" + " }" * 30
    check_query(deep)
    with pytest.raises(QueryError, match="more than 20 deep"):
        check_query(deep, limits=QueryLimits(max_depth=20))
    with pytest.raises(QueryError, match="characters long"):
        check_query("ASK {}" + " " * 100, limits=QueryLimits(max_chars=50))
    values = "SELECT * { VALUES ?x { " + " ".join(f"<http://e/{i}>" for i in range(20000)) + " } }"
    check_query(values)  # long flat lists are not chains


FLAT_PATTERNS = "SELECT * WHERE { " + " ".join(f"?s{i} ex:p ?o{i} ." for i in range(8150)) + " }"
FLAT_OBJECTS = "SELECT * WHERE { ?s ex:p " + ", ".join(f"?o{i}" for i in range(9000)) + " }"
FLAT_SELECT = "SELECT " + " ".join(f"(STR(?s) AS ?v{i})" for i in range(2600)) + " WHERE {}"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (FLAT_PATTERNS, "8150 triple patterns, over the limit of 200 triple patterns"),
        (FLAT_OBJECTS, "9000 triple patterns, over the limit of 200 triple patterns"),
        (FLAT_SELECT, "2600 expressions bound with AS .* over the limit of 1000 expressions"),
    ],
)
def test_sparqlguard_bounds_flat_oversized_queries(query: str, message: str) -> None:
    # flat: no nesting, no operator chain; each of these crashes the engine (SIGSEGV)
    with pytest.raises(QueryError, match=message) as err:
        check_query(query)
    assert "nesting" not in str(err.value)


def test_sparqlguard_counts_triple_patterns() -> None:
    def count(q: str) -> int:
        return count_triple_patterns(tokenize(q))

    assert count("SELECT * { ?s a ?t ; ex:p ?a, ?b . ?t ex:q [ ex:r 1 ; ex:s 2 ] . }") == 6
    assert count("SELECT * { ?s ex:p ?o FILTER(CONCAT(?a, ?b) = ?o) BIND(1 AS ?x) }") == 1
    assert count("SELECT * { { ?s ex:p ?o } UNION { ?s ex:q ?o . ?o ex:r ?x } }") == 3
    assert count('SELECT * { VALUES ?x { 1 2 3 } ?s ex:p "a,b;c." }') == 2
    star = "SELECT * { ?s ex:p " + ", ".join(f"?o{i}" for i in range(200)) + " }"
    check_query(star)  # at the limit
    with pytest.raises(QueryError, match="201 triple patterns"):
        check_query(star.replace(" }", ", ?extra }"))
    with pytest.raises(QueryError, match="over the limit of 10 triple patterns"):
        check_query(star, limits=QueryLimits(max_triple_patterns=10))
    many = "SELECT " + " ".join(f"(1 AS ?v{i})" for i in range(1000)) + " WHERE {}"
    check_query(many)
    with pytest.raises(QueryError, match="over the limit of 5 expressions"):
        check_query(many, limits=QueryLimits(max_expressions=5))


def test_sparqlguard_tokens_and_prefixes() -> None:
    kinds = [t.kind for t in tokenize("ASK { ?s ex:p. } # c")]
    assert kinds == ["name", "punct", "var", "name", "punct", "punct", "comment"]
    reason = explain_syntax_error("SELECT * {\n ?s foo:p ?o }", {"geo": "https://g/"})
    assert reason is not None and "unknown prefix 'foo:'" in reason and "geo:" in reason
    assert explain_syntax_error("PREFIX foo: <http://f/> SELECT * { ?s foo:p ?o }") is None


def test_sparqlguard_engine_crash_is_an_error() -> None:
    def crash() -> object:
        faulthandler.disable()  # runs in the child: no crash dump in the test output
        return list(ox.Store().query("SELECT * WHERE " + "{ " * 20000 + "}" * 20000))

    with pytest.raises(QueryError, match=r"query engine crashed \(SIGSEGV\)"):
        run_isolated(crash)


def test_sparqlguard_run_checked_reports_undeclared_prefix(tmp_path: Path) -> None:
    from kg.store import open_store

    with pytest.raises(QueryError, match="unknown prefix 'foo:'"):
        run_checked(lambda: open_store(None), "SELECT * { ?s foo:p ?o }", prefixes=namespaces())
    result = run_checked(lambda: open_store(None), "ASK { ?s ?p ?o }", prefixes=namespaces())
    assert result.boolean is False


def test_query_nested_braces_is_an_error_not_a_crash(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ox.Store(str(store)).flush()
    query = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000
    out = subprocess.run(
        [sys.executable, "-m", "kg", "query", "--store", str(store), query],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert out.stderr.startswith("error: the query nests brackets more than 100 deep")
    assert "Traceback" not in out.stderr


def test_sparqlguard_random_service_spellings_never_reach_the_network() -> None:
    """Random spellings of SERVICE: whatever passes the guard, the engine runs without a call."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    calls: list[int] = []
    done = threading.Event()

    def accept() -> None:  # count and hang up at once, so the engine never waits
        while not done.is_set():
            with contextlib.suppress(TimeoutError):
                conn, _ = listener.accept()
                conn.close()
                calls.append(1)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    words = ["SERVICE", "service", "SeRvIcE"]
    silent = ["", "SILENT", "silent", "SiLeNt"]
    seps = [" ", " ", "", "", "\n", "\t", "#c\n"]
    endpoints = [f"<{url}>", "p:", "p:x", ":x", "?e", "<sparql>", "p:\\#x"]
    prologues = [f"PREFIX p: <{url}> PREFIX : <{url}#> ", f"BASE <{url[:-6]}> ", ""]
    lead = ["?a ?b ?c ", "?a ?b ?c . ", "?a ?b ?c", "?a ?b 1", "?a ?b true", "{ ?a ?b ?c } ", ""]
    rng = random.Random(17)
    passed = executed = 0
    for _ in range(3000):
        call = rng.choice(words) + rng.choice(seps) + rng.choice(silent) + rng.choice(seps)
        call += rng.choice(endpoints) + rng.choice(seps) + "{ ?x ?y ?z }"
        if rng.random() < 0.2:  # the same text in a string, a comment or an IRI
            call = rng.choice(['BIND("%s" AS ?q)', "# %s\n", "<http://e/%s>"]) % call
        query = f"{rng.choice(prologues)}SELECT * WHERE {{ {rng.choice(lead)}{call} }}"
        try:
            check_query(query)
        except QueryError:
            continue
        passed += 1
        with contextlib.suppress(SyntaxError, OSError, RuntimeError, TypeError):
            list(store.query(query, use_default_graph_as_union=True))
            executed += 1
    done.set()
    thread.join(5)
    listener.close()
    assert passed > 100 and executed > 100  # the guard lets valid queries through
    assert calls == []
