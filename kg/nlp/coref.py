"""Rule-based coreference within one article (the ``geokg_coref`` component).

coreferee cannot be installed here, and news coreference for actors is narrow
enough for rules:

- *he, him, his, she, her* → the most recent person; a pronoun subject prefers
  an earlier subject (parallelism: "Putin hosted Erdogan. He thanked Ankara");
- *it, its* → the most recent state or organization; *they, them, their* → the
  most recent coordination ("Moscow and Ankara") or group;
- *we, us, our* → the actor of the speaker of the quote or report they are in
  (a person speaking for a state speaks for the state);
- definite descriptions: *the alliance, the bloc* → an international
  organization; *the group, the rebels, the militia* → an armed or political
  group; *the government, the country, the regime* → a state or government.

A pronoun never takes the subject of its own clause as antecedent ("US media
accused it" — *it* is not the US). Resolved pronouns become :class:`Mention`
objects with ``how="coref"`` added to ``doc._.geokg_mentions``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.nlp.actors import Mention, mention_index, sentence_of, sentences

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.model import Actor

__all__ = ["Coreference", "speaker_of"]

_MASC_FEM = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
_NEUTER = {"it", "its", "itself"}
_PLURAL = {"they", "them", "their", "theirs", "themselves"}
_FIRST = {"we", "us", "our", "ours", "ourselves"}
_SPEECH = frozenset(
    [
        "say",
        "tell",
        "add",
        "state",
        "announce",
        "declare",
        "insist",
        "stress",
        "note",
        "write",
        "explain",
        "claim",
        "assert",
        "reiterate",
        "emphasize",
        "emphasise",
        "confirm",
        "report",
        "argue",
        "warn",
        "remark",
        "tweet",
    ]
)
_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "alliance": ("InternationalOrganization",),
    "bloc": ("InternationalOrganization",),
    "organization": ("InternationalOrganization", "Organization"),
    "organisation": ("InternationalOrganization", "Organization"),
    "union": ("InternationalOrganization",),
    "council": ("InternationalOrganization",),
    "group": ("ArmedGroup", "PoliticalGroup", "Group"),
    "militia": ("ArmedGroup",),
    "rebels": ("ArmedGroup",),
    "militants": ("ArmedGroup",),
    "insurgents": ("ArmedGroup",),
    "movement": ("ArmedGroup", "PoliticalGroup"),
    "faction": ("ArmedGroup", "PoliticalGroup"),
    "government": ("Government", "State"),
    "country": ("State",),
    "kingdom": ("State",),
    "republic": ("State",),
    "regime": ("Government", "State"),
    "state": ("State",),
    "authorities": ("Government", "State"),
    "administration": ("Government", "State"),
}
_NON_PERSON = frozenset(
    {
        "State",
        "Government",
        "InternationalOrganization",
        "ArmedGroup",
        "PoliticalGroup",
        "Organization",
        "Media",
        "Group",
    }
)


@dataclass(frozen=True)
class _Candidate:
    mention: Mention
    sent: int
    subject: bool


class Coreference:
    """The ``geokg_coref`` pipeline component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "geokg_coref", *, max_sentences_back: int = 4):
        self.name = name
        self.max_back = max_sentences_back

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = list(doc._.geokg_mentions or [])
        index = mention_index(mentions)
        sent_of = {}
        for s_i, sent in enumerate(sentences(doc)):
            for tok in sent:
                sent_of[tok.i] = s_i
        history: list[_Candidate] = []
        added: list[Mention] = []
        by_start: dict[int, list[Mention]] = {}
        for m in mentions:
            by_start.setdefault(m.start, []).append(m)
        for tok in doc:
            starting = by_start.get(tok.i)
            if starting:
                for m in starting:
                    subject = _is_subject(doc[m.start : m.end])
                    history.append(_Candidate(m, sent_of[tok.i], subject))
                continue
            if tok.i in index:
                continue
            new = self._resolve(doc, tok, history, sent_of, index)
            if new is not None and tok.tag_ == "PRP$":
                # the second choice, should the first make an actor act on itself
                # ("Hamas fighters attacked its troops": its ≠ Hamas)
                alt = self._resolve(doc, tok, history, sent_of, index, force_ban=True)
                if alt is not None and alt.all_actors != new.all_actors:
                    new = replace(new, fallback=alt.all_actors)
            if new is not None:
                added.append(new)
                history.append(_Candidate(new, sent_of[tok.i], _is_subject_tok(tok)))
        doc._.geokg_mentions = sorted(mentions + added, key=lambda x: (x.start, x.end))
        return doc

    def _resolve(
        self,
        doc: Doc,
        tok: Token,
        history: list[_Candidate],
        sent_of: dict[int, int],
        index: dict[int, Mention],
        force_ban: bool = False,
    ) -> Mention | None:
        low = tok.lower_
        here = sent_of[tok.i]
        recent = [c for c in history if here - c.sent <= self.max_back]
        # a possessive usually points at the nearest fitting actor ("Haftar
        # ordered his forces", "Kyiv asked its partners"); other pronouns never
        # take the subject of their own clause ("US media accused it")
        possessive = tok.tag_ == "PRP$"
        banned = set() if possessive and not force_ban else _own_subject_actors(tok, index)
        subjectish = _is_subject_tok(tok) and not possessive
        if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$"):
            reporter = _reporter(tok, index, low)
            if reporter is not None:
                return reporter
            if low in _FIRST:
                actor = speaker_of(doc, tok, index)
                if actor is None:
                    return None
                return Mention(
                    tok.i, tok.i + 1, actor, "coref", f"{tok.text!r} → speaker {actor.label}"
                )
            if low in _MASC_FEM:
                pool = [c for c in recent if c.mention.actor.type == "Person"]
                return _pick(tok, pool, banned, prefer_subject=subjectish)
            if low in _NEUTER:
                pool = [
                    c
                    for c in recent
                    if c.mention.actor.type in _NON_PERSON and len(c.mention.all_actors) == 1
                ]
                return _pick(tok, pool, banned, prefer_subject=subjectish)
            if low in _PLURAL:
                # a coordination ("Moscow and Ankara") or a group is the usual antecedent
                groups = _coordinations(doc, history, here, self.max_back)
                picked = _pick(tok, groups, banned, prefer_subject=False)
                if picked is not None:
                    return picked
                pool = [c for c in recent if c.mention.actor.type in _NON_PERSON]
                return _pick(tok, pool, banned, prefer_subject=False)
            return None
        kinds = _DESCRIPTIONS.get(low)
        if kinds and tok.pos_ in ("NOUN", "PROPN") and _bare_definite(tok):
            pool = [c for c in recent if c.mention.actor.type in kinds]
            return _pick(tok, pool, banned, prefer_subject=False, what=f"the {low}")
        return None


