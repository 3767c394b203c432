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

import bisect
import contextlib
import itertools
import sys
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError, ExtractionError, KGError
from kg.model import Article, Evidence, Place, Relation

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.nlp.relations import Found

__all__ = [
    "article_chunks",
    "article_relations",
    "extract",
    "extract_doc",
    "internal_error",
    "iter_extractions",
    "max_in_flight",
    "prepare_doc",
    "watch_chunks",
]

#: segments are joined with this separator inside the Doc.
_SEP = "\n\n"
#: texts longer than this are parsed in several Docs, cut between segments. Small
#: enough that parsing memory stays low (a 100,000-character Doc costs ~300 MB)
#: and that per-Doc work never grows with the article.
_CHUNK_CHARS = 20_000
#: each chunk after the first starts with up to this many characters of the
#: previous chunk's last segments, as context for coreference; relations found in
#: that context belong to the previous chunk and are dropped.
_CONTEXT_CHARS = 2_000


@dataclass(frozen=True)
class _Piece:
    doc_start: int
    orig_start: int
    length: int
    context: bool = False


def _iter_chunks(article: Article) -> Iterator[tuple[str, list[_Piece]]]:
    """The article's body as Doc texts (usually one) with their offset maps, lazily.

    Memory and time are linear in the article: each chunk holds at most
    ``_CHUNK_CHARS`` characters of its own plus ``_CONTEXT_CHARS`` of context.
    """
    from kg.ingest import body_segments

    parts: list[str] = []
    pieces: list[_Piece] = []
    pos = 0
    own = 0  # characters of this chunk's own (non-context) pieces

    def add(sub: str, orig_start: int, context: bool = False) -> None:
        nonlocal pos, own
        if parts:
            parts.append(_SEP)
            pos += len(_SEP)
        pieces.append(_Piece(pos, orig_start, len(sub), context))
        parts.append(sub)
        pos += len(sub)
        own += 0 if context else len(sub)

    for start, end in body_segments(article.text):
        seg = article.text[start:end]
        # a segment longer than a chunk is cut at sentence-ish boundaries
        for off, sub in _split_long(seg):
            if own and own + len(sub) > _CHUNK_CHARS:
                yield "".join(parts), pieces
                tail: list[_Piece] = []
                size = 0
                for p in reversed(pieces):
                    if size + p.length > _CONTEXT_CHARS:
                        break
                    tail.append(p)
                    size += p.length
                parts, pieces, pos, own = [], [], 0, 0
                for p in reversed(tail):
                    add(article.text[p.orig_start : p.orig_start + p.length], p.orig_start, True)
            add(sub, start + off)
    if own:
        yield "".join(parts), pieces


def _chunks(article: Article) -> list[tuple[str, list[_Piece]]]:
    """All chunks of :func:`_iter_chunks` (for tests and benchmarks)."""
    return list(_iter_chunks(article))


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


def _piece_at(pieces: list[_Piece], pos: int) -> _Piece | None:
    i = bisect.bisect_right(pieces, pos, key=lambda p: p.doc_start) - 1
    return pieces[i] if i >= 0 else None


def _to_orig(pieces: list[_Piece], pos: int) -> int:
    p = _piece_at(pieces, pos)
    return pos if p is None else p.orig_start + min(pos - p.doc_start, p.length)


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


def _relation(
    article: Article, f: Found, text: str, pieces: list[_Piece], place: Place | None = None
) -> Relation:
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
        cameo=_own(f.cameo_root, f.modality) or (rt.cameo_root_for(f.modality) if rt else None),
        plover=_own(f.plover, f.modality) or (rt.plover_for(f.modality) if rt else None),
        role=f.role,
        place=place,
        rule=f.rule,
        entry=f.entry,
    )


def _own(code: str, modality: str) -> str | None:
    """An entry's own code holds for asserted events; an intention is coded by its
    relation type (AGREE or THREATEN, :meth:`kg.vocab.RelationType.plover_for`)."""
    return code or None if modality == "asserted" else None


