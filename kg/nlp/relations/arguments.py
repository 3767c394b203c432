"""Arguments: the actors a noun phrase stands for, and the subjects, objects and
prepositional slots of a trigger.

Plain functions over spaCy tokens; each takes the Doc's
:class:`~kg.nlp.relations.common.RelationContext` first. The lowest layer of
the extractor: it imports only :mod:`~kg.nlp.relations.common`.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.model import Actor
from kg.nlp.lexicon import Trigger
from kg.nlp.mentions import Mention, sentence_of
from kg.nlp.relations.common import (
    _OBJ,
    _SUBJ,
    RelationContext,
    _hyphen_left,
    _lemma,
    _pobjs,
    _relcl_head,
    _with_conjuncts,
    phrase_forms,
)

__all__ = [
    "actors_at",
    "clause_actors",
    "demonym",
    "holders",
    "is_event_noun",
    "led_by",
    "np_actors",
    "object_ok",
    "objects",
    "prior_subject",
    "roll_up",
    "subjects",
    "targets_via",
    "via_coref",
    "word_actors",
]


def roll_up(ctx: RelationContext, m: Mention) -> list[Actor]:
    """The actors a mention acts for: an official acts for the state or
    government of the office ("Erdogan" → Turkey); anyone else for themselves."""
    out = []
    for actor in m.all_actors:
        if actor.type == "Person":
            aff = m.affiliation if m.actors == () else None
            if aff is None:
                roles = ctx.kb.roles(actor.id, date=ctx.date)
                aff = roles[0] if roles else None
            if aff is not None:
                org = ctx.kb.get(aff.of)
                # officials act for their state or government ("Erdogan" → Turkey,
                # "al-Sarraj" → the GNA); commanders keep their own identity
                if org is not None and org.type in ("State", "Government"):
                    out.append(org)
                    continue
        out.append(actor)
    return out


def actors_at(
    ctx: RelationContext, tok: Token, exclude: frozenset[str] = frozenset()
) -> list[Actor]:
    """The actors of the mention covering ``tok`` (none when no mention covers it).

    ``exclude``: actors a possessive pronoun cannot stand for; it then takes
    its second-best antecedent.
    """
    m = ctx.index.get(tok.i)
    if m is None:
        return []
    acts = roll_up(ctx, m)
    if exclude and m.fallback and all(a.id in exclude for a in acts):
        # a possessive pronoun that would make the actor act on itself takes
        # its second-best antecedent ("Hamas fighters attacked its troops")
        acts = roll_up(ctx, replace(m, actor=m.fallback[0], actors=m.fallback))
    return acts


def via_coref(ctx: RelationContext, tok: Token) -> bool:
    """True when ``tok`` names its actor only through coreference."""
    m = ctx.index.get(tok.i)
    return m is not None and m.how == "coref"


def np_actors(
    ctx: RelationContext,
    tok: Token,
    *,
    skip: Token | None = None,
    depth: int = 0,
    exclude: frozenset[str] = frozenset(),
) -> list[Actor]:
    """Actors a noun phrase headed by ``tok`` refers to, including its conjuncts.

    ``exclude`` holds actors that cannot be meant (the other argument:
    "India deployed troops along its border with China" → China).

    Examples
    --------
    A demonym stands for its state, with no actor mention needed:

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> from kg.kb import load_kb
    >>> from kg.nlp.lexicon import load_lexicon
    >>> from kg.nlp.relations.common import relation_context
    >>> doc = Doc(
    ...     spacy.blank("en").vocab,
    ...     words=["Haftar", "is", "backed", "by", "the", "Turkish", "government", "."],
    ...     heads=[2, 2, 2, 2, 6, 6, 3, 2],
    ...     deps=["nsubjpass", "auxpass", "ROOT", "agent", "det", "amod", "pobj", "punct"],
    ...     pos=["PROPN", "AUX", "VERB", "ADP", "DET", "ADJ", "NOUN", "PUNCT"],
    ... )
    >>> ctx = relation_context(load_lexicon(), load_kb(), doc, [])
    >>> [a.label for a in np_actors(ctx, doc[6])]
    ['Turkey']
    >>> subjects(ctx, doc[2])  # the subject, and True: the clause is passive
    ([Haftar], True)
    """
    out = _np_one(ctx, tok, skip=skip, depth=depth, exclude=exclude)
    for conj in tok.conjuncts:
        if conj.i > tok.i:
            out.extend(_np_one(ctx, conj, skip=skip, depth=depth, exclude=exclude))
    return list(dict.fromkeys(out))


def _np_one(
    ctx: RelationContext,
    tok: Token,
    *,
    skip: Token | None,
    depth: int,
    exclude: frozenset[str],
) -> list[Actor]:
    if depth > 3:
        return []

    def fresh(acts: list[Actor]) -> list[Actor]:
        return [a for a in acts if a.id not in exclude]

    lex = ctx.lex
    direct = actors_at(ctx, tok, exclude)
    if direct:
        return direct
    if tok.lower_ in lex.relative_pronouns:
        anc = _relcl_head(tok)
        return np_actors(ctx, anc, depth=depth + 1) if anc is not None else []
    if tok.pos_ not in ("NOUN", "PROPN", "NUM", "PRON", "ADJ", "X"):
        return []
    if tok.pos_ in ("NOUN", "PROPN") and (tok.is_title or tok.is_upper) and tok.text[-1:] == "s":
        # "Iraqis", "Ukrainians": a people stands for its state
        state = ctx.kb.state_of_demonym(tok.text)
        if state is not None:
            return [state]
    lemma = tok.lemma_.lower()
    event = is_event_noun(ctx, tok)
    kids = [c for c in tok.children if (skip is None or c.i != skip.i)]
    for c in kids:
        if c.dep_ == "appos":
            acts = fresh(actors_at(ctx, c))
            if acts:
                return acts
    # "Haftar's rivals", "its partners": not the possessor itself (but "his
    # Ethiopian counterpart" is Ethiopia)
    relational = lemma in lex.relational_nouns
    order = (
        [c for c in kids if c.dep_ == "poss" and not relational]
        + [p for c in kids if c.dep_ in ("prep", "agent") and c.lower_ == "by" for p in _pobjs(c)]
        + [c for c in kids if c.dep_ in ("compound", "nmod", "npadvmod")]
        + [c for c in kids if c.dep_ == "amod"]
    )
    for c in order:
        acts = actors_at(ctx, c, exclude)
        if not acts and c.dep_ in ("amod", "compound"):
            acts = led_by(ctx, c) or demonym(ctx, c)
        if not acts and c.dep_ == "nmod":
            acts = demonym(ctx, c)
        acts = fresh(acts)
        if acts:
            return acts
    preps: tuple[str, ...] = ("from",)
    if event:
        # "talks with the RSF": the other party of a symmetric event
        symmetric = any(t.relation in ctx.symmetric for t in _noun_entries(ctx, tok))
        preps = ("with", "of") if symmetric else ("of",)
    elif lemma in lex.part_nouns:
        preps = ("from", "of", "with")
        if lemma in lex.seat_nouns:
            preps += ("in",)  # "the government in Belgrade"
    for c in kids:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in _pobjs(c):
                if event and c.lower_ == "of" and not _agentive(ctx, p):
                    # "the invasion of Ukraine": the patient, not who acts
                    continue
                acts = fresh(np_actors(ctx, p, depth=depth + 1))
                if lemma in lex.place_nouns:
                    # "the city of El Fasher" is no actor; "the city of Kyiv" is Ukraine
                    acts = [a for a in acts if not a.minted]
                if acts:
                    return acts
    return []


def _agentive(ctx: RelationContext, tok: Token) -> bool:
    """'Turkish troops' in "the deployment of Turkish troops" act; 'Ukraine' does not."""
    m = ctx.index.get(tok.i)
    return (m is not None and m.how == "demonym") or tok.lower_ in ctx.lex.agent_nouns


def _noun_entries(ctx: RelationContext, tok: Token) -> tuple[Trigger, ...]:
    return ctx.lex.lookup("NOUN", tok.lemma_.lower()) or ctx.lex.lookup("NOUN", tok.lower_)


def demonym(ctx: RelationContext, tok: Token) -> list[Actor]:
    """The state of a capitalized demonym ("Turkish" → Turkey), else nothing."""
    if not (tok.is_title or tok.is_upper):
        return []
    state = ctx.kb.state_of_demonym(tok.text)
    return [state] if state is not None else []


def led_by(ctx: RelationContext, tok: Token) -> list[Actor]:
    """'the Saudi-led coalition', 'Houthi-held ports', 'a British-flagged tanker' → X."""
    if tok.lower_ not in ctx.lex.led_participles:
        return []
    src = _hyphen_left(tok)
    return word_actors(ctx, src) if src is not None else []


def word_actors(ctx: RelationContext, tok: Token) -> list[Actor]:
    """The actors of one word: its mention, its demonym or its name in the knowledge base."""
    acts = actors_at(ctx, tok)
    if acts:
        return acts
    acts = demonym(ctx, tok)
    if acts:
        return acts
    match = ctx.kb.resolve(tok.text, date=ctx.date)
    return [match.actor] if match is not None else []


def is_event_noun(ctx: RelationContext, tok: Token) -> bool:
    """True when ``tok`` is a noun trigger of the lexicon ("talks", "invasion")."""
    lemma = tok.lemma_.lower()
    return bool(ctx.lex.lookup("NOUN", lemma) or ctx.lex.lookup("NOUN", tok.lower_))


def subjects(ctx: RelationContext, verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject tokens of ``verb`` (following control and coordination) and passivity."""
    lex = ctx.lex
    subs = [c for c in verb.children if c.dep_ in _SUBJ]
    passive = any(c.dep_ == "nsubjpass" for c in subs) or any(
        c.dep_ == "auxpass" for c in verb.children
    )
    if subs:
        return _with_conjuncts(subs), passive
    if depth > 4 or verb.head.i == verb.i:
        return [], passive
    head = verb.head
    dep = verb.dep_
    if dep == "xcomp":
        if head.lemma_ in lex.object_control_verbs:
            objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if objs:
                return _with_conjuncts(objs), passive
        subs, _ = subjects(ctx, head, depth + 1)
        return subs, passive
    if dep in ("attr", "acomp") and verb.tag_ == "VBG" and head.lemma_ == "be":
        # "Qatar is mediating between X and Y" read with the participle as a complement
        subs, _ = subjects(ctx, head, depth + 1)
        return subs, passive
    if dep == "acomp" and verb.tag_ == "VBN" and head.lemma_ == "be":
        # "the rebels are armed by Iran" read with an adjectival participle
        subs, _ = subjects(ctx, head, depth + 1)
        return subs, True
    if dep == "conj" and head.pos_ in ("VERB", "AUX"):
        # coordinated participles share the passive ("are armed and funded by X")
        subs, head_passive = subjects(ctx, head, depth + 1)
        own_aux = any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        return subs, passive or (head_passive and verb.tag_ == "VBN" and not own_aux)
    if dep == "relcl":
        return [head], passive
    if dep == "acl" and head.lemma_.lower() in lex.intent_nouns and head.head.i != head.i:
        # "Egypt has no plans to cooperate": the planner acts
        subs, _ = subjects(ctx, head.head, depth + 1)
        return subs, passive
    if dep == "acl" and verb.tag_ == "VBN":
        return [head], True
    if dep == "pcomp" and head.dep_ == "prep":
        gov = head.head
        if gov.lemma_.lower() in lex.intent_nouns and gov.head.i != gov.i:
            # "it had no intention of attacking NATO members"
            subs, _ = subjects(ctx, gov.head, depth + 1)
            return subs, passive
        objs = [c for c in gov.children if c.dep_ in ("dobj",)]
        if objs and head.lower_ in ("for", "from"):
            # "sanctioned Chinese companies for supplying Russia": they supplied
            return _with_conjuncts(objs), passive
        if not objs and head.lower_ in ("for", "of") and gov.pos_ in ("VERB", "AUX"):
            # "retaliate against Finland for joining NATO": Finland joined
            objs = [
                p
                for c in gov.children
                if c.dep_ == "prep" and c.i != head.i and c.i < head.i
                for p in _pobjs(c)
                if actors_at(ctx, p)
            ]
            if objs:
                return _with_conjuncts(objs), passive
        if gov.lemma_ in lex.object_control_verbs and objs:
            return _with_conjuncts(objs), passive
        if gov.pos_ in ("VERB", "AUX"):
            subs, _ = subjects(ctx, gov, depth + 1)
            return subs, passive
    if dep in ("advcl", "xcomp", "ccomp") and verb.tag_ in ("VBG", "VB", "VBN"):
        subs, _ = subjects(ctx, head, depth + 1)
        return subs, passive
    return [], passive


