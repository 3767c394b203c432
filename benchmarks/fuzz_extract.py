"""Fuzz the extractor: many generated sentences, and every distinct crash they cause.

The sentences come from ``tests/fuzz_corpus.py`` (templates of coordinated
titled people and groups, possessives, nested possessives, appositions,
parentheses, long lists of states, quotes, dashes, with odd Unicode, all
capitals and other damage; seeded). Each sentence is one article; they run
through :func:`kg.extract.iter_extractions` (one process, ``nlp.pipe`` batches)
and every article whose extraction raises is collected with its exception; the
relations of the others are turned into the quads the store writes (N-Quads).
Crashes are grouped by exception type and the innermost geokg frame, and each
group is printed with its count and up to three sentences.

    python benchmarks/fuzz_extract.py                  # 20,000 sentences, seed 21
    python benchmarks/fuzz_extract.py -n 2000 --seed 7
    python benchmarks/fuzz_extract.py --failures crashes.jsonl
    python benchmarks/fuzz_extract.py --damage 1 --per-article 12   # damaged, long articles

Exit status 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz_corpus import sentences

from kg.errors import ExtractionError
from kg.extract import iter_extractions
from kg.model import Article
from kg.rdf import article_quads, to_nquads


def _kind(error: ExtractionError) -> str:
    """``ValueError at kg/nlp/actors.py:311 (_demonym_groups)``: where the bug is."""
    cause = error.__cause__
    if cause is None:
        return str(error)
    frames = [f for f in traceback.extract_tb(cause.__traceback__) if "/kg/" in f.filename]
    where = ""
    if frames:
        f = frames[-1]
        where = f" at kg/{f.filename.rsplit('/kg/', 1)[1]}:{f.lineno} ({f.name})"
    return f"{type(cause).__name__}{where}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=20_000, help="sentences (default 20,000)")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--damage", type=float, default=0.4, help="share of damaged sentences")
    ap.add_argument("--per-article", type=int, default=1, help="sentences per article")
    ap.add_argument("--model", default=None)
    ap.add_argument("--failures", type=Path, help="write the crashing sentences here (JSONL)")
    args = ap.parse_args(argv)

    sents = sentences(args.n, seed=args.seed, damage=args.damage)
    k = max(1, args.per_article)
    texts = ["\n\n".join(sents[i : i + k]) for i in range(0, len(sents), k)]
    articles = [Article(id=str(i), text=t, date="2022-03-15") for i, t in enumerate(texts)]
    errors: list[ExtractionError] = []
    start = time.perf_counter()
    relations = 0
    rdf_errors: list[tuple[int, str]] = []
    for article, rels in iter_extractions(
        articles, model=args.model, batch_size=args.batch_size, on_error=errors.append
    ):
        relations += len(rels)
        try:  # what the store writes: the article's quads, serialized
            to_nquads(article_quads(article, rels))
        except Exception as exc:
            rdf_errors.append((int(article.id), f"{type(exc).__name__}: {exc}"))
    seconds = time.perf_counter() - start

    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e in errors:
        article = str(e).split(":", 1)[0]
        groups[_kind(e)].append((article, str(e.__cause__)))
    print(
        f"{args.n} sentences in {len(texts)} articles (seed {args.seed}, damage {args.damage}) "
        f"in {seconds:.1f} s: {relations} relations, "
        f"{len(errors)} crashed, {len(groups)} distinct kinds"
    )
    for kind, hits in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"\n{len(hits):6d}  {kind}: {hits[0][1][:120]}")
        for article, _ in hits[:3]:
            print(f"        {texts[int(article)]!r}")
    for i, what in rdf_errors:
        print(f"\nRDF of article {i} failed: {what}\n        {texts[i]!r}")
    if args.failures is not None:
        with args.failures.open("w", encoding="utf-8") as out:
            for e in errors:
                i = int(str(e).split(":", 1)[0])
                row = {"id": i, "kind": _kind(e), "text": texts[i], "error": str(e.__cause__)}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 1 if errors or rdf_errors else 0


if __name__ == "__main__":
    sys.exit(main())
