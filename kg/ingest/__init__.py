"""Ingestion: a lazy stream of :class:`~kg.model.Article` from files, directories and stdin.

Supported inputs (by extension; an explicitly named file with another extension
is read as plain text):

==========================  ==================================================
``.txt`` (and any other)    one article per file; header, headline, byline and
                            dateline are recognised (:mod:`kg.ingest.layout`)
``.jsonl`` / ``.ndjson``    one JSON object per line: ``id``, ``text``, optional
                            ``title``, ``date``, ``url``, ``source``; other keys
                            are ignored (:mod:`kg.ingest.jsonl`)
``.html`` / ``.htm``        main text via trafilatura, title and date from the
                            page's metadata, never fetched (:mod:`kg.ingest.html`)
``.xml`` ``.rss`` ``.atom``  RSS/Atom feed saved to disk; every item is an article
                            (:mod:`kg.ingest.feed`)
directory                   recursive, sorted, known extensions only, hidden
                            entries skipped; other files, dangling links and
                            link cycles reported (:mod:`kg.ingest.files`)
``-``                       standard input (JSON lines or one plain-text article)
==========================  ==================================================

Article ids say where an article came from (:mod:`kg.ingest.identity`): the
given id of a JSON line, else its URL, else the file's path under the input
root, and only for stdin a hash of the text.

Bad input never stops the stream (:mod:`kg.ingest.report`): each bad article
(or unreadable file) is passed to ``on_error`` as an
:class:`~kg.errors.InputError` whose one-line message names the file (and
line), and reading goes on; problems that keep the article are
:class:`InputWarning`. Text clean-up and decoding are in :mod:`kg.ingest.decode`,
dates in :mod:`kg.ingest.dates` (reusable on their own).

Examples
--------
>>> from kg.ingest import parse_date, read_articles
>>> parse_date("14th December, 2019")
'2019-12-14'
"""

from __future__ import annotations

from kg.ingest.dates import MAX_YEAR, MIN_YEAR, parse_date
from kg.ingest.decode import clean_text
from kg.ingest.files import (
    DEFAULT_MAX_CHARS,
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    read_articles,
)
from kg.ingest.identity import article_id, location_of
from kg.ingest.layout import body_segments, parse_article_text
from kg.ingest.report import InputWarning, SkipReport, display_name

__all__ = [
    "DEFAULT_MAX_CHARS",
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MAX_YEAR",
    "MIN_YEAR",
    "TEXT_SUFFIXES",
    "InputWarning",
    "SkipReport",
    "article_id",
    "body_segments",
    "clean_text",
    "display_name",
    "location_of",
    "parse_article_text",
    "parse_date",
    "read_articles",
]
