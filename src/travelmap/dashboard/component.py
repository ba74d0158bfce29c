"""The dashboard's map: a small Streamlit component (API v1) instead of streamlit-folium.

Why not `st_folium`: streamlit-folium 0.27 does not bundle Leaflet; its frontend adds a
`<script src>` for every CDN link folium declares (and inserts inlined `<script>`s through
`innerHTML`, where they never run), so with no network the map stays blank. It also re-renders the
folium map and regex-scans its script on every rerun. This component is a page of project JS
(`frontend/trip_map.js`) with Leaflet from the installed `folium-offline` package via
`travelmap.assets` (nothing third-party in the repository), served by Streamlit from a directory
built on first use.
The iframe stays mounted across reruns; a rerun only sends the visible stop ids.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components

from travelmap import assets
from travelmap.atomic import write_atomic

COMPONENT_NAME = "trip_map"

INDEX_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>travelmap</title>
<link rel="stylesheet" href="leaflet.css">
<link rel="stylesheet" href="trip_map.css">
<script src="leaflet.js"></script>
</head>
<body>
<div id="map" style="height: 520px"></div>
<div id="drawn" data-drawn="0"></div>
<script src="trip_map.js"></script>
</body>
</html>
"""


def _frontend_file(name: str) -> str:
    return resources.files("travelmap.dashboard").joinpath("frontend", name).read_text("utf-8")


@functools.cache
def component_dir() -> Path:
    """The directory Streamlit serves the component from: private to this process, removed at exit.

    A fresh `mkdtemp` (mode 0700) rather than a fixed path under /tmp, so no other local user can
    plant files the dashboard would serve.
    """
    files = {
        "index.html": INDEX_HTML,
        "leaflet.js": assets.leaflet_js(),
        "leaflet.css": assets.leaflet_css(),
        "trip_map.js": _frontend_file("trip_map.js"),
        "trip_map.css": _frontend_file("trip_map.css"),
    }
    root = Path(tempfile.mkdtemp(prefix="travelmap-map-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    (root / "data").mkdir()
    for name, text in files.items():
        write_atomic(root / name, text)
    return root


@functools.cache
def _declared() -> Any:
    return components.declare_component(COMPONENT_NAME, path=str(component_dir()))


def publish(name: str, data: bytes) -> str:
    """Put a JSON file next to the component page and return its URL relative to the page."""
    target = component_dir() / "data" / f"{name}.json"
    if not target.exists():
        write_atomic(target, data)
    return f"data/{name}.json"


def trip_map(
    *,
    dataset_url: str,
    visible: list[int],
    selected: int | None,
    basemap_url: str | None = None,
    height: int = 520,
    key: str = "trip_map",
) -> dict[str, int] | None:
    """Draw the map; return the last click as {"stop": id, "clicks": n}, or None before any.

    The `key` is fixed so Streamlit keeps the same iframe across reruns (pan and zoom survive).
    """
    value = _declared()(dataset_url=dataset_url, visible=visible, selected=selected,
                        basemap_url=basemap_url, height=height, key=key, default=None)
    return value if isinstance(value, dict) else None
