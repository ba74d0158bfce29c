"""`build_map` and `render_html`: the one place that makes the folium map and its standalone page.

The folium Map is a thin shell (no CDN links, optional tiles); everything the reader sees is drawn
by travelmap's JS from one JSON block. Element ids are derived from the data, not random, so the
same data and options give byte-identical HTML.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

import folium
import pandas as pd
from branca.element import Element

from travelmap.alttext import describe
from travelmap.annotations import Annotation, annotations_payload
from travelmap.assets import remote_references
from travelmap.days import day_number
from travelmap.errors import TravelmapError
from travelmap.housefont import HouseFont
from travelmap.mapping.document import accessible_document
from travelmap.mapping.element import TravelmapElement
from travelmap.mapping.jsonblock import without_json_blocks
from travelmap.mapping.overlay import countries_payload, icc_payload, load_context
from travelmap.mapping.payload import payload_rows, stops_payload
from travelmap.story import Step, story_payload

NATURAL_EARTH_ATTRIBUTION = "Country outlines: Natural Earth (public domain)"
ICC_ATTRIBUTION = "Rome Statute states parties: UN Treaty Collection and others, per state in data/"
TRIPS_ATTRIBUTION = "Trips: travelmap data; every stop's sources are in its popup"


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic GC while building 100,000s of small lists: it rescans them all, for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _attribution() -> list[str]:
    lines = [TRIPS_ATTRIBUTION, NATURAL_EARTH_ATTRIBUTION, ICC_ATTRIBUTION]
    try:
        from travelmap.geocoding import GAZETTEER_ATTRIBUTION
    except ImportError:
        return lines
    return [*lines, f"Places: {GAZETTEER_ATTRIBUTION}"]


def build_map(
    stops: pd.DataFrame,
    *,
    title: str | None = None,
    caption: str | None = None,
    tiles: str | None = None,
    timeline: bool = True,
    icc_overlay: bool = True,
    fit_bounds: bool = True,
    colours: Mapping[str, str] | None = None,
    routes: bool | None = None,
    countries: dict[str, Any] | None = None,
    icc_parties: pd.DataFrame | None = None,
    show_date: str | date | pd.Timestamp | None = None,
    window_days: int | None = None,
    row_ids: bool = False,
    story: list[Step] | None = None,
    annotations: list[Annotation] | None = None,
    font: HouseFont | None = None,
) -> folium.Map:
    """The interactive map of `stops` (the loader's DataFrame, placed by `locate_stops`: rows
    still without lat/lon are left out, and the map says how many).

    `tiles=None` draws the offline base map only; `tiles="OpenStreetMap"` adds OSM tiles on top.
    `colours` fixes traveller colours (the dashboard passes the full data set's); `routes` forces
    routes on/off (default: drawn up to `ROUTE_LEG_LIMIT` legs). `countries`/`icc_parties`
    replace the bundled context data (tests, other base maps). The timeline opens at
    `show_date` (default: the last day of the data), showing every trip up to it, or with
    `window_days` only the trips within that many days before it. `row_ids` gives the page each
    stop's position in `stops` (the dashboard's selection travels by it). `story` (from
    `travelmap.story.load_story`) adds previous/next story steps; `annotations` (from
    `travelmap.annotations.load_annotations`, resolved against these `stops`) adds callouts;
    `font` (`travelmap.housefont.house_font`) sets the house font, a file carried inline.

    >>> build_map(stops, show_date="2024-06-19", window_days=30)   # doctest: +SKIP
    """
    if window_days is not None and window_days < 1:
        raise TravelmapError(f"window_days must be at least 1, got {window_days}")
    with gc_paused():
        payload = stops_payload(stops, colours=colours, routes=routes, row_ids=row_ids)
    if countries is None or (icc_overlay and icc_parties is None):
        loaded_countries, loaded_icc = load_context(
            countries=countries is None, icc=icc_overlay and icc_parties is None)
        countries = countries if countries is not None else loaded_countries
        icc_parties = icc_parties if icc_parties is not None else loaded_icc
    payload.update({
        "title": title,
        "caption": caption,
        "description": describe(stops),  # what the map shows, for screen readers
        "countries": countries_payload(countries),
        "icc": icc_payload(icc_parties) if icc_overlay else [],
        "attribution": _attribution(),
        **({"story": story_payload(story)} if story else {}),
        **({"annotations": annotations_payload(annotations, payload_rows(stops))}
           if annotations else {}),
        **({"font": font.payload()} if font else {}),
        "options": {"timeline": bool(timeline), "iccOverlay": bool(icc_overlay),
                    "fitBounds": bool(fit_bounds), "tiles": bool(tiles),
                    "showDate": None if show_date is None else day_number(
                        pd.Timestamp(show_date).date()),
                    "windowDays": window_days},
    })
    m = folium.Map(location=[35.0, 100.0], zoom_start=3, tiles=tiles or None,
                   control_scale=True, prefer_canvas=True)
    # No CDN links at all: Leaflet and our own JS/CSS are inlined by TravelmapElement.
    m.default_js = []
    m.default_css = []
    TravelmapElement(payload).add_to(m)
    stabilise_ids(m)
    return m


def payload_json(m: folium.Map) -> str:
    """The data `m`'s page script draws from, as the JSON text its page carries: what another
    host of the same script (the dashboard's map frame) mounts, so both draw the same payload."""
    element = next((c for c in m._children.values() if isinstance(c, TravelmapElement)), None)
    if element is None:
        raise TravelmapError("this folium map was not made by travelmap.build_map")
    return element.encoded


def stabilise_ids(m: folium.Map, *, seed: str | None = None) -> None:
    """Replace folium's random element ids with ones derived from the content and tree position."""
    element = next((c for c in m._children.values() if isinstance(c, TravelmapElement)), None)
    if seed is None and element is not None:
        prefix = element.digest[:16]  # sha256 of its encoded payload, hashed once
    else:
        prefix = hashlib.sha256((seed or "").encode("utf-8")).hexdigest()[:16]
    counter = 0

    def walk(element: Element) -> None:
        nonlocal counter
        element._id = f"{prefix}{counter:04x}"
        counter += 1
        for child in list(element._children.values()):
            walk(child)

    walk(m)


def render_html(m: folium.Map) -> str:
    """The complete standalone page: every asset inlined, deterministic, no network needed; in
    English, titled, zoomable (`document.accessible_document`)."""
    with gc_paused():
        stabilise_ids(m)
        html = accessible_document(m.get_root().render())
    remote = remote_references(without_json_blocks(html))
    if remote:
        raise TravelmapError(
            "the map would load files from the network: " + ", ".join(sorted(set(remote))))
    return html
