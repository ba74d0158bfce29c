"""Country names and codes as datasets write them, to ISO 3166-1 alpha-3 (or 3166-3 for a
dissolved state, which `historic` then maps onto today's map)."""

from __future__ import annotations

import re

import pycountry

from travelmap.geocoding.variants import country_named
from travelmap.importers.historic import DISSOLVED
from travelmap.model import is_country_code

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
}


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
    words = re.sub(r"[^a-z ]+", " ", text.casefold().replace("’", "").replace("'", ""))
    words = " ".join(words.split())
    if words in _NAMES:
        return _NAMES[words]
    code = country_named(words) or country_named(text)
    if code is None and " " in words:  # "korea south", "congo democratic republic of the"
        head, _, rest = words.partition(" ")
        code = _NAMES.get(f"{rest} {head}") or country_named(f"{rest} {head}")
    return code
