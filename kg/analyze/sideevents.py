"""The few events side-taking needs beyond the store's pair counts.

``kg analyze blocs`` reads the pair counts (one row per source, relation and
target: :func:`kg.analyze.load_pairs`), which say nothing of sentences or
places. Two lean queries add what :mod:`kg.analyze.sides` and
:mod:`kg.analyze.theatres` need, each matched inside one article graph at a
time, so the cost is the events, never a product of them:

* :func:`joint_records` — the events that share their sentence and relation
  with another asserted event (joint acts among them), usually a small share
  of the events;
* :func:`placed_clashes` — the asserted material-conflict events whose
  sentence names a place.

:func:`theatre_records` then puts the placed clashes in place of as many of
their pair's counted events, so every clash counts once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from kg.analyze.load import Loaded, _opened
from kg.analyze.records import EdgeRecord, _local, _places, _select, _value
from kg.analyze.theatres import WAR

__all__ = ["joint_records", "placed_clashes", "side_inputs", "theatre_records"]

_GEO = "https://w3id.org/geokg/ontology#"

# the sentences of an article with two events of one relation, then those events:
# grouping first keeps the cost at one pass over the events (a self-join of the
# events on sentence, relation and party is slower by far in the store's planner)
_JOINT = """PREFIX geo: <https://w3id.org/geokg/ontology#>
SELECT ?g ?s ?t ?rel ?sent ?date WHERE {
  { SELECT ?g ?sent ?rel WHERE { GRAPH ?g { ?x geo:sentence ?sent ; geo:relation ?rel } }
    GROUP BY ?g ?sent ?rel HAVING (COUNT(?x) > 1) }
  GRAPH ?g {
    ?e geo:sentence ?sent ; geo:relation ?rel ; geo:source ?s ; geo:target ?t ;
       geo:modality geo:Asserted ; geo:negated false .
    OPTIONAL { ?e geo:date ?date }
  }
  FILTER(?rel != geo:affiliated_with)
}"""

_PLACED = """PREFIX geo: <https://w3id.org/geokg/ontology#>
SELECT ?g ?s ?t ?rel ?place ?date WHERE {{
  GRAPH ?g {{
    VALUES ?rel {{ {war} }}
    ?e geo:place ?place ; geo:relation ?rel ; geo:source ?s ; geo:target ?t ;
       geo:modality geo:Asserted ; geo:negated false .
    OPTIONAL {{ ?e geo:date ?date }}
  }}
}}"""


def _date(row: Any) -> str | None:
    value = row.get("date")
    return str(_value(value))[:10] if value is not None else None


def joint_records(store: Any) -> list[EdgeRecord]:
    """The asserted events that share their sentence and relation with another, one
    record each with the sentence: the candidates of
    :func:`kg.analyze.sides.joint_acts` (which keeps those with a shared party)."""
    out = {
        EdgeRecord(
            _local(row["s"], "/actor/"),
            _local(row["t"], "/actor/"),
            _local(row["rel"], "#"),
            date=_date(row),
            article=_local(row["g"], "/article/"),
            sentence=str(_value(row["sent"])),
        )
        for row in _select(store, _JOINT)
    }
    return sorted(out, key=lambda r: (r.article, r.source, r.relation, r.target, r.sentence or ""))


def placed_clashes(store: Any) -> list[EdgeRecord]:
    """The asserted material-conflict events (:data:`kg.analyze.theatres.WAR`) that
    happened at a named place, with the place and its country."""
    war = " ".join(f"<{_GEO}{r}>" for r in sorted(WAR))
    rows = list(_select(store, _PLACED.format(war=war)))
    places = _places(store) if rows else {}
    out = []
    for row in rows:
        iri = str(_value(row["place"]))
        label, country = places.get(iri) or (_local(iri, "/place/").partition("@")[0], None)
        out.append(
            EdgeRecord(
                _local(row["s"], "/actor/"),
                _local(row["t"], "/actor/"),
                _local(row["rel"], "#"),
                date=_date(row),
                article=_local(row["g"], "/article/"),
                place=label,
                place_country=country,
            )
        )
    return out


def theatre_records(pairs: Iterable[EdgeRecord], placed: list[EdgeRecord]) -> list[EdgeRecord]:
    """The pair counts of the clashes with the placed ones apart: each pair's count
    less its placed events, then the placed events themselves.

    Examples
    --------
    >>> pairs = [EdgeRecord("A", "B", "attacks", count=3), EdgeRecord("A", "B", "supports")]
    >>> placed = [EdgeRecord("A", "B", "attacks", place="Port Xan", place_country="XAN")]
    >>> [(r.relation, r.count, r.place) for r in theatre_records(pairs, placed)]
    [('attacks', 2, None), ('attacks', 1, 'Port Xan')]
    """
    n = Counter((r.source, r.relation, r.target) for r in placed)
    out = []
    for r in pairs:
        if r.relation not in WAR:
            continue
        left = r.count - n.get((r.source, r.relation, r.target), 0)
        if left > 0:
            out.append(replace(r, count=left))
    return out + placed


def side_inputs(store: Any, loaded: Loaded) -> tuple[list[EdgeRecord], list[EdgeRecord]]:
    """The records joint acts are read from, and those theatres are placed by.

    The events themselves when ``loaded`` read them (a filter needed them);
    else the two lean queries above beside the pair counts.
    """
    if not loaded.from_pairs:
        return loaded.records, loaded.records
    with _opened(store) as opened:
        joint, placed = joint_records(opened), placed_clashes(opened)
    return joint, theatre_records(loaded.records, placed)
