"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest

from kg.model import Actor, Article, Evidence, Relation


@pytest.fixture
def libya_article() -> Article:
    """A short hand-written article about Libya (2019–20)."""
    return Article(
        id="libya-2019-12",
        text=(
            "Khalifa Haftar is backed by Egypt and the United Arab Emirates. "
            "Turkey signed a security agreement with the Government of National Accord. "
            "Turkey has not been asked for military aid, officials said. "
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
    s3 = "Turkey has not been asked for military aid, officials said."
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
