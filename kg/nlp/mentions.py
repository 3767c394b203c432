"""Mentions: stretches of a Doc that stand for actors, and the sentence helpers
every geokg component shares (actors, context, coreference, relations).

Kept apart from :mod:`kg.nlp.actors` so the components built on mentions do
not import the resolver that makes them (no import circles).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.model import Actor

if TYPE_CHECKING:
    from kg.kb import Role

__all__ = ["Mention", "mention_index", "mentions_of", "sentence_of", "sentences"]


@dataclass(frozen=True)
class Mention:
    """A stretch of tokens ``[start, end)`` that refers to one or more actors.

    ``how`` says why it was linked ("name", "capital", "demonym", "title",
    "minted", "coref", ...), ``why`` says it for people. ``affiliation`` is set
    for titled persons; ``actors`` holds several actors for plural pronouns that
    stand for a coordination ("their" → Moscow and Ankara).
    """

    start: int
    end: int
    actor: Actor
    how: str
    why: str = ""
    affiliation: Role | None = None
    actors: tuple[Actor, ...] = ()
    fallback: tuple[Actor, ...] = ()

    @property
    def all_actors(self) -> tuple[Actor, ...]:
        """Every actor the mention stands for (usually one)."""
        return self.actors or (self.actor,)


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc``, or the whole Doc as one when nothing set boundaries
    (a pipeline without parser or sentencizer)."""
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]] if len(doc) else []


def sentence_of(tok: Token) -> Span:
    """The sentence (as :func:`sentences` cuts them) that holds ``tok``."""
    return next(s for s in sentences(tok.doc) if s.start <= tok.i < s.end)


def mentions_of(doc: Doc) -> list[Mention]:
    """The mentions found in ``doc`` (empty before ``geokg_actors`` has run)."""
    return list(doc._.geokg_mentions or [])


def mention_index(mentions: Iterable[Mention]) -> dict[int, Mention]:
    """Token index → the mention covering it."""
    index: dict[int, Mention] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            index.setdefault(i, m)
    return index
