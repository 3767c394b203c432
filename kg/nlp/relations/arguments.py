"""Arguments: the actors a noun phrase stands for, and the subjects, objects and
prepositional slots of a trigger (the ``_Arguments`` layer of the extractor)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from kg.model import Actor
from kg.nlp.actors import AGENT_NOUNS
from kg.nlp.lexicon import Lexicon, Trigger
from kg.nlp.mentions import Mention, mention_index, sentence_of
from kg.nlp.relations.common import (
    _AIM_PREPS,
    _OBJ,
    _SUBJ,
    _direct_objects,
    _hyphen_left,
    _lemma,
    _pobjs,
    _relcl_head,
    _with_conjuncts,
)

if TYPE_CHECKING:
    from kg.kb import ActorKB

__all__: list[str] = []

#: prepositions of adjuncts (reason, time, circumstance), never of a verb's object.
_ADJUNCT_PREPS = frozenset(
    ("over", "after", "before", "despite", "during", "amid", "because", "following", "since")
)


class _Arguments:
    """Extraction state for one Doc, and the actors of its noun phrases and clauses."""

    def __init__(self, lex: Lexicon, kb: ActorKB, doc: Doc, mentions: list[Mention]) -> None:
        from kg.vocab import relation_types

        self.lex = lex
        self.kb = kb
        self.doc = doc
        self.mentions = mentions
        self.index = mention_index(mentions)
        self.date = doc._.geokg_date if Doc.has_extension("geokg_date") else None
        self.types = relation_types()
        self.symmetric = {n for n, t in self.types.items() if t.symmetric}

    def _roll_up(self, m: Mention) -> list[Actor]:
        out = []
        for actor in m.all_actors:
            if actor.type == "Person":
                aff = m.affiliation if m.actors == () else None
                if aff is None:
                    roles = self.kb.roles(actor.id, date=self.date)
                    aff = roles[0] if roles else None
                if aff is not None:
                    org = self.kb.get(aff.of)
                    # officials act for their state or government ("Erdogan" → Turkey,
                    # "al-Sarraj" → the GNA); commanders keep their own identity
                    if org is not None and org.type in ("State", "Government"):
                        out.append(org)
                        continue
            out.append(actor)
        return out

    def actors_at(self, tok: Token, exclude: frozenset[str] = frozenset()) -> list[Actor]:
        m = self.index.get(tok.i)
        if m is None:
            return []
        acts = self._roll_up(m)
        if exclude and m.fallback and all(a.id in exclude for a in acts):
            # a possessive pronoun that would make the actor act on itself takes
            # its second-best antecedent ("Hamas fighters attacked its troops")
            acts = self._roll_up(replace(m, actor=m.fallback[0], actors=m.fallback))
        return acts

    def via_coref(self, tok: Token) -> bool:
        m = self.index.get(tok.i)
        return m is not None and m.how == "coref"

    def np_actors(
        self,
        tok: Token,
        *,
        skip: Token | None = None,
        depth: int = 0,
        exclude: frozenset[str] = frozenset(),
    ) -> list[Actor]:
        """Actors a noun phrase headed by ``tok`` refers to, including its conjuncts.

        ``exclude`` holds actors that cannot be meant (the other argument:
        "India deployed troops along its border with China" → China).
        """
        out = self._np_one(tok, skip=skip, depth=depth, exclude=exclude)
        for conj in tok.conjuncts:
            if conj.i > tok.i:
                out.extend(self._np_one(conj, skip=skip, depth=depth, exclude=exclude))
        return list(dict.fromkeys(out))

    def _np_one(
        self, tok: Token, *, skip: Token | None, depth: int, exclude: frozenset[str]
    ) -> list[Actor]:
        if depth > 3:
            return []

        def fresh(acts: list[Actor]) -> list[Actor]:
            return [a for a in acts if a.id not in exclude]

        direct = self.actors_at(tok, exclude)
        if direct:
            return direct
        if tok.lower_ in self.lex.relative_pronouns:
            anc = _relcl_head(tok)
            return self.np_actors(anc, depth=depth + 1) if anc is not None else []
        if tok.pos_ not in ("NOUN", "PROPN", "NUM", "PRON", "ADJ", "X"):
            return []
        if (
            tok.pos_ in ("NOUN", "PROPN")
            and (tok.is_title or tok.is_upper)
            and tok.text[-1:] == "s"
        ):
            # "Iraqis", "Ukrainians": a people stands for its state
            state = self.kb.state_of_demonym(tok.text)
            if state is not None:
                return [state]
        lemma = tok.lemma_.lower()
        event = self._is_event_noun(tok)
        kids = [c for c in tok.children if (skip is None or c.i != skip.i)]
        for c in kids:
            if c.dep_ == "appos":
                acts = fresh(self.actors_at(c))
                if acts:
                    return acts
        # "Haftar's rivals", "its partners": not the possessor itself (but "his
        # Ethiopian counterpart" is Ethiopia)
        relational = lemma in self.lex.relational_nouns
        order = (
            [c for c in kids if c.dep_ == "poss" and not relational]
            + [
                p
                for c in kids
                if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                for p in _pobjs(c)
            ]
            + [c for c in kids if c.dep_ in ("compound", "nmod", "npadvmod")]
            + [c for c in kids if c.dep_ == "amod"]
        )
        for c in order:
            acts = self.actors_at(c, exclude)
            if not acts and c.dep_ in ("amod", "compound"):
                acts = self._led_by(c) or self._demonym(c)
            if not acts and c.dep_ == "nmod":
                acts = self._demonym(c)
            acts = fresh(acts)
            if acts:
                return acts
        preps: tuple[str, ...] = ("from",)
        if event:
            # "talks with the RSF": the other party of a symmetric event
            symmetric = any(t.relation in self.symmetric for t in self._noun_entries(tok))
            preps = ("with", "of") if symmetric else ("of",)
        elif lemma in self.lex.part_nouns:
            preps = ("from", "of", "with")
            if lemma in self.lex.seat_nouns:
                preps += ("in",)  # "the government in Belgrade"
        for c in kids:
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in _pobjs(c):
                    if event and c.lower_ == "of" and not self._agentive(p):
                        # "the invasion of Ukraine": the patient, not who acts
                        continue
                    acts = fresh(self.np_actors(p, depth=depth + 1))
                    if lemma in self.lex.place_nouns:
                        # "the city of El Fasher" is no actor; "the city of Kyiv" is Ukraine
                        acts = [a for a in acts if not a.minted]
                    if acts:
                        return acts
        return []

    def _agentive(self, tok: Token) -> bool:
        """'Turkish troops' in "the deployment of Turkish troops" act; 'Ukraine' does not."""
        m = self.index.get(tok.i)
        return (m is not None and m.how == "demonym") or tok.lower_ in AGENT_NOUNS

    def _noun_entries(self, tok: Token) -> tuple[Trigger, ...]:
        return self.lex.lookup("NOUN", tok.lemma_.lower()) or self.lex.lookup("NOUN", tok.lower_)

    def _demonym(self, tok: Token) -> list[Actor]:
        if not (tok.is_title or tok.is_upper):
            return []
        state = self.kb.state_of_demonym(tok.text)
        return [state] if state is not None else []

    def _led_by(self, tok: Token) -> list[Actor]:
        """'the Saudi-led coalition', 'Houthi-held ports', 'a British-flagged tanker' → X."""
        if tok.lower_ not in self.lex.led_participles:
            return []
        src = _hyphen_left(tok)
        return self._word_actors(src) if src is not None else []

    def _word_actors(self, tok: Token) -> list[Actor]:
        acts = self.actors_at(tok)
        if acts:
            return acts
        acts = self._demonym(tok)
        if acts:
            return acts
        match = self.kb.resolve(tok.text, date=self.date)
        return [match.actor] if match is not None else []

    def _is_event_noun(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        return bool(self.lex.lookup("NOUN", lemma) or self.lex.lookup("NOUN", tok.lower_))

    def subjects(self, verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
        """Subject tokens of ``verb`` (following control and coordination) and passivity."""
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
            if head.lemma_ in self.lex.object_control_verbs:
                objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
                if objs:
                    return _with_conjuncts(objs), passive
            subs, _ = self.subjects(head, depth + 1)
            return subs, passive
        if dep == "conj" and head.pos_ in ("VERB", "AUX"):
            subs, _ = self.subjects(head, depth + 1)
            return subs, passive
        if dep == "relcl":
            return [head], passive
        if dep == "acl" and head.lemma_.lower() in self.lex.intent_nouns and head.head.i != head.i:
            # "Egypt has no plans to cooperate": the planner acts
            subs, _ = self.subjects(head.head, depth + 1)
            return subs, passive
        if dep == "acl" and verb.tag_ == "VBN":
            return [head], True
        if dep == "pcomp" and head.dep_ == "prep":
            gov = head.head
            if gov.lemma_.lower() in self.lex.intent_nouns and gov.head.i != gov.i:
                # "it had no intention of attacking NATO members"
                subs, _ = self.subjects(gov.head, depth + 1)
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
                    if self.actors_at(p)
                ]
                if objs:
                    return _with_conjuncts(objs), passive
            if gov.lemma_ in self.lex.object_control_verbs and objs:
                return _with_conjuncts(objs), passive
            if gov.pos_ in ("VERB", "AUX"):
                subs, _ = self.subjects(gov, depth + 1)
                return subs, passive
        if dep in ("advcl", "xcomp", "ccomp") and verb.tag_ in ("VBG", "VB", "VBN"):
            subs, _ = self.subjects(head, depth + 1)
            return subs, passive
        return [], passive

    def _objects(self, verb: Token) -> list[Token]:
        out = [c for c in verb.children if c.dep_ in _OBJ or c.dep_ == "nsubjpass"]
        for c in verb.children:
            if c.dep_ in ("prep", "agent", "prt", "dative") and c.lower_ not in _ADJUNCT_PREPS:
                # "broke off ties with X over its ties with Y": a reason is no object
                out.extend(_pobjs(c))
        for o in list(out):
            if o.pos_ == "NUM" or _lemma(o) in self.lex.quantity_nouns:
                # "a squadron of tanks", "2 billion euros in military aid"
                out.extend(
                    p
                    for c in o.children
                    if c.dep_ == "prep" and c.lower_ in ("of", "in")
                    for p in _pobjs(c)
                )
        return out

    def _holders(self, verb: Token, objs: list[Token]) -> list[Token]:
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

    def _targets_via(
        self,
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
                        targets.extend(self.np_actors(h, exclude=exclude))
                    continue
                if slot == "dobj":
                    for c in _direct_objects(h):
                        if c.i not in skip:
                            targets.extend(self.np_actors(c, exclude=exclude))
                    continue
                for c in h.children:
                    if (
                        c.dep_ not in ("prep", "agent", "prt", "advmod", "dative")
                        or c.lower_ != slot
                    ):
                        continue
                    objs = list(_pobjs(c))
                    if slot in ("out",) and not objs:
                        objs = [p for cc in c.children if cc.dep_ == "prep" for p in _pobjs(cc)]
                    for p in objs:
                        acts = self.np_actors(p, exclude=exclude)
                        if slot == "between" and len(acts) > 1:
                            pairwise = True
                        targets.extend(acts)
        return list(dict.fromkeys(targets)), pairwise

    def _object_ok(self, tok: Token, objects: frozenset[str]) -> bool:
        if _lemma(tok) in objects or tok.lower_ in objects:
            return True
        # "@demonym": a people ("released five detained Americans")
        return "@demonym" in objects and self.kb.state_of_demonym(tok.text) is not None

    def _clause_actors(self, verb: Token) -> list[Actor]:
        """Actors in the object and prepositional slots of ``verb`` ("cut off power to X")."""
        out: list[Actor] = []
        for c in verb.children:
            if c.dep_ in ("dobj", "dative"):
                out.extend(self.np_actors(c))
                # "resume attacks in Israel"
                for pp in c.children:
                    if pp.dep_ == "prep" and pp.lower_ in _AIM_PREPS:
                        for p in _pobjs(pp):
                            out.extend(self.np_actors(p))
            elif c.dep_ in ("prep", "prt") and c.lower_ in _AIM_PREPS:
                for p in _pobjs(c):
                    out.extend(self.np_actors(p))
        return list(dict.fromkeys(out))

    def _prior_subject(self, verb: Token, exclude: set[str]) -> list[Actor]:
        """The actor subject of an earlier clause in the sentence ('Tokyo condemned the launch')."""
        sent = sentence_of(verb)
        for tok in reversed(list(sent[: verb.i - sent.start])):
            if tok.dep_ in ("nsubj",) and tok.head.pos_ in ("VERB", "AUX"):
                acts = [a for a in self.np_actors(tok) if a.id not in exclude]
                if acts:
                    return acts
        return []
