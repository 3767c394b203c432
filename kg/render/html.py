"""A self-contained interactive alliance page: one HTML file, no network.

The positions and colours come from :func:`kg.render.prepare_scene`, the same
as the matplotlib picture; a small vanilla script draws them as SVG, shows
relation counts and evidence sentences on hover (each with the file or URL
its article came from), and focuses an actor on click. Nothing is fetched:
the page works from a ``file://`` URL offline.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Hashable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from kg.analyze.sources import origin
from kg.errors import ConfigError
from kg.render._prepare import (
    CONFLICT_COLOR,
    COOPERATION_COLOR,
    NEUTRAL_COLOR,
    OTHER_BLOC_COLOR,
    SHAPES,
    prepare_scene,
)

__all__ = ["page_data", "script_json", "write_html"]


def _asset(name: str) -> str:
    """A file shipped next to this module (package data), inlined into the page."""
    return resources.files("kg.render").joinpath(name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON safe to embed inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``-style escapes, so text such as
    ``</script>`` or ``<!--`` in a label cannot end or confuse the script;
    U+2028/U+2029 are escaped for old JavaScript parsers.

    Examples
    --------
    >>> script_json({"label": "</script><b>x"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003ex"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ": "))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


#: Node radius in page units (the SVG is 1000 wide), as the page script draws it.
def _radius(size: float, n: int) -> float:
    lo, hi = (14, 34) if n <= 20 else (7, 22) if n <= 60 else (5, 16)
    return lo + (hi - lo) * size**0.5


def _text_size(label: str, font: float) -> tuple[float, float]:
    """Estimated width and height of a label in page units (a sans-serif font, where
    capitals are wider than small letters)."""
    em = sum(0.72 if c.isupper() else 0.33 if c in " .,;:'ilj|" else 0.58 for c in label)
    return em * font + 3, font * 1.25


def _place_labels(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], limit: int = 40
) -> float:
    """Give the most central actors a label spot that covers no node and no other label.

    The same placement as the picture (:func:`kg.render._labels.place_labels`):
    every actor of a graph up to 40 is named, else at least the 30 most central;
    a label without room beside its node goes farther out with a leader line,
    and the font shrinks a little before any must-name label is left out. Sets
    ``lx``, ``ly`` (baseline start, from the node's centre), ``anchor`` and, for
    a leader line, ``leader`` (``[x1, y1, x2, y2]`` from the centre) on the
    labelled nodes; the rest show their name on hover and focus. Returns the
    font size in page units.
    """
    from kg.render._labels import place_labels

    n = len(nodes)
    if n == 0:
        return 12.0
    centres = np.array([(500 + 430 * d["x"], 500 - 430 * d["y"]) for d in nodes])
    radii = np.array([_radius(d["size"], n) for d in nodes])
    where = {d["id"]: i for i, d in enumerate(nodes)}
    segments = np.array(
        [[*centres[where[e["s"]]], *centres[where[e["t"]]]] for e in edges]
    ).reshape(-1, 4)
    wanted = list(range(min(limit, n)))  # nodes come most central first
    must = len(wanted) if n <= 40 else min(len(wanted), 30)
    base = 12.0 if n <= 40 else 11.0
    for font in (base, base - 0.5, base - 1.0, base - 1.5, base - 2.0):
        sizes = np.array([_text_size(d["label"], font) for d in nodes])
        spots = place_labels(
            centres, radii, sizes, wanted, frame=(0, 0, 1000, 1000), segments=segments,
            must=must, gap=4.5,
        )  # fmt: skip
        if all(spots[i].clean for i in wanted[:must]):
            break
    for i, spot in spots.items():
        d, (cx, cy) = nodes[i], centres[i]
        x0, y0, x1, y1 = spot.box
        d["lx"], d["ly"], d["anchor"] = (
            round(x0 + 1.5 - cx, 1),
            round(y1 - 0.3 * font - cy, 1),
            "start",
        )
        if spot.leader:
            ex, ey = min(max(cx, x0), x1), min(max(cy, y0), y1)
            dist = math.hypot(ex - cx, ey - cy) or 1.0
            r = radii[i]
            d["leader"] = [
                round((ex - cx) * r / dist, 1), round((ey - cy) * r / dist, 1),
                round(ex - cx, 1), round(ey - cy, 1),
            ]  # fmt: skip
    return font


def _short(names: list[str], limit: int = 3) -> str:
    return ", ".join(names[:limit]) + (f" +{len(names) - limit}" if len(names) > limit else "")


def _side_notes(G: nx.DiGraph, H: nx.Graph, limit: int = 4) -> dict[Hashable, list[str]]:
    """Per drawn actor, its side-taking ties without a reported tie (shared enemies,
    and joint acts when the graph holds them: :func:`kg.analyze.sides.side_ties`)."""
    from kg.analyze.sides import side_graph, side_ties

    try:
        S = side_graph(G)
    except (KeyError, TypeError, ValueError):  # a hand-made graph without side-taking weights
        return {}

    def lab(n: Any) -> str:
        return str(S.nodes[n].get("label", n)) if n in S else str(n)

    out: dict[Hashable, list[str]] = {}
    for v in H:
        notes = []
        for t in side_ties(S, v)[:limit] if v in S else ():
            basis = (
                f"{t.evidence[0][0]}"
                if t.kind == "joint action" and t.evidence
                else "inference: both hostile to " + ", ".join(lab(x) for x in t.via)
            )
            notes.append(f"{lab(t.b)}: {t.kind} ({basis})")
        if notes:
            out[v] = notes
    return out


def page_data(
    G: nx.DiGraph,
    *,
    blocs: Mapping[Hashable, int] | None = None,
    centrality: Mapping[Hashable, float] | None = None,
    top: int | None = None,
    focus: Hashable | None = None,
    hops: int = 1,
    min_evidence: int = 1,
    seed: int = 0,
) -> dict[str, Any]:
    """The nodes, edges and legend the page draws, as plain JSON-able data.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_edge("TUR", "GNA", sign=1, count=4, material=True, relations={"provides_aid_to": 4})
    >>> d = page_data(G)
    >>> sorted(n["id"] for n in d["nodes"]), d["edges"][0]["relations"]
    (['GNA', 'TUR'], {'provides_aid_to': 4})
    """
    scene = prepare_scene(
        G, blocs=blocs, centrality=centrality, top=top, focus=focus, hops=hops,
        min_evidence=min_evidence, seed=seed,
    )  # fmt: skip
    H = scene.graph
    sources = G.graph.get("sources") or {}
    side = _side_notes(G, H)
    nodes = []
    for v in sorted(H, key=lambda v: -scene.size[v]):
        d = H.nodes[v]
        nodes.append(
            {
                "id": str(v),
                "label": scene.label(v),
                "type": str(d.get("type") or "Group"),
                "country": d.get("country"),
                "kind": scene.kind[v],
                "color": scene.color[v],
                "bloc": scene.bloc[v] + 1 if scene.bloc[v] >= 0 else None,
                "confidence": (round(scene.confidence[v], 2) if v in scene.confidence else None),
                "members": [str(m) for m in d.get("member_labels") or ()][:8],
                "x": round(scene.pos[v][0], 4),
                "y": round(scene.pos[v][1], 4),
                "size": round(scene.size[v], 4),
                "sides": side.get(v, []),
            }
        )
    edges = []
    for e in scene.edges:
        d = e["data"]
        edges.append(
            {
                "s": str(e["u"]),
                "t": str(e["v"]),
                "sign": e["sign"],
                "material": e["material"],
                "directed": e["directed"],
                "reciprocal": e["reciprocal"],
                "count": e["count"],
                "relations": dict(d.get("relations") or {}),
                "evidence": [[*(str(x) if x is not None else "" for x in ev[:3]),
                              origin(str(ev[1]), sources)]
                             for ev in d.get("evidence", ())],
                "first": d.get("first"),
                "last": d.get("last"),
            }
        )  # fmt: skip
    label_size = _place_labels(nodes, edges)
    legend_blocs = [
        {"color": c, "label": f"{scene.number(m)}: {_short([scene.label(v) for v in m])}"}
        for c, m in scene.blocs
    ]
    if any(c == OTHER_BLOC_COLOR for c in scene.color.values()):
        legend_blocs.append({"color": OTHER_BLOC_COLOR, "label": "unaligned / small bloc"})
    window = f"{scene.window[0]} to {scene.window[1]}" if scene.window else "all dates"
    return {
        "nodes": nodes,
        "edges": edges,
        "blocs": legend_blocs,
        "colors": {"1": COOPERATION_COLOR, "-1": CONFLICT_COLOR, "0": NEUTRAL_COLOR},
        "kinds": {k: label for k, (_m, label) in SHAPES.items() if k in set(scene.kind.values())},
        "subtitle": f"{window} · {scene.articles} source articles · {len(nodes)} actors",
        "labelSize": label_size,
    }


def write_html(
    G: nx.DiGraph,
    out: Path | str,
    *,
    blocs: Mapping[Hashable, int] | None = None,
    title: str = "Alliances and rivalries",
    **kw: Any,
) -> Path:
    """Write the alliance graph as one self-contained, interactive HTML page.

    Same colours, shapes and layout as :func:`kg.render.alliance_graph`.
    Hovering an actor or a tie shows its relations by count and the
    evidence sentences; clicking an actor fades everyone who is not its
    neighbour (click the background or press Escape to reset). No CDN, no
    fonts, no requests: the page opens offline.

    Parameters
    ----------
    G : networkx.DiGraph
        From :func:`kg.analyze.project`.
    out : Path
        File to write (``.html`` or ``.htm``).
    blocs : mapping, optional
        Actor → bloc index; :func:`kg.analyze.blocs` when omitted.
    title : str
        Page heading.
    **kw
        ``centrality``, ``top``, ``focus``, ``hops``, ``min_evidence``,
        ``seed`` as for :func:`kg.render.alliance_graph`.

    Raises
    ------
    ConfigError
        When ``out`` does not end in ``.html`` or ``.htm``.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.DiGraph()
    >>> G.add_node("x", label="</script><b>x")
    >>> G.add_edge("x", "y", sign=-1, count=1, material=True, relations={"attacks": 1})
    >>> page = write_html(G, Path(tempfile.mkdtemp()) / "g.html").read_text()
    >>> "</script><b>" in page, "\\\\u003c/script\\\\u003e" in page
    (False, True)
    """
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise ConfigError(
            f"cannot write the interactive page to {str(out)!r}: it must end in .html or .htm "
            "(use --out for PNG, SVG or PDF pictures)"
        )
    data = page_data(G, blocs=blocs, **kw)
    parts = {
        "TITLE": html.escape(title),
        "SUBTITLE": html.escape(data["subtitle"]),
        "CSS": _asset("alliances.css"),
        "DATA": script_json(data),
        "JS": _asset("alliances.js"),
    }
    # one pass, so a "%JS%" inside a label is never expanded
    page = re.sub(r"%(TITLE|SUBTITLE|CSS|DATA|JS)%", lambda m: parts[m.group(1)], _TEMPLATE)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%TITLE%</title>
<style>%CSS%</style>
</head>
<body>
<header><h1>%TITLE%</h1><p class="sub">%SUBTITLE%</p>
<p class="help">Hover an actor or a tie for relations and evidence; click an actor to focus it;
click the background or press Esc to reset.</p></header>
<main>
<svg id="graph" viewBox="0 0 1000 1000" role="img" aria-label="%TITLE%"></svg>
<aside id="legend"></aside>
</main>
<div id="tip" hidden></div>
<script id="geokg-data" type="application/json">%DATA%</script>
<script>%JS%</script>
</body>
</html>
"""
