"""Load-then-project: the step every view starts with (kg analyze, kg render, kg demo).

What is read, and why it scales: actor descriptions once (:func:`load_actors`);
then, when no filter needs single events, the store's pair counts
(:func:`load_pairs`, one row per source–relation–target, whatever the number
of articles), with single events read only for the few pairs whose principal
changes within their dates (an office taken or left) and, for a profile, for
the actor's own ties (:func:`events_of`). Date windows, confidence
thresholds, modal events and evidence sentences need the events themselves
(:func:`load_events`), one row each.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import networkx as nx

from kg.analyze.principals import Office, Principals, check_level
from kg.analyze.projection import project
from kg.analyze.records import (
    ActorInfo,
    EdgeRecord,
    joint_acts_once,
    load_actors,
    load_events,
    load_pairs,
    relation_info,
)
from kg.analyze.sources import load_sources
from kg.errors import AnalysisError

__all__ = ["Loaded", "events_of", "load_graph", "with_offices", "with_sectors"]


@dataclass(frozen=True)
class Loaded:
    """What :func:`load_graph` read and built.

    Attributes
    ----------
    graph : networkx.DiGraph
        The projection (see :mod:`kg.analyze`); graph attributes also hold
        ``articles`` (articles with a counted event, when events were read),
        ``sources`` (when events were read: article id -> ``location``, the
        file or URL it came from, and ``title``; see
        :func:`kg.analyze.load_sources`) and ``start``/``end`` (the time
        window, from the filters or the dates seen).
    records : list of EdgeRecord
        The events read (negated and modal ones included), or, when the pair
        counts were read instead, one record per pair (``count`` events).
    actors : dict
        Actor id -> :class:`ActorInfo`, with the knowledge base's dated roles.
    from_pairs : bool
        True when the counts come from the store's pair summaries.
    """

    graph: nx.DiGraph
    records: list[EdgeRecord]
    actors: dict[str, ActorInfo]
    from_pairs: bool = False


@contextlib.contextmanager
def _opened(store: Any) -> Iterator[Any]:
    if isinstance(store, str | Path):
        from kg.store import open_store

        with open_store(store, read_only=True) as opened:
            yield opened
    else:
        yield store


def load_graph(
    store: Any,
    *,
    level: str = "principal",
    start: str | None = None,
    end: str | None = None,
    relations: Iterable[str] | None = None,
    min_evidence: int = 1,
    min_confidence: float = 0.0,
    include_modal: bool = False,
    kb: Any = None,
    strict: bool = True,
    evidence: bool = True,
) -> Loaded:
    """Read a store's events and actors once and project them at ``level``.

    Parameters
    ----------
    store : str, Path or kg.store.Store
        A store location (opened read-only and closed again) or an open store.
    level : {"principal", "actor", "country"}
        See :func:`kg.analyze.project`.
    start, end, relations, min_confidence
        Filters of :func:`kg.analyze.load_records`.
    min_evidence, include_modal
        Options of :func:`kg.analyze.project`.
    kb : kg.kb.ActorKB or False, optional
        Knowledge base whose dated roles decide whom a person acts for
        (default: the bundled one); False uses the articles' affiliations only.
    strict : bool
        Raise :class:`~kg.errors.AnalysisError` when no event or no tie is
        left (True), or return the empty result (False).
    evidence : bool
        Keep evidence sentences on the edges (reads every event). With False
        and no date, confidence or modality filter, the counts come from the
        store's pair summaries (the cost is the number of pairs, not events)
        and edges carry no sentences (see :func:`events_of`).

    Examples
    --------
    >>> from kg.model import Actor, Article, Relation
    >>> from kg.store import open_store
    >>> egy, tur = Actor("EGY", "Egypt", "State", "EGY"), Actor("TUR", "Turkey", "State", "TUR")
    >>> with open_store(None) as store:
    ...     store.replace_article(Article("a1", "…", date="2020-01-05"),
    ...                           [Relation("a1", "opposes", egy, tur, date="2020-01-05")])
    ...     full, fast = load_graph(store), load_graph(store, evidence=False)
    >>> full.graph["EGY"]["TUR"]["sign"], fast.graph["EGY"]["TUR"]["count"], fast.from_pairs
    (-1, 1, True)
    """
    level = check_level(level)
    where = str(getattr(store, "location", None) or store)
    rels = list(relations) if relations is not None else None
    with _opened(store) as opened:
        pairs = None
        if not evidence and not (start or end or min_confidence or include_modal):
            pairs = load_pairs(opened, relations=rels, affiliations=True, merge=False)
        affiliations = None
        two_way: set[tuple[str, str, str]] = set()
        if pairs is not None:
            affiliations = [r for r in pairs if r.relation == "affiliated_with"]
            two_way = _two_way(pairs)
            pairs = joint_acts_once([r for r in pairs if r.relation != "affiliated_with"])
        actors = with_sectors(load_actors(opened, affiliations))
        if kb is None and level != "actor":
            from kg.kb import load_kb

            kb = load_kb()
        if kb:
            actors = with_offices(actors, kb)
        sources: dict[str, dict[str, str]] = {}
        if pairs is None:
            records = load_events(
                opened, start=start, end=end, relations=rels, min_confidence=min_confidence
            )
            # where the evidence came from ("from file X"), for the pictures and profiles
            sources = load_sources(opened, {r.article for r in records if r.sentence})
        else:
            records = _settle(opened, pairs, actors, level, rels, two_way)
    if strict and not records:
        raise AnalysisError(
            f"the store '{where}' holds no events matching the filters; build it first "
            f"(kg build examples/articles --store {where}) or widen --from/--to/--relations"
        )
    G = project(
        records, actors, level=level, min_evidence=min_evidence, include_modal=include_modal
    )
    if strict and G.number_of_edges() == 0:
        raise AnalysisError(
            f"no asserted tie between actors is left after the filters ({len(records)} events "
            f"read); lower --min-evidence (now {min_evidence}) or add --include-modal"
        )
    counted = [r for r in records if r.asserted or (include_modal and not r.negated)]
    if pairs is None:
        G.graph["articles"] = len({r.article for r in counted if r.article})
        G.graph["sources"] = sources
    dates = [d for r in counted for d in (r.first, r.date) if d]
    lo, hi = start or (min(dates) if dates else None), end or (max(dates) if dates else None)
    if lo or hi:
        G.graph["start"], G.graph["end"] = lo or "…", hi or "…"
    return Loaded(G, records, actors, from_pairs=pairs is not None)


def _two_way(pairs: list[EdgeRecord]) -> set[tuple[str, str, str]]:
    """The symmetric pairs stored in both directions, as ``(lower id, relation, higher id)``:
    their count is not the larger direction's unless every act is joint (see
    :func:`kg.analyze.records.joint_acts_once`), so their events are read."""
    symmetric = {name for name, rt in relation_info().items() if rt.symmetric}
    keys = {(r.source, r.relation, r.target) for r in pairs if r.relation in symmetric}
    return {(s, rel, t) for s, rel, t in keys if s < t and (t, rel, s) in keys}


def _settle(
    store: Any,
    pairs: list[EdgeRecord],
    actors: dict[str, ActorInfo],
    level: str,
    relations: list[str] | None,
    two_way: Collection[tuple[str, str, str]] = (),
) -> list[EdgeRecord]:
    """Pair records, with the events instead for pairs whose principal changes over
    time and for symmetric pairs stored both ways: the numbers are the events' own."""
    principal = Principals(actors, level)
    two_way = set(two_way)
    moving = {
        (r.source, r.relation, r.target)
        for r in pairs
        if principal.over(r.source, r.first, r.date) is None
        or principal.over(r.target, r.first, r.date) is None
    } | two_way
    if not moving:
        return pairs
    who = {a for key in moving for a in (key[0], key[2])}
    iris = [str(actors[a].iri) for a in who if a in actors and actors[a].iri]
    wanted = sorted({key[1] for key in moving})
    events = [
        e
        for e in load_events(store, relations=wanted, involving=iris)
        if (e.source, e.relation, e.target) in moving or (e.target, e.relation, e.source) in two_way
    ]
    return [r for r in pairs if (r.source, r.relation, r.target) not in moving] + events


