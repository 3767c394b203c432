"""Extraction benchmark: geokg vs bare ``nlp.pipe``, 2 workers vs 1, memory at 1k vs 10k.

Every figure is a ratio of two measurements taken side by side in this run, on
the same generated corpus:

* **overhead** — articles/s of :func:`kg.extract.iter_extractions` (one worker:
  segmenting, actor resolution, coreference, relations, mapping back to the
  text) over articles/s of bare ``nlp.pipe`` of the same statistical model on the
  same body texts (target ≥ 0.8). The two are timed in alternating slices of the
  corpus so that load from other processes hits both alike.
* **workers** — articles/s with ``--workers 2`` over ``--workers 1`` (target
  ≥ 1.6×), steady state (from the first result on; start-up reported apart).
* **memory** — peak RSS of the whole process tree of ``kg build --workers 2``
  (psutil, sampled every 0.1 s) on 1,000 vs 10,000 articles (target: within 10 %).
* and the store benchmark (``benchmarks/bench_store.py``) unless ``--skip-store``.

The corpus is generated (deterministic seed): each article is 9–16 sentences
(≈150–300 words) assembled from templates of news phrasing (backing, talks,
agreements, aid requests, condemnation, attacks, sanctions, deployments,
negated and modal forms, reported speech, filler sentences without actors) with
real actor names the knowledge base resolves (states, capitals, organizations,
armed groups, leaders with titles), and a date between 2015 and 2024.

    python benchmarks/bench_extract.py                 # full: 400 / 200 / 1,000 vs 10,000
    python benchmarks/bench_extract.py --quick         # ~2 minutes: 120 / 80 / 200 vs 2,000
    python benchmarks/bench_extract.py --write-corpus corpus.jsonl --articles 500
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from kg.model import Article

__all__ = ["generate_corpus", "main", "peak_rss_of"]

STATES = [
    "Egypt",
    "Turkey",
    "Russia",
    "China",
    "Iran",
    "Israel",
    "Qatar",
    "Saudi Arabia",
    "the United Arab Emirates",
    "France",
    "Germany",
    "Italy",
    "Greece",
    "Ukraine",
    "Sudan",
    "Ethiopia",
    "India",
    "Pakistan",
    "Japan",
    "the Philippines",
    "Vietnam",
    "Algeria",
    "Tunisia",
    "Jordan",
]
CAPITALS = ["Ankara", "Moscow", "Cairo", "Beijing", "Tehran", "Doha", "Kyiv", "Paris", "Athens"]
GROUPS = [
    "the Libyan National Army",
    "the Government of National Accord",
    "Hezbollah",
    "Hamas",
    "the Houthis",
    "the Taliban",
    "the Rapid Support Forces",
    "the Syrian Democratic Forces",
    "the Wagner Group",
    "NATO",
    "the European Union",
    "the African Union",
    "the Arab League",
]
PEOPLE = [
    "Turkish Foreign Minister Mevlut Cavusoglu",
    "Libyan National Army commander Khalifa Haftar",
    "Egyptian President Abdel Fattah el-Sisi",
    "Russian President Vladimir Putin",
    "French President Emmanuel Macron",
    "Ethiopian Prime Minister Abiy Ahmed",
    "Iranian Foreign Minister Mohammad Javad Zarif",
    "Ukrainian President Volodymyr Zelensky",
]
TEMPLATES = [
    "{a} backs {b}, officials said on {day}.",
    "{a} is backed by {b} and {c}, among others.",
    "{a} held talks with {b} in {city} on {day}.",
    "{a} and {b} signed a security agreement on {day}.",
    "{a} condemned the attack by {b} near the border.",
    "{a} accused {b} of violating the ceasefire.",
    "{a} has not asked {b} for military aid, a spokesman said.",
    "{a} could send troops to help {b}, diplomats said.",
    "{a} threatened to retaliate against {b} if the strikes continue.",
    "{a} imposed sanctions on {b} over the crackdown.",
    "{a} launched air strikes against {b} on {day}.",
    "{a} will provide humanitarian aid to {b}, the ministry said.",
    "{a} urged {b} to return to negotiations.",
    "{a} said that {b} had attacked positions held by {c}.",
    "{a} deployed troops near the border with {b}.",
    "{a} criticized {b} for blocking the resolution.",
]
FILLER = [
    "The talks lasted several hours and ended without a joint statement.",
    "Analysts said the situation on the ground remained fluid and hard to verify.",
    "Oil prices rose slightly after the announcement, traders said.",
    "The ministry did not give further details about the timing of the meeting.",
    "Thousands of civilians have fled the fighting over the past weeks, aid groups said.",
    "Independent observers were not allowed to visit the area.",
    "The statement was published late in the evening on the ministry's website.",
    "Journalists were kept away from the venue for security reasons.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def generate_corpus(n: int, seed: int = 0) -> Iterator[Article]:
    """``n`` generated news-style articles (deterministic for a seed), lazily.

    Examples
    --------
    >>> arts = list(generate_corpus(2, seed=1))
    >>> [a.id for a in arts], 120 < len(arts[0].text.split()) < 340
    (['bench-000000', 'bench-000001'], True)
    """
    rng = random.Random(seed)
    actors = STATES + CAPITALS + GROUPS + PEOPLE
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(9, 16)):
            if rng.random() < 0.35:
                sentences.append(rng.choice(FILLER))
                continue
            a, b, c = rng.sample(actors, 3)
            s = rng.choice(TEMPLATES).format(
                a=a, b=b, c=c, city=rng.choice(CAPITALS), day=rng.choice(DAYS)
            )
            sentences.append(s[0].upper() + s[1:])
        paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        date = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield Article(
            id=f"bench-{i:06d}",
            text="\n\n".join(paragraphs),
            title=f"Generated report {i}",
            date=date,
            source="geokg benchmark",
        )


def write_corpus(path: Path, n: int, seed: int = 0) -> None:
    """Write the corpus as JSON lines (``kg build`` reads it)."""
    with open(path, "w", encoding="utf-8") as fh:
        for a in generate_corpus(n, seed):
            rec = {"id": a.id, "text": a.text, "title": a.title, "date": a.date}
            fh.write(json.dumps(rec) + "\n")


# --------------------------------------------------------------------------- measures


def overhead(n: int, seed: int, slices: int = 6) -> tuple[float, float, int]:
    """Articles/s of bare ``nlp.pipe`` and of ``iter_extractions`` (workers=1), interleaved."""
    from kg.extract import _chunks, iter_extractions
    from kg.nlp.pipeline import load_model, load_pipeline

    articles = list(generate_corpus(n, seed))
    words = sum(len(a.text.split()) for a in articles)
    bare = load_model()
    load_pipeline()  # cached: iter_extractions reuses it
    # warm both up (lazy tables, first-call allocations) outside the timings
    texts_warm = [t for a in articles[:8] for t, _ in _chunks(a)]
    list(bare.pipe(texts_warm, batch_size=8))
    list(iter_extractions(articles[:8], batch_size=8))
    t_bare = t_ours = 0.0
    size = -(-n // slices)
    for k in range(0, n, size):
        part = articles[k : k + size]
        t0 = time.perf_counter()
        # the same body texts our extractor parses (headers dropped, segments joined)
        texts = [t for a in part for t, _ in _chunks(a)]
        for _doc in bare.pipe(texts, batch_size=8):
            pass
        t1 = time.perf_counter()
        for _ in iter_extractions(part, batch_size=8):
            pass
        t2 = time.perf_counter()
        t_bare += t1 - t0
        t_ours += t2 - t1
    return n / t_bare, n / t_ours, words


def workers_rate(n: int, seed: int, workers: int) -> tuple[float, float]:
    """(steady articles/s from the first result on, seconds until the first result)."""
    from kg.extract import iter_extractions

    start = time.perf_counter()
    first = None
    count = 0
    for _ in iter_extractions(generate_corpus(n, seed), batch_size=8, workers=workers):
        count += 1
        if first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    assert first is not None
    return (count - 1) / (end - first), first - start


def peak_rss_of(cmd: list[str], interval: float = 0.1) -> tuple[int, float, int]:
    """Run ``cmd``; return (peak RSS in bytes of it and its children, seconds, exit status)."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    ps = psutil.Process(proc.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                total = ps.memory_info().rss
                for child in ps.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        total += child.memory_info().rss
                peak = max(peak, total)
            except psutil.Error:
                pass
            stop.wait(interval)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _, err = proc.communicate()
    stop.set()
    t.join()
    if proc.returncode != 0:
        print(err.decode(errors="replace")[-2000:], file=sys.stderr)
    return peak, time.perf_counter() - start, proc.returncode


