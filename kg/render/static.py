"""Alliance pictures and pair timelines with matplotlib.

matplotlib is imported inside the functions (``import kg.render`` stays cheap)
and, on a machine without a display, the Agg backend is selected before pyplot
is first imported.
"""

from __future__ import annotations

import math
import os
import sys
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from kg.errors import ConfigError, KGError
from kg.render._prepare import (
    CONFLICT_COLOR,
    COOPERATION_COLOR,
    NEUTRAL_COLOR,
    OTHER_BLOC_COLOR,
    SHAPES,
    Scene,
    prepare_scene,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "IMAGE_SUFFIXES",
    "alliance_graph",
    "save_alliance_graph",
    "save_timeline",
    "timeline",
]

#: File types :func:`save_alliance_graph` writes.
IMAGE_SUFFIXES = (".png", ".svg", ".pdf")

_FREQS = ("month", "quarter", "year")


def _headless() -> None:
    """Use Agg when there is no display and pyplot has not chosen a backend yet."""
    if "matplotlib.pyplot" in sys.modules:
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        import matplotlib

        matplotlib.use("Agg")


def _new_axes(figsize: tuple[float, float]) -> Axes:
    _headless()
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _marker_area(scene: Scene, v: Hashable) -> float:
    """Marker area in points²: small graphs get big, readable nodes."""
    n = scene.graph.number_of_nodes()
    lo, hi = (300.0, 1500.0) if n <= 20 else (60.0, 700.0) if n <= 60 else (30.0, 450.0)
    return lo + (hi - lo) * scene.size[v]


def _edge_style(edge: Mapping[str, Any]) -> tuple[str, str]:
    color = {1: COOPERATION_COLOR, -1: CONFLICT_COLOR}.get(edge["sign"], NEUTRAL_COLOR)
    return color, ("-" if edge["material"] else (0, (4, 2.5)))  # type: ignore[return-value]


def _draw_edges(ax: Axes, scene: Scene) -> None:
    from matplotlib.patches import FancyArrowPatch

    n = scene.graph.number_of_nodes()
    alpha = 0.9 if n <= 20 else 0.65 if n <= 60 else 0.45
    for e in scene.edges:
        u, v = e["u"], e["v"]
        color, style = _edge_style(e)
        width = min(0.8 + 1.1 * math.log1p(e["count"]), 6.0)
        if n > 60:
            width *= 0.6
        # shrink by the marker radius (points) so arrowheads touch the node's rim
        ru = math.sqrt(_marker_area(scene, u)) / 2 + 2
        rv = math.sqrt(_marker_area(scene, v)) / 2 + 2
        patch = FancyArrowPatch(
            scene.pos[u],
            scene.pos[v],
            arrowstyle="-|>" if e["directed"] else "-",
            mutation_scale=8 + 2 * width,
            connectionstyle="arc3,rad=0.15" if e["reciprocal"] else "arc3,rad=0.0",
            color=color,
            linewidth=width,
            linestyle=style,
            alpha=alpha,
            shrinkA=ru,
            shrinkB=rv,
            zorder=1,
        )
        patch.set_joinstyle("miter")
        ax.add_patch(patch)


def _draw_nodes(ax: Axes, scene: Scene, focus: Hashable | None) -> None:
    for kind, (marker, _) in SHAPES.items():
        nodes = [v for v in scene.graph if scene.kind[v] == kind]
        if not nodes:
            continue
        ax.scatter(
            [scene.pos[v][0] for v in nodes],
            [scene.pos[v][1] for v in nodes],
            s=[_marker_area(scene, v) * (0.8 if marker in "sD" else 1.0) for v in nodes],
            c=[scene.color[v] for v in nodes],
            marker=marker,
            edgecolors=["#D7301F" if v == focus else "#333333" for v in nodes],
            linewidths=[2.5 if v == focus else 0.8 for v in nodes],
            zorder=3,
        )