def objects(ctx: RelationContext, verb: Token) -> list[Token]:
    """Object tokens of ``verb``: direct, attributive, prepositional (not adjuncts),
    and what a quantity counts ("a squadron of tanks")."""
    known = ctx.objects_of.get(verb.i)
    if known is not None:
        return list(known)
    out = _objects(ctx, verb)
    ctx.objects_of[verb.i] = out
    return list(out)


def _objects(ctx: RelationContext, verb: Token) -> list[Token]:
    out = [c for c in verb.children if c.dep_ in _OBJ or c.dep_ == "nsubjpass"]
    for c in verb.children:
        if (
            c.dep_ in ("prep", "agent", "prt", "dative")
            and c.lower_ not in ctx.lex.adjunct_prepositions
        ):
            # "broke off ties with X over its ties with Y": a reason is no object
            out.extend(_pobjs(c))
    for o in list(out):
        if o.pos_ == "NUM" or _lemma(o) in ctx.lex.quantity_nouns:
            # "a squadron of tanks", "2 billion euros in military aid"
            out.extend(
                p
                for c in o.children
                if c.dep_ == "prep" and c.lower_ in ("of", "in")
                for p in _pobjs(c)
            )
    return out


def holders(verb: Token, objs: list[Token]) -> list[Token]:
    """Where a trigger's prepositional slots may hang: the verb, its objects and
    the nouns under them ("no request for help from Azerbaijan")."""
    out = [verb, *objs]
    for o in objs:
        out.extend(
            p
            for c in o.children
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "in")
            for p in _pobjs(c)
        )
    return list(dict.fromkeys(out))


