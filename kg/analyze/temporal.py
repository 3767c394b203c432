"""Change over time: the measures per window, and pairs whose sign flipped."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from kg.analyze.blocs import BlocResult, balance, blocs
from kg.analyze.principals import Principals
from kg.analyze.projection import project
from kg.analyze.records import ActorInfo, EdgeRecord, relation_info
from kg.errors import AnalysisError, ConfigError

__all__ = ["WINDOWS", "Flip", "WindowResult", "over_time", "sign_flips", "window_key"]

#: Values of ``window``.
WINDOWS = ("month", "quarter", "year")


def window_key(date: str, window: str) -> str:
    """The window an ISO date falls in: ``2019-12``, ``2019-Q4`` or ``2019``.

    Examples
    --------
    >>> [window_key("2019-12-14", w) for w in WINDOWS]
    ['2019-12', '2019-Q4', '2019']
    """
    if window == "month":
        return date[:7]
    if window == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    if window == "year":
        return date[:4]
    raise ConfigError(f"unknown window {window!r}; expected one of {', '.join(WINDOWS)}")


@dataclass(frozen=True)
class WindowResult:
    """The alliance structure of one time window.

    ``blocs`` and ``balance_ratio`` are None when not defined for the window
    (e.g. no conflict tie, no triangle); ``notes`` then says why.
    """

    window: str
    records: int
    actors: int
    edges: int
    positive: int
    negative: int
    blocs: BlocResult | None
    balance_ratio: float | None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out = {k: v for k, v in asdict(self).items() if k != "blocs"}
        out["blocs"] = self.blocs.communities if self.blocs else None
        out["frustration"] = self.blocs.frustration if self.blocs else None
        out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True)
class Flip:
    """A pair whose net sign changed between two consecutive windows where it was seen."""

    a: Any
    b: Any
    before: str
    after: str
    before_weight: int
    after_weight: int

    @property
    def direction(self) -> str:
        """``"to conflict"`` or ``"to cooperation"``."""
        return "to conflict" if self.after_weight < 0 else "to cooperation"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**asdict(self), "direction": self.direction}


def _by_window(records: Iterable[EdgeRecord], window: str) -> dict[str, list[EdgeRecord]]:
    window_key("2000-01-01", window)  # validate once, before looping
    out: dict[str, list[EdgeRecord]] = {}
    for r in records:
        if r.date:
            out.setdefault(window_key(r.date, window), []).append(r)
    return dict(sorted(out.items()))


def over_time(
    records: Iterable[EdgeRecord],
    actors: Mapping[str, ActorInfo] | None = None,
    *,
    window: str = "month",
    level: str = "principal",
    min_evidence: int = 1,
    include_modal: bool = False,
    seed: int = 0,
) -> list[WindowResult]:
    """Blocs and balance per time window (undated records are left out).

    Raises
    ------
    kg.errors.AnalysisError
        When no record carries a date.

    Examples
    --------
    >>> recs = [EdgeRecord("A", "B", "supports", date="2020-01-05"),
    ...         EdgeRecord("A", "C", "attacks", date="2020-01-09"),
    ...         EdgeRecord("A", "B", "attacks", date="2020-02-02")]
    >>> [(w.window, w.edges, w.blocs.communities if w.blocs else None) for w in over_time(recs)]
    [('2020-01', 2, [['A', 'B'], ['C']]), ('2020-02', 1, [['A'], ['B']])]
    """
    groups = _by_window(records, window)
    if not groups:
        raise AnalysisError(
            "change over time needs dated events, but none has a date; "
            "check that the articles carry dates (kg stats shows the date range)"
        )
    out = []
    for key, recs in groups.items():
        G = project(
            recs, actors, level=level, min_evidence=min_evidence, include_modal=include_modal
        )
        notes = []
        bres: BlocResult | None = None
        ratio: float | None = None
        try:
            bres = blocs(G, seed=seed)
        except AnalysisError as exc:
            notes.append(f"blocs: {str(exc).split(';')[0]}")
        try:
            ratio = balance(G, limit=0).ratio
        except AnalysisError as exc:
            notes.append(f"balance: {str(exc).split(';')[0]}")
        signs = [d["sign"] for _, _, d in G.edges(data=True)]
        out.append(
            WindowResult(
                window=key,
                records=G.graph["records"],
                actors=G.number_of_nodes(),
                edges=G.number_of_edges(),
                positive=sum(1 for s in signs if s > 0),
                negative=sum(1 for s in signs if s < 0),
                blocs=bres,
                balance_ratio=ratio,
                notes=tuple(notes),
            )
        )
    return out


def sign_flips(
    records: Iterable[EdgeRecord],
    *,
    window: str = "month",
    actors: Mapping[str, ActorInfo] | None = None,
    level: str = "principal",
    include_modal: bool = False,
) -> list[Flip]:
    """Pairs whose net sign (both directions, asserted records) flipped between windows.

    Windows where a pair has no signed record (or a net weight of 0) are
    skipped, so cooperation in January, silence in February and conflict in
    March is one flip from ``2020-01`` to ``2020-03``.

    Examples
    --------
    >>> recs = [EdgeRecord("TUR", "RUS", "cooperates_with", date="2019-11-02"),
    ...         EdgeRecord("RUS", "TUR", "attacks", date="2020-02-27")]
    >>> [(f.a, f.b, f.before, f.after, f.direction) for f in sign_flips(recs)]
    [('RUS', 'TUR', '2019-11', '2020-02', 'to conflict')]
    """
    types = relation_info()
    principal = Principals(actors or {}, level)
    nets: dict[tuple[str, str], dict[str, int]] = {}
    for key, recs in _by_window(records, window).items():
        for r in recs:
            rt = types.get(r.relation)
            if rt is None or not rt.sign or r.negated:
                continue
            if r.modality != "asserted" and not include_modal:
                continue
            u, v = principal(r.source, r.date), principal(r.target, r.date)
            if u == v:
                continue
            pair = (u, v) if u < v else (v, u)
            per = nets.setdefault(pair, {})
            per[key] = per.get(key, 0) + rt.sign
    flips = []
    for (a, b), per in nets.items():
        seq = [(k, w) for k, w in sorted(per.items()) if w]
        for (k0, w0), (k1, w1) in itertools.pairwise(seq):
            if (w0 > 0) != (w1 > 0):
                flips.append(Flip(a, b, k0, k1, w0, w1))
    flips.sort(key=lambda f: (f.after, str(f.a), str(f.b)))
    return flips
