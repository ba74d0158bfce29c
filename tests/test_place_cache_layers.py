"""The default place cache: the user's places.csv (in $TRAVELMAP_CACHE_DIR) over the bundled one.

New answers go to the user's file only; the bundled file, which may sit read-only in
site-packages, is never written; a line in the user's file wins over the bundled line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from travelmap.cli import main
from travelmap.errors import GeocodingError
from travelmap.geocoding import (
    PlaceCache,
    bundled_cache_path,
    locate,
    resolve_coordinates,
    user_cache_path,
)
from travelmap.loading import load_trips_from_bytes

HEADER = ("trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,start_date,"
          "end_date,visit_type,counterpart,outcome,note,source_outlet,source_title,source_url,"
          "source_published\n")


def trips(*places: tuple[str, str]) -> bytes:
    rows = [f"t,{n},Vladimir Putin,RUS,{host},{place},,,2024-06-{10 + n},2024-06-{10 + n},state,"
            ",,,Kremlin,Visit,http://en.kremlin.ru/events/1,2024-06-20\n"
            for n, (place, host) in enumerate(places, start=1)]
    return (HEADER + "".join(rows)).encode()


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRAVELMAP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_new_answers_go_to_the_users_file_and_the_bundled_one_is_never_written(
        user_dir: Path, gazetteer: object) -> None:
    bundled = bundled_cache_path().read_bytes()
    stops = load_trips_from_bytes(trips(("Pyongyang", "PRK"), ("Shenyang", "CHN")))
    assert PlaceCache.load().get("Shenyang", "CHN") is None  # not bundled: a real look-up follows
    out = resolve_coordinates(stops, gazetteer=gazetteer)  # type: ignore[arg-type]
    sources = dict(zip(out["place"], out["coord_source"], strict=True))
    assert sources == {"Pyongyang": "cache", "Shenyang": "gazetteer"}
    assert user_cache_path() == user_dir / "places.csv"
    mine = PlaceCache.load(user_cache_path())
    assert [e.name for e in mine] == ["Shenyang"]  # only the new answer, no copy of the bundled
    assert bundled_cache_path().read_bytes() == bundled
    again = resolve_coordinates(stops, gazetteer=gazetteer)  # type: ignore[arg-type]
    assert set(again["coord_source"]) == {"cache"}


def test_a_line_in_the_users_file_wins_over_the_bundled_line(user_dir: Path) -> None:
    bundled = PlaceCache.load(bundled_cache_path()).get("Pyongyang", "PRK")
    assert bundled is not None
    user_dir.mkdir()
    (user_dir / "places.csv").write_text(
        "name,country,lat,lon,resolver,resolved_at,confidence\n"
        "Pyongyang,PRK,39.1,125.9,manual,2026-01-01T00:00:00+00:00,1.00\n", encoding="utf-8")
    found = locate("Pyongyang", country="PRK")
    assert (found.source, found.lat, found.lon) == ("cache", 39.1, 125.9)
    assert PlaceCache.load().get("Hanoi", "VNM") is not None  # the rest still comes from below


def test_an_explicit_cache_file_is_the_whole_cache(tmp_path: Path, user_dir: Path) -> None:
    alone = PlaceCache.load(tmp_path / "mine.csv")
    assert len(alone) == 0 and alone.get("Pyongyang", "PRK") is None
    assert len(PlaceCache.load()) == len(PlaceCache.load(bundled_cache_path())) > 0


def test_an_unwritable_cache_folder_is_a_clear_error(tmp_path: Path, user_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    gazetteer: object) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TRAVELMAP_CACHE_DIR", str(blocker / "cache"))  # fails even for root
    stops = load_trips_from_bytes(trips(("Shenyang", "CHN"),))
    with pytest.raises(GeocodingError, match=r"cannot write the place cache .*TRAVELMAP_CACHE_DIR"):
        resolve_coordinates(stops, gazetteer=gazetteer)  # type: ignore[arg-type]
    csv = tmp_path / "trips.csv"
    csv.write_bytes(trips(("Shenyang", "CHN"),))
    result = CliRunner().invoke(main, ["geocode", str(csv)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot write the place cache ")
    assert "Traceback" not in result.output


def test_geocode_says_where_new_answers_went(tmp_path: Path, user_dir: Path,
                                             gazetteer: object) -> None:
    csv = tmp_path / "trips.csv"
    csv.write_bytes(trips(("Shenyang", "CHN"),))
    result = CliRunner().invoke(main, ["geocode", str(csv)])
    assert result.exit_code == 0, result.output
    assert f"Place cache: {user_dir / 'places.csv'}" in result.output
    assert PlaceCache.load(user_dir / "places.csv").get("Shenyang", "CHN") is not None


def test_an_export_never_overwrites_either_place_cache(tmp_path: Path, user_dir: Path) -> None:
    user_dir.mkdir()
    mine = user_dir / "places.csv"
    mine.write_text("name,country,lat,lon,resolver,resolved_at,confidence\n", encoding="utf-8")
    for target in (mine, bundled_cache_path()):
        before = target.read_bytes()
        result = CliRunner().invoke(main, ["export", "-o", str(target)])
        assert result.exit_code == 1
        assert "refusing to write" in result.output and "the place cache" in result.output
        assert target.read_bytes() == before
