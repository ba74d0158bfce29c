"""Routes on the map: home capital -> stops in order -> home, along geodesics, split at ±180°."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from geographiclib.geodesic import Geodesic

from travelmap import tours as tours_module
from travelmap.days import day_number
from travelmap.mapping import stops_payload
from travelmap.mapping.payload import tour_records

from .conftest import TEST_DATA


@pytest.fixture
def stops(framed_stops: pd.DataFrame) -> pd.DataFrame:
    return framed_stops


def tour(payload: dict, trip_id: str) -> dict:
    (found,) = [t for t in tour_records(payload) if t["id"] == trip_id]
    return found


def km(a: list[float], b: list[float]) -> float:
    return Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"] / 1000


def test_each_tour_starts_and_ends_at_the_home_capital(stops: pd.DataFrame) -> None:
    payload = stops_payload(stops, routes=True)
    putin = tour(payload, "putin-2000-07")
    assert putin["home"] == ["Moscow", 55.7558, 37.6173]
    legs = putin["legs"]
    assert len(legs) == 3  # Moscow -> Beijing -> Pyongyang -> Moscow
    assert legs[0][0][0] == [55.7558, 37.6173]
    assert legs[0][-1][-1] == [39.9042, 116.4074]
    assert legs[1][-1][-1] == [39.0392, 125.7625]
    assert legs[-1][-1][-1] == [55.7558, 37.6173]
    assert all(len(t["legs"]) >= 2 for t in tour_records(payload))
    assert payload["routesDrawn"] is True


def test_each_leg_carries_the_day_it_is_travelled(stops: pd.DataFrame) -> None:
    payload = stops_payload(stops, routes=True)
    def day(iso: str) -> int:
        return day_number(date.fromisoformat(iso))

    putin = tour(payload, "putin-2000-07")  # Moscow -> Beijing 17 Jul -> Pyongyang 19 Jul -> home
    assert putin["legDays"] == [day("2000-07-17"), day("2000-07-19"), day("2000-07-20")]
    for each in tour_records(payload):
        assert len(each["legDays"]) == len(each["legs"])
        assert each["legDays"] == sorted(each["legDays"])
        assert each["start"] <= min(each["legDays"]) and max(each["legDays"]) <= each["end"]


def test_moscow_to_pyongyang_follows_the_great_circle(stops: pd.DataFrame) -> None:
    leg = tour(stops_payload(stops, routes=True), "putin-2024-06")["legs"][0]
    assert len(leg) == 1, "no split on this leg"
    points = leg[0]
    moscow, pyongyang = points[0], points[-1]
    assert moscow == [55.7558, 37.6173] and pyongyang == [39.0392, 125.7625]
    total = km(moscow, pyongyang)
    assert len(points) >= total // 100  # sampled at least every 100 km
    for point in points:  # every point lies on the geodesic between the two ends
        assert km(moscow, point) + km(point, pyongyang) == pytest.approx(total, abs=0.5)
    middle = points[len(points) // 2]
    straight = (moscow[0] + pyongyang[0]) / 2
    assert middle[0] > straight + 3, "the great circle bows north of the straight lat/lon line"


def test_a_leg_across_the_180th_meridian_is_split_not_streaked(stops: pd.DataFrame) -> None:
    biden = tour(stops_payload(stops, routes=True), "biden-2023-09")
    hanoi_to_anchorage = biden["legs"][1]
    assert len(hanoi_to_anchorage) == 2
    west, east = hanoi_to_anchorage
    assert west[0] == [21.0285, 105.8542] and west[-1][1] == 180
    assert east[0][1] == -180 and east[-1] == [61.2181, -149.9003]
    assert west[-1][0] == pytest.approx(east[0][0])
    for leg in biden["legs"]:
        for piece in leg:
            for a, b in zip(piece, piece[1:], strict=False):
                assert abs(a[1] - b[1]) < 90, "no piece jumps across the map"


def test_too_many_legs_leave_routes_out_and_say_so(stops: pd.DataFrame,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tours_module, "ROUTE_LEG_LIMIT", 5)
    payload = stops_payload(stops)
    assert payload["routesDrawn"] == "too-many"
    assert payload["legCount"] == 16  # 10 stops, 6 tours, each framed by its capital
    assert all(t["legs"] == [] for t in tour_records(payload))
    assert stops_payload(stops, routes=True)["routesDrawn"] is True


def test_routes_can_be_switched_off(stops: pd.DataFrame) -> None:
    payload = stops_payload(stops, routes=False)
    assert payload["routesDrawn"] is False
    assert all(t["legs"] == [] for t in tour_records(payload))


def test_bounds_cover_stops_and_home_capitals(stops: pd.DataFrame) -> None:
    (south, west), (north, east) = stops_payload(stops, routes=True)["bounds"]
    assert north == pytest.approx(61.2181)  # Anchorage
    assert west == pytest.approx(-149.9003)
    assert south == pytest.approx(21.0285)  # Hanoi
    assert east == pytest.approx(137.0079)  # Komsomolsk-on-Amur


def test_html_is_identical_across_processes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two CLI runs (different hash seeds, fresh caches) must write the same bytes."""
    import hashlib
    import os
    import subprocess
    import sys

    script = (
        "import hashlib, travelmap\n"
        "from travelmap.mapping import build_map, render_html\n"
        f"stops = travelmap.load_trips({str(TEST_DATA / 'map' / 'trips.csv')!r})\n"
        "html = render_html(build_map(stops, title='Same', routes=True))\n"
        "print(hashlib.sha256(html.encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             env=env, check=True, cwd=tmp_path, timeout=120)
        digests.add(out.stdout.strip())
    assert len(digests) == 1
    assert len(next(iter(digests))) == len(hashlib.sha256().hexdigest())
