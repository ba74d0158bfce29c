"""AppTest tests of the dashboard page: what a user sees after each widget change.

Most tests upload a small known CSV (explicit coordinates, so nothing depends on geocoding) and
check the page against it; one checks the bundled data loads.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO_ROOT
from travelmap.dashboard import mapview, settings, state
from travelmap.dashboard.datasets import MAX_UPLOAD_BYTES
from travelmap.filtering import date_span, describe_selection, filter_stops
from travelmap.geocoding import bundled_cache_path, user_cache_path
from travelmap.loading import load_trips

APP = str(REPO_ROOT / "streamlit_app.py")

TRIPS_CSV = """\
trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,start_date,end_date,\
visit_type,counterpart,outcome,note
putin-2000-07,1,Vladimir Putin,RUS,CHN,Beijing,39.9042,116.4074,2000-07-17,2000-07-19,state,\
Jiang Zemin,Beijing Declaration signed,
putin-2000-07,2,Vladimir Putin,RUS,PRK,Pyongyang,39.0392,125.7625,2000-07-19,2000-07-20,official,\
Kim Jong Il,Joint Declaration signed,
kim-2019-04,1,Kim Jong Un,PRK,RUS,Vladivostok,43.1155,131.8855,2019-04-24,2019-04-26,summit,\
Vladimir Putin,{{ 6*7 }} <img src=x onerror=alert(1)>,
putin-2024-06,1,Vladimir Putin,RUS,PRK,Pyongyang,39.0392,125.7625,2024-06-18,2024-06-19,state,\
Kim Jong Un,Treaty on Comprehensive Strategic Partnership signed,
putin-2024-06,2,Vladimir Putin,RUS,VNM,Hanoi,21.0278,105.8342,2024-06-19,2024-06-20,state,\
To Lam,,
"""

SOURCES_CSV = """\
trip_id,outlet,title,url,published
putin-2000-07,Kremlin,Visit to China and the DPRK,https://example.org/kremlin/2000-07,2000-07-20
kim-2019-04,Reuters,Kim and Putin meet in Vladivostok,https://example.org/reuters/kim-2019,2019-04-25
putin-2024-06,TASS,Putin arrives in Pyongyang,https://example.org/tass/putin-2024,2024-06-19
putin-2024-06,Kremlin,Visit to Vietnam,https://example.org/kremlin/2024-vietnam,2024-06-20
"""

BROKEN_CSV = """\
trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,start_date,end_date,\
visit_type,counterpart,outcome,note
t1,1,Vladimir Putin,RUS,PRK,Pyongyang,,,2024-06-18,2024-06-19,state,,,
t2,1,Vladimir Putin,RUS,VNM,Hanoi,,,19/06/2024,2024-06-20,state,,,
t3,1,Vladimir Putin,RUS,VNM,Hanoi,,,2024-06-20,2024-06-21,holiday,,,
"""


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def upload(at: AppTest, trips: str = TRIPS_CSV, sources: str | None = SOURCES_CSV) -> AppTest:
    at.run()
    at.file_uploader(key=state.TRIPS_UPLOAD).set_value(("trips.csv", trips.encode(), "text/csv"))
    if sources is not None:
        at.file_uploader(key=state.SOURCES_UPLOAD).set_value(
            ("sources.csv", sources.encode(), "text/csv"))
    return at.run()


@pytest.fixture
def app() -> AppTest:
    """The page with the small known upload loaded."""
    at = upload(new_app())
    assert not at.exception, at.exception
    return at


def summary(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Showing"))


def map_args(at: AppTest) -> dict[str, object]:
    element = next(e for e in at.get("component_instance")
                   if e.proto.component_name.endswith("trip_map"))
    return json.loads(element.proto.json_args)


def visible_rows(at: AppTest) -> list[int]:
    """The dataset rows the page tells the map frame to show (sent as a bitmap)."""
    bits = map_args(at)["visible"]
    assert isinstance(bits, str)
    return mapview.decode_rows(bits)


def table_frame(at: AppTest):  # noqa: ANN201 - a pandas DataFrame
    return at.dataframe(key=state.TABLE).value


def problems_frame(at: AppTest):  # noqa: ANN201 - a pandas DataFrame
    return next(d.value for d in at.dataframe if "problem" in d.value.columns)


def details_html(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html") if "travelmap-details" in h.proto.body)


def test_bundled_data_opens_with_every_stop_and_the_full_span() -> None:
    at = new_app().run()
    assert not at.exception, at.exception
    stops = load_trips()
    first, last = date_span(stops)
    assert at.slider(key=state.WINDOW).value == (first, last)
    assert describe_selection(stops) in summary(at)
    assert len(visible_rows(at)) == len(stops)


def test_a_shared_link_opens_that_view_and_the_address_follows_the_view() -> None:
    at = new_app()
    at.query_params["from"] = "2023-03-17"
    at.query_params["traveller"] = ["Vladimir Putin", "<img src=x>"]
    at.run()
    assert not at.exception, at.exception
    stops = load_trips()
    expected = filter_stops(stops, start="2023-03-17", travellers=["Vladimir Putin"])
    assert describe_selection(expected) in summary(at)
    assert at.multiselect(key=state.TRAVELLERS).value == ["Vladimir Putin"]
    assert dict(at.query_params) == {"from": "2023-03-17", "traveller": "Vladimir Putin"}
    at.multiselect(key=state.COUNTRIES).set_value(["CHN"]).run()
    assert at.query_params.get("country") == "CHN"  # the address bar is a link to this view
    at.button(key="tm_reset").click().run()
    at.multiselect(key=state.TRAVELLERS).set_value([]).run()
    at.multiselect(key=state.COUNTRIES).set_value([]).run()
    assert dict(at.query_params) == {}  # the default view needs no parameters


def test_an_upload_is_never_put_in_the_address(app: AppTest) -> None:
    assert dict(app.query_params) == {}
    app.multiselect(key=state.TRAVELLERS).set_value(["Kim Jong Un"]).run()
    assert dict(app.query_params) == {}


def test_upload_replaces_the_data_and_sets_the_slider_to_its_span(app: AppTest) -> None:
    assert app.slider(key=state.WINDOW).value == (date(2000, 7, 17), date(2024, 6, 20))
    assert "5 stops on 3 trips" in summary(app)
    assert "17 July 2000 – 20 June 2024" in summary(app)
    assert visible_rows(app) == [0, 1, 2, 3, 4]
    assert len(table_frame(app)) == 5


def test_moving_the_slider_narrows_map_table_and_counts(app: AppTest) -> None:
    app.slider(key=state.WINDOW).set_value((date(2019, 1, 1), date(2024, 6, 20))).run()
    assert "3 stops on 2 trips" in summary(app)
    assert "1 January 2019 – 20 June 2024" in summary(app)
    assert visible_rows(app) == [2, 3, 4]
    assert sorted(table_frame(app)["place"]) == ["Hanoi", "Pyongyang", "Vladivostok"]
    # the map's data file is the same: a slider move sends ids, not stops
    before = map_args(app)["payload_url"]
    app.slider(key=state.WINDOW).set_value((date(2024, 6, 19), date(2024, 6, 19))).run()
    assert map_args(app)["payload_url"] == before
    assert visible_rows(app) == [3, 4]  # both stays include 19 June


@pytest.mark.parametrize(
    ("key", "choice", "expected", "visible"),
    [
        (state.TRAVELLERS, ["Kim Jong Un"], "1 stop on 1 trip", [2]),
        (state.COUNTRIES, ["PRK"], "2 stops on 2 trips", [1, 3]),
        (state.VISIT_TYPES, ["state"], "3 stops on 2 trips", [0, 3, 4]),
        (state.TRAVELLERS, [], "5 stops on 3 trips", [0, 1, 2, 3, 4]),  # empty = all
    ],
)
def test_filters_narrow_what_is_shown(app: AppTest, key: str, choice: list[str], expected: str,
                                      visible: list[int]) -> None:
    app.multiselect(key=key).set_value(choice).run()
    assert expected in summary(app)
    assert visible_rows(app) == visible
    assert len(table_frame(app)) == len(visible)


def test_filter_options_come_from_the_data(app: AppTest) -> None:
    assert app.multiselect(key=state.TRAVELLERS).options == ["Kim Jong Un", "Vladimir Putin"]
    assert app.multiselect(key=state.COUNTRIES).options == ["CHN", "PRK", "RUS", "VNM"]
    assert app.multiselect(key=state.VISIT_TYPES).options == ["official", "state", "summit"]


def test_play_steps_through_time_and_stops_at_the_end(app: AppTest) -> None:
    # 24 years of data: play steps a year at a time by default, so it ends in under a minute
    assert app.button(key="tm_step").label == "+1 year"
    app.button(key="tm_play").click().run()
    assert app.slider(key=state.WINDOW).value == (date(2000, 7, 17), date(2001, 7, 17))
    assert app.session_state[state.PLAYING] is True
    assert app.button(key="tm_play").label == "⏸ Pause"
    assert "2 stops on 1 trip" in summary(app)
    app.button_group(key=state.STEP).set_value("month").run()
    assert app.button(key="tm_step").label == "+1 month"
    app.button(key="tm_step").click().run()  # a manual step pauses
    assert app.slider(key=state.WINDOW).value == (date(2000, 7, 17), date(2001, 8, 17))
    assert app.session_state[state.PLAYING] is False
    app.slider(key=state.WINDOW).set_value((date(2000, 7, 17), date(2024, 6, 1))).run()
    app.button(key="tm_step").click().run()
    assert app.slider(key=state.WINDOW).value == (date(2000, 7, 17), date(2024, 6, 20))
    app.button(key="tm_play").click().run()  # at the end, play starts over from the beginning
    assert app.slider(key=state.WINDOW).value == (date(2000, 7, 17), date(2000, 8, 17))


def test_a_sliding_window_shows_only_the_recent_trips_at_the_chosen_speed(app: AppTest) -> None:
    app.button_group(key=state.MODE).set_value("slide").run()
    app.button_group(key=state.SPEED).set_value("fast").run()
    app.slider(key=state.WINDOW).set_value((date(2019, 1, 1), date(2019, 12, 31))).run()
    assert "1 stop on 1 trip" in summary(app)  # Vladivostok, April 2019
    app.button_group(key=state.STEP).set_value("year").run()
    app.button(key="tm_step").click().run()  # both ends move a year: 2019 has left the window
    assert app.slider(key=state.WINDOW).value == (date(2020, 1, 1), date(2020, 12, 31))
    assert "0 stops" in summary(app)
    app.button(key="tm_play").click().run()  # playing keeps the window's length
    start, end = app.slider(key=state.WINDOW).value
    assert (end - start).days == 365 and app.session_state[state.PLAYING] is True
    app.button(key="tm_reset").click().run()
    assert app.slider(key=state.WINDOW).value == (date(2000, 7, 17), date(2024, 6, 20))


def test_clicking_a_stop_shows_its_details_sources_and_tour(app: AppTest) -> None:
    app.session_state[state.MAP] = {"stop": 3, "clicks": 1}  # what the map sends on a click
    app.run()
    assert app.session_state[state.SELECTED] == 3
    panel = details_html(app)
    assert "Pyongyang" in panel and "18–19 June 2024" in panel
    assert "Kim Jong Un" in panel and "Treaty on Comprehensive Strategic Partnership" in panel
    assert '<a href="https://example.org/tass/putin-2024"' in panel
    assert "Putin arrives in Pyongyang" in panel
    assert "Hanoi (VNM)" in panel  # the other stop of the tour
    assert map_args(app)["selected"] == 3


def test_details_escape_data_text(app: AppTest) -> None:
    app.session_state[state.MAP] = {"stop": 2, "clicks": 1}
    app.run()
    panel = details_html(app)
    assert "{{ 6*7 }}" in panel and "42" not in panel
    assert "<img" not in panel and "&lt;img src=x onerror=alert(1)&gt;" in panel


def test_a_click_selects_once_so_the_table_can_select_afterwards(app: AppTest) -> None:
    app.session_state[state.MAP] = {"stop": 0, "clicks": 1}
    app.run()
    app.session_state[state.SELECTED] = 4  # as a table row would
    app.run()  # the map still returns its last click; it must not take the selection back
    assert app.session_state[state.SELECTED] == 4
    assert "Hanoi" in details_html(app)


def test_selecting_a_table_row_selects_its_stop_and_a_filter_change_keeps_it(
        app: AppTest) -> None:
    app.multiselect(key=state.TRAVELLERS).set_value(["Vladimir Putin"]).run()
    assert list(table_frame(app)["place"]) == ["Beijing", "Pyongyang", "Pyongyang", "Hanoi"]
    app.session_state[state.TABLE] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    app.run()  # row 2 of the visible table is stop 3: Pyongyang, June 2024
    assert app.session_state[state.SELECTED] == 3
    assert "Putin arrives in Pyongyang" in details_html(app)
    app.multiselect(key=state.TRAVELLERS).set_value([]).run()  # row 2 is now another stop
    assert app.session_state[state.SELECTED] == 3
    assert "Putin arrives in Pyongyang" in details_html(app)


def test_a_broken_upload_lists_problems_with_row_and_column_and_keeps_the_bundled_data() -> None:
    at = upload(new_app(), trips=BROKEN_CSV, sources=None)
    assert not at.exception, at.exception
    assert at.error and "`trips.csv` was not loaded" in at.error[0].value
    problems = problems_frame(at)
    located = {(int(r), c) for r, c in zip(problems["row"], problems["column"], strict=True)}
    assert (3, "start_date") in located
    assert (4, "visit_type") in located
    assert describe_selection(load_trips()) in summary(at)  # the bundled data is still shown


def test_an_unknown_place_is_reported_not_drawn_and_the_place_cache_is_untouched() -> None:
    caches = (bundled_cache_path(), user_cache_path())  # neither layer is written

    def stamps() -> list[int | None]:
        return [c.stat().st_mtime_ns if c.exists() else None for c in caches]

    before = stamps()
    trips = TRIPS_CSV.replace("Vladivostok,43.1155,131.8855", "Xyzzy $x$ :red[Q],,")
    at = upload(new_app(), trips=trips)
    assert not at.exception, at.exception
    assert "5 stops on 3 trips" in summary(at)
    assert visible_rows(at) == [0, 1, 2, 3, 4]  # the browser skips the one without lat/lon
    assert at.sidebar.warning[0].value == "1 stop(s) could not be placed on the map."
    assert any("Xyzzy $x$ :red[Q]" in t.value for t in at.sidebar.text)  # as plain text
    note = next(h.proto.body for h in at.get("html") if "not drawn" in h.proto.body)
    assert "1 stop(s) have no coordinates and are not drawn: Xyzzy $x$ :red[Q]." in note
    assert stamps() == before


def test_an_upload_over_the_limit_is_refused_with_the_limit_in_the_message() -> None:
    big = TRIPS_CSV + ("#" * 99 + "\n") * (MAX_UPLOAD_BYTES // 100 + 1)
    at = upload(new_app(), trips=big, sources=None)
    assert not at.exception, at.exception
    assert "`trips.csv` was not loaded" in at.error[0].value
    message = at.text[0].value  # the whole message, as plain text
    assert message.startswith("trips.csv: file is 5.0 MiB")
    assert "the upload limit is 5 MiB" in message and "--max-upload-mb" in message


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Callable[[], bytes]]]:
    """The download buttons' callables by file name (recorded as Streamlit registers them)."""
    recorded: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, data: Callable[[], bytes], *args: object,
            **kwargs: object) -> str:
        recorded[str(kwargs.get("file_name"))] = data
        return original(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    yield recorded


def test_downloads_hold_exactly_what_is_shown(app: AppTest,
                                              deferred: dict[str, Callable[[], bytes]]) -> None:
    deferred.clear()
    app.slider(key=state.WINDOW).set_value((date(2019, 1, 1), date(2024, 6, 20))).run()
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Map (HTML, 3 stops on 2 trips)", "Table (CSV, 3 stops on 2 trips)",
                      "GeoJSON (3 stops on 2 trips)", "Image for print (PNG, 3 stops on 2 trips)",
                      "Image to edit (SVG, 3 stops on 2 trips)",
                      "Print page (PDF, 3 stops on 2 trips)",
                      "Trip list with sources (Markdown, 3 stops on 2 trips)",
                      "Animation, trips in time order (MP4, 3 stops on 2 trips)"]
    by_suffix = {name.rsplit(".", 1)[1]: make for name, make in deferred.items()}
    assert "mp4" in by_suffix  # rendered only on a click (test_dashboard_logic renders one)
    raw_csv = by_suffix["csv"]()
    assert raw_csv.startswith(b"\xef\xbb\xbf")  # as the CLI's: Excel then reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw_csv.decode("utf-8-sig"))))
    assert sorted(r["place"] for r in rows) == ["Hanoi", "Pyongyang", "Vladivostok"]
    assert next(r for r in rows if r["place"] == "Hanoi")["sources"].startswith("https://")
    geojson = json.loads(by_suffix["geojson"]())
    points = [f for f in geojson["features"] if f["geometry"]["type"] == "Point"]
    assert sorted(f["properties"]["place"] for f in points) == ["Hanoi", "Pyongyang",
                                                                 "Vladivostok"]
    page = by_suffix["html"]().decode("utf-8")
    assert "Vladivostok" in page and "Beijing" not in page
    assert "cdn.jsdelivr" not in page and "<script src=\"http" not in page
    png = by_suffix["png"]()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    svg = by_suffix["svg"]().decode("utf-8")  # titled by what is shown, in the window asked for
    title = re.search(r"<title>([^<]*)</title>", svg)
    assert title is not None and title.group(1) == (
        "Foreign visits by Kim Jong Un and Vladimir Putin since 1 January 2019"), title
    assert by_suffix["pdf"]().startswith(b"%PDF")
    trip_list = by_suffix["md"]().decode("utf-8")
    assert trip_list.count("\n## ") == 2 and "Vladivostok" in trip_list
    assert "(https://" in trip_list  # sources as links


