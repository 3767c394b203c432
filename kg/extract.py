"""Extraction: articles in, :class:`~kg.model.Relation` objects out.

This is the library entry point over the spaCy pipeline of :mod:`kg.nlp`.
(Work in progress: the relation extractor lands with issue 4; until then this
yields no relations.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.model import Article, Relation

__all__ = ["extract", "iter_extractions"]


def iter_extractions(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    batch_size: int = 8,
    workers: int = 1,
) -> Iterator[tuple[Article, list[Relation]]]:
    """Yield each article with the relations read from it, in input order.

    Streams: articles are consumed lazily and parsed in batches, so memory
    stays flat whatever the corpus size.
    """
    for article in articles:
        yield article, []


def extract(articles: Iterable[Article], **kwargs: object) -> Iterator[Relation]:
    """All relations of all articles, in order (see :func:`iter_extractions`)."""
    for _, relations in iter_extractions(articles, **kwargs):  # type: ignore[arg-type]
        yield from relations
