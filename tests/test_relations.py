"""Tests for kg.nlp.relations, the ``geokg_relations`` component.

Two parts:

1. unit tests on Docs built by hand (words, heads, deps, POS, lemmas and actor
   mentions given explicitly), so they test the extractor's rules and not the
   statistical parser;
2. a table of sentences through the whole pipeline (``@pytest.mark.model``):
   sentence → the relations a reader would expect. Expected values are what
   the sentence says, never adjusted to the output; cases the current
   extractor gets wrong are ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from kg.nlp.actors import Mention
from kg.nlp.relations import RelationExtractor


@pytest.fixture(scope="module")
def extractor() -> RelationExtractor:
    return RelationExtractor(spacy.blank("en"))


def _run(extractor: RelationExtractor, doc: Any) -> set[tuple[str, str, str, bool, str]]:
    extractor(doc)
    return {
        (f.relation, f.source.id, f.target.id, f.negated, f.modality) for f in doc._.geokg_relations
    }


# ----------------------------------------------------------------------------
# hand-built Docs: each entry is (words, heads, deps, pos, lemmas, tags, mentions)
# ----------------------------------------------------------------------------
_P = "PROPN"


def _w(text: str) -> list[str]:
    """Tokens (or lemmas, tags) written as one space-separated string."""
    return text.split()


ACTIVE = dict(
    words=["Egypt", "backs", "Haftar", "."],
    heads=[1, 1, 1, 1],
    deps=["nsubj", "ROOT", "dobj", "punct"],
    pos=[_P, "VERB", _P, "PUNCT"],
    lemmas=["Egypt", "back", "Haftar", "."],
    tags=["NNP", "VBZ", "NNP", "."],
    mentions={(0, 1): "EGY", (2, 3): "khalifa_haftar"},
)

PASSIVE_AGENT = dict(
    words=["Haftar", "is", "backed", "by", "Egypt", "and", "the", "UAE", "."],
    heads=[2, 2, 2, 2, 3, 4, 7, 4, 2],
    deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "cc", "det", "conj", "punct"],
    pos=[_P, "AUX", "VERB", "ADP", _P, "CCONJ", "DET", _P, "PUNCT"],
    lemmas=["Haftar", "be", "back", "by", "Egypt", "and", "the", "UAE", "."],
    tags=["NNP", "VBZ", "VBN", "IN", "NNP", "CC", "DT", "NNP", "."],
    mentions={(0, 1): "khalifa_haftar", (4, 5): "EGY", (7, 8): "ARE"},
)

RELCL_PASSIVE = dict(
    words=_w("The Houthis , who are supported by Iran , attacked Saudi Arabia ."),
    heads=[1, 9, 1, 5, 5, 1, 5, 6, 1, 9, 11, 9, 9],
    deps=[
        "det",
        "nsubj",
        "punct",
        "nsubjpass",
        "auxpass",
        "relcl",
        "agent",
        "pobj",
        "punct",
        "ROOT",
        "compound",
        "dobj",
        "punct",
    ],
    pos=[
        "DET",
        _P,
        "PUNCT",
        "PRON",
        "AUX",
        "VERB",
        "ADP",
        _P,
        "PUNCT",
        "VERB",
        _P,
        _P,
        "PUNCT",
    ],
    lemmas=_w("the Houthis , who be support by Iran , attack Saudi Arabia ."),
    tags=_w("DT NNP , WP VBP VBN IN NNP , VBD NNP NNP ."),
    mentions={(1, 2): "houthis", (7, 8): "IRN", (10, 12): "SAU"},
)

COORDINATION = dict(
    words=_w("Russia and China oppose NATO and the EU ."),
    heads=[3, 0, 0, 3, 3, 4, 7, 4, 3],
    deps=["nsubj", "cc", "conj", "ROOT", "dobj", "cc", "det", "conj", "punct"],
    pos=[_P, "CCONJ", _P, "VERB", _P, "CCONJ", "DET", _P, "PUNCT"],
    lemmas=_w("Russia and China oppose NATO and the EU ."),
    tags=_w("NNP CC NNP VBP NNP CC DT NNP ."),
    mentions={(0, 1): "RUS", (2, 3): "CHN", (4, 5): "nato", (7, 8): "eu"},
)

SYMMETRIC_COORD = dict(
    words=_w("Russia and Turkey signed an agreement ."),
    heads=[3, 0, 0, 3, 5, 3, 3],
    deps=["nsubj", "cc", "conj", "ROOT", "det", "dobj", "punct"],
    pos=[_P, "CCONJ", _P, "VERB", "DET", "NOUN", "PUNCT"],
    lemmas=_w("Russia and Turkey sign an agreement ."),
    tags=_w("NNP CC NNP VBD DT NN ."),
    mentions={(0, 1): "RUS", (2, 3): "TUR"},
)

NEG_NOT = dict(
    words=_w("Turkey did not condemn Russia ."),
    heads=[3, 3, 3, 3, 3, 3],
    deps=["nsubj", "aux", "neg", "ROOT", "dobj", "punct"],
    pos=[_P, "AUX", "PART", "VERB", _P, "PUNCT"],
    lemmas=_w("Turkey do not condemn Russia ."),
    tags=_w("NNP VBD RB VB NNP ."),
    mentions={(0, 1): "TUR", (4, 5): "RUS"},
)

NEG_DENY = dict(
    words=_w("Iran denied arming the Houthis ."),
    heads=[1, 1, 1, 4, 2, 1],
    deps=["nsubj", "ROOT", "xcomp", "det", "dobj", "punct"],
    pos=[_P, "VERB", "VERB", "DET", _P, "PUNCT"],
    lemmas=_w("Iran deny arm the Houthis ."),
    tags=_w("NNP VBD VBG DT NNP ."),
    mentions={(0, 1): "IRN", (4, 5): "houthis"},
)

# "voiced no support for Haftar": a light verb, a noun trigger with det "no"
NEG_NO_DET = dict(
    words=_w("Egypt voiced no support for Haftar ."),
    heads=[1, 1, 3, 1, 3, 4, 1],
    deps=["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
    pos=[_P, "VERB", "DET", "NOUN", "ADP", _P, "PUNCT"],
    lemmas=_w("Egypt voice no support for Haftar ."),
    tags=_w("NNP VBD DT NN IN NNP ."),
    mentions={(0, 1): "EGY", (5, 6): "khalifa_haftar"},
)

# the model's parse of "Egypt gave no support to Haftar .": "to" is a dative of "gave"
NEG_NO_DET_DATIVE = dict(
    words=_w("Egypt gave no support to Haftar ."),
    heads=[1, 1, 3, 1, 1, 4, 1],
    deps=["nsubj", "ROOT", "det", "dobj", "dative", "pobj", "punct"],
    pos=[_P, "VERB", "DET", "NOUN", "ADP", _P, "PUNCT"],
    lemmas=_w("Egypt give no support to Haftar ."),
    tags=_w("NNP VBD DT NN IN NNP ."),
    mentions={(0, 1): "EGY", (5, 6): "khalifa_haftar"},
)

MODAL_COULD = dict(
    words=_w("Turkey could attack Syria ."),
    heads=[2, 2, 2, 2, 2],
    deps=["nsubj", "aux", "ROOT", "dobj", "punct"],
    pos=[_P, "AUX", "VERB", _P, "PUNCT"],
    lemmas=_w("Turkey could attack Syria ."),
    tags=_w("NNP MD VB NNP ."),
    mentions={(0, 1): "TUR", (3, 4): "SYR"},
)

MODAL_WILL = dict(
    MODAL_COULD,
    words=_w("China will sanction Taiwan ."),
    lemmas=_w("China will sanction Taiwan ."),
    mentions={(0, 1): "CHN", (3, 4): "TWN"},
)

MODAL_IF = dict(
    words=_w("If Iran attacks Israel , Israel will respond ."),
    heads=[2, 2, 7, 2, 7, 7, 7, 7, 7],
    deps=["mark", "nsubj", "advcl", "dobj", "punct", "nsubj", "aux", "ROOT", "punct"],
    pos=["SCONJ", _P, "VERB", _P, "PUNCT", _P, "AUX", "VERB", "PUNCT"],
    lemmas=_w("if Iran attack Israel , Israel will respond ."),
    tags=_w("IN NNP VBZ NNP , NNP MD VB ."),
    mentions={(1, 2): "IRN", (3, 4): "ISR", (5, 6): "ISR"},
)

MODAL_PLEDGE = dict(
    words=_w("France and Germany pledged to send aid to Ukraine ."),
    heads=[3, 0, 0, 3, 5, 3, 5, 5, 7, 3],
    deps=["nsubj", "cc", "conj", "ROOT", "aux", "xcomp", "dobj", "prep", "pobj", "punct"],
    pos=[_P, "CCONJ", _P, "VERB", "PART", "VERB", "NOUN", "ADP", _P, "PUNCT"],
    lemmas=_w("France and Germany pledge to send aid to Ukraine ."),
    tags=_w("NNP CC NNP VBD TO VB NN IN NNP ."),
    mentions={(0, 1): "FRA", (2, 3): "DEU", (8, 9): "UKR"},
)

LIGHT_VERB = dict(
    words=_w("The US imposed sanctions on Iran ."),
    heads=[1, 2, 2, 2, 3, 4, 2],
    deps=["det", "nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
    pos=["DET", _P, "VERB", "NOUN", "ADP", _P, "PUNCT"],
    lemmas=_w("the US impose sanction on Iran ."),
    tags=_w("DT NNP VBD NNS IN NNP ."),
    mentions={(1, 2): "USA", (5, 6): "IRN"},
)

PARTICIPLE = dict(
    words=_w("The UAE - backed STC seized Aden ."),
    heads=[4, 3, 3, 4, 5, 5, 5, 5],
    deps=["det", "npadvmod", "punct", "amod", "nsubj", "ROOT", "dobj", "punct"],
    pos=["DET", _P, "PUNCT", "VERB", _P, "VERB", _P, "PUNCT"],
    lemmas=_w("the UAE - back STC seize Aden ."),
    tags=_w("DT NNP HYPH VBN NNP VBN NNP ."),
    mentions={(1, 2): "ARE", (4, 5): "stc"},
)

RECIPROCAL = dict(
    words=_w("Armenia clashed with Azerbaijan ."),
    heads=[1, 1, 1, 2, 1],
    deps=["nsubj", "ROOT", "prep", "pobj", "punct"],
    pos=[_P, "VERB", "ADP", _P, "PUNCT"],
    lemmas=_w("Armenia clash with Azerbaijan ."),
    tags=_w("NNP VBD IN NNP ."),
    mentions={(0, 1): "ARM", (3, 4): "AZE"},
)

DIRECTIVE = dict(
    words=_w("The EU urged Serbia to normalize relations with Kosovo ."),
    heads=[1, 2, 2, 2, 5, 2, 5, 6, 7, 2],
    deps=["det", "nsubj", "ROOT", "dobj", "aux", "xcomp", "dobj", "prep", "pobj", "punct"],
    pos=["DET", _P, "VERB", _P, "PART", "VERB", "NOUN", "ADP", _P, "PUNCT"],
    lemmas=_w("the EU urge Serbia to normalize relation with Kosovo ."),
    tags=_w("DT NNP VBD NNP TO VB NNS IN NNP ."),
    mentions={(1, 2): "eu", (3, 4): "SRB", (8, 9): "XKX"},
)

UNDIRECTED = dict(
    words=_w("Serbia normalized relations with Kosovo ."),
    heads=[1, 1, 1, 2, 3, 1],
    deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
    pos=[_P, "VERB", "NOUN", "ADP", _P, "PUNCT"],
    lemmas=_w("Serbia normalize relation with Kosovo ."),
    tags=_w("NNP VBD NNS IN NNP ."),
    mentions={(0, 1): "SRB", (4, 5): "XKX"},
)

REPORTED = dict(
    words=_w("Qatar said that Iran had attacked Israel ."),
    heads=[1, 1, 5, 5, 5, 1, 5, 1],
    deps=["nsubj", "ROOT", "mark", "nsubj", "aux", "ccomp", "dobj", "punct"],
    pos=[_P, "VERB", "SCONJ", _P, "AUX", "VERB", _P, "PUNCT"],
    lemmas=_w("Qatar say that Iran have attack Israel ."),
    tags=_w("NNP VBD IN NNP VBD VBN NNP ."),
    mentions={(0, 1): "QAT", (3, 4): "IRN", (6, 7): "ISR"},
)

PERSON_ROLLUP = dict(
    words=_w("Putin hosted Erdogan in Sochi ."),
    heads=[1, 1, 1, 1, 3, 1],
    deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
    pos=[_P, "VERB", _P, "ADP", _P, "PUNCT"],
    lemmas=_w("Putin host Erdogan in Sochi ."),
    tags=_w("NNP VBD NNP IN NNP ."),
    mentions={(0, 1): "vladimir_putin", (2, 3): "recep_tayyip_erdogan"},
)

HAND_CASES = [
    pytest.param(ACTIVE, {("supports", "EGY", "khalifa_haftar", False, "asserted")}, id="active"),
    pytest.param(
        PASSIVE_AGENT,
        {
            ("supports", "EGY", "khalifa_haftar", False, "asserted"),
            ("supports", "ARE", "khalifa_haftar", False, "asserted"),
        },
        id="passive-agent-coordinated",
    ),
    pytest.param(
        RELCL_PASSIVE,
        {
            ("supports", "IRN", "houthis", False, "asserted"),
            ("attacks", "houthis", "SAU", False, "asserted"),
        },
        id="relative-clause-passive",
    ),
    pytest.param(
        COORDINATION,
        {("opposes", s, t, False, "asserted") for s in ("RUS", "CHN") for t in ("nato", "eu")},
        id="coordination-both-sides",
    ),
    pytest.param(
        SYMMETRIC_COORD,
        {("signs_agreement_with", "RUS", "TUR", False, "asserted")},
        id="symmetric-coordinated-subject",
    ),
    pytest.param(NEG_NOT, {("opposes", "TUR", "RUS", True, "asserted")}, id="negation-not"),
    pytest.param(
        NEG_DENY, {("provides_aid_to", "IRN", "houthis", True, "asserted")}, id="negation-deny"
    ),
    pytest.param(
        NEG_NO_DET,
        {("supports", "EGY", "khalifa_haftar", True, "asserted")},
        id="negation-no",
        marks=pytest.mark.xfail(
            reason="RelationExtractor.negated counts det 'no' twice when the noun trigger is "
            "the dobj of its light verb (once via the verb's objects, once via the noun "
            "itself), so 'Egypt voiced no support for Haftar' comes out negated=False",
            strict=True,
        ),
    ),
    pytest.param(MODAL_COULD, {("attacks", "TUR", "SYR", False, "possible")}, id="modal-could"),
    pytest.param(MODAL_WILL, {("sanctions", "CHN", "TWN", False, "intended")}, id="modal-will"),
    pytest.param(MODAL_IF, {("attacks", "IRN", "ISR", False, "conditional")}, id="modal-if"),
    pytest.param(
        MODAL_PLEDGE,
        {
            ("provides_aid_to", "FRA", "UKR", False, "intended"),
            ("provides_aid_to", "DEU", "UKR", False, "intended"),
        },
        id="modal-pledge",
    ),
    pytest.param(
        LIGHT_VERB, {("sanctions", "USA", "IRN", False, "asserted")}, id="light-verb-noun"
    ),
    pytest.param(PARTICIPLE, {("supports", "ARE", "stc", False, "asserted")}, id="participle"),
    pytest.param(
        RECIPROCAL,
        {
            ("attacks", "ARM", "AZE", False, "asserted"),
            ("attacks", "AZE", "ARM", False, "asserted"),
        },
        id="reciprocal",
    ),
    pytest.param(DIRECTIVE, {("urges", "eu", "SRB", False, "asserted")}, id="directive-suppresses"),
    pytest.param(
        UNDIRECTED,
        {("cooperates_with", "SRB", "XKX", False, "asserted")},
        id="same-clause-undirected",
    ),
    pytest.param(REPORTED, {("attacks", "IRN", "ISR", False, "asserted")}, id="reported-speech"),
    pytest.param(
        PERSON_ROLLUP,
        {("meets_with", "RUS", "TUR", False, "asserted")},
        id="leaders-roll-up-to-states",
    ),
]


@pytest.mark.parametrize(("spec", "expected"), HAND_CASES)
def test_relations_hand_built_docs(
    extractor: RelationExtractor, hand_doc: Any, spec: dict[str, Any], expected: set[Any]
) -> None:
    doc = hand_doc(**spec, date="2020-01-05")
    assert _run(extractor, doc) == expected


@pytest.mark.xfail(
    reason="light verb + noun trigger: a to-phrase parsed as 'dative' of the light verb "
    "('Egypt gave no support to Haftar', en_core_web_sm's parse) is not taken as the "
    "noun's target (_targets_via follows only prep/agent/prt/advmod children)",
    strict=True,
)
def test_relations_light_verb_dative_target(extractor: RelationExtractor, hand_doc: Any) -> None:
    got = _run(extractor, hand_doc(**NEG_NO_DET_DATIVE))
    # "give support to" reads as support or as aid; either is right, negated
    assert {(r[0], r[1], r[2], r[3]) for r in got} & {
        ("supports", "EGY", "khalifa_haftar", True),
        ("provides_aid_to", "EGY", "khalifa_haftar", True),
    }


def test_relations_reported_speech_keeps_the_speaker(
    extractor: RelationExtractor, hand_doc: Any
) -> None:
    doc = extractor(hand_doc(**REPORTED))
    (found,) = doc._.geokg_relations
    assert (found.source.id, found.target.id) == ("IRN", "ISR")
    assert found.speaker is not None and found.speaker.id == "QAT"


def test_relations_found_carries_sentence_offsets_and_date(
    extractor: RelationExtractor, hand_doc: Any
) -> None:
    doc = extractor(hand_doc(**ACTIVE, date="2019-12-14"))
    (found,) = doc._.geokg_relations
    assert doc.text[found.sent_start : found.sent_end].startswith("Egypt backs Haftar")
    assert found.date == "2019-12-14"
    assert doc[found.trigger].lemma_ == "back"
    assert 0.0 < found.confidence <= 1.0


def test_relations_symmetric_pair_in_sorted_order(
    extractor: RelationExtractor, hand_doc: Any
) -> None:
    # "Turkey and Russia signed ..." gives the same pair as "Russia and Turkey ..."
    spec = dict(
        SYMMETRIC_COORD,
        words=_w("Turkey and Russia signed an agreement ."),
        lemmas=_w("Turkey and Russia sign an agreement ."),
        mentions={(0, 1): "TUR", (2, 3): "RUS"},
    )
    assert _run(extractor, hand_doc(**spec)) == {
        ("signs_agreement_with", "RUS", "TUR", False, "asserted")
    }


def test_relations_no_mentions_no_relations(extractor: RelationExtractor, hand_doc: Any) -> None:
    spec = dict(ACTIVE, mentions={})
    assert _run(extractor, hand_doc(**spec)) == set()


def test_relations_affiliation_from_titled_mention(
    extractor: RelationExtractor, hand_doc: Any
) -> None:
    from kg.kb import Role, load_kb

    kb = load_kb()
    person = kb.get("mevlut_cavusoglu")
    assert person is not None
    role = Role("mevlut_cavusoglu", "foreign minister", "TUR")
    spec = dict(
        words=_w("Turkish Foreign Minister Mevlut Cavusoglu spoke ."),
        heads=[4, 2, 4, 4, 5, 5, 5],
        deps=["amod", "compound", "compound", "compound", "nsubj", "ROOT", "punct"],
        pos=["ADJ", _P, _P, _P, _P, "VERB", "PUNCT"],
        lemmas=_w("Turkish Foreign Minister Mevlut Cavusoglu speak ."),
        mentions={(0, 5): Mention(0, 5, person, "title", "", role)},
    )
    doc = extractor(hand_doc(**spec))
    found = [f for f in doc._.geokg_relations if f.relation == "affiliated_with"]
    assert [(f.source.id, f.target.id, f.role) for f in found] == [
        ("mevlut_cavusoglu", "TUR", "foreign minister")
    ]


def test_relations_min_confidence_filters(hand_doc: Any) -> None:
    strict = RelationExtractor(spacy.blank("en"), min_confidence=0.999)
    assert _run(strict, hand_doc(**ACTIVE)) == set()
