"""The period an undated article is about, read from its own evidence.

An article without a date should not be read with today's facts: a text
about 2019 names the 2019 government when it says "Tripoli". The evidence,
each an interval of days:

* years written in the text (a ``DATE`` entity holding 1945 … this year);
* governing bodies it names (the dates of their ``geo:Governance`` facts:
  "the Government of National Accord" governed 2016 – 2021);
* office holders it names: the dated roles of the knowledge base's people
  and the tenures of the dated people (:mod:`kg.kb_people`).

The period is the middle of the stretch most pieces of evidence agree on
(the latest such stretch on a tie); ``None`` when there is no evidence, and
the resolvers then use date-neutral readings (see :mod:`kg.nlp.context`).

Examples
--------
>>> best_period([("2016-03-30", "2021-03-15"), ("2019-01-01", "2019-12-31")])
'2019-07-02'
>>> best_period([]) is None
True
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.kb_tables import _period

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.kb import ActorKB
    from kg.model import Actor
    from kg.places import PlaceKB

__all__ = ["best_period", "evidence", "years_in"]

_EARLIEST = "1945-01-01"
_YEAR = re.compile(r"(?<![\d,.])(19[4-9]\d|20\d\d)(?![\d,])")


def years_in(doc: Doc) -> list[str]:
    """Years written in the text's date expressions ("in 2019", "March 2015").

    Only ``DATE`` entities count, so "2019 troops" or a phone number is no year.
    """
    now = datetime.date.today().year
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        for m in _YEAR.finditer(ent.text):
            if int(m.group(1)) <= now and m.group(1) >= _EARLIEST[:4]:
                out.append(m.group(1))
    return out


def evidence(
    doc: Doc,
    actors: Iterable[Actor],
    names: Iterable[str],
    kb: ActorKB,
    places: PlaceKB,
) -> list[tuple[str | None, str | None]]:
    """The intervals of :func:`best_period`: the years of ``doc``, the governing
    bodies and dated people among ``actors`` (resolved without a date), and the
    dated people of :mod:`kg.kb_people` called one of ``names`` (full names)."""
    from kg.kb_people import load_people

    found: list[tuple[str | None, str | None]] = [(y, y) for y in years_in(doc)]
    seen: set[str] = set()
    for actor in actors:
        if actor.id in seen:
            continue
        seen.add(actor.id)
        if actor.type == "Person":
            roles = kb.roles(actor.id)
            if roles:
                found.append((min((r.start or _EARLIEST) for r in roles), _latest_end(roles)))
            continue
        state = actor.country or actor.id
        for g in places.all_governments(state):
            if g.actor == actor.id and state != actor.id:
                found.append((g.start, g.end))
    people = load_people()
    for name in dict.fromkeys(names):
        rows = people.rows_named(name)
        if len(rows) == 1:
            tenures = people.tenures(rows[0])
            found.append((tenures[0].start, max((t.end or "9999") for t in tenures)))
    return found


def _latest_end(roles: Iterable[object]) -> str | None:
    ends = [getattr(r, "end", None) for r in roles]
    return None if any(e is None for e in ends) else max(e for e in ends if e)


def best_period(intervals: Iterable[tuple[str | None, str | None]]) -> str | None:
    """The middle day (ISO) of the stretch covered by most intervals; ``None`` for none.

    An interval is ``(start, end)`` of ``YYYY[-MM[-DD]]`` texts; ``None`` is open
    (from 1945, until today).
    """
    today = datetime.date.today()
    points: list[tuple[int, int]] = []
    for start, end in intervals:
        lo = _day(_period(start)[0] if start else _EARLIEST)
        hi = _day(_period(end)[1]) if end and end != "9999" else today.toordinal()
        hi = min(hi, today.toordinal())
        if lo > hi:
            continue
        points.append((lo, 1))
        points.append((hi + 1, -1))
    if not points:
        return None
    points.sort()
    depth = best = 0
    best_lo = best_hi = 0
    for i, (day, step) in enumerate(points):
        depth += step
        nxt = points[i + 1][0] if i + 1 < len(points) else day
        if depth > 0 and nxt > day and depth >= best:
            best, best_lo, best_hi = depth, day, nxt - 1
    if best == 0:
        return None
    return datetime.date.fromordinal((best_lo + best_hi) // 2).isoformat()


def _day(iso: str) -> int:
    y, m, d = (int(x) for x in iso.split("-"))
    if d > 28:  # "2019-02-31" from a month's bounds
        d = min(d, [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
    return datetime.date(y, m, d).toordinal()
