"""Article context for actor mentions: seats of power at the article's date, and places.

Run by ``geokg_actors`` after its own passes (:class:`ContextResolver`), it
revises the mentions with what the knowledge base knows about the article's
time and places (:mod:`kg.places`, ``ontology/seats.ttl``):

* a seat of power — a capital or seat ("Tripoli", "Sanaa", "Kabul"), or a
  state's government ("Libya's government", "the Libyan authorities",
  "Libya's UN-backed government") — stands for the body that governed or held
  it *at the article's date*: the GNA in Tripoli in 2019, the Houthis in Sanaa
  since 2014, the Taliban in Kabul after August 2021. Without facts the state
  stands for its own government, as before. An article without a date uses
  today's facts;
* a description of one of an article state's governing bodies ("the
  east-based army", "the UN-recognised government", "the junta") stands
  for the body whose dated descriptors it uses — only for states the article
  names, so the same words resolve differently in another story;
* places are not actors: a city, region, base or field is never minted as an
  organization. A known place ("Benghazi", "El Fasher", "Crimea") becomes a
  mention of the actor holding it at the date, else of its country, and is
  remembered in ``doc._.geokg_places`` so that the relation can keep it
  (:func:`place_for`).

Examples
--------
>>> from kg.kb import load_kb
>>> from kg.places import load_places
>>> ctx = ContextResolver(load_kb(), load_places())
>>> ctx.seat_holder("LBY", "Tripoli", "2019-12-14").label
'Government of National Accord'
>>> ctx.seat_holder("LBY", "Tripoli", "2022-06-01").label
'Government of National Unity'
>>> ctx.seat_holder("LBY", "Tripoli", "2012-06-01") is None
True
>>> ctx.seat_holder("AFG", "Kabul", "2021-09-01").label
'Taliban'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.model import Place
from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.mentions import Mention, mention_index, mentions_of, sentence_of
from kg.nlp.scan import indices

if TYPE_CHECKING:
    from kg.kb import ActorKB
    from kg.model import Actor
    from kg.nlp.relations import Found
    from kg.places import Governance, PlaceInfo, PlaceKB

__all__ = ["ContextResolver", "PlaceMention", "place_for", "places_of"]

#: CAMEO sectors of a state that are its governing body, and its forces.
_GOVERNMENT_SECTORS = frozenset({"GOV"})
_FORCE_SECTORS = frozenset({"MIL", "COP", "SPY"})
#: population above which a one-word PERSON entity that names a city is the city.
_CITY_AS_PERSON = 200_000
#: relations for which an attacked or seized place is itself the event's place.
_MATERIAL = frozenset(
    "attacks coerces mobilizes_against retreats_from protests_against threatens".split()
)


@dataclass(frozen=True)
class PlaceMention:
    """Tokens ``[start, end)`` naming ``place``; ``seat`` is true for a capital or
    seat standing for a government ("Tripoli made no request")."""

    start: int
    end: int
    place: Place
    seat: bool = False


def _register() -> None:
    if not Doc.has_extension("geokg_places"):
        Doc.set_extension("geokg_places", default=None)


def places_of(doc: Doc) -> list[PlaceMention]:
    """The places named in ``doc`` (empty before ``geokg_actors`` has run)."""
    if not Doc.has_extension("geokg_places"):
        return []
    return list(doc._.geokg_places or [])


class ContextResolver:
    """Revise a Doc's mentions with dated seats of power and places (module docstring)."""

    def __init__(self, kb: ActorKB, places: PlaceKB, lex: Lexicon | None = None) -> None:
        _register()
        self.kb = kb
        self.places = places
        self.lex = lex if lex is not None else load_lexicon()

    # ------------------------------------------------------------ facts
    # ``date=None`` is an undated article whose period its text did not tell
    # (kg.nlp.period): a fact counts only when no other fact contradicts it,
    # and a seat of power held by several bodies over time is the state's
    # government as such ("the Libyan government", LBY_GOV), never today's.
    def seat_holder(self, state: str, seat: str, date: str | None) -> Actor | None:
        """Who held ``state``'s seat called ``seat`` at ``date``: the actor of a
        control fact, else the governing body; ``None`` when the state itself."""
        place = self._place(seat, [state])
        if place is not None and place.country == state and self.places.controls(place.id):
            holder = self._controller(place.id, date)
            if holder is not None:
                return self._governor(holder, date)
            return self.kb.sector_actor(state, "GOV") if date is None else None
        gov = self._governing(state, date)
        if gov is None and date is None and len(self._bodies(state)) > 1:
            return self.kb.sector_actor(state, "GOV")
        return self._actor(gov.actor, state) if gov is not None else None

    def _bodies(self, state: str) -> set[str]:
        return {g.actor for g in self.places.all_governments(state)}

    def _governing(self, state: str, date: str | None, phrase: str = "") -> Governance | None:
        """:meth:`PlaceKB.governing` at ``date``; undated, the one body that fits
        the phrase's descriptors, else the one body it always had."""
        if date is not None:
            return self.places.governing(state, date, phrase)
        facts = self.places.all_governments(state)
        described = [g for g in facts if phrase and g.described_by(phrase)]
        if len({g.actor for g in described}) == 1:
            return described[-1]
        # a body whose facts begin at a date had a predecessor: not date-neutral
        if len({g.actor for g in facts}) == 1 and any(g.start is None for g in facts):
            return facts[-1]
        return None

    def _governments(self, state: str, date: str | None) -> list[Governance]:
        """The bodies governing ``state`` at ``date``; undated, every one it had."""
        if date is None:
            return self.places.all_governments(state)
        return self.places.governments(state, date)

    def _controller(self, place_id: str, date: str | None) -> str | None:
        """Who held the place at ``date``; undated, the one holder it always had."""
        if date is not None:
            return self.places.controller(place_id, date)
        facts = self.places.controls(place_id)
        holders = {c.actor for c in facts}
        if len(holders) == 1 and any(c.start is None for c in facts):
            return holders.pop()
        return None

    def _governor(self, actor_id: str, date: str | None) -> Actor | None:
        """An actor holding a place; a state holding it means its governing body."""
        actor = self.kb.get(actor_id)
        if actor is not None and actor.type == "State":
            gov = self._governing(actor.id, date)
            if gov is not None:
                return self.kb.get(gov.actor) or actor
        return actor

    def _actor(self, actor_id: str, state: str) -> Actor | None:
        if actor_id == state:
            return None
        return self.kb.get(actor_id)

    def _place(self, name: str, countries: Iterable[str]) -> PlaceInfo | None:
        found = self.places.lookup(name, countries=list(countries))
        return found[0] if found else None

    # ------------------------------------------------------------ the pass
    def __call__(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """The revised mentions; sets ``doc._.geokg_places``."""
        date = doc._.geokg_date or (
            doc._.geokg_period if Doc.has_extension("geokg_period") else None
        )
        countries = _article_countries(mentions)
        places: list[PlaceMention] = []
        out: list[Mention] = []
        for m in mentions:
            out.append(self._revise(doc, m, date, countries, places))
        out = self._government_phrases(doc, out, date)
        out = self._descriptions(doc, out, date, countries)
        out = self._places_in(doc, out, date, countries, places)
        doc._.geokg_places = sorted(places, key=lambda p: p.start)
        return sorted(out, key=lambda m: (m.start, m.end))

    def _revise(
        self,
        doc: Doc,
        m: Mention,
        date: str | None,
        countries: list[str],
        places: list[PlaceMention],
    ) -> Mention:
        actor = m.actor
        span = doc[m.start : m.end]
        if m.how in ("capital", "seat", "place"):
            country = actor.id if actor.type == "State" else actor.country
            place = self._place(span.text, [country] if country else countries)
            if place is not None:
                places.append(PlaceMention(m.start, m.end, place.to_place(), m.how != "place"))
            if m.how == "place" and place is not None and country is not None:
                holder = self._controller(place.id, date)
                new = self._governor(holder, date) if holder else None
                if new is not None and new.id != actor.id:
                    why = f"{span.text!r} was held by {new.label} at {date or 'present'}"
                    return replace(m, actor=new, how="place", why=why, actors=())
        if m.actors:
            return m
        if m.how == "alias" and actor.country:
            redated = self._redate(actor, span.text, date)
            if redated is not None:
                why = f"{span.text!r} describes {redated.label} at {date or 'present'} "
                why += f"({actor.label} did not govern {actor.country} then)"
                return replace(m, actor=redated, how="government", why=why)
        if actor.type == "State" and m.how in ("capital", "seat"):
            seat = self.seat_holder(actor.id, span.text, date)
            if seat is not None:
                why = f"{span.text!r}, seat of power of {actor.label}, was held by "
                why += f"{seat.label} at {date or 'present (no article date)'}"
                return replace(m, actor=seat, how="seat", why=why)
            return m
        # "the Libyan government" (a state's GOV sector), "Afghan forces" (MIL)
        head = span[-1]
        if actor.type == "State" and m.how in ("government", "demonym"):
            state, force = actor.id, head.lower_ in self.lex.force_nouns
            if not force and head.lower_ not in self.lex.government_nouns:
                return m
        elif actor.sector in _GOVERNMENT_SECTORS | _FORCE_SECTORS and actor.country:
            state, force = actor.country, actor.sector in _FORCE_SECTORS
        else:
            return m
        new = self.governing_body(state, span.text, force, date)
        if new is not None:
            why = f"{span.text!r}: {state} was governed by {new.label} at "
            why += f"{date or 'present (no article date)'}"
            return replace(m, actor=new, how="government", why=why)
        return m

    def _attacked(self, span: Span) -> bool:
        """The span is what an attack is aimed at ("shelled Kherson", "an attack on
        Khan Younis"): the object of a verb or noun the lexicon has for attacks."""
        root = span.root
        head = root.head
        if root.dep_ == "pobj" and head.pos_ == "ADP":
            head = head.head
        elif root.dep_ not in ("dobj", "nsubjpass"):
            return False
        triggers = self.lex.triggers.get((head.pos_, head.lemma_.lower()), ())
        return any(t.relation == "attacks" for t in triggers)

    def _redate(self, actor: Actor, phrase: str, date: str | None) -> Actor | None:
        """A descriptive alias of a governing body ("the Tripoli-based government")
        names whoever fits the description at the date, when that body did not govern."""
        state = str(actor.country)
        mine = [g for g in self.places.all_governments(state) if g.actor == actor.id]
        if date is None or not mine or any(g.active(date) for g in mine):
            return None
        gov = self.places.governing(state, date, phrase)
        if gov is None or not gov.described_by(phrase):
            return None
        return self._actor(gov.actor, state)

    def governing_body(
        self, state: str, phrase: str, force: bool, date: str | None
    ) -> Actor | None:
        """The body (or its force) a mention of the state's government (or forces)
        means at ``date``; ``None`` when the state stands for itself."""
        gov = self._governing(state, date, phrase)
        if gov is None:
            return None
        if force:
            # "Libyan forces" with two rival governments is either camp: keep the state
            if not (gov.sole or gov.described_by(phrase)):
                return None
            return self._actor(gov.force or gov.actor, state)
        return self._actor(gov.actor, state)

    def _government_phrases(
        self, doc: Doc, mentions: list[Mention], date: str | None
    ) -> list[Mention]:
        """'Libya's UN-backed government', 'the Libyan transitional authorities':
        a state modifying a government noun the gazetteer did not cover."""
        index = mention_index(mentions)
        out = list(mentions)
        for m in mentions:
            if m.actor.type != "State" or m.actors or m.how not in ("name", "alias", "demonym"):
                continue
            root = doc[m.start : m.end].root
            head = root.head
            if (
                root.dep_ not in ("poss", "amod", "compound", "nmod")
                or head.i <= root.i
                or head.i in index
                or head.lower_ not in self.lex.government_nouns | self.lex.force_nouns
            ):
                continue
            inner = [i for i in range(m.end, head.i) if i in index and index[i] is not m]
            # "Libya's UN-backed government": the UN stays a mention of its own
            if any(i + 1 >= head.i or doc[i + 1].text != "-" for i in inner):
                continue
            phrase = doc[m.start : head.i + 1].text
            new = self.governing_body(m.actor.id, phrase, head.lower_ in self.lex.force_nouns, date)
            if new is None:
                continue
            why = f"{phrase!r}: {m.actor.label} was governed by {new.label} at "
            why += f"{date or 'present (no article date)'}"
            out.remove(m)
            # with a mention inside, the state's word alone stands for the body
            end = m.end if inner else head.i + 1
            out.append(Mention(m.start, end, new, "government", why))
            index = mention_index(out)
        return out

    def _descriptions(
        self, doc: Doc, mentions: list[Mention], date: str | None, countries: list[str]
    ) -> list[Mention]:
        """'the east-based army', 'the UN-recognised government', 'the junta':
        a governing body of a state the article names, picked by its descriptors."""
        states = [c for c in countries if self._governments(c, date)]
        if not states:
            return mentions
        index = mention_index(mentions)
        out = list(mentions)
        heads = self.lex.government_nouns | self.lex.force_nouns
        for i in indices(doc, heads):
            tok = doc[i]
            low = tok.lower_
            if tok.i in index or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "npadvmod")]
            det = [c for c in tok.lefts if c.dep_ == "det" and c.lower_ == "the"]
            if not det and low != "junta":
                continue
            start = min([tok.i, *(c.left_edge.i for c in mods)])
            if any(i in index for i in range(start, tok.i)):
                continue
            phrase = doc[start : tok.i + 1].text
            best: tuple[int, Governance] | None = None
            for state in states:
                for gov in self._governments(state, date):
                    score = gov.described_by(phrase)
                    if score and (best is None or score > best[0]):
                        best = (score, gov)
            if best is None:
                continue
            gov = best[1]
            target = gov.force if low in self.lex.force_nouns and gov.force else gov.actor
            if low in self.lex.force_nouns and not gov.force and gov.actor != gov.state:
                continue
            actor = self.kb.get(target)
            if actor is None:
                continue
            begin = det[0].i if det else start
            why = f"{doc[begin : tok.i + 1].text!r} describes {actor.label} at "
            why += f"{date or 'present (no article date)'} (a governing body of {gov.state})"
            out.append(Mention(start, tok.i + 1, actor, "description", why))
            index = mention_index(out)
        return out

    def _places_in(
        self,
        doc: Doc,
        mentions: list[Mention],
        date: str | None,
        countries: list[str],
        places: list[PlaceMention],
    ) -> list[Mention]:
        """Unknown place names become places (never organizations) and mentions of
        the actor that held them, else of their country."""
        out = list(mentions)
        # a surname alone ("Khan" of "Khan Younis") gives way to a place named in full
        weak = ("minted", "surname")
        known = mention_index(m for m in mentions if m.how not in weak)
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
                continue
            span = _trim(ent)
            if not len(span) or any(i in known for i in range(span.start, span.end)):
                continue
            minted = [m for m in out if m.how in weak and m.start < span.end and span.start < m.end]
            place = self._place(span.text, countries)
            if any(m.how == "surname" for m in minted) and (place is None or len(span) < 2):
                continue
            if ent.label_ == "PERSON" and not (
                _person_tagged_city(span, place) or (place is not None and self._attacked(span))
            ):
                continue
            if place is None:
                if ent.label_ in ("FAC", "LOC") or span[-1].lower_ in self.lex.place_heads:
                    # "Al-Watiya Air Base": a place we cannot locate, not an organization
                    for m in minted:
                        out.remove(m)
                    places.append(PlaceMention(span.start, span.end, Place(span.text)))
                continue
            for m in minted:
                out.remove(m)
            places.append(PlaceMention(span.start, span.end, place.to_place()))
            holder = self._controller(place.id, date)
            actor = self._governor(holder, date) if holder else None
            country = self.kb.get(place.country) if place.country else None
            if actor is not None:
                why = f"{span.text!r} (a place in {place.country}) was held by {actor.label} at "
                why += f"{date or 'present (no article date)'}"
                # "M23 seized Goma": the holder cannot attack itself; then the country
                back = (country,) if country is not None and country.id != actor.id else ()
                out.append(Mention(span.start, span.end, actor, "place", why, fallback=back))
            elif country is not None:
                why = f"{span.text!r} is a place in {country.label}"
                out.append(Mention(span.start, span.end, country, "place", why))
        out = self._place_modifiers(doc, out, date, countries, places)
        return self._facilities(doc, out, places)

    def _place_modifiers(
        self,
        doc: Doc,
        mentions: list[Mention],
        date: str | None,
        countries: list[str],
        places: list[PlaceMention],
    ) -> list[Mention]:
        """'the Aghdam, Kalbajar and Lachin districts', 'the Idlib province': names
        before a place noun are places, whatever the NER made of them."""
        out = list(mentions)
        taken = {i for p in places for i in range(p.start, p.end)}
        known = mention_index(m for m in out if m.how != "minted")
        minted = mention_index(m for m in out if m.how == "minted")
        for i in indices(doc, self.lex.place_heads, lemma=True):
            tok = doc[i]
            if (
                tok.lemma_.lower() not in self.lex.place_heads
                and tok.lower_ not in self.lex.place_heads
            ):
                continue
            for name in _names_before(tok):
                if name.i in known or name.i in taken:
                    continue
                old = minted.get(name.i)
                start, end = (old.start, old.end) if old else (name.left_edge.i, name.i + 1)
                if any(i in known or i in taken for i in range(start, end)):
                    continue
                span = doc[start:end]
                if old is not None:
                    out.remove(old)
                place = self._place(span.text, countries)
                taken.update(range(start, end))
                if place is None:
                    places.append(PlaceMention(start, end, Place(span.text)))
                    continue
                places.append(PlaceMention(start, end, place.to_place()))
                holder = self._controller(place.id, date)
                actor = self._governor(holder, date) if holder else None
                actor = actor or (self.kb.get(place.country) if place.country else None)
                if actor is not None:
                    out.append(Mention(start, end, actor, "place", f"{span.text!r} is a place"))
        return out

    def _facilities(
        self, doc: Doc, mentions: list[Mention], places: list[PlaceMention]
    ) -> list[Mention]:
        """'the Qasr Amber Air Base', 'Sharara Oil Field': a capitalized place word
        after proper names makes a place, whatever the NER made of the names."""
        out = list(mentions)
        taken = {i for p in places for i in range(p.start, p.end)}
        known = mention_index(m for m in out if m.how != "minted")
        for i in indices(doc, self.lex.place_heads):
            tok = doc[i]
            if not tok.is_title or tok.i in taken:
                continue
            start = tok.i
            while (
                start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ in ("PROPN", "NOUN")
            ):
                if doc[start - 1].is_sent_start or doc[start - 1].i in known:
                    break
                start -= 1
            if start == tok.i:
                continue
            for m in [m for m in out if m.how == "minted" and start <= m.start < tok.i + 1]:
                out.remove(m)
            places.append(PlaceMention(start, tok.i + 1, Place(doc[start : tok.i + 1].text)))
            taken.update(range(start, tok.i + 1))
        return out


