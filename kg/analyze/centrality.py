"""Influence on the cooperation layer, and brokers between blocs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

from kg.analyze.blocs import BlocResult
from kg.analyze.projection import undirected
from kg.errors import AnalysisError

__all__ = [
    "EXACT_BETWEENNESS_MAX",
    "Broker",
    "Influence",
    "brokers",
    "cooperation_layer",
    "influence",
]

#: Above this many actors betweenness is estimated from sampled sources.
EXACT_BETWEENNESS_MAX = 1000


@dataclass(frozen=True)
class Influence:
    """Centrality of one actor on the cooperation layer.

    Attributes
    ----------
    degree : float
        Weighted degree: the sum of the actor's net-positive tie weights.
    betweenness : float
        Normalised betweenness, with distance ``1 / weight`` (strong ties are
        short); estimated from sampled sources on large graphs.
    eigenvector : float
        Leading-eigenvector centrality, scaled so the top actor has 1.0
        (actors outside the dominant cooperative component get 0).
    """

    actor: Any
    label: str
    degree: float
    betweenness: float
    eigenvector: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class Broker:
    """An actor with cooperative ties into several blocs.

    ``bloc`` is the actor's own bloc number as users see it (1 = largest;
    None when unaligned); ``ties`` maps bloc number -> positive weight
    towards that bloc (ties to unaligned actors are left out).
    """

    actor: Any
    label: str
    bloc: int | None
    ties: dict[int, float]

    @property
    def cross(self) -> float:
        """Share of the actor's cooperative weight that goes to other blocs."""
        total = sum(self.ties.values())
        return sum(w for b, w in self.ties.items() if b != self.bloc) / total if total else 0.0

    @property
    def reach(self) -> int:
        """Number of blocs the actor has cooperative ties into."""
        return len(self.ties)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **asdict(self),
            "ties": {str(k): v for k, v in self.ties.items()},
            "reach": self.reach,
        }


def cooperation_layer(G: nx.Graph) -> nx.Graph:
    """The undirected graph of net-positive ties (``weight > 0``), all actors kept.

    Examples
    --------
    >>> S = nx.Graph([("A", "B", {"weight": 2}), ("B", "C", {"weight": -1})])
    >>> sorted(cooperation_layer(S).edges(data="weight"))
    [('A', 'B', 2.0)]
    """
    S = undirected(G, "the cooperation layer")
    P = nx.Graph()
    P.add_nodes_from(S.nodes(data=True))
    P.add_edges_from(
        (u, v, {"weight": float(d["weight"]), "distance": 1.0 / float(d["weight"])})
        for u, v, d in S.edges(data=True)
        if (d.get("weight") or 0) > 0
    )
    return P


def _eigenvector(P: nx.Graph, nodes: list[Any]) -> dict[Any, float]:
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    rows = [index[u] for u, v in P.edges] + [index[v] for u, v in P.edges]
    cols = [index[v] for u, v in P.edges] + [index[u] for u, v in P.edges]
    w = [d for _, _, d in P.edges(data="weight")] * 2
    A = sp.csr_matrix((w, (rows, cols)), shape=(n, n), dtype=np.float64)
    if n <= 400:
        vec = np.linalg.eigh(A.toarray())[1][:, -1]
    else:
        vec = eigsh(A, k=1, which="LA", v0=np.ones(n), tol=1e-8)[1][:, 0]
    vec = np.abs(vec)
    top = vec.max()
    vec = vec / top if top > 0 else vec
    vec[vec < 1e-9] = 0.0
    return {node: float(vec[i]) for node, i in index.items()}


