"""One actor's allies and adversaries, and "enemy of my enemy" suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from kg.analyze.projection import undirected
from kg.analyze.records import EdgeRecord
from kg.errors import AnalysisError

__all__ = [
    "Profile",
    "Suggestion",
    "Tie",
    "UnknownActorError",
    "enemy_of_enemy",
    "profile",
    "resolve_actor",
]


class UnknownActorError(AnalysisError):
    """An actor name or id that is not in the analysed graph."""


@dataclass(frozen=True)
class Tie:
    """The actor's relation with one other actor (both directions summed).

    ``evidence`` holds ``(sentence, article, date)`` triples, strongest first.
    """

    actor: Any
    label: str
    weight: float
    count: int
    positive: int
    negative: int
    relations: dict[str, int]
    evidence: list[tuple[str, str, str | None]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**asdict(self), "evidence": [list(e) for e in self.evidence]}


@dataclass(frozen=True)
class Profile:
    """Allies (net-positive ties) and adversaries (net-negative), strongest first."""

    actor: Any
    label: str
    type: str | None
    country: str | None
    allies: list[Tie]
    adversaries: list[Tie]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "actor": self.actor,
            "label": self.label,
            "type": self.type,
            "country": self.country,
            "allies": [t.to_dict() for t in self.allies],
            "adversaries": [t.to_dict() for t in self.adversaries],
        }


@dataclass(frozen=True)
class Suggestion:
    """A potential alignment of ``a`` and ``c``, both in conflict with every actor of ``via``.

    This is an inference from open triads ("the enemy of my enemy"), not a
    reported fact; ``score`` sums, over ``via``, the weaker of the two conflicts.
    """

    a: Any
    c: Any
    via: tuple[Any, ...]
    score: float
    kind: str = "inference"

    def describe(self, G: nx.Graph | None = None) -> str:
        """A sentence stating the inference and its basis."""

        def lab(n: Any) -> str:
            return str(G.nodes[n].get("label", n)) if G is not None and n in G else str(n)

        via = ", ".join(lab(v) for v in self.via)
        return (
            f"inference: {lab(self.a)} and {lab(self.c)} are both in conflict with {via} "
            "and have no recorded tie; they may align (not a reported fact)"
        )

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """JSON-ready form, with the explanatory sentence."""
        return {**asdict(self), "via": list(self.via), "note": self.describe(G)}


def resolve_actor(G: nx.Graph, name: str) -> Any:
    """Find a node by id or label (case-insensitive), or by the words of one label.

    Raises
    ------
    UnknownActorError
        With the closest labels when nothing matches.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("TUR", label="Turkey"); G.add_node("EGY", label="Egypt")
    >>> G.add_node("khalifa_haftar", label="Khalifa Haftar")
    >>> resolve_actor(G, "turkey"), resolve_actor(G, "EGY"), resolve_actor(G, "haftar")
    ('TUR', 'EGY', 'khalifa_haftar')
    >>> resolve_actor(G, "Turky")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.analyze.neighbourhood.UnknownActorError: no actor 'Turky' ... did you mean: Turkey (TUR)? ...
    """
    if name in G:
        return name
    wanted = name.strip().casefold()
    by_label: dict[str, Any] = {}
    for n, d in G.nodes(data=True):
        by_label.setdefault(str(d.get("label", n)).casefold(), n)
        by_label.setdefault(str(n).casefold(), n)
    if wanted in by_label:
        return by_label[wanted]
    # "haftar" -> "Khalifa Haftar" when exactly one actor's name contains the words.
    partial = {by_label[k] for k in by_label if len(wanted) >= 3 and f" {wanted} " in f" {k} "}
    if len(partial) == 1:
        return partial.pop()
    close = difflib.get_close_matches(wanted, list(by_label), n=5, cutoff=0.6)
    nodes = list(dict.fromkeys(by_label[c] for c in close))
    hint = (
        "did you mean: " + ", ".join(f"{G.nodes[n].get('label', n)} ({n})" for n in nodes) + "?"
        if nodes
        else f"the graph has {G.number_of_nodes()} actors."
    )
    raise UnknownActorError(
        f"no actor {name!r} in the graph; {hint} "
        "Give a label or an id as shown by 'kg analyze influence'"
    )


def _record_evidence(
    G: nx.Graph, records: Iterable[EdgeRecord], actor: Any, top: int
) -> dict[Any, list[tuple[str, str, str | None]]]:
    mapping: dict[str, str] = G.graph.get("rollup", {})
    principal = G.graph.get("principal")
    found: dict[Any, list[tuple[float, str, str, str | None]]] = {}
    for r in records:
        if not r.asserted or not r.sentence:
            continue
        if principal is not None:  # the same (dated) roll-up as the graph's
            u, v = principal(r.source, r.date), principal(r.target, r.date)
        else:
            u, v = mapping.get(r.source, r.source), mapping.get(r.target, r.target)
        if actor not in (u, v) or u == v:
            continue
        other = v if u == actor else u
        found.setdefault(other, []).append((r.confidence, r.sentence, r.article, r.date))
    out = {}
    for other, items in found.items():
        items.sort(key=lambda e: (-e[0], e[1]))
        seen: set[str] = set()
        best = []
        for _c, s, a, d in items:
            if s not in seen:
                seen.add(s)
                best.append((s, a, d))
            if len(best) == top:
                break
        out[other] = best
    return out


def profile(
    G: nx.Graph, actor: str, records: Iterable[EdgeRecord] | None = None, *, top: int = 10
) -> Profile:
    """An actor's allies and adversaries, ranked by net evidence, with sentences.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        From :func:`project`.
    actor : str
        Node id or label (see :func:`resolve_actor`).
    records : iterable of EdgeRecord, optional
        When given, the evidence sentences are the most confident of all
        records on each tie; otherwise those kept on the edges.
    top : int
        How many allies and adversaries (and sentences per tie) to keep.

    Examples
    --------
    >>> from kg.analyze.projection import project
    >>> recs = [EdgeRecord("EGY", "LNA", "supports", sentence="Egypt backs the LNA."),
    ...         EdgeRecord("TUR", "LNA", "attacks", sentence="Turkish drones hit the LNA.")]
    >>> p = profile(project(recs), "LNA")
    >>> [t.actor for t in p.allies], [t.actor for t in p.adversaries]
    (['EGY'], ['TUR'])
    >>> p.adversaries[0].evidence[0][0]
    'Turkish drones hit the LNA.'
    """
    S = undirected(G, "a profile")
    node = resolve_actor(S, actor)
    extra = _record_evidence(G, records, node, top) if records is not None else {}
    allies: list[Tie] = []
    adversaries: list[Tie] = []
    for nb, d in S[node].items():
        w = d.get("weight", 0) or 0
        if not w:
            continue
        tie = Tie(
            actor=nb,
            label=str(S.nodes[nb].get("label", nb)),
            weight=w,
            count=int(d.get("count", abs(w))),
            positive=int(d.get("positive", max(w, 0))),
            negative=int(d.get("negative", max(-w, 0))),
            relations=dict(d.get("relations", {})),
            evidence=extra.get(nb) or list(d.get("evidence", []))[:top],
        )
        (allies if w > 0 else adversaries).append(tie)
    allies.sort(key=lambda t: (-t.weight, -t.count, str(t.actor)))
    adversaries.sort(key=lambda t: (t.weight, -t.count, str(t.actor)))
    info = S.nodes[node]
    return Profile(
        actor=node,
        label=str(info.get("label", node)),
        type=info.get("type"),
        country=info.get("country"),
        allies=allies[:top],
        adversaries=adversaries[:top],
    )


def enemy_of_enemy(G: nx.Graph, *, limit: int = 50) -> list[Suggestion]:
    """Open triads A−B−C with both ties negative and no A–C tie: possible alignments.

    These are inferences ("the enemy of my enemy is my friend"), labelled as
    such. A pair's ``score`` sums, over its shared adversaries B,
    ``sqrt(|w_AB| * |w_BC|)`` (the geometric mean of the two conflicts, so
    one strong and one weak conflict count less than two strong ones); the
    strongest come first. Computed with sparse products, so hubs that fight
    everyone do not make it quadratic in Python.

    Parameters
    ----------
    limit : int
        How many suggestions to return.

    Examples
    --------
    >>> S = nx.Graph()
    >>> S.add_weighted_edges_from([("EGY", "GNA", -2), ("TUR", "LNA", -3), ("ARE", "GNA", -2)])
    >>> [(s.a, s.c, s.via, s.score, s.kind) for s in enemy_of_enemy(S)]
    [('ARE', 'EGY', ('GNA',), 2.0, 'inference')]
    """
    import numpy as np
    import scipy.sparse as sp

    S = undirected(G, "enemy-of-enemy suggestions")
    nodes = sorted(S.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    rows, cols, vals = [], [], []
    arows, acols = [], []
    for u, v, d in S.edges(data=True):
        i, j = index[u], index[v]
        arows += [i, j]
        acols += [j, i]
        w = d.get("weight") or 0
        if w < 0:
            rows += [i, j]
            cols += [j, i]
            vals += [float(-w) ** 0.5] * 2
    R = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    tied = sp.csr_matrix((np.ones(len(arows)), (arows, acols)), shape=(n, n))
    tied = (tied + sp.identity(n, format="csr")).astype(bool).tocsr()
    cand: list[tuple[float, int, int]] = []
    chunk = 512
    for lo in range(0, n, chunk):
        M = (R[lo : lo + chunk] @ R).tocsr()
        M = (M - M.multiply(tied[lo : lo + chunk])).tocoo()
        i = M.row + lo
        keep = (M.col > i) & (M.data > 1e-12)
        data, i, j = M.data[keep], i[keep], M.col[keep]
        if len(data) > limit:
            # keep ties at the cut, so the final order does not depend on chunking
            cut = np.partition(data, len(data) - limit)[len(data) - limit]
            sel = data >= cut
            data, i, j = data[sel], i[sel], j[sel]
        cand += zip(data.tolist(), i.tolist(), j.tolist(), strict=True)
    out = []
    for score, i, j in cand:
        a, c = nodes[i], nodes[j]
        via = tuple(
            sorted(
                (
                    b
                    for b in S[a]
                    if b in S[c] and S[a][b].get("weight", 0) < 0 and S[c][b].get("weight", 0) < 0
                ),
                key=str,
            )
        )
        out.append(Suggestion(a, c, via, round(score, 6)))
    out.sort(key=lambda s: (-s.score, -len(s.via), str(s.a), str(s.c)))
    return out[:limit]
