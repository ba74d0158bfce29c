"""Places to coordinates, in order: explicit lat/lon, the place cache, the gazetteer, then online.

Each distinct (place, host country) is resolved once per run and, once resolved, never looked up
again: gazetteer answers are saved in one batch, online answers one by one as they arrive, and
whatever was resolved is saved even when the run fails or is interrupted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from geopy.geocoders.base import Geocoder

from travelmap.errors import GeocodingError
from travelmap.geocoding.airfields import airfields_named, one_place
from travelmap.geocoding.cache import CacheEntry, PlaceCache, now_iso
from travelmap.geocoding.gazetteer import (
    SAME_PLACE_KM,
    Gazetteer,
    capital_name,
    default_gazetteer,
)
from travelmap.geocoding.keys import Key, stop_keys
from travelmap.geocoding.names import to_alpha2
from travelmap.geocoding.neighbours import settle_by_neighbours
from travelmap.geocoding.online import OnlineResolver, OnlineUnavailable
from travelmap.geocoding.regions import region_named
from travelmap.geocoding.resolution import Candidate, Resolution
from travelmap.geocoding.variants import LOOSE_MIN_POPULATION, country_named, readings
from travelmap.model import (
    COORD_SOURCE_COLUMN,
    FILE_COLUMN,
    ROW_COLUMN,
    SOVEREIGN,
    territories_of,
)

REPORT_PLACES = 100  # unresolved places listed in the error message
REPORT_SUGGESTIONS = 25  # of which this many get fuzzy suggestions
AIRFIELD_CONFIDENCE = 0.8  # an airfield answers by name alone: its note flags it for a look

GeocoderSpec = OnlineResolver | Geocoder | str | None


@dataclass
class _Run:
    """Bookkeeping of one resolve run."""

    cache: PlaceCache
    write: bool
    on_resolved: Callable[[Resolution], None] | None
    answers: dict[Key, Resolution] = field(default_factory=dict)
    failures: dict[Key, str] = field(default_factory=dict)
    ambiguous: dict[Key, Resolution] = field(default_factory=dict)  # with their candidates

    def keep(self, key: Key, resolution: Resolution, *, resolver: str) -> None:
        self.answers[key] = resolution
        self.failures.pop(key, None)
        if resolution.source in ("gazetteer", "online"):
            assert resolution.lat is not None and resolution.lon is not None
            # The note (how it was read or chosen) stays reviewable in the cache's resolver text.
            label = f"{resolver}: {resolution.note}" if resolution.note else resolver
            self.cache.put(CacheEntry(key[0], key[1] or "", resolution.lat, resolution.lon,
                                      label, now_iso(), resolution.confidence))

    def persist(self, confirmed: Iterable[Resolution] = ()) -> None:
        if self.write and self.cache.unsaved:
            self.cache.save()
        if self.on_resolved is not None:
            for resolution in confirmed:
                self.on_resolved(resolution)


@dataclass(frozen=True)
class UnresolvedPlaces:
    """The places no resolver could answer, and where they occur in the stops.

    Falsy when every place was found. `report()` builds the message for a reader, fuzzy
    suggestions included (~0.1 s a place), so that cost is paid only when the message is shown.
    """

    keys: tuple[Key, ...] = ()
    failures: dict[Key, str] = field(default_factory=dict)
    rows_by_key: dict[Key, list[int]] = field(default_factory=dict)  # rows of each of `keys`
    frame: pd.DataFrame | None = None
    gazetteer: Gazetteer | None = None
    kept: bool = False  # what did resolve was saved in the place cache
    answers: dict[Key, Resolution] = field(default_factory=dict)  # every answer, for a report

    def __bool__(self) -> bool:
        return bool(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def stop_count(self) -> int:
        """How many stops (rows) stay without coordinates."""
        return sum(len(self.rows_by_key[key]) for key in self.keys)

    def report(self) -> str:
        """Every unresolved place with its file and rows, and the closest gazetteer names."""
        if not self.keys or self.frame is None:
            return ""
        return _report(list(self.keys), self.failures, self.rows_by_key, self.frame,
                       self.gazetteer or default_gazetteer(), kept=self.kept)


def locate_stops(stops: pd.DataFrame, *, online: bool = False, cache_path: Path | None = None,
                 geocoder: GeocoderSpec = None, geocoder_settings: dict[str, Any] | None = None,
                 min_delay_seconds: float = 1.0, progress: bool = False,
                 gazetteer: Gazetteer | None = None, write_cache: bool = False,
                 on_resolved: Callable[[Resolution], None] | None = None,
                 ) -> tuple[pd.DataFrame, UnresolvedPlaces]:
    """Place the stops once, before any map or export: `(located, unresolved)`.

    `located` is a copy of `stops` with `lat`/`lon` filled and `coord_source` saying which
    resolver answered; rows no resolver knows keep <NA> and are listed in `unresolved` (falsy when
    there are none). Never raises for an unknown place: maps draw what is placed and say how many
    they leave out. Offline unless `online=True` (`geocoder` is a geopy geocoder, a service name
    or an `OnlineResolver`); the place cache is written only with `write_cache=True`, each new
    answer as it arrives, `on_resolved` being called once it is safely on disk.
    """
    frame = stops.copy()
    for column in ("lat", "lon"):
        frame[column] = pd.array(frame[column] if column in frame else [pd.NA] * len(frame),
                                 dtype="Float64")
    explicit = (frame["lat"].notna() & frame["lon"].notna()).to_numpy(dtype=bool)
    if explicit.all() and not write_cache:  # nothing to look up: skip the cache and gazetteer
        frame[COORD_SOURCE_COLUMN] = pd.array(["explicit"] * len(frame), dtype="string")
        return frame, UnresolvedPlaces()
    keyed = stop_keys(frame)
    keys, codes = keyed.keys, keyed.codes
    # A key given coordinates in any row takes that row's (the first such) in all its rows.
    explicit_rows = np.flatnonzero(explicit)
    first_explicit = np.full(len(keys), -1, dtype=np.int64)
    firsts = ~pd.Index(codes[explicit_rows]).duplicated()  # hashing, not sorting, a million rows
    first_explicit[codes[explicit_rows[firsts]]] = explicit_rows[firsts]
    open_rows = np.flatnonzero(~explicit)
    open_codes = pd.unique(codes[open_rows])  # in order of first appearance
    wanted_codes = open_codes[first_explicit[open_codes] < 0]
    wanted = [keys[c] for c in wanted_codes]
    known = set(keys)
    wanted += [k for k in _capital_keys(frame) if k not in known]

    run = _Run(PlaceCache.load(cache_path), write_cache, on_resolved)
    try:
        _resolve_all(run, wanted, online=online, geocoder=geocoder, settings=geocoder_settings,
                     min_delay_seconds=min_delay_seconds, progress=progress, gazetteer=gazetteer)
    finally:
        run.persist()  # Ctrl-C or a crash in a resolver keeps every answer obtained so far

    _place_rows(frame, codes, explicit, first_explicit,
                [run.answers.get(keys[c]) for c in range(len(keys))])
    still = {k: r for k, r in run.ambiguous.items() if k in run.failures}
    settled = settle_by_neighbours(frame, keys, codes, still)
    if settled:  # the trip's other stops chose the namesake: placed, flagged, never cached
        for key, answer in settled.items():
            run.answers[key] = answer
            del run.failures[key]
        _place_rows(frame, codes, explicit, first_explicit,
                    [run.answers.get(keys[c]) for c in range(len(keys))])
    unresolved_codes = [int(c) for c in open_codes if keys[c] in run.failures]
    unresolved = tuple(keys[c] for c in unresolved_codes)
    rows_by_key = _rows_of(unresolved_codes, keys, codes, open_rows)
    return frame, UnresolvedPlaces(unresolved, dict(run.failures), rows_by_key, frame,
                                   gazetteer, kept=write_cache, answers=dict(run.answers))


def _place_rows(frame: pd.DataFrame, codes: np.ndarray, explicit: np.ndarray,
                first_explicit: np.ndarray,
                answers: list[Resolution | None]) -> None:
    """Broadcast each key's point to its rows without coordinates (a take on the key codes):
    the point of the key's first explicit row, else the resolver's answer; rows of keys that
    found neither keep what they had."""
    lat = frame["lat"].to_numpy(dtype="float64", na_value=np.nan)
    lon = frame["lon"].to_numpy(dtype="float64", na_value=np.nan)
    labels: list[str | None] = [None, "explicit"]
    key_lat = np.full(len(answers), np.nan)
    key_lon = np.full(len(answers), np.nan)
    key_label = np.zeros(len(answers), dtype=np.int64)  # index into labels; 0: not placed
    pointed = first_explicit >= 0
    key_lat[pointed], key_lon[pointed] = lat[first_explicit[pointed]], lon[first_explicit[pointed]]
    key_label[pointed] = 1
    for code, answer in enumerate(answers):
        if pointed[code] or answer is None or answer.lat is None or answer.lon is None:
            continue
        label = str(answer.source)
        if label not in labels:
            labels.append(label)
        key_lat[code], key_lon[code], key_label[code] = answer.lat, answer.lon, labels.index(label)
    row_label = key_label[codes]
    found = (row_label > 0) & ~explicit  # explicit rows keep their own point
    lat = np.where(found, key_lat[codes], lat)
    lon = np.where(found, key_lon[codes], lon)
    row_label[explicit] = 1
    # NaN is "no coordinate", as it was when the rows were read (`pd.array` of floats).
    frame["lat"] = pd.arrays.FloatingArray(lat, np.isnan(lat))
    frame["lon"] = pd.arrays.FloatingArray(lon, np.isnan(lon))
    frame[COORD_SOURCE_COLUMN] = pd.array(np.array(labels, dtype=object)[row_label],
                                          dtype="string")


def _rows_of(wanted: list[int], keys: list[Key], codes: np.ndarray,
             open_rows: np.ndarray) -> dict[Key, list[int]]:
    """The rows without coordinates of each key in `wanted` (codes), in row order."""
    if not wanted:
        return {}
    rows = open_rows[np.isin(codes[open_rows], wanted)]
    order = np.argsort(codes[rows], kind="stable")
    rows = rows[order]
    cuts = np.flatnonzero(np.diff(codes[rows])) + 1
    return {keys[int(group[0])]: rows_.tolist()
            for group, rows_ in zip(np.split(codes[rows], cuts), np.split(rows, cuts),
                                    strict=True)}


def placed(stops: pd.DataFrame) -> pd.DataFrame:
    """`stops` placed offline, unless they already went through `locate_stops` (which adds
    `coord_source`): the API's entry points call this, so a frame is never placed twice."""
    if COORD_SOURCE_COLUMN in stops.columns:
        return stops
    return locate_stops(stops)[0]


