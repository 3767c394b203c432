"""Tests of kg.render: pictures, layout, timeline, the HTML page and ``kg render``."""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from kg.errors import ConfigError, KGError
from kg.render import (
    BLOC_PALETTE,
    CONFLICT_COLOR,
    COOPERATION_COLOR,
    alliance_graph,
    prepare_scene,
    save_alliance_graph,
    save_timeline,
    signed_layout,
    timeline,
    write_html,
)
from kg.render.html import _text_size, page_data

POS = ["supports", "provides_aid_to", "cooperates_with", "meets_with", "signs_agreement_with"]
NEG = ["opposes", "accuses", "attacks", "sanctions", "threatens"]
SYMMETRIC = {"cooperates_with", "meets_with", "signs_agreement_with"}
MATERIAL = {"provides_aid_to", "attacks", "sanctions", "cooperates_with"}


def _edge(G: nx.DiGraph, u: str, v: str, rels: dict[str, int], **extra: object) -> None:
    """An edge with exactly the attributes kg.analyze.project sets."""
    pos = sum(c for r, c in rels.items() if r in POS)
    neg = sum(c for r, c in rels.items() if r in NEG)
    w = pos - neg
    sentence = f"{G.nodes[u]['label']} {next(iter(rels)).replace('_', ' ')} {G.nodes[v]['label']}."
    G.add_edge(
        u, v, relations=dict(rels), positive=pos, negative=neg, neutral=0, count=pos + neg,
        weight=w, sign=(w > 0) - (w < 0), material=any(r in MATERIAL for r in rels),
        symmetric=all(r in SYMMETRIC for r in rels),
        evidence=[(sentence, "art1", "2019-12-14")], first="2019-04-04", last="2020-01-19",
        **extra,
    )  # fmt: skip


@pytest.fixture
def small() -> nx.DiGraph:
    """Five actors in two blocs: Egypt, UAE, LNA against Turkey and the GNA."""
    G = nx.DiGraph(articles=5)
    for n, label, typ in [
        ("EGY", "Egypt", "State"),
        ("ARE", "United Arab Emirates", "State"),
        ("lna", "Libyan National Army", "ArmedGroup"),
        ("TUR", "Turkey", "State"),
        ("gna", "Government of National Accord", "Government"),
    ]:
        G.add_node(n, label=label, type=typ, country=None)
    _edge(G, "EGY", "lna", {"supports": 3})
    _edge(G, "ARE", "lna", {"provides_aid_to": 2})
    _edge(G, "ARE", "EGY", {"cooperates_with": 2})
    _edge(G, "TUR", "gna", {"provides_aid_to": 4, "signs_agreement_with": 1})
    _edge(G, "lna", "gna", {"attacks": 6})
    _edge(G, "gna", "lna", {"accuses": 2})
    _edge(G, "EGY", "TUR", {"opposes": 1})
    return G


SMALL_BLOCS = {"EGY": 0, "ARE": 0, "lna": 0, "TUR": 1, "gna": 1}


def _big(n: int = 150, k: int = 5, seed: int = 1) -> tuple[nx.DiGraph, dict[str, int]]:
    """A random signed graph with ``k`` planted blocs: cooperation inside, conflict across."""
    rnd = random.Random(seed)
    G = nx.DiGraph(articles=420)
    kinds = ["State", "State", "ArmedGroup", "Person", "InternationalOrganization", "Group"]
    bloc = {}
    for i in range(n):
        G.add_node(f"a{i}", label=f"Actor {i}{'x' * rnd.randint(0, 8)}", type=rnd.choice(kinds))
        bloc[f"a{i}"] = i % k
    nodes = list(G)
    for _ in range(n * 3):
        u, v = rnd.sample(nodes, 2)
        same = bloc[u] == bloc[v]
        if G.has_edge(u, v) or rnd.random() > (0.9 if same else 0.3):
            continue
        rel = rnd.choice(POS if same else NEG)
        _edge(G, u, v, {rel: max(1, int(rnd.paretovariate(1.2)))})
    return G, bloc


def _rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _pixels(path: Path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"), dtype=float).reshape(-1, 3)


def _near(pixels: np.ndarray, color: str, tol: float = 40.0) -> int:
    pixels = pixels[::3]  # a third of the pixels is plenty and three times faster
    return int((np.linalg.norm(pixels - _rgb(color), axis=1) < tol).sum())


def _figure_axes():  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 7))
    FigureCanvasAgg(fig)
    return fig.add_subplot()


