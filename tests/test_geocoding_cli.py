"""`travelmap geocode` and `travelmap locate`, driven through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fake_nominatim import FakeNominatim
from travelmap.cli import main
from travelmap.geocoding import Gazetteer, PlaceCache, default_gazetteer

HEADER = ("trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,start_date,"
          "end_date,visit_type,counterpart,outcome,note,source_outlet,source_title,source_url,"
          "source_published\n")


def trips_csv(path: Path, *stops: tuple[str, str, str, str]) -> Path:
    """A valid trips CSV with inline sources; each stop is (place, host, lat, lon)."""
    lines = [HEADER]
    for order, (place, host, lat, lon) in enumerate(stops, start=1):
        day = f"2024-06-{10 + order:02d}"
        lines.append(f"t-1,{order},Vladimir Putin,RUS,{host},{place},{lat},{lon},{day},{day},"
                     f"state,,,,Kremlin,Visit,http://en.kremlin.ru/events/1,2024-06-20\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def gazetteer() -> Gazetteer:
    return default_gazetteer().build()  # the CLI uses the process-wide one; build it once


def test_geocode_resolves_counts_per_resolver_and_fills_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "places.csv"
    csv = trips_csv(tmp_path / "trips.csv", ("Пхеньян", "PRK", "", ""), ("Hà Nội", "VNM", "", ""),
                    ("Vostochny Cosmodrome", "RUS", "51.884", "128.333"))
    result = CliRunner().invoke(main, ["geocode", str(csv), "--cache", str(cache)])
    assert result.exit_code == 0, result.output
    assert "Resolved places: explicit 1, gazetteer 2 (3 stops)" in result.output
    assert "GeoNames" in result.output  # credit where the gazetteer answered
    assert PlaceCache.load(cache).get("Пхеньян", "PRK") is not None
    again = CliRunner().invoke(main, ["geocode", str(csv), "--cache", str(cache)])
    assert again.exit_code == 0
    assert "Resolved places: explicit 1, cache 2 (3 stops)" in again.output


def test_geocode_exits_1_listing_what_failed_and_keeps_what_resolved(tmp_path: Path) -> None:
    cache = tmp_path / "places.csv"
    csv = trips_csv(tmp_path / "trips.csv", ("Harbin", "CHN", "", ""),
                    ("Vladiwostock", "RUS", "", ""))
    result = CliRunner().invoke(main, ["geocode", str(csv), "--cache", str(cache)])
    assert result.exit_code == 1
    assert "Error: 1 place(s) could not be resolved" in result.output
    assert "'Vladiwostock' in RUS (" in result.output and "row 3" in result.output
    assert "did you mean: Vladivostok (RUS" in result.output
    assert "Resolved places: gazetteer 1, unresolved 1" in result.output
    assert PlaceCache.load(cache).get("Harbin", "CHN") is not None


def test_geocode_online_uses_the_named_geocoder_and_its_settings(tmp_path: Path) -> None:
    fake = FakeNominatim().start()
    try:
        cache = tmp_path / "places.csv"
        csv = trips_csv(tmp_path / "trips.csv", ("Harbin", "CHN", "", ""),
                        ("Khasan", "RUS", "", ""))
        result = CliRunner().invoke(main, [
            "geocode", str(csv), "--cache", str(cache), "--online", "--geocoder", "nominatim",
            "--geocoder-option", f"domain={fake.domain}", "--geocoder-option", "scheme=http",
            "--geocoder-option", "timeout=5"])
    finally:
        fake.stop()
    assert result.exit_code == 0, result.output
    assert "gazetteer 1, online 1" in result.output
    entry = PlaceCache.load(cache).get("Khasan", "RUS")
    assert entry is not None and entry.resolver == "online:nominatim"


def test_geocode_rejects_a_malformed_geocoder_option(tmp_path: Path) -> None:
    csv = trips_csv(tmp_path / "trips.csv", ("Harbin", "CHN", "", ""))
    result = CliRunner().invoke(main, ["geocode", str(csv), "--geocoder-option", "novalue"])
    assert result.exit_code == 2 and "KEY=VALUE" in result.output


def test_locate_json_has_the_documented_fields(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["locate", "평양", "--country", "PRK", "--json",
                                       "--cache", str(tmp_path / "none.csv")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"name", "country", "lat", "lon", "source", "candidates"} <= set(data)
    assert (data["name"], data["country"], data["source"]) == ("평양", "PRK", "gazetteer")
    assert data["lat"] == pytest.approx(39.03, abs=0.05)
    assert data["candidates"][0]["name"] == "Pyongyang"
    assert 0 < data["confidence"] <= 1 and len(repr(data["confidence"])) <= 5  # no float noise


def test_locate_without_country_reports_the_country_it_found(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["locate", "Kazan", "--json",
                                       "--cache", str(tmp_path / "none.csv")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["country"] == "RUS" and data["lon"] == pytest.approx(49.12, abs=0.1)


def test_locate_json_exits_1_when_nothing_matches(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["locate", "Vostochny", "--country", "RUS", "--json",
                                       "--cache", str(tmp_path / "none.csv")])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["lat"] is None and data["source"] is None
    assert "ambiguous" in data["reason"] and len(data["candidates"]) >= 2


def test_locate_text_shows_the_choice_and_the_ruled_out(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["locate", "Moscow", "--country", "rus", "--everywhere",
                                       "--cache", str(tmp_path / "none.csv")])
    assert result.exit_code == 0
    assert result.output.startswith("Moscow in RUS: 55.75")
    assert "[ruled out: outside host country]" in result.output


def test_locate_reads_the_place_cache_first(tmp_path: Path) -> None:
    cache = tmp_path / "places.csv"
    cache.write_text("name,country,lat,lon,resolver,resolved_at,confidence\n"
                     "Moscow,RUS,1.5,2.5,manual,,1\n")
    result = CliRunner().invoke(main, ["locate", "Moscow", "--country", "RUS", "--json",
                                       "--cache", str(cache)])
    data = json.loads(result.output)
    assert (data["lat"], data["lon"], data["source"]) == (1.5, 2.5, "cache")
    ignored = CliRunner().invoke(main, ["locate", "Moscow", "--country", "RUS", "--json",
                                        "--cache", str(cache), "--no-cache"])
    assert json.loads(ignored.output)["source"] == "gazetteer"


def test_locate_unknown_country_code_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["locate", "Moscow", "--country", "XXX"])
    assert result.exit_code == 1 and "unknown country code" in result.output
