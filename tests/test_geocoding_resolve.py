"""`resolve_coordinates`, `with_coordinates`: resolution order, place cache, bundled data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from travelmap.errors import GeocodingError, ValidationError
from travelmap.geocoding import (
    CACHE_COLUMNS,
    Gazetteer,
    OnlineResolver,
    PlaceCache,
    bundled_cache_path,
    capital_of,
    default_gazetteer,
    locate_stops,
    resolve_coordinates,
    with_coordinates,
)
from travelmap.loading import load_trips
from travelmap.model import bundled_trips_path

from .conftest import km


def stops(*rows: tuple[str, str | None] | tuple[str, str | None, float, float]) -> pd.DataFrame:
    return pd.DataFrame({
        "place": [r[0] for r in rows],
        "host_country": [r[1] for r in rows],
        "lat": pd.array([r[2] if len(r) == 4 else None for r in rows], dtype="Float64"),
        "lon": pd.array([r[3] if len(r) == 4 else None for r in rows], dtype="Float64"),
        "csv_file": ["trips.csv"] * len(rows),
        "csv_row": list(range(2, len(rows) + 2)),
    })


class Exploding(OnlineResolver):
    """An online resolver that fails the test if anyone asks it anything."""

    def __init__(self) -> None:  # no geocoder needed
        pass

    def lookup(self, name: str, *, country: str | None = None):  # type: ignore[override]
        raise AssertionError(f"went online for {name!r}")


def fresh_gazetteer() -> Gazetteer:
    """A gazetteer nobody has used: `lookups == 0` and `built is False` prove it was not needed."""
    return Gazetteer()


# -- resolution order -----------------------------------------------------------------------------
def test_explicit_coordinates_win_and_are_kept_exactly(tmp_path: Path,
                                                       gazetteer: Gazetteer) -> None:
    data = stops(("Moscow", "RUS", 55.0001234, 37.0004321), ("Moscow", "RUS"))
    out = resolve_coordinates(data, cache_path=tmp_path / "p.csv", gazetteer=gazetteer)
    assert (out["lat"].iloc[0], out["lon"].iloc[0]) == (55.0001234, 37.0004321)
    # A row of the same place without coordinates takes the explicit ones, not a look-up.
    assert (out["lat"].iloc[1], out["lon"].iloc[1]) == (55.0001234, 37.0004321)
    assert list(out["coord_source"]) == ["explicit", "explicit"]


def test_gazetteer_answers_go_to_the_cache_and_the_second_run_looks_nothing_up(
        tmp_path: Path, gazetteer: Gazetteer) -> None:
    cache = tmp_path / "places.csv"
    data = stops(("Пхеньян", "PRK"), ("Hà Nội", "VNM"), ("Hà Nội", "VNM"), ("Harbin", "CHN"))
    first = resolve_coordinates(data, cache_path=cache, gazetteer=gazetteer)
    assert list(first["coord_source"]) == ["gazetteer"] * 4
    assert first["lat"].notna().all()
    fresh = fresh_gazetteer()
    second = resolve_coordinates(data, cache_path=cache, gazetteer=fresh, online=True,
                                 geocoder=Exploding())
    assert list(second["coord_source"]) == ["cache"] * 4
    assert fresh.lookups == 0 and not fresh.built
    pd.testing.assert_series_equal(first["lat"], second["lat"])


def test_the_input_frame_is_not_modified(tmp_path: Path, gazetteer: Gazetteer) -> None:
    data = stops(("Harbin", "CHN"))
    resolve_coordinates(data, cache_path=tmp_path / "p.csv", gazetteer=gazetteer)
    assert data["lat"].isna().all() and "coord_source" not in data


def test_a_human_correction_in_the_cache_wins(tmp_path: Path, gazetteer: Gazetteer) -> None:
    cache = tmp_path / "places.csv"
    resolve_coordinates(stops(("Vladivostok", "RUS")), cache_path=cache, gazetteer=gazetteer)
    text = cache.read_text()
    line = next(x for x in text.splitlines() if x.startswith("Vladivostok,"))
    cache.write_text(text.replace(line, "Vladivostok,RUS,43.0167,131.85,manual,,1"))
    out = resolve_coordinates(stops(("Vladivostok", "RUS")), cache_path=cache,
                              gazetteer=gazetteer)
    assert (out["lat"].iloc[0], out["lon"].iloc[0]) == (43.0167, 131.85)
    assert "manual" in cache.read_text()  # kept as the human wrote it


def test_unresolved_places_are_reported_with_rows_and_suggestions_and_the_rest_is_kept(
        tmp_path: Path, gazetteer: Gazetteer) -> None:
    cache = tmp_path / "places.csv"
    data = stops(("Harbin", "CHN"), ("Vladiwostock", "RUS"), ("Vostochny", "RUS"),
                 ("Vladiwostock", "RUS"))
    with pytest.raises(GeocodingError) as caught:
        resolve_coordinates(data, cache_path=cache, gazetteer=gazetteer)
    message = str(caught.value)
    assert "2 place(s) could not be resolved" in message
    assert "'Vladiwostock' in RUS (trips.csv, row 3, 5)" in message
    assert "did you mean: Vladivostok (RUS" in message
    assert "kept in the place cache" in message
    assert "'Vostochny' in RUS (trips.csv, row 4): ambiguous" in message
    assert PlaceCache.load(cache).get("Harbin", "CHN") is not None  # not lost
    partial = caught.value.partial  # type: ignore[attr-defined]
    assert partial["coord_source"].iloc[0] == "gazetteer"
    assert partial["lat"].iloc[1:].isna().all()


def test_placing_stops_says_what_is_missing_and_suggests_names_only_when_the_report_is_read(
        tmp_path: Path, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = Gazetteer.suggest

    def counting(self: Gazetteer, place: str, **kwargs: object) -> list[str]:
        asked.append(place)
        return real(self, place, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Gazetteer, "suggest", counting)
    data = stops(("Harbin", "CHN"), ("Vladiwostock", "RUS"), ("Vladiwostock", "RUS"))
    located, unresolved = locate_stops(data, cache_path=tmp_path / "p.csv", gazetteer=gazetteer)
    assert located["coord_source"].iloc[0] == "gazetteer"
    assert located["lat"].iloc[1:].isna().all()
    assert list(unresolved.keys) == [("Vladiwostock", "RUS")]
    assert unresolved.stop_count == 2 and len(unresolved) == 1
    assert asked == [], "fuzzy suggestions were computed for a message nobody reads"
    assert "did you mean: Vladivostok (RUS" in unresolved.report()
    assert asked == ["Vladiwostock"]
    assert not (tmp_path / "p.csv").exists(), "placing for a map never writes the cache"
    _, nothing = locate_stops(data.iloc[:1], cache_path=tmp_path / "p.csv", gazetteer=gazetteer)
    assert not nothing and nothing.report() == ""


def test_an_unknown_host_country_is_reported_not_fatal(tmp_path: Path,
                                                      gazetteer: Gazetteer) -> None:
    with pytest.raises(GeocodingError) as caught:
        resolve_coordinates(stops(("Harbin", "CHN"), ("Atlantis", "XXX")),
                            cache_path=tmp_path / "p.csv", gazetteer=gazetteer)
    assert "'Atlantis' in XXX (trips.csv, row 3): unknown country code 'XXX'" in str(caught.value)
    assert caught.value.partial["coord_source"].iloc[0] == "gazetteer"  # type: ignore[attr-defined]


def test_with_coordinates_never_goes_online_nor_writes(tmp_path: Path,
                                                      gazetteer: Gazetteer) -> None:
    cache = tmp_path / "places.csv"
    data = stops(("Harbin", "CHN"), ("Khasan", "RUS"))
    with pytest.raises(GeocodingError, match="Khasan") as caught:
        with_coordinates(data, cache_path=cache, gazetteer=gazetteer)
    assert "kept in the place cache" not in str(caught.value)  # nothing written
    lenient = with_coordinates(data, cache_path=cache, gazetteer=gazetteer, strict=False)
    assert lenient["coord_source"].iloc[0] == "gazetteer"
    assert pd.isna(lenient["lat"].iloc[1])
    assert not cache.exists()


def test_home_capitals_of_travellers_are_cached_for_the_map(tmp_path: Path,
                                                             gazetteer: Gazetteer) -> None:
    cache = tmp_path / "places.csv"
    data = stops(("Harbin", "CHN")).assign(traveller_country=["PRK"])
    resolve_coordinates(data, cache_path=cache, gazetteer=gazetteer)
    fresh = fresh_gazetteer()
    name, lat, lon = capital_of("PRK", cache_path=cache, gazetteer=fresh)
    assert name == "Pyongyang" and km(lat, lon, 39.0392, 125.7625) < 25
    assert fresh.lookups == 0


# -- the place cache file ------------------------------------------------------------------------
def test_cache_file_is_sorted_with_the_documented_columns(tmp_path: Path,
                                                          gazetteer: Gazetteer) -> None:
    cache = tmp_path / "places.csv"
    resolve_coordinates(stops(("Vladivostok", "RUS"), ("Beijing", "CHN"), ("Anchorage", "USA")),
                        cache_path=cache, gazetteer=gazetteer)
    lines = cache.read_text().splitlines()
    assert lines[0] == ",".join(CACHE_COLUMNS)
    assert [x.split(",")[0] for x in lines[1:]] == ["Anchorage", "Beijing", "Vladivostok"]
    name, country, lat, lon, resolver, at, confidence = lines[2].split(",")
    assert (name, country, resolver) == ("Beijing", "CHN", "gazetteer")
    assert at.endswith("+00:00") and 0 < float(confidence) <= 1


def test_cache_save_keeps_entries_another_run_added_meanwhile(tmp_path: Path) -> None:
    from travelmap.geocoding import CacheEntry

    path = tmp_path / "places.csv"
    ours, theirs = PlaceCache.load(path), PlaceCache.load(path)
    ours.put(CacheEntry("Omsk", "RUS", 54.99, 73.37, "gazetteer", "", 0.9))
    theirs.put(CacheEntry("Baku", "AZE", 40.38, 49.89, "gazetteer", "", 0.9))
    theirs.save()
    ours.save()
    merged = PlaceCache.load(path)
    assert merged.get("Omsk", "RUS") is not None and merged.get("Baku", "AZE") is not None


def test_a_broken_cache_line_is_reported_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text(",".join(CACHE_COLUMNS) + "\nOmsk,RUS,54.99,73.37,gazetteer,,0.9\n"
                    "Baku,AZE,north,49.89,gazetteer,,0.9\n")
    with pytest.raises(ValidationError) as caught:
        PlaceCache.load(path)
    (problem,) = caught.value.problems
    assert problem.row == 3 and "lat 'north'" in problem.message


# -- the bundled data (issue #3, "done when") ----------------------------------------------------
# True city centres from public sources (Wikipedia/GeoNames coordinates of each city).
TRUE_CENTRES: dict[tuple[str, str], tuple[float, float]] = {
    ("Abu Dhabi", "ARE"): (24.4539, 54.3773), ("Anchorage", "USA"): (61.2181, -149.9003),
    ("Artyom", "RUS"): (43.3500, 132.1833), ("Ashgabat", "TKM"): (37.9601, 58.3261),
    ("Atyrau", "KAZ"): (47.1167, 51.8833), ("Bandar Seri Begawan", "BRN"): (4.8903, 114.9422),
    ("Bangkok", "THA"): (13.7563, 100.5018), ("Petropavl", "KAZ"): (54.8667, 69.1500),
    ("Phuket", "THA"): (7.8804, 98.3923),
    ("Astana", "KAZ"): (51.1694, 71.4491), ("Baku", "AZE"): (40.4093, 49.8671),
    ("Beijing", "CHN"): (39.9042, 116.4074), ("Bishkek", "KGZ"): (42.8746, 74.5698),
    ("Da Nang", "VNM"): (16.0544, 108.2022), ("Dushanbe", "TJK"): (38.5598, 68.7870),
    ("Hanoi", "VNM"): (21.0285, 105.8542), ("Harbin", "CHN"): (45.8038, 126.5350),
    ("Khabarovsk", "RUS"): (48.4802, 135.0719), ("Komsomolsk-on-Amur", "RUS"): (50.5500, 137.0167),
    ("Minsk", "BLR"): (53.9045, 27.5615), ("Moscow", "RUS"): (55.7558, 37.6173),
    ("Nago", "JPN"): (26.5917, 127.9775), ("New Delhi", "IND"): (28.6139, 77.2090),
    ("Omsk", "RUS"): (54.9885, 73.3242), ("Pyongyang", "PRK"): (39.0392, 125.7625),
    ("Riyadh", "SAU"): (24.7136, 46.6753), ("Saint Petersburg", "RUS"): (59.9343, 30.3351),
    ("Seoul", "KOR"): (37.5665, 126.9780), ("Tashkent", "UZB"): (41.2995, 69.2401),
    ("Tianjin", "CHN"): (39.1333, 117.2000), ("Ulaanbaatar", "MNG"): (47.8864, 106.9057),
    ("Ulan-Ude", "RUS"): (51.8335, 107.5841), ("Vladivostok", "RUS"): (43.1155, 131.8855),
    # issue #19: the three leaders' trips
    ("Dalian", "CHN"): (38.9140, 121.6147), ("Singapore", "SGP"): (1.2833, 103.8333),
    ("Changchun", "CHN"): (43.8171, 125.3235), ("Daqing", "CHN"): (46.5833, 125.1000),
    ("Guangzhou", "CHN"): (23.1291, 113.2644), ("Jilin", "CHN"): (43.8378, 126.5494),
    ("Manzhouli", "CHN"): (49.5978, 117.3789), ("Mudanjiang", "CHN"): (44.5513, 129.6332),
    ("Nanjing", "CHN"): (32.0603, 118.7969), ("Qiqihar", "CHN"): (47.3543, 123.9180),
    ("Shanghai", "CHN"): (31.2304, 121.4737), ("Shenzhen", "CHN"): (22.5431, 114.0579),
    ("Yangzhou", "CHN"): (32.3942, 119.4129),
    ("Bangalore", "IND"): (12.9716, 77.5946), ("Benaulim", "IND"): (15.2500, 73.9280),
    ("Busan", "KOR"): (35.1796, 129.0756), ("Jakarta", "IDN"): (-6.2088, 106.8456),
    ("Nagato", "JPN"): (34.3708, 131.1822), ("Nusa Dua", "IDN"): (-8.8000, 115.2333),
    ("Osaka", "JPN"): (34.6937, 135.5023), ("Tokyo", "JPN"): (35.6762, 139.6503),
    ("Hangzhou", "CHN"): (30.2741, 120.1551), ("Qingdao", "CHN"): (36.0671, 120.3826),
    ("Xiamen", "CHN"): (24.4798, 118.0894),
    # Wikipedia infoboxes (Scots, Afrikaans, Norwegian editions as stored)
    ("Kuala Lumpur", "MYS"): (3.1475, 101.6933), ("Putrajaya", "MYS"): (2.9170, 101.6670),
    ("Samarkand", "UZB"): (39.6547, 66.9758), ("Sydney", "AUS"): (-33.8650, 151.2094),
    ("Almaty", "KAZ"): (43.2775, 76.8958), ("Kant", "KGZ"): (42.8830, 74.8500),
    ("Burabay", "KAZ"): (53.0750, 70.2750),  # Lake Burabay; the village is on its east shore
    ("Baikonur", "KAZ"): (45.6167, 63.3167), ("Turkmenbashi", "TKM"): (40.0167, 52.9667),
    ("Pavlodar", "KAZ"): (52.3000, 76.9500), ("Aktau", "KAZ"): (43.6500, 51.1500),
}


def bundled_places(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["place"], frame["host_country"].astype(str), strict=True))


def test_every_bundled_place_resolves_offline_within_25_km(tmp_path: Path) -> None:
    """From scratch (empty cache): explicit rows exact, every other place near its true centre."""
    trips = load_trips()
    out = resolve_coordinates(trips, cache_path=tmp_path / "places.csv",
                              gazetteer=default_gazetteer(), geocoder=Exploding())
    explicit = trips["lat"].notna()
    assert (out.loc[explicit, "coord_source"] == "explicit").all()
    pd.testing.assert_series_equal(out.loc[explicit, "lat"], trips.loc[explicit, "lat"])
    unknown = bundled_places(trips[~explicit]) - set(TRUE_CENTRES)
    assert not unknown, f"add the true centre of {sorted(unknown)} to TRUE_CENTRES"
    for _, row in out[~explicit].iterrows():
        true_lat, true_lon = TRUE_CENTRES[(row["place"], str(row["host_country"]))]
        distance = km(row["lat"], row["lon"], true_lat, true_lon)
        assert distance < 25, f"{row['place']}: {distance:.1f} km from its centre"


def test_the_committed_place_cache_answers_every_bundled_place(tmp_path: Path) -> None:
    """A run on the bundled data with the committed data/places.csv makes no look-up at all."""
    cache = tmp_path / "places.csv"
    shutil.copy(bundled_cache_path(), cache)
    fresh = fresh_gazetteer()
    out = with_coordinates(load_trips(bundled_trips_path()), cache_path=cache, gazetteer=fresh)
    assert set(out["coord_source"]) <= {"explicit", "cache"}
    assert fresh.lookups == 0 and not fresh.built
    before = cache.read_bytes()
    resolve_coordinates(load_trips(), cache_path=cache, gazetteer=fresh, online=True,
                        geocoder=Exploding())
    assert cache.read_bytes() == before and fresh.lookups == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
    .filter(lambda s: s.strip() == s and s.strip()),
    st.sampled_from(["RUS", "PRK", "VNM", ""]),
    st.floats(-90, 90), st.floats(-180, 180), st.floats(0, 1)), max_size=20))
def test_cache_file_round_trips_any_names(tmp_path_factory: pytest.TempPathFactory,
                                          rows: list[tuple[str, str, float, float, float]]) -> None:
    """Commas, quotes, non-Latin scripts in names survive the CSV; coordinates to 1e-6 degrees."""
    from travelmap.geocoding import CacheEntry

    path = tmp_path_factory.mktemp("cache") / "places.csv"
    cache = PlaceCache.load(path)
    for name, country, lat, lon, confidence in rows:
        cache.put(CacheEntry(name, country, lat, lon, "gazetteer", "2024-06-19T00:00:00+00:00",
                             round(confidence, 2)))
    cache.save()
    expected = {e.key: e for e in cache}
    again = {e.key: e for e in PlaceCache.load(path)}
    assert again.keys() == expected.keys()
    for key, entry in expected.items():
        got = again[key]
        assert (got.name, got.country, got.resolver) == (entry.name, entry.country, entry.resolver)
        assert got.lat == pytest.approx(entry.lat, abs=1e-6)
        assert got.lon == pytest.approx(entry.lon, abs=1e-6)


def trip_stops(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Stops (place, host, trip_id) without coordinates."""
    frame = stops(*[(place, host) for place, host, _ in rows])
    frame["trip_id"] = [trip for _, _, trip in rows]
    return frame


