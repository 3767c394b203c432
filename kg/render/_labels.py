"""Label placement shared by the picture and the page: every label in a free spot.

Works in any frame of plain numbers (pixels of the picture, units of the page's
SVG): nodes are circles, labels are boxes of a known size. The most important
actor is placed first, in the spot around its node that covers no other label
and no node and crosses the fewest edges; when every spot next to the node is
taken, the label moves farther out and a thin leader line ties it to its node.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Placed", "place_labels", "segments_hitting"]

#: Penalties: a hard fault (covering a label or a node, leaving the frame) outweighs
#: any number of edge crossings; a leader line costs a little more than one crossing.
_LABEL_HIT, _NODE_HIT, _OUTSIDE, _LEADER_THROUGH_LABEL = 1000.0, 500.0, 300.0, 300.0
_FAULT = 300.0
#: Shrinks a box a little, so a line ending on its edge does not count as crossing it.
_SHRINK = np.array([0.5, 0.5, -0.5, -0.5])
#: Directions tried for a label away from its node (16 around the compass).
_ANGLES = [2 * math.pi * i / 16 for i in range(16)]


@dataclass(frozen=True)
class Placed:
    """Where one label goes.

    Attributes
    ----------
    box : tuple of float
        ``(x0, y0, x1, y1)`` of the label in the frame's units.
    leader : bool
        True when the label is away from its node and needs a line to it.
    clean : bool
        True when the label covers no other label or node and stays inside
        the frame.
    """

    box: tuple[float, float, float, float]
    leader: bool
    clean: bool


def segments_hitting(box: Sequence[float], segments: np.ndarray) -> int:
    """How many straight segments ``(x0, y0, x1, y1)`` cross a box (Liang–Barsky clipping).

    Examples
    --------
    >>> segs = np.array([[0, 5, 10, 5], [0, 20, 10, 20]], dtype=float)
    >>> segments_hitting((4, 4, 6, 6), segs)
    1
    """
    if len(segments) == 0:
        return 0
    return int(_hits(np.asarray(box, dtype=float)[None, :], segments).sum())


def _hits(boxes: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """``(k, m)`` booleans: does segment ``j`` cross box ``i``."""
    if len(boxes) == 0 or len(segments) == 0:
        return np.zeros((len(boxes), len(segments)), dtype=bool)
    bx0, by0, bx1, by1 = (boxes[:, c : c + 1] for c in range(4))
    x0, y0, x1, y1 = (segments[:, c][None, :] for c in range(4))
    dx, dy = x1 - x0, y1 - y0
    shape = (len(boxes), len(segments))
    t0, t1 = np.zeros(shape), np.ones(shape)
    ok = np.ones(shape, dtype=bool)
    for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
        p = np.broadcast_to(p, shape)
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return ok & (t0 <= t1)


def _box_at(x: float, y: float, w: float, h: float, ux: float, uy: float) -> np.ndarray:
    """The box of size ``w × h`` touching point ``(x, y)`` on the side facing away
    along the direction ``(ux, uy)``: to the right of the point for ``(1, 0)``,
    above it for ``(0, 1)``, diagonal for the diagonals."""
    hx = 0.0 if ux > 0.38 else -w if ux < -0.38 else -w / 2
    hy = 0.0 if uy > 0.38 else -h if uy < -0.38 else -h / 2
    return np.array([x + hx, y + hy, x + hx + w, y + hy + h])


def place_labels(
    centres: np.ndarray,
    radii: np.ndarray,
    sizes: np.ndarray,
    order: Sequence[int],
    *,
    frame: Sequence[float],
    segments: np.ndarray | None = None,
    must: int | None = None,
    gap: float = 2.0,
    rings: int = 6,
) -> dict[int, Placed]:
    """Choose a spot for each label, most important first, so no two labels overlap.

    Each label first tries eight spots touching its node (right, left, above,
    below, the diagonals); when none is free it tries spots farther out in 16
    directions, ring by ring, with a leader line. The spot with the fewest hard
    faults, then the fewest edge crossings, then the shortest leader wins.

    Parameters
    ----------
    centres : ndarray, shape (n, 2)
        Node centres.
    radii : ndarray, shape (n,)
        Node radii (the node's square ``centre ± radius`` is kept free).
    sizes : ndarray, shape (n, 2)
        Width and height of each node's label.
    order : sequence of int
        Nodes to label, most important first.
    frame : (x0, y0, x1, y1)
        Labels must stay inside.
    segments : ndarray, shape (m, 4), optional
        Edges as straight segments; labels avoid crossing them.
    must : int, optional
        The first ``must`` nodes of ``order`` are always labelled (at their
        least bad spot); the others only at a spot without a hard fault.
        Default: all of them.
    gap : float
        Space between a node's rim and its label.
    rings : int
        How many rings of farther spots (with a leader line) to try.

    Returns
    -------
    dict
        Node index → :class:`Placed`, for the labelled nodes.

    Examples
    --------
    >>> centres = np.array([[0.0, 0.0], [30.0, 0.0]])
    >>> out = place_labels(centres, np.array([5.0, 5.0]), np.array([[40.0, 10.0]] * 2),
    ...                    [0, 1], frame=(-100, -100, 100, 100))
    >>> sorted(out), all(p.clean for p in out.values())
    ([0, 1], True)
    """
    all_segs = np.zeros((0, 4)) if segments is None else np.asarray(segments, dtype=float)
    must_n = len(order) if must is None else must
    fx0, fy0, fx1, fy1 = frame
    obstacles = np.column_stack([centres - radii[:, None], centres + radii[:, None]])
    placed = np.zeros((0, 4))
    leaders: list[np.ndarray] = []
    out: dict[int, Placed] = {}

    def overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
        """``(k, m)`` booleans: does box ``i`` overlap box ``j`` of ``others``."""
        return (
            (boxes[:, None, 0] < others[None, :, 2])
            & (others[None, :, 0] < boxes[:, None, 2])
            & (boxes[:, None, 1] < others[None, :, 3])
            & (others[None, :, 1] < boxes[:, None, 3])
        )

    def faults(boxes: np.ndarray, i: int) -> np.ndarray:
        score = _LABEL_HIT * overlaps(boxes, placed).sum(axis=1)
        cover = overlaps(boxes, obstacles)
        cover[:, i] = False
        score += _NODE_HIT * cover.sum(axis=1)
        inside = (
            (fx0 <= boxes[:, 0])
            & (boxes[:, 2] <= fx1)
            & (fy0 <= boxes[:, 1])
            & (boxes[:, 3] <= fy1)
        )
        return score + np.where(inside, 0.0, _OUTSIDE)

    def crossings(boxes: np.ndarray, segs: np.ndarray) -> np.ndarray:
        lines = _stack(leaders)
        return _hits(boxes, segs).sum(axis=1) + 0.5 * _hits(boxes, lines).sum(axis=1)

    for rank, i in enumerate(order):
        x, y = float(centres[i, 0]), float(centres[i, 1])
        r, (w, h) = float(radii[i]), (float(sizes[i, 0]), float(sizes[i, 1]))
        # only edges that pass near this node can cross its label: test just those
        reach = r + gap + rings * h * 1.2 + w + h
        segs = _near(all_segs, x, y, reach)
        d = (r + gap) * 0.75
        near = [(r + gap, 0.0), (-r - gap, 0.0), (0.0, r + gap), (0.0, -r - gap),
                (d, d), (-d, d), (d, -d), (-d, -d)]  # fmt: skip
        boxes = np.array(
            [_box_at(x + dx, y + dy, w, h, dx / math.hypot(dx, dy), dy / math.hypot(dx, dy))
             for dx, dy in near]
        )  # fmt: skip
        scores = faults(boxes, i) + crossings(boxes, segs)
        k = int(np.argmin(scores))  # the first of equals: the order above is the preference
        best = (float(scores[k]), boxes[k], False)
        step = h * 1.2
        for ring in range(1, rings + 1):
            cost = 1.5 + 0.6 * ring  # a leader line, longer on outer rings
            if rank >= must_n or best[0] <= cost:
                break
            dist = r + gap + ring * step
            units = [(math.cos(a), math.sin(a)) for a in _ANGLES]
            boxes = np.array(
                [_box_at(x + ux * dist, y + uy * dist, w, h, ux, uy) for ux, uy in units]
            )
            scores = faults(boxes, i)
            lines = np.array(
                [[x + ux * r, y + uy * r, x + ux * dist, y + uy * dist] for ux, uy in units]
            )
            # a leader line must not run through another label, and had better
            # not run through other nodes
            through = _hits(placed + _SHRINK, lines).sum(axis=0)
            crossed = _hits(obstacles, lines)
            crossed[i] = False
            scores += cost + _LEADER_THROUGH_LABEL * through + 20.0 * crossed.sum(axis=0)
            scores += crossings(boxes, segs)
            scores[faults(boxes, i) >= _FAULT] = np.inf  # never trade a clash for a leader
            k = int(np.argmin(scores))
            if scores[k] < best[0]:
                best = (float(scores[k]), boxes[k], True)
        score, box, leader = best
        if score >= _FAULT and rank >= must_n:
            continue  # a label that could only go on top of something is left out
        if leader:
            leaders.append(np.array([x, y, *_nearest_point(box, x, y)]))
        placed = np.vstack([placed, box])
        out[i] = Placed(
            box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])),
            leader=leader,
            clean=score < _FAULT,
        )
    return out


def _near(segments: np.ndarray, x: float, y: float, reach: float) -> np.ndarray:
    """The segments whose bounding box comes within ``reach`` of ``(x, y)``."""
    lo_x = np.minimum(segments[:, 0], segments[:, 2])
    hi_x = np.maximum(segments[:, 0], segments[:, 2])
    lo_y = np.minimum(segments[:, 1], segments[:, 3])
    hi_y = np.maximum(segments[:, 1], segments[:, 3])
    keep = (lo_x <= x + reach) & (hi_x >= x - reach) & (lo_y <= y + reach) & (hi_y >= y - reach)
    return segments[keep]


def _stack(lines: list[np.ndarray]) -> np.ndarray:
    return np.vstack(lines) if lines else np.zeros((0, 4))


def _nearest_point(box: np.ndarray, x: float, y: float) -> tuple[float, float]:
    """The point of ``box`` nearest to ``(x, y)``: where a leader line meets its label."""
    return (float(np.clip(x, box[0], box[2])), float(np.clip(y, box[1], box[3])))
