"""`locate_stops` resolves each distinct place once and broadcasts the answer to its rows.

Every expectation here is computed row by row by the test itself, from the cache lines it wrote
and the coordinates it put in the rows, so a broadcast to the wrong rows, a key split or merged
the wrong way, or an explicit point lost or spread too far shows as a wrong row.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from travelmap import tours as tours_module
from travelmap.geocoding import Gazetteer, locate_stops
from travelmap.geocoding.report import report_rows
from travelmap.tours import build_tours

CACHE_LINES = {("Harbin", "CHN"): (45.75, 126.65), ("Moscow", "RUS"): (55.7558, 37.6173)}
# Spellings of the cached places: the row key strips blanks and upper-cases the host; the cache
# also folds case and accents, so every one of these is answered by the line of its city.
SPELLINGS = {
    ("Harbin", "CHN"): ["Harbin", " Harbin", "Harbin  ", "HARBIN", "harbin", "Harbín"],
    ("Moscow", "RUS"): ["Moscow", "  Moscow ", "MOSCOW", "moscow"],
}
HOSTS = {"CHN": ["CHN", "chn", " CHN ", "Chn"], "RUS": ["RUS", "rus", " RUS"]}
FILES = ("a.csv", "b.csv")


def write_cache(path: Path) -> Path:
    lines = ["name,country,lat,lon,resolver,resolved_at,confidence"]
    lines += [f"{name},{host},{lat},{lon},manual,,1" for (name, host), (lat, lon)
              in CACHE_LINES.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def empty_gazetteer() -> Gazetteer:
    """Knows no place at all: whatever the cache does not answer stays unresolved."""
    return Gazetteer(records=[], disk_cache=False)


def frame(rows: list[tuple[str, str | None, float | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame({
        "place": pd.array([r[0] for r in rows], dtype="string"),
        "host_country": pd.array([r[1] for r in rows], dtype="string"),
        "lat": pd.array([r[2] for r in rows], dtype="Float64"),
        "lon": pd.array([r[3] for r in rows], dtype="Float64"),
        "csv_file": [FILES[i % 2] for i in range(len(rows))],
        "csv_row": list(range(2, len(rows) + 2)),
    })


def row_key(place: str, host: str | None) -> tuple[str, str | None]:
    return place.strip(), (host or "").strip().upper() or None


def cached_city(place: str, host: str | None) -> tuple[str, str] | None:
    """Which cache line this spelling meets, from the test's own table of spellings."""
    for city, spellings in SPELLINGS.items():
        if place in spellings and host is not None and host.strip().upper() == city[1]:
            return city
    return None


def expected(rows: list[tuple[str, str | None, float | None, float | None]]
             ) -> tuple[list[float | None], list[float | None], list[str | None]]:
    """Row by row: own point; else the first row of the same key that has one; else the cache."""
    first_point: dict[tuple[str, str | None], tuple[float, float]] = {}
    for place, host, lat, lon in rows:
        if lat is not None and lon is not None:
            first_point.setdefault(row_key(place, host), (lat, lon))
    lats, lons, sources = [], [], []
    for place, host, lat, lon in rows:
        if lat is not None and lon is not None:
            point, source = (lat, lon), "explicit"
        elif row_key(place, host) in first_point:
            point, source = first_point[row_key(place, host)], "explicit"
        elif (city := cached_city(place, host)) is not None:
            point, source = CACHE_LINES[city], "cache"
        else:
            point, source = (lat, lon), None
        lats.append(point[0])
        lons.append(point[1])
        sources.append(source)
    return lats, lons, sources


def values(column: pd.Series) -> list[object]:
    return [None if pd.isna(v) else v for v in column]


def test_every_spelling_of_a_cached_place_on_many_rows_gets_the_cache_point(
        tmp_path: Path) -> None:
    rnd = random.Random(5)
    rows = [(rnd.choice(SPELLINGS[city]), rnd.choice(HOSTS[city[1]]), None, None)
            for city in rnd.choices(list(SPELLINGS), k=400)]
    gazetteer = empty_gazetteer()
    located, unresolved = locate_stops(frame(rows), cache_path=write_cache(tmp_path / "p.csv"),
                                       gazetteer=gazetteer)
    lats, lons, sources = expected(rows)
    assert sources == ["cache"] * 400
    assert values(located["lat"]) == lats and values(located["lon"]) == lons
    assert not unresolved and gazetteer.lookups == 0


def test_explicit_points_go_to_their_own_key_only_and_the_first_one_wins(tmp_path: Path) -> None:
    rows: list[tuple[str, str | None, float | None, float | None]] = []
    for i in range(300):
        if i == 40:
            rows.append((" Paris", "FRA", 48.8566, 2.3522))  # the first explicit Paris
        elif i == 200:
            rows.append(("Paris ", "fra", 48.0, 2.0))  # a later one: its own row only
        elif i % 7 == 0:
            rows.append(("Harbin", "CHN", 45.0 + i / 1000, 126.0))  # cached, yet given here
        elif i % 3 == 0:
            rows.append(("Paris", " FRA ", None, None))
        else:
            rows.append((SPELLINGS[("Moscow", "RUS")][i % 4], "RUS", None, None))
    located, unresolved = locate_stops(frame(rows), cache_path=write_cache(tmp_path / "p.csv"),
                                       gazetteer=empty_gazetteer())
    lats, lons, sources = expected(rows)
    assert values(located["lat"]) == lats and values(located["lon"]) == lons
    assert values(located["coord_source"]) == sources
    # Paris rows before the first explicit one take it too; Harbin rows keep their own points.
    assert located["lat"].iloc[3] == 48.8566 and located["lat"].iloc[201] == 48.8566
    assert located["lat"].iloc[200] == 48.0 and located["lat"].iloc[7] == 45.007
    assert not unresolved


