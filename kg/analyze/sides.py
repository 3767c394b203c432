"""Side-taking beyond cooperation: joint action and shared enemies.

Blocs are held together by cooperative ties, and news often states a side
without one: states act *together* ("A, B and C cut ties with D" is three
hostile events and no tie between A, B and C), or fight the same enemy
without a word about each other. Two readings add that evidence to the
graph the bloc search splits (:func:`side_graph`):

* **Joint action.** The co-subjects of one event (the same relation to the
  same target in one sentence) are aligned by it, and so are the joint
  targets of a material act (both struck, both armed). Each co-actor pair
  gains :data:`kg.analyze.weights.JOINT_ACTION` times the event's
  side-taking weight (an attack or a sanction 1, so 0.5), with the sentence
  as its evidence. Symmetric acts ("A and B signed a deal") are ties of
  their own already, and so are not counted twice; joint targets of words
  (an accusation, an appeal to both sides) are not aligned by them: a
  mediator calls on enemies alike.
* **Shared enemy** (structural balance: the enemy of my enemy). Two actors
  hostile to the same enemy, and not to each other, lean to one side: per
  shared enemy, :data:`kg.analyze.weights.SHARED_ENEMY` times the two
  hostilities (each counted up to one event), so at most 0.5, below one
  direct backing (1). The evidence is an inference and says so.

The derived ties are stored beside the extracted ones: the edge attributes
``alignment`` and ``alignment_gross`` (what the bloc search weighs) grow by
them, ``joint`` and ``shared`` hold the added weights and ``joint_evidence``
the joint sentences (:func:`side_ties` lists an actor's, with the enemies
behind each shared-enemy tie). ``weight``,
``count`` and ``relations`` stay the extracted evidence, so the other
analyses (balance, influence, enemy-of-enemy suggestions) see only what was
reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from kg.analyze.projection import EVIDENCE_PER_EDGE, signed_graph
from kg.analyze.records import EdgeRecord, relation_info
from kg.analyze.weights import JOINT_ACTION, SHARED_ENEMY, bloc_weight

__all__ = [
    "SideTie",
    "add_shared_enemies",
    "joint_acts",
    "shared_enemies",
    "side_graph",
    "side_ties",
    "with_shared_enemies",
]


@dataclass(frozen=True)
class SideTie:
    """Derived side-taking evidence between ``a`` and ``b``.

    ``kind`` is ``"joint action"`` (``evidence``: the sentences, as
    ``(sentence, article, date)``) or ``"shared enemy"`` (``via``: the
    enemies both are hostile to; an inference).
    """

    a: Any
    b: Any
    kind: str
    weight: float
    evidence: tuple[tuple[str, str, str | None], ...] = ()
    via: tuple[Any, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "weight": round(self.weight, 3),
            "evidence": [list(e) for e in self.evidence],
            "via": list(self.via),
        }


def _who(G: nx.Graph) -> Any:
    principal = G.graph.get("principal")
    if principal is not None:
        return principal
    mapping: Mapping[str, str] = G.graph.get("rollup", {})
    return lambda actor, _date=None: mapping.get(actor, actor)


def joint_acts(G: nx.Graph, records: Iterable[EdgeRecord]) -> list[SideTie]:
    """Co-actors of one event: joint subjects of a relation to one target in one
    sentence, and joint targets of one material act (see the module documentation).

    Actors are counted for their principals as in ``G`` (its ``principal``);
    records without a sentence (pair counts) give nothing.

    Examples
    --------
    >>> from kg.analyze.projection import project
    >>> s = "Aland, Borduria and Carpania cut ties with Dorado."
    >>> recs = [EdgeRecord(x, "DOR", "sanctions", article="a1", sentence=s)
    ...         for x in ("ALA", "BOR", "CAR")]
    >>> [(t.a, t.b, t.weight) for t in joint_acts(project(recs), recs)]
    [('ALA', 'BOR', 0.5), ('ALA', 'CAR', 0.5), ('BOR', 'CAR', 0.5)]
    """
    types = relation_info()
    who = _who(G)
    subjects: dict[tuple[str, str, str, str], set[str]] = {}
    objects: dict[tuple[str, str, str, str], set[str]] = {}
    dated: dict[tuple[str, str], str | None] = {}
    for r in records:
        rt = types.get(r.relation)
        if not r.asserted or not r.sentence or rt is None or rt.symmetric or not rt.alignment:
            continue
        u, v = who(r.source, r.date) or r.source, who(r.target, r.date) or r.target
        if u == v or u not in G or v not in G:
            continue
        subjects.setdefault((r.article, r.sentence, r.relation, v), set()).add(u)
        if rt.mode == "material":
            objects.setdefault((r.article, r.sentence, r.relation, u), set()).add(v)
        dated[(r.article, r.sentence)] = r.date
    acc: dict[tuple[str, str], tuple[float, list[tuple[str, str, str | None]]]] = {}
    for groups in (subjects, objects):
        for (article, sentence, relation, _other), side in groups.items():
            if len(side) < 2:
                continue
            w = JOINT_ACTION * types[relation].alignment
            for a, b in combinations(sorted(side, key=str), 2):
                weight, ev = acc.get((a, b), (0.0, []))
                item = (sentence, article, dated[(article, sentence)])
                if item in ev:  # the same sentence read as subjects and as targets
                    continue
                acc[(a, b)] = (weight + w, [*ev, item])
    return [
        SideTie(a, b, "joint action", w, tuple(ev[:EVIDENCE_PER_EDGE]))
        for (a, b), (w, ev) in sorted(acc.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))
    ]


def _add(S: nx.Graph, tie: SideTie) -> None:
    if not S.has_edge(tie.a, tie.b):
        # a derived tie only: no reported event on it
        S.add_edge(tie.a, tie.b, weight=0, count=0, alignment=0.0, alignment_gross=0.0)
    e = S[tie.a][tie.b]
    e["alignment"] = round(float(e.get("alignment") or 0) + tie.weight, 3)
    e["alignment_gross"] = round(float(e.get("alignment_gross") or 0) + tie.weight, 3)
    if tie.kind == "joint action":
        e["joint"] = round(float(e.get("joint", 0.0)) + tie.weight, 3)
        e["joint_evidence"] = [*e.get("joint_evidence", []), *tie.evidence][:EVIDENCE_PER_EDGE]
    else:
        e["shared"] = round(float(e.get("shared", 0.0)) + tie.weight, 3)


def _enemies(S: nx.Graph, node: Any) -> set[Any]:
    return {m for m, d in S[node].items() if _hostility(d) > 0}


def _hostility(d: Mapping[str, Any]) -> float:
    w = bloc_weight(float(d.get("alignment") or 0), float(d.get("alignment_gross") or 0))
    return min(1.0, -w) if w < 0 else 0.0


def shared_enemies(S: nx.Graph, *, via: bool = True) -> list[SideTie]:
    """Pairs hostile to a common enemy and not to each other (see the module documentation).

    Computed with sparse products of the hostility matrix, so an actor at war
    with many does not make it quadratic in Python. ``via=False`` leaves the
    enemies out of the ties (:func:`side_ties` finds them for one actor).

    Examples
    --------
    >>> S = nx.Graph()
    >>> S.add_edge("ETH", "TPLF", alignment=-3.0, alignment_gross=3.0)
    >>> S.add_edge("ERI", "TPLF", alignment=-1.0, alignment_gross=1.0)
    >>> [(t.a, t.b, t.weight, t.via) for t in shared_enemies(S)]
    [('ERI', 'ETH', 0.5, ('TPLF',))]
    """
    nodes = sorted(S.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    rows, cols, vals = [], [], []
    for u, v, d in S.edges(data=True):
        h = _hostility(d)
        if h > 0 and u != v:
            i, j = index[u], index[v]
            rows += [i, j]
            cols += [j, i]
            vals += [h, h]
    n = len(nodes)
    if not vals:
        return []
    H = sp.csr_matrix((vals, (rows, cols)), shape=(n, n), dtype=np.float64)
    hostile = (H > 0).astype(np.float64).tocsr()
    out: list[SideTie] = []
    chunk = 512
    for lo in range(0, n, chunk):
        M = (H[lo : lo + chunk] @ H).tocsr()
        M = (M - M.multiply(hostile[lo : lo + chunk])).tocoo()  # not enemies of each other
        i = M.row + lo
        keep = (M.col > i) & (M.data > 1e-12)
        for a, b, w in zip(
            i[keep].tolist(), M.col[keep].tolist(), M.data[keep].tolist(), strict=True
        ):
            x, y = nodes[a], nodes[b]
            common = tuple(sorted(_enemies(S, x) & _enemies(S, y), key=str)) if via else ()
            out.append(SideTie(x, y, "shared enemy", SHARED_ENEMY * w, via=common))
    return out


def with_shared_enemies(S: nx.Graph) -> nx.Graph:
    """A copy of the undirected graph ``S`` with its shared-enemy ties added."""
    T = S.copy()
    add_shared_enemies(T)
    return T


def add_shared_enemies(S: nx.Graph) -> None:
    """Add the shared-enemy ties of the undirected graph ``S`` to it, in place."""
    for tie in shared_enemies(S, via=False):
        _add(S, tie)


def side_graph(
    G: nx.Graph, records: Iterable[EdgeRecord] | None = None, *, shared: bool = True
) -> nx.Graph:
    """The undirected graph the bloc search splits: extracted ties, joint action, shared enemies.

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        From :func:`kg.analyze.project`.
    records : iterable of EdgeRecord, optional
        The events ``G`` was projected from; with sentences, their joint acts count.
    shared : bool
        Also add the shared-enemy ties (the theatres add their own, from the
        enemies within each war).

    Examples
    --------
    >>> from kg.analyze.projection import project
    >>> s = "Aland and Borduria shelled Dorado."
    >>> recs = [EdgeRecord(x, "DOR", "attacks", article="a1", sentence=s) for x in ("ALA", "BOR")]
    >>> S = side_graph(project(recs), recs)
    >>> S["ALA"]["BOR"]["alignment"], S["ALA"]["BOR"]["joint_evidence"][0][0]
    (1.0, 'Aland and Borduria shelled Dorado.')
    """
    S = signed_graph(G) if G.is_directed() else G.copy()
    for tie in joint_acts(S, records or ()):
        _add(S, tie)
    return with_shared_enemies(S) if shared else S


def side_ties(S: nx.Graph, node: Any) -> list[SideTie]:
    """The derived side-taking ties of ``node`` in a :func:`side_graph`, strongest first."""
    out = []
    for other, d in S[node].items():
        if d.get("joint"):
            out.append(
                SideTie(node, other, "joint action", d["joint"], tuple(d.get("joint_evidence", ())))
            )
        if d.get("shared"):
            common = _enemies(S, node) & _enemies(S, other)
            out.append(
                SideTie(
                    node, other, "shared enemy", d["shared"], via=tuple(sorted(common, key=str))
                )
            )
    return sorted(out, key=lambda t: (-t.weight, t.kind, str(t.b)))
