"""Theatres: one war at a time.

One partition for all the news mixes wars: an actor can back one side in one
war and fight elsewhere (Russia with Haftar in Libya, against Ukraine in
Ukraine), and two wars that overlap in time cannot be told apart by dates.
A *theatre* is a conflict system: the actors tied by material conflict
(:data:`WAR`: attacks, sanctions, coercion, mobilization) around one place
or state, with their backers; blocs are split within it.

Where a clash happens (its *locus*): the country of the place the sentence
names, else the country of the non-state party in it (an armed group, a
rival government: the war is in its country), else the target state's (an
invasion is fought on the invaded state's soil). A pair of enemies belongs
to the locus most of their clashes have. A locus whose own state fights in
a larger theatre joins it (Ukraine's strikes in Russia join the war in
Ukraine), so one war is one theatre.

Members: the *belligerents* (the pairs of enemies of the theatre) and the
*backers*: actors with side-taking evidence (:data:`kg.analyze.weights.MIN_SIDE`,
for or against) towards a local belligerent, one of the theatre's countries
(a foreign state fighting there brings its own friends from elsewhere, who
are not parties to this war); the local parties of another war join only
through a local belligerent that fights with arms here (the friends and
foes of a state that is only sanctioned here are mostly about other wars).
Ties between two backers are left out: they are about other matters as
often as about this war. Blocs are found in each theatre's
graph, with the shared enemies *of that war* (:mod:`kg.analyze.sides`), and
a belligerent that fights alone is a side of its own. Dates play no part,
so undated articles count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.analyze.blocs import ALIGNMENT_UNIT, BlocResult, blocs
from kg.analyze.records import ActorInfo, EdgeRecord
from kg.analyze.sides import add_shared_enemies
from kg.analyze.weights import MIN_SIDE, bloc_weight
from kg.errors import AnalysisError

__all__ = ["WAR", "Theatre", "find_theatre", "theatre_view", "theatres"]

#: Material conflict: the relations that make actors parties to a war.
WAR = frozenset({"attacks", "mobilizes_against", "coerces", "sanctions"})

#: Clashes of arms among them (a sanction is economic or diplomatic).
VIOLENT = frozenset({"attacks", "mobilizes_against", "coerces"})

#: The edge attributes a theatre's graph keeps (see :func:`kg.analyze.blocs`).
_WEIGHED = ("alignment", "alignment_gross", "weight", "joint", "shared")

#: Actor types that are states (a clash with a state is placed by the other party).
_STATES = frozenset({"State", "InternationalOrganization"})


@dataclass(frozen=True)
class Theatre:
    """One conflict system and its sides.

    Attributes
    ----------
    theatre : str
        Its name: the country most of its clashes are placed in (``"Libya"``).
    key : str
        That country's code (``"LBY"``).
    places : list of str
        The named places of its clashes, most frequent first, then its countries.
    belligerents, backers : list
        Node ids: the parties to its clashes, and those taking their sides.
    events : int
        Its material-conflict events.
    sides : list of list
        Node ids per side, largest first: the blocs found in the theatre, and
        each belligerent fighting alone.
    confidence : dict
        Node id -> membership confidence (see :func:`kg.analyze.blocs`).
    unaligned : list
        Members on no side.
    graph : networkx.Graph
        The theatre's graph the sides were split from.
    """

    theatre: str
    key: str
    places: list[str]
    belligerents: list[Any]
    backers: list[Any]
    events: int
    sides: list[list[Any]] = field(default_factory=list)
    confidence: dict[Any, float] = field(default_factory=dict)
    unaligned: list[Any] = field(default_factory=list)
    graph: nx.Graph = field(default_factory=nx.Graph, compare=False, repr=False)

    def side_of(self, node: Any) -> int | None:
        """The side number users see (1 = largest), or None."""
        for i, side in enumerate(self.sides):
            if node in side:
                return i + 1
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``theatre``, ``places``, ``blocs`` (``bloc``, ``actors``,
        ``labels``, ``confidence``), ``unaligned``, ``belligerents``, ``backers``, ``events``."""

        def label(n: Any) -> Any:
            return self.graph.nodes[n].get("label", n) if n in self.graph else n

        return {
            "theatre": self.theatre,
            "key": self.key,
            "places": list(self.places),
            "events": self.events,
            "blocs": [
                {
                    "bloc": i + 1,
                    "actors": list(side),
                    "labels": [label(n) for n in side],
                    "confidence": [round(self.confidence.get(n, 0.0), 3) for n in side],
                }
                for i, side in enumerate(self.sides)
            ],
            "unaligned": [{"actor": n, "label": label(n)} for n in self.unaligned],
            "belligerents": [label(n) for n in self.belligerents],
            "backers": [label(n) for n in self.backers],
        }


