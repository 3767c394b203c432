"""Tests of kg.analyze and ``kg analyze``: synthetic graphs with known answers,
degenerate input, the state roll-up, and a real pyoxigraph store end to end."""

from __future__ import annotations

import json
import math
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.analyze import (
    ActorInfo,
    EdgeRecord,
    UnknownActorError,
    balance,
    bloc_weight,
    blocs,
    brokers,
    enemy_of_enemy,
    export_graph,
    influence,
    load_records,
    over_time,
    profile,
    project,
    rollup,
    sign_flips,
    signed_graph,
)
from kg.cli import cli
from kg.errors import AnalysisError, ConfigError
from kg.model import Actor, Article, Evidence, Relation

# --------------------------------------------------------------------------- helpers


def _signed(edges: list[tuple[str, str, float]]) -> nx.Graph:
    S = nx.Graph()
    S.add_weighted_edges_from(edges)
    return S


def _two_blocs(n: int = 12, seed: int = 3, noise: float = 0.0) -> tuple[nx.Graph, set[str]]:
    """Two planted blocs L0.. and R0..; dense cooperation inside, conflict across."""
    rng = random.Random(seed)
    left = [f"L{i}" for i in range(n)]
    right = [f"R{i}" for i in range(n)]
    edges = []
    for group in (left, right):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if rng.random() < 0.5:
                    edges.append((a, b, 1 + rng.randrange(3)))
    for a in left:
        for b in right:
            if rng.random() < 0.3:
                edges.append((a, b, -(1 + rng.randrange(3))))
    if noise:
        edges = [(a, b, -w if rng.random() < noise else w) for a, b, w in edges]
    return _signed(edges), set(left)


# Libya 2019–20, hand-made: Egypt and the UAE back Haftar (LNA); Turkey and the GNA sign
# a deal; the LNA attacks the GNA; Turkey's foreign minister condemns Haftar.
EGY = Actor("EGY", "Egypt", "State", "EGY")
ARE = Actor("ARE", "United Arab Emirates", "State", "ARE")
TUR = Actor("TUR", "Turkey", "State", "TUR")
RUS = Actor("RUS", "Russia", "State", "RUS")
HAF = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
LNA = Actor("lna", "Libyan National Army", "ArmedGroup", "LBY")
GNA = Actor("gna", "Government of National Accord", "Government", "LBY")
SAR = Actor("fayez_al_sarraj", "Fayez al-Sarraj", "Person", "LBY")
CAV = Actor("mevlut_cavusoglu", "Mevlut Cavusoglu", "Person", "TUR")


def _rel(art: str, rel: str, s: Actor, t: Actor, date: str, text: str, **kw: object) -> Relation:
    return Relation(
        art, rel, s, t, date=date, evidence=Evidence(text, (0, len(text))), confidence=0.9, **kw
    )  # type: ignore[arg-type]


