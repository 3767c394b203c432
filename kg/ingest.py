"""Ingestion: a lazy stream of :class:`~kg.model.Article` from files, directories and stdin.

Supported inputs (by extension; an explicitly named file with another extension
is read as plain text):

==========================  ==================================================
``.txt`` (and any other)    one article per file; header, headline, byline and
                            dateline are recognised (:func:`parse_article_text`)
``.jsonl`` / ``.ndjson``    one JSON object per line: ``id``, ``text``, optional
                            ``title``, ``date``, ``url``, ``source``; other keys
                            are ignored
``.html`` / ``.htm``        main text via trafilatura, title and date from the
                            page's metadata (never fetched from the network)
``.xml`` ``.rss`` ``.atom``  RSS/Atom feed saved to disk; every item is an article
directory                   recursive, sorted, known extensions only, hidden
                            files and directories skipped
``-``                       standard input (JSON lines or one plain-text article)
==========================  ==================================================

Bad input never stops the stream: each bad article (or unreadable file) is
passed to ``on_error`` as an :class:`~kg.errors.InputError` whose one-line
message names the file (and line), and reading goes on. Problems that keep the
article but drop a field (an absurd or unreadable date) are reported as
:class:`InputWarning`. :class:`SkipReport` collects both for the command line.

Text clean-up applied to every article: a leading byte-order mark is removed,
``\\r\\n`` and ``\\r`` become ``\\n``, and C0/C1 control characters other than
``\\n`` and ``\\t`` are stripped. The result is :attr:`Article.text`; character
spans of relations index into it. Non-UTF-8 files are decoded from their
byte-order mark (UTF-8, UTF-16, UTF-32) or, without one, from the encoding
charset_normalizer detects (Latin-1, Windows-1252, ...); that is not reported,
because the article is read correctly.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import io
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import Article

__all__ = [
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "TEXT_SUFFIXES",
    "InputWarning",
    "SkipReport",
    "article_id",
    "body_segments",
    "clean_text",
    "parse_article_text",
    "parse_date",
    "read_articles",
]

log = logging.getLogger(__name__)

#: Extensions read from directories (lower case, with the dot).
TEXT_SUFFIXES = frozenset({".txt", ".text"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
_KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

#: Years outside this range are treated as mistakes (typos, epoch zero, ...).
MIN_YEAR, MAX_YEAR = 1800, 2100

_FORMATS = "a .txt, .jsonl, .html or .xml/.rss/.atom file, a directory, or - for stdin"

ErrorHandler = Callable[[InputError], None]


class InputWarning(InputError):
    """A problem that keeps the article but drops or repairs a field (e.g. an absurd date)."""


# --------------------------------------------------------------------------- reports


@dataclass
class SkipReport:
    """Collects the problems of one ingestion run; pass it as ``on_error``.

    Parameters
    ----------
    echo : callable, optional
        Called with each message as it arrives (e.g. ``click.echo`` to stderr),
        prefixed ``skipped:`` or ``warning:``.

    Examples
    --------
    >>> report = SkipReport()
    >>> arts = list(read_articles(["/nonexistent/a.txt"], on_error=report))
    >>> arts, report.skipped, report.ok, report.exit_code
    ([], 1, False, 1)
    >>> report.summary()
    '1 article skipped'
    """

    echo: Callable[[str], None] | None = None
    skipped: int = 0
    warnings: int = 0
    messages: list[str] = field(default_factory=list)

    def __call__(self, error: InputError) -> None:
        if isinstance(error, InputWarning):
            self.warnings += 1
            line = f"warning: {error}"
        else:
            self.skipped += 1
            line = f"skipped: {error}"
        self.messages.append(line)
        if self.echo is not None:
            self.echo(line)

    @property
    def ok(self) -> bool:
        """True when nothing was skipped (warnings do not count)."""
        return self.skipped == 0

    @property
    def exit_code(self) -> int:
        """The exit status a command should use: 0, or 1 when anything was skipped."""
        return 0 if self.ok else 1

    def summary(self) -> str:
        """One line such as ``"3 articles skipped, 1 warning"`` (or ``"nothing skipped"``)."""
        parts = []
        if self.skipped:
            parts.append(f"{self.skipped} article{'s' if self.skipped != 1 else ''} skipped")
        if self.warnings:
            parts.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")
        return ", ".join(parts) if parts else "nothing skipped"


def _report(on_error: ErrorHandler | None, error: InputError) -> None:
    if on_error is not None:
        on_error(error)
    elif isinstance(error, InputWarning):
        # Without a handler a warning must not cost the article: log it instead.
        log.warning("%s", error)
    else:
        raise error


# --------------------------------------------------------------------------- ids and text


def _normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id(text: str) -> str:
    """A stable id for an article without one: 16 hex digits of BLAKE2b of the normalized text.

    Normalization is Unicode NFC, whitespace runs collapsed to one space, and
    leading/trailing whitespace removed, so re-wrapping a text keeps its id.

    Examples
    --------
    >>> article_id("Egypt  backs\\nHaftar. ")
    '5c1768d2d385249b'
    >>> article_id("Egypt backs Haftar.") == article_id(" Egypt backs   Haftar.")
    True
    """
    return hashlib.blake2b(_normalize(text).encode("utf-8"), digest_size=8).hexdigest()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Remove a leading BOM, normalize line ends, strip control characters except ``\\n``/``\\t``.

    Examples
    --------
    >>> clean_text("\\ufeffA\\r\\nB\\x00C\\x85D\\tE")
    'A\\nBCD\\tE'
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, where: str) -> str:
    """Bytes to text, or InputError for empty, binary and undecodable files."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{where}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} ({exc.reason} at byte {exc.start}); re-save it as UTF-8"
                ) from None
    if not data.strip():
        raise InputError(f"{where}: empty file; remove it or give it some article text")
    if b"\x00" in data:
        raise InputError(
            f"{where}: binary file (contains NUL bytes), not text; "
            f"give {_FORMATS.split(', a directory')[0]}"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = _detect_encoding(data)
    if guess is None:
        raise InputError(
            f"{where}: not UTF-8 and no text encoding detected (binary file?); re-save it as UTF-8"
        )
    return data.decode(guess, errors="replace")


#: Latin-script single-byte code pages charset_normalizer guesses for short
#: Windows-1252 news text (a 2-line French/English text with curly quotes comes
#: back as cp775, Baltic DOS); such a guess is read as Windows-1252.
_LATIN_SIBLINGS = frozenset(
    {"latin_1", "iso8859_15", "cp1250", "cp1254", "mac_roman", "iso8859_9"}
    | {"cp437", "cp775", "cp850", "cp852", "cp858", "cp860", "cp863", "cp865", "cp1257"}
    | {"iso8859_2", "iso8859_4", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16"}
    | {"mac_latin2", "mac_iceland"}
)


def _detect_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset_normalizer ships with requests
        return "cp1252"
    best = from_bytes(data).best()
    if best is None:
        return None
    encoding = str(best.encoding)
    # Short Western texts are often guessed as a sibling single-byte code page;
    # Windows-1252 is a superset of Latin-1's printable range and is what news
    # files without a declared encoding almost always are.
    if encoding in _LATIN_SIBLINGS:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return encoding
    return encoding


# --------------------------------------------------------------------------- dates

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\b")
_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I
)
_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_SLASH = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")


class _DateRangeError(ValueError):
    pass


def _valid_date(year: int, month: int, day: int) -> str:
    import datetime as _dt

    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _DateRangeError(f"year {year} outside {MIN_YEAR}–{MAX_YEAR}")
    return _dt.date(year, month, day).isoformat()


def parse_date(value: str, *, strict: bool = False) -> str | None:
    """Find a date in ``value`` and return it as ``YYYY-MM-DD``, or None.

    Understands ISO dates (with or without a time), ``YYYY/MM/DD``,
    ``14th December, 2019``, ``14 Dec 2019``, ``Dec. 14, 2019`` and
    ``December 14, 2019``. Years outside 1800–2100 count as no date.

    Parameters
    ----------
    value : str
        Text containing the date.
    strict : bool
        Raise ``ValueError`` (with the reason) instead of returning None.

    Examples
    --------
    >>> parse_date("Sat 14th December 2019 | 11:08 PM")
    '2019-12-14'
    >>> parse_date("Dec. 14, 2019"), parse_date("2019-12-14T08:00:00Z")
    ('2019-12-14', '2019-12-14')
    >>> parse_date("0019-12-14") is None, parse_date("yesterday") is None
    (True, True)
    """
    problems = []
    for rx, order in ((_ISO_DATE, "ymd"), (_SLASH, "ymd"), (_DMY, "dmy"), (_MDY, "mdy")):
        for m in rx.finditer(value):
            parts = dict(zip(order, m.groups(), strict=True))
            try:
                name = parts["m"].lower()
                month = int(name) if name.isdigit() else _MONTHS.get(name) or _MONTHS[name[:3]]
                return _valid_date(int(parts["y"]), month, int(parts["d"]))
            except (ValueError, KeyError) as exc:
                problems.append(f"{m.group(0)!r}: {exc}")
    if strict:
        raise ValueError(problems[0] if problems else f"no date found in {value!r}")
    return None


def _checked_date(value: Any, where: str, on_error: ErrorHandler | None) -> str | None:
    """An explicitly given date, normalized; absurd or unreadable dates are dropped and reported."""
    if value is None or value == "":
        return None
    if not isinstance(value, str | int):
        _report(
            on_error,
            InputWarning(f"{where}: date {value!r} is not a string; date dropped, article kept"),
        )
        return None
    try:
        return parse_date(str(value), strict=True)
    except ValueError as exc:
        _report(
            on_error,
            InputWarning(
                f"{where}: unusable date {str(value)!r} ({exc}); expected YYYY-MM-DD between "
                f"{MIN_YEAR} and {MAX_YEAR}; date dropped, article kept"
            ),
        )
        return None


# --------------------------------------------------------------------------- .txt layout

_FINAL_PUNCT = ".!?…:;\"'”’»)]"
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "for", "on", "in", "to", "and", "or", "at", "by", "with", "from"}
    | {"amid", "as", "vs", "via", "over", "after", "into", "not", "no", "nor", "but", "is"}
    | {"are", "was", "be"}
)
_HEADER_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{1,2}-\d{1,2})\s*(.*?)\s*$", re.I)
_FRONT_MATTER = re.compile(
    r"^\s*(title|headline|date|published|source|publisher|url|link|author|by)\s*:\s*(.*?)\s*$",
    re.I,
)
_BYLINE = re.compile(r"^\s*(?:[Bb]y|BY)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\b.{0,80}$")
_AGO = re.compile(r"\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b", re.I)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?|GMT|UTC)?\b")
_AGENCIES = (
    "Reuters|AP|AFP|Associated Press|Agence France-Presse|Sputnik|TASS|Xinhua|Anadolu|"
    "Anadolu Agency|DPA|UPI|Bloomberg|Al Jazeera|BBC|CNN|IANS|PTI|ANI|EFE|WAM|SPA|KUNA|"
    "QNA|MENA|IRNA|ANSA|Kyodo|Yonhap|UrduPoint News"
)
_AGENCY_PREFIX = re.compile(rf"^(?P<agency>{_AGENCIES})\s*(?:[-—–]{{1,2}}|:)\s+")
_DATELINE = re.compile(
    r"""
    ^(?P<city>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3})          # DOHA, NEW YORK
    (?:,\s*(?P<region>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))?               # , Ukraine
    (?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?))?  # , Dec 14
    \s*
    (?:\((?P<paren>[^()\n]{1,100})\)\s*(?:[-—–]{1,2}|:)?|[-—–]{1,2})   # (Reuters) - | —
    \s+
    """,
    re.X,
)
#: Only the first lines of an article hold header, headline, byline or dateline.
_HEAD_LINES = 8


