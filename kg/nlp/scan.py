"""Fast scans of a Doc for the tokens a pass can act on.

Iterating a Doc makes a Python :class:`~spacy.tokens.Token` per word, which
costs more than most passes' own work; a pass that acts only on a few known
words ("government", "province", "protesters") scans the Doc's token array
instead and makes Tokens for the hits only.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = nlp("The Idlib province and the Hama province")
>>> indices(doc, frozenset({"province"}))
[2, 6]
"""

from __future__ import annotations

import functools

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

__all__ = ["indices", "string_ids"]


@functools.lru_cache(maxsize=64)
def string_ids(words: frozenset[str]) -> frozenset[int]:
    """The string-store ids (hashes) of ``words``."""
    return frozenset(get_string_id(w) for w in words)


def indices(
    doc: Doc,
    words: frozenset[str],
    *,
    lemma: bool = False,
    start: int = 0,
    end: int | None = None,
) -> list[int]:
    """Positions (in ``[start, end)``, the whole Doc by default) of the tokens whose
    lower-case form (or, with ``lemma``, lemma) is one of ``words``."""
    ids = string_ids(words)
    stop = len(doc) if end is None else end
    if not lemma:
        arr = doc.to_array(LOWER)[start:stop].tolist()
        return [start + k for k, x in enumerate(arr) if x in ids]
    pairs = doc.to_array([LOWER, LEMMA])[start:stop].tolist()
    return [start + k for k, (low, lem) in enumerate(pairs) if low in ids or lem in ids]
