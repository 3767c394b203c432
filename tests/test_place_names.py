"""Places that are names (issue 21 item 5): a city an attack is aimed at is its
country's (or holder's) target and the event's place, never a minted actor or
a person sharing a surname with it; a place's name inside a person's name or
after a title is the person, not the place's state. Sentences of our own."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model


def _events(rels: list[Any]) -> list[tuple[str, str, str, str | None]]:
    return [
        (r.source.id, r.relation, r.target.id, r.place.label if r.place else None)
        for r in rels
        if r.relation != "affiliated_with"
    ]


@pytest.mark.parametrize(
    ("text", "date", "target", "place"),
    [
        ("Russian artillery shelled Kherson overnight.", "2023-03-02", "UKR", "Kherson"),
        ("Israeli tanks shelled Khan Younis on Monday.", "2023-12-04", "PSE", "Khān Yūnis"),
        ("Israel carried out an attack on Khan Younis.", "2023-12-04", "PSE", "Khān Yūnis"),
    ],
)
def test_a_city_attacked_is_its_countrys_target_and_the_place(
    extract_text: Any, text: str, date: str, target: str, place: str
) -> None:
    events = [e for e in _events(extract_text(text, date=date)) if e[1] == "attacks"]
    assert [(e[2], e[3]) for e in events] == [(target, place)], events
    rels = extract_text(text, date=date)
    assert not any(r.target.id.startswith("x_") or r.target.type == "Person" for r in rels)


def test_a_place_name_inside_a_persons_name_is_not_the_place(extract_text: Any) -> None:
    rels = extract_text(
        "Sheikh Sabah al-Ahmad al-Sabah, the emir of Kuwait, thanked Oman.", date="2018-03-02"
    )
    assert ("KWT", "supports", "OMN", None) in _events(rels)
    assert all("MYS" not in (r.source.country, r.target.country) for r in rels)


def test_the_same_place_name_alone_stays_a_place(extract_text: Any) -> None:
    rels = extract_text("Rebels in Sabah attacked a police post.", date="2018-03-02")
    assert {(r.source.country, r.target.country) for r in rels} == {("MYS", "MYS")}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Bahrain accused Qatar of funding militants. "
            "Bahrain later cut diplomatic ties with the Gulf state.",
            ("BHR", "sanctions", "QAT", None),
        ),
        (
            "Chile recalled its envoy to Peru. Argentina later praised the Andean country.",
            ("ARG", "supports", "PER", None),
        ),
    ],
)
def test_a_region_before_a_description_keeps_it_a_description(
    extract_text: Any, text: str, want: tuple[str, str, str, None]
) -> None:
    # "the Gulf state" is the state the article is about, not the subject's own
    assert want in _events(extract_text(text, date="2017-06-05"))
