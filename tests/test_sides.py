"""Issue 22: side-taking beyond cooperation (joint action, shared enemies), the
evidence a member needs, theatres (one war at a time) and parties only.

Small graphs of our own with made-up actors, and one real store end to end."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.analyze import ActorInfo, EdgeRecord, blocs, profile, project
from kg.analyze.parties import Parties
from kg.analyze.sides import joint_acts, side_graph, side_ties
from kg.analyze.theatres import find_theatre, theatres
from kg.cli import cli
from kg.errors import AnalysisError
from kg.model import Actor, Article, Evidence, Place, Relation


def _state(code: str, name: str) -> ActorInfo:
    return ActorInfo(code, name, "State", code)


# --------------------------------------------------------------------------- joint action

CUT = "Aland, Borduria and Carpania broke off relations with Dorado on Monday."


def _blockade() -> tuple[list[EdgeRecord], dict[str, ActorInfo]]:
    info = {c: _state(c, n) for c, n in [("ALA", "Aland"), ("BOR", "Borduria"),
            ("CAR", "Carpania"), ("DOR", "Dorado"), ("EWH", "Erewhon")]}  # fmt: skip
    recs = [EdgeRecord(x, "DOR", "sanctions", article="a1", sentence=CUT) for x in info if x in
            ("ALA", "BOR", "CAR")]  # fmt: skip
    recs.append(
        EdgeRecord("EWH", "DOR", "provides_aid_to", article="a2", sentence="Erewhon flew in food.")
    )
    return recs, info


def test_joint_action_binds_the_co_subjects_of_one_event() -> None:
    recs, info = _blockade()
    G = project(recs, info)
    # without the joint act the three have only an enemy in common: no bloc holds them
    plain = blocs(G)
    assert plain.number("ALA") is None or plain.number("ALA") != plain.number("BOR")
    S = side_graph(G, recs, shared=False)
    assert S["ALA"]["BOR"]["joint"] == 0.5 and S["ALA"]["BOR"]["weight"] == 0
    assert S["ALA"]["BOR"]["joint_evidence"][0][0] == CUT
    r = blocs(S)
    assert r.number("ALA") == r.number("BOR") == r.number("CAR") is not None
    assert r.number("DOR") == r.number("EWH") != r.number("ALA")
    # the evidence is listed like any other tie
    kinds = {(t.b, t.kind) for t in side_ties(S, "ALA")}
    assert kinds == {("BOR", "joint action"), ("CAR", "joint action")}


def test_joint_targets_of_words_are_not_aligned_but_of_a_strike_are() -> None:
    mediator = "The Mediator urged Ostland and Westmark to stop the shelling."
    strike = "Ostland shelled the Hill Front and the Lake Front overnight."
    recs = [
        EdgeRecord("MED", "OST", "accuses", article="a", sentence=mediator),
        EdgeRecord("MED", "WST", "accuses", article="a", sentence=mediator),
        EdgeRecord("OST", "hill", "attacks", article="a", sentence=strike),
        EdgeRecord("OST", "lake", "attacks", article="a", sentence=strike),
    ]
    pairs = {(t.a, t.b) for t in joint_acts(project(recs), recs)}
    assert pairs == {("hill", "lake")}


def test_joint_action_counts_for_principals() -> None:
    info = {
        "ALA": _state("ALA", "Aland"),
        "BOR": _state("BOR", "Borduria"),
        "DOR": _state("DOR", "Dorado"),
        "ala_fm": ActorInfo("ala_fm", "Ana Ask", "Person", "ALA", (("ALA", "foreign minister"),)),
    }
    s = "Ana Ask and Borduria's envoy condemned Dorado."
    recs = [EdgeRecord(x, "DOR", "opposes", article="a", sentence=s) for x in ("ala_fm", "BOR")]
    ties = joint_acts(project(recs, info), recs)
    assert [(t.a, t.b) for t in ties] == [("ALA", "BOR")]


# --------------------------------------------------------------------------- shared enemy


def test_shared_enemy_aligns_two_fighters_below_a_backing() -> None:
    # Ostland and Westmark both fight the Hill Front and say nothing of each other
    recs = [EdgeRecord("OST", "hill", "attacks")] * 3 + [EdgeRecord("WST", "hill", "attacks")]
    S = side_graph(project(recs), recs)
    assert 0 < S["OST"]["WST"]["shared"] <= 0.5
    assert [(t.b, t.via) for t in side_ties(S, "OST")] == [("WST", ("hill",))]
    r = blocs(S)
    assert r.number("OST") == r.number("WST") is not None and r.number("hill") is None
    # hostile to each other as well: no shared-enemy tie
    recs2 = [*recs, EdgeRecord("OST", "WST", "attacks")]
    S2 = side_graph(project(recs2), recs2)
    assert not S2["OST"]["WST"].get("shared")


def test_shared_enemy_weighs_less_than_direct_backing() -> None:
    # A and B fight X (many times): one shared enemy; C backs B once
    recs = [EdgeRecord("A", "X", "attacks")] * 4 + [EdgeRecord("B", "X", "attacks")] * 4
    recs.append(EdgeRecord("C", "B", "supports"))
    S = side_graph(project(recs), recs)
    assert S["A"]["B"]["alignment"] == 0.5 < S["B"]["C"]["alignment"] == 1.0
    # a second shared enemy adds its own
    more = [*recs, EdgeRecord("A", "Y", "attacks"), EdgeRecord("B", "Y", "attacks")]
    assert side_graph(project(more), more)["A"]["B"]["shared"] == 1.0


def test_profile_lists_the_derived_side_ties() -> None:
    recs, info = _blockade()
    S = side_graph(project(recs, info), recs)
    p = profile(S, "ALA")
    assert not p.allies  # no reported tie between the blockaders: profile shows the reported
    ties = side_ties(S, "ALA")
    assert ties[0].kind == "joint action" and ties[0].evidence[0][0] == CUT
    assert any(t.kind == "shared enemy" and t.via == ("DOR",) for t in ties)


# --------------------------------------------------------------------------- threshold


def test_a_single_meeting_or_deal_is_no_membership() -> None:
    recs = [
        EdgeRecord("P", "Q", "attacks"),
        EdgeRecord("P", "R", "supports"),
        EdgeRecord("F", "P", "meets_with"),
        EdgeRecord("H", "Q", "signs_agreement_with"),
    ]
    r = blocs(side_graph(project(recs), recs))
    assert r.number("P") == r.number("R") is not None
    assert {"F", "H", "Q"} <= set(r.unaligned)
    # two cooperations are evidence enough
    more = [*recs, EdgeRecord("H", "Q", "cooperates_with")]
    r2 = blocs(side_graph(project(more), more))
    assert r2.number("H") == r2.number("Q") is not None


# --------------------------------------------------------------------------- theatres


def _two_wars() -> tuple[list[EdgeRecord], dict[str, ActorInfo]]:
    """War 1 in Xandia between two of its armed groups, K backing the north with R;
    war 2: R invades Yorland, K backs Yorland. K is with R in one war, against it in
    the other."""
    info = {
        "north": ActorInfo("north", "Northern Army", "ArmedGroup", "XAN"),
        "south": ActorInfo("south", "Southern Council", "Government", "XAN"),
        "XAN": _state("XAN", "Xandia"),
        "YOR": _state("YOR", "Yorland"),
        "RUR": _state("RUR", "Ruritania"),
        "KAR": _state("KAR", "Karnak"),
        "SYL": _state("SYL", "Sylvania"),
    }
    recs = [
        EdgeRecord("north", "south", "attacks", article="x1", place="Port Xan",
                   place_country="XAN"),
        EdgeRecord("south", "north", "attacks", article="x1"),
        EdgeRecord("RUR", "north", "provides_aid_to", article="x2"),
        EdgeRecord("KAR", "north", "supports", article="x2"),
        EdgeRecord("SYL", "south", "supports", article="x3"),
        EdgeRecord("RUR", "YOR", "attacks", article="y1"),
        EdgeRecord("RUR", "YOR", "attacks", article="y2"),
        EdgeRecord("KAR", "YOR", "provides_aid_to", article="y2"),
        EdgeRecord("KAR", "RUR", "opposes", article="y3"),
    ]  # fmt: skip
    return recs, info


def test_theatres_split_wars_and_an_actor_takes_two_sides() -> None:
    recs, info = _two_wars()
    S = side_graph(project(recs, info), recs, shared=False)
    found = theatres(S, recs, info)
    assert [t.theatre for t in found] == ["Xandia", "Yorland"]
    x, y = found
    assert x.places[0] == "Port Xan" and "Xandia" in x.places
    assert x.side_of("KAR") == x.side_of("RUR") == x.side_of("north") != x.side_of("south")
    assert x.side_of("SYL") == x.side_of("south")
    assert y.side_of("KAR") == y.side_of("YOR") != y.side_of("RUR") is not None
    assert "SYL" not in y.graph  # no party to the second war
    assert find_theatre(found, "port xan") is x and find_theatre(found, "YOR") is y
    try:
        find_theatre(found, "Atlantis")
    except AnalysisError as exc:
        assert "Xandia, Yorland" in str(exc)
    else:  # pragma: no cover - the failure
        raise AssertionError("an unknown theatre must be an error")


def test_a_lone_belligerent_is_a_side_and_undated_events_count() -> None:
    info = {
        "army": ActorInfo("army", "Zembla Army", "ArmedGroup", "ZEM"),
        "rebels": ActorInfo("rebels", "Zembla Rebels", "ArmedGroup", "ZEM"),
    }
    recs = [EdgeRecord("army", "rebels", "attacks", date=None) for _ in range(2)]
    [t] = theatres(side_graph(project(recs, info), recs, shared=False), recs, info)
    assert t.key == "ZEM" and t.sides == [["army"], ["rebels"]] and not t.unaligned
    assert t.to_dict()["blocs"][0]["labels"] == ["Zembla Army"]


# --------------------------------------------------------------------------- parties only


def test_places_ships_and_agencies_are_no_nodes() -> None:
    info = {
        "reuters": ActorInfo("reuters", "Reuters", "Organization"),
        "wire": ActorInfo("wire", "Coastal Wire", "Media", "XAN"),
        "bakhmut": ActorInfo("bakhmut", "Bakhmut", "Group", "UKR"),
        "tripoli": ActorInfo("tripoli", "Tripoli", "Group", "LBY"),
        "ship": ActorInfo("ship", "the tanker Sea Star", "Group"),
        "RUS": _state("RUS", "Russia"),
        "lna": ActorInfo("lna", "Libyan National Army", "ArmedGroup", "LBY"),
        "gna": ActorInfo("gna", "Government of National Accord", "Government", "LBY"),
    }
    recs = [
        EdgeRecord("reuters", "RUS", "accuses"),
        EdgeRecord("wire", "lna", "opposes"),
        EdgeRecord("RUS", "bakhmut", "attacks"),
        EdgeRecord("RUS", "ship", "attacks"),
        EdgeRecord("lna", "tripoli", "attacks", date="2019-12-14"),
    ]
    G = project(recs, info)
    assert set(G.nodes) == {"lna", "gna"}  # Tripoli's clash is its holder's, the GNA's
    assert Parties(info, places=False)("bakhmut") == "bakhmut"  # without the gazetteer


# --------------------------------------------------------------------------- CLI, real store


def _rel(
    art: str, name: str, s: Actor, t: Actor, text: str, place: Place | None = None
) -> Relation:
    return Relation(art, name, s, t, evidence=Evidence(text, (0, len(text))), confidence=0.9,
                    place=place)  # fmt: skip


def test_cli_blocs_per_theatre_on_a_real_store(tmp_path: Path) -> None:
    from kg.store import open_store

    ala, bor, car = (Actor(c, n, "State", c) for c, n in
                     [("ALA", "Aland"), ("BOR", "Borduria"), ("CAR", "Carpania")])  # fmt: skip
    dor, ewh = Actor("DOR", "Dorado", "State", "DOR"), Actor("EWH", "Erewhon", "State", "EWH")
    north = Actor("north", "Northern Army", "ArmedGroup", "XAN")
    south = Actor("south", "Southern Council", "Government", "XAN")
    cut = "Aland, Borduria and Carpania broke off relations with Dorado."
    fight = "The Northern Army shelled the Southern Council's positions near Port Xan."
    path = tmp_path / "store"
    with open_store(path) as store:
        # undated articles: the theatres still hold them
        store.replace_article(
            Article("b1", cut + " Erewhon flew in food."),
            [_rel("b1", "sanctions", x, dor, cut) for x in (ala, bor, car)]
            + [_rel("b1", "provides_aid_to", ewh, dor, "Erewhon flew in food.")],
        )
        store.replace_article(
            Article("x1", fight + " Aland armed the Northern Army."),
            [
                _rel("x1", "attacks", north, south, fight, Place("Port Xan", "XAN")),
                _rel("x1", "provides_aid_to", ala, north, "Aland armed the Northern Army."),
            ],
        )
    run = CliRunner().invoke(
        cli, ["analyze", "blocs", "--store", str(path), "--format", "json"], catch_exceptions=False
    )
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert "blocs" in data and {t["key"] for t in data["theatres"]} == {"DOR", "XAN"}
    gulf = next(t for t in data["theatres"] if t["key"] == "DOR")
    sides = [set(b["labels"]) for b in gulf["blocs"]]
    assert {"Aland", "Borduria", "Carpania"} in sides and {"Dorado", "Erewhon"} in sides
    assert all(len(b["confidence"]) == len(b["labels"]) for b in gulf["blocs"])
    war = next(t for t in data["theatres"] if t["key"] == "XAN")
    assert war["places"][0] == war["theatre"] == "Port Xan"  # no name for XAN: its place
    run = CliRunner().invoke(
        cli, ["analyze", "blocs", "--store", str(path), "--theatre", "Port Xan"],
        catch_exceptions=False,
    )  # fmt: skip
    assert run.exit_code == 0 and "Northern Army" in run.output and "Dorado" not in run.output
    run = CliRunner().invoke(
        cli, ["analyze", "profile", "Borduria", "--store", str(path), "--format", "json"],
        catch_exceptions=False,
    )  # fmt: skip
    side = json.loads(run.output)["side_taking"]
    assert {(t["b"], t["kind"]) for t in side} >= {("ALA", "joint action"), ("CAR", "joint action")}
    assert next(t for t in side if t["b"] == "ALA")["evidence"][0][0] == cut
    run = CliRunner().invoke(cli, ["analyze", "profile", "Borduria", "--store", str(path)])
    assert "joint action" in run.output and "shared enemy" in run.output
    run = CliRunner().invoke(cli, ["analyze", "blocs", "--store", str(path), "--theatre", "Mars"])
    assert run.exit_code != 0 and "error:" in run.output and "no theatre 'Mars'" in run.output
    assert "Traceback" not in run.output
