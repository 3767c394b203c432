"""Reading inputs: files by type, directories (walked safely), stdin, and the size guard."""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from kg.errors import InputError
from kg.ingest.feed import read_feed
from kg.ingest.html import read_html
from kg.ingest.identity import location_of
from kg.ingest.jsonl import read_jsonl_text
from kg.ingest.report import ErrorHandler, InputWarning, display_name, report
from kg.ingest.source import STDIN, Source, decode
from kg.ingest.text import read_text, text_article
from kg.model import Article

__all__ = [
    "DEFAULT_MAX_CHARS",
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "TEXT_SUFFIXES",
    "read_articles",
    "truncate_text",
]

#: Extensions read from directories (lower case, with the dot).
TEXT_SUFFIXES = frozenset({".txt", ".text"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
_KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

#: Articles longer than this many characters are cut (with a warning): no news
#: article comes near it, and a whole dump pasted into one record would keep the
#: parser busy for hours (parsing runs at roughly 10,000–20,000 characters a second).
DEFAULT_MAX_CHARS = 5_000_000

_FORMATS = "a .txt, .jsonl, .html or .xml/.rss/.atom file, a directory, or - for stdin"


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return "text"


def _read_file(
    path: Path, source: Source, on_error: ErrorHandler | None, text_key: str, id_key: str
) -> Iterator[Article]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{source.where}: cannot read ({exc.strerror}); check its permissions"
        ) from None
    kind = _kind(path)
    if kind == "jsonl":
        text = decode(data, source, on_error)
        yield from read_jsonl_text(text, source, on_error, text_key, id_key)
    elif kind == "html":
        yield from read_html(data, source, on_error)
    elif kind == "feed":
        yield from read_feed(data, source, on_error)
    else:
        yield from read_text(data, source, on_error)


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link cannot be read (dangling or a cycle), or None."""
    try:
        path.stat()
    except OSError as exc:
        try:
            target = display_name(os.readlink(path))
        except OSError:
            target = "?"
        if exc.errno == errno.ELOOP:
            return f"symbolic link cycle (-> {target}); not followed"
        if exc.errno == errno.ENOENT:
            return f"dangling symbolic link (-> {target}, which does not exist); fix or remove it"
        return f"unreadable symbolic link (-> {target}: {exc.strerror})"
    return None


def _walk(directory: Path, on_error: ErrorHandler | None) -> Iterator[Path]:
    """Known-type files under ``directory``, sorted by path; hidden entries skipped.

    Symbolic links to files and directories are followed once: a link back to a
    directory already being walked (a cycle) and a dangling link are reported,
    and so (in one warning) are files of unknown type.
    """
    found: list[tuple[tuple[str, ...], Path]] = []
    unknown: list[str] = []
    root_stat = directory.stat()
    # (device, inode) of the directories on the current path: a link to one is a cycle.
    stack: list[tuple[Path, tuple[tuple[int, int], ...]]] = [
        (directory, ((root_stat.st_dev, root_stat.st_ino),))
    ]
    while stack:
        folder, ancestors = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            report(
                on_error,
                InputError(f"{display_name(folder)}: cannot list ({exc.strerror}); skipped"),
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            where = display_name(path)
            if entry.is_symlink():
                problem = _link_problem(path)
                if problem is not None:
                    report(on_error, InputError(f"{where}: {problem}"))
                    continue
            try:
                st = path.stat()
            except OSError as exc:
                report(on_error, InputError(f"{where}: cannot read ({exc.strerror})"))
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    report(
                        on_error,
                        InputError(f"{where}: symbolic link cycle (to a parent); not followed"),
                    )
                    continue
                stack.append((path, (*ancestors, key)))
            elif stat.S_ISREG(st.st_mode):
                rel = path.relative_to(directory)
                if path.suffix.lower() in _KNOWN_SUFFIXES:
                    found.append((rel.parts, path))
                else:
                    unknown.append(display_name(rel.as_posix()))
    if unknown:
        unknown.sort()
        n = len(unknown)
        shown = ", ".join(unknown[:5]) + (f" and {n - 5} more" if n > 5 else "")
        report(
            on_error,
            InputWarning(
                f"{display_name(directory)}: {n} file{'s' if n != 1 else ''} of unknown type "
                f"not read ({shown}); rename to .txt/.jsonl/.html/.xml, or name the file to "
                "read it as text"
            ),
        )
    if not found:
        report(
            on_error,
            InputError(
                f"{display_name(directory)}: no articles found (no .txt, .jsonl, .html or feed "
                "files in it); give a directory of articles"
            ),
        )
    for _, path in sorted(found, key=lambda item: item[0]):
        yield path


def _read_stdin(on_error: ErrorHandler | None, text_key: str, id_key: str) -> Iterator[Article]:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read().encode("utf-8")
    text = decode(data, STDIN, on_error)
    first = text.lstrip("\ufeff \t\r\n")
    if first.startswith("{"):
        first_line = first.split("\n", 1)[0]
        try:
            json.loads(first_line)
            is_jsonl = True
        except (ValueError, RecursionError):
            is_jsonl = False
        if is_jsonl:
            yield from read_jsonl_text(text, STDIN, on_error, text_key, id_key)
            return
    article = text_article(text, STDIN, on_error)
    if article is not None:
        yield article


def truncate_text(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters, at a paragraph, line or sentence end.

    Examples
    --------
    >>> truncate_text("One one.\\n\\nTwo. Three.", 16)
    'One one.'
    >>> truncate_text("One.\\n\\nTwo. Three.", 12)
    'One.\\n\\nTwo.'
    >>> truncate_text("One. Two. Three.", 12)
    'One. Two.'
    >>> truncate_text("Short.", 12)
    'Short.'
    """
    if len(text) <= max_chars:
        return text
    floor = max_chars // 2
    for sep in ("\n\n", "\n", ". "):
        cut = text.rfind(sep, floor, max_chars)
        if cut > 0:
            return text[: cut + (1 if sep == ". " else 0)].rstrip()
    return text[:max_chars]


def _guard(article: Article, max_chars: int, on_error: ErrorHandler | None) -> Article:
    if not max_chars or len(article.text) <= max_chars:
        return article
    text = truncate_text(article.text, max_chars)
    report(
        on_error,
        InputWarning(
            f"{article.origin or article.id}: {len(article.text):,} characters, over the "
            f"--max-chars limit of {max_chars:,}; only the first {len(text):,} are read "
            "(raise --max-chars, or 0 for no limit, to read it all)"
        ),
    )
    return replace(article, text=text)


def read_articles(
    inputs: Iterable[str | Path],
    *,
    text_key: str = "text",
    id_key: str = "id",
    on_error: ErrorHandler | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Article]:
    """Lazily read articles from files, directories and ``-`` (stdin).

    Parameters
    ----------
    inputs : iterable of str or Path
        Files (by extension: ``.txt``, ``.jsonl``/``.ndjson``, ``.html``/``.htm``,
        ``.xml``/``.rss``/``.atom``; anything else named explicitly is plain
        text), directories (recursive, sorted, known extensions only, hidden
        entries skipped, other files reported in one warning) and ``"-"`` for
        standard input.
    text_key, id_key : str
        Field names of the text and the id in JSON lines.
    on_error : callable, optional
        Receives each :class:`~kg.errors.InputError` (a skipped article or
        file) and :class:`~kg.ingest.InputWarning` (article kept, a field dropped
        or the text cut), and reading continues. A :class:`~kg.ingest.SkipReport`
        is a ready-made handler. When None, the first error is raised and
        warnings are logged.
    max_chars : int
        Articles longer than this are cut at a paragraph end before it, with a
        warning; 0 means no limit.

    Yields
    ------
    Article
        With ``id`` as described in :mod:`kg.ingest.identity` (given id, URL,
        path under the input root, or for stdin a hash of the text),
        ``location`` (URL or path under the input root; None for stdin),
        ``date`` as ``YYYY-MM-DD`` and ``origin`` naming the file (and line).

    Raises
    ------
    InputError
        For a bad input when ``on_error`` is None.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.ingest import SkipReport
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text(
    ...     '{"id": "x1", "text": "Egypt backs Haftar.", "date": "Dec 14, 2019"}\\n{oops\\n')
    >>> report = SkipReport()
    >>> [(a.id, a.date) for a in read_articles([d], on_error=report)]
    [('x1', '2019-12-14')]
    >>> print(report.messages[0].replace(str(d), "DIR"))  # doctest: +ELLIPSIS
    skipped: DIR/a.jsonl:2: malformed JSON line (Expecting property name ... at column 2); ...
    """
    if max_chars < 0:
        raise InputError(f"--max-chars {max_chars} must be 0 (no limit) or more")
    for article in _read_inputs(inputs, text_key, id_key, on_error):
        yield _guard(article, max_chars, on_error)


def _read_inputs(
    inputs: Iterable[str | Path], text_key: str, id_key: str, on_error: ErrorHandler | None
) -> Iterator[Article]:
    for item in inputs:
        try:
            if str(item) == "-":
                yield from _read_stdin(on_error, text_key, id_key)
                continue
            path = Path(item)
            where = display_name(path)
            if path.is_symlink() and (problem := _link_problem(path)) is not None:
                raise InputError(f"{where}: {problem}")
            if path.is_dir():
                for file in _walk(path, on_error):
                    source = Source(display_name(file), location_of(file, path))
                    try:
                        yield from _read_file(file, source, on_error, text_key, id_key)
                    except InputError as exc:
                        report(on_error, exc)
            elif path.exists():
                source = Source(where, location_of(path, path.parent))
                yield from _read_file(path, source, on_error, text_key, id_key)
            else:
                raise InputError(
                    f"{where}: no such file or directory; give {_FORMATS} (check the path)"
                )
        except InputError as exc:
            report(on_error, exc)
