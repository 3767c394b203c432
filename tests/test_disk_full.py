"""A build into a store on a small filesystem (a tmpfs made here) that fills up.

The build must end with one ``error:`` line, leave a store that opens with
every article written before the error whole, and, once space is freed, a
rerun must complete it to the same store as a fresh build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_interrupt import _graph_counts, _write_corpus

from kg.store import open_store

KG = [sys.executable, "-m", "kg"]
ENV = {**os.environ, "GEOKG_NO_PROGRESS": "1"}


def _mount(where: Path, size: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a tmpfs under CI: {done.stderr.strip()}")
        pytest.skip(f"the kernel refuses a tmpfs mount here: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "disk"
    # 6 MiB: the first write batch (64 articles, ~5 MB with the log) fits, the second not
    _mount(where, "6m")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.model
def test_disk_full_build_keeps_written_articles_and_rerun_completes(
    tmp_path: Path, small_disk: Path
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    _write_corpus(corpus, 100, seed=3)
    fresh = tmp_path / "fresh"
    assert (
        subprocess.run([*KG, "build", str(corpus), "--store", str(fresh)], env=ENV).returncode == 0
    )
    fresh_counts, fresh_quads = _graph_counts(fresh)

    full = small_disk / "store"
    failed = subprocess.run(
        [*KG, "build", str(corpus), "--store", str(full)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=600,
    )
    assert failed.returncode == 1
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in failed.stderr, failed.stderr
    (line,) = lines
    assert line.startswith("error: the disk holding the store is full")
    assert "No space left on device" in line and "run the same command again" in line
    stored = int(line.split("; the ")[1].split()[0])
    assert stored == 64  # the first write batch

    # the store opens (read-only: the disk is still full) with those articles whole
    with open_store(full, read_only=True) as store:
        result = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        graphs = {str(row["g"]) for row in result.rows}
        articles = {g for g in graphs if "/article/" in g}
        assert len(articles) == stored
        for g in articles:
            n = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
            assert int(str(n.rows[0]["n"])) == fresh_counts[f"<{g}>"], f"{g} is not whole"

    # space freed: the rerun skips what was stored and completes the store
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    rerun = subprocess.run(
        [*KG, "build", str(corpus), "--store", str(full)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{stored} unchanged" in rerun.stderr
    counts, quads = _graph_counts(full)
    assert counts == fresh_counts
    assert quads == fresh_quads
