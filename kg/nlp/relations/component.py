"""The ``geokg_relations`` pipeline component, and :func:`iter_relations`.

:class:`RelationExtractor` is a :class:`spacy.pipeline.Pipe`: it is built by
the factory of :mod:`kg.nlp.factories`, saved with ``nlp.to_disk`` (its
settings and the user lexicon travel with the pipeline) and reports its
scores to ``nlp.evaluate`` (:meth:`RelationExtractor.score`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.attrs import LEMMA, LOWER
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span

from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.mentions import Mention, sentences
from kg.nlp.relations.arguments import object_keys
from kg.nlp.relations.common import (
    Found,
    RelationContext,
    _drop_embedded,
    _explicit_date,
    _Raw,
    _tag,
    relation_context,
)
from kg.nlp.relations.implicit import implicit_parties
from kg.nlp.relations.polarity import speaker, threatened
from kg.nlp.relations.repairs import (
    affiliations,
    borrow,
    expand,
    recover_requests,
    refusals,
    refused_acts,
)
from kg.nlp.relations.triggers import (
    apply,
    entries,
    event_subject,
    obligations,
    patterns,
    predicates,
)
from kg.nlp.scan import string_ids

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.training import Example

    from kg.kb import ActorKB

__all__ = ["RelationExtractor", "iter_relations"]

_CFG = "cfg.json"
_USER_LEXICON = "lexicon.ttl"


def trigger_positions(doc: Doc, lex: Lexicon, start: int, end: int) -> list[int]:
    """Positions in ``[start, end)`` of the words that may be triggers (their lemma
    or lower-case form is one a lexicon entry reads): an array scan, so that only
    those become Tokens."""
    ids = string_ids(lex.trigger_words)
    arr = doc.to_array([LEMMA, LOWER])[start:end].tolist()
    return [start + k for k, (lem, low) in enumerate(arr) if lem in ids or low in ids]


def _on(lex: Lexicon, raws: list[_Raw]) -> list[_Raw]:
    """The readings whose rule is not switched off (``Lexicon.disabled``)."""
    if not lex.disabled:
        return raws
    return [r for r in raws if r.rule.split("+", 1)[0] not in lex.disabled]


def _sentence(ctx: RelationContext, sent: Span) -> list[Found]:
    """The relations one sentence states: its triggers read, repaired and paired."""
    raws: list[_Raw] = []
    doc = sent.doc
    lex = ctx.lex
    for i in trigger_positions(doc, ctx.lex, sent.start, sent.end):
        tok = doc[i]
        candidates = entries(ctx, tok)
        if len(candidates) > 1 and tok.pos_ in ("VERB", "AUX"):
            # most compiled entries want an object this verb does not have
            keys = object_keys(ctx, tok)
            candidates = [
                e
                for e in candidates
                if not e.objects or "@demonym" in e.objects or e.objects & keys
            ]
        tried = [(e, apply(ctx, tok, e)) for e in candidates]
        hits = [(e, r) for e, r in tried if r is not None and _on(lex, [r])]
        for e, r in hits:
            r.entry = e.name
        if lex.enabled("hand entry wins") and any(not e.cameo and r.targets for e, r in hits):
            # a hand-written entry that found its target wins over compiled ones
            hits = [(e, r) for e, r in hits if not e.cameo]
        if lex.enabled("object entry wins") and any(
            e.objects and r.targets and r.sources for e, r in hits
        ):
            # "sought our military help (so far) to cope with ...": the entry that
            # matched the object ("aid") says what the verb means here
            hits = [(e, r) for e, r in hits if e.objects]
        for e, r in hits:
            r.compiled = bool(e.cameo)
            r.plover, r.cameo_root = e.plover, e.cameo_root
            if (
                r.compiled
                and not e.objects
                and lex.enabled("event subject")
                and event_subject(ctx, tok)
            ):
                # "sanctions on Iran hurt its economy": an event is no agent
                continue
            if r.compiled and not r.how:
                r.how = "compiled"
            raws.append(r)
    if lex.enabled("light verb noun wins"):
        raws = _noun_of_light_verb_wins(raws, lex)
    raws.extend(_on(lex, patterns(ctx, sent)))
    raws.extend(_on(lex, predicates(ctx, sent)))
    raws.extend(_on(lex, obligations(ctx, sent)))
    raws = _on(lex, recover_requests(ctx, raws))
    raws = borrow(ctx, raws)
    raws.extend(_on(lex, refusals(ctx, raws)))
    raws.extend(_on(lex, refused_acts(ctx, sent, raws)))
    implicit_parties(raws, sent, ctx.lex, ctx.kb)
    for raw in raws:
        if raw.relation == "attacks" and lex.enabled("threat not attack") and threatened(ctx, raw):
            # "Moscow vowed to retaliate against Finland": a threat, not an attack
            raw.relation = "threatens"
            _tag(raw, "threat not attack")
    found: list[Found] = []
    said_by = speaker(ctx, sent)
    when = _explicit_date(sent.text) or ctx.date
    for raw in raws:
        if raw.suppressed:
            continue
        found.extend(expand(ctx, raw, sent, said_by, when))
    return _drop_embedded(_contradicted(found, ctx), ctx.doc)


def _noun_of_light_verb_wins(raws: list[_Raw], lex: Lexicon) -> list[_Raw]:
    """A light verb's own reading yields to the event noun it governs ("launched a
    trade war against China" is the noun's sanctions, not the verb's attack)."""
    governed: dict[int, set[str]] = {}
    for r in raws:
        if r.trigger.i != r.head.i and r.trigger.pos_ in ("NOUN", "PROPN") and r.targets:
            governed.setdefault(r.head.i, set()).add(r.relation)
    # only a reading of another relation yields: the same event read twice is
    # merged later, and each reading may have found other parties
    return [
        r
        for r in raws
        if not (
            r.trigger.i == r.head.i
            and r.relation not in governed.get(r.trigger.i, {r.relation})
            and r.trigger.lemma_.lower() in lex.light_verbs
        )
    ]


