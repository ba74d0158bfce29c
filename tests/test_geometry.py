"""Great-circle routes: on the geodesic, split exactly at ±180°, joined into tours, with arrows."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import example, given, settings
from hypothesis import strategies as st

from travelmap.errors import TravelmapError
from travelmap.geometry import GeometryError, great_circle

MOSCOW = (55.7558, 37.6173)
PYONGYANG = (39.0392, 125.7625)
HANOI = (21.0285, 105.8542)
VLADIVOSTOK = (43.1155, 131.8855)
ANCHORAGE = (61.2181, -149.9003)
TOKYO = (35.6762, 139.6503)
SAN_FRANCISCO = (37.7749, -122.4194)

WGS84 = Geodesic.WGS84


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"]) / 1000


def on_geodesic(point: tuple[float, float], a: tuple[float, float], b: tuple[float, float],
                *, metres: float = 1.0) -> bool:
    """A point lies on the shortest path from a to b when it adds nothing to the distance."""
    detour = distance_km(a, point) + distance_km(point, b) - distance_km(a, b)
    return detour * 1000 < metres


def no_band(segments: list[list[tuple[float, float]]]) -> bool:
    return all(abs(p[1] - q[1]) <= 180 for seg in segments for p, q in pairwise(seg))


# --- great circles ----------------------------------------------------------------------------


def test_moscow_pyongyang_follows_the_geodesic_not_the_straight_map_line() -> None:
    segments = great_circle(MOSCOW, PYONGYANG)
    assert len(segments) == 1
    path = segments[0]
    assert path[0] == MOSCOW and path[-1] == PYONGYANG
    assert all(on_geodesic(p, MOSCOW, PYONGYANG) for p in path)
    # the middle bows north of the straight lat/lon line
    middle = path[len(path) // 2]
    assert middle[0] > (MOSCOW[0] + PYONGYANG[0]) / 2 + 5


def test_midpoint_matches_geographiclib_to_the_millimetre() -> None:
    total = distance_km(MOSCOW, PYONGYANG)
    (path,) = great_circle(MOSCOW, PYONGYANG, step_km=total / 2 + 1)  # start, middle, end
    assert len(path) == 3
    line = WGS84.InverseLine(*MOSCOW, *PYONGYANG)
    middle = line.Position(line.s13 / 2)
    assert distance_km(path[1], (middle["lat2"], middle["lon2"])) * 1000 < 0.001


def test_points_are_at_most_step_km_apart_and_evenly_spaced() -> None:
    (path,) = great_circle(MOSCOW, PYONGYANG, step_km=250)
    gaps = [distance_km(p, q) for p, q in pairwise(path)]
    assert max(gaps) <= 250
    assert max(gaps) - min(gaps) < 0.01
    assert len(path) == math.ceil(distance_km(MOSCOW, PYONGYANG) / 250) + 1


@pytest.mark.parametrize(
    ("start", "end"),
    [(MOSCOW, ANCHORAGE), (VLADIVOSTOK, ANCHORAGE), (TOKYO, SAN_FRANCISCO)],
    ids=["moscow-anchorage", "vladivostok-anchorage", "tokyo-san-francisco"],
)
def test_eastbound_routes_across_the_pacific_are_split_exactly_at_180(start, end) -> None:
    segments = great_circle(start, end)
    assert len(segments) == 2
    assert no_band(segments)
    first, second = segments
    assert first[0] == start and second[-1] == end
    assert first[-1][1] == 180.0 and second[0][1] == -180.0
    assert first[-1][0] == second[0][0]  # same latitude on both sides
    assert on_geodesic(first[-1], start, end)  # the crossing itself lies on the route
    assert all(-180 <= lon <= 180 for seg in segments for _, lon in seg)


def test_westbound_crossing_ends_at_minus_180() -> None:
    first, second = great_circle(SAN_FRANCISCO, TOKYO)
    assert first[-1][1] == -180.0 and second[0][1] == 180.0
    assert first[-1][0] == second[0][0]


def test_the_crossing_latitude_is_where_the_geodesic_meets_the_meridian() -> None:
    first, _ = great_circle(TOKYO, SAN_FRANCISCO, step_km=1000)  # coarse samples, exact crossing
    lat = first[-1][0]
    line = WGS84.InverseLine(*TOKYO, *SAN_FRANCISCO)
    # walk the geodesic finely: where it passes 180° its latitude must match
    previous = line.Position(0)
    for i in range(1, 100_001):
        here = line.Position(line.s13 * i / 100_000)
        if previous["lon2"] > 0 > here["lon2"]:
            assert abs(here["lat2"] - lat) < 1e-3 and abs(previous["lat2"] - lat) < 1e-3
            break
        previous = here
    else:
        pytest.fail("geodesic never crossed 180°")


def test_a_route_that_does_not_cross_stays_one_segment() -> None:
    assert len(great_circle(PYONGYANG, VLADIVOSTOK)) == 1
    assert len(great_circle(SAN_FRANCISCO, ANCHORAGE)) == 1
    assert no_band(great_circle(HANOI, MOSCOW))


def test_identical_start_and_end_is_a_single_point() -> None:
    assert great_circle(MOSCOW, MOSCOW) == [[MOSCOW]]


def test_longitudes_outside_the_usual_range_are_wrapped() -> None:
    segments = great_circle((0.0, 190.0), (0.0, 200.0))
    assert segments[0][0] == (0.0, -170.0) and segments[-1][-1] == (0.0, -160.0)


@pytest.mark.parametrize(
    "bad", [(95, 0), (float("nan"), 10), (0, float("inf")), ("north", 3), (1,)]
)
def test_bad_coordinates_raise_a_travelmap_error(bad) -> None:
    with pytest.raises(GeometryError):
        great_circle(bad, MOSCOW)
    assert issubclass(GeometryError, TravelmapError) and issubclass(GeometryError, ValueError)


@pytest.mark.parametrize("step", [0, -5, float("nan")])
def test_step_must_be_positive(step) -> None:
    with pytest.raises(GeometryError, match="step_km"):
        great_circle(MOSCOW, PYONGYANG, step_km=step)


coordinates = st.tuples(st.floats(-89.9, 89.9), st.floats(-180, 180))


@settings(max_examples=150, deadline=None)
@given(start=coordinates, end=coordinates)
@example(start=(0.0, 179.99999999999997), end=(0.0, -1.0))  # crosses 3e-14° after leaving
@example(start=(89.9, 0.0), end=(89.9, 180.0))  # over the pole
@example(start=(0.0, 179.9999999999999), end=(89.99999999999999, -1.0))  # up the meridian
@example(start=(1.0, 0.0), end=(0.0, 180.0))  # over the pole, then down the meridian
def test_any_route_is_continuous_and_never_bands(start, end) -> None:
    segments = great_circle(start, end, step_km=500)
    assert no_band(segments)
    assert all(-180 <= lon <= 180 for seg in segments for _, lon in seg)
    for left, right in pairwise(segments):  # every break is an antimeridian crossing
        assert abs(left[-1][1]) == 180 and right[0][1] == -left[-1][1]
        assert left[-1][0] == right[0][0]
    length = sum(distance_km(p, q) for seg in segments for p, q in pairwise(seg))
    assert length == pytest.approx(distance_km(start, end), abs=0.01)
