"""Alliance analysis end to end on a real store, and the algorithms on a large synthetic graph.

Usage::

    python benchmarks/bench_analyze.py                     # store: 1,000 and 10,000 articles
    python benchmarks/bench_analyze.py --articles 300      # the held-out check's size
    python benchmarks/bench_analyze.py --graph             # algorithms: 10,000 actors, 1M events
    python benchmarks/bench_analyze.py --graph --actors 2000 --events 100000

**Store (default).** Synthesises articles the way news reads (about 9 events
each among a few hundred actors with Zipf-like activity: states, their
officials with ``affiliated_with`` facts, armed groups, a state's military
with ``sector``), writes them through ``Store.add_extractions``, the function
``kg build`` writes with (so the store holds exactly what a build would,
without parsing text), then runs ``kg analyze blocs`` and ``kg analyze profile``
as subprocesses and reports wall time and peak memory (RSS of the process) of
each. Target (issue 17): 10,000 articles under 30 s and 1 GB.

**Graph (``--graph``).** Actors split into planted blocs; each event picks two
actors with a Zipf-like activity, a cooperative relation inside a bloc and a
hostile one across, with 10% noise. The records go through the same path as
``kg analyze``: project → signed view → blocs / balance / influence /
enemy-of-enemy / sign flips. Printed: one row per step with wall time, plus
how well the planted blocs were recovered. Approximate parts: betweenness uses
64 sampled sources above 1,000 actors (exact below); eigenvector centrality
uses ARPACK (tol 1e-8). Triangle counts are exact (sparse products), the
unbalanced-triad listing stops at 50.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from kg.analyze import (
    EdgeRecord,
    balance,
    blocs,
    enemy_of_enemy,
    influence,
    project,
    sign_flips,
    signed_graph,
)

__all__ = ["main", "synthetic_articles", "synthetic_records"]

_POSITIVE = ["supports", "cooperates_with", "meets_with", "provides_aid_to", "signs_agreement_with"]
_NEGATIVE = ["opposes", "accuses", "threatens", "attacks", "sanctions"]


def synthetic_records(
    actors: int, events: int, k: int, seed: int = 0, noise: float = 0.1
) -> tuple[list[EdgeRecord], np.ndarray]:
    """Events among ``actors`` actors in ``k`` planted blocs; returns records and the truth."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, actors)
    activity = 1.0 / np.arange(1, actors + 1) ** 0.8
    activity /= activity.sum()
    src = rng.choice(actors, events, p=activity)
    dst = rng.choice(actors, events, p=activity)
    flip = rng.random(events) < noise
    pos_pick = rng.integers(0, len(_POSITIVE), events)
    neg_pick = rng.integers(0, len(_NEGATIVE), events)
    days = rng.integers(0, 730, events)
    conf = rng.uniform(0.5, 1.0, events).round(2)
    base = np.datetime64("2019-01-01")
    dates = (base + days.astype("timedelta64[D]")).astype(str)
    records = []
    for i in range(events):
        s, t = int(src[i]), int(dst[i])
        if s == t:
            t = (t + 1) % actors
        friendly = (truth[s] == truth[t]) != bool(flip[i])
        rel = _POSITIVE[pos_pick[i]] if friendly else _NEGATIVE[neg_pick[i]]
        records.append(
            EdgeRecord(
                f"a{s}",
                f"a{t}",
                rel,
                date=str(dates[i]),
                confidence=float(conf[i]),
                article=f"art{i // 20}",
                sentence=f"sentence {i}",
            )
        )
    return records, truth


