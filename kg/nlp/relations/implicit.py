"""Implicit targets and sources: the party a domestic event is aimed at, or
comes from, without the text naming it.

"Students demonstrated in Lagos", "the government lifted the curfew in
Addis Ababa": news leaves the target of a protest, and of a measure on the
public, unsaid, because everyone knows it. Event data codes it all the same
(CAMEO's implicit target: protesters protest against *their* government; a
curfew is imposed on, or lifted for, the people of the place). The lexicon
says which relations have one (``lex:ImplicitTarget``): the relation, the
sector of the target (``lex:targetSector``: ``GOV`` or ``CVL``) and who may
be the source (``lex:sourceKind``: ``people`` — civilians, opposition,
students, ... — or ``authority`` — a state, its government, police or
courts, or an office holder of one).

The target's country is the one place the sentence names (its places all
in one country), else the source's own. An authority's measure counts only
at home, and only a measure on the public (``lex:PublicMeasure``: a curfew,
martial law, a crackdown, "people" arrested): a foreign army's seizure of a
town, or a government's import restrictions, have targets of their own. Every
such event carries ``how="implicit target"`` and a lower confidence.

The same holds for the *source* of an attack by a weapon alone ("two soldiers
were killed by a roadside bomb near Maiduguri", "a car bomb killed four
police officers"): event data codes it as unidentified armed forces of the
place (``lex:ImplicitSource``: the relation and ``lex:sourceSector``, read
only when the agent or subject, or an "in ..." adjunct, is a
``lex:WeaponNoun``). Its country is the place's, else the target's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.model import Actor
from kg.nlp.context import places_of
from kg.nlp.relations.common import _Raw, _tag, phrase_forms

if TYPE_CHECKING:
    from kg.kb import ActorKB
    from kg.nlp.lexicon import Lexicon

__all__ = ["crowd_sources", "implicit_parties", "implicit_sources", "implicit_targets"]

#: confidence factor of a target the text leaves unsaid
_FACTOR = 0.75


def implicit_parties(raws: list[_Raw], sent: Span, lex: Lexicon, kb: ActorKB) -> None:
    """Give the raws of ``sent`` their implicit targets, then their implicit sources
    (see the module docstring); changes ``raws`` in place. The sentence's place is
    looked up once, and only when a raw needs it."""
    place = functools.cache(lambda: _sentence_country(sent))
    crowd_sources(raws, place, lex, kb)
    implicit_targets(raws, place, lex, kb)
    implicit_sources(raws, place, lex, kb)


def implicit_targets(
    raws: list[_Raw], place: Callable[[], str | None], lex: Lexicon, kb: ActorKB
) -> None:
    """Give each target-less raw of an implicit-target relation its implicit target;
    ``place()`` is the country of the sentence's places, if one."""
    rules = lex.implicit_targets
    if not rules or not lex.enabled("implicit target"):
        return
    for raw in raws:
        if raw.targets or not raw.sources or raw.suppressed or raw.relation not in rules:
            continue
        sector, kind = rules[raw.relation]
        targets: list[Actor] = []
        for src in raw.sources:
            home = src.country or (src.id if src.type == "State" else None)
            if home is None or not _kind_ok(src, kind, lex):
                continue
            country = place() or home
            if kind == "authority" and (country != home or not _measure(raw, lex)):
                continue  # a measure on the public, at home only
            target = kb.sector_actor(country, sector)
            if target is not None and target.id != src.id and target not in targets:
                targets.append(target)
        if targets:
            raw.targets = targets
            raw.confidence *= _FACTOR
            raw.how = "implicit target"
            _tag(raw, "implicit target")


def _measure(raw: _Raw, lex: Lexicon) -> bool:
    """Whether the act is a measure on the public: its trigger or object is a
    ``lex:PublicMeasure`` ("curfew", "martial law") or a people noun
    ("arrested forty people")."""
    words = lex.public_measures
    objs = [c for t in (raw.trigger, raw.head) for c in t.children if c.dep_ == "dobj"]
    return any(not words.isdisjoint(phrase_forms(t)) for t in (raw.trigger, *objs))


