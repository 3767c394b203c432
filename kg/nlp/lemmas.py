"""Lexicon-guided repair of verb lemmas.

The small English model's lemmatizer gets a few regular verb forms wrong
("staged" → "stag", "waged" → "wag", "resupplied" → "resupplie"), and a
trigger or light verb with a wrong lemma is never found. When a verb's lemma
is no verb the lexicon knows, but a regular de-inflection of its surface form
is, that form becomes its lemma.

Examples
--------
>>> candidates("staged")
['stag', 'stage', 'staged']
>>> candidates("resupplies")
['resuppli', 'resupplie', 'resupply', 'resupplies']
"""

from __future__ import annotations

from collections.abc import Set

from spacy.attrs import DEP, LEMMA, LOWER, ORTH, POS, TAG
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Token

from kg.nlp.scan import string_ids

__all__ = ["candidates", "repair_lemmas", "repair_predicates"]


def candidates(word: str) -> list[str]:
    """Regular de-inflections of a verb form, shortest suffix first, then the form."""
    w = word.lower()
    out: list[str] = []
    if w.endswith("ied") or w.endswith("ies"):
        out += [w[:-2], w[:-1], w[:-3] + "y"]
    elif w.endswith("ed"):
        out += [w[:-2], w[:-1]]
    elif w.endswith("ing"):
        out += [w[:-3], w[:-3] + "e"]
    elif w.endswith("es"):
        out += [w[:-2], w[:-1]]
    elif w.endswith("s"):
        out += [w[:-1]]
    return [*out, w]


def repair_lemmas(doc: Doc, verbs: Set[str]) -> int:
    """Give each verb whose lemma is not in ``verbs`` a de-inflection that is;
    returns how many lemmas changed."""
    changed = 0
    known = string_ids(frozenset(verbs))
    arr = doc.to_array([POS, LEMMA]).tolist()
    # an array scan: only verbs with an unknown lemma become Tokens
    for i in [i for i, (pos, lem) in enumerate(arr) if pos in (VERB, AUX) and lem not in known]:
        tok = doc[i]
        if tok.lemma_.lower() in verbs:
            continue
        for cand in candidates(tok.text):
            if cand in verbs:
                tok.lemma_ = cand
                changed += 1
                break
    return changed


#: parts of speech the small model gives verbs it misreads ("back" ADV after a
#: coordinated subject, "arms" NOUN, "armed" ADJ)
_MISTAGGED = frozenset({"ADV", "NOUN", "ADJ", "PROPN"})
#: dependents that make a word a noun or adjective in its own right ("the arms",
#: "its funds", "heavily armed", "very armed")
_NOMINAL_DEPS = frozenset({"det", "poss", "amod", "nummod", "case", "advmod", "compound"})
#: dependents only a predicate has
_VERBAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "aux", "auxpass", "neg"})
_NOUNISH = frozenset({"PROPN", "NOUN", "PRON"})


def _verb_lemma(text: str, verbs: Set[str]) -> str | None:
    return next((c for c in candidates(text) if c in verbs), None)


def _verb_tag(text: str) -> str:
    w = text.lower()
    if w.endswith("ed"):
        return "VBD"
    if w.endswith("s"):
        return "VBZ"
    return "VBP"


def _as_verb(tok: Token, lemma: str, tag: str | None = None) -> None:
    tok.pos_ = "VERB"
    tok.tag_ = tag or _verb_tag(tok.text)
    tok.lemma_ = lemma


