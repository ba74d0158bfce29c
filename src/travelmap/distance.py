"""Great-circle distances on a spherical Earth: one haversine for every "how far apart" test.

Geocoding's same-place, neighbour and region tests and the outline checks need kilometres, not
geodesic precision (routes are drawn with geographiclib in `geometry`); one formula keeps them
agreeing with each other.
"""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)


def km_to(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Distances (km) from one point to many, in degrees."""
    phi1, phi2 = np.radians(lat), np.radians(lats)
    a = (np.sin((phi2 - phi1) / 2) ** 2
         + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(np.subtract(lons, lon)) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance (km) between two points, in degrees."""
    return float(km_to(lat1, lon1, np.array([lat2]), np.array([lon2]))[0])
