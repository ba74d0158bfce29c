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
    homes: list[Home | None]  # each tour's home capital (its first stop's traveller_country)

    @property
    def leg_count(self) -> int:
        """Legs the routes would have: between stops, and from and to home where known."""
        with_home = np.fromiter((home is not None for home in self.homes), dtype=bool,
                                count=len(self.homes))
        return int(self.stops.sum() + np.where(with_home, 1, -1).sum())

    def draws_routes(self, routes: bool | None) -> bool:
        """build_tours' rule: True/False forces, None draws up to ROUTE_LEG_LIMIT legs."""
        return routes if routes is not None else self.leg_count <= tours.ROUTE_LEG_LIMIT


def tour_index(frame: pd.DataFrame, tour_of_stop: np.ndarray, ids: object) -> TourIndex:
    """Each tour's first stop (as `tours.build_tours` orders a tour: by stop_order, stable),
    stop count and home, without a Python object per tour."""
    order = pd.to_numeric(frame["stop_order"], errors="coerce").fillna(0).to_numpy()
    sort = np.lexsort((order, tour_of_stop))
    counts = np.bincount(tour_of_stop, minlength=len(ids))  # type: ignore[arg-type]
    firsts = sort[np.concatenate(([0], np.cumsum(counts)[:-1]))] if len(sort) else sort
    country_codes, countries = pd.factorize(frame["traveller_country"].take(firsts).astype(str))
    capitals = [tours.home_capital(str(iso3)) for iso3 in countries]  # patchable there
    homes = [capitals[code] for code in country_codes.tolist()]
    return TourIndex(pd.Series(ids), firsts, counts, homes)


def home_order(homes: list[Home | None]) -> tuple[list[Home], list[int]]:
    """The distinct home capitals (rounded, sorted: payload["homes"]) and each tour's index
    there (-1: none), per distinct home rather than per tour."""
    distinct = sorted({home for home in homes if home is not None})
    rounded = {home: (home[0], round(home[1], 4), round(home[2], 4)) for home in distinct}
    order = sorted(set(rounded.values()))
    index: dict[Home | None, int] = {home: order.index(value) for home, value in
                                     rounded.items()}
    index[None] = -1
    return order, [index[home] for home in homes]


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
    starts = np.asarray(columns.starts)[trips]
    counts = np.asarray(columns.ends)[trips] - starts
    runs = np.cumsum(counts) - counts  # where each tour's run begins in the flat table
    rows = np.arange(int(counts.sum())) - np.repeat(runs, counts) + np.repeat(starts, counts)
    taken = pa.array(rows, pa.int64())

    def text(column: pa.Array | pa.ChunkedArray) -> pd.Series:
        picked = pc.take(column, taken)
        if isinstance(picked, pa.ChunkedArray):
            picked = picked.combine_chunks()
        return pd.Series(pd.arrays.ArrowStringArray(pc.cast(picked, pa.large_string())))

    # the loader let in only URLs that model.safe_url keeps as they are: no per-URL check
    return counts, (text(columns.outlet), text(columns.title), text(columns.url),
                    text(columns.published))
