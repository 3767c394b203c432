"""Fuzzing the extractor (issue 21): no generated sentence makes it raise.

A thousand sentences of ``tests/fuzz_corpus.py`` (seeded) go through the
real pipeline with :func:`kg.extract.iter_extractions`; every article whose
extraction raises would be handed to ``on_error``, and the test lists them.
The bigger run is ``benchmarks/fuzz_extract.py`` (20,000 sentences).
"""

from __future__ import annotations

import pytest
from fuzz_corpus import DAMAGE, sentences

from kg.errors import ExtractionError
from kg.extract import iter_extractions
from kg.model import Article

pytestmark = pytest.mark.model

#: sentences per run: about 17 s with the small model on one free core.
N = 1000


def test_no_generated_sentence_raises(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = sentences(N, seed=2021)
    articles = [Article(id=str(i), text=t, date="2023-02-11") for i, t in enumerate(texts)]
    errors: list[ExtractionError] = []
    relations = 0
    for article, rels in iter_extractions(articles, batch_size=64, on_error=errors.append):
        relations += len(rels)
        for r in rels:  # evidence is always a stretch of the article's own text
            assert r.evidence is not None
            start, end = r.evidence.span
            assert article.text[start:end] == r.evidence.sentence
    crashed = [f"{e} on {texts[int(str(e).split(':', 1)[0])]!r}" for e in errors]
    assert crashed == []
    assert relations > N  # the sentences are read, not just survived


def test_the_corpus_has_every_shape() -> None:
    texts = sentences(N, seed=2021)
    joined = "\n".join(texts)
    assert len(set(texts)) > 0.95 * N
    for mark in ("\u200b", "\u00a0", "\u0301", "\u202e", "🇱🇾", "’s", "—", "(", "-led"):
        assert mark in joined, mark
    assert any(t.isupper() for t in texts) and any(t == t.lower() and t for t in texts)
    assert any(t.count(",") >= 8 for t in texts)  # long lists of states
    assert set(DAMAGE) >= {"caps", "zero_width", "direction", "emoji", "combining", "spaces"}
