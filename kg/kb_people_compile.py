"""Compile the dated people of the PETRARCH2 / Phoenix dictionaries (build time only).

``Phoenix.Countries.actors.txt`` and ``Phoenix.International.actors.txt`` list
about 18,000 office holders with dated codes (``[USAGOV 090120-170120]``: the
U.S. government from 20 January 2009 to 20 January 2017; ``[IGOUNO
>20070101]``: the UN from 2007). Each becomes a row of
``ontology/people_phoenix.json``, read by :mod:`kg.kb_people`: a label, its
other full names, and tenures ``[actor id, start, end]`` where the actor is a
state's sector (``USA_GOV``), the state itself, or an international
organization of the knowledge base (a UN Secretary-General holds ``un``).

Guards against false matches, decided here:

* only names of two words or more are kept (a surname alone is looked up
  only after a title, see :mod:`kg.kb_people`); names with a title in them
  ("President Obama") or written in capitals, and names the hand-written
  knowledge base already uses (its people, places, groups) are dropped, as is
  every person whose main name it uses (its people win);
* undated codes (``[USAELI]``) are no tenures: a person resolves only at a
  date inside one of the dated ones;
* a tenure open at the end (``>090120``) is closed at :data:`OPEN_END`, the
  end of the year of the dictionaries' last edit, since nobody checked later.

Run ``python -m kg.kb_compile`` (it calls :func:`build_people`).

Examples
--------
>>> phoenix_dates("090120-170120")
('2009-01-20', '2017-01-20')
>>> phoenix_dates(">20070101")
('2007-01-01', '2019-12-31')
>>> phoenix_dates("<061231")
(None, '2006-12-31')
>>> phoenix_dates("2004017-20061201")
('2004', '2006-12-01')
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

__all__ = ["OPEN_END", "build_people", "people_json", "phoenix_dates"]

#: the end given to tenures the dictionaries leave open (their last edit: 2019).
OPEN_END = "2019-12-31"

_TITLE_WORDS = frozenset(
    "president prime minister general gen gen. king queen sheikh sheik emir prince mr mr. "
    "mrs ms dr dr. colonel col col. chairman premier secretary secretary-general ambassador "
    "leader senator governor mayor judge justice lord sir saint st st. former late "
    "un u.n. us u.s. american vice deputy chief commander foreign defense defence".split()
)


def _day(digits: str) -> str | None:
    """``yymmdd`` or ``yyyymmdd`` as ISO text, as precise as the digits allow."""
    if len(digits) == 6:
        yy = int(digits[:2])
        year, rest = (2000 + yy if yy <= 19 else 1900 + yy), digits[2:]
    elif len(digits) >= 8:
        year, rest = int(digits[:4]), digits[4:8]
    elif len(digits) == 7:
        return digits[:4]  # a digit lost ("2004017"): the year is what is sure
    else:
        return None
    month, day = int(rest[:2]), int(rest[2:4])
    if not 1 <= month <= 12:
        return f"{year:04d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:  # "990631": the 31st of June
        return f"{year:04d}-{month:02d}"


def phoenix_dates(spec: str) -> tuple[str | None, str | None] | None:
    """``(start, end)`` of a Phoenix date range; ``None`` when it has no usable date."""
    spec = spec.strip()
    m = re.fullmatch(r"(\d+)\s*-\s*(\d+)", spec)
    if m:
        start, end = _day(m.group(1)), _day(m.group(2))
        return (start, end) if start or end else None
    m = re.fullmatch(r">\s*(\d+)", spec)
    if m:
        start = _day(m.group(1))
        return (start, OPEN_END) if start else None
    m = re.fullmatch(r"<\s*(\d+)", spec)
    if m:
        end = _day(m.group(1))
        return (None, end) if end else None
    return None


def _igo_codes(phoenix_dir: Path, known: Any, trusted: frozenset[str]) -> dict[str, str]:
    """Phoenix IGO codes (``IGOUNO``) → ids of international organizations of ``known``.

    A code goes to the organization its undated entries name: the one of the
    hand-written knowledge base (``trusted``) most of them name, unless
    another is named more often; else one that two thirds of them and at
    least two name. The file also lists people under bare
    organization codes ("GILLIAN_MELLSOP_ [IGOUNOKID]"), which the compiled
    knowledge base holds as organizations, and sector codes many bodies share
    ("IGOUNODEV"); bare "IGO" is no organization.
    """
    from kg.kb_phoenix import _name_form, read_actors

    path = phoenix_dir / "Phoenix.International.actors.txt"
    votes: dict[str, dict[str, int]] = {}
    for e in read_actors(path) if path.exists() else []:
        codes = [c for c, d in e.codes if c.startswith("IGO") and not d]
        if not codes or any(d for _, d in e.codes):
            continue
        for raw in e.names:
            m = known.resolve(_name_form(raw)[0])
            if m is not None and m.actor.type == "InternationalOrganization":
                for code in codes:
                    box = votes.setdefault(code, {})
                    box[m.actor.id] = box.get(m.actor.id, 0) + 1
                break
    out = {}
    for code, box in votes.items():
        if len(code) < 6:
            continue
        total = sum(box.values())
        best = max(box.items(), key=lambda kv: (kv[0] in trusted, kv[1]))
        rival = max((n for org, n in box.items() if org not in trusted), default=0)
        hand = best[0] in trusted and best[1] >= rival
        if hand or (best[1] >= 2 and best[1] * 3 >= total * 2):
            out[code] = best[0]
    return out


def _tenure(
    code: str,
    cameo: dict[str, str],
    igos: dict[str, str],
    sector_of: Any,
) -> str | None:
    """The actor id a dated code stands for, or ``None`` (companies, unknown codes)."""
    if code.startswith("IGO"):
        for n in range(len(code), 5, -3):  # IGOUNOKID → IGOUNO: the parent body
            if code[:n] in igos:
                return igos[code[:n]]
        return None
    country = cameo.get(code[:3])
    if country is None:
        return None
    sector = sector_of(code[3:]) if len(code) > 3 else None
    return f"{country}_{sector}" if sector else country


def _full_names(e: Any, taken: set[str]) -> list[str]:
    from kg.kb_phoenix import _name_form
    from kg.kb_tables import normalize

    names = []
    for raw in e.names:
        form = _name_form(raw)[0]
        key = normalize(form)
        words = key.split()
        if len(words) < 2 or key in taken or words[0] in _TITLE_WORDS:
            continue
        if form.isupper() or not re.fullmatch(r"[\w'.\- ]+", form):
            continue
        if len(words[-1].strip(".")) < 2:
            continue  # "Barack H." is not a name as written in text
        if len(words) == 2 and len(words[0].strip(".")) < 2:
            continue  # "K. Annan": an initial and a surname are too little
        names.append(_written(form))
    return list(dict.fromkeys(names))


def _written(form: str) -> str:
    """Capitals of a two-letter syllable undone ("Ban KI Moon" → "Ban Ki Moon")."""
    return " ".join(
        w.capitalize() if len(w) == 2 and w.isupper() and re.search("[AEIOU]", w) else w
        for w in form.split()
    )


def _merge(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows that share a name are one person (the dictionaries list some twice)."""
    from kg.kb_tables import normalize

    owner: dict[str, int] = {}
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (label, others, _) in enumerate(rows):
        for name in [label, *others]:
            j = owner.setdefault(normalize(name), i)
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        names = list(dict.fromkeys(n for i in members for n in [rows[i][0], *rows[i][1]]))
        tenures = sorted(
            # the whole tenure as the key: a set's order differs from run to run
            {tuple(t) for i in members for t in rows[i][2]},
            key=lambda t: (t[1] or "", t[0], t[2] or ""),
        )
        out.append([names[0], names[1:], [list(t) for t in tenures]])
    return out