# ----------------------------------------------------------------- pictures


def test_render_small_png_has_colours_and_is_not_blank(small: nx.DiGraph, tmp_path: Path) -> None:
    out = save_alliance_graph(small, tmp_path / "small.png", blocs=SMALL_BLOCS)
    px = _pixels(out)
    assert px.var() > 0
    for color in (COOPERATION_COLOR, CONFLICT_COLOR, BLOC_PALETTE[0], BLOC_PALETTE[1]):
        assert _near(px, color) > 20, color


def test_render_small_legend_and_title(small: nx.DiGraph) -> None:
    ax = alliance_graph(small, ax=_figure_axes(), blocs=SMALL_BLOCS, title="Libya")
    # legend lines wrap between words to keep it narrow (issue 22)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]
    for expected in ("Blocs", "cooperation (material)", "conflict (verbal)", "Relations"):
        assert expected in labels
    assert "State / government" in labels and "Armed group" in labels
    assert any(label.startswith("1: Libyan National Army") for label in labels)
    title = ax.get_title(loc="left")
    assert title.startswith("Libya\n2019-04-04 to 2020-01-19 · 5 source articles · 5 actors")
    # every actor of a small graph is named
    named = {t.get_text() for t in ax.texts}
    assert named == {d["label"] for _, d in small.nodes(data=True)}


def test_render_large_graph_is_readable(tmp_path: Path) -> None:
    G, bloc = _big()
    ax = alliance_graph(G, ax=_figure_axes(), blocs=bloc)  # one drawing, kept fast
    ax.figure.savefig(tmp_path / "big.png", dpi=100)
    px = _pixels(tmp_path / "big.png")
    assert px.var() > 0
    for color in (COOPERATION_COLOR, CONFLICT_COLOR, *BLOC_PALETTE[:5]):
        assert _near(px, color) > 10, color
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert 30 <= len(boxes) <= 40  # crowded: at least the 30 most central are named
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i) if boxes[i].overlaps(boxes[j])]
    assert overlaps == []


def test_render_svg_and_pdf_written(small: nx.DiGraph, tmp_path: Path) -> None:
    svg = save_alliance_graph(small, tmp_path / "g.svg", blocs=SMALL_BLOCS)
    pdf = save_alliance_graph(small, tmp_path / "sub" / "g.PDF", blocs=SMALL_BLOCS)
    assert "<svg" in svg.read_text() and "Egypt" in svg.read_text()
    assert pdf.read_bytes().startswith(b"%PDF")


