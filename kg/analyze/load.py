"""Load-then-project: the step every view starts with (kg analyze, kg render, kg demo)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.analyze.principals import check_level
from kg.analyze.projection import project
from kg.analyze.records import ActorInfo, EdgeRecord, load_records, with_offices
from kg.errors import AnalysisError

__all__ = ["Loaded", "load_graph"]


@dataclass(frozen=True)
class Loaded:
    """What :func:`load_graph` read and built.

    Attributes
    ----------
    graph : networkx.DiGraph
        The projection (see :mod:`kg.analyze`); graph attributes also hold
        ``articles`` (articles with a counted event) and ``start``/``end``
        (the time window shown, from the filters or the dates seen).
    records : list of EdgeRecord
        Every event read (negated and modal ones included).
    actors : dict
        Actor id -> :class:`ActorInfo`, with the knowledge base's dated roles.
    """

    graph: nx.DiGraph
    records: list[EdgeRecord]
    actors: dict[str, ActorInfo]


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

    Examples
    --------
    >>> from kg.model import Actor, Article, Relation
    >>> from kg.store import open_store
    >>> egy, tur = Actor("EGY", "Egypt", "State", "EGY"), Actor("TUR", "Turkey", "State", "TUR")
    >>> with open_store(None) as store:
    ...     store.replace_article(Article("a1", "…", date="2020-01-05"),
    ...                           [Relation("a1", "opposes", egy, tur, date="2020-01-05")])
    ...     loaded = load_graph(store)
    >>> loaded.graph["EGY"]["TUR"]["sign"], loaded.graph.graph["level"]
    (-1, 'principal')
    """
    level = check_level(level)
    where = str(getattr(store, "location", None) or store)
    if isinstance(store, str | Path):
        from kg.store import open_store

        with open_store(store, read_only=True) as opened:
            records, actors = load_records(
                opened,
                start=start,
                end=end,
                relations=relations,
                min_confidence=min_confidence,
            )
    else:
        records, actors = load_records(
            store, start=start, end=end, relations=relations, min_confidence=min_confidence
        )
    if strict and not records:
        raise AnalysisError(
            f"the store '{where}' holds no events matching the filters; build it first "
            f"(kg build examples/articles --store {where}) or widen --from/--to/--relations"
        )
    if kb is None and level != "actor":
        from kg.kb import load_kb

        kb = load_kb()
    if kb:
        actors = with_offices(actors, kb)
    G = project(
        records, actors, level=level, min_evidence=min_evidence, include_modal=include_modal
    )
    if strict and G.number_of_edges() == 0:
        raise AnalysisError(
            f"no asserted tie between actors is left after the filters ({len(records)} events "
            f"read); lower --min-evidence (now {min_evidence}) or add --include-modal"
        )
    counted = [r for r in records if r.asserted or (include_modal and not r.negated)]
    G.graph["articles"] = len({r.article for r in counted if r.article})
    dates = [r.date for r in counted if r.date]
    lo, hi = start or (min(dates) if dates else None), end or (max(dates) if dates else None)
    if lo or hi:
        G.graph["start"], G.graph["end"] = lo or "…", hi or "…"
    return Loaded(G, records, actors)
