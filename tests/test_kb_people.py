"""Dated people (issue 21 item 5): ~17,700 office holders compiled from the
PETRARCH2 / Phoenix dictionaries into ontology/people_phoenix.json resolve
only at a date inside one of their tenures, to the person with the tenure's
country and sector, or to the organization they headed; a surname alone
resolves only after a fitting title. The people and dates below come from
the dictionaries (their tenures are printed by ``kg.kb_people``)."""

from __future__ import annotations

import json

import pytest

from kg.kb import load_kb
from kg.kb_people import Tenure, load_people, people_file
from kg.kb_people_compile import phoenix_dates


def _reading(name: str, date: str | None) -> tuple[str, str | None, str | None] | None:
    m = load_kb().resolve(name, date=date)
    return None if m is None else (m.actor.id, m.actor.country, m.actor.sector)


def test_people_shipped_and_compiled_with_tenures() -> None:
    people = load_people()
    assert len(people) > 15000
    data = json.loads(people_file().read_text(encoding="utf-8"))
    assert "MIT" in data["about"]
    for label, others, tenures in data["rows"][:500]:
        assert len(label.split()) >= 2 and all(len(n.split()) >= 2 for n in others)
        assert tenures and all(len(t) == 3 and (t[1] or t[2]) for t in tenures)


@pytest.mark.parametrize(
    ("spec", "want"),
    [
        ("090120-170120", ("2009-01-20", "2017-01-20")),
        ("19980127-020127", ("1998-01-27", "2002-01-27")),
        (">101101", ("2010-11-01", "2019-12-31")),
        ("<990631", (None, "1999-06")),
        ("<990630", (None, "1999-06-30")),
        ("", None),
        ("soon", None),
    ],
)
def test_phoenix_dates(spec: str, want: tuple[str | None, str | None] | None) -> None:
    assert phoenix_dates(spec) == want


def test_a_full_name_resolves_inside_its_dates_only() -> None:
    # a Dutch minister 2003-2007
    assert _reading("Rita Verdonk", "2005-03-01") == ("p_rita_verdonk", "NLD", "GOV")
    assert _reading("Rita Verdonk", "2006") == ("p_rita_verdonk", "NLD", "GOV")
    assert _reading("Rita Verdonk", "2012-05-01") is None
    assert _reading("Rita Verdonk", "1990") is None


def test_heads_of_international_organizations_resolve_to_the_organization() -> None:
    assert _reading("Javier Solana", "1997-06-01") == ("nato", None, None)
    assert _reading("B. Lynn Pascoe", "2010-02-01") == ("un", None, None)
    # the same man served the U.S. before: then he counts for its government
    assert _reading("B. Lynn Pascoe", "2000-02-01") == ("p_b_lynn_pascoe", "USA", "GOV")


def test_undated_a_person_of_one_place_only_is_date_neutral() -> None:
    assert _reading("Rita Verdonk", None) == ("p_rita_verdonk", "NLD", "GOV")
    # one country, two sectors: the state, whatever the date
    assert _reading("Peter Medgyessy", None) == ("p_peter_medgyessy", "HUN", None)
    # the EU then NATO: no reading without a date
    assert _reading("Javier Solana", None) is None


def test_a_surname_or_first_name_alone_never_resolves() -> None:
    for word in ("Verdonk", "Rita", "Solana", "Javier"):
        assert _reading(word, "2005-03-01") is None, word


def test_a_surname_after_a_title_needs_one_holder_of_that_place_at_the_date() -> None:
    assert _reading("Minister Verdonk", "2005-03-01") == ("p_rita_verdonk", "NLD", "GOV")
    assert _reading("Dutch minister Verdonk", "2005-03-01") == ("p_rita_verdonk", "NLD", "GOV")
    # a title of another state, or out of office: an unknown person of that state
    assert _reading("Kenyan minister Verdonk", "2005-03-01") == ("x_verdonk", "KEN", None)
    assert _reading("Minister Verdonk", "2013-03-01")[0] == "x_verdonk"  # type: ignore[index]


def test_the_hand_written_people_win() -> None:
    # a person of actors.ttl is not compiled again from the dictionaries
    labels = {r[0] for r in json.loads(people_file().read_text(encoding="utf-8"))["rows"]}
    assert not {"Ban Ki-moon", "Ban Ki Moon", "Kofi Annan", "Barack Obama"} & labels
    assert load_kb().resolve("Ban Ki-moon", date="2010").actor.id == "ban_ki_moon"


def test_tenure_active_on_years_and_months() -> None:
    t = Tenure("NLD_GOV", "2003-06-01", "2007-02-28")
    assert t.active("2003") and t.active("2007-02") and not t.active("2007-03")


@pytest.mark.model
def test_extraction_codes_a_dated_person_by_the_articles_date(extract_text) -> None:  # type: ignore[no-untyped-def]
    text = "Rita Verdonk criticized Morocco on Tuesday."
    then = [r for r in extract_text(text, date="2005-10-04") if r.relation == "opposes"]
    assert [(r.source.label, r.source.country, r.target.id) for r in then] == [
        ("Rita Verdonk", "NLD", "MAR")
    ]
    later = [r for r in extract_text(text, date="2014-10-07") if r.relation == "opposes"]
    assert all(r.source.country != "NLD" for r in later)
