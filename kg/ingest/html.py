"""The HTML reader: the main text of a saved web page (``.html``/``.htm``), via trafilatura.

Title, date, site name and canonical URL come from the page's metadata; the
page is never fetched or followed to the network.

The page is parsed here (lxml with ``huge_tree``) and the tree handed to
trafilatura: its own parser stops at libxml2's default depth of 256 elements
and silently drops what lies deeper, so a paragraph inside 255 ``<div>``
would vanish. Pages nested deeper than :data:`MAX_HTML_DEPTH` are refused
with a message naming the depth (text extraction slows with the square of
the depth: 1,000 levels take about 2 s).
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

__all__ = ["MAX_HTML_DEPTH", "html_depth", "read_html"]

#: deepest element nesting read (real pages stay under ~100; libxml2 stops near 2,048)
MAX_HTML_DEPTH = 1000


def _parse(page: str) -> Any:
    """The page's lxml tree, parsed to any depth (``huge_tree``), or None when it has none."""
    from lxml.html import HTMLParser, fromstring
    from trafilatura.utils import repair_faulty_html

    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    page = repair_faulty_html(page, page[:50].lower())
    try:
        return fromstring(page.encode("utf-8", "surrogatepass"), parser=parser)
    except Exception:  # lxml refuses some byte soups: trafilatura gets the text instead
        return None


def html_depth(tree: Any) -> int:
    """How deep elements nest in an lxml tree (the root is depth 1).

    Examples
    --------
    >>> from lxml.html import fromstring
    >>> html_depth(fromstring("<html><body><div><p>x</p></div></body></html>"))
    4
    """
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def read_html(data: bytes, source: Source, on_error: ErrorHandler | None) -> Iterator[Article]:
    """The article of a saved HTML page; :class:`~kg.errors.InputError` when it has no main text.

    The page's title (``og:title`` or ``<title>``) becomes :attr:`Article.title`;
    the id is the page's canonical URL when it declares one, else its location.
    """
    import trafilatura

    page = decode(data, source, on_error)
    tree = _parse(page)
    if tree is not None and (depth := html_depth(tree)) > MAX_HTML_DEPTH:
        deep = "over 2,000" if depth >= 2000 else f"{depth}"
        raise InputError(
            f"{source.where}: the HTML page nests elements {deep} levels deep, over the limit "
            f"of {MAX_HTML_DEPTH} levels geokg reads; save the article's text as .txt instead"
        )
    # bare_extraction on a string or tree never touches the network.
    doc = trafilatura.bare_extraction(
        page if tree is None else tree, with_metadata=True, include_comments=False
    )
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
