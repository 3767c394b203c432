"""Build the knowledge graph: read → extract → write, streaming.

:func:`build` reads articles lazily (:func:`kg.ingest.read_articles`), skips
those the store already holds unchanged (same content digest, same
extractor), hands the rest to an extraction engine (:mod:`kg.build.engines`:
this process, a process pool, or a Dask cluster) and writes what comes back
``write_batch`` articles per transaction, so memory stays flat and an
interruption leaves whole articles only. Progress goes to a callback; the
command line draws it.

``kg.build`` is both this module and the function: ``kg.build(sources, ...)``
calls :func:`build`.

Examples
--------
>>> report = BuildReport(articles=1, relations=3, seconds=2.0)
>>> report.summary()
'1 article, 3 relations in 2.0 s (0.5 articles/s)'
"""

from __future__ import annotations

import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.build.engines import Engine, Shard, make_engine
from kg.errors import ExtractionError, InputError, StoreError
from kg.model import Article, Relation, plural
from kg.store import Store, open_store
from kg.vocab import DEFAULT_BASE

__all__ = ["BuildInterrupted", "BuildReport", "Progress", "build", "plural"]

#: a progress callback: called with the report after each article written.
Progress = Callable[["BuildReport"], None]


class BuildInterrupted(KeyboardInterrupt):
    """A build stopped by Ctrl-C (or a signal the caller turned into KeyboardInterrupt).

    Raised by :func:`build` after the articles already extracted were written
    and the store closed: the store holds whole articles only, and a rerun
    skips them. ``report`` says how far the build got.
    """

    def __init__(self, report: BuildReport) -> None:
        super().__init__(f"interrupted after {plural(report.articles, 'article')} stored")
        self.report = report


class _Deferred:
    """Ctrl-C (SIGINT) and SIGTERM held back while the store is written and closed.

    In the main thread only (signal handlers can be set nowhere else); a signal
    arriving meanwhile is dropped: the build is already stopping.
    """

    def __enter__(self) -> None:
        import signal
        import threading

        self._saved: list[tuple[int, Any]] = []
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._saved.append((sig, signal.signal(sig, signal.SIG_IGN)))

    def __exit__(self, *exc: object) -> None:
        import signal

        for sig, handler in self._saved:
            signal.signal(sig, handler)


def _write_failed(exc: StoreError, stored: int) -> str:
    """The message of a write that failed (e.g. a full disk), with what is safe and what to do.

    Examples
    --------
    >>> print(_write_failed(StoreError("cannot write to store 's': IO error: No space left "
    ...                                "on device"), 64))  # doctest: +ELLIPSIS
    the disk holding the store is full (cannot write to store 's': ...); the 64 articles ...
    """
    reason = str(exc)
    full = any(s in reason for s in ("No space left", "Disk quota", "ENOSPC", "EDQUOT"))
    head = f"the disk holding the store is full ({reason})" if full else reason
    stored_part = (
        f"the {plural(stored, 'article')} written before are stored whole"
        if stored
        else "no article of this run was stored"
    )
    return (
        f"{head}; {stored_part} (the batch being written was rolled back). "
        + ("Free space, then " if full else "Fix the cause, then ")
        + "run the same command again to resume: stored articles are skipped"
    )


