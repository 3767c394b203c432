"""What to draw: subgraph selection, blocs, sizes, styles and a signed layout.

Everything here is plain networkx and numpy, shared by the matplotlib pictures
(:mod:`kg.render.static`) and the interactive page (:mod:`kg.render.html`) so
both show the same colours and the same positions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from kg.errors import ConfigError, KGError

__all__ = [
    "BLOC_PALETTE",
    "CONFLICT_COLOR",
    "COOPERATION_COLOR",
    "NEUTRAL_COLOR",
    "OTHER_BLOC_COLOR",
    "SHAPES",
    "Scene",
    "node_shape",
    "pack_components",
    "prepare_scene",
    "signed_layout",
]

#: Bloc colours: Okabe–Ito (colour-blind safe) without its green and vermilion,
#: which would be confused with the cooperation and conflict edge colours.
BLOC_PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#7B4F9E",  # purple
    "#8C6D31",  # brown
    "#000000",  # black
)
#: Colour of actors in blocs beyond the palette, or alone in their bloc.
OTHER_BLOC_COLOR = "#BBBBBB"
#: Edge colours: a bluish green and a vermilion red differ in lightness too,
#: so they stay apart for red–green colour-blind readers.
COOPERATION_COLOR = "#1B9E77"
CONFLICT_COLOR = "#D7301F"
NEUTRAL_COLOR = "#8F8F8F"

#: Marker (matplotlib code, legend label) per actor kind.
SHAPES: dict[str, tuple[str, str]] = {
    "state": ("o", "State / government"),
    "organization": ("s", "Organization"),
    "armed": ("^", "Armed group"),
    "person": ("D", "Person"),
    "other": ("h", "Other group"),
}
_KIND_OF_TYPE = {
    "State": "state",
    "Government": "state",
    "InternationalOrganization": "organization",
    "Organization": "organization",
    "Media": "organization",
    "ArmedGroup": "armed",
    "Person": "person",
}
#: Relations that have no direction (``X meets Y`` is ``Y meets X``): no arrowhead.
SYMMETRIC_RELATIONS = frozenset({"cooperates_with", "signs_agreement_with", "meets_with"})


def node_shape(actor_type: str | None) -> str:
    """The actor kind drawn for an ontology actor type.

    Examples
    --------
    >>> node_shape("Government"), node_shape("ArmedGroup"), node_shape("PoliticalGroup")
    ('state', 'armed', 'other')
    """
    return _KIND_OF_TYPE.get(actor_type or "", "other")


@dataclass
class Scene:
    """A graph ready to draw: kept nodes, their styles and positions.

    Attributes
    ----------
    graph : networkx.DiGraph
        The subgraph drawn (after ``top``, ``focus`` and ``min_evidence``).
    pos : dict
        Node → ``(x, y)`` in ``[-1, 1]``.
    bloc : dict
        Node → bloc index (bloc ``i`` is numbered ``i + 1``, as in ``kg analyze
        blocs``) or ``-1`` when unaligned.
    color : dict
        Node → hex colour.
    size : dict
        Node → centrality scaled to ``[0, 1]``.
    kind : dict
        Node → key of :data:`SHAPES`.
    blocs : list of (colour, members)
        Drawn blocs in bloc order, members sorted by size.
    edges : list of dict
        One entry per drawn edge (see :func:`prepare_scene`).
    window : tuple of str or None
        First and last date of the evidence drawn.
    articles : int
        Number of distinct source articles (as far as the graph knows).
    """

    graph: nx.DiGraph
    pos: dict[Hashable, tuple[float, float]]
    bloc: dict[Hashable, int]
    color: dict[Hashable, str]
    size: dict[Hashable, float]
    kind: dict[Hashable, str]
    blocs: list[tuple[str, list[Hashable]]]
    edges: list[dict[str, Any]] = field(default_factory=list)
    window: tuple[str, str] | None = None
    articles: int = 0
    confidence: dict[Hashable, float] = field(default_factory=dict)

    def label(self, n: Hashable) -> str:
        """Display name of a node; a force or government with the person who counts
        for it at the principal level ("Libyan National Army (Khalifa Haftar)")."""
        d = self.graph.nodes[n]
        name = str(d.get("label") or n)
        people = d.get("people") or ()
        if people and d.get("type") not in _NO_LEADER:
            name += f" ({people[0]}{' +' + str(len(people) - 1) if len(people) > 1 else ''})"
        return name

    def number(self, members: list[Hashable]) -> int:
        """The number of the drawn bloc ``members`` (as ``kg analyze blocs`` shows it)."""
        return self.bloc[members[0]] + 1


# Principals whose people are not named on them (a state's ministers are legion).
_NO_LEADER = frozenset({"State", "InternationalOrganization"})


def _edge_count(data: Mapping[str, Any]) -> int:
    count = data.get("count")
    if count is None:
        count = sum(data.get("relations", {}).values()) or 1
    return int(count)


def _edge_sign(data: Mapping[str, Any]) -> int:
    """+1 cooperation, −1 conflict, 0 neutral: by side-taking evidence when the edge has
    it (as blocs are split: an attack outweighs a ceasefire deal and a meeting), else by
    the sign of the evidence counts."""
    if "alignment" in data and "alignment_gross" in data:
        from kg.analyze.weights import bloc_weight

        tie = bloc_weight(float(data["alignment"] or 0), float(data["alignment_gross"] or 0))
        return (tie > 1e-9) - (tie < -1e-9)
    sign = data.get("sign")
    if sign is None:
        weight = float(data.get("weight", 0))
        sign = (weight > 0) - (weight < 0)
    return int(sign)


def _symmetric(data: Mapping[str, Any]) -> bool:
    """True when every relation on the edge is symmetric (drawn without arrowhead)."""
    if "symmetric" in data:
        return bool(data["symmetric"])
    relations = data.get("relations") or {}
    return bool(relations) and set(relations) <= SYMMETRIC_RELATIONS


def _resolve_actor(G: nx.DiGraph, name: Hashable) -> Hashable:
    """A node from its id or (case-insensitive) label; ConfigError naming close ones."""
    if name in G:
        return name
    wanted = str(name).casefold()
    hits = [n for n, d in G.nodes(data=True) if str(d.get("label", "")).casefold() == wanted]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        # at the principal level a person counts for the actor they lead or serve
        # ("Khalifa Haftar" is drawn as the Libyan National Army)
        hits = [
            n
            for n, d in G.nodes(data=True)
            if str(name) in d.get("members", ())
            or wanted in (str(x).casefold() for x in d.get("member_labels", ()))
        ]
        if len(hits) == 1:
            return hits[0]
    near = sorted(
        str(d.get("label") or n)
        for n, d in G.nodes(data=True)
        if wanted in str(d.get("label") or n).casefold()
    )[:8]
    hint = f"; did you mean: {', '.join(near)}?" if near else ""
    if len(hits) > 1:
        raise ConfigError(
            f"focus actor {name!r} is ambiguous ({len(hits)} actors); use an id{hint}"
        )
    raise ConfigError(f"unknown focus actor {name!r}: not in the graph{hint}")


def _centrality(G: nx.DiGraph) -> dict[Hashable, float]:
    """Evidence-weighted degree: how much is reported about each actor."""
    score: Counter[Hashable] = Counter({n: 0.0 for n in G})
    for u, v, d in G.edges(data=True):
        c = _edge_count(d)
        score[u] += c
        score[v] += c
    return dict(score)


def _default_blocs(G: nx.DiGraph, seed: int) -> tuple[dict[Hashable, int], dict[Hashable, float]]:
    """Blocs (unaligned actors left out) and membership confidences from
    :func:`kg.analyze.blocs` when available, else modularity on positive ties."""
    try:
        from kg.analyze import blocs as analyze_blocs
        from kg.analyze.sides import side_graph

        # as `kg analyze blocs` splits them: with the shared enemies (joint acts
        # need the events, which a graph does not keep)
        result = analyze_blocs(side_graph(G), seed=seed)
        unaligned = set(result.unaligned)
        membership = {n: b for n, b in result.membership.items() if n not in unaligned}
        return membership, dict(result.confidence)
    except KGError:
        pass  # degenerate for bloc detection (no conflict, one actor): group by cooperation
    except KeyError:
        pass  # a hand-made graph without every attribute kg.analyze.project sets
    pos = nx.Graph()
    pos.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        if _edge_sign(d) > 0:
            w = pos[u][v]["weight"] if pos.has_edge(u, v) else 0
            pos.add_edge(u, v, weight=w + _edge_count(d))
    if pos.number_of_edges() == 0:
        return {n: i for i, n in enumerate(G)}, {}
    parts = nx.community.greedy_modularity_communities(pos, weight="weight")
    return {n: i for i, part in enumerate(parts) for n in part}, {}


def _select(
    G: nx.DiGraph,
    *,
    centrality: Mapping[Hashable, float],
    top: int | None,
    focus: Hashable | None,
    hops: int,
    min_evidence: int,
) -> nx.DiGraph:
    if min_evidence < 1:
        raise ConfigError(f"min_evidence must be at least 1, got {min_evidence}")
    if hops not in (1, 2):
        raise ConfigError(f"hops must be 1 or 2, got {hops}")
    if top is not None and top < 1:
        raise ConfigError(f"top must be a positive number of actors, got {top}")
    H = nx.DiGraph(G)
    weak = [(u, v) for u, v, d in H.edges(data=True) if _edge_count(d) < min_evidence]
    H.remove_edges_from(weak)
    if focus is not None:
        center = _resolve_actor(G, focus)
        ego = nx.ego_graph(H.to_undirected(as_view=True), center, radius=hops)
        H = nx.DiGraph(H.subgraph(ego.nodes))
    if top is not None and H.number_of_nodes() > top:
        keep = sorted(H, key=lambda n: (-centrality.get(n, 0.0), str(n)))[:top]
        if focus is not None:
            center = _resolve_actor(G, focus)
            if center not in keep:
                keep = [center, *keep[:-1]]
        H = nx.DiGraph(H.subgraph(keep))
    # Actors left without any edge after filtering only add noise to a crowded picture.
    if H.number_of_nodes() > 12:
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    return H


def signed_layout(
    G: nx.Graph,
    *,
    bloc: Mapping[Hashable, int] | None = None,
    seed: int = 0,
    iterations: int = 300,
    min_dist: float = 0.0,
) -> dict[Hashable, tuple[float, float]]:
    """Force-directed positions where allies sit together and adversaries apart.

    A Fruchterman–Reingold variant: every pair repels, positive edges attract
    (more with more evidence), negative edges push harder than plain repulsion,
    and members of one bloc attract weakly, so blocs form visible clusters.
    Blocs start in their own sector of a circle. Each connected component is
    laid out on its own, in a square whose side grows with the square root of
    its size, and the squares are packed largest first (:func:`pack_components`),
    so a few stray pairs never push the main component into a corner.
    Deterministic for a fixed seed.

    Parameters
    ----------
    G : networkx.Graph or DiGraph
        Edges carry ``sign`` (or signed ``weight``) and ``count``.
    bloc : mapping, optional
        Node → bloc index.
    seed : int
        Seed of the initial jitter.
    iterations : int
        Number of cooling steps.
    min_dist : float
        Push nodes apart until no two are closer than this (in the final
        ``[-1, 1]`` frame), so markers do not cover each other.

    Returns
    -------
    dict
        Node → ``(x, y)``, scaled to fit ``[-1, 1]``.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", sign=1, count=3)
    >>> G.add_edge("c", "d", sign=1, count=3)
    >>> G.add_edge("a", "c", sign=-1, count=3)
    >>> p = signed_layout(G, bloc={"a": 0, "b": 0, "c": 1, "d": 1})
    >>> import math
    >>> math.dist(p["a"], p["b"]) < math.dist(p["a"], p["c"])
    True
    >>> p == signed_layout(G, bloc={"a": 0, "b": 0, "c": 1, "d": 1})
    True
    """
    nodes = sorted(G, key=str)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    bloc = bloc or {}
    # largest component first; ties by name so the order never depends on hashing
    comps = sorted(
        (sorted(c, key=str) for c in nx.connected_components(G.to_undirected(as_view=True))),
        key=lambda c: (-len(c), str(c[0])),
    )
    local: list[np.ndarray] = []
    for comp in comps:
        xy = _force_layout(G.subgraph(comp), comp, bloc, seed=seed, iterations=iterations)
        if 1 < len(comp) <= 5:
            xy = _upright(xy)  # a small chain stands tall: labels to its side cost no height
        # side ∝ √size: every component gets about the same room per node (a pair is
        # about one typical edge long)
        local.append(_fit(xy, max_stretch=1.0) * max(math.sqrt(len(comp)) - 0.6, 0.0) / 2)
    if min_dist > 0 and len(comps) > 1:
        # spread each component at the spacing it will have once packed and scaled,
        # so the final pass below hardly moves anything across component borders
        for _ in range(2):
            scale = 2.0 / max(np.ptp(np.vstack(pack_components(local)), axis=0).max(), 1e-9)
            local = [_separate(xy, min_dist / scale, clip=None) for xy in local]
    pos = _fit(np.vstack(pack_components(local)))
    if min_dist > 0:
        pos = _fit(_separate(pos, min_dist))
    order = [v for comp in comps for v in comp]
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(order)}


def pack_components(layouts: list[np.ndarray], *, gap: float = 0.9) -> list[np.ndarray]:
    """Translate component layouts so their bounding boxes tile a compact rectangle.

    Column (shelf) packing, in the given order (largest first): the first
    component sets the column height (at least the side of a square holding
    all components), the others stack top to bottom in columns to its right,
    each centred in its column. Bounding boxes are ``gap`` apart and never
    overlap.

    Parameters
    ----------
    layouts : list of ndarray
        One ``(n, 2)`` array of positions per component.
    gap : float
        Space between neighbouring boxes, in layout units.

    Returns
    -------
    list of ndarray
        The moved layouts, in the same order.

    Examples
    --------
    >>> big = np.array([[0.0, 0.0], [2.0, 2.0]])
    >>> pair = np.array([[0.0, 0.0], [1.0, 0.0]])
    >>> a, b, c = pack_components([big, pair, pair], gap=0.5)
    >>> float(b[:, 0].min()) > float(a[:, 0].max())  # beside the big one, not below
    True
    >>> float(c[:, 1].max()) < float(b[:, 1].min())  # stacked in the same column
    True
    """
    if not layouts:
        return []
    lo = [xy.min(axis=0) for xy in layouts]
    size = [xy.max(axis=0) - low for xy, low in zip(layouts, lo, strict=True)]
    area = sum((w + gap) * (h + gap) for w, h in size)
    height = max(float(size[0][1]), math.sqrt(area) - gap)
    moved: list[np.ndarray] = []
    x = y = 0.0  # left of the current column, top of its next free slot (y grows down)
    col_w = 0.0
    column: list[int] = []

    def centre(members: list[int], width: float) -> None:
        # centre the column's members horizontally in the column's width
        for k in members:
            moved[k][:, 0] += (width - float(size[k][0])) / 2

    for i, (xy, low, (w, h)) in enumerate(zip(layouts, lo, size, strict=True)):
        if column and y + h > height + 1e-9:
            centre(column, col_w)
            x, y, col_w, column = x + col_w + gap, 0.0, 0.0, []
        shifted = xy - low + np.array([x, -(y + h)])
        moved.append(shifted)
        column.append(i)
        col_w = max(col_w, float(w))
        y += float(h) + gap
    centre(column, col_w)
    return moved


def _upright(xy: np.ndarray) -> np.ndarray:
    """Rotate positions so their main axis is vertical (the sign fixed for determinism)."""
    centred = xy - xy.mean(axis=0)
    _, vecs = np.linalg.eigh(centred.T @ centred)
    main = vecs[:, -1] * (1 if vecs[np.argmax(np.abs(vecs[:, -1])), -1] >= 0 else -1)
    other = np.array([main[1], -main[0]])
    return np.column_stack([centred @ other, centred @ main])


def _force_layout(
    G: nx.Graph,
    nodes: list[Hashable],
    bloc: Mapping[Hashable, int],
    *,
    seed: int,
    iterations: int,
) -> np.ndarray:
    """Fruchterman–Reingold positions of one component (rows in the order of ``nodes``)."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    index = {v: i for i, v in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    blocs_sorted = sorted({bloc.get(v, -1) for v in nodes})
    sector = {b: i for i, b in enumerate(blocs_sorted)}
    angle = np.array([2 * math.pi * sector[bloc.get(v, -1)] / len(blocs_sorted) for v in nodes])
    pos = np.column_stack([np.cos(angle), np.sin(angle)]) * 0.6 + rng.normal(0, 0.25, (n, 2))

    attract = np.zeros((n, n))
    repel = np.ones((n, n))
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        i, j = index[u], index[v]
        strength = 1.0 + math.log1p(_edge_count(d))
        sign = _edge_sign(d)
        if sign > 0:
            attract[i, j] += strength
            attract[j, i] += strength
        elif sign < 0:
            repel[i, j] += strength
            repel[j, i] += strength
            if bloc.get(u, -1) < 0 or bloc.get(v, -1) < 0:
                # a weak long spring: an unaligned actor whose ties are conflicts stays
                # in sight of its adversaries instead of being flung to the frame's edge
                attract[i, j] += 0.15
                attract[j, i] += 0.15
        else:
            attract[i, j] += 0.3
            attract[j, i] += 0.3
    b = np.array([bloc.get(v, -1) for v in nodes])
    same = (b[:, None] == b[None, :]) & (b[:, None] >= 0)
    attract += 0.15 * same
    np.fill_diagonal(attract, 0.0)

    k = 1.0 / math.sqrt(n)  # ideal edge length in a unit square
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=-1)
        np.fill_diagonal(dist, 1.0)
        dist = np.maximum(dist, 0.01)
        # repulsion k²/d (stronger across negative ties), attraction d²/k on ties
        # the extra push between adversaries fades with distance, so a few rivals
        # separate blocs without flinging them to the corners and crushing each bloc
        push = 1.0 + (repel - 1.0) * np.exp(-dist / (4 * k))
        force = (k * k * push / dist**2 - attract * dist / k)[:, :, None] * delta
        np.fill_diagonal(force[:, :, 0], 0.0)
        np.fill_diagonal(force[:, :, 1], 0.0)
        disp = force.sum(axis=1) - 0.05 * pos  # gentle gravity keeps the component round
        length = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature -= cooling
    return pos


