"""Write a selection of stops to a file, choosing the writer by format; every write is atomic.

Each writer renders the whole output in memory first and only then hands the bytes to
`travelmap.atomic.write_atomic`, so a failure mid-render never touches the target path.

>>> from travelmap import load_trips, export          # doctest: +SKIP
>>> export(load_trips(), "trips.png", title="Leader visits", dpi=200)  # doctest: +SKIP
PosixPath('trips.png')
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from travelmap.annotations import Annotation
from travelmap.errors import ExportError, TravelmapError
from travelmap.filtering import Span
from travelmap.housefont import HouseFont
from travelmap.story import Step

FORMATS: dict[str, str] = {
    "html": "interactive map with its timeline, every asset inlined",
    "png": "static map for print (raster)",
    "svg": "static map for print (vector, text kept as text)",
    "pdf": "static map for print (one page, text kept as text)",
    "geojson": "stops as Points and routes as LineStrings (RFC 7946)",
    "csv": "the filtered trips table with a sources column",
    "md": "trip list for a report: each trip, its stops and its sources as links (Markdown)",
    "mp4": "animation: the trips appearing in time order, routes leg by leg (H.264 video)",
    "webm": "the same animation as a WebM (VP9) video",
    "gif": "the same animation as a looping GIF, palette-optimised",
}
SUFFIX_ALIASES: dict[str, str] = {"htm": "html", "json": "geojson", "markdown": "md"}
PLACED_FORMATS = frozenset({"html", "png", "svg", "pdf", "geojson", "mp4", "webm", "gif"})
VIDEO_FORMATS = frozenset({"mp4", "webm", "gif"})  # only these get the animation options

DEFAULT_WIDTH_IN = 11.0  # A4/Letter landscape, inches
DEFAULT_HEIGHT_IN = 7.5
DEFAULT_DPI = 150


def format_for(path: str | Path, format: str | None = None) -> str:
    """The output format: `format` when given, else the file's suffix; unknown ones are refused."""
    if format:
        chosen = format.lower().lstrip(".")
        where = f"format {format!r}"
    else:
        chosen = Path(path).suffix.lower().lstrip(".")
        where = f"suffix {Path(path).suffix!r} of {str(path)!r}" if chosen else (
            f"{str(path)!r} (it has no suffix)")
    chosen = SUFFIX_ALIASES.get(chosen, chosen)
    if chosen not in FORMATS:
        known = ", ".join(FORMATS)
        raise ExportError(f"cannot tell the export format from {where}; use one of: {known}")
    return chosen