def _article_countries(mentions: list[Mention]) -> list[str]:
    """States the article names, most mentioned first (for places and descriptions)."""
    counts: dict[str, int] = {}
    for m in mentions:
        for a in m.all_actors:
            state = a.id if a.type == "State" else a.country
            if state:
                counts[state] = counts.get(state, 0) + 1
    return sorted(counts, key=lambda s: -counts[s])


def _names_before(tok: Token) -> list[Token]:
    """The proper names right before a place noun, as a list ("Aghdam, Kalbajar and
    Lachin districts"), read from the surface: the parser often gets such lists wrong."""
    out: list[Token] = []
    i = tok.i - 1
    while i >= tok.sent.start:
        t = tok.doc[i]
        if t.pos_ == "PROPN" and (t.is_title or t.is_upper):
            if not out or out[-1].i != i + 1:
                out.append(t)  # the last word of each name
        elif t.text not in (",", "and") or not out:
            break
        i -= 1
    return out


def _person_tagged_city(span: Span, place: PlaceInfo | None) -> bool:
    """The statistical NER tags some cities PERSON ("Russian forces shelled Kharkiv"):
    a one-word name of a large city, as the object of a verb or preposition."""
    return (
        place is not None
        and place.population >= _CITY_AS_PERSON
        and len(span) == 1
        and span.root.dep_ in ("dobj", "pobj", "nsubjpass")
    )


