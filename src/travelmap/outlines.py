"""Is a placed stop in its host country? Checked against the bundled country outlines.

The gazetteer only picks namesakes inside the host country, but coordinates also come from the
place cache, from an online geocoder and from the CSV itself, where a swapped sign or a wrong
country code puts a stop on another continent and the map looks right. The outlines are at
1:110m: coasts are 1-2 km off and many islands are missing (Okinawa, Jeju, the Canaries, the
Kurils), so a point is only called outside its host country when it lies inside ANOTHER country's
outline and more than TOLERANCE_KM from its own, or at sea (at this scale) more than SEA_LIMIT_KM
from its own, as a lost minus sign puts it. A host's own territories count as its own (Bermuda,
filed under the United Kingdom; see model.SOVEREIGN); a territory too small for an outline is
judged by its distance from its capital. Countries without an outline at this scale (small
island states, see data/README.md) are not checked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from matplotlib.path import Path as ShapePath

from travelmap.context import load_countries
from travelmap.distance import EARTH_RADIUS_KM, km_to
from travelmap.model import territories_of

TOLERANCE_KM = 50.0
SEA_LIMIT_KM = 4_000.0  # Honolulu, the Azores, Easter Island lie within it of their countries
TERRITORY_REACH_KM = 1_000.0  # an outline-less territory's islands lie within it of its capital
_CIRCLE_POINTS = 16  # points on the tolerance circle tried when the centre is outside


@dataclass(frozen=True)
class Outline:
    """One country's polygons as (exterior, holes) matplotlib paths, and every vertex."""

    polygons: tuple[tuple[ShapePath, tuple[ShapePath, ...]], ...]
    vertices: np.ndarray  # (n, 2) lon, lat

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        points = np.column_stack([lon, lat])
        inside = np.zeros(len(points), dtype=bool)
        low, high = self.vertices.min(axis=0), self.vertices.max(axis=0)
        if not ((points >= low) & (points <= high)).all(axis=1).any():
            return inside  # the bounding box rules every point out: no polygon test
        for exterior, holes in self.polygons:
            here = exterior.contains_points(points)
            for hole in holes:
                here &= ~hole.contains_points(points)
            inside |= here
        return inside


@cache
def outlines() -> dict[str, Outline]:
    """ISO3 -> outline, read once from the bundled countries.geojson."""
    found: dict[str, Outline] = {}
    for feature in load_countries()["features"]:
        iso3 = feature["properties"].get("iso3")
        geometry = feature.get("geometry") or {}
        if not iso3 or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
            continue
        polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                    else [geometry["coordinates"]])
        paths = tuple((ShapePath(np.asarray(rings[0])),
                       tuple(ShapePath(np.asarray(ring)) for ring in rings[1:]))
                      for rings in polygons if rings)
        vertices = np.concatenate([np.asarray(ring) for rings in polygons for ring in rings])
        found[iso3] = Outline(paths, vertices)
    return found


def has_outline(iso3: str) -> bool:
    return iso3 in outlines()


def km_outside(lat: float, lon: float, iso3: str) -> float | None:
    """How far (km, roughly: to the nearest outline vertex) a point lies outside its country,
    when it is judged outside (see the module's rule); None when it is in, near, at sea near
    enough, or not checkable."""
    return kms_outside([lat], [lon], [iso3])[0]


def kms_outside(lats: Sequence[float], lons: Sequence[float],
                iso3s: Sequence[str]) -> list[float | None]:
    """`km_outside` for many points, grouped by country so each outline is tested once."""
    result: list[float | None] = [None] * len(lats)
    by_country: dict[str, list[int]] = {}
    for i, code in enumerate(iso3s):
        if code in outlines() and _finite(lats[i], lons[i]):
            by_country.setdefault(code, []).append(i)
    for code, positions in by_country.items():
        outline = outlines()[code]
        lat = np.asarray([lats[i] for i in positions], dtype=float)
        lon = np.asarray([lons[i] for i in positions], dtype=float)
        near = outline.contains(lon, lat)
        for territory in territories_of(code):  # Bermuda filed under the United Kingdom
            if territory in outlines():
                near |= outlines()[territory].contains(lon, lat)
        for k in range(_CIRCLE_POINTS):
            if near.all():
                break
            bearing = 2 * math.pi * k / _CIRCLE_POINTS
            ring_lat, ring_lon = _offset(lat, lon, TOLERANCE_KM, bearing)
            near |= outline.contains(ring_lon, ring_lat)
        for j in np.flatnonzero(~near):
            km = _nearest_vertex_km(lat[j], lon[j], outline.vertices)
            if (km > SEA_LIMIT_KM and not _near_unmapped_territory(lat[j], lon[j], code)) \
                    or _in_another_country(lat[j], lon[j], code):
                result[positions[j]] = km
    return result


def _near_unmapped_territory(lat: float, lon: float, iso3: str) -> bool:
    """Is the point within TERRITORY_REACH_KM of the capital of one of the host's territories
    that has no outline at this scale (Bermuda, Martinique)? Then it may well be there."""
    anchors = _unmapped_territory_capitals(iso3)
    return bool(len(anchors)) and _nearest_vertex_km(lat, lon, anchors) <= TERRITORY_REACH_KM


@cache
def _unmapped_territory_capitals(iso3: str) -> np.ndarray:
    """(n, 2) lon, lat of the capitals (GeoNames) of the host's territories without an outline."""
    from travelmap.errors import GeocodingError
    from travelmap.geocoding.gazetteer import capital_name, default_gazetteer

    found: list[tuple[float, float]] = []
    for territory in territories_of(iso3):
        if territory in outlines():
            continue
        try:
            chosen = default_gazetteer().lookup(capital_name(territory), country=territory).chosen
        except GeocodingError:
            continue
        if chosen is not None:
            found.append((chosen.lon, chosen.lat))
    return np.asarray(found, dtype=float).reshape(-1, 2)


def _in_another_country(lat: float, lon: float, iso3: str) -> bool:
    point_lon, point_lat = np.asarray([lon]), np.asarray([lat])
    return any(outline.contains(point_lon, point_lat)[0]
               for code, outline in outlines().items() if code != iso3)


def _finite(lat: float, lon: float) -> bool:
    return lat is not None and lon is not None and math.isfinite(lat) and math.isfinite(lon)


def _offset(lat: np.ndarray, lon: np.ndarray, km: float,
            bearing: float) -> tuple[np.ndarray, np.ndarray]:
    """Points `km` from (lat, lon) along `bearing` (radians), on a sphere."""
    phi, lam, delta = np.radians(lat), np.radians(lon), km / EARTH_RADIUS_KM
    phi2 = np.arcsin(np.sin(phi) * np.cos(delta)
                     + np.cos(phi) * np.sin(delta) * np.cos(bearing))
    lam2 = lam + np.arctan2(np.sin(bearing) * np.sin(delta) * np.cos(phi),
                            np.cos(delta) - np.sin(phi) * np.sin(phi2))
    lon2 = (np.degrees(lam2) + 540) % 360 - 180
    return np.degrees(phi2), lon2


def _nearest_vertex_km(lat: float, lon: float, vertices: np.ndarray) -> float:
    return float(km_to(lat, lon, vertices[:, 1], vertices[:, 0]).min())