@dataclass
class BuildReport:
    """What :func:`build` did.

    Attributes
    ----------
    articles, relations : int
        Articles written (new or changed) and their relations.
    unchanged : int
        Articles skipped because the store holds them unchanged.
    skipped : int
        Inputs skipped because they could not be read, or because their
        extraction raised (a bug, :class:`~kg.errors.ExtractionError`).
    seconds : float
        Wall time.
    messages : list of str
        The messages of skipped inputs and warnings.
    """

    articles: int = 0
    relations: int = 0
    unchanged: int = 0
    skipped: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input was skipped."""
        return self.skipped == 0

    @property
    def empty(self) -> bool:
        """True when the sources held no article at all (nothing read, nothing skipped)."""
        return self.articles == 0 and self.unchanged == 0 and self.skipped == 0

    def handler(
        self, on_error: Callable[[InputError], None] | None
    ) -> Callable[[InputError], None]:
        """An ``on_error`` callback that counts skipped inputs (not warnings) and
        keeps their messages, then passes each error on to ``on_error``."""
        from kg.ingest import InputWarning

        def handle(err: InputError) -> None:
            if not isinstance(err, InputWarning):
                self.skipped += 1
            self.messages.append(str(err))
            if on_error is not None:
                on_error(err)

        return handle

    def summary(self) -> str:
        """One line for the user."""
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        line = (
            f"{plural(self.articles, 'article')}, {plural(self.relations, 'relation')} "
            f"in {self.seconds:.1f} s ({rate:.1f} articles/s)"
        )
        if self.unchanged:
            line += f"; {plural(self.unchanged, 'unchanged article')} kept"
        if self.skipped:
            line += f"; {plural(self.skipped, 'input')} skipped"
        return line


def build(
    sources: Iterable[str | Path] | str | Path,
    *,
    store: str | Path | Store = "kg-store",
    model: str | None = None,
    workers: int = 1,
    batch_size: int = 8,
    base: str = DEFAULT_BASE,
    text_key: str = "text",
    on_error: Callable[[InputError], None] | None = None,
    progress: Progress | bool | None = None,
    write_batch: int = 64,
    engine: str | Engine = "local",
    scheduler: str | None = None,
    shard_dir: str | Path | None = None,
    force: bool = False,
    actors: Iterable[str | Path] | None = None,
    max_chars: int | None = None,
) -> BuildReport:
    """Read articles, extract relations and write them into the store, streaming.

    Parameters
    ----------
    sources : path or iterable of paths
        Files, directories or ``-`` (see :func:`kg.ingest.read_articles`).
    store : str, Path or Store
        Store directory, endpoint URL, or an open store (left open).
    model, workers, batch_size
        Passed to the engine.
    base : str
        Base IRI (when the store is opened here).
    text_key : str
        Field name of the text in JSON lines.
    on_error : callable, optional
        Receives each skipped input (:class:`~kg.errors.InputError`); skipped
        inputs are always counted in the report.
    progress : callable, optional
        Called with the :class:`BuildReport` after each article (``True`` and
        ``False`` are accepted and draw nothing: the command line draws).
    write_batch : int
        Articles per write transaction.
    engine : {"local", "dask"} or Engine
        ``"local"``: this process, or ``workers`` processes; ``"dask"``: a
        Dask cluster (:class:`kg.build.dask.DaskEngine`); or an engine object.
    scheduler, shard_dir : optional
        Options of the Dask engine.
    force : bool
        Extract every article again, also those the store holds unchanged.
    actors : paths, optional
        Turtle files extending the actor knowledge base (``$GEOKG_ACTORS`` when
        None; see :func:`kg.nlp.pipeline.actor_files`). With any, every article
        is extracted again (the files may change what extraction finds).
    max_chars : int, optional
        Articles longer than this are cut at a paragraph end, with a warning
        (0: no limit; None: :data:`kg.ingest.DEFAULT_MAX_CHARS`).

    Returns
    -------
    BuildReport

    Raises
    ------
    ConfigError
        For an unknown engine or options of another engine (before anything is
        opened or created).
    """
    from kg.ingest import DEFAULT_MAX_CHARS, read_articles
    from kg.nlp.pipeline import actor_files

    files = actor_files(actors)  # a missing file is an error before anything is opened
    force = force or bool(files)
    runner = (
        engine
        if not isinstance(engine, str)
        else make_engine(
            engine,
            model=model,
            batch_size=batch_size,
            workers=workers,
            scheduler=scheduler,
            shard_dir=shard_dir,
            base=base,
            actors=files,
        )
    )

    if isinstance(sources, str | Path):
        sources = [sources]
    report = BuildReport()
    handle = report.handler(on_error)
    notify = progress if callable(progress) else None
    own = isinstance(store, str | Path)
    start = time.perf_counter()
    target: Store | None = None
    try:
        target = open_store(store, base=base) if isinstance(store, str | Path) else store
        opened = target

        def changed(articles: Iterable[Article]) -> Iterator[Article]:
            for article in articles:
                if not force and opened.is_current(article):
                    report.unchanged += 1
                    continue
                yield article

        pending: list[tuple[Article, list[Relation]]] = []

        def flush() -> None:
            if pending:
                try:
                    opened.add_extractions(pending, batch=write_batch)
                except StoreError as exc:
                    raise StoreError(_write_failed(exc, report.articles - len(pending))) from exc
                pending.clear()

        articles = read_articles(
            sources,
            text_key=text_key,
            on_error=handle,
            max_chars=DEFAULT_MAX_CHARS if max_chars is None else max_chars,
        )
        try:
            for item in runner.run(changed(articles)):
                if isinstance(item, ExtractionError):
                    handle(item)  # a bug on that article: reported, counted, not stored
                elif isinstance(item, Shard):
                    flush()
                    with _Deferred():  # a shard is loaded whole or not counted
                        opened.load(item.path, format="nquads", batch=write_batch)
                    report.relations += item.relations
                    for _ in range(item.articles):
                        report.articles += 1
                        if notify is not None:
                            notify(report)
                else:
                    pending.append(item)
                    report.articles += 1
                    report.relations += len(item[1])
                    if notify is not None:
                        notify(report)
                    if len(pending) >= write_batch:
                        flush()
            flush()
        except KeyboardInterrupt as exc:
            # Articles being parsed are dropped (nothing of them was written);
            # those already extracted are written whole (again, if the
            # interrupt came mid-write: rewriting an article replaces it).
            with _Deferred():
                flush()
                runner.close()
                if own:
                    opened.close()
                    target = None
            report.seconds = time.perf_counter() - start
            raise BuildInterrupted(report) from exc
    finally:
        report.seconds = time.perf_counter() - start
        runner.close()
        if own and target is not None:
            target.close()
    return report


class _CallableModule(types.ModuleType):
    """``kg.build`` is this module once imported: calling it calls :func:`build`."""

    def __call__(self, *args: Any, **kwargs: Any) -> BuildReport:
        return build(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
