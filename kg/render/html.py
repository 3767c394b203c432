"""A self-contained interactive alliance page: one HTML file, no network.

The positions and colours come from :func:`kg.render.prepare_scene`, the same
as the matplotlib picture; a small vanilla script draws them as SVG, shows
relation counts and evidence sentences on hover, and focuses an actor on
click. Nothing is fetched: the page works from a ``file://`` URL offline.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Hashable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

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


def _place_labels(nodes: list[dict[str, Any]], limit: int = 40) -> None:
    """Give the most central actors a label spot that covers no node and no other label.

    Sets ``lx``, ``ly`` (offset from the node) and ``anchor`` on the labelled
    nodes, most central first; the rest show their name on hover and focus.
    Text width is estimated (12 px font, about 6.6 px a character).
    """
    n = len(nodes)
    centres = [(500 + 430 * d["x"], 500 - 430 * d["y"], _radius(d["size"], n)) for d in nodes]
    boxes: list[tuple[float, float, float, float]] = []

    def free(box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 0 or x1 > 1000 or y0 < 0 or y1 > 1000:
            return False
        if any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes):
            return False
        return not any(
            x0 < cx + r and cx - r < x1 and y0 < cy + r and cy - r < y1 for cx, cy, r in centres
        )

    for d, (cx, cy, r) in list(zip(nodes, centres, strict=True))[:limit]:
        w, h = 6.6 * len(d["label"]) + 4, 14.0
        spots = [
            (r + 4, 4, "start", (cx + r + 2, cy - h / 2, cx + r + 4 + w, cy + h / 2)),
            (-r - 4, 4, "end", (cx - r - 4 - w, cy - h / 2, cx - r - 2, cy + h / 2)),
            (0, -r - 4, "middle", (cx - w / 2, cy - r - 4 - h, cx + w / 2, cy - r - 2)),
            (0, r + 14, "middle", (cx - w / 2, cy + r + 2, cx + w / 2, cy + r + 4 + h)),
        ]
        for dx, dy, anchor, box in spots:
            if free(box):
                boxes.append(box)
                d["lx"], d["ly"], d["anchor"] = dx, dy, anchor
                break


def _short(names: list[str], limit: int = 3) -> str:
    return ", ".join(names[:limit]) + (f" +{len(names) - limit}" if len(names) > limit else "")


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
                "x": round(scene.pos[v][0], 4),
                "y": round(scene.pos[v][1], 4),
                "size": round(scene.size[v], 4),
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
                "evidence": [[str(x) if x is not None else "" for x in ev][:3]
                             for ev in d.get("evidence", ())],
                "first": d.get("first"),
                "last": d.get("last"),
            }
        )  # fmt: skip
    _place_labels(nodes)
    legend_blocs = [
        {"color": c, "label": f"{i + 1}: {_short([scene.label(v) for v in members])}"}
        for i, (c, members) in enumerate(scene.blocs)
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
