"""Every trip's sources held as Arrow text columns, one `TripSources` view per trip.

A million stops come with some 600,000 sources: as `Source` objects they cost ~1.5 s and ~300 MB
at load, and most outputs never look at them. The loader's fast path keeps them as four columns
(each trip's sources in one run) and gives the frame's `sources` column one small view per trip,
which reads its `Source` objects only when something asks for them (a popup, a trip list, an
export). The map's payload reads the columns themselves (`columns_of`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import repeat
from operator import attrgetter
from typing import overload

import numpy as np
import pyarrow as pa

from travelmap.model import Source

FIELDS: tuple[str, ...] = ("outlet", "title", "url", "published")


Text = pa.Array | pa.ChunkedArray
_COLUMNS, _TRIP = attrgetter("_columns"), attrgetter("_trip")


# Trips read one by one before the rest are made in one go: a popup or a trip list reads a few;
# an export walks them all, and 400,000 one-by-one reads cost ~40 µs each, all at once ~1 µs.
SINGLE_READS = 64


class SourceColumns:
    """outlet, title, url, published ("" where none) as Arrow text, trip by trip: trip i's
    sources are rows starts[i] to ends[i]. Every URL is one `model.safe_url` keeps as it is
    (the loader let no other in)."""

    __slots__ = ("_made", "_reads", "ends", "outlet", "published", "starts", "title", "url")

    def __init__(self, outlet: Text, title: Text, url: Text, published: Text, *,
                 starts: np.ndarray, ends: np.ndarray) -> None:
        self.outlet, self.title, self.url, self.published = outlet, title, url, published
        self.starts, self.ends = starts, ends
        self._reads = 0
        self._made: list[Source] | None = None

    def __len__(self) -> int:
        return len(self.outlet)

    def span(self, trip: int) -> tuple[int, int]:
        return int(self.starts[trip]), int(self.ends[trip])

    def runs(self, trips: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(first row, number of sources) of each of the trips numbered `trips`."""
        starts = np.asarray(self.starts, dtype=np.int64)[trips]
        return starts, np.asarray(self.ends, dtype=np.int64)[trips] - starts

    def rows(self, trips: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(number of sources of each of `trips`, the rows of all their sources, trip by trip):
        for taking whole columns' worth of those trips' sources at once."""
        starts, counts = self.runs(trips)
        begins = np.cumsum(counts) - counts  # where each trip's run begins among the rows
        return counts, (np.arange(int(counts.sum())) - np.repeat(begins, counts)
                        + np.repeat(starts, counts))

    def sources(self, trip: int) -> tuple[Source, ...]:
        """The `Source` objects of trip number `trip`: read alone for the first SINGLE_READS
        trips asked for, then from every source made at once."""
        start, stop = self.span(trip)
        if self._made is None and self._reads < SINGLE_READS:
            self._reads += 1
            outlet, title, url, published = (getattr(self, name).slice(start, stop - start)
                                             .to_pylist() for name in FIELDS)
            return tuple(map(Source, outlet, title, url, [day or None for day in published]))
        if self._made is None:
            self._made = self._every_source()
        return tuple(self._made[start:stop])

    def _every_source(self) -> list[Source]:
        """Every row as a Source; outlets and dates, few and repeated, one object each."""
        return list(map(Source, _shared(self.outlet), self.title.to_pylist(),
                        self.url.to_pylist(), _shared(self.published)))


def _shared(column: Text) -> list[str | None]:
    """The cells as Python strings, one object per distinct value, "" as None."""
    encoded = column.dictionary_encode()
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks() if encoded.num_chunks else pa.array(
            [], pa.dictionary(pa.int32(), pa.string()))
    distinct = np.array([value or None for value in encoded.dictionary.to_pylist()],
                        dtype=object)
    return list(distinct[encoded.indices.to_numpy(zero_copy_only=False)])


class TripSources(Sequence[Source]):
    """One trip's sources: a tuple of `Source` to every reader (equal to the tuple, same
    length, items, hash and repr), made from the shared columns on first use and kept."""

    __slots__ = ("_columns", "_made", "_trip")

    def __init__(self, columns: SourceColumns, trip: int) -> None:
        self._columns, self._trip = columns, trip
        self._made: tuple[Source, ...] | None = None

    def as_tuple(self) -> tuple[Source, ...]:
        if self._made is None:
            self._made = self._columns.sources(self._trip)
        return self._made

    def __len__(self) -> int:
        if self._made is not None:
            return len(self._made)
        start, stop = self._columns.span(self._trip)
        return stop - start

    @overload
    def __getitem__(self, index: int) -> Source: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Source, ...]: ...

    def __getitem__(self, index: int | slice) -> Source | tuple[Source, ...]:
        return self.as_tuple()[index]

    def __iter__(self) -> Iterator[Source]:
        return iter(self.as_tuple())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TripSources):
            other = other.as_tuple()
        if isinstance(other, tuple):
            return self.as_tuple() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return repr(self.as_tuple())


def shared_trips(cells: np.ndarray) -> tuple[SourceColumns, np.ndarray] | None:
    """When every cell is a view on one SourceColumns: those columns and each cell's trip
    number there (for readers of whole columns: the map's source table); else None."""
    try:
        shared = set(map(_COLUMNS, cells))  # SourceColumns hash by identity
    except AttributeError:  # a cell that is no view (a tuple, None)
        return None
    if len(shared) != 1 or not isinstance(columns := shared.pop(), SourceColumns):
        return None
    return columns, np.fromiter(map(_TRIP, cells), dtype=np.int64, count=len(cells))


def distinct_sources(cells: np.ndarray) -> int:
    """How many different sources (outlet, title, url, published) the cells name together:
    counted on the columns when every cell is a view on one SourceColumns, else on the
    Source objects."""
    shared = shared_trips(cells)
    if shared is None:
        return len({source for cell in cells for source in (cell or ())})
    columns, trips = shared
    _, rows = columns.rows(np.unique(trips))
    taken = pa.table({name: getattr(columns, name) for name in FIELDS}).take(pa.array(rows))
    return taken.group_by(list(FIELDS)).aggregate([]).num_rows


def trip_views(columns: SourceColumns) -> np.ndarray:
    """One view per trip of `columns` (an object array, for numpy's take). np.fromiter with
    the count given allocates the array once: twice as fast as filling it item by item (at
    400,000 trips, measured); without the count it grew by copies and raised the peak."""
    count = len(columns.starts)
    return np.fromiter(map(TripSources, repeat(columns), range(count)), dtype=object,
                       count=count)
