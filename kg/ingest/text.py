"""The plain-text reader: one article per ``.txt`` file (or standard input)."""

from __future__ import annotations

from collections.abc import Iterator

from kg.errors import InputError
from kg.ingest.dates import checked_date
from kg.ingest.decode import clean_text
from kg.ingest.identity import choose_id
from kg.ingest.layout import analyze_layout
from kg.ingest.report import ErrorHandler, report
from kg.ingest.source import Source, decode
from kg.model import Article

__all__ = ["read_text", "text_article"]


def text_article(text: str, source: Source, on_error: ErrorHandler | None) -> Article | None:
    """One article from decoded text: layout metadata, id from URL, location or content.

    A headline (``Title:`` front matter or a first line that looks like one)
    becomes :attr:`Article.title`.

    Examples
    --------
    >>> text = "Turkey Signs Deal\\n\\nTurkey signed a deal."
    >>> a = text_article(text, Source("a.txt", "a.txt"), None)
    >>> a.id, a.title, a.location
    ('a.txt', 'Turkey Signs Deal', 'a.txt')
    """
    text = clean_text(text)
    if not text.strip():
        report(on_error, InputError(f"{source.where}: no text after removing control characters"))
        return None
    layout = analyze_layout(text)
    date = layout.date
    if layout.bad_date:  # a header date that is no day: a month is kept, the rest reported
        date = date or checked_date(layout.bad_date, source.where, on_error)
    return Article(
        id=choose_id(url=layout.url, location=source.location, text=text),
        text=text,
        title=layout.title,
        date=date,
        source=layout.source,
        url=layout.url,
        origin=source.where,
        location=layout.url or source.location,
    )


def read_text(data: bytes, source: Source, on_error: ErrorHandler | None) -> Iterator[Article]:
    """The article of a plain-text file's bytes (nothing when it is unusable, reported)."""
    article = text_article(decode(data, source, on_error), source, on_error)
    if article is not None:
        yield article
