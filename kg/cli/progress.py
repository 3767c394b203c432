"""The progress line of ``kg build`` and ``kg extract`` on standard error.

One rich line: a spinner, the articles done (``1 article``, ``2 articles``),
their rate, the relations, the skipped inputs, the time since the command
started (advancing by itself, also while one article is parsed), and, for
an article long enough to be parsed in chunks, how many of its characters
are read (:func:`kg.extract.watch_chunks`). Drawing starts with the first
article or chunk, so an early error is not preceded by an empty line.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from types import TracebackType
from typing import Any

from kg.extract import watch_chunks
from kg.model import Article

__all__ = ["ProgressLine", "chunk_text"]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else word + 's'}"


def chunk_text(article_id: str, done: int, total: int, room: int = 60) -> str:
    """What the line says about a long article being parsed, in at most ``room`` characters
    (the article's name is shortened first, then the unit; the numbers stay whole).

    Examples
    --------
    >>> chunk_text("long.txt", 120_000, 5_000_000)
    'long.txt 120,000/5,000,000 chars'
    >>> chunk_text("a-very-long-article-identifier.txt", 1_000, 30_000, room=30)
    'a-very-lon… 1,000/30,000 chars'
    """
    numbers = f"{done:,}/{total:,}"
    for unit in (" chars", ""):
        space = room - len(numbers) - len(unit) - 1
        if space >= min(len(article_id), 6):
            name = article_id if len(article_id) <= space else article_id[: space - 1] + "…"
            return f"{name} {numbers}{unit}"
    return numbers


class ProgressLine:
    """A progress line on stderr (a context manager; ``update`` after each article).

    Parameters
    ----------
    verb : str
        ``"building"`` or ``"extracting"``.
    enabled : bool
        False draws nothing (``--quiet``, or ``$GEOKG_NO_PROGRESS`` set).
    console : rich.console.Console, optional
        Where to draw (default: standard error).
    """

    def __init__(self, verb: str, *, enabled: bool, console: Any = None) -> None:
        self.verb = verb
        self.console = console
        self.enabled = enabled and not os.environ.get("GEOKG_NO_PROGRESS")
        self._progress: Any = None
        self._task: Any = None
        self._start = time.perf_counter()
        self._watch: Any = None
        self._chunk: tuple[str, int, int] | None = None
        self._fields: dict[str, Any] = {
            "articles": _plural(0, "article"),
            "rate": 0.0,
            "relations": _plural(0, "relation"),
            "skipped": "",
            "current": "",
        }

    def __enter__(self) -> ProgressLine:
        self._start = time.perf_counter()
        if self.enabled:
            self._watch = watch_chunks(self.chunk)
            self._watch.__enter__()
        return self

    def _start_drawing(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, ProgressColumn, SpinnerColumn, TextColumn
        from rich.table import Column
        from rich.text import Text

        start = self._start

        class Elapsed(ProgressColumn):
            """Time since the command started, redrawn with every refresh."""

            def render(self, task: Any) -> Text:
                seconds = int(time.perf_counter() - start)
                return Text(str(dt.timedelta(seconds=seconds)), style="progress.elapsed")

        whole = Column(no_wrap=True)  # counts are never cut; the long article's text may be
        self._progress = Progress(
            SpinnerColumn(table_column=whole),
            TextColumn(f"[bold]{self.verb}[/]", table_column=Column(no_wrap=True)),
            TextColumn("{task.fields[articles]}", table_column=Column(no_wrap=True)),
            TextColumn("{task.fields[rate]:.1f}/s", table_column=Column(no_wrap=True)),
            TextColumn("{task.fields[relations]}", table_column=Column(no_wrap=True)),
            TextColumn("{task.fields[skipped]}", table_column=Column(no_wrap=True)),
            Elapsed(table_column=Column(no_wrap=True)),
            TextColumn("{task.fields[current]}", markup=False),
            console=self.console or Console(stderr=True),
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.verb, total=None, **self._fields)

    def _draw(self) -> None:
        if self._progress is None:
            self._start_drawing()
        fields = dict(self._fields)
        if self._chunk is not None:
            # what the long article's text may take of the line, so the counts stay whole
            counts = f"{self.verb} {fields['articles']} {fields['rate']:.1f}/s "
            counts += f"{fields['relations']} {fields['skipped']}"
            room = self._progress.console.width - len(counts) - 17
            fields["current"] = chunk_text(*self._chunk, room=room)
        self._progress.update(self._task, **fields)

    def update(self, articles: int, relations: int, skipped: int) -> None:
        """After each article: the counts so far (a long article's line is cleared)."""
        if not self.enabled:
            return
        elapsed = max(time.perf_counter() - self._start, 1e-9)
        self._fields.update(
            articles=_plural(articles, "article"),
            rate=articles / elapsed,
            relations=_plural(relations, "relation"),
            skipped=f"{skipped} skipped" if skipped else "",
        )
        self._chunk = None
        self._draw()

    def chunk(self, article: Article, done: int, total: int) -> None:
        """After each parsed chunk of a long article (see :func:`kg.extract.watch_chunks`)."""
        if not self.enabled:
            return
        self._chunk = (article.id, done, total)
        self._draw()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._watch is not None:
            self._watch.__exit__(exc_type, exc, tb)
            self._watch = None
        if self._progress is not None:
            self._progress.stop()
