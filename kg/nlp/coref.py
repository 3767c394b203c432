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
  organization; *the group, the rebels, the militia, the army* → an armed or
  political group; *the coalition* → a coalition; *the government, the
  country, the regime, the junta* → a state or government. A description of a
  state's government stands for the body governing it at the article's date
  (:mod:`kg.nlp.context`: "the government" after "Libya" in 2019 is the GNA);
  *the regime* and *the junta* prefer a state the knowledge base describes so
  at that date; *the capital* is the seat of power of the state named last;
- one article, one reading: a description resolves to the same actor every
  time it recurs in the article ("the rebels" stays the group it first meant).

A pronoun never takes the subject of its own clause as antecedent ("US media
accused it" — *it* is not the US). Resolved pronouns become :class:`Mention`
objects with ``how="coref"`` added to ``doc._.geokg_mentions``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.mentions import Mention, mention_index, sentence_of, sentences

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.model import Actor
    from kg.nlp.context import ContextResolver

__all__ = ["Coreference", "speaker_of"]


def _words() -> Lexicon:
    """The bundled lexicon, whose word classes coreference reads: pronouns
    (``lex:PersonPronoun``, ``lex:NeuterPronoun``, ``lex:PluralPronoun``,
    ``lex:FirstPersonPronoun``), definite descriptions (``lex:ActorDescription``,
    ``lex:GovernmentDescription``) and ``lex:ReportingVerb`` (verbs whose
    subject is the speaker of the reported clause)."""
    return load_lexicon()


def _fits(actor: Actor, kinds: frozenset[str], low: str) -> bool:
    """Whether an earlier actor can be what the description means."""
    if actor.type not in kinds:
        return False
    if low == "coalition":
        return "coalition" in actor.label.lower() or actor.type != "Group"
    if low in ("army", "military"):
        # a national army or a state's military sector, not any armed group
        return actor.sector == "MIL" or "army" in actor.label.lower()
    return True


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
        self._nlp = nlp
        # per Doc, set by __call__: the actors component's context, the date, and
        # what each description meant the first time in the article
        self._ctx: ContextResolver | None = None
        self._date: str | None = None
        self._said: dict[str, Mention] = {}

    def _context(self) -> ContextResolver | None:
        """The context of the ``geokg_actors`` component (its knowledge base and facts)."""
        if "geokg_actors" not in self._nlp.pipe_names:
            return None
        return getattr(self._nlp.get_pipe("geokg_actors"), "context", None)

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = list(doc._.geokg_mentions or [])
        index = mention_index(mentions)
        sent_of = {}
        for s_i, sent in enumerate(sentences(doc)):
            for tok in sent:
                sent_of[tok.i] = s_i
        history: list[_Candidate] = []
        added: list[Mention] = []
        self._ctx = self._context()
        self._date = doc._.geokg_date or (
            doc._.geokg_period if Doc.has_extension("geokg_period") else None
        )
        self._said = {}
        by_start: dict[int, list[Mention]] = {}
        for m in mentions:
            by_start.setdefault(m.start, []).append(m)
        for tok in doc:
            starting = by_start.get(tok.i)
            if starting:
                for m in starting:
                    if m.how == "place":
                        continue  # "the rebels" after "in Idlib" is not Idlib's holder
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
        words = _words()
        pronoun = tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$")
        if not pronoun and low not in words.descriptions:
            return None  # neither a pronoun nor a description: nothing to resolve
        here = sent_of[tok.i]
        recent = [c for c in history if here - c.sent <= self.max_back]
        # a possessive usually points at the nearest fitting actor ("Haftar
        # ordered his forces", "Kyiv asked its partners"); other pronouns never
        # take the subject of their own clause ("Gulf newspapers accused it")
        possessive = tok.tag_ == "PRP$"
        banned = set() if possessive and not force_ban else _own_subject_actors(tok, index)
        subjectish = _is_subject_tok(tok) and not possessive
        if pronoun:
            reporter = _reporter(tok, index, low)
            if reporter is not None:
                return reporter
            if low in words.first_person_pronouns:
                actor = speaker_of(doc, tok, index)
                if actor is None:
                    return None
                return Mention(
                    tok.i, tok.i + 1, actor, "coref", f"{tok.text!r} → speaker {actor.label}"
                )
            if low in words.person_pronouns:
                pool = [c for c in recent if c.mention.actor.type == "Person"]
                return _pick(tok, pool, banned, prefer_subject=subjectish)
            if low in words.neuter_pronouns:
                pool = [
                    c
                    for c in recent
                    if c.mention.actor.type in _NON_PERSON and len(c.mention.all_actors) == 1
                ]
                return _pick(tok, pool, banned, prefer_subject=subjectish)
            if low in words.plural_pronouns:
                # a coordination ("Moscow and Ankara") or a group is the usual antecedent
                groups = _coordinations(doc, history, here, self.max_back)
                picked = _pick(tok, groups, banned, prefer_subject=False)
                if picked is not None:
                    return picked
                pool = [c for c in recent if c.mention.actor.type in _NON_PERSON]
                return _pick(tok, pool, banned, prefer_subject=False)
            return None
        kinds = words.descriptions.get(low)
        if kinds and tok.pos_ in ("NOUN", "PROPN") and _bare_definite(tok, index):
            said = self._said.get(low)
            if said is not None and not {a.id for a in said.all_actors} & banned:
                why = f"the {low} → {said.actor.label} (as earlier in the article)"
                return replace(said, start=tok.i, end=tok.i + 1, how="coref", why=why)
            pool = [c for c in recent if _fits(c.mention.actor, kinds, low)]
            pool = self._preferred(pool, recent, low)
            found = _pick(tok, pool, banned, prefer_subject=False, what=f"the {low}")
            if found is not None:
                found = self._governed(doc, tok, found, low)
                self._said[low] = found
            return found
        return None

    def _preferred(
        self, pool: list[_Candidate], recent: list[_Candidate], low: str
    ) -> list[_Candidate]:
        """'the regime', 'the junta': a state the knowledge base so describes at the
        article's date, named by the article itself or through its people and
        groups ("Syrian rebels" make the regime Syria's)."""
        if self._ctx is None or low not in ("regime", "junta"):
            return pool
        places, kb = self._ctx.places, self._ctx.kb

        def state_of(a: Actor) -> str | None:
            return a.id if a.type == "State" else a.country

        def described(state: str | None) -> bool:
            return state is not None and any(
                g.described_by(low) for g in places.governments(state, self._date)
            )

        chosen = [c for c in pool if described(state_of(c.mention.actor))]
        if chosen:
            return chosen
        for c in reversed(recent):
            state = state_of(c.mention.actor)
            actor = kb.get(state) if described(state) and state else None
            if actor is not None:
                m = c.mention
                return [replace(c, mention=Mention(m.start, m.end, actor, "coref"))]
        return pool

    def _governed(self, doc: Doc, tok: Token, m: Mention, low: str) -> Mention:
        """A state's government (or capital) at the article's date."""
        ctx = self._ctx
        actor = m.actor
        if ctx is None or len(m.all_actors) != 1 or actor.type != "State":
            return m
        if low == "capital":
            info = ctx.kb.info(actor.id)
            names = info.names.get("capital", []) if info is not None else []
            holder = ctx.seat_holder(actor.id, names[0], self._date) if names else None
        elif low in _words().government_descriptions:
            holder = ctx.governing_body(actor.id, f"the {low}", False, self._date)
        else:
            return m
        if holder is None:
            return m
        why = f"the {low} → {actor.label}, governed by {holder.label} at "
        why += f"{self._date or 'present (no article date)'}"
        return replace(m, actor=holder, why=why, actors=())


def _reporter(tok: Token, index: dict[int, Mention], low: str) -> Mention | None:
    """'Greek officials said they would ...': a third-person subject of a reported
    clause is the reporter, when the reporter fits the pronoun."""
    words = _words()
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ccomp":
        return None
    if low in words.first_person_pronouns:
        return None
    verb = tok.head.head
    if verb.lemma_ not in words.reporting_verbs:
        return None
    for subj in (c for c in verb.children if c.dep_ == "nsubj"):
        m = index.get(subj.i)
        if m is None:
            continue
        person = m.actor.type == "Person"
        fits = (
            (low in words.person_pronouns and person)
            or (low in words.neuter_pronouns and not person and len(m.all_actors) == 1)
            or (low in words.plural_pronouns and not person)
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


def _bare_definite(tok: Token, index: dict[int, Mention] | None = None) -> bool:
    """'the country', 'the regime'; also 'the Gulf state', 'the Balkan country': a
    region's name before the noun, when it names no actor, still describes the
    state the article is about (a demonym, "the Turkish state", is an actor)."""
    kids = list(tok.lefts)
    if not kids or kids[0].lower_ != "the":
        return False
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound")]
    region = [
        c
        for c in mods
        if c.i < tok.i and c.is_title and c.pos_ in ("PROPN", "ADJ") and c.i not in (index or {})
    ]
    if len(kids) == 1 and not mods:
        return True
    return len(kids) == 2 and len(mods) == 1 and region == mods


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
    # the coordinated subjects too: "X, Y and Z cut ties with the Gulf state" is none of them
    for s in (c for subj in _clause_subjects(tok) for c in (subj, *subj.conjuncts)):
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
    words = _words()
    sent = sentence_of(tok)
    para = _paragraph(doc, tok)
    candidates = [sent] + [s for s in para if s.start != sent.start]
    for s in candidates:
        for t in s:
            if t.lemma_ not in words.reporting_verbs:
                continue
            for subj in t.children:
                if subj.dep_ != "nsubj" or subj.lower_ in words.first_person_pronouns:
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