def extract_doc(article: Article, doc: Doc, text: str, pieces: list[_Piece]) -> list[Relation]:
    """Relations of one parsed chunk of ``article``."""
    from kg.nlp.context import place_for

    return [
        _relation(article, f, text, pieces, place_for(doc, f))
        for f in (doc._.geokg_relations or [])
    ]


def article_chunks(article: Article) -> list[tuple[str, list[Any]]]:
    """The Doc texts the article is parsed as (usually one), each with its offset map."""
    return list(_iter_chunks(article))


def article_relations(
    article: Article, parts: Iterable[tuple[Doc, str, list[Any], list[Found]]]
) -> list[Relation]:
    """The article's relations from its parsed chunks (from :func:`article_chunks`)
    and the :class:`~kg.nlp.relations.Found` read in each, as the extractor makes
    them: context dropped, codes and places given, deduplicated (``kg.ablate``
    reads a chunk again with a changed lexicon and scores the result)."""
    from kg.nlp.context import place_for

    out: list[Relation] = []
    for doc, text, pieces, found in parts:
        if any(p.context for p in pieces):
            found = [
                f for f in found if not getattr(_piece_at(pieces, f.sent_start), "context", False)
            ]
        out.extend(_relation(article, f, text, pieces, place_for(doc, f)) for f in found)
    return _dedupe(out)


def _drop_context(doc: Doc, pieces: list[_Piece]) -> None:
    """Forget relations read from a chunk's leading context: the previous chunk has them."""
    if any(p.context for p in pieces):
        doc._.geokg_relations = [
            f
            for f in doc._.geokg_relations or []
            if not getattr(_piece_at(pieces, f.sent_start), "context", False)
        ]


def _dedupe(relations: list[Relation]) -> list[Relation]:
    """One relation per (relation, source, target, negated) in an article: the most confident."""
    best: dict[tuple[str, str, str, bool], Relation] = {}
    for r in relations:
        k = r.key()
        if k not in best or r.confidence > best[k].confidence:
            best[k] = r
    order = {k: i for i, k in reversed(list(enumerate(r.key() for r in relations)))}
    return sorted(best.values(), key=lambda r: order[r.key()])


#: what extracting one article gives: its relations, or why it failed.
_Result = list[Relation] | ExtractionError

#: the longest exception message quoted in an internal-error line.
_MAX_MESSAGE = 300