def _libya_articles() -> list[tuple[Article, list[Relation]]]:
    a1, a2, a3 = "libya-1", "libya-2", "libya-3"
    return [
        (
            Article(a1, "…", date="2019-12-14", location="wire/libya-1.txt"),
            [
                _rel(a1, "supports", EGY, HAF, "2019-12-14", "Egypt and the UAE support him."),
                _rel(a1, "supports", ARE, HAF, "2019-12-14", "Egypt and the UAE support him."),
                _rel(
                    a1,
                    "affiliated_with",
                    HAF,
                    LNA,
                    "2019-12-14",
                    "LNA commander Haftar",
                    role="commander",
                ),
                _rel(
                    a1,
                    "signs_agreement_with",
                    TUR,
                    GNA,
                    "2019-12-14",
                    "Turkey and the GNA signed a security deal.",
                ),
                _rel(
                    a1,
                    "requests_aid_from",
                    GNA,
                    TUR,
                    "2019-12-14",
                    "The GNA has not asked Turkey for troops.",
                    negated=True,
                ),
                _rel(
                    a1,
                    "affiliated_with",
                    CAV,
                    TUR,
                    "2019-12-14",
                    "Turkish FM Cavusoglu",
                    role="foreign minister",
                ),
                _rel(a1, "opposes", CAV, HAF, "2019-12-14", "Cavusoglu condemned Haftar."),
            ],
        ),
        (
            Article(a2, "…", date="2020-01-10"),
            [
                _rel(a2, "attacks", LNA, GNA, "2020-01-10", "LNA forces shelled GNA positions."),
                _rel(a2, "provides_aid_to", ARE, LNA, "2020-01-10", "The UAE supplied drones."),
                _rel(a2, "provides_aid_to", TUR, GNA, "2020-01-10", "Turkey sent military aid."),
                _rel(
                    a2,
                    "affiliated_with",
                    SAR,
                    GNA,
                    "2020-01-10",
                    "GNA head Sarraj",
                    role="prime minister",
                ),
                _rel(a2, "meets_with", SAR, TUR, "2020-01-10", "Sarraj met Turkish officials."),
                _rel(a2, "cooperates_with", TUR, RUS, "2020-01-10", "Turkey and Russia agreed."),
            ],
        ),
        (
            Article(a3, "…", date="2020-03-02"),
            [
                _rel(a3, "attacks", RUS, TUR, "2020-03-02", "Russian jets struck Turkish troops."),
                _rel(a3, "accuses", EGY, TUR, "2020-03-02", "Egypt accused Turkey of meddling."),
                _rel(a3, "supports", EGY, LNA, "2020-03-02", "Cairo backed the LNA."),
                _rel(
                    a3,
                    "attacks",
                    HAF,
                    GNA,
                    "2020-03-02",
                    "Haftar's forces attacked Tripoli.",
                    modality="intended",
                ),
            ],
        ),
    ]


@pytest.fixture(scope="module")
def libya_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.store import open_store

    path = tmp_path_factory.mktemp("analyze") / "s"
    with open_store(path) as store:
        for article, relations in _libya_articles():
            store.replace_article(article, relations)
    return path


# --------------------------------------------------------------------------- projection


def test_analyze_project_aggregates_signs_and_excludes_negated_and_modal() -> None:
    recs = [
        EdgeRecord("A", "B", "supports", confidence=0.5, sentence="A backs B.", date="2020-01-02"),
        EdgeRecord(
            "A", "B", "provides_aid_to", confidence=0.9, sentence="A arms B.", date="2020-03-01"
        ),
        EdgeRecord("A", "B", "opposes", date="2020-02-01"),
        EdgeRecord("A", "B", "urges", date="2020-02-01"),
        EdgeRecord("A", "B", "attacks", negated=True),
        EdgeRecord("A", "B", "attacks", modality="possible"),
    ]
    d = project(recs)["A"]["B"]
    assert (d["positive"], d["negative"], d["neutral"], d["count"]) == (2, 1, 1, 4)
    assert d["weight"] == 1 and d["sign"] == 1 and d["material"] is True
    assert d["relations"] == {"opposes": 1, "provides_aid_to": 1, "supports": 1, "urges": 1}
    assert d["evidence"][0] == ("A arms B.", "", "2020-03-01")
    assert (d["first"], d["last"]) == ("2020-01-02", "2020-03-01")
    modal = project(recs, include_modal=True)["A"]["B"]
    assert modal["negative"] == 2 and modal["weight"] == 0 and modal["sign"] == 0


def test_analyze_project_symmetric_relations_stored_once() -> None:
    G = project(
        [
            EdgeRecord("TUR", "GNA", "signs_agreement_with"),
            EdgeRecord("GNA", "TUR", "signs_agreement_with"),
        ]
    )
    assert list(G.edges) == [("GNA", "TUR")]
    assert G["GNA"]["TUR"]["count"] == 2 and G["GNA"]["TUR"]["symmetric"] is True


def test_analyze_project_min_evidence_and_bad_options() -> None:
    recs = [EdgeRecord("A", "B", "supports")] * 3 + [EdgeRecord("A", "C", "attacks")]
    assert list(project(recs, min_evidence=2).edges) == [("A", "B")]
    with pytest.raises(ConfigError, match="unknown level 'city'"):
        project(recs, level="city")
    with pytest.raises(ConfigError, match="min-evidence"):
        project(recs, min_evidence=0)


def test_analyze_signed_graph_sums_directions() -> None:
    G = project(
        [
            EdgeRecord("A", "B", "supports"),
            EdgeRecord("B", "A", "attacks"),
            EdgeRecord("B", "A", "threatens"),
        ]
    )
    S = signed_graph(G)
    assert not S.is_directed()
    assert (S["A"]["B"]["weight"], S["A"]["B"]["sign"], S["A"]["B"]["count"]) == (-1, -1, 3)


