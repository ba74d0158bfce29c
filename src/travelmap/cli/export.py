"""`travelmap export` and `travelmap embed`: load, filter, then hand over to the export library.

Only argument parsing and error presentation live here; the same filters as the dashboard come
from `travelmap.filtering`, and an empty selection is reported with the filter that emptied it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
import pandas as pd

from travelmap.annotations import Annotation
from travelmap.cli import fail, main
from travelmap.errors import ExportError, TravelmapError
from travelmap.export import FORMATS
from travelmap.filtering import Span, filter_stops, selection_title
from travelmap.housefont import HouseFont, house_font
from travelmap.loading import load_trips
from travelmap.model import VISIT_TYPES
from travelmap.story import Step


def _selection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The CSV arguments and the dashboard's filters, shared by `export` and `embed`."""
    decorators = [
        click.argument("csv_files", metavar="[CSV]...", nargs=-1,
                       type=click.Path(dir_okay=False, exists=True, path_type=Path)),
        click.option("--sources", type=click.Path(dir_okay=False, path_type=Path),
                     help="Sources CSV (default: sources.csv next to each trips CSV)."),
        click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="Place stops with this place cache CSV alone (read only here; "
                          "default: yours over the bundled one)."),
        click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
                     help="Keep stops that end on or after this day (YYYY-MM-DD)."),
        click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
                     help="Keep stops that start on or before this day (YYYY-MM-DD)."),
        click.option("--traveller", "travellers", multiple=True, metavar="NAME",
                     help="Keep this traveller, as written in the data (repeatable)."),
        click.option("--country", "countries", multiple=True, metavar="ISO3",
                     help="Keep stops in this host country, e.g. PRK (repeatable)."),
        click.option("--visit-type", "visit_types", multiple=True,
                     type=click.Choice(list(VISIT_TYPES)),
                     help="Keep this visit type (repeatable)."),
        click.option("--title", help="Title shown on the map."),
        click.option("--caption", help="A line of text shown under the map."),
        click.option("--tiles", metavar="NAME", help="Background tiles of the HTML map "
                     "(default: the offline base map; tile layers need the network)."),
        click.option("--show-date", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
                     help="Day the HTML map's timeline opens at (default: the last day)."),
        click.option("--window", "window_days", type=click.IntRange(min=1), metavar="DAYS",
                     help="Open the HTML map showing only trips within DAYS before that day "
                          "(default: every trip up to it)."),
        click.option("--icc/--no-icc", "icc_overlay", default=True, show_default=True,
                     help="Shade the ICC's states parties on the HTML map (a context layer)."),
        click.option("--story", "story_file", type=click.Path(dir_okay=False, path_type=Path),
                     metavar="CSV", help="Story steps for the HTML map: a CSV of title, text, "
                     "start, end, traveller, trip_id, view (previous/next, arrow keys)."),
        click.option("--font", "font_spec", metavar="FAMILY|FILE",
                     help="House font of the map: an installed family (e.g. 'Source Serif 4') "
                          "or a .ttf/.otf file, which the HTML map then carries inline."),
        click.option("--annotations", "annotations_file",
                     type=click.Path(dir_okay=False, path_type=Path), metavar="CSV",
                     help="Callouts on the map: a CSV of text and what it points at "
                          "(trip_id + stop_order, place [+ host_country], or lat + lon)."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _names(values: Any) -> str:
    return ", ".join(sorted({str(v) for v in values if not pd.isna(v)})) or "none"


def select_stops(stops: pd.DataFrame, *, start: datetime | None, end: datetime | None,
                 travellers: tuple[str, ...], countries: tuple[str, ...],
                 visit_types: tuple[str, ...]) -> pd.DataFrame:
    """Filter like the dashboard; when nothing is left, say which filter emptied the selection."""
    steps: list[tuple[str, dict[str, Any], str]] = [
        ("--from/--to", {"start": start, "end": end}, "the data covers {span}"),
        ("--traveller", {"travellers": travellers or None}, "travellers there: {travellers}"),
        ("--country", {"countries": countries or None}, "host countries there: {countries}"),
        ("--visit-type", {"visit_types": visit_types or None}, "visit types there: {types}"),
    ]
    applied: dict[str, Any] = {}
    remaining = stops
    for option, values, hint in steps:
        if all(v is None for v in values.values()):
            continue
        applied.update(values)
        selected = filter_stops(stops, **applied)
        if selected.empty:
            shown = " ".join(_shown(v) for v in values.values() if v is not None)
            before = "the data" if remaining is stops else "the stops the earlier filters kept"
            span = (f"{remaining['start_date'].min():%Y-%m-%d} to "
                    f"{remaining['end_date'].max():%Y-%m-%d}") if len(remaining) else "nothing"
            detail = hint.format(span=span, travellers=_names(remaining["traveller"]),
                                 countries=_names(remaining["host_country"]),
                                 types=_names(remaining["visit_type"]))
            raise ExportError(f"no stops match {option} {shown}: none of the {len(remaining)} "
                              f"stops in {before} do ({detail})")
        remaining = selected
    return remaining


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, tuple):
        return ", ".join(repr(v) for v in value)
    return str(value)


