"""Direction of travel on the print map: a small arrowhead half-way along each leg, as the
interactive map draws it (`drawArrow` in mapping/static/js/draw.js): at the middle of the leg's
longest piece, pointing from that point to the next, a triangle of the same proportions.

The triangle is laid out on the page (display units, so it keeps its shape whatever the map's
aspect) and handed to matplotlib in map units, one collection per traveller.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
from matplotlib.collections import PolyCollection

from travelmap.export.frame import MapFrame
from travelmap.tours import Leg

ARROW_PT = 4.2  # tip to centre in points: the page's 7 px at 120 dpi
SPREAD = 2.5  # radians between the tip and each back corner, as in draw.js


def leg_middle(frame: MapFrame, leg: Leg) -> tuple[np.ndarray, np.ndarray] | None:
    """The segment (two points in map units) at the middle of the leg's longest piece, in the
    direction of travel, or None for a leg with no segment."""
    piece = max(leg, key=len, default=())
    if len(piece) < 2:
        return None
    xy = np.column_stack(frame.line_xy(piece))
    middle = (len(xy) - 1) // 2
    return xy[middle], xy[min(middle + 1, len(xy) - 1)]


def arrowheads(ax: Any, frame: MapFrame, legs: Iterable[Leg]) -> list[np.ndarray]:
    """One triangle (3×2, map units) per leg whose middle shows on the map (the copy a world
    east or west where that is the one in view)."""
    to_page = ax.transData
    to_map = to_page.inverted()
    size = ARROW_PT * ax.figure.dpi / 72.0
    world = 360.0 * frame.cos_lat
    corners = np.array([0.0, SPREAD, -SPREAD])
    triangles = []
    for leg in legs:
        middle = leg_middle(frame, leg)
        if middle is None:
            continue
        a, b = middle
        for shift in (-world, 0.0, world):
            centre_x = (a[0] + b[0]) / 2.0 + shift
            if not frame.x0 <= centre_x <= frame.x1:
                continue
            start, end = to_page.transform(np.array([a, b]) + [shift, 0.0])
            angle = math.atan2(end[1] - start[1], end[0] - start[0])
            centre = (start + end) / 2.0
            page = centre + size * np.column_stack((np.cos(angle + corners),
                                                    np.sin(angle + corners)))
            triangles.append(to_map.transform(page))
    return triangles


def arrow_collection(triangles: list[np.ndarray], colour: str) -> PolyCollection:
    """Arrowheads in a traveller's colour, edged white to stand out on their own route."""
    return PolyCollection(triangles, facecolors=colour, edgecolors="white", linewidths=0.5,
                          zorder=3)
