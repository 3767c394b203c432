"""A build killed at random moments leaves a store of whole articles; a rerun completes it."""

from __future__ import annotations

import json
import os
import pty
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from kg.store.embedded import EmbeddedStore as Store

KG = [sys.executable, "-m", "kg"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

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


def _read_all(fd: int, out: list[str]) -> None:
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the other side closed
            return
        if not chunk:
            return
        out.append(chunk.decode("utf-8", "replace"))


def _article_graphs(path: Path) -> Counter[str]:
    counts, _ = _graph_counts(path)
    return Counter({g: n for g, n in counts.items() if "/article/" in g})


@pytest.fixture(scope="module")
def clean_60(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Counter[str], list[str]]:
    """A corpus of 60 articles and the graphs and quads of its uninterrupted build."""
    tmp = tmp_path_factory.mktemp("clean60")
    corpus = tmp / "corpus.jsonl"
    _write_corpus(corpus, 60, seed=11)
    assert _build(corpus, tmp / "clean").wait(timeout=600) == 0
    counts, quads = _graph_counts(tmp / "clean")
    return corpus, counts, quads


@pytest.mark.model
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_signal_stores_whole_articles_says_so_and_rerun_resumes(
    tmp_path: Path, sig: signal.Signals, clean_60: tuple[Path, Counter[str], list[str]]
) -> None:
    corpus, clean_counts, clean_quads = clean_60

    victim = tmp_path / "victim"
    # stderr on a terminal (a pty): the progress line says how many articles are done
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "GEOKG_NO_PROGRESS"}
    proc = subprocess.Popen(
        [*KG, "build", str(corpus), "--store", str(victim)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={**env, "COLUMNS": "200", "TERM": "xterm"},
    )
    os.close(slave)
    seen: list[str] = []
    reader = threading.Thread(target=_read_all, args=(master, seen), daemon=True)
    reader.start()
    deadline = time.monotonic() + 300
    # signal once 10 articles are extracted: the first write comes after 64, so
    # all of them are still pending, and more are being parsed
    while time.monotonic() < deadline and proc.poll() is None:
        shown = ANSI.sub("", "".join(seen))
        done = [int(n) for n in re.findall(r"building\s+(\d+) articles", shown)]
        if done and max(done) >= 10:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be interrupted"
    proc.send_signal(sig)
    proc.wait(timeout=120)
    reader.join(30)
    os.close(master)
    message = ANSI.sub("", "".join(seen)).replace("\r", "\n")
    assert proc.returncode == 128 + sig, message
    assert "Traceback" not in message
    (line,) = [ln for ln in message.splitlines() if ln.startswith("interrupted (")]
    assert line.startswith(f"interrupted ({sig.name}): ")
    assert "Run the same command again to resume" in line
    stored = int(line.split(": ")[1].split()[0])
    present = _article_graphs(victim)  # the store opens: it was closed
    assert len(present) == stored
    for g, n in present.items():  # whole articles only
        assert clean_counts[g] == n, f"{g} is half-written"

    rerun = subprocess.run(
        [*KG, "build", str(corpus), "--store", str(victim)],
        capture_output=True,
        text=True,
        env={**os.environ, "GEOKG_NO_PROGRESS": "1"},
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    if stored:
        assert f"{stored} unchanged" in rerun.stderr  # what was stored is skipped
    counts, quads = _graph_counts(victim)
    assert counts == clean_counts
    assert quads == clean_quads
