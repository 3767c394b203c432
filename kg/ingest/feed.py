"""The feed reader: every item of a saved RSS or Atom feed (``.xml``/``.rss``/``.atom``)."""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from kg.errors import InputError
from kg.ingest.dates import checked_date
from kg.ingest.decode import clean_text
from kg.ingest.identity import choose_id
from kg.ingest.report import ErrorHandler, report
from kg.ingest.source import Source, decode
from kg.model import Article

__all__ = ["read_feed", "strip_html"]


class _TextOfHTML(HTMLParser):
    _BLOCK = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_html(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element.

    Examples
    --------
    >>> strip_html("<p>Saudi Arabia &amp; Iran</p><p>restore  ties.</p>")
    'Saudi Arabia & Iran\\n\\nrestore ties.'
    """
    parser = _TextOfHTML()
    parser.feed(fragment)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def read_feed(data: bytes, source: Source, on_error: ErrorHandler | None) -> Iterator[Article]:
    """The articles of a saved feed, one per item; items without text are reported.

    An item's title becomes :attr:`Article.title`; its id is its link, else its
    ``guid``/``id``, else ``LOCATION:item-N``.
    """
    import feedparser

    decode(data, source, on_error)  # the same empty/binary checks as any other file
    # Parsing bytes (never a string that could be taken for a URL) keeps feedparser offline.
    feed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not feed.entries:
        reason = f" ({feed.get('bozo_exception')})" if feed.get("bozo") else ""
        raise InputError(f"{source.where}: no RSS/Atom items found{reason}; is it a saved feed?")
    for n, entry in enumerate(feed.entries, start=1):
        at = f"{source.where}: item {n}"
        body = ""
        for content in entry.get("content") or []:
            body = max(body, content.get("value") or "", key=len)
        if not body:
            body = entry.get("summary") or entry.get("description") or ""
        text = clean_text(strip_html(body))
        title = entry.get("title")
        title = clean_text(strip_html(title)).strip() or None if title else None
        if not text.strip():
            report(on_error, InputError(f"{at} ({title or 'untitled'!r}): no text"))
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        date = None
        if parsed:
            date = checked_date(
                f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}", at, on_error
            )
        link = entry.get("link") or None
        item_location = f"{source.location}:item-{n}" if source.location is not None else None
        yield Article(
            id=choose_id(url=link or entry.get("id"), location=item_location, text=text),
            text=text,
            title=title,
            date=date,
            source=feed.feed.get("title") or None,
            url=link,
            origin=at,
            location=link or source.location,
        )