def _tie(d: Mapping[str, Any]) -> float:
    return bloc_weight(float(d.get("alignment") or 0), float(d.get("alignment_gross") or 0))


def _locus(S: nx.Graph, u: Any, v: Any, place_country: str | None) -> str | None:
    if place_country:
        return place_country
    cu, cv = S.nodes[u].get("country"), S.nodes[v].get("country")
    if cv and S.nodes[v].get("type") not in _STATES:
        return str(cv)
    if cu and S.nodes[u].get("type") not in _STATES:
        return str(cu)
    return str(cv or cu) if (cv or cu) else None


def _merge(
    loci: dict[str, set[frozenset[Any]]], events: Counter[str], S: nx.Graph
) -> dict[str, str]:
    """Locus -> the theatre it belongs to: a locus whose state fights in a larger one joins it."""
    fights: dict[Any, Counter[str]] = {}
    for key, pairs in loci.items():
        for pair in pairs:
            for n in pair:
                fights.setdefault(n, Counter())[key] += 1
    parties = {key: {n for pair in pairs for n in pair} for key, pairs in loci.items()}
    target: dict[str, str] = {}
    for key in loci:
        elsewhere = {k: c for k, c in fights.get(key, Counter()).items() if k != key}
        if not elsewhere:
            continue
        # the war that shares the most parties with this locus, then where its state
        # fights most: the Houthis' strikes on the Saudi-led coalition join Yemen's war
        best = max(
            elsewhere,
            key=lambda k: (len(parties[k] & parties[key]), elsewhere[k], events[k], k),
        )
        if (events[best], best) > (events[key], key):
            target[key] = best

    def root(k: str) -> str:
        seen = set()
        while k in target and k not in seen:
            seen.add(k)
            k = target[k]
        return k

    return {k: root(k) for k in loci}


