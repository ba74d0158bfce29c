"""The static map for print (PNG, SVG, PDF), drawn by matplotlib alone: no browser, no tiles.

Country outlines come from the bundled Natural Earth base map, routes from `travelmap.tours`,
and the page carries what a printed map needs on its own: title, date range, legend, place labels
and a source line. SVG and PDF keep text as text, so labels stay searchable and editable.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation

from travelmap.alttext import alt_text
from travelmap.annotations import Annotation as Callout
from travelmap.errors import ExportError
from travelmap.export.alt import pdf_with_language, svg_with_text
from travelmap.export.arrows import arrow_collection, arrowheads
from travelmap.export.dots import AGGREGATE_OVER, Dots, thin
from travelmap.export.fonts import font_families, house_font_used
from travelmap.export.frame import Layout, MapFrame, plan_layout
from travelmap.export.labels import Label, place_labels
from travelmap.export.quiet import library_warnings
from travelmap.export.svg_layers import svg_layers
from travelmap.filtering import Span, date_span, describe_selection, describe_span
from travelmap.housefont import HouseFont
from travelmap.mapping import colours_for
from travelmap.mapping.palette import OTHER_TRAVELLERS
from travelmap.tours import ROUTE_LEG_LIMIT, Home, Leg, Tour, build_tours, has_position

StaticFormat = Literal["png", "svg", "pdf"]
SOURCE_LINE = "Sources: see trip list; base map: Natural Earth; places: GeoNames"
MAX_LABELS = 80  # beyond this a printed map is unreadable; the most visited places win
MAX_LEGEND = 12  # travellers named in the legend; more would cover the map
OCEAN, LAND, VISITED, BORDER = "#dde8f0", "#f4f1ea", "#e6dcc6", "#a7a7a7"
MAX_PIXELS = 16_000  # per side; Agg's limit is 65,536 and memory goes long before that
STOP_SIZE = 30.0  # marker area, points²
HOME_SIZE = 26.0


# rcParams are process-global: two dashboard sessions exporting at once must not restore each
# other's settings mid-save (an SVG would get its text as paths).
_RENDERING = threading.RLock()


def _rc() -> dict[str, Any]:
    """Settings that make the output portable and repeatable: text stays text, no dates/ids vary."""
    return {
        "font.family": list(font_families()),
        "svg.fonttype": "none",
        "svg.hashsalt": "travelmap",
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "path.simplify": True,
        "text.parse_math": False,  # names from data are text: "$5 & $6" is not TeX
    }


def _metadata(format: StaticFormat, title: str, alt: str) -> dict[str, Any]:
    if format == "png":
        return {"Software": None, "Title": title, "Description": alt}
    if format == "svg":
        return {"Date": None, "Creator": "travelmap"}  # <title>, <desc>: export/alt.py
    return {"CreationDate": None, "ModDate": None, "Creator": "travelmap", "Producer": None,
            "Title": title, "Subject": alt}


def subtitle(stops: pd.DataFrame, span: Span | None = None) -> str:
    """'17 July 2000 – 12 December 2025 · 53 stops on 35 trips': what the map covers, in the
    same words as the dashboard and the embed caption. With `span` (the window the reader asked
    for) its ends replace the data's: '--from 2023-03-17' reads '17 March 2023 – …'."""
    covered = date_span(stops)
    counts = describe_selection(stops)
    if covered is None:
        return counts
    first, last = covered
    if span is not None:
        first = span[0] if span[0] is not None else first
        last = span[1] if span[1] is not None else last
    return f"{describe_span(first, last)} · {counts}"


@dataclass(frozen=True)
class Place:
    """One labelled point: a stop's place or a traveller's home capital, counted once."""

    name: str
    lat: float
    lon: float
    visits: int
    home: bool


def place_key(name: str, lat: float, lon: float) -> tuple[str, float, float]:
    """What makes two rows one labelled place: the same name at the same spot (~1 km)."""
    return name.casefold(), round(lat, 2), round(lon, 2)


