"""The gazetteer: every name of the knowledge base, matched as a token sequence.

It finds what spaCy's ``PhraseMatcher`` would (the exact token sequences of
each name, by ``ORTH`` for case-sensitive names and ``LOWER`` for the others)
but keeps the names as tuples of token texts. Tokenizing ~10,000 names is
the slowest part of building a matcher, so the table is built once per model
tokenizer and knowledge base and kept in the compiled index (:mod:`kg.cache`).

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> g = Gazetteer.build(nlp, [("United Nations", "UN", False), ("US", "USA", True)])
>>> doc = nlp("The united nations and the US met.")
>>> [(doc[s:e].text, ids, folded) for s, e, ids, folded in g(doc)]
[('US', ('USA',), False), ('united nations', ('UN',), True)]
>>> g(nlp("us and them"))
[]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Gazetteer", "tokenizer_salt"]

_Table = dict[tuple[str, ...], tuple[str, ...]]


def tokenizer_salt(nlp: Language) -> str:
    """What the gazetteer's table depends on in the model: its tokenizer's rules."""
    to_bytes = getattr(nlp.tokenizer, "to_bytes", None)
    data = to_bytes(exclude=["vocab"]) if to_bytes is not None else repr(nlp.tokenizer).encode()
    meta = f"{nlp.meta.get('lang')}:{nlp.meta.get('name')}:{nlp.meta.get('version')}"
    return meta + ":" + hashlib.sha256(data).hexdigest()[:16]


class Gazetteer:
    """Names as token sequences: ``cased`` match by text, ``folded`` by lower-case text."""

    def __init__(self, cased: _Table, folded: _Table) -> None:
        self.cased = cased
        self.folded = folded
        self._lengths = tuple(_lengths(t) for t in (cased, folded))

    @classmethod
    def build(cls, nlp: Language, names: Iterable[tuple[str, str, bool]]) -> Gazetteer:
        """Tokenize ``(surface, actor id, case_sensitive)`` names with ``nlp``'s tokenizer."""
        cased: dict[tuple[str, ...], list[str]] = {}
        folded: dict[tuple[str, ...], list[str]] = {}
        for surface, actor_id, sensitive in sorted(set(names)):
            words = tuple(t.text for t in nlp.make_doc(surface))
            if not words:
                continue
            table = cased if sensitive else folded
            key = words if sensitive else tuple(w.lower() for w in words)
            ids = table.setdefault(key, [])
            if actor_id not in ids:
                ids.append(actor_id)
        return cls(
            {k: tuple(v) for k, v in cased.items()}, {k: tuple(v) for k, v in folded.items()}
        )

    def __getstate__(self) -> tuple[_Table, _Table]:
        return self.cased, self.folded

    def __setstate__(self, state: tuple[_Table, _Table]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def __call__(self, doc: Doc) -> list[tuple[int, int, tuple[str, ...], bool]]:
        """``(start, end, actor ids, folded)`` of every match, case-sensitive ones first
        (``folded``: matched by lower-case text)."""
        out: list[tuple[int, int, tuple[str, ...], bool]] = []
        for words, table, lengths, folded in (
            ([t.text for t in doc], self.cased, self._lengths[0], False),
            ([t.lower_ for t in doc], self.folded, self._lengths[1], True),
        ):
            n = len(words)
            for i, w in enumerate(words):
                for size in lengths.get(w, ()):
                    if i + size <= n:
                        ids = table.get(tuple(words[i : i + size]))
                        if ids is not None:
                            out.append((i, i + size, ids, folded))
        return out


def _lengths(table: _Table) -> dict[str, tuple[int, ...]]:
    """For each first word, the lengths of the names that start with it."""
    found: dict[str, set[int]] = {}
    for key in table:
        found.setdefault(key[0], set()).add(len(key))
    return {w: tuple(sorted(s)) for w, s in found.items()}