def people_json(
    phoenix_dir: Path, known: Any, overlay: dict[str, Any], trusted: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The rows of ``people_phoenix.json`` and a report of what was kept and dropped.

    ``known`` is the knowledge base of ``actors.ttl`` and ``actors_phoenix.ttl``
    (its names win); ``overlay`` is ``actors_src/agents.toml`` (sector codes);
    ``trusted`` the ids of the hand-written ``actors.ttl``.
    """
    from kg.kb_phoenix import _name_form, _sector_of, cameo_countries, read_actors
    from kg.kb_tables import normalize

    sectors = set(overlay.get("sector", {}))
    recode = dict(overlay.get("codes", {}))
    taken = set(known._index)
    people = {
        k.replace("-", " ")
        for k, entries in known._index.items()
        if any(e.how != "surname" and known.get(e.actor).type == "Person" for e in entries)
    }
    cameo, entries = cameo_countries(phoenix_dir, known)
    igos = _igo_codes(phoenix_dir, known, trusted)
    intl = phoenix_dir / "Phoenix.International.actors.txt"
    entries += list(read_actors(intl)) if intl.exists() else []
    report: dict[str, int] = {}

    def count(what: str, n: int = 1) -> None:
        report[what] = report.get(what, 0) + n

    rows: list[list[Any]] = []
    for e in entries:
        dated = [(c, d) for c, d in e.codes if d.strip()]
        if not dated:
            continue
        count("people in")
        tenures = []
        for code, spec in dated:
            when = phoenix_dates(spec)
            of = _tenure(code, cameo, igos, lambda t: _sector_of(t, sectors, recode))
            if when is None or of is None:
                count("tenures dropped: no usable date or no actor of the knowledge base")
                continue
            tenures.append([of, when[0], when[1]])
        if not tenures:
            count("people dropped: no usable tenure")
            continue
        if any(normalize(_name_form(n)[0]).replace("-", " ") in people for n in e.names):
            count("people dropped: known to the hand-written knowledge base")
            continue
        names = _full_names(e, taken)
        if not names:
            count("people dropped: no full name (two words or more) left")
            continue
        rows.append([names[0], names[1:], tenures])
    rows = _merge(rows)
    count("people kept", len(rows))
    count("names kept", sum(1 + len(r[1]) for r in rows))
    count("tenures kept", sum(len(r[2]) for r in rows))
    rows.sort(key=lambda r: (normalize(r[0]), r[2][0][1] or "", r[0], r[1], r[2]))
    return {"rows": rows, "report": report}


def build_people(
    phoenix_dir: Path, known: Any, overlay: dict[str, Any], trusted: frozenset[str] = frozenset()
) -> tuple[str, dict[str, int]]:
    """The text of ``ontology/people_phoenix.json`` (deterministic) and the report."""
    data = people_json(phoenix_dir, known, overlay, trusted)
    head = {
        "about": (
            "People with dated roles, compiled by `python -m kg.kb_compile` from the "
            "PETRARCH2 / Phoenix dictionaries (openeventdata/petrarch2, MIT License, "
            "Copyright (c) 2014 Open Event Data; see ontology/README.md). GENERATED: do "
            "not edit by hand. Rows: [label, other names, [[actor id, start, end], ...]]."
        ),
        "open_end": OPEN_END,
    }
    lines = [json.dumps(r, ensure_ascii=False) for r in data["rows"]]
    text = "{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in head.items())
    text += ',\n"rows": [\n' + ",\n".join(lines) + "\n]}\n"
    return text, data["report"]
