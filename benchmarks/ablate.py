"""The ablation report on every gold set at once (issue 21, item 2).

For each rule of the extractor (``kg.nlp.rules``), each trigger entry word
and each word-class word that plays a part, the events it adds and removes
(true / false positives) on each set; see :mod:`kg.ablate`. The sets: the
team's dev set (``../shared/eval/dev.jsonl``), the own gold sets
(``tests/data/gold.jsonl``, ``tests/data/gold_country.jsonl``) and the real
sets (``../shared/eval/real/plover_gsr_dev.jsonl``, ``news_dev.jsonl``), the
real (country-level) ones split into their fixed ``tune`` and ``check``
halves (by a hash of the id, as ``score_real.py --half`` splits them), each
its own column: a unit that adds on ``tune`` and not on ``check`` is fitted.

    python benchmarks/ablate.py                       # text report on stdout
    python benchmarks/ablate.py --out report.txt --json report.json
    python benchmarks/ablate.py --half tune --kinds rule,trigger   # one half only
    python benchmarks/ablate.py --whole               # real sets not split
    python benchmarks/ablate.py --gold my_gold.jsonl  # other sets instead

Parsed Docs are cached (``--cache``), so a second run skips the parser.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
SETS = (
    SHARED / "dev.jsonl",
    ROOT / "tests" / "data" / "gold.jsonl",
    ROOT / "tests" / "data" / "gold_country.jsonl",
    SHARED / "real" / "plover_gsr_dev.jsonl",
    SHARED / "real" / "news_dev.jsonl",
)


def main(argv: list[str] | None = None) -> int:
    from kg.ablate import ablate_sets, render_json, render_text
    from kg.errors import KGError
    from kg.evaluate import is_real_format, load_gold, split_half

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", nargs="*", help="gold sets (default: the five team sets)")
    ap.add_argument(
        "--half", choices=("tune", "check"), help="only this half of the country-level sets"
    )
    ap.add_argument("--whole", action="store_true", help="do not split the country-level sets")
    ap.add_argument("--kinds", default="rule,trigger,pattern,word", help="units to ablate")
    ap.add_argument("--cache", default=None, help="DocBin cache directory")
    ap.add_argument("--top", type=int, default=None, help="rows of the table (default: all)")
    ap.add_argument("--out", help="write the text report here too")
    ap.add_argument("--json", help="write the JSON report here")
    a = ap.parse_args(argv)
    paths = [Path(p) for p in a.gold] if a.gold else list(SETS)
    sets = []
    try:
        for p in paths:
            if not p.is_file():
                print(f"skipped: {p} (not found)", file=sys.stderr)
                continue
            cases = list(load_gold(p))
            if not is_real_format(cases):
                sets.append((str(p), cases))
            elif a.half or a.whole:
                sets.append((f"{p}:{a.half}" if a.half else str(p), split_half(cases, a.half)))
            else:
                sets += [(f"{p}:{h}", split_half(cases, h)) for h in ("tune", "check")]
        t0 = time.perf_counter()
        result = ablate_sets(sets, cache=a.cache, kinds=a.kinds.split(","))
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = render_text(result, top=a.top)
    text += f"\n\n({time.perf_counter() - t0:.0f} s)"
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n", encoding="utf-8")
    if a.json:
        Path(a.json).write_text(render_json(result) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
