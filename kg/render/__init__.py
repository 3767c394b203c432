"""Pictures of the alliance graph: matplotlib figures and a self-contained HTML page.

:func:`alliance_graph` draws an actor graph from :func:`kg.analyze.project`
(blocs by colour, cooperation green, conflict red), :func:`timeline` the
cooperation and conflict between two actors over time, and :func:`write_html`
an interactive page that opens offline. matplotlib is imported only when a
picture is drawn.

Examples
--------
>>> import networkx as nx
>>> from kg.render import prepare_scene
>>> G = nx.DiGraph()
>>> G.add_edge("TUR", "GNA", sign=1, count=4, material=True, relations={"provides_aid_to": 4})
>>> sorted(prepare_scene(G).pos)
['GNA', 'TUR']
"""

from __future__ import annotations

from kg.render._prepare import (
    BLOC_PALETTE,
    CONFLICT_COLOR,
    COOPERATION_COLOR,
    NEUTRAL_COLOR,
    Scene,
    prepare_scene,
    signed_layout,
)
from kg.render.html import write_html
from kg.render.static import (
    IMAGE_SUFFIXES,
    alliance_graph,
    save_alliance_graph,
    save_timeline,
    timeline,
)

__all__ = [
    "BLOC_PALETTE",
    "CONFLICT_COLOR",
    "COOPERATION_COLOR",
    "IMAGE_SUFFIXES",
    "NEUTRAL_COLOR",
    "Scene",
    "alliance_graph",
    "prepare_scene",
    "save_alliance_graph",
    "save_timeline",
    "signed_layout",
    "timeline",
    "write_html",
]
