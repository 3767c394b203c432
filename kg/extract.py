"""Extraction: articles in, :class:`~kg.model.Relation` objects out.

The library entry point over the spaCy pipeline of :mod:`kg.nlp`. Each article
is cut into its body segments (:func:`kg.ingest.body_segments`: header,
headline, byline and dateline dropped, one segment per line or paragraph),
parsed as one Doc with a sentence boundary forced at every segment start (so
the parser never glues a headline to the lede), and its relations are mapped
back to character spans of the original article text, deduplicated and given
their CAMEO and PLOVER codes.

Streaming: articles are consumed lazily and parsed with ``nlp.pipe`` in
batches; with ``workers > 1`` batches go to a process pool, each process
loading the model once, and results come back in input order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError
from kg.model import Article, Evidence, Relation

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.nlp.relations import Found

__all__ = ["extract", "extract_doc", "iter_extractions", "prepare_doc"]

#: segments are joined with this separator inside the Doc.
_SEP = "\n\n"
#: texts longer than this are parsed in several Docs, cut between segments.
_CHUNK_CHARS = 100_000


@dataclass(frozen=True)
class _Piece:
    doc_start: int
    orig_start: int
    length: int


def _chunks(article: Article) -> list[tuple[str, list[_Piece]]]:
    """The article's body as Doc texts (usually one) with their offset maps."""
    from kg.ingest import body_segments

    chunks: list[tuple[str, list[_Piece]]] = []
    parts: list[str] = []
    pieces: list[_Piece] = []
    pos = 0
    for start, end in body_segments(article.text):
        seg = article.text[start:end]
        # a segment longer than a chunk is cut at sentence-ish boundaries
        for off, sub in _split_long(seg):
            if pos and pos + len(sub) > _CHUNK_CHARS:
                chunks.append(("".join(parts), pieces))
                parts, pieces, pos = [], [], 0
            if parts:
                parts.append(_SEP)
                pos += len(_SEP)
            pieces.append(_Piece(pos, start + off, len(sub)))
            parts.append(sub)
            pos += len(sub)
    if parts:
        chunks.append(("".join(parts), pieces))
    return chunks


def _split_long(seg: str) -> Iterator[tuple[int, str]]:
    if len(seg) <= _CHUNK_CHARS:
        yield 0, seg
        return
    start = 0
    while start < len(seg):
        end = min(len(seg), start + _CHUNK_CHARS)
        if end < len(seg):
            cut = max(seg.rfind(". ", start, end), seg.rfind("\n", start, end))
            if cut > start:
                end = cut + 1
        yield start, seg[start:end]
        start = end


def _to_orig(pieces: list[_Piece], pos: int) -> int:
    for p in reversed(pieces):
        if pos >= p.doc_start:
            return p.orig_start + min(pos - p.doc_start, p.length)
    return pos


def prepare_doc(nlp: Language, text: str, date: str | None = None) -> Doc:
    """A tokenized Doc with a sentence start after every blank line, and its date set."""
    from kg.nlp.actors import _register_extensions

    _register_extensions()
    doc = nlp.make_doc(text)
    for tok in doc[1:]:
        if "\n\n" in doc[tok.i - 1].text or "\n\n" in doc[tok.i - 1].whitespace_:
            tok.is_sent_start = True
    doc._.geokg_date = date
    return doc


def _relation(article: Article, f: Found, text: str, pieces: list[_Piece]) -> Relation:
    from kg.vocab import relation_types

    rt = relation_types().get(f.relation)
    start = _to_orig(pieces, f.sent_start)
    end = _to_orig(pieces, f.sent_end)
    while end > start and article.text[end - 1].isspace():
        end -= 1
    return Relation(
        article=article.id,
        relation=f.relation,
        source=f.source,
        target=f.target,
        negated=f.negated,
        modality=f.modality,
        date=f.date or article.date,
        evidence=Evidence(article.text[start:end], (start, end), f.speaker),
        confidence=round(f.confidence, 3),
        cameo=rt.cameo if rt else None,
        plover=rt.plover if rt else None,
        role=f.role,
    )


def extract_doc(article: Article, doc: Doc, text: str, pieces: list[_Piece]) -> list[Relation]:
    """Relations of one parsed chunk of ``article``."""
    return [_relation(article, f, text, pieces) for f in (doc._.geokg_relations or [])]


def _dedupe(relations: list[Relation]) -> list[Relation]:
    """One relation per (relation, source, target, negated) in an article: the most confident."""
    best: dict[tuple[str, str, str, bool], Relation] = {}
    for r in relations:
        k = r.key()
        if k not in best or r.confidence > best[k].confidence:
            best[k] = r
    order = {k: i for i, k in reversed(list(enumerate(r.key() for r in relations)))}
    return sorted(best.values(), key=lambda r: order[r.key()])


def _extract_batch(nlp: Language, articles: list[Article], batch_size: int) -> list[list[Relation]]:
    jobs: list[tuple[Doc, tuple[int, str, list[_Piece]]]] = []
    for n, article in enumerate(articles):
        for text, pieces in _chunks(article):
            jobs.append((prepare_doc(nlp, text, article.date), (n, text, pieces)))
    out: list[list[Relation]] = [[] for _ in articles]
    for doc, (n, text, pieces) in nlp.pipe(jobs, as_tuples=True, batch_size=batch_size):
        out[n].extend(extract_doc(articles[n], doc, text, pieces))
    return [_dedupe(rels) for rels in out]


_WORKER_NLP: Any = None


def _worker_init(model: str | None) -> None:
    global _WORKER_NLP
    from kg.nlp.pipeline import load_pipeline

    _WORKER_NLP = load_pipeline(model)


def _worker_batch(args: tuple[list[Article], int]) -> list[list[Relation]]:
    articles, batch_size = args
    return _extract_batch(_WORKER_NLP, articles, batch_size)


def iter_extractions(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    batch_size: int = 8,
    workers: int = 1,
) -> Iterator[tuple[Article, list[Relation]]]:
    """Yield each article with the relations read from it, in input order.

    Streams: articles are consumed lazily and parsed ``batch_size`` at a time,
    so memory stays flat whatever the corpus size. ``workers > 1`` parses
    batches in that many processes; the output is identical to one worker.
    """
    if batch_size < 1:
        raise ConfigError(f"batch size {batch_size} must be at least 1")
    if workers < 1:
        raise ConfigError(f"workers {workers} must be at least 1")
    stream = iter(articles)
    batches = iter(lambda: list(itertools.islice(stream, batch_size)), [])
    if workers == 1:
        from kg.nlp.pipeline import load_pipeline

        nlp = load_pipeline(model)
        for batch in batches:
            yield from zip(batch, _extract_batch(nlp, batch, batch_size), strict=True)
        return
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_worker_init, initargs=(model,)) as pool:
        jobs = ((b, batch_size) for b in batches)
        keep: list[list[Article]] = []
        pending = iter(pool.imap(_worker_batch, _tee_batches(jobs, keep), chunksize=1))
        for result in pending:
            batch = keep.pop(0)
            yield from zip(batch, result, strict=True)


def _tee_batches(
    jobs: Iterator[tuple[list[Article], int]], keep: list[list[Article]]
) -> Iterator[tuple[list[Article], int]]:
    for job in jobs:
        keep.append(job[0])
        yield job


def extract(articles: Iterable[Article], **kwargs: Any) -> Iterator[Relation]:
    """All relations of all articles, in order (see :func:`iter_extractions`).

    Examples
    --------
    >>> from kg import Article
    >>> list(extract([]))
    []
    """
    for _, relations in iter_extractions(articles, **kwargs):
        yield from relations