def _font_steps(n: int) -> list[float]:
    """Label font sizes to try, largest first: crowded graphs shrink the font a little
    rather than leave actors unnamed."""
    base = 10.0 if n <= 20 else 9.0 if n <= 40 else 8.5 if n <= 60 else 7.5
    return [base - 0.5 * i for i in range(int((base - 6.5) / 0.5) + 1)]


def _must_label(n: int, wanted: int) -> int:
    """How many of the most central actors are always named: all of a graph up to 40
    actors, the first 30 of a larger one."""
    return wanted if n <= 40 else min(wanted, 30)


def _place_labels(ax: Axes, scene: Scene, order: list[Hashable], fontsize: float) -> list[Hashable]:
    """Name the actors of ``order`` (most central first) without overlaps.

    Spots come from :func:`kg.render._labels.place_labels`, measured in pixels:
    next to the node when free, else farther out with a thin leader line. When
    an actor that must be named finds no free spot, the font shrinks a step
    and the placement starts over. Returns the labelled nodes.
    """
    import matplotlib.patheffects as pe
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from kg.render._labels import place_labels

    fig = ax.figure
    fig.canvas.draw()  # fixes the layout so data→pixel transforms are final
    # labels are placed in pixels, so the axes must not move or resize afterwards
    if isinstance(fig, Figure):
        fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    px = fig.dpi / 72.0
    to_px = ax.transData.transform
    ax_box = ax.get_window_extent(renderer)
    nodes = list(scene.graph)
    index = {v: i for i, v in enumerate(nodes)}
    centres = np.array([to_px(scene.pos[v]) for v in nodes])
    radii = np.array([math.sqrt(_marker_area(scene, v)) / 2 * px for v in nodes])
    segments = np.array(
        [[*to_px(scene.pos[e["u"]]), *to_px(scene.pos[e["v"]])] for e in scene.edges]
    ).reshape(-1, 4)
    stroke = [pe.withStroke(linewidth=3, foreground="white")]
    texts = {}
    sizes = np.zeros((len(nodes), 2))
    for v in order:
        text = ax.annotate(
            scene.label(v), scene.pos[v], xytext=(0, 0), textcoords="offset points",
            fontsize=fontsize, zorder=5, path_effects=stroke,
            horizontalalignment="left", verticalalignment="bottom",
        )  # fmt: skip
        ext = text.get_window_extent(renderer)
        sizes[index[v]] = (ext.width, ext.height)
        texts[v] = text
    must = _must_label(len(nodes), len(order))
    wanted = [index[v] for v in order]
    frame = (ax_box.x0, ax_box.y0, ax_box.x1, ax_box.y1)
    steps = [f for f in _font_steps(len(nodes)) if f <= fontsize] or [fontsize]
    for size in steps:
        spots = place_labels(
            centres, radii, sizes * (size / fontsize), wanted, frame=frame, segments=segments,
            must=must, gap=2 * px,
        )  # fmt: skip
        if all(spots[i].clean for i in wanted[:must]):
            break
    done: list[Hashable] = []
    to_data = ax.transData.inverted().transform
    for v in order:
        text = texts[v]
        spot = spots.get(index[v])
        if spot is None:
            text.remove()
            continue
        x0, y0, x1, y1 = spot.box
        cx, cy = centres[index[v]]
        text.set_fontsize(size)
        text.set_position(((x0 - cx) / px, (y0 - cy) / px))
        if spot.leader:
            # from the node's rim to the nearest point of the label
            ex, ey = min(max(cx, x0), x1), min(max(cy, y0), y1)
            dist = math.hypot(ex - cx, ey - cy) or 1.0
            r = radii[index[v]]
            start = (cx + (ex - cx) * r / dist, cy + (ey - cy) * r / dist)
            (sx, sy), (tx, ty) = to_data([start, (ex, ey)])
            ax.add_line(Line2D([sx, tx], [sy, ty], color="#444444", linewidth=0.8, zorder=4))
        done.append(v)
    return done


