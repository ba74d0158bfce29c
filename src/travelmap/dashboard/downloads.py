"""The downloads, each of exactly the stops on screen, via the same writers as the CLI export.

The page passes these as callables to `st.download_button`, so nothing is rendered until a click.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from travelmap.filtering import Span, describe_selection
from travelmap.tours import has_position


@dataclass(frozen=True)
class Download:
    """One download button: its label, file name, MIME type and how to make the bytes."""

    label: str
    file_name: str
    mime: str
    format: str


DOWNLOAD_FORMATS = ("html", "csv", "geojson", "png", "svg", "pdf", "md", "mp4")  # in order
DRAWN_FORMATS = frozenset({"png", "svg", "pdf", "mp4"})  # need at least one placed stop
# The animation a newsroom posts: landscape HD, 10 s then a 2 s hold; a few seconds to render.
VIDEO_OPTIONS: dict[str, object] = {"size": "16:9", "duration": 10.0, "fps": 24.0, "hold": 2.0}


def slug(text: str) -> str:
    """A file-name-safe version of a title: 'Putin & Kim, 2024' -> 'putin-kim-2024'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "travelmap"


def downloads_for(stops: pd.DataFrame, *, base_name: str, what: str | None = None
                  ) -> list[Download]:
    """The buttons for `stops`; the label says how much each file holds (`what`, when the
    caller has already counted them: `describe_selection(stops)`)."""
    what = what if what is not None else describe_selection(stops)
    drawable = bool(has_position(stops).any())
    items = [
        Download(f"Map (HTML, {what})", f"{base_name}.html", "text/html", "html"),
        Download(f"Table (CSV, {what})", f"{base_name}.csv", "text/csv", "csv"),
        Download(f"GeoJSON ({what})", f"{base_name}.geojson", "application/geo+json", "geojson"),
        Download(f"Image for print (PNG, {what})", f"{base_name}.png", "image/png", "png"),
        Download(f"Image to edit (SVG, {what})", f"{base_name}.svg", "image/svg+xml", "svg"),
        Download(f"Print page (PDF, {what})", f"{base_name}.pdf", "application/pdf", "pdf"),
        Download(f"Trip list with sources (Markdown, {what})", f"{base_name}.md",
                 "text/markdown", "md"),
        Download(f"Animation, trips in time order (MP4, {what})", f"{base_name}.mp4",
                 "video/mp4", "mp4"),
    ]
    # An image or a video needs at least one placed stop; the other files are fine empty.
    return items if drawable else [item for item in items if item.format not in DRAWN_FORMATS]


def render_download(stops: pd.DataFrame, *, format: str, title: str, caption: str | None,
                    colours: Mapping[str, str] | None = None,
                    span: Span | None = None) -> bytes:
    """The file's bytes, made by the CLI export's writer for `format` (the CSV with its BOM, so
    Excel reads Пхеньян right; the images at the CLI's default size; the MP4 as VIDEO_OPTIONS).
    `colours` are the dataset's (a download of a filter keeps them), `span` the slider's window
    when narrower than the data (the images' subtitle states it)."""
    if format not in DOWNLOAD_FORMATS:
        raise ValueError(f"unknown download format {format!r}")
    from travelmap.export import (
        DEFAULT_DPI,
        DEFAULT_HEIGHT_IN,
        DEFAULT_WIDTH_IN,
        VIDEO_FORMATS,
        writer_for,
    )

    video = VIDEO_OPTIONS if format in VIDEO_FORMATS else {}
    data = writer_for(format)(stops, title=title, caption=caption, width=DEFAULT_WIDTH_IN,
                              height=DEFAULT_HEIGHT_IN, dpi=DEFAULT_DPI, tiles=None,
                              colours=colours, span=span, **video)
    return data.encode("utf-8") if isinstance(data, str) else data