def test_analyze_state_rollup_keeps_armed_groups_and_rival_governments() -> None:
    actors = {
        "khalifa_haftar": ActorInfo(
            "khalifa_haftar", "Khalifa Haftar", "Person", "LBY", (("lna", "commander"),)
        ),
        "lna": ActorInfo("lna", "Libyan National Army", "ArmedGroup", "LBY"),
        "gna": ActorInfo("gna", "Government of National Accord", "Government", "LBY"),
        "sarraj": ActorInfo(
            "sarraj", "Fayez al-Sarraj", "Person", "LBY", (("gna", "prime minister"),)
        ),
        "cavusoglu": ActorInfo(
            "cavusoglu", "Mevlut Cavusoglu", "Person", "TUR", (("TUR", "foreign minister"),)
        ),
        "TUR": ActorInfo("TUR", "Turkey", "State", "TUR"),
        "LBY": ActorInfo("LBY", "Libya", "State", "LBY"),
        "loner": ActorInfo("loner", "A Libyan analyst", "Person", "LBY"),
    }
    assert rollup(actors) == {"cavusoglu": "TUR", "khalifa_haftar": "lna", "sarraj": "gna"}
    recs = [
        EdgeRecord("cavusoglu", "khalifa_haftar", "opposes"),
        EdgeRecord("sarraj", "cavusoglu", "meets_with"),
        EdgeRecord("khalifa_haftar", "lna", "supports"),  # becomes a self-loop: dropped
        EdgeRecord("loner", "gna", "accuses"),
    ]
    G = project(recs, actors, level="state")
    assert sorted(G.edges) == [("TUR", "lna"), ("gna", "TUR"), ("loner", "gna")] or sorted(
        G.edges
    ) == sorted([("TUR", "lna"), ("TUR", "gna"), ("loner", "gna")])
    assert "LBY" not in G and "khalifa_haftar" not in G
    assert G.nodes["lna"]["label"] == "Libyan National Army"
    assert G.graph["rollup"]["khalifa_haftar"] == "lna"
    # at actor level nobody moves
    assert "khalifa_haftar" in project(recs, actors, level="actor")


# --------------------------------------------------------------------------- blocs


def test_analyze_blocs_recovers_two_planted_blocs() -> None:
    S, left = _two_blocs()
    r = blocs(S)
    assert len(r.communities) == 2
    assert {frozenset(c) for c in r.communities} == {frozenset(left), frozenset(set(S) - left)}
    assert r.frustration == 0.0 and r.weighted_frustration == 0.0
    assert r.modularity is not None and r.modularity > 0.3


def test_analyze_blocs_is_deterministic_and_tolerates_noise() -> None:
    S, left = _two_blocs(n=30, seed=5, noise=0.1)
    r1, r2 = blocs(S, seed=1), blocs(S, seed=1)
    assert r1.communities == r2.communities
    big = max(r1.communities, key=len)
    agree = max(len(set(big) & left), len(set(big) - left)) / len(big)
    assert agree > 0.9
    assert 0.0 < r1.frustration < 0.2


def test_analyze_blocs_three_blocs_are_found() -> None:
    rng = random.Random(7)
    groups = [[f"{g}{i}" for i in range(10)] for g in "XYZ"]
    edges = []
    for gi, group in enumerate(groups):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if rng.random() < 0.6:
                    edges.append((a, b, 2))
            for other in groups[gi + 1 :]:
                for b in other:
                    if rng.random() < 0.3:
                        edges.append((a, b, -1))
    r = blocs(_signed(edges))
    assert sorted(map(sorted, r.communities)) == sorted(map(sorted, groups))


def test_analyze_blocs_separates_disconnected_components() -> None:
    S = _signed([("A", "B", 1), ("B", "C", -1), ("P", "Q", 1)])
    r = blocs(S)
    assert r.membership["P"] == r.membership["Q"]
    assert r.membership["P"] not in (r.membership["A"], r.membership["C"])


