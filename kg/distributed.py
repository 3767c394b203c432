"""The distributed build engine: extraction on a Dask cluster, N-Quads shards, bulk load.

``kg build --engine dask [--scheduler tcp://HOST:8786]`` reads articles lazily on
the client, cuts them into partitions of ``partition_size`` articles and maps
each partition on the cluster to one N-Quads shard (one named graph per article,
exactly the quads :func:`kg.rdf.article_quads` gives the single-process build).
Each worker loads the spaCy pipeline once (:class:`ModelPlugin`). At most
``2 × workers`` partitions are in flight, so the client's memory stays flat; each
finished shard is written to the shard directory and bulk-loaded into the store
(:meth:`kg.store.Store.load_nquads`, or a remote store), where every article's
graph replaces the old one in a transaction: re-running is idempotent and an
interruption leaves whole articles only.

Without a scheduler address a :class:`distributed.LocalCluster` of ``workers``
processes is started (and stopped) here.

Examples
--------
>>> parts = partitions(iter(range(5)), 2)
>>> list(parts)
[[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

import itertools
import logging
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kg.errors import ConfigError, InputError, StoreError
from kg.model import Article
from kg.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.store import BuildReport

__all__ = ["ModelPlugin", "Shard", "build_dask", "extract_partition", "partitions"]

T = TypeVar("T")

try:  # a real base class when distributed is installed; the module imports without it
    from distributed import WorkerPlugin as _WorkerPluginBase
except ImportError:  # pragma: no cover - distributed is a dependency
    _WorkerPluginBase = object  # type: ignore[assignment,misc]


class ModelPlugin(_WorkerPluginBase):
    """A Dask worker plugin loading geokg's spaCy pipeline once per worker process.

    :func:`kg.nlp.pipeline.load_pipeline` is cached per process, so the tasks
    that follow reuse the pipeline loaded here.

    Examples
    --------
    >>> ModelPlugin("en_core_web_sm").name
    'geokg-model'
    """

    name = "geokg-model"

    def __init__(self, model: str | None = None, actors: tuple[str, ...] = ()) -> None:
        self.model = model
        self.actors = actors

    def setup(self, worker: Any) -> None:
        """Load the pipeline when the worker starts (or joins later)."""
        from kg.nlp.pipeline import load_pipeline

        load_pipeline(self.model, self.actors)


class Shard:
    """What one partition produced: its N-Quads (or the file holding them) and counts."""

    __slots__ = ("articles", "data", "index", "path", "relations")

    def __init__(
        self, index: int, articles: int, relations: int, data: bytes | None, path: str | None
    ) -> None:
        self.index = index
        self.articles = articles
        self.relations = relations
        self.data = data
        self.path = path


def partitions(items: Iterator[T], size: int) -> Iterator[list[T]]:
    """Cut a stream into lists of ``size`` items, lazily.

    Examples
    --------
    >>> list(partitions(iter("abcde"), 3))
    [['a', 'b', 'c'], ['d', 'e']]
    """
    return iter(lambda: list(itertools.islice(items, size)), [])


def extract_partition(
    articles: list[Article],
    index: int,
    *,
    model: str | None = None,
    batch_size: int = 8,
    base: str = DEFAULT_BASE,
    shard_dir: str | None = None,
    actors: tuple[str, ...] = (),
) -> Shard:
    """Extract one partition and serialize its article graphs as N-Quads (runs on a worker).

    With ``shard_dir`` the shard is written there (``part-000042.nq``, renamed
    into place once complete) and its path returned; otherwise its bytes travel
    back to the client, which needs no file system shared with the workers.
    """
    import pyoxigraph as ox

    from kg.extract import _extract_batch
    from kg.nlp.pipeline import load_pipeline
    from kg.rdf import article_quads

    nlp = load_pipeline(model, actors)
    results = _extract_batch(nlp, articles, batch_size)
    quads: list[ox.Quad] = []
    for article, relations in zip(articles, results, strict=True):
        quads.extend(article_quads(article, relations, base=base))
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    n_rel = sum(len(r) for r in results)
    if shard_dir is None:
        return Shard(index, len(articles), n_rel, data, None)
    final = Path(shard_dir) / f"part-{index:06d}.nq"
    tmp = final.with_suffix(f".nq.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, final)
    return Shard(index, len(articles), n_rel, None, str(final))


def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    """A Dask client on ``scheduler``, or on a new LocalCluster of ``workers`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise ConfigError(
            "--engine dask needs dask distributed; install it with: "
            "pip install 'geokg[distributed]'"
        ) from exc
    if scheduler is not None:
        try:
            return Client(scheduler, timeout=10), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler {scheduler!r}: {exc}; start one with "
                "'dask scheduler' and give its address, e.g. --scheduler tcp://10.0.0.5:8786, "
                "or leave --scheduler out to run a local cluster"
            ) from exc
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,  # spaCy parses in one thread; processes give the parallelism
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def build_dask(
    sources: Iterable[str | Path] | str | Path,
    *,
    store: Any = "kg-store",
    model: str | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    batch_size: int = 8,
    partition_size: int = 64,
    shard_dir: str | Path | None = None,
    keep_shards: bool = False,
    base: str = DEFAULT_BASE,
    text_key: str = "text",
    on_error: Callable[[InputError], None] | None = None,
    progress: bool = True,
    actors: Iterable[str | Path] | None = None,
) -> BuildReport:
    """Build the store with extraction on a Dask cluster (see the module docstring).

    Parameters
    ----------
    sources : path or iterable of paths
        Files, directories or ``-`` (see :func:`kg.ingest.read_articles`).
    store : str, Path or Store
        Store directory, endpoint URL, or an open store (left open).
    model : str, optional
        spaCy pipeline; it must be installed on every worker.
    workers : int
        Processes of the local cluster (ignored with ``scheduler``, where the
        cluster's workers are used); also bounds partitions in flight.
    scheduler : str, optional
        Address of a running scheduler (``tcp://HOST:8786``); None starts a
        local cluster.
    batch_size : int
        Articles per ``nlp.pipe`` batch on a worker.
    partition_size : int
        Articles per task (and per shard).
    shard_dir : str or Path, optional
        Where shards are written. Given, the workers write them there (it must
        be the same directory for workers and client: shared storage, or one
        machine); omitted, shards come back to the client and are written to a
        temporary directory.
    keep_shards : bool
        Leave the shards in ``shard_dir`` after loading them.
    base, text_key, on_error, progress
        As for :func:`kg.store.build`.
    actors : paths, optional
        Turtle files extending the actor knowledge base; every worker must see
        them at the same path.

    Returns
    -------
    BuildReport
    """
    from kg.ingest import read_articles
    from kg.nlp.pipeline import actor_files
    from kg.store import BuildReport, _Progress, open_store

    if workers < 1:
        raise ConfigError(f"workers {workers} must be at least 1; use --workers 1 or more")
    if partition_size < 1:
        raise ConfigError(f"partition size {partition_size} must be at least 1")
    if batch_size < 1:
        raise ConfigError(f"batch size {batch_size} must be at least 1")
    if isinstance(sources, str | Path):
        sources = [sources]
    files = tuple(str(Path(f).resolve()) for f in actor_files(actors))
    report = BuildReport()
    handle = report.handler(on_error)

    own = isinstance(store, str | Path)
    target: Any = open_store(store, base=base) if own else store
    start = time.perf_counter()
    tmp: tempfile.TemporaryDirectory[str] | None = None
    worker_dir: str | None = None
    if shard_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="geokg-shards-")
        local_dir = Path(tmp.name)
    else:
        local_dir = Path(shard_dir)
        try:
            local_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create shard directory {str(shard_dir)!r}: {exc}") from exc
        worker_dir = str(local_dir.resolve())
    client = cluster = None
    try:
        client, cluster = _client(scheduler, workers)
        client.register_plugin(ModelPlugin(model, files))
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        limit = 2 * n_workers
        articles = read_articles(sources, text_key=text_key, on_error=handle)
        window: deque[Any] = deque()
        with _Progress(enabled=progress, report=report) as bar:

            def finish(future: Any) -> None:
                shard: Shard = future.result()
                path = Path(shard.path) if shard.path else local_dir / f"part-{shard.index:06d}.nq"
                if shard.data is not None:
                    try:
                        path.write_bytes(shard.data)
                    except OSError as exc:
                        raise StoreError(f"cannot write shard {str(path)!r}: {exc}") from exc
                try:
                    target.load_nquads(path)
                finally:
                    if not keep_shards:
                        path.unlink(missing_ok=True)
                report.relations += shard.relations
                for _ in range(shard.articles):
                    report.articles += 1
                    bar.advance()

            for index, part in enumerate(partitions(articles, partition_size)):
                window.append(
                    client.submit(
                        extract_partition,
                        part,
                        index,
                        model=model,
                        batch_size=batch_size,
                        base=base,
                        shard_dir=worker_dir,
                        actors=files,
                        pure=False,
                    )
                )
                # shards are loaded in input order, so a rerun writes the same way
                while len(window) >= limit:
                    finish(window.popleft())
            while window:
                finish(window.popleft())
    finally:
        report.seconds = time.perf_counter() - start
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        if tmp is not None:
            tmp.cleanup()
        if own:
            target.close()
    return report
