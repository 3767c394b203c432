"""The exception tree of geokg.

Every error a user can cause is a :class:`KGError`; its message names the bad
value, what was expected and how to fix it. The command line prints the message
(no traceback) and exits with a non-zero status.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "ConfigError",
    "ExtractionError",
    "InputError",
    "KGError",
    "ModelNotFoundError",
    "QueryError",
    "StoreError",
]


class KGError(Exception):
    """Base class of all geokg errors meant for the user."""


class ConfigError(KGError):
    """A bad option value or configuration (unknown format, bad base IRI, ...)."""


class InputError(KGError):
    """An article or input file that cannot be read (reported and skipped)."""


class ExtractionError(InputError):
    """An article whose extraction raised: a bug of geokg, not of the input.

    The article is reported (``error: ARTICLE: internal error (ValueError: ...)
    — please report it``) and skipped; every other article is still extracted
    and stored, and the run exits with status 1.
    """


class ModelNotFoundError(KGError):
    """No usable spaCy pipeline is installed."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query that cannot be parsed or evaluated."""


class AnalysisError(KGError):
    """An analysis that is not defined for the graph at hand (empty, one actor, no conflict)."""