def test_a_namesake_is_settled_by_the_other_stops_of_its_trip_and_never_cached(
        tmp_path: Path, gazetteer: Gazetteer) -> None:
    cache = tmp_path / "places.csv"
    located, unresolved = locate_stops(
        trip_stops(("Cardiff", "GBR", "nato-2014"), ("Newport", "GBR", "nato-2014"),
                   ("Newport", "GBR", "nato-2014")),
        cache_path=cache, gazetteer=gazetteer, write_cache=True)
    assert not unresolved
    newport = located.iloc[1]
    assert km(newport["lat"], newport["lon"], 51.5877, -2.9983) < 10  # Newport, Wales
    answer = unresolved.answers[("Newport", "GBR")]
    assert "Cardiff" in (answer.note or "") and answer.confidence < 0.8  # flagged for a look
    assert "Newport" not in cache.read_text(encoding="utf-8")  # another dataset's may differ


def test_a_namesake_stays_ambiguous_without_a_trip_or_when_trips_disagree(
        tmp_path: Path, gazetteer: Gazetteer) -> None:
    lonely = trip_stops(("Newport", "GBR", "a"), ("Tokyo", "JPN", "b"))
    _, unresolved = locate_stops(lonely, cache_path=tmp_path / "a.csv", gazetteer=gazetteer)
    assert ("Newport", "GBR") in unresolved.keys
    torn = trip_stops(("Cardiff", "GBR", "a"), ("Newport", "GBR", "a"),
                      ("Portsmouth", "GBR", "b"), ("Newport", "GBR", "b"))  # the Isle of Wight's
    _, unresolved = locate_stops(torn, cache_path=tmp_path / "b.csv", gazetteer=gazetteer)
    assert ("Newport", "GBR") in unresolved.keys


