"""Polarity: negation, modality, what is only urged or threatened, and the
speaker of reported speech (the ``_Polarity`` layer of the extractor)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.model import Actor
from kg.nlp.relations.arguments import _Arguments
from kg.nlp.relations.common import _OBJ, _SUBJ, _has_mark, _intent_noun, _pobjs, _Raw

__all__: list[str] = []


class _Polarity(_Arguments):
    """Negation ("did not", "denied", "no"), modality and suppression of a trigger."""

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

    def _speaker(self, sent: Span) -> Actor | None:
        root = sent.root
        if root.lemma_ in self.lex.reporting_verbs:
            for c in root.children:
                if c.dep_ == "nsubj":
                    acts = self.actors_at(c)
                    if acts:
                        return acts[0]
        return None