def test_an_unresolved_place_on_many_rows_is_reported_once_with_every_row(tmp_path: Path) -> None:
    rnd = random.Random(11)
    rows: list[tuple[str, str | None, float | None, float | None]] = []
    for _ in range(500):
        place = rnd.choice(["Atlantis", " Atlantis ", "Harbin"])
        host = "CHN" if place == "Harbin" else rnd.choice(["GRC", "grc", " GRC"])
        rows.append((place, host, None, None))
    data = frame(rows)
    located, unresolved = locate_stops(data, cache_path=write_cache(tmp_path / "p.csv"),
                                       gazetteer=empty_gazetteer())
    atlantis = [i for i, (p, *_) in enumerate(rows) if p.strip() == "Atlantis"]
    assert len(atlantis) > 100
    assert unresolved.keys == (("Atlantis", "GRC"),)
    assert unresolved.stop_count == len(atlantis)
    assert unresolved.rows_by_key[("Atlantis", "GRC")] == atlantis
    assert located["lat"].iloc[atlantis].isna().all()
    assert located["coord_source"].iloc[atlantis].isna().all()
    by_file = {f: [str(data["csv_row"].iloc[i]) for i in atlantis if data["csv_file"].iloc[i] == f]
               for f in dict.fromkeys(data["csv_file"].iloc[atlantis])}
    where = "; ".join(f"{f}, row {', '.join(r)}" for f, r in by_file.items())
    assert f"'Atlantis' in GRC ({where}): no gazetteer entry in GRC" in unresolved.report()
    assert "1 place(s) could not be resolved" in unresolved.report()


def test_the_placing_report_counts_and_lists_every_row_of_each_place(tmp_path: Path) -> None:
    rnd = random.Random(3)
    rows: list[tuple[str, str | None, float | None, float | None]] = [
        (rnd.choice(["Harbin", " Harbin", "Atlantis", "Moscow"]), None, None, None)
        for _ in range(300)]
    rows = [(p, {"Harbin": "CHN", "Atlantis": "GRC", "Moscow": "rus"}[p.strip()], None, None)
            for p, *_ in rows]
    data = frame(rows)
    located, unresolved = locate_stops(data, cache_path=write_cache(tmp_path / "p.csv"),
                                       gazetteer=empty_gazetteer())
    report = {(r["place"], r["host_country"]): r for r in report_rows(located, unresolved)}
    assert list(report) == list(dict.fromkeys(row_key(p, h) for p, h, *_ in rows))
    for (place, host), line in report.items():
        mine = [i for i, (p, h, *_) in enumerate(rows) if row_key(p, h) == (place, host)]
        by_file = {f: [str(data["csv_row"].iloc[i]) for i in mine
                       if data["csv_file"].iloc[i] == f]
                   for f in dict.fromkeys(data["csv_file"].iloc[mine])}
        assert line["stops"] == str(len(mine))
        assert line["rows"] == "; ".join(f"{f}: {' '.join(r)}" for f, r in by_file.items())
        assert line["status"] == ("unresolved" if place == "Atlantis" else "resolved")


PLACES = [s for spellings in SPELLINGS.values() for s in spellings] + ["Atlantis", " Atlantis"]
HOST_CELLS = [h for hosts in HOSTS.values() for h in hosts] + [None, "", "GRC"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(HOST_CELLS),
                          st.one_of(st.none(), st.floats(-80, 80)),
                          st.one_of(st.none(), st.floats(-170, 170))),
                min_size=1, max_size=60),
       st.sampled_from(["string", "object", "category"]))
def test_each_row_gets_what_it_would_get_alone(
        tmp_path_factory: object, rows: list[tuple[str, str | None, float | None, float | None]],
        dtype: str) -> None:
    tmp = tmp_path_factory.mktemp("cache")  # type: ignore[attr-defined]
    data = frame(rows).astype({"place": dtype, "host_country": dtype})
    located, unresolved = locate_stops(data, cache_path=write_cache(tmp / "p.csv"),
                                       gazetteer=empty_gazetteer())
    lats, lons, sources = expected(rows)
    assert values(located["lat"]) == lats and values(located["lon"]) == lons
    assert values(located["coord_source"]) == sources
    missing = [i for i, s in enumerate(sources) if s is None]
    assert unresolved.stop_count == len(missing)
    assert sorted(r for k in unresolved.keys for r in unresolved.rows_by_key[k]) == missing
    assert set(unresolved.keys) == {row_key(*rows[i][:2]) for i in missing}


def test_tours_take_the_capital_of_their_own_travellers_country(
        monkeypatch: pytest.MonkeyPatch) -> None:
    capitals = {"RUS": ("Moscow", 55.75, 37.62), "CHN": ("Beijing", 39.9, 116.4), "XXX": None}
    monkeypatch.setattr(tours_module, "home_capital", capitals.get)
    homes = [["RUS", "CHN", "XXX"][i % 3 if i % 5 else 1] for i in range(60)]
    data = pd.DataFrame({
        "trip_id": [f"t{i // 2}" for i in range(120)],
        "stop_order": [1 + i % 2 for i in range(120)],
        "traveller": [f"leader {i // 2}" for i in range(120)],
        "traveller_country": [homes[i // 2] for i in range(120)],
        "lat": pd.array(np.linspace(-40, 40, 120), dtype="Float64"),
        "lon": pd.array(np.linspace(-100, 100, 120), dtype="Float64"),
        "start_date": pd.Timestamp("2020-01-01"), "end_date": pd.Timestamp("2020-01-02"),
    })
    found = build_tours(data, routes=False)
    assert [t.trip_id for t in found.tours] == [f"t{k}" for k in range(60)]
    assert [t.home for t in found.tours] == [capitals[h] for h in homes]