def places(stops: pd.DataFrame, routes: Iterable[Tour]) -> list[Place]:
    """Distinct places, most visited first; a place seen twice is labelled once.

    The rows are first counted by exact (place, lat, lon) with pandas, so a million stops at a
    few thousand places cost one group-by; `place_key` then merges spellings and spots."""
    counts: dict[tuple[str, float, float], list[Any]] = {}
    codes, names = pd.factorize(stops["place"], use_na_sentinel=False)
    distinct = (pd.DataFrame({"place": codes,
                              "lat": stops["lat"].to_numpy(dtype=np.float64, na_value=np.nan),
                              "lon": stops["lon"].to_numpy(dtype=np.float64, na_value=np.nan)})
                .groupby(["place", "lat", "lon"], sort=False, dropna=False).size())
    for (code, lat, lon), visits in distinct.items():
        place = str(names[code])
        key = place_key(place, float(lat), float(lon))
        entry = counts.setdefault(key, [place, float(lat), float(lon), 0, False])
        entry[3] += int(visits)
    for name, lat, lon in sorted({route.home for route in routes if route.home is not None}):
        key = place_key(name, lat, lon)
        near = next((k for k in counts if abs(k[1] - key[1]) < 0.3 and abs(k[2] - key[2]) < 0.3),
                    None)
        if near is None:
            counts[key] = [name, lat, lon, 0, True]
    ordered = sorted(counts.values(), key=lambda e: (-e[3], e[4], e[0]))
    return [Place(name, lat, lon, visits, home) for name, lat, lon, visits, home in ordered]


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    """Outer rings of a Polygon/MultiPolygon (holes are rare at this scale and drawn over)."""
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"][0]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield polygon[0]


def _draw_countries(ax: Any, frame: MapFrame, visited: set[str]) -> None:
    """Country outlines, drawn at −360°, 0 and +360° so any map centre shows the whole world."""
    from travelmap.context import load_countries

    view_x = (frame.x0 / frame.cos_lat, frame.x1 / frame.cos_lat)
    polygons: dict[bool, list[np.ndarray]] = {True: [], False: []}
    for feature in load_countries()["features"]:
        if not feature.get("geometry"):
            continue
        is_visited = str(feature.get("properties", {}).get("iso3")) in visited
        for ring in _rings(feature["geometry"]):
            coords = np.asarray(ring, dtype=float)[:, :2]
            lo, hi = coords[:, 0].min(), coords[:, 0].max()
            for shift in (-360.0, 0.0, 360.0):
                if hi + shift < view_x[0] or lo + shift > view_x[1]:
                    continue
                if coords[:, 1].max() < frame.y0 or coords[:, 1].min() > frame.y1:
                    continue
                xy = np.column_stack(((coords[:, 0] + shift) * frame.cos_lat, coords[:, 1]))
                polygons[is_visited].append(xy)
    for is_visited, colour, gid in ((False, LAND, "countries-land"),
                                    (True, VISITED, "countries-host")):
        if polygons[is_visited]:
            ax.add_collection(PolyCollection(polygons[is_visited], facecolors=colour,
                                             edgecolors=BORDER, linewidths=0.4, zorder=1,
                                             gid=gid))


def _draw_routes(ax: Any, frame: MapFrame, routes: Iterable[Tour],
                 colours: dict[str, str]) -> None:
    """Great-circle routes, one collection per traveller, with an arrowhead half-way along each
    leg; a route that leaves the map on one side (data around the whole globe) is drawn again
    where it comes back in on the other."""
    lines: dict[str, list[np.ndarray]] = {}
    styles: dict[str, list[Any]] = {}
    legs: dict[str, list[Leg]] = {}
    for route in routes:
        for leg, mode in zip(route.legs, route.leg_modes, strict=True):
            drawn = leg_lines(frame, leg)
            lines.setdefault(route.traveller, []).extend(drawn)
            styles.setdefault(route.traveller, []).extend([line_style(mode)] * len(drawn))
        legs.setdefault(route.traveller, []).extend(route.legs)
    number = {name: index for index, name in enumerate(colours)}
    for traveller, segments in sorted(lines.items()):
        # each traveller's lines, then their arrowheads: one group per traveller in an SVG
        collection = route_collection(segments, colours[traveller], styles[traveller])
        collection.set_gid(f"routes-{number[traveller]}")
        collection.set_label(traveller)  # the title of the traveller's group in an SVG
        ax.add_collection(collection)
        arrows = arrow_collection(arrowheads(ax, frame, legs[traveller]), colours[traveller])
        arrows.set_gid(f"arrows-{number[traveller]}")
        ax.add_collection(arrows)


