"""Generate ``ontology/lexicon_cameo.json`` from the CAMEO verb dictionary.

Run ``python -m kg.lexicon_compile [CAMEO.txt] [eventcodes.csv]`` (defaults:
``../shared/reference/petrarch2/CAMEO.2.0.txt`` and
``../shared/reference/cameo_eventcodes.csv``); the output is committed and
shipped in the wheel, so nothing is read from the dictionaries at run time.

Sources: the CAMEO verb pattern dictionary of PETRARCH2 (Open Event Data
Alliance, MIT licence) and the CAMEO codebook table (code → root → PLOVER
type). What is kept:

* verbs of a verb group whose CAMEO code (their own or the group's) maps to
  one of geokg's relations, as ``VERB`` triggers with the target in the
  object (or the relation's usual prepositions);
* phrasal verbs with a preposition (``ASK_FOR``) and verb + object idioms
  (``WAGE_WAR``);
* simple patterns: ``* OBJECT`` (a required object lemma, ``&`` synonym sets
  expanded), ``* (PREP)`` / ``* (PREP +)`` (the target after a preposition) and
  ``* OBJECT (PREP)``.

Everything else (patterns constraining the subject, nested phrases, the
``[---]`` do-not-code patterns, codes of public statements, root 01, and of
intentions, root 03, which geokg reads as the modality of another relation)
is left out. A lemma the hand-written ``lexicon.ttl`` already has wins: the
compiled entry is not emitted, and at run time a hand entry that fires on a
token silences compiled entries on the same token.

Code → relation: the relation whose typical code (``geo:cameo`` in
``geokg.ttl``) the code starts with, else a root-specific rule (02/10
appeals and demands: ``urges``, for aid ``requests_aid_from``; 11: accusing
codes ``accuses``, the rest ``opposes``), else the code's PLOVER type (from
the codebook) read through the relations' ``geo:plover``.

Examples
--------
>>> relation_for_code("1951", {"1951": "ASSAULT"})
'attacks'
>>> relation_for_code("0233", {})
'requests_aid_from'
>>> relation_for_code("013", {}) is None
True
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "CAMEO",
    "EVENTCODES",
    "TARGET",
    "VerbEntry",
    "build_json",
    "compile_lexicon",
    "main",
    "parse_verbs",
]

_ROOT = Path(__file__).resolve().parent.parent
#: the CAMEO verb dictionary (PETRARCH2, MIT).
CAMEO = _ROOT.parent / "shared" / "reference" / "petrarch2" / "CAMEO.2.0.txt"
#: the CAMEO codebook with PLOVER types.
EVENTCODES = _ROOT.parent / "shared" / "reference" / "cameo_eventcodes.csv"
#: the generated lexicon.
TARGET = _ROOT / "ontology" / "lexicon_cameo.json"
_HAND = _ROOT / "ontology" / "lexicon.ttl"

#: code prefixes whose relation the PLOVER type does not decide (longest first).
_BY_PREFIX = {
    "023": "requests_aid_from",
    "1033": "requests_aid_from",
    "021": "requests_aid_from",
    "02": "urges",
    "10": "urges",
    "112": "accuses",
    "115": "accuses",
    "116": "accuses",
    "09": None,  # investigations: no actor acts on another
    "11": "opposes",
    "12": "opposes",
    "01": None,
    "03": None,
    "163": "sanctions",
}
#: PLOVER type → relation where one relation has it (the others come from geokg.ttl).
_PLOVER_FALLBACK = {"REJECT": "opposes", "ACCUSE": "accuses", "COERCE": "coerces"}
_PREPS = frozenset(
    """about against alongside at behind between by for from in into of off on onto out over
    to toward towards under upon with within""".split()
)
_MARKERS = frozenset("+ $ ^ %".split())
_PARTICLES = _PREPS | frozenset("down up away back forward aside".split())


@dataclass
class VerbEntry:
    """One compiled trigger: verb lemma, relation, required objects and target slots."""

    lemma: str
    relation: str
    code: str
    objects: frozenset[str] = frozenset()
    via: tuple[str, ...] = ()
    kind: str = "verb"


@dataclass
class _Group:
    name: str
    code: str | None
    verbs: list[tuple[str, str | None]] = field(default_factory=list)
    patterns: list[tuple[list[str], str | None]] = field(default_factory=list)


def _code(text: str) -> str | None:
    """'190' from '[190]', the first code of '042:043', None for '---'."""
    text = text.strip().strip("[]").replace("---", "").strip()
    parts = [p for p in text.split(":") if p.strip()]
    if not parts:
        return None
    code = parts[0].strip()
    return code if re.fullmatch(r"\d{2,4}", code) else None


def _relation_types() -> dict[str, tuple[str, str]]:
    from kg.vocab import relation_types

    return {
        n: (t.cameo or "", t.plover or "")
        for n, t in relation_types().items()
        if n != "affiliated_with"
    }


def relation_for_code(code: str, plover: dict[str, str]) -> str | None:
    """geokg's relation for a CAMEO code (None: not an event geokg records)."""
    types = _relation_types()
    for name, (typical, _) in types.items():
        if typical and len(typical) >= 3 and code.startswith(typical):
            return name
    for prefix in sorted(_BY_PREFIX, key=len, reverse=True):
        if code.startswith(prefix):
            return _BY_PREFIX[prefix]
    ptype = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or ""
    owners = [n for n, (_, p) in types.items() if p == ptype]
    if len(owners) == 1:
        return owners[0]
    return _PLOVER_FALLBACK.get(ptype)


