"""Direction of travel and named layers in the print map (issue #15): an arrowhead per leg,
pointing the way the traveller went, and an SVG an editor can restyle layer by layer."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from travelmap.export import static
from travelmap.export.arrows import leg_middle
from travelmap.export.static import draw_map, plan_map, render_static
from travelmap.loading import load_trips

FIXTURE = Path(__file__).parent / "data" / "export" / "trips.csv"
NS = "{http://www.w3.org/2000/svg}"
LAYERS = ["countries", "host-countries", "routes", "home-capitals", "stops", "legend", "labels",
          "title", "notes"]


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return load_trips(FIXTURE)


def arrow_collections(figure: object) -> list:
    return [c for c in figure.axes[0].collections  # type: ignore[attr-defined]
            if str(c.get_gid()).startswith("arrows-")]


def test_every_leg_drawn_gets_one_arrowhead(stops: pd.DataFrame) -> None:
    figure, layout = draw_map(stops, title="T", caption=None, width=8, height=5, dpi=100)
    plan = plan_map(stops, title="T", caption=None, width=8, height=5, unplaced=0)
    legs = [leg for route in plan.routes for leg in route.legs]
    assert len(legs) >= 8  # home -> stops -> home for each trip of the fixture
    drawn = [leg for leg in legs if leg_middle(layout.frame, leg) is not None]
    assert sum(len(c.get_paths()) for c in arrow_collections(figure)) == len(drawn)
    # one collection per traveller with routes, in that traveller's colour
    assert len(arrow_collections(figure)) == len({route.traveller for route in plan.routes})


def test_the_arrowhead_points_the_way_the_traveller_went(stops: pd.DataFrame) -> None:
    """Biden flew New Delhi -> Hanoi: east. The tip of that leg's arrowhead is its most
    easterly corner; on the way home from Anchorage it points east again (across the Pacific)."""
    biden = stops[stops["traveller"] == "Joe Biden"]
    figure, layout = draw_map(biden, title=None, caption=None, width=8, height=5, dpi=100)
    plan = plan_map(biden, title=None, caption=None, width=8, height=5, unplaced=0)
    (route,) = plan.routes
    delhi_hanoi = next(leg for leg in route.legs
                       if leg[0][0][1] == pytest.approx(77.209, abs=0.01)
                       and leg[-1][-1][1] == pytest.approx(105.8542, abs=0.01))
    a, b = leg_middle(layout.frame, delhi_hanoi)
    (collection,) = arrow_collections(figure)
    triangles = [path.vertices[:3] for path in collection.get_paths()]
    middle = (a + b) / 2
    triangle = min(triangles, key=lambda t: np.abs(t.mean(axis=0) - middle).sum())
    tip, *back = triangle
    assert tip[0] > max(corner[0] for corner in back)


def svg_root(stops: pd.DataFrame) -> ET.Element:
    return ET.fromstring(render_static(stops, format="svg", title="T"))


def test_the_svg_is_grouped_by_layer_in_paint_order(stops: pd.DataFrame) -> None:
    root = svg_root(stops)
    ids = [g.get("id") for g in root.iter(f"{NS}g") if g.get("id")]
    assert len(ids) == len(set(ids)), "an id is used twice"
    found = [layer for layer in ids if layer in LAYERS]
    assert found == LAYERS
    groups = {g.get("id"): g for g in root.iter(f"{NS}g")}
    assert len([g for g in groups["labels"] if g.tag == f"{NS}g"]) >= 5
    texts = ["".join(t.itertext()) for t in groups["notes"].iter(f"{NS}text")]
    assert static.SOURCE_LINE in texts


def test_each_travellers_routes_are_a_group_titled_with_their_name(
        stops: pd.DataFrame) -> None:
    odd = stops.assign(traveller=stops["traveller"].astype(str).replace(
        {"Kim Jong Un": "Kim <b>&amp; Jong Un"}))
    root = svg_root(odd)
    routes = next(g for g in root.iter(f"{NS}g") if g.get("id") == "routes")
    titles = {g.find(f"{NS}title").text: g for g in routes if g.tag == f"{NS}g"}
    assert set(titles) == {"Vladimir Putin", "Kim <b>&amp; Jong Un", "Joe Biden"}
    for group in titles.values():  # its route lines and its arrowheads
        assert [g.get("id").split("-")[0] for g in group if g.tag == f"{NS}g"] == [
            "routes", "arrows"]


def test_grouping_adds_groups_and_changes_nothing_drawn(
        stops: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    def drawn(root: ET.Element) -> list[tuple[str, tuple]]:
        return [(e.tag, tuple(sorted(e.attrib.items()))) for e in root.iter()
                if e.tag not in (f"{NS}g", f"{NS}title")]

    layered = drawn(svg_root(stops))
    monkeypatch.setattr(static, "svg_layers", lambda svg, routes: svg)
    assert layered == drawn(svg_root(stops))


def test_the_legend_explains_the_arrowheads_and_no_label_hides_under_it() -> None:
    from matplotlib.text import Annotation

    from travelmap.geocoding import placed

    putin = placed(load_trips())
    putin = putin[(putin["traveller"] == "Vladimir Putin") & (putin["start_date"] >= "2023-03-17")]
    # on this page Riyadh's label used to sit half under the legend
    figure, _ = draw_map(putin, title="T", caption=None, width=6, height=4, dpi=200)
    ax = figure.axes[0]
    legend = ax.get_legend()
    entries = [t.get_text() for t in legend.get_texts()]
    assert "direction of travel" in entries
    assert "host countries" in entries  # the shading has its legend entry (#15)
    renderer = figure.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    covered = [t.get_text() for t in ax.texts
               if isinstance(t, Annotation) and t.get_window_extent(renderer).overlaps(box)]
    assert covered == []


def test_the_animation_draws_no_arrowheads_and_its_legend_does_not_promise_them(
        stops: pd.DataFrame) -> None:
    from travelmap.export.frames import FrameRenderer

    renderer = FrameRenderer(stops, size=(640, 360), title=None, caption=None)
    assert renderer.plan.routes  # the animation has routes, drawn leg by leg
    legend = renderer.overlay.axes[0].get_legend()
    assert "direction of travel" not in [t.get_text() for t in legend.get_texts()]
    assert not arrow_collections(renderer.figure)
