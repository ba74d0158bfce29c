"""The two branca elements travelmap adds to a folium map, built so data text never meets Jinja.

branca renders every element's output through Jinja a second time (`{{ 6*7 }}` in a popup becomes
42; issue #8). So: `RawHTML` overrides `render` and returns its markup untouched, and the one
`MacroElement` (`TravelmapElement`) has a template that holds nothing but the map's variable name.
The data and the inlined assets travel as `RawHTML`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from travelmap.assets import inline_assets
from travelmap.mapping.jsonblock import dumps_for_script, json_script_block

DATA_ELEMENT_ID = "travelmap-data"


class RawHTML(Element):
    """Markup placed in the page verbatim: never parsed as a template."""

    def __init__(self, html: str):
        super().__init__()
        self._name = "RawHTML"
        self.html = html

    def render(self, **kwargs: Any) -> str:
        return self.html


class TravelmapElement(MacroElement):
    """Mounts travelmap's own JS on the map, which draws everything from the JSON data block."""

    # The only value in this template is the map's JS variable name (a fixed prefix + hex id).
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "travelmapMount({{ this._parent.get_name() }}, \"" + DATA_ELEMENT_ID + "\");"
        "{% endmacro %}"
    )

    def __init__(self, payload: dict[str, Any]):
        super().__init__()
        self._name = "Travelmap"
        self.payload = payload
        self._encoded: tuple[int, str] | None = None
        self._digest: tuple[str, str] | None = None

    @property
    def encoded(self) -> str:
        """The payload as script-safe JSON, encoded once (20 MB at 100,000 stops)."""
        if self._encoded is None or self._encoded[0] != id(self.payload):
            self._encoded = (id(self.payload), dumps_for_script(self.payload))
        return self._encoded[1]

    @property
    def digest(self) -> str:
        """sha256 (hex) of `encoded`, the seed of the page's element ids: computed once, though
        build_map and render_html both ask (40 MB hashed twice at 1M stops)."""
        encoded = self.encoded
        if self._digest is None or self._digest[0] is not encoded:
            self._digest = (encoded, hashlib.sha256(encoded.encode("utf-8")).hexdigest())
        return self._digest[1]

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("TravelmapElement must be inside a folium Map placed in a Figure")
        figure.header.add_child(RawHTML(inline_assets()), name="travelmap_assets")
        figure.html.add_child(
            RawHTML(json_script_block(self.payload, element_id=DATA_ELEMENT_ID,
                                      encoded=self.encoded)),
            name="travelmap_data",
        )
        super().render(**kwargs)
