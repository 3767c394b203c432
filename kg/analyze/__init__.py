"""Alliance analysis: blocs, balance, influence, profiles and change over time.

The store is read once by :func:`load_records` into plain
:class:`EdgeRecord` / :class:`ActorInfo` objects; every analysis works on
those or on the networkx graphs :func:`project` builds from them, so each
can be used (and tested) without a store. :func:`load_graph` does both steps
(with the knowledge base's dated roles) for the command line.

Levels: ``principal`` (the default) counts each event for the principals
behind its actors: a person for the state, government or force they serve at
the event's date, a state's military and government sectors for the state
(see :class:`Principals`); ``actor`` keeps every actor apart; ``country`` puts
every actor into its country.

Graph contract (stable; :mod:`kg.render` relies on it)
-----------------------------------------------------
:func:`project` returns a ``networkx.DiGraph``.

Graph attributes: ``level`` (``"principal"``, ``"actor"`` or ``"country"``),
``rollup`` (actor id -> node id for merged actors), ``principal`` (the
:class:`Principals` used), ``records`` (records counted).

Node attributes (node key = actor id, e.g. ``"EGY"``, ``"khalifa_haftar"``):

============ ==============================================================
``label``    canonical name
``type``     actor class (``State``, ``ArmedGroup``, ``Person``, ...)
``country``  ISO alpha-3 code or None
``members``  ids of the actors counted for this node, people first
             (``member_labels``: their labels; ``people``: the people's)
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
``intensity`` signed sum of the events' Goldstein magnitudes (an attack 10,
              a meeting 1; see :data:`kg.analyze.weights.INTENSITY`)
``alignment`` signed sum of the events' side-taking evidence (backing or an
              attack 1, an agreement 0.25, a meeting 0.1; see
              :data:`kg.analyze.weights.ALIGNMENT`); ``alignment_gross``
              the sum of its magnitudes. Blocs are split by these
              (:func:`kg.analyze.weights.bloc_weight`)
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
node -> bloc index, ``confidence`` node -> membership confidence, ``unaligned``,
``modularity``, ``frustration``; shown to users, bloc ``i`` is numbered
``i + 1``); :func:`influence`
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
from kg.analyze.load import Loaded, events_of, load_graph, with_offices, with_sectors
from kg.analyze.neighbourhood import (
    Profile,
    Suggestion,
    Tie,
    UnknownActorError,
    enemy_of_enemy,
    profile,
    resolve_actor,
)
from kg.analyze.principals import LEVELS, STATE_SECTORS, Office, Principals, check_level, rollup
from kg.analyze.projection import EXPORT_FORMATS, export_graph, project, signed_graph
from kg.analyze.records import (
    ActorInfo,
    EdgeRecord,
    load_actors,
    load_events,
    load_pairs,
    load_records,
    parse_date,
    relation_info,
)
from kg.analyze.sources import load_sources, origin
from kg.analyze.temporal import WINDOWS, Flip, WindowResult, over_time, sign_flips, window_key
from kg.analyze.weights import ALIGNMENT, INTENSITY, bloc_weight

__all__ = [
    "ALIGNMENT",
    "EXPORT_FORMATS",
    "INTENSITY",
    "LEVELS",
    "STATE_SECTORS",
    "WINDOWS",
    "ActorInfo",
    "BalanceResult",
    "BlocResult",
    "Broker",
    "EdgeRecord",
    "Flip",
    "Influence",
    "Loaded",
    "Office",
    "Principals",
    "Profile",
    "Suggestion",
    "Tie",
    "Triad",
    "UnknownActorError",
    "WindowResult",
    "balance",
    "bloc_weight",
    "blocs",
    "brokers",
    "check_level",
    "cooperation_layer",
    "enemy_of_enemy",
    "events_of",
    "export_graph",
    "influence",
    "load_actors",
    "load_events",
    "load_graph",
    "load_pairs",
    "load_records",
    "load_sources",
    "origin",
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
    "with_offices",
    "with_sectors",
]