def _short(names: list[str], limit: int = 3) -> str:
    """The first names of a bloc, whole (a name is never cut), and how many more."""
    return ", ".join(names[:limit]) + (f" +{len(names) - limit}" if len(names) > limit else "")


#: The legend's largest share of the picture's width.
LEGEND_SHARE = 0.2


def _legend(ax: Axes, scene: Scene) -> None:
    """The legend beside the graph, within :data:`LEGEND_SHARE` of the picture's width:
    its lines wrap between words (names stay whole), and the font shrinks a step
    when a long word still makes it too wide."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    fig.canvas.draw()
    graph_px = ax.get_window_extent(renderer).width
    for fontsize in (9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0):
        legend = _legend_at(ax, scene, fontsize, graph_px * 0.24)
        fig.canvas.draw()
        width = legend.get_window_extent(renderer).width
        if width <= LEGEND_SHARE * (graph_px + width) * 0.98:
            return
        legend.remove()
    _legend_at(ax, scene, 6.0, graph_px * 0.24)


def _legend_at(ax: Axes, scene: Scene, fontsize: float, room_px: float) -> Any:
    import textwrap

    from matplotlib.lines import Line2D

    px = ax.figure.dpi / 72.0
    # characters per line: the room left of the handles, at about 0.55 em a character
    chars = max(10, int((room_px / px - 3.8 * fontsize) / (0.55 * fontsize)))

    def wrap(text: str) -> str:
        return textwrap.fill(text, chars, break_long_words=False, break_on_hyphens=False)

    handles: list[Any] = []
    headers: list[str] = []

    def header(text: str) -> None:
        handles.append(Line2D([], [], linestyle="none", marker="none", label=wrap(text)))
        headers.append(wrap(text))

    header("Blocs")
    for color, members in scene.blocs:
        label = wrap(f"{scene.number(members)}: {_short([scene.label(v) for v in members])}")
        handles.append(
            Line2D([], [], linestyle="none", marker="o", markersize=9, color=color, label=label)
        )
    if any(c == OTHER_BLOC_COLOR for c in scene.color.values()):
        handles.append(
            Line2D(
                [], [], linestyle="none", marker="o", markersize=9, color=OTHER_BLOC_COLOR,
                label=wrap("unaligned / small bloc"),
            )
        )  # fmt: skip
    header("Relations")
    kinds = {(e["sign"], e["material"]) for e in scene.edges}
    for sign, name, color in (
        (1, "cooperation", COOPERATION_COLOR),
        (-1, "conflict", CONFLICT_COLOR),
        (0, "neutral", NEUTRAL_COLOR),
    ):
        modes: tuple[tuple[bool, str, Any], ...] = (
            (True, "material", "-"),
            (False, "verbal", (0, (4, 2.5))),
        )
        for material, mode, style in modes:
            if (sign, material) in kinds or sign != 0:
                handles.append(
                    Line2D([], [], color=color, linestyle=style, linewidth=2,
                           label=wrap(f"{name} ({mode})"))
                )  # fmt: skip
    handles.append(
        Line2D([], [], color="#555555", linewidth=0.8, label=wrap("width: log of evidence count"))
    )
    arrow = wrap("arrow: directed (source → target)")
    handles.append(Line2D([], [], linestyle="none", marker=r"$\rightarrow$", markersize=12,
                          color="#555555", label=arrow))  # fmt: skip
    header("Actors")
    present = set(scene.kind.values())
    for kind, (marker, label) in SHAPES.items():
        if kind in present:
            handles.append(
                Line2D([], [], linestyle="none", marker=marker, markersize=9,
                       markerfacecolor="white", markeredgecolor="#333333", label=wrap(label))
            )  # fmt: skip
    handles.append(
        Line2D([], [], linestyle="none", marker="o", markersize=5, markerfacecolor="white",
               markeredgecolor="#333333", label=wrap("size: centrality"))
    )  # fmt: skip
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=fontsize,
        handlelength=2.6,
        borderaxespad=0.0,
    )
    for text in legend.get_texts():
        if text.get_text() in headers:
            text.set_fontweight("bold")
    return legend


def _title(scene: Scene, title: str | None, *, total: int) -> str:
    first = title or "Alliances and rivalries"
    window = f"{scene.window[0]} to {scene.window[1]}" if scene.window else "all dates"
    shown = scene.graph.number_of_nodes()
    actors = f"{shown} actors" if shown == total else f"{shown} of {total} actors"
    return f"{first}\n{window} · {scene.articles} source articles · {actors}"


def alliance_graph(
    G: nx.DiGraph,
    *,
    ax: Axes | None = None,
    blocs: Mapping[Hashable, int] | None = None,
    centrality: Mapping[Hashable, float] | None = None,
    title: str | None = None,
    top: int | None = None,
    focus: Hashable | None = None,
    hops: int = 1,
    min_evidence: int = 1,
    seed: int = 0,
    label_count: int | None = None,
) -> Axes:
    """Draw an alliance graph: blocs by colour, conflict and cooperation by edge colour.

    Nodes are coloured by bloc, sized by centrality and shaped by actor type
    (state ●, organization ■, armed group ▲, person ◆, other ⬢). Edges are
    green for cooperation, red for conflict and grey for neutral, solid when
    any relation is material and dashed when all are verbal, as wide as the
    log of their evidence, with an arrowhead unless every relation is
    symmetric. Allies sit together and adversaries apart
    (:func:`kg.render.signed_layout`, deterministic for a fixed ``seed``).

    Parameters
    ----------
    G : networkx.DiGraph
        An actor graph from :func:`kg.analyze.project`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure sized for the graph when omitted.
    blocs : mapping, optional
        Actor → bloc index; :func:`kg.analyze.blocs` when omitted.
    centrality : mapping, optional
        Actor → score for node size and label priority; evidence-weighted
        degree when omitted.
    title : str, optional
        First title line; the second gives the time window, source count and actors.
    top : int, optional
        Keep only the ``top`` most central actors.
    focus : str, optional
        Keep only this actor (id or label) and its neighbours within ``hops``.
    hops : {1, 2}
        Radius of the ``focus`` neighbourhood.
    min_evidence : int
        Drop edges with fewer pieces of evidence.
    seed : int
        Layout seed.
    label_count : int, optional
        Label at most this many actors, the most central first (default 40).
        In a graph of up to 40 actors every one is named, in a larger one at
        least the 30 most central; a label with no free spot beside its node
        goes farther out with a leader line, and the font shrinks a little
        before any of these is left out. Other labels that would cover a
        node or another label are left out.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    KGError
        When nothing is left to draw; ``ConfigError`` for a bad option.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("EGY", label="Egypt", type="State")
    >>> G.add_node("haftar", label="Khalifa Haftar", type="Person")
    >>> G.add_edge("EGY", "haftar", sign=1, count=2, material=False, relations={"supports": 2})
    >>> ax = alliance_graph(G, title="Libya")
    >>> ax.get_title(loc="left").splitlines()[0]
    'Libya'
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    scene = prepare_scene(
        G, blocs=blocs, centrality=centrality, top=top, focus=focus, hops=hops,
        min_evidence=min_evidence, seed=seed,
    )  # fmt: skip
    n = scene.graph.number_of_nodes()
    if ax is None:
        side = 7.0 if n <= 20 else 10.0 if n <= 60 else 13.0
        ax = _new_axes((side * 1.3, side))
    _draw(ax, scene, G, title=title, focus=focus, label_count=label_count)
    return ax