def test_render_bad_suffix_names_valid_ones(small: nx.DiGraph, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'\.gif'.*\.png, \.svg, \.pdf"):
        save_alliance_graph(small, tmp_path / "g.gif")
    assert not (tmp_path / "g.gif").exists()


def test_render_empty_graph_is_a_clear_error() -> None:
    with pytest.raises(KGError, match="no actors"):
        alliance_graph(nx.DiGraph(), ax=_figure_axes())


# ----------------------------------------------------------------- layout and selection


def test_render_layout_allies_together_adversaries_apart() -> None:
    G, bloc = _big(60, 3, seed=2)
    pos = signed_layout(G, bloc=bloc, seed=0)
    inside, across = [], []
    for u, v in G.edges:
        d = math.dist(pos[u], pos[v])
        (inside if bloc[u] == bloc[v] else across).append(d)
    assert np.mean(inside) * 2 < np.mean(across)


def test_render_layout_is_deterministic(small: nx.DiGraph) -> None:
    assert signed_layout(small, seed=3) == signed_layout(small, seed=3)
    scene = prepare_scene(small, blocs=SMALL_BLOCS)
    xs = [p for p in scene.pos.values()]
    gaps = [math.dist(a, b) for i, a in enumerate(xs) for b in xs[:i]]
    assert min(gaps) >= 0.29  # markers of a small graph never cover each other


def test_render_top_focus_and_min_evidence(small: nx.DiGraph) -> None:
    G, bloc = _big()
    assert prepare_scene(G, blocs=bloc, top=12).graph.number_of_nodes() == 12
    ego = prepare_scene(G, blocs=bloc, focus="a3").graph
    assert set(ego) == {"a3", *nx.all_neighbors(G, "a3")}
    two = prepare_scene(G, blocs=bloc, focus="a3", hops=2).graph
    assert set(ego) < set(two)
    by_label = prepare_scene(small, focus="turkey").graph  # labels work, any case
    assert set(by_label) == {"TUR", "gna", "EGY"}
    strong = prepare_scene(small, blocs=SMALL_BLOCS, min_evidence=3).graph
    assert sorted(strong.edges) == [("EGY", "lna"), ("TUR", "gna"), ("lna", "gna")]
    with pytest.raises(ConfigError, match="unknown focus actor 'Narnia'"):
        prepare_scene(small, focus="Narnia")
    with pytest.raises(ConfigError, match="hops must be 1 or 2"):
        prepare_scene(small, focus="TUR", hops=3)


def test_render_focus_on_a_person_drawn_as_their_principal(small: nx.DiGraph) -> None:
    G = small.copy()
    G.nodes["lna"]["members"] = ["lna", "zarco_voss"]
    G.nodes["lna"]["member_labels"] = ["Libyan National Army", "Zarco Voss"]
    assert "lna" in prepare_scene(G, focus="Zarco Voss").graph
    assert "lna" in prepare_scene(G, focus="zarco_voss").graph


def test_render_symmetric_edges_have_no_arrow(small: nx.DiGraph) -> None:
    edges = {(e["u"], e["v"]): e for e in prepare_scene(small, blocs=SMALL_BLOCS).edges}
    assert edges[("ARE", "EGY")]["directed"] is False
    assert edges[("EGY", "lna")]["directed"] is True
    assert edges[("lna", "gna")]["reciprocal"] and edges[("gna", "lna")]["reciprocal"]


# ----------------------------------------------------------------- timeline


class _Rec:
    def __init__(self, s: str, t: str, rel: str, date: str, negated: bool = False) -> None:
        self.source, self.target, self.relation, self.date, self.negated = s, t, rel, date, negated


def test_render_timeline_counts_per_month(tmp_path: Path) -> None:
    recs = [
        _Rec("TUR", "gna", "provides_aid_to", "2019-06-10"),
        _Rec("gna", "TUR", "meets_with", "2019-06-20"),
        _Rec("TUR", "gna", "accuses", "2019-09-01"),
        _Rec("TUR", "gna", "attacks", "2019-09-02", negated=True),  # not counted
        _Rec("EGY", "gna", "attacks", "2019-07-01"),  # another pair
    ]
    ax = timeline(recs, "TUR", "gna", ax=_figure_axes())
    assert "2019-06-10 to 2019-09-01" in ax.get_title(loc="left")
    heights = [round(p.get_height()) for p in ax.patches]
    # four months (06..09) x three series: cooperation, neutral, conflict
    assert heights[:4] == [2, 0, 0, 0] and heights[8:] == [0, 0, 0, -1]
    assert save_timeline(recs, "TUR", "gna", tmp_path / "t.svg").exists()
    with pytest.raises(KGError, match="no events between 'TUR' and 'RUS'"):
        timeline(recs, "TUR", "RUS", ax=_figure_axes())
    with pytest.raises(ConfigError, match="unknown frequency 'week'"):
        timeline(recs, "TUR", "gna", freq="week")


# ----------------------------------------------------------------- HTML page

HOSTILE = "</script><b>x</b> & \"q\" 'a' %JS% <!--"


def _page_data(page: str) -> dict:
    m = re.search(r'<script id="geokg-data" type="application/json">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))


def test_render_html_is_self_contained_and_escaped(small: nx.DiGraph, tmp_path: Path) -> None:
    small.nodes["lna"]["label"] = HOSTILE
    page = write_html(small, tmp_path / "g.html", blocs=SMALL_BLOCS, title="<Libya>").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in page and "fetch(" not in page
    assert "<b>x</b>" not in page and "<!--" not in page
    assert page.count("</script>") == 2  # the data and the code, nothing injected
    assert "<title>&lt;Libya&gt;</title>" in page
    data = _page_data(page)
    assert HOSTILE in {n["label"] for n in data["nodes"]}
    assert {n["id"] for n in data["nodes"]} == set(small)
    edge = next(e for e in data["edges"] if (e["s"], e["t"]) == ("lna", "gna"))
    assert edge["relations"] == {"attacks": 6} and edge["evidence"][0][1] == "art1"
    assert {n["color"] for n in data["nodes"]} == set(BLOC_PALETTE[:2])


def test_render_html_bad_suffix(small: nx.DiGraph, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\.html or \.htm"):
        write_html(small, tmp_path / "g.png")


def _chromium_dom(page: Path, tmp_path: Path) -> str:
    """The DOM of ``page`` after its scripts ran, in headless Chromium without network."""
    if shutil.which("chromium") is None:
        message = "Chromium is not installed (apt-get install chromium): the page test needs it"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{message}; .ci/run installs it")
        pytest.skip(message)
    cmd = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--no-first-run",
        # no network at all: every request goes to a closed local port, no DNS
        "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=3000",
        "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=True).stdout


def test_render_html_shows_in_headless_chromium_offline(small: nx.DiGraph, tmp_path: Path) -> None:
    small.nodes["lna"]["label"] = HOSTILE
    out = write_html(small, tmp_path / "g.html", blocs=SMALL_BLOCS)
    dom = _chromium_dom(out, tmp_path)
    assert 'data-rendered="5"' in dom  # the script ran to the end
    assert len(re.findall(r'<g class="node"', dom)) == 5
    assert len(re.findall(r'<path class="edge"', dom)) == small.number_of_edges()
    assert "cooperation (material)" in dom  # legend built
    assert "&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in dom  # hostile label shown as text
    assert "<b>x</b>" not in dom


def test_render_html_evidence_says_which_file_it_came_from(small: nx.DiGraph) -> None:
    from kg.render.html import origin

    small.graph["sources"] = {"art1": {"location": "news/tripoli.txt", "title": "Assault <b>"}}
    small.add_edge("ARE", "TUR", **{**small["EGY"]["TUR"], "evidence": [("S.", "j7", None)]})
    small.graph["sources"]["j7"] = {"location": "wire.jsonl"}
    data = page_data(small, blocs=SMALL_BLOCS)
    ev = next(e for e in data["edges"] if (e["s"], e["t"]) == ("lna", "gna"))["evidence"][0]
    assert ev[1:] == [
        "art1", "2019-12-14", "from file news/tripoli.txt, article art1, \u201cAssault <b>\u201d"
    ]  # fmt: skip
    ev = next(e for e in data["edges"] if (e["s"], e["t"]) == ("ARE", "TUR"))["evidence"][0]
    assert ev[3] == "from file wire.jsonl, article j7"
    assert origin("u1", {"u1": {"location": "https://news.example/u1"}}) == (
        "from https://news.example/u1"
    )
    assert origin("unknown") == "from article unknown"  # no sources (e.g. standard input)


def test_render_ties_are_coloured_by_the_side_taking_evidence_blocs_use() -> None:
    from kg.analyze import EdgeRecord, project

    # two armies sign a ceasefire and are (mis)read as cooperating once, but one
    # attacks the other: more events are cooperative, yet the tie is a conflict
    recs = [
        EdgeRecord("A", "B", "attacks", sentence="A shelled B."),
        EdgeRecord("A", "B", "signs_agreement_with", sentence="A and B agreed a truce."),
        EdgeRecord("A", "B", "cooperates_with", sentence="Fighting broke out between A and B."),
        EdgeRecord("C", "A", "supports", sentence="C backs A."),
    ]
    G = project(recs)
    assert G["A"]["B"]["sign"] == 1  # by event counts
    edges = {(e["s"], e["t"]): e["sign"] for e in page_data(G)["edges"]}
    assert edges[("A", "B")] == -1 and edges[("C", "A")] == 1


def test_render_html_hovered_tie_shows_the_file_in_chromium(
    small: nx.DiGraph, tmp_path: Path
) -> None:
    small.graph["sources"] = {"art1": {"location": "news/tripoli-2019.txt"}}
    out = write_html(small, tmp_path / "g.html", blocs=SMALL_BLOCS)
    # hover the first tie as a reader would: the page's own handler fills the tooltip
    hover = (
        "<script>var e = document.querySelector('path.edge');"
        "e.dispatchEvent(new MouseEvent('mousemove', {clientX: 20, clientY: 20, bubbles: true}));"
        "</script></body>"
    )
    out.write_text(out.read_text(encoding="utf-8").replace("</body>", hover), encoding="utf-8")
    dom = _chromium_dom(out, tmp_path)
    tip = re.search(r'<div id="tip"[^>]*>(.*?)</div>\s*<script', dom, re.S)
    assert tip is not None and "hidden" not in dom[tip.start() : tip.start() + 20]
    assert "<q>" in tip.group(1)
    assert "(from file news/tripoli-2019.txt, article art1, 2019-12-14)" in tip.group(1)


# ----------------------------------------------------------------- kg render


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A real embedded store with seven dated Libya articles."""
    from kg.model import Actor, Article, Evidence, Relation
    from kg.store import open_store

    egy = Actor("EGY", "Egypt", "State", "EGY")
    are = Actor("ARE", "United Arab Emirates", "State", "ARE")
    tur = Actor("TUR", "Turkey", "State", "TUR")
    gna = Actor("gna", "Government of National Accord", "Government", "LBY")
    lna = Actor("lna", "Libyan National Army", "ArmedGroup", "LBY")
    haf = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
    facts = [
        ("2019-04-05", [("attacks", lna, gna), ("opposes", tur, lna), ("supports", egy, haf)]),
        ("2019-06-10", [("provides_aid_to", tur, gna), ("accuses", gna, are)]),
        ("2019-09-01", [("provides_aid_to", are, lna), ("attacks", lna, gna)]),
        ("2019-11-27", [("signs_agreement_with", tur, gna), ("opposes", egy, tur)]),
        ("2019-12-14", [("supports", egy, haf), ("supports", are, haf)]),
        ("2020-01-05", [("provides_aid_to", tur, gna), ("attacks", gna, lna)]),
    ]
    items = []
    for i, (date, rels) in enumerate(facts):
        sents = [f"{a.label} {r.replace('_', ' ')} {b.label} <&>." for r, a, b in rels]
        text = " ".join(sents)
        art = Article(id=f"art{i}", text=text, date=date, location=f"wire/libya-{i}.txt")
        out = []
        for (r, a, b), s in zip(rels, sents, strict=True):
            ev = Evidence(s, (text.index(s), text.index(s) + len(s)))
            out.append(Relation(art.id, r, a, b, date=date, evidence=ev, confidence=0.9))
        out.append(Relation(art.id, "affiliated_with", haf, lna, date=date, role="commander"))
        items.append((art, out))
    path = tmp_path / "store"
    with open_store(path) as s:
        s.add_extractions(items)
    return path


def test_render_cli_writes_picture_and_page(store_dir: Path, tmp_path: Path) -> None:
    from kg.cli import cli

    png, page = tmp_path / "a.png", tmp_path / "a.html"
    res = CliRunner().invoke(
        cli, ["render", "--store", str(store_dir), "--out", str(png), "--html", str(page)]
    )
    assert res.exit_code == 0, res.output
    assert res.output.split() == [str(png), str(page)]
    assert _pixels(png).var() > 0
    data = _page_data(page.read_text())
    assert (
        "6 source articles" in data["subtitle"] and "2019-04-05 to 2020-01-05" in data["subtitle"]
    )
    blocs = {n["label"]: n["bloc"] for n in data["nodes"]}
    assert blocs["Turkey"] == blocs["Government of National Accord"] != blocs["Egypt"]
    # every piece of evidence says which file its article came from
    evidence = [ev for e in data["edges"] for ev in e["evidence"]]
    assert evidence and all(
        ev[3] == f"from file wire/libya-{ev[1][3:]}.txt, article {ev[1]}" for ev in evidence
    )
    res = CliRunner().invoke(
        cli, ["render", "--store", str(store_dir), "--focus", "Turkey", "--out", str(png),
              "--from", "2019-06", "--to", "2019-12", "--min-evidence", "1"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output


def test_render_cli_timeline_and_errors(store_dir: Path, tmp_path: Path) -> None:
    from kg.cli import cli

    out = tmp_path / "t.png"
    args = ["render", "timeline", "Turkey", "gna", "--store", str(store_dir), "--out", str(out)]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert res.output.strip() == str(out) and _pixels(out).var() > 0
    res = CliRunner().invoke(cli, [*args[:3], "Narnia", *args[4:]])
    assert res.exit_code == 1 and "unknown actor 'Narnia'" in res.output
    assert "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["render", "--store", str(store_dir), "--out", "x.gif"])
    assert res.exit_code == 1 and "'.gif'" in res.output and ".png" in res.output
    res = CliRunner().invoke(cli, ["render", "--store", str(tmp_path / "none")])
    assert res.exit_code == 1 and res.output.startswith("error:")


# ----------------------------------------------------------------- packing and labels

NAMES = [
    "Russia", "China", "Iran", "United States", "Ukraine", "Saudi Arabia", "Qatar",
    "United Arab Emirates", "Egypt", "Turkey", "Government of National Accord", "Libya",
    "Khalifa Haftar", "Libyan National Army", "European Union", "United Kingdom", "Japan",
    "Jordan", "Bahrain", "Philippines", "Armenia", "Azerbaijan", "Greece", "United Nations",
    "Houthis", "Saudi-led coalition", "Antonio Guterres", "Ali Shamkhani", "Musaed al-Aiban",
]  # fmt: skip


def _three_parts() -> tuple[nx.DiGraph, list[set[str]]]:
    """33 actors like the examples: a crowded main component of 29 in three blocs with a
    few hubs, plus two separate pairs (Poland–Germany, RSF–SAF)."""
    rnd = random.Random(7)
    G = nx.DiGraph(articles=14)
    for i, name in enumerate(NAMES):
        G.add_node(f"m{i}", label=name, type=rnd.choice(["State", "State", "Person", "ArmedGroup"]))
    main = list(G)
    bloc = {v: i % 3 for i, v in enumerate(main)}
    hubs = main[:6]
    for i, v in enumerate(main[1:], 1):  # a spanning tree keeps the main part connected
        u = main[rnd.randrange(i)]
        _edge(G, u, v, {rnd.choice(POS if bloc[u] == bloc[v] else NEG): rnd.randint(1, 4)})
    for _ in range(45):  # hubs with many ties crowd the centre, as in the examples
        u, v = rnd.choice(hubs), rnd.choice(main)
        if u != v and not G.has_edge(u, v):
            _edge(G, u, v, {rnd.choice(POS if bloc[u] == bloc[v] else NEG): rnd.randint(1, 5)})
    for a, b, label_a, label_b, rel in [
        ("POL", "DEU", "Poland", "Germany", "meets_with"),
        ("RSF", "SAF", "Rapid Support Forces", "Sudanese Armed Forces", "attacks"),
    ]:
        G.add_node(a, label=label_a, type="State")
        G.add_node(b, label=label_b, type="ArmedGroup")
        _edge(G, a, b, {rel: 2})
    return G, [set(main), {"POL", "DEU"}, {"RSF", "SAF"}]


def _bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def test_render_components_are_packed_main_one_fills_the_frame() -> None:
    G, parts = _three_parts()
    scene = prepare_scene(G)
    boxes = [_bbox([scene.pos[v] for v in part]) for part in parts]
    for i in range(len(boxes)):
        for j in range(i):
            a, b = boxes[i], boxes[j]
            apart = a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
            assert apart, (parts[i], parts[j])
    x0, y0, x1, y1 = boxes[0]
    # the axes show [-1.25, 1.25] x [-1.12, 1.12]; the main part covers most of it
    assert (x1 - x0) * (y1 - y0) / (2.5 * 2.24) > 0.55
    assert min(x1 - x0, y1 - y0) > 1.2  # not squeezed into a strip or a corner
    # every pair is no longer than the main part's typical tie
    main_ties = [math.dist(scene.pos[u], scene.pos[v]) for u, v in G.subgraph(parts[0]).edges]
    for part in parts[1:]:
        u, v = sorted(part)
        assert math.dist(scene.pos[u], scene.pos[v]) < 1.5 * float(np.median(main_ties))
    assert scene.pos == prepare_scene(G).pos  # still deterministic


def test_render_every_actor_of_33_is_named_without_overlaps() -> None:
    G, _ = _three_parts()
    ax = alliance_graph(G, ax=_figure_axes())
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert {t.get_text() for t in ax.texts} == {d["label"] for _, d in G.nodes(data=True)}
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    overlaps = [
        (ax.texts[i].get_text(), ax.texts[j].get_text())
        for i in range(len(boxes)) for j in range(i) if boxes[i].overlaps(boxes[j])
    ]  # fmt: skip
    assert overlaps == []
    frame = ax.get_window_extent(renderer)
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 for b in boxes)
    # the page names every actor too, at spots that do not overlap (estimated text size)
    data = page_data(G)
    assert all("anchor" in n for n in data["nodes"])
    spots = []
    for n in data["nodes"]:
        w, h = _text_size(n["label"], data["labelSize"])
        x = 500 + 430 * n["x"] + n["lx"]
        y = 500 - 430 * n["y"] + n["ly"]
        spots.append((x, y - h, x + w - 3, y))
    clash = [
        (a, b) for i, a in enumerate(spots) for b in spots[:i]
        if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
    ]  # fmt: skip
    assert clash == []
