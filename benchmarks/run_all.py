"""Run every geokg benchmark in one command and print their ratios.

    python benchmarks/run_all.py            # full sizes (about 20 minutes on 2 cores)
    python benchmarks/run_all.py --quick    # small sizes (a few minutes)

Runs, in order: ``bench_extract.py`` (extraction vs bare ``nlp.pipe``, 2 workers
vs 1, peak memory at two corpus sizes, then ``bench_store.py``: store vs rdflib)
and ``bench_analyze.py`` (``kg analyze`` on a built store, then the analysis
algorithms on a synthetic graph).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

__all__ = ["main"]

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small sizes for a quick look")
    args = ap.parse_args(argv)
    quick = ["--quick"] if args.quick else []
    graph = ["--actors", "2000", "--events", "100000"] if args.quick else []
    store = ["--articles", "300", "1000"] if args.quick else []
    steps = [
        ("extraction + store", [str(HERE / "bench_extract.py"), *quick]),
        ("analysis on a built store", [str(HERE / "bench_analyze.py"), *store]),
        ("analysis algorithms", [str(HERE / "bench_analyze.py"), "--graph", *graph]),
    ]
    status = 0
    for name, cmd in steps:
        print(f"\n=== {name}: {' '.join(Path(c).name for c in cmd)} ===", flush=True)
        status |= subprocess.run([sys.executable, *cmd]).returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main())