def _draw(
    ax: Axes,
    scene: Scene,
    G: nx.DiGraph,
    *,
    title: str | None,
    focus: Hashable | None,
    label_count: int | None,
) -> None:
    n = scene.graph.number_of_nodes()
    focus_node = None
    if focus is not None:
        from kg.render._prepare import _resolve_actor

        focus_node = _resolve_actor(G, focus)
    ax.set_aspect("equal")
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.12, 1.12)
    ax.set_axis_off()
    _draw_edges(ax, scene)
    _draw_nodes(ax, scene, focus_node)
    ax.set_title(_title(scene, title, total=G.number_of_nodes()), fontsize=12, loc="left")
    _legend(ax, scene)
    limit = label_count if label_count is not None else 40
    order = sorted(scene.graph, key=lambda v: (v != focus_node, -scene.size[v], str(v)))
    _place_labels(ax, scene, order[:limit], _font_steps(n)[0])


def save_alliance_graph(G: nx.DiGraph, out: Path | str, **kw: Any) -> Path:
    """Draw :func:`alliance_graph` into a PNG, SVG or PDF file.

    The figure is made without pyplot, so nothing is left open and no display
    is needed. Keyword arguments go to :func:`alliance_graph`.

    Raises
    ------
    ConfigError
        When the suffix is not one of :data:`IMAGE_SUFFIXES`.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", sign=-1, count=1, material=True, relations={"attacks": 1})
    >>> out = save_alliance_graph(G, Path(tempfile.mkdtemp()) / "g.svg")
    >>> out.read_text()[:5]
    '<?xml'
    """
    out = _image_path(out)
    probe = kw.get("top") or G.number_of_nodes()
    side = 7.0 if probe <= 20 else 10.0 if probe <= 60 else 13.0
    fig = _figure((side * 1.3, side))
    alliance_graph(G, ax=fig.add_subplot(), **kw)
    return _save(fig, out)


