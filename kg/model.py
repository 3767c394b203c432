"""Plain frozen dataclasses passed between the stages of geokg.

ingest → :class:`Article`; nlp/extract → :class:`Relation` between two
:class:`Actor` objects, with :class:`Evidence`; rdf/store turn them into triples.
These classes import nothing heavy so every stage (and every test) can use them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ACTOR_TYPES",
    "MODALITIES",
    "Actor",
    "Article",
    "Evidence",
    "Place",
    "Relation",
    "plural",
]

#: Actor classes of the ontology (``geo:<Type>``); every :class:`Actor` has one.
ACTOR_TYPES = (
    "State",
    "Government",
    "InternationalOrganization",
    "ArmedGroup",
    "PoliticalGroup",
    "Organization",
    "Person",
    "Media",
    "Group",
)

#: Values of :attr:`Relation.modality`.
MODALITIES = ("asserted", "possible", "conditional", "intended")


@dataclass(frozen=True)
class Article:
    """One news article.

    Parameters
    ----------
    id : str
        Stable identifier: the id given by the source, or a hash of the
        normalized text (see :func:`kg.ingest.article_id`).
    text : str
        The body text (header, headline, byline and dateline lines included
        when the source had them; the NLP stage skips them).
    title, date, source, url : str or None
        Metadata; ``date`` is ISO 8601 (``YYYY-MM-DD``).
    origin : str or None
        Where the article was read from (file path and line), for messages.
    location : str or None
        Where the article came from, for provenance (``dcterms:source``): its URL,
        or the path of its file relative to the input root; None for stdin.

    Examples
    --------
    >>> a = Article(id="a1", text="Egypt backs Haftar.", date="2019-12-14")
    >>> a.date
    '2019-12-14'
    >>> len(a.digest)
    64
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None
    location: str | None = None

    @property
    def digest(self) -> str:
        """SHA-256 of what extraction reads (text, title, date): an unchanged
        source has the same digest, so a rebuild can skip it."""
        h = hashlib.sha256()
        for part in (self.text, self.title or "", self.date or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class Actor:
    """An actor of the knowledge base, or one minted for an unknown name.

    Parameters
    ----------
    id : str
        Local identifier, unique in the knowledge base: the ISO 3166-1
        alpha-3 code for states (``"EGY"``), a lower-case slug otherwise
        (``"khalifa_haftar"``, ``"nato"``). Minted actors start with ``"x_"``.
    label : str
        Canonical name (``"United Arab Emirates"``, not ``"the UAE"``).
    type : str
        One of :data:`ACTOR_TYPES`.
    country : str or None
        ISO 3166-1 alpha-3 code of the state the actor belongs to.
    qid : str or None
        Wikidata QID (``"Q79"``) when known.
    sector : str or None
        CAMEO agent code of a group of a country (``"MIL"`` for "Israeli
        army", ``"REB"`` for "Syrian rebels"; see ``cameo_actor_types.csv``).
        A state's government and security sectors roll up to the state; its
        rebels and opposition do not.

    Examples
    --------
    >>> Actor(id="EGY", label="Egypt", type="State", country="EGY", qid="Q79").to_dict()
    {'id': 'EGY', 'label': 'Egypt', 'type': 'State', 'country': 'EGY'}
    >>> Actor(id="ISR_MIL", label="Israeli military", type="Group", country="ISR",
    ...       sector="MIL").to_dict()["sector"]
    'MIL'
    """

    id: str
    label: str
    type: str = "Group"
    country: str | None = None
    qid: str | None = field(default=None, compare=False)
    sector: str | None = None

    @property
    def minted(self) -> bool:
        """True for actors created from an unknown name (not in the knowledge base)."""
        return self.id.startswith("x_")

    def to_dict(self) -> dict[str, Any]:
        """The actor as in the extraction contract (``id``, ``label``, ``type``, ``country``,
        and ``sector`` when known)."""
        out: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "country": self.country,
        }
        if self.sector is not None:
            out["sector"] = self.sector
        return out