def _day(value: datetime | None) -> str | None:
    return None if value is None else f"{value:%Y-%m-%d}"


def refuse_to_overwrite_inputs(output: Path, csv_files: tuple[Path, ...],
                               sources: Path | None, story: Path | None = None,
                               cache_path: Path | None = None,
                               annotations: Path | None = None) -> None:
    """An output may never replace what the same command reads: the trips, their sources, a
    story or the place cache (`export trips.csv -o trips.csv` would lose every source's outlet
    and title)."""
    from travelmap.geocoding import bundled_cache_path, user_cache_path
    from travelmap.model import SOURCES_FILENAME, bundled_trips_path

    trips = list(csv_files) or [bundled_trips_path()]
    inputs = [(path, "the trips CSV") for path in trips]
    inputs += [(sources, "the sources CSV")] if sources else [
        (path.with_name(SOURCES_FILENAME), "the sources CSV") for path in trips]
    inputs += [(bundled_cache_path(), "the place cache"), (user_cache_path(), "the place cache")]
    inputs += [(story, "the story CSV")] if story else []
    inputs += [(cache_path, "the place cache")] if cache_path else []
    inputs += [(annotations, "the annotations CSV")] if annotations else []
    target = output.resolve()
    for path, role in inputs:
        if path.resolve() == target:
            raise ExportError(f"refusing to write {str(output)!r}: it is {role} this command "
                              "reads; choose another output file")


@dataclass(frozen=True)
class Selection:
    """What the filters kept, with what a series of maps of one dataset must share: each
    traveller's colour in the whole file, and the window the reader asked for."""

    stops: pd.DataFrame
    colours: dict[str, str]
    span: Span

    def title(self, given: str | None) -> str:
        """The title given, else one that says what the map shows."""
        return given if given else selection_title(self.stops, self.span)


def _load_selection(csv_files: tuple[Path, ...], sources: Path | None, *, place: bool,
                    cache_path: Path | None = None,
                    **filters: Any) -> Selection:
    """The filtered stops; with `place`, placed offline once (the only geocoding step of an
    export), saying on stderr which places stay off the map and how to fix them."""
    from travelmap.mapping import assign_colours

    everything = load_trips(*csv_files, sources=sources)
    colours = assign_colours(everything["traveller"].dropna().astype(str))
    stops = select_stops(everything, **filters)
    span = (_date(filters.get("start")), _date(filters.get("end")))
    if place:
        from travelmap.geocoding import locate_stops

        stops, unresolved = locate_stops(stops, cache_path=cache_path)
        if unresolved:
            click.echo(f"warning: {unresolved.stop_count} stop(s) left off the map; "
                       + unresolved.report(), err=True)
    return Selection(stops, colours, span)


