"""Dissolved states (ISO 3166-3) as hosts: the stated rule that maps them onto today's map.

The trips schema takes ISO 3166-1 codes, and maps and outlines are of today's countries, so a
visit to Leningrad in 1972 is recorded in the state where the place lies today, with the host of
the time kept in the note. Rule: the place is looked up in each successor state's gazetteer, in
the order listed here; of those that know it (unambiguously), the one where it is the most
populous place is the host. When none does (a
typo, an empty locale), the first successor listed (the state that continued the dissolved one's
seat) is used, and the note says so, so it can be checked.
"""

from __future__ import annotations

from functools import cache

from travelmap.errors import GeocodingError

# Dissolved state -> (name, year dissolved, successors in order: the continuing state first).
DISSOLVED: dict[str, tuple[str, int, tuple[str, ...]]] = {
    "SUN": ("Soviet Union", 1991, ("RUS", "UKR", "BLR", "KAZ", "UZB", "GEO", "AZE", "ARM",
                                   "MDA", "KGZ", "TJK", "TKM", "LTU", "LVA", "EST")),
    "YUG": ("Yugoslavia", 1992, ("SRB", "HRV", "SVN", "BIH", "MKD", "MNE", "XKX")),
    "SCG": ("Serbia and Montenegro", 2006, ("SRB", "MNE", "XKX")),
    "CSK": ("Czechoslovakia", 1993, ("CZE", "SVK")),
    "DDR": ("German Democratic Republic", 1990, ("DEU",)),
    "DEW": ("West Germany", 1990, ("DEU",)),
    "YMD": ("South Yemen", 1990, ("YEM",)),
    "VDR": ("North Vietnam", 1976, ("VNM",)),
    "ZAR": ("Zaire", 1997, ("COD",)),
    "BUR": ("Burma", 1989, ("MMR",)),
    "ANT": ("Netherlands Antilles", 2010, ("CUW", "SXM", "BES")),
}


def host_today(code: str, place: str) -> tuple[str, str]:
    """(today's host alpha-3, a note) for a record's host code and one of its places."""
    if code not in DISSOLVED:
        return code, ""
    name, year, successors = DISSOLVED[code]
    found = _successor(code, place)
    then = f"host at the time: {name} ({code}, dissolved {year})"
    if found is not None:
        return found, f"{then}; {found} is where the place lies today (gazetteer)"
    return successors[0], (f"{then}; place not found in any successor state, so {successors[0]}"
                           " by rule (the continuing state): check")


def home_today(code: str) -> tuple[str, str]:
    """(today's alpha-3, a note) for a traveller's country: a dissolved state's traveller starts
    from its seat, so the continuing state (listed first) is the home the map draws from."""
    if code not in DISSOLVED:
        return code, ""
    name, year, successors = DISSOLVED[code]
    return successors[0], (f"traveller's country at the time: {name} ({code}, dissolved "
                           f"{year}); {successors[0]} by rule (the continuing state)")


@cache
def _successor(code: str, place: str) -> str | None:
    from travelmap.geocoding import default_gazetteer

    gazetteer = default_gazetteer()
    best: tuple[int, str] | None = None  # (population, alpha-3): Kiev is a city in Ukraine and
    for iso3 in DISSOLVED[code][2]:      # a village in Russia, so the biggest match decides
        try:
            chosen = gazetteer.lookup(place, country=iso3).chosen
        except GeocodingError:
            continue
        if chosen is not None and (best is None or (chosen.population or 0) > best[0]):
            best = (chosen.population or 0, iso3)
    return best[1] if best else None