def leg_lines(frame: MapFrame, leg: Leg) -> list[np.ndarray]:
    """One leg's pieces in map units, each also shifted a world east or west where that copy
    shows on the map."""
    world = 360.0 * frame.cos_lat
    lines = []
    for piece in leg:
        xy = np.column_stack(frame.line_xy(piece))
        for shift in (-world, 0.0, world):
            if xy[:, 0].max() + shift >= frame.x0 and xy[:, 0].min() + shift <= frame.x1:
                lines.append(xy + [shift, 0.0])
    return lines


# How a leg's travel_mode is drawn (the interactive map's dash patterns, in points): by air or
# unknown solid, rail dashed, road short dashes, sea dotted.
MODE_STYLES: dict[str, Any] = {"": "solid", "air": "solid", "rail": (0, (5, 2.5)),
                               "road": (0, (2, 1.6)), "sea": (0, (0.6, 1.8))}
MODE_LABELS: dict[str, str] = {"rail": "by rail", "road": "by road", "sea": "by sea"}


def line_style(mode: str) -> Any:
    return MODE_STYLES.get(mode, "solid")


def route_collection(segments: list[np.ndarray], colours: str | list[str],
                     styles: list[Any] | None = None) -> LineCollection:
    """Route lines as the static map draws them (one style for print and animation); `styles`
    gives each segment its travel mode's dash pattern."""
    return LineCollection(segments, colors=colours, linewidths=1.3, alpha=0.85,
                          linestyles=styles or "solid", capstyle="round", zorder=3)


TITLE_LINE_IN = 0.27  # 14 pt bold, with leading


def _title_lines(title: str | None, width_in: float) -> list[str]:
    """The title wrapped to the page (~8 characters of 14 pt bold per inch), at most 2 lines."""
    if not title:
        return []
    lines = textwrap.wrap(title, max(int(width_in * 8), 20)) or [title]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), max(int(width_in * 8), 20),
                                            placeholder=" …")]
    return lines


def _header_height(title_lines: list[str]) -> float:
    return 0.48 + TITLE_LINE_IN * len(title_lines) if title_lines else 0.5


def _footer_lines(caption: str | None, width_in: float) -> list[str]:
    chars = max(int(width_in * 15), 30)  # ~7.5 pt text
    lines = textwrap.wrap(caption, chars) if caption else []
    return [*lines, SOURCE_LINE]


def render_static(
    stops: pd.DataFrame,
    *,
    format: StaticFormat = "png",
    title: str | None = None,
    caption: str | None = None,
    width: float = 11.0,
    height: float = 7.5,
    dpi: int = 150,
    colours: Mapping[str, str] | None = None,
    span: Span | None = None,
    annotations: Sequence[Callout] = (),
    font: HouseFont | None = None,
) -> bytes:
    """The map of `stops` as PNG, SVG or PDF bytes, `width`×`height` inches at `dpi`.

    `colours` fixes traveller colours (a dataset's, so a subset keeps them); `span` is the
    (start, end) the reader asked for (either may be None), which the subtitle states;
    `annotations` are drawn as callouts; `font` (`travelmap.housefont.house_font`) is the
    house font, ahead of the fallbacks.

    >>> png = render_static(load_trips(), format="png", title="Visits", dpi=200)  # doctest: +SKIP
    """
    buffer = io.BytesIO()
    name = " ".join((title or "").split()) or "Map of trips"
    alt = alt_text(stops, title=title, caption=caption)
    with _RENDERING, library_warnings(), house_font_used(font):
        figure, _ = draw_map(stops, title=title, caption=caption, width=width, height=height,
                             dpi=dpi, colours=colours, span=span, annotations=annotations)
        with matplotlib.rc_context(_rc()):
            figure.savefig(buffer, format=format, dpi=dpi, metadata=_metadata(format, name, alt))
    data = buffer.getvalue()
    if format == "svg":  # layers for editors (export/svg_layers.py), text alternatives (alt.py)
        routes = {int(c.get_gid()[len("routes-"):]): str(c.get_label())
                  for ax in figure.axes for c in ax.collections
                  if str(c.get_gid()).startswith("routes-")}
        return svg_with_text(svg_layers(data, routes), title=name, description=alt)
    return pdf_with_language(data) if format == "pdf" else data