def _read_plover(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as fh:
        return {r["code"]: r["plover_event"] for r in csv.DictReader(fh)}


def _words(token: str, synsets: dict[str, list[str]]) -> list[str]:
    """Lower-case head words of a pattern token ('&WEAPON' expands its synonym set)."""
    token = token.strip("{}")
    if token.startswith("&"):
        return [w for item in synsets.get(token, []) for w in _words(item, synsets)]
    token = token.strip("_").lower()
    if not token or not re.fullmatch(r"[a-z][a-z\-_]*", token):
        return []
    return [token.split("_")[-1]]


def parse_verbs(text: str) -> tuple[dict[str, list[str]], list[_Group]]:
    """Synonym sets and verb groups of a CAMEO verb dictionary."""
    synsets: dict[str, list[str]] = defaultdict(list)
    groups: list[_Group] = []
    section = ""
    current_set: str | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####"):
            section = raw
            continue
        if not line.strip():
            current_set = None
            continue
        if "SYNONYM" in section:
            if line.startswith("&"):
                current_set = line.strip()
            elif line.startswith("+") and current_set:
                synsets[current_set].append(line[1:].strip())
            continue
        if "VERB PATTERNS" not in section:
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if m:
            groups.append(_Group(m.group(1), _code(m.group(2))))
            continue
        if not groups:
            continue
        group = groups[-1]
        code_m = re.search(r"\[([^\]]*)\]", line)
        code = _code(code_m.group(1)) if code_m else None
        body = re.sub(r"\[[^\]]*\]", "", line)
        body = re.sub(r"\{[^}]*\}", "", body) if not line.startswith("-") else body
        if line.startswith("-"):
            group.patterns.append((body[1:].split(), code))
        else:
            word = body.strip().lstrip("+").split()
            if word:
                group.verbs.append((word[0], code if code_m else None))
    return dict(synsets), groups


def _tokens(words: list[str]) -> list[str]:
    """Re-join '{A B}' and '(P X)' groups split by whitespace."""
    out: list[str] = []
    buf: list[str] = []
    close = ""
    for w in words:
        if buf:
            buf.append(w)
            if w.endswith(close):
                out.append(" ".join(buf))
                buf = []
            continue
        if w.startswith("{") and not w.endswith("}"):
            buf, close = [w], "}"
        elif w.startswith("(") and not w.endswith(")"):
            buf, close = [w], ")"
        else:
            out.append(w)
    return out + ([" ".join(buf)] if buf else [])


def _pattern(words: list[str], synsets: dict[str, list[str]]) -> tuple[list[str], str] | None:
    """(object words, preposition) of a simple pattern, None for the rest."""
    toks = _tokens(words)
    if not toks or toks[0] != "*":
        return None  # constrains the subject
    rest = toks[1:]
    objects: list[str] = []
    prep = ""
    if rest and not rest[0].startswith("(") and rest[0] not in _MARKERS:
        head = rest[0].strip("{}").split()
        objects = _words(head[-1], synsets) if head else []
        if not objects or set(objects) & _PARTICLES:
            return None  # "* DOWN": a particle, not an object
        rest = rest[1:]
    if rest and rest[0].startswith("("):
        inner = rest[0].strip("()").split()
        if not inner or inner[0].lower() not in _PREPS:
            return None
        if any(w not in _MARKERS for w in inner[1:]):
            return None  # the prepositional object is constrained
        prep = inner[0].lower()
        rest = rest[1:]
    if any(w not in _MARKERS for w in rest) or (not objects and not prep):
        return None
    return objects, prep


def _hand_lexicon(path: Path) -> tuple[set[tuple[str, str]], dict[str, tuple[str, ...]]]:
    """(verb lemma, object) pairs the hand lexicon has ('' = any) and each
    relation's usual target slots, read from ``lexicon.ttl``."""
    import rdflib
    from rdflib.namespace import RDF

    geo = rdflib.Namespace("https://w3id.org/geokg/ontology#")
    lex = rdflib.Namespace("https://w3id.org/geokg/lexicon#")
    g = rdflib.Graph().parse(path, format="turtle")
    have: set[tuple[str, str]] = set()
    slots: dict[str, list[str]] = defaultdict(list)
    # verbs of the grammar's word classes ("decline", "pledge", "urge", "hold")
    # govern other triggers; alone they are no event
    for cls in (
        "Negator",
        "IntentVerb",
        "Directive",
        "LightVerb",
        "CommissiveVerb",
        "ThreatVerb",
        "RequestVerb",
        "ObjectControlVerb",
        "ResponsibilityVerb",
        "LeadershipVerb",
    ):
        for node in g.subjects(RDF.type, lex[cls]):
            for lemma in g.objects(node, geo.lexeme):
                have.add((str(lemma).lower(), ""))
                if cls == "Negator":
                    have.add((str(lemma).lower(), "*"))
    for node in g.subjects(RDF.type, geo.Trigger):
        if str(g.value(node, geo.triggerPos)) != "VERB":
            continue
        if g.value(node, lex.sourceVia) is not None:
            continue
        rel = str(g.value(node, geo.triggerRelation)).rsplit("#", 1)[-1]
        objs = [str(o).lower() for o in g.objects(node, lex.object)] or [""]
        for lemma in g.objects(node, geo.lexeme):
            for o in objs:
                have.add((str(lemma).lower(), o))
                if not o:
                    # "attack" already means attacks with any object
                    have.add((str(lemma).lower(), "=" + rel))
        for v in sorted(str(v) for v in g.objects(node, lex.via)):
            if v != "object" and v not in slots[rel]:
                slots[rel].append(v)
    return have, {r: tuple(v) for r, v in slots.items()}


def compile_lexicon(
    cameo: Path = CAMEO, eventcodes: Path = EVENTCODES, hand: Path = _HAND
) -> tuple[list[VerbEntry], dict[str, int]]:
    """The kept entries and counts (``verbs_in``, ``patterns_in``, ``kept``, …)."""
    plover = _read_plover(eventcodes)
    synsets, groups = parse_verbs(cameo.read_text(encoding="utf-8", errors="replace"))
    have, slots = _hand_lexicon(hand)
    stats: dict[str, int] = defaultdict(int)
    out: dict[tuple[str, str, frozenset[str], tuple[str, ...]], VerbEntry] = {}

    def keep(entry: VerbEntry) -> None:
        if (entry.lemma, "*") in have or (entry.lemma, "=" + entry.relation) in have:
            stats["dropped_hand"] += 1
            return
        if entry.objects:
            entry.objects = frozenset(o for o in entry.objects if (entry.lemma, o) not in have)
            if not entry.objects:
                stats["dropped_hand"] += 1
                return
        elif (entry.lemma, "") in have:
            stats["dropped_hand"] += 1
            return
        if not entry.via:
            entry.via = slots.get(entry.relation, ("dobj",))
        key = (entry.lemma, entry.relation, entry.objects, entry.via)
        if key in out:
            return
        # object lists of one verb and relation merge
        for k, e in out.items():
            same = (k[0], k[1], k[3]) == (entry.lemma, entry.relation, entry.via)
            if same and e.objects and entry.objects:
                e.objects = e.objects | entry.objects
                return
        out[key] = entry
        stats[f"kept_{entry.kind}"] += 1

    for group in groups:
        lemmas: list[str] = []
        for word, own in group.verbs:
            stats["verbs_in"] += 1
            parts = word.lower().split("_")
            if not re.fullmatch(r"[a-z][a-z\-]*", parts[0]):
                continue
            code = own or group.code
            rel = relation_for_code(code, plover) if code else None
            if len(parts) == 1:
                lemmas.append(parts[0])
                if rel:
                    keep(VerbEntry(parts[0], rel, code or "", kind="verb"))
                else:
                    stats["verbs_uncoded"] += 1
            elif len(parts) == 2 and rel and parts[1]:
                if parts[1] in _PREPS:
                    keep(VerbEntry(parts[0], rel, code or "", via=(parts[1],), kind="phrasal"))
                else:
                    keep(
                        VerbEntry(
                            parts[0], rel, code or "", objects=frozenset([parts[1]]), kind="idiom"
                        )
                    )
            else:
                stats["verbs_skipped"] += 1
        for words, code in group.patterns:
            stats["patterns_in"] += 1
            rel = relation_for_code(code, plover) if code else None
            shape = _pattern(words, synsets) if rel else None
            if rel is None or shape is None:
                stats["patterns_skipped"] += 1
                continue
            objects, prep = shape
            via = (prep,) if prep else ()
            for lemma in lemmas:
                keep(
                    VerbEntry(
                        lemma, rel, code or "", objects=frozenset(objects), via=via, kind="pattern"
                    )
                )
    entries = sorted(out.values(), key=lambda e: (e.relation, e.lemma, sorted(e.objects), e.via))
    stats["kept"] = len(entries)
    return entries, dict(stats)


def build_json(entries: list[VerbEntry], stats: dict[str, int]) -> str:
    """The compiled lexicon as JSON (deterministic, one entry a line).

    JSON, not Turtle: the thousands of compiled entries load in milliseconds
    (``kg.nlp.lexicon`` reads them beside ``lexicon.ttl``), where rdflib would
    take seconds at every start.
    """
    head = {
        "generated_by": "python -m kg.lexicon_compile",
        "sources": [
            "PETRARCH2 CAMEO verb dictionary CAMEO.2.0.txt "
            "(Copyright (c) 2015 Open Event Data Alliance, MIT licence)",
            "CAMEO codebook with PLOVER types (cameo_eventcodes.csv)",
        ],
        "note": "do not edit: edit ontology/lexicon.ttl (hand entries win)",
        "stats": dict(sorted(stats.items())),
    }
    rows = []
    for e in entries:
        row: dict[str, object] = {"lemma": e.lemma, "relation": e.relation, "cameo": e.code}
        if e.objects:
            row["objects"] = sorted(e.objects)
        row["via"] = list(e.via)
        rows.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    return (
        json.dumps(head, indent=1, ensure_ascii=False)[:-2]
        + ',\n "entries": [\n  '
        + ",\n  ".join(rows)
        + "\n ]\n}\n"
    )


def main(argv: list[str] | None = None) -> int:
    """Write :data:`TARGET` and print what went in and what was kept."""
    args = sys.argv[1:] if argv is None else argv
    cameo = Path(args[0]) if args else CAMEO
    codes = Path(args[1]) if len(args) > 1 else EVENTCODES
    for p in (cameo, codes):
        if not p.is_file():
            print(f"error: {p} not found", file=sys.stderr)
            return 2
    entries, stats = compile_lexicon(cameo, codes)
    TARGET.write_text(build_json(entries, stats), encoding="utf-8")
    print(f"wrote {TARGET}: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
