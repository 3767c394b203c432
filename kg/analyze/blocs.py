"""Signed community detection (blocs) and structural balance.

Blocs minimise *frustration*: the weight of negative ties inside blocs plus
positive ties across them (correlation clustering). The method is spectral
and deterministic: the leading eigenvectors of the normalised signed
adjacency ``D^-1/2 A D^-1/2`` (``D`` the absolute degrees) give an embedding
in which allies sit together and adversaries on opposite sides; k-means (or,
for two blocs, the sign of the leading vector) gives a partition for each
candidate number of blocs, refined by local moves that each lower the
frustration. The number of blocs is the one with the lowest frustration
fraction plus a penalty per extra bloc; among partitions that frustrate as
much, the one keeping more cooperation inside blocs wins. Connected
components are partitioned separately: actors with no path between them are
never put in one bloc.

Blocs worth signing: an actor is placed in a bloc only on evidence. One with
less side-taking evidence into its bloc than
:data:`kg.analyze.weights.MIN_SIDE` (half a backing: a single meeting or
agreement is not enough, one backing, one joint act or one shared enemy is;
see :mod:`kg.analyze.sides`), or tied as much to another bloc as to its own,
is left *unaligned*
instead of being forced into a camp; and a bloc is held together by
cooperation, so groups with only an adversary in common are blocs of their
own. Each member gets a membership confidence,
``(own − next) / (|own| + |next| + u)``, where ``own`` is its net signed
weight towards its bloc, ``next`` towards the best other bloc, and ``u``
one event's worth of doubt (1 on evidence counts and side-taking evidence,
:data:`INTENSITY_UNIT` on intensities): one supporting event gives 0.5.

Ties are weighed by side-taking evidence when the graph has it
(``alignment`` and ``alignment_gross``, summed by :func:`project` from
:data:`kg.analyze.weights.ALIGNMENT`: backing, aiding or fighting someone
counts 1, an agreement 0.25, a meeting 0.1), each pair's net evidence
discounted by how mixed it is (:func:`kg.analyze.weights.bloc_weight`); else
by ``intensity`` (Goldstein magnitudes), else by ``weight`` (signed evidence
counts). Alliance structure is about taking sides: a deal or a visit
happens between rivals too, so it must not outweigh backing a side in a war.

Why not leidenalg: it is GPL-3 (and igraph GPL-2) while geokg is MIT, and
news graphs of a few thousand actors are well within reach of numpy/scipy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.cluster.vq import kmeans2
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import eigsh

from kg.analyze.projection import undirected
from kg.analyze.weights import MIN_SIDE, bloc_weight
from kg.errors import AnalysisError

__all__ = [
    "ALIGNMENT_UNIT",
    "INTENSITY_UNIT",
    "BalanceResult",
    "BlocResult",
    "Triad",
    "balance",
    "blocs",
]

#: The doubt in a membership confidence, in intensity units: about one event
#: (the mean intensity of the relation types is 5.5; one "supports" is 3.4).
INTENSITY_UNIT = 5.0

#: The doubt in a membership confidence on side-taking evidence: one event that
#: takes a side (one "supports" alone gives 0.5, four 0.8).
ALIGNMENT_UNIT = 1.0


@dataclass(frozen=True)
class BlocResult:
    """Blocs of a signed graph.

    Attributes
    ----------
    communities : list of list
        Node ids per bloc, largest bloc first, the unaligned actors last (one
        each); ``communities[i]`` is shown to users as bloc ``i + 1``.
    membership : dict
        Node id -> index into ``communities``.
    modularity : float or None
        Weighted modularity of the partition on the positive (cooperation)
        layer; None when there are no positive ties.
    frustration : float
        Fraction of signed edges that violate the partition (negative inside a
        bloc or positive across blocs); 0 for a perfectly balanced graph.
    weighted_frustration : float
        The same, weighted by the ties' strength as the bloc search weighs them
        (side-taking evidence, see the module documentation).
    confidence : dict
        Node id -> membership confidence in [0, 1] (0 for unaligned actors).
    unaligned : list
        Actors left out of every bloc: less side-taking evidence into one than
        :data:`kg.analyze.weights.MIN_SIDE`, or tied as much to two (see the
        module documentation).
    """

    communities: list[list[Any]]
    membership: dict[Any, int]
    modularity: float | None
    frustration: float
    weighted_frustration: float
    confidence: dict[Any, float] = field(default_factory=dict)
    unaligned: list[Any] = field(default_factory=list)

    @property
    def aligned(self) -> list[list[Any]]:
        """The blocs proper (two members or more); bloc ``i`` is numbered ``i + 1`` for users."""
        return [c for c in self.communities if len(c) > 1]

    def number(self, node: Any) -> int | None:
        """The bloc number users see (1 = largest bloc), or None when unaligned."""
        i = self.membership.get(node)
        return None if i is None or node in self._unaligned_set else i + 1

    @functools.cached_property
    def _unaligned_set(self) -> frozenset[Any]:
        return frozenset(self.unaligned)

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """JSON-ready form (blocs numbered from 1); with ``G`` also the actors' labels."""

        def label(n: Any) -> Any:
            return G.nodes[n].get("label", n) if G is not None and n in G else n

        out: dict[str, Any] = {
            "blocs": [
                {
                    "bloc": i + 1,
                    "actors": list(c),
                    **({"labels": [label(n) for n in c]} if G is not None else {}),
                    "confidence": [round(self.confidence.get(n, 0.0), 3) for n in c],
                }
                for i, c in enumerate(self.aligned)
            ],
            "unaligned": [
                {"actor": n, **({"label": label(n)} if G is not None else {})}
                for n in self.unaligned
            ],
            "modularity": self.modularity,
            "frustration": self.frustration,
            "weighted_frustration": self.weighted_frustration,
        }
        return out