def draw_map(stops: pd.DataFrame, *, title: str | None, caption: str | None, width: float,
             height: float, dpi: int, colours: Mapping[str, str] | None = None,
             span: Span | None = None,
             annotations: Sequence[Callout] = ()) -> tuple[Figure, Layout]:
    """Draw the map on a new Figure (not pyplot: no global state, no GUI backend) and return it
    with its layout, so callers can find where a place landed."""
    if width <= 0 or height <= 0 or dpi <= 0:
        raise ExportError(f"width, height and dpi must be positive, got {width}×{height} in "
                          f"at {dpi} dpi")
    if max(width, height) * dpi > MAX_PIXELS:
        raise ExportError(f"{width}×{height} in at {dpi} dpi is more than {MAX_PIXELS} pixels "
                          "on a side: lower --dpi or the size")
    positioned = stops[has_position(stops)]
    if positioned.empty:
        raise ExportError("none of the selected stops has coordinates: nothing to draw")
    with _RENDERING, library_warnings(), matplotlib.rc_context(_rc()):
        return _draw(positioned, title=title, caption=caption, width=width, height=height,
                     dpi=dpi, unplaced=len(stops) - len(positioned), colours=colours, span=span,
                     annotations=annotations)


def _draw(stops: pd.DataFrame, *, title: str | None, caption: str | None, width: float,
          height: float, dpi: int, unplaced: int, colours: Mapping[str, str] | None,
          span: Span | None, annotations: Sequence[Callout] = ()) -> tuple[Figure, Layout]:
    plan = plan_map(stops, title=title, caption=caption, width=width, height=height,
                    unplaced=unplaced, colours=colours)
    figure, ax = base_figure(plan, dpi=dpi)
    _draw_routes(ax, plan.layout.frame, plan.routes, plan.colours)
    homes = draw_homes(ax, plan)
    dots = stop_dots(ax, plan, aggregate=plan.aggregated)
    draw_dots(ax, dots, list(plan.colours.values()))
    # The legend first: labels then keep off it as they keep off markers (a name half under the
    # legend cannot be read).
    legend = draw_legend(ax, plan, counts=dots.aggregated, arrows=True).get_window_extent(
        figure.canvas.get_renderer())
    labelled = draw_labels(ax, plan, dots.xy, np.array([frame_xy for _, frame_xy, _ in homes]),
                           dpi=dpi, distinct=dots.aggregated,
                           text=np.array([legend.x0, legend.y0, legend.x1, legend.y1]))
    note_unlabelled(ax, len(plan.places) - len(labelled))
    draw_annotations(ax, plan.layout.frame, annotations)
    _draw_texts(figure, plan.layout, stops, title=title, footer=plan.footer, span=span)
    return figure, plan.layout


def draw_annotations(ax: Any, frame: MapFrame, annotations: Sequence[Callout]) -> None:
    """Each callout in a white box with a leader line to its point, above it and towards the
    map's middle (so it stays on the page); text as written, never read as TeX."""
    middle = (frame.x0 + frame.x1) / 2
    for number, note in enumerate(annotations):
        x, y = frame.xy(note.lat, note.lon)
        if not (frame.x0 <= x <= frame.x1 and frame.y0 <= y <= frame.y1):
            continue  # off this map's extent (a story's callout for another view)
        dx = 18 if x <= middle else -18
        ax.annotate(note.text, xy=(x, y), xytext=(dx, 22), textcoords="offset points",
                    ha="left" if dx > 0 else "right", va="bottom", fontsize=8, color="#111111",
                    usetex=False, parse_math=False, wrap=True, zorder=7,
                    bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#333333",
                          "lw": 0.6},
                    arrowprops={"arrowstyle": "-", "color": "#333333", "lw": 0.8,
                                "shrinkA": 0, "shrinkB": 2},
                    gid=f"annotation-{number}")


def stop_dots(ax: Any, plan: MapPlan, *, aggregate: bool) -> Dots:
    """The stop markers to draw: every stop, or when `aggregate` the one that shows on each
    pixel (the page then says so, and the legend counts the stops)."""
    xy = stop_xy(plan.layout.frame, plan.stops)
    palette = {name: index for index, name in enumerate(plan.colours)}
    found, names = pd.factorize(plan.stops["traveller"])
    codes = np.array([palette[str(name)] for name in names], dtype=np.int64)[found]
    if not aggregate:
        return Dots(xy, codes, len(xy), aggregated=False)
    return thin(xy, codes, ax.transData.transform(xy))