def _fit(pos: np.ndarray, max_stretch: float = 1.6) -> np.ndarray:
    """Centre the bounding box on the origin and scale it into ``[-1, 1]``.

    A flat layout is stretched along its short side (by at most
    ``max_stretch``) so the picture uses its square frame.
    """
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    half = np.maximum((hi - lo) / 2, 1e-9)
    scale = np.maximum(half, half.max() / max_stretch)
    return (pos - (lo + hi) / 2) / scale


def _separate(
    pos: np.ndarray, min_dist: float, rounds: int = 200, clip: float | None = 1.0
) -> np.ndarray:
    """Move overlapping nodes apart symmetrically until all pairs are ``min_dist`` apart.

    With ``clip``, nodes stay inside ``[-clip, clip]``.
    """
    pos = pos.copy()
    n = len(pos)
    jitter = np.random.default_rng(0).normal(0, 1e-6, pos.shape)
    pos += jitter  # coincident points need a direction to separate along
    for _ in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=-1)
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(min_dist - dist, 0.0, None)
        if not overlap.any():
            break
        push = (overlap / np.maximum(dist, 1e-9) / 2)[:, :, None] * delta
        pos += push.sum(axis=1) / max(1.0, math.sqrt(n) / 4)
        if clip is not None:
            # keep the frame so min_dist keeps its meaning
            pos = np.clip(pos, -clip, clip)
    return pos