@dataclass(frozen=True)
class Triad:
    """Three actors tied pairwise: ``signs`` of the edges (a,b), (b,c), (a,c)."""

    nodes: tuple[Any, Any, Any]
    signs: tuple[int, int, int]
    strength: float

    @property
    def pattern(self) -> str:
        """Signs as ``"++-"`` (positive first)."""
        return "".join(sorted("+" if s > 0 else "-" for s in self.signs))


@dataclass(frozen=True)
class BalanceResult:
    """Structural balance of a signed graph.

    Attributes
    ----------
    counts : dict
        Triangles by sign pattern: ``"+++"``, ``"+--"`` (balanced: friends of
        friends, enemies of enemies), ``"++-"``, ``"---"`` (unbalanced).
    balanced, unbalanced : int
        Totals.
    ratio : float
        ``balanced / (balanced + unbalanced)``.
    unbalanced_triads : list of Triad
        The strongest unbalanced triads (by their weakest tie), where
        alliances are under strain.
    """

    counts: dict[str, int]
    balanced: int
    unbalanced: int
    ratio: float
    unbalanced_triads: list[Triad] = field(default_factory=list)

    def to_dict(self, G: nx.Graph | None = None) -> dict[str, Any]:
        """JSON-ready form; with ``G`` triads also carry labels."""

        def label(n: Any) -> Any:
            return G.nodes[n].get("label", n) if G is not None and n in G else n

        return {
            "counts": self.counts,
            "balanced": self.balanced,
            "unbalanced": self.unbalanced,
            "ratio": self.ratio,
            "unbalanced_triads": [
                {
                    "actors": list(t.nodes),
                    "labels": [label(n) for n in t.nodes],
                    "pattern": t.pattern,
                    "strength": t.strength,
                }
                for t in self.unbalanced_triads
            ],
        }


def _by_key(key: str) -> Callable[[Mapping[str, Any]], float]:
    return lambda d: float(d.get(key, 0) or 0)


def _by_alignment(d: Mapping[str, Any]) -> float:
    return bloc_weight(float(d.get("alignment") or 0), float(d.get("alignment_gross") or 0))


def _tie_strength(S: nx.Graph) -> tuple[Callable[[Mapping[str, Any]], float], float]:
    """How the bloc search weighs a tie, and one event's worth of doubt on that scale."""
    attrs = [d for _u, _v, d in S.edges(data=True)]
    if attrs and all("alignment" in d and "alignment_gross" in d for d in attrs):
        return _by_alignment, ALIGNMENT_UNIT
    if any("intensity" in d for d in attrs):
        return _by_key("intensity"), INTENSITY_UNIT
    return _by_key("weight"), 1.0


