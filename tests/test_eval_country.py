"""The project's own country-level gold set, ``tests/data/gold_country.jsonl``.

Eighty sentences written for geokg in the style of wire-service news and of
conflict-event notes (titles, passive voice, trailing attributions, nominal
events, domestic events, international organisations, and fourteen sentences
with no codable event), coded before the extractor was run on them, the way
event-data analysts code: each actor by its country (ISO 3166 alpha-3; a
country's army, police, rebels and protesters all take its code), ``IGO`` for
international organisations, ``NGO`` for non-governmental ones, ``IMG`` for
international armed groups; one event per (source, target, PLOVER type);
protesters without a named target protest against their own government, and
an unnamed attacker in a country is that country.

Two kinds of test: the file is well-formed (no model needed), and the
extractor's ``dyad+quad`` F1 on it stays within 0.05 of the level measured
when the floor was set (``kg eval tests/data/gold_country.jsonl``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pycountry
import pytest

from kg.evaluate import PLOVER_QUAD, RealReport, is_real_format, load_gold

GOLD = Path(__file__).parent / "data" / "gold_country.jsonl"

#: dyad+quad F1 on gold_country.jsonl when this floor was set (P=0.870 R=0.471;
#: 0.574 when the set was written, at 4fe3c1d); the floor test
#: fails when the extractor drops more than 0.05 below it.
COUNTRY_DYAD_QUAD_F1 = 0.611
#: codes that are not countries: international organisations, NGOs and
#: international armed groups; XKX is the code event data give Kosovo.
OTHER_CODES = frozenset({"IGO", "NGO", "IMG", "XKX"})


def _is_code(code: Any) -> bool:
    if not isinstance(code, str):
        return False
    if code in OTHER_CODES:
        return True
    return len(code) == 3 and code.isupper() and pycountry.countries.get(alpha_3=code) is not None


def problems(cases: Iterable[dict[str, Any]]) -> list[str]:
    """Everything wrong with country-level gold cases, one line each (empty when well-formed)."""
    out: list[str] = []
    ids: set[str] = set()
    for case in cases:
        cid = case.get("id")
        if not isinstance(cid, str) or not cid or cid in ids:
            out.append(f"{cid!r}: id missing or repeated")
        ids.add(str(cid))
        if not isinstance(case.get("text"), str) or not case["text"].strip():
            out.append(f"{cid}: no text")
        events = case.get("events")
        if not isinstance(events, list):
            out.append(f"{cid}: 'events' is not a list")
            continue
        seen: set[tuple[Any, Any, Any]] = set()
        for e in events:
            for side in ("source", "target"):
                if not _is_code(e.get(side)):
                    out.append(f"{cid}: {side} {e.get(side)!r} is no ISO3/IGO/NGO/IMG code")
            plover = e.get("plover")
            if plover not in PLOVER_QUAD:
                out.append(f"{cid}: {plover!r} is no PLOVER event type")
            elif e.get("quad") != PLOVER_QUAD[plover]:
                out.append(f"{cid}: quad {e.get('quad')!r} is not {plover}'s {PLOVER_QUAD[plover]}")
            key = (e.get("source"), e.get("target"), plover)
            if key in seen:
                out.append(f"{cid}: event {key} twice")
            seen.add(key)
    return out


def test_country_gold_is_well_formed() -> None:
    cases = list(load_gold(GOLD))
    assert len(cases) == 80
    assert is_real_format(cases)
    assert problems(cases) == []
    plovers = {e["plover"] for c in cases for e in c["events"]}
    assert plovers == set(PLOVER_QUAD), set(PLOVER_QUAD) - plovers
    assert sum(1 for c in cases if not c["events"]) >= 12


def test_country_gold_check_finds_mistakes() -> None:
    bad = [
        {"id": "a", "text": "x", "events": [{"source": "XXX", "target": "un", "plover": "AID"}]},
        {"id": "a", "text": " ", "events": [{"source": "FRA", "target": "DEU", "plover": "HUG"}]},
        {
            "id": "b",
            "text": "x",
            "events": [{"source": "FRA", "target": "DEU", "plover": "ASSAULT", "quad": 3}] * 2,
        },
    ]
    found = "\n".join(problems(bad))
    for expected in (
        "source 'XXX'",
        "target 'un'",
        "quad None",
        "repeated",
        "no text",
        "'HUG'",
        "quad 3",
        "twice",
    ):
        assert expected in found, (expected, found)


@pytest.fixture(scope="session")
def country_report(nlp: Any) -> RealReport:
    """The extractor's country-level scores on gold_country.jsonl (one pipeline run)."""
    from kg.evaluate import evaluate_real

    return evaluate_real(load_gold(GOLD))


@pytest.mark.model
def test_country_quality_floor(country_report: RealReport) -> None:
    score = country_report.score("dyad+quad")
    assert score.f1 >= COUNTRY_DYAD_QUAD_F1 - 0.05, country_report.to_dict()