def _direct_objects(ctx: RelationContext, verb: Token) -> list[Token]:
    """Direct objects, and the counted noun of "seized up to 16 sailors"."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    if not out:
        approximators = ctx.lex.approximators
        for c in verb.children:
            if c.dep_ in ("prt", "advmod", "prep") and c.lower_ in approximators:
                out.extend(
                    p
                    for pp in c.children
                    if pp.dep_ == "prep" and pp.lower_ == "to"
                    for p in pp.children
                    if p.dep_ == "pobj"
                )
    return out


def targets_via(
    ctx: RelationContext,
    holders: list[Token],
    via: tuple[str, ...],
    skip: set[int],
    exclude: frozenset[str] = frozenset(),
) -> tuple[list[Actor], bool]:
    """Target actors through the slots of a trigger; True when 'between' gave several."""
    targets: list[Actor] = []
    pairwise = False
    for slot in via:
        for h in holders:
            if slot == "object":
                # the constrained object stands for its state ("the Turkish ambassador")
                if h.i in skip:
                    targets.extend(np_actors(ctx, h, exclude=exclude))
                continue
            if slot == "dobj":
                for c in _direct_objects(ctx, h):
                    if c.i not in skip:
                        targets.extend(np_actors(ctx, c, exclude=exclude))
                continue
            for c in h.children:
                if c.dep_ not in ("prep", "agent", "prt", "advmod", "dative") or c.lower_ != slot:
                    continue
                objs = list(_pobjs(c))
                if slot in ("out",) and not objs:
                    objs = [p for cc in c.children if cc.dep_ == "prep" for p in _pobjs(cc)]
                for p in objs:
                    acts = np_actors(ctx, p, exclude=exclude)
                    if slot == "between" and len(acts) > 1:
                        pairwise = True
                    targets.extend(acts)
    return list(dict.fromkeys(targets)), pairwise


def object_keys(ctx: RelationContext, verb: Token) -> frozenset[str]:
    """Every string by which one of ``verb``'s objects can meet a ``lex:object``
    (see :func:`object_ok`): a cheap test that lets most entries of a verb with
    many compiled entries go untried."""
    keys: set[str] = set()
    for o in objects(ctx, verb):
        keys |= phrase_forms(o)
    return frozenset(keys)


def object_ok(ctx: RelationContext, tok: Token, objects: frozenset[str]) -> bool:
    """True when ``tok`` is one of a trigger's required objects (``lex:object``)."""
    # also multiword objects: "martial law" (a modifier), "state of emergency"
    if not objects.isdisjoint(phrase_forms(tok)):
        return True
    # "@demonym": a people ("released five detained Americans")
    return "@demonym" in objects and ctx.kb.state_of_demonym(tok.text) is not None