def export(
    stops: pd.DataFrame,
    path: str | Path,
    *,
    format: str | None = None,
    title: str | None = None,
    caption: str | None = None,
    width: float = DEFAULT_WIDTH_IN,
    height: float = DEFAULT_HEIGHT_IN,
    dpi: int = DEFAULT_DPI,
    tiles: str | None = None,
    show_date: str | None = None,
    window_days: int | None = None,
    fps: float | None = None,
    duration: float | None = None,
    pace: str | None = None,
    size: str | tuple[int, int] | None = None,
    hold: float | None = None,
    progress: bool | None = False,
    colours: Mapping[str, str] | None = None,
    span: Span | None = None,
    icc_overlay: bool = True,
    story: list[Step] | None = None,
    annotations: list[Annotation] | None = None,
    font: HouseFont | None = None,
) -> Path:
    """Write `stops` to `path` as html, png, svg, pdf, geojson, csv, md, mp4, webm or gif and
    return the path.

    The format comes from `format` or the suffix. `width`/`height` (inches) and `dpi` apply to the
    static images; `tiles`, `show_date` and `window_days` (where the timeline opens) to the HTML
    map; `size` ('16:9', '1:1', '9:16' or 'WIDTHxHEIGHT' pixels), `duration` (seconds) or `pace`
    ('2/month', '1/day'), `fps`, `hold` (seconds on the last frame) and `progress` (a bar on
    stderr) to the animations. `colours` (traveller -> colour; a dataset's, so a map of a subset
    keeps them) applies to every map; `span` (the (start, end) asked for, either None) is what
    the static map's and animation's subtitle states; `icc_overlay=False` leaves the ICC
    shading out of the HTML map; `story` (`travelmap.story.load_story`) gives it story steps;
    `annotations` (`travelmap.annotations.load_annotations`) adds callouts to the HTML and
    static maps; `font` (`travelmap.housefont.house_font`) is the house font of every map.
    Stops are placed offline first unless
    `travelmap.geocoding.locate_stops` already did;
    the writers themselves never geocode. On any error an `ExportError` is raised, no partial
    file is left behind and a previous file at `path` is kept as it was.

    >>> export(stops, "out/visits.svg", title="Putin's trips, 2024")   # doctest: +SKIP
    >>> export(stops, "visits.data", format="geojson")                  # doctest: +SKIP
    """
    from travelmap.atomic import write_atomic

    target = Path(path)
    chosen = format_for(target, format)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {str(target)!r}: folder {str(target.parent)!r} "
                          "does not exist")
    if stops.empty:
        raise ExportError(f"nothing to export to {str(target)!r}: the selection has no stops")
    render = writer_for(chosen)
    try:
        if chosen in PLACED_FORMATS:
            from travelmap.geocoding import placed

            stops = placed(stops)
        video = {"fps": fps, "duration": duration, "pace": pace, "size": size, "hold": hold,
                 "progress": progress} if chosen in VIDEO_FORMATS else {}
        data = render(stops, title=title, caption=caption, width=width, height=height, dpi=dpi,
                      tiles=tiles, show_date=show_date, window_days=window_days,
                      colours=colours, span=span, icc_overlay=icc_overlay,
                      **({"story": story} if story else {}),
                      **({"annotations": annotations} if annotations else {}),
                      **({"font": font} if font else {}), **video)
    except ExportError:
        raise
    except TravelmapError as error:
        raise ExportError(f"cannot export {chosen.upper()} to {str(target)!r}: {error}") from error
    try:
        write_atomic(target, data)
        if chosen == "png":  # the image's text alternative, for a CMS's alt field
            from travelmap.alttext import alt_text
            from travelmap.export.alt import ALT_SUFFIX

            write_atomic(target.with_name(target.name + ALT_SUFFIX),
                         alt_text(stops, title=title, caption=caption) + "\n")
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"cannot write {str(target)!r}: {reason}") from error
    return target


Renderer = Callable[..., bytes | str]


def writer_for(format: str) -> Renderer:
    """Import only the writer asked for: matplotlib and folium are slow to import."""
    if format == "html":
        from travelmap.export.html import render_document

        return render_document
    if format in {"png", "svg", "pdf"}:
        from travelmap.export.static import render_static

        def static(stops: pd.DataFrame, **options: object) -> bytes:
            for interactive_only in ("tiles", "show_date", "window_days", "icc_overlay"):
                options.pop(interactive_only, None)
            return render_static(stops, format=format, **options)  # type: ignore[arg-type]

        return static
    if format in VIDEO_FORMATS:
        from travelmap.export.video import render_video

        def animated(stops: pd.DataFrame, **options: object) -> bytes:
            return render_video(stops, format=format, **options)  # type: ignore[arg-type]

        return animated
    if format == "geojson":
        from travelmap.export.geojson import render_geojson

        return render_geojson
    if format == "md":
        from travelmap.export.triplist import render_trip_list

        return render_trip_list
    from travelmap.export.table import render_csv

    return render_csv


class _CallableModule(types.ModuleType):
    """`travelmap.export` is both this package and the public function: whichever the name is
    bound to (it depends on import order), `travelmap.export(stops, "map.png")` works."""

    def __call__(self, *args: object, **kwargs: object) -> Path:
        return export(*args, **kwargs)  # type: ignore[arg-type]


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["FORMATS", "VIDEO_FORMATS", "export", "format_for", "writer_for"]
