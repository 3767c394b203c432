"""Every query of ``examples/queries/`` answers something on the store of ``examples/articles``.

The store is built by the real pipeline, as ``kg demo`` builds it (issue 23.7:
``allies_of_allies.rq`` answered 0 rows there).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def examples_store(nlp, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    from kg.build import build

    path = tmp_path_factory.mktemp("examples") / "store"
    report = build([ROOT / "examples" / "articles"], store=path, progress=False)
    assert report.ok and report.articles >= 10
    return path


@pytest.mark.model
@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.name)
def test_example_query_answers(examples_store: Path, query: Path) -> None:
    with open_store(examples_store, read_only=True) as st:
        result = st.query(query.read_text(encoding="utf-8"))
    assert len(result) > 0 or result.boolean


@pytest.mark.model
def test_allies_of_allies_reaches_past_the_first_hop(examples_store: Path) -> None:
    text = (ROOT / "examples" / "queries" / "allies_of_allies.rq").read_text(encoding="utf-8")
    with open_store(examples_store, read_only=True) as st:
        rows = st.query(text).rows
        pairs = st.query(
            "SELECT ?al ?bl WHERE { ?n a geo:PairSummary ; rdf:subject ?a ; rdf:object ?b ; "
            "rdf:predicate ?r . VALUES ?r { geo:supports geo:cooperates_with "
            "geo:provides_aid_to } ?a rdfs:label ?al . ?b rdfs:label ?bl }"
        ).rows
    partners = {r["bl"] for r in pairs if r["al"] == "Turkey"}
    partners |= {r["al"] for r in pairs if r["bl"] == "Turkey"}
    assert rows
    assert {r["allyLabel"] for r in rows} <= partners  # reached through Turkey's partners
    assert all(r["allyOfAllyLabel"] not in ("Turkey", r["allyLabel"]) for r in rows)
