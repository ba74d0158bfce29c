"""Name and country-code normalisation shared by the gazetteer index and the place cache.

Both sides of every comparison go through `normalise`, so "Hà Nội", "HA NOI" and "Ha-Noi" meet, and
common Russian transliteration endings ("-skiy", "-sky", "-yy") fold together.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pycountry

from travelmap.errors import GeocodingError

# Letters NFKD does not decompose into base letter + accent.
_LETTERS = str.maketrans({
    "đ": "d", "ð": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "þ": "th",
    "ʼ": "", "ʻ": "", "ʹ": "", "’": "", "‘": "", "'": "", "`": "", "´": "", "ʿ": "", "ʾ": "",
})
# Apostrophes vanish (Kazan' = Kazan); dashes and other punctuation separate words.
_PUNCTUATION = str.maketrans({**{ch: "" for ch in "'`"},
                              **{ch: " " for ch in "-‐‑‒–—_.,;:/()[]\"“”«»"}})
# Accents NFKD splits off (Latin, Cyrillic, Greek, Vietnamese); other scripts keep theirs.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Tsiolkovskiy / Tsiolkovsky, Vostochnyy / Vostochny: one spelling per word ending.
_ENDINGS = ("iy", "yy", "yi", "ij")
_TRANSLIT_ENDINGS = re.compile(r"(?:iy|yy|yi|ij)\b")


@functools.lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Casefolded, accent-free, punctuation-free form of a place name, used as the index key."""
    return normalise_uncached(name)


def normalise_uncached(name: str) -> str:
    """`normalise` without the memo, for the one-off pass over every gazetteer name."""
    text = name.casefold()
    if text.isalpha() and text.isascii():  # one plain word, most names: skip the general path
        return text[:-2] + "y" if text.endswith(_ENDINGS) else text
    if not text.isascii():  # ~60% of GeoNames' names are ASCII: skip the Unicode work for them
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        text = unicodedata.normalize("NFC", text).translate(_LETTERS)
    text = " ".join(text.translate(_PUNCTUATION).split())
    if "y" in text or "ij" in text:
        text = _TRANSLIT_ENDINGS.sub("y", text)
    return text


@functools.lru_cache(maxsize=1024)
def to_alpha2(iso3: str) -> str:
    """ISO 3166-1 alpha-3 (the data's codes) to alpha-2 (GeoNames' codes)."""
    code = iso3.strip().upper()
    country = pycountry.countries.get(alpha_3=code)
    if country is not None:
        return str(country.alpha_2)
    if code in _NON_ISO:
        return _NON_ISO[code]
    raise GeocodingError(f"unknown country code {iso3!r}: expected ISO 3166-1 alpha-3, e.g. 'RUS'")


@functools.lru_cache(maxsize=1024)
def to_alpha3(iso2: str) -> str:
    """ISO 3166-1 alpha-2 to alpha-3; GeoNames' user-assigned codes (XK: Kosovo) included."""
    code = iso2.strip().upper()
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        return str(country.alpha_3)
    for alpha3, alpha2 in _NON_ISO.items():
        if alpha2 == code:
            return alpha3
    raise GeocodingError(f"unknown country code {iso2!r}")


# Codes GeoNames uses that ISO 3166-1 has not assigned (alpha-3 -> alpha-2).
_NON_ISO: dict[str, str] = {"XKX": "XK"}