def _story(path: Path | None, stops: pd.DataFrame) -> list[Step] | None:
    """The story steps, checked against the stops they narrate (None without a file)."""
    if path is None:
        return None
    from travelmap.story import load_story

    return load_story(path, stops=stops)


def _annotations(path: Path | None, stops: pd.DataFrame) -> list[Annotation] | None:
    """The callouts, anchored in the (placed) stops they point at (None without a file)."""
    if path is None:
        return None
    from travelmap.annotations import load_annotations

    return load_annotations(path, stops=stops)


def _font(spec: str | None) -> HouseFont | None:
    """The house font `--font` names (a family, or a .ttf/.otf file), None without one."""
    return None if spec is None else house_font(spec)


def _date(value: datetime | None) -> date | None:
    return None if value is None else value.date()


@main.command()
@_selection_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; its suffix picks the format unless --format is given.")
@click.option("--format", "format_", type=click.Choice(list(FORMATS), case_sensitive=False),
              help="Output format (default: from the output's suffix).")
@click.option("--width", type=click.FloatRange(min=1, max=100), default=11.0, show_default=True,
              help="Width of a PNG/SVG/PDF in inches.")
@click.option("--height", type=click.FloatRange(min=1, max=100), default=7.5, show_default=True,
              help="Height of a PNG/SVG/PDF in inches.")
@click.option("--dpi", type=click.IntRange(min=30, max=1200), default=150, show_default=True,
              help="Resolution of a PNG (and of raster parts of SVG/PDF).")
@click.option("--size", "frame_size", metavar="PRESET|WxH",
              help="Frame size of an MP4/WebM/GIF: 16:9 (1280x720, the default), 1:1 "
                   "(1080x1080), 9:16 (1080x1920) or pixels, e.g. 640x360.")
@click.option("--duration", type=float, metavar="SECONDS",
              help="How long the animation runs before its final hold (default 12).")
@click.option("--pace", metavar="N/UNIT",
              help="Frames per day, week, month or year of the timeline instead of a "
                   "duration, e.g. 2/month or 1/day.")
@click.option("--fps", type=float, help="Frames per second (default 24; GIF 10).")
@click.option("--hold", type=float, metavar="SECONDS",
              help="Seconds the last frame stays before the end or loop (default 2).")
def export(csv_files: tuple[Path, ...], sources: Path | None, cache_path: Path | None,
           output: Path,
           format_: str | None, title: str | None, caption: str | None, tiles: str | None,
           show_date: datetime | None, window_days: int | None, icc_overlay: bool,
           story_file: Path | None, annotations_file: Path | None, font_spec: str | None,
           width: float, height: float, dpi: int, frame_size: str | None,
           duration: float | None, pace: str | None, fps: float | None, hold: float | None,
           **filters: Any) -> None:
    """Export the (filtered) trips as HTML, PNG, SVG, PDF, GeoJSON, CSV, a Markdown trip list or
    an animation (MP4, WebM, GIF).

    \b
    Examples:
      travelmap export -o map.html
      travelmap export --traveller "Vladimir Putin" --from 2023-03-17 -o putin.png --dpi 300
      travelmap export --traveller "Vladimir Putin" --from 2023-03-17 -o putin-trips.md
      travelmap export my-trips.csv --country PRK -o visits.geojson
      travelmap export --show-date 2024-06-19 --window 30 -o june-2024.html
      travelmap export --from 2022-01-01 --pace 2/month --size 1:1 -o trips.mp4
      travelmap export --size 640x360 --duration 8 -o trips.gif

    The file is written atomically: if anything fails, an existing OUTPUT is left as it was.
    """
    from travelmap.export import PLACED_FORMATS, format_for
    from travelmap.export import export as export_stops

    try:
        refuse_to_overwrite_inputs(output, csv_files, sources, story_file, cache_path,
                                   annotations_file)
        place = format_for(output, format_) in PLACED_FORMATS
        selection = _load_selection(csv_files, sources, place=place, cache_path=cache_path,
                                    **filters)
        stops = selection.stops
        map_title = selection.title(title) if place else title
        written = export_stops(stops, output, format=format_, title=map_title, caption=caption,
                               width=width, height=height, dpi=dpi, tiles=tiles,
                               show_date=_day(show_date), window_days=window_days,
                               size=frame_size, duration=duration, pace=pace, fps=fps,
                               hold=hold, progress=None, colours=selection.colours,
                               span=selection.span, icc_overlay=icc_overlay,
                               story=_story(story_file, selection.stops),
                               annotations=_annotations(annotations_file, selection.stops),
                               font=_font(font_spec))
    except TravelmapError as error:
        raise fail(error) from None
    click.echo(f"Wrote {written} ({_stops_drawn(stops, place)})", err=True)