def _reporter(tok: Token, index: dict[int, Mention], low: str) -> Mention | None:
    """'Greek officials said they would ...': a third-person subject of a reported
    clause is the reporter, when the reporter fits the pronoun."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or low in _FIRST or tok.head.dep_ != "ccomp":
        return None
    verb = tok.head.head
    if verb.lemma_ not in _SPEECH:
        return None
    for subj in (c for c in verb.children if c.dep_ == "nsubj"):
        m = index.get(subj.i)
        if m is None:
            continue
        person = m.actor.type == "Person"
        fits = (
            (low in _MASC_FEM and person)
            or (low in _NEUTER and not person and len(m.all_actors) == 1)
            or (low in _PLURAL and not person)
        )
        if fits:
            label = " and ".join(a.label for a in m.all_actors)
            return Mention(
                tok.i,
                tok.i + 1,
                m.actor,
                "coref",
                f"{tok.text!r} → reporter {label}",
                m.affiliation,
                m.actors,
            )
    return None


def _pick(
    tok: Token,
    pool: list[_Candidate],
    banned: set[str],
    *,
    prefer_subject: bool,
    what: str | None = None,
) -> Mention | None:
    pool = [c for c in pool if not (set(a.id for a in c.mention.all_actors) & banned)]
    if not pool:
        return None
    chosen = pool[-1]
    if prefer_subject:
        subjects = [c for c in pool if c.subject]
        if subjects:
            chosen = subjects[-1]
    m = chosen.mention
    label = " and ".join(a.label for a in m.all_actors)
    return Mention(
        tok.i,
        tok.i + 1,
        m.actor,
        "coref",
        f"{what or repr(tok.text)} → {label}",
        m.affiliation,
        m.actors,
    )


def _is_subject_tok(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass") or (
        tok.dep_ == "poss" and tok.head.dep_ in ("nsubj", "nsubjpass")
    )


def _is_subject(span: object) -> bool:

    assert isinstance(span, Span)
    return any(t.dep_ in ("nsubj", "nsubjpass") for t in span) or (
        span.root.dep_ == "pobj" and span.root.head.dep_ == "agent"
    )


def _bare_definite(tok: Token) -> bool:
    kids = list(tok.lefts)
    return (
        len(kids) == 1
        and kids[0].lower_ == "the"
        and not any(c.dep_ in ("amod", "compound") for c in tok.children)
    )


def _clause_subjects(tok: Token) -> list[Token]:
    """Subjects of the clause ``tok`` sits in, following control ('accused X of doing')."""
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subs and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        governor = verb.head.head
        subs = [c for c in governor.children if c.dep_ in ("dobj",)]
    if not subs and verb.dep_ in ("xcomp", "conj", "advcl"):
        subs = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subs


def _own_subject_actors(tok: Token, index: dict[int, Mention]) -> set[str]:
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return set()
    out: set[str] = set()
    for s in _clause_subjects(tok):
        for t in [s, *(c for c in s.children if c.dep_ in ("compound", "amod", "poss", "nmod"))]:
            m = index.get(t.i)
            if m is not None:
                out.update(a.id for a in m.all_actors)
    return out


def _coordinations(doc: Doc, history: list[_Candidate], here: int, back: int) -> list[_Candidate]:
    """Coordinated mentions ('Moscow and Ankara') as one plural candidate each."""
    out = []
    seen: set[int] = set()
    for c in history:
        if here - c.sent > back or c.mention.start in seen:
            continue
        head = doc[c.mention.start : c.mention.end].root
        conj = [t for t in head.conjuncts]
        if not conj:
            continue
        members = [c.mention]
        for t in conj:
            for other in history:
                if other.mention.start <= t.i < other.mention.end:
                    members.append(other.mention)
                    seen.add(other.mention.start)
        if len(members) < 2:
            continue
        actors = tuple(dict.fromkeys(a for m in members for a in m.all_actors))
        last = max(members, key=lambda m: m.start)
        group = Mention(last.start, last.end, actors[0], "coref", "", None, actors)
        out.append(_Candidate(group, c.sent, c.subject))
        seen.add(c.mention.start)
    return out


def speaker_of(doc: Doc, tok: Token, index: dict[int, Mention]) -> Actor | None:
    """The actor speaking in the quote or report that contains ``tok``.

    Looks for a speech verb ("said", "told") with a non-first-person subject
    in the same sentence, then in the rest of the paragraph; a person who
    holds an office speaks for the state or organization of that office.
    """
    sent = sentence_of(tok)
    para = _paragraph(doc, tok)
    candidates = [sent] + [s for s in para if s.start != sent.start]
    for s in candidates:
        for t in s:
            if t.lemma_ not in _SPEECH:
                continue
            for subj in t.children:
                if subj.dep_ != "nsubj" or subj.lower_ in _FIRST:
                    continue
                m = index.get(subj.i)
                if m is None:
                    continue
                if m.affiliation is not None and m.actor.type == "Person":
                    from kg.kb import load_kb

                    org = load_kb().get(m.affiliation.of)
                    if org is not None:
                        return org
                return m.actor
    return None


def _paragraph(doc: Doc, tok: Token) -> list:
    """Sentences of the paragraph (text between blank lines) that holds ``tok``."""
    sents = sentences(doc)
    idx = next(i for i, s in enumerate(sents) if s.start <= tok.i < s.end)

    def breaks_before(s_i: int) -> bool:
        return "\n\n" in doc.text[sents[s_i - 1].start_char : sents[s_i].start_char + 1] or any(
            "\n" in t.text for t in sents[s_i - 1]
        )

    lo = idx
    while lo > 0 and not breaks_before(lo):
        lo -= 1
    hi = idx
    while hi + 1 < len(sents) and not breaks_before(hi + 1):
        hi += 1
    return sents[lo : hi + 1]
