"""Relation extraction from the dependency parse (the ``geokg_relations`` component).

For each trigger of the lexicon (``ontology/lexicon.ttl``) in a sentence, the
extractor finds the source and target actors from the parse and the mentions
of :mod:`kg.nlp.actors` / :mod:`kg.nlp.coref`:

- verbs: subject → object or prepositional object; passives swap them
  ("He is backed by Egypt"), relative clauses take the noun they modify ("the
  Houthis, who are supported by Iran"), controlled clauses take their
  controller ("Poland pledged to keep arming Kyiv");
- nouns: "Tehran's support for Russia", "sanctions on Iran" under a light verb
  that passes on its subject ("The US imposed sanctions on Iran");
- participles: "the UAE-backed Southern Transitional Council";
- multiword patterns: "came to the aid of".

Every relation carries negation ("did not", "denied supporting", "declined to
condemn", "no", "neither … nor"), modality (could/may/might → possible,
will/pledge/plan → intended, if-clauses → conditional) and the speaker of
reported speech. What an actor is *urged* or *asked* to do is not asserted and
is dropped — except that an agentless "X was asked to come to the aid of Y"
recovers Y as the one asking.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date as _date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.model import Actor
from kg.nlp.actors import AGENT_NOUNS, Mention, mention_index, sentence_of, sentences
from kg.nlp.lexicon import Lexicon, Trigger, load_lexicon

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.kb import ActorKB

__all__ = ["INFERRED_CONFIDENCE", "Found", "RelationExtractor"]

_SUBJ = ("nsubj", "nsubjpass", "csubj")
#: confidence of a relation inferred beyond what the text says (below the 0.5
#: that ``kg extract --min-confidence 0.5`` keeps).
INFERRED_CONFIDENCE = 0.45
#: prepositions that aim an act at someone ("cut off power to X", "strike in X").
_AIM_PREPS = frozenset(("to", "against", "on", "in", "into", "at", "toward", "towards"))
_OBJ = ("dobj", "dative", "obj", "attr", "oprd")
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_DATE_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_DATE_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class Found:
    """A relation read from a Doc, before it becomes a :class:`kg.model.Relation`."""

    relation: str
    source: Actor
    target: Actor
    negated: bool
    modality: str
    confidence: float
    trigger: int
    sent_start: int
    sent_end: int
    speaker: Actor | None = None
    date: str | None = None
    role: str | None = None
    how: str = ""


@dataclass
class _Raw:
    relation: str
    sources: list[Actor]
    targets: list[Actor]
    trigger: Token
    head: Token  # the verb whose negation/modality apply
    confidence: float
    reciprocal: bool = False
    suppressed: bool = False
    pairwise: bool = False
    how: str = ""
    unpaired: bool = False
    compiled: bool = False


class RelationExtractor:
    """The ``geokg_relations`` pipeline component (see the module docstring)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "geokg_relations",
        *,
        lexicon: str | None = None,
        min_confidence: float = 0.0,
        kb: ActorKB | None = None,
    ) -> None:
        from kg.kb import load_kb
        from kg.vocab import relation_types

        if not Doc.has_extension("geokg_relations"):
            Doc.set_extension("geokg_relations", default=None)
        self.name = name
        self.lex: Lexicon = load_lexicon(lexicon)
        self.kb = kb or load_kb()
        self.types = relation_types()
        self.symmetric = {n for n, t in self.types.items() if t.symmetric}
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        mentions = list(doc._.geokg_mentions or [])
        run = _Run(self, doc, mentions)
        found: list[Found] = []
        for sent in sentences(doc):
            found.extend(run.sentence(sent))
        found.extend(run.affiliations())
        doc._.geokg_relations = [f for f in found if f.confidence >= self.min_confidence]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class _Run:
    """Extraction state for one Doc."""

    def __init__(self, ext: RelationExtractor, doc: Doc, mentions: list[Mention]):
        self.ext = ext
        self.lex = ext.lex
        self.kb = ext.kb
        self.doc = doc
        self.mentions = mentions
        self.index = mention_index(mentions)
        self.date = doc._.geokg_date if Doc.has_extension("geokg_date") else None

    # ------------------------------------------------------------ actors
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
            symmetric = any(t.relation in self.ext.symmetric for t in self._noun_entries(tok))
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

    # ----------------------------------------------------------- clauses
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

    def _chain(self, verb: Token) -> list[Token]:
        """``verb`` and the verbs it is an infinitive or gerund complement of."""
        chain = [verb]
        cur = verb
        while cur.dep_ in ("xcomp", "pcomp", "ccomp", "advcl", "conj") and cur.head.i != cur.i:
            nxt = cur.head
            if cur.dep_ == "pcomp" and nxt.dep_ == "prep":
                nxt = nxt.head
            if cur.dep_ == "ccomp" and nxt.lemma_ not in self.lex.negators:
                break
            purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
            if cur.dep_ == "advcl" and not purpose and not _has_mark(cur, ("if", "unless")):
                break
            if cur.dep_ == "conj":
                break
            chain.append(nxt)
            cur = nxt
        return chain

    def negated(self, verb: Token, noun: Token | None = None) -> bool:
        count = 0
        for i, v in enumerate(self._chain(verb)):
            if any(c.dep_ == "neg" for c in v.children):
                count += 1
            if i > 0 and v.lemma_ in self.lex.negators:
                count += 1
        scope = [verb] + ([noun] if noun is not None else [])
        seen: set[int] = set()
        for v in scope:
            for c in v.children:
                if c.dep_ in _SUBJ + _OBJ or (
                    c.dep_ == "prep" and noun is not None and v.i == noun.i
                ):
                    heads = [c, *list(_pobjs(c))] if c.dep_ == "prep" else [c]
                    for h in heads:
                        for g in h.children:
                            negator = g.lower_ == "neither" or (
                                g.lower_ == "no" and g.dep_ == "det"
                            )
                            if negator and g.i not in seen:
                                seen.add(g.i)
                                count += 1
        if noun is not None:
            for c in noun.children:
                if c.lower_ == "no" and c.dep_ == "det" and c.i not in seen:
                    seen.add(c.i)
                    count += 1
        plan = _intent_noun(verb, self.lex.intent_nouns)
        if plan is not None:
            # "Egypt has no plans to cooperate with Turkey", "no intention of attacking"
            count += sum(1 for c in plan.children if c.dep_ == "det" and c.lower_ == "no")
            count += sum(1 for c in plan.head.children if c.dep_ == "neg")
        return count % 2 == 1

    def modality(self, verb: Token) -> str:
        chain = self._chain(verb)
        if _intent_noun(verb, self.lex.intent_nouns) is not None:
            return "intended"
        if any(c.dep_ == "advcl" and _has_mark(c, ("if", "unless")) for c in verb.children):
            # "Washington may lift sanctions if Caracas holds free elections"
            return "conditional"
        if verb.lemma_ in self.lex.commissive_verbs:
            return "intended"
        for v in [verb, *[t for t in verb.ancestors]]:
            if v.dep_ == "advcl" and _has_mark(v, ("if", "unless")):
                return "conditional"
        if _has_mark(verb, ("if", "unless")):
            return "conditional"
        for v in chain:
            auxes = [c.lower_ for c in v.children if c.dep_ == "aux"]
            if any(a in self.lex.possible_verbs for a in auxes):
                return "possible"
        for i, v in enumerate(chain):
            auxes = [c.lower_ for c in v.children if c.dep_ == "aux"]
            if any(a in self.lex.future_modals for a in auxes):
                return "intended"
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and any(
                c.lower_ == "going" for c in v.head.children
            ):
                return "intended"
            if i > 0 and v.lemma_ in self.lex.intent_verbs:
                return "intended"
        return "asserted"

    def _threatened(self, raw: _Raw) -> bool:
        """True when the attack is what its own source vows or threatens to do."""
        mine = {a.id for a in raw.sources}
        for v in self._chain(raw.head)[1:]:
            if v.lemma_ in self.lex.threat_verbs:
                subs, _ = self.subjects(v)
                theirs = {a.id for t in subs for a in self.np_actors(t)}
                return not theirs or bool(mine & theirs)
        return False

    def suppressed(self, verb: Token) -> bool:
        """True when ``verb`` is what someone is urged, asked or hoped to do."""
        if any(c.dep_ == "aux" and c.lower_ in self.lex.obligation_modals for c in verb.children):
            # "Peru must withdraw": an obligation, not an act
            return True
        cur = verb
        for _ in range(6):
            if cur.dep_ == "acl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in cur.children
            ):
                # "no plans to cooperate" is stated (and negated); a "bid to join" is not
                return cur.head.lemma_.lower() not in self.lex.intent_nouns
            if cur.dep_ not in ("xcomp", "ccomp", "advcl", "pcomp") or cur.head.i == cur.i:
                return False
            head = cur.head
            if cur.dep_ == "pcomp" and head.dep_ == "prep":
                head = head.head
            prevented = cur.dep_ == "pcomp" and cur.head.lower_ == "from"
            if head.lemma_ in self.lex.directives and (cur.dep_ in ("xcomp", "ccomp") or prevented):
                # "Qatar stopped funding Hamas" negates (see negated()); only
                # "stopped X from ..." directs someone else
                aspectual = head.lemma_ in self.lex.negators and not any(
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

    # ---------------------------------------------------------- triggers
    def sentence(self, sent: Span) -> list[Found]:
        raws: list[_Raw] = []
        for tok in sent:
            tried = [(e, self._apply(tok, e)) for e in self._entries(tok)]
            hits = [(e, r) for e, r in tried if r is not None]
            if any(not e.cameo and r.targets for e, r in hits):
                # a hand-written entry that found its target wins over compiled ones
                hits = [(e, r) for e, r in hits if not e.cameo]
            if any(e.objects and r.targets and r.sources for e, r in hits):
                # "asked us for military aid (yet) to deal with ...": the entry that
                # matched the object ("aid") says what the verb means here
                hits = [(e, r) for e, r in hits if e.objects]
            for e, r in hits:
                r.compiled = bool(e.cameo)
                if r.compiled and not e.objects and self._event_subject(tok):
                    # "sanctions on Iran hurt its economy": an event is no agent
                    continue
                if r.compiled and not r.how:
                    r.how = "compiled"
                raws.append(r)
        raws.extend(self._patterns(sent))
        raws.extend(self._predicates(sent))
        raws.extend(self._obligations(sent))
        raws = self._recover_requests(raws)
        raws = self._borrow(raws)
        raws.extend(self._refusals(raws))
        raws.extend(self._refused_acts(sent, raws))
        for raw in raws:
            if raw.relation == "attacks" and self._threatened(raw):
                # "Moscow vowed to retaliate against Finland": a threat, not an attack
                raw.relation = "threatens"
        found: list[Found] = []
        speaker = self._speaker(sent)
        when = _explicit_date(sent.text) or self.date
        for raw in raws:
            if raw.suppressed:
                continue
            found.extend(self._expand(raw, sent, speaker, when))
        return _drop_embedded(found, self.doc)

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

    def _refusals(self, raws: list[_Raw]) -> list[_Raw]:
        """ "Israel refused to meet Jordan's king": a refused cooperation rejects its partner."""
        out = []
        for raw in raws:
            rt = self.ext.types.get(raw.relation)
            if raw.suppressed or not raw.sources or not raw.targets or rt is None or rt.sign <= 0:
                continue
            for v in self._chain(raw.head)[1:]:
                if v.lemma_ in self.lex.refusal_verbs:
                    rej = _Raw("opposes", raw.sources, raw.targets, v, v, 0.6, how="refusal")
                    out.append(rej)
                    break
        return out

    def _refused_acts(self, sent: Span, raws: list[_Raw]) -> list[_Raw]:
        """A refusal whose act names no trigger rejects the actors the act is aimed at
        ("refused to allow UN planes to land", "refused to respond to a US demand")."""
        out = []
        inside = {r.head.i for r in raws} | {r.trigger.i for r in raws}
        for verb in sent:
            if verb.lemma_ not in self.lex.refusal_verbs:
                continue
            for clause in verb.children:
                if clause.dep_ != "xcomp" or any(t.i in inside for t in clause.subtree):
                    continue
                subj_toks, _ = self.subjects(verb)
                sources = [a for t in subj_toks for a in self.np_actors(t)]
                mine = {a.id for a in sources}
                targets = [a for a in self._clause_actors(clause) if a.id not in mine]
                if sources and targets:
                    raw = _Raw("opposes", sources, targets, verb, verb, 0.5, how="refusal")
                    raw.suppressed = self.suppressed(verb)
                    out.append(raw)
        return out

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

    def _objects(self, verb: Token) -> list[Token]:
        out = [c for c in verb.children if c.dep_ in _OBJ or c.dep_ == "nsubjpass"]
        for c in verb.children:
            if c.dep_ in ("prep", "agent", "prt", "dative"):
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
        hostile = (
            self.ext.types[entry.relation].sign < 0 if entry.relation in self.ext.types else False
        )
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
            and (
                self.ext.types[entry.relation].sign < 0
                if entry.relation in self.ext.types
                else False
            )
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
            if pairwise and (entry.relation in self.ext.symmetric or entry.reciprocal):
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

    def _recover_requests(self, raws: list[_Raw]) -> list[_Raw]:
        """'X has not been asked to come to the aid of Y' → Y requests aid from X."""
        extra = []
        for raw in raws:
            if raw.relation != "provides_aid_to" or not raw.suppressed or not raw.targets:
                continue
            cur = raw.head
            while cur.dep_ in ("xcomp",) and cur.head.i != cur.i:
                cur = cur.head
                if cur.lemma_ in self.lex.request_verbs:
                    break
            if cur.lemma_ not in self.lex.request_verbs:
                continue
            subj_toks, passive = self.subjects(cur)
            conf, how = 0.7, "recovered agent"
            if not passive:
                asker = [a for t in subj_toks for a in self.np_actors(t)]
                asked = [a for c in cur.children if c.dep_ in ("dobj",) for a in self.np_actors(c)]
            else:
                agent = [p for c in cur.children if c.dep_ == "agent" for p in _pobjs(c)]
                asker = [a for t in agent for a in self.np_actors(t)]
                if not asker:
                    # no one is said to ask: guessing the one to be helped goes beyond
                    # the text (someone else may have asked on its behalf)
                    asker = raw.targets
                    conf, how = INFERRED_CONFIDENCE, "inferred asker"
                asked = [a for t in subj_toks for a in self.np_actors(t)]
            if asker and asked:
                extra.append(_Raw("requests_aid_from", asker, asked, cur, cur, conf, how=how))
        return raws + extra

    def _borrow(self, raws: list[_Raw]) -> list[_Raw]:
        """A trigger with no target borrows the target of the action it governs.

        'Turkey threatened to block Sweden's bid' → Turkey threatens Sweden;
        'Sisi warned that Cairo could intervene in Libya' → Egypt threatens Libya.
        """
        for raw in raws:
            if (
                raw.targets
                or raw.compiled
                or raw.trigger.pos_ not in ("VERB", "AUX")
                or raw.relation in self.ext.symmetric
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
                if raw.trigger in other.head.ancestors and _governs(raw.trigger, other.head):
                    raw.targets = list(other.targets)
                    raw.confidence *= 0.85
                    raw.how = "borrowed target"
                    other.suppressed = True
                    break
            if not raw.targets and raw.trigger.lemma_ in self.lex.threat_verbs:
                # "Iran threatened to cut off electricity to Armenia": the one the
                # threatened act is aimed at, even when that act is no trigger
                mine = {a.id for a in raw.sources}
                for clause in raw.trigger.children:
                    if clause.dep_ != "xcomp":
                        continue
                    aimed = [a for a in self._clause_actors(clause) if a.id not in mine]
                    for cond in clause.children:
                        # "threatened to strike unless Israel withdrew": Israel is threatened
                        if cond.dep_ == "advcl" and _has_mark(cond, ("unless", "if")):
                            subs, _ = self.subjects(cond)
                            aimed += [
                                a for t in subs for a in self.np_actors(t) if a.id not in mine
                            ]
                    if aimed:
                        raw.targets = aimed
                        raw.confidence *= 0.75
                        raw.how = "threatened act"
                        break
        return raws

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

    def _speaker(self, sent: Span) -> Actor | None:
        from kg.nlp.coref import _SPEECH

        root = sent.root
        if root.lemma_ in _SPEECH:
            for c in root.children:
                if c.dep_ == "nsubj":
                    acts = self.actors_at(c)
                    if acts:
                        return acts[0]
        return None

    def _expand(
        self, raw: _Raw, sent: Span, speaker: Actor | None, when: str | None
    ) -> list[Found]:
        negated = self.negated(raw.head, raw.trigger if raw.trigger.i != raw.head.i else None)
        modality = self.modality(raw.head)
        coref = self.via_coref(raw.trigger)
        conf = raw.confidence * (0.9 if coref else 1.0)
        sources = list(dict.fromkeys(raw.sources))
        targets = list(dict.fromkeys(raw.targets))
        pairs: list[tuple[Actor, Actor]] = []
        symmetric = raw.relation in self.ext.symmetric or raw.reciprocal
        if raw.pairwise:
            # "a ceasefire between Israel and Hamas" (brokered by Egypt): the
            # parties are the between-group; a mediator only meets them
            if raw.relation == "meets_with" and sources:
                # "Qatar mediated between Israel and Hamas": Qatar meets each side;
                # "Egypt hosted talks between Sudan and Ethiopia": the sides meet too
                pairs = [(s, t) for s in sources for t in targets]
                if raw.trigger.pos_ in ("NOUN", "PROPN"):
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
                    negated=negated,
                    modality=modality,
                    confidence=min(conf, 0.99),
                    trigger=raw.trigger.i,
                    sent_start=sent.start_char,
                    sent_end=sent.end_char,
                    speaker=speaker
                    if speaker is not None and speaker.id not in (s.id, t.id)
                    else None,
                    date=when,
                    how=raw.how,
                )
            )
        return out

    def affiliations(self) -> list[Found]:
        """``affiliated_with`` facts from titled mentions ('Turkish Foreign Minister X')."""
        out = []
        for m in self.mentions:
            # only what the text says: a title or an appositive, not what the
            # knowledge base knows about a bare name
            if m.how != "title" or m.affiliation is None or m.actor.type != "Person":
                continue
            org = self.kb.get(m.affiliation.of)
            if org is None:
                continue
            sent = sentence_of(self.doc[m.start])
            out.append(
                Found(
                    relation="affiliated_with",
                    source=m.actor,
                    target=org,
                    negated=False,
                    modality="asserted",
                    confidence=0.9 if m.how == "title" else 0.75,
                    trigger=m.start,
                    sent_start=sent.start_char,
                    sent_end=sent.end_char,
                    date=self.date,
                    role=m.affiliation.role,
                    how=m.how,
                )
            )
        return out


