"""Issue #6's 'done when', on the bundled data: every format exported from data/trips.csv."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from travelmap.export import export
from travelmap.export.static import draw_map, places
from travelmap.geocoding import placed as located
from travelmap.loading import load_trips
from travelmap.mapping.palette import assign_colours

KNOWN_STOP = "Nusa Dua"  # Putin at APEC Bali, Oct 2013: no other stop or label nearby (Nago, the
# earlier choice, now sits under the Hangzhou label)


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return located(load_trips())


def most_visited(stops: pd.DataFrame, count: int) -> list[str]:
    """The names the static map labels first (most stops first), counted from the data rather
    than pinned, so that adding sourced trips (issue #19) does not mean editing this file."""
    return [place.name for place in places(stops, [])[:count]]


def test_bundled_png_is_drawn_at_the_requested_size_with_the_known_stop(
        bundled: pd.DataFrame, tmp_path: Path) -> None:
    out = export(bundled, tmp_path / "all.png", title="All trips", width=10, height=6, dpi=90)
    image = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert image.shape == (540, 900, 3)
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 100
    stop = bundled[bundled["place"] == KNOWN_STOP].iloc[0]
    colours = assign_colours(bundled["traveller"])
    _, layout = draw_map(bundled, title="All trips", caption=None, width=10, height=6, dpi=90)
    col, row = layout.pixel(float(stop["lat"]), float(stop["lon"]), dpi=90)
    patch = image[int(row) - 2:int(row) + 3, int(col) - 2:int(col) + 3].reshape(-1, 3)
    wanted = np.array([int(colours[str(stop["traveller"])][i:i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(patch - wanted).sum(axis=1).min() < 30


def test_bundled_svg_has_place_labels_as_text(bundled: pd.DataFrame, tmp_path: Path) -> None:
    out = export(bundled, tmp_path / "all.svg", title="All trips")
    texts = {"".join(t.itertext()) for t in ET.parse(out).getroot().iter(
        "{http://www.w3.org/2000/svg}text")}
    # The ten most visited places are always labelled (the label placer keeps its first ten),
    # whatever else the growing dataset crowds out; the known stop has no neighbour to yield to.
    for place in [*most_visited(bundled, 10), KNOWN_STOP]:
        assert place in texts


def test_bundled_pdf_has_one_page(bundled: pd.DataFrame, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = export(bundled, tmp_path / "all.pdf", title="All trips")
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 1
    assert most_visited(bundled, 1)[0] in reader.pages[0].extract_text()


def _positions(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def test_bundled_geojson_follows_rfc_7946(bundled: pd.DataFrame, tmp_path: Path) -> None:
    collection = json.loads(export(bundled, tmp_path / "all.geojson").read_text("utf-8"))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    stops = [f for f in collection["features"] if f["properties"]["kind"] == "stop"]
    assert len(stops) == len(bundled)
    for feature, (_, row) in zip(stops, bundled.iterrows(), strict=True):
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946 3.1.1: longitude first
        assert (lon, lat) == (pytest.approx(float(row["lon"]), abs=1e-6),
                              pytest.approx(float(row["lat"]), abs=1e-6))
        assert feature["properties"]["sources"], feature["properties"]["trip_id"]
    routes = [f for f in collection["features"] if f["properties"]["kind"] == "route"]
    assert len(routes) == bundled["trip_id"].nunique()
    crossing = 0
    for feature in routes:
        assert feature["geometry"]["type"] in {"LineString", "MultiLineString"}
        lines = _positions(feature["geometry"])
        crossing += len(lines) > 1
        for line in lines:
            assert len(line) >= 2
            for (lon_a, _), (lon_b, lat_b) in zip(line, line[1:], strict=False):
                assert -180 <= lon_b <= 180 and -90 <= lat_b <= 90
                assert abs(lon_b - lon_a) <= 180  # 3.1.9: cut at the antimeridian
    assert crossing >= 1  # Biden's Hanoi -> Anchorage leg crosses the Pacific


def test_bundled_csv_round_trips_through_the_loader(bundled: pd.DataFrame,
                                                    tmp_path: Path) -> None:
    raw = load_trips()
    out = export(raw, tmp_path / "trips.csv")
    from travelmap.model import bundled_data_dir

    (tmp_path / "sources.csv").write_bytes((bundled_data_dir() / "sources.csv").read_bytes())
    again = load_trips(out)
    assert list(again["trip_id"]) == list(raw["trip_id"])
    assert list(again["place"]) == list(raw["place"])
    assert list(again["note"].fillna("")) == list(raw["note"].fillna(""))


@pytest.mark.browser
def test_bundled_html_renders_in_chromium_with_the_network_blocked(
        bundled: pd.DataFrame, tmp_path: Path, offline_page: Any) -> None:
    out = export(load_trips(), tmp_path / "all.html", title="All trips")
    page = offline_page.page
    page.goto(out.as_uri())
    page.wait_for_selector(".leaflet-container", timeout=20_000)
    page.wait_for_function("window.travelmap && window.travelmap.ready === true",
                           timeout=20_000)  # the page script has drawn every stop
    assert offline_page.blocked == []
    assert offline_page.console_errors == []
    assert "All trips" in page.inner_text("body")
