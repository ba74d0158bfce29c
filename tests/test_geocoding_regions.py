"""Regions named as the place ("Normandy", "Bali", "Cornwall") are placed at their centre, flagged,
in the host country only, and never over a town of the same name."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from travelmap.cli import main
from travelmap.geocoding import locate
from travelmap.outlines import km_outside

from .conftest import km
from .test_geocoding_cli import trips_csv
from .test_geocoding_report import read

# Rough boxes around each region (south, north, west, east), from any atlas: the centre of a
# region's towns must fall inside its region, not merely inside its country.
REGION_BOXES = {
    ("Normandy", "FRA"): (48.2, 50.1, -1.95, 1.8),
    ("Apulia", "ITA"): (39.8, 42.3, 14.9, 18.6),
    ("Bali", "IDN"): (-8.85, -8.05, 114.4, 115.75),
    ("Cornwall", "GBR"): (49.9, 50.95, -5.75, -4.15),
    ("Bavaria", "DEU"): (47.25, 50.6, 8.95, 13.85),
    ("Hokkaido", "JPN"): (41.35, 45.55, 139.3, 145.85),
}


@pytest.mark.parametrize(("name", "country"), sorted(REGION_BOXES))
def test_a_region_is_placed_inside_itself_and_flagged_as_approximate(name: str,
                                                                     country: str) -> None:
    answer = locate(name, country=country, use_cache=False)
    south, north, west, east = REGION_BOXES[(name, country)]
    assert answer.resolved and south <= answer.lat <= north and west <= answer.lon <= east
    assert km_outside(answer.lat, answer.lon, country) is None  # not outside its country
    assert answer.confidence < 0.8 and "a region" in answer.note and "approximate" in answer.note


def test_a_region_across_the_date_line_is_not_pulled_to_longitude_zero() -> None:
    answer = locate("Chukotka", country="RUS", use_cache=False)
    assert answer.resolved and answer.lat > 60 and abs(answer.lon) > 165


def test_a_town_of_the_same_name_beats_its_region() -> None:
    answer = locate("Salzburg", country="AUT", use_cache=False)
    assert km(answer.lat, answer.lon, 47.7994, 13.0440) < 5  # the city, not the state's centre
    assert "region" not in (answer.note or "")


def test_a_region_answers_only_in_its_own_country() -> None:
    assert not locate("Normandy", country="DEU", use_cache=False).resolved


def test_a_generic_word_may_be_left_off_but_never_turns_a_county_into_a_state() -> None:
    province = locate("Mashonaland East", country="ZWE", use_cache=False)
    assert province.resolved and "Mashonaland East Province" in province.note
    # Washington is a state; "Washington County" is thirty counties across the country: none.
    assert not locate("Washington County", country="USA", use_cache=False).resolved


def test_geocode_report_flags_a_region(tmp_path: Path) -> None:
    trips = trips_csv(tmp_path / "trips.csv", ("Normandy", "FRA", "", ""))
    report = tmp_path / "report.csv"
    result = CliRunner().invoke(main, ["geocode", str(trips), "--cache",
                                       str(tmp_path / "p.csv"), "--report", str(report)])
    assert result.exit_code == 0, result.output
    (row,) = read(report)
    assert row["status"] == "flagged" and "centre of its" in row["how_or_why"]
