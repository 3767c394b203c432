"""Property-based tests (hypothesis): arbitrary text never breaks extraction, IRI
minting or the RDF mapping."""

from __future__ import annotations

import json
import unicodedata

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.model import ACTOR_TYPES, MODALITIES, Actor, Article, Evidence, Relation
from kg.rdf import KINDS, article_quads, mint_iri, to_rdflib_dataset
from kg.vocab import DEFAULT_BASE, relation_types

# --------------------------------------------------------------------------- strategies

#: any code point but lone surrogates (they cannot come out of a decoded file).
_chars = st.characters(blacklist_categories=("Cs",))
_SENTENCES = [
    "Egypt backs Khalifa Haftar.",
    "Turkey signed a security agreement with the Government of National Accord.",
    "Russia has not attacked Ukraine, officials said.",
    "China may condemn the sanctions imposed by the United States.",
    "If Iran strikes, Israel will retaliate.",
]
_RTL = ["مصر تدعم خليفة حفتر.", "מצרים תומכת בחפתר.", "Egypt يدعم Haftar."]
_EMOJI = ["🔥", "🇱🇾", "👩🏽‍💻", "💣💣💣", "\u200d", "\ufe0f"]
_CONTROL = ["\x00", "\x07", "\x1b", "\x0b", "\x0c", "\x7f", "\x85", "\u2028", "\u2029", "\r"]
_PUNCT = [".", "!", "?", "…", '"', "'", "«", "»", "(", ")", "-", "—", ";", ":", ",", "\n"]

_piece = st.one_of(
    st.sampled_from(_SENTENCES),
    st.sampled_from(_RTL),
    st.sampled_from(_EMOJI),
    st.sampled_from(_CONTROL),
    st.sampled_from(_PUNCT),
    st.text(_chars, max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from("aX9é中"), st.integers(200, 3000)),  # long token
    st.just(" "),
)
article_text = st.one_of(
    st.text(_chars, max_size=300),
    st.lists(_piece, max_size=25).map("".join),
    st.text(st.sampled_from(_PUNCT), max_size=50),  # only punctuation
)


# --------------------------------------------------------------------------- extraction


def _check_relation(r: Relation, article: Article) -> None:
    text = article.text
    assert r.article == article.id
    assert r.relation in relation_types()
    assert r.modality in MODALITIES
    assert isinstance(r.negated, bool)
    assert 0.0 <= r.confidence <= 1.0
    assert r.source.type in ACTOR_TYPES and r.target.type in ACTOR_TYPES
    assert r.source.id and r.target.id and r.source.label and r.target.label
    assert r.evidence is not None
    start, end = r.evidence.span
    assert 0 <= start <= end <= len(text)
    assert text[start:end] == r.evidence.sentence
    assert r.to_dict()["span"] == [start, end]


@pytest.mark.model
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text)
@example("")
@example("Egypt backs Khalifa Haftar.\x00\x00 🔥 مصر تدعم خليفة حفتر.\r\n\r\n" + "x" * 5000)
@example("\n\n\n...!!!???\n\n")
def test_properties_extraction_never_crashes_and_relations_are_valid(text: str) -> None:
    from kg.extract import extract

    article = Article(id="prop", text=text, date="2020-01-19")
    relations = list(extract([article]))
    for r in relations:
        _check_relation(r, article)
    # the same article twice gives the same relations (deterministic)
    assert [r.to_dict() for r in extract([article])] == [r.to_dict() for r in relations]


# --------------------------------------------------------------------------- IRI minting

#: arbitrary strings, lone surrogates included (JSON "\\ud800" escapes decode to them).
any_name = st.text(st.characters(), max_size=60)


def _turtle_parses(iri: str) -> None:
    data = f'<{iri}> <{iri}> "x" .\n@prefix p: <{iri}> .\np:a p:b p:c .\n'
    g = rdflib.Graph().parse(data=data, format="turtle")
    assert rdflib.URIRef(iri) in set(g.subjects())


@settings(max_examples=300, deadline=None)
@given(any_name, st.sampled_from(KINDS))
@example("a.", "actor")
@example("\ud800", "article")
@example("x> . <y", "actor")
def test_properties_mint_iri_is_a_valid_deterministic_iri(name: str, kind: str) -> None:
    iri = mint_iri(DEFAULT_BASE, kind, name)
    assert iri == mint_iri(DEFAULT_BASE, kind, name)
    assert iri.startswith(f"{DEFAULT_BASE}{kind}/") and iri.isascii()
    assert ox.NamedNode(iri).value == iri  # raises on an invalid IRI
    _turtle_parses(iri)
    # and it survives a round trip through Oxigraph's Turtle writer with prefixes
    q = ox.Quad(ox.NamedNode(iri), ox.NamedNode(iri), ox.NamedNode(iri))
    out = ox.serialize([q], format=ox.RdfFormat.TURTLE, prefixes={"p": f"{DEFAULT_BASE}{kind}/"})
    parsed = rdflib.Graph().parse(data=out.decode(), format="turtle")
    assert set(parsed) == {(rdflib.URIRef(iri),) * 3}


def _canonical(name: str) -> str:
    # Canonically equivalent strings (NFC) are the same name; "" mints "_" by design.
    return unicodedata.normalize("NFC", name) or "_"


@settings(max_examples=300, deadline=None)
@given(any_name, any_name)
@example("\ud800", "?")
@example("a.", "a%2E")
@example("e\u0301", "\u00e9")
def test_properties_mint_iri_distinct_names_distinct_iris(a: str, b: str) -> None:
    same = mint_iri(DEFAULT_BASE, "actor", a) == mint_iri(DEFAULT_BASE, "actor", b)
    assert same == (_canonical(a) == _canonical(b))


