"""Who stands behind an actor: the principal an event is counted for.

Alliances are between principals, not between every name the news uses. At
the default ``principal`` level:

* a person rolls up to the actor they lead or serve in: the office the
  knowledge base records for them *at the event's date* (a foreign minister
  to the state, a commander to the force he commands: Khalifa Haftar to the
  Libyan National Army), else the affiliation the articles state
  (``affiliated_with``, the most attested one);
* a state's government, military, police, judiciary, legislature and
  intelligence (the state sectors of ``ontology/agents.ttl``, CAMEO agent
  codes in :attr:`kg.model.Actor.sector`) roll up to the state;
* states, international organizations, rival or distinct governments, armed
  and political groups and media keep their identity, and so do a state's
  rebels and opposition (``REB``, ``OPP``, ...): they are parties of their own.

``actor`` keeps every actor apart; ``country`` puts every actor with a country
into its state (dyads as in country-coded event data such as GDELT or
POLECAT), so there the LNA and the GNA are both Libya.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.errors import ConfigError
from kg.kb_tables import held_at

__all__ = [
    "LEVELS",
    "STATE_SECTORS",
    "Office",
    "Principals",
    "check_level",
    "rollup",
    "state_sectors",
]

#: Values of ``level``, the default first.
LEVELS = ("principal", "actor", "country")

#: Old names of levels, still accepted.
LEVEL_ALIASES = {"state": "principal"}

#: CAMEO agent codes of the parts of a state that act for it (roll up to the state)
#: when the sector data (``ontology/agents.ttl``, :func:`kg.kb_sectors.state_sectors`)
#: cannot be read.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})


def state_sectors() -> frozenset[str]:
    """The sector codes that roll up to their state, from the sector data.

    Examples
    --------
    >>> "MIL" in state_sectors(), "REB" in state_sectors()
    (True, False)
    """
    try:
        from kg.kb_sectors import state_sectors as from_data
    except ImportError:  # pragma: no cover - the data ships with geokg
        return STATE_SECTORS
    return from_data() or STATE_SECTORS


# Actor classes that keep their identity at the principal level: a rival
# government or an armed group is a party of its own, not its country.
_KEEP_IDENTITY = frozenset(
    {"State", "InternationalOrganization", "ArmedGroup", "PoliticalGroup", "Government", "Media"}
)

# Which office wins when a person holds several at once: the force they
# command before the government they serve, before the state, before a party.
_OFFICE_RANK = {
    "ArmedGroup": 0,
    "Government": 1,
    "State": 2,
    "InternationalOrganization": 3,
    "PoliticalGroup": 4,
}


def check_level(level: str) -> str:
    """The canonical name of ``level`` (``"state"`` is the old name of ``"principal"``).

    Examples
    --------
    >>> check_level("state"), check_level("actor")
    ('principal', 'actor')
    >>> check_level("city")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.ConfigError: unknown level 'city'; expected one of principal, actor, country
    """
    level = LEVEL_ALIASES.get(level, level)
    if level not in LEVELS:
        raise ConfigError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    return level


def _period(date: str) -> tuple[str, str]:
    d = date.strip()[:10]
    if re.fullmatch(r"\d{4}", d):
        return f"{d}-01-01", f"{d}-12-31"
    if re.fullmatch(r"\d{4}-\d{2}", d):
        return f"{d}-01", f"{d}-31"
    return d, d


@dataclass(frozen=True)
class Office:
    """A dated role of a person in the knowledge base: ``role`` of actor ``of``.

    ``start`` and ``end`` are ISO dates, months or years; None is open.

    Examples
    --------
    >>> o = Office("TUR", "foreign minister", "2015-11-24", "2023-06-04")
    >>> o.active("2019-12-14"), o.active("2024"), o.active(None)
    (True, False, False)
    """

    of: str
    role: str = "member"
    start: str | None = None
    end: str | None = None

    def active(self, date: str | None) -> bool:
        """True when held at ``date``; for an undated event, when still held."""
        return held_at(self.start, self.end, date)


class Principals:
    """Map actor ids (at a date) to the node an event is counted for.

    Parameters
    ----------
    actors : mapping
        Actor id -> :class:`kg.analyze.ActorInfo` (type, country, sector,
        affiliations from the articles, offices from the knowledge base).
    level : {"principal", "actor", "country"}
        See the module documentation.

    Examples
    --------
    >>> from kg.analyze.records import ActorInfo
    >>> actors = {
    ...     "haftar": ActorInfo("haftar", "Khalifa Haftar", "Person", "LBY",
    ...                         offices=(Office("lna", "commander", "2014"),)),
    ...     "lna": ActorInfo("lna", "Libyan National Army", "ArmedGroup", "LBY"),
    ...     "ISR_MIL": ActorInfo("ISR_MIL", "Israeli military", "Group", "ISR", sector="MIL"),
    ...     "SYR_REB": ActorInfo("SYR_REB", "Syrian rebels", "Group", "SYR", sector="REB"),
    ... }
    >>> p = Principals(actors)
    >>> p("haftar", "2019-04-04"), p("haftar", "2010-01-01"), p("ISR_MIL"), p("SYR_REB")
    ('lna', 'haftar', 'ISR', 'SYR_REB')
    >>> Principals(actors, "country")("lna")
    'LBY'
    """

    def __init__(self, actors: Mapping[str, object], level: str = "principal") -> None:
        self.level = check_level(level)
        self.actors = actors
        self._cache: dict[tuple[str, str | None], str] = {}
        self._sectors = state_sectors()
        #: actor id -> node, for the actors that moved (the latest call wins).
        self.moved: dict[str, str] = {}

    def __call__(self, actor: str, date: str | None = None) -> str:
        if self.level == "actor":
            return actor
        key = (actor, date)
        node = self._cache.get(key)
        if node is None:
            node = self._cache[key] = self._resolve(actor, date)
        if node != actor:
            self.moved[actor] = node
        return node

    def over(self, actor: str, first: str | None, last: str | None) -> str | None:
        """The node ``actor`` counts for on every date from ``first`` to ``last``, or
        None when that changes in between (an office taken or left).

        Examples
        --------
        >>> from kg.analyze.records import ActorInfo
        >>> p = Principals({"x": ActorInfo("x", "X", "Person", offices=(
        ...     Office("A", start="2019-06-01", end="2020-12-31"),))})
        >>> p.over("x", "2019-07-01", "2020-05-01"), p.over("x", "2018-01-01", "2020-05-01")
        ('A', None)
        """
        node = self(actor, last)
        if self.level == "actor" or first is None or last is None or first == last:
            return node
        if self(actor, first) != node:
            return None
        lo, hi = _period(first)[0], _period(last)[1]
        seen, current = {actor}, actor
        while True:  # office boundaries along the chain, strictly inside the span
            info = self.actors.get(current)
            for o in getattr(info, "offices", ()) if info is not None else ():
                for edge in (o.start, o.end):
                    if edge is not None and lo < _period(edge)[0] and _period(edge)[0] <= hi:
                        return None
            nxt = self._step(current, last)
            if nxt is None or nxt in seen:
                return node
            seen.add(nxt)
            current = nxt

    def _resolve(self, actor: str, date: str | None) -> str:
        node, seen = actor, {actor}
        while True:
            nxt = self._step(node, date)
            if nxt is None or nxt in seen:  # a cycle in the data: stop where we are
                return node
            seen.add(nxt)
            node = nxt

    def _step(self, node: str, date: str | None) -> str | None:
        info = self.actors.get(node)
        if info is None:
            return None
        kind = getattr(info, "type", "Group")
        country = getattr(info, "country", None)
        if self.level == "country":
            if kind != "State" and country and country != node:
                return str(country)
            return None
        sector = getattr(info, "sector", None)
        if kind != "Government" and kind != "State" and country and sector in self._sectors:
            return str(country)
        if kind in _KEEP_IDENTITY:
            return None
        office = self._office(info, date)
        if office is not None:
            return office
        affiliations = getattr(info, "affiliations", ())
        return self._pick_affiliation(affiliations) if affiliations else None

    def _office(self, info: object, date: str | None) -> str | None:
        held = [o for o in getattr(info, "offices", ()) if o.active(date)]
        if not held:
            return None

        # the most specific office first (see _OFFICE_RANK); among equals, the latest taken
        held.sort(key=lambda o: o.start or "", reverse=True)

        def rank(o: Office) -> int:
            other = self.actors.get(o.of)
            return _OFFICE_RANK.get(getattr(other, "type", "Group"), 5)

        return min(held, key=rank).of

    def _pick_affiliation(self, affiliations: tuple[tuple[str, str | None], ...]) -> str:
        # affiliations are ordered most attested first; among the leading two
        # prefer a non-state organization (the more specific).
        first = affiliations[0][0]
        info = self.actors.get(first)
        if info is not None and getattr(info, "type", None) == "State":
            for org, _role in affiliations[1:2]:
                other = self.actors.get(org)
                if other is not None and getattr(other, "type", None) != "State":
                    return org
        return first


def rollup(actors: Mapping[str, object], level: str = "principal") -> dict[str, str]:
    """Where each actor goes for an undated event (see :class:`Principals`).

    Returns
    -------
    dict
        Actor id -> node id, for the actors that move.

    Examples
    --------
    >>> from kg.analyze.records import ActorInfo
    >>> actors = {
    ...     "khalifa_haftar": ActorInfo("khalifa_haftar", "Khalifa Haftar", "Person", "LBY",
    ...                                 (("lna", "commander"),)),
    ...     "lna": ActorInfo("lna", "Libyan National Army", "ArmedGroup", "LBY"),
    ...     "cavusoglu": ActorInfo("cavusoglu", "Mevlut Cavusoglu", "Person", "TUR",
    ...                            (("TUR", "foreign minister"),)),
    ... }
    >>> rollup(actors)
    {'cavusoglu': 'TUR', 'khalifa_haftar': 'lna'}
    """
    p = Principals(actors, level)
    out = {}
    for aid in sorted(actors):
        node = p(aid)
        if node != aid:
            out[aid] = node
    return out
