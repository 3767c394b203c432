"""Huge inputs: time and peak memory of ``kg extract`` on one very long article.

    python benchmarks/bench_huge.py                        # 10 MB and 50 MB, default --max-chars
    python benchmarks/bench_huge.py --sizes 1,2,4 --max-chars 0   # no limit: linear scaling
    python benchmarks/bench_huge.py --kind jsonl           # the article as one JSON line

Writes one article of the given sizes (megabytes of UTF-8 text: realistic
paragraphs of sentences written for this benchmark, with relations in them) to
a temporary directory, runs ``kg extract FILE --format jsonl`` on it in a fresh
process per size, and reports wall time, peak resident memory of that process
(``ru_maxrss`` from ``wait4``), relations found and the warning ``kg`` printed.
It also checks every relation's span against the text (``spans_ok``) and
whether the one sentence written only at the very end was read (``tail_found``:
expected with ``--max-chars 0`` or a limit above the size; this is the check
the test suite's old 1,000,000-character case made). Nothing is downloaded; the
spaCy model must be installed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main", "make_article"]

SENTENCES = [
    "Egypt backs Khalifa Haftar.",
    "Turkey signed a security agreement with the Government of National Accord.",
    "Russia attacked Ukraine overnight, officials said.",
    "China condemned the sanctions imposed by the United States.",
    "Iran threatened Israel with retaliation after the strike.",
    "The talks in the capital went on late into the night.",
    "Delegations from both sides are expected to meet again next month.",
    "Qatar hosted the envoys and said it would keep its channels open.",
]
#: written once, at the very end of the article: found only if all of it was read.
TAIL = "Greece expelled the Libyan ambassador."


def make_article(n_chars: int) -> str:
    """A text of about ``n_chars`` characters: paragraphs of five to eight sentences."""
    paras: list[str] = []
    size = i = 0
    while size < n_chars:
        k = 5 + i % 4
        para = " ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(k))
        paras.append(para)
        size += len(para) + 2
        i += 1
    body = "\n\n".join(paras)
    return f"Title: A very long article\nDate: 2020-01-19\n\n{body} {TAIL}\n"


def run_one(path: Path, text: str, max_chars: int | None) -> dict[str, object]:
    """Run ``kg extract`` on ``path`` in a new process; wall time, peak RSS, relations."""
    cmd = [sys.executable, "-m", "kg", "extract", str(path), "--format", "jsonl"]
    if max_chars is not None:
        cmd += ["--max-chars", str(max_chars)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        records = [json.loads(line) for line in out]
        messages = [ln.decode("utf-8", "replace").rstrip() for ln in err]
    return {
        "seconds": round(seconds, 1),
        "peak_mib": round(usage.ru_maxrss / 1024),  # kilobytes on Linux
        "relations": len(records),
        "spans_ok": all(text[r["span"][0] : r["span"][1]] == r["sentence"] for r in records),
        "tail_found": any(r["sentence"].endswith(TAIL) for r in records),
        "last_span_start": max((r["span"][0] for r in records), default=None),
        "exit": proc.returncode,
        "warnings": [m for m in messages if m.startswith(("warning:", "skipped:", "error:"))],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="10,50", help="megabytes, comma-separated (10,50)")
    ap.add_argument(
        "--max-chars", type=int, default=None, help="passed to kg extract (default: its default)"
    )
    ap.add_argument("--kind", choices=["txt", "jsonl"], default="txt")
    args = ap.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(s) for s in args.sizes.split(",")):
            text = make_article(int(mb * 1_000_000))
            path = Path(tmp) / f"huge.{args.kind}"
            if args.kind == "jsonl":
                path.write_text(json.dumps({"id": "huge", "text": text}) + "\n", encoding="utf-8")
            else:
                path.write_text(text, encoding="utf-8")
            result = run_one(path, text, args.max_chars)
            size = path.stat().st_size / 1_000_000
            print(
                json.dumps({"input_mb": round(size, 1), "kind": args.kind, **result}),
                flush=True,
            )
    print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
