"""Calendar dates written in news text, as ISO ``YYYY-MM-DD`` (or ``YYYY-MM``).

:func:`parse_date` finds the first valid date in a string; ingestion uses it
for headers, bylines, datelines and metadata. A date given explicitly as a
month only (``2020-07``, ``July 2020``) is kept as the month ``YYYY-MM``
(:func:`parse_month`, :func:`checked_date`): RDF ``xsd:gYearMonth``. The month-name table
(:data:`MONTHS`, :func:`month_number`, :data:`MONTH_PATTERN`) lives in
:mod:`kg.months`, shared with the relation extractor, and is re-exported here.
"""

from __future__ import annotations

import datetime as _dt
import re
import reprlib
from typing import Any

from kg.ingest.report import ErrorHandler, InputWarning, report
from kg.months import MONTH_PATTERN, MONTHS, month_number

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "MONTHS",
    "MONTH_PATTERN",
    "checked_date",
    "month_number",
    "parse_date",
    "parse_month",
]

#: Years outside this range are treated as mistakes (typos, epoch zero, ...).
MIN_YEAR, MAX_YEAR = 1800, 2100

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\b")
_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_PATTERN})\.?,?\s+(\d{{4}})\b", re.I
)
_MDY = re.compile(rf"\b({MONTH_PATTERN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_SLASH = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_NAMED_MONTH = re.compile(rf"^\s*({MONTH_PATTERN})\.?,?\s+(\d{{4}})\s*$", re.I)


class _DateRangeError(ValueError):
    pass


def _valid_date(year: int, month: int, day: int) -> str:
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
    >>> parse_date("Sat 14th December 2019 | 09:30 AM")
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
                month = int(name) if name.isdigit() else MONTHS.get(name) or MONTHS[name[:3]]
                return _valid_date(int(parts["y"]), month, int(parts["d"]))
            except (ValueError, KeyError) as exc:
                problems.append(f"{m.group(0)!r}: {exc}")
    if strict:
        raise ValueError(problems[0] if problems else f"no date found in {reprlib.repr(value)}")
    return None


def parse_month(value: str) -> str | None:
    """A date given as a month only (``2020-07``, ``July 2020``, ``Jul. 2020``) as ``YYYY-MM``.

    Examples
    --------
    >>> parse_month("2020-07"), parse_month("July 2020"), parse_month("2020-7")
    ('2020-07', '2020-07', '2020-07')
    >>> parse_month("2020-13") is None, parse_month("2020-07-14") is None
    (True, True)
    """
    m = _ISO_MONTH.match(value)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = _NAMED_MONTH.match(value)
        if not m:
            return None
        name = m.group(1).lower()
        year, month = int(m.group(2)), MONTHS.get(name) or MONTHS.get(name[:3]) or 0
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}"


def checked_date(value: Any, where: str, on_error: ErrorHandler | None) -> str | None:
    """An explicitly given date, normalized; absurd or unreadable dates are dropped and reported.

    Examples
    --------
    >>> checked_date("Dec 14, 2019", "a.jsonl:1", None)
    '2019-12-14'
    >>> checked_date("2020-07", "a.jsonl:1", None)  # a month stays a month
    '2020-07'
    >>> warnings = []
    >>> checked_date("3000-01-01", "a.jsonl:2", warnings.append) is None
    True
    >>> print(warnings[0])  # doctest: +ELLIPSIS
    a.jsonl:2: unusable date '3000-01-01' (...year 3000 outside 1800–2100); ... article kept
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str | int):
        report(
            on_error,
            InputWarning(
                f"{where}: date {reprlib.repr(value)} is not a string; date dropped, article kept"
            ),
        )
        return None
    month = parse_month(str(value))
    if month is not None:
        return month
    try:
        return parse_date(str(value), strict=True)
    except ValueError as exc:
        report(
            on_error,
            InputWarning(
                f"{where}: unusable date {reprlib.repr(str(value))} ({exc}); expected "
                f"YYYY-MM-DD or YYYY-MM between {MIN_YEAR} and {MAX_YEAR}; date dropped, "
                "article kept"
            ),
        )
        return None
