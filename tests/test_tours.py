"""The one tour model: every output (page payload, static map, GeoJSON) draws the same routes."""

from __future__ import annotations

import pandas as pd
import pytest

from travelmap import tours as tours_module
from travelmap.export.geojson import stops_geojson
from travelmap.mapping import stops_payload
from travelmap.mapping.payload import tour_records
from travelmap.tours import HOME, build_tours

from .conftest import CAPITALS


@pytest.fixture
def stops(framed_stops: pd.DataFrame) -> pd.DataFrame:
    return framed_stops


def by_id(found: tours_module.Tours, trip_id: str) -> tours_module.Tour:
    (tour,) = [t for t in found.tours if t.trip_id == trip_id]
    return tour


def test_a_tour_is_framed_by_its_home_capital_and_each_leg_knows_its_ends(
        stops: pd.DataFrame) -> None:
    found = build_tours(stops)
    putin = by_id(found, "putin-2024-06")
    pyongyang, hanoi = (int(stops.index.get_loc(i)) for i in
                        stops.index[stops["trip_id"] == "putin-2024-06"])
    assert putin.home == CAPITALS["RUS"]
    assert putin.leg_ends == ((HOME, pyongyang), (pyongyang, hanoi), (hanoi, HOME))
    assert putin.legs[0][0][0] == (55.7558, 37.6173)
    assert putin.legs[-1][-1][-1] == (55.7558, 37.6173)
    assert len(putin.legs) == len(putin.leg_days) == len(putin.leg_ends)


def test_a_traveller_without_a_known_capital_flies_stop_to_stop(
        stops: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tours_module, "home_capital", lambda iso3: None)
    found = build_tours(stops)
    kim = by_id(found, "kim-2023-09")
    assert kim.home is None and len(kim.legs) == 1
    assert found.leg_count == len(stops) - len(found.tours)  # n stops make n - 1 legs a tour


def test_rows_without_coordinates_have_no_place_on_a_route(stops: pd.DataFrame) -> None:
    unplaced = stops.astype({"lat": "Float64", "lon": "Float64"})
    hanoi = unplaced["place"] == "Hanoi"
    unplaced.loc[hanoi, ["lat", "lon"]] = pd.NA
    found = build_tours(unplaced)
    assert all(not hanoi.iloc[row] for tour in found.tours for row in tour.rows)
    assert found.leg_count == build_tours(stops).leg_count - int(hanoi.sum())