def _contradicted(found: list[Found], ctx: RelationContext) -> list[Found]:
    """Drop an asserted event the same sentence denies between the same parties
    ("both came to Berlin, but they did not meet each other": no meeting), and a
    person's meeting with their own state (coming home is no visit)."""
    lex = ctx.lex
    found = [
        f
        for f in found
        if not (
            lex.enabled("home visit")
            and f.relation == "meets_with"
            and f.source.type == "Person"
            and f.target.type == "State"
            and f.source.country == f.target.id
        )
    ]
    denied = {_pair_key(f, ctx.symmetric) for f in found if f.negated}
    if not denied or not lex.enabled("denial wins"):
        return found
    return [f for f in found if f.negated or _pair_key(f, ctx.symmetric) not in denied]


def _pair_key(f: Found, symmetric: frozenset[str]) -> tuple[str, str, str]:
    """The event's relation and its parties at state level (a head of state
    stands for the state)."""
    a = f.source.country or f.source.id
    b = f.target.country or f.target.id
    if f.relation in symmetric and b < a:
        a, b = b, a
    return f.relation, a, b


def iter_relations(
    sent: Span,
    lexicon: Lexicon,
    kb: ActorKB,
    *,
    mentions: Iterable[Mention] | None = None,
) -> Iterator[Found]:
    """The relations (and affiliations) one sentence states; the Doc is not changed.

    ``mentions`` are the actor mentions of the sentence's Doc (by default
    ``doc._.geokg_mentions``, set by the ``geokg_actors``/``geokg_coref``
    components).

    Examples
    --------
    A parsed sentence built by hand, with its two actor mentions:

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> from kg.kb import load_kb
    >>> from kg.nlp.lexicon import load_lexicon
    >>> from kg.nlp.mentions import Mention
    >>> kb = load_kb()
    >>> doc = Doc(
    ...     spacy.blank("en").vocab,
    ...     words=["Egypt", "backs", "Haftar", "."],
    ...     heads=[1, 1, 1, 1],
    ...     deps=["nsubj", "ROOT", "dobj", "punct"],
    ...     pos=["PROPN", "VERB", "PROPN", "PUNCT"],
    ...     lemmas=["Egypt", "back", "Haftar", "."],
    ... )
    >>> ms = [Mention(0, 1, kb.get("EGY"), "name"), Mention(2, 3, kb.get("khalifa_haftar"), "name")]
    >>> [
    ...     (f.relation, f.source.label, f.target.label, f.negated)
    ...     for f in iter_relations(doc[:], load_lexicon(), kb, mentions=ms)
    ... ]
    [('supports', 'Egypt', 'Khalifa Haftar', False)]
    """
    doc = sent.doc
    ms = list(mentions) if mentions is not None else list(doc._.geokg_mentions or [])
    ctx = relation_context(lexicon, kb, doc, ms)
    yield from _sentence(ctx, sent)
    yield from affiliations(ctx, sent)