@dataclass
class _Layout:
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    bad_date: str | None = None
    segments: list[tuple[int, int]] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its newline."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _has_final_punct(line: str) -> bool:
    return bool(line) and line.rstrip()[-1] in _FINAL_PUNCT


def _title_case_ratio(line: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in _SMALL_WORDS]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _headlineish(line: str) -> bool:
    """Short, no final punctuation, and mostly capitalized (or very short)."""
    if _has_final_punct(line):
        return False
    n = len(line.split())
    return 0 < n <= 25 and (_title_case_ratio(line) >= 0.6 or n <= 8)


def _is_byline(line: str) -> str | None:
    """'byline' when the line is a byline/timestamp line, else None."""
    if len(line) > 120 or (_has_final_punct(line) and not line.rstrip().endswith(".")):
        return None
    if _BYLINE.match(line) and len(line.split()) <= 12:
        return "byline"
    if _AGO.search(line) or (_CLOCK.search(line) and parse_date(line)):
        return "byline"
    # A line that is nothing but a date ("December 14, 2019", "Updated: 2019-12-14").
    stripped = re.sub(r"(?i)^(updated|published|posted)\s*:?\s*", "", line.strip())
    if parse_date(stripped) and len(stripped.split()) <= 6:
        return "byline"
    return None


