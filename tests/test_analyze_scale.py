"""Analysis reads what it needs once: what a store returns to the analyses grows
linearly with the articles (never as a product of an actor's mentions)."""

from __future__ import annotations

import random
import time
from typing import Any

from kg.analyze import blocs, events_of, load_graph, profile
from kg.model import Actor, Article, Evidence, Relation

_POS = ["supports", "cooperates_with", "meets_with", "provides_aid_to"]
_NEG = ["opposes", "accuses", "attacks", "sanctions"]


def _articles(n: int, seed: int = 1) -> list[tuple[Article, list[Relation]]]:
    """``n`` invented articles of 8 events among 40 actors in two camps; a few busy actors
    appear in nearly every article (the case that used to multiply)."""
    rng = random.Random(seed)
    actors = [Actor(f"S{i:02d}", f"State {i}", "State", f"S{i:02d}") for i in range(30)]
    actors += [Actor(f"p{i}", f"Person {i}", "Person", f"S{i:02d}") for i in range(10)]
    weights = [1 / (i + 1) for i in range(len(actors))]
    out = []
    for a in range(n):
        aid = f"a{a:05d}"
        date = f"20{10 + a % 12:02d}-{1 + a % 12:02d}-15"
        rels = []
        for e in range(8):
            s, t = rng.choices(range(len(actors)), weights, k=2)
            if s == t:
                t = (t + 1) % len(actors)
            friendly = (s % 2 == t % 2) != (rng.random() < 0.1)
            rel = rng.choice(_POS if friendly else _NEG)
            text = f"{actors[s].label} and {actors[t].label}, event {e}."
            rels.append(
                Relation(aid, rel, actors[s], actors[t], date=date,
                         evidence=Evidence(text, (0, len(text))), confidence=0.8)
            )  # fmt: skip
            if actors[s].type == "Person":
                state = actors[int(actors[s].id[1:])]
                rels.append(Relation(aid, "affiliated_with", actors[s], state, date=date,
                                     role="minister"))  # fmt: skip
        out.append((Article(aid, "…", date=date), rels))
    return out


class _Counting:
    """A store that counts the rows its SELECTs return."""

    def __init__(self, store: Any) -> None:
        self.store, self.rows = store, 0

    def query(self, sparql: str, **kw: Any) -> Any:
        result = self.store.query(sparql, **kw)
        self.rows += len(getattr(result, "rows", None) or [])
        return result


def _rows(n: int, evidence: bool) -> tuple[int, int]:
    from kg.store import open_store

    with open_store(None) as store:
        store.add_extractions(_articles(n), batch=64)
        counting = _Counting(store)
        loaded = load_graph(counting, evidence=evidence, kb=False)
        events = store.stats().get("events", 0)
    assert loaded.graph.number_of_edges() > 0
    return counting.rows, int(events)


def test_rows_loaded_grow_linearly_with_the_articles() -> None:
    small, _ = _rows(50, evidence=True)
    large, large_events = _rows(250, evidence=True)
    # events, one description per actor mention and affiliations: about 5x for 5x the
    # articles; joining a busy actor's label, type and country across its 250 article
    # graphs was 250^3 rows for that actor alone
    assert large <= 6 * small
    assert large <= 3 * large_events
    fast, _ = _rows(250, evidence=False)
    assert fast <= large


def test_blocs_and_profile_on_a_few_hundred_articles_stay_fast() -> None:
    from kg.store import open_store

    with open_store(None) as store:
        store.add_extractions(_articles(300), batch=64)
        t0 = time.perf_counter()
        loaded = load_graph(store, evidence=False, kb=False)
        result = blocs(loaded.graph)
        node = "S00"
        p = profile(loaded.graph, node, events_of(store, loaded, [node]))
        elapsed = time.perf_counter() - t0
    assert len(result.aligned) >= 2 and p.allies and p.allies[0].evidence
    assert elapsed < 30, elapsed  # about 1 s on an idle machine; was minutes


def test_actor_descriptions_are_read_once_per_actor() -> None:
    from kg.analyze import load_actors
    from kg.store import open_store

    with open_store(None) as store:
        store.add_extractions(_articles(250), batch=64)
        counting = _Counting(store)
        actors = load_actors(counting, affiliations=[])
    # the store describes each actor once (its actors graph), whatever the articles
    assert counting.rows == len(actors) == 40
    assert actors["S00"].type == "State" and actors["p1"].country == "S01"


def test_many_actors_events_scan_their_relations_with_the_same_result(monkeypatch: Any) -> None:
    from kg.analyze import load_events
    from kg.analyze import records as records_mod
    from kg.store import open_store

    with open_store(None) as store:
        store.add_extractions(_articles(60), batch=64)
        loaded = load_graph(store, evidence=False, kb=False)
        iris = sorted(str(a.iri) for a in loaded.actors.values() if a.iri)[:25]
        rels = ["cooperates_with", "attacks"]
        monkeypatch.setattr(records_mod, "_SCAN_ACTORS", 1000)  # a lookup per actor and side
        looked_up = load_events(store, relations=rels, involving=iris)
        monkeypatch.setattr(records_mod, "_SCAN_ACTORS", 0)  # one pass over the relations
        scanned = load_events(store, relations=rels, involving=iris)
    assert looked_up and sorted(map(repr, scanned)) == sorted(map(repr, looked_up))
    assert {r.relation for r in scanned} <= set(rels)