def save_timeline(records: Iterable[Any], a: str, b: str, out: Path | str, **kw: Any) -> Path:
    """Draw :func:`timeline` into a PNG, SVG or PDF file (keywords go to :func:`timeline`).

    Raises
    ------
    ConfigError
        When the suffix is not one of :data:`IMAGE_SUFFIXES`.
    """
    out = _image_path(out)
    fig = _figure((10.0, 4.5))
    timeline(records, a, b, ax=fig.add_subplot(), **kw)
    return _save(fig, out)


def _image_path(out: Path | str) -> Path:
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise ConfigError(
            f"cannot write a picture to {str(out)!r}: unknown suffix {suffix or '(none)'!r}; "
            f"use one of {', '.join(IMAGE_SUFFIXES)} (or --html for the interactive page)"
        )
    return out


def _figure(size: tuple[float, float]) -> Figure:
    """A figure outside pyplot: nothing stays open and no display is needed."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Figure, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    png = out.suffix.lower() == ".png"
    try:
        fig.savefig(out, dpi=150 if png else 100, bbox_inches="tight", facecolor="white")
    except OSError as exc:
        raise KGError(f"cannot write {str(out)!r}: {exc.strerror or exc}") from exc
    return out


def _period(date: str, freq: str) -> str:
    year, month = date[:4], int(date[5:7]) if len(date) >= 7 else 1
    if freq == "year":
        return year
    if freq == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


def _periods_between(first: str, last: str, freq: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7]) if len(first) >= 7 else 1
    keys: list[str] = []
    while True:
        key = _period(f"{y:04d}-{m:02d}", freq)
        if not keys or keys[-1] != key:
            keys.append(key)
        if key == last:
            return keys
        m += 1
        if m > 12:
            y, m = y + 1, 1


def timeline(
    records: Iterable[Any],
    a: str,
    b: str,
    *,
    ax: Axes | None = None,
    freq: str = "month",
    actors: Mapping[str, Any] | None = None,
) -> Axes:
    """Cooperation against conflict between two actors, period by period.

    Cooperation events are bars above zero (green), conflict events below
    (red), neutral ones (``urges``) grey on top of cooperation; both
    directions count, negated events do not.

    Parameters
    ----------
    records : iterable of EdgeRecord
        Objects with ``source``, ``target``, ``relation``, ``negated`` and
        ``date`` (ISO), as from :func:`kg.analyze.load_records`.
    a, b : str
        The two actors, by id (or by label when ``actors`` is given).
    ax : matplotlib.axes.Axes, optional
    freq : {"month", "quarter", "year"}
    actors : mapping, optional
        Actor id → object with a ``label``, to name the actors.

    Raises
    ------
    KGError
        When the pair has no dated, non-negated events.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> recs = [R(source="EGY", target="LNA", relation="supports", negated=False,
    ...           date="2019-12-14"),
    ...         R(source="TUR", target="LNA", relation="attacks", negated=False, date="2020-01-05")]
    >>> ax = timeline(recs, "LNA", "EGY")
    >>> "2019-12" in ax.get_title(loc="left")
    True
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    if freq not in _FREQS:
        raise ConfigError(f"unknown frequency {freq!r}; use one of {', '.join(_FREQS)}")
    actors = actors or {}
    a_id, b_id = _actor_id(a, actors), _actor_id(b, actors)
    signs = _relation_signs()
    pair = {a_id, b_id}
    counts: dict[int, Counter[str]] = {1: Counter(), -1: Counter(), 0: Counter()}
    dates: list[str] = []
    for r in records:
        if {r.source, r.target} != pair or r.negated or not r.date:
            continue
        date = str(r.date)
        counts[signs.get(r.relation, 0)][_period(date, freq)] += 1
        dates.append(date)
    name_a, name_b = _actor_label(a_id, actors), _actor_label(b_id, actors)
    if not dates:
        raise KGError(
            f"no events between {name_a!r} and {name_b!r} in the store (negated and undated "
            "ones are not counted); check the names with 'kg analyze profile' or widen "
            "the time window"
        )
    first, last = min(dates), max(dates)
    keys = _periods_between(first, _period(last, freq), freq)
    if ax is None:
        ax = _new_axes((max(6.0, min(14.0, 0.45 * len(keys) + 3)), 4.5))
    x = list(range(len(keys)))
    coop = [counts[1][k] for k in keys]
    neutral = [counts[0][k] for k in keys]
    conflict = [-counts[-1][k] for k in keys]
    ax.bar(x, coop, color=COOPERATION_COLOR, label="cooperation")
    ax.bar(x, neutral, bottom=coop, color=NEUTRAL_COLOR, label="neutral (urges)")
    ax.bar(x, conflict, color=CONFLICT_COLOR, label="conflict")
    ax.axhline(0, color="#333333", linewidth=0.8)
    step = max(1, len(keys) // 12)
    ax.set_xticks(x[::step], keys[::step], rotation=45 if len(keys) > 6 else 0, ha="right")
    ax.set_ylabel("events (conflict below zero)")
    ax.yaxis.set_major_formatter(_abs_formatter())
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(
        f"{name_a} and {name_b}: cooperation vs conflict per {freq}\n"
        f"{first} to {last} · {len(dates)} events",
        loc="left",
    )
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _abs_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{abs(v):g}")


def _actor_id(name: str, actors: Mapping[str, Any]) -> str:
    if name in actors or not actors:
        return name
    wanted = name.casefold()
    hits = [i for i, act in actors.items() if str(getattr(act, "label", "")).casefold() == wanted]
    return hits[0] if len(hits) == 1 else name


def _actor_label(actor_id: str, actors: Mapping[str, Any]) -> str:
    act = actors.get(actor_id)
    return str(getattr(act, "label", None) or actor_id)


def _relation_signs() -> dict[str, int]:
    """Relation name → sign (+1, −1, 0), from the ontology via :mod:`kg.analyze`."""
    from kg.analyze.records import relation_info

    return {name: info.sign for name, info in relation_info().items()}
