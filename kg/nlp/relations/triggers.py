"""Triggers: verbs, nouns, adjectival predicates, participles and multiword
patterns of the lexicon, read with their arguments into ``_Raw`` readings.

Plain functions over spaCy tokens; each takes the Doc's
:class:`~kg.nlp.relations.common.RelationContext` first. Builds on
:mod:`~kg.nlp.relations.arguments` and :mod:`~kg.nlp.relations.polarity`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.model import Actor
from kg.nlp.lexicon import Trigger
from kg.nlp.relations.arguments import (
    actors_at,
    demonym,
    holders,
    is_event_noun,
    led_by,
    np_actors,
    object_ok,
    objects,
    prior_subject,
    roll_up,
    subjects,
    targets_via,
    word_actors,
)
from kg.nlp.relations.common import (
    RelationContext,
    _agents,
    _has_mark,
    _hyphen_left,
    _lemma,
    _pobjs,
    _Raw,
    _reciprocal_pronoun,
    _tag,
    _with_conjuncts,
)
from kg.nlp.relations.polarity import suppressed
from kg.nlp.scan import indices

__all__ = ["apply", "entries", "event_subject", "obligations", "patterns", "predicates"]


def event_subject(ctx: RelationContext, verb: Token) -> bool:
    """True when the subject of ``verb`` is an event, not an actor ("sanctions hurt")."""
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    return any(is_event_noun(ctx, s) and s.i not in ctx.index for s in subs)


def entries(ctx: RelationContext, tok: Token) -> list[Trigger]:
    """The verb or noun entries of the lexicon for ``tok``."""
    lex = ctx.lex
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        found = lex.lookup("VERB", lemma)
        if lemma in lex.leadership_verbs or lemma in lex.patient_verbs:
            # "the RSF, commanded by Hemedti": leading is no event; "led an attack" is;
            # "a prisoner died": the one who dies does not attack
            found = tuple(t for t in found if t.objects or not t.cameo)
        return list(found)
    if tok.pos_ in ("NOUN", "PROPN"):
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.head.i == tok.i and prev.dep_ in ("compound", "amod"):
            # a two-word noun entry wins over its head's: "hunger strike" and
            # "general strike" are protests, a "strike" alone an attack
            two = lex.lookup("NOUN", f"{prev.lemma_.lower()} {lemma}")
            if two:
                return list(two)
        found = lex.lookup("NOUN", lemma) or lex.lookup("NOUN", tok.lower_)
        if not found and lemma in lex.quantity_nouns:
            # "a $400 million military aid package for Ukraine": the package
            # carries its compound's relation
            for c in tok.lefts:
                if c.dep_ == "compound":
                    found = found or lex.lookup("NOUN", _lemma(c))
        return list(found)
    return []


def _adjectival(ctx: RelationContext, tok: Token) -> list[Trigger]:
    return list(ctx.lex.lookup("ADJ", tok.lower_))


def apply(ctx: RelationContext, tok: Token, entry: Trigger) -> _Raw | None:
    """The reading of the verb or noun entry ``entry`` on ``tok``, or None when
    it does not fit (a required object or dependency is missing)."""
    if entry.pos == "VERB":
        return _verbal(ctx, tok, entry)
    if entry.pos == "NOUN":
        return _nominal(ctx, tok, entry)
    return None


def _hostile(ctx: RelationContext, relation: str) -> bool:
    return ctx.types[relation].sign < 0 if relation in ctx.types else False


def _verbal(ctx: RelationContext, verb: Token, entry: Trigger) -> _Raw | None:
    if entry.requires and not any(c.dep_ in entry.requires for c in verb.children):
        return None
    if entry.excludes and any(c.dep_ in entry.excludes for c in verb.children):
        return None
    objs = objects(ctx, verb)
    # prepositional slots may hang under the objects ("ceded control of
    # several villages to Azerbaijan")
    slots = holders(verb, objs)
    skip: set[int] = set()
    if entry.objects:
        # an actor's name is never the theme ("the International Monetary Fund")
        hits = [
            o
            for o in objs
            if (o.i not in ctx.index or ctx.index[o.i].how == "demonym")
            and object_ok(ctx, o, entry.objects)
        ]
        if not hits:
            return None
        slots = holders(verb, hits)
        skip.update(o.i for o in hits)
    if entry.relation in ctx.lex.topic_relations:
        # "met to discuss Togo's buildup": the object is the topic, not a party,
        # unless it names one itself ("met the Togolese envoy")
        skip.update(
            o.i
            for o in objs
            if o.i not in ctx.index
            and o.lower_ not in ctx.lex.agent_nouns
            and ctx.kb.agent_sector([o.text]) is None
        )
    subj_toks, passive = subjects(ctx, verb)
    subj_actors = [a for t in subj_toks for a in np_actors(ctx, t)]
    conf = entry.confidence
    if entry.source_via:
        sources, _ = targets_via(ctx, slots, entry.source_via, skip)
        if passive:
            return None
        raw = _Raw(entry.relation, sources, subj_actors, verb, verb, conf, entry.reciprocal)
        raw.rule = "verb source slot"
        return raw
    if passive and "dobj" not in entry.via and "object" not in entry.via:
        # "the plant operated by X" is no "operate alongside"
        return None
    if passive and verb.dep_ != "acl":
        agent = _agents(verb, slots)
        sources = [a for t in agent for a in np_actors(ctx, t)]
        targets = subj_actors
        if not targets:
            # "Weapons were supplied to Haftar's forces by the UAE": the subject
            # is the theme, the target is in a prepositional slot
            via = tuple(v for v in entry.via if v not in ("dobj", "object"))
            targets, _ = targets_via(ctx, slots, via, skip)
        raw = _Raw(entry.relation, sources, targets, verb, verb, conf, entry.reciprocal)
        raw.rule = "verb passive"
        raw.suppressed = suppressed(ctx, verb)
        return raw
    if passive and verb.dep_ == "acl":
        agent = _agents(verb, slots)
        sources = [a for t in agent for a in np_actors(ctx, t)]
        targets = np_actors(ctx, verb.head, skip=verb)
        raw = _Raw(entry.relation, sources, targets, verb, verb, conf, entry.reciprocal)
        raw.rule = "verb passive participle"
        return raw
    mine = frozenset(a.id for a in subj_actors)
    # an actor is not hostile to itself ("Hamas fighters attacked its troops":
    # its ≠ Hamas), but may well direct its own forces ("ordered his forces")
    hostile = _hostile(ctx, entry.relation)
    targets, pairwise = targets_via(
        ctx, slots, entry.via, skip, exclude=mine if hostile else frozenset()
    )
    # "Iraq and Oman hosted rounds of talks": an unresolved object is not a
    # licence to pair the subjects with each other
    unpaired = not entry.objects and any(
        c.dep_ == "dobj" and not _reciprocal_pronoun(c) for c in verb.children
    )
    each_other = ctx.lex.enabled("each other") and any(_reciprocal_pronoun(o) for o in objs)
    if each_other and not targets and len(subj_actors) > 1:
        # "Armenia and Azerbaijan accused each other": each acts on the other
        targets = list(subj_actors)
    raw = _Raw(
        entry.relation,
        subj_actors,
        targets,
        verb,
        verb,
        conf,
        entry.reciprocal,
        pairwise=pairwise,
        unpaired=unpaired,
        rule="verb",
    )
    if each_other:
        raw.reciprocal = True
        _tag(raw, "each other")
    lex = ctx.lex
    if not targets and entry.relation in ("accuses", "urges") and lex.enabled("ccomp target"):
        # "The US charged that Iran had supplied the drones", "Ukraine demanded
        # that Russia withdraw"
        for c in verb.children:
            if c.dep_ == "ccomp":
                subs, _ = subjects(ctx, c)
                raw.targets = [a for t in subs for a in np_actors(ctx, t)]
                _tag(raw, "ccomp target")
                break
    if (
        not raw.targets
        and entry.relation in ("attacks", "coerces")
        and lex.enabled("aimed at place")
    ):
        # "Ukrainian drones struck an oil refinery in southern Russia", "fired
        # shells at targets in Gaza"
        aimed = [c for c in verb.children if c.dep_ == "dobj"] + [
            p
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in entry.via
            for p in _pobjs(c)
        ]
        for c in aimed:
            for p in (p for pp in c.children if pp.lower_ == "in" for p in _pobjs(pp)):
                states = [a for a in np_actors(ctx, p) if a.type == "State"]
                raw.targets = [a for a in states if a.id not in mine]
        if raw.targets:
            _tag(raw, "aimed at place")
    if not raw.targets and entry.relation in lex.reactive and lex.enabled("event anaphora"):
        dobj = [c for c in verb.children if c.dep_ == "dobj"]
        if dobj:
            prior = prior_subject(ctx, verb, set(a.id for a in subj_actors))
            if prior:
                raw.targets = prior
                raw.confidence *= 0.75
                raw.how = "event anaphora"
                _tag(raw, "event anaphora")
    if (
        entry.requires
        and not raw.targets
        and len(subj_actors) > 1
        and lex.enabled("joint decision")
    ):
        # "Chile and Peru agreed to hold drills": a joint decision, unless what
        # they agreed to says more (see _drop_embedded)
        raw.how = "joint decision"
        _tag(raw, "joint decision")
    raw.suppressed = suppressed(ctx, verb)
    return raw


def _nominal(ctx: RelationContext, noun: Token, entry: Trigger) -> _Raw | None:
    lex = ctx.lex
    head = noun.head
    verb: Token | None = None
    how = ""
    # "the army has (enjoys, won) the backing of Egypt": the giver is the source
    receipt = (
        noun.dep_ == "dobj"
        and head.lemma_ in lex.receipt_verbs
        and entry.relation not in ctx.symmetric
        and not entry.reciprocal
        and lex.enabled("noun receipt")
    )
    if receipt or (
        noun.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.lemma_ in lex.light_verbs
    ):
        verb, how = head, "noun receipt" if receipt else "noun light verb"
    elif noun.dep_ == "nsubj" and head.lemma_ in lex.occurrence_verbs:
        # "Fighting broke out between the army and the RSF"
        verb, how = head, "noun occurrence verb"
    elif (
        noun.dep_ == "pobj"
        and head.lower_ in ("for", "on")
        and head.head.lemma_ in lex.motion_verbs
        and entry.relation == "meets_with"
    ):
        # "arrived in Beijing for a state visit": the journey's destination is met
        verb, how = head.head, "noun journey"
    elif noun.dep_ == "pobj" and head.lower_ == "behind" and head.head.lemma_ == "be":
        # "Iran was behind the attack on Saudi oil facilities"
        verb, how = head.head, "noun behind"
    elif (
        noun.dep_ == "pobj"
        and head.lower_ == "for"
        and head.head.lemma_ == "responsibility"
        and head.head.head.lemma_ in lex.responsibility_verbs
    ):
        # "The Houthis claimed responsibility for a drone attack on ..."
        verb, how = head.head.head, "noun responsibility"
    if how and not lex.enabled(how):
        verb = None
    own_sources = _noun_sources(ctx, noun)
    # "military drills aimed at Taiwan"
    aimed = [c for c in noun.children if c.dep_ == "acl" and c.lemma_ in lex.aim_participles]
    if verb is not None and verb.pos_ in ("VERB", "AUX"):
        slots = [*holders(verb, [noun]), *aimed]
        subj_toks, passive = subjects(ctx, verb)
        if passive:
            agent = _agents(verb, slots)
            sources = [a for t in agent for a in np_actors(ctx, t)] or own_sources
        else:
            sources = [a for t in subj_toks for a in np_actors(ctx, t)] or own_sources
        targets, pairwise = targets_via(ctx, slots, entry.via, {noun.i})
        if receipt and not passive:
            givers = (
                own_sources
                or targets_via(ctx, [noun], ("of", "from", "by"), set())[0]
                # "faced criticism from Brazil" with the from-phrase on the verb
                or targets_via(ctx, slots, ("from", "by"), {noun.i})[0]
            )
            sources, targets = givers, [a for a in sources if a not in givers]
        if not targets and verb.lemma_ in lex.motion_verbs and noun.head.head == verb:
            targets, pairwise = targets_via(ctx, [verb], ("in", "to"), {noun.i})
        raw = _Raw(
            entry.relation,
            sources,
            targets,
            noun,
            verb,
            entry.confidence,
            entry.reciprocal,
            pairwise=pairwise,
            rule=how,
        )
        raw.suppressed = suppressed(ctx, verb)
        if not sources and not targets and entry.relation in lex.implicit_crowds:
            raw.how = "crowd"  # "protests broke out across Colombia"
        return raw
    slots = [*holders(noun, []), *aimed]
    targets, pairwise = targets_via(ctx, slots, entry.via, set())
    rule = "noun own source"
    if (
        not targets
        and own_sources
        and noun.dep_ == "pobj"
        and head.lower_ == "with"
        and entry.relation in ("supports", "provides_aid_to")
        and head.head.pos_ in ("VERB", "AUX")
        and lex.enabled("noun with support")
    ):
        # "The Syrian government regained Aleppo with Russian air support"
        subs, _ = subjects(ctx, head.head)
        targets = [a for t in subs for a in np_actors(ctx, t)]
        rule = "noun own source+noun with support"
    if (
        not targets
        and own_sources
        and noun.dep_ == "pobj"
        and head.lower_ in ("in", "during")
        and head.head.pos_ == "VERB"
        and _hostile(ctx, entry.relation)
        and lex.enabled("victims as subject")
    ):
        # "four soldiers were killed in a rebel attack": the attack's victims are
        # the passive clause's subject
        subs, passive = subjects(ctx, head.head)
        if passive or head.head.lemma_.lower() in lex.patient_verbs:
            targets = [a for t in subs for a in np_actors(ctx, t) if a not in own_sources]
            rule = "noun own source+victims as subject"
    if (
        not targets
        and own_sources
        and noun.dep_ == "nsubj"
        and head.pos_ == "VERB"
        and _hostile(ctx, entry.relation)
        and any(_hostile(ctx, e.relation) for e in ctx.lex.lookup("VERB", head.lemma_.lower()))
        and lex.enabled("victims as object")
    ):
        # "a militant attack killed three police officers": the attack's victims
        # are the verb's objects
        victims = [o for o in objects(ctx, head) if o.dep_ in ("dobj", "nsubjpass")]
        targets = [a for t in victims for a in np_actors(ctx, t) if a not in own_sources]
        rule = "noun own source+victims as object"
    if (
        not own_sources
        and targets
        and noun.dep_ == "pobj"
        and head.lower_ in ctx.lex.circumstance_prepositions
        and head.head.pos_ in ("VERB", "AUX")
        and _hostile(ctx, entry.relation)
        and lex.enabled("adjunct event")
    ):
        # "Palestinian youths threw stones during protests against the army":
        # the event is the clause subject's
        subs, _ = subjects(ctx, head.head)
        own_sources = [a for t in subs for a in np_actors(ctx, t)]
        own_sources = [a for a in own_sources if a not in targets]
        if own_sources:
            return _Raw(
                entry.relation,
                own_sources,
                targets,
                noun,
                head.head,
                entry.confidence * 0.8,
                entry.reciprocal,
                how="adjunct event",
                rule="adjunct event",
            )
    if not own_sources:
        if not targets and entry.relation in ctx.lex.implicit_crowds:
            # "protests in Hong Kong": the place's people, if the sentence names
            # one place (kg.nlp.relations.implicit)
            crowd = _Raw(entry.relation, [], [], noun, noun, entry.confidence * 0.9, how="crowd")
            crowd.rule = "noun crowd"
            return crowd
        if (
            pairwise
            and (entry.relation in ctx.symmetric or entry.reciprocal)
            and lex.enabled("noun between")
        ):
            # "Talks between Ethiopia and Egypt resumed"
            return _Raw(
                entry.relation,
                [],
                targets,
                noun,
                noun,
                entry.confidence * 0.9,
                entry.reciprocal,
                pairwise=True,
                rule="noun between",
            )
        return None
    return _Raw(
        entry.relation,
        own_sources,
        targets,
        noun,
        noun,
        entry.confidence * 0.9,
        entry.reciprocal,
        pairwise=pairwise,
        rule=rule,
    )


def _noun_sources(ctx: RelationContext, noun: Token) -> list[Actor]:
    for c in noun.children:
        if c.dep_ == "poss":
            return np_actors(ctx, c)
    for c in noun.children:
        if c.dep_ in ("prep", "agent") and c.lower_ == "by":
            return [a for p in _pobjs(c) for a in np_actors(ctx, p)]
    for c in noun.children:
        if c.dep_ in ("compound", "nmod") and c.i < noun.i:
            acts = actors_at(ctx, c) or demonym(ctx, c)
            if acts:
                return acts
        if c.dep_ == "amod":
            acts = actors_at(ctx, c) or led_by(ctx, c) or demonym(ctx, c)
            if acts:
                return acts
    return []


def patterns(ctx: RelationContext, sent: Span) -> list[_Raw]:
    """Multiword patterns ("came to the aid of") and participles ("UAE-backed")."""
    out = []
    doc = sent.doc
    # only sentences with a pattern's first word are read word by word
    has_pattern = bool(
        indices(doc, ctx.lex.pattern_words, lemma=True, start=sent.start, end=sent.end)
    )
    lemmas = [t.lemma_.lower() for t in sent] if has_pattern else []
    for words, relation in ctx.lex.patterns if has_pattern else ():
        n = len(words)
        for i in range(len(lemmas) - n + 1):
            if tuple(lemmas[i : i + n]) != words:
                continue
            first, last = sent[i], sent[i + n - 1]
            targets = [a for p in _pobjs(last) for a in np_actors(ctx, p)]
            subj_toks, _ = subjects(ctx, first)
            sources = [a for t in subj_toks for a in np_actors(ctx, t)]
            raw = _Raw(relation, sources, targets, first, first, 0.8, rule="multiword pattern")
            raw.entry = "pattern:" + " ".join(words)
            raw.suppressed = suppressed(ctx, first)
            out.append(raw)
    # participles: "UAE-backed", "Iranian-backed"
    for i in indices(doc, ctx.lex.adjective_words, start=sent.start, end=sent.end):
        tok = doc[i]
        for entry in _adjectival(ctx, tok):
            src = _hyphen_left(tok) or next(
                (c for c in tok.children if c.dep_ in ("npadvmod", "compound", "nmod", "advmod")),
                None,
            )
            if src is None:
                continue
            m = ctx.index.get(tok.i)
            if m is not None and m.start <= src.i < m.end:
                # "Libya's UN-backed government" is one mention: read "UN" alone
                match = ctx.kb.resolve(src.text, date=ctx.date)
                sources = [match.actor] if match is not None else demonym(ctx, src)
            else:
                sources = word_actors(ctx, src)
            if m is not None and not (m.start <= src.i < m.end and m.end - m.start == 1):
                targets = roll_up(ctx, m)
            elif tok.dep_ in ("amod", "compound", "acl"):
                targets = np_actors(ctx, tok.head, skip=tok)
            else:
                targets = []
            targets = [t for t in targets if t not in sources]
            if sources and targets:
                raw = _Raw(entry.relation, sources, targets, tok, tok, 0.85, rule="participle")
                raw.entry = entry.name
                out.append(raw)
    return out


def predicates(ctx: RelationContext, sent: Span) -> list[_Raw]:
    """Adjectival predicates: "Israel is opposed to the plan", "hostile to Iran"."""
    out = []
    doc = sent.doc
    for i in indices(doc, ctx.lex.adjective_words, start=sent.start, end=sent.end):
        tok = doc[i]
        if not (
            (tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT", "conj", "xcomp", "amod"))
            or (tok.tag_ == "VBN" and tok.dep_ == "acomp")
            or (tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children))
        ):
            continue
        for entry in _adjectival(ctx, tok):
            if entry.via == ("dobj",):
                continue  # a participle ("UAE-backed"): see patterns()
            targets, _ = targets_via(ctx, [tok], entry.via, set())
            if not targets:
                continue
            holder = tok
            if tok.dep_ == "amod":
                # "a government hostile to Iran"
                sources = np_actors(ctx, tok.head)
            else:
                subj_toks, _ = subjects(ctx, tok)
                if not subj_toks and tok.head.lemma_ == "be":
                    holder = tok.head
                    subj_toks, _ = subjects(ctx, tok.head)
                sources = [a for t in subj_toks for a in np_actors(ctx, t)]
            raw = _Raw(entry.relation, sources, targets, tok, holder, entry.confidence)
            raw.rule, raw.entry = "adjectival predicate", entry.name
            raw.suppressed = suppressed(ctx, holder)
            out.append(raw)
    return out


def obligations(ctx: RelationContext, sent: Span) -> list[_Raw]:
    """ "X said (that) Y must/should do …" (also "…, X said", "X issued a
    reminder that Y must …"): X urges Y."""
    lex = ctx.lex
    out: list[_Raw] = []
    if not indices(sent.doc, lex.obligation_modals, start=sent.start, end=sent.end):
        return out  # no "must", "should": no obligation
    for verb in sent:
        if verb.lemma_ not in lex.speech_verbs and verb.pos_ not in ("NOUN",):
            continue
        if verb.pos_ == "NOUN" and (
            # "a warning that Iran must …" under a verb: the verb's subject says it
            verb.dep_ not in ("dobj", "nsubjpass") or verb.head.pos_ != "VERB"
        ):
            continue
        for clause in verb.children:
            if verb.pos_ == "NOUN" and not _has_mark(clause, ("that",)):
                continue
            if clause.dep_ not in ("ccomp", "acl") or not any(
                c.dep_ == "aux" and c.lower_ in lex.obligation_modals for c in clause.children
            ):
                continue
            speaker = verb.head if verb.pos_ == "NOUN" else verb
            subj_toks, _ = subjects(ctx, speaker)
            sources = [a for t in subj_toks for a in np_actors(ctx, t)]
            obliged = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            targets = [a for t in _with_conjuncts(obliged) for a in np_actors(ctx, t)]
            targets = [a for a in targets if a not in sources]
            if sources and targets:
                raw = _Raw("urges", sources, targets, clause, verb, 0.6, how="obligation")
                raw.rule = "obligation"
                raw.suppressed = suppressed(ctx, verb)
                out.append(raw)
    return out
