"""Offline JS/CSS: Leaflet from an installed, pinned package, and the project's own files, inlined.

folium links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs, so its pages are blank offline.
travelmap's pages need only Leaflet, taken from the `folium-offline` wheel (which carries folium's
CDN files keyed by their URLs, so the version is exactly the one folium expects), plus the small
project-written JS/CSS in `travelmap/mapping/static/`. Nothing third-party is copied into the repo.

The page script is a set of small plain scripts in `static/js/`, one concept each, that each add
to one namespace object (`globalThis.travelmapLib`) and touch neither the DOM nor Leaflet while
loading. `PAGE_SCRIPTS` is their load order; `page_script()` joins them into the one inlined
<script> (so the page stays offline and byte-for-byte deterministic), ending with `mount.js`,
which defines `travelmapMount(map, dataId)` for the page. Node loads the pure ones in `tests/js/`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import import_module, resources

from travelmap.errors import TravelmapError

# The URLs folium 0.20 links Leaflet from; folium-offline keys its copies by them.
LEAFLET_JS_URL = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS_URL = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"

STATIC_PACKAGE = "travelmap.mapping.static"

# The page script's files in `static/js/`, in load order; mount.js (the entry point) last.
PAGE_SCRIPTS = (
    "format.js",  # dates, escaping, safe links and colours (pure)
    "projection.js",  # Web Mercator, routes cut at the map's edge (pure)
    "typed.js",  # typed-array columns and the string table decoded (pure)
    "tours.js",  # the tour table decoded, one object per tour (pure)
    "data.js",  # the data block's stops decoded and projected (pure)
    "font.js",  # the house font
    "shapes.js",  # stop marker shapes
    "dom.js",  # building elements and control boxes
    "view.js",  # one mounted map's state
    "layer.js",  # the Leaflet canvas layer
    "draw.js",  # routes and stops on the canvas
    "labels.js",  # place names beside the stops
    "annotations.js",  # callouts tied to a stop or a place
    "popup.js",  # popups and tooltips
    "countries.js",  # outlines and the ICC shading
    "announce.js",  # the polite live region (date, play state)
    "legend.js",
    "timeline.js",
    "stoplist.js",
    "toggles.js",  # the layer control
    "title.js",  # title, caption, attribution
    "story.js",  # story steps: previous / next
    "interact.js",  # click and hover
    "api.js",  # the handle: the page's public API
    "mount.js",  # mount() and travelmapMount()
)


@cache
def _offline_resources() -> dict[str, str]:
    """folium-offline's URL -> file text table (imported once: the module is 3.5 MB)."""
    try:
        module = import_module("offlinefolium.elements")
    except ImportError as exc:  # pragma: no cover - the package is pinned in requirements.lock
        raise TravelmapError(
            "the map needs the 'folium-offline' package for its offline Leaflet copy"
        ) from exc
    table = getattr(module, "_res", None)
    if not isinstance(table, dict):  # pragma: no cover - guards against a changed package layout
        raise TravelmapError("folium-offline no longer carries its resource table '_res'")
    return table


def _offline_file(url: str) -> str:
    try:
        return _offline_resources()[url]
    except KeyError as exc:
        raise TravelmapError(f"folium-offline has no offline copy of {url}") from exc


@cache
def leaflet_js() -> str:
    """Leaflet's JavaScript, as folium 0.20 would have loaded it from the CDN."""
    return _offline_file(LEAFLET_JS_URL)


@cache
def leaflet_css() -> str:
    """Leaflet's stylesheet; its images are already data: URIs in this build."""
    return _offline_file(LEAFLET_CSS_URL)


@cache
def static_text(name: str) -> str:
    """A project-written file from `travelmap/mapping/static/`."""
    return resources.files(STATIC_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@cache
def page_script() -> str:
    """The project's page script: every file in `PAGE_SCRIPTS`, in order, as one text."""
    js = resources.files(STATIC_PACKAGE).joinpath("js")
    return "\n".join(js.joinpath(name).read_text(encoding="utf-8") for name in PAGE_SCRIPTS)


_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_END = re.compile(r"</(style)", re.IGNORECASE)


def inline_script(js: str) -> str:
    """`js` as a <script> element that no `</script>` inside it can end early."""
    return "<script>" + _SCRIPT_END.sub(r"<\\/\1", js) + "</script>"


def inline_style(css: str) -> str:
    """`css` as a <style> element that no `</style>` inside it can end early."""
    return "<style>" + _STYLE_END.sub(r"<\\/\1", css) + "</style>"


def inline_assets() -> str:
    """Every stylesheet and script the map page needs, inlined, in load order."""
    return "\n".join(
        (
            inline_style(leaflet_css()),
            inline_style(static_text("travelmap.css")),
            inline_script(leaflet_js()),
            inline_script(page_script()),
        )
    )


# What makes a browser fetch a script, stylesheet or font from the network.
_REMOTE_PATTERNS = (
    re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*((?:https?:)?//[^\"'\s>]+)", re.IGNORECASE),
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*((?:https?:)?//[^\"'\s>]+)", re.IGNORECASE),
    re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*((?:https?:)?//[^\"'\s)]+)", re.IGNORECASE),
    re.compile(r"url\(\s*[\"']?\s*((?:https?:)?//[^\"'\s)]+)", re.IGNORECASE),
)


def remote_references(html: str) -> list[str]:
    """Every http(s) URL in `html` that a browser would load as a script, stylesheet or font."""
    found: list[str] = []
    for pattern in _REMOTE_PATTERNS:
        found.extend(match.group(1) for match in pattern.finditer(html))
    return found
