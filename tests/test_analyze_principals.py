"""Principals (who an event is counted for) and blocs worth signing, on data written for
these tests: invented states, officials, forces and dates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.analyze import (
    ActorInfo,
    EdgeRecord,
    Office,
    Principals,
    blocs,
    load_graph,
    project,
    rollup,
    with_offices,
)
from kg.cli import cli
from kg.model import Actor, Article, Evidence, Relation

# Two invented states, Norland (NRL) and Sudova (SDV); Sudova's army and police, its
# rebels and its opposition; a Norlandic foreign minister who left office in 2021;
# General Brask, who commands the Free Legion until 2020 and Sudova's army after.
ACTORS = {
    "NRL": ActorInfo("NRL", "Norland", "State", "NRL"),
    "SDV": ActorInfo("SDV", "Sudova", "State", "SDV"),
    "SDV_MIL": ActorInfo("SDV_MIL", "Sudovan army", "Group", "SDV", sector="MIL"),
    "SDV_COP": ActorInfo("SDV_COP", "Sudovan police", "Group", "SDV", sector="COP"),
    "SDV_REB": ActorInfo("SDV_REB", "Sudovan rebels", "Group", "SDV", sector="REB"),
    "SDV_OPP": ActorInfo("SDV_OPP", "Sudovan opposition", "Group", "SDV", sector="OPP"),
    "legion": ActorInfo("legion", "Free Legion", "ArmedGroup", "SDV"),
    "council": ActorInfo("council", "Sudovan Transitional Council", "Government", "SDV"),
    "ove_lind": ActorInfo(
        "ove_lind",
        "Ove Lind",
        "Person",
        "NRL",
        offices=(Office("NRL", "foreign minister", "2016-03-01", "2021-02-28"),),
    ),
    "brask": ActorInfo(
        "brask",
        "Tor Brask",
        "Person",
        "SDV",
        offices=(
            Office("legion", "commander", "2014", "2020-06-30"),
            Office("SDV_MIL", "army chief", "2020-07-01"),
        ),
    ),
    "talker": ActorInfo("talker", "A Sudovan envoy", "Person", "SDV", (("council", "envoy"),)),
}


def test_principals_people_follow_their_office_at_the_event_date() -> None:
    p = Principals(ACTORS)
    assert p("ove_lind", "2019-05-01") == "NRL"
    assert p("ove_lind", "2022-01-01") == "ove_lind"  # out of office: on his own
    # a commander counts for the force he commands, then for the state whose army he leads
    assert p("brask", "2018-01-01") == "legion"
    assert p("brask", "2021-01-01") == "SDV"
    # an affiliation stated in the articles when the knowledge base knows no office
    assert p("talker", "2020-01-01") == "council"
    # undated: the offices still held
    assert p("brask") == "SDV" and p("ove_lind") == "ove_lind"


def test_principals_state_sectors_roll_up_rebels_and_rival_governments_do_not() -> None:
    p = Principals(ACTORS)
    assert p("SDV_MIL") == "SDV" and p("SDV_COP") == "SDV"
    assert p("SDV_REB") == "SDV_REB" and p("SDV_OPP") == "SDV_OPP"
    assert p("legion") == "legion" and p("council") == "council"
    assert rollup(ACTORS) == {
        "SDV_COP": "SDV",
        "SDV_MIL": "SDV",
        "brask": "SDV",
        "talker": "council",
    }


def test_principals_levels_actor_country_and_the_old_name() -> None:
    assert Principals(ACTORS, "actor")("brask", "2021-01-01") == "brask"
    country = Principals(ACTORS, "country")
    assert country("legion") == country("council") == country("SDV_REB") == "SDV"
    assert Principals(ACTORS, "state")("SDV_MIL") == "SDV"  # 'state' = principal


def test_project_counts_each_event_for_the_principal_at_its_date() -> None:
    recs = [
        EdgeRecord("brask", "SDV_REB", "attacks", date="2019-03-01"),  # as Legion commander
        EdgeRecord("brask", "SDV_REB", "attacks", date="2021-03-01"),  # as army chief
        EdgeRecord("ove_lind", "council", "supports", date="2018-01-01"),
        EdgeRecord("SDV_MIL", "SDV_OPP", "coerces", date="2021-03-02"),
    ]
    G = project(recs, ACTORS)
    assert G.has_edge("legion", "SDV_REB") and G.has_edge("SDV", "SDV_REB")
    assert G["SDV"]["SDV_REB"]["count"] == 1 and G.has_edge("SDV", "SDV_OPP")
    assert G.has_edge("NRL", "council")
    assert {"brask", "SDV_MIL"} <= set(G.nodes["SDV"]["members"])
    assert "Tor Brask" in G.nodes["legion"]["member_labels"]
    assert "brask" not in G and "brask" in project(recs, ACTORS, level="actor")


def test_with_offices_reads_dated_roles_and_adds_their_organizations() -> None:
    @dataclass
    class Role:
        person: str
        role: str
        of: str
        start: str | None = None
        end: str | None = None

    class KB:
        def roles(self, person: str) -> list[Role]:
            return [Role(person, "commander", "legion", "2014")] if person == "brask" else []

        def get(self, actor: str) -> Actor | None:
            known = {"legion": Actor("legion", "Free Legion", "ArmedGroup", "SDV")}
            return known.get(actor)

    out = with_offices({"brask": ActorInfo("brask", "Tor Brask", "Person", "SDV")}, KB())
    assert out["brask"].offices == (Office("legion", "commander", "2014"),)
    assert out["legion"].type == "ArmedGroup"
    assert Principals(out)("brask", "2015-01-01") == "legion"


# --------------------------------------------------------------------------- blocs worth signing


def _signed(edges: list[tuple[str, str, float]]) -> nx.Graph:
    S = nx.Graph()
    S.add_weighted_edges_from(edges)
    return S


def test_blocs_leave_weakly_tied_actors_unaligned_with_confidence() -> None:
    S = _signed(
        [
            ("A1", "A2", 3), ("A1", "A3", 2), ("A2", "A3", 2),
            ("B1", "B2", 3), ("B1", "B3", 2), ("B2", "B3", 2),
            ("A1", "B1", -4), ("A2", "B2", -2),
            ("X", "A1", -1),  # only a conflict with one camp: not a member of the other
            ("Y", "A3", 1), ("Y", "B3", 1),  # courted by both: no camp preferred
            ("Z", "B2", 1),  # one cooperative tie: a weak member
        ]
    )  # fmt: skip
    r = blocs(S)
    assert sorted(map(sorted, r.aligned)) == [["A1", "A2", "A3"], ["B1", "B2", "B3", "Z"]]
    assert sorted(r.unaligned) == ["X", "Y"]
    assert r.number("X") is None and r.number("A1") in (1, 2)
    assert r.confidence["X"] == r.confidence["Y"] == 0.0
    assert r.confidence["Z"] == pytest.approx(0.5)  # one event: half sure
    assert r.confidence["A1"] > 0.8 and r.confidence["B1"] > 0.8
    out = r.to_dict(S)
    assert [b["bloc"] for b in out["blocs"]] == [1, 2]
    assert {u["actor"] for u in out["unaligned"]} == {"X", "Y"}
    assert all(0.0 <= c <= 1.0 for b in out["blocs"] for c in b["confidence"])


def test_blocs_never_split_cooperating_actors_into_opposite_camps() -> None:
    # P and Q cooperate; P opposes the A camp, Q the B camp. Forcing them into the two
    # camps would split them; they are a third camp of their own (or unaligned).
    S = _signed(
        [
            ("A1", "A2", 2), ("B1", "B2", 2), ("A1", "B1", -2), ("A2", "B2", -2),
            ("P", "Q", 1), ("P", "A1", -1), ("Q", "B1", -1),
        ]
    )  # fmt: skip
    for seed in range(4):
        r = blocs(S, seed=seed)
        m = r.membership
        assert m["P"] == m["Q"] or {"P", "Q"} <= set(r.unaligned)
        assert m["P"] not in (m["A1"], m["B1"]) and m["A1"] != m["B1"]


# --------------------------------------------------------------------------- the store, end to end


def _rel(art: str, rel: str, s: Actor, t: Actor, date: str, **kw: object) -> Relation:
    text = f"{s.label} and {t.label} ({rel})."
    return Relation(
        art, rel, s, t, date=date, evidence=Evidence(text, (0, len(text))), confidence=0.9, **kw
    )  # type: ignore[arg-type]


NRL = Actor("NRL", "Norland", "State", "NRL")
SDV = Actor("SDV", "Sudova", "State", "SDV")
MIL = Actor("SDV_MIL", "Sudovan army", "Group", "SDV", sector="MIL")
REB = Actor("SDV_REB", "Sudovan rebels", "Group", "SDV", sector="REB")
KVR = Actor("KVR", "Kovaria", "State", "KVR")
ENVOY = Actor("x_envoy", "Norlandic envoy", "Person", "NRL")


@pytest.fixture(scope="module")
def sudova_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.store import open_store

    path = tmp_path_factory.mktemp("principals") / "s"
    rows = [
        ("s1", "2021-01-04", [_rel("s1", "attacks", MIL, REB, "2021-01-04"),
                              _rel("s1", "supports", NRL, SDV, "2021-01-04")]),
        ("s2", "2021-02-10", [_rel("s2", "provides_aid_to", KVR, REB, "2021-02-10"),
                              _rel("s2", "opposes", NRL, KVR, "2021-02-10"),
                              _rel("s2", "affiliated_with", ENVOY, NRL, "2021-02-10",
                                   role="envoy")]),
        ("s3", "2021-03-15", [_rel("s3", "meets_with", ENVOY, SDV, "2021-03-15"),
                              _rel("s3", "attacks", REB, MIL, "2021-03-15"),
                              _rel("s3", "cooperates_with", KVR, REB, "2021-03-15")]),
    ]  # fmt: skip
    with open_store(path) as store:
        for aid, date, rels in rows:
            store.replace_article(Article(aid, "…", date=date), rels)
    return path


def test_load_graph_rolls_up_in_the_store_and_pairs_agree_with_events(sudova_store: Path) -> None:
    full = load_graph(sudova_store, kb=False)
    fast = load_graph(sudova_store, kb=False, evidence=False)
    assert fast.from_pairs and not full.from_pairs
    for G in (full.graph, fast.graph):
        assert "x_envoy" not in G and G.has_edge("NRL", "SDV")  # the envoy counts for Norland
        assert "SDV_MIL" not in G  # the army counts for Sudova; its rebels do not
        assert G.has_edge("SDV", "SDV_REB") and G.has_edge("SDV_REB", "SDV")
    edges = lambda G: {(u, v, d["count"], d["weight"]) for u, v, d in G.edges(data=True)}  # noqa: E731
    assert edges(full.graph) == edges(fast.graph)
    r = blocs(fast.graph)
    assert r.membership["SDV"] == r.membership["NRL"] != r.membership["SDV_REB"]
    assert r.membership["KVR"] == r.membership["SDV_REB"]


def test_cli_blocs_json_numbers_from_one_with_confidence(sudova_store: Path) -> None:
    res = CliRunner().invoke(
        cli, ["analyze", "blocs", "--store", str(sudova_store), "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["level"] == "principal"
    assert [b["bloc"] for b in data["blocs"]] == list(range(1, len(data["blocs"]) + 1))
    assert all(len(b["confidence"]) == len(b["actors"]) for b in data["blocs"])
    table = CliRunner().invoke(cli, ["analyze", "blocs", "--store", str(sudova_store)])
    assert table.exit_code == 0 and "│ 1 " in table.stdout and "│ 0 " not in table.stdout
    actor = CliRunner().invoke(
        cli, ["analyze", "blocs", "--store", str(sudova_store), "--level", "actor"]
    )
    assert "Sudovan army" in actor.stdout


def test_cli_help_explains_the_default_level() -> None:
    res = CliRunner().invoke(cli, ["analyze", "blocs", "--help"])
    assert "principal" in res.stdout and "--level" in res.stdout and "rebels" in res.stdout
    res = CliRunner().invoke(cli, ["render", "--help"])
    assert "principal" in res.stdout


def test_blocs_weigh_an_attack_above_a_meeting() -> None:
    # A war between L and G; L's backer B also once met G's backer T. Counting events,
    # one bloc (the attack frustrated) is as good as two (the meeting frustrated); by
    # intensity the war splits the camps and the meeting is what crosses them.
    recs = [
        EdgeRecord("B", "L", "supports"),
        EdgeRecord("T", "G", "supports"),
        EdgeRecord("L", "G", "attacks"),
        EdgeRecord("B", "T", "meets_with"),
    ]
    G = project(recs)
    assert G["L"]["G"]["intensity"] == -10.0 and G["B"]["T"]["intensity"] == 1.0
    r = blocs(G)
    assert r.membership["B"] == r.membership["L"] != r.membership["G"] == r.membership["T"]


def test_blocs_are_held_together_by_cooperation_not_a_shared_adversary() -> None:
    # F and N cooperate and both oppose R; so does the A camp. Sharing an adversary
    # does not make them one bloc: no cooperative tie joins them.
    S = _signed(
        [
            ("A1", "A2", 3), ("R", "R2", 3), ("A1", "R", -2), ("A2", "R2", -2),
            ("F", "N", 4), ("F", "R", -3),
        ]
    )  # fmt: skip
    r = blocs(S)
    assert r.membership["F"] == r.membership["N"] != r.membership["A1"]
    assert r.membership["A1"] == r.membership["A2"] != r.membership["R"]
    assert r.frustration == 0.0


def test_a_joint_act_read_in_both_directions_counts_once() -> None:
    text = "Norland and Kovaria signed a trade pact."
    recs = [
        EdgeRecord("NRL", "KVR", "signs_agreement_with", article="a", sentence=text),
        EdgeRecord("KVR", "NRL", "signs_agreement_with", article="a", sentence=text),
        EdgeRecord("KVR", "NRL", "signs_agreement_with", article="b", sentence="Another pact."),
    ]
    G = project(recs)
    assert G["KVR"]["NRL"]["count"] == 2 and G["KVR"]["NRL"]["intensity"] == 16.0


def test_pair_summaries_count_a_joint_act_once() -> None:
    from kg.analyze import load_pairs
    from kg.store import open_store

    both = [
        _rel("s4", "cooperates_with", KVR, NRL, "2021-04-01"),
        _rel("s4", "cooperates_with", NRL, KVR, "2021-04-01"),
    ]
    with open_store(None) as mem:
        mem.replace_article(Article("s4", "…", date="2021-04-01"), both)
        pairs = load_pairs(mem)
    assert pairs is not None
    assert [(r.source, r.target, r.count) for r in pairs] == [("KVR", "NRL", 1)]