def repair_predicates(doc: Doc, verbs: Set[str]) -> int:
    """Read as verbs the trigger verbs the small model tags as another part of
    speech in predicate position; returns how many words changed.

    Three shapes:

    * the tree is a clause but the tag is not ("Russia and China back/ADV the
      junta", with ``back`` the root over its subject and object): the tag is
      mended;
    * a participle after a copula tagged as an adjective ("are armed/ADJ and
      funded by Iran"): it becomes a passive participle (``VBN``);
    * a sentence with no verbal root, whose trigger word stands between a noun
      phrase and another ("Egypt and the UAE back/ADV Haftar" parsed as
      ``Egypt`` → advmod ``back``, appos ``Haftar``; "Iran arms/NOUN and funds
      the rebels"): the word becomes the root, the phrase before it its
      subject, the phrase after it its object.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(
    ...     spacy.blank("en").vocab,
    ...     words=["Egypt", "and", "Qatar", "back", "Haftar", "."],
    ...     heads=[0, 0, 0, 0, 0, 0],
    ...     deps=["ROOT", "cc", "conj", "advmod", "appos", "punct"],
    ...     pos=["PROPN", "CCONJ", "PROPN", "ADV", "PROPN", "PUNCT"],
    ... )
    >>> repair_predicates(doc, {"back"})
    1
    >>> [(t.text, t.dep_, t.head.text) for t in doc if t.dep_ in ("ROOT", "nsubj", "dobj")]
    [('Egypt', 'nsubj', 'back'), ('back', 'ROOT', 'back'), ('Haftar', 'dobj', 'back')]
    """
    if not verbs:
        return 0
    changed = 0
    strings = doc.vocab.strings
    # array scans: only the few words that may need mending become Tokens
    arr = doc.to_array([POS, LOWER, ORTH, DEP, TAG]).tolist()
    mistagged = {strings[p] for p in _MISTAGGED}
    lemma_of: dict[int, str | None] = {}
    hits = []
    for i, (pos, low, orth, _, _) in enumerate(arr):
        if pos in mistagged and low == orth:
            if low not in lemma_of:
                lemma_of[low] = _verb_lemma(strings[low], verbs)
            if lemma_of[low] is not None:
                hits.append(i)
    for i in hits:
        tok = doc[i]
        lemma = lemma_of[arr[i][1]]
        if lemma is None or tok.i == tok.sent.start:
            continue
        kids = {c.dep_ for c in tok.children}
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "conj") and tok.text.endswith("ed"):
            head = tok.head
            if tok.dep_ == "acomp" and head.lemma_ != "be":
                continue
            if tok.dep_ == "conj" and head.tag_ != "VBN" and head.dep_ != "acomp":
                continue
            _as_verb(tok, lemma, "VBN")
            changed += 1
        elif (kids & {"nsubj", "nsubjpass"} and kids & {"dobj", "agent", "dative"}) or (
            "auxpass" in kids and tok.text.endswith("ed")
        ):
            if kids & (_NOMINAL_DEPS - {"advmod", "compound"}):
                continue
            _as_verb(tok, lemma, "VBN" if "auxpass" in kids else None)
            changed += 1
        elif _reroot(tok, verbs):
            _as_verb(tok, lemma)
            changed += 1
    finite = {strings["VBD"], strings["VBZ"]}
    inside = {strings[d] for d in ("amod", "compound", "nmod")}
    verb_pos = strings["VERB"]
    mended: set[int] = set()
    for i, (pos, _, _, dep, tag) in enumerate(arr):
        if pos != verb_pos or tag not in finite or dep not in inside:
            continue
        tok = doc[i]
        sent = tok.sent
        # "X's support for Y angered/VBD Z" read as one noun phrase with an
        # adjectival "angered": a finite verb form is the predicate
        if sent.start in mended or sent.root.pos_ in ("VERB", "AUX"):
            continue
        if tok.dep_ in ("amod", "compound", "nmod") and _reroot(tok, verbs, finite=True):
            mended.add(sent.start)
            changed += 1
    nmod, compound = strings["nmod"], strings["compound"]
    for i in [i for i, row in enumerate(arr) if row[3] in (nmod, compound)]:
        tok = doc[i]
        # "Secretary of State Rex Tillerson and Foreign Minister Wang Yi held talks"
        # read with the first name as a modifier of the second: they are coordinated
        if i + 2 >= len(doc) or tok.pos_ != "PROPN" or tok.dep_ not in ("nmod", "compound"):
            continue
        head, cc = tok.head, doc[i + 1]
        if (
            cc.lower_ == "and"
            and head.i > i + 1
            and head.pos_ == "PROPN"
            and head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
            and doc[i + 2 : head.i + 1].root.i == head.i
        ):
            # the first name heads the coordination, as spaCy reads conjuncts
            governor, role = head.head, head.dep_
            tok.head = governor
            tok.dep_ = role
            head.head = tok
            head.dep_ = "conj"
            changed += 1
    for tok in _still_labelled(doc, arr, "oprd"):
        # "Biden called Zelensky on Monday": a lone name is the object, not a
        # predicate ("called him a liar" keeps its object and predicate)
        if tok.pos_ == "PROPN" and not any(c.dep_ in ("dobj", "dative") for c in tok.head.children):
            tok.dep_ = "dobj"
            changed += 1
    for tok in _still_labelled(doc, arr, "appos"):
        verb = tok.head
        # "trains and arms the GNA" with the object read as an apposition of the verb
        if (
            verb.pos_ == "VERB"
            and verb.i < tok.i
            and not any(c.dep_ in ("dobj", "dative", "ccomp", "xcomp") for c in verb.children)
        ):
            tok.dep_ = "dobj"
            changed += 1
    return changed


