"""Tables and string helpers of the actor knowledge base (:mod:`kg.kb`).

The vocabulary the resolver reads mentions with (title words, military
ranks, name particles, the score of each kind of match), the value types it
returns (:class:`Role`, :class:`Match`, :class:`ActorInfo`) and the
normalisation every surface form goes through.

Examples
--------
>>> normalize("  Erdoğan’s ") == normalize("erdogan's")
True
>>> _clean("the Iraqi army's")
'Iraqi army'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from kg.errors import ConfigError, InputError
from kg.model import ACTOR_TYPES, Actor

__all__ = ["ActorInfo", "Match", "Role", "mint_actor", "normalize"]

_GEO = "https://w3id.org/geokg/ontology#"
_ACT = "https://w3id.org/geokg/actor/"
_ORG = "http://www.w3.org/ns/org#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_SAME = "http://www.w3.org/2002/07/owl#sameAs"
_WD = "http://www.wikidata.org/entity/"

#: surface-form properties of actors.ttl -> the ``how`` of a match through it.
_SURFACE_PROPS = {
    _RDFS_LABEL: "name",
    _ALT: "alias",
    _GEO + "acronym": "acronym",
    _GEO + "capital": "capital",
    _GEO + "seat": "seat",
    _GEO + "demonym": "demonym",
    _GEO + "ambiguousLabel": "weak",
    _GEO + "place": "place",
    _GEO + "shortName": "surname",
}

#: base score of a match by how it was made (context cues and dates add to it).
_SCORE = {
    "name": 1.0,
    "alias": 0.95,
    "acronym": 0.95,
    "title": 0.92,
    "capital": 0.9,
    "seat": 0.9,
    "government": 0.9,
    "demonym": 0.85,
    "member": 0.85,
    "surname": 0.75,
    "weak": 0.5,
    "place": 0.35,
    "minted": 0.3,
}
_CUE_BONUS = 0.6

#: nouns that, after a demonym or state name, stand for the state ("Turkish officials").
# fmt: off
_GROUP_NOUNS = frozenset([
    "officials", "official", "forces", "force", "army", "troops", "soldiers", "military",
    "government", "authorities", "authority", "jets", "warplanes", "aircraft", "planes", "navy",
    "police", "diplomats", "diplomat", "ministry", "regime", "leadership", "delegation", "side",
    "counterpart", "counterparts", "embassy", "intelligence", "drones", "warships", "parliament",
    "lawmakers", "administration", "cabinet", "state", "people", "sources", "media",
    "negotiators", "prosecutors", "officers", "commanders", "artillery", "tanks", "presidency",
    "fighters", "militia", "coast guard", "air force", "foreign ministry", "defence ministry",
    "defense ministry", "interior ministry", "security forces", "armed forces", "border guards",
    "special forces", "state media", "military officials", "government officials",
    "senior officials", "state television", "news agency", "state news agency", "foreign office",
    "fighter jets",
])
# fmt: on

#: title words and phrases -> canonical role (the ``role`` of :class:`Role`).
_TITLES: dict[str, str] = {
    "president": "president",
    "president-elect": "president-elect",
    "vice president": "vice president",
    "vice-president": "vice president",
    "prime minister": "prime minister",
    "premier": "prime minister",
    "pm": "prime minister",
    "chancellor": "chancellor",
    "foreign minister": "foreign minister",
    "foreign affairs minister": "foreign minister",
    "minister of foreign affairs": "foreign minister",
    "minister for foreign affairs": "foreign minister",
    "foreign secretary": "foreign minister",
    "secretary of state": "foreign minister",
    "external affairs minister": "foreign minister",
    "minister of external affairs": "foreign minister",
    "top diplomat": "foreign minister",
    "defence minister": "defence minister",
    "defense minister": "defence minister",
    "minister of defence": "defence minister",
    "minister of defense": "defence minister",
    "defence secretary": "defence minister",
    "defense secretary": "defence minister",
    "secretary of defense": "defence minister",
    "interior minister": "interior minister",
    "minister of interior": "interior minister",
    "finance minister": "finance minister",
    "minister": "minister",
    "king": "king",
    "queen": "queen",
    "emir": "emir",
    "amir": "emir",
    "sultan": "sultan",
    "crown prince": "crown prince",
    "supreme leader": "supreme leader",
    "secretary-general": "secretary-general",
    "secretary general": "secretary-general",
    "commander": "commander",
    "commander-in-chief": "commander",
    "military commander": "commander",
    "army chief": "army chief",
    "army commander": "army chief",
    "military chief": "army chief",
    "chief of staff": "chief of staff",
    "chief": "leader",
    "leader": "leader",
    "head": "leader",
    "chairman": "chairman",
    "chairwoman": "chairman",
    "chair": "chairman",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "envoy": "envoy",
    "special envoy": "envoy",
    "ambassador": "ambassador",
    "high representative": "high representative",
    "foreign policy chief": "high representative",
    "commission president": "president",
    "director-general": "director-general",
    "director general": "director-general",
    "high commissioner": "high commissioner",
    "managing director": "managing director",
}
#: military ranks: a title that names no office (the role comes from the knowledge base).
_RANKS = frozenset(
    [
        "general",
        "gen.",
        "field marshal",
        "marshal",
        "lt. gen.",
        "lieutenant general",
        "major general",
        "maj. gen.",
        "colonel",
        "col.",
        "admiral",
        "brigadier general",
    ]
)
_TITLE_MAX_WORDS = 4
_NAME_PARTICLES = frozenset(
    [
        "al",
        "al-",
        "el",
        "bin",
        "ibn",
        "bint",
        "abu",
        "de",
        "da",
        "di",
        "van",
        "von",
        "der",
        "la",
        "le",
        "du",
        "dos",
    ]
)


@dataclass(frozen=True)
class Role:
    """A person's office: ``person`` holds ``role`` of actor ``of`` from ``start`` to ``end``.

    Dates are ISO strings (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); ``None`` means
    open (unknown start, or still in office).
    """

    person: str
    role: str
    of: str
    start: str | None = None
    end: str | None = None

    def active(self, date: str | None) -> bool:
        """True when the role was held at ``date`` (any overlap for a year or month)."""
        return held_at(self.start, self.end, date)


@dataclass(frozen=True)
class Match:
    """One reading of a mention: the actor, how it matched, and a human-readable reason.

    ``how`` is one of ``name``, ``alias``, ``acronym``, ``capital``, ``seat``,
    ``demonym``, ``government``, ``member``, ``title``, ``surname``, ``weak``,
    ``place``, ``minted``. ``affiliation`` is set when the mention itself names
    the person's office ("Turkish Foreign Minister Mevlut Cavusoglu").
    """

    actor: Actor
    how: str
    why: str
    affiliation: Role | None = None
    score: float = field(default=0.0, compare=False)


@dataclass
class ActorInfo:
    """Everything the knowledge base knows about one actor (for display and export)."""

    actor: Actor
    names: dict[str, list[str]] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)


def _fold(text: str) -> str:
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("đ", "d")


_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‐": "-"})


def normalize(text: str) -> str:
    """Key under which surface forms are indexed: folded diacritics, case, quotes, spaces.

    Examples
    --------
    >>> normalize("  Erdoğan’s ") == normalize("erdogan's")
    True
    """
    return " ".join(_fold(text.translate(_QUOTES)).casefold().split())


def held_at(start: str | None, end: str | None, date: str | None) -> bool:
    """True when a role held from ``start`` to ``end`` (ISO dates, months or years;
    None is open) overlaps ``date``; for no date, when it is still held.

    Examples
    --------
    >>> held_at("2014", "2021-03-15", "2019-12"), held_at("2014", "2021", None)
    (True, False)
    """
    if date is None:
        return end is None
    lo, hi = _period(date)
    if start is not None and _period(start)[0] > hi:
        return False
    return not (end is not None and _period(end)[1] < lo)


def _period(date: str) -> tuple[str, str]:
    """First and last day covered by an ISO date, year or month (as sortable strings)."""
    d = date.strip()[:10]
    if re.fullmatch(r"\d{4}", d):
        return f"{d}-01-01", f"{d}-12-31"
    if re.fullmatch(r"\d{4}-\d{2}", d):
        return f"{d}-01", f"{d}-31"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
        return d, d
    raise ConfigError(f"bad date {date!r}: expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-12-14)")


def _case_sensitive(surface: str, how: str) -> bool:
    """Acronyms and short forms must match with their case ("US" yes, "us" no)."""
    letters = sum(map(str.isalpha, surface))
    return how == "acronym" or letters <= 3 or (letters > 1 and surface.isupper())


def mint_actor(name: str, type: str = "Person", country: str | None = None) -> Actor:
    """A new actor for a name the knowledge base does not know.

    The id is ``"x_"`` + a slug of the name. A plain ASCII name ("Jane Doe")
    gives a readable slug (``x_jane_doe``); any other name gets a short hash of
    its exact spelling appended, so two different names never share an id.

    Examples
    --------
    >>> mint_actor("Jane Doe", "Person", "MLI")
    Actor(id='x_jane_doe', label='Jane Doe', type='Person', country='MLI', qid=None, sector=None)
    >>> mint_actor("Jane-Doe").id != mint_actor("Jane Doe").id
    True
    >>> mint_actor("Владимир").id.startswith("x_владимир_")
    True
    """
    if type not in ACTOR_TYPES:
        raise ConfigError(f"unknown actor type {type!r}; expected one of {', '.join(ACTOR_TYPES)}")
    label = " ".join(name.split())
    if not label:
        raise InputError("cannot mint an actor for an empty name; pass the mention's text")
    base = re.sub(r"\W+", "_", label.casefold()).strip("_")
    if not re.fullmatch(r"[A-Za-z0-9]+( [A-Za-z0-9]+)*", label) or not base:
        digest = hashlib.sha1(label.encode("utf-8")).hexdigest()[:8]
        base = f"{base}_{digest}" if base else digest
    return Actor(id=f"x_{base}", label=label, type=type, country=country)


@dataclass(frozen=True)
class _Entry:
    actor: str
    how: str
    surface: str
    sensitive: bool


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _clean(mention: str) -> str:
    text = " ".join(mention.translate(_QUOTES).split()).strip(' \t"“”,;:!?()[]')
    # keep the dot of "U.S." and "U.A.E." but drop a sentence's full stop
    if text.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z]\.$", text):
        text = text[:-1]
    text = re.sub(r"'s?$", "", text) if re.search(r"\w'(s)?$", text) else text
    text = _strip_the(text)
    return text.strip()


def _cue_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _cue_text(context: str) -> str:
    return _cue_key(normalize(context))


def _looks_like_name(text: str) -> bool:
    parts = text.split()
    if not parts or len(parts) > 6:
        return False
    for p in parts:
        low = p.lower()
        if low in _NAME_PARTICLES or re.match(r"^(al|el|bin)-", low):
            continue
        if not p[0].isupper():
            return False
    return True


def _surnames(label: str) -> list[str]:
    parts = label.split()
    if len(parts) < 2:
        return []
    last = parts[-1]
    if len(last) < 3 or re.fullmatch(r"[IVX]+|Jr\.?|Sr\.?", last) or last[0].islower():
        return []  # "Charles III", "Kim Jong Un": no usable surname
    out = [last]
    m = re.match(r"^(?:al|el|as|ash|ad|an|ar|at|az)-(.+)$", last, re.IGNORECASE)
    if m:
        out.append(m.group(1))
    return out


#: how a knowledge-base name form links to its actor, in words ({s}: the form, {w}: the actor).
_WHY = {
    "name": "'{s}' is the name of {w}",
    "alias": "'{s}' is an alias of {w}",
    "acronym": "'{s}' is an acronym of {w}",
    "capital": "'{s}' is the capital of {w}: it stands for its government",
    "seat": "'{s}' is a seat of government of {w}",
    "demonym": "'{s}' is the demonym of {w}",
    "surname": "'{s}' is the surname of {w}",
    "weak": "'{s}' may name {w} (shared name)",
    "place": "'{s}' is a city in {w} (not its seat of government)",
}


def _why(e: _Entry, actor: Actor) -> str:
    template = _WHY.get(e.how, "'{s}' names {w}")
    return template.format(s=e.surface, w=f"{actor.label} ({actor.id})")
