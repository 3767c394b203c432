"""Article identity: an article's id says where it came from.

In order of preference (the first that exists wins):

1. the id the source gives: the ``id`` field of a JSON line (``--id-key``);
2. its URL: the ``url`` of a JSON line, ``URL:`` front matter of a text file,
   the canonical URL of an HTML page, the link of a feed item;
3. its place on disk: the path of its file relative to the input root, with
   ``/`` separators (``sub/a.txt``), plus ``:LINE`` for a JSON line
   (``a.jsonl:3``) and ``:item-N`` for a feed item (``feed.rss:item-2``);
   the input root is the directory named on the command line, or, for a file
   named on the command line, the directory it is in (so its id is its name);
4. only for standard input: :func:`article_id`, a hash of the normalized text.

So editing a file and rebuilding replaces its article instead of adding a new
one, as long as the file is read from the same root.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kg.ingest.decode import normalize_space

__all__ = ["article_id", "choose_id", "location_of"]


def article_id(text: str) -> str:
    """A content id: 16 hex digits of BLAKE2b of the normalized text (used for stdin).

    Normalization is Unicode NFC, whitespace runs collapsed to one space, and
    leading/trailing whitespace removed, so re-wrapping a text keeps its id.

    Examples
    --------
    >>> article_id("Egypt  backs\\nHaftar. ")
    '5c1768d2d385249b'
    >>> article_id("Egypt backs Haftar.") == article_id(" Egypt backs   Haftar.")
    True
    """
    return hashlib.blake2b(normalize_space(text).encode("utf-8"), digest_size=8).hexdigest()


def location_of(path: Path, root: Path) -> str:
    """The path of ``path`` relative to ``root``, ``/``-separated, as stored in an article.

    Bytes of the name that are not valid UTF-8 are written as ``\\xNN``.

    Examples
    --------
    >>> location_of(Path("corpus/sub/a.txt"), Path("corpus"))
    'sub/a.txt'
    >>> location_of(Path("/data/news/a.txt"), Path("/data/news"))
    'a.txt'
    """
    try:
        rel = path.relative_to(root)
    except ValueError:  # not under the root (cannot happen for walked files)
        rel = Path(path.name)
    return os.fsencode(rel.as_posix()).decode("utf-8", "backslashreplace")


def choose_id(
    *,
    given: str | None = None,
    url: str | None = None,
    location: str | None = None,
    text: str,
) -> str:
    """The article id: the given id, else the URL, else the location, else the content hash.

    Examples
    --------
    >>> choose_id(given="a1", url="https://example.org/x", text="…")
    'a1'
    >>> choose_id(url="https://example.org/x", location="a.txt", text="…")
    'https://example.org/x'
    >>> choose_id(location="sub/a.txt", text="…")
    'sub/a.txt'
    >>> choose_id(text="Egypt backs Haftar.")
    '5c1768d2d385249b'
    """
    for candidate in (given, url, location):
        if candidate and candidate.strip():
            return candidate.strip()
    return article_id(text)
