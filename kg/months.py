"""English month names: the one table of them in geokg.

Dependency-free and at the bottom of the layers, so that ingestion
(:mod:`kg.ingest.dates`: headers, bylines, datelines) and the relation
extractor (dates written in a sentence, :mod:`kg.nlp.relations.common`) read
the same table without importing each other.
"""

from __future__ import annotations

__all__ = ["MONTHS", "MONTH_PATTERN", "month_number"]

_MONTH_NAMES = (
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
)

#: English month names and abbreviations (lower case) -> month number 1–12.
MONTHS: dict[str, int] = {m: i for i, names in enumerate(_MONTH_NAMES, start=1) for m in names}

#: A regular-expression fragment (no groups) matching an English month name or
#: abbreviation; compile with ``re.I``.
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


def month_number(name: str) -> int | None:
    """The month (1–12) of an English month name or abbreviation, any case, else None.

    Examples
    --------
    >>> month_number("December"), month_number("Sept."), month_number("Thursday")
    (12, 9, None)
    """
    key = name.strip().rstrip(".").lower()
    return MONTHS.get(key)