def draw_dots(ax: Any, dots: Dots, palette: list[str]) -> list[Any]:
    """The dots in one collection in order (a later stop covers an earlier one), or, when they
    are too many for that, one collection per colour, which Agg stamps from one cached marker."""
    if not dots.stamped:
        drawn = [draw_stops(ax, dots.xy, [palette[c] for c in dots.colour])]
    else:
        drawn = [draw_stops(ax, dots.xy[rows], [palette[colour]])
                 for colour, rows in dots.groups()]
    for number, collection in enumerate(drawn):
        collection.set_gid(f"stops-{number}")
    return drawn


UNLABELLED_NOTE = ("{count} place name{s} left out to keep the labels readable; every place is in "
                   "the trip list")


def note_unlabelled(ax: Any, count: int) -> None:
    """Say how many places go unnamed (crowded, or past MAX_LABELS): a label is never dropped
    without a word."""
    if count <= 0:
        return
    ax.text(0.995, 0.008, UNLABELLED_NOTE.format(count=count, s="s" if count != 1 else ""),
            transform=ax.transAxes, ha="right", va="bottom", fontsize=6.5, color="#333333",
            zorder=7, gid="label-note", bbox={"boxstyle": "round,pad=0.2", "fc": "white",
                                              "ec": "none", "alpha": 0.85})


AGGREGATED_NOTE = ("Stops that fall on the same pixel are drawn as one dot, the latest on top "
                   "as always; the legend counts every stop.")


@dataclass(frozen=True)
class MapPlan:
    """What a map of a selection is drawn from, worked out once: the print export draws it in
    one go, the animation (`travelmap.export.animation`) draws the same map frame by frame."""

    stops: pd.DataFrame  # the rows with a position
    routes: list[Tour]  # tours whose legs are drawn (none past ROUTE_LEG_LIMIT)
    colours: dict[str, str]  # traveller -> colour, the same as the interactive map's
    footer: list[str]
    layout: Layout
    places: list[Place]  # what could be labelled, most visited first (`places`)
    stop_counts: dict[str, int]  # traveller -> stops, for a legend that counts
    aggregated: bool = False  # only the stop that shows on each pixel is drawn (`dots.thin`)


def plan_map(stops: pd.DataFrame, *, title: str | None, caption: str | None, width: float,
             height: float, unplaced: int, colours: Mapping[str, str] | None = None,
             aggregate: bool = True) -> MapPlan:
    """Tours, colours, footer lines and a layout framing every stop and route of `stops`.

    With `aggregate` (the print map; the animation draws every stop) a selection of more than
    AGGREGATE_OVER stops is drawn one dot per pixel (the one on top), and the footer says so."""
    footer = _footer_lines(caption, width)
    if unplaced:
        footer.insert(-1, f"Not shown: {unplaced} stop{'s' if unplaced != 1 else ''} whose place "
                          "could not be located offline (see `travelmap geocode`).")
    aggregated = aggregate and len(stops) > AGGREGATE_OVER
    if aggregated:
        footer.insert(-1, AGGREGATED_NOTE)
    between = len(stops) - int(stops["trip_id"].nunique())  # legs from stop to stop, no homes
    if between > ROUTE_LEG_LIMIT:
        # Too many whatever the home capitals add: neither the tours nor the capitals (a
        # gazetteer look-up per country) are worked out for routes that will not be drawn.
        routes: list[Tour] = []
        footer.insert(-1, f"Routes not drawn: {between:,} legs between stops (and the journeys "
                          "from and to home) are too many to read; filter the data to see them.")
    else:
        tours = build_tours(stops)
        routes = list(tours.tours) if tours.drawn else []
        if tours.too_many:
            footer.insert(-1, f"Routes not drawn: {tours.leg_count:,} legs are too many to "
                              "read; filter the data to see them.")
    points = np.column_stack((stops["lat"].to_numpy(dtype=np.float64, na_value=np.nan),
                              stops["lon"].to_numpy(dtype=np.float64, na_value=np.nan)))
    route_points = [point for route in routes for segment in route.pieces for point in segment]
    if route_points:
        points = np.vstack((points, np.array(route_points, dtype=np.float64)))
    layout = plan_layout(points, width_in=width, height_in=height,
                         top_in=_header_height(_title_lines(title, width)),
                         bottom_in=0.2 + 0.14 * len(footer))
    found, names = pd.factorize(stops["traveller"])  # NA is -1: no traveller, no colour
    counts: dict[str, int] = {}
    for name, count in zip(names, np.bincount(found[found >= 0], minlength=len(names)),
                           strict=True):
        counts[str(name)] = counts.get(str(name), 0) + int(count)
    palette = colours_for(counts, colours)
    return MapPlan(stops, routes, palette, footer, layout, places(stops, routes), counts,
                   aggregated)


