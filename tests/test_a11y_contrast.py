"""Contrast by measurement (issue #16, WCAG 2.2 1.4.3 and 1.4.11): every text colour of the page
and the dashboard's panel reaches 4.5:1 on what it is drawn on, and every graphic (routes, arrows,
stops, swatch edges, focus rings) 3:1, including over the ICC shading. The colours are read from
the sources the page is built from, so changing one re-measures it."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from travelmap.dashboard import details
from travelmap.mapping.palette import OKABE_ITO

STATIC = resources.files("travelmap.mapping.static")
CSS = STATIC.joinpath("travelmap.css").read_text("utf-8")
JS = {name: STATIC.joinpath("js", name).read_text("utf-8")
      for name in ("countries.js", "draw.js")}
WHITE = "#ffffff"
PANEL_ALPHA = 0.94  # the controls' rgba(255, 255, 255, 0.94) over the map


def rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def luminance(colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(top: str, alpha: float, below: str) -> str:
    mixed = [alpha * t + (1 - alpha) * b for t, b in zip(rgb(top), rgb(below), strict=True)]
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


def js_constant(source: str, name: str) -> str:
    match = re.search(rf'var {name} = "(#[0-9a-fA-F]{{6}})"', JS[source])
    assert match, f"{name} not found in {source}"
    return match.group(1)


OCEAN = re.search(r"\.travelmap-map \{[^}]*background: (#[0-9a-f]{6})", CSS).group(1)  # type: ignore[union-attr]
LAND = js_constant("countries.js", "LAND_FILL")
ICC = js_constant("countries.js", "ICC_FILL")
CASING = js_constant("draw.js", "CASING")
MAP_BACKGROUNDS = {"ocean": OCEAN, "land": LAND, "ICC shading": ICC}
# a panel over the darkest of them is the lightest a panel can be
PANELS = {name: over(WHITE, PANEL_ALPHA, colour) for name, colour in MAP_BACKGROUNDS.items()}


def test_the_backgrounds_are_the_ones_the_page_draws() -> None:
    assert (OCEAN, LAND, ICC) == ("#cfe3ef", "#f4f1ea", "#cbb7e3")


@pytest.mark.parametrize("name", MAP_BACKGROUNDS)
def test_routes_arrows_and_stops_stand_out_3_to_1_on_every_background(name: str) -> None:
    """Every route, arrow and stop is edged with CASING; its traveller colour runs inside."""
    background = MAP_BACKGROUNDS[name]
    assert contrast(CASING, background) >= 3, (CASING, name)
    assert JS["draw.js"].count("strokeStyle = CASING") >= 3  # routes, arrows, stops


def test_the_traveller_colours_alone_would_not_be_enough() -> None:
    """Why the casing: the issue measured orange routes at ~1.2:1 over the shading. The colours
    stay (stable, told apart under colour blindness); the edge carries the contrast."""
    assert min(contrast(colour, ICC) for colour in OKABE_ITO) < 1.5
    assert contrast(CASING, ICC) >= 3 and contrast(CASING, LAND) >= 3


def css_text_colours() -> list[tuple[str, str]]:
    """(selector, colour) of every text colour the page's stylesheet sets."""
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", CSS):
        for colour in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body):
            found.append((selector.strip(), colour))
    return found


def test_the_page_text_reaches_4_5_to_1_on_its_panels() -> None:
    colours = css_text_colours()
    assert len(colours) >= 5
    for selector, colour in colours:
        for name, panel in PANELS.items():
            ratio = contrast(colour, panel)
            assert ratio >= 4.5, f"{selector} {colour} on a panel over {name}: {ratio:.2f}:1"


def test_focus_rings_and_swatch_edges_reach_3_to_1() -> None:
    outlines = re.findall(r"outline: 2px solid (#[0-9a-f]{6})", CSS)
    edges = re.findall(r"box-shadow: 0 0 0 1px (#[0-9a-f]{6})", CSS)
    assert outlines and edges
    for colour in outlines + edges:
        for name, panel in PANELS.items():
            assert contrast(colour, panel) >= 3, (colour, name)


def test_the_dashboard_details_labels_reach_4_5_to_1() -> None:
    label = re.search(r"color:(#[0-9a-f]{6})", details.DT_STYLE).group(1)  # type: ignore[union-attr]
    assert contrast(label, "#fbfbf9") >= 4.5  # .streamlit/config.toml's backgroundColor
