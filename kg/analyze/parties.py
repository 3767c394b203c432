"""Only parties take sides: places, ships and news outlets are never bloc members.

News names places, vessels and news agencies in the positions of actors ("a
frontline town came under fire", "Reuters reported", "the tanker was
seized"); none of them is a party to a conflict. :class:`Parties` decides,
for each node of the projection, whether it is a party, and for a place,
which party stands behind it at the event's date (the actor holding it, from
``seats.ttl``: Tripoli's clashes in 2019 are the GNA's). A place nobody is
recorded to hold, a ship and a news outlet leave the graph; the event stays
in the store (where it happened is the event's ``place``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["Parties"]

#: Vessels ("USS Carney", "the tanker Stena Impero", "a cargo ship").
_SHIP = re.compile(
    r"\b(?:USS|HMS|INS|MV|MT|RFS|ship|ships|vessel|vessels|tanker|tankers|frigate|destroyer|"
    r"warship|warships|freighter|ferry|boat|boats|submarine|aircraft carrier)\b",
    re.IGNORECASE,
)

#: News outlets that are no :data:`Media`-typed actor ("Reuters", "the state news agency").
_OUTLET = re.compile(
    r"\b(?:news agency|press agency|Reuters|Associated Press|Agence France-Presse|AFP|TASS|"
    r"Xinhua|Anadolu|Interfax|IRNA|Bloomberg|newspaper|broadcaster)\b",
    re.IGNORECASE,
)

#: Actor classes that are parties whatever their name says (a state called
#: like its capital, an armed group named after a town).
_ALWAYS = frozenset(
    {"State", "InternationalOrganization", "Person", "ArmedGroup", "PoliticalGroup"}
)


class Parties:
    """Which nodes are parties, and who stands behind a place.

    Parameters
    ----------
    actors : mapping
        Actor id -> :class:`kg.analyze.ActorInfo`.
    places : kg.places.PlaceKB or None
        The gazetteer and control facts (default: the bundled ones); False
        leaves places alone.

    Examples
    --------
    >>> from kg.analyze.records import ActorInfo
    >>> actors = {"reuters": ActorInfo("reuters", "Reuters", "Organization"),
    ...           "tripoli": ActorInfo("tripoli", "Tripoli", "Group", "LBY"),
    ...           "bakhmut": ActorInfo("bakhmut", "Bakhmut", "Group", "UKR"),
    ...           "lna": ActorInfo("lna", "Libyan National Army", "ArmedGroup", "LBY")}
    >>> p = Parties(actors)
    >>> p("reuters"), p("tripoli", "2019-12-14"), p("bakhmut"), p("lna")
    (None, 'gna', None, 'lna')
    """

    def __init__(self, actors: Mapping[str, Any], places: Any = None) -> None:
        self.actors = actors
        self._places = places
        self._cache: dict[tuple[str, str | None], str | None] = {}

    def __call__(self, node: str, date: str | None = None) -> str | None:
        """``node`` itself when it is a party, the party holding it when it is a
        held place, else None (a place nobody holds, a ship, a news outlet)."""
        key = (node, date)
        if key not in self._cache:
            self._cache[key] = self._resolve(node, date)
        return self._cache[key]

    def _resolve(self, node: str, date: str | None) -> str | None:
        info = self.actors.get(node)
        if info is None:
            return node
        kind = getattr(info, "type", "Group")
        label = str(getattr(info, "label", node))
        if kind == "Media" or _OUTLET.search(label):
            return None
        if kind in _ALWAYS:
            return node
        if _SHIP.search(label):
            return None
        if self._places is False or getattr(info, "sector", None):
            return node
        if self._places is None:  # read only when an actor may be a place (seconds)
            from kg.places import load_places

            self._places = load_places()
        country = getattr(info, "country", None)
        found = self._places.lookup(label, countries=[country] if country else [])
        if not found or (country and found[0].country != country):
            return node
        holder = self._places.controller(found[0].id, date)
        if holder and holder != node:
            return str(holder)
        # "Kyiv said": a government named by its city speaks for the state
        return str(country) if kind == "Government" and country else None
