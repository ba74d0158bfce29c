"""The payload's tour table and source table, column by column.

A million stops make some 400,000 tours: as `tours.Tour` objects (with their stops' rows and
sources) they cost seconds, and the page only needs, per tour, its id, traveller, home capital
and sources. Those come from each tour's first stop, found with one sort; the sources, when the
loader left them as Arrow columns (`source_columns`), are taken from those columns in one go.
`tours.build_tours` is still what draws routes (up to ROUTE_LEG_LIMIT legs: few tours).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from travelmap import tours
from travelmap.model import Source, safe_url
from travelmap.source_columns import SourceColumns, TripSources, shared_trips
from travelmap.tours import Home


@dataclass(frozen=True)
class TourIndex:
    """The tours of the payload's stops, in order of first appearance (= the stops' "tour")."""

    ids: pd.Series  # trip_id of each tour
    firsts: np.ndarray  # row of each tour's first stop (lowest stop_order, then first row)
    stops: np.ndarray  # how many stops each tour has
    capitals: list[Home | None]  # the home capital of each distinct traveller_country...
    home_codes: np.ndarray  # ...and each tour's there (that of its first stop)

    @property
    def leg_count(self) -> int:
        """Legs the routes would have (`tours.count_legs`, as build_tours counts them)."""
        with_home = np.array([home is not None for home in self.capitals], dtype=bool)
        return tours.count_legs(self.stops, with_home[self.home_codes] if len(with_home) else
                                np.zeros(len(self.stops), dtype=bool))

    def draws_routes(self, routes: bool | None) -> bool:
        """build_tours' rule (`tours.draws_routes`) without building the tours."""
        return tours.draws_routes(self.leg_count, routes)


def tour_index(frame: pd.DataFrame, tour_of_stop: np.ndarray, ids: object) -> TourIndex:
    """Each tour's first stop (as `tours.build_tours` orders a tour: by stop_order, stable),
    stop count and home, without a Python object per tour."""
    order = pd.to_numeric(frame["stop_order"], errors="coerce").fillna(0).to_numpy()
    counts = np.bincount(tour_of_stop, minlength=len(ids))  # type: ignore[arg-type]
    firsts = _first_stops(tour_of_stop, order, counts)
    country = frame["traveller_country"].take(firsts)
    if isinstance(country.dtype, pd.CategoricalDtype):  # the loader's: codes, no text per tour
        codes = country.cat.codes.to_numpy().astype(np.int64)
        countries = [*map(str, country.cat.categories), "nan"]  # code -1: missing, as astype
        codes = np.where(codes < 0, len(countries) - 1, codes)
        used, codes = np.unique(codes, return_inverse=True)  # only the tours' countries
        countries = [countries[k] for k in used.tolist()]
    else:
        codes, uniques = pd.factorize(country.astype(str))
        countries = [str(value) for value in uniques]
    capitals = [tours.home_capital(iso3) for iso3 in countries]  # patchable there
    return TourIndex(pd.Series(ids), firsts, counts, capitals, codes)


def _first_stops(tour_of_stop: np.ndarray, order: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Per tour, the row of its lowest stop_order (the first such row on a tie). Usually the
    row where the tour first appears (the loader sorts by day, then stop order): checked in one
    pass, else found with a sort."""
    if not len(tour_of_stop):
        return np.zeros(0, dtype=np.int64)
    seen = np.maximum.accumulate(tour_of_stop)  # codes number tours by first appearance
    appears = np.flatnonzero(np.diff(seen, prepend=-1) > 0)
    if len(appears) == len(counts) and (order >= order[appears][tour_of_stop]).all():
        return appears
    sort = np.lexsort((order, tour_of_stop))
    return sort[np.concatenate(([0], np.cumsum(counts)[:-1]))]


def home_order(index: TourIndex) -> tuple[list[Home], np.ndarray]:
    """The distinct home capitals (rounded, sorted: payload["homes"]) and each tour's index
    there (-1: none), per distinct traveller_country rather than per tour."""
    distinct = sorted({home for home in index.capitals if home is not None})
    rounded = {home: (home[0], round(home[1], 4), round(home[2], 4)) for home in distinct}
    order = sorted(set(rounded.values()))
    at = {home: order.index(value) for home, value in rounded.items()}
    per_country = np.array([-1 if home is None else at[home] for home in index.capitals],
                           dtype=np.int64)
    return order, per_country[index.home_codes] if len(per_country) else index.home_codes


Texts = list[object] | pd.Series


def tour_sources(values: np.ndarray) -> tuple[np.ndarray, tuple[Texts, Texts, Texts, Texts]]:
    """(sources per tour, (outlet, title, url, published) of every tour's sources, tour by
    tour), from each tour's `sources` cell; URLs that are not http(s) become None."""
    shared = shared_trips(values)
    if shared is not None:
        return _from_columns(*shared)
    flat: list[Source] = []
    counts: list[int] = []
    for value in values:
        found = sources_of(value)
        flat.extend(found)
        counts.append(len(found))
    return (np.asarray(counts, dtype=np.int64),
            ([s.outlet for s in flat], [s.title for s in flat],
             [safe_url(s.url) for s in flat], [s.published for s in flat]))


def sources_of(value: object) -> tuple[Source, ...]:
    """A cell's sources as Source objects (the loader's already are; dicts from other callers
    are read field by field)."""
    if isinstance(value, TripSources):
        return value.as_tuple()
    if not isinstance(value, tuple | list):
        return ()
    return tuple(
        source if isinstance(source, Source) else Source(
            source.get("outlet"), source.get("title"), source.get("url"), source.get("published"))
        for source in value if isinstance(source, Source | Mapping))


def _from_columns(columns: SourceColumns,
                  trips: np.ndarray) -> tuple[np.ndarray, tuple[Texts, Texts, Texts, Texts]]:
    counts, rows = columns.rows(trips)
    taken = pa.array(rows, pa.int64())

    def text(column: pa.Array | pa.ChunkedArray) -> pd.Series:
        picked = pc.take(column, taken)
        if isinstance(picked, pa.ChunkedArray):
            picked = picked.combine_chunks()
        return pd.Series(pd.arrays.ArrowStringArray(pc.cast(picked, pa.large_string())))

    # the loader let in only URLs that model.safe_url keeps as they are: no per-URL check
    return counts, (text(columns.outlet), text(columns.title), text(columns.url),
                    text(columns.published))