def resolve_coordinates(stops: pd.DataFrame, *, online: bool = False,
                        cache_path: Path | None = None, geocoder: GeocoderSpec = None,
                        geocoder_settings: dict[str, Any] | None = None,
                        min_delay_seconds: float = 1.0, progress: bool = False,
                        gazetteer: Gazetteer | None = None, write_cache: bool = True,
                        on_resolved: Callable[[Resolution], None] | None = None) -> pd.DataFrame:
    """`locate_stops`, writing the place cache by default, where an unknown place is an error.

    Raises `GeocodingError` listing every unresolved place with its file/rows and the closest
    gazetteer names; the error's `partial` attribute holds the frame with what did resolve and
    `unresolved` the (place, country) keys.
    """
    frame, unresolved = locate_stops(
        stops, online=online, cache_path=cache_path, geocoder=geocoder,
        geocoder_settings=geocoder_settings, min_delay_seconds=min_delay_seconds,
        progress=progress, gazetteer=gazetteer, write_cache=write_cache, on_resolved=on_resolved)
    if unresolved:
        error = GeocodingError(unresolved.report())
        error.partial = frame  # type: ignore[attr-defined]
        error.unresolved = list(unresolved.keys)  # type: ignore[attr-defined]
        raise error
    return frame


def with_coordinates(stops: pd.DataFrame, *, cache_path: Path | None = None,
                     gazetteer: Gazetteer | None = None, strict: bool = True) -> pd.DataFrame:
    """Offline only (explicit, cache, gazetteer; never online, never writes).

    With `strict=False` unresolved stops keep <NA> coordinates instead of raising (prefer
    `locate_stops`, which also says which places those are).
    """
    if not strict:
        return locate_stops(stops, cache_path=cache_path, gazetteer=gazetteer)[0]
    return resolve_coordinates(stops, online=False, cache_path=cache_path, gazetteer=gazetteer,
                               write_cache=False)


