"""Alliance-analysis timings on a synthetic graph (default 10,000 actors, 1,000,000 events).

Usage::

    python benchmarks/bench_analyze.py [--actors N --events N --blocs K --seed S]

Actors are split into planted blocs; each event picks two actors with a
Zipf-like activity (a few actors are in the news a lot, most rarely), a
cooperative relation inside a bloc and a hostile one across, with 10% noise.
The records go through the same path as ``kg analyze``: project → signed
view → blocs / balance / influence / enemy-of-enemy / sign flips. Printed: one
row per step with wall time, plus how well the planted blocs were recovered.

Approximate parts: betweenness uses 64 sampled sources above 1,000 actors
(exact below); eigenvector centrality uses ARPACK (tol 1e-8). Triangle counts
are exact (sparse products), the unbalanced-triad listing stops at 50.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
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

__all__ = ["main", "synthetic_records"]

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
    ap.add_argument("--actors", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--blocs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

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
        f"{len(b.communities)} blocs, purity {_purity(b.communities, truth):.3f}, "
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
