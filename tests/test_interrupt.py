"""A build killed at random moments leaves a store of whole articles; a rerun completes it."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from kg.store.embedded import EmbeddedStore as Store

KG = [sys.executable, "-m", "kg"]

ACTORS = [
    "Egypt",
    "Turkey",
    "Russia",
    "Qatar",
    "Greece",
    "the United Arab Emirates",
    "the Libyan National Army",
    "the Government of National Accord",
    "Ankara",
    "Moscow",
    "NATO",
    "the European Union",
]
TEMPLATES = [
    "{a} backs {b}, officials said.",
    "{a} held talks with {b} on Monday.",
    "{a} and {b} signed a security agreement.",
    "{a} condemned the attack by {b}.",
    "{a} has not asked {b} for military aid.",
    "{a} imposed sanctions on {b}.",
]


def _write_corpus(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            sentences = []
            for _ in range(rng.randint(3, 6)):
                a, b = rng.sample(ACTORS, 2)
                s = rng.choice(TEMPLATES).format(a=a, b=b)
                sentences.append(s[0].upper() + s[1:])
            rec = {"id": f"int-{i:03d}", "text": " ".join(sentences), "date": "2020-01-15"}
            fh.write(json.dumps(rec) + "\n")


def _graph_counts(path: Path) -> tuple[Counter[str], list[str]]:
    """Quads per named graph, and every quad as sorted text (opening the store must work)."""
    store = Store(path)
    try:
        counts: Counter[str] = Counter()
        lines = []
        for q in store.oxigraph:
            counts[str(q.graph_name)] += 1
            lines.append(str(q))
        return counts, sorted(lines)
    finally:
        store.close()


def _build(corpus: Path, store: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*KG, "build", str(corpus), "--store", str(store), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "GEOKG_NO_PROGRESS": "1"},
    )


@pytest.mark.model
def test_interrupt_sigkill_leaves_whole_articles_and_rerun_completes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    _write_corpus(corpus, 80)

    clean = tmp_path / "clean"
    t0 = time.perf_counter()
    assert _build(corpus, clean).wait(timeout=600) == 0
    duration = time.perf_counter() - t0
    clean_counts, clean_quads = _graph_counts(clean)
    articles = {g for g in clean_counts if "/article/" in g}
    assert len(articles) == 80

    victim = tmp_path / "victim"
    rng = random.Random(2024)
    for _ in range(3):
        proc = _build(corpus, victim)
        # random moments over the whole run: start-up, parsing and the commits
        time.sleep(rng.uniform(1.0, max(1.5, duration)))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if not victim.exists():
            continue
        counts, _ = _graph_counts(victim)  # the store opens after a SIGKILL
        present = {g for g in counts if "/article/" in g}
        assert present <= articles
        for g in present:  # only whole articles
            assert counts[g] == clean_counts[g], f"{g} is half-written"

    assert _build(corpus, victim).wait(timeout=600) == 0
    counts, quads = _graph_counts(victim)
    # the same content as a clean build: article graphs, ontology and pair summaries
    assert counts == clean_counts
    assert quads == clean_quads
