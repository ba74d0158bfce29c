"""Great-circle routes on the WGS84 ellipsoid, split at the 180th meridian so no map draws a band.

A flight from Moscow to Pyongyang does not follow the straight line a flat map suggests: it bows
north. Leaflet, folium and GeoJSON viewers join consecutive positions with straight lat/lon lines,
so a route is drawn as a polyline densely sampled along the geodesic (geographiclib does the
geodesy). A route that crosses 180° would be drawn the long way round the world; RFC 7946 §3.1.9
says such lines SHOULD be split there, so `great_circle` returns a list of segments, each ending
or starting exactly on ±180° at the latitude where the route crosses. `travelmap.tours` builds
every route of every output from it.

Points are (lat, lon) tuples in degrees, the order folium uses.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise

from geographiclib.geodesic import Geodesic
from geographiclib.geodesicline import GeodesicLine

from travelmap.errors import TravelmapError

Point = tuple[float, float]  # (lat, lon) in degrees
Segment = list[Point]

WGS84 = Geodesic.WGS84
_POSITION = Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.LONG_UNROLL
_BISECTION_STEPS = 60  # halves the interval to well under a millimetre

__all__ = ["GeometryError", "great_circle"]


class GeometryError(TravelmapError, ValueError):
    """A coordinate or parameter no route can be computed from (latitude 95, NaN, step 0)."""


def _check(point: Sequence[float]) -> Point:
    """Validate a (lat, lon) pair and bring lon into [-180, 180]."""
    try:
        lat, lon = float(point[0]), float(point[1])
    except (TypeError, ValueError, IndexError) as exc:
        raise GeometryError(f"not a (lat, lon) pair: {point!r}") from exc
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise GeometryError(f"not a finite (lat, lon) pair: {point!r}")
    if not -90 <= lat <= 90:
        raise GeometryError(f"latitude {lat!r} outside [-90, 90] in {point!r}")
    return lat, _wrap(lon)


def _wrap(lon: float) -> float:
    """Longitude in [-180, 180); 180 itself stays 180 so callers keep the side they gave."""
    if -180 <= lon <= 180:
        return lon
    return (lon + 180) % 360 - 180


def great_circle(start: Sequence[float], end: Sequence[float], *,
                 step_km: float = 100) -> list[Segment]:
    """Points along the geodesic every `step_km` at most, split at the 180th meridian.

    Identical start and end give one segment holding that single point.
    """
    if not (isinstance(step_km, int | float) and math.isfinite(step_km) and step_km > 0):
        raise GeometryError(f"step_km must be a positive number, not {step_km!r}")
    (lat1, lon1), (lat2, lon2) = _check(start), _check(end)
    line = WGS84.InverseLine(lat1, lon1, lat2, lon2, _POSITION | Geodesic.DISTANCE_IN)
    if line.s13 == 0:
        return [[(lat1, lon1)]]
    count = max(1, math.ceil(line.s13 / (step_km * 1000)))
    distances = [line.s13 * i / count for i in range(count + 1)]
    lats: list[float] = []
    unrolled: list[float] = []
    for s in distances:
        position = line.Position(s, _POSITION)
        lats.append(float(position["lat2"]))
        unrolled.append(float(position["lon2"]))
    # the ends exactly as given, not as recomputed, so legs of a tour join up
    lats[0], lats[-1] = lat1, lat2
    unrolled[0] = lon1
    unrolled[-1] = lon2 + 360 * round((unrolled[-1] - lon2) / 360)

    def crossing(i: int, meridian: float) -> float:
        return _bisect_latitude(line, distances[i], distances[i + 1], meridian)

    return _snap_ends(_split_unrolled(lats, unrolled, crossing), (lat1, lon1), (lat2, lon2))


def surface_line(start: Sequence[float], end: Sequence[float]) -> list[Segment]:
    """A journey over land or sea as the map shows it: straight on the map (constant bearing,
    the shorter way round), split at the 180th meridian. Rail, road and sea routes follow the
    ground, not the great circle an aircraft flies; with no track geometry, the straight line
    is the honest sketch (and is drawn dashed, so nobody reads it as the track)."""
    (lat1, lon1), (lat2, lon2) = _check(start), _check(end)
    if (lat1, lon1) == (lat2, lon2):
        return [[(lat1, lon1)]]
    lats = [lat1, lat2]
    unrolled = [lon1, lon2 + 360 * round((lon1 - lon2) / 360)]

    def crossing(i: int, meridian: float) -> float:
        share = (meridian - unrolled[i]) / (unrolled[i + 1] - unrolled[i])
        return lats[i] + share * (lats[i + 1] - lats[i])

    return _snap_ends(_split_unrolled(lats, unrolled, crossing), (lat1, lon1), (lat2, lon2))


# --- internals --------------------------------------------------------------------------------


def _snap_ends(segments: list[Segment], start: Point, end: Point) -> list[Segment]:
    """Put back the exact start and end (unrolling can change the last bits of a longitude);
    a start or end on ±180 keeps the sign its segment needs."""
    if abs(start[1]) != 180 and _same_point(segments[0][0], start):
        segments[0][0] = start
    if abs(end[1]) != 180 and _same_point(segments[-1][-1], end):
        segments[-1][-1] = end
    return segments


def _same_point(a: Point, b: Point) -> bool:
    return abs(a[0] - b[0]) < 1e-9 and abs(a[1] - b[1]) < 1e-9


_CHORD_LIMIT_KM = 500.0  # beyond this the chord shortcut drifts past a metre: use the geodesic
_MEAN_RADIUS_M = 6_371_008.8  # IUGG mean Earth radius


def _zone(lon: float) -> int:
    """Which copy of the world an unrolled longitude lies in: 0 for (-180, 180), 1 for (180, 540).

    Written as (lon - 180) so that a longitude a hair below a meridian never rounds onto it.
    """
    return math.floor((lon - 180) / 360) + 1


def _snap_to_meridian(lon: float) -> float:
    """A longitude within 1e-9° (0.1 mm) of ±180 is on it: a route running along the meridian
    otherwise jitters across it by 3e-14° and is cut into hundreds of pieces."""
    meridian = 180.0 + 360 * round((lon - 180) / 360)
    return meridian if abs(lon - meridian) < 1e-9 else lon


def _on_meridian(lon: float) -> bool:
    return (lon - 180) % 360 == 0


def _piece_zone(lon_p: float, lon_q: float) -> int:
    """The copy of the world a piece of line from lon_p to lon_q (no meridian inside) is drawn in:
    a meridian end belongs to the side the piece lies on."""
    if _on_meridian(lon_p):
        return _zone(lon_p) - (lon_q < lon_p)
    if _on_meridian(lon_q):
        return _zone(lon_q) - (lon_p < lon_q)
    return _zone(lon_p)


def _split_unrolled(lats: list[float], unrolled: list[float],
                    crossing: Callable[[int, float], float]) -> list[Segment]:
    """Cut a line given with continuous (unrolled) longitudes at every odd multiple of 180°.

    Each piece between consecutive points (or between a point and a crossing) is drawn in the copy
    of the world it lies in, so a point exactly on ±180 takes the sign of the side the line is on;
    a line that only touches the meridian is not cut.
    """
    segments: list[Segment] = []
    current_zone: int | None = None

    def add(zone: int, lat: float, lon: float) -> None:
        nonlocal current_zone
        point = (lat, min(180.0, max(-180.0, lon - 360 * zone)))  # no -180.00000000000003
        if zone != current_zone or not segments:
            segments.append([point])
            current_zone = zone
        elif segments[-1][-1] != point:
            segments[-1].append(point)

    if len(lats) == 1:
        return [[(lats[0], _wrap(unrolled[0]))]]
    unrolled = [_snap_to_meridian(lon) for lon in unrolled]
    for i in range(len(lats) - 1):
        a, b = unrolled[i], unrolled[i + 1]
        zone = _zone(a)
        if a != b and zone == _zone(b) and not (_on_meridian(a) or _on_meridian(b)):
            add(zone, lats[i], a)  # the common case: both ends in one copy of the world
            add(zone, lats[i + 1], b)
            continue
        stops: list[tuple[float, float]] = [(lats[i], a)]
        if a != b:
            low, high = sorted((a, b))
            first = math.floor((low - 180) / 360) + 1
            meridians = [180.0 + 360 * k for k in range(first, _zone(high) + 1)]
            meridians = [m for m in meridians if low < m < high]
            if b < a:
                meridians.reverse()
            stops += [(crossing(i, m), m) for m in meridians]
        stops.append((lats[i + 1], b))
        for (lat_p, lon_p), (lat_q, lon_q) in pairwise(stops):
            if lon_p != lon_q:
                zone = _piece_zone(lon_p, lon_q)
            elif current_zone is not None:
                zone = current_zone
            else:
                zone = _zone(lon_p) - _on_meridian(lon_p)  # on the meridian: its west side
            add(zone, lat_p, lon_p)
            add(zone, lat_q, lon_q)
    return segments


def _bisect_latitude(line: GeodesicLine, s_low: float, s_high: float, meridian: float) -> float:
    """Latitude where the geodesic `line` reaches unrolled longitude `meridian`.

    Longitude changes monotonically along a geodesic, so bisection on the arc length converges.
    """
    start = float(line.Position(s_low, _POSITION)["lon2"])
    eastward = float(line.Position(s_high, _POSITION)["lon2"]) > start
    for _ in range(_BISECTION_STEPS):
        middle = (s_low + s_high) / 2
        lon = float(line.Position(middle, _POSITION)["lon2"])
        if (lon < meridian) == eastward:
            s_low = middle
        else:
            s_high = middle
    return float(line.Position((s_low + s_high) / 2, _POSITION)["lat2"])
