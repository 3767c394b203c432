"""The ablation report (``kg eval GOLD --ablate``, ``benchmarks/ablate.py``).

For every *unit* of the extractor that plays a part on a gold set, the
report reruns the extractor without it and counts the events the unit adds
(found with it, gone without it) and removes (found only without it), each a
true or a false positive against the gold. The units:

``rule:NAME``
    a code path of :data:`kg.nlp.rules.RULES`, switched off through
    ``Lexicon.disabled``;
``trigger:ENTRY:WORD``
    one word of one trigger entry (``ontology/lexicon.ttl`` or a compiled
    CAMEO entry of ``lexicon_cameo.json``), taken out of the lexicon's index;
``pattern:WORDS``
    a multiword pattern of the lexicon;
``word:CLASS:WORD``
    one word of a word class (``lex:LightVerb``, ``lex:Negator``, …).

It stays fast because only what fired or occurs is ablated, and only where:
rules and trigger entries are read from the provenance tag of every found
relation (``Found.rule``, ``Found.entry``) and rerun on the sentences they
tagged (a ``filter`` rule, which leaves no tag, on every sentence); a word
is rerun on the sentences that contain it. Word classes the actor components
read (:data:`ACTOR_CLASSES`) rerun the whole chunk through actors,
coreference and relations; everything else reruns only the relation
extractor on the sentence, with the chunk's actor mentions. Parsed Docs are
cached as a ``DocBin`` keyed by the model and the texts.

An *event* is what the gold set scores: for per-actor gold (``relations``) a
relation ``(name, source, target, negated)``, strict; for country-level gold
(``events``) a ``(source code, target code, quad class)`` tuple. Optional gold
events count neither way. On a set named ``…:check`` (the check half of a
country-level set) the report counts but does not show the events, as
``score_real.py -v`` does not.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.model import Article, Relation
from kg.nlp.rules import RULES, rule_names

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from kg.nlp.lexicon import Lexicon
    from kg.nlp.relations import Found

__all__ = [
    "ACTOR_CLASSES",
    "Ablation",
    "Effect",
    "Unit",
    "ablate_sets",
    "one_event_units",
    "render_json",
    "render_text",
]

#: word classes read by the actor and coreference components (``kg.nlp.actors``,
#: ``kg.nlp.context``, ``kg.nlp.coref``): ablating one of their words reruns the
#: whole chunk, not just the relation extractor.
ACTOR_CLASSES = frozenset(
    {
        "AuthoritySector", "Locative", "PeopleSector", "RegionWord", "StancePrefix",
        "ForceNoun", "GovernmentNoun", "PlaceHead", "TargetLocative",
        "FirstPersonPronoun", "GovernmentDescription", "NeuterPronoun",
        "PersonPronoun", "PluralPronoun", "ReportingVerb", "PatientVerb",
    }
)  # fmt: skip
_GEOKG = ("geokg_actors", "geokg_coref", "geokg_relations")


@dataclass
class Effect:
    """What one unit does on one gold set: events it adds and removes (true
    positive / false positive), the change of the set's TP, FP and FN, and a
    line per changed event."""

    adds_tp: int = 0
    adds_fp: int = 0
    removes_tp: int = 0
    removes_fp: int = 0
    d_tp: int = 0
    d_fp: int = 0
    d_fn: int = 0
    events: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return self.adds_tp + self.adds_fp

    @property
    def removed(self) -> int:
        return self.removes_tp + self.removes_fp

    @property
    def net(self) -> int:
        """True positives the unit brings minus the false positives it brings."""
        return (self.adds_tp - self.removes_tp) - (self.adds_fp - self.removes_fp)


@dataclass
class Unit:
    """One ablated unit and its effect on each gold set (by set name)."""

    name: str
    description: str
    effects: dict[str, Effect] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.name.split(":", 1)[0]

    def total(self, attr: str) -> int:
        return sum(int(getattr(e, attr)) for e in self.effects.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.name,
            "kind": self.kind,
            "description": self.description,
            "added": self.total("added"),
            "removed": self.total("removed"),
            "adds_tp": self.total("adds_tp"),
            "adds_fp": self.total("adds_fp"),
            "removes_tp": self.total("removes_tp"),
            "removes_fp": self.total("removes_fp"),
            "net": self.total("net"),
            "sets": {
                name: {
                    **dataclasses.asdict(e),
                    "added": e.added,
                    "removed": e.removed,
                    "net": e.net,
                }
                for name, e in self.effects.items()
                if e.added or e.removed or e.d_tp or e.d_fp or e.d_fn
            },
        }


@dataclass
class Ablation:
    """The report: the sets (name → baseline scores) and every unit ablated."""

    sets: dict[str, dict[str, Any]]
    units: list[Unit]

    def ranked(self) -> list[Unit]:
        """Units that change anything, most events added first."""
        moving = [u for u in self.units if u.total("added") or u.total("removed")]
        return sorted(moving, key=lambda u: (-u.total("added"), -u.total("removed"), u.name))


# ------------------------------------------------------------- parsed chunks
@dataclass
class _Chunk:
    case: int
    text: str
    pieces: list[Any]
    parsed: Doc  # the parser's output, before geokg's components
    doc: Doc  # after them (the baseline)
    found: list[Found]
    sents: list[Span]
    words: list[frozenset[str]]  # per sentence: lemmas and lower-case forms


@dataclass
class _Set:
    name: str
    cases: list[dict[str, Any]]
    articles: list[Article]
    real: bool
    chunks: list[_Chunk]
    base: list[list[Relation]]
    base_keys: list[dict[tuple[Any, ...], tuple[str, str]]]
    base_counts: list[tuple[int, int, int, int]]  # tp (system), fp, fn, tp (gold)


def _cache_dir(cache: str | Path | None) -> Path:
    if cache is not None:
        return Path(cache)
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "geokg" / "ablate"


def _parse(
    nlp: Language, articles: list[Article], cache: Path
) -> Iterator[tuple[int, str, list[Any], Doc]]:
    """Every chunk of every article, parsed (from the DocBin cache when it has them)."""
    from spacy.tokens import DocBin

    from kg.extract import article_chunks, prepare_doc

    jobs = [(n, text, pieces) for n, a in enumerate(articles) for text, pieces in article_chunks(a)]
    meta = nlp.meta
    # the model, the tokenizer's rules (geokg adds infixes) and the texts
    h = hashlib.sha1(f"{meta.get('name')}-{meta.get('version')}".encode())
    h.update(nlp.tokenizer.to_bytes())  # type: ignore[union-attr]
    for n, text, _ in jobs:
        h.update(f"\0{articles[n].date}\0{text}".encode())
    path = cache / f"{h.hexdigest()[:20]}.spacy"
    docs: list[Doc] = []
    if path.is_file():
        try:
            docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        except Exception:  # a damaged cache file (msgpack, zlib, ... errors): parse again
            docs = []
    if len(docs) != len(jobs):
        with nlp.select_pipes(disable=list(_GEOKG)):
            made = (prepare_doc(nlp, text, articles[n].date) for n, text, _ in jobs)
            docs = list(nlp.pipe(made, batch_size=16))
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            cache.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=True, docs=docs).to_disk(path)
    for (n, text, pieces), doc in zip(jobs, docs, strict=True):
        yield n, text, pieces, doc


@contextlib.contextmanager
def _lexicon(nlp: Language, lex: Lexicon) -> Iterator[None]:
    """Run the pipeline's geokg components with ``lex`` (restored afterwards)."""
    import kg.nlp.coref as coref

    actors: Any = nlp.get_pipe("geokg_actors")
    relations: Any = nlp.get_pipe("geokg_relations")
    saved = (actors.lex, actors._verbs, actors.context.lex, relations.lex, coref._words)
    actors.lex, actors._verbs, actors.context.lex, relations.lex = lex, lex.verbs, lex, lex
    coref._words = lambda: lex
    try:
        yield
    finally:
        actors.lex, actors._verbs, actors.context.lex, relations.lex, coref._words = saved


