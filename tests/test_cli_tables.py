"""Tables a user reads (issue 23.7): values never cut mid-value, scores rounded, columns aligned."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.model import Actor, Article, Relation
from kg.store import open_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("tables") / "store"
    rus = Actor("RUS", "Russia", "State", "RUS")
    ukr = Actor("UKR", "Ukraine", "State", "UKR")
    gbr = Actor("GBR", "United Kingdom", "State", "GBR")
    pol = Actor("POL", "Poland", "State", "POL")
    long_id = "a_very_long_identifier_of_an_article_about_sanctions_and_tanks_2023"
    with open_store(path) as st:
        st.replace_article(
            Article(long_id, "Russia attacks Ukraine.", date="2023-01-20"),
            [
                Relation(long_id, "attacks", rus, ukr, date="2023-01-20"),
                Relation(long_id, "threatens", rus, gbr, date="2023-01-21"),
                Relation(long_id, "threatens", rus, pol, date="2023-01-22"),
            ],
        )
    return str(path)


def _invoke(*args: str, columns: int = 80) -> str:
    out = CliRunner().invoke(cli, list(args), env={"COLUMNS": str(columns)})
    assert out.exit_code == 0, out.output
    return out.output


@pytest.mark.parametrize("columns", [40, 80])
def test_query_table_folds_iris_and_keeps_dates_whole(store: str, columns: int) -> None:
    output = _invoke(
        "query",
        "--store",
        store,
        "SELECT ?a ?d ?e ?f WHERE { ?a a geo:Article . ?e a geo:Interaction ; "
        "geo:date ?d . BIND(?d AS ?f) } ORDER BY ?d",
        columns=columns,
    )
    assert "…" not in output
    assert output.count("2023-01-20") == 2 and output.count("2023-01-22") == 2
    # the folded article IRI comes back whole from its pieces in the first column
    pieces = [ln.split("│")[1].strip() for ln in output.splitlines() if ln.startswith("│")]
    assert "art:a_very_long_identifier_of_an_article_about_sanctions_and_tanks_2023" in "".join(
        pieces
    )


def test_query_table_shows_markup_as_text(store: str) -> None:
    output = _invoke("query", "--store", store, 'SELECT ?x WHERE { BIND("[bold]x[/bold]" AS ?x) }')
    assert "[bold]x[/bold]" in output


def test_suggest_scores_are_rounded(store: str) -> None:
    output = _invoke("analyze", "suggest", "--store", store, "--level", "actor", columns=120)
    scores = re.findall(r"│ (\d+\.\d+) +│", output)
    assert scores and all(re.fullmatch(r"\d+\.\d\d", s) for s in scores), output


def test_actors_list_columns_stay_aligned() -> None:
    lines = _invoke("actors", "list", "--type", "ArmedGroup").splitlines()
    lines = [ln for ln in lines if not ln.endswith(" actors")]
    assert max(len(ln.split()[0]) for ln in lines) > 28  # ids longer than the old column
    starts = {ln.index(" ArmedGroup ") for ln in lines}
    assert len(starts) == 1
