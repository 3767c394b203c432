"""What the relation extractor finds, what it reads, and plain helpers over spaCy tokens.

Shared by the parts of :mod:`kg.nlp.relations`: :class:`Found` (a relation read
from a Doc), :class:`RelationContext` (the lexicon, knowledge base and
per-Doc lookups every function of the extractor takes as its first argument),
``_Raw`` (a trigger's reading before negation, modality and pairing), and
functions that walk the dependency parse (prepositional objects, conjuncts,
passive agents, clause government) or read a date.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date as _date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from kg.model import Actor
from kg.months import MONTHS
from kg.nlp.lexicon import Lexicon
from kg.nlp.mentions import Mention, mention_index

if TYPE_CHECKING:
    from kg.kb import ActorKB
    from kg.vocab import RelationType

__all__ = ["INFERRED_CONFIDENCE", "Found", "RelationContext", "relation_context"]

_SUBJ = ("nsubj", "nsubjpass", "csubj")
#: confidence of a relation inferred beyond what the text says (below the 0.5
#: that ``kg extract --min-confidence 0.5`` keeps).
INFERRED_CONFIDENCE = 0.45
_OBJ = ("dobj", "dative", "obj", "attr", "oprd")
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
    #: provenance (``kg eval --ablate``, ``kg extract --explain``): the code path
    #: that read it (a name of :data:`kg.nlp.rules.RULES`) and the lexicon entry
    rule: str = ""
    entry: str = ""
    #: the event's own PLOVER type and CAMEO root, when its trigger entry has one
    plover: str = ""
    cameo_root: str = ""


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
    rule: str = ""  # the code path that made it (kg.nlp.rules.RULES)
    entry: str = ""  # the lexicon entry it reads (Trigger.name)
    #: the trigger entry's own codes (:attr:`kg.nlp.lexicon.Trigger.plover`)
    plover: str = ""
    cameo_root: str = ""


@dataclass(frozen=True, slots=True)
class RelationContext:
    """What the extractor reads while it works through one Doc (never changed).

    Every function of :mod:`~kg.nlp.relations.arguments`,
    :mod:`~kg.nlp.relations.polarity`, :mod:`~kg.nlp.relations.triggers` and
    :mod:`~kg.nlp.relations.repairs` takes it as its first argument, the way
    spaCy's ``Matcher`` passes its state to a callback. Make one with
    :func:`relation_context`.

    Attributes
    ----------
    lex : Lexicon
        Triggers and word classes.
    kb : ActorKB
        The actor knowledge base (roles, demonyms, names).
    doc : Doc
        The Doc being read.
    mentions : tuple of Mention
        The actor mentions of ``doc``.
    index : Mapping[int, Mention]
        Token index → the mention covering it.
    date : str or None
        The article's date (``doc._.geokg_date``), for dated roles and names.
    types : Mapping[str, RelationType]
        The relation types of the vocabulary by name.
    symmetric : frozenset of str
        Names of the symmetric relations.
    objects_of : dict
        A cache of :func:`~kg.nlp.relations.arguments.objects` by verb position
        (a verb with several lexicon entries is read once per entry).
    """

    lex: Lexicon
    kb: ActorKB
    doc: Doc
    mentions: tuple[Mention, ...]
    index: Mapping[int, Mention]
    date: str | None
    types: Mapping[str, RelationType]
    symmetric: frozenset[str]
    objects_of: dict[int, list[Token]] = field(default_factory=dict, compare=False)


def _tag(raw: _Raw, rule: str) -> None:
    """Add the rule ``rule`` to the provenance of ``raw``."""
    raw.rule = f"{raw.rule}+{rule}" if raw.rule else rule


def relation_context(
    lex: Lexicon, kb: ActorKB, doc: Doc, mentions: Iterable[Mention]
) -> RelationContext:
    """The :class:`RelationContext` for reading ``doc`` with its actor ``mentions``."""
    from kg.vocab import relation_types

    ms = tuple(mentions)
    types = relation_types()
    return RelationContext(
        lex=lex,
        kb=kb,
        doc=doc,
        mentions=ms,
        index=mention_index(ms),
        date=doc._.geokg_date if Doc.has_extension("geokg_date") else None,
        types=types,
        symmetric=frozenset(n for n, t in types.items() if t.symmetric),
    )


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def phrase_forms(tok: Token) -> set[str]:
    """The strings a lexicon word list may name ``tok`` by: its lemma and lower-case
    form, with a modifier ("martial law", "roadside bomb") and with its of-phrase
    ("state of emergency")."""
    lemma = _lemma(tok)
    forms = {lemma, tok.lower_}
    for c in tok.children:
        if c.dep_ in ("amod", "compound"):
            forms.add(f"{_lemma(c)} {lemma}")
        elif c.dep_ == "prep" and c.lower_ == "of":
            forms.update(f"{lemma} of {_lemma(p)}" for p in c.children)
    return forms


def _pobjs(prep: Token) -> Iterator[Token]:
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp") and c.pos_ not in ("VERB",):
            yield c
            yield from (x for x in c.conjuncts if x.i > c.i)


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


def _has_mark(verb: Token, words: Collection[str]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in words for c in verb.children)


def _reciprocal_pronoun(tok: Token) -> bool:
    """ "each other", "one another": the subjects act on one another."""
    return tok.lower_ in ("other", "another") and any(
        c.lower_ in ("each", "one") for c in tok.children
    )


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
                    d = _date(int(c), MONTHS[b.lower()], int(a))
                else:
                    d = _date(int(c), MONTHS[a.lower()], int(b))
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
