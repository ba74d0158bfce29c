"""`geocode --report` (every place, no cap), `geocode --sources`, and a place cache named for
`export`, `embed` and the dashboard (`--cache`, `$TRAVELMAP_PLACE_CACHE`)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from travelmap.cli import main
from travelmap.geocoding import PlaceCache
from travelmap.geocoding.cache import PLACE_CACHE_ENV
from travelmap.geocoding.resolve import REPORT_PLACES

from .test_geocoding_cli import trips_csv

TRIPS = ("trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,start_date,"
         "end_date,visit_type,counterpart,outcome,note\n")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_report_lists_every_place_with_its_status(tmp_path: Path) -> None:
    trips = trips_csv(tmp_path / "trips.csv", ("Bonn", "DEU", "", ""),
                      ("Brussels (NATO)", "BEL", "", ""), ("Qwzxy", "FRA", "", ""))
    report = tmp_path / "report.csv"
    result = CliRunner().invoke(main, ["geocode", str(trips), "--cache",
                                       str(tmp_path / "p.csv"), "--report", str(report)])
    assert result.exit_code == 1  # one place stays unresolved
    rows = {r["place"]: r for r in read(report)}
    assert rows["Bonn"]["status"] == "resolved"
    assert rows["Brussels (NATO)"]["status"] == "flagged"
    assert "parenthetical" in rows["Brussels (NATO)"]["how_or_why"]
    assert rows["Qwzxy"]["status"] == "unresolved" and rows["Qwzxy"]["rows"] == "trips.csv: 4"
    assert "resolved 1, flagged 1, outside 0, ambiguous 0, unresolved 1" in result.output


def test_more_unresolved_places_than_listed_are_counted_and_all_reported(tmp_path: Path) -> None:
    extra = 3
    trips = tmp_path / "trips.csv"
    trips.write_text(TRIPS + "".join(
        f"t-1,{n},A B,USA,FRA,Qwzx{'y' * n},,,1990-01-01,1990-01-01,other,,,\n"
        for n in range(1, REPORT_PLACES + extra + 1)), encoding="utf-8")
    (tmp_path / "sources.csv").write_text("trip_id,outlet,title,url,published\n"
                                          "t-1,O,T,https://example.org/a,\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    result = CliRunner().invoke(main, ["geocode", str(trips), "--cache",
                                       str(tmp_path / "p.csv"), "--report", str(report)])
    assert result.exit_code == 1
    assert f"and {extra} more not listed here" in result.output
    assert len(read(report)) == REPORT_PLACES + extra


def test_geocode_takes_a_sources_file(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    trips = tmp_path / "trips.csv"
    trips.write_text(TRIPS + "t-1,1,A B,USA,DEU,Bonn,,,1990-01-01,1990-01-01,other,,,\n",
                     encoding="utf-8")
    sources = folder / "my-sources.csv"
    sources.write_text("trip_id,outlet,title,url,published\n"
                       "t-1,Outlet,Title,https://example.org/a,\n", encoding="utf-8")
    args = ["geocode", str(trips), "--cache", str(tmp_path / "p.csv")]
    assert CliRunner().invoke(main, args).exit_code == 1  # no sources.csv beside trips.csv
    result = CliRunner().invoke(main, [*args, "--sources", str(sources)])
    assert result.exit_code == 0, result.output


def test_export_places_with_the_named_cache_and_never_overwrites_it(tmp_path: Path) -> None:
    cache = tmp_path / "mine.csv"
    cache.write_text("name,country,lat,lon,resolver,resolved_at,confidence\n"
                     "Nowhereville,DEU,50.0,8.0,manual,2024-01-01T00:00:00+00:00,1.00\n",
                     encoding="utf-8")
    trips = trips_csv(tmp_path / "trips.csv", ("Nowhereville", "DEU", "", ""))
    out = tmp_path / "out.geojson"
    result = CliRunner().invoke(main, ["export", str(trips), "--cache", str(cache),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    point = json.loads(out.read_text())["features"][0]["geometry"]["coordinates"]
    assert "left off the map" not in result.output and point == [8.0, 50.0]
    clash = CliRunner().invoke(main, ["export", str(trips), "--cache", str(cache),
                                      "-o", str(cache)])
    assert clash.exit_code == 1 and "place cache" in clash.output
    embed = CliRunner().invoke(main, ["embed", str(trips), "--cache", str(cache)])
    assert embed.exit_code == 0 and "left off the map" not in embed.output


def test_the_environment_names_a_cache_for_the_dashboard(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "dash.csv"
    cache.write_text("name,country,lat,lon,resolver,resolved_at,confidence\n"
                     "Nowhereville,DEU,50.0,8.0,manual,2024-01-01T00:00:00+00:00,1.00\n",
                     encoding="utf-8")
    monkeypatch.setenv(PLACE_CACHE_ENV, str(cache))
    loaded = PlaceCache.load()
    assert loaded.path == cache and loaded.get("Nowhereville", "DEU") is not None


def test_a_stop_placed_outside_its_host_country_is_reported_and_warned(tmp_path: Path) -> None:
    """Pyongyang's latitude with its sign lost lands in the Indian Ocean: explicit coordinates
    are the user's, but a map that looks right and is not must be said."""
    trips = trips_csv(tmp_path / "trips.csv", ("Pyongyang", "PRK", "-39.03", "125.75"),
                      ("Vladivostok", "RUS", "43.12", "131.89"))
    cache = str(tmp_path / "p.csv")
    result = CliRunner().invoke(main, ["geocode", str(trips), "--cache", cache])
    assert result.exit_code == 0
    assert "1 place(s) placed outside their host country" in result.output
    assert "Pyongyang (PRK, rows trips.csv: 2)" in result.output
    assert "Vladivostok" not in result.output.split("warning:")[1]
    report = tmp_path / "report.csv"
    CliRunner().invoke(main, ["geocode", str(trips), "--cache", cache, "--report", str(report)])
    rows = {r["place"]: r for r in read(report)}
    assert rows["Pyongyang"]["status"] == "outside"
    assert "km outside PRK's outline" in rows["Pyongyang"]["how_or_why"]
    assert rows["Vladivostok"]["status"] == "resolved"


def test_an_unresolved_place_that_is_a_town_elsewhere_asks_about_the_host(tmp_path: Path) -> None:
    # Dhahran filed under Bahrain (as the Office of the Historian files one visit) is in Saudi
    # Arabia: the report says so instead of a bare "not found"; a name found nowhere does not.
    trips = trips_csv(tmp_path / "trips.csv", ("Dhahran", "BHR", "", ""), ("Qwzxy", "BHR", "", ""))
    report = tmp_path / "report.csv"
    result = CliRunner().invoke(main, ["geocode", str(trips), "--cache",
                                       str(tmp_path / "p.csv"), "--report", str(report)])
    assert result.exit_code == 1
    rows = {r["place"]: r for r in read(report)}
    assert rows["Dhahran"]["status"] == "unresolved"
    assert "Dhahran (SAU" in rows["Dhahran"]["how_or_why"]
    assert "is BHR the right host?" in rows["Dhahran"]["how_or_why"]
    assert "another country" not in rows["Qwzxy"]["how_or_why"]
