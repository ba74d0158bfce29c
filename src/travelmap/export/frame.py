"""Where things land on the static map: projection, antimeridian handling and the page layout.

An equirectangular projection with its standard parallel at the data's middle latitude
(x = lon·cos φ0, y = lat) keeps shapes right for the regional extents trips have, needs no cartopy
and lets a test compute a stop's pixel by hand. Longitudes are unwrapped around the widest empty
meridian gap, so Anchorage and Moscow sit side by side instead of at opposite edges.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from travelmap.errors import ExportError

PAD_FRACTION = 0.08  # room around the data, of its span
MIN_LAT_SPAN = 8.0  # degrees: a single stop still shows its surroundings
MAX_LAT = 90.0


def widest_gap_centre(longitudes: Iterable[float] | np.ndarray) -> float:
    """The middle of the data's longitudes measured the short way round (−180 ≤ result < 180).

    Vectorised: a million stops cost a sort of their distinct longitudes, not a Python loop."""
    lons = np.unique(np.mod(_floats(longitudes) + 180.0, 360.0) - 180.0)
    if not len(lons):
        return 0.0
    if len(lons) == 1:
        return float(lons[0])
    gaps = np.mod(np.roll(lons, -1) - lons, 360.0)
    widest = int(np.argmax(gaps))  # the first of equally wide gaps
    start = float(lons[(widest + 1) % len(lons)])  # data runs east from here ...
    span = 360.0 - float(gaps[widest])  # ... for this many degrees
    return ((start + span / 2.0 + 180.0) % 360.0) - 180.0


def _floats(values: Iterable[float] | np.ndarray) -> np.ndarray:
    if isinstance(values, np.ndarray):
        return values.astype(np.float64, copy=False).reshape(-1)
    return np.fromiter((float(v) for v in values), dtype=np.float64)


def _points(points: Iterable[tuple[float, float]] | np.ndarray) -> np.ndarray:
    """(lat, lon) pairs as an n×2 float array."""
    if isinstance(points, np.ndarray):
        return points.astype(np.float64, copy=False).reshape(-1, 2)
    return np.array([(float(lat), float(lon)) for lat, lon in points],
                    dtype=np.float64).reshape(-1, 2)


@dataclass(frozen=True)
class Box:
    """A rectangle in figure fractions (0..1), as `Figure.add_axes` takes it."""

    left: float
    bottom: float
    width: float
    height: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.left, self.bottom, self.width, self.height)


@dataclass(frozen=True)
class MapFrame:
    """The projection and the visible extent of one map, in projected units (degrees east·cosφ0)."""

    centre_lon: float
    cos_lat: float
    x0: float
    x1: float
    y0: float
    y1: float

    def lon(self, lon: float) -> float:
        """`lon` unwrapped to within 180° of the map's centre meridian."""
        return self.centre_lon + ((float(lon) - self.centre_lon + 180.0) % 360.0) - 180.0

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return self.lon(lon) * self.cos_lat, float(lat)

    def xy_array(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """`xy` of many points at once, as an n×2 array (the static map's million stops)."""
        lon = np.asarray(lon, dtype=np.float64)
        unwrapped = self.centre_lon + np.mod(lon - self.centre_lon + 180.0, 360.0) - 180.0
        return np.column_stack((unwrapped * self.cos_lat, np.asarray(lat, dtype=np.float64)))

    def line_xy(self, points: Iterable[tuple[float, float]]) -> tuple[list[float], list[float]]:
        """A (lat, lon) line in map units, kept continuous (no jump of 360° between neighbours)."""
        xs: list[float] = []
        ys: list[float] = []
        previous: float | None = None
        for lat, lon in points:
            x = self.lon(lon)
            if previous is not None:
                x += 360.0 * round((previous - x) / 360.0)
            previous = x
            xs.append(x * self.cos_lat)
            ys.append(float(lat))
        return xs, ys


def plan_frame(points: Iterable[tuple[float, float]] | np.ndarray, *,
               box_aspect: float) -> MapFrame:
    """The frame showing every (lat, lon) in `points` (pairs, or an n×2 array) with a margin,
    filling a box whose width/height ratio is `box_aspect`."""
    pts = _points(points)
    if not len(pts):
        pts = np.zeros((1, 2))
    centre = widest_gap_centre(pts[:, 1])
    lats = pts[:, 0]
    mid_lat = (float(lats.min()) + float(lats.max())) / 2.0
    cos_lat = max(math.cos(math.radians(mid_lat)), 0.2)
    unwrapped = centre + np.mod(pts[:, 1] - centre + 180.0, 360.0) - 180.0
    x_lo, x_hi = float(unwrapped.min()) * cos_lat, float(unwrapped.max()) * cos_lat
    y_lo, y_hi = float(lats.min()), float(lats.max())
    x_pad = max((x_hi - x_lo) * PAD_FRACTION, 1.0)
    y_pad = max((y_hi - y_lo) * PAD_FRACTION, 1.0)
    x_lo, x_hi, y_lo, y_hi = x_lo - x_pad, x_hi + x_pad, y_lo - y_pad, y_hi + y_pad
    if y_hi - y_lo < MIN_LAT_SPAN:
        grow = (MIN_LAT_SPAN - (y_hi - y_lo)) / 2.0
        y_lo, y_hi = y_lo - grow, y_hi + grow
    world = 360.0 * cos_lat
    # Fill the box at its aspect: grow the short side, but never show more than one world across
    # (a place drawn twice is confusing); a world-wide map grows in height instead.
    width = min(max(x_hi - x_lo, (y_hi - y_lo) * box_aspect), world)
    height = max(y_hi - y_lo, width / box_aspect)
    width = height * box_aspect  # wider than one world only for data reaching both poles
    x_mid, y_mid = (x_lo + x_hi) / 2.0, (y_lo + y_hi) / 2.0
    x_lo, x_hi = x_mid - width / 2.0, x_mid + width / 2.0
    y_lo, y_hi = y_mid - height / 2.0, y_mid + height / 2.0
    if y_hi - y_lo <= 2 * MAX_LAT:  # slide back inside the poles when possible
        if y_hi > MAX_LAT:
            y_lo, y_hi = y_lo - (y_hi - MAX_LAT), MAX_LAT
        if y_lo < -MAX_LAT:
            y_lo, y_hi = -MAX_LAT, y_hi + (-MAX_LAT - y_lo)
    return MapFrame(centre, cos_lat, x_lo, x_hi, y_lo, y_hi)


@dataclass(frozen=True)
class Layout:
    """Page layout of a static map: the figure size and where the map sits on it."""

    width_in: float
    height_in: float
    map_box: Box
    frame: MapFrame

    def pixel(self, lat: float, lon: float, *, dpi: float) -> tuple[float, float]:
        """Where (lat, lon) lands in a raster export: (column, row) from the top-left corner."""
        x, y = self.frame.xy(lat, lon)
        f = self.frame
        fx = self.map_box.left + (x - f.x0) / (f.x1 - f.x0) * self.map_box.width
        fy = self.map_box.bottom + (y - f.y0) / (f.y1 - f.y0) * self.map_box.height
        return fx * self.width_in * dpi, (1.0 - fy) * self.height_in * dpi


def plan_layout(points: Iterable[tuple[float, float]] | np.ndarray, *, width_in: float,
                height_in: float, top_in: float, bottom_in: float,
                side_in: float = 0.25) -> Layout:
    """Put a map between a header `top_in` and a footer `bottom_in` tall, framed around `points`."""
    map_w = width_in - 2 * side_in
    map_h = height_in - top_in - bottom_in
    if map_w <= 0.5 or map_h <= 0.5:
        raise ExportError(f"a {width_in}×{height_in} in page leaves no room for the map")
    box = Box(side_in / width_in, bottom_in / height_in, map_w / width_in, map_h / height_in)
    return Layout(width_in, height_in, box, plan_frame(points, box_aspect=map_w / map_h))
