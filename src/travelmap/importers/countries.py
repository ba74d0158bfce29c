"""Country names and codes as datasets write them, to ISO 3166-1 alpha-3 (or 3166-3 for a
dissolved state, which `historic` then maps onto today's map)."""

from __future__ import annotations

import functools
import gettext
import re

import pycountry

from travelmap.errors import GeocodingError
from travelmap.geocoding.names import normalise
from travelmap.geocoding.variants import country_named
from travelmap.importers.historic import DISSOLVED
from travelmap.model import SOVEREIGN, is_country_code

# Names of dissolved states and of hosts written unlike ISO or GeoNames.
_NAMES = {
    "soviet union": "SUN", "ussr": "SUN", "u s s r": "SUN",
    "union of soviet socialist republics": "SUN",
    "yugoslavia": "YUG", "serbia and montenegro": "SCG", "czechoslovakia": "CSK",
    "german democratic republic": "DDR", "east germany": "DDR", "germany east": "DDR",
    "germany democratic republic": "DDR", "west germany": "DEU", "germany west": "DEU",
    "germany federal republic of": "DEU", "federal republic of germany": "DEU",
    "zaire": "COD", "burma": "MMR", "north vietnam": "VNM", "vietnam north": "VNM",
    "south vietnam": "VNM", "vietnam south": "VNM", "korea south": "KOR", "korea north": "PRK",
    "korea republic of": "KOR", "china peoples republic of": "CHN", "china republic of": "TWN",
    "holy see": "VAT", "vatican city": "VAT", "yemen south": "YMD", "south yemen": "YMD",
    "netherlands antilles": "ANT", "rhodesia": "ZWE", "ceylon": "LKA", "dahomey": "BEN",
    "upper volta": "BFA", "siam": "THA", "persia": "IRN", "kampuchea": "KHM",
    "micronesia": "FSM", "palestinian territories": "PSE", "palestinian authority": "PSE",
    "timor leste": "TLS", "east timor": "TLS",
    # Dominions and colonies a dataset files under the power of the time, by a name that is no
    # country's today: Newfoundland joined Canada in 1949.
    "newfoundland": "CAN",
    # The Historian files Seoul under the id "korea" ("Korea"); the North is "korea-north".
    "korea": "KOR",
    # The two Congos as the Historian's ids and names write them ("Congo, Republic of"), and its
    # misspelt id and name for Samoa in the visits data (2020.xml: "somoa", "Somoa").
    "congo republic": "COG", "congo republic of": "COG", "congo brazzaville": "COG",
    "congo democratic republic": "COD", "congo democratic republic of": "COD",
    "congo kinshasa": "COD", "somoa": "WSM",
    # as French sources write them
    "urss": "SUN", "union sovietique": "SUN", "yougoslavie": "YUG", "tchecoslovaquie": "CSK",
    "rda": "DDR", "allemagne de l'est": "DDR", "rfa": "DEU", "allemagne de l'ouest": "DEU",
    "serbie et montenegro": "SCG", "saint siege": "VAT", "vatican": "VAT",
}
# Withdrawn alpha-2 codes that name one state only (CS was Czechoslovakia, then Serbia and
# Montenegro: left to the country's name).
_HISTORIC_ALPHA2 = {"SU": "SUN", "YU": "YUG", "DD": "DDR"}


def country_code(*names: str) -> str | None:
    """The first of `names` (a code, a slug like "korea-south", a name like "China, People's
    Republic of") that names a country; None when none does. A dissolved state named by any of
    them wins: the Historian files Moscow and Kiev in 1991 under the id "russia" with the name
    "U.S.S.R.", and the name of the time is the one that holds both."""
    codes = [_code(raw) for raw in names]
    return next((c for c in codes if c in DISSOLVED), None) or next((c for c in codes if c), None)