def _dateline(line: str) -> tuple[int, str | None, str | None] | None:
    """(length of the dateline prefix, source, date) when ``line`` starts with a dateline."""
    m = _AGENCY_PREFIX.match(line)
    if m:
        return m.end(), m.group("agency"), None
    m = _DATELINE.match(line)
    if not m:
        return None
    rest = line[m.end() :]
    if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'“‘"):
        return None
    paren = m.group("paren")
    source = date = None
    if paren:
        head, _, tail = paren.partition(" - ")
        date = parse_date(paren)
        if not parse_date(head):
            source = head.strip() or None
        elif tail:
            source = tail.strip() or None
    if date is None and m.group("date"):
        date = parse_date(m.group("date"))
    return m.end(), source, date


def _analyze(text: str) -> _Layout:
    layout = _Layout()
    lines = [(s, e) for s, e in (_strip_span(text, s, e) for s, e in _lines(text)) if e > s]
    drop: set[int] = set()
    cut: dict[int, int] = {}
    head = lines[:_HEAD_LINES]
    title_idx: int | None = None
    dateline_done = False

    for i, (s, e) in enumerate(head):
        line = text[s:e]
        m = _HEADER_LINE.match(line)
        if i == 0 and m:
            layout.bad_date = None if parse_date(m.group(1)) else m.group(1)
            layout.date = parse_date(m.group(1))
            layout.source = m.group(2) or None
            drop.add(i)
            continue
        fm = _FRONT_MATTER.match(line)
        if fm and title_idx is None and all(j in drop for j in range(i)):
            key, value = fm.group(1).lower(), fm.group(2)
            if key in {"title", "headline"}:
                layout.title = value or None
            elif key in {"date", "published"}:
                layout.date = parse_date(value)
                layout.bad_date = None if layout.date or not value else value
            elif key in {"source", "publisher"}:
                layout.source = value or None
            elif key in {"url", "link"}:
                layout.url = value or None
            drop.add(i)
            continue
        if not dateline_done:
            dl = _dateline(line)
            if dl is not None:
                length, source, date = dl
                cut[i] = length
                layout.source = layout.source or source
                layout.date = layout.date or date
                dateline_done = True
                continue
        if _is_byline(line):
            layout.date = layout.date or parse_date(line)
            drop.add(i)
            continue
        if (
            title_idx is None
            and layout.title is None
            and not dateline_done
            and len(lines) > 1
            and all(j in drop for j in range(i))  # only the first content line
            and _headlineish(line)
            and not (i + 1 < len(lines) and text[lines[i + 1][0]].islower())  # a wrapped line
        ):
            title_idx = i
            layout.title = line
            drop.add(i)

    # Repeated headlines: capitalized lines without final punctuation that
    # duplicate the title or another line carry nothing new and, unpunctuated,
    # would be glued by the parser to the next sentence.
    seen: dict[str, int] = {}
    norm_title = _normalize(layout.title).casefold() if layout.title else None
    for i, (s, e) in enumerate(lines):
        if i in drop or i in cut:
            continue
        line = text[s:e]
        key = _normalize(line).casefold()
        repeated = key == norm_title or key in seen
        if repeated and not _has_final_punct(line) and _title_case_ratio(line) >= 0.6:
            drop.add(i)
            continue
        seen.setdefault(key, i)

    segments: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(lines):
        if i in drop:
            continue
        s += cut.get(i, 0)
        # A closing quote stranded at the start of a line ('" He is ...') belongs
        # to the previous paragraph.
        if text[s] in '"”' and s + 1 < e and text[s + 1].isspace():
            s += 1
        s, e = _strip_span(text, s, e)
        if e <= s:
            continue
        prev = segments[-1] if segments else None
        # Hard-wrapped paragraphs: a line that stops mid-sentence and a next line
        # that starts in lower case are one sentence.
        if (
            prev is not None
            and text[s].islower()
            and not _has_final_punct(text[prev[0] : prev[1]])
            and "\n\n" not in text[prev[1] : s]
        ):
            segments[-1] = (prev[0], e)
        else:
            segments.append((s, e))
    layout.segments = segments
    return layout