def _run_geokg(nlp: Language, parsed: Doc) -> Doc:
    doc = parsed.copy()
    for name in _GEOKG:
        doc = nlp.get_pipe(name)(doc)
    return doc


def _sentence_words(sent: Span) -> frozenset[str]:
    return frozenset(w for t in sent for w in (t.lemma_.lower(), t.lower_))


# ------------------------------------------------------------------ scoring
def _events(s: _Set, n: int, rels: list[Relation]) -> dict[tuple[Any, ...], tuple[str, str]]:
    """The case's events: key → (status ``tp``/``fp``/``optional``, description)."""
    from kg.evaluate import PLOVER_QUAD, actor_code, relation_status

    case = s.cases[n]
    out: dict[tuple[Any, ...], tuple[str, str]] = {}
    if not s.real:
        for r in rels:
            if r.relation == "affiliated_with":
                continue
            neg = "NOT " if r.negated else ""
            desc = f"{case['id']}: {r.source.label} {neg}{r.relation} {r.target.label}"
            out[r.key()] = (relation_status(case, r), desc)
        return out

    def gold_keys(key: str) -> set[tuple[Any, ...]]:
        return {
            (e["source"], e["target"], e.get("quad") or PLOVER_QUAD.get(e.get("plover")))
            for e in case.get(key) or []
        }

    gold, opt = gold_keys("events"), gold_keys("optional")
    for r in rels:
        if r.relation == "affiliated_with" or r.negated:
            continue
        key = (actor_code(r.source), actor_code(r.target), PLOVER_QUAD.get(r.plover or ""))
        status = "tp" if key in gold else "optional" if key in opt else "fp"
        rt = r.plover or r.relation
        desc = (
            f"{case['id']}: {key[0]} -{rt}/{key[2]}-> {key[1]} "
            f"({r.source.label} {r.relation} {r.target.label})"
        )
        out.setdefault(key, (status, desc))
    return out


