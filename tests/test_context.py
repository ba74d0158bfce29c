"""The bundled context data: country outlines a map can draw, and ICC membership by date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pycountry
import pytest

from travelmap.context import (
    icc_parties_on,
    icc_party_on,
    icc_status_on,
    load_countries,
    load_icc_parties,
)
from travelmap.errors import TravelmapError, ValidationError
from travelmap.model import bundled_data_dir

# Natural Earth features without an ISO 3166-1 code (data/README.md).
DOCUMENTED_NON_ISO = {"XKX", ""}


def rings(feature: dict) -> list[list[list[float]]]:
    return [ring for polygon in feature["geometry"]["coordinates"] for ring in polygon]


def by_iso3(iso3: str) -> dict:
    return next(f for f in load_countries()["features"] if f["properties"]["iso3"] == iso3)


# --- country outlines -------------------------------------------------------------------------


def test_countries_is_a_small_rfc7946_feature_collection() -> None:
    path = bundled_data_dir() / "countries.geojson"
    assert path.stat().st_size < 1_000_000
    collection = load_countries()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) >= 170
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert {"iso3", "name"} <= set(feature["properties"]) <= {"iso3", "name", "disputed"}
        assert feature["properties"]["name"]
        assert feature["geometry"]["type"] == "MultiPolygon"


def test_every_iso3_is_a_real_code_or_documented() -> None:
    codes = [f["properties"]["iso3"] for f in load_countries()["features"]]
    for code in codes:
        assert code in DOCUMENTED_NON_ISO or pycountry.countries.get(alpha_3=code), code
    real = [c for c in codes if c]
    assert len(real) == len(set(real)), "one feature per country"


def test_the_countries_of_the_bundled_trips_are_drawn() -> None:
    codes = {f["properties"]["iso3"] for f in load_countries()["features"]}
    assert {"RUS", "PRK", "CHN", "VNM", "MNG", "KOR", "JPN", "USA", "UKR", "HUN"} <= codes


def test_no_ring_draws_a_band_across_the_map() -> None:
    """Leaflet joins consecutive positions with straight lines: a jump over 180° is a streak."""
    for feature in load_countries()["features"]:
        for ring in rings(feature):
            for (lon_a, _), (lon_b, _) in zip(ring, ring[1:], strict=False):
                assert abs(lon_a - lon_b) <= 180, feature["properties"]["name"]


@pytest.mark.parametrize("iso3", ["RUS", "FJI"])
def test_countries_across_the_antimeridian_are_split_exactly_at_it(iso3: str) -> None:
    lons = [lon for ring in rings(by_iso3(iso3)) for lon, _ in ring]
    assert 180.0 in lons and -180.0 in lons
    assert len(by_iso3(iso3)["geometry"]["coordinates"]) >= 2


def test_chukotka_is_drawn_east_of_the_antimeridian() -> None:
    """Russia's easternmost tip lies at about -169.7° (Cape Dezhnev): it must not be cut off."""
    lons = [lon for ring in rings(by_iso3("RUS")) for lon, _ in ring]
    assert -172 < max(lon for lon in lons if lon < 0) < -169


def test_positions_are_valid_rounded_and_rings_closed() -> None:
    for feature in load_countries()["features"]:
        for ring in rings(feature):
            assert len(ring) >= 4 and ring[0] == ring[-1]
            for lon, lat in ring:
                assert -180 <= lon <= 180 and -90 <= lat <= 90
                assert round(lon, 3) == lon and round(lat, 3) == lat


def test_pyongyang_lies_inside_north_korea() -> None:
    from matplotlib.path import Path as PolygonPath

    outline = by_iso3("PRK")["geometry"]["coordinates"]
    inside = any(PolygonPath(polygon[0]).contains_point((125.75, 39.02)) for polygon in outline)
    assert inside


def test_countries_are_cached_per_process() -> None:
    assert load_countries() is load_countries()


def test_missing_or_broken_countries_file_raises_travelmap_errors(tmp_path: Path) -> None:
    with pytest.raises(TravelmapError, match="not found"):
        load_countries(path=tmp_path / "nope.geojson")
    broken = tmp_path / "broken.geojson"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError, match="not valid JSON"):
        load_countries(path=broken)


# --- ICC states parties -----------------------------------------------------------------------


def test_icc_table_has_the_documented_columns_and_types() -> None:
    table = load_icc_parties()
    assert list(table.columns) == ["iso3", "state", "ratified", "entry_into_force",
                                   "withdrawal_effective", "source_url"]
    for column in ("ratified", "entry_into_force", "withdrawal_effective"):
        assert pd.api.types.is_datetime64_any_dtype(table[column])
    assert table["iso3"].is_unique
    for code in table["iso3"]:
        assert pycountry.countries.get(alpha_3=code), code
    assert table["source_url"].str.match(r"https?://").all()


def test_entry_into_force_follows_article_126() -> None:
    """1 July 2002 for deposits up to the 60th (11 April 2002); else the first day of the month
    after the 60th day following the deposit. Montenegro succeeded from independence."""
    table = load_icc_parties().set_index("iso3")
    for iso3, row in table.iterrows():
        deposit = row["ratified"].date()
        if iso3 == "MNE":
            assert row["entry_into_force"].date() == dt.date(2006, 6, 3)
            continue
        if deposit <= dt.date(2002, 4, 11):
            expected = dt.date(2002, 7, 1)
        else:
            sixtieth = deposit + dt.timedelta(days=60)
            expected = (pd.Timestamp(sixtieth) + pd.offsets.MonthBegin(1)).date()
        assert row["entry_into_force"].date() == expected, iso3