@dataclass(frozen=True)
class Place:
    """A location named in the sentence of an event (never an actor).

    Parameters
    ----------
    label : str
        The place's name as known to the knowledge base, else as written.
    country : str or None
        ISO 3166-1 alpha-3 code of the country the place is in, when known.
    geonames : int or None
        GeoNames id when known.

    Examples
    --------
    >>> Place("Kharkiv", "UKR", 706483).to_dict()
    {'label': 'Kharkiv', 'country': 'UKR', 'geonames': 706483}
    """

    label: str
    country: str | None = None
    geonames: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The place as in the extraction contract (``label``, ``country``, ``geonames``)."""
        return {"label": self.label, "country": self.country, "geonames": self.geonames}


@dataclass(frozen=True)
class Evidence:
    """Where a relation was read: the sentence, its character span in the article text,
    and the actor who made the claim when it is reported speech."""

    sentence: str
    span: tuple[int, int]
    speaker: Actor | None = None


@dataclass(frozen=True)
class Relation:
    """One actor–relation–actor fact read from an article.

    ``relation`` is a name from the relation vocabulary (``"supports"``,
    ``"affiliated_with"``, ...); ``role`` is set for ``affiliated_with``.

    Examples
    --------
    >>> egy = Actor("EGY", "Egypt", "State", "EGY")
    >>> haf = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
    >>> ev = Evidence("Egypt backs Haftar.", (0, 19))
    >>> r = Relation("seed", "supports", egy, haf, evidence=ev)
    >>> r.to_dict()["source"]["label"], r.to_dict()["span"]
    ('Egypt', [0, 19])
    """

    article: str
    relation: str
    source: Actor
    target: Actor
    negated: bool = False
    modality: str = "asserted"
    date: str | None = None
    evidence: Evidence | None = None
    confidence: float = 0.5
    cameo: str | None = None
    plover: str | None = None
    role: str | None = None
    place: Place | None = None
    #: provenance, not part of the output contract (``kg extract --explain``):
    #: the extractor's rules that read it (``kg.nlp.rules``, joined by "+") and
    #: the lexicon entry it read
    rule: str = field(default="", compare=False, repr=False)
    entry: str = field(default="", compare=False, repr=False)

    @property
    def asserted(self) -> bool:
        """True when the relation is stated as a fact: not negated, modality ``asserted``."""
        return not self.negated and self.modality == "asserted"

    def key(self) -> tuple[str, str, str, bool]:
        """Identity used to deduplicate relations within one article.

        Symmetric relations are keyed with their actors in sorted order by the
        extractor before calling this (see :mod:`kg.extract`).
        """
        return (self.relation, self.source.id, self.target.id, self.negated)

    def to_dict(self) -> dict[str, Any]:
        """The relation as one JSON object of the extraction contract (see DESIGN.md)."""
        out: dict[str, Any] = {
            "article": self.article,
            "relation": self.relation,
            "negated": self.negated,
            "modality": self.modality,
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "date": self.date,
            "sentence": self.evidence.sentence if self.evidence else None,
            "span": list(self.evidence.span) if self.evidence else None,
            "confidence": round(self.confidence, 3),
        }
        if self.cameo is not None or self.plover is not None:
            out["cameo"] = self.cameo
            out["plover"] = self.plover
        if self.role is not None:
            out["role"] = self.role
        if self.place is not None:
            out["place"] = self.place.to_dict()
        if self.evidence and self.evidence.speaker is not None:
            out["speaker"] = self.evidence.speaker.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Relation:
        """Rebuild a relation from :meth:`to_dict` output (round trip)."""

        def actor(a: dict[str, Any]) -> Actor:
            return Actor(
                a["id"],
                a["label"],
                a.get("type") or "Group",
                a.get("country"),
                sector=a.get("sector"),
            )

        ev = None
        if d.get("sentence") is not None:
            span = d.get("span") or [0, 0]
            speaker = actor(d["speaker"]) if d.get("speaker") else None
            ev = Evidence(d["sentence"], (int(span[0]), int(span[1])), speaker)
        return cls(
            article=d["article"],
            relation=d["relation"],
            source=actor(d["source"]),
            target=actor(d["target"]),
            negated=bool(d.get("negated", False)),
            modality=d.get("modality", "asserted"),
            date=d.get("date"),
            evidence=ev,
            confidence=float(d.get("confidence", 0.5)),
            cameo=d.get("cameo"),
            plover=d.get("plover"),
            role=d.get("role"),
            place=Place(**d["place"]) if d.get("place") else None,
        )


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 article"``, ``"2 articles"``.

    Examples
    --------
    >>> plural(1, "article"), plural(0, "article"), plural(2, "was", "were")
    ('1 article', '0 articles', '2 were')
    """
    return f"{n} {word if n == 1 else (words or word + 's')}"