def base_figure(plan: MapPlan, *, dpi: float) -> tuple[Figure, Any]:
    """A new Figure (not pyplot: no global state, no GUI backend) with an Agg canvas and the map
    axes: sea, frame and the country outlines, shaded where the selection visits."""
    layout = plan.layout
    figure = Figure(figsize=(layout.width_in, layout.height_in), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    ax = figure.add_axes(layout.map_box.as_tuple())
    frame = layout.frame
    ax.set_xlim(frame.x0, frame.x1)
    ax.set_ylim(frame.y0, frame.y1)
    ax.set_aspect("auto")
    ax.set_facecolor(OCEAN)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#8a8a8a")
        spine.set_linewidth(0.6)
    _draw_countries(ax, frame, {str(c) for c in pd.unique(plan.stops["host_country"].dropna())})
    return figure, ax


def draw_homes(ax: Any, plan: MapPlan) -> list[tuple[Home, tuple[float, float], Any]]:
    """A white square per home capital, edged in the colour of (one of) its travellers:
    (home, map position, its marker) for each."""
    homes = {route.home: route.traveller for route in plan.routes if route.home is not None}
    drawn = []
    for number, (home, traveller) in enumerate(sorted(homes.items())):
        x, y = plan.layout.frame.xy(home[1], home[2])
        marker = ax.scatter([x], [y], s=HOME_SIZE, marker="s", facecolors="white",
                            edgecolors=plan.colours[traveller], linewidths=1.4, zorder=4,
                            gid=f"home-{number}")
        drawn.append((home, (x, y), marker))
    return drawn


def stop_xy(frame: MapFrame, stops: pd.DataFrame) -> np.ndarray:
    """The stops' positions in map units, one row each."""
    return frame.xy_array(stops["lat"].to_numpy(dtype=np.float64, na_value=np.nan),
                          stops["lon"].to_numpy(dtype=np.float64, na_value=np.nan))


def draw_stops(ax: Any, xy: np.ndarray, colours: list[str]) -> Any:
    """The stop markers: filled in their traveller's colour, edged white to part neighbours."""
    return ax.scatter(xy[:, 0], xy[:, 1], s=STOP_SIZE, c=colours, edgecolors="white",
                      linewidths=0.7, zorder=5)


def draw_labels(ax: Any, plan: MapPlan, xy: np.ndarray, home_xy: np.ndarray, *, dpi: float,
                avoid: np.ndarray | None = None, distinct: bool = False,
                text: np.ndarray | None = None) -> list[tuple[Place, Annotation]]:
    """Place names, most visited first, kept off every marker (and the display-space boxes in
    `avoid`) and off other text (boxes in `text`, as off each other); returns each label drawn
    with its place. With `distinct`, markers on the same pixel are one obstacle (a merged map:
    thousands of stops on one city are one dot)."""
    renderer = ax.figure.canvas.get_renderer()
    frame = plan.layout.frame
    radius = (STOP_SIZE ** 0.5) / 2 * dpi / 72.0
    # Home capitals are markers too: a stop's label on Moscow's square would name the wrong city.
    centres = ax.transData.transform(np.vstack((xy.reshape(-1, 2), home_xy.reshape(-1, 2))))
    if distinct:
        centres = np.unique(np.round(centres), axis=0)
    obstacles = np.column_stack((centres - radius, centres + radius))
    if avoid is not None:
        obstacles = np.vstack((obstacles, avoid.reshape(-1, 4)))
    chosen = plan.places[:MAX_LABELS]
    # whitespace as one space: a tab or newline in a name is no glyph (an empty box) on paper
    labels = [Label(" ".join(p.name.split()) or p.name, *frame.xy(p.lat, p.lon),
                    weight="normal" if p.home else "bold",
                    colour="#555555" if p.home else "#222222") for p in chosen]
    by_label = {(label.text, label.x, label.y): place
                for label, place in zip(labels, chosen, strict=True)}
    drawn = place_labels(ax, labels, renderer=renderer, obstacles=obstacles, text=text)
    return [(by_label[(a.get_text(), *a.xy)], a) for a in drawn]


def draw_legend(ax: Any, plan: MapPlan, *, counts: bool = False, arrows: bool = False) -> Any:
    """Who is who: a line and dot per traveller (at most MAX_LEGEND; the travellers drawn in the
    palette's grey as one "N other travellers" entry), the home square and the shading of host
    countries;
    with `counts` each traveller's number of stops (a merged map's dots cannot be counted),
    with `arrows` what the arrowheads on the routes mean (when there are routes)."""
    colours = plan.colours
    # Travellers past the palette share its grey (`palette.assign_colours`): one entry names
    # them as a group, the coloured ones come first, most stops first.
    coloured = sorted(((name, colour) for name, colour in colours.items()
                       if colour != OTHER_TRAVELLERS),
                      key=lambda item: (-plan.stop_counts.get(item[0], 0), item[0]))
    grouped = [name for name, colour in colours.items() if colour == OTHER_TRAVELLERS]
    shown = coloured if grouped else list(colours.items())
    if len(shown) > MAX_LEGEND:
        shown = shown[:MAX_LEGEND - 1]

    def named(name: str) -> str:
        stops = plan.stop_counts.get(name, 0)
        text = " ".join(name.split()) or name
        return f"{text} ({stops:,} stop{'s' if stops != 1 else ''})" if counts else text

    handles = [Line2D([], [], marker="o", linestyle="-", color=colour, markeredgecolor="white",
                      markersize=6, linewidth=1.3, label=named(name)) for name, colour in shown]
    rest = [name for name in colours if name not in dict(shown)]
    if rest:
        stops = sum(plan.stop_counts.get(name, 0) for name in rest)
        label = f"{len(rest):,} other traveller{'s' if len(rest) != 1 else ''}"
        if counts or grouped:
            label += f" ({stops:,} stop{'s' if stops != 1 else ''})"
        handles.append(Line2D([], [], marker="o", linestyle="-" if grouped else "none",
                              color=OTHER_TRAVELLERS if grouped else "none",
                              markeredgecolor="white", markersize=6, linewidth=1.3,
                              label=label))
    if any(route.home is not None for route in plan.routes):
        handles.append(Line2D([], [], marker="s", linestyle="none", color="#555555",
                              markerfacecolor="white", markersize=5, label="home capital"))
    if plan.stops["host_country"].notna().any():  # the shading drawn by base_figure
        handles.append(Patch(facecolor=VISITED, edgecolor=BORDER, linewidth=0.4,
                             label="host countries"))
    if arrows and any(route.legs for route in plan.routes):
        handles.append(Line2D([], [], marker=">", linestyle="-", color="#555555",
                              markeredgecolor="white", markersize=5, linewidth=1.0,
                              markevery=[1], label="direction of travel"))
    used = {mode for route in plan.routes for mode in route.leg_modes}
    handles += [Line2D([], [], linestyle=MODE_STYLES[mode], color="#555555", linewidth=1.3,
                       label=label) for mode, label in MODE_LABELS.items() if mode in used]
    legend = ax.legend(handles=handles, loc="lower left", fontsize=7.5, title="Travellers",
                       title_fontsize=8, framealpha=0.9, edgecolor="#bbbbbb")
    legend.set_gid("legend-box")
    return legend


def _draw_texts(figure: Figure, layout: Layout, stops: pd.DataFrame, *, title: str | None,
                footer: list[str], span: Span | None = None) -> None:
    left = layout.map_box.left
    top = 1.0 - 0.12 / layout.height_in
    heading = subtitle(stops, span)
    lines = _title_lines(title, layout.width_in)
    if lines:
        for number, line in enumerate(lines):
            figure.text(left, top - number * TITLE_LINE_IN / layout.height_in, line, fontsize=14,
                        fontweight="bold", va="top", ha="left", gid=f"title-{number}")
        figure.text(left, top - (0.07 + TITLE_LINE_IN * len(lines)) / layout.height_in,
                    heading, fontsize=9, color="#444444", va="top", ha="left", gid="title-sub")
    else:
        figure.text(left, top, heading, fontsize=10, color="#333333", va="top", ha="left",
                    gid="title-sub")
    y = 0.1 / layout.height_in
    for number, line in enumerate(reversed(footer)):
        colour = "#666666" if line == SOURCE_LINE else "#333333"
        figure.text(left, y, line, fontsize=7 if line == SOURCE_LINE else 7.5, color=colour,
                    va="bottom", ha="left", gid=f"note-{len(footer) - 1 - number}")
        y += 0.14 / layout.height_in
