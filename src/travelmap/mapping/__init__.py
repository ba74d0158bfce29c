"""The map: the only place that builds folium objects (issue #4), safe from template injection (#8).

`build_map(stops, ...)` returns a `folium.Map` for notebooks, the dashboard and exports;
`render_html(m)` gives its standalone offline page; `payload_json(m)` the JSON its page script
draws from, which the dashboard's map frame mounts with the same script.
"""

from travelmap.mapping.build import build_map, payload_json, render_html, stabilise_ids
from travelmap.mapping.palette import OKABE_ITO, assign_colours, colours_for
from travelmap.mapping.payload import STOP_FIELDS, stops_payload
from travelmap.tours import ROUTE_LEG_LIMIT

PALETTE = OKABE_ITO

__all__ = [
    "OKABE_ITO", "PALETTE", "ROUTE_LEG_LIMIT", "STOP_FIELDS", "assign_colours", "build_map",
    "colours_for", "payload_json", "render_html", "stabilise_ids", "stops_payload",
]