def _kind_ok(actor: Actor, kind: str, lex: Lexicon) -> bool:
    if kind == "people":
        return actor.sector is not None and actor.sector in lex.people_sectors
    if kind == "authority":
        if actor.type == "State":
            return True
        if actor.sector is not None:
            return actor.sector in lex.authority_sectors
        return actor.type == "Person" and actor.country is not None
    return False


def _sentence_country(sent: Span) -> str | None:
    countries = {
        p.place.country
        for p in places_of(sent.doc)
        if sent.start <= p.start < sent.end and p.place.country
    }
    return countries.pop() if len(countries) == 1 else None


def crowd_sources(
    raws: list[_Raw], place: Callable[[], str | None], lex: Lexicon, kb: ActorKB
) -> None:
    """Give each party-less event noun of a ``lex:ImplicitCrowd`` relation ("protests
    in Hong Kong") the people of the sentence's one country as its source."""
    rules = lex.implicit_crowds
    if not lex.enabled("implicit crowd"):
        return
    for raw in raws:
        if raw.how != "crowd" or raw.sources or raw.targets or raw.relation not in rules:
            continue
        country = _located_state(raw, lex)
        source = kb.sector_actor(country, rules[raw.relation]) if country else None
        if source is not None:
            raw.sources = [source]
            raw.confidence *= _FACTOR
            _tag(raw, "implicit crowd")


def _located_state(raw: _Raw, lex: Lexicon) -> str | None:
    """The one country an event noun is located in by a locative preposition on
    the noun, or on its verb when the noun is the subject ("protests across
    Colombia", "a rally in Nairobi"); "in protest at ..." has no place."""
    from kg.nlp.mentions import mention_index

    doc = raw.trigger.doc
    index = mention_index(doc._.geokg_mentions or [])
    where = {
        i: p.place.country for p in places_of(doc) if p.place.country for i in range(p.start, p.end)
    }
    holders = [raw.trigger]
    if raw.trigger.dep_ in ("nsubj", "nsubjpass"):
        holders.append(raw.trigger.head)
    found: set[str] = set()
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in lex.locatives:
                continue
            for c in prep.children:
                if c.dep_ != "pobj":
                    continue
                for pobj in (c, *c.conjuncts):
                    m = index.get(pobj.i)
                    if m is not None and m.actor.type == "State":
                        found.update(a.id for a in m.all_actors)
                    elif (country := where.get(pobj.i)) is not None:
                        found.add(country)
    return found.pop() if len(found) == 1 else None


def implicit_sources(
    raws: list[_Raw], place: Callable[[], str | None], lex: Lexicon, kb: ActorKB
) -> None:
    """Give each source-less raw of an implicit-source relation whose agent is a
    weapon ("killed by a roadside bomb") the unidentified armed forces of the
    place; changes ``raws`` in place (see the module docstring)."""
    rules = lex.implicit_sources
    if not rules or not lex.enabled("implicit source"):
        return
    for raw in raws:
        if raw.sources or not raw.targets or raw.suppressed or raw.relation not in rules:
            continue
        if not _by_weapon(raw, lex.weapon_nouns):
            continue
        homes = {t.country or (t.id if t.type == "State" else None) for t in raw.targets}
        country = place() or (homes.pop() if len(homes) == 1 else None)
        source = kb.sector_actor(country, rules[raw.relation]) if country else None
        if source is None or source in raw.targets:
            continue
        raw.sources = [source]
        raw.confidence *= _FACTOR
        raw.how = "implicit source"
        _tag(raw, "implicit source")


def _by_weapon(raw: _Raw, weapons: frozenset[str]) -> bool:
    """Whether the act's agent is a weapon: its subject, its by-agent, or an
    "in a ... blast" adjunct."""
    verb = raw.head
    cands = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("by", "in")):
            cands.extend(p for p in c.children if p.dep_ == "pobj")
    return any(not weapons.isdisjoint(phrase_forms(tok)) for tok in cands)
