"""The frames of an animated export, drawn by the static map's own pieces (no browser).

Redrawing the whole print map for every frame costs ~0.15 s at 54 stops (outlines, label
placement, text layout). Here the map is drawn once with everything that changes over time
marked *animated*, which Agg leaves out; the rendered background is kept, and each frame
restores it and draws only the animated artists (routes, home squares, stops, the rings that
point out new arrivals, the date caption): blitting. Text is matplotlib's slowest artist, so the
place labels and the legend, which sit on top of stops and routes, live on a transparent overlay
of their own that is drawn again only when another place gets its label and is laid over each
frame with numpy. Labels are placed once, for the whole selection, and only shown once their
place has been visited, so they never jump about between frames.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba_array
from matplotlib.figure import Figure

from travelmap.days import day_numbers, from_day_number
from travelmap.export.animation import shown_count
from travelmap.export.quiet import library_warnings
from travelmap.export.static import (
    _RENDERING,
    STOP_SIZE,
    MapPlan,
    _draw_texts,
    _rc,
    base_figure,
    draw_homes,
    draw_labels,
    draw_legend,
    draw_stops,
    leg_lines,
    line_style,
    place_key,
    plan_map,
    route_collection,
    stop_xy,
)
from travelmap.filtering import MONTHS, Span, describe_counts, describe_span

LONG_SIDE_IN = 8.0  # the frame's long side in inches: sets how big text is next to the map
RING_SIZE = STOP_SIZE * 5  # a new arrival's ring, points²
GROUP_STOPS_OVER = 2_000  # stops drawn one collection per colour past this (see _stop_groups)


# Where the date caption may go, in axes fractions, in order of preference.
CAPTION_CORNERS = ((0.985, 0.975, "right", "top"), (0.015, 0.975, "left", "top"),
                   (0.985, 0.025, "right", "bottom"))
WIDEST_DAY = date(2000, 9, 28)  # the widest date a caption writes, to keep labels clear of it


@dataclass(frozen=True)
class _Layer:
    """A transparent picture kept only where it is not empty, ready to lay over frames: flat
    pixel indices, their colour premultiplied by alpha and how much of what is below shows."""

    index: np.ndarray  # row * width + column
    colour: np.ndarray  # n×3 float32, premultiplied
    keep: np.ndarray  # n×1 float32: 1 - alpha

    @classmethod
    def of(cls, rgba: np.ndarray) -> _Layer:
        """From Agg's RGBA buffer (straight alpha: matplotlib's Agg blends 'plain' pixels)."""
        index = np.flatnonzero(rgba[:, :, 3].reshape(-1))
        pixels = rgba.reshape(-1, 4)[index].astype(np.float32) / 255.0
        alpha = pixels[:, 3:4]
        return cls(index, pixels[:, :3] * alpha * 255.0, 1.0 - alpha)

    @classmethod
    def stack(cls, layers: list[_Layer], pixels: int) -> _Layer:
        """`layers` one over the other, the first at the bottom, as one layer."""
        colour = np.zeros((pixels, 3), np.float32)
        keep = np.ones((pixels, 1), np.float32)
        for layer in layers:
            colour[layer.index] = layer.colour + colour[layer.index] * layer.keep
            keep[layer.index] *= layer.keep
        index = np.flatnonzero(keep[:, 0] < 1.0)
        return cls(index, colour[index], keep[index])

    def over(self, pixels: np.ndarray) -> None:
        """Lay this layer over `pixels` (height×width×3 uint8), in place."""
        flat = pixels.reshape(-1, 3)
        flat[self.index] = np.rint(self.colour + flat[self.index] * self.keep).astype(np.uint8)


def _overlay_figure(plan: MapPlan, *, dpi: float) -> tuple[Figure, Any]:
    """A transparent figure of the same size with map axes of the same place and extent, but no
    sea, frame or outlines: what is drawn there lands exactly over the map."""
    layout = plan.layout
    figure = Figure(figsize=(layout.width_in, layout.height_in), dpi=dpi, facecolor="none")
    FigureCanvasAgg(figure)
    ax = figure.add_axes(layout.map_box.as_tuple())
    ax.set_xlim(layout.frame.x0, layout.frame.x1)
    ax.set_ylim(layout.frame.y0, layout.frame.y1)
    ax.set_aspect("auto")
    ax.set_axis_off()
    return figure, ax


def _arrival_order(days: np.ndarray) -> np.ndarray:
    """Things that appear over time, ordered by the day they appear (ties keep their order)."""
    return np.argsort(days, kind="stable")


class FrameRenderer:
    """Draws frames of the map of `stops` (rows with a position) at `size` pixels.

    `frame(time)` returns the picture on day `time` (a fractional day number) as an
    height×width×3 uint8 array; the same inputs always give the same pixels.
    """

    def __init__(self, stops: pd.DataFrame, *, size: tuple[int, int], title: str | None,
                 caption: str | None, unplaced: int = 0, by_month: bool = False,
                 colours: Mapping[str, str] | None = None, span: Span | None = None) -> None:
        self.size = size
        self.by_month = by_month
        width, height = size
        self.dpi = max(width, height) / LONG_SIDE_IN
        with _RENDERING, library_warnings(), matplotlib.rc_context(_rc()):
            self._build(stops, title=title, caption=caption, unplaced=unplaced,
                        colours=colours, span=span)

    def _build(self, stops: pd.DataFrame, *, title: str | None, caption: str | None,
               unplaced: int, colours: Mapping[str, str] | None, span: Span | None) -> None:
        width, height = self.size
        plan = plan_map(stops, title=title, caption=caption, width=width / self.dpi,
                        height=height / self.dpi, unplaced=unplaced, colours=colours,
                        aggregate=False)  # a frame shows the stops so far: none merged
        self.plan = plan
        figure, ax = base_figure(plan, dpi=self.dpi)
        self.figure, self.ax = figure, ax
        frame = plan.layout.frame
        _draw_texts(figure, plan.layout, plan.stops, title=title, footer=plan.footer, span=span)

        # Stops, in the order they arrive.
        start = day_numbers(plan.stops["start_date"])
        order = _arrival_order(start)
        self.stop_days = start[order]
        self.stop_xy = stop_xy(frame, plan.stops)[order]
        travellers = plan.stops["traveller"].astype(str).to_numpy()[order]
        self.stop_rgba = to_rgba_array([plan.colours[t] for t in travellers])
        trip_first = plan.stops.assign(_day=start).groupby("trip_id", sort=False)["_day"].min()
        self.trip_days = np.sort(trip_first.to_numpy())

        # Route legs, each on the day it is travelled.
        legs = [(day, route.traveller, line, line_style(mode)) for route in plan.routes
                for leg, day, mode in zip(route.legs, route.leg_days, route.leg_modes,
                                          strict=True)
                for line in leg_lines(frame, leg)]
        leg_order = _arrival_order(np.array([leg[0] for leg in legs], dtype=float))
        self.leg_days = np.array([legs[i][0] for i in leg_order], dtype=float)
        self.leg_lines = [legs[i][2] for i in leg_order]
        self.leg_colours = [plan.colours[legs[i][1]] for i in leg_order]
        self.leg_styles = [legs[i][3] for i in leg_order]
        self.routes = route_collection([], self.leg_colours[:1] or "#000000")
        ax.add_collection(self.routes)

        # Home capitals, from their traveller's first leg out.
        first_leg: dict[tuple[str, float, float], float] = {}
        for route in plan.routes:
            if route.home is not None and route.leg_days:
                day = float(min(route.leg_days))
                first_leg[route.home] = min(first_leg.get(route.home, day), day)
        homes = draw_homes(ax, plan)
        self.homes = [(first_leg.get(home, float("inf")), marker) for home, _, marker in homes]

        self.stop_groups = self._stop_groups(ax)
        self.rings = ax.scatter([], [], s=RING_SIZE, facecolors="none", linewidths=1.6,
                                zorder=4.5)
        self.caption = ax.text(0, 0, "", transform=ax.transAxes, fontsize=12, zorder=8,
                               fontweight="bold", color="#222222", linespacing=1.3,
                               bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#bbbbbb",
                                     "alpha": 0.9})
        points = np.vstack([self.stop_xy, *(np.array([xy]) for _, xy, _ in homes),
                            *self.leg_lines])
        box = self._place_caption(ax.transData.transform(points))
        self.overlay, overlay_ax = _overlay_figure(plan, dpi=self.dpi)
        labels = draw_labels(overlay_ax, plan, self.stop_xy,
                             np.array([xy for _, xy, _ in homes]).reshape(-1, 2), dpi=self.dpi,
                             avoid=box)
        place_day: dict[tuple[str, float, float], float] = {}
        for row, day in zip(plan.stops.itertuples(index=False), start, strict=True):
            key = place_key(str(row.place), float(row.lat), float(row.lon))
            place_day[key] = min(place_day.get(key, float(day)), float(day))
        for home, day in first_leg.items():
            place_day.setdefault(place_key(*home), day)
        self.labels = [(place_day.get(place_key(p.name, p.lat, p.lon), float("inf")), label)
                       for p, label in labels]
        legend = draw_legend(overlay_ax, plan)
        # Each label (and the legend) alone, once: a frame's overlay is then a numpy stack of
        # the ones it shows, never another matplotlib draw.
        self.overlay.canvas.draw()  # lays the legend out
        overlay = self.overlay.canvas.get_renderer()
        self.label_layers = []
        for item in [legend, *(label for _, label in labels)]:
            overlay.clear()
            overlay_ax.draw_artist(item)
            self.label_layers.append(_Layer.of(np.asarray(overlay.buffer_rgba())))
        self._layer: tuple[bytes, _Layer] | None = None

        self.animated = [self.routes, *(m for _, m in self.homes), self.rings,
                         *(group for _, group in self.stop_groups),
                         self.caption]
        for artist in self.animated:
            artist.set_animated(True)
        figure.canvas.draw()
        self.background = figure.canvas.copy_from_bbox(figure.bbox)
        self._shown_legs = -1

    def _stop_groups(self, ax: Any) -> list[tuple[np.ndarray, Any]]:
        """The stop markers as (rows, collection): one collection in arrival order, so a later
        stop covers an earlier one as on the print map; past GROUP_STOPS_OVER stops one per
        colour, which Agg stamps as one cached marker (~10× faster at 10,000 stops) at the cost
        of that order between colours."""
        rows = np.arange(len(self.stop_days))
        if len(rows) <= GROUP_STOPS_OVER:
            return [(rows, draw_stops(ax, self.stop_xy, list(self.stop_rgba)))]
        colours = [tuple(rgba) for rgba in self.stop_rgba]
        groups = []
        for colour in dict.fromkeys(colours):  # in order of first arrival
            members = rows[[c == colour for c in colours]]
            group = draw_stops(ax, self.stop_xy[members], [colour])
            group.set_facecolor(colour)
            groups.append((members, group))
        return groups

    def _place_caption(self, points: np.ndarray) -> np.ndarray:
        """Put the date caption in the map corner that hides the fewest stops and route points
        (top right when several hide none; the legend has the bottom left) and return its
        display box at its widest, which labels then stay clear of."""
        renderer = self.figure.canvas.get_renderer()
        self.caption.set_text(self._caption_text(0.0, long=True))
        pad = 0.3 * self.caption.get_fontsize() * self.dpi / 72.0 + 1.0
        best: tuple[int, np.ndarray, tuple[float, float, str, str]] | None = None
        for corner in CAPTION_CORNERS:
            x, y, ha, va = corner
            self.caption.set_position((x, y))
            self.caption.set_horizontalalignment(ha)
            self.caption.set_verticalalignment(va)
            extent = self.caption.get_window_extent(renderer).padded(pad)
            box = np.array([extent.x0, extent.y0, extent.x1, extent.y1])
            hidden = int(((points[:, 0] >= box[0]) & (points[:, 0] <= box[2])
                          & (points[:, 1] >= box[1]) & (points[:, 1] <= box[3])).sum())
            if best is None or hidden < best[0]:
                best = (hidden, box, corner)
        assert best is not None
        x, y, ha, va = best[2]
        self.caption.set_position((x, y))
        self.caption.set_horizontalalignment(ha)
        self.caption.set_verticalalignment(va)
        return best[1]

    def _caption_text(self, time: float, *, long: bool = False) -> str:
        """'19 June 2024' (or 'June 2024' a frame a month) over '12 stops on 7 trips'."""
        if long:
            return f"{describe_span(WIDEST_DAY, WIDEST_DAY)}\n" + describe_counts(
                len(self.stop_days), len(self.trip_days))
        day = from_day_number(int(np.floor(time)))
        when = f"{MONTHS[day.month - 1]} {day.year}" if self.by_month else describe_span(day, day)
        return f"{when}\n" + describe_counts(shown_count(self.stop_days, time),
                                             shown_count(self.trip_days, time))

    def frame(self, time: float, *, recent_since: float | None = None) -> np.ndarray:
        """The map on day `time`: stops that have started, legs travelled, labels of places
        visited; stops that arrived after `recent_since` get a fading ring."""
        with _RENDERING, library_warnings(), matplotlib.rc_context(_rc()):
            self._update(time, recent_since)
            canvas = self.figure.canvas
            canvas.restore_region(self.background)
            for artist in self.animated:
                self.ax.draw_artist(artist)
            pixels = np.array(np.asarray(canvas.buffer_rgba())[:, :, :3])
            self._overlay_layer(time).over(pixels)
            return pixels

    def _overlay_layer(self, time: float) -> _Layer:
        """The legend and the labels of places visited by `time`, stacked again only when
        another label shows."""
        shown = np.array([True, *(day <= time for day, _ in self.labels)], dtype=bool)
        key = shown.tobytes()
        if self._layer is None or self._layer[0] != key:
            width, height = self.size
            layers = [layer for layer, on in zip(self.label_layers, shown, strict=True) if on]
            self._layer = (key, _Layer.stack(layers, width * height))
        return self._layer[1]

    def _update(self, time: float, recent_since: float | None) -> None:
        legs = shown_count(self.leg_days, time)
        if legs != self._shown_legs:
            self.routes.set_segments(self.leg_lines[:legs])
            self.routes.set_color(self.leg_colours[:legs] or "#000000")
            self.routes.set_linestyle(self.leg_styles[:legs] or "solid")
            self._shown_legs = legs
        for day, marker in self.homes:
            marker.set_visible(day <= time)
        for rows, group in self.stop_groups:
            count = shown_count(self.stop_days[rows], time)
            group.set_offsets(self.stop_xy[rows[:count]])
            if len(self.stop_groups) == 1:
                group.set_facecolors(self.stop_rgba[:count])
        shown = shown_count(self.stop_days, time)
        since = time if recent_since is None else recent_since
        fresh = slice(shown_count(self.stop_days, since), shown)
        rgba = self.stop_rgba[fresh].copy()
        if len(rgba) and time > since:  # fade out as the arrival gets older
            rgba[:, 3] = 1.0 - 0.8 * (time - self.stop_days[fresh]) / (time - since)
        self.rings.set_offsets(self.stop_xy[fresh])
        self.rings.set_edgecolors(rgba)
        self.caption.set_text(self._caption_text(time))