def events_of(store: Any, loaded: Loaded, nodes: Collection[str]) -> list[EdgeRecord]:
    """The single events (with sentences) of the actors counted for ``nodes``.

    For evidence after a :func:`load_graph` that read pair counts: the cost is
    those actors' events, not the store's. Returns ``loaded.records`` when they
    are events already.
    """
    if not loaded.from_pairs:
        return loaded.records
    G = loaded.graph
    who = set(nodes) | {m for n in nodes if n in G for m in G.nodes[n].get("members", ())}
    iris = [loaded.actors[a].iri or "" for a in who if a in loaded.actors]
    with _opened(store) as opened:
        return load_events(opened, involving=[i for i in iris if i])


def with_sectors(actors: Mapping[str, ActorInfo]) -> dict[str, ActorInfo]:
    """Read the sector of a country's sector actor from its id when the store did not
    record it (``ISR_MIL`` is Israel's military: :func:`kg.kb_sectors.sector_actor`).

    Examples
    --------
    >>> with_sectors({"ISR_MIL": ActorInfo("ISR_MIL", "Israeli military", "ArmedGroup",
    ...                                    "ISR")})["ISR_MIL"].sector
    'MIL'
    """
    try:
        from kg.kb_sectors import load_agents

        codes = set(load_agents().sectors)
    except ImportError:  # pragma: no cover - the data ships with geokg
        return dict(actors)
    out = dict(actors)
    for aid, info in actors.items():
        if info.sector is None and info.country and aid.startswith(info.country + "_"):
            code = aid[len(info.country) + 1 :]
            if code in codes:
                out[aid] = replace(info, sector=code)
    return out


