"""The offline gazetteer: the issue's traps, non-Latin names, ranking rules and suggestions."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from travelmap.errors import GeocodingError
from travelmap.geocoding import (
    GAZETTEER_ATTRIBUTION,
    Gazetteer,
    capital_of,
    locate,
    normalise,
)

from .conftest import km


def resolved(gazetteer: Gazetteer, name: str, country: str | None) -> tuple[str, float, float]:
    match = gazetteer.lookup(name, country=country)
    assert match.chosen is not None, match.reason
    return match.chosen.country, match.chosen.lat, match.chosen.lon


# -- the traps named in the issue -----------------------------------------------------------------
@pytest.mark.parametrize("country", ["RUS", None])
def test_moscow_is_the_russian_capital_not_idaho(gazetteer: Gazetteer, country: str | None) -> None:
    iso, lat, lon = resolved(gazetteer, "Moscow", country)
    assert iso == "RUS" and km(lat, lon, 55.7558, 37.6173) < 10


@pytest.mark.parametrize("country", ["RUS", None])
def test_kazan_is_in_russia(gazetteer: Gazetteer, country: str | None) -> None:
    iso, lat, lon = resolved(gazetteer, "Kazan", country)
    assert iso == "RUS" and km(lat, lon, 55.7963, 49.1088) < 10


def test_the_host_country_decides_between_namesakes(gazetteer: Gazetteer) -> None:
    iso, lat, _ = resolved(gazetteer, "Moscow", "USA")
    assert iso == "USA" and lat < 50
    iso, _, lon = resolved(gazetteer, "Kazan", "TUR")
    assert iso == "TUR" and lon < 40


def test_bare_vostochny_does_not_land_on_the_stavropol_village(gazetteer: Gazetteer) -> None:
    match = gazetteer.lookup("Vostochny", country="RUS")
    assert match.chosen is None
    assert "ambiguous" in (match.reason or "")
    stavropol = [c for c in match.candidates if c.name == "Vostochny"]
    assert stavropol and km(stavropol[0].lat, stavropol[0].lon, 44.31, 44.20) < 5


def test_a_place_the_host_country_rules_out_is_never_chosen(gazetteer: Gazetteer) -> None:
    match = gazetteer.lookup("Pyongyang", country="KOR", everywhere=True)
    assert match.chosen is None
    assert [c.country for c in match.candidates] == ["PRK"]
    assert not match.candidates[0].in_host
    assert "1 namesake(s) elsewhere ruled out" in (match.reason or "")
    assert gazetteer.lookup("Pyongyang", country="KOR").chosen is None


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_name_in_any_country_resolves_inside_that_country_or_not_at_all(
        gazetteer: Gazetteer, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["Moscow", "Kazan", "Hanoi", "Paris", "London", "Victoria",
                                      "San Jose", "Alexandria", "Springfield", "Santiago",
                                      "Córdoba", "Valencia", "Tripoli", "Vostochny", "Kingston"]))
    country = data.draw(st.sampled_from(["RUS", "USA", "VNM", "FRA", "GBR", "CAN", "ESP", "ARG",
                                         "LBY", "LBN", "EGY", "CRI", "JAM", "CHL", "TUR"]))
    match = gazetteer.lookup(name, country=country)
    if match.chosen is not None:
        assert match.chosen.country == country


def test_new_delhi_is_not_delhis_centroid(gazetteer: Gazetteer) -> None:
    _, lat, lon = resolved(gazetteer, "New Delhi", "IND")
    _, delhi_lat, delhi_lon = resolved(gazetteer, "Delhi", "IND")
    assert km(lat, lon, 28.6139, 77.2090) < 2  # Rajpath / India Gate area
    assert (lat, lon) != (delhi_lat, delhi_lon)


# -- non-Latin and variant spellings --------------------------------------------------------------
@pytest.mark.parametrize(("name", "country", "true_lat", "true_lon"), [
    ("Пхеньян", "PRK", 39.0392, 125.7625),
    ("평양", "PRK", 39.0392, 125.7625),
    ("平壤", "PRK", 39.0392, 125.7625),
    ("Hà Nội", "VNM", 21.0285, 105.8542),
    ("HA NOI", "VNM", 21.0285, 105.8542),
    ("Ulaanbaatar", "MNG", 47.8864, 106.9057),
    ("Ulan Bator", "MNG", 47.8864, 106.9057),
    ("Улаанбаатар", "MNG", 47.8864, 106.9057),
    ("Tsiolkovsky", "RUS", 51.7627, 128.1219),
    ("Tsiolkovskiy", "RUS", 51.7627, 128.1219),
    ("Владивосток", "RUS", 43.1155, 131.8855),
    ("Kazan'", "RUS", 55.7963, 49.1088),
    ("Komsomolsk-na-Amure", "RUS", 50.5500, 137.0167),
    ("Artyom", "RUS", 43.3500, 132.1833),
    ("Артём", "RUS", 43.3500, 132.1833),
])
def test_other_scripts_and_spellings_resolve(gazetteer: Gazetteer, name: str, country: str,
                                             true_lat: float, true_lon: float) -> None:
    _, lat, lon = resolved(gazetteer, name, country)
    assert km(lat, lon, true_lat, true_lon) < 25


def test_normalise_folds_case_accents_punctuation_and_endings() -> None:
    assert normalise("Hà Nội") == normalise("ha noi") == normalise("HA-NOI")
    assert normalise("Kazan'") == normalise("Kazan") == normalise("KAZAN’")
    assert normalise("Tsiolkovskiy") == normalise("Tsiolkovsky")
    assert normalise("Vostochnyy") == normalise("Vostochny")
    assert normalise("Đà Nẵng") == normalise("Da Nang")
    assert normalise("평양") == "평양"  # Hangul survives (NFKD splits it into jamo; NFC rejoins)
    assert normalise("Moscow") != normalise("Moskva")


# -- ranking rules, on a hand-made gazetteer ------------------------------------------------------
def city(name: str, cc: str, lat: float, lon: float, pop: int, *alts: str) -> dict:
    return {"geonameid": abs(hash((name, lat))) % 10**8, "name": name, "latitude": lat,
            "longitude": lon, "countrycode": cc, "population": pop, "admin1code": "01",
            "alternatenames": list(alts)}


def test_a_much_bigger_city_known_by_the_name_beats_an_exact_name_village() -> None:
    # Issue #20: the exact name alone must not win (Newcastle, Halle): population decides, and
    # the answer says which smaller exact-name place it passed over.
    g = Gazetteer(records=[city("Bigtown", "RU", 50, 50, 5_000_000, "Smallville"),
                           city("Smallville", "RU", 60, 60, 1_000)])
    match = g.lookup("Smallville", country="RUS")
    assert match.chosen is not None and match.chosen.name == "Bigtown"
    assert "Smallville" in (match.note or "")


def test_an_alias_holder_of_comparable_size_makes_an_exact_name_ambiguous() -> None:
    g = Gazetteer(records=[city("Bigtown", "RU", 50, 50, 5_000, "Smallville"),
                           city("Smallville", "RU", 60, 60, 1_000)])
    assert "ambiguous" in (g.lookup("Smallville", country="RUS").reason or "")


def test_an_exact_name_bigger_than_the_alias_holder_is_chosen_and_noted() -> None:
    g = Gazetteer(records=[city("Smallville", "RU", 50, 50, 5_000),
                           city("Bigtown", "RU", 60, 60, 1_000, "Smallville")])
    match = g.lookup("Smallville", country="RUS")
    assert match.chosen is not None and match.chosen.name == "Smallville"
    assert "Bigtown" in (match.note or "") and match.confidence < 0.9


def test_far_apart_namesakes_of_similar_size_are_ambiguous_not_guessed() -> None:
    g = Gazetteer(records=[city("Twin", "RU", 50, 50, 9_000), city("Twin", "RU", 60, 60, 3_000)])
    match = g.lookup("Twin", country="RUS")
    assert match.chosen is None and "ambiguous" in (match.reason or "")


def test_a_namesake_ten_times_bigger_wins() -> None:
    g = Gazetteer(records=[city("Twin", "RU", 50, 50, 100_000), city("Twin", "RU", 60, 60, 3_000)])
    assert g.lookup("Twin", country="RUS").chosen.lat == 50  # type: ignore[union-attr]


def test_near_duplicates_within_25_km_are_one_place() -> None:
    g = Gazetteer(records=[city("Twin", "RU", 50, 50, 9_000), city("Twin", "RU", 50.1, 50, 8_000)])
    assert g.lookup("Twin", country="RUS").chosen.population == 9_000  # type: ignore[union-attr]


def test_the_index_is_built_lazily_one_country_at_a_time() -> None:
    g = Gazetteer(records=[city("Only", "RU", 50, 50, 9_000), city("Other", "VN", 20, 105, 100)])
    assert not g.built
    g.lookup("Only", country="RUS")
    g.lookup("Only", country="RUS")
    assert g.built and g.lookups == 2
    assert set(g._indexes) == {"RU"}  # Vietnam not indexed: nobody asked about it
    assert g.lookup("Other").chosen is not None  # no country: every country is searched
    assert set(g._indexes) == {"RU", "VN"}


def test_look_ups_use_the_index_not_a_scan(gazetteer: Gazetteer) -> None:
    names = ["Moscow", "Пхеньян", "Hà Nội", "Nowhere-at-all", "Harbin"] * 200
    started = time.perf_counter()
    for name in names:
        gazetteer.lookup(name)
    per_lookup = (time.perf_counter() - started) / len(names)
    assert per_lookup < 0.002  # a scan of ~235,000 records takes far longer than 2 ms


# -- suggestions, locate, capitals, attribution ----------------------------------------------------
def test_unresolved_names_come_with_fuzzy_suggestions(gazetteer: Gazetteer) -> None:
    result = locate("Vladiwostock", country="RUS", use_cache=False, gazetteer=gazetteer)
    assert not result.resolved
    assert result.suggestions and result.suggestions[0].startswith("Vladivostok (RUS")


def test_locate_lists_candidates_including_ruled_out_ones(gazetteer: Gazetteer) -> None:
    result = locate("Moscow", country="RUS", use_cache=False, gazetteer=gazetteer,
                    everywhere=True)
    assert result.source == "gazetteer" and result.country == "RUS"
    assert result.candidates[0].country == "RUS"
    assert any(c.country == "USA" and not c.in_host for c in result.candidates)


@pytest.mark.parametrize(("iso3", "name", "lat", "lon"), [
    ("RUS", "Moscow", 55.7558, 37.6173),
    ("PRK", "Pyongyang", 39.0392, 125.7625),
    ("USA", "Washington", 38.9072, -77.0369),
    ("UKR", "Kyiv", 50.4501, 30.5234),
    ("MNG", "Ulaanbaatar", 47.8864, 106.9057),
    ("KAZ", "Astana", 51.1694, 71.4491),
])
def test_capital_of(gazetteer: Gazetteer, iso3: str, name: str, lat: float, lon: float,
                    tmp_path: object) -> None:
    got_name, got_lat, got_lon = capital_of(iso3, gazetteer=gazetteer,
                                            cache_path=tmp_path / "none.csv")  # type: ignore
    assert got_name == name and km(got_lat, got_lon, lat, lon) < 25


def test_capital_of_an_unknown_code_is_a_geocoding_error(gazetteer: Gazetteer) -> None:
    with pytest.raises(GeocodingError, match="unknown country code"):
        capital_of("XYZ", gazetteer=gazetteer)


def test_attribution_credits_geonames_and_its_licence() -> None:
    assert "GeoNames" in GAZETTEER_ATTRIBUTION and "CC BY 4.0" in GAZETTEER_ATTRIBUTION
