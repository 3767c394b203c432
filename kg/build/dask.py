"""The Dask build engine: extraction on a Dask cluster, N-Quads shards, bulk load.

``kg build --engine dask [--scheduler tcp://HOST:8786]`` reads articles lazily on
the client, cuts them into partitions of ``partition_size`` articles and maps
each partition on the cluster to one N-Quads shard (exactly the quads
:func:`kg.rdf.article_quads` gives the single-process build). Each worker loads
the spaCy pipeline once (:class:`ModelPlugin`). At most ``2 × workers``
partitions are in flight, so the client's memory stays flat; each finished
shard is written to the shard directory and loaded into the store by
:func:`kg.build.build`, where every article's graph replaces the old one in a
transaction: re-running is idempotent and an interruption leaves whole
articles only.

Without a scheduler address a :class:`distributed.LocalCluster` of ``workers``
processes is started (and stopped) here. Needs the ``distributed`` extra:
``pip install "geokg[distributed]"``.

Examples
--------
>>> parts = partitions(iter(range(5)), 2)
>>> list(parts)
[[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

import importlib.util
import itertools
import logging
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kg.build.engines import Extracted, Shard
from kg.errors import ConfigError, ExtractionError, InputError, StoreError
from kg.model import Article
from kg.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.build import BuildReport
    from kg.store import Store

__all__ = [
    "INSTALL_HINT",
    "DaskEngine",
    "ModelPlugin",
    "PartitionResult",
    "build_dask",
    "extract_partition",
    "partitions",
]

T = TypeVar("T")

try:  # a real base class when distributed is installed; the module imports without it
    from distributed import WorkerPlugin as _WorkerPluginBase
except ImportError:  # pragma: no cover - the distributed extra is not installed
    _WorkerPluginBase = object  # type: ignore[assignment,misc]

#: how to install what the Dask engine needs.
INSTALL_HINT = 'pip install "geokg[distributed]"'


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


class PartitionResult:
    """What one partition produced: its N-Quads (or the file holding them) and counts."""

    __slots__ = ("articles", "data", "errors", "index", "path", "relations")

    def __init__(
        self,
        index: int,
        articles: int,
        relations: int,
        data: bytes | None,
        path: str | None,
        errors: tuple[str, ...] = (),
    ) -> None:
        self.index = index
        self.articles = articles
        self.relations = relations
        self.data = data
        self.path = path
        #: the messages of the partition's articles whose extraction raised
        self.errors = errors


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
) -> PartitionResult:
    """Extract one partition and serialize its quads as N-Quads (runs on a worker).

    With ``shard_dir`` the shard is written there (``part-000042.nq``, renamed
    into place once complete) and its path returned; otherwise its bytes travel
    back to the client, which needs no file system shared with the workers.
    """
    from kg.extract import iter_extractions
    from kg.rdf import article_quads, to_nquads

    quads = []
    n_rel = 0
    failed: list[str] = []  # articles that hit a bug: reported by the client, not stored
    for article, relations in iter_extractions(
        articles,
        model=model,
        batch_size=batch_size,
        actors=actors,
        on_error=lambda err: failed.append(str(err)),
    ):
        quads.extend(article_quads(article, relations, base=base))
        n_rel += len(relations)
    data = to_nquads(quads)
    n_art = len(articles) - len(failed)
    if shard_dir is None:
        return PartitionResult(index, n_art, n_rel, data, None, tuple(failed))
    final = Path(shard_dir) / f"part-{index:06d}.nq"
    tmp = final.with_suffix(f".nq.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, final)
    return PartitionResult(index, n_art, n_rel, None, str(final), tuple(failed))


class DaskEngine:
    """Extraction on a Dask cluster, partitions of articles becoming N-Quads shards.

    Parameters
    ----------
    model : str, optional
        spaCy pipeline; it must be installed on every worker.
    batch_size : int
        Articles per ``nlp.pipe`` batch on a worker.
    workers : int
        Processes of the local cluster (ignored with ``scheduler``, where the
        cluster's workers are used); also bounds partitions in flight.
    scheduler : str, optional
        Address of a running scheduler (``tcp://HOST:8786``); None starts a
        local cluster.
    shard_dir : str or Path, optional
        Where shards are written. Given, the workers write them there (it must
        be the same directory for workers and client: shared storage, or one
        machine); omitted, shards come back to the client and are written to a
        temporary directory.
    partition_size : int
        Articles per task (and per shard).
    keep_shards : bool
        Leave the shards in ``shard_dir`` after they are loaded.
    base : str
        Base IRI of the quads the workers write.
    actors : tuple of str
        Turtle files extending the actor knowledge base; every worker must see
        them at the same path (they are made absolute here).

    Raises
    ------
    ConfigError
        For bad sizes, or when the ``distributed`` extra is not installed
        (nothing is created then).
    """

    name = "dask"

    def __init__(
        self,
        *,
        model: str | None = None,
        batch_size: int = 8,
        workers: int = 2,
        scheduler: str | None = None,
        shard_dir: str | Path | None = None,
        partition_size: int = 64,
        keep_shards: bool = False,
        base: str = DEFAULT_BASE,
        actors: tuple[str, ...] = (),
    ) -> None:
        if workers < 1:
            raise ConfigError(f"workers {workers} must be at least 1; use --workers 1 or more")
        if partition_size < 1:
            raise ConfigError(f"partition size {partition_size} must be at least 1")
        if batch_size < 1:
            raise ConfigError(f"batch size {batch_size} must be at least 1")
        if importlib.util.find_spec("distributed") is None:
            raise ConfigError(
                f"--engine dask needs Dask distributed; install it with: {INSTALL_HINT}"
            )
        self.model = model
        self.batch_size = batch_size
        self.workers = workers
        self.scheduler = scheduler
        self.shard_dir = shard_dir
        self.partition_size = partition_size
        self.keep_shards = keep_shards
        self.base = base
        self.actors = tuple(str(Path(f).resolve()) for f in actors)
        self._client: Any = None
        self._cluster: Any = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    def _connect(self) -> tuple[Any, int]:
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            try:
                self._client = Client(self.scheduler, timeout=10)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ConfigError(
                    f"cannot reach the Dask scheduler {self.scheduler!r}: {exc}; start one with "
                    "'dask scheduler' and give its address, e.g. --scheduler tcp://10.0.0.5:8786, "
                    "or leave --scheduler out to run a local cluster"
                ) from exc
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,  # spaCy parses in one thread; processes give the parallelism
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        self._client.register_plugin(ModelPlugin(self.model, self.actors))
        n = len(self._client.scheduler_info().get("workers", {})) or self.workers
        return self._client, max(1, n)

    def _local_dir(self) -> tuple[Path, str | None]:
        if self.shard_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="geokg-shards-")
            return Path(self._tmp.name), None
        local = Path(self.shard_dir)
        try:
            local.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            where = str(self.shard_dir)
            raise ConfigError(f"cannot create shard directory {where!r}: {exc}") from exc
        return local, str(local.resolve())

    def run(self, articles: Iterator[Article]) -> Iterator[Extracted]:
        """Yield one :class:`~kg.build.engines.Shard` per partition, in input order."""
        local_dir, worker_dir = self._local_dir()
        client, n_workers = self._connect()
        window: deque[Any] = deque()
        limit = 2 * n_workers

        def finish(future: Any) -> tuple[Shard, tuple[str, ...]]:
            part: PartitionResult = future.result()
            path = Path(part.path) if part.path else local_dir / f"part-{part.index:06d}.nq"
            if part.data is not None:
                try:
                    path.write_bytes(part.data)
                except OSError as exc:
                    raise StoreError(f"cannot write shard {str(path)!r}: {exc}") from exc
            return Shard(path, part.articles, part.relations), part.errors

        def hand_over(done: tuple[Shard, tuple[str, ...]]) -> Iterator[Extracted]:
            shard, errors = done
            try:
                yield shard
            finally:
                if not self.keep_shards:
                    shard.path.unlink(missing_ok=True)
            yield from map(ExtractionError, errors)

        for index, part in enumerate(partitions(articles, self.partition_size)):
            window.append(
                client.submit(
                    extract_partition,
                    part,
                    index,
                    model=self.model,
                    batch_size=self.batch_size,
                    base=self.base,
                    shard_dir=worker_dir,
                    actors=self.actors,
                    pure=False,
                )
            )
            # shards are loaded in input order, so a rerun writes the same way
            while len(window) >= limit:
                yield from hand_over(finish(window.popleft()))
        while window:
            yield from hand_over(finish(window.popleft()))

    def close(self) -> None:
        """Stop the client and a local cluster; remove the temporary shard directory."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def build_dask(
    sources: Iterable[str | Path] | str | Path,
    *,
    store: str | Path | Store = "kg-store",
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
    progress: Callable[[BuildReport], None] | bool | None = None,
    actors: Iterable[str | Path] | None = None,
) -> BuildReport:
    """:func:`kg.build.build` with a :class:`DaskEngine` (see the module docstring)."""
    from kg.build import build

    engine = DaskEngine(
        model=model,
        batch_size=batch_size,
        workers=workers,
        scheduler=scheduler,
        shard_dir=shard_dir,
        partition_size=partition_size,
        keep_shards=keep_shards,
        base=base,
    )
    return build(
        sources,
        store=store,
        engine=engine,
        base=base,
        text_key=text_key,
        on_error=on_error,
        progress=progress,
    )