def _sampled_betweenness(P: nx.Graph, nodes: list[Any], k: int, seed: int) -> dict[Any, float]:
    # Brandes' accumulation over shortest-path trees from ``k`` sampled
    # sources, with scipy's C Dijkstra. One predecessor per node: exact when
    # shortest paths are unique, an approximation (on top of sampling) when
    # weighted distances tie.
    from scipy.sparse.csgraph import dijkstra

    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    rows = [index[u] for u, v in P.edges] + [index[v] for u, v in P.edges]
    cols = [index[v] for u, v in P.edges] + [index[u] for u, v in P.edges]
    dist = [d for _, _, d in P.edges(data="distance")] * 2
    D = sp.csr_matrix((dist, (rows, cols)), shape=(n, n), dtype=np.float64)
    rng = np.random.default_rng(seed)
    sources = np.sort(rng.choice(n, size=min(k, n), replace=False))
    d, pred = dijkstra(D, directed=False, indices=sources, return_predecessors=True)
    score = np.zeros(n)
    for row in range(len(sources)):
        reach = np.flatnonzero(np.isfinite(d[row]))
        order = reach[np.argsort(-d[row][reach], kind="stable")]
        delta = np.zeros(n)
        p = pred[row]
        for w in order:
            v = p[w]
            if v >= 0:
                delta[v] += 1.0 + delta[w]
        delta[sources[row]] = 0.0
        score += delta
    # Same normalisation as networkx for undirected graphs with k samples.
    scale = n / (len(sources) * (n - 1) * (n - 2)) if n > 2 else 0.0
    return {node: float(score[i] * scale) for node, i in index.items()}


def influence(
    G: nx.Graph, *, betweenness_samples: int | None = None, seed: int = 0
) -> list[Influence]:
    """Who matters among allies: degree, betweenness and eigenvector centrality.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        Signed graph; only net-positive ties count (:func:`cooperation_layer`).
    betweenness_samples : int, optional
        Source nodes sampled for betweenness; default exact up to
        :data:`EXACT_BETWEENNESS_MAX` actors (networkx), else 64 sampled
        sources over single-predecessor shortest-path trees (approximate).
    seed : int
        Seed of the sampling.

    Returns
    -------
    list of Influence
        Strongest weighted degree first.

    Raises
    ------
    kg.errors.AnalysisError
        When there is no cooperative tie.

    Examples
    --------
    >>> S = nx.Graph()
    >>> S.add_weighted_edges_from([("A", "B", 1), ("B", "C", 2), ("C", "D", -1)])
    >>> [(i.actor, i.degree, round(i.betweenness, 2)) for i in influence(S)]
    [('B', 3.0, 0.33), ('C', 2.0, 0.0), ('A', 1.0, 0.0), ('D', 0.0, 0.0)]
    """
    P = cooperation_layer(G)
    if P.number_of_edges() == 0:
        raise AnalysisError(
            "influence is measured on cooperative ties, but the graph has none; include "
            "positive relations (e.g. --relations supports,cooperates_with) or widen the filters"
        )
    nodes = sorted(P.nodes, key=str)
    n = len(nodes)
    k = betweenness_samples
    if k is None and n > EXACT_BETWEENNESS_MAX:
        k = 64
    if k is None or k >= n:
        between = nx.betweenness_centrality(P, weight="distance", normalized=True)
    else:
        between = _sampled_betweenness(P, nodes, k, seed)
    eig = _eigenvector(P, nodes)
    out = [
        Influence(
            actor=node,
            label=str(P.nodes[node].get("label", node)),
            degree=float(P.degree(node, weight="weight")),
            betweenness=float(between.get(node, 0.0)),
            eigenvector=eig[node],
        )
        for node in nodes
    ]
    out.sort(key=lambda i: (-i.degree, -i.betweenness, str(i.actor)))
    return out


def brokers(G: nx.Graph, result: BlocResult) -> list[Broker]:
    """Actors with cooperative ties into two or more blocs (their own included).

    Ranked by reach (number of blocs), then by :attr:`Broker.cross`, the
    share of their cooperation that crosses bloc lines.

    Examples
    --------
    >>> from kg.analyze.blocs import blocs
    >>> S = nx.Graph()
    >>> S.add_weighted_edges_from([("A", "B", 3), ("C", "D", 3), ("A", "C", -2),
    ...                            ("B", "D", -2), ("Q", "A", 1), ("Q", "D", 1)])
    >>> top = brokers(S, blocs(S))[0]
    >>> top.actor, top.bloc, top.reach, top.cross   # tied as much to both: unaligned
    ('Q', None, 2, 1.0)
    """
    P = cooperation_layer(G)
    out = []
    for node in P.nodes:
        ties: dict[int, float] = {}
        for nb, d in P[node].items():
            b = result.number(nb)
            if b is not None:
                ties[b] = ties.get(b, 0.0) + d["weight"]
        if len(ties) >= 2:
            own = result.number(node)
            out.append(
                Broker(node, str(P.nodes[node].get("label", node)), own, dict(sorted(ties.items())))
            )
    out.sort(
        key=lambda b: (
            -b.reach,
            -b.cross,
            str(b.actor),
        )
    )
    return out
