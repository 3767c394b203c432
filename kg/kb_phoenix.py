"""Read the PETRARCH2 / Phoenix dictionaries (build time only; see :mod:`kg.kb_compile`).

The Phoenix dictionaries (openeventdata/petrarch2, MIT) map names and nouns to
CAMEO actor codes. This module parses their two formats into plain Python
values; :mod:`kg.kb_compile` decides what to keep and writes geokg's own
Turtle. Nothing here runs when geokg extracts: the dictionaries are not
shipped.

* agents (``Phoenix.agents.txt``): ``NOUN_PHRASE {PLURAL} [~CODE]`` lines;
  ``!PERSON!``-style macros stand for a list of words, ``{}`` means "no
  regular plural", ``{FORMS}`` gives the irregular plural;
* actors (``Phoenix.*.actors.txt``): a name line, ``+SYNONYM`` lines, and
  ``[CODE]`` or ``[CODE yymmdd-yymmdd]`` lines (also on the name line).

Examples
--------
>>> agent_forms("POLICE!PERSON!", "", {"!PERSON!": ["MAN", "MEN"]})
['policeman', 'policemen']
>>> agent_forms("REBEL_ARMY", None, {})
['rebel army', 'rebel armies']
>>> phrase("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_")
('Aden Abyan Islamic Army', 'AAIA')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "PhoenixActor",
    "agent_forms",
    "cameo_countries",
    "phrase",
    "plural",
    "read_actors",
    "read_agents",
    "title_case",
]

_TWO = frozenset(["mr", "dr", "st", "jr", "sr", "ms"])
_CODE = re.compile(r"\[([^\]]*)\]")
_SMALL = frozenset(
    "of the and for in on at to a an by with from de du des la le el al al- bin ibn".split()
)


@dataclass
class PhoenixActor:
    """One entry of a Phoenix actor file: its names and its ``(code, dates)`` pairs."""

    names: list[str]
    codes: list[tuple[str, str]] = field(default_factory=list)
    comment: str = ""
    line: int = 0


def plural(word: str) -> str:
    """The regular English plural of a lower-case noun.

    Examples
    --------
    >>> [plural(w) for w in ("army", "police", "bus", "boy", "militia")]
    ['armies', 'polices', 'buses', 'boys', 'militias']
    """
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def agent_forms(raw: str, plurals: str | None, macros: dict[str, list[str]]) -> list[str]:
    """The lower-case phrases of one agents line: macros expanded, plurals added.

    ``plurals`` is the text between braces (``""`` for ``{}``: no plural), or
    ``None`` when the line has no braces (the regular plural is added).
    """
    bases = [raw]
    for name, words in macros.items():
        bases = [b.replace(name, w) for b in bases for w in (words if name in b else [""])]
    out: list[str] = []
    for b in bases:
        text = " ".join(b.replace("_", " ").lower().split())
        if not text:
            continue
        out.append(text)
        if plurals is None and "!" not in raw:
            words = text.split()
            out.append(" ".join([*words[:-1], plural(words[-1])]))
    if plurals:
        out += [" ".join(p.replace("_", " ").lower().split()) for p in plurals.split(",")]
    return list(dict.fromkeys(o for o in out if o))


def read_agents(path: Path) -> Iterator[tuple[str, str, int]]:
    """``(phrase, code, line number)`` for every form of every agents line.

    ``code`` is the text after ``~`` (``"MIL"``, ``"GOVMED"``).
    """
    macros: dict[str, list[str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", text)
        if m:
            macros[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        code = _CODE.search(text)
        if code is None or not code.group(1).startswith("~"):
            continue
        head = text[: code.start()].strip()
        plurals = None
        b = re.search(r"\{([^}]*)\}", head)
        if b:
            plurals = b.group(1).strip()
            head = head[: b.start()].strip()
        for form in agent_forms(head, plurals, macros):
            yield form, code.group(1)[1:].strip(), n


def phrase(raw: str) -> tuple[str, str | None]:
    """A Phoenix name (``WORDS_LIKE_THIS_(ACR)_``) as title-cased words and its acronym."""
    text = raw.strip().strip("_").replace("_", " ")
    acronym = None
    m = re.search(r"\(([^)]*)\)\s*$", text)
    if m:
        inner = m.group(1).strip()
        if re.fullmatch(r"[A-Z0-9][A-Z0-9.&-]{1,11}", inner):
            acronym = inner
        text = text[: m.start()].strip()
    return title_case(text), acronym


def title_case(text: str) -> str:
    """Title case for an upper-case Phoenix name ("ARMY OF THE PEOPLE" → "Army of the People").

    Examples
    --------
    >>> title_case("AL-QAIDA IN THE ISLAMIC MAGHREB")
    'Al-Qaida in the Islamic Maghreb'
    """
    words = text.split()
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if i and low in _SMALL:
            out.append(low)
        elif re.fullmatch(r"[A-Z]{2,}", w) and not re.search(r"[AEIOUY]", w):
            out.append(w)  # "FARC", "SPLM"-like consonant strings stay as they are
        elif re.fullmatch(r"([A-Z]\.)+[A-Z]?\.?", w) or (len(w) == 2 and low not in _SMALL | _TWO):
            out.append(w)  # "U.S.", "US", "UK"
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def read_actors(path: Path) -> Iterator[PhoenixActor]:
    """The entries of a Phoenix actor file, in file order."""
    current: PhoenixActor | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body, _, comment = line.partition("#")
        codes = [(c.split()[0], " ".join(c.split()[1:])) for c in _CODE.findall(body) if c.split()]
        name = _CODE.sub("", body).strip()
        if line[0] in " \t" and not name:
            if current is not None:
                current.codes += codes
            continue
        if name.startswith("+"):
            if current is not None:
                current.names += [s for s in name[1:].split("+") if s.strip("_ ")]
                current.codes += codes
            continue
        if current is not None:
            yield current
        names = [s for s in name.split("+") if s.strip("_ ")]
        current = PhoenixActor(names, codes, comment.strip(), n) if names else None
    if current is not None:
        yield current


_LICENSE_NOTE = (
    "# Sources: PETRARCH2 / Phoenix dictionaries (openeventdata/petrarch2, MIT License,\n"
    "# Copyright (c) 2014 Open Event Data; see ontology/README.md) and\n"
    "# ontology/actors_src/*.toml. GENERATED by `python -m kg.kb_compile`. Do not edit by hand.\n"
)


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def agents_turtle(agents_txt: Path | None, overlay: dict[str, Any]) -> tuple[str, dict[str, int]]:
    """The Turtle of ``ontology/agents.ttl`` and a report of what was kept.

    ``agents_txt`` is Phoenix.agents.txt (``None`` when it is not available:
    only the overlay is compiled); ``overlay`` is ``actors_src/agents.toml``.
    """
    sectors: dict[str, dict[str, Any]] = overlay.get("sector", {})
    recode: dict[str, str] = overlay.get("codes", {})
    drop = {" ".join(f.split()) for f in overlay.get("drop", {}).get("forms", [])}
    terms: dict[str, str] = {}
    report = {"lines": 0, "forms": 0, "kept": 0, "dropped: listed in agents.toml [drop]": 0}
    report["dropped: sector not used by geokg"] = 0
    report["dropped: form already given another sector"] = 0
    if agents_txt is not None:
        lines: set[int] = set()
        for form, code, n in read_agents(agents_txt):
            lines.add(n)
            report["forms"] += 1
            primary = recode.get(code[:3], code[:3])
            if form in drop:
                report["dropped: listed in agents.toml [drop]"] += 1
            elif primary not in sectors:
                report["dropped: sector not used by geokg"] += 1
            elif form in terms:
                report["dropped: form already given another sector"] += 1
            else:
                terms[form] = primary
        report["lines"] = len(lines)
    for form, code in overlay.get("agents", {}).items():
        if code not in sectors:
            raise ValueError(f"agents.toml: {form!r} has unknown sector {code!r}")
        terms[" ".join(form.lower().split())] = code
    report["kept"] = len(terms)
    out = [
        "# Sectors of a country and the agent nouns that name them (kg.kb_sectors).\n",
        _LICENSE_NOTE,
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n",
        "@prefix sector: <https://w3id.org/geokg/sector/> .\n",
    ]
    for code in sorted(sectors):
        s = sectors[code]
        nouns = sorted(t for t, c in terms.items() if c == code)
        out.append(
            f"\nsector:{code} a geo:Sector ;\n    rdfs:label {_lit(s['label'])} ;\n"
            f"    geo:code {_lit(code)} ;\n    geo:actorClass geo:{s['type']} ;\n"
            f"    geo:rollsUpToState {'true' if s.get('state') else 'false'}"
        )
        if nouns:
            out.append(" ;\n    geo:agentNoun " + ",\n        ".join(_lit(t) for t in nouns))
        out.append(" .\n")
    return "".join(out), report


# ------------------------------------------------------------ actor files
#: sectors that are organs of the state (a national institution's code names one).
_STATE_SECTORS = ("GOV", "MIL", "COP", "SPY", "JUD", "LEG")
_COUNTRIES = "Phoenix.Countries.actors.txt"


@dataclass
class Compiled:
    """What :func:`compile_actors` keeps: new actors, names for known actors, a report."""

    actors: list[dict[str, Any]] = field(default_factory=list)
    #: actor id -> (property, values) for actors of the hand-written knowledge base
    extra: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    report: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, source: str, what: str, n: int = 1) -> None:
        box = self.report.setdefault(source, {})
        box[what] = box.get(what, 0) + n


def _name_form(raw: str) -> tuple[str, bool]:
    """A Phoenix name as it is written in text, and whether it is an acronym."""
    label, _ = phrase(raw)
    label = re.sub(r"^(?:The|the) ", "", label)
    words = label.split()
    if len(words) == 1 and (
        re.fullmatch(r"[A-Za-z][A-Za-z0-9&-]{1,2}", label)
        or (len(label) == 4 and len(re.findall(r"[aeiouAEIOU]", label)) <= 1)
    ):
        return label.upper(), True  # "Cia", "Pla", "Ansf" were "CIA", "PLA", "ANSF"
    return label, bool(re.fullmatch(r"[A-Z0-9.&-]{2,}", label))


def _sector_of(tail: str, sectors: set[str], recode: dict[str, str]) -> str | None:
    """The sector of the part of a code after the country ("GOVLEG" → LEG, "MIL" → MIL)."""
    chunks = [recode.get(tail[i : i + 3], tail[i : i + 3]) for i in range(0, len(tail), 3)]
    if not chunks or chunks[0] not in sectors:
        return None
    if chunks[0] in _STATE_SECTORS:
        later = [c for c in chunks[1:] if c in _STATE_SECTORS]
        return later[-1] if later else chunks[0]
    return chunks[0]


def cameo_countries(phoenix_dir: Path, known: Any) -> tuple[dict[str, str], list[PhoenixActor]]:
    """CAMEO country codes → ISO alpha-3 ids of ``known``'s states (mostly equal;
    "ANG"-like ones by name), and the entries of ``Phoenix.Countries.actors.txt``."""
    cameo: dict[str, str] = {a.id: a.id for a in known if a.type == "State"}
    countries = phoenix_dir / "Phoenix.Countries.actors.txt"
    entries = list(read_actors(countries)) if countries.exists() else []
    for e in entries:
        code = e.codes[0][0] if e.codes else ""
        if len(code) == 3 and code not in cameo:
            m = known.resolve(phrase(e.names[0])[0])
            if m is not None and m.actor.type == "State":
                cameo[code] = m.actor.id
    return cameo, entries


def compile_actors(
    phoenix_dir: Path,
    known: Any,
    overlay: dict[str, Any],
    sector_label: Any,
) -> Compiled:
    """Armed groups, IGOs/NGOs, national institutions and places from the Phoenix files.

    ``known`` is the hand-written :class:`kg.kb.ActorKB` (its names win: an entry
    sharing a name with it is dropped, so geokg's ids, QIDs and office holders
    stay); ``overlay`` is ``actors_src/agents.toml`` (its ``[phoenix]`` table
    lists names that are generic words); ``sector_label(country, code)`` gives
    the label of a sector actor ("Iraqi police").
    """
    from kg.kb_tables import normalize

    out = Compiled()
    sectors = set(overlay.get("sector", {}))
    recode = dict(overlay.get("codes", {}))
    deny = {normalize(w) for w in overlay.get("phoenix", {}).get("generic", [])}
    deny |= set(known.agents.terms)
    taken = {key for key in known._index}  # every surface form of the hand-written base
    ids = {a.id for a in known}

    cameo, entries = cameo_countries(phoenix_dir, known)

    # which names, from which entries (a name claimed by two targets is ambiguous)
    claims: dict[str, set[str]] = {}
    plans: list[tuple[str, str, dict[str, Any], list[tuple[str, bool]]]] = []

    def names_of(e: PhoenixActor, source: str) -> list[tuple[str, bool]]:
        kept = []
        for raw in e.names:
            form, acronym = _name_form(raw)
            key = normalize(form)
            letters = sum(c.isalpha() for c in form)
            one_word = len(form.split()) == 1 and not acronym
            if letters < 3 or (one_word and source != _COUNTRIES and letters < 6):
                out.count(source, "names dropped: too short to be unambiguous")
            elif key in taken or (key.startswith("the ") and key[4:] in taken):
                out.count(source, "names dropped: already a name in the knowledge base")
            elif key in deny or (len(form.split()) == 1 and not acronym and key in deny):
                out.count(source, "names dropped: a generic word or agent noun")
            elif _descriptive(known, form):
                out.count(source, "names dropped: a description (demonym + agent noun)")
            elif not re.search(r"[A-Za-z]", form) or "," in form:
                out.count(source, "names dropped: not a name as written in text")
            else:
                kept.append((form, acronym))
        return kept

    by_code: dict[tuple[str, str], str] = {}

    def plan(source: str, target: str, actor: dict[str, Any], e: PhoenixActor) -> None:
        names = names_of(e, source)
        if not names:
            out.count(source, "entries dropped: no usable name left")
            return
        if target.startswith("new:"):
            # the same organization listed twice under one code: one actor
            code = e.codes[0][0] if e.codes else ""
            for form, _ in names:
                target = by_code.get((code, normalize(form)), target)
            for form, _ in names:
                by_code[(code, normalize(form))] = target
        for form, _ in names:
            claims.setdefault(normalize(form), set()).add(target)
        plans.append((source, target, actor, names))

    # 1. militant, rebel and other armed groups
    src = "Phoenix.MilNonState.actors.txt"
    path = phoenix_dir / src
    for e in read_actors(path) if path.exists() else []:
        out.count(src, "entries in")
        code = e.codes[0][0] if e.codes else ""
        if any(normalize(_name_form(n)[0]) in taken for n in e.names):
            out.count(src, "entries dropped: already in the knowledge base")
            continue
        country = cameo.get(code[:3])
        sector = _sector_of(code[3:], sectors, recode) if country else None
        label = _name_form(e.names[0])[0]
        actor = {"type": "ArmedGroup", "label": label, "country": country}
        if sector is not None and sector not in _STATE_SECTORS:
            actor["sector"] = sector
        plan(src, f"new:{src}:{e.line}", actor, e)

    # 2. intergovernmental and non-governmental organizations
    src = "Phoenix.International.actors.txt"
    path = phoenix_dir / src
    for e in read_actors(path) if path.exists() else []:
        out.count(src, "entries in")
        code = e.codes[0][0] if e.codes else ""
        if any(d for _, d in e.codes) or not code:
            out.count(src, "entries dropped: people (dated roles) or no code")
            continue
        if code[:3] not in ("IGO", "NGO"):
            out.count(src, "entries dropped: companies (MNC) and other codes")
            continue
        if any(normalize(_name_form(n)[0]) in taken for n in e.names):
            out.count(src, "entries dropped: already in the knowledge base")
            continue
        kind = "InternationalOrganization" if code.startswith("IGO") else "Organization"
        actor = {"type": kind, "label": _name_form(e.names[0])[0], "country": None}
        plan(src, f"new:{src}:{e.line}", actor, e)

    # 3. countries: national institutions (sectors), territories and places
    src = _COUNTRIES
    for e in entries:
        out.count(src, "entries in")
        code = e.codes[0][0] if e.codes else ""
        if any(d for _, d in e.codes) or not code:
            out.count(src, "entries dropped: people (dated roles; geokg keeps its own)")
            continue
        country = cameo.get(code[:3])
        if country is None:
            out.count(src, "entries dropped: not a state of the knowledge base")
            continue
        if len(code) == 3:
            plan(src, f"place:{country}", {}, e)
            continue
        sector = _sector_of(code[3:], sectors, recode)
        owners = [
            x.actor
            for n in e.names
            for x in known._index.get(normalize(_name_form(n)[0]), [])
            if known.get(x.actor).type not in ("Person", "State")
        ]
        if sector in _STATE_SECTORS and owners:
            # "Revolutionary Guards" is the knowledge base's IRGC: its other names join it
            plan(src, f"old:{owners[0]}", {}, e)
        elif sector in _STATE_SECTORS:
            home = known._home.get((country, sector))
            target = f"old:{home}" if home else f"sector:{country}_{sector}"
            kind = overlay["sector"][sector].get("type", "Group")
            actor = {"type": kind, "label": sector_label(country, sector), "country": country}
            actor["sector"] = sector
            plan(src, target, actor, e)
        elif sector is None:
            plan(src, f"place:{country}", {}, e)  # a territory: "Guam", "Gaza"
        else:
            out.count(src, "entries dropped: people and groups outside the state")

    # write out: ambiguous names go, the rest become actors, aliases or places
    new: dict[str, dict[str, Any]] = {}
    merged: dict[str, str] = {}
    for source, target, actor, names in plans:
        forms = []
        for form, acronym in names:
            if len(claims[normalize(form)]) > 1:
                out.count(source, "names dropped: claimed by two entries")
                continue
            forms.append((form, acronym))
        if not forms:
            out.count(source, "entries dropped: no usable name left")
            continue
        out.count(source, "names kept", len(forms))
        aliases = [f for f, a in forms if not a]
        acronyms = [f for f, a in forms if a]
        if target.startswith("place:") or target.startswith("old:"):
            sid = target.split(":", 1)[1]
            prop = "places" if target.startswith("place:") else "aliases"
            box = out.extra.setdefault(sid, {})
            box.setdefault(prop, []).extend(aliases)
            if acronyms:
                box.setdefault("acronyms", []).extend(acronyms)
            out.count(source, "entries kept: names of a known actor or state")
            continue
        if target.startswith("sector:"):
            sid = target.split(":", 1)[1]
            a = new.setdefault(sid, {**actor, "id": sid, "aliases": [], "acronyms": []})
            a["aliases"] += aliases
            a["acronyms"] += acronyms
            out.count(source, "entries kept: names of a sector actor")
            continue
        if target in merged:
            a = new[merged[target]]
            a["aliases"] += [x for x in aliases if x != a["label"]]
            a["acronyms"] += acronyms
            continue
        label = actor["label"] if actor["label"] in aliases + acronyms else forms[0][0]
        base = _slug(label)
        sid = base if base not in ids and base not in new else f"{base}_{len(new)}"
        ids.add(sid)
        merged[target] = sid
        new[sid] = {
            **actor,
            "id": sid,
            "label": label,
            "aliases": [a for a in aliases if a != label],
            "acronyms": acronyms,
        }
        out.count(source, "entries kept: new actors")
    out.actors = list(new.values())
    return out


def _descriptive(known: Any, form: str) -> bool:
    """ "Afghan rebels", "Iraqi Kurdish fighters": a state's people or sector, not a name."""
    words = form.split()
    hit = known.agents.match(words)
    if hit is None or hit[0] == 0:
        return False
    return any(known.state_of_demonym(w) is not None for w in words[: hit[0]]) or any(
        a.type == "State" for _, a in known._state_like(" ".join(words[: hit[0]]))
    )