def _counts(s: _Set, n: int, rels: list[Relation]) -> tuple[int, int, int, int]:
    from kg.evaluate import score_case, score_real_case

    if s.real:
        c = score_real_case(s.cases[n], rels).counts["dyad+quad"]
        return c[0], c[1], c[2], c[0]
    res = score_case(s.cases[n], rels)
    return res.strict_tp_sys, len(res.strict_fp), len(res.strict_fn), res.strict_tp_gold


def _load_set(name: str, cases: list[dict[str, Any]], nlp: Language, cache: Path) -> _Set:
    from kg.evaluate import is_real_format
    from kg.extract import article_relations

    articles = [
        Article(id=str(c["id"]), text=c["text"], date=c.get("date"), title=c.get("title"))
        for c in cases
    ]
    chunks = []
    for n, text, pieces, parsed in _parse(nlp, articles, cache):
        doc = _run_geokg(nlp, parsed)
        sents = list(_sents(doc))
        chunks.append(
            _Chunk(
                n,
                text,
                pieces,
                parsed,
                doc,
                list(doc._.geokg_relations or []),
                sents,
                [_sentence_words(x) for x in sents],
            )
        )
    s = _Set(name, cases, articles, is_real_format(cases), chunks, [], [], [])
    by_case: dict[int, list[_Chunk]] = defaultdict(list)
    for c in chunks:
        by_case[c.case].append(c)
    for n, article in enumerate(articles):
        rels = article_relations(article, [(c.doc, c.text, c.pieces, c.found) for c in by_case[n]])
        s.base.append(rels)
        s.base_keys.append(_events(s, n, rels))
        s.base_counts.append(_counts(s, n, rels))
    return s


def _sents(doc: Doc) -> Iterator[Span]:
    from kg.nlp.mentions import sentences

    yield from sentences(doc)


