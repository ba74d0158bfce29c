"""Geocoding never silently wrong: namesakes ranked as places, real-world strings read, countries
named as places, and the Historian-style fixture measured (0 wrong)."""

from __future__ import annotations

import pytest

from travelmap.geocoding import Gazetteer, locate
from travelmap.geocoding.variants import country_named, readings

from .conftest import km


def test_an_exact_name_village_never_beats_the_city_whose_alternate_name_matches() -> None:
    records = [
        {"geonameid": 1, "name": "Springvale", "latitude": 50.0, "longitude": 0.0,
         "countrycode": "GB", "population": 700, "alternatenames": [], "admin1code": "X"},
        {"geonameid": 2, "name": "Springvale upon Tyne", "latitude": 55.0, "longitude": -1.6,
         "countrycode": "GB", "population": 300000, "alternatenames": ["Springvale"],
         "admin1code": "Y"},
        # The same name in another country is never chosen for a GBR host.
        {"geonameid": 3, "name": "Springvale", "latitude": 40.0, "longitude": -75.0,
         "countrycode": "US", "population": 2000000, "alternatenames": [], "admin1code": "Z"},
    ]
    gaz = Gazetteer(records=records, disk_cache=False)
    match = gaz.lookup("Springvale", country="GBR")
    assert match.chosen is not None and match.chosen.geonameid == 2
    assert match.note and "chosen over the smaller" in match.note and match.confidence < 0.8


def test_comparable_far_apart_places_are_ambiguous_with_candidates() -> None:
    records = [
        {"geonameid": 1, "name": "Hollow", "latitude": 47.0, "longitude": 127.0,
         "countrycode": "CN", "population": 0, "alternatenames": []},
        {"geonameid": 2, "name": "Hollow", "latitude": 30.0, "longitude": 100.0,
         "countrycode": "CN", "population": 0, "alternatenames": []},
    ]
    match = Gazetteer(records=records, disk_cache=False).lookup("Hollow", country="CHN")
    assert match.chosen is None and "ambiguous" in (match.reason or "")
    assert len(match.candidates) == 2


@pytest.mark.parametrize(("name", "country", "lat", "lon"), [
    ("Newcastle", "GBR", 54.97, -1.61), ("Halle", "DEU", 51.48, 11.97),
    ("San Jose", "CRI", 9.93, -84.08), ("Potosi", "BOL", -19.58, -65.75),
    ("Brussels (NATO)", "BEL", 50.85, 4.35), ("West Berlin", "DEU", 52.52, 13.40),
    ("Ft. de France", "MTQ", 14.60, -61.07), ("Bahrain", "BHR", 26.22, 50.58),
    # a territory filed under its sovereign, as the Historian does
    ("Fort-de-France", "FRA", 14.60, -61.07), ("Bermuda", "GBR", 32.29, -64.78),
])
def test_real_world_strings_resolve_where_they_are(name: str, country: str, lat: float,
                                                   lon: float) -> None:
    found = locate(name, country=country, use_cache=False)
    assert found.resolved, found.reason
    assert km(found.lat, found.lon, lat, lon) < 50


def test_a_reading_or_a_country_as_place_is_stated() -> None:
    assert "parenthetical" in (locate("Brussels (NATO)", country="BEL", use_cache=False).note
                               or "")
    bahrain = locate("Bahrain", country="BHR", use_cache=False)
    assert "capital" in (bahrain.note or "") and bahrain.confidence <= 0.6
    wrong_host = locate("Bahrain", country="QAT", use_cache=False)
    assert not wrong_host.resolved and "names a country" in (wrong_host.reason or "")


def test_readings() -> None:
    assert [r.text for r in readings("Ft. Myers (Florida)")][:2] == ["Ft. Myers", "Fort Myers"]
    assert ("Berlin", True) in [(r.text, r.loose) for r in readings("West Berlin")]
    assert "Kuwait" in [r.text for r in readings("Kuwait City")]


def test_a_reading_that_drops_a_word_needs_a_sizeable_town() -> None:
    records = [
        {"geonameid": 1, "name": "Java", "latitude": -7.0, "longitude": 110.0,
         "countrycode": "ID", "population": 800, "alternatenames": []},
        {"geonameid": 2, "name": "Bigport", "latitude": -6.0, "longitude": 106.0,
         "countrycode": "ID", "population": 90000, "alternatenames": []},
    ]
    gaz = Gazetteer(records=records, disk_cache=False)
    central_java = locate("Central Java", country="IDN", use_cache=False, gazetteer=gaz)
    # not the village of 800 called Java: the province of that name (tests/test_geocoding_regions)
    assert central_java.matched_name == "Central Java" and "a region" in central_java.note
    assert locate("West Bigport", country="IDN", use_cache=False, gazetteer=gaz).resolved
    assert country_named("Holy See") == "VAT" and country_named("Paris") is None


def test_the_historian_style_fixture_places_nothing_wrongly() -> None:
    from benchmarks.geocoding_quality import FIXTURE, measure

    outcome = measure(FIXTURE)
    assert outcome["wrong"] == []
    assert len(outcome["right"]) >= 0.95 * sum(len(v) for v in outcome.values())