def _still_labelled(doc: Doc, arr: list[list[int]], label: str) -> list[Token]:
    """The tokens the parser labelled ``label`` (``arr``: the Doc's POS, LOWER,
    ORTH, DEP, TAG rows) that no earlier repair relabelled."""
    dep = doc.vocab.strings[label]
    return [doc[i] for i, row in enumerate(arr) if row[3] == dep and doc[i].dep_ == label]


def _reroot(tok: Token, verbs: Set[str], finite: bool = False) -> bool:
    """Make ``tok`` the predicate of the noun phrase it was misread into when it
    stands between two noun phrases ("Egypt and the UAE back Haftar" read as one
    phrase headed by ``Egypt``); True when it did. The phrase is the sentence
    (``tok`` becomes the root) or the complement of a verb ("…, officials said")."""
    if any(c.dep_ in _NOMINAL_DEPS and c.dep_ != "compound" for c in tok.children):
        return False
    phrase = tok
    while phrase.head.i != phrase.i and phrase.head.pos_ not in ("VERB", "AUX"):
        phrase = phrase.head
    if phrase.pos_ not in _NOUNISH and phrase.i != tok.i:
        return False
    if (
        not finite
        and tok.i != phrase.i
        and tok.dep_ in ("pobj", "dobj", "nsubj", "poss", "compound", "amod")
    ):
        return False
    doc = tok.doc
    first, end = phrase.left_edge.i, phrase.right_edge.i + 1
    if tok.i <= first or tok.i + 1 >= end:
        return False
    prev, nxt = doc[tok.i - 1], doc[tok.i + 1]
    coordinated = [
        c
        for c in tok.children
        if c.dep_ == "conj" and c.i > tok.i and _verb_lemma(c.text, verbs) and c.is_lower
    ]
    if nxt.pos_ == "CCONJ" and coordinated:
        nxt = coordinated[0]
    if prev.pos_ not in _NOUNISH or nxt.pos_ not in (*_NOUNISH, "DET", "ADJ", "VERB"):
        return False
    if nxt.i in {c.i for c in coordinated} and nxt.i + 1 >= end:
        return False
    left = [t for t in doc[first : tok.i] if t.head.i == t.i or not first <= t.head.i < tok.i]
    right = [t for t in doc[tok.i + 1 : end] if t.head.i == t.i or not tok.i < t.head.i < end]
    # the last verb coordinated with tok before the object takes it ("arms and funds X")
    last = coordinated[-1] if coordinated else tok
    governor = phrase.head if phrase.head.i != phrase.i else None
    tok.head = tok
    if governor is None:
        tok.dep_ = "ROOT"
    obj_done = False
    for t in right:
        if t in coordinated:
            continue
        if not obj_done and t.pos_ in _NOUNISH:
            t.head = last if last.i < t.i else tok
            t.dep_ = "dobj"
            obj_done = True
        else:
            t.head = tok
            if t.dep_ in ("ROOT", "appos"):
                t.dep_ = "dep"
    if phrase.i < tok.i:
        subject: Token | None = phrase
    else:
        subject = next((t for t in reversed(left) if t.pos_ in _NOUNISH), None)
    for t in left:
        before = doc[t.left_edge.i - 1] if t.left_edge.i > first else None
        if (
            (subject is None or t.i != subject.i)
            and before is not None
            and before.pos_ == "ADP"
            and not any(c.dep_ == "pobj" for c in before.children)
        ):
            # "support for Moscow angered Kyiv": Moscow is the preposition's object
            t.head = before
            t.dep_ = "pobj"
            continue
        t.head = tok
        if subject is not None and t.i == subject.i:
            t.dep_ = "nsubj"
    if governor is not None:
        tok.head = governor
        tok.dep_ = "ccomp"
    for c in coordinated:
        lemma = _verb_lemma(c.text, verbs)
        if lemma is not None and c.pos_ != "VERB":
            _as_verb(c, lemma)
    return True
