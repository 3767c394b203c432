"""Load test of ``kg serve``: small queries while heavy ones run (loopback only).

Builds a store of synthetic events (``bench_store.generate``), starts ``kg
serve`` with its defaults (2 workers, 1 reserved for cheap queries, 30 s time
limit, 10 s for heavy queries without LIMIT), then for ``--seconds`` seconds

* ``2 x workers`` heavy clients each send the cross product
  ``SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }`` again and again
  (from two loopback source addresses, within ``--heavy-per-client``), and
* ``--clients`` small-query clients send label lookups, ASKs and LIMITed
  SELECTs as fast as answers come.

Reports the small queries' latency (median, p99, max), their status codes
(the goal: p99 under 1 s, no 503) and what the heavy clients got. Every
request goes to 127.0.0.1; the run is bounded by ``--seconds`` and
``--max-requests`` per client.

    python benchmarks/bench_serve.py                  # 50 small clients, 30 s
    python benchmarks/bench_serve.py --clients 10 --seconds 10
"""

from __future__ import annotations

import argparse
import http.client
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import generate

from kg.store import open_store

__all__ = ["main"]

#: one answer text per non-200 status seen, for the report
SAMPLES: dict[int, str] = {}

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
PREFIXES = (
    "PREFIX geo: <https://w3id.org/geokg/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX act: <https://w3id.org/geokg/actor/> "
)


def small_query(rng: random.Random) -> str:
    """One of three small, cheap queries, on a random actor."""
    actor = f"act:a{rng.randrange(300)}"
    return PREFIXES + rng.choice(
        [
            f"SELECT ?l WHERE {{ {actor} rdfs:label ?l }}",
            f"ASK {{ ?e geo:source {actor} }}",
            f"SELECT ?e ?t WHERE {{ ?e geo:source {actor} ; geo:target ?t }} LIMIT 10",
        ]
    )


def _start(store: Path, args: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    log = store.parent / "serve.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0", *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        for line in log.read_text().splitlines():
            if line.startswith("geokg SPARQL endpoint: "):
                return proc, line.split()[3]
        time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"kg serve did not start: {log.read_text()}")


def _client(
    url: str,
    queries: list[str] | None,
    rng: random.Random,
    stop: threading.Event,
    limit: int,
    out: list[tuple[float, int]],
    source: str = "127.0.0.1",
) -> None:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=120, source_address=(source, 0)
    )
    for _ in range(limit):
        if stop.is_set():
            break
        query = rng.choice(queries) if queries else small_query(rng)
        body = urlencode({"query": query})
        t0 = time.perf_counter()
        try:
            conn.request(
                "POST",
                parts.path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json",
                },
            )
            resp = conn.getresponse()
            text = resp.read()
            status = resp.status
            if status != 200 and not stop.is_set():
                SAMPLES.setdefault(status, text.decode("utf-8", "replace").strip()[:300])
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection(
                parts.hostname, parts.port, timeout=120, source_address=(source, 0)
            )
        out.append((time.perf_counter() - t0, status))
        if status == 429:
            time.sleep(1.0)  # the heavy client's own limit: try again shortly
    conn.close()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--clients", type=int, default=50, help="small-query clients")
    ap.add_argument("--seconds", type=float, default=30.0, help="length of the load")
    ap.add_argument("--events", type=int, default=3000, help="events in the synthetic store")
    ap.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    ap.add_argument("--max-requests", type=int, default=100_000, help="per client")
    ap.add_argument("serve_args", nargs="*", help="more kg serve options (after --)")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="geokg-bench-serve-"))
    store = tmp / "store"
    with open_store(store) as st:
        st.add_extractions(list(generate(args.events)), batch=256)
        triples = len(st)
    print(f"store: {triples} triples ({args.events} events)", flush=True)
    proc, url = _start(store, ["--workers", str(args.workers), *args.serve_args])
    try:
        stop = threading.Event()
        small: list[list[tuple[float, int]]] = [[] for _ in range(args.clients)]
        heavy: list[list[tuple[float, int]]] = [[] for _ in range(2 * args.workers)]
        threads = [
            threading.Thread(
                target=_client,
                args=(url, [HEAVY], random.Random(i), stop, args.max_requests, heavy[i]),
                kwargs={"source": f"127.0.0.{2 + i % 2}"},
                daemon=True,
            )
            for i in range(len(heavy))
        ]
        for t in threads:
            t.start()
        time.sleep(1.0)  # the heavy queries are running before the small ones start
        threads += [
            threading.Thread(
                target=_client,
                args=(url, None, random.Random(100 + i), stop, args.max_requests, small[i]),
                daemon=True,
            )
            for i in range(args.clients)
        ]
        for t in threads[len(heavy) :]:
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in threads[len(heavy) :]:
            t.join(60)
        # heavy requests still in flight are cut by the shutdown: count the finished ones
        heavy_statuses = Counter(s for rs in heavy for _, s in list(rs))
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    done = [r for rs in small for r in rs]
    times = [t for t, _ in done]
    statuses = Counter(s for _, s in done)
    print(
        f"small queries: {len(done)} in {args.seconds:g} s from {args.clients} clients "
        f"({len(done) / args.seconds:.0f}/s); median {1000 * _pct(times, 0.5):.0f} ms, "
        f"p99 {1000 * _pct(times, 0.99):.0f} ms, max {1000 * max(times, default=0):.0f} ms; "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    print(
        f"heavy queries ({len(heavy)} clients, {2} per worker): "
        f"statuses {dict(sorted(heavy_statuses.items()))}"
    )
    for status, sample in sorted(SAMPLES.items()):
        print(f"  {status}: {sample}")
    ok = statuses.keys() <= {200} and _pct(times, 0.99) < 1.0
    print("PASS: p99 under 1 s, no errors" if ok else "FAIL: p99 over 1 s or errors")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