@pytest.mark.parametrize(("place", "host", "lat", "lon"), [
    ("Brusssels", "BEL", 50.8505, 4.3488),
    ("St. Mere- Eglise", "FRA", 49.4083, -1.3167),  # Sainte-Mère-Église
    ("Castel Ventrano (Sicily)", "ITA", 37.6790, 12.7915),
    ("Windsor Castle", "GBR", 51.4833, -0.6044),
])
def test_a_sources_typo_or_landmark_word_is_read_as_the_town_and_flagged(
        tmp_path: Path, gazetteer: Gazetteer, place: str, host: str, lat: float,
        lon: float) -> None:
    located, unresolved = locate_stops(stops((place, host)), cache_path=tmp_path / "c.csv",
                                       gazetteer=gazetteer)
    assert not unresolved
    assert km(located["lat"].iloc[0], located["lon"].iloc[0], lat, lon) < 25
    assert unresolved.answers[(place, host)].note  # says how it was read


@pytest.mark.parametrize(("place", "host"), [
    ("Kastrup", "DNK"),  # not the village Astrup: one letter off a short name is another town
    ("Ban Bang Sak", "THA"),  # not Ban Bang Sai
    ("Hambach Castle", "DEU"),  # "Hambach" alone is too small a town for a loose reading
])
def test_a_near_spelling_of_a_small_place_is_not_taken(tmp_path: Path, gazetteer: Gazetteer,
                                                       place: str, host: str) -> None:
    _, unresolved = locate_stops(stops((place, host)), cache_path=tmp_path / "d.csv",
                                 gazetteer=gazetteer)
    answer = unresolved.answers.get((place, host))
    assert (place, host) in unresolved.keys or "airfield" in ((answer and answer.note) or "")


def test_a_region_is_not_placed_at_an_overseas_suburb_that_has_its_name_as_an_alias(
        tmp_path: Path, gazetteer: Gazetteer) -> None:
    located, unresolved = locate_stops(stops(("Normandy", "FRA"), ("Fort-de-France", "FRA")),
                                       cache_path=tmp_path / "e.csv", gazetteer=gazetteer)
    # not Normandie, New Caledonia (pop. 3,316): the region of France, at its centre
    assert not unresolved and 48.2 < located["lat"].iloc[0] < 50.1 \
        and -1.95 < located["lon"].iloc[0] < 1.8
    assert km(located["lat"].iloc[1], located["lon"].iloc[1], 14.6037, -61.0742) < 5
