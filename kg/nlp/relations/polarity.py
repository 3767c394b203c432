"""Polarity: negation, modality, what is only urged or threatened, and the
speaker of reported speech.

Plain functions over spaCy tokens; each takes the Doc's
:class:`~kg.nlp.relations.common.RelationContext` first. Builds on
:mod:`~kg.nlp.relations.arguments`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.model import Actor
from kg.nlp.relations.arguments import actors_at, np_actors, subjects
from kg.nlp.relations.common import (
    _OBJ,
    _SUBJ,
    RelationContext,
    _has_mark,
    _intent_noun,
    _pobjs,
    _Raw,
)

__all__ = ["chain", "modality", "negated", "speaker", "suppressed", "threatened"]


def chain(ctx: RelationContext, verb: Token) -> list[Token]:
    """``verb`` and the verbs it is an infinitive or gerund complement of."""
    out = [verb]
    cur = verb
    while cur.dep_ in ("xcomp", "pcomp", "ccomp", "advcl", "conj") and cur.head.i != cur.i:
        nxt = cur.head
        if cur.dep_ == "pcomp" and nxt.dep_ == "prep":
            nxt = nxt.head
        if cur.dep_ == "ccomp" and nxt.lemma_ not in ctx.lex.negators:
            break
        purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
        if cur.dep_ == "advcl" and not purpose and not _has_mark(cur, ctx.lex.conditional_marks):
            break
        if cur.dep_ == "conj":
            break
        out.append(nxt)
        cur = nxt
    return out


def negated(ctx: RelationContext, verb: Token, noun: Token | None = None) -> bool:
    """True when an odd number of negations bear on ``verb`` (and its noun trigger):
    "did not", "denied supporting", "no talks", "neither … nor".

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> from kg.kb import load_kb
    >>> from kg.nlp.lexicon import load_lexicon
    >>> from kg.nlp.relations.common import relation_context
    >>> doc = Doc(
    ...     spacy.blank("en").vocab,
    ...     words=["Chad", "did", "not", "back", "them", "."],
    ...     heads=[3, 3, 3, 3, 3, 3],
    ...     deps=["nsubj", "aux", "neg", "ROOT", "dobj", "punct"],
    ...     lemmas=["Chad", "do", "not", "back", "they", "."],
    ... )
    >>> ctx = relation_context(load_lexicon(), load_kb(), doc, [])
    >>> negated(ctx, doc[3])
    True
    """
    count = 0
    for i, v in enumerate(chain(ctx, verb)):
        if any(c.dep_ == "neg" for c in v.children):
            count += 1
        if i > 0 and v.lemma_ in ctx.lex.negators:
            count += 1
    scope = [verb] + ([noun] if noun is not None else [])
    seen: set[int] = set()
    for v in scope:
        for c in v.children:
            if c.dep_ in _SUBJ + _OBJ or (c.dep_ == "prep" and noun is not None and v.i == noun.i):
                heads = [c, *list(_pobjs(c))] if c.dep_ == "prep" else [c]
                for h in heads:
                    for g in h.children:
                        negator = g.lower_ == "neither" or (g.lower_ == "no" and g.dep_ == "det")
                        if negator and g.i not in seen:
                            seen.add(g.i)
                            count += 1
    if noun is not None:
        for c in noun.children:
            if c.lower_ == "no" and c.dep_ == "det" and c.i not in seen:
                seen.add(c.i)
                count += 1
    plan = _intent_noun(verb, ctx.lex.intent_nouns)
    if plan is not None:
        # "Egypt has no plans to cooperate with Turkey", "no intention of attacking"
        count += sum(1 for c in plan.children if c.dep_ == "det" and c.lower_ == "no")
        count += sum(1 for c in plan.head.children if c.dep_ == "neg")
    return count % 2 == 1


def modality(ctx: RelationContext, verb: Token) -> str:
    """``asserted``, ``possible`` (can, may), ``intended`` (will, pledge, plan)
    or ``conditional`` (if, unless) for what ``verb`` says.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> from kg.kb import load_kb
    >>> from kg.nlp.lexicon import load_lexicon
    >>> from kg.nlp.relations.common import relation_context
    >>> doc = Doc(
    ...     spacy.blank("en").vocab,
    ...     words=["Chad", "may", "back", "them", "."],
    ...     heads=[2, 2, 2, 2, 2],
    ...     deps=["nsubj", "aux", "ROOT", "dobj", "punct"],
    ...     lemmas=["Chad", "may", "back", "they", "."],
    ... )
    >>> ctx = relation_context(load_lexicon(), load_kb(), doc, [])
    >>> modality(ctx, doc[2]), negated(ctx, doc[2])
    ('possible', False)
    """
    lex = ctx.lex
    verbs = chain(ctx, verb)
    if _intent_noun(verb, lex.intent_nouns) is not None:
        return "intended"
    if any(c.dep_ == "advcl" and _has_mark(c, lex.conditional_marks) for c in verb.children):
        # "Washington may lift sanctions if Caracas holds free elections"
        return "conditional"
    if verb.lemma_ in lex.commissive_verbs:
        return "intended"
    for v in [verb, *[t for t in verb.ancestors]]:
        if v.dep_ == "advcl" and _has_mark(v, lex.conditional_marks):
            return "conditional"
    if _has_mark(verb, lex.conditional_marks):
        return "conditional"
    for v in verbs:
        auxes = [c.lower_ for c in v.children if c.dep_ == "aux"]
        if any(a in lex.possible_verbs for a in auxes):
            return "possible"
    for i, v in enumerate(verbs):
        auxes = [c.lower_ for c in v.children if c.dep_ == "aux"]
        if any(a in lex.future_modals for a in auxes):
            return "intended"
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and any(
            c.lower_ == "going" for c in v.head.children
        ):
            return "intended"
        if i > 0 and v.lemma_ in lex.intent_verbs:
            return "intended"
    return "asserted"


def threatened(ctx: RelationContext, raw: _Raw) -> bool:
    """True when the attack is what its own source vows or threatens to do."""
    mine = {a.id for a in raw.sources}
    for v in chain(ctx, raw.head)[1:]:
        if v.lemma_ in ctx.lex.threat_verbs:
            subs, _ = subjects(ctx, v)
            theirs = {a.id for t in subs for a in np_actors(ctx, t)}
            return not theirs or bool(mine & theirs)
    return False


def suppressed(ctx: RelationContext, verb: Token) -> bool:
    """True when ``verb`` is what someone is urged, asked or hoped to do."""
    lex = ctx.lex
    if any(c.dep_ == "aux" and c.lower_ in lex.obligation_modals for c in verb.children):
        # "Peru must withdraw": an obligation, not an act
        return True
    cur = verb
    for _ in range(6):
        if cur is not verb and any(
            c.dep_ == "aux" and c.lower_ in lex.obligation_modals for c in cur.children
        ):
            # "Chile must stand ready to arbitrate": what someone must do, not an act
            return True
        if cur.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            # "no plans to cooperate" is stated (and negated); a "bid to join" is not
            return cur.head.lemma_.lower() not in lex.intent_nouns
        if cur.dep_ not in ("xcomp", "ccomp", "advcl", "pcomp", "acomp") or cur.head.i == cur.i:
            return False
        head = cur.head
        if cur.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head
        prevented = cur.dep_ == "pcomp" and cur.head.lower_ == "from"
        if head.lemma_ in lex.directives and (cur.dep_ in ("xcomp", "ccomp") or prevented):
            # "Qatar stopped funding Hamas" negates (see negated()); only
            # "stopped X from ..." directs someone else
            aspectual = head.lemma_ in lex.negators and not any(
                c.dep_ in ("dobj", "nsubjpass") for c in head.children
            )
            if not aspectual:
                return True
        if cur.dep_ == "advcl":
            # adjunct clauses ("after the army began an assault", "to help
            # restore order") are not what anyone is urged to do
            return False
        cur = head
    return False


def speaker(ctx: RelationContext, sent: Span) -> Actor | None:
    """The actor whose words the sentence reports ("X said ..."), if any."""
    root = sent.root
    if root.lemma_ in ctx.lex.reporting_verbs:
        for c in root.children:
            if c.dep_ == "nsubj":
                acts = actors_at(ctx, c)
                if acts:
                    return acts[0]
    return None