def _sentence_of(chunk: _Chunk, f: Found) -> int:
    for k, sent in enumerate(chunk.sents):
        if sent.start_char <= f.sent_start < sent.end_char or sent.start_char == f.sent_start:
            return k
    return -1


# ---------------------------------------------------------------- reruns
def _rerun(
    s: _Set, nlp: Language, lex: Lexicon, where: dict[int, set[int]], full: bool
) -> dict[int, list[Relation]]:
    """The relations of every case touched by ``where`` (chunk → sentence indices),
    read again with ``lex``."""
    from kg.extract import article_relations
    from kg.kb import load_kb
    from kg.nlp.relations import iter_relations

    kb = getattr(nlp.get_pipe("geokg_relations"), "kb", None) or load_kb()
    found_of: dict[int, tuple[Doc, list[Found]]] = {}
    if full:
        with _lexicon(nlp, lex):
            for k in where:
                doc = _run_geokg(nlp, s.chunks[k].parsed)
                found_of[k] = (doc, list(doc._.geokg_relations or []))
    else:
        for k, todo in where.items():
            c = s.chunks[k]
            ms = list(c.doc._.geokg_mentions or [])
            per: dict[int, list[Found]] = defaultdict(list)
            tail = []
            for f in c.found:
                if f.relation == "affiliated_with":
                    tail.append(f)
                else:
                    per[_sentence_of(c, f)].append(f)
            out: list[Found] = []
            for i, sent in enumerate(c.sents):
                if i in todo:
                    new = iter_relations(sent, lex, kb, mentions=ms)
                    out.extend(f for f in new if f.relation != "affiliated_with")
                else:
                    out.extend(per.get(i, ()))
            out.extend(per.get(-1, ()))
            found_of[k] = (c.doc, out + tail)
    cases: dict[int, list[tuple[Doc, str, list[Any], list[Found]]]] = defaultdict(list)
    touched = {s.chunks[k].case for k in where}
    for k, c in enumerate(s.chunks):
        if c.case in touched:
            doc, found = found_of.get(k, (c.doc, c.found))
            cases[c.case].append((doc, c.text, c.pieces, found))
    return {n: article_relations(s.articles[n], parts) for n, parts in cases.items()}


def _effect(s: _Set, new: dict[int, list[Relation]]) -> Effect:
    e = Effect()
    # the check half of a set is for counting, not reading (as score_real.py -v)
    hidden = s.name.endswith(":check")
    for n, rels in new.items():
        base, now = s.base_keys[n], _events(s, n, rels)
        for key in base.keys() - now.keys():
            status, desc = base[key]
            if status == "tp":
                e.adds_tp += 1
            elif status == "fp":
                e.adds_fp += 1
            else:
                continue
            e.events.append(f"adds {status.upper()} {'(check half)' if hidden else desc}")
        for key in now.keys() - base.keys():
            status, desc = now[key]
            if status == "tp":
                e.removes_tp += 1
            elif status == "fp":
                e.removes_fp += 1
            else:
                continue
            e.events.append(f"removes {status.upper()} {'(check half)' if hidden else desc}")
        tp, fp, fn, _ = _counts(s, n, rels)
        btp, bfp, bfn, _ = s.base_counts[n]
        e.d_tp, e.d_fp, e.d_fn = e.d_tp + btp - tp, e.d_fp + bfp - fp, e.d_fn + bfn - fn
    return e


# ---------------------------------------------------------------- units
def _without_trigger(lex: Lexicon, entry: str, word: str) -> Lexicon:
    triggers = {
        key: tuple(t for t in ts if not (t.name == entry and key[1] == word))
        for key, ts in lex.triggers.items()
    }
    return dataclasses.replace(lex, triggers={k: v for k, v in triggers.items() if v})


def _without_word(lex: Lexicon, cls: str, word: str) -> Lexicon:
    words = dict(lex.words)
    words[cls] = frozenset(w for w in words.get(cls, frozenset()) if w != word)
    return dataclasses.replace(lex, words=words)


