"""Multi-process extraction (``--workers``) and the Dask engine (``--engine dask``)."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import build
from kg.build.dask import build_dask, partitions
from kg.errors import ConfigError
from kg.extract import iter_extractions, max_in_flight
from kg.ingest import read_articles
from kg.model import Article
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
KG = [sys.executable, "-m", "kg"]


def _sorted_nquads(store_dir: Path) -> list[bytes]:
    import io

    with open_store(store_dir, read_only=True) as st:
        out = io.BytesIO()
        st.export("nquads", out)
        total = len(st)
    return [*sorted(out.getvalue().splitlines()), f"total {total}".encode()]


def test_distributed_partitions_are_lazy() -> None:
    def endless() -> Iterator[int]:
        n = 0
        while True:
            yield n
            n += 1

    parts = partitions(endless(), 3)
    assert next(parts) == [0, 1, 2]
    assert next(parts) == [3, 4, 5]


def test_distributed_build_rejects_unknown_engine_and_stray_scheduler(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown engine 'spark'; expected one of local, dask"):
        build([EXAMPLES], store=tmp_path / "s", engine="spark", progress=False)
    with pytest.raises(ConfigError, match="need --engine dask"):
        build([EXAMPLES], store=tmp_path / "s", scheduler="tcp://127.0.0.1:8786", progress=False)
    with pytest.raises(ConfigError, match="partition size 0"):
        build_dask([EXAMPLES], store=tmp_path / "s", partition_size=0, progress=False)


def test_distributed_cli_scheduler_needs_dask_engine(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*KG, "build", str(EXAMPLES), "--store", str(tmp_path / "s"), "--scheduler", "tcp://x:1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: --scheduler and --shard-dir need --engine dask"


@pytest.mark.model
def test_distributed_two_workers_match_one_worker_on_examples() -> None:
    articles = list(read_articles([EXAMPLES]))
    one = [(a.id, rels) for a, rels in iter_extractions(articles, workers=1, batch_size=2)]
    two = [(a.id, rels) for a, rels in iter_extractions(iter(articles), workers=2, batch_size=2)]
    assert sum(len(r) for _, r in one) > 20  # the examples do yield relations
    assert two == one


@pytest.mark.model
def test_distributed_workers_read_input_lazily() -> None:
    base = list(read_articles([EXAMPLES]))
    consumed = 0

    def endless() -> Iterator[Article]:
        nonlocal consumed
        n = 0
        while True:
            a = base[n % len(base)]
            consumed += 1
            yield Article(id=f"{a.id}-{n}", text=a.text, date=a.date)
            n += 1

    stream = iter_extractions(endless(), workers=2, batch_size=2)
    try:
        seen = [next(stream)[0].id for _ in range(7)]
        # input is read only as far as the window of batches in flight: 7 results
        # come from 4 batches, and at most max_in_flight - 1 more were submitted
        assert consumed <= (4 + max_in_flight(2) - 1) * 2
    finally:
        stream.close()
    assert seen == [f"{base[n % len(base)].id}-{n}" for n in range(7)]


@pytest.mark.model
def test_distributed_dask_build_matches_single_process(tmp_path: Path) -> None:
    from distributed import LocalCluster

    single = tmp_path / "single"
    report = build([EXAMPLES], store=single, progress=False)
    assert report.articles >= 10 and report.relations > 20

    shards = tmp_path / "shards"
    dask_store = tmp_path / "dask"
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        # a running scheduler, as on a real cluster; small partitions so there are several shards
        dreport = build_dask(
            [EXAMPLES],
            store=dask_store,
            scheduler=cluster.scheduler_address,
            partition_size=4,
            shard_dir=shards,
            keep_shards=True,
            progress=False,
        )
    assert (dreport.articles, dreport.relations) == (report.articles, report.relations)
    assert _sorted_nquads(dask_store) == _sorted_nquads(single)

    # re-loading the shards replaces each article's graph: nothing changes
    parts = sorted(shards.glob("part-*.nq"))
    assert len(parts) == -(-report.articles // 4)
    with open_store(dask_store) as st:
        for part in parts:
            st.load_nquads(part)
    assert _sorted_nquads(dask_store) == _sorted_nquads(single)


@pytest.mark.model
def test_distributed_cli_dask_local_cluster(tmp_path: Path) -> None:
    store = tmp_path / "s"
    proc = subprocess.run(
        [
            *KG,
            "build",
            str(EXAMPLES / "libya_tripoli_offensive_2019.txt"),
            "--store",
            str(store),
            "--engine",
            "dask",
            "--workers",
            "1",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 article," in proc.stderr
    with open_store(store, read_only=True) as st:
        assert list(st.article_ids())