def locate(name: str, *, country: str | None = None, online: bool = False,
           cache_path: Path | None = None, use_cache: bool = True,
           gazetteer: Gazetteer | None = None, geocoder: GeocoderSpec = None,
           geocoder_settings: dict[str, Any] | None = None,
           min_delay_seconds: float = 1.0, everywhere: bool = False) -> Resolution:
    """How one name resolves (read-only: the cache is consulted, never written).

    `everywhere` also lists namesakes outside `country` (as ruled out); it indexes the whole
    gazetteer, which takes seconds, where one country takes a fraction of that.
    """
    country = country.strip().upper() if country else None
    if use_cache:
        entry = PlaceCache.load(cache_path).get(name, country)
        if entry is not None:
            return Resolution(name, country, entry.lat, entry.lon, "cache", entry.confidence,
                              matched_name=entry.name)
    gaz = gazetteer or default_gazetteer()
    resolution = _from_gazetteer(gaz, name, country, everywhere=everywhere)
    if resolution.resolved or not online:
        return _with_suggestions(resolution, gaz)
    resolver = _online_resolver(geocoder, geocoder_settings, min_delay_seconds)
    try:
        answer = _from_online(resolver, name, country)
    except GeocodingError as error:
        answer = Resolution(name, country, None, None, None, 0.0, reason=str(error))
    if answer.resolved:
        return answer
    return _with_suggestions(answer, gaz, candidates=resolution.candidates)


