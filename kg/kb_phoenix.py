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
    "phrase",
    "plural",
    "read_actors",
    "read_agents",
    "title_case",
]

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
