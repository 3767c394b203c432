"""The JSON Lines reader: one article per line of a ``.jsonl`` / ``.ndjson`` file.

Each line is a JSON object with the article text (``text``, or the field named
by ``--text-key``) and optionally ``id``, ``title``, ``date``, ``url`` and
``source``; other keys are ignored. A bad line (malformed or nested too deeply,
not an object, no text) is reported with its line number and skipped; the
other lines are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kg.errors import InputError
from kg.ingest.dates import checked_date
from kg.ingest.decode import clean_text
from kg.ingest.identity import choose_id
from kg.ingest.layout import analyze_layout
from kg.ingest.report import ErrorHandler, report
from kg.ingest.source import Source
from kg.model import Article

__all__ = ["json_article", "read_jsonl_text"]


def read_jsonl_text(
    text: str, source: Source, on_error: ErrorHandler | None, text_key: str, id_key: str
) -> Iterator[Article]:
    """The articles of decoded JSON Lines text; bad lines are reported and skipped.

    Examples
    --------
    >>> text = '{"id": "a1", "text": "Egypt backs Haftar."}\\n[[[\\n{"text": "Qatar met Oman."}'
    >>> skipped = []
    >>> src = Source("x.jsonl", "x.jsonl")
    >>> arts = list(read_jsonl_text(text, src, skipped.append, "text", "id"))
    >>> [a.id for a in arts], len(skipped)
    (['a1', 'x.jsonl:3'], 1)
    """
    seen = False
    # JSON Lines are separated by "\n" only: str.splitlines() would also cut at
    # U+2028, U+0085, \x1c..., which may appear raw inside a valid JSON string.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        try:
            article = json_article(line, source, lineno, on_error, text_key, id_key)
        except InputError as exc:
            report(on_error, exc)
            continue
        if article is not None:
            yield article
    if not seen:
        raise InputError(
            f"{source.where}: no JSON lines, only blank space; give one JSON object a line"
        )


def _loads(line: str, at: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{at}: malformed JSON line ({exc.msg} at column {exc.colno}); "
            "each line must be one JSON object"
        ) from None
    except RecursionError:
        raise InputError(
            f"{at}: JSON nested too deeply to read (thousands of [ or {{); "
            "each line must be one flat JSON object"
        ) from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise InputError(
            f"{at}: unreadable JSON line ({exc}); each line must be one JSON object"
        ) from None


def json_article(
    line: str,
    source: Source,
    lineno: int,
    on_error: ErrorHandler | None,
    text_key: str = "text",
    id_key: str = "id",
) -> Article | None:
    """The article of one JSON line; :class:`~kg.errors.InputError` when it has none.

    The id is the ``id_key`` field, else the ``url`` field, else
    ``LOCATION:LINE`` (``a.jsonl:3``), else (stdin) a hash of the text.
    """
    at = f"{source.where}:{lineno}"
    obj = _loads(line, at)
    if not isinstance(obj, dict):
        raise InputError(
            f"{at}: expected a JSON object with a {text_key!r} field, got {type(obj).__name__}"
        )
    if text_key not in obj:
        keys = ", ".join(sorted(repr(k)[1:-1] for k in obj)[:20]) or "none"
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
    layout = analyze_layout(text)
    given_id = obj.get(id_key)
    ident = str(given_id).strip() if isinstance(given_id, str | int) else ""
    given_date = obj.get("date")
    if given_date is None or given_date == "":
        date = layout.date
    else:
        date = checked_date(given_date, at, on_error)

    def meta(key: str, fallback: str | None) -> str | None:
        value = obj.get(key)
        return clean_text(value).strip() or fallback if isinstance(value, str) else fallback

    url = meta("url", layout.url)
    line_location = f"{source.location}:{lineno}" if source.location is not None else None
    return Article(
        id=choose_id(given=ident, url=url, location=line_location, text=text),
        text=text,
        title=meta("title", layout.title),
        date=date,
        source=meta("source", layout.source),
        url=url,
        origin=at,
        location=url or source.location,
    )