def body_segments(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` the NLP stage should parse, one per line or paragraph.

    Header (``date 2019-12-14 Source``, ``Title:``/``Date:`` front matter),
    headline, byline and repeated headlines are left out; a dateline prefix
    (``DOHA (Agency - 14th December, 2019)``, ``WASHINGTON (AP) —``,
    ``LONDON, Dec 14 (Reuters) -``, ``Reuters -``) is cut off its paragraph.
    Each remaining line is its own segment (so an unpunctuated lede is never
    glued to the next sentence), except hard-wrapped lines continuing in lower
    case. Spans index into ``text`` unchanged.

    Examples
    --------
    >>> text = ("date 2020-01-19 Example News\\nLeaders Meet In Berlin On Libya\\n\\n"
    ...         "BERLIN (Example News - 19th January, 2020) Germany hosted a summit.\\n"
    ...         "Turkey backs the GNA.")
    >>> [text[s:e] for s, e in body_segments(text)]
    ['Germany hosted a summit.', 'Turkey backs the GNA.']
    >>> t = "WASHINGTON (AP) — The talks failed."
    >>> [t[s:e] for s, e in body_segments(t)]
    ['The talks failed.']
    """
    return _analyze(text).segments


def parse_article_text(text: str, *, origin: str | None = None) -> Article:
    """One plain-text article: title, date and source recovered from its layout.

    ``text`` is cleaned (:func:`clean_text`) and kept whole as
    :attr:`Article.text`; the id is :func:`article_id` of it. An unreadable
    date in the header is dropped silently here (:func:`read_articles`
    reports it).

    Examples
    --------
    >>> a = parse_article_text("Title: Talks in Jeddah\\nDate: May 6, 2023\\n\\n"
    ...                        "JEDDAH, Saudi Arabia (Reuters) - Envoys met.")
    >>> a.title, a.date, a.source
    ('Talks in Jeddah', '2023-05-06', 'Reuters')
    >>> a = parse_article_text(" date 2019-12-14 Example.com\\nTurkey Signs Deal\\n\\n"
    ...                        "Jane Doe 3 minutes ago Sat 14th December 2019 | 11:08 PM\\n\\n"
    ...                        "Turkey signed a deal.")
    >>> a.title, a.date, a.source
    ('Turkey Signs Deal', '2019-12-14', 'Example.com')
    """
    text = clean_text(text)
    layout = _analyze(text)
    return Article(
        id=article_id(text),
        text=text,
        title=layout.title,
        date=layout.date,
        source=layout.source,
        url=layout.url,
        origin=origin,
    )


# --------------------------------------------------------------------------- readers


def _text_article(text: str, where: str, on_error: ErrorHandler | None) -> Article | None:
    text = clean_text(text)
    if not text.strip():
        _report(on_error, InputError(f"{where}: no text after removing control characters"))
        return None
    layout = _analyze(text)
    if layout.bad_date:
        _checked_date(layout.bad_date, where, on_error)
    return Article(
        id=article_id(text),
        text=text,
        title=layout.title,
        date=layout.date,
        source=layout.source,
        url=layout.url,
        origin=where,
    )


def _read_text(data: bytes, where: str, on_error: ErrorHandler | None) -> Iterator[Article]:
    article = _text_article(_decode(data, where), where, on_error)
    if article is not None:
        yield article


def _read_jsonl(
    data: bytes,
    where: str,
    on_error: ErrorHandler | None,
    text_key: str,
    id_key: str,
) -> Iterator[Article]:
    text = _decode(data, where)
    seen = False
    # JSON Lines are separated by "\n" only: str.splitlines() would also cut at
    # U+2028, U+0085, \x1c..., which may appear raw inside a valid JSON string.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        at = f"{where}:{lineno}"
        try:
            article = _json_article(line, at, on_error, text_key, id_key)
        except InputError as exc:
            _report(on_error, exc)
            continue
        if article is not None:
            yield article
    if not seen:
        raise InputError(f"{where}: no JSON lines, only blank space; give one JSON object a line")


def _json_article(
    line: str, at: str, on_error: ErrorHandler | None, text_key: str, id_key: str
) -> Article | None:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{at}: malformed JSON line ({exc.msg} at column {exc.colno}); "
            "each line must be one JSON object"
        ) from None
    if not isinstance(obj, dict):
        raise InputError(
            f"{at}: expected a JSON object with a {text_key!r} field, got {type(obj).__name__}"
        )
    if text_key not in obj:
        keys = ", ".join(sorted(map(str, obj))) or "none"
        raise InputError(
            f"{at}: no {text_key!r} field (keys: {keys}); name the text field with --text-key"
        )
    raw = obj[text_key]
    if not isinstance(raw, str):
        raise InputError(
            f"{at}: field {text_key!r} is {type(raw).__name__}, expected a string of article text"
        )
    text = clean_text(raw)
    if not text.strip():
        raise InputError(f"{at}: field {text_key!r} is empty")
    layout = _analyze(text)
    given_id = obj.get(id_key)
    ident = str(given_id).strip() if isinstance(given_id, str | int) else ""
    given_date = obj.get("date")
    if given_date is None or given_date == "":
        date = layout.date
    else:
        date = _checked_date(given_date, at, on_error)

    def meta(key: str, fallback: str | None) -> str | None:
        value = obj.get(key)
        return clean_text(value).strip() or fallback if isinstance(value, str) else fallback

    return Article(
        id=ident or article_id(text),
        text=text,
        title=meta("title", layout.title),
        date=date,
        source=meta("source", layout.source),
        url=meta("url", layout.url),
        origin=at,
    )


def _read_html(data: bytes, where: str, on_error: ErrorHandler | None) -> Iterator[Article]:
    import trafilatura

    page = _decode(data, where)
    # bare_extraction on a string never touches the network.
    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    meta: dict[str, Any] = {}
    if isinstance(doc, dict):
        meta = doc
    elif doc is not None:
        meta = doc.as_dict()
    text = clean_text(meta.get("text") or "")
    title = meta.get("title") or None
    first, _, rest = text.strip().partition("\n")
    # trafilatura keeps the page's <h1>; it is the title, not a sentence to parse.
    if title and rest.strip() and _normalize(first).casefold() == _normalize(title).casefold():
        text = rest.strip()
    if not text.strip():
        raise InputError(f"{where}: no main text found in the HTML page; is it an article?")
    date = meta.get("date")
    yield Article(
        id=article_id(text),
        text=text,
        title=title,
        date=_checked_date(date, where, on_error) if date else None,
        source=meta.get("sitename") or meta.get("hostname") or None,
        url=meta.get("url") or None,
        origin=where,
    )


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


def _strip_html(fragment: str) -> str:
    parser = _TextOfHTML()
    parser.feed(fragment)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def _read_feed(data: bytes, where: str, on_error: ErrorHandler | None) -> Iterator[Article]:
    import feedparser

    _decode(data, where)  # the same empty/binary checks as any other file
    # Parsing bytes (never a string that could be taken for a URL) keeps feedparser offline.
    feed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    if not feed.entries:
        reason = f" ({feed.get('bozo_exception')})" if feed.get("bozo") else ""
        raise InputError(f"{where}: no RSS/Atom items found{reason}; is it a saved feed?")
    for n, entry in enumerate(feed.entries, start=1):
        at = f"{where}: item {n}"
        body = ""
        for content in entry.get("content") or []:
            body = max(body, content.get("value") or "", key=len)
        if not body:
            body = entry.get("summary") or entry.get("description") or ""
        text = clean_text(_strip_html(body))
        if not text.strip():
            _report(on_error, InputError(f"{at} ({entry.get('title', 'untitled')!r}): no text"))
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        date = None
        if parsed:
            date = _checked_date(
                f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}", at, on_error
            )
        title = entry.get("title")
        yield Article(
            id=article_id(text),
            text=text,
            title=_strip_html(title) if title else None,
            date=date,
            source=feed.feed.get("title") or None,
            url=entry.get("link") or None,
            origin=at,
        )


def _read_stdin(on_error: ErrorHandler | None, text_key: str, id_key: str) -> Iterator[Article]:
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    data = buffer.read() if buffer is not None else stream.read().encode("utf-8")
    where = "<stdin>"
    text = _decode(data, where)
    first = text.lstrip("\ufeff \t\r\n")
    if first.startswith("{"):
        first_line = first.split("\n", 1)[0]
        try:
            json.loads(first_line)
            is_jsonl = True
        except json.JSONDecodeError:
            is_jsonl = False
        if is_jsonl:
            yield from _read_jsonl(text.encode("utf-8"), where, on_error, text_key, id_key)
            return
    article = _text_article(text, where, on_error)
    if article is not None:
        yield article


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
    path: Path, on_error: ErrorHandler | None, text_key: str, id_key: str
) -> Iterator[Article]:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{where}: cannot read ({exc.strerror}); check its permissions") from None
    kind = _kind(path)
    if kind == "jsonl":
        yield from _read_jsonl(data, where, on_error, text_key, id_key)
    elif kind == "html":
        yield from _read_html(data, where, on_error)
    elif kind == "feed":
        yield from _read_feed(data, where, on_error)
    else:
        yield from _read_text(data, where, on_error)


def _walk(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix.lower() in _KNOWN_SUFFIXES:
            yield path


def read_articles(
    inputs: Iterable[str | Path],
    *,
    text_key: str = "text",
    id_key: str = "id",
    on_error: ErrorHandler | None = None,
) -> Iterator[Article]:
    """Lazily read articles from files, directories and ``-`` (stdin).

    Parameters
    ----------
    inputs : iterable of str or Path
        Files (by extension: ``.txt``, ``.jsonl``/``.ndjson``, ``.html``/``.htm``,
        ``.xml``/``.rss``/``.atom``; anything else named explicitly is plain
        text), directories (recursive, sorted, known extensions only, hidden
        entries skipped) and ``"-"`` for standard input.
    text_key, id_key : str
        Field names of the text and the id in JSON lines.
    on_error : callable, optional
        Receives each :class:`~kg.errors.InputError` (a skipped article or
        file) and :class:`InputWarning` (article kept, a field dropped), and
        reading continues. A :class:`SkipReport` is a ready-made handler.
        When None, the first error is raised and warnings are logged.

    Yields
    ------
    Article
        With ``id`` the given id or :func:`article_id` of the text, ``date``
        as ``YYYY-MM-DD`` and ``origin`` naming the file (and line).

    Raises
    ------
    InputError
        For a bad input when ``on_error`` is None.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text(
    ...     '{"id": "x1", "text": "Egypt backs Haftar.", "date": "Dec 14, 2019"}\\n{oops\\n')
    >>> report = SkipReport()
    >>> [(a.id, a.date) for a in read_articles([d], on_error=report)]
    [('x1', '2019-12-14')]
    >>> print(report.messages[0].replace(str(d), "DIR"))  # doctest: +ELLIPSIS
    skipped: DIR/a.jsonl:2: malformed JSON line (Expecting property name ... at column 2); ...
    """
    for item in inputs:
        try:
            if str(item) == "-":
                yield from _read_stdin(on_error, text_key, id_key)
                continue
            path = Path(item)
            if path.is_dir():
                for file in _walk(path):
                    try:
                        yield from _read_file(file, on_error, text_key, id_key)
                    except InputError as exc:
                        _report(on_error, exc)
            elif path.exists():
                yield from _read_file(path, on_error, text_key, id_key)
            else:
                raise InputError(
                    f"{item}: no such file or directory; give {_FORMATS} (check the path)"
                )
        except InputError as exc:
            _report(on_error, exc)