def _window(G: nx.DiGraph) -> tuple[str, str] | None:
    start, end = G.graph.get("start"), G.graph.get("end")
    firsts = [str(d["first"]) for _, _, d in G.edges(data=True) if d.get("first")]
    lasts = [str(d["last"]) for _, _, d in G.edges(data=True) if d.get("last")]
    start = start or (min(firsts) if firsts else None)
    end = end or (max(lasts) if lasts else None)
    if start is None and end is None:
        return None
    return (str(start or "…"), str(end or "…"))


def _articles(G: nx.DiGraph) -> int:
    given = G.graph.get("articles")
    if isinstance(given, int):
        return given
    if given is not None and hasattr(given, "__len__"):
        return len(given)
    seen = {ev[1] for _, _, d in G.edges(data=True) for ev in d.get("evidence", ()) if len(ev) > 1}
    return len(seen)


def prepare_scene(
    G: nx.DiGraph,
    *,
    blocs: Mapping[Hashable, int] | None = None,
    centrality: Mapping[Hashable, float] | None = None,
    top: int | None = None,
    focus: Hashable | None = None,
    hops: int = 1,
    min_evidence: int = 1,
    seed: int = 0,
) -> Scene:
    """Select, colour, size and place the actors of an alliance graph.

    Each entry of ``Scene.edges`` has ``u``, ``v``, ``sign`` (+1/−1/0),
    ``material`` (bool), ``count``, ``directed`` (False when every relation is
    symmetric), ``reciprocal`` (the reverse edge is drawn too) and ``data``
    (the graph's edge attributes).

    Raises
    ------
    KGError
        When nothing is left to draw.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("EGY", label="Egypt", type="State")
    >>> G.add_node("haftar", label="Khalifa Haftar", type="Person")
    >>> G.add_edge("EGY", "haftar", sign=1, count=2, material=True, relations={"supports": 2})
    >>> s = prepare_scene(G)
    >>> s.kind["haftar"], s.edges[0]["directed"], s.color["EGY"] == s.color["haftar"]
    ('person', True, True)
    """
    if G.number_of_nodes() == 0:
        raise KGError(
            "nothing to draw: the graph has no actors; build the store first "
            "(kg build SOURCES) or widen the time window"
        )
    central = dict(centrality) if centrality is not None else _centrality(G)
    H = _select(G, centrality=central, top=top, focus=focus, hops=hops, min_evidence=min_evidence)
    if H.number_of_nodes() == 0:
        raise KGError(
            f"nothing to draw: no actor has an edge with at least {min_evidence} pieces of "
            "evidence; lower --min-evidence"
        )
    confidence: dict[Hashable, float] = {}
    if blocs is not None:
        membership = dict(blocs)
    else:
        membership, confidence = _default_blocs(G, seed)

    # Blocs keep the numbers of the whole graph's analysis (bloc 1 is the largest
    # there), so the picture and `kg analyze blocs` agree; singletons are
    # "unaligned" (a colour for one actor tells the reader nothing).
    groups: dict[Any, list[Hashable]] = {}
    for v in H:
        groups.setdefault(membership.get(v, ("solo", v)), []).append(v)
    numbered = {k: g for k, g in groups.items() if len(g) > 1 and isinstance(k, int)}
    if len(numbered) < sum(len(g) > 1 for g in groups.values()):  # labels of another kind
        ordered = sorted(
            (g for g in groups.values() if len(g) > 1),
            key=lambda g: (-len(g), -sum(central.get(v, 0) for v in g)),
        )
        numbered = dict(enumerate(ordered))
    bloc_of: dict[Hashable, int] = {v: -1 for v in H}
    color: dict[Hashable, str] = {v: OTHER_BLOC_COLOR for v in H}
    drawn: list[tuple[str, list[Hashable]]] = []
    for index, members in sorted(numbered.items()):
        members.sort(key=lambda v: (-central.get(v, 0.0), str(v)))
        c = BLOC_PALETTE[index] if 0 <= index < len(BLOC_PALETTE) else OTHER_BLOC_COLOR
        for v in members:
            bloc_of[v] = index
            color[v] = c
        if 0 <= index < len(BLOC_PALETTE):
            drawn.append((c, members))

    values = np.array([central.get(v, 0.0) for v in H], dtype=float)
    lo, hi = float(values.min()), float(values.max())
    size = {v: (math.sqrt((central.get(v, 0.0) - lo) / (hi - lo)) if hi > lo else 0.5) for v in H}
    kind = {v: node_shape(H.nodes[v].get("type")) for v in H}
    n = H.number_of_nodes()
    # roughly the largest marker's diameter in layout units at the default figure sizes
    min_dist = 0.3 if n <= 20 else 0.12 if n <= 60 else 0.075
    pos = signed_layout(
        H, bloc={v: b for v, b in bloc_of.items() if b >= 0}, seed=seed, min_dist=min_dist
    )

    edges: list[dict[str, Any]] = []
    for u, v, d in H.edges(data=True):
        if u == v:
            continue
        directed = not _symmetric(d)
        reverse = H.get_edge_data(v, u)
        merged = (
            reverse is not None
            and not directed
            and _symmetric(reverse)
            and _edge_sign(reverse) == _edge_sign(d)
        )
        if merged and str(u) > str(v):
            continue  # one undirected line stands for both directions
        edges.append(
            {
                "u": u,
                "v": v,
                "sign": _edge_sign(d),
                "material": bool(d.get("material", False)),
                "count": _edge_count(d),
                "directed": directed,
                "reciprocal": reverse is not None and not merged,
                "data": d,
            }
        )
    # weak edges first so strong ones are drawn on top
    edges.sort(key=lambda e: (e["count"], e["sign"] != 0))
    return Scene(
        graph=H,
        pos=pos,
        bloc=bloc_of,
        color=color,
        size=size,
        kind=kind,
        blocs=drawn,
        edges=edges,
        window=_window(G),
        articles=_articles(G),
        confidence={v: confidence[v] for v in H if v in confidence},
    )