def theatres(
    S: nx.Graph,
    records: Iterable[EdgeRecord],
    actors: Mapping[str, ActorInfo] | None = None,
    *,
    seed: int = 0,
) -> list[Theatre]:
    """The conflict systems of a graph and the sides in each, largest first.

    Parameters
    ----------
    S : networkx.Graph
        The undirected side graph (:func:`kg.analyze.sides.side_graph` with
        ``shared=False``; each theatre adds the shared enemies of its own war).
    records : iterable of EdgeRecord
        The events (or pair counts) the graph was projected from: their
        places and parties place the clashes.
    actors : mapping, optional
        Actor descriptions, for the names of countries no node stands for.
    seed : int
        Seed of the bloc search.

    Examples
    --------
    >>> from kg.analyze.projection import project, signed_graph
    >>> from kg.analyze.records import ActorInfo
    >>> info = {"lna": ActorInfo("lna", "LNA", "ArmedGroup", "LBY"),
    ...         "gna": ActorInfo("gna", "GNA", "Government", "LBY"),
    ...         "LBY": ActorInfo("LBY", "Libya", "State", "LBY"),
    ...         "EGY": ActorInfo("EGY", "Egypt", "State", "EGY"),
    ...         "TUR": ActorInfo("TUR", "Turkey", "State", "TUR")}
    >>> recs = [EdgeRecord("lna", "gna", "attacks"), EdgeRecord("EGY", "lna", "supports"),
    ...         EdgeRecord("TUR", "gna", "provides_aid_to")]
    >>> [(t.theatre, t.sides) for t in theatres(signed_graph(project(recs, info)), recs, info)]
    [('Libya', [['EGY', 'lna'], ['TUR', 'gna']])]
    """
    principal = S.graph.get("principal")
    rollup: Mapping[str, str] = S.graph.get("rollup", {})
    votes: dict[frozenset[Any], Counter[str]] = {}
    places: dict[frozenset[Any], Counter[str]] = {}
    violent: set[Any] = set()  # parties to a clash of arms (not only sanctions)
    for r in records:
        if r.relation not in WAR or not r.asserted:
            continue
        if principal is not None:
            u, v = principal(r.source, r.date) or r.source, principal(r.target, r.date) or r.target
        else:
            u, v = rollup.get(r.source, r.source), rollup.get(r.target, r.target)
        if u == v or not S.has_edge(u, v) or _tie(S[u][v]) >= 0:
            continue  # not enemies on balance (or dropped by the filters)
        key = _locus(S, u, v, r.place_country)
        if key is None:
            continue
        pair = frozenset((u, v))
        votes.setdefault(pair, Counter())[key] += r.count
        if r.relation in VIOLENT:
            violent |= pair
        if r.place:
            places.setdefault(pair, Counter())[r.place] += r.count
    loci: dict[str, set[frozenset[Any]]] = {}
    events: Counter[str] = Counter()
    for pair, counts in votes.items():
        key = max(counts, key=lambda k: (counts[k], k))
        loci.setdefault(key, set()).add(pair)
        events[key] += sum(counts.values())
    joined = _merge(loci, events, S)
    grouped: dict[str, list[str]] = {}
    for key, root in joined.items():
        grouped.setdefault(root, []).append(key)
    fronts = {root: set().union(*(loci[k] for k in keys)) for root, keys in grouped.items()}
    local = {root: _local(S, fronts[root], keys) for root, keys in grouped.items()}
    out = []
    for root, keys in grouped.items():
        where: Counter[str] = Counter()
        for pair in fronts[root]:
            where.update(places.get(pair, Counter()))
        # the local parties of other wars back no one here through a state that
        # is only sanctioned here: their ties to it are about their own war
        elsewhere = set().union(set(), *(v for k, v in local.items() if k != root))
        out.append(
            _theatre(
                S, root, keys, fronts[root], local[root], sum(events[k] for k in keys), where,
                actors or {}, seed, frozenset(elsewhere), frozenset(violent),
            )
        )  # fmt: skip
    out.sort(key=lambda t: (-t.events, -len(t.belligerents), t.theatre))
    return out


def _name(S: nx.Graph, key: str, actors: Mapping[str, ActorInfo]) -> str:
    if key in S:
        return str(S.nodes[key].get("label", key))
    info = actors.get(key)
    return info.label if info is not None else key


def _local(S: nx.Graph, pairs: set[frozenset[Any]], keys: list[str]) -> set[Any]:
    """The belligerents of a theatre that belong to its countries."""
    return {n for pair in pairs for n in pair if S.nodes[n].get("country") in keys or n in keys}


