"""The print exports (PNG, SVG, PDF): drawn without a browser, right size, readable, repeatable."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from travelmap.errors import ExportError
from travelmap.export import export
from travelmap.export.frame import plan_frame, widest_gap_centre
from travelmap.export.static import SOURCE_LINE, draw_map, render_static
from travelmap.geocoding import placed
from travelmap.loading import load_trips
from travelmap.mapping.palette import assign_colours

FIXTURE = Path(__file__).parent / "data" / "export" / "trips.csv"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return load_trips(FIXTURE)


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


def test_png_has_the_requested_size_and_the_stop_where_the_projection_puts_it(
        stops: pd.DataFrame, tmp_path: Path) -> None:
    out = export(stops, tmp_path / "map.png", title="Trips", width=8, height=5, dpi=100)
    image = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert image.shape == (500, 800, 3)
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 50  # a drawn map, not a blank page

    _, layout = draw_map(stops, title="Trips", caption=None, width=8, height=5, dpi=100)
    colour = _rgb(assign_colours(stops["traveller"])["Kim Jong Un"])
    col, row = layout.pixel(43.1155, 131.8855, dpi=100)  # Vladivostok: only Kim stops there
    patch = image[int(row) - 2:int(row) + 3, int(col) - 2:int(col) + 3]
    distance = np.abs(patch - colour).sum(axis=2).min()
    assert distance < 30, f"no {colour} marker near pixel {(col, row)}"
    # and the same colour is not simply everywhere: a corner of the map is sea or land
    corner = image[int(layout.pixel(layout.frame.y1, 0, dpi=100)[1]) + 3, 30]
    assert np.abs(corner - colour).sum() > 60


def test_png_stops_of_a_trip_across_the_antimeridian_sit_side_by_side(
        stops: pd.DataFrame) -> None:
    biden = stops[stops["traveller"] == "Joe Biden"]
    _, layout = draw_map(biden, title=None, caption=None, width=8, height=5, dpi=100)
    hanoi = layout.pixel(21.0285, 105.8542, dpi=100)
    anchorage = layout.pixel(61.2181, -149.9003, dpi=100)
    for col, row in (hanoi, anchorage):
        assert 0 < col < 800 and 0 < row < 500
    # going east over the Pacific, Anchorage is right of Hanoi, ~105° away, not 255° to the left
    assert anchorage[0] > hanoi[0]
    assert anchorage[0] - hanoi[0] < 800 * 0.6


def test_svg_is_xml_with_place_labels_title_and_sources_as_text(stops: pd.DataFrame) -> None:
    svg = render_static(stops, format="svg", title="Визиты {{ 6*7 }}", caption="Note & <b>x</b>")
    root = ET.fromstring(svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    for label in ("Пхеньян", "Hà Nội", "北京", "Anchorage", "Владивосток", "Визиты {{ 6*7 }}",
                  "Note & <b>x</b>", SOURCE_LINE, "Kim Jong Un"):
        assert label in texts, label
    assert texts.count("Hà Nội") == 1  # two trips stop in Hanoi: one label
    assert any("2019" in t and "2024" in t for t in texts)  # the date range covered


def test_pdf_has_one_page_with_text_kept_as_text(stops: pd.DataFrame) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_static(stops, format="pdf", title="Trips")))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for label in ("Anchorage", "Пхеньян", "Sources: see trip list"):
        assert label in text
    width_pt = float(reader.pages[0].mediabox.width)
    assert width_pt == pytest.approx(11 * 72)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_static_exports_are_byte_for_byte_repeatable(stops: pd.DataFrame, fmt: str) -> None:
    first = render_static(stops, format=fmt, width=6, height=4, dpi=80)
    assert render_static(stops, format=fmt, width=6, height=4, dpi=80) == first


def test_an_absurd_size_is_refused_before_drawing(stops: pd.DataFrame) -> None:
    with pytest.raises(ExportError, match="pixels"):
        render_static(stops, format="png", width=100, height=100, dpi=1200)


def test_stops_without_any_coordinates_are_an_error_not_a_blank_map(stops: pd.DataFrame) -> None:
    nowhere = stops.assign(lat=pd.NA, lon=pd.NA).astype({"lat": "Float64", "lon": "Float64"})
    with pytest.raises(ExportError, match="coordinates"):
        render_static(nowhere, format="png")


def test_the_map_is_centred_across_the_antimeridian_when_the_data_is() -> None:
    assert abs(widest_gap_centre([170.0, -170.0])) == pytest.approx(180.0)
    assert widest_gap_centre([10.0, 30.0]) == pytest.approx(20.0)
    frame = plan_frame([(61.2, -149.9), (43.1, 131.9)], box_aspect=1.5)
    xs = sorted(frame.xy(lat, lon)[0] for lat, lon in [(61.2, -149.9), (43.1, 131.9)])
    assert xs[1] - xs[0] == pytest.approx((360 - 281.8) * frame.cos_lat)
    assert frame.x0 < xs[0] and xs[1] < frame.x1
    assert (frame.x1 - frame.x0) / (frame.y1 - frame.y0) == pytest.approx(1.5)


def test_place_labels_do_not_overlap_where_there_is_room(stops: pd.DataFrame) -> None:
    from matplotlib.text import Annotation

    figure, _ = draw_map(stops, title="T", caption=None, width=8, height=5, dpi=100)
    renderer = figure.canvas.get_renderer()
    labels = [t for t in figure.axes[0].texts if isinstance(t, Annotation)]
    # Beijing, Harbin, Pyongyang and Vladivostok crowd one corner of this map
    assert {"北京", "哈尔滨", "Пхеньян", "Владивосток", "Anchorage"} <= {
        t.get_text() for t in labels}
    boxes = [t.get_window_extent(renderer) for t in labels]
    clashes = [(labels[i].get_text(), labels[j].get_text())
               for i in range(len(boxes)) for j in range(i + 1, len(boxes))
               if boxes[i].overlaps(boxes[j])]
    assert clashes == []


def test_a_label_never_covers_the_home_capital_it_does_not_name() -> None:
    """Minsk sits next to Moscow: its label must not land on Moscow's square and name it."""
    from matplotlib.text import Annotation

    putin = placed(load_trips())
    putin = putin[(putin["traveller"] == "Vladimir Putin") & (putin["start_date"] >= "2023-03-17")]
    figure, layout = draw_map(putin, title="T", caption=None, width=9, height=5.5, dpi=110)
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    moscow = ax.transData.transform(layout.frame.xy(55.7522, 37.6156))
    for label in (t for t in ax.texts if isinstance(t, Annotation)):
        if label.get_text() != "Moscow":
            assert not label.get_window_extent(renderer).contains(*moscow), label.get_text()


