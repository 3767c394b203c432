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

from spacy.attrs import LEMMA, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc

from kg.nlp.scan import string_ids

__all__ = ["candidates", "repair_lemmas"]


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
