"""Start-up benchmark: ``kg extract`` on one sentence vs ``spacy.load`` of the same model.

Both are whole processes, timed side by side in this run: the two commands
alternate (A, B, A, B, …) so that load from other processes hits both alike,
and the figure is the ratio of their medians (target ≤ 1.5×). The knowledge
base, lexicon and gazetteer load from the compiled index (``kg.cache``),
which one untimed run builds first (with the modules' bytecode, as an
installed package has it; ``PYTHONDONTWRITEBYTECODE`` is dropped for the
runs); ``--cold`` adds a third command with the
cache turned off (``GEOKG_CACHE_DIR=off``: everything parsed from Turtle).

    python benchmarks/bench_startup.py              # 7 rounds
    python benchmarks/bench_startup.py --rounds 15 --cold
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main", "model_name", "timed"]

SENTENCE = "Freedonia's foreign minister met his Sylvanian counterpart in Vienna on Monday.\n"


def model_name() -> str:
    """The model ``kg extract`` would load (the first installed candidate)."""
    import importlib.util

    from kg.nlp.pipeline import model_candidates

    for name in model_candidates():
        if importlib.util.find_spec(name) is not None:
            return name
    raise SystemExit("no spaCy model installed; see the README")


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``cmd``, output discarded.

    CPU time is the steadier figure on a shared machine: waiting for a core
    adds to the wall clock only.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7, help="runs of each command (default 7)")
    ap.add_argument("--cold", action="store_true", help="also time kg extract without the cache")
    a = ap.parse_args(argv)
    model = model_name()
    tmp = Path(tempfile.mkdtemp(prefix="geokg-startup-"))
    one = tmp / "one.txt"
    one.write_text(SENTENCE, encoding="utf-8")
    env = dict(os.environ, GEOKG_MODEL=model)
    # an installed package has its bytecode compiled (pip does it), as spaCy's has:
    # with PYTHONDONTWRITEBYTECODE set, every run would compile geokg's modules
    # from source and only geokg's
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("GEOKG_CACHE_DIR", str(tmp / "cache"))
    kg = [sys.executable, "-m", "kg", "extract", str(one), "--format", "jsonl"]
    commands = {
        "spacy.load": ([sys.executable, "-c", f"import spacy; spacy.load({model!r})"], env),
        "kg extract": (kg, env),
    }
    if a.cold:
        commands["kg extract (no cache)"] = (kg, dict(env, GEOKG_CACHE_DIR="off"))
    timed(kg, env)  # builds the compiled index (and warms the file cache)
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(a.rounds):
        for name, (cmd, e) in commands.items():
            w, c = timed(cmd, e)
            wall[name].append(w)
            cpu[name].append(c)
    print(f"model {model}; {a.rounds} interleaved rounds; medians in seconds")
    print(f"  {'command':<24} {'wall':>6}  {'cpu':>6}  wall range")
    for name in commands:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        spread = f"{min(wall[name]):.2f}-{max(wall[name]):.2f}"
        print(f"  {name:<24} {w:6.2f}  {c:6.2f}  {spread}")
    for label, table in (("wall-clock", wall), ("cpu", cpu)):
        base = statistics.median(table["spacy.load"])
        ratio = statistics.median(table["kg extract"]) / base
        line = f"kg extract / spacy.load ({label}) = {ratio:.2f}x (target <= 1.5x)"
        if a.cold:
            cold = statistics.median(table["kg extract (no cache)"]) / base
            line += f"; without the index {cold:.2f}x"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