class RelationExtractor(Pipe):
    """The ``geokg_relations`` pipeline component (see :mod:`kg.nlp.relations`).

    ``lexicon``: a Turtle file extending the bundled lexicon; ``min_confidence``:
    relations below it are dropped; ``kb``: the actor knowledge base (the
    bundled one by default).
    """

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

        if not Doc.has_extension("geokg_relations"):
            Doc.set_extension("geokg_relations", default=None)
        self.name = name
        self.vocab = nlp.vocab
        self.lexicon_file = lexicon
        self.lex: Lexicon = load_lexicon(lexicon)
        self.kb = kb or load_kb()
        self.min_confidence = min_confidence

    # ------------------------------------------------------------ running
    def __call__(self, doc: Doc) -> Doc:
        ctx = relation_context(self.lex, self.kb, doc, doc._.geokg_mentions or [])
        found: list[Found] = []
        for sent in sentences(doc):
            found.extend(_sentence(ctx, sent))
        found.extend(affiliations(ctx))
        doc._.geokg_relations = [f for f in found if f.confidence >= self.min_confidence]
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        lexicon: str | None = None,
    ) -> None:
        """Nothing to learn; ``lexicon`` (a Turtle file) replaces the user lexicon."""
        if lexicon is not None:
            self.lexicon_file = lexicon
            self.lex = load_lexicon(lexicon)

    # ------------------------------------------------------------ scoring
    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Micro-averaged precision, recall and F1 of the relations found.

        The gold relations are ``example.reference._.geokg_relations``: objects
        with ``relation``, ``source`` and ``target`` (actors or ids) and
        optionally ``negated``, or tuples ``(relation, source id, target id[,
        negated])``. A symmetric relation matches in either direction;
        ``affiliated_with`` counts like any relation.
        """
        tp = fp = fn = 0
        for eg in examples:
            predicted = {_key(f) for f in eg.predicted._.geokg_relations or []}
            gold = {_key(g) for g in eg.reference._.geokg_relations or []}
            predicted = {_canonical(k, self._symmetric) for k in predicted}
            gold = {_canonical(k, self._symmetric) for k in gold}
            tp += len(predicted & gold)
            fp += len(predicted - gold)
            fn += len(gold - predicted)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"geokg_relations_p": p, "geokg_relations_r": r, "geokg_relations_f": f}

    @property
    def _symmetric(self) -> frozenset[str]:
        from kg.vocab import relation_types

        return frozenset(n for n, t in relation_types().items() if t.symmetric)

    # ------------------------------------------------------- serialization
    def _cfg(self) -> dict[str, Any]:
        return {
            "min_confidence": self.min_confidence,
            "lexicon": Path(self.lexicon_file).name if self.lexicon_file else None,
        }

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the settings and a copy of the user lexicon into the directory ``path``."""
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        (out / _CFG).write_text(json.dumps(self._cfg(), indent=1), encoding="utf-8")
        if self.lexicon_file:
            shutil.copyfile(self.lexicon_file, out / _USER_LEXICON)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RelationExtractor:
        """Read what :meth:`to_disk` wrote."""
        src = Path(path)
        cfg = json.loads((src / _CFG).read_text(encoding="utf-8"))
        self.min_confidence = float(cfg.get("min_confidence", 0.0))
        user = src / _USER_LEXICON
        if user.is_file():
            self.lexicon_file = str(user)
            self.lex = load_lexicon(str(user))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        data = dict(self._cfg())
        if self.lexicon_file:
            data["lexicon_text"] = Path(self.lexicon_file).read_text(encoding="utf-8")
        return json.dumps(data).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> RelationExtractor:
        import tempfile

        cfg = json.loads(data.decode("utf-8"))
        self.min_confidence = float(cfg.get("min_confidence", 0.0))
        if cfg.get("lexicon_text"):
            tmp = Path(tempfile.mkdtemp(prefix="geokg-lexicon-")) / _USER_LEXICON
            tmp.write_text(cfg["lexicon_text"], encoding="utf-8")
            self.lexicon_file = str(tmp)
            self.lex = load_lexicon(str(tmp))
        return self


def _key(item: Any) -> tuple[str, str, str, bool]:
    if isinstance(item, tuple):
        rel, src, tgt, *rest = item
        return str(rel), str(src), str(tgt), bool(rest[0]) if rest else False
    src, tgt = item.source, item.target
    return (
        str(item.relation),
        str(getattr(src, "id", src)),
        str(getattr(tgt, "id", tgt)),
        bool(getattr(item, "negated", False)),
    )


def _canonical(key: tuple[str, str, str, bool], symmetric: frozenset[str]) -> tuple[Any, ...]:
    rel, src, tgt, neg = key
    if rel in symmetric and tgt < src:
        src, tgt = tgt, src
    return rel, src, tgt, neg