def capital_of(iso3: str, *, cache_path: Path | None = None,
               gazetteer: Gazetteer | None = None) -> tuple[str, float, float]:
    """(name, lat, lon) of a country's capital: from the place cache when `geocode` put it there,
    else from the gazetteer (GeoNames' country table names the capital)."""
    iso3 = iso3.strip().upper()
    name = capital_name(iso3)
    entry = PlaceCache.load(cache_path).get(name, iso3)
    if entry is not None:
        return name, entry.lat, entry.lon
    match = (gazetteer or default_gazetteer()).lookup(name, country=iso3)
    if match.chosen is None:
        raise GeocodingError(f"capital {name!r} of {iso3} not found: {match.reason}")
    return name, match.chosen.lat, match.chosen.lon


# -- internals ----------------------------------------------------------------------------------
def _resolve_all(run: _Run, wanted: list[Key], *, online: bool, geocoder: GeocoderSpec,
                 settings: dict[str, Any] | None, min_delay_seconds: float, progress: bool,
                 gazetteer: Gazetteer | None) -> None:
    pending: list[Key] = []
    for key in wanted:
        entry = run.cache.get(*key)
        if entry is None:
            pending.append(key)
        else:
            _, sep, note = entry.resolver.partition(": ")
            run.answers[key] = Resolution(key[0], key[1], entry.lat, entry.lon, "cache",
                                          entry.confidence, matched_name=entry.name,
                                          note=note if sep else None)
    if not pending:
        return  # every place known: the gazetteer is never even loaded
    gaz = (gazetteer or default_gazetteer()).prepare(k[1] for k in pending)  # before the bar
    bar = _progress_bar(len(pending), enabled=progress)
    try:
        found: list[Resolution] = []
        for key in pending:
            resolution = _from_gazetteer(gaz, key[0], key[1])
            if resolution.resolved:
                run.keep(key, resolution, resolver="gazetteer")
                found.append(resolution)
                bar.update(1)
            else:
                run.failures[key] = resolution.reason or "not found"
                if _ambiguous(resolution):
                    run.ambiguous[key] = resolution
        run.persist(found)
        if online:
            _resolve_online(run, [k for k in pending if k in run.failures], bar,
                            _online_resolver(geocoder, settings, min_delay_seconds))
    finally:
        bar.close()


