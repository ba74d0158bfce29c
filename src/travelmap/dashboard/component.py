"""The dashboard's map: the map `build_map` makes, mounted in a Streamlit component (API v1).

The frame runs the exported page's own script (`travelmap.assets.page_script()`: one payload
format, one drawing, popups, legend, ICC shading and stop list alike) with Leaflet from the
installed `folium-offline` package, plus a thin bridge (`frontend/bridge.js`) that passes
Streamlit's selection in and the reader's picks out, and `frontend/host.js`, which names the frame
for assistive technology and gives the page a skip link to the map's stop list and keyboard
selection in the table. Nothing is fetched from the network.
The frame stays mounted across reruns (a fixed `key`), so pan and zoom survive a slider move: a
rerun sends only the ids of the stops shown, the selected one and the window's last day; the
payload itself is a JSON file next to the page, fetched once per dataset.

Why not `st_folium`: streamlit-folium loads Leaflet and its plugins from CDNs (a blank map
offline) and re-renders the whole map on every widget change.
"""

from __future__ import annotations

import atexit
import functools
import gzip
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components

from travelmap import assets
from travelmap.atomic import write_atomic

COMPONENT_NAME = "trip_map"
FRAME_TITLE = "Interactive map of the trips shown"
COMPRESSED_SUFFIX = ".gz"  # what bridge.js adds to a payload URL to fetch it compressed

INDEX_HTML = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{FRAME_TITLE}</title>
<script src="bridge.js"></script>
<link rel="stylesheet" href="leaflet.css">
<link rel="stylesheet" href="travelmap.css">
<link rel="stylesheet" href="bridge.css">
<script src="leaflet.js"></script>
<script src="travelmap.js"></script>
</head>
<body>
<main>
<div id="map"></div>
<p id="drawn" data-drawn="0"></p>
</main>
<script src="host.js"></script>
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
        "travelmap.js": assets.page_script(),
        "travelmap.css": assets.static_text("travelmap.css"),
        "bridge.js": _frontend_file("bridge.js"),
        "bridge.css": _frontend_file("bridge.css"),
        "host.js": _frontend_file("host.js"),
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
    """Put a JSON file next to the component page, and its gzip beside it (`COMPRESSED_SUFFIX`),
    and return the JSON's URL relative to the page.

    The frame fetches the gzip and inflates it itself (`bridge.js`): served as
    application/gzip, Streamlit's server sends it as it is, where it compresses a JSON file
    again on every request (0.14 s for 100,000 stops' 4.7 MB, measured; more when the page is
    busy). Compressed once per dataset instead, at level 4: 0.1 s and 1.88 MB there, where
    level 6 took 0.27 s for 1.81 MB (Streamlit sent 1.84 MB). The plain file is the fallback
    for a browser without DecompressionStream.
    """
    target = component_dir() / "data" / f"{name}.json"
    if not target.exists():  # the gzip first: whoever sees the JSON sees both
        write_atomic(target.with_name(target.name + COMPRESSED_SUFFIX),
                     gzip.compress(data, compresslevel=4, mtime=0))
        write_atomic(target, data)
    return f"data/{name}.json"


def trip_map(
    *,
    payload_url: str,
    visible: str,
    selected: int | None,
    date: int,
    fit_key: str,
    height: int = 520,
    key: str = "trip_map",
) -> dict[str, int] | None:
    """Draw the map; return the last pick as {"stop": row, "clicks": n}, or None before any.

    `visible` (`mapview.encode_rows`: a base64 bitmap) and `selected` are rows of the dataset
    (what `build_map(row_ids=True)` numbers);
    `date` (a day number) is the day the ICC shading and legend speak of; a new `fit_key` fits
    the map to what is shown (a filter or a shared link changed), the same one leaves the
    reader's pan and zoom alone. The `key` is fixed so Streamlit keeps the same frame.
    """
    value = _declared()(payload_url=payload_url, visible=visible, selected=selected, date=date,
                        fit_key=fit_key, height=height, key=key, default=None)
    return value if isinstance(value, dict) else None
