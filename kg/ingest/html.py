"""The HTML reader: the main text of a saved web page (``.html``/``.htm``), via trafilatura.

Title, date, site name and canonical URL come from the page's metadata; the
page is never fetched or followed to the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.errors import InputError
from kg.ingest.dates import checked_date
from kg.ingest.decode import clean_text, normalize_space
from kg.ingest.identity import choose_id
from kg.ingest.report import ErrorHandler
from kg.ingest.source import Source, decode
from kg.model import Article

__all__ = ["read_html"]


def read_html(data: bytes, source: Source, on_error: ErrorHandler | None) -> Iterator[Article]:
    """The article of a saved HTML page; :class:`~kg.errors.InputError` when it has no main text.

    The page's title (``og:title`` or ``<title>``) becomes :attr:`Article.title`;
    the id is the page's canonical URL when it declares one, else its location.
    """
    import trafilatura

    page = decode(data, source, on_error)
    # bare_extraction on a string never touches the network.
    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    meta: dict[str, Any] = {}
    if isinstance(doc, dict):
        meta = doc
    elif doc is not None:
        meta = doc.as_dict()
    text = clean_text(meta.get("text") or "")
    title = clean_text(meta.get("title") or "").strip() or None
    first, _, rest = text.strip().partition("\n")
    # trafilatura keeps the page's <h1>; it is the title, not a sentence to parse.
    same = title and normalize_space(first).casefold() == normalize_space(title).casefold()
    if same and rest.strip():
        text = rest.strip()
    if not text.strip():
        raise InputError(f"{source.where}: no main text found in the HTML page; is it an article?")
    date = meta.get("date")
    url = meta.get("url") or None
    yield Article(
        id=choose_id(url=url, location=source.location, text=text),
        text=text,
        title=title,
        date=checked_date(date, source.where, on_error) if date else None,
        source=meta.get("sitename") or meta.get("hostname") or None,
        url=url,
        origin=source.where,
        location=url or source.location,
    )
