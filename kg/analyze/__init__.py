"""Alliance analysis: blocs, balance, influence, profiles and change over time.

The store is read once by :func:`load_records` into plain
:class:`EdgeRecord` / :class:`ActorInfo` objects; every analysis works on
those or on the networkx graphs :func:`project` builds from them, so each
can be used (and tested) without a store.

Graph contract (stable; :mod:`kg.render` relies on it)
-----------------------------------------------------
:func:`project` returns a ``networkx.DiGraph``.

Graph attributes: ``level`` (``"actor"`` or ``"state"``), ``rollup`` (actor
id -> node id for merged actors), ``records`` (records counted).

Node attributes (node key = actor id, e.g. ``"EGY"``, ``"khalifa_haftar"``):

============ ==============================================================
``label``    canonical name
``type``     actor class (``State``, ``ArmedGroup``, ``Person``, ...)
``country``  ISO alpha-3 code or None
============ ==============================================================

Edge ``u → v`` attributes (aggregated over the asserted, non-negated records
from ``u`` to ``v``; symmetric relations are stored once, from the smaller to
the larger id, and ``symmetric`` is True when all relations on the edge are
symmetric, so a renderer draws no arrow):

============= =============================================================
``relations`` dict relation name -> count
``positive``  records of positive relations (supports, cooperates_with, ...)
``negative``  records of negative relations (opposes, attacks, ...)
``neutral``   records of neutral relations (``urges``)
``count``     positive + negative + neutral
``weight``    positive − negative (signed evidence)
``sign``      +1, −1 or 0 (sign of ``weight``)
``material``  True if any record is a material-mode relation (aid, attack,
              sanction, ...): draw solid; verbal-only edges dashed
``symmetric`` see above
``evidence``  up to 5 ``(sentence, article, date)``, most confident first
``first``     earliest date (ISO) or None
``last``      latest date (ISO) or None
============= =============================================================

:func:`signed_graph` gives the undirected ``networkx.Graph`` with the same
edge attributes, both directions summed (``sign`` of the sum).
:func:`blocs` returns :class:`BlocResult` (``communities``, ``membership``
node -> bloc index, ``modularity``, ``frustration``); :func:`influence`
returns :class:`Influence` rows (``actor``, ``degree``, ``betweenness``,
``eigenvector``).

Examples
--------
>>> from kg.analyze import EdgeRecord, project, signed_graph, blocs
>>> recs = [EdgeRecord("EGY", "LNA", "supports"), EdgeRecord("TUR", "GNA", "provides_aid_to"),
...         EdgeRecord("LNA", "GNA", "attacks"), EdgeRecord("ARE", "LNA", "provides_aid_to")]
>>> blocs(signed_graph(project(recs))).communities
[['ARE', 'EGY', 'LNA'], ['GNA', 'TUR']]
"""

from __future__ import annotations

from kg.analyze.blocs import BalanceResult, BlocResult, Triad, balance, blocs
from kg.analyze.centrality import Broker, Influence, brokers, cooperation_layer, influence
from kg.analyze.neighbourhood import (
    Profile,
    Suggestion,
    Tie,
    UnknownActorError,
    enemy_of_enemy,
    profile,
    resolve_actor,
)
from kg.analyze.projection import (
    EXPORT_FORMATS,
    LEVELS,
    export_graph,
    project,
    rollup,
    signed_graph,
)
from kg.analyze.records import ActorInfo, EdgeRecord, load_records, parse_date, relation_info
from kg.analyze.temporal import WINDOWS, Flip, WindowResult, over_time, sign_flips, window_key

__all__ = [
    "EXPORT_FORMATS",
    "LEVELS",
    "WINDOWS",
    "ActorInfo",
    "BalanceResult",
    "BlocResult",
    "Broker",
    "EdgeRecord",
    "Flip",
    "Influence",
    "Profile",
    "Suggestion",
    "Tie",
    "Triad",
    "UnknownActorError",
    "WindowResult",
    "balance",
    "blocs",
    "brokers",
    "cooperation_layer",
    "enemy_of_enemy",
    "export_graph",
    "influence",
    "load_records",
    "over_time",
    "parse_date",
    "profile",
    "project",
    "relation_info",
    "resolve_actor",
    "rollup",
    "sign_flips",
    "signed_graph",
    "window_key",
]