@pytest.mark.parametrize(
    ("graph", "message"),
    [
        (nx.Graph(), "graph is empty"),
        (_signed([("A", "B", 2), ("B", "C", 1)]), "at least one conflict"),
    ],
)
def test_analyze_blocs_degenerate_input_is_a_clear_error(graph: nx.Graph, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        blocs(graph)


def test_analyze_project_sums_side_taking_evidence() -> None:
    recs = [
        EdgeRecord("B", "L", "supports"),
        EdgeRecord("B", "L", "signs_agreement_with"),
        EdgeRecord("L", "B", "opposes"),
        EdgeRecord("L", "G", "attacks"),
        EdgeRecord("G", "T", "meets_with"),
        EdgeRecord("T", "G", "urges"),
    ]
    S = signed_graph(project(recs))
    assert (S["B"]["L"]["alignment"], S["B"]["L"]["alignment_gross"]) == (0.25, 2.25)
    assert (S["L"]["G"]["alignment"], S["G"]["T"]["alignment"]) == (-1.0, 0.1)
    assert S["G"]["T"]["alignment_gross"] == 0.1  # urging takes no side
    # the bloc search keeps little of a pair that backs and opposes about as much
    assert bloc_weight(S["B"]["L"]["alignment"], S["B"]["L"]["alignment_gross"]) < 0.03


def test_analyze_blocs_backing_a_side_outweighs_a_later_deal() -> None:
    # A war in 2018: the force L attacks the government G; B backs L, T arms G.
    # Years later B signs a trade deal with S, a partner of T. By Goldstein
    # intensity the deal (8) outweighs the backing (3.4) and B joins T's camp;
    # by side-taking evidence the backing (1) outweighs the deal (0.25).
    recs = [
        EdgeRecord("B", "L", "supports", date="2018-03-01"),
        EdgeRecord("L", "G", "attacks", date="2018-03-02"),
        EdgeRecord("T", "G", "provides_aid_to", date="2018-04-10"),
        EdgeRecord("B", "S", "signs_agreement_with", date="2022-06-01"),
        EdgeRecord("S", "T", "cooperates_with", date="2022-07-01"),
    ]
    r = blocs(project(recs))
    m = r.membership
    assert m["B"] == m["L"] != m["G"] == m["T"] == m["S"]
    # (own 1 - next 0.25) / (1 + 0.25 + one event of doubt)
    assert r.confidence["B"] == pytest.approx(1 / 3) and "B" not in r.unaligned


def test_analyze_blocs_an_ambivalent_pair_does_not_bind() -> None:
    # T and R meet, sign a deal and praise each other, but T also opposes R's
    # troops in the war where R backs L against G, and T signs a pact with G.
    # Their net cooperation (0.35) would outweigh the pact (0.25) and pull T
    # to L's side; mixed evidence is ambivalence and binds little (0.05). The
    # pact alone is no side-taking evidence either (issue 22): T is on no side.
    recs = [
        EdgeRecord("R", "L", "supports"),
        EdgeRecord("L", "G", "attacks"),
        EdgeRecord("T", "G", "signs_agreement_with"),
        EdgeRecord("T", "R", "meets_with"),
        EdgeRecord("T", "R", "signs_agreement_with"),
        EdgeRecord("R", "T", "supports"),
        EdgeRecord("T", "R", "opposes"),
    ]
    r = blocs(project(recs))
    m = r.membership
    assert m["T"] != m["L"] == m["R"] and m["G"] != m["L"]
    assert "T" in r.unaligned and r.confidence["T"] == 0.0


def test_analyze_blocs_help_explains_the_weights() -> None:
    code, out = _run("blocs", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "side-taking evidence" in text and "a signed agreement 0.25" in text
    assert "ambivalent" in text and "--from/--to" in text
    # issue 22: the derived side-taking weights, the membership threshold, theatres
    assert "Joint action" in text and "Shared enemy" in text and "at most 0.5" in text
    assert "at least 0.5" in text and "Theatres" in text and "--theatre" in text


def test_analyze_blocs_single_actor_is_a_clear_error() -> None:
    G = nx.Graph()
    G.add_node("EGY", label="Egypt")
    with pytest.raises(AnalysisError, match="at least two actors, got only 'EGY'"):
        blocs(G)


# --------------------------------------------------------------------------- balance


def test_analyze_balance_counts_balanced_and_unbalanced_triangles() -> None:
    S = _signed(
        [
            ("A", "B", 1),
            ("B", "C", 1),
            ("A", "C", 1),  # +++ balanced
            ("C", "D", -1),
            ("D", "E", -1),
            ("C", "E", 1),  # +-- balanced
            ("E", "F", 1),
            ("F", "G", 1),
            ("E", "G", -3),  # ++- unbalanced
            ("G", "H", -1),
            ("H", "I", -1),
            ("G", "I", -1),  # --- unbalanced
        ]
    )
    r = balance(S)
    assert r.counts == {"+++": 1, "+--": 1, "++-": 1, "---": 1}
    assert (r.balanced, r.unbalanced, r.ratio) == (2, 2, 0.5)
    assert [t.nodes for t in r.unbalanced_triads] == [("G", "H", "I"), ("E", "F", "G")] or [
        t.pattern for t in r.unbalanced_triads
    ] == ["++-", "---"]
    assert {t.pattern for t in r.unbalanced_triads} == {"++-", "---"}


def test_analyze_balance_fully_balanced_graph_and_ranked_listing() -> None:
    S, _ = _two_blocs(n=8)
    r = balance(S)
    assert r.unbalanced == 0 and r.ratio == 1.0 and r.unbalanced_triads == []
    # unbalanced triads come out strongest (by weakest tie) first
    T = _signed(
        [("A", "B", 5), ("B", "C", 5), ("A", "C", -5), ("C", "D", 1), ("B", "D", 1), ("A", "D", -1)]
    )
    listed = balance(T, limit=10).unbalanced_triads
    assert listed[0].nodes == ("A", "B", "C") and listed[0].strength == 5.0
    assert [t.strength for t in listed] == sorted((t.strength for t in listed), reverse=True)
    assert len(balance(T, limit=1).unbalanced_triads) == 1


def test_analyze_balance_without_triangles_is_a_clear_error() -> None:
    with pytest.raises(AnalysisError, match="no triangle"):
        balance(_signed([("A", "B", 1), ("B", "C", -1)]))


def test_analyze_balance_counts_match_brute_force_on_random_graph() -> None:
    rng = random.Random(11)
    nodes = [f"n{i}" for i in range(40)]
    edges = [
        (a, b, rng.choice([-2, -1, 1, 3]))
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
        if rng.random() < 0.25
    ]
    S = _signed(edges)
    brute = {"+++": 0, "+--": 0, "++-": 0, "---": 0}
    for tri in (c for c in nx.enumerate_all_cliques(S) if len(c) == 3):
        a, b, c = tri
        negs = sum(S[x][y]["weight"] < 0 for x, y in ((a, b), (b, c), (a, c)))
        brute[["+++", "++-", "+--", "---"][negs]] += 1
    assert balance(S).counts == brute


# --------------------------------------------------------------------------- influence


def test_analyze_influence_hub_ranks_first_and_values_are_finite() -> None:
    S = _signed([("hub", x, 2) for x in "abcde"] + [("a", "b", 1), ("e", "z", -3)])
    rows = influence(S)
    assert rows[0].actor == "hub" and rows[0].degree == 10.0
    assert rows[0].eigenvector == 1.0 and rows[0].betweenness > rows[1].betweenness
    assert next(r for r in rows if r.actor == "z").degree == 0.0
    assert all(math.isfinite(v) for r in rows for v in (r.degree, r.betweenness, r.eigenvector))


def test_analyze_influence_without_cooperation_is_a_clear_error() -> None:
    with pytest.raises(AnalysisError, match="has none"):
        influence(_signed([("A", "B", -1)]))


def test_analyze_brokers_tie_blocs_together() -> None:
    S, _ = _two_blocs(n=6)
    S.add_edge("bridge", "L0", weight=2)
    S.add_edge("bridge", "R0", weight=2)
    found = brokers(S, blocs(S))
    assert found[0].actor == "bridge" and found[0].reach == 2


# --------------------------------------------------------------------------- profile, suggest


def test_analyze_profile_ranks_allies_and_adversaries_with_evidence() -> None:
    recs = [
        EdgeRecord("EGY", "lna", "supports", sentence="Egypt backs the LNA.", confidence=0.6),
        EdgeRecord(
            "EGY", "lna", "provides_aid_to", sentence="Egypt arms the LNA.", confidence=0.95
        ),
        EdgeRecord("ARE", "lna", "supports", sentence="The UAE backs the LNA."),
        EdgeRecord("TUR", "lna", "attacks", sentence="Turkish drones hit the LNA."),
    ]
    G = project(recs, {"lna": ActorInfo("lna", "Libyan National Army", "ArmedGroup", "LBY")})
    p = profile(G, "libyan national army", recs)
    assert p.actor == "lna" and p.type == "ArmedGroup"
    assert [t.actor for t in p.allies] == ["EGY", "ARE"]
    assert p.allies[0].count == 2 and p.allies[0].evidence[0][0] == "Egypt arms the LNA."
    assert [t.actor for t in p.adversaries] == ["TUR"]


def test_analyze_profile_unknown_actor_lists_close_matches() -> None:
    G = project(
        [EdgeRecord("TUR", "EGY", "opposes")],
        {"TUR": ActorInfo("TUR", "Turkey", "State"), "EGY": ActorInfo("EGY", "Egypt")},
    )
    with pytest.raises(UnknownActorError, match=r"no actor 'Turkye'.*Turkey \(TUR\)"):
        profile(G, "Turkye")


def test_analyze_enemy_of_enemy_open_triads_only() -> None:
    S = _signed([("A", "B", -2), ("B", "C", -3), ("C", "D", -1), ("B", "D", -1), ("A", "D", 1)])
    found = enemy_of_enemy(S)
    pairs = [(s.a, s.c) for s in found]
    assert ("A", "C") in pairs and ("A", "D") not in pairs  # A–D already tied
    top = found[0]
    assert (top.a, top.c, top.via) == ("A", "C", ("B",))
    assert top.score == pytest.approx(math.sqrt(2 * 3))
    assert top.kind == "inference" and top.describe().startswith("inference:")


# --------------------------------------------------------------------------- over time


def test_analyze_sign_flips_finds_the_flipped_pair() -> None:
    recs = [
        EdgeRecord("TUR", "RUS", "cooperates_with", date="2019-11-02"),
        EdgeRecord("TUR", "RUS", "signs_agreement_with", date="2019-11-20"),
        EdgeRecord("EGY", "ARE", "supports", date="2019-11-03"),
        EdgeRecord("EGY", "ARE", "supports", date="2020-02-03"),
        EdgeRecord("RUS", "TUR", "attacks", date="2020-02-27"),
        EdgeRecord("RUS", "TUR", "attacks", date="2020-02-28", negated=True),
        EdgeRecord("RUS", "TUR", "meets_with", date="2020-03-05"),
        EdgeRecord("RUS", "TUR", "meets_with", date=None),
    ]
    flips = sign_flips(recs, window="month")
    assert [(f.a, f.b, f.before, f.after, f.direction) for f in flips] == [
        ("RUS", "TUR", "2019-11", "2020-02", "to conflict"),
        ("RUS", "TUR", "2020-02", "2020-03", "to cooperation"),
    ]
    assert flips[0].before_weight == 2 and flips[0].after_weight == -1
    # per quarter the attack and the meeting of 2020-Q1 cancel out: no net sign, no flip
    assert sign_flips(recs, window="quarter") == []
    recs.append(EdgeRecord("RUS", "TUR", "threatens", date="2020-03-09"))
    quarters = sign_flips(recs, window="quarter")
    assert [(f.before, f.after, f.direction) for f in quarters] == [
        ("2019-Q4", "2020-Q1", "to conflict")
    ]
    with pytest.raises(ConfigError, match="unknown window 'week'"):
        sign_flips(recs, window="week")


def test_analyze_over_time_reports_each_window_without_nan() -> None:
    recs = [
        EdgeRecord("A", "B", "supports", date="2020-01-05"),
        EdgeRecord("B", "C", "supports", date="2020-01-06"),
        EdgeRecord("A", "D", "attacks", date="2020-01-09"),
        EdgeRecord("A", "B", "supports", date="2020-02-02"),
    ]
    windows = over_time(recs, window="month")
    assert [w.window for w in windows] == ["2020-01", "2020-02"]
    jan, feb = windows
    assert jan.blocs is not None and jan.blocs.membership["A"] != jan.blocs.membership["D"]
    assert feb.blocs is None and feb.balance_ratio is None
    assert any("conflict" in n for n in feb.notes) and any("triad" in n for n in feb.notes)
    json.dumps([w.to_dict() for w in windows])  # JSON-ready, no NaN
    with pytest.raises(AnalysisError, match="dated events"):
        over_time([EdgeRecord("A", "B", "supports")])


def test_analyze_export_formats_parse(tmp_path: Path) -> None:
    G = project(
        [
            EdgeRecord("A", "B", "supports", sentence='A <backs> "B".'),
            EdgeRecord("B", "C", "attacks"),
        ]
    )
    gml = export_graph(G, tmp_path / "g.graphml", "graphml")
    assert sorted(nx.read_graphml(gml).edges) == [("A", "B"), ("B", "C")]
    gexf = export_graph(G, tmp_path / "g.gexf", "gexf")
    ET.parse(gexf)
    cy = json.loads(export_graph(G, tmp_path / "g.json", "cytoscape-json").read_text())
    assert len(cy["elements"]["edges"]) == 2
    with pytest.raises(ConfigError, match="unknown export format 'dot'"):
        export_graph(G, tmp_path / "g.dot", "dot")


# --------------------------------------------------------------------------- the store, end to end


def test_analyze_load_records_from_a_real_store(libya_store: Path) -> None:
    from kg.store import open_store

    with open_store(libya_store, read_only=True) as store:
        records, actors = load_records(store)
        assert len(records) == 14  # every event, affiliations aside
        assert {r.article for r in records} == {"libya-1", "libya-2", "libya-3"}
        neg = [r for r in records if r.negated]
        assert [(n.source, n.target, n.relation) for n in neg] == [
            ("gna", "TUR", "requests_aid_from")
        ]
        assert any(r.modality == "intended" for r in records)
        assert actors["khalifa_haftar"].affiliations == (("lna", "commander"),)
        assert actors["khalifa_haftar"].country == "LBY" and actors["EGY"].type == "State"
        early, _ = load_records(store, end="2019-12")
        assert early == []
        q1, _ = load_records(store, start="2020-01", end="2020-03-31", relations=["attacks"])
        assert sorted((r.source, r.target) for r in q1) == [
            ("RUS", "TUR"),
            ("khalifa_haftar", "gna"),
            ("lna", "gna"),
        ]
        with pytest.raises(ConfigError, match="unknown relation 'backs'"):
            load_records(store, relations=["backs"])
        with pytest.raises(ConfigError, match="bad date"):
            load_records(store, start="2020-13-45' } DROP ALL #")
        with pytest.raises(ConfigError, match="min-confidence"):
            load_records(store, min_confidence=2)


def test_analyze_libya_blocs_end_to_end(libya_store: Path) -> None:
    from kg.store import open_store

    with open_store(libya_store, read_only=True) as store:
        records, actors = load_records(store)
    G = project(records, actors, level="state")
    assert "khalifa_haftar" not in G and "mevlut_cavusoglu" not in G and "LBY" not in G
    r = blocs(G)
    m = r.membership
    assert m["EGY"] == m["ARE"] == m["lna"]
    assert m["TUR"] == m["gna"]
    assert m["EGY"] != m["TUR"]
    # at actor level Haftar joins his backers
    ra = blocs(project(records, actors, level="actor"))
    assert ra.membership["khalifa_haftar"] == ra.membership["EGY"] != ra.membership["gna"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["analyze", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_analyze_cli_views_on_a_real_store(libya_store: Path, tmp_path: Path) -> None:
    store = str(libya_store)
    code, out = _run("blocs", "--store", store, "--level", "state", "--format", "json")
    assert code == 0
    data = json.loads(out)
    sides = [set(b["labels"]) for b in data["blocs"]]
    assert {"Egypt", "United Arab Emirates", "Libyan National Army"} in [
        s & {"Egypt", "United Arab Emirates", "Libyan National Army"} for s in sides
    ]
    assert any({"Turkey", "Government of National Accord"} <= s for s in sides)

    code, out = _run("blocs", "--store", store)
    assert code == 0 and "Blocs" in out and "frustration" in out

    # Haftar counts for the LNA he commands: his profile is the LNA's, and it says so
    result = CliRunner().invoke(
        cli, ["analyze", "profile", "khalifa haftar", "--store", store, "--format", "json"]
    )
    assert result.exit_code == 0
    assert "Khalifa Haftar counts for Libyan National Army" in result.stderr
    prof = json.loads(result.stdout)
    assert prof["actor"] == "lna" and {t["actor"] for t in prof["allies"]} == {"EGY", "ARE"}
    code, out = _run(
        "profile", "khalifa haftar", "--store", store, "--format", "json", "--level", "actor"
    )
    assert code == 0 and json.loads(out)["actor"] == "khalifa_haftar"
    # the table says which file each tie's evidence came from (brackets kept, not markup)
    result = CliRunner(env={"COLUMNS": "400"}).invoke(
        cli, ["analyze", "profile", "Turkey", "--store", store, "--level", "actor"]
    )
    assert result.exit_code == 0, result.output
    assert "[from file wire/libya-1.txt, article libya-1, 2019-12-14]" in result.stdout
    assert "[from article libya-2, 2020-01-10]" in result.stdout  # no location recorded

    code, out = _run("change", "--store", store, "--window", "month", "--format", "json")
    assert code == 0
    assert [w["window"] for w in json.loads(out)["windows"]] == ["2019-12", "2020-01", "2020-03"]
    assert any(f["a"] == "RUS" and f["b"] == "TUR" for f in json.loads(out)["flips"])

    for view in ("balance", "influence", "suggest"):
        code, out = _run(view, "--store", store, "--level", "state")
        assert code in (0, 1), out
        assert "Traceback" not in out

    out_file = tmp_path / "blocs.graphml"
    code, _ = _run("blocs", "--store", store, "--export", "graphml", "--out", str(out_file))
    assert code == 0
    assert "bloc" in nx.read_graphml(out_file).nodes["EGY"]


def test_analyze_cli_user_mistakes_are_one_line_errors(libya_store: Path, tmp_path: Path) -> None:
    store = str(libya_store)
    code, out = _run("profile", "Turky", "--store", store)
    assert code == 1 and "did you mean: Turkey (TUR)" in out and "Traceback" not in out
    code, out = _run("blocs", "--store", store, "--relations", "supports,backs")
    assert code == 1 and "unknown relation 'backs'" in out
    code, out = _run("blocs", "--store", store, "--relations", "supports")
    assert code == 1 and "conflict" in out
    code, out = _run("blocs", "--store", store, "--from", "yesterday")
    assert code == 1 and "bad date 'yesterday'" in out
    code, out = _run("blocs", "--store", store, "--export", "gexf")
    assert code == 2 and "needs --out" in out

    from kg.store import open_store

    empty = tmp_path / "empty"
    with open_store(empty):
        pass
    code, out = _run("blocs", "--store", str(empty))
    assert code == 1 and "holds no events" in out


def test_analyze_every_command_has_help_with_an_example() -> None:
    for view in ("blocs", "balance", "influence", "profile", "suggest", "change"):
        code, out = _run(view, "--help")
        assert code == 0 and "Example" in out and "--store" in out


@pytest.mark.model
def test_analyze_examples_blocs_separate_the_libyan_camps(tmp_path: Path) -> None:
    """Issue 6's acceptance check on the shipped examples, end to end."""
    from kg.build import build
    from kg.store import open_store

    examples = Path(__file__).resolve().parents[1] / "examples" / "articles"
    report = build([str(examples)], store=tmp_path / "s", progress=False)
    assert report.ok and report.articles >= 10
    with open_store(tmp_path / "s", read_only=True) as store:
        records, actors = load_records(store)
    G = project(records, actors)  # principals: Haftar counts for the LNA he commands
    assert "khalifa_haftar" not in G and "khalifa_haftar" in G.nodes["lna"]["members"]
    result = blocs(G)
    side = result.membership
    haftar_camp = {side["EGY"], side["ARE"], side["lna"]}
    gna_camp = {side["TUR"], side["gna"]}
    assert len(haftar_camp) == 1
    assert len(gna_camp) == 1
    assert haftar_camp != gna_camp
    assert "lna" not in result.unaligned and "TUR" not in result.unaligned
    # no city is an actor node: any node named like a gazetteer place is a state
    # ("Jordan" is also a town in Hong Kong)
    from kg.places import load_places

    places = load_places()
    named_like_places = [n for n in G if places.lookup(G.nodes[n]["label"])]
    assert all(G.nodes[n]["type"] == "State" for n in named_like_places), named_like_places