# ------------------------------------------------------------------ helpers
def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _pobjs(prep: Token) -> Iterator[Token]:
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp") and c.pos_ not in ("VERB",):
            yield c
            yield from (x for x in c.conjuncts if x.i > c.i)


def _direct_objects(verb: Token) -> list[Token]:
    """Direct objects, and the counted noun of "seized up to 16 sailors"."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    if not out:
        for c in verb.children:
            if c.dep_ in ("prt", "advmod", "prep") and c.lower_ in ("up", "about", "some"):
                out.extend(
                    p
                    for pp in c.children
                    if pp.dep_ == "prep" and pp.lower_ == "to"
                    for p in pp.children
                    if p.dep_ == "pobj"
                )
    return out


def _with_conjuncts(toks: list[Token]) -> list[Token]:
    """The tokens with their conjuncts, and list items the parser made appositions
    ("Saudi Arabia, the UAE, Bahrain and Egypt": "UAE" hangs off "Arabia" as appos)."""
    out = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
        for a in t.children:
            if a.dep_ == "appos" and any(c.dep_ == "conj" for c in a.children):
                out.append(a)
                out.extend(c for c in a.conjuncts if c.i > a.i)
    return list(dict.fromkeys(out))


def _relcl_head(tok: Token) -> Token | None:
    for anc in tok.ancestors:
        if anc.dep_ == "relcl":
            return anc.head
    return None


def _agents(verb: Token, holders: list[Token]) -> list[Token]:
    """The 'by' agents of a passive: on the verb, on a coordinated passive ("are
    armed and funded by Tehran"), or misattached to an object ("asked for help by
    the GNA")."""
    for v in (verb, *verb.conjuncts):
        found = [p for c in v.children if c.dep_ == "agent" for p in _pobjs(c)]
        if found:
            return found
    return [
        p
        for h in holders
        if h.i != verb.i
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "by"
        for p in _pobjs(c)
    ]


def _intent_noun(verb: Token, nouns: frozenset[str]) -> Token | None:
    """The intention noun ``verb`` is the content of ("plans to cooperate", "intention of")."""
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in nouns:
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ == "of":
        noun = verb.head.head
        if noun.lemma_.lower() in nouns:
            return noun
    return None


def _has_mark(verb: Token, words: tuple[str, ...]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in words for c in verb.children)


def _hyphen_left(tok: Token) -> Token | None:
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text in ("-", "–") and not doc[tok.i - 1].whitespace_:
        return doc[tok.i - 2]
    return None


def _governs(gov: Token, dep: Token) -> bool:
    """``dep`` sits in a complement clause (xcomp/ccomp) of ``gov``, not in an adjunct."""
    cur = dep
    while cur.i != gov.i and cur.head.i != cur.i:
        if cur.dep_ in ("advcl", "relcl", "conj", "acl") and cur.head.i != gov.i:
            return False
        if cur.head.i == gov.i:
            return cur.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "prep")
        cur = cur.head
    return False


