"""travelmap: sourced diplomatic trips on interactive, offline maps.

The public API, shared by the CLI, the dashboard and notebooks::

    import travelmap
    stops = travelmap.load_trips()                    # the bundled data, validated
    recent = travelmap.filter_stops(stops, start="2023-03-17", travellers=["Vladimir Putin"])
    m = travelmap.build_map(recent, title="Putin abroad since the ICC warrant")
    m                                                  # shows inline in Jupyter (a folium.Map)
    travelmap.export(recent, "putin.html")             # or .png / .svg / .pdf / .geojson / .csv

Heavier parts (folium, matplotlib, geopy) are imported on first use, so `import travelmap`
and `travelmap validate` stay quick.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from travelmap.errors import (
    ExportError,
    GeocodingError,
    Problem,
    TravelmapError,
    ValidationError,
)
from travelmap.filtering import describe_selection, filter_stops
from travelmap.loading import load_trips, load_trips_from_bytes

_LAZY = {
    "build_map": ("travelmap.api", "build_map"),
    "render_html": ("travelmap.mapping", "render_html"),
    "export": ("travelmap.export", "export"),
    "embed_snippet": ("travelmap.embed", "embed_snippet"),
    "resolve_coordinates": ("travelmap.geocoding", "resolve_coordinates"),
    "with_coordinates": ("travelmap.geocoding", "with_coordinates"),
    "locate_stops": ("travelmap.geocoding", "locate_stops"),
    "locate": ("travelmap.geocoding", "locate"),
}

__all__ = [
    "ExportError", "GeocodingError", "Problem", "TravelmapError", "ValidationError",
    "describe_selection", "filter_stops", "load_trips", "load_trips_from_bytes", *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'travelmap' has no attribute {name!r}")
