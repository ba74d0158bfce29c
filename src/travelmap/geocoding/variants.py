"""Readings of a real-world place string that a gazetteer can answer, tried in a stated order.

Sources write places as people say them: "Brussels (NATO)", "West Berlin", "St. John's",
"Ft. Lauderdale", "Kuwait City". The gazetteer is asked the string as written first; only when
that finds nothing are these readings tried, one at a time, and the one that answers is recorded
in the resolution's note ("read as 'Brussels': the parenthetical dropped"), so a reader can see
how a stop was placed. A reading never overrides an exact answer, and an ambiguous exact answer is
never replaced by a looser reading.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

import pycountry

from travelmap.errors import GeocodingError
from travelmap.geocoding.gazetteer import _countries as _geonames_countries
from travelmap.geocoding.names import normalise, to_alpha3

# Abbreviations as written before a name (with or without the dot), and what GeoNames spells out.
_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{short}\.?(?=\s)", re.IGNORECASE), long) for short, long in (
        ("Ste", "Sainte"), ("St", "Saint"), ("Ft", "Fort"), ("Mt", "Mount"), ("Pt", "Port"),
    ))
_PARENTHETICAL = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*")
# Compass words that sources put before a city's name for a part of it ("West Berlin").
_COMPASS = re.compile(r"^(?:west|east|north|south|central|downtown|greater|old)\s+", re.IGNORECASE)
# Generic words after a name ("Kuwait City", "Windsor Castle", "Cheju Island", "Subic Bay"). A
# reading that drops one is loose: only a sizeable town answers it, so Russky Island is never the
# village Russkiy.
_TRAILING = re.compile(r"\s+(?:city|town|airport|air base|airbase|island|bay|castle)$",
                       re.IGNORECASE)
_SPACES = re.compile(r"\s+")


# A reading that drops a word of the name ("West", "City") answers only with a town at least this
# big: "West Berlin" is Berlin, but "Central Java" is no village called Java.
LOOSE_MIN_POPULATION = 10_000


class Reading(NamedTuple):
    """One reading of a place string: the text asked, how it was made, and whether it dropped
    a word of the name (then only a sizeable town may answer it)."""

    text: str
    how: str
    loose: bool = False


def readings(place: str) -> Iterator[Reading]:
    """Readings of `place`, most faithful first; the place itself is not included.

    Each rule applies to what the earlier rules left, so "Ft. Myers (Florida)" is tried as
    "Ft. Myers", then "Fort Myers".
    """
    seen = {_clean(place).casefold()}
    steps: list[Reading] = []
    text = _clean(place)

    stripped = _clean(_PARENTHETICAL.sub(" ", text))
    if stripped and stripped != text:
        steps.append(Reading(stripped, "the parenthetical dropped"))
        text = stripped
    expanded = text
    for pattern, long in _ABBREVIATIONS:
        expanded = pattern.sub(long, expanded)
    if expanded != text:
        steps.append(Reading(expanded, "abbreviation spelled out"))
    for base, how in [(text, ""), (expanded, "abbreviation spelled out")]:
        bare = _TRAILING.sub("", base)
        if bare and bare != base:
            steps.append(Reading(bare, _join(how, f"{base[len(bare):].strip()!r} dropped"),
                                 loose=True))
        core = _COMPASS.sub("", bare)
        if core and core != bare:
            dropped = bare[: len(bare) - len(core)].strip()
            steps.append(Reading(core, _join(how, f"{dropped!r} dropped"), loose=True))
    for reading in steps:
        key = reading.text.casefold()
        if key not in seen:
            seen.add(key)
            yield reading


def _clean(text: str) -> str:
    """Spaces collapsed, also around a hyphen ("St. Mere- Eglise"), and stray punctuation off
    the ends."""
    return _HYPHEN_SPACES.sub("-", _SPACES.sub(" ", text)).strip(" ,;")


_HYPHEN_SPACES = re.compile(r"(?<=\S)-\s+|\s+-(?=\S)")  # not " - ", a spaced dash


def _join(first: str, second: str) -> str:
    return f"{first}, {second}" if first else second


def country_named(place: str) -> str | None:
    """The alpha-3 code of the country `place` names ("Bahrain", "Holy See", "The Bahamas",
    "St. Lucia", "Trinidad"), else None."""
    name = normalise(_clean(_PARENTHETICAL.sub(" ", place)))
    name = _LEADING_ARTICLE.sub("", _SAINT.sub("saint ", name))
    return _country_names().get(name)


_LEADING_ARTICLE = re.compile(r"^the\s+")
_SAINT = re.compile(r"^st\.?\s+")


@functools.cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(normalise(str(value)), str(country.alpha_3))
    for alpha2, record in _geonames_countries().items():
        try:
            names.setdefault(normalise(str(record["name"])), to_alpha3(alpha2))
        except GeocodingError:
            continue
    parts: dict[str, set[str]] = {}  # "Trinidad" and "Tobago" of "Trinidad and Tobago"
    for country in pycountry.countries:
        first, joined, second = normalise(str(country.name)).partition(" and ")
        if joined:
            for part in (first, second, f"{first} {second}"):
                parts.setdefault(part, set()).add(str(country.alpha_3))
    for part, codes in parts.items():
        if len(codes) == 1:
            names.setdefault(part, next(iter(codes)))
    names.update({normalise(k): v for k, v in _COMMON_NAMES.items()})
    return names


# Names in common use that neither ISO nor GeoNames lists for the country.
_COMMON_NAMES = {
    "Holy See": "VAT", "Vatican": "VAT", "Burma": "MMR", "Ivory Coast": "CIV",
    "South Korea": "KOR", "North Korea": "PRK", "Korea, Republic of": "KOR",
    "Great Britain": "GBR", "Britain": "GBR", "England": "GBR", "Scotland": "GBR",
    "Wales": "GBR", "Northern Ireland": "GBR", "Russia": "RUS", "Czech Republic": "CZE",
    "Turkey": "TUR", "Macedonia": "MKD", "Swaziland": "SWZ", "Cape Verde": "CPV",
    "East Timor": "TLS", "Zaire": "COD", "Congo-Kinshasa": "COD", "Congo-Brazzaville": "COG",
    "Laos": "LAO", "Syria": "SYR", "Iran": "IRN", "Vietnam": "VNM", "Taiwan": "TWN",
    "Palestine": "PSE", "West Bank": "PSE", "Gaza": "PSE", "Kosovo": "XKX",
}

