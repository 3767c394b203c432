"""The compiled index (kg.cache, issue 23 item 8): the knowledge base, lexicon,
places and gazetteer load from a pickle keyed by their sources' hashes, are
rebuilt when a source changes (the user's actor files too), and a cache
directory that cannot be written or holds a damaged file only costs time."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from kg.cache import CACHE_ENV, cache_dir, cached

TURTLE = """\
@prefix act: <https://w3id.org/geokg/actor/> .
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
act:{id} a geo:ArmedGroup ; rdfs:label "{label}" ; geo:country act:KEN .
"""


class Counter:
    def __init__(self, src: Path) -> None:
        self.src, self.calls = src, 0

    def __call__(self) -> list[str]:
        self.calls += 1
        return self.src.read_text(encoding="utf-8").split()


def test_cached_builds_once_then_rebuilds_when_a_source_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    src = tmp_path / "words.txt"
    src.write_text("red green", encoding="utf-8")
    build = Counter(src)
    assert cached("words", [src], build) == ["red", "green"]
    assert cached("words", [src], build) == ["red", "green"]
    assert build.calls == 1
    src.write_text("red blue", encoding="utf-8")
    assert cached("words", [src], build) == ["red", "blue"]
    assert build.calls == 2
    # a few versions of one kind stay (two checkouts sharing the directory must
    # not delete each other's index), the oldest go; other kinds are untouched
    cached("other", [src], build)
    assert len(list((tmp_path / "c").glob("words-*.pickle"))) == 2
    assert len(list((tmp_path / "c").glob("other-*.pickle"))) == 1
    for i in range(6):
        src.write_text(f"red {i}", encoding="utf-8")
        assert cached("words", [src], build) == ["red", str(i)]
    assert len(list((tmp_path / "c").glob("words-*.pickle"))) == 4
    # the newest is among those kept: built once, then read
    calls = build.calls
    assert cached("words", [src], build) == ["red", "5"]
    assert build.calls == calls


def test_cached_salt_and_missing_source_change_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    src = tmp_path / "words.txt"
    src.write_text("one", encoding="utf-8")
    build = Counter(src)
    cached("w", [src], build, salt="model-a")
    cached("w", [src], build, salt="model-b")
    assert build.calls == 2
    cached("w", [src, tmp_path / "not-there.ttl"], build, salt="model-b")
    assert build.calls == 3


def test_cached_falls_back_when_the_directory_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    src = tmp_path / "words.txt"
    src.write_text("still works", encoding="utf-8")
    build = Counter(src)
    assert cached("words", [src], build) == ["still", "works"]
    assert cached("words", [src], build) == ["still", "works"]
    assert build.calls == 2  # nothing stored, nothing raised


def test_cached_rebuilds_a_damaged_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    src = tmp_path / "words.txt"
    src.write_text("alpha", encoding="utf-8")
    build = Counter(src)
    cached("words", [src], build)
    (stored,) = (tmp_path / "c").glob("words-*.pickle")
    stored.write_bytes(b"\x80\x05garbage")
    assert cached("words", [src], build) == ["alpha"]
    assert build.calls == 2
    assert pickle.loads(stored.read_bytes()) == ["alpha"]


def test_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_dir() is None
    src = tmp_path / "w.txt"
    src.write_text("x", encoding="utf-8")
    build = Counter(src)
    cached("w", [src], build)
    cached("w", [src], build)
    assert build.calls == 2
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "geokg"


def test_actor_kb_follows_an_edited_user_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.kb import ActorKB

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    user = tmp_path / "mine.ttl"
    user.write_text(TURTLE.format(id="reed_front", label="Reed Valley Front"), encoding="utf-8")
    first = ActorKB.load([user])
    assert first.resolve("Reed Valley Front").actor.id == "reed_front"
    again = ActorKB.load([user])  # from the index now
    assert again.resolve("Reed Valley Front").actor.id == "reed_front"
    assert again.resolve("Ankara").actor.id == "TUR"
    user.write_text(TURTLE.format(id="salt_front", label="Salt Marsh Front"), encoding="utf-8")
    edited = ActorKB.load([user])
    assert edited.resolve("Salt Marsh Front").actor.id == "salt_front"
    assert edited.resolve("Reed Valley Front") is None


def test_cached_and_parsed_knowledge_bases_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.kb import ActorKB
    from kg.places import PlaceKB

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    ActorKB.load()
    PlaceKB.load()
    kb, places = ActorKB.load(), PlaceKB.load()  # read back from the index
    monkeypatch.setenv(CACHE_ENV, "off")
    kb0, places0 = ActorKB.load(), PlaceKB.load()
    for name in ("Ankara", "the UAE", "Turkish officials", "Congo", "NATO", "the French president"):
        assert kb.lookup(name, date="2019-05-01") == kb0.lookup(name, date="2019-05-01"), name
    assert sorted(kb.names()) == sorted(kb0.names())
    for name in ("Tripoli", "Kharkiv", "Crimea"):
        assert places.lookup(name) == places0.lookup(name)
    assert places.governments("LBY", "2019-06-01") == places0.governments("LBY", "2019-06-01")


@pytest.mark.model
def test_gazetteer_finds_what_a_phrase_matcher_finds(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.matcher import PhraseMatcher

    from kg.kb import load_kb
    from kg.nlp.gazetteer import Gazetteer

    kb = load_kb()
    names = list(kb.names())
    gazetteer = Gazetteer.build(nlp, names)
    cased = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    for surface, actor_id, sensitive in names:
        (cased if sensitive else folded).add(actor_id, [nlp.make_doc(surface)])
    texts = [
        "The US and the united nations met Hamas in Doha after Ankara's call.",
        "Ethiopian troops and the African Union mission left Mogadishu; the UAE did not.",
        "NATO, the EU and Russia's Wagner Group traded blame over the strikes on Kharkiv.",
        "turkey and chicken were served at the Kremlin while the kremlin stayed silent.",
    ]
    for text in texts:
        doc = nlp.make_doc(text)
        want = {(s, e) for m in (cased, folded) for _, s, e in m(doc)}
        got = {(s, e) for s, e, _ids, _folded in gazetteer(doc)}
        assert got == want, text
        assert got  # every text names something the knowledge base knows
