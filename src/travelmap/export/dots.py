"""The stop markers of a big print map, thinned to what can be seen: one dot per output pixel.

Stop markers are opaque, so of the stops that land on the same output pixel only the one drawn
last shows there; drawing that one alone looks the same and, at a million stops on a few thousand
places, is what keeps the map within seconds. When even the distinct pixels are too many to draw
one by one in their own colours (stops spread over the whole map), each colour's dots become
one marker collection, which Agg stamps from one cached marker instead of filling every path.
The map says what was merged (a footer line) and the legend keeps the true counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

AGGREGATE_OVER = 5_000  # stops: below this every stop gets its own marker, in row order
STAMP_OVER = 20_000  # dots: past this, one collection per colour (~20 µs a dot saved)


@dataclass(frozen=True)
class Dots:
    """The markers to draw: positions in map units and colour indices, in drawing order."""

    xy: np.ndarray  # m×2, map units
    colour: np.ndarray  # m, index into the palette the caller passed
    stops: int  # stops they stand for
    aggregated: bool  # stops on the same pixel were merged into the dot drawn last there

    @property
    def stamped(self) -> bool:
        """Drawn as one collection per colour (`groups`) instead of one in order."""
        return self.aggregated and len(self.xy) > STAMP_OVER

    def groups(self) -> list[tuple[int, np.ndarray]]:
        """(colour index, rows of `xy`) per colour, the colour whose last dot comes latest drawn
        last (on top), as a later stop covers an earlier one."""
        if not len(self.colour):
            return []
        last = np.full(int(self.colour.max()) + 1, -1)
        np.maximum.at(last, self.colour, np.arange(len(self.colour)))
        order = [int(c) for c in np.argsort(last, kind="stable") if last[c] >= 0]
        return [(c, np.flatnonzero(self.colour == c)) for c in order]


def thin(xy: np.ndarray, colour: np.ndarray, pixels: np.ndarray) -> Dots:
    """Of the stops (map units `xy`, colour index `colour`, in drawing order) that land on the
    same output pixel (`pixels`: their display coordinates), keep the last: the one that shows."""
    if not len(xy):
        return Dots(xy, colour, 0, aggregated=True)
    cells = np.floor(pixels).astype(np.int64)
    cells -= cells.min(axis=0)
    key = cells[:, 0] * (int(cells[:, 1].max()) + 1) + cells[:, 1]
    _, last = np.unique(key[::-1], return_index=True)
    keep = np.sort(len(key) - 1 - last)  # the last stop on each pixel, in the stops' order
    return Dots(xy[keep], colour[keep], len(xy), aggregated=True)