def synthetic_articles(
    n: int, *, actors: int = 400, per_article: int = 9, seed: int = 0, k: int = 3
) -> Iterator[tuple[Any, list[Any]]]:
    """``n`` articles as ``(Article, [Relation])``, as ``kg build`` hands them to the store.

    A quarter of the actors are states (ids ``S000``…), a quarter officials of
    a state (an ``affiliated_with`` fact in the article), a quarter armed
    groups, a quarter a state's military (``sector`` MIL). Actors sit in ``k``
    planted camps: cooperation inside, conflict across, 10 % noise.
    """
    from kg.model import Actor, Article, Evidence, Relation

    rng = np.random.default_rng(seed)
    q = actors // 4
    pool: list[Actor] = []
    for i in range(actors):
        kind = i % 4
        state = f"S{i // 4:03d}"
        if kind == 0:
            pool.append(Actor(state, f"State {i // 4}", "State", state))
        elif kind == 1:
            pool.append(Actor(f"official_{i}", f"Official {i}", "Person", state))
        elif kind == 2:
            pool.append(Actor(f"group_{i}", f"Armed group {i}", "ArmedGroup", state))
        else:
            pool.append(
                Actor(f"{state}_MIL", f"Military of {i // 4}", "Group", state, sector="MIL")
            )
    camp = rng.integers(0, k, q)  # by state: a state, its official and its military agree
    activity = 1.0 / np.arange(1, actors + 1) ** 0.8
    activity /= activity.sum()
    base = np.datetime64("2015-01-01")
    for a in range(n):
        aid = f"art{a:06d}"
        date = str(base + np.timedelta64(int(rng.integers(0, 3650)), "D"))
        rels: list[Relation] = []
        for e in range(per_article):
            s, t = (int(x) for x in rng.choice(actors, 2, p=activity))
            if s == t:
                t = (t + 1) % actors
            friendly = (camp[s // 4 % q] == camp[t // 4 % q]) != bool(rng.random() < 0.1)
            names = _POSITIVE if friendly else _NEGATIVE
            rel = names[int(rng.integers(0, len(names)))]
            text = f"{pool[s].label} and {pool[t].label}: event {e} of {aid}."
            rels.append(
                Relation(aid, rel, pool[s], pool[t], date=date, confidence=0.8,
                         evidence=Evidence(text, (0, len(text))))
            )  # fmt: skip
            if pool[s].type == "Person":
                state = pool[(s // 4) * 4]
                rels.append(
                    Relation(aid, "affiliated_with", pool[s], state, date=date, role="minister",
                             confidence=0.9, evidence=Evidence(text, (0, len(text))))
                )  # fmt: skip
        yield (
            Article(aid, " ".join(r.evidence.sentence for r in rels if r.evidence), date=date),
            rels,
        )


def _measured(cmd: list[str]) -> tuple[float, float, int, str, float]:
    """Wall seconds, peak RSS (MiB), exit status, stdout and CPU seconds of ``cmd``."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "dt = time.perf_counter() - t; "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); rss = u.ru_maxrss / 1024; "
        "print(dt, rss, p.returncode, u.ru_utime + u.ru_stime, file=sys.stderr); "
        "sys.stdout.write(p.stdout); "
        "sys.stderr.write(p.stderr[-2000:])"
    )
    p = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
    first, _, rest = p.stderr.partition("\n")
    dt, rss, code, cpu = first.split()
    if int(code) != 0:
        print(rest, file=sys.stderr)
    return float(dt), float(rss), int(code), p.stdout, float(cpu)


def bench_store(sizes: list[int], seed: int, keep: Path | None = None) -> list[dict[str, Any]]:
    """Build a store per size and time ``kg analyze blocs`` and ``profile`` on it.

    With ``keep``, the stores live in ``keep/<size>`` and are reused when there
    (the build of 10,000 articles takes minutes; before/after runs share it).
    """
    from kg.store import open_store

    kg = str(Path(sys.executable).with_name("kg"))
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-analyze-") as tmp:
            path = (keep / str(n)) if keep is not None else Path(tmp) / "store"
            t0 = time.perf_counter()
            with open_store(path) as store:
                if store.stats().get("articles", 0) == n:
                    written = n
                else:
                    written = store.add_extractions(synthetic_articles(n, seed=seed), batch=64)
                stats = store.stats()
            build = time.perf_counter() - t0
            print(
                f"{n:,} articles: store built in {build:.1f} s "
                f"({stats.get('events', 0):,} events, {stats.get('actors', 0):,} actors)",
                file=sys.stderr,
                flush=True,
            )
            row: dict[str, Any] = {"articles": written, "events": stats.get("events"),
                                   "build_s": round(build, 1)}  # fmt: skip
            for name, cmd in (
                ("blocs", [kg, "analyze", "blocs", "--store", str(path), "--format", "json"]),
                ("profile", [kg, "analyze", "profile", "S000", "--store", str(path),
                             "--format", "json"]),
            ):  # fmt: skip
                dt, rss, code, out, cpu = _measured(cmd)
                if code == 0 and name == "blocs":
                    row["blocs_found"] = len(json.loads(out)["blocs"])
                row[f"{name}_s"], row[f"{name}_mib"], row[f"{name}_exit"] = (
                    round(dt, 1), round(rss), code)  # fmt: skip
                row[f"{name}_cpu"] = round(cpu, 1)
                print(f"  kg analyze {name:<8} {dt:7.1f} s wall {cpu:7.1f} s CPU "
                      f"{rss:7.0f} MiB peak  exit {code}", file=sys.stderr, flush=True)  # fmt: skip
            rows.append(row)
    print("\n| articles | events | build s | blocs s (CPU) | blocs MiB | profile s (CPU) "
          "| profile MiB |\n|---:|---:|---:|---:|---:|---:|---:|")  # fmt: skip
    for r in rows:
        print(f"| {r['articles']:,} | {r['events']:,} | {r['build_s']} | {r['blocs_s']} "
              f"({r['blocs_cpu']}) | {r['blocs_mib']} | {r['profile_s']} ({r['profile_cpu']}) "
              f"| {r['profile_mib']} |")  # fmt: skip
    return rows


def _timed(
    rows: list[tuple[str, float, str]], name: str, fn: Callable[[], Any], note: str = ""
) -> Any:
    t0 = time.perf_counter()
    out = fn()
    rows.append((name, time.perf_counter() - t0, note))
    print(f"  {name:<34} {rows[-1][1]:8.2f} s  {note}", file=sys.stderr, flush=True)
    return out


def _purity(communities: list[list[str]], truth: np.ndarray) -> float:
    hit = 0
    for c in communities:
        counts = Counter(int(truth[int(n[1:])]) for n in c)
        hit += counts.most_common(1)[0][1]
    return hit / sum(len(c) for c in communities)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[1_000, 10_000], help="store sizes")
    ap.add_argument("--graph", action="store_true", help="the synthetic-graph benchmark")
    ap.add_argument("--actors", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--blocs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the stores in this directory")
    args = ap.parse_args(argv)
    if not args.graph:
        bench_store(args.articles, args.seed, args.keep)
        return 0

    rows: list[tuple[str, float, str]] = []
    print(
        f"synthetic: {args.actors:,} actors, {args.events:,} events, {args.blocs} blocs",
        file=sys.stderr,
    )
    records, truth = _timed(
        rows,
        "generate records (not analysis)",
        lambda: synthetic_records(args.actors, args.events, args.blocs, args.seed),
    )
    G = _timed(rows, "project (actor level)", lambda: project(records))
    rows[-1] = (*rows[-1][:2], f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges")
    S = _timed(rows, "signed_graph", lambda: signed_graph(G))
    rows[-1] = (*rows[-1][:2], f"{S.number_of_edges():,} pairs")
    b = _timed(rows, "blocs (spectral + local moves)", lambda: blocs(S))
    rows[-1] = (
        *rows[-1][:2],
        f"{len(b.aligned)} blocs + {len(b.unaligned)} unaligned, "
        f"purity {_purity(b.aligned, truth):.3f}, "
        f"frustration {b.frustration:.3f}",
    )
    bal = _timed(rows, "balance (exact counts, 50 listed)", lambda: balance(S))
    rows[-1] = (
        *rows[-1][:2],
        f"{bal.balanced + bal.unbalanced:,} triangles, ratio {bal.ratio:.3f}",
    )
    inf = _timed(rows, "influence (betweenness k=64)", lambda: influence(S))
    rows[-1] = (*rows[-1][:2], f"top {inf[0].actor}")
    sugg = _timed(rows, "enemy_of_enemy (top 50)", lambda: enemy_of_enemy(S))
    rows[-1] = (*rows[-1][:2], f"{len(sugg)} suggestions")
    flips = _timed(rows, "sign_flips (quarter)", lambda: sign_flips(records, window="quarter"))
    rows[-1] = (*rows[-1][:2], f"{len(flips):,} flips")

    analysis = sum(t for name, t, _ in rows if not name.startswith("generate"))
    print()
    print("| step | seconds | result |\n|---|---:|---|")
    for name, t, note in rows:
        print(f"| {name} | {t:.2f} | {note} |")
    print(f"| **analysis total** | **{analysis:.2f}** | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