# --------------------------------------------------------------------------- RDF mapping

_text_no_surrogates = st.text(_chars, max_size=80)


@settings(max_examples=120, deadline=None)
@given(
    ident=_text_no_surrogates.filter(lambda s: s != ""),
    title=_text_no_surrogates,
    source=_text_no_surrogates,
    url=_text_no_surrogates,
    label=_text_no_surrogates,
)
def test_properties_article_quads_serialize_and_parse(
    ident: str, title: str, source: str, url: str, label: str
) -> None:
    article = Article(id=ident, text="t", title=title, source=source, url=url, date="2020-01-19")
    who = Actor(ident, label, "Person")
    rel = Relation(
        ident,
        "accuses",
        who,
        Actor("EGY", "Egypt", "State", "EGY"),
        evidence=Evidence(title, (0, len(title))),
        role=label or None,
    )
    quads = article_quads(article, [rel])
    expected = {(s, p, o) for s, p, o, _ in to_rdflib_dataset(quads).quads()}
    for fmt, name in ((ox.RdfFormat.TRIG, "trig"), (ox.RdfFormat.N_QUADS, "nquads")):
        data = ox.serialize(quads, format=fmt).decode("utf-8")
        ds = rdflib.Dataset()
        ds.parse(data=data, format=name)
        assert {(s, p, o) for s, p, o, _ in ds.quads()} == expected
    # pyoxigraph reads its own output back to the same quads
    again = list(
        ox.parse(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    )
    assert set(again) == set(quads)
    literals = {str(o) for _, _, o in expected if isinstance(o, rdflib.Literal)}
    for value in (title, source, label):
        if value:
            assert value in literals  # byte-identical


@settings(max_examples=60, deadline=None)
@given(ident=any_name, title=any_name)
def test_properties_article_quads_with_surrogates_still_serialize(ident: str, title: str) -> None:
    quads = article_quads(Article(id=ident or "x", text="t", title=title), [])
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG).decode("utf-8")
    ds = rdflib.Dataset()
    ds.parse(data=data, format="trig")
    assert len(list(ds.quads())) == len(quads)


@pytest.mark.model
def test_properties_relation_checks_are_not_vacuous() -> None:
    from kg.extract import extract

    text = (
        "\x07🔥 מצרים. Egypt backs Khalifa Haftar.\n\n"
        + "x" * 3000
        + "\n\nRussia attacked Ukraine."
    )
    article = Article(id="prop", text=text, date="2020-01-19")
    relations = list(extract([article]))
    assert {r.relation for r in relations} >= {"supports", "attacks"}
    for r in relations:
        _check_relation(r, article)


# --------------------------------------------------------------------------- ingestion

_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(st.characters(), max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_jsonl_line = st.one_of(
    st.fixed_dictionaries(
        {"text": st.text(st.characters(), max_size=80)},
        optional={"id": _json_value, "date": _json_value, "title": _json_value, "url": _json_value},
    ).map(json.dumps),
    _json_value.map(json.dumps),
    st.text(max_size=40),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(st.characters(), max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(_jsonl_line, max_size=6).map(
            lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass")
        ),
    ),
    suffix=st.sampled_from([".txt", ".jsonl", ".html", ".rss", ".xml"]),
)
def test_properties_ingest_arbitrary_bytes_never_crash(
    tmp_path_factory, data: bytes, suffix: str
) -> None:
    from kg.ingest import SkipReport, read_articles

    path = tmp_path_factory.mktemp("in") / f"input{suffix}"
    path.write_bytes(data)
    report = SkipReport()
    articles = list(read_articles([path], on_error=report))
    for a in articles:
        assert isinstance(a.id, str) and a.id and isinstance(a.text, str) and a.text.strip()
        assert a.date is None or (len(a.date) == 10 and "1800" <= a.date[:4] <= "2100")
        assert a.origin is not None and str(path) in a.origin
        for value in (a.title, a.source, a.url):
            assert value is None or isinstance(value, str)
    for message in report.messages:
        assert message.startswith(("skipped: ", "warning: ")) and str(path) in message
    if not articles:
        assert report.skipped >= 1  # nothing read is always reported


# --------------------------------------------------------------------------- the store

_store_text = st.text(_chars, max_size=60)


@settings(max_examples=100, deadline=None)
@given(ident=_store_text.filter(bool), title=_store_text, label=_store_text)
def test_properties_store_keeps_any_text_exactly(ident: str, title: str, label: str) -> None:
    # The store writes articles with SPARQL updates built from serialized terms:
    # any text must come back byte-identical and change nothing else.
    from kg.store import open_store

    article = Article(id=ident, text="t", title=title or None, source=label or None)
    who = Actor(ident, label, "Person")
    rel = Relation(ident, "urges", who, Actor("EGY", "Egypt", "State", "EGY"))
    with open_store(None) as store:
        store.replace_article(article, [rel])
        assert list(store.article_ids()) == [unicodedata.normalize("NFC", ident)]
        assert store.has_article(ident)
        rows = store.query("SELECT ?l WHERE { ?x a geo:Person ; rdfs:label ?l }").rows
        assert rows == [{"l": label}]
        if title:
            found = store.query(
                "SELECT ?a WHERE { ?a dcterms:title ?t }", bindings={"t": title}
            ).rows
            assert len(found) == 1
        # article graphs and the actors graph, exactly as written
        prefixes = (DEFAULT_BASE + "article/", DEFAULT_BASE + "graph/actors")
        quads = {q for q in store.oxigraph if q.graph_name.value.startswith(prefixes)}
        assert quads == set(article_quads(article, [rel]))
