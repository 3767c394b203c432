"""Issue 22, pictures: one theatre per picture with its sides apart, labels that do not
overlap (matplotlib's text extents; the page's layout in headless Chromium) and a
legend within a fifth of the width that never cuts a name."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import numpy as np
from click.testing import CliRunner
from test_render import _chromium_dom, _edge, _figure_axes, _three_parts

from kg.analyze import ActorInfo, EdgeRecord, project, signed_graph
from kg.analyze.theatres import theatre_view, theatres
from kg.cli import cli
from kg.render import alliance_graph, prepare_scene, save_alliance_graph, write_html
from kg.render.static import LEGEND_SHARE

LONG = [
    "Government of the Northern Highlands Republic",
    "Provisional Council of the Southern Lowlands",
    "United Front for the Liberation of the Eastern Coast",
]


def _long_names() -> nx.DiGraph:
    G = nx.DiGraph(articles=3)
    for i, name in enumerate([*LONG, "Ostland", "Westmark", "Sudmark"]):
        G.add_node(f"n{i}", label=name, type="State")
    for u, v in [("n0", "n1"), ("n1", "n2"), ("n0", "n2"), ("n3", "n4"), ("n4", "n5")]:
        _edge(G, u, v, {"supports": 2})
    for u, v in [("n0", "n3"), ("n2", "n5"), ("n1", "n4")]:
        _edge(G, u, v, {"attacks": 3})
    return G


def test_legend_within_a_fifth_of_the_width_and_names_whole() -> None:
    ax = alliance_graph(_long_names(), ax=_figure_axes())
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend()
    total = fig.get_tightbbox(renderer).width * fig.dpi  # what a tight save keeps, in pixels
    assert legend.get_window_extent(renderer).width <= LEGEND_SHARE * total
    texts = [t.get_text() for t in legend.get_texts()]
    flat = " ".join(t.replace("\n", " ") for t in texts)
    assert "…" not in flat
    # every bloc member is shown whole: a line broken inside a word would split it
    for name in [*LONG, "Ostland", "Westmark", "Sudmark"]:
        assert name in flat
    assert any("\n" in t for t in texts)  # long names wrapped, between words


def _war() -> tuple[nx.DiGraph, list[EdgeRecord], dict[str, ActorInfo]]:
    info = {
        "north": ActorInfo("north", "Northern Army", "ArmedGroup", "XAN"),
        "south": ActorInfo("south", "Southern Council", "Government", "XAN"),
        **{c: ActorInfo(c, n, "State", c) for c, n in [("RUR", "Ruritania"), ("KAR", "Karnak"),
           ("SYL", "Sylvania"), ("FRE", "Freedonia"), ("YOR", "Yorland")]},
    }  # fmt: skip
    recs = [
        EdgeRecord("north", "south", "attacks"),
        EdgeRecord("south", "north", "attacks"),
        EdgeRecord("RUR", "north", "provides_aid_to"),
        EdgeRecord("KAR", "north", "supports"),
        EdgeRecord("SYL", "south", "supports"),
        EdgeRecord("FRE", "south", "provides_aid_to"),
        EdgeRecord("FRE", "north", "opposes"),
        EdgeRecord("RUR", "YOR", "attacks"),  # another war: not in this picture
    ]
    return project(recs, info), recs, info


def test_theatre_picture_puts_the_two_sides_on_opposite_sides() -> None:
    G, recs, info = _war()
    xan = next(t for t in theatres(signed_graph(G), recs, info) if t.key == "XAN")
    H, sides = theatre_view(G, xan)
    assert "YOR" not in H and set(sides) == set(H)
    scene = prepare_scene(H, blocs=sides)
    one = np.array([scene.pos[v] for v in H if sides[v] == 0])
    two = np.array([scene.pos[v] for v in H if sides[v] == 1])
    c1, c2 = one.mean(axis=0), two.mean(axis=0)
    axis = (c2 - c1) / np.linalg.norm(c2 - c1)
    # every member of one side lies beyond every member of the other along the axis
    assert (one @ axis).max() < (two @ axis).min()
    assert float(c1 @ c2) < 0  # on either side of the centre


def test_theatre_picture_labels_do_not_overlap(tmp_path: Path) -> None:
    G, recs, info = _war()
    xan = next(t for t in theatres(signed_graph(G), recs, info) if t.key == "XAN")
    H, sides = theatre_view(G, xan)
    ax = alliance_graph(H, ax=_figure_axes(), blocs=sides)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert {t.get_text() for t in ax.texts} == {H.nodes[n]["label"] for n in H}
    assert not [(i, j) for i in range(len(boxes)) for j in range(i) if boxes[i].overlaps(boxes[j])]
    assert save_alliance_graph(H, tmp_path / "war.png", blocs=sides).stat().st_size > 0


def _page_boxes(dom: str) -> list[tuple[float, ...]]:
    return [tuple(map(float, m.split())) for m in re.findall(r'data-box="([^"]+)"', dom)]


def test_page_labels_do_not_overlap_in_chromium(tmp_path: Path) -> None:
    G, _ = _three_parts()
    for i, n in enumerate(list(G)[:8]):  # long names, where estimated widths go wrong
        G.nodes[n]["label"] = f"{G.nodes[n]['label']} Mountain Brigade {i}"
    out = write_html(G, tmp_path / "g.html")
    dom = _chromium_dom(out, tmp_path)
    assert f'data-rendered="{G.number_of_nodes()}"' in dom
    boxes = _page_boxes(dom)
    assert len(boxes) >= G.number_of_nodes() // 2  # most actors are still named
    clash = [
        (a, b) for i, a in enumerate(boxes) for b in boxes[:i]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]  # fmt: skip
    assert clash == []


def test_render_cli_draws_one_theatre(tmp_path: Path) -> None:
    from kg.model import Actor, Article, Evidence, Relation
    from kg.store import open_store

    north = Actor("north", "Northern Army", "ArmedGroup", "XAN")
    south = Actor("south", "Southern Council", "Government", "XAN")
    kar = Actor("KAR", "Karnak", "State", "KAR")
    text = "The Northern Army shelled the Southern Council; Karnak armed the Northern Army."
    ev = Evidence(text, (0, len(text)))
    path = tmp_path / "store"
    with open_store(path) as store:
        store.replace_article(
            Article("w1", text),
            [
                Relation("w1", "attacks", north, south, evidence=ev),
                Relation("w1", "provides_aid_to", kar, north, evidence=ev),
            ],
        )
    png, page = tmp_path / "w.png", tmp_path / "w.html"
    run = CliRunner().invoke(
        cli,
        ["render", "--store", str(path), "--theatre", "Northern Army", "--out", str(png),
         "--html", str(page)],
    )  # fmt: skip
    # a theatre is named by its country or places, not by a party: a clear error
    assert run.exit_code != 0 and "error:" in run.output and "no theatre" in run.output
    run = CliRunner().invoke(
        cli,
        ["render", "--store", str(path), "--theatre", "XAN", "--out", str(png), "--html",
         str(page)],
        catch_exceptions=False,
    )  # fmt: skip
    assert run.exit_code == 0, run.output
    assert png.stat().st_size > 0 and "The war in XAN" in page.read_text()


def test_page_tooltips_list_the_side_taking_without_a_reported_tie() -> None:
    from kg.render.html import page_data

    info = {c: ActorInfo(c, n, "State", c) for c, n in [("OST", "Ostland"), ("WST", "Westmark"),
            ("HIL", "Hillmark")]}  # fmt: skip
    recs = [EdgeRecord("OST", "HIL", "attacks"), EdgeRecord("WST", "HIL", "attacks")]
    nodes = {n["id"]: n for n in page_data(project(recs, info))["nodes"]}
    assert nodes["OST"]["sides"] == ["Westmark: shared enemy (inference: both hostile to Hillmark)"]
    assert nodes["HIL"]["sides"] == []