def with_offices(actors: Mapping[str, ActorInfo], kb: Any) -> dict[str, ActorInfo]:
    """Add the knowledge base's dated roles to the actors, and describe the actors they lead to.

    Parameters
    ----------
    actors : mapping
        Actor id -> :class:`ActorInfo`, as read by :func:`load_records`.
    kb : kg.kb.ActorKB
        Anything with ``roles(person_id)`` (objects with ``role``, ``of``,
        ``start``, ``end``) and ``get(actor_id)`` (a :class:`kg.model.Actor`).

    Returns
    -------
    dict
        A new mapping: people with roles get :attr:`ActorInfo.offices`; the
        organizations and states of those roles, and the states of the
        actors' countries, are added when missing (so a principal that no
        article names still has a label and a type).

    Examples
    --------
    >>> from kg.kb import load_kb
    >>> out = with_offices({"khalifa_haftar": ActorInfo("khalifa_haftar", "Khalifa Haftar",
    ...                                                 "Person", "LBY")}, load_kb())
    >>> [o.of for o in out["khalifa_haftar"].offices], out["lna"].type, out["LBY"].label
    (['lna'], 'ArmedGroup', 'Libya')
    """
    out = dict(actors)
    wanted: set[str] = set()
    for aid, info in actors.items():
        roles = tuple(Office(str(r.of), str(r.role), r.start, r.end) for r in (kb.roles(aid) or ()))
        known = kb.get(aid)
        sector = info.sector or (getattr(known, "sector", None) if known is not None else None)
        if roles or sector != info.sector:
            out[aid] = replace(info, offices=roles or info.offices, sector=sector)
            wanted |= {o.of for o in roles}
        if info.country:
            wanted.add(info.country)
        wanted |= {org for org, _role in info.affiliations}
    for aid in sorted(wanted - set(out)):
        actor = kb.get(aid)
        if actor is not None:
            out[aid] = ActorInfo(
                aid, actor.label, actor.type, actor.country, sector=getattr(actor, "sector", None)
            )
    return out
