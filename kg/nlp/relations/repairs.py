"""Repairs: what the grammar adds or corrects after the triggers are read
(borrowed targets, refusals, recovered askers), the pairing of sources and
targets into :class:`~kg.nlp.relations.common.Found` relations, and
affiliations.

Plain functions over ``_Raw`` readings and spaCy tokens; each takes the Doc's
:class:`~kg.nlp.relations.common.RelationContext` first. Builds on
:mod:`~kg.nlp.relations.arguments` and :mod:`~kg.nlp.relations.polarity`.
"""

from __future__ import annotations

import itertools

from spacy.tokens import Span

from kg.model import Actor
from kg.nlp.mentions import sentence_of
from kg.nlp.relations.arguments import clause_actors, np_actors, subjects, via_coref
from kg.nlp.relations.common import (
    INFERRED_CONFIDENCE,
    Found,
    RelationContext,
    _governs,
    _has_mark,
    _pobjs,
    _Raw,
    _tag,
)
from kg.nlp.relations.polarity import chain, modality, negated, suppressed
from kg.nlp.scan import indices

__all__ = ["affiliations", "borrow", "expand", "recover_requests", "refusals", "refused_acts"]


def refusals(ctx: RelationContext, raws: list[_Raw]) -> list[_Raw]:
    """ "Israel refused to meet Jordan's king": a refused cooperation rejects its partner."""
    out = []
    for raw in raws:
        rt = ctx.types.get(raw.relation)
        if raw.suppressed or not raw.sources or not raw.targets or rt is None or rt.sign <= 0:
            continue
        for v in chain(ctx, raw.head)[1:]:
            if v.lemma_ in ctx.lex.refusal_verbs:
                rej = _Raw("opposes", raw.sources, raw.targets, v, v, 0.6, how="refusal")
                rej.rule = "refusal"
                out.append(rej)
                break
    return out


def refused_acts(ctx: RelationContext, sent: Span, raws: list[_Raw]) -> list[_Raw]:
    """A refusal whose act names no trigger rejects the actors the act is aimed at
    ("refused to allow UN planes to land", "refused to respond to a US demand")."""
    out = []
    inside = {r.head.i for r in raws} | {r.trigger.i for r in raws}
    doc = sent.doc
    for i in indices(doc, ctx.lex.refusal_verbs, lemma=True, start=sent.start, end=sent.end):
        verb = doc[i]
        if verb.lemma_ not in ctx.lex.refusal_verbs:
            continue
        for clause in verb.children:
            if clause.dep_ != "xcomp" or any(t.i in inside for t in clause.subtree):
                continue
            subj_toks, _ = subjects(ctx, verb)
            sources = [a for t in subj_toks for a in np_actors(ctx, t)]
            mine = {a.id for a in sources}
            targets = [a for a in clause_actors(ctx, clause) if a.id not in mine]
            if sources and targets:
                raw = _Raw("opposes", sources, targets, verb, verb, 0.5, how="refusal")
                raw.rule = "refused act"
                raw.suppressed = suppressed(ctx, verb)
                out.append(raw)
    return out


def recover_requests(ctx: RelationContext, raws: list[_Raw]) -> list[_Raw]:
    """'X was not asked to help defend Y' → Y requests aid from X."""
    request_verbs = ctx.lex.request_verbs
    extra = []
    for raw in raws:
        if raw.relation != "provides_aid_to" or not raw.suppressed or not raw.targets:
            continue
        cur = raw.head
        while cur.dep_ in ("xcomp",) and cur.head.i != cur.i:
            cur = cur.head
            if cur.lemma_ in request_verbs:
                break
        if cur.lemma_ not in request_verbs:
            continue
        subj_toks, passive = subjects(ctx, cur)
        conf, how = 0.7, "recovered agent"
        if not passive:
            asker = [a for t in subj_toks for a in np_actors(ctx, t)]
            asked = [a for c in cur.children if c.dep_ in ("dobj",) for a in np_actors(ctx, c)]
        else:
            agent = [p for c in cur.children if c.dep_ == "agent" for p in _pobjs(c)]
            asker = [a for t in agent for a in np_actors(ctx, t)]
            if not asker:
                # no one is said to ask: guessing the one to be helped goes beyond
                # the text (someone else may have asked on its behalf)
                asker = raw.targets
                conf, how = INFERRED_CONFIDENCE, "inferred asker"
            asked = [a for t in subj_toks for a in np_actors(ctx, t)]
        if asker and asked:
            extra.append(_Raw("requests_aid_from", asker, asked, cur, cur, conf, how=how, rule=how))
    return raws + extra