def test_withdrawals_are_the_documented_ones() -> None:
    table = load_icc_parties().set_index("iso3")
    withdrawn = table["withdrawal_effective"].dropna().dt.strftime("%Y-%m-%d").to_dict()
    assert withdrawn == {"BDI": "2017-10-27", "PHL": "2019-03-17", "HUN": "2026-06-02"}


def test_mongolia_was_a_party_when_putin_visited() -> None:
    assert icc_party_on("MNG", dt.date(2024, 9, 3))


@pytest.mark.parametrize("iso3", ["PRK", "VNM", "CHN", "RUS"])
@pytest.mark.parametrize("day", ["2000-07-19", "2019-04-25", "2024-06-19", "2026-01-01"])
def test_the_tours_hosts_were_never_parties(iso3: str, day: str) -> None:
    assert not icc_party_on(iso3, pd.Timestamp(day))
    assert icc_status_on(iso3, day) == "non-party"


def test_burundi_left_in_2017() -> None:
    assert icc_party_on("BDI", dt.date(2016, 6, 1))
    assert not icc_party_on("BDI", dt.date(2018, 6, 1))
    assert icc_party_on("BDI", dt.date(2017, 10, 26))
    assert icc_status_on("BDI", dt.date(2017, 10, 27)) == "withdrawn"


def test_ukraine_became_a_party_on_1_january_2025() -> None:
    assert not icc_party_on("UKR", dt.date(2024, 6, 1))
    assert icc_status_on("UKR", dt.date(2024, 12, 31)) == "not yet in force"
    assert icc_party_on("UKR", dt.date(2025, 1, 1))
    assert icc_party_on("UKR", dt.date(2025, 7, 1))


def test_hungary_party_in_2025_until_its_withdrawal() -> None:
    assert icc_party_on("HUN", dt.date(2025, 4, 3))
    assert icc_party_on("HUN", dt.date(2026, 6, 1))
    assert not icc_party_on("HUN", dt.date(2026, 6, 2))


def test_armenia_from_february_2024() -> None:
    assert not icc_party_on("ARM", dt.date(2024, 1, 31))
    assert icc_party_on("ARM", dt.date(2024, 2, 1))


def test_day_accepts_dates_timestamps_datetimes_and_ignores_the_time() -> None:
    evening = dt.datetime(2024, 12, 31, 23, 59)
    assert not icc_party_on("ukr", evening)
    assert icc_party_on(" ukr ", pd.Timestamp("2025-01-01 00:00:01"))
    assert icc_party_on("UKR", "2025-01-01")
    assert not icc_party_on("XXX", dt.date(2025, 1, 1))


def test_party_count_matches_the_published_totals() -> None:
    assert len(icc_parties_on(dt.date(2024, 9, 3))) == 124  # Armenia in, Ukraine not yet
    assert len(icc_parties_on(dt.date(2025, 6, 1))) == 125  # the ICC's "125 States Parties"
    # 56 deposits before 11 April 2002, then ten at once: 66 parties on the Statute's first day.
    assert len(icc_parties_on(dt.date(2002, 7, 1))) == 66
    assert len(icc_parties_on(dt.date(2002, 6, 30))) == 0


def test_parties_on_a_day_for_colouring_the_map() -> None:
    parties = icc_parties_on(pd.Timestamp("2024-09-03"))
    assert "MNG" in parties and "JPN" in parties
    assert not parties & {"RUS", "CHN", "PRK", "VNM", "UKR", "BDI", "PHL"}


def test_load_icc_parties_returns_a_copy_callers_may_modify() -> None:
    table = load_icc_parties()
    table.loc[:, "iso3"] = "ZZZ"
    assert icc_party_on("MNG", dt.date(2024, 9, 3))
    assert "MNG" in set(load_icc_parties()["iso3"])


def write_icc(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "icc.csv"
    header = "iso3,state,ratified,entry_into_force,withdrawal_effective,source_url\n"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_a_broken_icc_table_names_file_row_and_column(tmp_path: Path) -> None:
    path = write_icc(tmp_path,
                     "MNG,Mongolia,2002-04-11,2002-07-01,,https://example.org\n"
                     "XKX,Kosovo,11/04/2002,2002-07-01,,https://example.org\n"
                     "MNG,Mongolia again,2002-04-11,2002-07-01,2001-01-01,https://example.org\n")
    with pytest.raises(ValidationError) as caught:
        load_icc_parties(path=path)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert (3, "ratified") in found
    assert (4, "iso3") in found  # duplicate
    assert (4, "withdrawal_effective") in found  # before entry into force
    assert all(p.file == str(path) for p in caught.value.problems)


def test_a_table_missing_a_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "icc.csv"
    path.write_text("iso3,state\nMNG,Mongolia\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="column missing"):
        load_icc_parties(path=path)


def test_a_custom_table_drives_membership(tmp_path: Path) -> None:
    path = write_icc(tmp_path, "RUS,Russia,2030-01-10,2030-04-01,,https://example.org\n")
    assert not icc_party_on("RUS", dt.date(2030, 3, 31), path=path)
    assert icc_party_on("RUS", dt.date(2030, 4, 1), path=path)
    assert icc_parties_on(dt.date(2031, 1, 1), path=path) == {"RUS"}


def test_the_bundled_files_parse_as_plain_json_and_csv() -> None:
    """Other tools (QGIS, a spreadsheet) read these files too, not only travelmap."""
    json.loads((bundled_data_dir() / "countries.geojson").read_text(encoding="utf-8"))
    assert len(pd.read_csv(bundled_data_dir() / "icc_states_parties.csv")) == 127
