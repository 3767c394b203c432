"""Sectors of a country: "Israeli army" is the actor ``ISR_MIL``, "Syrian rebels" ``SYR_REB``.

Event data codes an actor as a country plus a sector (CAMEO agent codes: GOV,
MIL, COP, REB, OPP, CVL, MED, ...). The sectors and the agent nouns that name
them ("army", "troops", "servicemen" → MIL; "rebels", "guerrillas" → REB) are
data, ``ontology/agents.ttl``, compiled by :mod:`kg.kb_compile` from
PETRARCH2's Phoenix agents dictionary and ``ontology/actors_src/agents.toml``.

Examples
--------
>>> lex = load_agents()
>>> lex.match(["Afghan", "security", "forces"])
(1, 'COP')
>>> lex.match(["army", "bulldozers"]) is None
True
>>> lex.sectors["MIL"].state, lex.sectors["REB"].state
(True, False)
>>> a = sector_actor("ISR", "Israeli", lex.sectors["MIL"])
>>> a.id, a.label, a.type, a.country, a.sector
('ISR_MIL', 'Israeli military', 'ArmedGroup', 'ISR', 'MIL')
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import ACTOR_TYPES, Actor

__all__ = ["AgentLexicon", "Sector", "adjective", "load_agents", "sector_actor", "state_sectors"]

_GEO = "https://w3id.org/geokg/ontology#"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Sector:
    """A CAMEO sector: ``code`` ("MIL"), ``label`` ("military"), the actor class of
    a country's sector actor, and whether it is an organ of the state (rolls up)."""

    code: str
    label: str
    type: str = "Group"
    state: bool = False


@dataclass
class AgentLexicon:
    """Agent nouns (lower-case phrases, singular and plural) → sector code."""

    sectors: dict[str, Sector] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)
    max_words: int = 1

    @functools.cached_property
    def last_words(self) -> frozenset[str]:
        """The last words of the agent phrases: a word outside it ends none."""
        return frozenset(term.rsplit(" ", 1)[-1] for term in self.terms)

    def match(self, words: Sequence[str]) -> tuple[int, str] | None:
        """The longest agent phrase that ends ``words``: ``(index where it starts, code)``.

        ``None`` when the last word(s) are no agent noun.
        """
        if not words or words[-1].casefold() not in self.last_words:
            return None
        low = [w.casefold() for w in words]
        for n in range(min(self.max_words, len(low)), 0, -1):
            code = self.terms.get(" ".join(low[-n:]))
            if code is not None:
                return len(low) - n, code
        return None

    def sector(self, words: Sequence[str]) -> Sector | None:
        """The sector named by the agent phrase ``words`` exactly, or ``None``."""
        code = self.terms.get(" ".join(w.casefold() for w in words))
        return self.sectors.get(code) if code else None


def sector_actor(country: str, adjective: str, sector: Sector) -> Actor:
    """The actor for sector ``sector`` of the state ``country`` ("Israeli" + "military")."""
    return Actor(
        id=f"{country}_{sector.code}",
        label=f"{adjective} {sector.label}",
        type=sector.type,
        country=country,
        sector=sector.code,
    )


def adjective(demonyms: Sequence[str], label: str) -> str:
    """The adjective of a state for its sectors' labels ("Congolese", not "Zaire").

    Examples
    --------
    >>> adjective(["Zaire", "Congolese"], "DR Congo")
    'Congolese'
    >>> adjective([], "Benin")
    'Benin'
    """
    for d in demonyms:
        if re.search(r"(an|ese|i|ish|ic|ch|ss|ine|ot|ard|ak|ek|ek|ian)$", d):
            return d
    return demonyms[0] if demonyms else label


def _default_ttl() -> Path:
    return Path(str(importlib.resources.files("kg.ontology").joinpath("agents.ttl")))


def read_agents(path: Path) -> AgentLexicon:
    """Parse an agents Turtle file (``geo:Sector`` nodes with ``geo:agentNoun`` terms).

    Raises
    ------
    InputError
        When the file is missing or is not valid Turtle.
    """
    from kg.rdf import read_turtle

    props: dict[str, dict[str, list[str]]] = {}
    for subject, predicate, value, _kind in read_turtle(path, what="agent file"):
        props.setdefault(subject, {}).setdefault(predicate, []).append(value)
    lex = AgentLexicon()
    for node, p in props.items():
        if _GEO + "Sector" not in p.get(_TYPE, []):
            continue
        code = (p.get(_GEO + "code") or [node.rsplit("/", 1)[-1]])[0]
        cls = (p.get(_GEO + "actorClass") or [_GEO + "Group"])[0]
        typ = cls[len(_GEO) :] if cls.startswith(_GEO) else "Group"
        lex.sectors[code] = Sector(
            code,
            (p.get(_LABEL) or [code.lower()])[0],
            typ if typ in ACTOR_TYPES else "Group",
            (p.get(_GEO + "rollsUpToState") or ["false"])[0] == "true",
        )
        for term in p.get(_GEO + "agentNoun", []):
            lex.terms[" ".join(term.casefold().split())] = code
    lex.max_words = max((len(t.split()) for t in lex.terms), default=1)
    return lex


@functools.lru_cache(maxsize=1)
def load_agents() -> AgentLexicon:
    """The bundled agent lexicon (``ontology/agents.ttl``), loaded once per process."""
    return read_agents(_default_ttl())


def state_sectors() -> frozenset[str]:
    """Codes of the sectors that are organs of the state (they roll up to the state).

    Examples
    --------
    >>> sorted(state_sectors())
    ['COP', 'GOV', 'JUD', 'LEG', 'MIL', 'SPY']
    """
    return frozenset(c for c, s in load_agents().sectors.items() if s.state)