def memory(sizes: tuple[int, int], seed: int, workers: int) -> list[tuple[int, int, float]]:
    """Peak RSS of ``kg build --workers N`` on each corpus size (a fresh store each)."""
    out = []
    with tempfile.TemporaryDirectory(prefix="geokg-bench-extract-") as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            write_corpus(corpus, n, seed)
            cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--quiet"]
            cmd += ["--store", str(Path(tmp) / f"store-{n}"), "--workers", str(workers)]
            peak, secs, rc = peak_rss_of(cmd)
            if rc != 0:
                raise SystemExit(f"kg build failed on {n} articles (exit {rc})")
            out.append((n, peak, secs))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small sizes (about 2 minutes)")
    ap.add_argument("--overhead-articles", type=int, help="articles for the overhead ratio")
    ap.add_argument("--workers-articles", type=int, help="articles for 2 vs 1 workers")
    ap.add_argument("--memory-sizes", type=int, nargs=2, metavar=("SMALL", "LARGE"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-store", action="store_true", help="do not run bench_store.py")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--write-corpus", metavar="FILE.jsonl", help="only write the corpus")
    ap.add_argument("--articles", type=int, default=1000, help="with --write-corpus")
    args = ap.parse_args(argv)
    if args.write_corpus:
        write_corpus(Path(args.write_corpus), args.articles, args.seed)
        return 0
    n_over = args.overhead_articles or (120 if args.quick else 400)
    n_work = args.workers_articles or (80 if args.quick else 200)
    sizes = tuple(args.memory_sizes or ((200, 2000) if args.quick else (1000, 10_000)))

    results: list[tuple[str, str, str, str]] = []
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    bare, ours, words = overhead(n_over, args.seed)
    print(
        f"overhead: {n_over} articles, {words:,} words; bare nlp.pipe {bare:.1f} art/s "
        f"({bare * words / n_over:,.0f} words/s), geokg {ours:.1f} art/s",
        flush=True,
    )
    results.append(
        ("extraction / bare nlp.pipe", f"{ours / bare:.2f}", ">= 0.80", _ok(ours / bare >= 0.8))
    )

    one, start1 = workers_rate(n_work, args.seed, 1)
    two, start2 = workers_rate(n_work, args.seed, 2)
    print(
        f"workers: {n_work} articles; 1 worker {one:.1f} art/s, 2 workers {two:.1f} art/s "
        f"(steady); start-up {start1:.1f} s / {start2:.1f} s",
        flush=True,
    )
    results.append(("2 workers / 1 worker", f"{two / one:.2f}x", ">= 1.6x", _ok(two / one >= 1.6)))

    if not args.skip_memory:
        mem = memory(sizes, args.seed, workers=2)  # type: ignore[arg-type]
        for n, peak, secs in mem:
            print(
                f"memory: kg build --workers 2, {n:,} articles: peak RSS {peak / 2**20:.0f} MiB "
                f"(process tree), {secs:.0f} s ({n / secs:.1f} art/s)",
                flush=True,
            )
        ratio = mem[1][1] / mem[0][1]
        results.append(
            (
                f"peak RSS {sizes[1]:,} / {sizes[0]:,} articles",
                f"{ratio:.2f}",
                "<= 1.10",
                _ok(ratio <= 1.1),
            )
        )

    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print(f"{'ratio':<40}{'measured':>10}{'target':>10}{'':>6}")
    for name, val, target, ok in results:
        print(f"{name:<40}{val:>10}{target:>10}{ok:>6}")
    sys.stdout.flush()

    if not args.skip_store:
        print("\n--- store benchmark (benchmarks/bench_store.py) ---", flush=True)
        here = Path(__file__).resolve().parent
        store_args = [] if args.quick else ["--events", "35000"]
        subprocess.run([sys.executable, str(here / "bench_store.py"), *store_args], check=True)
    return 0


def _ok(flag: bool) -> str:
    return "ok" if flag else "MISS"


if __name__ == "__main__":
    raise SystemExit(main())
