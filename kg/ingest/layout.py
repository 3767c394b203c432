"""The layout of a plain-text article: header, headline, byline, dateline and body.

News text saved as plain text starts with some of: a header line
(``date 2019-12-14 Source``), ``Title:``/``Date:`` front matter, a headline, a
byline or timestamp line, a repeated headline and a dateline
(``DOHA (Agency - 14th December, 2019)``, ``WASHINGTON (AP) —``). They carry
metadata and must not reach the parser as sentences; :func:`body_segments`
gives the character spans that should.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ingest.dates import parse_date
from kg.ingest.decode import clean_text, normalize_space
from kg.ingest.identity import article_id
from kg.model import Article

__all__ = ["Layout", "analyze_layout", "body_segments", "parse_article_text"]

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
class Layout:
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


def analyze_layout(text: str) -> Layout:
    """Title, date, source and URL from the first lines of ``text``, and its body segments."""
    layout = Layout()
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
    norm_title = normalize_space(layout.title).casefold() if layout.title else None
    for i, (s, e) in enumerate(lines):
        if i in drop or i in cut:
            continue
        line = text[s:e]
        key = normalize_space(line).casefold()
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
    return analyze_layout(text).segments


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
    >>> a = parse_article_text(" date 2020-03-02 Example.com\\nTurkey Signs Deal\\n\\n"
    ...                        "Jane Doe 2 hours ago Mon 2nd March 2020 | 09:30 AM\\n\\n"
    ...                        "Turkey signed a deal.")
    >>> a.title, a.date, a.source
    ('Turkey Signs Deal', '2020-03-02', 'Example.com')
    """
    text = clean_text(text)
    layout = analyze_layout(text)
    return Article(
        id=article_id(text),
        text=text,
        title=layout.title,
        date=layout.date,
        source=layout.source,
        url=layout.url,
        origin=origin,
    )
