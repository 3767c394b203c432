"""Build engines: where the extraction of ``kg build`` runs.

An engine turns a stream of articles into a stream of :class:`Extracted`
items — an article with its relations, or a :class:`Shard` of N-Quads
already serialized by a remote worker — which :func:`kg.build.build` writes
into the store. Engines are looked up by name (:func:`make_engine`):

* ``local`` — this process, one spaCy pipeline;
* ``processes`` — a pool of ``workers`` processes on this machine
  (``kg build --workers N``; ``local`` with more than one worker uses it);
* ``dask`` — a Dask cluster (:class:`kg.build.dask.DaskEngine`), needs the
  ``distributed`` extra.

Examples
--------
>>> make_engine("local").name, make_engine("local", workers=2).name
('local', 'processes')
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kg.errors import ConfigError, ExtractionError
from kg.model import Article, Relation

__all__ = [
    "ENGINES",
    "Engine",
    "Extracted",
    "LocalEngine",
    "ProcessPoolEngine",
    "Shard",
    "make_engine",
]


@dataclass(frozen=True)
class Shard:
    """N-Quads of a partition of articles (one named graph per article), in a file."""

    path: Path
    articles: int
    relations: int


#: what an engine yields: an article with its relations, a shard to load, or the
#: error of an article whose extraction raised (reported; the article is not stored).
Extracted = tuple[Article, list[Relation]] | Shard | ExtractionError


class Engine(Protocol):
    """Runs extraction over a stream of articles."""

    name: str

    def run(self, articles: Iterator[Article]) -> Iterator[Extracted]:
        """Yield the extraction of every article, in input order."""
        ...

    def close(self) -> None:
        """Release workers, clusters and temporary files."""


class LocalEngine:
    """Extraction in this process (one spaCy pipeline, loaded once)."""

    name = "local"

    def __init__(
        self, *, model: str | None = None, batch_size: int = 8, actors: tuple[str, ...] = ()
    ) -> None:
        if batch_size < 1:
            raise ConfigError(f"batch size {batch_size} must be at least 1")
        self.model = model
        self.batch_size = batch_size
        self.actors = actors
        self.workers = 1

    def run(self, articles: Iterator[Article]) -> Iterator[Extracted]:
        """Yield each article with its relations (:func:`kg.extract.iter_extractions`),
        or the :class:`~kg.errors.ExtractionError` of one whose extraction raised."""
        from kg.extract import iter_extractions

        first = next(articles, None)
        if first is None:  # nothing changed: do not load the model
            return
        failed: list[ExtractionError] = []  # articles that hit a bug, in input order
        for item in iter_extractions(
            itertools.chain([first], articles),
            model=self.model,
            batch_size=self.batch_size,
            workers=self.workers,
            actors=self.actors,
            on_error=failed.append,
        ):
            yield from _drain(failed)
            yield item
        yield from _drain(failed)

    def close(self) -> None:
        """Nothing to release."""


def _drain(errors: list[ExtractionError]) -> Iterator[ExtractionError]:
    while errors:
        yield errors.pop(0)


class ProcessPoolEngine(LocalEngine):
    """Extraction in ``workers`` processes on this machine; output identical to one."""

    name = "processes"

    def __init__(
        self,
        *,
        model: str | None = None,
        batch_size: int = 8,
        workers: int = 2,
        actors: tuple[str, ...] = (),
    ) -> None:
        super().__init__(model=model, batch_size=batch_size, actors=actors)
        if workers < 1:
            raise ConfigError(
                f"workers {workers} must be at least 1; use --workers 1 (one process) or more"
            )
        self.workers = workers


#: engine name -> "module:class" (imported on first use, so Dask loads only when asked).
ENGINES: dict[str, str] = {
    "local": "kg.build.engines:LocalEngine",
    "processes": "kg.build.engines:ProcessPoolEngine",
    "dask": "kg.build.dask:DaskEngine",
}


def make_engine(
    name: str,
    *,
    model: str | None = None,
    batch_size: int = 8,
    workers: int = 1,
    scheduler: str | None = None,
    shard_dir: str | Path | None = None,
    base: str | None = None,
    actors: tuple[str, ...] = (),
) -> Engine:
    """The engine called ``name`` (``local`` with ``workers > 1`` is ``processes``).

    Raises
    ------
    ConfigError
        For an unknown engine, options of another engine, or a missing extra.

    Examples
    --------
    >>> make_engine("spark")
    Traceback (most recent call last):
    ...
    kg.errors.ConfigError: unknown engine 'spark'; expected one of local, dask
    """
    if name not in ("local", "dask", "processes"):
        raise ConfigError(f"unknown engine {name!r}; expected one of local, dask")
    if name != "dask" and (scheduler is not None or shard_dir is not None):
        raise ConfigError("--scheduler and --shard-dir need --engine dask")
    if name == "local" and workers > 1:
        name = "processes"
    module, _, attr = ENGINES[name].partition(":")
    factory: Callable[..., Engine] = getattr(importlib.import_module(module), attr)
    if name == "local":
        return factory(model=model, batch_size=batch_size, actors=actors)
    if name == "processes":
        return factory(model=model, batch_size=batch_size, workers=workers, actors=actors)
    extra = {} if base is None else {"base": base}
    return factory(
        model=model,
        batch_size=batch_size,
        workers=workers,
        scheduler=scheduler,
        shard_dir=shard_dir,
        actors=actors,
        **extra,
    )