def internal_error(article: Article, exc: Exception) -> ExtractionError:
    """The one-line report of ``exc``, raised while extracting ``article``.

    Examples
    --------
    >>> a = Article(id="a1", text="...", origin="news.jsonl:3")
    >>> print(internal_error(a, ValueError("list.remove(x): x not in list")))
    news.jsonl:3: internal error (ValueError: list.remove(x): x not in list) — please report it
    """
    from kg.ingest.report import display_name

    message = " ".join(str(exc).split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    what = type(exc).__name__ + (f": {message}" if message else "")
    where = display_name(article.origin or article.id)
    error = ExtractionError(f"{where}: internal error ({what}) — please report it")
    error.__cause__ = exc  # in this process, the traceback of the bug stays reachable
    return error


def _extract_batch(nlp: Language, articles: list[Article], batch_size: int) -> list[_Result]:
    """The relations of each article of a batch, or the error that one article raised.

    An exception (a bug) while processing one article must not lose the others:
    the batch is then parsed again one article at a time, and only the article
    that raises is given up. ``KeyboardInterrupt`` and ``SystemExit`` are no
    ``Exception`` and pass through.
    """
    try:
        return list(_parse_batch(nlp, articles, batch_size))
    except Exception as exc:
        if len(articles) == 1:
            return [internal_error(articles[0], exc)]
    out: list[_Result] = []
    for article in articles:
        try:
            out.extend(_parse_batch(nlp, [article], batch_size))
        except Exception as exc:
            out.append(internal_error(article, exc))
    return out


def _parse_batch(nlp: Language, articles: list[Article], batch_size: int) -> list[list[Relation]]:
    def jobs() -> Iterator[tuple[Doc, tuple[int, str, list[_Piece]]]]:
        # lazily: nlp.pipe holds only a batch of chunks, never a whole long article
        for n, article in enumerate(articles):
            for text, pieces in _iter_chunks(article):
                yield prepare_doc(nlp, text, article.date), (n, text, pieces)

    out: list[list[Relation]] = [[] for _ in articles]
    for doc, (n, text, pieces) in nlp.pipe(jobs(), as_tuples=True, batch_size=batch_size):
        _drop_context(doc, pieces)
        out[n].extend(extract_doc(articles[n], doc, text, pieces))
        total = len(articles[n].text)
        if _CHUNK_WATCHERS and total > _CHUNK_CHARS:
            done = max(p.orig_start + p.length for p in pieces)
            for watch in list(_CHUNK_WATCHERS):
                watch(articles[n], min(done, total), total)
    return [_dedupe(rels) for rels in out]


#: callbacks of :func:`watch_chunks`
_CHUNK_WATCHERS: list[Callable[[Article, int, int], None]] = []


@contextlib.contextmanager
def watch_chunks(callback: Callable[[Article, int, int], None]) -> Iterator[None]:
    """Within the block, tell ``callback(article, done, total)`` how far a long article got.

    An article longer than one Doc (20,000 characters) is parsed in chunks;
    after each chunk the callback gets the characters of the article read so
    far and its length, so a progress display can show how far a long article
    got while it is parsed (minutes for a few million characters). Chunks
    parsed in this process only: with ``workers > 1`` the worker processes
    report nothing.

    Examples
    --------
    >>> seen = []
    >>> with watch_chunks(lambda article, done, total: seen.append((done, total))):
    ...     pass
    >>> seen
    []
    """
    _CHUNK_WATCHERS.append(callback)
    try:
        yield
    finally:
        _CHUNK_WATCHERS.remove(callback)


#: the pipeline of a worker process, loaded once by :func:`_worker_init`.
_WORKER_NLP: Any = None
#: why the worker could not load its pipeline (re-raised with the first batch, so
#: the parent reports the user's mistake instead of a broken pool).
_WORKER_ERROR: KGError | None = None


def _worker_init(model: str | None, actors: tuple[str, ...] = ()) -> None:
    global _WORKER_NLP, _WORKER_ERROR
    import signal

    from kg.nlp.pipeline import load_pipeline

    # Ctrl-C reaches the whole process group: the parent stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    try:
        _WORKER_NLP = load_pipeline(model, actors)
    except KGError as exc:
        _WORKER_ERROR = exc


def _worker_batch(articles: list[Article], batch_size: int) -> list[_Result]:
    if _WORKER_ERROR is not None:
        raise _WORKER_ERROR
    return _extract_batch(_WORKER_NLP, articles, batch_size)


def max_in_flight(workers: int) -> int:
    """How many batches may be queued or parsing at once with ``workers`` processes.

    Two per worker keeps every process busy while the parent writes results, and
    bounds memory: the input is read only as fast as batches complete.

    Examples
    --------
    >>> max_in_flight(4)
    8
    """
    return 2 * workers


def iter_extractions(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    batch_size: int = 8,
    workers: int = 1,
    actors: Iterable[str | Path] | str | Path | None = None,
    on_error: Callable[[ExtractionError], None] | None = None,
) -> Iterator[tuple[Article, list[Relation]]]:
    """Yield each article with the relations read from it, in input order.

    Streams: articles are consumed lazily and parsed ``batch_size`` at a time,
    so memory stays flat whatever the corpus size. ``workers > 1`` parses
    batches in that many processes (each loading the model once), with at most
    :func:`max_in_flight` batches submitted at a time; the output is identical
    to one worker. ``actors`` are Turtle files extending the knowledge base
    (``$GEOKG_ACTORS`` when ``None``; see :func:`kg.nlp.pipeline.actor_files`).

    An article whose extraction raises (a bug) is not yielded: ``on_error``
    receives its :class:`~kg.errors.ExtractionError` (see
    :func:`internal_error`) and the other articles follow; without
    ``on_error`` the error is raised.

    Examples
    --------
    >>> list(iter_extractions([], workers=2))
    []
    >>> list(iter_extractions([], workers=0))
    Traceback (most recent call last):
    ...
    kg.errors.ConfigError: workers 0 must be at least 1; use --workers 1 (one process) or more
    """
    if batch_size < 1:
        raise ConfigError(f"batch size {batch_size} must be at least 1")
    if workers < 1:
        raise ConfigError(
            f"workers {workers} must be at least 1; use --workers 1 (one process) or more"
        )
    from kg.nlp.pipeline import actor_files

    files = actor_files(actors)
    stream = iter(articles)
    batches = iter(lambda: list(itertools.islice(stream, batch_size)), [])
    if workers == 1:
        from kg.nlp.pipeline import load_pipeline

        nlp = load_pipeline(model, files)
        for batch in batches:
            yield from _deliver(batch, _extract_batch(nlp, batch, batch_size), on_error)
        return
    first = next(batches, None)
    if first is None:  # nothing to parse: do not start processes
        return
    yield from _pool_extractions(
        itertools.chain([first], batches), model, batch_size, workers, files, on_error
    )


def _deliver(
    batch: list[Article],
    results: list[_Result],
    on_error: Callable[[ExtractionError], None] | None,
) -> Iterator[tuple[Article, list[Relation]]]:
    """The articles of a batch with their relations; the failed ones go to ``on_error``."""
    for article, result in zip(batch, results, strict=True):
        if isinstance(result, ExtractionError):
            if on_error is None:
                raise result
            on_error(result)
        else:
            yield article, result


def _pool_extractions(
    batches: Iterator[list[Article]],
    model: str | None,
    batch_size: int,
    workers: int,
    actors: tuple[str, ...] = (),
    on_error: Callable[[ExtractionError], None] | None = None,
) -> Iterator[tuple[Article, list[Relation]]]:
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    # spawn, not fork: a forked copy of a parent holding a loaded model (or a
    # store's file handles and threads) is neither safe nor smaller.
    pool = ProcessPoolExecutor(
        workers,
        mp_context=mp.get_context("spawn"),
        initializer=_worker_init,
        initargs=(model, actors),
    )
    # A window of futures, not pool.map/imap: those submit the whole input at once.
    window: deque[tuple[list[Article], Future[list[_Result]]]] = deque()
    limit = max_in_flight(workers)
    try:
        for batch in batches:
            window.append((batch, pool.submit(_worker_batch, batch, batch_size)))
            while len(window) >= limit:
                done, future = window.popleft()
                yield from _deliver(done, future.result(), on_error)
        while window:
            done, future = window.popleft()
            yield from _deliver(done, future.result(), on_error)
    except KeyboardInterrupt:
        # stop now, not after the batches in flight (their articles are dropped)
        procs: dict[Any, Any] = getattr(pool, "_processes", None) or {}
        for proc in list(procs.values()):
            proc.terminate()
        raise
    finally:
        # also on early close of the generator (the consumer stopped or failed)
        for _, future in window:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


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


class _CallableModule(types.ModuleType):
    """``kg.extract`` names both this module and the API function (``kg.extract(articles)``).

    Importing a submodule rebinds the package's attribute to the module, so
    after the first import ``kg.extract`` is this module: calling it calls
    :func:`extract`.
    """

    def __call__(self, articles: Iterable[Article], **kwargs: Any) -> Iterator[Relation]:
        return extract(articles, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