def _signed_matrix(
    S: nx.Graph, weigh: Callable[[Mapping[str, Any]], float] | None = None
) -> tuple[list[Any], sp.csr_matrix]:
    weigh = weigh or _by_key("weight")
    nodes = sorted(S.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    rows, cols, vals = [], [], []
    for u, v, d in S.edges(data=True):
        w = weigh(d)
        if w and u != v:
            rows += [index[u], index[v]]
            cols += [index[v], index[u]]
            vals += [w, w]
    n = len(nodes)
    A = sp.csr_matrix((vals, (rows, cols)), shape=(n, n), dtype=np.float64)
    A.sum_duplicates()
    return nodes, A


def _frustration(A: sp.csr_matrix, labels: np.ndarray) -> tuple[float, int, float]:
    """(frustrated weight, frustrated edge count, total |weight|) over the upper triangle."""
    U = sp.triu(A, k=1).tocoo()
    same = labels[U.row] == labels[U.col]
    bad = ((U.data < 0) & same) | ((U.data > 0) & ~same)
    return float(np.abs(U.data[bad]).sum()), int(bad.sum()), float(np.abs(U.data).sum())


def _local_moves(
    A: sp.csr_matrix, labels: np.ndarray, k: int, rng: np.random.Generator, max_passes: int = 20
) -> np.ndarray:
    # Moving node i to bloc c costs (positive weight leaving c) + (negative
    # weight inside c), so the best bloc is the one with the largest signed
    # weight towards it; a move is taken only if it strictly lowers frustration.
    labels = labels.copy()
    indptr, indices, data = A.indptr, A.indices, A.data
    n = A.shape[0]
    for _ in range(max_passes):
        moved = 0
        for i in rng.permutation(n):
            lo, hi = indptr[i], indptr[i + 1]
            if lo == hi:
                continue
            toward = np.bincount(labels[indices[lo:hi]], weights=data[lo:hi], minlength=k)
            best = int(np.argmax(toward))
            if toward[best] > toward[labels[i]] + 1e-9:
                labels[i] = best
                moved += 1
        if moved == 0:
            break
    return labels


def _toward(A: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Signed weight of each node towards each bloc (n × k; A's diagonal is zero)."""
    k = int(labels.max()) + 1 if labels.size else 0
    onehot = sp.csr_matrix(
        (np.ones(labels.size), (np.arange(labels.size), labels)), shape=(labels.size, k)
    )
    return np.asarray((A @ onehot).todense())


def _unalign(A: sp.csr_matrix, labels: np.ndarray, need: float = 1e-9) -> np.ndarray:
    """Give each actor that is not in its bloc on evidence a bloc of its own.

    Not on evidence: less net cooperative weight than ``need`` towards the
    other members, or as much towards another bloc. Repeated until stable (a
    departure can leave a former partner without a tie into the bloc).
    """
    labels = labels.copy()
    n = labels.size
    indptr, indices = A.indptr, A.indices
    while n:
        T = _toward(A, labels)
        sizes = np.bincount(labels)
        own = T[np.arange(n), labels]
        T[np.arange(n), labels] = -np.inf
        other = T.max(axis=1) if T.shape[1] > 1 else np.full(n, -np.inf)
        weak = (sizes[labels] > 1) & ((own < need - 1e-9) | (other >= own - 1e-9))
        if not weak.any():
            break
        # the weakest first; actors that touch each other one at a time (a departure
        # changes its neighbours' ties into the bloc), others in the same round
        order = np.flatnonzero(weak)
        order = order[np.argsort(own[order] - np.maximum(other[order], 0.0), kind="stable")]
        blocked: set[int] = set()
        fresh = int(labels.max()) + 1
        for i in order.tolist():
            if i in blocked:
                continue
            labels[i] = fresh
            fresh += 1
            blocked.update(indices[indptr[i] : indptr[i + 1]].tolist())
    _, labels = np.unique(labels, return_inverse=True)
    return labels.astype(np.int64)


def _split_by_cooperation(A: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Split each bloc into the parts its cooperative ties connect.

    Groups held in one bloc only by a shared adversary are blocs of their own:
    no cooperative tie is cut, so the frustration never grows.
    """
    C = A.tocoo()
    keep = (C.data > 0) & (labels[C.row] == labels[C.col])
    P = sp.csr_matrix(
        (np.ones(int(keep.sum())), (C.row[keep], C.col[keep])), shape=A.shape, dtype=np.float64
    )
    _, parts = connected_components(P, directed=False)
    # a part never spans two blocs (only same-bloc ties were kept), so it is the new label
    _, out = np.unique(parts, return_inverse=True)
    return out.astype(np.int64)


def _confidence(A: sp.csr_matrix, labels: np.ndarray, unit: float = 1.0) -> np.ndarray:
    """(own − next) / (|own| + |next| + unit) per node, 0 for actors alone in their bloc."""
    n = labels.size
    if n == 0:
        return np.zeros(0)
    T = _toward(A, labels)
    sizes = np.bincount(labels)
    own = T[np.arange(n), labels].copy()
    T[np.arange(n), labels] = -np.inf
    nxt = T.max(axis=1) if T.shape[1] > 1 else np.zeros(n)
    nxt = np.where(np.isfinite(nxt), nxt, 0.0)
    conf = (own - nxt) / (np.abs(own) + np.abs(nxt) + unit)
    return np.where(sizes[labels] > 1, np.clip(conf, 0.0, 1.0), 0.0)


def _cooperation_inside(A: sp.csr_matrix, labels: np.ndarray) -> float:
    U = sp.triu(A, k=1).tocoo()
    keep = (U.data > 0) & (labels[U.row] == labels[U.col])
    return float(U.data[keep].sum())


def _embedding(A: sp.csr_matrix, dims: int, rng: np.random.Generator) -> np.ndarray:
    deg = np.asarray(abs(A).sum(axis=1)).ravel()
    inv = 1.0 / np.sqrt(np.where(deg > 0, deg, 1.0))
    M = sp.diags(inv) @ A @ sp.diags(inv)
    n = A.shape[0]
    # dense only for small graphs: multithreaded LAPACK on a busy machine is slower
    # than ARPACK's sparse products from about a hundred actors on
    if n <= 100 or dims >= n - 1:
        vals, vecs = np.linalg.eigh(M.toarray())
        vecs = vecs[:, ::-1][:, :dims]
    else:
        vals, vecs = eigsh(M, k=dims, which="LA", v0=rng.uniform(-1, 1, n), tol=1e-6)
        vecs = vecs[:, np.argsort(-vals)]
    # A deterministic orientation for each vector (eigensolvers may flip signs).
    for j in range(vecs.shape[1]):
        if vecs[np.argmax(np.abs(vecs[:, j])), j] < 0:
            vecs[:, j] = -vecs[:, j]
    return np.asarray(vecs)


def _partition(
    A: sp.csr_matrix, seed: int, max_blocs: int, penalty: float, restarts: int
) -> np.ndarray:
    n = A.shape[0]
    rng = np.random.default_rng(seed)
    kmax = max(1, min(max_blocs, n))
    X = _embedding(A, kmax, rng) if kmax >= 2 else np.zeros((n, 1))
    best_labels = np.zeros(n, dtype=np.int64)
    fw, _, total = _frustration(A, best_labels)
    best_score = fw / total if total else 0.0
    best_inside = _cooperation_inside(A, best_labels)
    for k in range(2, kmax + 1):
        # local moves stop in local minima: start from several k-means seeds
        # (deterministic for a given seed) and keep the least frustrated split
        for r in range(restarts):
            if k == 2 and r == 0:
                init = (X[:, 0] < 0).astype(np.int64)
            else:
                Y = X[:, :k]
                norms = np.linalg.norm(Y, axis=1, keepdims=True)
                Y = Y / np.where(norms > 0, norms, 1.0)
                sub_seed = seed + k + 1000 * r
                _, init = kmeans2(Y, k, seed=np.random.default_rng(sub_seed), minit="++")
                init = init.astype(np.int64)
            labels = _local_moves(A, init, k, np.random.default_rng(seed + k + 1000 * r))
            fw, _, _ = _frustration(A, labels)
            used = len(np.unique(labels))
            score = fw / total + penalty * (used - 1)
            # as frustrated: the split that keeps more cooperation inside blocs
            inside = _cooperation_inside(A, labels)
            if score < best_score - 1e-12 or (
                score <= best_score + 1e-12 and inside > best_inside + 1e-9
            ):
                best_score, best_labels, best_inside = score, labels, inside
    return best_labels


def blocs(
    G: nx.Graph,
    *,
    seed: int = 0,
    max_blocs: int = 6,
    penalty: float = 0.01,
    restarts: int | None = None,
) -> BlocResult:
    """Split actors into blocs: cooperation inside, conflict across.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        From :func:`project` (directed: both directions are summed) or
        :func:`signed_graph`; edges need a signed ``weight``.
    seed : int
        Seed of the k-means initialisation and move order (results are
        reproducible for a given seed).
    max_blocs : int
        Largest number of blocs tried per connected component.
    penalty : float
        Frustration fraction an extra bloc must save to be worth it.
    restarts : int, optional
        k-means starts per number of blocs; the least frustrated split wins.
        Default: 8 up to 2,000 actors, 2 above.

    Returns
    -------
    BlocResult

    Raises
    ------
    kg.errors.AnalysisError
        For an empty graph, a single actor, or a graph without negative ties
        (blocs are defined by conflict).

    Examples
    --------
    >>> S = nx.Graph()
    >>> S.add_weighted_edges_from([("EGY", "ARE", 3), ("EGY", "LNA", 2), ("ARE", "LNA", 2),
    ...                            ("TUR", "GNA", 4), ("LNA", "GNA", -5), ("EGY", "TUR", -1)])
    >>> r = blocs(S)
    >>> r.communities
    [['ARE', 'EGY', 'LNA'], ['GNA', 'TUR']]
    >>> r.frustration
    0.0
    """
    S = undirected(G, "bloc detection")
    if S.number_of_nodes() < 2:
        raise AnalysisError(
            f"bloc detection needs at least two actors, got only {next(iter(S.nodes))!r}; "
            "widen the filters (--from/--to, --relations, --min-evidence)"
        )
    # split by side-taking evidence when the projection computed it (backing a
    # side outweighs signing a deal), else by intensity, else by evidence counts
    weigh, unit = _tie_strength(S)
    nodes, A = _signed_matrix(S, weigh)
    if not (A.data < 0).any():
        raise AnalysisError(
            "bloc detection needs at least one conflict (negative) tie, but every tie is "
            "cooperative or neutral; include negative relations (e.g. --relations "
            "supports,opposes,attacks) or widen the time window"
        )
    n_starts = restarts if restarts is not None else (8 if len(nodes) <= 2000 else 2)
    if n_starts < 1:
        raise AnalysisError(f"restarts must be at least 1, got {restarts}")
    ncomp, comp = connected_components(abs(A), directed=False)
    labels = np.full(len(nodes), -1, dtype=np.int64)
    conf = np.zeros(len(nodes))
    next_label = 0
    for c in range(ncomp):
        idx = np.flatnonzero(comp == c)
        sub = A[idx][:, idx].tocsr()
        part = (
            _partition(sub, seed, max_blocs, penalty, n_starts)
            if (sub.data < 0).any()
            else np.zeros(len(idx), dtype=np.int64)
        )
        _, part = np.unique(part, return_inverse=True)
        part = _split_by_cooperation(sub, _unalign(sub, part.astype(np.int64), MIN_SIDE * unit))
        conf[idx] = _confidence(sub, part, unit)
        labels[idx] = part + next_label
        next_label += int(part.max()) + 1

    groups: dict[int, list[Any]] = {}
    for node, lab in zip(nodes, labels, strict=True):
        groups.setdefault(int(lab), []).append(node)
    communities = sorted(
        (sorted(g, key=str) for g in groups.values()), key=lambda g: (-len(g), str(g[0]))
    )
    membership = {n: i for i, c in enumerate(communities) for n in c}
    confidence = {n: float(c) for n, c in zip(nodes, conf, strict=True)}
    final = np.array([membership[n] for n in nodes])
    fw, fcount, total = _frustration(A, final)
    nedges = int((sp.triu(A, k=1) != 0).sum())

    pos = nx.Graph()
    pos.add_nodes_from(nodes)
    pos.add_weighted_edges_from(
        (u, v, d["weight"]) for u, v, d in S.edges(data=True) if (d.get("weight") or 0) > 0
    )
    modularity = (
        float(nx.community.modularity(pos, communities, weight="weight"))
        if pos.number_of_edges()
        else None
    )
    return BlocResult(
        communities=communities,
        membership=membership,
        modularity=modularity,
        frustration=fcount / nedges,
        weighted_frustration=fw / total,
        confidence=confidence,
        unaligned=[c[0] for c in communities if len(c) == 1],
    )


def _triangle_counts(A: sp.csr_matrix, chunk: int = 512) -> dict[str, int]:
    # Triangles by number of negative edges from traces of products of the
    # positive (P) and negative (N) layers, row-chunked to bound memory:
    # tr(P^3)/6, tr(P P N)/2, tr(P N N)/2, tr(N^3)/6.
    P = (A > 0).astype(np.float64).tocsr()
    N = (A < 0).astype(np.float64).tocsr()
    ppp = ppn = pnn = nnn = 0.0
    for lo in range(0, A.shape[0], chunk):
        Pr, Nr = P[lo : lo + chunk], N[lo : lo + chunk]
        PP = Pr @ P
        NN = Nr @ N
        ppp += PP.multiply(Pr).sum()
        ppn += PP.multiply(Nr).sum()
        pnn += NN.multiply(Pr).sum()
        nnn += NN.multiply(Nr).sum()
    return {
        "+++": round(ppp / 6),
        "+--": round(pnn / 2),
        "++-": round(ppn / 2),
        "---": round(nnn / 6),
    }


def _strongest_unbalanced(S: nx.Graph, limit: int) -> list[Triad]:
    # Visit edges strongest first; a triangle is found when its weakest edge
    # is visited, so triads come out ranked by their weakest tie and the scan
    # stops as soon as ``limit`` unbalanced ones are found.
    edges = sorted(
        (
            (abs(d["weight"]), u, v, 1 if d["weight"] > 0 else -1)
            for u, v, d in S.edges(data=True)
            if d.get("weight") and u != v
        ),
        key=lambda e: (-e[0], str(e[1]), str(e[2])),
    )
    seen: dict[Any, dict[Any, int]] = {}
    out: list[Triad] = []
    for strength, u, v, s in edges:
        if len(out) >= limit:
            break
        nu, nv = seen.get(u, {}), seen.get(v, {})
        small, big = (nu, nv) if len(nu) <= len(nv) else (nv, nu)
        for w in sorted((x for x in small if x in big), key=str):
            if s * nu[w] * nv[w] < 0:
                a, b, c = sorted((u, v, w), key=str)
                sign = {frozenset((u, v)): s, frozenset((u, w)): nu[w], frozenset((v, w)): nv[w]}
                out.append(
                    Triad(
                        (a, b, c),
                        (sign[frozenset((a, b))], sign[frozenset((b, c))], sign[frozenset((a, c))]),
                        float(strength),
                    )
                )
                if len(out) >= limit:
                    break
        seen.setdefault(u, {})[v] = s
        seen.setdefault(v, {})[u] = s
    return out


def balance(G: nx.Graph, *, limit: int = 50) -> BalanceResult:
    """Structural balance: which closed triads are consistent.

    A triangle is balanced when the product of its signs is positive ("the
    friend of my friend", "the enemy of my enemy"); ``++-`` and ``---`` are
    unbalanced (strict Cartwright–Harary balance; under Davis's weak balance
    ``---`` would count as balanced, see ``counts``). Neutral ties (weight 0)
    are ignored.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        Signed graph (directions are summed).
    limit : int
        How many unbalanced triads to list (the counts are always exact).

    Raises
    ------
    kg.errors.AnalysisError
        When the graph has no triangle of signed ties.

    Examples
    --------
    >>> S = nx.Graph()
    >>> S.add_weighted_edges_from([("A", "B", 1), ("B", "C", 1), ("A", "C", -1),
    ...                            ("C", "D", -2), ("D", "E", -1), ("C", "E", 1)])
    >>> r = balance(S)
    >>> r.balanced, r.unbalanced, r.ratio
    (1, 1, 0.5)
    >>> r.unbalanced_triads[0].nodes, r.unbalanced_triads[0].pattern
    (('A', 'B', 'C'), '++-')
    """
    S = undirected(G, "structural balance")
    nodes, A = _signed_matrix(S)
    counts = _triangle_counts(A)
    balanced = counts["+++"] + counts["+--"]
    unbalanced = counts["++-"] + counts["---"]
    if balanced + unbalanced == 0:
        raise AnalysisError(
            f"structural balance needs closed triads, but the {len(nodes)} actors form no "
            "triangle of signed ties; widen the filters or lower --min-evidence"
        )
    return BalanceResult(
        counts=counts,
        balanced=balanced,
        unbalanced=unbalanced,
        ratio=balanced / (balanced + unbalanced),
        unbalanced_triads=_strongest_unbalanced(S, limit) if unbalanced else [],
    )