def _code(raw: str) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    upper = text.upper()
    if len(upper) == 3 and (is_country_code(upper) or upper in DISSOLVED):
        return upper
    if len(upper) == 2:
        found = pycountry.countries.get(alpha_2=upper)
        if found is not None:
            return str(found.alpha_3)
    if upper in _HISTORIC_ALPHA2:
        return _HISTORIC_ALPHA2[upper]
    words = _words(text)
    names = _names()
    if words in names:
        return names[words]
    code = country_named(words) or country_named(text)
    if code is None and " " in words:  # "korea south", "congo democratic republic of the"
        head, _, rest = words.partition(" ")
        code = names.get(f"{rest} {head}") or country_named(f"{rest} {head}")
    return code


@functools.cache
def _names() -> dict[str, str]:
    """Our table over the French names of ISO 3166-1 (pycountry's translations): French
    datasets write "Royaume-Uni" and "États-Unis" when the code is missing."""
    names: dict[str, str] = {}
    try:
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:
        french = None
    heads: dict[str, set[str]] = {}  # "Russie" of "Russie, Fédération de", when unique
    if french is not None:
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    translated = french.gettext(value)
                    names.setdefault(_words(translated), str(country.alpha_3))
                    heads.setdefault(_words(translated.split(",")[0]), set()).add(
                        str(country.alpha_3))
    for head, codes in heads.items():
        if len(codes) == 1:
            names.setdefault(head, codes.pop())
    names.update({_words(k): v for k, v in _NAMES.items()})
    return names


def country_in_place(place: str, host: str) -> tuple[str, str] | None:
    """(the country, the place without it) when a place names a country other than `host` and
    none of host's territories, as "Kingston (Jamaica)" or "Jamaica" filed under the United
    Kingdom in 1923: the record's host was the colonial power of the time, and today's map has
    the place in Jamaica. A bare name moves only when it is no region or town of the host
    ("Georgia" in the United States, "Luxembourg" in Belgium stay). None when nothing moves."""
    inside = re.fullmatch(r"\s*(.*?)\s*\(([^()]*)\)\s*", place)
    if inside:
        code = _code(inside.group(2))
        if _elsewhere(code, host):
            return code, inside.group(1) or place
        return None
    code = _code(place)
    if _elsewhere(code, host) and not _known_in(place, host):
        return code, place
    return None


def country_in_remarks(remarks: str, host: str) -> str | None:
    """The country a record's remarks place it in when the host is the colonial power of the
    time: "Met with British colonial (Trinidad) officials", "... colonial officials during
    unofficial (Jamaica) visit". Only a remark about colonial rule counts, and only when its
    parentheticals name one country other than `host`."""
    if "colonial" not in remarks.casefold():
        return None
    named = {code for text in re.findall(r"\(([^()]*)\)", remarks)
             if _elsewhere(code := _code(text), host)}
    return named.pop() if len(named) == 1 else None


def lies_in(place: str, host: str, country: str) -> bool:
    """Does a bare `place` of a record filed under `host` belong in `country`, where the record
    (or a sibling place) says it lies: a town of `country`, or nothing known in `host`?
    ("Kingston" with a remark naming Jamaica is Kingston, Jamaica, not Kingston upon Thames.)"""
    return _known_in(place, country) or not _known_in(place, host)


def _elsewhere(code: str | None, host: str) -> bool:
    return bool(code) and code != host and code not in DISSOLVED and SOVEREIGN.get(code) != host


def _known_in(place: str, host: str) -> bool:
    """Is `place` a subdivision (pycountry) or a town (GeoNames) of `host`?"""
    from travelmap.geocoding import default_gazetteer

    words = _words(place)
    alpha2 = pycountry.countries.get(alpha_3=host)
    subdivisions = pycountry.subdivisions.get(country_code=alpha2.alpha_2) if alpha2 else None
    if any(_words(str(s.name)) == words for s in subdivisions or ()):
        return True
    try:
        return bool(default_gazetteer().lookup(place, country=host).candidates)
    except GeocodingError:
        return False


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z ]+", " ", normalise(text)).split())
