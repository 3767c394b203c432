"""SPARQL errors at the right place with the fix, FROM / FROM NAMED honoured (issue 23.6).

The dataset answers are compared with plain pyoxigraph on the same directory,
queried with no options at all (the SPARQL 1.1 reading of FROM), through the
Python API, ``kg query`` and ``kg serve``.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import QueryError
from kg.model import Actor, Article, Relation
from kg.sparqltext import explain_syntax_error, has_dataset
from kg.store import open_store

ACTORS = "https://w3id.org/geokg/graph/actors"
ART = "https://w3id.org/geokg/article/"

#: queries naming their own dataset; each is answered as plain pyoxigraph answers it
DATASET_QUERIES = [
    f"SELECT (COUNT(*) AS ?n) FROM <{ACTORS}> WHERE {{ ?s ?p ?o }}",
    f"SELECT (COUNT(*) AS ?n) FROM <{ART}w1> FROM <{ART}w2> WHERE {{ ?s ?p ?o }}",
    f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{ART}w2> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} "
    "GROUP BY ?g",
    f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ART}w1> WHERE {{ ?s ?p ?o }}",
    f"select (count(*) as ?n)\nfrom\n<{ACTORS}>\nwhere {{ ?s ?p ?o }}",
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dataset") / "store"
    egy = Actor("EGY", "Egypt", "State", "EGY")
    eth = Actor("ETH", "Ethiopia", "State", "ETH")
    sdn = Actor("SDN", "Sudan", "State", "SDN")
    with open_store(path) as st:
        st.replace_article(
            Article("w1", "Egypt backs Sudan.\tA tab here."), [Relation("w1", "supports", egy, sdn)]
        )
        st.replace_article(
            Article("w2", "Ethiopia threatens Egypt."), [Relation("w2", "threatens", eth, egy)]
        )
    return path


def _reference(path: Path, query: str) -> list[tuple[str, ...]]:
    plain = ox.Store.read_only(str(path))
    solutions = plain.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return sorted(tuple(str(s[n].value) for n in names) for s in solutions)


def _rows(rows: list[dict[str, object]]) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in r.values()) for r in rows)


def test_has_dataset_reads_tokens() -> None:
    assert has_dataset(f"SELECT * FROM NAMED <{ACTORS}> {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert not has_dataset("SELECT * { ?s <https://x/from> 'FROM' } # FROM <a>")


@pytest.mark.parametrize("query", DATASET_QUERIES)
def test_from_is_honoured_by_the_api(store_path: Path, query: str) -> None:
    expected = _reference(store_path, query)
    with open_store(store_path, read_only=True) as st:
        assert _rows(st.query(query).rows) == expected
        everything = st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    assert expected != [(str(everything),)]  # the dataset is not the whole store


def test_from_is_honoured_by_kg_query(store_path: Path) -> None:
    query = DATASET_QUERIES[0]
    out = CliRunner().invoke(cli, ["query", "--store", str(store_path), "--format", "csv", query])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["n", _reference(store_path, query)[0][0]]


def test_from_is_honoured_over_http(store_path: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store_path), "--port", "0"],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        url = ""
        deadline = time.monotonic() + 90
        while not url and time.monotonic() < deadline and proc.poll() is None:
            for line in log.read_text().splitlines():
                if line.startswith("geokg SPARQL endpoint: "):
                    url = line.split()[3]
            time.sleep(0.05)
        assert url, log.read_text()
        for query in DATASET_QUERIES:
            r = requests.get(
                url, params={"query": query}, headers={"Accept": "text/csv"}, timeout=60
            )
            assert r.status_code == 200, r.text
            got = sorted(tuple(row) for row in list(csv.reader(io.StringIO(r.text)))[1:])
            assert got == _reference(store_path, query), query
        # the protocol's default-graph-uri still wins over the query's FROM
        r = requests.get(
            url,
            params={"query": DATASET_QUERIES[0], "default-graph-uri": f"{ART}w1"},
            headers={"Accept": "text/csv"},
            timeout=60,
        )
        with_protocol = _reference(
            store_path, f"SELECT (COUNT(*) AS ?n) FROM <{ART}w1> {{?s ?p ?o}}"
        )
        assert r.text.splitlines()[1:] == [with_protocol[0][0]]
    finally:
        proc.terminate()
        proc.wait(20)


def test_tsv_escapes_tabs_and_newlines(store_path: Path) -> None:
    query = 'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("one\\ttab" "two\\nlines\\\\") } }'
    out = CliRunner().invoke(cli, ["query", "--store", str(store_path), "--format", "tsv", query])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines == ["a\tb", "one\\ttab\ttwo\\nlines\\\\"]
    rows = list(csv.reader(io.StringIO(out.output), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [len(r) for r in rows] == [2, 2]


# ---------------------------------------------------------------------- errors

BAD = {
    # (query, what the message must say)
    "misspelt query form": (
        "SELEC ?s WHERE { ?s ?p ?o }",
        "line 1, column 1: unknown keyword 'SELEC'; did you mean SELECT?",
    ),
    "an update": ("DELETE WHERE { ?s ?p ?o }", "updates are not allowed"),
    "an insert": ("INSERT DATA { <a:x> <a:y> <a:z> }", "updates are not allowed"),
    "misspelt modifier": (
        "SELECT ?s WHERE { ?s ?p ?o }\nLIMT 3",
        "line 2, column 1: unknown keyword 'LIMT'; did you mean LIMIT?",
    ),
    "misspelt function": (
        "SELECT ?s WHERE {\n  ?s ?p ?o\n  FILTER(STRSTART(?o, 'x'))\n}",
        "line 3, column 10: unknown function 'STRSTART'; did you mean STRSTARTS?",
    ),
    "error inside a filter": (
        "# who\nSELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}\n",
        "line 5, column 3:",
    ),
    "missing dot": ("SELECT ?s\nWHERE {\n  ?s ?p ?o\n  ?a ?b ?c .\n}\n", "line 4, column 3:"),
    "unclosed group": ("SELECT ?s WHERE {\n  ?s ?p ?o .\n", "line 1, column 17: this '{' is never"),
    "stray bracket": ("SELECT ?s WHERE { ?s ?p ?o } }", "line 1, column 30: '}' closes nothing"),
    "unclosed paren": (
        "SELECT ?s WHERE {\n  ?s ?p ?o FILTER(?o > 3\n}",
        "line 3, column 1: '}' where the '(' opened at line 2, column 18 needs its ')'",
    ),
    "unclosed string": (
        'SELECT ?s WHERE { ?s ?p "open }',
        "the string starting here is not closed",
    ),
    "undeclared prefix": ("SELECT * { ?s zz:p ?o }", "unknown prefix 'zz:'; declare it"),
    "bare word": ("SELECT ?s WHERE { ?s ?p ?o } LIMIT ten", "unknown word 'ten'"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_syntax_errors_say_where_and_what(store_path: Path, case: str) -> None:
    query, needle = BAD[case]
    with open_store(store_path, read_only=True) as st, pytest.raises(QueryError) as err:
        st.query(query)
    message = str(err.value)
    assert message.startswith("SPARQL syntax error: ")
    assert needle in message, message
    assert "\n" not in message and "\\u{" not in message and "..=" not in message


def test_error_on_line_four_of_a_file_is_on_line_four(store_path: Path, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text(
        "PREFIX geo: <https://w3id.org/geokg/ontology#>\nSELECT ?a\nWHERE {\n"
        "  ?a geo:supports ?b ?c .\n}\n"
    )
    out = CliRunner().invoke(cli, ["query", "--store", str(store_path), "--file", str(rq)])
    errors = [ln for ln in out.stderr.splitlines() if ln.startswith("error:")]
    assert out.exit_code == 1 and len(errors) == 1
    assert errors[0].startswith("error: SPARQL syntax error: line 4, column"), errors


def test_expected_lists_keep_words_only() -> None:
    engine = (
        "error at 1:20: expected one of OPTIONAL, Prefix not found, ['%'], ['A' ..= 'Z' |\n"
        "'\\u{00C0}'..='\\u{00D6}'], \".\", ['_']"
    )
    query = "SELECT * { ?s ?p ?o . ?a ?b ?c ?d . ?e ?f ?g }"
    message = explain_syntax_error(query, engine)
    assert message.startswith("line 1, column 20: near '")
    assert message.endswith(': expected one of OPTIONAL, "."')