def _resolve_online(run: _Run, keys: list[Key], bar: Any, resolver: OnlineResolver) -> None:
    for key in keys:
        try:
            resolution = _from_online(resolver, key[0], key[1])
        except OnlineUnavailable as error:
            for rest in keys[keys.index(key):]:
                run.failures[rest] += f"; online: {error}"
            return
        except GeocodingError as error:
            run.failures[key] += f"; online: {error}"
            bar.update(1)
            continue
        if resolution.resolved:
            run.keep(key, resolution, resolver=f"online:{resolver.service}")
            run.persist([resolution])  # one by one: a crash loses at most the answer in flight
        else:
            run.failures[key] += f"; online: {resolution.reason}"
        bar.update(1)


def _from_gazetteer(gaz: Gazetteer, name: str, country: str | None, *,
                    everywhere: bool = False) -> Resolution:
    """`_by_name`; when that finds nothing in a host country, an airfield there of that name
    (`airfields`), else the one name there spelled almost like it or one of its readings
    (`Gazetteer.near_spelling`: a source's typo); both flagged."""
    answer = _by_name(gaz, name, country, everywhere=everywhere)
    if answer.resolved or _ambiguous(answer) or country is None or everywhere:
        return answer
    answer = _from_airfields(answer, name, country)
    if answer.resolved:
        return answer
    for text in _faithful_forms(name):
        try:
            spelled = gaz.near_spelling(text, country)
        except GeocodingError:  # a host code nobody has heard of: `answer` says so
            return answer
        if spelled is None:
            continue
        found = _gazetteer_once(gaz, spelled, country)
        if found.resolved:
            return replace(found, name=name, confidence=round(found.confidence - 0.2, 3),
                           note=f"read as {found.matched_name!r}, the name in {country} "
                                f"spelled most like {name!r}: check")
    return _from_regions(name, country) or answer


def _faithful_forms(name: str) -> list[str]:
    """The name as written, then its readings that drop no word (`readings`, not loose): what
    the spelling and region searches try. A loose reading stays for big towns only."""
    return list(dict.fromkeys([name, *(r.text for r in readings(name) if not r.loose)]))


def _from_regions(name: str, country: str) -> Resolution | None:
    """A region of the host named as the place (`regions.region_named`), as written or by a
    faithful reading: placed at its centre, approximate and flagged as such."""
    try:
        alpha2 = to_alpha2(country)
    except GeocodingError:
        return None
    for text in _faithful_forms(name):
        region = region_named(text, alpha2)
        if region is not None:
            level = "first-level division" if region.level == "state" else "second-level division"
            return Resolution(name, country, region.lat, region.lon, "gazetteer", 0.6,
                              matched_name=region.name,
                              note=f"a region: {region.name}, a {level} of {country}, placed at "
                                   f"the centre of its {region.towns:,} towns: approximate, "
                                   "give lat/lon for the exact place")
    return None


def _from_airfields(answer: Resolution, name: str, country: str) -> Resolution:
    """The host country's airfield the unresolved name names ("Ramstein AFB"), flagged; an
    exact airfield name is surer than a guessed typo. `answer` as it was when none does."""
    found = airfields_named(name, country)
    airfield = one_place(found)
    if airfield is None:
        if not found:
            return answer
        named = "; ".join(f"{a.label()} {a.lat:.4f}, {a.lon:.4f}" for a in found[:5])
        return replace(answer, reason=f"{answer.reason}; ambiguous: {len(found)} airfields in "
                       f"{country} are named so, more than {SAME_PLACE_KM:.0f} km apart ({named})")
    where = (f", in {airfield.country}, a territory of {country}"
             if airfield.country != country else "")
    return replace(answer, lat=airfield.lat, lon=airfield.lon, source="gazetteer",
                   confidence=AIRFIELD_CONFIDENCE, matched_name=airfield.name,
                   candidates=(Candidate(airfield.name, airfield.country, airfield.lat,
                                         airfield.lon),),
                   reason=None, note=f"airfield: {airfield.label()}{where}")


