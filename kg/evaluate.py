"""Scoring the extractor against a gold set (``kg eval``).

A gold file is JSON lines, one case per line: ``id``, ``text``, optional
``date``, required ``relations``, ``optional`` relations (neither rewarded nor
penalized) and ``affiliations``. Each gold actor is a list of acceptable
labels (or ids); each gold relation lists acceptable relation names.

A system relation *matches* a gold one when its name is among the gold
alternatives, ``negated`` agrees (a gold ``negated`` of ``null`` accepts
both), and both actors' labels or ids are among the alternatives — in either
direction for symmetric relations. Strict scores count exact relation names;
coarse scores only ask the sign (cooperative +, neutral 0, hostile −) to
agree. A system relation that matches no required relation is a false
positive unless it matches an optional one. Affiliation recall is the share
of gold (person, organization) pairs found as ``affiliated_with`` facts.

The *country-level* format of real news text coded by event-data analysts is
also read: each line has ``text`` and ``events``, a list of ``{"source",
"target", "plover", "quad"}`` with ISO 3166 alpha-3 codes (or ``IGO``, ``NGO``,
``IMG``) as actors. A found relation becomes ``(source code, target code,
PLOVER type, quad class)``: the code of an actor is its ``country``, else its
type's (international organisation ``IGO``, armed group ``IMG``, other
organisation ``NGO``); negated relations and ``affiliated_with`` are no
events. Per sentence, sets of tuples are compared at three levels: ``dyad``
(source, target), ``dyad+quad`` and ``dyad+plover``; precision, recall and
F1 are micro-averaged (:func:`evaluate_real`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import Article, Relation

__all__ = [
    "LEVELS",
    "PLOVER_QUAD",
    "CaseResult",
    "EvalReport",
    "RealCaseResult",
    "RealReport",
    "Score",
    "actor_code",
    "evaluate",
    "evaluate_real",
    "is_real_format",
    "load_gold",
    "relation_status",
    "score_case",
    "score_real_case",
    "split_half",
]

#: the quad class of each PLOVER event type (1 verbal cooperation, 2 material
#: cooperation, 3 verbal conflict, 4 material conflict).
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
#: the levels of the country-level scores.
LEVELS = ("dyad", "dyad+quad", "dyad+plover")
_TYPE_CODE = {"InternationalOrganization": "IGO", "ArmedGroup": "IMG", "Organization": "NGO"}


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 (0.0 where there is nothing to score).

    Precision counts system relations (``tp`` of them matched a required gold
    relation, ``fp`` matched nothing); recall counts gold relations
    (``tp_gold`` were found, ``fn`` were missed).

    Examples
    --------
    >>> s = Score(tp=8, fp=2, tp_gold=8, fn=0)
    >>> round(s.precision, 2), round(s.recall, 2), round(s.f1, 3)
    (0.8, 1.0, 0.889)
    """

    tp: int
    fp: int
    tp_gold: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / (self.tp_gold + self.fn) if self.tp_gold + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class CaseResult:
    """What happened on one gold case."""

    id: str
    text: str
    found: list[Relation]
    strict_tp_sys: int = 0
    strict_fp: list[Relation] = field(default_factory=list)
    strict_fn: list[dict[str, Any]] = field(default_factory=list)
    strict_tp_gold: int = 0
    coarse_tp_sys: int = 0
    coarse_fp: int = 0
    coarse_fn: int = 0
    coarse_tp_gold: int = 0
    aff_found: int = 0
    aff_total: int = 0
    aff_missed: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EvalReport:
    """Scores over a gold set."""

    cases: list[CaseResult]

    def _score(self, kind: str) -> Score:
        if kind == "strict":
            return Score(
                sum(c.strict_tp_sys for c in self.cases),
                sum(len(c.strict_fp) for c in self.cases),
                sum(c.strict_tp_gold for c in self.cases),
                sum(len(c.strict_fn) for c in self.cases),
            )
        return Score(
            sum(c.coarse_tp_sys for c in self.cases),
            sum(c.coarse_fp for c in self.cases),
            sum(c.coarse_tp_gold for c in self.cases),
            sum(c.coarse_fn for c in self.cases),
        )

    @property
    def strict(self) -> Score:
        return self._score("strict")

    @property
    def coarse(self) -> Score:
        return self._score("coarse")

    @property
    def affiliation_recall(self) -> float:
        total = sum(c.aff_total for c in self.cases)
        return sum(c.aff_found for c in self.cases) / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": len(self.cases),
            "strict": self.strict.to_dict(),
            "coarse": self.coarse.to_dict(),
            "affiliation_recall": round(self.affiliation_recall, 4),
            "affiliations": sum(c.aff_total for c in self.cases),
        }