def _trim(span: Span) -> Span:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end]


def _locates(place: Token, trigger: Token, locatives: frozenset[str]) -> bool:
    """'signed a deal in Jeddah', 'clashes near Sirte': a locative phrase on the
    trigger, its verb, or the trigger's object — not on some other clause's noun."""
    if place.dep_ != "pobj" or place.head.lower_ not in locatives:
        return False
    attached = place.head.head
    return attached == trigger or attached == trigger.head or attached.head == trigger


def place_for(doc: Doc, found: Found, lex: Lexicon | None = None) -> Place | None:
    """The place of a relation read from ``doc``: the place it targets (an attack on
    Tripoli), else a place its sentence locates it at ("in Kharkiv"), nearest to
    the trigger; ``None`` when the sentence names none.

    A seat of power standing for its government ("Tripoli made no request")
    is not a location.
    """
    named = places_of(doc)
    if not named or found.relation == "affiliated_with":
        return None
    sent = sentence_of(doc[found.trigger])
    here = [p for p in named if sent.start <= p.start < sent.end]
    if not here:
        return None
    mentions = mentions_of(doc)
    index = mention_index(mentions)
    # the target is named outright elsewhere in the sentence: the place is not the target
    named_target = any(
        m.actor.id == found.target.id and m.how != "place" and sent.start <= m.start < sent.end
        for m in mentions
    )
    locatives = (lex if lex is not None else load_lexicon()).target_locatives
    best: tuple[int, PlaceMention] | None = None
    for p in here:
        m = index.get(p.start)
        root = doc[p.start : p.end].root
        trigger = doc[found.trigger]
        # "an assault on Tripoli", "shelled Kharkiv": the place is the trigger's argument
        # ("began an assault on Tripoli": the trigger may be the light verb)
        noun = root.head.head if root.dep_ == "pobj" else None
        argument = (
            root.head == trigger
            or noun == trigger
            or (noun is not None and noun.dep_ in ("dobj", "attr") and noun.head == trigger)
        )
        targeted = (
            m is not None
            and (argument or not named_target)
            and found.target.id in {a.id for a in (*m.all_actors, *m.fallback)}
        )
        if targeted and found.relation in _MATERIAL:
            return p.place
        if p.seat and m is not None and m.actor.id in (found.source.id, found.target.id):
            continue
        if not targeted and not _locates(doc[p.start : p.end].root, doc[found.trigger], locatives):
            continue
        dist = abs(p.start - found.trigger)
        if best is None or dist < best[0]:
            best = (dist, p)
    return best[1].place if best else None