def _slug(name: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "actor"


def actors_turtle(compiled: Compiled) -> str:
    """The Turtle of ``ontology/actors_phoenix.ttl`` for :func:`compile_actors`' result."""
    head = [
        "# Actors compiled from the PETRARCH2 / Phoenix actor dictionaries (kg.kb).\n",
        _LICENSE_NOTE,
        "@prefix act: <https://w3id.org/geokg/actor/> .\n",
        "@prefix geo: <https://w3id.org/geokg/ontology#> .\n",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n",
    ]
    body = []

    def values(vals: list[str]) -> str:
        return ", ".join(_lit(v) for v in dict.fromkeys(vals))

    for a in sorted(compiled.actors, key=lambda a: a["id"]):
        lines = [f"act:{a['id']} a geo:{a['type']}", f"    rdfs:label {_lit(a['label'])}"]
        alts = [x for x in a.get("aliases", []) + a.get("acronyms", []) if x != a["label"]]
        if alts:
            lines.append(f"    skos:altLabel {values(alts)}")
        if a.get("acronyms"):
            lines.append(f"    geo:acronym {values(a['acronyms'])}")
        if a.get("country"):
            lines.append(f"    geo:country act:{a['country']}")
        if a.get("sector"):
            lines.append(f"    geo:sector {_lit(a['sector'])}")
        body.append(" ;\n".join(lines) + " .\n")
    props = {"aliases": "skos:altLabel", "acronyms": "geo:acronym", "places": "geo:place"}
    for sid in sorted(compiled.extra):
        box = compiled.extra[sid]
        lines = []
        for key, prop in props.items():
            vals = list(box.get(key, []))
            if key == "aliases":
                vals += box.get("acronyms", [])
            if vals:
                lines.append(f"    {prop} {values(vals)}")
        if lines:
            body.append(f"act:{sid}\n" + " ;\n".join(lines) + " .\n")
    return "".join(head) + "\n" + "\n".join(body)
