"""The data exports: GeoJSON that follows RFC 7946, and a CSV that is safe to open in Excel."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from travelmap.errors import ValidationError
from travelmap.export import export
from travelmap.export.geojson import stops_geojson
from travelmap.export.table import neutralise, stops_csv
from travelmap.loading import load_trips
from travelmap.model import STOP_COLUMNS
from travelmap.tours import build_tours

FIXTURE = Path(__file__).parent / "data" / "export" / "trips.csv"


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return load_trips(FIXTURE)


def _lines(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiLineString"
    return geometry["coordinates"]


def test_geojson_points_are_lon_lat_with_every_attribute_and_source(
        stops: pd.DataFrame, tmp_path: Path) -> None:
    out = export(stops, tmp_path / "trips.geojson")
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946 section 4: WGS84 only, no crs member
    points = [f for f in collection["features"] if f["properties"]["kind"] == "stop"]
    assert len(points) == len(stops)
    anchorage = next(f for f in points if f["properties"]["place"] == "Anchorage")
    assert anchorage["geometry"] == {"type": "Point", "coordinates": [-149.9003, 61.2181]}
    props = anchorage["properties"]
    assert props["start_date"] == "2023-09-11" and props["traveller"] == "Joe Biden"
    assert props["stop_order"] == 3 and props["visit_type"] == "transit"
    assert props["sources"][0]["url"] == "https://www.whitehouse.gov/briefing-room/2023/09/10/"
    assert set(STOP_COLUMNS) - {"lat", "lon"} <= set(props)
    hanoi = next(f for f in points if f["properties"]["trip_id"] == "putin-2024-06"
                 and f["properties"]["stop_order"] == 2)
    assert hanoi["properties"]["place"] == "Hà Nội"  # UTF-8, not \\u escapes lost
    assert hanoi["properties"]["note"].startswith("=HYPERLINK")  # data, not a spreadsheet
    assert "Hà Nội" in out.read_text(encoding="utf-8")


def test_geojson_routes_never_jump_across_the_antimeridian(stops: pd.DataFrame) -> None:
    routes = [f for f in stops_geojson(stops)["features"] if f["properties"]["kind"] == "route"]
    assert {f["properties"]["trip_id"] for f in routes} == set(stops["trip_id"])
    for feature in routes:
        for line in _lines(feature["geometry"]):
            assert len(line) >= 2
            for lon, lat in line:
                assert -180 <= lon <= 180 and -90 <= lat <= 90
            for (lon_a, _), (lon_b, _) in zip(line, line[1:], strict=False):
                assert abs(lon_b - lon_a) <= 180, feature["properties"]["trip_id"]
    biden = next(f for f in routes if f["properties"]["trip_id"] == "biden-2023-09")
    # Hanoi -> Anchorage crosses the Pacific: the line is cut at ±180° into separate parts
    assert biden["geometry"]["type"] == "MultiLineString"
    ends = [point[0] for line in _lines(biden["geometry"]) for point in (line[0], line[-1])]
    assert any(abs(lon) == pytest.approx(180) for lon in ends)
    assert biden["properties"]["places"] == ["New Delhi", "Hà Nội", "Anchorage"]


def test_csv_has_the_trips_header_plus_sources_and_the_filtered_rows(
        stops: pd.DataFrame, tmp_path: Path) -> None:
    kim = stops[stops["traveller"] == "Kim Jong Un"]
    out = export(kim, tmp_path / "kim.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads Cyrillic as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [*STOP_COLUMNS, "sources"]
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["place"] == "Владивосток"
    assert record["start_date"] == "2019-04-24" and record["lat"] == "43.1155"
    assert record["sources"] == "https://tass.com/politics/1055522"


def test_an_exported_csv_loads_back_with_its_sources(tmp_path: Path) -> None:
    """Download what is shown, edit it in a spreadsheet, upload it again: no 'trip without a
    source' error, the same stops, every source URL kept (outlets become the web sites)."""
    bundled = load_trips()
    out = export(bundled, tmp_path / "all.csv")
    back = load_trips(out)
    assert list(back["trip_id"]) == list(bundled["trip_id"])
    assert list(back["place"]) == list(bundled["place"])
    assert (back["start_date"] == bundled["start_date"]).all()
    for before, after in zip(bundled["sources"], back["sources"], strict=True):
        assert [s.url for s in after] == list(dict.fromkeys(s.url for s in before))
    first = back["sources"].iloc[0][0]
    assert first.outlet and "/" not in first.outlet and not first.outlet.startswith("www.")


def test_a_bad_url_in_an_exported_sources_cell_is_located(tmp_path: Path) -> None:
    out = export(load_trips(FIXTURE), tmp_path / "x.csv")
    text = out.read_text(encoding="utf-8-sig").replace("https://tass.com/politics/1055522",
                                                        "javascript:alert(1)")
    out.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_trips(out)
    row = next(n for n, line in enumerate(text.splitlines(), 1) if "javascript:" in line)
    located = [(p.row, p.column) for p in caught.value.problems]
    assert located[0] == (row, "sources")  # then: that trip is left without a source
    assert set(located) <= {(row, "sources"), (row, "trip_id")}
    assert "'javascript:alert(1)' is not an http(s) URL" in str(caught.value)


def test_csv_neutralises_formulas_but_keeps_negative_coordinates_numeric(
        stops: pd.DataFrame) -> None:
    rows = list(csv.DictReader(io.StringIO(stops_csv(stops))))
    notes = {row["place"] + row["trip_id"]: row["note"] for row in rows}
    assert notes["Hà Nộiputin-2024-06"] == "'=HYPERLINK(\"http://example.invalid/x\",\"click\")"
    assert notes["Владивостокkim-2019-04"] == "'+1 day by armoured train"
    assert notes["New Delhibiden-2023-09"] == "'@mention"
    assert notes["Hà Nộibiden-2023-09"] == "'-minus"
    anchorage = next(row for row in rows if row["place"] == "Anchorage")
    assert anchorage["lon"] == "-149.9003"  # a number, not '-149.9003
    assert float(anchorage["lon"]) == -149.9003
    assert anchorage["note"] == ""


@pytest.mark.parametrize("text,expected", [
    ("=1+1", "'=1+1"), ("+7 495", "'+7 495"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Kim Jong Un", "Kim Jong Un"), ("", ""),
    ("a=b", "a=b"), ("\u200b=1+1", "'\u200b=1+1"), ("\uff1d1+1", "'\uff1d1+1"),
    ("\ufe62cmd", "'\ufe62cmd"), ("\uff20SUM(A1)", "'\uff20SUM(A1)"), ("\u200bKim", "\u200bKim"),
])
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_geojson_keeps_every_route_past_the_maps_leg_limit(
        stops: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    """The maps leave routes out past the leg limit (and say so); a GeoJSON file is data and
    keeps them all: one route per trip with legs, whatever the limit."""
    import travelmap.tours

    expected = len(build_tours(stops, routes=True).tours)
    monkeypatch.setattr(travelmap.tours, "ROUTE_LEG_LIMIT", 3)
    assert build_tours(stops).too_many  # the maps would leave them out
    collection = stops_geojson(stops)
    routes = [f for f in collection["features"] if f["properties"]["kind"] == "route"]
    assert len({f["properties"]["trip_id"] for f in routes}) == len(routes) == expected
    assert "travelmap" not in collection
    assert all(f["properties"]["kind"] == "stop"
               for f in stops_geojson(stops, routes=False)["features"])
