"""Airfields and air bases the gazetteer's towns do not name resolve offline (airportsdata), in
the host country only, flagged; a place the gazetteer knows is never replaced by an airfield."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from travelmap.geocoding import Gazetteer, PlaceCache, locate, locate_stops
from travelmap.geocoding.airfields import airfield_key, airfields_named, one_place
from travelmap.geocoding.report import report_rows

from .conftest import km


@pytest.mark.parametrize(("name", "country", "lat", "lon"), [
    ("Ramstein Air Base", "DEU", 49.4369, 7.6003),
    ("Ramstein AFB", "DEU", 49.4369, 7.6003),
    ("Incirlik Air Base", "TUR", 37.0021, 35.4259),
    ("Bagram", "AFG", 34.9461, 69.2650),
    ("Al Udeid Air Base", "QAT", 25.1173, 51.3150),
])
def test_an_air_base_lands_on_the_base(name: str, country: str, lat: float, lon: float,
                                       gazetteer: Gazetteer) -> None:
    found = locate(name, country=country, use_cache=False, gazetteer=gazetteer)
    assert found.resolved, found.reason
    assert km(found.lat, found.lon, lat, lon) < 10
    assert found.note and found.note.startswith("airfield: ") and "(" in found.note
    assert found.confidence <= 0.8  # flagged for a look, never as sure as a town


def test_an_airfield_in_another_country_never_answers(gazetteer: Gazetteer) -> None:
    found = locate("Ramstein Air Base", country="FRA", use_cache=False, gazetteer=gazetteer)
    assert not found.resolved
    assert "airfield" not in (found.note or "")


def test_a_town_the_gazetteer_knows_is_never_replaced_by_an_airfield() -> None:
    records = [{"geonameid": 1, "name": "Sigonella", "latitude": 37.30, "longitude": 14.80,
                "countrycode": "IT", "population": 500, "alternatenames": []}]
    gaz = Gazetteer(records=records, disk_cache=False)
    town = locate("Sigonella", country="ITA", use_cache=False, gazetteer=gaz)
    assert (town.lat, town.lon) == (37.30, 14.80) and "airfield" not in (town.note or "")
    empty = Gazetteer(records=records[:0], disk_cache=False)
    base = locate("Sigonella", country="ITA", use_cache=False, gazetteer=empty)
    assert base.resolved and km(base.lat, base.lon, 37.4017, 14.9224) < 10
    assert base.note == "airfield: Sigonella Airport (LICZ)"


def test_a_territory_filed_under_its_sovereign_finds_its_airfield() -> None:
    empty = Gazetteer(records=[], disk_cache=False)
    found = locate("Andersen Air Force Base", country="USA", use_cache=False, gazetteer=empty)
    assert found.resolved and km(found.lat, found.lon, 13.5839, 144.9301) < 10
    assert "a territory of USA" in (found.note or "")


def test_a_code_answers_only_when_written_as_one_in_capitals() -> None:
    assert [a.icao for a in airfields_named("LHR", "GBR")] == ["EGLL"]
    assert airfields_named("lhr", "GBR") == ()
    assert airfields_named("LHR", "FRA") == ()


def test_airfield_words_are_stripped_from_the_ends_only() -> None:
    assert airfield_key("Ramstein AFB") == airfield_key("Ramstein Air Base") == "ramstein"
    assert airfield_key("Elmendorf AFB Airport") == "elmendorf"
    assert airfield_key("RAF Mildenhall") == "mildenhall"
    assert airfield_key("Airport") == "airport"  # a name made only of airfield words stays


def test_airfields_far_apart_are_no_one_place() -> None:
    near = airfields_named("Ramstein", "DEU")
    assert one_place(near) is not None
    assert one_place(near + airfields_named("Incirlik", "TUR")) is None


def test_an_airfield_answer_is_cached_and_reported_flagged(tmp_path: Path) -> None:
    empty = Gazetteer(records=[], disk_cache=False)
    stops = pd.DataFrame({"place": ["Ramstein AFB"], "host_country": ["DEU"],
                          "csv_file": ["trips.csv"], "csv_row": [2]})
    cache = tmp_path / "places.csv"
    located, unresolved = locate_stops(stops, cache_path=cache, gazetteer=empty,
                                       write_cache=True)
    assert not unresolved
    [row] = report_rows(located, unresolved)
    assert row["status"] == "flagged" and "Ramstein Air Base (ETAR)" in row["how_or_why"]
    entry = PlaceCache.load(cache).get("Ramstein AFB", "DEU")
    assert entry is not None and "airfield: Ramstein Air Base (ETAR)" in entry.resolver


def test_airfields_of_one_name_far_apart_stay_unresolved_and_say_so() -> None:
    empty = Gazetteer(records=[], disk_cache=False)
    found = locate("Lowell Field", country="USA", use_cache=False, gazetteer=empty)
    assert not found.resolved
    assert "ambiguous" in (found.reason or "") and "00AK" in (found.reason or "")
