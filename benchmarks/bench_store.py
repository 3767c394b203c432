"""Store benchmark: geokg's Oxigraph store vs an in-memory rdflib Dataset, side by side.

Generates event-shaped data (deterministic seed): N events across 2,000 actors
and N/3 articles, each article written as geokg writes it (one named graph,
event nodes, shortcuts, actor descriptions). Reports load rate, size on disk
and three alliance queries for both stores, and the ratios.

    python benchmarks/bench_store.py              # quick: 6,000 events (~100k triples)
    python benchmarks/bench_store.py --events 60000   # ~1M triples
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from kg.model import Actor, Article, Evidence, Relation
from kg.rdf import article_quads, to_rdflib_dataset
from kg.store import open_store
from kg.vocab import EVENT_RELATIONS

__all__ = ["main"]

PREFIXES = """PREFIX geo: <https://w3id.org/geokg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: "who backs X?" — the shortcut triples
WHO_BACKS = (
    PREFIXES + """SELECT DISTINCT ?s WHERE { ?s geo:supports ?t . ?t rdfs:label "Actor 1" }"""
)

#: top hostile pairs by evidence — rdflib aggregates events; the store reads its pair summaries
HOSTILE_RDFLIB = (
    PREFIXES
    + """
SELECT ?s ?t (COUNT(?e) AS ?n) WHERE {
  ?e geo:source ?s ; geo:target ?t ; geo:relation ?r ; geo:negated false ;
     geo:modality geo:Asserted .
  VALUES ?r { geo:opposes geo:accuses geo:threatens geo:sanctions geo:attacks
              geo:protests_against geo:mobilizes_against geo:coerces }
} GROUP BY ?s ?t ORDER BY DESC(?n) LIMIT 20"""
)
HOSTILE_STORE = (
    PREFIXES
    + """
SELECT ?s ?t (SUM(?c) AS ?n) WHERE {
  ?p a geo:PairSummary ; geo:sign -1 ; rdf:subject ?s ; rdf:object ?t ; geo:evidenceCount ?c
} GROUP BY ?s ?t ORDER BY DESC(?n) LIMIT 20"""
)

#: allies of allies (2 hops over cooperative shortcuts)
TWO_HOP = (
    PREFIXES
    + """
SELECT DISTINCT ?z WHERE {
  ?x rdfs:label "Actor 1" .
  ?x geo:supports|geo:cooperates_with|geo:provides_aid_to ?y .
  ?y geo:supports|geo:cooperates_with|geo:provides_aid_to ?z .
  FILTER(?z != ?x)
}"""
)
TWO_HOP_STORE = (
    PREFIXES
    + """
SELECT DISTINCT ?z WHERE {
  ?x rdfs:label "Actor 1" .
  ?p1 a geo:PairSummary ; geo:sign 1 ; rdf:subject ?x ; rdf:object ?y .
  ?p2 a geo:PairSummary ; geo:sign 1 ; rdf:subject ?y ; rdf:object ?z .
  FILTER(?z != ?x)
}"""
)

TYPES = ["State", "Government", "ArmedGroup", "Person", "InternationalOrganization"]


