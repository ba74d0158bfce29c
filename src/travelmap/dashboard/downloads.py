"""The three downloads, each of exactly the stops on screen, via the same writers as the CLI export.

The page passes these as callables to `st.download_button`, so nothing is rendered until a click.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from travelmap.filtering import describe_selection


@dataclass(frozen=True)
class Download:
    """One download button: its label, file name, MIME type and how to make the bytes."""

    label: str
    file_name: str
    mime: str
    format: str


def slug(text: str) -> str:
    """A file-name-safe version of a title: 'Putin & Kim, 2024' -> 'putin-kim-2024'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "travelmap"


def downloads_for(stops: pd.DataFrame, *, base_name: str) -> list[Download]:
    """The buttons for `stops`; the label says how much each file holds."""
    what = describe_selection(stops)
    return [
        Download(f"Map (HTML, {what})", f"{base_name}.html", "text/html", "html"),
        Download(f"Table (CSV, {what})", f"{base_name}.csv", "text/csv", "csv"),
        Download(f"GeoJSON ({what})", f"{base_name}.geojson", "application/geo+json", "geojson"),
    ]


def render_download(stops: pd.DataFrame, *, format: str, title: str, caption: str) -> bytes:
    """The file's bytes: the self-contained HTML map, the formula-safe CSV, or RFC 7946 GeoJSON."""
    if format == "html":
        from travelmap.export.html import render_document

        return render_document(stops, title=title, caption=caption).encode("utf-8")
    if format == "csv":
        from travelmap.export.table import stops_csv

        return stops_csv(stops).encode("utf-8")
    if format == "geojson":
        from travelmap.export.geojson import render_geojson

        return render_geojson(stops).encode("utf-8")
    raise ValueError(f"unknown download format {format!r}")
