"""The named code paths (rules) of the relation extractor, each a switch.

Every relation the extractor reads carries a provenance tag: the rules that
made or changed it (``Found.rule``, names joined by ``+``) and the lexicon
entry it read (``Found.entry``). A :class:`~kg.nlp.lexicon.Lexicon` whose
``disabled`` set names a rule runs without it (``lex.enabled(name)`` is false),
which is how ``kg eval --ablate`` (:mod:`kg.ablate`) measures what each rule
adds and removes. The data the rules read (triggers, word classes) is ablated
by editing the lexicon instead; see :mod:`kg.ablate`.

``kind`` says how a rule acts: ``make`` rules create readings, ``change``
rules fill in or alter a reading's actors or relation, ``filter`` rules drop
readings (they leave no tag, so ablating one reruns every sentence).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RULES", "Rule", "rule_names"]


@dataclass(frozen=True)
class Rule:
    """One named code path: its name, kind (``make``, ``change``, ``filter``) and
    a one-line description of the construction."""

    name: str
    kind: str
    description: str


_TABLE = (
    # triggers.py: verb entries
    ("verb", "make", "a verb entry: subject → object or prepositional slot"),
    ("verb passive", "make", "a passive verb: by-agent → subject"),
    ("verb passive participle", "make", "'the militia armed by X': X → the noun"),
    ("verb source slot", "make", "an entry whose source is a slot: 'received aid from X'"),
    ("ccomp target", "change", "'charged that Y had …', 'demanded that Y …': Y is the target"),
    ("aimed at place", "change", "'struck a refinery in Y': the state Y is the target"),
    ("event anaphora", "change", "a reactive verb with no target takes the prior subject"),
    ("joint decision", "change", "'X and Y agreed to …' with no target: a joint act"),
    ("each other", "change", "'X and Y accused each other': each acts on the other"),
    # triggers.py: noun entries
    ("noun light verb", "make", "'X held talks with Y': the light verb's subject acts"),
    ("noun receipt", "make", "'X has (enjoys, won) the backing of Y': Y is the source"),
    ("noun occurrence verb", "make", "'fighting broke out between X and Y'"),
    ("noun journey", "make", "'arrived in Y for a visit': the destination is met"),
    ("noun behind", "make", "'X was behind the attack on Y'"),
    ("noun responsibility", "make", "'X claimed responsibility for an attack on Y'"),
    ("noun own source", "make", "a noun with its own source: 'X's support for Y', 'X sanctions'"),
    ("noun between", "make", "'talks between X and Y': each side with the other"),
    ("noun with support", "change", "'X regained Z with Y's support': Y supports X"),
    ("victims as subject", "change", "'soldiers were killed in a rebel attack': the victims"),
    ("victims as object", "change", "'a militant attack killed police officers': the victims"),
    ("noun crowd", "make", "a placed event noun with no party: 'protests in Y' (implicit crowd)"),
    ("adjunct event", "make", "'X threw stones during protests against Y': X protests Y"),
    # triggers.py: patterns, participles, predicates, obligations
    ("multiword pattern", "make", "a multiword pattern of the lexicon: 'came to the aid of'"),
    ("participle", "make", "a stance participle: 'the X-backed Y'"),
    ("adjectival predicate", "make", "'X is opposed to Y', 'a government hostile to Y'"),
    ("obligation", "make", "'X said Y must …': X urges Y"),
    # repairs.py and implicit.py
    ("recovered agent", "make", "'Y was asked by X to help Z': X requests aid from Y"),
    ("inferred asker", "make", "agentless 'Y was asked to help Z': Z requests aid from Y"),
    ("borrowed target", "change", "a trigger with no target takes that of the act it governs"),
    ("threatened act", "change", "'X threatened to stop deliveries to Y': X threatens Y"),
    ("refusal", "make", "'X refused to meet Y': X opposes Y"),
    ("refused act", "make", "'X refused to let Y …' (no trigger in the act): X opposes Y"),
    ("implicit target", "change", "an act with no target on the place's people or government"),
    ("implicit source", "change", "'killed by a roadside bomb': the place's armed forces"),
    ("implicit crowd", "change", "'protests in Y': the people of the one country Y"),
    ("threat not attack", "change", "'X vowed to strike Y': an attack its source vows is a threat"),
    ("affiliation", "make", "a titled person: 'Foreign Minister X' is affiliated with the state"),
    # component.py: filters over a word's entries
    ("hand entry wins", "filter", "a hand-written entry that found a target drops compiled ones"),
    ("object entry wins", "filter", "an entry that matched the verb's object drops the others"),
    ("light verb noun wins", "filter", "'launched a trade war against X': the noun, not the verb"),
    ("event subject", "filter", "a compiled verb whose subject is an event is no act"),
    ("denial wins", "filter", "an event the sentence denies between the same parties is dropped"),
    ("home visit", "filter", "a person's meeting with their own state is no visit"),
)

#: every rule by name.
RULES: dict[str, Rule] = {name: Rule(name, kind, desc) for name, kind, desc in _TABLE}


def rule_names(tag: str) -> list[str]:
    """The rule names of a provenance tag ("verb+borrowed target").

    Examples
    --------
    >>> rule_names("verb+borrowed target")
    ['verb', 'borrowed target']
    >>> rule_names("")
    []
    """
    return [r for r in tag.split("+") if r]
