"""How much one event of each relation type weighs in the analyses.

Two scales, for two questions:

* :data:`INTENSITY` — how *strong* an interaction is: the magnitude of the
  Goldstein score (GDELT's −10 .. +10) of the relation's CAMEO code. An attack
  (10) outweighs a meeting (1), a signed agreement (8) a word of praise (3.4).
  Kept on every edge as ``intensity``.
* :data:`ALIGNMENT` — how much an event says about *which side* an actor is
  on. Alliance structure is side-taking: backing, arming or fighting for or
  against someone is strong evidence (1); an agreement, a meeting or a
  concession happens between rivals as often as between allies and says
  little (0.1–0.25). Blocs (:func:`kg.analyze.blocs`) are split by these
  weights, so a trade or defence deal signed years later does not outweigh
  backing a side in a war.

:func:`bloc_weight` turns a pair's summed side-taking evidence into the tie
the bloc search uses: the net evidence, discounted by how mixed it is (a pair
that both cooperates and clashes is ambivalent, which is weak evidence of
alignment either way).
"""

from __future__ import annotations

__all__ = [
    "ALIGNMENT",
    "DEFAULT_ALIGNMENT",
    "DEFAULT_INTENSITY",
    "INTENSITY",
    "JOINT_ACTION",
    "MIN_SIDE",
    "SHARED_ENEMY",
    "bloc_weight",
]

#: Intensity of one event of each relation: the magnitude of the Goldstein score
#: (GDELT's table, -10 .. +10) of the relation's CAMEO code, so an attack (190:
#: 10) outweighs a meeting (040: 1); neutral ``urges`` has none. Relation types
#: added to the ontology without an entry weigh :data:`DEFAULT_INTENSITY`.
INTENSITY = {
    "supports": 3.4,
    "cooperates_with": 6.0,
    "signs_agreement_with": 8.0,
    "meets_with": 1.0,
    "provides_aid_to": 7.0,
    "requests_aid_from": 3.4,
    "urges": 0.0,
    "opposes": 2.0,
    "accuses": 2.0,
    "threatens": 4.4,
    "sanctions": 8.0,
    "attacks": 10.0,
    "concedes_to": 5.0,
    "retreats_from": 9.0,
    "protests_against": 6.5,
    "mobilizes_against": 7.2,
    "coerces": 5.0,
}

#: Intensity of a relation type :data:`INTENSITY` does not list.
DEFAULT_INTENSITY = 5.0

#: Side-taking evidence of one event of each relation, in events: 1 for taking a
#: side (backing, aiding, attacking, sanctioning, coercing, threatening,
#: mobilizing against, opposing), less for acts that rivals perform with each
#: other as readily as allies do (cooperation in general 0.5, asking for help
#: 0.5, accusations and protests 0.5, agreements 0.25, meetings, concessions and
#: retreats 0.1). Relation types added to the ontology without an entry weigh
#: :data:`DEFAULT_ALIGNMENT`.
ALIGNMENT = {
    # taking a side
    "supports": 1.0,
    "provides_aid_to": 1.0,
    "attacks": 1.0,
    "mobilizes_against": 1.0,
    "sanctions": 1.0,
    "coerces": 1.0,
    "threatens": 1.0,
    "opposes": 1.0,
    # leaning
    "cooperates_with": 0.5,
    "requests_aid_from": 0.5,
    "accuses": 0.5,
    "protests_against": 0.5,
    # transactions between any two parties, rivals included
    "signs_agreement_with": 0.25,
    "meets_with": 0.1,
    "concedes_to": 0.1,
    "retreats_from": 0.1,
    "urges": 0.0,
}

#: Side-taking evidence of a relation type :data:`ALIGNMENT` does not list.
DEFAULT_ALIGNMENT = 0.5

#: Side-taking evidence between two co-actors of one event (joint subjects, or
#: joint targets of a material act), as a share of the event's own weight: two
#: states that cut ties with a third together gain 0.5 towards each other
#: (:mod:`kg.analyze.sides`).
JOINT_ACTION = 0.5

#: Side-taking evidence between two actors hostile to the same enemy and not to
#: each other, per shared enemy, times the two hostilities (each counted up to
#: one event): at most 0.5, below one direct backing (structural balance).
SHARED_ENEMY = 0.5

#: The side-taking evidence an actor needs towards its bloc to be a member, in
#: events (:data:`ALIGNMENT`): one backing, one joint act or one shared enemy
#: suffices; a single meeting (0.1) or agreement (0.25) does not.
MIN_SIDE = 0.5


def bloc_weight(net: float, gross: float) -> float:
    """The tie the bloc search uses: net side-taking evidence, discounted when mixed.

    ``net * |net| / gross``: the net evidence (cooperative minus hostile)
    times its consistency ``|net| / gross``. A pair with evidence of one sign
    keeps all of it; a pair that backs each other three times and clashes once
    keeps half (3 − 1 = 2, times 2 / 4); one that does both as much has none.

    Parameters
    ----------
    net : float
        Signed sum of the pair's side-taking evidence (positive: cooperative).
    gross : float
        Sum of its magnitudes (``>= |net|``).

    Returns
    -------
    float
        The signed tie strength, 0 without evidence.

    Examples
    --------
    >>> bloc_weight(2.0, 2.0), bloc_weight(2.0, 4.0), bloc_weight(-1.0, 1.0), bloc_weight(0.0, 2.0)
    (2.0, 1.0, -1.0, 0.0)
    """
    if gross <= 0:
        return 0.0
    return net * abs(net) / max(gross, abs(net))
