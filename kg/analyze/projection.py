"""From records to networkx graphs: the signed, weighted actor projection.

See :mod:`kg.analyze` for the node and edge attributes (a stable contract the
renderer relies on).
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from kg.analyze.parties import Parties
from kg.analyze.principals import LEVELS, Principals, rollup
from kg.analyze.records import ActorInfo, EdgeRecord, RelationInfo, relation_info
from kg.errors import AnalysisError, ConfigError

__all__ = [
    "EXPORT_FORMATS",
    "LEVELS",
    "export_graph",
    "project",
    "rollup",
    "signed_graph",
    "undirected",
]

#: Values of :func:`export_graph`'s ``fmt``.
EXPORT_FORMATS = ("graphml", "gexf", "cytoscape-json")

#: How many evidence sentences an edge keeps.
EVIDENCE_PER_EDGE = 5


class _Acc:
    """Running aggregate of the records on one edge."""

    __slots__ = (
        "align_gross",
        "align_net",
        "evidence",
        "first",
        "intensity",
        "last",
        "material",
        "neg",
        "neu",
        "pos",
        "relations",
        "sym",
    )

    def __init__(self) -> None:
        self.relations: dict[str, int] = {}
        self.pos = self.neg = self.neu = 0
        self.intensity = 0.0
        self.align_net = self.align_gross = 0.0
        self.material = False
        self.sym = True
        self.first: str | None = None
        self.last: str | None = None
        self.evidence: list[tuple[float, int, str, str, str | None]] = []

    def add(self, r: EdgeRecord, rt: RelationInfo, seq: int) -> None:
        n, sign = r.count, rt.sign
        self.intensity += sign * rt.intensity * n
        self.align_net += sign * rt.alignment * n
        self.align_gross += abs(sign) * rt.alignment * n
        material, symmetric = rt.mode == "material", rt.symmetric
        self.relations[r.relation] = self.relations.get(r.relation, 0) + n
        if sign > 0:
            self.pos += n
        elif sign < 0:
            self.neg += n
        else:
            self.neu += n
        self.material = self.material or material
        self.sym = self.sym and symmetric
        if r.date:
            first = r.first or r.date
            if self.first is None or first < self.first:
                self.first = first
            if self.last is None or r.date > self.last:
                self.last = r.date
        if r.sentence:
            item = (r.confidence, -seq, r.sentence, r.article, r.date)
            if any(e[2] == r.sentence and e[3] == r.article for e in self.evidence):
                return
            if len(self.evidence) < EVIDENCE_PER_EDGE:
                heapq.heappush(self.evidence, item)
            elif item > self.evidence[0]:
                heapq.heapreplace(self.evidence, item)

    def attrs(self) -> dict[str, Any]:
        weight = self.pos - self.neg
        return {
            "relations": dict(sorted(self.relations.items())),
            "positive": self.pos,
            "negative": self.neg,
            "neutral": self.neu,
            "weight": weight,
            "intensity": round(self.intensity, 3),
            "alignment": round(self.align_net, 3),
            "alignment_gross": round(self.align_gross, 3),
            "count": self.pos + self.neg + self.neu,
            "sign": (weight > 0) - (weight < 0),
            "material": self.material,
            "symmetric": self.sym,
            "evidence": [(s, a, d) for _c, _q, s, a, d in sorted(self.evidence, reverse=True)],
            "first": self.first,
            "last": self.last,
        }


def project(
    records: Iterable[EdgeRecord],
    actors: Mapping[str, ActorInfo] | None = None,
    *,
    level: str = "principal",
    min_evidence: int = 1,
    include_modal: bool = False,
    places: Any = None,
) -> nx.DiGraph:
    """Aggregate records into a signed, weighted directed graph of actors.

    Parameters
    ----------
    records : iterable of EdgeRecord
        From :func:`load_records` or built by hand.
    actors : dict, optional
        Actor id -> :class:`ActorInfo` (labels, types, affiliations).
    level : {"principal", "actor", "country"}
        Whom an event is counted for: the principal behind each actor (a
        person's state or force at the event's date, a state's military and
        government sectors to the state; see :class:`Principals`), every actor
        apart, or every actor's country. ``"state"`` is the old name of
        ``"principal"``.
    min_evidence : int
        Drop edges backed by fewer records.
    include_modal : bool
        Also count possible, conditional and intended relations (never
        negated ones).
    places : kg.places.PlaceKB or False, optional
        Who holds a place (default: the bundled facts, read only when an
        actor may be a place). Only parties are nodes (:class:`Parties`): an
        event of a place goes to the party holding it at the event's date,
        one of a place nobody holds, a ship or a news outlet is left out;
        False keeps every actor.

    Returns
    -------
    networkx.DiGraph
        Node and edge attributes as documented in :mod:`kg.analyze`.
        Symmetric relations are stored once, on the edge from the smaller to
        the larger id; a joint act read in both directions from one sentence
        counts once.

    Examples
    --------
    >>> recs = [EdgeRecord("EGY", "LNA", "supports"),
    ...         EdgeRecord("EGY", "LNA", "provides_aid_to"),
    ...         EdgeRecord("TUR", "LNA", "opposes"),
    ...         EdgeRecord("TUR", "LNA", "supports", negated=True)]
    >>> G = project(recs)
    >>> G["EGY"]["LNA"]["weight"], G["EGY"]["LNA"]["material"], G["TUR"]["LNA"]["sign"]
    (2, True, -1)
    """
    principal = Principals(actors or {}, level)
    party = Parties(actors, places) if actors and places is not False else None
    if not isinstance(min_evidence, int) or min_evidence < 1:
        raise ConfigError(f"bad --min-evidence {min_evidence!r}; expected a whole number >= 1")
    actors = actors or {}
    types = relation_info()

    acc: dict[tuple[str, str], _Acc] = {}
    members: dict[str, set[str]] = {}
    used = 0
    joint: set[tuple[str, str | None, str, str, str]] = set()
    for seq, r in enumerate(records):
        if r.negated or (r.modality != "asserted" and not include_modal):
            continue
        rt = types.get(r.relation)
        if rt is None:
            continue
        if rt.symmetric and r.count == 1 and r.sentence:
            # a joint act ("X and Y signed a deal") is extracted in both directions,
            # as event data codes it: count it once
            lo, hi = sorted((r.source, r.target))
            act = (r.article, r.sentence, r.relation, lo, hi)
            if act in joint:
                continue
            joint.add(act)
        if r.first is not None and r.first != r.date:  # a pair's span of dates
            u = principal.over(r.source, r.first, r.date) or r.source
            v = principal.over(r.target, r.first, r.date) or r.target
        else:
            u = principal(r.source, r.date)
            v = principal(r.target, r.date)
        if party is not None:
            pu, pv = party(u, r.date), party(v, r.date)
            if pu is None or pv is None:
                continue
            u, v = pu, pv
        if u == v:
            continue
        if u != r.source:
            members.setdefault(u, set()).add(r.source)
        if v != r.target:
            members.setdefault(v, set()).add(r.target)
        if rt.symmetric and v < u:
            u, v = v, u
        a = acc.get((u, v))
        if a is None:
            a = acc[(u, v)] = _Acc()
        a.add(r, rt, seq)
        used += r.count

    G = nx.DiGraph(
        level=principal.level, rollup=dict(principal.moved), principal=principal, records=used
    )
    for (u, v), a in sorted(acc.items(), key=lambda kv: kv[0]):  # whatever the read order
        data = a.attrs()
        if data["count"] >= min_evidence:
            G.add_edge(u, v, **data)
    for n in G.nodes:
        info = actors.get(n)
        G.nodes[n]["label"] = info.label if info else n
        G.nodes[n]["type"] = info.type if info else "Group"
        G.nodes[n]["country"] = info.country if info else None
        # the actors counted for this principal, most prominent (people first) in order
        G.nodes[n]["members"] = sorted(
            members.get(n, ()),
            key=lambda m: (_member_rank(actors.get(m)), str(m)),
        )
        G.nodes[n]["member_labels"] = [
            (actors[m].label if m in actors else m) for m in G.nodes[n]["members"]
        ]
        G.nodes[n]["people"] = [
            actors[m].label for m in G.nodes[n]["members"] if _member_rank(actors.get(m)) == 0
        ]
    return G


def _member_rank(info: ActorInfo | None) -> int:
    return 0 if info is not None and info.type == "Person" else 1


def signed_graph(G: nx.DiGraph) -> nx.Graph:
    """The undirected signed view: one edge per pair, both directions summed.

    Edge attributes: ``weight`` (sum of both directions), ``sign`` (of the
    sum), ``count``, ``positive``, ``negative``, ``neutral``, ``material``,
    ``relations``, ``evidence``, ``first``, ``last``.

    Examples
    --------
    >>> G = project([EdgeRecord("A", "B", "supports"), EdgeRecord("B", "A", "accuses"),
    ...              EdgeRecord("B", "A", "attacks")])
    >>> S = signed_graph(G)
    >>> S["A"]["B"]["weight"], S["A"]["B"]["sign"], S["A"]["B"]["count"]
    (-1, -1, 3)
    """
    if not G.is_directed():
        return G.copy()
    S = nx.Graph(**G.graph)
    S.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        if S.has_edge(u, v):
            e = S[u][v]
            for key in ("weight", "count", "positive", "negative", "neutral"):
                e[key] += d[key]
            for key in ("intensity", "alignment", "alignment_gross"):
                if key in d:
                    e[key] = round(e.get(key, 0.0) + d[key], 3)
            e["material"] = e["material"] or d["material"]
            e["symmetric"] = e["symmetric"] and d["symmetric"]
            for name, n in d["relations"].items():
                e["relations"][name] = e["relations"].get(name, 0) + n
            e["evidence"] = (e["evidence"] + d["evidence"])[:EVIDENCE_PER_EDGE]
            e["first"] = min((x for x in (e["first"], d["first"]) if x), default=None)
            e["last"] = max((x for x in (e["last"], d["last"]) if x), default=None)
            e["sign"] = (e["weight"] > 0) - (e["weight"] < 0)
        else:
            S.add_edge(
                u, v, **{**d, "relations": dict(d["relations"]), "evidence": list(d["evidence"])}
            )
    return S


def undirected(G: nx.Graph, what: str = "this analysis") -> nx.Graph:
    """``G`` as a signed undirected graph, refusing empty input with a clear message."""
    S = signed_graph(G) if G.is_directed() else G
    if S.number_of_nodes() == 0:
        raise AnalysisError(
            f"{what} needs a graph with actors, but the graph is empty; build the store "
            "first (kg build ...) or widen the filters (--from/--to, --relations, --min-evidence)"
        )
    return S


def _flat(value: Any) -> Any:
    """A scalar for GraphML/GEXF: containers as JSON text, None as absent."""
    if isinstance(value, dict | list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return json.dumps(items, ensure_ascii=False, default=str)
    return value


def _typed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One type per attribute across ``rows`` (nodes' or edges' data), as Gephi and
    networkx's readers need: booleans stay booleans, whole numbers stay integers,
    numbers mixing both become floats, anything else is text. A missing value
    (None) is left out rather than written as "" (which no number reader takes)."""
    flat = [{k: _flat(v) for k, v in row.items() if v is not None} for row in rows]
    kinds: dict[str, set[type]] = {}
    for row in flat:
        for k, v in row.items():
            kinds.setdefault(k, set()).add(bool if isinstance(v, bool) else type(v))
    cast: dict[str, Any] = {}
    for k, seen in kinds.items():
        if seen <= {bool} or seen <= {int}:
            continue
        cast[k] = float if seen <= {int, float} else str
    return [{k: cast[k](v) if k in cast else v for k, v in row.items()} for row in flat]


