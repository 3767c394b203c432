"""Tests for kg.extract: articles in, Relations out (spans, header lines, dedupe,
dates, streaming, chunking of long articles)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kg.errors import ConfigError
from kg.extract import _chunks, extract, iter_extractions
from kg.ingest import parse_article_text
from kg.model import Article

pytestmark = pytest.mark.model

# the layout of a wire article: header line, headline, byline, dateline
WIRE = """\
date 2020-01-05 Example Wire
Turkey Backs GNA As Egypt Backs Haftar
By Jane Reporter

TRIPOLI (Example Wire - 5th January, 2020) Turkey backs the Government of National \
Accord, officials said.

Egypt and the United Arab Emirates support Khalifa Haftar.
Turkey backs the Government of National Accord, a minister repeated.
On 27 November 2019, Turkey signed a security pact with the GNA.
"""


@pytest.fixture(scope="module")
def wire() -> Article:
    return parse_article_text(WIRE, origin="wire.txt")


@pytest.fixture(scope="module")
def wire_relations(nlp: Any, wire: Article) -> list[Any]:
    return list(extract([wire]))


def test_extract_article_layout_recovered(wire: Article) -> None:
    assert wire.date == "2020-01-05"
    assert wire.source == "Example Wire"
    assert wire.title == "Turkey Backs GNA As Egypt Backs Haftar"
    assert wire.text.startswith("date 2020-01-05")


def test_extract_spans_map_back_to_article_text(wire: Article, wire_relations: list[Any]) -> None:
    assert wire_relations
    for r in wire_relations:
        start, end = r.evidence.span
        assert wire.text[start:end] == r.evidence.sentence
        assert r.article == wire.id


def test_extract_dateline_cut_from_lede_sentence(wire: Article, wire_relations: list[Any]) -> None:
    lede = [r for r in wire_relations if r.relation == "supports" and r.source.id == "TUR"]
    assert lede
    sentence = lede[0].evidence.sentence
    assert sentence.startswith("Turkey backs the Government of National Accord")
    assert "TRIPOLI" not in sentence and "Example Wire" not in sentence


def test_extract_header_lines_produce_no_relations(
    wire: Article, wire_relations: list[Any]
) -> None:
    body_start = wire.text.index("Turkey backs the Government")
    for r in wire_relations:
        assert r.evidence.span[0] >= body_start, r.to_dict()
    # the headline alone says "Egypt backs Haftar"; only the body sentence may give it
    for r in wire_relations:
        assert "By Jane Reporter" not in r.evidence.sentence
        assert "Turkey Backs GNA As" not in r.evidence.sentence


def test_extract_headline_only_article_gives_nothing(nlp: Any) -> None:
    text = "date 2020-01-05 Example Wire\nEgypt Backs Haftar In Libya\nBy Jane Reporter\n"
    assert list(extract([parse_article_text(text)])) == []


def test_extract_dedupes_per_article(wire_relations: list[Any]) -> None:
    keys = [r.key() for r in wire_relations]
    assert len(keys) == len(set(keys))
    # "Turkey backs the GNA" is said twice in the body, once as the lede
    assert keys.count(("supports", "TUR", "gna", False)) == 1


def test_extract_no_dedupe_across_articles(nlp: Any) -> None:
    a = Article(id="a", text="Turkey backs the GNA.", date="2020-01-01")
    b = Article(id="b", text="Turkey backs the GNA.", date="2020-01-02")
    rels = list(extract([a, b]))
    assert [(r.article, r.relation, r.date) for r in rels] == [
        ("a", "supports", "2020-01-01"),
        ("b", "supports", "2020-01-02"),
    ]


def test_extract_date_on_every_relation(wire: Article, wire_relations: list[Any]) -> None:
    for r in wire_relations:
        assert r.date is not None
    dated = {r.relation: r.date for r in wire_relations if r.source.id in ("TUR", "gna")}
    assert dated["supports"] == "2020-01-05"  # the article date
    assert dated["signs_agreement_with"] == "2019-11-27"  # the sentence's own date wins


def test_extract_without_any_date(nlp: Any) -> None:
    rels = list(extract([Article(id="n", text="Turkey backs the GNA.")]))
    assert rels and all(r.date is None for r in rels)


def test_extract_codes_and_confidence(wire_relations: list[Any]) -> None:
    from kg.vocab import relation_types

    types = relation_types()
    for r in wire_relations:
        assert 0.0 < r.confidence <= 1.0
        if r.relation != "affiliated_with":
            assert r.cameo == types[r.relation].cameo_root
            assert r.plover == types[r.relation].plover


def test_extract_streams_lazily(nlp: Any) -> None:
    pulled: list[str] = []

    def articles() -> Iterator[Article]:
        for i in range(50):
            pulled.append(f"a{i}")
            yield Article(id=f"a{i}", text="Egypt backs Haftar.", date="2020-01-05")

    stream = iter_extractions(articles(), batch_size=2)
    first, rels = next(stream)
    assert first.id == "a0"
    assert [r.relation for r in rels if r.relation != "affiliated_with"] == ["supports"]
    assert len(pulled) == 2  # one batch read, the rest untouched
    second, _ = next(stream)
    assert second.id == "a1" and len(pulled) == 2
    next(stream)
    assert len(pulled) == 4


def test_extract_bad_options_are_config_errors(nlp: Any) -> None:
    with pytest.raises(ConfigError, match="batch size"):
        list(iter_extractions([], batch_size=0))
    with pytest.raises(ConfigError, match="workers"):
        list(iter_extractions([], workers=0))


def test_extract_long_article_processed_in_chunks(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.extract as ex

    # chunks of 2,000 characters stand for the real 20,000: the same code, a tenth of the parse
    monkeypatch.setattr(ex, "_CHUNK_CHARS", 2_000)
    filler = "Extraordinarily comprehensive intergovernmental telecommunications modernization."
    lines = [filler] * 125
    lines[5] = "Egypt condemned Turkey."
    lines[-3] = "Chad condemned Sudan."
    text = "\n".join(lines) + "\n"
    assert len(text) > 10_000
    article = Article(id="long", text=text, date="2020-01-05")
    assert len(_chunks(article)) >= 5
    rels = list(extract([article]))
    got = {(r.relation, r.source.id, r.target.id): r for r in rels}
    assert ("opposes", "EGY", "TUR") in got
    late = got[("opposes", "TCD", "SDN")]  # a relation from the last chunk
    start, end = late.evidence.span
    assert text[start:end] == "Chad condemned Sudan."
    assert start > 9_000


def test_extract_long_single_paragraph_is_cut(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.extract as ex

    monkeypatch.setattr(ex, "_CHUNK_CHARS", 2_000)
    # one line longer than a chunk: cut at sentence ends, spans still exact
    sentence = "Extraordinarily comprehensive intergovernmental telecommunications reforms. "
    text = sentence * 135 + "Chad condemned Sudan."
    article = Article(id="para", text=text, date="2020-01-05")
    assert len(_chunks(article)) >= 5
    rels = [r for r in extract([article]) if r.relation == "opposes"]
    assert [(r.source.id, r.target.id) for r in rels] == [("TCD", "SDN")]
    start, end = rels[0].evidence.span
    assert text[start:end] == "Chad condemned Sudan."


@pytest.mark.model
def test_extract_chunks_carry_context_across_the_cut(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.extract as ex

    # small chunks so that a short text is cut: the pronoun opens the second chunk
    monkeypatch.setattr(ex, "_CHUNK_CHARS", 200)
    monkeypatch.setattr(ex, "_CONTEXT_CHARS", 40)
    filler = "The weather in the capital was mild for the season."
    first = "\n\n".join([filler] * 3 + ["Russia and China met in Beijing."])
    text = first + "\n\nThey signed a trade deal.\n\n" + "\n\n".join([filler] * 3)
    chunks = _chunks(Article(id="c", text=text))
    assert len(chunks) >= 2
    second_text, second_pieces = chunks[1]
    assert second_text.startswith("Russia and China met in Beijing.")  # context
    assert second_pieces[0].context and not second_pieces[1].context
    rels = list(extract([Article(id="c", text=text, date="2020-01-05")]))
    deals = [r for r in rels if r.relation == "signs_agreement_with"]
    assert {frozenset((r.source.id, r.target.id)) for r in deals} == {frozenset({"RUS", "CHN"})}
    start, end = deals[0].evidence.span
    assert text[start:end] == "They signed a trade deal."
    # the context sentence is read once, from its own chunk: no duplicate facts
    assert len(rels) == len({r.key() for r in rels})


@pytest.mark.model
def test_extract_long_article_parses_in_bounded_chunks(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.extract as ex

    monkeypatch.setattr(ex, "_CHUNK_CHARS", 300)
    monkeypatch.setattr(ex, "_CONTEXT_CHARS", 60)
    para = "Egypt condemned Turkey. The talks went on for hours in the capital."
    text = "\n\n".join([para] * 40)
    chunks = ex._chunks(Article(id="b", text=text))
    own = [sum(p.length for p in pieces if not p.context) for _, pieces in chunks]
    assert len(chunks) >= 8 and max(own) <= 300
    assert max(len(t) for t, _ in chunks) <= 300 + 60 + 2 * len(ex._SEP) * 6
    # every own piece maps back to the article exactly once, in order
    starts = [p.orig_start for _, pieces in chunks for p in pieces if not p.context]
    assert starts == sorted(set(starts)) and len(starts) == 40
    # chunks are produced lazily, one at a time
    gen = ex._iter_chunks(Article(id="b", text=text))
    assert next(gen)[0].startswith("Egypt condemned Turkey.")
