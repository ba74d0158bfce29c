"""The gazetteer's per-country index on disk: reused across runs, never trusted blindly."""

from __future__ import annotations

from pathlib import Path

import pytest

from travelmap.geocoding import Gazetteer
from travelmap.geocoding import gazetteer as gazetteer_module
from travelmap.geocoding.index_store import IndexStore

RECORDS = [
    {"geonameid": 1, "name": "Tsiolkovskiy", "latitude": 51.77, "longitude": 128.12,
     "countrycode": "RU", "population": 7194, "admin1code": "05",
     "alternatenames": ["Tsiolkovsky", "Циолковский", "Uglegorsk"]},
    {"geonameid": 2, "name": "Hanoi", "latitude": 21.02, "longitude": 105.84,
     "countrycode": "VN", "population": 8053663, "admin1code": "44",
     "alternatenames": ["Hà Nội"]},
]


@pytest.fixture
def geonames(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """GeoNames shrunk to two cities, the cache in tmp; returns a counter of full loads."""
    loads: list[int] = []

    def fake_load(dataset: str) -> list[dict]:
        loads.append(1)
        return [dict(r) for r in RECORDS]

    monkeypatch.setenv("TRAVELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(gazetteer_module, "_load", fake_load)
    return loads


def test_a_second_run_reads_the_country_from_disk_without_loading_geonames(
        geonames: list[int]) -> None:
    first = Gazetteer().lookup("Циолковский", country="RUS")
    assert geonames == [1]
    second_run = Gazetteer()
    again = second_run.lookup("Циолковский", country="RUS")
    assert geonames == [1]  # no second parse of GeoNames
    assert again == first and again.chosen is not None
    assert second_run._pending is None and set(second_run._indexes) == {"RU"}


def test_a_country_geonames_has_no_city_in_costs_no_load(geonames: list[int]) -> None:
    Gazetteer().lookup("Hanoi", country="VNM")  # records which countries exist
    match = Gazetteer().lookup("Nowhere", country="ATA")
    assert match.chosen is None and geonames == [1]


def test_a_corrupt_index_file_is_rebuilt_not_believed(geonames: list[int]) -> None:
    Gazetteer().lookup("Hanoi", country="VNM")
    store = IndexStore("cities500")
    (store.directory / "VN.json").write_text('{"alpha2": "VN", "names": ["Hanoi"], "lats": [')
    match = Gazetteer().lookup("Hà Nội", country="VNM")
    assert match.chosen is not None and match.chosen.lat == 21.02
    assert geonames == [1, 1]
    assert store.read("VN") is not None  # written back whole


def test_an_unwritable_cache_directory_only_costs_speed(geonames: list[int],
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("TRAVELMAP_CACHE_DIR", str(blocker))
    assert Gazetteer().lookup("Hanoi", country="VNM").chosen is not None
    assert Gazetteer().lookup("Hanoi", country="VNM").chosen is not None
    assert geonames == [1, 1]


def test_the_cache_is_keyed_by_dataset_and_normalisation_code(tmp_path: Path) -> None:
    assert IndexStore("cities500", tmp_path).directory != IndexStore("cities1000",
                                                                     tmp_path).directory
    assert "cities500" in IndexStore("cities500", tmp_path).directory.name


def test_disk_cache_can_be_switched_off(geonames: list[int], tmp_path: Path) -> None:
    Gazetteer(disk_cache=False).lookup("Hanoi", country="VNM")
    assert not (tmp_path / "cache").exists()