def load_gold(path: str | Path) -> Iterator[dict[str, Any]]:
    """Read gold cases; a malformed line is an :class:`InputError` naming file and line."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"gold file {str(p)!r} not found; give a JSON-lines gold set")
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{p}:{n}: not valid JSON ({exc.msg})") from None
            if not isinstance(case, dict) or not isinstance(case.get("text"), str):
                raise InputError(f"{p}:{n}: a gold case needs a 'text' string")
            case.setdefault("id", f"{p.stem}-{n}")
            yield case


def split_half(cases: Iterable[dict[str, Any]], half: str | None) -> list[dict[str, Any]]:
    """One fixed half of a gold set, ``tune`` or ``check`` (all cases for ``None``),
    split by the first byte of the SHA-1 of each case's id, exactly as
    ``score_real.py --half`` splits it.

    Examples
    --------
    >>> cases = [{"id": f"c{n}", "text": ""} for n in range(8)]
    >>> tune, check = split_half(cases, "tune"), split_half(cases, "check")
    >>> len(tune) + len(check), {c["id"] for c in tune} & {c["id"] for c in check}
    (8, set())
    >>> split_half(cases, "other")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: unknown half 'other'; give tune or check
    """
    import hashlib

    cases = list(cases)
    if half is None:
        return cases
    if half not in ("tune", "check"):
        raise InputError(f"unknown half {half!r}; give tune or check")
    want = 0 if half == "tune" else 1
    return [c for c in cases if hashlib.sha1(str(c["id"]).encode()).digest()[0] % 2 == want]


def _norm(s: str) -> str:
    s = s.casefold().strip()
    return s[4:] if s.startswith("the ") else s


def _actor_ok(actor: Any, alternatives: Sequence[str]) -> bool:
    alts = {_norm(a) for a in alternatives}
    if _norm(actor.label) in alts or _norm(actor.id) in alts:
        return True
    # a sector of a state ("Turkish officials": TUR_GOV) counts as the state, as
    # event data codes it at country level
    sector = getattr(actor, "sector", None)
    return bool(sector and actor.country and _norm(actor.country) in alts)


def _matches(rel: Relation, gold: dict[str, Any], symmetric: set[str], *, coarse: bool) -> bool:
    from kg.vocab import relation_types

    names = gold["relation"] if isinstance(gold["relation"], list) else [gold["relation"]]
    if coarse:
        types = relation_types()
        signs = {types[n].sign for n in names if n in types}
        rt = types.get(rel.relation)
        if rt is None or rt.sign not in signs:
            return False
    elif rel.relation not in names:
        return False
    neg = gold.get("negated", False)
    if neg is not None and bool(neg) != rel.negated:
        return False
    src, tgt = gold["source"], gold["target"]
    if _actor_ok(rel.source, src) and _actor_ok(rel.target, tgt):
        return True
    either = rel.relation in symmetric or any(n in symmetric for n in names)
    return either and _actor_ok(rel.source, tgt) and _actor_ok(rel.target, src)


def relation_status(case: dict[str, Any], rel: Relation) -> str:
    """How one found relation scores strictly against a case's gold: ``"tp"`` (it
    matches a required relation), ``"optional"`` (only an optional one) or ``"fp"``."""
    from kg.vocab import relation_types

    symmetric = {n for n, t in relation_types().items() if t.symmetric}
    if any(_matches(rel, g, symmetric, coarse=False) for g in case.get("relations") or []):
        return "tp"
    if any(_matches(rel, g, symmetric, coarse=False) for g in case.get("optional") or []):
        return "optional"
    return "fp"


def score_case(case: dict[str, Any], found: list[Relation]) -> CaseResult:
    """Compare the relations found in one case with its gold relations."""
    from kg.vocab import relation_types

    symmetric = {n for n, t in relation_types().items() if t.symmetric}
    res = CaseResult(str(case["id"]), case["text"], found)
    events = [r for r in found if r.relation != "affiliated_with"]
    required = list(case.get("relations") or [])
    optional = list(case.get("optional") or [])
    for coarse in (False, True):
        tp_sys = fp = 0
        fps = []
        for r in events:
            if any(_matches(r, g, symmetric, coarse=coarse) for g in required):
                tp_sys += 1
            elif any(_matches(r, g, symmetric, coarse=coarse) for g in optional):
                continue
            else:
                fp += 1
                fps.append(r)
        missed = [
            g for g in required if not any(_matches(r, g, symmetric, coarse=coarse) for r in events)
        ]
        if coarse:
            res.coarse_tp_sys, res.coarse_fp = tp_sys, fp
            res.coarse_fn, res.coarse_tp_gold = len(missed), len(required) - len(missed)
        else:
            res.strict_tp_sys, res.strict_fp = tp_sys, fps
            res.strict_fn, res.strict_tp_gold = missed, len(required) - len(missed)
    affs = [r for r in found if r.relation == "affiliated_with"]
    for g in case.get("affiliations") or []:
        res.aff_total += 1
        if any(_actor_ok(r.source, g["person"]) and _actor_ok(r.target, g["of"]) for r in affs):
            res.aff_found += 1
        else:
            res.aff_missed.append(g)
    return res


def evaluate(
    cases: Iterable[dict[str, Any]],
    *,
    model: str | None = None,
    batch_size: int = 8,
    actors: Iterable[str] | None = None,
) -> EvalReport:
    """Run the extractor on every gold case and score it (``actors``: extra Turtle
    files for the knowledge base, see :func:`kg.nlp.pipeline.actor_files`)."""
    return EvalReport(
        [score_case(case, rels) for case, rels in _extract_cases(cases, model, batch_size, actors)]
    )


# ------------------------------------------------------- country-level real text
def is_real_format(cases: Sequence[dict[str, Any]]) -> bool:
    """True when the cases are in the country-level format (``events``, no ``relations``).

    Examples
    --------
    >>> is_real_format([{"text": "…", "events": []}])
    True
    >>> is_real_format([{"text": "…", "relations": []}])
    False
    """
    real = [isinstance(c.get("events"), list) and "relations" not in c for c in cases]
    if any(real) and not all(real):
        odd = next(c["id"] for c, r in zip(cases, real, strict=True) if not r)
        raise InputError(
            f"gold case {odd!r} mixes formats: give either 'relations' (per-actor "
            "gold) or 'events' (country-level gold) on every line"
        )
    return bool(real) and all(real)


def actor_code(actor: Any) -> str | None:
    """The country-level code of an actor: its country, else its type's code.

    Examples
    --------
    >>> from kg.model import Actor
    >>> actor_code(Actor("EGY", "Egypt", "State", "EGY"))
    'EGY'
    >>> actor_code(Actor("un", "United Nations", "InternationalOrganization", None))
    'IGO'
    >>> actor_code(Actor("x", "Someone", "Person", None)) is None
    True
    """
    if actor.country:
        return str(actor.country)[:3].upper()
    return _TYPE_CODE.get(actor.type)


_Event = tuple[str | None, str | None, str | None, int | None]


def _level(level: str, e: _Event) -> tuple[Any, ...]:
    if level == "dyad":
        return e[:2]
    if level == "dyad+quad":
        return (e[0], e[1], e[3])
    return e[:3]


@dataclass
class RealCaseResult:
    """One country-level case: gold and found events, and the counts per level."""

    id: str
    text: str
    gold: list[_Event]
    found: list[tuple[_Event, Relation]]
    optional: list[_Event] = field(default_factory=list)
    counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def misses(self, level: str = "dyad+quad") -> list[_Event]:
        got = {_level(level, e) for e, _ in self.found}
        return [e for e in self.gold if _level(level, e) not in got]

    def false_positives(self, level: str = "dyad+quad") -> list[tuple[_Event, Relation]]:
        want = {_level(level, e) for e in self.gold} | {_level(level, e) for e in self.optional}
        return [(e, r) for e, r in self.found if _level(level, e) not in want]


@dataclass
class RealReport:
    """Country-level scores over a gold set (``dyad``, ``dyad+quad``, ``dyad+plover``)."""

    cases: list[RealCaseResult]

    def score(self, level: str) -> Score:
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; one of {LEVELS}")
        tp = sum(c.counts[level][0] for c in self.cases)
        fp = sum(c.counts[level][1] for c in self.cases)
        fn = sum(c.counts[level][2] for c in self.cases)
        return Score(tp, fp, tp, fn)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "cases": len(self.cases),
            "format": "country-level",
            "with_prediction": sum(1 for c in self.cases if c.found),
        }
        for level in LEVELS:
            out[level] = self.score(level).to_dict()
        return out


def _gold_events(case: dict[str, Any], key: str = "events") -> list[_Event]:
    out: list[_Event] = []
    for n, e in enumerate(case.get(key) or []):
        if not isinstance(e, dict) or not e.get("source") or not e.get("target"):
            raise InputError(
                f"gold case {case.get('id')!r}, event {n + 1}: needs 'source' and 'target' codes"
            )
        plover = e.get("plover")
        quad = e.get("quad") or PLOVER_QUAD.get(str(plover))
        out.append((str(e["source"]), str(e["target"]), plover, quad))
    return out


def score_real_case(case: dict[str, Any], found: list[Relation]) -> RealCaseResult:
    """Compare the relations found in one sentence with its country-level gold events.

    Examples
    --------
    >>> from kg.model import Actor
    >>> egy, lby = Actor("EGY", "Egypt", "State", "EGY"), Actor("LBY", "Libya", "State", "LBY")
    >>> case = {"id": "c", "text": "…",
    ...         "events": [{"source": "EGY", "target": "LBY", "plover": "AID", "quad": 2}]}
    >>> res = score_real_case(case, [Relation("c", "supports", egy, lby)])
    >>> res.counts["dyad"], res.counts["dyad+quad"]
    ((1, 0, 0), (0, 1, 1))
    """
    from kg.vocab import relation_types

    types = relation_types()
    gold = _gold_events(case)
    events: list[tuple[_Event, Relation]] = []
    for r in found:
        if r.relation == "affiliated_with" or r.negated:
            continue
        rt = types.get(r.relation)
        # the event's own type (an intent to act is AGREE or THREATEN), as in the output
        plover = r.plover or (rt.plover_for(r.modality) if rt is not None else None)
        quad = PLOVER_QUAD.get(plover) if plover else None
        events.append(((actor_code(r.source), actor_code(r.target), plover, quad), r))
    # optional events (coders disagreed) are neither missed nor false, as in score_real.py
    optional = _gold_events(case, "optional")
    res = RealCaseResult(str(case["id"]), case["text"], gold, events, optional)
    for level in LEVELS:
        gs = {_level(level, e) for e in gold}
        ps = {_level(level, e) for e, _ in events}
        ps -= {_level(level, e) for e in optional} - gs
        res.counts[level] = (len(gs & ps), len(ps - gs), len(gs - ps))
    return res


def evaluate_real(
    cases: Iterable[dict[str, Any]],
    *,
    model: str | None = None,
    batch_size: int = 8,
    actors: Iterable[str] | None = None,
) -> RealReport:
    """Run the extractor on every country-level case and score it (``actors`` as in
    :func:`evaluate`)."""
    return RealReport(
        [
            score_real_case(case, rels)
            for case, rels in _extract_cases(cases, model, batch_size, actors)
        ]
    )


def _extract_cases(
    cases: Iterable[dict[str, Any]],
    model: str | None,
    batch_size: int,
    actors: Iterable[str] | None,
) -> Iterator[tuple[dict[str, Any], list[Relation]]]:
    """Each gold case with the relations the extractor finds in its text."""
    from kg.extract import iter_extractions

    cases = list(cases)
    articles = (
        Article(id=str(c["id"]), text=c["text"], date=c.get("date"), title=c.get("title"))
        for c in cases
    )
    extracted = iter_extractions(articles, model=model, batch_size=batch_size, actors=actors)
    for case, (_, rels) in zip(cases, extracted, strict=True):
        yield case, list(rels)