def export_graph(G: nx.Graph, path: str | Path, fmt: str) -> Path:
    """Write ``G`` for other tools: GraphML, GEXF (Gephi) or Cytoscape JSON.

    Dict and list attributes (``relations``, ``evidence``) are written as JSON
    strings in GraphML and GEXF, which only hold scalars. Each attribute has one
    type (boolean, integer, float or string) across the nodes or edges, and a
    missing value (an unaligned actor's ``bloc``) is left out, so ``nx.read_gexf``,
    ``nx.read_graphml`` and Gephi read the files back.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = project([EdgeRecord("A", "B", "supports", sentence="A backs B.")])
    >>> out = export_graph(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml", "graphml")
    >>> "A backs B." in out.read_text()
    True
    """
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(
            f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}"
        )
    path = Path(path)
    # ``rollup``, ``principal`` and ``sources`` are bookkeeping, not part of the picture.
    graph_attrs = {k: v for k, v in G.graph.items() if k not in ("rollup", "principal", "sources")}
    try:
        if fmt == "cytoscape-json":
            C = G.copy()
            C.graph = graph_attrs
            data = nx.cytoscape_data(C)
            path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str))
            return path
        H = G.__class__()
        H.graph.update(_typed([graph_attrs])[0])
        nodes = list(G.nodes(data=True))
        H.add_nodes_from(
            (n, d) for (n, _), d in zip(nodes, _typed([d for _, d in nodes]), strict=True)
        )
        edges = list(G.edges(data=True))
        H.add_edges_from(
            (u, v, d) for (u, v, _), d in zip(edges, _typed([d for *_, d in edges]), strict=True)
        )
        if fmt == "graphml":
            nx.write_graphml(H, path)
        else:
            nx.write_gexf(H, path)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}; check the --out path") from exc
    return path