def _theatre(
    S: nx.Graph,
    root: str,
    keys: list[str],
    pairs: set[frozenset[Any]],
    local: set[Any],
    events: int,
    where: Counter[str],
    actors: Mapping[str, ActorInfo],
    seed: int,
    elsewhere: frozenset[Any] = frozenset(),
    violent: frozenset[Any] = frozenset(),
) -> Theatre:
    fighting = {n for pair in pairs for n in pair}
    backers = {
        m
        for n in local
        for m, d in S[n].items()
        if m not in fighting
        and abs(_tie(d)) >= MIN_SIDE - 1e-9
        and (n in violent or m not in elsewhere)
    }
    T = nx.Graph(**S.graph)
    T.add_nodes_from((n, S.nodes[n]) for n in fighting | backers)
    # what the bloc search weighs, not the evidence lists (a theatre can be large)
    T.add_edges_from(
        (u, v, {k: d[k] for k in _WEIGHED if k in d})
        for u, v, d in S.edges(fighting, data=True)
        if u in T and v in T
    )
    add_shared_enemies(T)
    countries = sorted(keys, key=lambda k: (k != root, k))
    names = [p for p, _n in where.most_common()]
    names += [c for c in (_name(S, k, actors) for k in countries) if c not in names]
    sides, confidence, unaligned = _sides(T, fighting, seed)
    name = _name(S, root, actors)
    if name == root and where:  # a country nothing names: its most named place
        name = where.most_common(1)[0][0]
    return Theatre(
        theatre=name,
        key=root,
        places=names,
        belligerents=sorted(fighting, key=str),
        backers=sorted(backers, key=str),
        events=events,
        sides=sides,
        confidence=confidence,
        unaligned=unaligned,
        graph=T,
    )


def _sides(
    T: nx.Graph, fighting: set[Any], seed: int
) -> tuple[list[list[Any]], dict[Any, float], list[Any]]:
    try:
        # fewer k-means starts in a large theatre: it is one war, its split is clear
        found: BlocResult | None = blocs(T, seed=seed, restarts=8 if len(T) <= 100 else 2)
    except AnalysisError:
        found = None
    sides = [list(c) for c in found.aligned] if found is not None else []
    confidence = dict(found.confidence) if found is not None else {}
    placed = {n for side in sides for n in side}
    # a belligerent fighting alone is a side: hostile to a side, backing none
    for n in sorted(fighting - placed, key=str):
        ties = [(m, _tie(d)) for m, d in T[n].items()]
        hostile = -sum(w for _m, w in ties if w < 0)
        friendly = sum(w for _m, w in ties if w > 0)
        if hostile >= MIN_SIDE - 1e-9 and friendly < MIN_SIDE - 1e-9:
            sides.append([n])
            confidence[n] = hostile / (hostile + ALIGNMENT_UNIT)
            placed.add(n)
    sides.sort(key=lambda s: (-len(s), str(s[0])))
    unaligned = sorted((n for n in T if n not in placed), key=str)
    return sides, confidence, unaligned


def find_theatre(found: list[Theatre], name: str) -> Theatre:
    """The theatre called ``name`` (its name, country code or one of its places).

    Raises
    ------
    kg.errors.AnalysisError
        With the theatres there are, when none is called so.
    """
    wanted = name.strip().casefold()
    for t in found:
        if wanted in {t.theatre.casefold(), t.key.casefold(), *(p.casefold() for p in t.places)}:
            return t
    have = ", ".join(t.theatre for t in found) or "none (no material conflict in the store)"
    raise AnalysisError(f"no theatre {name!r}; the theatres are: {have}")


def theatre_view(G: nx.DiGraph, theatre: Theatre) -> tuple[nx.DiGraph, dict[Any, int]]:
    """What a picture of one theatre draws: the projection's reported ties among its
    members (those its sides were split by), and node -> side index (0 = side 1).

    Examples
    --------
    >>> from kg.analyze.projection import project, signed_graph
    >>> info = {"a": ActorInfo("a", "A", "ArmedGroup", "ZEM"),
    ...         "b": ActorInfo("b", "B", "ArmedGroup", "ZEM")}
    >>> recs = [EdgeRecord("a", "b", "attacks"), EdgeRecord("a", "OUT", "meets_with")]
    >>> G = project(recs, info)
    >>> H, sides = theatre_view(G, theatres(signed_graph(G), recs, info)[0])
    >>> sorted(H.edges), sides
    ([('a', 'b')], {'a': 0, 'b': 1})
    """
    T = theatre.graph
    H = G.subgraph([n for n in T if n in G]).copy()
    H.remove_edges_from([(u, v) for u, v in H.edges if not T.has_edge(u, v)])
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    return H, {n: i for i, side in enumerate(theatre.sides) for n in side if n in H}
