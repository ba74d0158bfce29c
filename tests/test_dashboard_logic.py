"""The dashboard's streamlit-free pieces: timeline steps, details panel, charts' numbers, map data,
upload checks and the offline map page."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tests.test_dashboard import SOURCES_CSV, TRIPS_CSV
from travelmap.dashboard import (
    charts,
    component,
    datasets,
    details,
    downloads,
    mapview,
    settings,
    timeline,
)
from travelmap.errors import ValidationError
from travelmap.loading import load_trips_from_bytes
from travelmap.mapping.palette import assign_colours
from travelmap.model import Source


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return load_trips_from_bytes(TRIPS_CSV.encode(), name="trips.csv",
                                 sources=SOURCES_CSV.encode()).reset_index(drop=True)


SPAN = (date(2000, 7, 17), date(2024, 6, 20))


def test_play_starts_a_month_from_the_window_start_and_restarts_at_the_end() -> None:
    assert timeline.play_start((date(2010, 1, 31), date(2012, 1, 1)), SPAN) == (
        date(2010, 1, 31), date(2010, 2, 28))
    assert timeline.play_start((date(2010, 1, 1), SPAN[1]), SPAN) == (
        SPAN[0], date(2000, 8, 17))


def test_each_step_adds_a_month_until_the_last_day_then_stops() -> None:
    window, going = timeline.step((SPAN[0], date(2024, 4, 30)), SPAN)
    assert window == (SPAN[0], date(2024, 5, 30)) and going
    window, going = timeline.step(window, SPAN)
    assert window == (SPAN[0], SPAN[1]) and not going


def test_a_sliding_window_keeps_its_length_and_stops_at_the_end() -> None:
    window, going = timeline.step((date(2010, 1, 1), date(2010, 3, 1)), SPAN, mode="slide")
    assert window == (date(2010, 2, 1), date(2010, 4, 1)) and going
    window, going = timeline.step((date(2024, 3, 1), date(2024, 6, 1)), SPAN, months=3,
                                  mode="slide")
    assert window == (date(2024, 3, 20), SPAN[1]) and not going  # 92 days, ending on the last
    # play slides from the start with the window's length; a whole-span window slides a year
    assert timeline.play_start((date(2024, 1, 1), SPAN[1]), SPAN, mode="slide") == (
        SPAN[0], SPAN[0] + (SPAN[1] - date(2024, 1, 1)))
    assert timeline.play_start(SPAN, SPAN, mode="slide") == (SPAN[0], date(2001, 7, 17))


def test_a_one_day_span_still_makes_a_usable_slider(stops: pd.DataFrame) -> None:
    one = stops[stops["trip_id"] == "kim-2019-04"]
    first, last = timeline.slider_span(one)
    assert first == date(2019, 4, 24) and last == date(2019, 4, 26)
    single_day = one.assign(end_date=one["start_date"])
    assert timeline.slider_span(single_day) == (date(2019, 4, 24), date(2019, 4, 25))


@pytest.mark.parametrize(("span", "step"), [
    ((date(2023, 1, 1), date(2024, 12, 31)), "month"),
    ((date(2015, 1, 1), date(2024, 12, 31)), "quarter"),
    ((date(2000, 7, 17), date(2024, 6, 20)), "year"),
])
def test_the_default_step_plays_the_span_in_at_most_a_few_dozen_steps(
        span: tuple[date, date], step: str) -> None:
    assert timeline.default_step(span) == step
    window, going, steps = (span[0], span[0]), True, 0
    while going:
        window, going = timeline.step(window, span, months=timeline.STEPS[step])
        steps += 1
    assert window == span and steps <= 48


def test_window_in_words() -> None:
    assert timeline.describe_window((date(2024, 6, 18), date(2024, 6, 19))) == (
        "Showing 18–19 June 2024")


def test_details_show_dates_counterpart_outcome_sources_and_the_rest_of_the_tour(
        stops: pd.DataFrame) -> None:
    beijing = int(stops.index[stops["place"] == "Beijing"][0])
    panel = details.details_html(stops, beijing)
    assert re.search(r"<h3[^>]*>Beijing</h3>", panel)
    assert "17–19 July 2000" in panel and "Jiang Zemin" in panel
    assert "Beijing Declaration signed" in panel
    assert "China (CHN)" in panel  # the name a reader knows, and the data's code
    assert ('<a href="https://example.org/kremlin/2000-07" target="_blank" '
            'rel="noopener noreferrer">Visit to China and the DPRK</a>') in panel
    assert "stop 1 of 2" in panel and "2. Pyongyang (PRK), 19–20 July 2000" in panel


def test_details_escape_everything_from_the_data(stops: pd.DataFrame) -> None:
    evil = stops.copy()
    evil.loc[0, "place"] = '<script>alert("x")</script>'
    evil.at[0, "sources"] = (Source(outlet="<b>O</b>", title='"><img src=x>',
                                    url="https://example.org/?a=1&b=\"2\"", published=None),)
    panel = details.details_html(evil, 0)
    assert "<script>" not in panel and "<img" not in panel and "<b>O</b>" not in panel
    assert "&lt;script&gt;" in panel
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in panel


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/relative",
                                 "ftp://example.org/x", "https://"])
def test_only_http_links_become_links(url: str) -> None:
    item = details.source_html(Source(outlet="X", title="T", url=url, published=None))
    assert "<a " not in item and "T (" in item


def test_charts_count_stops_per_year_and_visits_per_country(stops: pd.DataFrame) -> None:
    per_year = charts.stops_per_year(stops)
    assert set(map(tuple, per_year.to_numpy().tolist())) == {
        (2000, "Vladimir Putin", 2), (2019, "Kim Jong Un", 1), (2024, "Vladimir Putin", 2)}
    visits = charts.visits_by_country(stops)
    assert visits.to_dict(orient="records")[0] == {"host_country": "PRK", "visits": 2}
    assert charts.stops_per_year(stops.iloc[0:0]).empty
    assert charts.visits_by_country(stops.iloc[0:0]).empty


def test_charts_keep_quiet_years_and_name_the_countries(stops: pd.DataFrame) -> None:
    per_year = charts.stops_per_year_chart(
        stops, colours=assign_colours(["Kim Jong Un", "Vladimir Putin"]))
    domain = per_year.to_dict()["encoding"]["x"]["scale"]["domain"]
    assert domain == list(range(2000, 2025)), "2001-2018 have no stops but keep their place"
    hosts = charts.host_countries_chart(stops).to_dict()
    (rows,) = hosts["datasets"].values()
    assert {row["country"] for row in rows} == {"North Korea", "China", "Russia", "Vietnam"}
    assert hosts["height"] >= charts.BAR_HEIGHT_PX * len(rows)  # every bar gets its label


def test_a_tour_visiting_a_country_twice_counts_as_one_visit(stops: pd.DataFrame) -> None:
    twice = pd.concat([stops, stops.iloc[[0]].assign(stop_order=3)], ignore_index=True)
    visits = dict(charts.visits_by_country(twice).itertuples(index=False))
    assert visits["CHN"] == 1


def test_the_dashboard_map_is_build_maps_own_payload_numbered_by_row(
        stops: pd.DataFrame) -> None:
    from travelmap.mapping import build_map, payload_json
    from travelmap.mapping.payload import stop_records

    everyone = assign_colours(["Kim Jong Un", "Vladimir Putin", "Z"])
    name, raw = mapview.map_payload(stops, colours=everyone)
    payload = json.loads(raw)
    exported = json.loads(payload_json(build_map(stops, timeline=False, fit_bounds=False)))
    assert payload["tours"] == exported["tours"]  # same routes, same script, same drawing
    assert payload["options"]["timeline"] is False  # the dashboard's slider drives time
    records = stop_records(payload)
    assert sorted(r["row"] for r in records) == list(range(len(stops)))
    for record in records:  # each stop keeps its dataset row: selection travels by it
        assert record["place"] == stops.loc[record["row"], "place"]
    assert re.fullmatch(r"[0-9a-f]{16}", name)
    assert mapview.map_payload(stops, colours=everyone)[0] == name
    legend = {t["name"]: t["colour"] for t in payload["legend"]["travellers"]}
    alone = json.loads(mapview.map_payload(stops, colours=assign_colours(["Vladimir Putin"]))[1])
    assert legend != {t["name"]: t["colour"] for t in alone["legend"]["travellers"]}, (
        "colours follow the dataset's travellers, given by the caller")


def test_a_stop_without_coordinates_is_left_off_the_map_and_counted(stops: pd.DataFrame) -> None:
    missing = stops.copy()
    missing["lat"] = missing["lat"].astype("Float64")
    missing.loc[1, "lat"] = pd.NA
    payload = json.loads(mapview.map_payload(missing, colours=assign_colours(["Kim Jong Un"]))[1])
    assert payload["unlocated"] == 1 and 1 not in payload["stops"]["row"]


def test_the_map_refits_when_a_filter_changes_not_when_time_moves() -> None:
    key = mapview.fit_key("bundled:1", ["Kim Jong Un"], [], [])
    assert key == mapview.fit_key("bundled:1", ["Kim Jong Un"], [], [])
    assert key != mapview.fit_key("bundled:1", ["Vladimir Putin"], [], [])
    assert key != mapview.fit_key("bundled:2", ["Kim Jong Un"], [], [])
    assert mapview.fit_key("k", ["a", "b"], ["RUS"], []) == mapview.fit_key("k", ["b", "a"],
                                                                           ["RUS"], [])


def test_upload_size_limit_is_checked_before_parsing() -> None:
    with pytest.raises(ValidationError) as caught:
        datasets.uploaded_dataset(trips=b"x" * (datasets.MAX_UPLOAD_BYTES + 1), name="big.csv")
    (problem,) = caught.value.problems
    assert problem.file == "big.csv" and "upload limit is 5 MiB" in problem.message
    datasets.check_upload_size(name="ok.csv", size=datasets.MAX_UPLOAD_BYTES)  # at the limit: ok


def test_upload_problems_keep_row_and_column() -> None:
    bad = TRIPS_CSV.replace("2019-04-24,2019-04-26", "24/04/2019,2019-04-26")
    with pytest.raises(ValidationError) as caught:
        datasets.uploaded_dataset(trips=bad.encode(), name="mine.csv",
                                  sources=SOURCES_CSV.encode())
    table = datasets.problems_table(caught.value)
    row = table[table["column"] == "start_date"].iloc[0]
    assert (row["file"], int(row["row"])) == ("mine.csv", 4)


def test_an_upload_gets_a_new_key_when_its_bytes_change() -> None:
    a = datasets.uploaded_dataset(trips=TRIPS_CSV.encode(), name="t.csv",
                                  sources=SOURCES_CSV.encode())
    b = datasets.uploaded_dataset(trips=TRIPS_CSV.encode() + b"\n",
                                  name="t.csv", sources=SOURCES_CSV.encode())
    assert a.key != b.key and a.label == "t.csv (uploaded)"
    assert a.unlocated.empty


def test_csv_and_geojson_downloads_hold_the_given_stops(stops: pd.DataFrame) -> None:
    shown = stops[stops["traveller"] == "Vladimir Putin"]
    raw = downloads.render_download(shown, format="csv", title="t", caption="c")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["place"] for r in rows] == list(shown["place"])
    geo = json.loads(downloads.render_download(shown, format="geojson", title="t", caption="c"))
    assert sum(f["geometry"]["type"] == "Point" for f in geo["features"]) == len(shown)
    labels = [d.label for d in downloads.downloads_for(shown, base_name="x")]
    assert labels[1] == "Table (CSV, 4 stops on 2 trips)"
    with pytest.raises(ValueError):
        downloads.render_download(shown, format="xlsx", title="t", caption="c")
    nowhere = shown.assign(lat=pd.NA, lon=pd.NA)  # nothing placed: no image offered
    assert "png" not in [d.format for d in downloads.downloads_for(nowhere, base_name="x")]


def test_the_video_download_is_an_mp4_of_the_given_stops(
        stops: pd.DataFrame, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import imageio.v2 as imageio

    monkeypatch.setattr(downloads, "VIDEO_OPTIONS",
                        {"size": "320x180", "duration": 0.5, "fps": 4.0, "hold": 0.0})
    shown = stops[stops["traveller"] == "Vladimir Putin"]
    mp4 = downloads.render_download(shown, format="mp4", title="t", caption="c")
    assert mp4[4:8] == b"ftyp"
    (tmp_path / "shown.mp4").write_bytes(mp4)
    frames = imageio.mimread(tmp_path / "shown.mp4", memtest=False)
    assert len(frames) == 2 and frames[0].shape == (180, 320, 3)
    nowhere = shown.assign(lat=pd.NA, lon=pd.NA)  # nothing placed: nothing to animate
    assert "mp4" not in [d.format for d in downloads.downloads_for(nowhere, base_name="x")]


def test_file_names_are_safe() -> None:
    assert downloads.slug("Putin & Kim, 2024 / ../x") == "putin-kim-2024-x"
    assert downloads.slug("***") == "travelmap"


def test_the_map_frame_runs_the_page_script_and_loads_nothing_from_the_network() -> None:
    from travelmap import assets

    root = component.component_dir()
    page = (root / "index.html").read_text()
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == [  # the bridge first: it asks for
        "bridge.js", "leaflet.css", "travelmap.css", "bridge.css", "leaflet.js",  # the data
        "travelmap.js", "host.js"]
    assert (root / "travelmap.js").read_text() == assets.page_script()  # the exported map's
    assert component.FRAME_TITLE in page
    ours = "".join((root / name).read_text() for name in ("bridge.js", "bridge.css", "host.js"))
    assert "http://" not in ours and "https://" not in ours
    assert "innerHTML" not in ours  # data text only ever goes through textContent


def test_published_files_are_content_addressed() -> None:
    url = component.publish("0123456789abcdef", b'{"a": 1}')
    assert url == "data/0123456789abcdef.json"
    assert (component.component_dir() / url).read_bytes() == b'{"a": 1}'
    compressed = component.component_dir() / (url + component.COMPRESSED_SUFFIX)
    assert gzip.decompress(compressed.read_bytes()) == b'{"a": 1}'  # what the frame fetches


def test_a_view_link_round_trips_and_keeps_only_what_differs() -> None:
    from travelmap.dashboard import links

    span = (date(2000, 7, 17), date(2026, 5, 20))
    view = links.View((date(2023, 3, 17), span[1]), ("Vladimir Putin",), ("CHN", "PRK"), ())
    params = links.to_params(view, span=span)
    assert params == {"from": ["2023-03-17"], "traveller": ["Vladimir Putin"],
                      "country": ["CHN", "PRK"]}
    back = links.from_params(params, span=span, travellers=["Kim Jong Un", "Vladimir Putin"],
                             countries=["CHN", "PRK", "VNM"], visit_types=["state"])
    assert back == view
    assert links.to_params(links.View(span), span=span) == {}
    assert links.from_params({}, span=span, travellers=[], countries=[], visit_types=[]) is None


def test_a_hand_made_link_is_checked_against_the_data() -> None:
    from travelmap.dashboard import links

    span = (date(2000, 7, 17), date(2026, 5, 20))
    view = links.from_params(
        {"from": ["1990-01-01"], "to": ["not a date"], "traveller": ["<script>", "Kim Jong Un"],
         "country": ["ZZZ"], "visit_type": ["state"] * 500},
        span=span, travellers=["Kim Jong Un"], countries=["PRK"], visit_types=["state"])
    assert view is not None
    assert view.window == span  # clipped to the data, a bad date ignored
    assert view.travellers == ("Kim Jong Un",) and view.countries == ()
    assert view.visit_types == ("state",)
    swapped = links.from_params({"from": ["2024-06-20"], "to": ["2024-06-18"]}, span=span,
                                travellers=[], countries=[], visit_types=[])
    assert swapped is not None and swapped.window == (date(2024, 6, 18), date(2024, 6, 20))


def test_one_upload_limit_in_mib_and_the_browser_never_refuses_a_file_under_it() -> None:
    """A 4.9 MiB file once met Streamlit's browser check in 10^6-byte megabytes (5,000,000
    bytes) under a "5 MB" limit the app counted in MiB: now the browser's cap holds the limit."""
    four_nine = int(4.9 * settings.MIB)
    datasets.check_upload_size(name="ok.csv", size=four_nine, limit_mib=5)
    assert settings.browser_cap_mb(5) * 1_000_000 >= 5 * settings.MIB > 5 * 1_000_000
    assert settings.browser_cap_mb(5) == 6 and settings.browser_cap_mb(1) == 2
    with pytest.raises(ValidationError) as caught:
        datasets.check_upload_size(name="big.csv", size=5 * settings.MIB + 1, limit_mib=5)
    assert "the upload limit is 5 MiB" in caught.value.problems[0].message
    datasets.check_upload_size(name="big.csv", size=5 * settings.MIB + 1, limit_mib=6)