def _stops_drawn(stops: Any, placed: bool) -> str:
    """"187 stops", or "1,896 of 2,019 stops drawn" when some have no coordinates: the count
    on the last line must not claim what the warning above it took back."""
    total = len(stops)
    if not placed or "lat" not in stops or "lon" not in stops:
        return f"{total:,} stops"
    drawn = int((stops["lat"].notna() & stops["lon"].notna()).sum())
    return f"{total:,} stops" if drawn == total else f"{drawn:,} of {total:,} stops drawn"


@main.command()
@_selection_options
@click.option("--width", default="100%", show_default=True,
              help="Width of the embedded map: a CSS length such as 100% or 800px.")
@click.option("--height", default="600", show_default=True,
              help="Height of the embedded map: pixels or a CSS length.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the snippet to this file instead of printing it.")
@click.option("--fallback-image", "fallback_inline", is_flag=True,
              help="Also carry the static map as an inline PNG, shown where iframes or scripts "
                   "are stripped (RSS, e-mail, reader modes).")
@click.option("--fallback-url", metavar="URL",
              help="Like --fallback-image, but show the image at this http(s) URL (e.g. a "
                   "PNG you exported and host).")
def embed(csv_files: tuple[Path, ...], sources: Path | None, cache_path: Path | None,
          title: str | None,
          caption: str | None, tiles: str | None, show_date: datetime | None,
          window_days: int | None, icc_overlay: bool, story_file: Path | None,
          annotations_file: Path | None, font_spec: str | None, width: str, height: str,
          output: Path | None, fallback_inline: bool, fallback_url: str | None,
          **filters: Any) -> None:
    """Print an HTML snippet embedding the (filtered) map: paste it into a CMS or a report.

    \b
    The snippet is a <figure> with the whole map inside an <iframe srcdoc> (no hosting, no
    network needed), an accessible title and a <figcaption> saying what the map shows.
    Examples:
      travelmap embed --traveller "Kim Jong Un" --height 500 --title "Kim in Russia" > kim.html
      travelmap embed --fallback-image -o map-for-newsletter.html
    """
    from travelmap.atomic import write_atomic
    from travelmap.embed import embed_snippet

    try:
        if output is not None:
            refuse_to_overwrite_inputs(output, csv_files, sources, story_file, cache_path,
                                       annotations_file)
        selection = _load_selection(csv_files, sources, place=True, cache_path=cache_path,
                                    **filters)
        snippet = embed_snippet(selection.stops, width=width, height=height,
                                title=selection.title(title), caption=caption, tiles=tiles,
                                show_date=_day(show_date), window_days=window_days,
                                colours=selection.colours, icc_overlay=icc_overlay,
                                story=_story(story_file, selection.stops),
                                annotations=_annotations(annotations_file, selection.stops),
                                font=_font(font_spec),
                                fallback_image=fallback_url or fallback_inline)
        if output is not None:
            try:
                write_atomic(output, snippet)
            except OSError as error:
                raise ExportError(f"cannot write {str(output)!r}: "
                                  f"{error.strerror or error}") from error
    except TravelmapError as error:
        raise fail(error) from None
    if output is None:
        click.echo(snippet, nl=False)
    else:
        click.echo(f"Wrote {output} ({_stops_drawn(selection.stops, True)})", err=True)