def chart_data(at: AppTest) -> dict[str, list[dict[str, object]]]:
    """Each chart's title and the rows it plots (decoded from the Arrow data Streamlit sends)."""
    import pyarrow as pa

    out = {}
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        (dataset,) = element.proto.datasets
        table = pa.ipc.open_stream(dataset.data.data).read_all()
        out[spec["title"]] = table.to_pandas().to_dict(orient="records")
    return out


def test_charts_count_the_visible_stops(app: AppTest) -> None:
    charts = chart_data(app)
    assert list(charts) == ["Stops per year", "Host countries by visits"]
    per_year = {(r["year"], r["traveller"]): r["stops"] for r in charts["Stops per year"]}
    assert per_year == {(2000, "Vladimir Putin"): 2, (2019, "Kim Jong Un"): 1,
                        (2024, "Vladimir Putin"): 2}
    visits = {r["host_country"]: r["visits"] for r in charts["Host countries by visits"]}
    assert visits == {"PRK": 2, "CHN": 1, "RUS": 1, "VNM": 1}
    app.multiselect(key=state.TRAVELLERS).set_value(["Kim Jong Un"]).run()
    charts = chart_data(app)
    assert [(r["year"], r["stops"]) for r in charts["Stops per year"]] == [(2019, 1)]
    assert [r["host_country"] for r in charts["Host countries by visits"]] == ["RUS"]


