"""Airfields and air bases, which a gazetteer of towns does not list, from `airportsdata`.

Leaders land at "Ramstein Air Base", "Bagram" or "Incirlik Air Base": places GeoNames' towns do not
name. When the gazetteer finds nothing, the place is looked for among the airports of its host
country (and the territories filed under it) only: its name with the airfield words stripped
("Air Base", "AFB", "Airport", a leading "RAF"...) must equal an airport's name stripped the same
way, after the gazetteer's normalisation (accents, case, punctuation), or the place must be an
IATA/ICAO code written in capitals ("LHR"). Matches within 25 km are one place; farther apart
they are left unresolved. The resolver flags every such answer for a look.

The data (~28,000 airports, a CSV) is read once, on the first place the gazetteer misses, and
each country's index is built once, when first asked.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import airportsdata

from travelmap.distance import km_between
from travelmap.errors import GeocodingError
from travelmap.geocoding.gazetteer import SAME_PLACE_KM
from travelmap.geocoding.names import normalise, to_alpha2
from travelmap.model import territories_of

# Airfield words, on the normalised name: stripped from the end (repeatedly: "Elmendorf AFB
# Airport") and from the start ("RAF Lakenheath"). Never from the middle, so a name made of such
# words stays itself.
_TRAILING = re.compile(
    r"\s+(?:air force base|air base|airbase|ab|afb|air force station|air station|"
    r"naval air station|nas|army air field|army airfield|aaf|airfield|air field|airport|"
    r"aerodrome|airstrip|international|intl|mcas)$")
_LEADING = re.compile(r"^(?:raf|nas|mcas|naval air station|marine corps air station)\s+")
_PARENTHETICAL = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")
_IATA = re.compile(r"[A-Z]{3}")
_ICAO = re.compile(r"[A-Z][A-Z0-9]{3}")


@dataclass(frozen=True)
class Airfield:
    """One airport of `airportsdata`; `country` is alpha-3."""

    name: str
    icao: str
    iata: str
    country: str
    lat: float
    lon: float

    def label(self) -> str:
        """How the resolver's note names it: "Ramstein Air Base (ETAR)"."""
        return f"{self.name} ({self.icao})"


def airfield_key(name: str) -> str:
    """The name as airfields are compared: parenthetical dropped, normalised, airfield words
    stripped ("Ramstein AFB", "Ramstein Air Base" -> "ramstein")."""
    text = normalise(_PARENTHETICAL.sub(" ", name))
    while True:
        bare = _LEADING.sub("", _TRAILING.sub("", text))
        if bare == text or not bare:
            return text
        text = bare


def airfields_named(place: str, country: str) -> tuple[Airfield, ...]:
    """The airfields of `country` (alpha-3) and its territories that `place` names, by stripped
    name or, for a place written as a code in capitals, by IATA/ICAO code."""
    found: list[Airfield] = []
    key = airfield_key(place)
    code = place.strip()
    for host in (country, *territories_of(country)):
        index = _country_index(host)
        if index is None:
            continue
        by_name, by_code = index
        found += by_name.get(key, ())
        if _IATA.fullmatch(code) or _ICAO.fullmatch(code):
            found += [a for a in by_code.get(code, ()) if a not in found]
    return tuple(found)


def one_place(airfields: tuple[Airfield, ...]) -> Airfield | None:
    """The airfield that stands for all of `airfields` when they lie within SAME_PLACE_KM of each
    other (one with an IATA code first: the main field), else None."""
    if not airfields:
        return None
    for a in airfields:
        for b in airfields:
            if km_between(a.lat, a.lon, b.lat, b.lon) > SAME_PLACE_KM:
                return None
    return sorted(airfields, key=lambda a: (not a.iata, a.icao))[0]


@functools.cache
def _country_index(iso3: str) -> tuple[dict[str, list[Airfield]],
                                       dict[str, list[Airfield]]] | None:
    """(airfields by stripped name, by IATA and ICAO code) of one country; None when the code is
    unknown."""
    try:
        alpha2 = to_alpha2(iso3)
    except GeocodingError:
        return None
    by_name: dict[str, list[Airfield]] = defaultdict(list)
    by_code: dict[str, list[Airfield]] = defaultdict(list)
    for row in _by_country().get(alpha2, ()):
        airfield = Airfield(str(row["name"]), str(row["icao"]), str(row["iata"]), iso3,
                            float(row["lat"]), float(row["lon"]))
        key = airfield_key(airfield.name)
        if key:
            by_name[key].append(airfield)
        for code in {airfield.icao, airfield.iata} - {""}:
            by_code[code].append(airfield)
    return dict(by_name), dict(by_code)


@functools.cache
def _by_country() -> dict[str, list[dict[str, Any]]]:
    """Every airport's row, by alpha-2 country: the CSV is parsed once per process."""
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in airportsdata.load("ICAO").values():
        rows[str(row["country"]).upper()].append(dict(row))
    return dict(rows)


__all__ = ["SAME_PLACE_KM", "Airfield", "airfield_key", "airfields_named", "one_place"]