def borrow(ctx: RelationContext, raws: list[_Raw]) -> list[_Raw]:
    """A trigger with no target borrows the target of the action it governs.

    'Turkey threatened to block Sweden's bid' → Turkey threatens Sweden;
    'Algiers warned that it could send troops into Mali' → Algeria threatens Mali.
    Changes the readings in place and returns them.
    """
    lex = ctx.lex
    for raw in raws:
        if (
            raw.targets
            or raw.compiled
            or raw.trigger.pos_ not in ("VERB", "AUX")
            or raw.relation in ctx.symmetric
        ):
            continue
        for other in raws:
            if other is raw or not other.targets:
                continue
            shared = {a.id for a in raw.sources} & {a.id for a in other.sources}
            if other.sources and not shared:
                # "US officials warned that China could invade Taiwan" reports
                # China's act; it is no US threat against Taiwan
                continue
            if (
                raw.trigger in other.head.ancestors
                and _governs(raw.trigger, other.head)
                and lex.enabled("borrowed target")
            ):
                raw.targets = list(other.targets)
                raw.confidence *= 0.85
                raw.how = "borrowed target"
                _tag(raw, "borrowed target")
                other.suppressed = True
                break
        if (
            not raw.targets
            and raw.trigger.lemma_ in lex.threat_verbs
            and lex.enabled("threatened act")
        ):
            # "Russia threatened to stop gas deliveries to Moldova": the one the
            # threatened act is aimed at, even when that act is no trigger
            mine = {a.id for a in raw.sources}
            for clause in raw.trigger.children:
                if clause.dep_ != "xcomp":
                    continue
                aimed = [a for a in clause_actors(ctx, clause) if a.id not in mine]
                for cond in clause.children:
                    # "threatened to strike unless Israel withdrew": Israel is threatened
                    if cond.dep_ == "advcl" and _has_mark(cond, ctx.lex.conditional_marks):
                        subs, _ = subjects(ctx, cond)
                        aimed += [a for t in subs for a in np_actors(ctx, t) if a.id not in mine]
                if aimed:
                    raw.targets = aimed
                    raw.confidence *= 0.75
                    raw.how = "threatened act"
                    _tag(raw, "threatened act")
                    break
    return raws


def expand(
    ctx: RelationContext, raw: _Raw, sent: Span, speaker: Actor | None, when: str | None
) -> list[Found]:
    """The relations of one reading: its sources paired with its targets (both ways
    for reciprocal and joint acts), with negation, modality, speaker and date."""
    is_negated = negated(ctx, raw.head, raw.trigger if raw.trigger.i != raw.head.i else None)
    mood = modality(ctx, raw.head)
    coref = via_coref(ctx, raw.trigger)
    conf = raw.confidence * (0.9 if coref else 1.0)
    sources = list(dict.fromkeys(raw.sources))
    targets = list(dict.fromkeys(raw.targets))
    pairs: list[tuple[Actor, Actor]] = []
    symmetric = raw.relation in ctx.symmetric or raw.reciprocal
    if raw.pairwise:
        # "a ceasefire between Israel and Hamas" (brokered by Egypt): the
        # parties are the between-group; a mediator only meets them
        mediation = raw.trigger.lemma_.lower() in ctx.lex.mediation_nouns
        if raw.relation == "meets_with" and (sources or mediation):
            # "Qatar mediated between Israel and Hamas": Qatar meets each side;
            # "Egypt hosted talks between Sudan and Ethiopia": the sides meet too,
            # but not through a mediation ("mediation between X and Y")
            pairs = [(s, t) for s in sources for t in targets]
            if raw.trigger.pos_ in ("NOUN", "PROPN") and not mediation:
                pairs += list(itertools.combinations(targets, 2))
        else:
            pairs = list(itertools.combinations(targets, 2))
            # each party of "a ceasefire between X and Y" acts: both directions,
            # as event data codes a joint act
            pairs += [(b, a) for a, b in pairs]
    elif not targets and symmetric and not raw.unpaired:
        # "Jordan and Britain agreed": a joint act of each, both directions
        group = list(dict.fromkeys(sources + targets))
        pairs = list(itertools.combinations(group, 2))
        pairs += [(b, a) for a, b in pairs]
    else:
        pairs = [(s, t) for s in sources for t in targets]
        if raw.reciprocal:
            pairs += [(t, s) for s, t in pairs]
    out = []
    done: set[tuple[str, str]] = set()
    for s, t in pairs:
        if s.id == t.id:
            continue
        if (s.id, t.id) in done:
            continue
        # a symmetric relation keeps the order of the text (the subject first):
        # analyses treat it as undirected anyway
        done.add((s.id, t.id))
        out.append(
            Found(
                relation=raw.relation,
                source=s,
                target=t,
                negated=is_negated,
                modality=mood,
                confidence=min(conf, 0.99),
                trigger=raw.trigger.i,
                sent_start=sent.start_char,
                sent_end=sent.end_char,
                speaker=speaker if speaker is not None and speaker.id not in (s.id, t.id) else None,
                date=when,
                how=raw.how,
                rule=raw.rule,
                entry=raw.entry,
                plover=raw.plover,
                cameo_root=raw.cameo_root,
            )
        )
    return out


def affiliations(ctx: RelationContext, sent: Span | None = None) -> list[Found]:
    """``affiliated_with`` facts from titled mentions ('Turkish Foreign Minister X'),
    of the whole Doc or of the sentence ``sent``."""
    out: list[Found] = []
    if not ctx.lex.enabled("affiliation"):
        return out
    for m in ctx.mentions:
        if sent is not None and not sent.start <= m.start < sent.end:
            continue
        # only what the text says: a title or an appositive, not what the
        # knowledge base knows about a bare name
        if m.how != "title" or m.affiliation is None or m.actor.type != "Person":
            continue
        org = ctx.kb.get(m.affiliation.of)
        if org is None:
            continue
        where = sentence_of(ctx.doc[m.start])
        out.append(
            Found(
                relation="affiliated_with",
                source=m.actor,
                target=org,
                negated=False,
                modality="asserted",
                confidence=0.9 if m.how == "title" else 0.75,
                trigger=m.start,
                sent_start=where.start_char,
                sent_end=where.end_char,
                date=ctx.date,
                role=m.affiliation.role,
                how=m.how,
                rule="affiliation",
                entry=f"title:{m.affiliation.role}",
            )
        )
    return out