def test_korean_and_chinese_labels_render_without_missing_glyphs(stops: pd.DataFrame) -> None:
    import warnings

    from tests.test_export_fonts import require_cjk_font

    require_cjk_font()
    korean = stops.assign(place=stops["place"].replace({"Пхеньян": "평양"}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        png = render_static(korean, format="png", title="평양 · 北京 · Hà Nội", width=5,
                            height=4, dpi=60)
    assert png.startswith(b"\x89PNG")


def test_an_empty_selection_is_refused(stops: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no stops"):
        export(stops.iloc[0:0], tmp_path / "empty.png")
    assert list(tmp_path.iterdir()) == []


def test_a_stop_no_gazetteer_knows_is_left_out_and_the_map_says_so(
        stops: pd.DataFrame) -> None:
    lost = stops.copy()
    row = lost.index[lost["place"] == "Anchorage"][0]
    lost.loc[row, "place"] = "Qwzxv Nowhere"
    lost.loc[row, ["lat", "lon"]] = pd.NA
    root = ET.fromstring(render_static(lost, format="svg"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Anchorage" not in texts and "Qwzxv Nowhere" not in texts
    assert any(t.startswith("Not shown: 1 stop whose place could not be located") for t in texts)
    assert "Пхеньян" in texts


@pytest.mark.parametrize("size", [(11.0, 7.5), (4.0, 3.0)])
def test_every_place_is_labelled_or_counted_in_a_note(size: tuple[float, float]) -> None:
    """No label of the bundled data is dropped silently: named on the map, or counted."""
    import re

    from matplotlib.text import Annotation

    from travelmap.export.static import places, plan_map

    stops = placed(load_trips())
    figure, _ = draw_map(stops, title="T", caption=None, width=size[0], height=size[1], dpi=80)
    ax = figure.axes[0]
    named = [t for t in ax.texts if isinstance(t, Annotation)]
    notes = [t.get_text() for t in ax.texts if "left out" in t.get_text()]
    counted = int(re.match(r"(\d+)", notes[0]).group(1)) if notes else 0
    plan = plan_map(stops, title="T", caption=None, width=size[0], height=size[1], unplaced=0)
    assert len(named) + counted == len(places(plan.stops, plan.routes))
    if size == (4.0, 3.0):
        assert counted > 0, "a small map cannot name every place of the bundled data"