def test_budget_and_start_data_come_from_the_environment() -> None:
    assert settings.check_budget({}) == settings.CheckBudget()
    assert settings.check_budget({settings.CHECK_SECONDS_ENV: "2.5",
                                  settings.CHECK_MEMORY_ENV: "300"}) == settings.CheckBudget(
        seconds=2.5, memory_mib=300)
    with pytest.raises(ValueError, match=settings.CHECK_SECONDS_ENV):
        settings.check_budget({settings.CHECK_SECONDS_ENV: "0"})
    assert settings.start_data({}) is None
    start = settings.start_data({settings.TRIPS_ENV: "/d/t.csv", settings.SOURCES_ENV: ""})
    assert start == settings.StartData(Path("/d/t.csv"), None)


def test_the_shown_rows_travel_as_a_bitmap_and_come_back_the_same() -> None:
    import numpy as np

    for rows, count in (([], 5), ([0, 1, 2, 3, 4], 5), ([0, 7, 8, 63_999, 99_999], 100_000)):
        bits = mapview.encode_rows(np.array(rows, dtype=np.int64), count)
        assert mapview.decode_rows(bits) == rows
    assert len(mapview.encode_rows(np.arange(100_000), 100_000)) < 17_000  # not 600 kB of JSON


def test_the_table_reads_first_sources_from_the_source_columns_as_from_the_sources() -> None:
    """The table's first source and source count, read in one take from the loader's source
    columns, are what each stop's own sources say (the same table from plain tuples)."""
    from travelmap.dashboard.tables import stops_table

    stops = datasets.bundled_dataset().stops
    assert type(stops["sources"].iloc[0]).__name__ == "TripSources"  # the columns' views
    plain = stops.copy()
    plain["sources"] = [tuple(cell) for cell in stops["sources"]]
    plain.loc[plain.index[:3], "sources"] = pd.Series([()] * 3, index=plain.index[:3],
                                                      dtype=object)
    from_columns, from_tuples = stops_table(stops), stops_table(plain)
    rest = plain.index[3:]
    pd.testing.assert_frame_equal(from_columns.loc[rest], from_tuples.loc[rest])
    assert from_tuples["source"].iloc[:3].isna().all()
    assert (from_tuples["sources"].iloc[:3] == 0).all()
    assert from_columns["source"].iloc[0] == stops["sources"].iloc[0][0].url


def test_a_table_of_stops_without_a_sources_column_lists_none() -> None:
    from travelmap.dashboard.tables import stops_table

    stops = datasets.bundled_dataset().stops.head(4).drop(columns=["sources"])
    table = stops_table(stops)
    assert table["source"].isna().all() and table["sources"].tolist() == [0, 0, 0, 0]