def _by_name(gaz: Gazetteer, name: str, country: str | None, *,
             everywhere: bool = False) -> Resolution:
    """The name as written; when nothing matches, its readings (`variants.readings`), then the
    country it names (placed at that country's capital); each answer says how it was read."""
    exact = _gazetteer_once(gaz, name, country, everywhere=everywhere)
    if exact.resolved or _ambiguous(exact):
        return exact
    for reading, how, loose in readings(name):
        answer = _gazetteer_once(gaz, reading, country, everywhere=everywhere)
        read_as = f"read as {reading!r} ({how})"
        if loose and answer.resolved and _population(answer) < LOOSE_MIN_POPULATION:
            continue  # "Central Java" is no village called Java
        if answer.resolved:
            note = f"{read_as}; {answer.note}" if answer.note else read_as
            return replace(answer, name=name, note=note,
                           confidence=round(answer.confidence - 0.05, 3))
        if _ambiguous(answer):
            return replace(answer, name=name, reason=f"{read_as}: {answer.reason}")
    for territory in territories_of(country) if country and not everywhere else ():
        for reading, how, loose in [(name, "", False), *readings(name)]:
            answer = _gazetteer_once(gaz, reading, territory)
            if answer.resolved and (loose or _by_alias(answer)) \
                    and _population(answer) < LOOSE_MIN_POPULATION:
                continue  # "Normandy" is no suburb of Nouméa that has it as another name
            if answer.resolved:
                read_as = f"read as {reading!r} ({how}); " if how else ""
                return replace(answer, name=name, confidence=round(answer.confidence - 0.1, 3),
                               note=f"{read_as}found in {territory}, a territory of {country}")
    named = country_named(name)
    if named is None:
        return exact
    if country is not None and named != country and SOVEREIGN.get(named) != country:
        return replace(exact, reason=f"{name!r} names a country ({named}), not the host "
                       f"{country}: correct host_country or give lat/lon in the row")
    try:
        capital = capital_name(named)
    except GeocodingError:
        return exact
    answer = _gazetteer_once(gaz, capital, named, everywhere=False)
    if not answer.resolved:
        return exact
    territory = f" ({named}, a territory of {country})" if country and named != country else ""
    return replace(answer, name=name, country=country or named, confidence=0.6,
                   note=f"the country named as the place{territory}: placed at its capital, "
                        f"{capital}")


def _population(resolution: Resolution) -> int:
    """The population of the gazetteer entry that answered (0 when unknown)."""
    chosen = _chosen(resolution)
    return (chosen.population or 0) if chosen else 0


def _by_alias(resolution: Resolution) -> bool:
    """Did the gazetteer entry answer by one of its other names rather than its own?"""
    chosen = _chosen(resolution)
    return chosen is not None and chosen.matched != "name"


def _chosen(resolution: Resolution) -> Candidate | None:
    return next((c for c in resolution.candidates if c.name == resolution.matched_name
                 and c.lat == resolution.lat and c.lon == resolution.lon), None)


def _ambiguous(resolution: Resolution) -> bool:
    return (resolution.reason or "").startswith("ambiguous")


def _gazetteer_once(gaz: Gazetteer, name: str, country: str | None, *,
                    everywhere: bool = False) -> Resolution:
    try:
        match = gaz.lookup(name, country=country, everywhere=everywhere)
    except GeocodingError as error:  # e.g. a host country code nobody has heard of
        return Resolution(name, country, None, None, None, 0.0, reason=str(error))
    candidates = match.candidates[:10]
    if match.chosen is None:
        return Resolution(name, country, None, None, None, 0.0, candidates, reason=match.reason)
    return Resolution(name, country or match.chosen.country, match.chosen.lat, match.chosen.lon,
                      "gazetteer", match.confidence, candidates, matched_name=match.chosen.name,
                      note=match.note)


def _from_online(resolver: OnlineResolver, name: str, country: str | None) -> Resolution:
    answer = resolver.lookup(name, country=country)
    if answer.chosen is None:
        return Resolution(name, country, None, None, None, 0.0, answer.candidates,
                          reason=answer.reason)
    return Resolution(name, country or answer.chosen.country or None, answer.chosen.lat,
                      answer.chosen.lon, "online", answer.confidence, answer.candidates,
                      matched_name=answer.chosen.name)


