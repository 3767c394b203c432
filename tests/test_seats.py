"""ontology/seats.ttl: every dated fact says what it rests on, and the dates checked."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from kg.places import load_places
from kg.rdf import read_turtle

SEATS = Path(str(resources.files("kg.ontology").joinpath("seats.ttl")))
GEO = "https://w3id.org/geokg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


def _facts() -> dict[str, dict[str, list[str]]]:
    nodes: dict[str, dict[str, list[str]]] = {}
    for s, p, o, _kind in read_turtle(SEATS):
        nodes.setdefault(s, {}).setdefault(p, []).append(o)
    kinds = {GEO + "Governance", GEO + "Control"}
    return {s: props for s, props in nodes.items() if kinds & set(props.get(RDF_TYPE, []))}


def test_seats_every_fact_names_what_its_dates_rest_on() -> None:
    facts = _facts()
    assert len(facts) > 40
    for props in facts.values():
        comments = props.get(COMMENT, [])
        assert len(comments) == 1, props
        # the comment names the event of each date it gives (its year at least)
        for key in ("start", "end"):
            for date in props.get(GEO + key, []):
                assert date[:4] in comments[0], (date, comments[0])


@pytest.mark.parametrize(
    ("place", "date", "holder"),
    [
        ("99072", "2017-07-05", "islamic_state"),  # Mosul, before the victory of 10 Jul 2017
        ("99072", "2017-07-15", None),  # after it: no holder recorded, the place's country
        ("1138958", "2021-08-16", "taliban"),  # Kabul, the day after it fell
        ("1138958", "2021-08-14", None),
        ("379555", "2025-10-25", "saf"),  # El Fasher, the day before the RSF took it
        ("379555", "2025-10-27", "rsf"),
        ("216281", "2025-01-28", "m23"),  # Goma
        ("216281", "2024-06-01", None),
        ("415189", "2020-06-01", "stc"),  # Aden between the STC's takeover and the new cabinet
        ("2210247", "2019-12-14", "gna"),  # Tripoli
        ("71137", "2015-01-01", "houthis"),  # Sanaa
    ],
)
def test_seats_holders_at_checked_dates(place: str, date: str, holder: str | None) -> None:
    assert load_places().controller(place, date) == holder
