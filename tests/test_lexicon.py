"""Tests for kg.nlp.lexicon: the bundled trigger lexicon and user lexicon files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy

from kg.errors import ConfigError
from kg.nlp.lexicon import load_lexicon
from kg.nlp.relations import RelationExtractor
from kg.vocab import EVENT_RELATIONS, relation_types

USER_LEXICON = """\
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix lex: <https://w3id.org/geokg/lexicon#> .

# a trigger the bundled lexicon does not have
lex:fete_v a geo:Trigger ; geo:triggerRelation geo:supports ; geo:triggerPos "VERB" ;
    geo:lexeme "fete", "lionize" ; lex:via "dobj" ; lex:confidence 0.66 .
lex:dinner_n a geo:Trigger ; geo:triggerRelation geo:meets_with ; geo:triggerPos "NOUN" ;
    geo:lexeme "dinner" ; lex:via "with" .
lex:hold a lex:LightVerb ; geo:lexeme "host" .
lex:shun a lex:Negator ; geo:lexeme "shun" .
"""

# "Qatar feted Hamas ."
FETE = {
    "words": ["Qatar", "feted", "Hamas", "."],
    "heads": [1, 1, 1, 1],
    "deps": ["nsubj", "ROOT", "dobj", "punct"],
    "pos": ["PROPN", "VERB", "PROPN", "PUNCT"],
    "lemmas": ["Qatar", "fete", "Hamas", "."],
    "mentions": {(0, 1): "QAT", (2, 3): "hamas"},
}


def _triples(doc: Any) -> set[tuple[str, str, str, bool]]:
    return {(f.relation, f.source.id, f.target.id, f.negated) for f in doc._.geokg_relations}


def test_lexicon_bundled_covers_every_event_relation() -> None:
    lex = load_lexicon()
    events = {name for name in relation_types() if name != "affiliated_with"}
    assert events == set(EVENT_RELATIONS)
    assert len(events) == 17
    missing = events - lex.relations
    assert not missing, f"relations without a trigger: {sorted(missing)}"


def test_lexicon_bundled_names_only_known_relations() -> None:
    lex = load_lexicon()
    assert lex.relations <= set(relation_types())
    for (pos, lemma), entries in lex.triggers.items():
        assert pos in ("VERB", "NOUN", "ADJ"), (pos, lemma)
        assert lemma == lemma.lower()
        for entry in entries:
            assert 0.0 < entry.confidence <= 1.0, entry.name


def test_lexicon_bundled_function_word_classes() -> None:
    lex = load_lexicon()
    assert {"hold", "impose", "sign"} <= lex.light_verbs
    assert {"deny", "decline", "refuse"} <= lex.negators
    assert {"pledge", "vow", "plan"} <= lex.intent_verbs
    assert {"urge", "ask", "call"} <= lex.directives
    assert (("come", "to", "the", "aid", "of"), "provides_aid_to") in lex.patterns
    assert lex.source.endswith("lexicon.ttl")


def test_lexicon_bundled_lookup_by_part_of_speech() -> None:
    lex = load_lexicon()
    assert {t.relation for t in lex.lookup("VERB", "condemn") if not t.cameo} == {"opposes"}
    assert {t.relation for t in lex.lookup("NOUN", "sanction")} == {"sanctions"}
    assert any(t.relation == "supports" for t in lex.lookup("ADJ", "backed"))
    assert any(t.reciprocal for t in lex.lookup("VERB", "clash"))
    assert lex.lookup("VERB", "no-such-lemma") == ()


def test_lexicon_user_file_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "my_lexicon.ttl"
    path.write_text(USER_LEXICON, encoding="utf-8")
    lex = load_lexicon(str(path))
    (entry,) = lex.lookup("VERB", "fete")
    assert entry.relation == "supports"
    assert entry.confidence == pytest.approx(0.66)
    assert lex.lookup("VERB", "lionize") == (entry,)
    assert lex.lookup("NOUN", "dinner")[0].via == ("with",)
    assert "shun" in lex.negators
    assert "host" in lex.light_verbs
    # a user lexicon extends the bundled one
    assert lex.relations >= {"supports", "meets_with", "attacks", "sanctions"}
    assert lex.lookup("VERB", "back")
    assert lex.source == str(path)


def test_lexicon_user_trigger_used_by_relation_extractor(tmp_path: Path, hand_doc: Any) -> None:
    path = tmp_path / "my_lexicon.ttl"
    path.write_text(USER_LEXICON, encoding="utf-8")
    nlp = spacy.blank("en")
    bundled = RelationExtractor(nlp)
    user = RelationExtractor(nlp, lexicon=str(path))
    assert bundled.lex.lookup("VERB", "fete") == ()  # the case really needs the user file
    assert _triples(bundled(hand_doc(**FETE))) == set()
    doc = user(hand_doc(**FETE))
    assert _triples(doc) == {("supports", "QAT", "hamas", False)}
    (found,) = doc._.geokg_relations
    assert found.confidence == pytest.approx(0.66)


def test_lexicon_user_file_through_add_pipe_config(tmp_path: Path, hand_doc: Any) -> None:
    path = tmp_path / "my_lexicon.ttl"
    path.write_text(USER_LEXICON, encoding="utf-8")
    nlp = spacy.blank("en")
    component = nlp.add_pipe("geokg_relations", config={"lexicon": str(path)})
    assert _triples(component(hand_doc(**FETE))) == {("supports", "QAT", "hamas", False)}


def test_lexicon_bad_turtle_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(USER_LEXICON.replace(' ; lex:via "dobj"', ' ; lex:via "dobj'), "utf-8")
    with pytest.raises(ConfigError) as info:
        load_lexicon(str(path))
    assert str(path) in str(info.value)
    assert "not valid Turtle" in str(info.value)


def test_lexicon_missing_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.ttl"
    with pytest.raises(ConfigError, match=r"nowhere\.ttl"):
        load_lexicon(str(path))


def test_lexicon_entry_without_relation_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "incomplete.ttl"
    path.write_text(
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n"
        "@prefix lex: <https://w3id.org/geokg/lexicon#> .\n"
        'lex:odd a geo:Trigger ; geo:triggerPos "VERB" ; geo:lexeme "odd" .\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="triggerRelation"):
        load_lexicon(str(path))


# ------------------------------------------------ the lexicon is all data
_ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
_GEO = "https://w3id.org/geokg/ontology#"
_LEX = "https://w3id.org/geokg/lexicon#"


def _graphs() -> dict[str, Any]:
    import rdflib

    return {
        f.name: rdflib.Graph().parse(f, format="turtle") for f in sorted(_ONTOLOGY.glob("*.ttl"))
    }


#: terms of ontology files owned by other parts of geokg that are not declared
#: yet; the list may only shrink (the test fails on a new undeclared term, and
#: on a listed term once it is declared, so that it is taken off the list).
_NOT_YET_DECLARED: dict[str, set[str]] = {}


def test_lexicon_every_ontology_term_is_declared() -> None:
    import rdflib
    from rdflib.namespace import RDF

    graphs = _graphs()
    declared = {str(s) for g in graphs.values() for s in g.subjects(RDF.type, None)}
    for name, g in graphs.items():
        used = set()
        for _, p, o in g:
            used.add(str(p))
            if p == RDF.type or (isinstance(o, rdflib.URIRef) and str(p).startswith(_GEO)):
                used.add(str(o))
        undeclared = {
            u.rsplit("#", 1)[-1] for u in used if u.startswith((_GEO, _LEX)) and u not in declared
        }
        known = _NOT_YET_DECLARED.get(name, set())
        assert undeclared <= known, f"{name} uses undeclared terms {sorted(undeclared - known)}"
        assert known <= undeclared, f"{name}: declared now, take off the list: {known - undeclared}"


def test_lexicon_every_word_class_is_declared_and_read_by_the_code() -> None:
    from rdflib.namespace import OWL, RDF

    from kg.nlp.lexicon import WORD_CLASSES

    graph = _graphs()["lexicon.ttl"]
    classes = {
        str(c)[len(_LEX) :] for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(_LEX)
    }
    # entry kinds with their own structure (not word lists)
    structured = {
        "Pattern",
        "ReactiveRelation",
        "ImplicitTarget",
        "ImplicitSource",
        "ImplicitCrowd",
        "ActorDescription",
        "TopicRelation",
    }
    assert classes - structured == set(WORD_CLASSES), "declared vs WORD_CLASSES"
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (_ONTOLOGY.parent / "kg" / "nlp").rglob("*.py")
        if p.name != "lexicon.py"
    )
    lex = load_lexicon()
    for cls, accessor in WORD_CLASSES.items():
        assert getattr(lex, accessor), f"lex:{cls} has no words"
        assert f".{accessor}" in code, f"lex:{cls} ({accessor}) is never read"
    assert lex.reactive and "lex.reactive" in code
    with pytest.raises(KeyError, match="no word class"):
        lex.word_class("NoSuchClass")


def test_lexicon_possible_verb_gives_possible_modality(hand_doc: Any) -> None:
    # "Iran can strike Israel ."
    doc = hand_doc(
        words=["Iran", "can", "strike", "Israel", "."],
        heads=[2, 2, 2, 2, 2],
        deps=["nsubj", "aux", "ROOT", "dobj", "punct"],
        pos=["PROPN", "AUX", "VERB", "PROPN", "PUNCT"],
        lemmas=["Iran", "can", "strike", "Israel", "."],
        mentions={(0, 1): "IRN", (3, 4): "ISR"},
    )
    (found,) = RelationExtractor(spacy.blank("en"))(doc)._.geokg_relations
    assert (found.relation, found.source.id, found.target.id) == ("attacks", "IRN", "ISR")
    assert found.modality == "possible"