def generate(n_events: int, n_actors: int = 2000, seed: int = 7):
    """Yield (article, relations): ~3 events per article, Zipf-ish actor popularity."""
    rng = random.Random(seed)
    actors = [
        Actor(f"a{i}", f"Actor {i}", TYPES[i % len(TYPES)], f"C{i % 190:02d}".ljust(3, "X"))
        for i in range(n_actors)
    ]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n_actors)]
    rels = list(EVENT_RELATIONS)
    n_articles = max(1, n_events // 3)
    for k in range(n_articles):
        art = Article(
            f"art{k}", "…", title=f"Article {k}", date=f"20{10 + k % 14}-{1 + k % 12:02d}-15"
        )
        out = []
        for j in range(3):
            s, t = rng.choices(actors, weights, k=2)
            if s is t:
                t = actors[(actors.index(s) + 1) % n_actors]
            sent = f"Sentence {j} of article {k}."
            out.append(
                Relation(
                    art.id,
                    rng.choice(rels),
                    s,
                    t,
                    negated=rng.random() < 0.05,
                    modality="asserted" if rng.random() < 0.9 else "possible",
                    date=art.date,
                    evidence=Evidence(sent, (j * 40, j * 40 + len(sent))),
                    confidence=round(rng.uniform(0.5, 1.0), 2),
                )
            )
        yield art, out


def _time(fn, repeat: int = 3) -> tuple[float, int]:
    best, n = float("inf"), 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = fn()
        best = min(best, time.perf_counter() - t0)
    return best, n


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--events", type=int, default=6000, help="number of events (60000 ≈ 1M triples)"
    )
    ap.add_argument("--skip-rdflib", action="store_true", help="only measure the store")
    args = ap.parse_args(argv)

    data = list(generate(args.events))
    tmp = Path(tempfile.mkdtemp(prefix="geokg-bench-"))
    try:
        # --- geokg store (the real write path: atomic replace + pair summaries)
        t0 = time.perf_counter()
        with open_store(tmp / "store") as st:
            st.add_extractions(data, batch=256)
            st.oxigraph.flush()
            load_store = time.perf_counter() - t0
            n_triples = len(st)
            size = _du(tmp / "store")
            q_store = {
                "who backs X": _time(lambda: len(st.query(WHO_BACKS).rows)),
                "top hostile pairs": _time(lambda: len(st.query(HOSTILE_STORE).rows)),
                "allies of allies": _time(lambda: len(st.query(TWO_HOP).rows)),
            }
            # the same questions without the summaries, for reference
            q_store_raw = {
                "top hostile pairs": _time(lambda: len(st.query(HOSTILE_RDFLIB).rows), 1),
                "allies of allies": _time(lambda: len(st.query(TWO_HOP).rows), 1),
            }
        print(f"{args.events} events, {len(data)} articles, {n_triples:,} triples in the store")

        rows = [("load (triples/s)", n_triples / load_store, None)]
        if not args.skip_rdflib:
            import rdflib

            t0 = time.perf_counter()
            ds = rdflib.Dataset(default_union=True)
            for art, rels in data:
                for s, p, o, g in to_rdflib_dataset(article_quads(art, rels)).quads():
                    ds.add((s, p, o, g))
            load_rdflib = time.perf_counter() - t0
            rows[0] = (
                "load (triples/s)",
                n_triples / load_store,
                len(ds) and n_triples / load_rdflib,
            )
            q_rdflib = {
                "who backs X": _time(lambda: len(list(ds.query(WHO_BACKS))), 1),
                "top hostile pairs": _time(lambda: len(list(ds.query(HOSTILE_RDFLIB))), 1),
                "allies of allies": _time(lambda: len(list(ds.query(TWO_HOP))), 1),
            }
        print(f"store size on disk: {size / 2**20:.1f} MiB (rdflib: in memory)")
        print()
        print(f"{'measure':<34}{'geokg store':>14}{'rdflib':>14}{'ratio':>10}")
        load_r = rows[0][2]
        print(
            f"{'load (triples/s)':<34}{rows[0][1]:>14,.0f}"
            f"{(load_r or 0):>14,.0f}{(rows[0][1] / load_r if load_r else float('nan')):>9.1f}x"
        )
        for name, (secs, n) in q_store.items():
            other = None if args.skip_rdflib else q_rdflib[name][0]
            ratio = f"{other / secs:>9.0f}x" if other else f"{'':>10}"
            ostr = f"{other:>13.3f}s" if other else f"{'-':>14}"
            print(f"{name + f' ({n} rows)':<34}{secs:>13.4f}s{ostr}{ratio}")
        for name, (secs, _) in q_store_raw.items():
            print(f"{'  ' + name + ' w/o summaries':<34}{secs:>13.4f}s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
