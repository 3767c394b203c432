"""The one place where geokg's spaCy components are registered.

spaCy imports this module through the ``spacy_factories`` entry points of the
installed package (see ``pyproject.toml``), so any spaCy program can call
``nlp.add_pipe("geokg_relations")``. It stays cheap to import: the component
classes (and the knowledge base, the lexicon) load when a component is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language

if TYPE_CHECKING:
    from kg.nlp.actors import ActorResolver
    from kg.nlp.coref import Coreference
    from kg.nlp.relations import RelationExtractor

__all__ = ["make_actor_resolver", "make_coref", "make_relation_extractor"]


@Language.factory(
    "geokg_actors",
    assigns=["doc.spans", "span._.actor", "doc._.geokg_mentions", "token.lemma"],
    requires=["token.dep", "token.pos", "doc.ents"],
    default_config={"extra_actors": [], "mint_unknown": True},
)
def make_actor_resolver(
    nlp: Language, name: str, *, extra_actors: list[str], mint_unknown: bool
) -> ActorResolver:
    """Resolve mentions (names, capitals, demonyms, titles) to knowledge-base actors."""
    from kg.nlp.actors import ActorResolver

    return ActorResolver(nlp, name, extra_actors=extra_actors, mint_unknown=mint_unknown)


@Language.factory(
    "geokg_coref",
    assigns=["doc._.geokg_mentions"],
    requires=["doc._.geokg_mentions"],
    default_config={"max_sentences_back": 4},
)
def make_coref(nlp: Language, name: str, *, max_sentences_back: int) -> Coreference:
    """Link pronouns, first-person speech and definite descriptions to earlier actors."""
    from kg.nlp.coref import Coreference

    return Coreference(nlp, name, max_sentences_back=max_sentences_back)


@Language.factory(
    "geokg_relations",
    assigns=["doc._.geokg_relations"],
    requires=["doc._.geokg_mentions"],
    default_config={"lexicon": None, "min_confidence": 0.0},
)
def make_relation_extractor(
    nlp: Language, name: str, *, lexicon: str | None, min_confidence: float
) -> RelationExtractor:
    """Read actor–relation–actor facts from the dependency parse."""
    from kg.nlp.relations import RelationExtractor

    return RelationExtractor(nlp, name, lexicon=lexicon, min_confidence=min_confidence)