def clause_actors(ctx: RelationContext, verb: Token) -> list[Actor]:
    """Actors in the object and prepositional slots of ``verb`` ("cut off power to X")."""
    aim = ctx.lex.aim_prepositions
    out: list[Actor] = []
    for c in verb.children:
        if c.dep_ in ("dobj", "dative"):
            out.extend(np_actors(ctx, c))
            # "resume attacks in Israel"
            for pp in c.children:
                if pp.dep_ == "prep" and pp.lower_ in aim:
                    for p in _pobjs(pp):
                        out.extend(np_actors(ctx, p))
        elif c.dep_ in ("prep", "prt") and c.lower_ in aim:
            for p in _pobjs(c):
                out.extend(np_actors(ctx, p))
    return list(dict.fromkeys(out))


def prior_subject(ctx: RelationContext, verb: Token, exclude: set[str]) -> list[Actor]:
    """The actor subject of an earlier clause in the sentence ('Tokyo condemned the launch')."""
    sent = sentence_of(verb)
    for tok in reversed(list(sent[: verb.i - sent.start])):
        if tok.dep_ in ("nsubj",) and tok.head.pos_ in ("VERB", "AUX"):
            acts = [a for a in np_actors(ctx, tok) if a.id not in exclude]
            if acts:
                return acts
    return []
