"""Content negotiation: which answer format a SPARQL Protocol request gets."""

from __future__ import annotations

from typing import Any

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "content_type",
    "negotiate",
    "not_acceptable_message",
    "pick",
]

#: media type -> answer format name for SELECT/ASK (first = default).
RESULT_FORMATS: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}

#: media type -> answer format name for CONSTRUCT/DESCRIBE (first = default).
GRAPH_FORMATS: dict[str, str] = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "rdf-xml",
    "application/ld+json": "json-ld",
}

#: short names accepted by the ``format=`` / ``output=`` parameter.
_SHORT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
}


def negotiate(accept: str | None, kind: str, fmt: str | None = None) -> str | None:
    """Pick the answer's media type from an ``Accept`` header (or a ``format=`` name).

    Parameters
    ----------
    accept : str or None
        The request's ``Accept`` header.
    kind : {"results", "graph"}
        ``"results"`` for SELECT/ASK, ``"graph"`` for CONSTRUCT/DESCRIBE.
    fmt : str or None
        An explicit short name (``json``, ``csv``, ``turtle`` ...) or media type,
        which wins over ``Accept``.

    Returns
    -------
    str or None
        A key of :data:`RESULT_FORMATS` or :data:`GRAPH_FORMATS`; None when
        nothing acceptable is offered (answer 406).

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "results")
    'application/sparql-results+xml'
    >>> negotiate("text/html,*/*;q=0.8", "graph")
    'text/turtle'
    >>> negotiate(None, "results", fmt="tsv")
    'text/tab-separated-values'
    >>> negotiate("image/png", "results") is None
    True
    """
    table: dict[str, Any] = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    default = next(iter(table))
    if fmt:
        media = _SHORT_FORMATS.get(fmt.strip().lower(), fmt.strip().lower())
        return media if media in table else None
    if not accept or not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media))
    for _, _, media in sorted(ranked):
        if media in table:
            return media
        if media in ("*/*", "*"):
            return default
        if media.endswith("/*"):
            prefix = media[:-1]
            for candidate in table:
                if candidate.startswith(prefix):
                    return candidate
    return None


def pick(accept: str | None, kind: str, names: list[str]) -> str | None:
    """The media type of an answer: the first usable ``format=`` name, else ``Accept``.

    Examples
    --------
    >>> pick("text/csv", "results", ["nonsense", "tsv"])
    'text/tab-separated-values'
    >>> pick("text/csv", "results", [])
    'text/csv'
    """
    for name in names:
        media = negotiate(None, kind, name)
        if media is not None:
            return media
    return negotiate(accept, kind)


def content_type(media: str) -> str:
    """The ``Content-Type`` of an answer in ``media`` (UTF-8 for text types).

    Examples
    --------
    >>> content_type("text/csv")
    'text/csv; charset=utf-8'
    """
    return media + "; charset=utf-8" if media.startswith("text/") else media


def not_acceptable_message(kind: str) -> str:
    """Why a 406: the formats a query of this kind can be answered in."""
    table = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    return (
        "none of the media types in the Accept header can be produced for this query; "
        f"use one of: {', '.join(table)} (or format=json|xml|csv|tsv|turtle|nt)"
    )
