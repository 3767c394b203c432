"""Plain records the analyses work on, and the one place that reads them from the store.

Everything in :mod:`kg.analyze` runs on :class:`EdgeRecord` and
:class:`ActorInfo` objects, so the analyses are testable without a store and
the store is touched by a single function, :func:`load_records` (three SPARQL
SELECTs: the event nodes, the affiliations, the actor descriptions).

Every query matches inside one graph at a time (``GRAPH ?g { ... }``), so its
cost is the number of events or actor mentions, never a product of them: an
actor described in a thousand article graphs is read a thousand times, not
joined a thousand times with itself per property (over the union default graph,
type × label × country of an actor in *n* articles is *n*³ rows).
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote

from kg.analyze.principals import Office
from kg.analyze.weights import ALIGNMENT, DEFAULT_ALIGNMENT, DEFAULT_INTENSITY, INTENSITY
from kg.errors import ConfigError
from kg.model import ACTOR_TYPES

__all__ = [
    "ALIGNMENT",
    "DEFAULT_INTENSITY",
    "INTENSITY",
    "ActorInfo",
    "EdgeRecord",
    "RelationInfo",
    "joint_acts_once",
    "load_actors",
    "load_events",
    "load_pairs",
    "load_records",
    "parse_date",
    "relation_info",
]

GEO = "https://w3id.org/geokg/ontology#"


@dataclass(frozen=True, slots=True)
class EdgeRecord:
    """One extracted interaction, as the analyses see it.

    Parameters
    ----------
    source, target : str
        Actor ids (``"EGY"``, ``"khalifa_haftar"``).
    relation : str
        Relation name of the vocabulary (``"supports"``).
    negated : bool
        True for "has not asked", "denied supporting", ...
    modality : str
        ``"asserted"``, ``"possible"``, ``"conditional"`` or ``"intended"``.
    date : str or None
        ISO date ``YYYY-MM-DD``.
    confidence : float
        Extractor confidence in [0, 1].
    article : str
        Article id the record was read from.
    sentence : str or None
        The evidence sentence.
    count : int
        How many events the record stands for: 1 for an event; a pair's
        asserted events when read from the store's summary graph
        (:func:`load_pairs`), then ``date`` is the last one's date and
        ``first`` the first one's.
    first : str or None
        Earliest date of the events counted (None: ``date``).
    place : str or None
        Where the event happened, when the sentence says (``"Tripoli"``).
    place_country : str or None
        The ISO alpha-3 code of that place's country.

    Examples
    --------
    >>> r = EdgeRecord("EGY", "khalifa_haftar", "supports", date="2019-12-14")
    >>> r.asserted, r.modality
    (True, 'asserted')
    """

    source: str
    target: str
    relation: str
    negated: bool = False
    modality: str = "asserted"
    date: str | None = None
    confidence: float = 1.0
    article: str = ""
    sentence: str | None = None
    count: int = 1
    first: str | None = None
    place: str | None = None
    place_country: str | None = None

    @property
    def asserted(self) -> bool:
        """True when stated as a fact: not negated and modality ``asserted``."""
        return not self.negated and self.modality == "asserted"


@dataclass(frozen=True)
class ActorInfo:
    """What the analyses know about an actor.

    Parameters
    ----------
    id, label, type : str
        As in the extraction contract; ``type`` is an actor class
        (``"State"``, ``"ArmedGroup"``, ``"Person"``, ...).
    country : str or None
        ISO alpha-3 code of the actor's state.
    affiliations : tuple of (str, str or None)
        ``(actor id, role)`` pairs from ``affiliated_with`` facts, the most
        often attested first.
    sector : str or None
        CAMEO agent code of a part of a state (``"MIL"``, ``"GOV"``, ``"REB"``, ...).
    offices : tuple of Office
        Dated roles from the knowledge base (see :func:`kg.analyze.load.with_offices`).
    iri : str or None
        The actor's IRI in the store it was read from.

    Examples
    --------
    >>> ActorInfo("khalifa_haftar", "Khalifa Haftar", "Person", "LBY", (("lna", "commander"),))
    ... # doctest: +ELLIPSIS
    ActorInfo(id='khalifa_haftar', label='Khalifa Haftar', ...)
    """

    id: str
    label: str
    type: str = "Group"
    country: str | None = None
    affiliations: tuple[tuple[str, str | None], ...] = ()
    sector: str | None = None
    offices: tuple[Office, ...] = ()
    iri: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class RelationInfo:
    """The parts of a relation type the analyses need (mirrors :mod:`kg.vocab`).

    ``intensity`` and ``alignment`` are one event's weight on the two scales of
    :mod:`kg.analyze.weights` (0 for neutral relations).
    """

    name: str
    sign: int
    symmetric: bool
    mode: str
    intensity: float = 5.0
    alignment: float = 1.0


def relation_info() -> dict[str, RelationInfo]:
    """The event relation types of the ontology (``affiliated_with`` left out).

    Examples
    --------
    >>> types = relation_info()
    >>> types["supports"].sign, types["opposes"].sign, types["urges"].sign
    (1, -1, 0)
    >>> "affiliated_with" in types
    False
    """
    return dict(_relation_info())


@functools.cache
def _relation_info() -> dict[str, RelationInfo]:
    from kg.vocab import relation_types

    return {
        name: RelationInfo(
            name,
            int(rt.sign),
            bool(rt.symmetric),
            str(rt.mode),
            INTENSITY.get(name, DEFAULT_INTENSITY) if rt.sign else 0.0,
            ALIGNMENT.get(name, DEFAULT_ALIGNMENT) if rt.sign else 0.0,
        )
        for name, rt in relation_types().items()
        if name != "affiliated_with"
    }


def parse_date(value: str | _dt.date | None, option: str = "date") -> str | None:
    """Validate a date given by the user and return it as ``YYYY-MM-DD``.

    Accepts ``YYYY``, ``YYYY-MM`` (the first day of the period) and ``YYYY-MM-DD``.

    Examples
    --------
    >>> parse_date("2019-12"), parse_date("2020")
    ('2019-12-01', '2020-01-01')
    >>> parse_date("12/14/2019")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.ConfigError: bad date '12/14/2019' for --date; expected YYYY, ...
    """
    if value is None or isinstance(value, _dt.date):
        return value.isoformat() if value is not None else None
    text = str(value).strip()
    for fmt, pad in (("%Y-%m-%d", ""), ("%Y-%m", "-01"), ("%Y", "-01-01")):
        try:
            _dt.datetime.strptime(text, fmt)
            return _dt.date.fromisoformat(text + pad).isoformat()
        except ValueError:
            continue
    raise ConfigError(
        f"bad date {text!r} for --{option}; expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-12-14)"
    )


def _check_relations(relations: Iterable[str] | None) -> list[str] | None:
    if relations is None:
        return None
    known = relation_info()
    names = [r.strip() for r in relations if r.strip()]
    bad = [r for r in names if r not in known]
    if bad:
        raise ConfigError(
            f"unknown relation {bad[0]!r}; expected one of {', '.join(sorted(known))} "
            "(comma-separated, e.g. --relations supports,attacks)"
        )
    return names


def _local(iri: Any, marker: str) -> str:
    """The local part of an IRI after ``marker`` (``.../actor/EGY`` -> ``EGY``)."""
    text = str(getattr(iri, "value", iri))
    _head, sep, tail = text.rpartition(marker)
    # kg.rdf.mint_iri percent-encodes names; ids are the decoded names.
    return unquote(tail) if sep else text


def _value(term: Any) -> Any:
    # Store rows are dicts of Python values; tolerate raw pyoxigraph terms too.
    return getattr(term, "value", term)


_EVENTS = """PREFIX geo: <https://w3id.org/geokg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?e ?g ?s ?t ?rel ?neg ?mod ?date ?conf ?sent ?place WHERE {{
  GRAPH ?g {{
    {anchor}{values}?e a geo:Interaction ; geo:source ?s ; geo:target ?t ; geo:relation ?rel .
    OPTIONAL {{ ?e geo:negated ?neg }}
    OPTIONAL {{ ?e geo:modality ?mod }}
    OPTIONAL {{ ?e geo:date ?date }}
    OPTIONAL {{ ?e geo:confidence ?conf }}
    OPTIONAL {{ ?e geo:sentence ?sent }}
    OPTIONAL {{ ?e geo:place ?place }}
  }}
  {filters}
}}"""

# Actors are the subjects typed with an actor class; states' ids are their
# alpha-3 codes, so geo:country's local name is the country code. Matched inside
# one graph at a time and DISTINCT: rows are actor mentions, not their product.
_ACTORS = """PREFIX geo: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?a ?type ?label ?c ?sector WHERE {{
  GRAPH {graph} {{
    VALUES ?type {{ {types} }}
    ?a a ?type .
    OPTIONAL {{ ?a rdfs:label ?label }}
    OPTIONAL {{ ?a geo:country ?c }}
    OPTIONAL {{ ?a geo:sector ?sector }}
  }}
}}"""

# One row per affiliated_with event (its shortcut triple would count it twice).
_AFFILIATIONS = """PREFIX geo: <https://w3id.org/geokg/ontology#>
SELECT ?a ?aff ?role WHERE {
  GRAPH ?g {
    ?e geo:relation geo:affiliated_with ; geo:source ?a ; geo:target ?aff .
    OPTIONAL { ?e geo:role ?role }
    FILTER NOT EXISTS { ?e geo:negated true }
  }
}"""


# Pair counts kept by the store (see kg.store): one node per (source, relation,
# target) with the number of asserted, non-negated events and their date range.
_PAIRS = """PREFIX geo: <https://w3id.org/geokg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?s ?rel ?t ?n ?first ?last WHERE {{
  GRAPH {graph} {{
    ?p a geo:PairSummary ; rdf:subject ?s ; rdf:predicate ?rel ; rdf:object ?t ;
       geo:evidenceCount ?n .
    OPTIONAL {{ ?p geo:firstDate ?first }}
    OPTIONAL {{ ?p geo:lastDate ?last }}
  }}
  {filters}
}}"""

# Places are described once, in the actors graph (older stores: in each article's).
_PLACES = """PREFIX geo: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?p ?label ?c WHERE {
  GRAPH ?g { ?p a geo:Place . OPTIONAL { ?p rdfs:label ?label } OPTIONAL { ?p geo:country ?c } }
}"""

_HAS_PAIRS = """PREFIX geo: <https://w3id.org/geokg/ontology#>
ASK { GRAPH ?g { ?p a geo:PairSummary } }"""

_HAS_EVENTS = """PREFIX geo: <https://w3id.org/geokg/ontology#>
ASK { GRAPH ?g { ?e a geo:Interaction } }"""


def load_pairs(
    store: Any,
    *,
    relations: Iterable[str] | None = None,
    affiliations: bool = False,
    merge: bool = True,
) -> list[EdgeRecord] | None:
    """The store's pair counts as records (one per source, relation and target).

    Reads the summary graph the store keeps up to date as articles are written:
    its size is the number of distinct pairs, whatever the number of articles.
    Each record counts ``count`` asserted, non-negated events, dated
    ``first`` .. ``date``; no sentences. A symmetric relation is one record
    per pair of actors (a joint act is stored in both directions).

    With ``affiliations``, the ``affiliated_with`` pairs come too (for
    :func:`load_actors`). With ``merge=False`` a symmetric relation keeps its
    two directions (see :func:`joint_acts_once`).

    Returns
    -------
    list of EdgeRecord or None
        None when the store has events but no pair summaries (a bulk load
        without ``rebuild_summary()``): read the events instead.

    Examples
    --------
    >>> from kg.model import Actor, Article, Relation
    >>> from kg.store import open_store
    >>> egy, tur = Actor("EGY", "Egypt", "State", "EGY"), Actor("TUR", "Turkey", "State", "TUR")
    >>> with open_store(None) as store:
    ...     for i, day in enumerate(["2020-01-05", "2020-03-01"]):
    ...         store.replace_article(Article(f"a{i}", "…", date=day),
    ...                               [Relation(f"a{i}", "opposes", egy, tur, date=day)])
    ...     [(r.source, r.relation, r.count, r.first, r.date) for r in load_pairs(store)]
    [('EGY', 'opposes', 2, '2020-01-05', '2020-03-01')]
    """
    names = _check_relations(relations)
    filters = [] if affiliations else [f"FILTER(?rel != <{GEO}affiliated_with>)"]
    if names is not None:
        wanted = [*names, "affiliated_with"] if affiliations else names
        filters.append("VALUES ?rel { " + " ".join(f"<{GEO}{r}>" for r in wanted) + " }")
    rows = list(
        _select(store, _PAIRS.format(graph=_summary_graph(store), filters="\n  ".join(filters)))
    )
    if not rows and _ask(store, _HAS_EVENTS) and not _ask(store, _HAS_PAIRS):
        return None
    out = []
    for row in rows:
        first, last = _value(row.get("first")), _value(row.get("last"))
        out.append(
            EdgeRecord(
                source=_local(row["s"], "/actor/"),
                target=_local(row["t"], "/actor/"),
                relation=_local(row["rel"], "#"),
                date=str(last)[:10] if last is not None else None,
                count=int(_value(row["n"])),
                first=str(first)[:10] if first is not None else None,
            )
        )
    return joint_acts_once(out) if merge else out


def joint_acts_once(pairs: list[EdgeRecord]) -> list[EdgeRecord]:
    """One record per symmetric relation and pair of actors.

    A joint act ("X and Y signed a deal") is stored in both directions, as
    event data codes it; counting both would count it twice. The larger of the
    two directions' counts stands for the pair: exact when every act is joint or
    only one direction exists; acts read one way only ("X signed a deal with Y"
    in one sentence, "... between Y and X" in another) make it a lower bound, so
    :func:`kg.analyze.load_graph` reads the events of pairs stored both ways.
    """
    symmetric = {name for name, rt in relation_info().items() if rt.symmetric}
    merged: dict[tuple[str, str, str], EdgeRecord] = {}
    out = []
    for r in pairs:
        if r.relation not in symmetric:
            out.append(r)
            continue
        key = (min(r.source, r.target), r.relation, max(r.source, r.target))
        other = merged.get(key)
        if other is None or r.count > other.count:
            firsts = [d for d in (r.first, other.first if other else None) if d]
            lasts = [d for d in (r.date, other.date if other else None) if d]
            merged[key] = replace(
                r,
                source=key[0],
                target=key[2],
                first=min(firsts) if firsts else None,
                date=max(lasts) if lasts else None,
            )
    out += merged.values()
    out.sort(key=lambda r: (r.source, r.relation, r.target))
    return out


def _summary_graph(store: Any) -> str:
    """The store's summary graph by name when its base IRI is known (a direct lookup),
    else any graph (the summary vocabulary occurs nowhere else)."""
    base = getattr(store, "base", None)
    if not isinstance(base, str):
        return "?g"
    from kg.rdf import summary_graph_iri

    return f"<{summary_graph_iri(base).value}>"


def _ask(store: Any, sparql: str) -> bool:
    result = store.query(sparql)
    return bool(getattr(result, "boolean", result))


def _event_query(
    start: str | None,
    end: str | None,
    relations: list[str] | None,
    min_confidence: float,
    anchor: str = "",
) -> str:
    # Only validated values reach the query text: ISO dates, vocabulary names, a
    # float, and an actor IRI read from the store (checked by _iri).
    filters = [f"FILTER(?rel != <{GEO}affiliated_with>)"]
    # an event dated by its month only (xsd:gYearMonth) is in when its month is
    month = "DATATYPE(?date) = xsd:gYearMonth"
    if start:
        filters.append(
            f'FILTER(BOUND(?date) && IF({month}, STR(?date) >= "{start[:7]}", '
            f'?date >= "{start}"^^xsd:date))'
        )
    if end:
        filters.append(
            f'FILTER(BOUND(?date) && IF({month}, STR(?date) <= "{end[:7]}", '
            f'?date <= "{end}"^^xsd:date))'
        )
    if min_confidence > 0:
        filters.append(f"FILTER(BOUND(?conf) && ?conf >= {min_confidence!r})")
    values = ""
    if relations is not None:
        # inside the graph pattern, beside the anchor: the engine then reads only
        # these relations' events (joined after the pattern, it read them all first)
        values = "VALUES ?rel { " + " ".join(f"<{GEO}{r}>" for r in relations) + " }\n    "
    return _EVENTS.format(filters="\n  ".join(filters), anchor=anchor, values=values)


def _iri(iri: str) -> str:
    """An actor IRI read from the store, checked before it is put between ``<>``."""
    if not re.fullmatch(r"[^\s<>\"{}|\\^`]+", iri):
        raise ConfigError(f"not an IRI: {iri!r}")
    return iri


def _select(store: Any, sparql: str) -> Iterable[Mapping[str, Any]]:
    """The one point of contact with the store: rows of a SELECT as mappings."""
    result = store.query(sparql)
    rows = getattr(result, "rows", result)
    return rows


def load_records(
    store: Any,
    *,
    start: str | _dt.date | None = None,
    end: str | _dt.date | None = None,
    relations: Iterable[str] | None = None,
    min_confidence: float = 0.0,
) -> tuple[list[EdgeRecord], dict[str, ActorInfo]]:
    """Read the interactions and actor descriptions from a store.

    Parameters
    ----------
    store : kg.store.Store
        An open store (anything with ``query(sparql)`` returning rows as dicts).
    start, end : str or date, optional
        Keep events dated in ``[start, end]`` (``YYYY``, ``YYYY-MM`` or
        ``YYYY-MM-DD``); undated events are dropped when either is given.
    relations : iterable of str, optional
        Relation names to keep (checked against the vocabulary).
    min_confidence : float
        Keep events with at least this extractor confidence.

    Returns
    -------
    records : list of EdgeRecord
        Every event (negated and modal ones included: :func:`project` decides).
    actors : dict
        Actor id -> :class:`ActorInfo`, affiliations most attested first.

    Raises
    ------
    kg.errors.ConfigError
        For a bad date, an unknown relation name or a confidence outside [0, 1].
    """
    records = load_events(
        store, start=start, end=end, relations=relations, min_confidence=min_confidence
    )
    return records, load_actors(store)


# above this many actors, load_events(involving=..., relations=...) scans the relations
_SCAN_ACTORS = 20


def load_events(
    store: Any,
    *,
    start: str | _dt.date | None = None,
    end: str | _dt.date | None = None,
    relations: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    involving: Iterable[str] | None = None,
) -> list[EdgeRecord]:
    """The events of a store, one record each (see :func:`load_records`).

    ``involving`` keeps the events whose source or target is one of these
    actor IRIs (:attr:`ActorInfo.iri`; read by index lookups, so the cost is
    their events, not the store's).
    """
    start_s = parse_date(start, "from")
    end_s = parse_date(end, "to")
    if start_s and end_s and start_s > end_s:
        raise ConfigError(f"--from {start_s} is after --to {end_s}; swap them")
    if not (isinstance(min_confidence, int | float) and 0.0 <= float(min_confidence) <= 1.0) or (
        math.isnan(float(min_confidence))
    ):
        raise ConfigError(f"bad --min-confidence {min_confidence!r}; expected a number in [0, 1]")
    names = _check_relations(relations)
    wanted = list(involving) if involving is not None else None
    if wanted is not None and not wanted:
        return []

    among: set[str] | None = None
    if wanted is not None and names is not None and len(set(wanted)) > _SCAN_ACTORS:
        # many actors, few relations: one pass over those relations' events,
        # kept when their source or target is wanted, costs less than a lookup
        # per actor and side (10,000 articles, 347 actors: 2 s instead of 21 s)
        among = {_iri(i) for i in wanted}
    if wanted is None or among is not None:
        queries = [_event_query(start_s, end_s, names, float(min_confidence))]
    else:
        # one lookup per actor and side, the IRI a constant: the cost is its events
        queries = [
            _event_query(start_s, end_s, names, float(min_confidence), f"?e {side} <{_iri(i)}> .\n")
            for i in sorted(set(wanted))
            for side in ("geo:source", "geo:target")
        ]
    records: list[EdgeRecord] = []
    seen: set[Any] = set()
    places: dict[str, tuple[str | None, str | None]] | None = None
    rows = (row for q in queries for row in _select(store, q))
    for row in rows:
        if among is not None and str(row["s"]) not in among and str(row["t"]) not in among:
            continue
        if wanted is not None:
            if row["e"] in seen:  # an event between two of the actors: read twice
                continue
            seen.add(row["e"])
        date = _value(row.get("date"))
        conf = _value(row.get("conf"))
        mod = row.get("mod")
        where: tuple[str | None, str | None] = (None, None)
        if row.get("place") is not None:
            if places is None:
                places = _places(store)
            iri = str(_value(row["place"]))
            where = places.get(iri) or (_local(iri, "/place/").partition("@")[0], None)
        records.append(
            EdgeRecord(
                source=_local(row["s"], "/actor/"),
                target=_local(row["t"], "/actor/"),
                relation=_local(row["rel"], "#"),
                negated=bool(_value(row.get("neg")) or False),
                modality=_local(mod, "#").lower() if mod is not None else "asserted",
                date=str(date)[:10] if date is not None else None,
                confidence=float(conf) if conf is not None else 1.0,
                article=_local(row["g"], "/article/"),
                sentence=str(_value(row["sent"])) if row.get("sent") is not None else None,
                place=where[0],
                place_country=where[1],
            )
        )
    # one order whatever the engine's: results are reproducible
    records.sort(key=lambda r: (r.article, r.source, r.relation, r.target, r.sentence or ""))
    return records


def _places(store: Any) -> dict[str, tuple[str | None, str | None]]:
    """Place IRI -> (label, country code) of the places the store describes."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for row in _select(store, _PLACES):
        label, country = row.get("label"), row.get("c")
        old = out.get(str(_value(row["p"])), (None, None))
        out[str(_value(row["p"]))] = (
            old[0] or (str(_value(label)) if label is not None else None),
            old[1] or (_local(country, "/actor/") if country is not None else None),
        )
    return out


def load_actors(
    store: Any, affiliations: Iterable[EdgeRecord] | None = None
) -> dict[str, ActorInfo]:
    """Actor id -> :class:`ActorInfo` (label, type, country, sector, affiliations).

    The descriptions are matched inside one graph at a time, so the cost is
    the number of descriptions stored: once per actor in the store's actors
    graph (``{base}graph/actors``), or once per article that mentions it in
    stores built before there was one; never their product.
    ``affiliations`` are ``affiliated_with`` pair records already read
    (:func:`load_pairs`); otherwise the affiliation events are read.
    """
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    countries: dict[str, str] = {}
    sectors: dict[str, str] = {}
    iris: dict[str, str] = {}
    affs: dict[str, Counter[tuple[str, str | None]]] = defaultdict(Counter)
    actor_types = " ".join(f"geo:{t}" for t in ACTOR_TYPES)
    for row in _select(store, _ACTORS.format(types=actor_types, graph="?g")):
        aid = _local(row["a"], "/actor/")
        iris.setdefault(aid, str(_value(row["a"])))
        if row.get("label") is not None:
            labels.setdefault(aid, str(_value(row["label"])))
        if row.get("type") is not None:
            types.setdefault(aid, _local(row["type"], "#"))
        if row.get("c") is not None:
            countries.setdefault(aid, _local(row["c"], "/actor/"))
        if row.get("sector") is not None:
            sectors.setdefault(aid, re.split(r"[#/]", str(_value(row["sector"])))[-1])
    if affiliations is not None:
        for r in affiliations:
            affs[r.source][(r.target, None)] += r.count
    else:
        for row in _select(store, _AFFILIATIONS):
            role = row.get("role")
            affs[_local(row["a"], "/actor/")][
                (_local(row["aff"], "/actor/"), str(_value(role)) if role else None)
            ] += 1

    actors: dict[str, ActorInfo] = {}
    for aid in set(labels) | set(affs):
        # A shortcut triple and its event name the same affiliation: keep the
        # roled version, ranked by how often it is attested.
        ranked: dict[str, str | None] = {}
        for (org, role), _n in sorted(
            affs.get(aid, Counter()).items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or "")
        ):
            if org not in ranked or (ranked[org] is None and role):
                ranked[org] = role
        actors[aid] = ActorInfo(
            id=aid,
            label=labels.get(aid, aid),
            type=types.get(aid, "Group"),
            country=countries.get(aid),
            affiliations=tuple(ranked.items()),
            sector=sectors.get(aid),
            iri=iris.get(aid),
        )
    return actors
