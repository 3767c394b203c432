"""People known by dated roles only (``ontology/people_phoenix.json``).

About 17,800 office holders compiled from the PETRARCH2 / Phoenix dictionaries
by :mod:`kg.kb_people_compile`. Unlike the hand-written people of
``actors.ttl`` they are not names of the gazetteer and never resolve without
a date that places them: a full name ("Abdul Mannan Bhuiyan") resolves only
when the article's date falls inside one of the person's tenures, to the
person with the tenure's country and sector (a minister → that country's
GOV) — or, for the head of an international organization, to the
organization itself. A surname alone resolves only after a title, when one
person of that surname held office at the date (and, when the title names a
state or organization, held it there). Without a date, a name resolves only
when every tenure of the person points to the same country or organization
(a date-neutral reading); a person who served two states or a state and an
organization stays unresolved.

Examples
--------
>>> people = load_people()
>>> len(people) > 15000
True
>>> [t.of for _, t in people.by_name("Abdul Mannan Bhuiyan", "2005-06-01")]
['BGD_GOV']
>>> people.by_name("Abdul Mannan Bhuiyan", "2015-06-01")
[]
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.kb_tables import Match, held_at, normalize
from kg.model import Actor

if TYPE_CHECKING:
    from kg.kb import ActorKB

__all__ = ["DatedPeople", "Tenure", "dated_matches", "load_people", "people_file"]


_SEP_LABEL, _SEP_TENURE, _SEP_FIELD = "\x1f", "\x1e", "\x1d"


@dataclass(frozen=True)
class Tenure:
    """A person held a post of actor ``of`` (``"KOR_GOV"``, ``"un"``) from ``start`` to ``end``."""

    of: str
    start: str | None = None
    end: str | None = None

    def active(self, date: str) -> bool:
        """True when ``date`` (``YYYY[-MM[-DD]]``) overlaps the tenure.

        Examples
        --------
        >>> t = Tenure("USA_GOV", "2009-01-20", "2017-01-20")
        >>> t.active("2012"), t.active("2017-01"), t.active("2018")
        (True, True, False)
        """
        return held_at(self.start, self.end, date)


def people_file() -> Path:
    """The bundled file of dated people."""
    return Path(str(importlib.resources.files("kg.ontology").joinpath("people_phoenix.json")))


class DatedPeople:
    """The dated people, indexed by full name and by surname (see the module docstring)."""

    def __init__(self) -> None:
        # one string per person and ints for the rows of a name, not objects: the
        # compiled index (kg.cache) then loads in a few milliseconds; rows are
        # decoded when a name is looked up
        self._rows: list[str] = []
        self._names: dict[str, int | tuple[int, ...]] = {}
        self._surnames: dict[str, int | tuple[int, ...]] = {}

    @classmethod
    def read(cls, path: Path | None = None) -> DatedPeople:
        """Index the rows of ``people_phoenix.json`` (the bundled one by default)."""
        people = cls()
        file = path or people_file()
        if not file.is_file():
            return people
        data = json.loads(file.read_text(encoding="utf-8"))
        names: dict[str, list[int]] = {}
        surnames: dict[str, list[int]] = {}
        for label, others, tenures in data["rows"]:
            i = len(people._rows)
            held = _SEP_TENURE.join(_SEP_FIELD.join(x or "" for x in t) for t in tenures)
            people._rows.append(label + _SEP_LABEL + held)
            for name in dict.fromkeys(normalize(n) for n in [label, *others]):
                names.setdefault(name, []).append(i)
                last = name.split()[-1]
                if len(last) >= 3 and (not surnames.get(last) or surnames[last][-1] != i):
                    surnames.setdefault(last, []).append(i)
        people._names = {k: v[0] if len(v) == 1 else tuple(v) for k, v in names.items()}
        people._surnames = {k: v[0] if len(v) == 1 else tuple(v) for k, v in surnames.items()}
        return people

    def __len__(self) -> int:
        return len(self._rows)

    def person_id(self, i: int) -> str:
        """The actor id of row ``i`` (``p_`` and a slug of the label)."""
        text = unicodedata.normalize("NFKD", self.label(i)).encode("ascii", "ignore").decode()
        return "p_" + "_".join(re.findall(r"[a-z0-9]+", text.lower()))

    def label(self, i: int) -> str:
        """The canonical name of row ``i``."""
        return self._rows[i].split(_SEP_LABEL, 1)[0]

    def tenures(self, i: int) -> list[Tenure]:
        """Every tenure of row ``i``, oldest first."""
        held = self._rows[i].split(_SEP_LABEL, 1)[1]
        out = []
        for t in held.split(_SEP_TENURE):
            of, start, end = t.split(_SEP_FIELD)
            out.append(Tenure(of, start or None, end or None))
        return out

    def rows_named(self, name: str) -> list[int]:
        """The rows of the people called ``name`` (a full name), whatever the date."""
        rows = self._names.get(normalize(name), ())
        return [rows] if isinstance(rows, int) else list(rows)

    def by_name(self, name: str, date: str | None) -> list[tuple[int, Tenure]]:
        """``(row, tenure)`` of the people called ``name`` who held office at ``date``.

        More than one person active at the date: ``[]`` (the name is ambiguous).
        ``date=None``: the date-neutral tenure of each person called so (see the
        module docstring).
        """
        return self._pick(self._names.get(normalize(name), ()), date)

    def by_surname(self, surname: str, date: str | None) -> list[tuple[int, Tenure]]:
        """Like :meth:`by_name`, for the people of one surname (after a title only)."""
        return self._pick(self._surnames.get(normalize(surname), ()), date)

    def _pick(self, rows: int | tuple[int, ...], date: str | None) -> list[tuple[int, Tenure]]:
        found = []
        for i in (rows,) if isinstance(rows, int) else rows:
            tenure = self._at(i, date)
            if tenure is not None:
                found.append((i, tenure))
        return found

    def _at(self, i: int, date: str | None) -> Tenure | None:
        tenures = self.tenures(i)
        if date is not None:
            active = [t for t in tenures if t.active(date)]
            return active[-1] if active else None
        homes = {t.of for t in tenures}
        if len(homes) == 1:
            return tenures[-1]
        countries = {t.of.split("_")[0] for t in tenures}
        if len(countries) == 1 and all(len(c) == 3 and c.isupper() for c in countries):
            return Tenure(countries.pop())  # sectors differ: the state, date-neutral
        return None


@functools.lru_cache(maxsize=1)
def load_people() -> DatedPeople:
    """The bundled dated people, from the compiled index (:mod:`kg.cache`) when it matches."""
    import sys

    from kg.cache import cached

    return cached("people", [people_file()], DatedPeople.read, modules=[sys.modules[__name__]])


def dated_matches(
    kb: ActorKB,
    name: str,
    date: str | None,
    *,
    surname: bool = False,
    of: Actor | None = None,
    how: str = "name",
) -> list[Match]:
    """The reading of ``name`` as a dated person of :func:`load_people` (``[]`` or one).

    ``surname``: ``name`` is a surname after a title; ``of``: the state or
    organization the title names ("Bangladeshi minister X"), which the tenure
    must belong to. Exactly one person must fit, else nothing resolves.
    """
    people = load_people()
    found = people.by_surname(name, date) if surname else people.by_name(name, date)
    if of is not None:
        home = of.id if of.type in ("State", "InternationalOrganization") else of.country
        found = [(i, t) for i, t in found if t.of == of.id or t.of.split("_")[0] == home]
    if len(found) != 1:
        return []
    i, tenure = found[0]
    holder = kb.get(tenure.of)
    if holder is None:
        return []
    label = people.label(i)
    when = f"at {date}" if date else "whatever the date (every post in one place)"
    span = f"{tenure.start or '…'}–{tenure.end or '…'}"
    if holder.type == "InternationalOrganization":
        why = f"'{name}' is {label}, who headed {holder.label} ({holder.id}) {span}, {when}"
        return [Match(holder, how, why)]
    country = holder.id if holder.type == "State" else holder.country
    actor = Actor(people.person_id(i), label, "Person", country, None, holder.sector)
    why = f"'{name}' is {label} of {holder.label} ({holder.id}) {span}, {when}"
    return [Match(actor, how, why)]