def _explicit_date(text: str) -> str | None:
    """A full calendar date written in the sentence, as ISO (else None).

    Examples
    --------
    >>> _explicit_date("The deal was signed on 27 November 2019 in Istanbul.")
    '2019-11-27'
    >>> _explicit_date("He spoke on Thursday.") is None
    True
    """
    for rx, order in ((_DATE_ISO, "ymd"), (_DATE_DMY, "dmy"), (_DATE_MDY, "mdy")):
        for m in rx.finditer(text):
            a, b, c = m.groups()
            try:
                if order == "ymd":
                    d = _date(int(a), int(b), int(c))
                elif order == "dmy":
                    d = _date(int(c), _MONTHS[b.lower()], int(a))
                else:
                    d = _date(int(c), _MONTHS[a.lower()], int(b))
            except (KeyError, ValueError):
                continue
            return d.isoformat()
    return None


def _drop_embedded(found: list[Found], doc: Doc) -> list[Found]:
    """Of two relations with the same actors in a sentence, drop one whose trigger
    sits inside the other's complement clause (the governing verb says it)."""
    keep = []
    for f in found:
        dominated = False
        for g in found:
            if g is f or g.trigger == f.trigger:
                continue
            if {g.source.id, g.target.id} != {f.source.id, f.target.id}:
                continue
            weak = g.how in ("joint decision", "refusal") or (
                # a compiled verb entry does not override a hand-written trigger
                g.how == "compiled" and f.how != "compiled"
            )
            if not weak and _governs(doc[g.trigger], doc[f.trigger]):
                dominated = True
                break
            if f.how == "joint decision" and _governs(doc[f.trigger], doc[g.trigger]):
                # "agreed to deepen cooperation": the cooperation says it
                dominated = True
                break
        if not dominated:
            keep.append(f)
    return keep
