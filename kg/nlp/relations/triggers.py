"""Triggers: verbs, nouns, adjectival predicates, participles and multiword
patterns of the lexicon read with their arguments (the ``_Triggers`` layer)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.model import Actor
from kg.nlp.lexicon import Trigger
from kg.nlp.relations.common import (
    _agents,
    _has_mark,
    _hyphen_left,
    _lemma,
    _pobjs,
    _Raw,
    _with_conjuncts,
)
from kg.nlp.relations.polarity import _Polarity

__all__: list[str] = []


class _Triggers(_Polarity):
    """Each lexicon entry that fires on a token, read into a ``_Raw``."""

    def _event_subject(self, verb: Token) -> bool:
        subs = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        return any(self._is_event_noun(s) and s.i not in self.index for s in subs)

    def _entries(self, tok: Token) -> list[Trigger]:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX"):
            return list(self.lex.lookup("VERB", lemma))
        if tok.pos_ in ("NOUN", "PROPN"):
            found = self.lex.lookup("NOUN", lemma) or self.lex.lookup("NOUN", tok.lower_)
            if not found and lemma in self.lex.quantity_nouns:
                # "a $400 million military aid package for Ukraine": the package
                # carries its compound's relation
                for c in tok.lefts:
                    if c.dep_ == "compound":
                        found = found or self.lex.lookup("NOUN", _lemma(c))
            return list(found)
        return []

    def _adjectival(self, tok: Token) -> list[Trigger]:
        return list(self.lex.lookup("ADJ", tok.lower_))

    def _apply(self, tok: Token, entry: Trigger) -> _Raw | None:
        if entry.pos == "VERB":
            return self._verbal(tok, entry)
        if entry.pos == "NOUN":
            return self._nominal(tok, entry)
        return None

    def _verbal(self, verb: Token, entry: Trigger) -> _Raw | None:
        if entry.requires and not any(c.dep_ in entry.requires for c in verb.children):
            return None
        objs = self._objects(verb)
        # prepositional slots may hang under the objects ("ceded control of
        # several villages to Azerbaijan")
        holders = self._holders(verb, objs)
        skip: set[int] = set()
        if entry.objects:
            # an actor's name is never the theme ("the International Monetary Fund")
            hits = [
                o
                for o in objs
                if (o.i not in self.index or self.index[o.i].how == "demonym")
                and self._object_ok(o, entry.objects)
            ]
            if not hits:
                return None
            holders = self._holders(verb, hits)
            skip.update(o.i for o in hits)
        subj_toks, passive = self.subjects(verb)
        subj_actors = [a for t in subj_toks for a in self.np_actors(t)]
        conf = entry.confidence
        if entry.source_via:
            sources, _ = self._targets_via(holders, entry.source_via, skip)
            if passive:
                return None
            return _Raw(entry.relation, sources, subj_actors, verb, verb, conf, entry.reciprocal)
        if passive and "dobj" not in entry.via and "object" not in entry.via:
            # "the plant operated by X" is no "operate alongside"
            return None
        if passive and verb.dep_ != "acl":
            agent = _agents(verb, holders)
            sources = [a for t in agent for a in self.np_actors(t)]
            targets = subj_actors
            if not targets:
                # "Weapons were supplied to Haftar's forces by the UAE": the subject
                # is the theme, the target is in a prepositional slot
                via = tuple(v for v in entry.via if v not in ("dobj", "object"))
                targets, _ = self._targets_via(holders, via, skip)
            raw = _Raw(entry.relation, sources, targets, verb, verb, conf, entry.reciprocal)
            raw.suppressed = self.suppressed(verb)
            return raw
        if passive and verb.dep_ == "acl":
            agent = _agents(verb, holders)
            sources = [a for t in agent for a in self.np_actors(t)]
            targets = self.np_actors(verb.head, skip=verb)
            return _Raw(entry.relation, sources, targets, verb, verb, conf, entry.reciprocal)
        mine = frozenset(a.id for a in subj_actors)
        # an actor is not hostile to itself ("Hamas fighters attacked its troops":
        # its ≠ Hamas), but may well direct its own forces ("ordered his forces")
        hostile = self.types[entry.relation].sign < 0 if entry.relation in self.types else False
        targets, pairwise = self._targets_via(
            holders, entry.via, skip, exclude=mine if hostile else frozenset()
        )
        # "Iraq and Oman hosted rounds of talks": an unresolved object is not a
        # licence to pair the subjects with each other
        unpaired = not entry.objects and any(c.dep_ == "dobj" for c in verb.children)
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
        )
        if not targets and entry.relation in ("accuses", "urges"):
            # "The US charged that Iran had supplied the drones", "Ukraine demanded
            # that Russia withdraw"
            for c in verb.children:
                if c.dep_ == "ccomp":
                    subs, _ = self.subjects(c)
                    raw.targets = [a for t in subs for a in self.np_actors(t)]
                    break
        if not raw.targets and entry.relation in ("attacks", "coerces"):
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
                    states = [a for a in self.np_actors(p) if a.type == "State"]
                    raw.targets = [a for a in states if a.id not in mine]
        if not raw.targets and entry.relation in self.lex.reactive:
            dobj = [c for c in verb.children if c.dep_ == "dobj"]
            if dobj:
                prior = self._prior_subject(verb, set(a.id for a in subj_actors))
                if prior:
                    raw.targets = prior
                    raw.confidence *= 0.75
                    raw.how = "event anaphora"
        if entry.requires and not raw.targets and len(subj_actors) > 1:
            # "Chile and Peru agreed to hold drills": a joint decision, unless what
            # they agreed to says more (see _drop_embedded)
            raw.how = "joint decision"
        raw.suppressed = self.suppressed(verb)
        return raw

    def _nominal(self, noun: Token, entry: Trigger) -> _Raw | None:
        head = noun.head
        verb: Token | None = None
        if (
            noun.dep_ in ("dobj", "nsubjpass", "attr", "oprd")
            and head.lemma_ in self.lex.light_verbs
        ):
            verb = head
        elif noun.dep_ == "pobj" and head.lower_ == "behind" and head.head.lemma_ == "be":
            # "Iran was behind the attack on Saudi oil facilities"
            verb = head.head
        elif (
            noun.dep_ == "pobj"
            and head.lower_ == "for"
            and head.head.lemma_ == "responsibility"
            and head.head.head.lemma_ in self.lex.responsibility_verbs
        ):
            # "The Houthis claimed responsibility for a drone attack on ..."
            verb = head.head.head
        own_sources = self._noun_sources(noun)
        # "military drills aimed at Taiwan"
        aimed = [
            c for c in noun.children if c.dep_ == "acl" and c.lemma_ in self.lex.aim_participles
        ]
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            holders = [*self._holders(verb, [noun]), *aimed]
            subj_toks, passive = self.subjects(verb)
            if passive:
                agent = _agents(verb, holders)
                sources = [a for t in agent for a in self.np_actors(t)] or own_sources
            else:
                sources = [a for t in subj_toks for a in self.np_actors(t)] or own_sources
            targets, pairwise = self._targets_via(holders, entry.via, {noun.i})
            raw = _Raw(
                entry.relation,
                sources,
                targets,
                noun,
                verb,
                entry.confidence,
                entry.reciprocal,
                pairwise=pairwise,
            )
            raw.suppressed = self.suppressed(verb)
            return raw
        holders = [*self._holders(noun, []), *aimed]
        targets, pairwise = self._targets_via(holders, entry.via, set())
        if (
            not targets
            and own_sources
            and noun.dep_ == "pobj"
            and head.lower_ == "with"
            and entry.relation in ("supports", "provides_aid_to")
            and head.head.pos_ in ("VERB", "AUX")
        ):
            # "The Syrian government regained Aleppo with Russian air support"
            subs, _ = self.subjects(head.head)
            targets = [a for t in subs for a in self.np_actors(t)]
        if (
            not own_sources
            and targets
            and noun.dep_ == "pobj"
            and head.lower_ in ("during", "amid", "in")
            and head.head.pos_ in ("VERB", "AUX")
            and (self.types[entry.relation].sign < 0 if entry.relation in self.types else False)
        ):
            # "Palestinian youths threw stones during protests against the army":
            # the event is the clause subject's
            subs, _ = self.subjects(head.head)
            own_sources = [a for t in subs for a in self.np_actors(t)]
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
                )
        if not own_sources:
            if pairwise and (entry.relation in self.symmetric or entry.reciprocal):
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
        )

    def _noun_sources(self, noun: Token) -> list[Actor]:
        for c in noun.children:
            if c.dep_ == "poss":
                return self.np_actors(c)
        for c in noun.children:
            if c.dep_ in ("prep", "agent") and c.lower_ == "by":
                return [a for p in _pobjs(c) for a in self.np_actors(p)]
        for c in noun.children:
            if c.dep_ in ("compound", "nmod") and c.i < noun.i:
                acts = self.actors_at(c) or self._demonym(c)
                if acts:
                    return acts
            if c.dep_ == "amod":
                acts = self.actors_at(c) or self._led_by(c) or self._demonym(c)
                if acts:
                    return acts
        return []

    def _patterns(self, sent: Span) -> list[_Raw]:
        out = []
        lemmas = [t.lemma_.lower() for t in sent]
        for words, relation in self.lex.patterns:
            n = len(words)
            for i in range(len(lemmas) - n + 1):
                if tuple(lemmas[i : i + n]) != words:
                    continue
                first, last = sent[i], sent[i + n - 1]
                targets = [a for p in _pobjs(last) for a in self.np_actors(p)]
                subj_toks, _ = self.subjects(first)
                sources = [a for t in subj_toks for a in self.np_actors(t)]
                raw = _Raw(relation, sources, targets, first, first, 0.8)
                raw.suppressed = self.suppressed(first)
                out.append(raw)
        # participles: "UAE-backed", "Iranian-backed"
        for tok in sent:
            for entry in self._adjectival(tok):
                src = _hyphen_left(tok) or next(
                    (
                        c
                        for c in tok.children
                        if c.dep_ in ("npadvmod", "compound", "nmod", "advmod")
                    ),
                    None,
                )
                if src is None:
                    continue
                m = self.index.get(tok.i)
                if m is not None and m.start <= src.i < m.end:
                    # "Libya's UN-backed government" is one mention: read "UN" alone
                    match = self.kb.resolve(src.text, date=self.date)
                    sources = [match.actor] if match is not None else self._demonym(src)
                else:
                    sources = self._word_actors(src)
                if m is not None and not (m.start <= src.i < m.end and m.end - m.start == 1):
                    targets = self._roll_up(m)
                elif tok.dep_ in ("amod", "compound", "acl"):
                    targets = self.np_actors(tok.head, skip=tok)
                else:
                    targets = []
                targets = [t for t in targets if t not in sources]
                if sources and targets:
                    out.append(_Raw(entry.relation, sources, targets, tok, tok, 0.85))
        return out

    def _predicates(self, sent: Span) -> list[_Raw]:
        """Adjectival predicates: "Israel is opposed to the plan", "hostile to Iran"."""
        out = []
        for tok in sent:
            if not (
                (tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT", "conj", "xcomp", "amod"))
                or (tok.tag_ == "VBN" and tok.dep_ == "acomp")
                or (tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children))
            ):
                continue
            for entry in self._adjectival(tok):
                if entry.via == ("dobj",):
                    continue  # a participle ("UAE-backed"): see _patterns
                targets, _ = self._targets_via([tok], entry.via, set())
                if not targets:
                    continue
                holder = tok
                if tok.dep_ == "amod":
                    # "a government hostile to Iran"
                    sources = self.np_actors(tok.head)
                else:
                    subj_toks, _ = self.subjects(tok)
                    if not subj_toks and tok.head.lemma_ == "be":
                        holder = tok.head
                        subj_toks, _ = self.subjects(tok.head)
                    sources = [a for t in subj_toks for a in self.np_actors(t)]
                raw = _Raw(entry.relation, sources, targets, tok, holder, entry.confidence)
                raw.suppressed = self.suppressed(holder)
                out.append(raw)
        return out

    def _obligations(self, sent: Span) -> list[_Raw]:
        """ "X said (that) Y must/should do …" (also "…, X said", "X issued a
        reminder that Y must …"): X urges Y."""
        out = []
        for verb in sent:
            if verb.lemma_ not in self.lex.speech_verbs and verb.pos_ not in ("NOUN",):
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
                    c.dep_ == "aux" and c.lower_ in self.lex.obligation_modals
                    for c in clause.children
                ):
                    continue
                speaker = verb.head if verb.pos_ == "NOUN" else verb
                subj_toks, _ = self.subjects(speaker)
                sources = [a for t in subj_toks for a in self.np_actors(t)]
                obliged = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
                targets = [a for t in _with_conjuncts(obliged) for a in self.np_actors(t)]
                targets = [a for a in targets if a not in sources]
                if sources and targets:
                    raw = _Raw("urges", sources, targets, clause, verb, 0.6, how="obligation")
                    raw.suppressed = self.suppressed(verb)
                    out.append(raw)
        return out