def _without_pattern(lex: Lexicon, phrase: str) -> Lexicon:
    kept = tuple(p for p in lex.patterns if " ".join(p[0]) != phrase)
    return dataclasses.replace(lex, patterns=kept)


def _entries(lex: Lexicon) -> dict[str, tuple[str, set[str]]]:
    """Each trigger entry's name → (its description, the words it is indexed by)."""
    out: dict[str, tuple[str, set[str]]] = {}
    for (_, word), ts in lex.triggers.items():
        for t in ts:
            out.setdefault(t.name, (f"{t.pos.lower()} → {t.relation}", set()))[1].add(word)
    return out


def _trigger_words(words: set[str], f: Found, doc: Doc) -> list[str]:
    """The ``words`` of a trigger entry that the relation's trigger token was read by."""
    tok = doc[f.trigger]
    forms = {tok.lemma_.lower(), tok.lower_}
    if tok.i > 0:
        forms.add(f"{doc[tok.i - 1].lemma_.lower()} {tok.lemma_.lower()}")
    forms.update(c.lemma_.lower() for c in tok.lefts if c.dep_ == "compound")
    return sorted(words & forms)


def _plan(s: _Set, lex: Lexicon) -> dict[str, tuple[str, Lexicon, dict[int, set[int]], bool]]:
    """Each unit to ablate on the set: name → (description, lexicon, where, full rerun)."""
    rule_at: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    entry_at: dict[tuple[str, str], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    every = {k: set(range(len(c.sents))) for k, c in enumerate(s.chunks)}
    known = _entries(lex)
    for k, c in enumerate(s.chunks):
        for f in c.found:
            if f.relation == "affiliated_with":
                continue
            i = _sentence_of(c, f)
            for r in rule_names(f.rule):
                rule_at[r][k].add(i)
            if f.entry.startswith("pattern:"):
                entry_at[("pattern", f.entry[len("pattern:") :])][k].add(i)
            elif f.entry in known:
                for w in _trigger_words(known[f.entry][1], f, c.doc):
                    entry_at[(f.entry, w)][k].add(i)
    plan: dict[str, tuple[str, Lexicon, dict[int, set[int]], bool]] = {}
    for name, rule in RULES.items():
        where = every if rule.kind == "filter" else dict(rule_at.get(name, {}))
        if where:
            off = dataclasses.replace(lex, disabled=lex.disabled | {name})
            plan[f"rule:{name}"] = (rule.description, off, where, False)
    for (entry, word), where in sorted(entry_at.items()):
        if entry == "pattern":
            plan[f"pattern:{word}"] = (
                "multiword pattern",
                _without_pattern(lex, word),
                where,
                False,
            )
        else:
            desc = known[entry][0]
            plan[f"trigger:{entry}:{word}"] = (
                desc,
                _without_trigger(lex, entry, word),
                where,
                False,
            )
    for cls in sorted(lex.words):
        for word in sorted(lex.words[cls]):
            parts = set(word.split())
            where = {}
            for k, c in enumerate(s.chunks):
                hit = {i for i, ws in enumerate(c.words) if parts <= ws}
                if hit:
                    where[k] = hit
            if where:
                plan[f"word:{cls}:{word}"] = (
                    f"lex:{cls} word",
                    _without_word(lex, cls, word),
                    where,
                    cls in ACTOR_CLASSES,
                )
    return plan


def ablate_sets(
    sets: Sequence[tuple[str, Iterable[dict[str, Any]]]],
    *,
    model: str | None = None,
    actors: Iterable[str] | None = None,
    cache: str | Path | None = None,
    kinds: Iterable[str] = ("rule", "trigger", "pattern", "word"),
) -> Ablation:
    """Ablate every unit that plays a part on each gold set (``(name, cases)``
    pairs, cases as :func:`kg.evaluate.load_gold` reads them) and measure it.

    ``kinds`` limits the units to some of ``rule``, ``trigger``, ``pattern``
    and ``word``.
    """
    from kg.nlp.pipeline import load_pipeline

    nlp = load_pipeline(model, tuple(actors or ()))
    lex: Lexicon = nlp.get_pipe("geokg_relations").lex  # type: ignore[attr-defined]
    wanted = set(kinds)
    where_to = _cache_dir(cache)
    units: dict[str, Unit] = {}
    info: dict[str, dict[str, Any]] = {}
    for name, cases in sets:
        label = Path(name).name
        s = _load_set(label, list(cases), nlp, where_to)
        tp, fp, fn, tp_gold = (sum(c[i] for c in s.base_counts) for i in range(4))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp_gold / (tp_gold + fn) if tp_gold + fn else 0.0
        info[label] = {
            "cases": len(s.cases),
            "level": "dyad+quad" if s.real else "strict",
            "tp": tp, "fp": fp, "fn": fn,
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        }  # fmt: skip
        for unit, (desc, off, where, full) in _plan(s, lex).items():
            if unit.split(":", 1)[0] not in wanted:
                continue
            u = units.setdefault(unit, Unit(unit, desc))
            u.effects[label] = _effect(s, _rerun(s, nlp, off, where, full))
    return Ablation(info, sorted(units.values(), key=lambda u: u.name))


def one_event_units(result: Ablation) -> list[Unit]:
    """Units that add or remove exactly one event over all sets (fitted candidates)."""
    return [u for u in result.ranked() if u.total("added") + u.total("removed") == 1]


# ---------------------------------------------------------------- output
def render_json(result: Ablation) -> str:
    """The report as one JSON document."""
    ranked = result.ranked()
    return json.dumps(
        {
            "sets": result.sets,
            "ablated": len(result.units),
            "units": [u.to_dict() for u in ranked],
            "one_event": [u.name for u in one_event_units(result)],
        },
        indent=1,
        ensure_ascii=False,
    )


def render_text(result: Ablation, top: int | None = None) -> str:
    """The report as text: the sets, a table sorted by events added, and the
    units that add or remove exactly one event with that event."""
    lines = ["sets (baseline):"]
    for name, d in result.sets.items():
        lines.append(
            f"  {name}: {d['cases']} cases, {d['level']} F1 {d['f1']:.3f} "
            f"(tp {d['tp']}, fp {d['fp']}, fn {d['fn']})"
        )
    ranked = result.ranked()
    lines += [
        f"{len(result.units)} units ablated, {len(ranked)} change an event.",
        "added: events found with the unit and lost without it (tp true, fp false "
        "positives); rm: events it removes (found only without it); net: tp − fp it brings;",
        "per set: +added/-removed (tune/check: the fixed halves of a country-level set).",
    ]
    head = (
        f"{'unit':<52} {'added':>5} {'tp':>4} {'fp':>4} {'rm':>4} {'tp':>4} {'fp':>4} "
        f"{'net':>4}  per set"
    )
    lines += ["", head, "-" * len(head)]
    for u in ranked[:top] if top else ranked:
        per = ", ".join(
            f"{n.replace('.jsonl', '')} +{e.added}/-{e.removed}"
            for n, e in u.effects.items()
            if e.added or e.removed
        )
        lines.append(
            f"{u.name[:52]:<52} {u.total('added'):>5} {u.total('adds_tp'):>4} "
            f"{u.total('adds_fp'):>4} {u.total('removed'):>4} {u.total('removes_tp'):>4} "
            f"{u.total('removes_fp'):>4} {u.total('net'):>4}  {per}"
        )
    ones = one_event_units(result)
    lines += ["", f"units that add or remove exactly one event ({len(ones)}):"]
    for u in ones:
        where, ev = next((n, x) for n, e in u.effects.items() for x in e.events)
        lines.append(f"  {u.name}: {ev} [{where.replace('.jsonl', '')}]")
    return "\n".join(lines)