def test_the_upload_widget_states_the_limit_in_mib_and_lets_the_browser_pass_it() -> None:
    at = new_app().run()
    uploader = at.get("file_uploader")[0].proto
    assert "up to 5 MiB" in uploader.label
    assert uploader.max_upload_size_mb * 1_000_000 >= 5 * 1024 * 1024  # a 4.9 MiB file passes
    assert any("5,242,880 bytes" in c.value for c in at.sidebar.caption)


def test_a_file_named_on_the_command_line_is_shown_whatever_its_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`travelmap dashboard FILE` passes FILE in the environment; the upload limit is for
    uploads, so a file above it (1 MiB here) opens and the page shows all its stops."""
    rows = [TRIPS_CSV]
    sources = [SOURCES_CSV]
    for n in range(9000):
        rows.append(f"bulk-{n},1,Kim Jong Un,PRK,RUS,Vladivostok,43.1155,131.8855,"
                    f"2019-04-24,2019-04-26,summit,Vladimir Putin,Talks held,\n")
        sources.append(f"bulk-{n},Reuters,Bulk {n},https://example.org/bulk/{n},2019-04-25\n")
    trips, refs = tmp_path / "mine.csv", tmp_path / "refs.csv"
    trips.write_text("".join(rows), encoding="utf-8")
    refs.write_text("".join(sources), encoding="utf-8")
    assert trips.stat().st_size > 1024 * 1024
    monkeypatch.setenv(settings.TRIPS_ENV, str(trips))
    monkeypatch.setenv(settings.SOURCES_ENV, str(refs))
    previous = st_config.get_option("server.maxUploadSize")
    st_config.set_option("server.maxUploadSize", 1)
    try:
        at = new_app().run(timeout=300)
    finally:
        st_config.set_option("server.maxUploadSize", previous)
    assert not at.exception, at.exception
    assert "9005 stops on 9003 trips" in summary(at)
    assert any("mine.csv" in i.value and "from disk" in i.value for i in at.sidebar.info)
    assert len(visible_rows(at)) == 9005


def test_the_bundled_story_steps_through_the_dashboard_and_a_hand_move_leaves_it() -> None:
    """Story steps (issue #15) in the dashboard: each step shows what the exported story map
    shows for it (the same rule, travelmap.story), Previous/Next walk them."""
    from travelmap.model import bundled_data_dir
    from travelmap.story import _shows, load_story

    stops = load_trips()
    steps = load_story(bundled_data_dir() / "story.csv", stops=stops)
    at = new_app().run()
    assert state.STORY not in at.session_state or at.session_state[state.STORY] is None
    at.button(key="tm_story_next").click().run()  # "Start the story"
    assert not at.exception, at.exception
    for index in (0, 1, 2):
        if index:
            at.button(key="tm_story_next").click().run()
        step = steps[index]
        assert at.session_state[state.STORY] == index
        expected = [int(i) for i in stops.index[_shows(step, stops)]]
        assert sorted(visible_rows(at)) == sorted(expected)
        assert any(step.title.replace("&", "&amp;") in h.proto.body for h in at.get("html"))
        assert f"Step {index + 1} of {len(steps)}" in [t.value for t in at.text]
    at.button(key="tm_story_prev").click().run()
    assert at.session_state[state.STORY] == 1
    first, last = date_span(stops)
    at.slider(key=state.WINDOW).set_value((first, last)).run()  # moved by hand
    assert at.session_state[state.STORY] is None
    assert len(visible_rows(at)) == len(filter_stops(
        stops, travellers=at.session_state[state.TRAVELLERS] or None))
    assert not any(steps[1].title in h.proto.body for h in at.get("html"))
