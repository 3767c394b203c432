"""Relation extraction from the dependency parse (the ``geokg_relations`` component).

For each trigger of the lexicon (``ontology/lexicon.ttl`` and the entries
compiled from the CAMEO verb dictionary) in a sentence, the extractor finds
the source and target actors from the parse and the mentions of
:mod:`kg.nlp.actors` / :mod:`kg.nlp.coref`:

- verbs: subject → object or prepositional object; passives swap them
  ("Haftar is supported by Cairo"), relative clauses take the noun they modify ("the
  Houthis, whom Iran supports"), controlled clauses take their
  controller ("Lithuania vowed to go on arming Kyiv");
- nouns: "Tehran's support for Russia", "sanctions on Iran" under a light verb
  that passes on its subject ("The US imposed sanctions on Iran");
- adjectival predicates ("Spain is opposed to the plan") and participles ("the
  Iran-backed Houthis");
- multiword patterns: "came to the aid of".

Every relation carries negation ("did not", "denied supporting", "declined to
condemn", "no", "neither … nor"), modality (can/could/may/might → possible,
will/pledge/plan → intended, if-clauses → conditional) and the speaker of
reported speech. What an actor is *urged* or *asked* to do is not asserted and
is dropped — except that an agentless "X was asked to help Y" recovers Y as
the one asking, at a lower confidence (:data:`INFERRED_CONFIDENCE`).

The parts are modules of plain functions over spaCy tokens, in layers that
import one way (each only from the ones before it):
:mod:`~kg.nlp.relations.common` (:class:`Found`, the
:class:`~kg.nlp.relations.common.RelationContext` of one Doc, parse helpers),
:mod:`~kg.nlp.relations.arguments` (actors of noun phrases and clauses),
:mod:`~kg.nlp.relations.polarity` (negation, modality, suppression, speaker),
:mod:`~kg.nlp.relations.triggers` (lexicon entries read with their
arguments), :mod:`~kg.nlp.relations.repairs` (rules over a sentence's
triggers, pairing into relations, affiliations) and
:mod:`~kg.nlp.relations.component` (the spaCy ``Pipe`` and the pure
:func:`iter_relations`). What a Doc's reading shares (lexicon, knowledge
base, mention index, date) is one frozen
:class:`~kg.nlp.relations.common.RelationContext`, passed to every function
as its first argument.
"""

from __future__ import annotations

from kg.nlp.relations.common import INFERRED_CONFIDENCE, Found
from kg.nlp.relations.component import RelationExtractor, iter_relations

__all__ = ["INFERRED_CONFIDENCE", "Found", "RelationExtractor", "iter_relations"]
