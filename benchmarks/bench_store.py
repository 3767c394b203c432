"""Store benchmark: geokg's Oxigraph store vs an in-memory rdflib Dataset, side by side.

Generates event-shaped data (deterministic seed): N events across 2,000 actors
and N/3 articles, each article written as geokg writes it (one named graph with
event nodes and shortcuts per article; actor descriptions once, in the actors
graph). Reports load rate, size on disk
and three alliance queries for both stores, and the ratios.

    python benchmarks/bench_store.py              # quick: 6,000 events (~100k triples)
    python benchmarks/bench_store.py --events 35000   # ~1M triples
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
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
#: the store's summary graph (default base): one node per pair (labels: once per actor,
#: in the actors graph)
SUMMARY = "<https://w3id.org/geokg/graph/summary>"
#: the store's actors graph (default base): one description per actor
ACTORS = "<https://w3id.org/geokg/graph/actors>"
ALLY = "geo:supports geo:cooperates_with geo:provides_aid_to"

# Each question is asked the plain way (shortcut triples and events, as an rdflib
# user would) and the geokg way (the store's summary graph); the benchmark checks
# that both give the same answer.

#: "who backs X?"
WHO_BACKS = (
    PREFIXES + """SELECT DISTINCT ?s WHERE { ?s geo:supports ?t . ?t rdfs:label "Actor 1" }"""
)
WHO_BACKS_STORE = (
    PREFIXES
    + f"""
SELECT ?s ?label ?n WHERE {{
  {{ SELECT ?s (SUM(?c) AS ?n) WHERE {{
      GRAPH {ACTORS} {{ ?t rdfs:label "Actor 1" }}
      GRAPH {SUMMARY} {{
        ?p rdf:object ?t ; rdf:predicate geo:supports ; rdf:subject ?s ; geo:evidenceCount ?c }}
  }} GROUP BY ?s }}
  GRAPH {ACTORS} {{ ?s rdfs:label ?label }}
}} ORDER BY DESC(?n)"""
)

#: top hostile pairs by evidence (asserted, non-negated conflict events)
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
    + f"""
SELECT ?s ?t (SUM(?c) AS ?n) WHERE {{ GRAPH {SUMMARY} {{
  ?p geo:sign -1 ; rdf:subject ?s ; rdf:object ?t ; geo:evidenceCount ?c }}
}} GROUP BY ?s ?t ORDER BY DESC(?n) LIMIT 20"""
)

#: allies of allies (2 hops over cooperative relations)
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
    + f"""
SELECT DISTINCT ?z WHERE {{
  {{ SELECT DISTINCT ?x ?y WHERE {{ GRAPH {ACTORS} {{ ?x rdfs:label "Actor 1" }} GRAPH {SUMMARY} {{
      ?p1 rdf:subject ?x ; rdf:predicate ?r1 ; rdf:object ?y }}
      VALUES ?r1 {{ {ALLY} }} }} }}
  GRAPH {SUMMARY} {{ ?p2 rdf:subject ?y ; rdf:predicate ?r2 ; rdf:object ?z }}
  VALUES ?r2 {{ {ALLY} }}
  FILTER(?z != ?x)
}}"""
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


def _time(fn, repeat: int = 3) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _answer(rows, cols) -> list:
    """Rows (dicts or rdflib rows) as comparable tuples of plain strings/ints."""
    out = []
    for r in rows:
        get = r.get if isinstance(r, dict) else (lambda c, r=r: r[c])
        out.append(tuple(str(get(c)) for c in cols))
    return out


QUESTIONS = {
    # name: (plain query, geokg query, columns compared, compare as a set)
    "who backs X": (WHO_BACKS, WHO_BACKS_STORE, ["s"], True),
    # ties make the top 20 pairs arbitrary: compare the ranked evidence counts
    "hostile pairs by evidence": (HOSTILE_RDFLIB, HOSTILE_STORE, ["n"], False),
    "allies of allies (2 hops)": (TWO_HOP, TWO_HOP_STORE, ["z"], True),
}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--events", type=int, default=6000, help="number of events (35000 ≈ 1M triples)"
    )
    ap.add_argument("--skip-rdflib", action="store_true", help="only measure the store")
    args = ap.parse_args(argv)

    data = list(generate(args.events))
    tmp = Path(tempfile.mkdtemp(prefix="geokg-bench-"))
    res_store: dict[str, tuple[float, list]] = {}
    res_plain: dict[str, float] = {}
    res_rdflib: dict[str, tuple[float, list]] = {}
    try:
        # --- geokg store (the real write path: atomic replace + summary graph by delta)
        t0 = time.perf_counter()
        with open_store(tmp / "store") as st:
            st.add_extractions(data, batch=256)
            st.oxigraph.flush()
            load_store = time.perf_counter() - t0
            n_triples = len(st)
            t1 = time.perf_counter()
            st.optimize()
            t_opt = time.perf_counter() - t1
        size = _du(tmp / "store")
        with open_store(tmp / "store", read_only=True) as st:
            for name, (plain, fast, cols, _) in QUESTIONS.items():
                secs, rows = _time(lambda q=fast: st.query(q).rows)
                res_store[name] = (secs, _answer(rows, cols))
                # the plain query on the store, for reference (1 run: can be slow)
                res_plain[name] = _time(lambda q=plain: st.query(q).rows, 1)[0]
        print(
            f"{args.events} events, {len(data)} articles, {n_triples:,} quads in the store "
            f"(load {load_store:.1f} s, optimize {t_opt:.1f} s)"
        )

        if not args.skip_rdflib:
            import rdflib

            t0 = time.perf_counter()
            ds = rdflib.Dataset(default_union=True)
            for art, rels in data:
                for s, p, o, g in to_rdflib_dataset(article_quads(art, rels)).quads():
                    ds.add((s, p, o, g))
            load_rdflib = time.perf_counter() - t0
            list(ds.query("ASK { ?s ?p ?o }"))  # warm up rdflib's SPARQL parser
            n_rdflib = len(list(ds.quads()))
            for name, (plain, _, cols, _) in QUESTIONS.items():
                secs, rows = _time(lambda q=plain: list(ds.query(q)), 1)
                res_rdflib[name] = (secs, _answer(rows, cols))

        print(f"store size on disk: {size / 2**20:.1f} MiB after optimize() (rdflib: in memory)")
        print()
        print(f"{'measure':<40}{'geokg store':>14}{'rdflib':>14}{'ratio':>9}  same answer")
        rate = n_triples / load_store
        if res_rdflib:
            rrate = n_rdflib / load_rdflib
            print(f"{'load (quads/s)':<40}{rate:>14,.0f}{rrate:>14,.0f}{rate / rrate:>8.1f}x")
        else:
            print(f"{'load (quads/s)':<40}{rate:>14,.0f}")
        for name, (secs, ans) in res_store.items():
            label = f"{name} ({len(ans)} rows)"
            if res_rdflib:
                osecs, oans = res_rdflib[name]
                as_set = QUESTIONS[name][3]
                same = set(ans) == set(oans) if as_set else ans == oans
                print(f"{label:<40}{secs:>13.4f}s{osecs:>13.3f}s{osecs / secs:>8.0f}x  {same}")
            else:
                print(f"{label:<40}{secs:>13.4f}s")
        for name, secs in res_plain.items():
            print(f"{'  ' + name + ', plain query on store':<40}{secs:>13.3f}s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