def test_the_leg_limit_is_one_rule_for_every_output(stops: pd.DataFrame,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    legs = build_tours(stops).leg_count
    monkeypatch.setattr(tours_module, "ROUTE_LEG_LIMIT", legs - 1)
    assert build_tours(stops).too_many and not build_tours(stops).drawn
    assert stops_payload(stops)["routesDrawn"] == "too-many"
    routes = [f for f in stops_geojson(stops)["features"] if f["properties"]["kind"] == "route"]
    assert len(routes) == sum(1 for tour in build_tours(stops, routes=True).tours if tour.legs)
    monkeypatch.setattr(tours_module, "ROUTE_LEG_LIMIT", legs)
    assert build_tours(stops).drawn
    assert stops_payload(stops)["routesDrawn"] is True


def test_the_page_and_the_geojson_draw_the_same_route(stops: pd.DataFrame) -> None:
    payload = stops_payload(stops, routes=True)
    (page_tour,) = [t for t in tour_records(payload) if t["id"] == "biden-2023-09"]
    page_pieces = [[tuple(p) for p in piece] for leg in page_tour["legs"] for piece in leg]
    (feature,) = [f for f in stops_geojson(stops)["features"]
                  if f["properties"].get("trip_id") == "biden-2023-09"
                  and f["properties"]["kind"] == "route"]
    geojson_pieces = [[(lat, lon) for lon, lat in line]
                      for line in feature["geometry"]["coordinates"]]
    assert geojson_pieces == page_pieces
    assert page_tour["legEnds"][0][0] == HOME and page_tour["legEnds"][-1][1] == HOME


def test_the_static_map_draws_the_tour_model_routes(stops: pd.DataFrame,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from travelmap.export import static

    drawn: list[list[tours_module.Tour]] = []
    real = static._draw_routes
    monkeypatch.setattr(static, "_draw_routes",
                        lambda ax, frame, routes, colours: (drawn.append(list(routes)),
                                                            real(ax, frame, routes, colours)))
    static.render_static(stops, format="png", width=6, height=4, dpi=60)
    assert [t.pieces for t in drawn[0]] == [t.pieces for t in build_tours(stops).tours]


def test_surface_legs_run_straight_on_the_map_and_the_way_home_takes_the_first_mode(
        stops: pd.DataFrame) -> None:
    """Kim Jong Un's train: rail legs are straight lines on the map (two points), not great
    circles; an air leg stays a sampled great circle."""
    moded = stops.copy()
    trip = moded["trip_id"] == "putin-2024-06"
    first, second = moded.index[trip]
    moded["travel_mode"] = pd.Categorical([None] * len(moded), categories=["air", "rail"])
    moded.loc[first, "travel_mode"] = "rail"
    moded.loc[second, "travel_mode"] = "air"
    putin = by_id(build_tours(moded), "putin-2024-06")
    assert putin.leg_modes == ("rail", "air", "rail")  # home -> Pyongyang, -> Hanoi, -> home
    home_leg, air_leg, back_leg = putin.legs
    assert [len(piece) for piece in home_leg] == [2]  # straight: its two ends
    assert len(air_leg[0]) > 2  # sampled along the great circle
    assert [len(piece) for piece in back_leg] == [2]
    (route,) = [f for f in stops_geojson(moded)["features"]
                if f["properties"]["kind"] == "route"
                and f["properties"]["trip_id"] == "putin-2024-06"]
    assert route["properties"]["travel_modes"] == ["rail", "air", "rail"]
    from travelmap.export.triplist import render_trip_list

    assert "· by rail" in render_trip_list(moded[trip])
    unknown = by_id(build_tours(stops), "putin-2024-06")
    assert unknown.leg_modes == ("", "", "")
    assert len(unknown.legs[0][0]) > 2


def test_a_surface_line_over_the_antimeridian_is_cut_there() -> None:
    from travelmap.geometry import surface_line

    east, west = surface_line((60.0, 170.0), (62.0, -170.0))
    assert east == [(60.0, 170.0), (61.0, 180.0)]
    assert west == [(61.0, -180.0), (62.0, -170.0)]


def test_static_maps_and_animations_draw_surface_legs_dashed(stops: pd.DataFrame) -> None:
    from travelmap.export.static import render_static

    moded = stops.copy()
    moded["travel_mode"] = pd.Categorical(
        ["rail" if t == "putin-2024-06" else None for t in moded["trip_id"]],
        categories=["rail"])
    plain = render_static(stops, format="svg").decode("utf-8")
    dashed = render_static(moded, format="svg").decode("utf-8")
    assert "stroke-dasharray" not in plain and "by rail" not in plain
    assert "by rail" in dashed  # the legend says what the dashes mean
    routes = dashed[dashed.index('id="routes"'):dashed.index('id="home-capitals"')]
    assert "stroke-dasharray" in routes


@pytest.mark.browser
def test_the_interactive_map_draws_rail_legs_and_says_so_in_its_legend(
        stops: pd.DataFrame, offline_page: object, tmp_path: object) -> None:
    from travelmap.mapping import build_map, render_html, stops_payload

    from .test_map_browser import open_map

    moded = stops.copy()
    moded["travel_mode"] = pd.Categorical(
        ["rail" if t == "putin-2024-06" else None for t in moded["trip_id"]],
        categories=["rail"])
    routes = stops_payload(moded)["routes"]
    assert sum("legModes" in route for route in routes) == 1  # only where a mode is known
    page = open_map(offline_page, render_html(build_map(moded)), tmp_path)  # type: ignore[arg-type]
    rows = page.get_by_test_id("travelmap-legend-mode")
    assert rows.count() == 1 and rows.inner_text() == "by rail"
    assert page.locator("[data-testid=travelmap-legend-mode] line").get_attribute(
        "stroke-dasharray") == "10 5"
    assert page.evaluate("window.travelmap.drawnLegs") == build_tours(moded).leg_count
    assert offline_page.console_errors == []  # type: ignore[attr-defined]