def _with_suggestions(resolution: Resolution, gaz: Gazetteer,
                      candidates: tuple[Candidate, ...] = ()) -> Resolution:
    if resolution.resolved:
        return resolution
    suggestions = tuple(_suggest(gaz, resolution.name, resolution.country))
    return replace(resolution, suggestions=suggestions,
                   candidates=resolution.candidates or candidates)


def _online_resolver(geocoder: GeocoderSpec, settings: dict[str, Any] | None,
                     min_delay_seconds: float) -> OnlineResolver:
    if isinstance(geocoder, OnlineResolver):
        return geocoder
    if isinstance(geocoder, str):
        return OnlineResolver(service=geocoder, settings=settings,
                              min_delay_seconds=min_delay_seconds)
    return OnlineResolver(geocoder=geocoder, settings=settings,
                          min_delay_seconds=min_delay_seconds)


def _capital_keys(frame: pd.DataFrame) -> list[Key]:
    """Home capitals of the travellers: the map draws tours from there, from the cache."""
    if "traveller_country" not in frame:
        return []
    keys: list[Key] = []
    codes = frame["traveller_country"].dropna().unique()  # per distinct code, not per row
    distinct = list(codes)
    if not all(type(c) is str for c in distinct):  # 1 and 1.0 are one value, two texts
        distinct = list(frame["traveller_country"].dropna())
    for iso3 in sorted({str(c).upper() for c in distinct}):
        try:
            keys.append((capital_name(iso3), iso3))
        except GeocodingError:
            continue
    return keys


def _report(unresolved: list[Key], failures: dict[Key, str], rows_by_key: dict[Key, list[int]],
            frame: pd.DataFrame, gaz: Gazetteer, *, kept: bool) -> str:
    kept_note = " (what did resolve is kept in the place cache)" if kept else ""
    lines = [f"{len(unresolved)} place(s) could not be resolved{kept_note}:"]
    for number, key in enumerate(unresolved[:REPORT_PLACES]):
        place, country = key
        where = _where(frame, rows_by_key[key])
        lines.append(f"  - {place!r} in {country or '?'} ({where}): {failures[key]}")
        # Fuzzy search costs ~0.1 s a place: enough for a human to fix a few, not a thousand.
        suggestions = _suggest(gaz, place, country) if number < REPORT_SUGGESTIONS else []
        if suggestions:
            lines.append(f"      did you mean: {'; '.join(suggestions)}")
    if len(unresolved) > REPORT_PLACES:
        lines.append(f"  ... and {len(unresolved) - REPORT_PLACES} more not listed here "
                     "(`travelmap geocode --report FILE` writes every one; in Python, "
                     "`unresolved.keys`)")
    lines.append("  Fix the name, give lat/lon in the row, or add a line to the place cache.")
    return "\n".join(lines)


def _suggest(gaz: Gazetteer, place: str, country: str | None) -> list[str]:
    try:
        return gaz.suggest(place, country=country)
    except GeocodingError:
        return []


def _where(frame: pd.DataFrame, positions: list[int]) -> str:
    if FILE_COLUMN not in frame or ROW_COLUMN not in frame:
        return f"row(s) {', '.join(str(p) for p in positions)}"
    by_file: dict[str, list[str]] = {}
    files = frame[FILE_COLUMN].take(positions)  # one take, not a look-up per row
    rows = frame[ROW_COLUMN].take(positions)
    for file, row in zip(files, rows, strict=True):
        by_file.setdefault(str(file), []).append(str(row))
    return "; ".join(f"{f}, row {', '.join(rows)}" for f, rows in by_file.items())


def _progress_bar(total: int, *, enabled: bool) -> Any:
    from tqdm import tqdm

    # `delay`: the bar (with its ETA) appears only when a run lasts long enough to need one.
    return tqdm(total=total, desc="geocoding", unit="place", disable=not enabled, delay=1.0)


__all__ = ["UnresolvedPlaces", "capital_of", "locate", "locate_stops", "placed",
           "resolve_coordinates",
           "with_coordinates"]
