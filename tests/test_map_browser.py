"""The exported map in headless Chromium with the network blocked (issue #4, "done when")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import travelmap
from travelmap.filtering import describe_span
from travelmap.mapping import build_map, render_html
from travelmap.mapping.payload import day_number

from .conftest import TEST_DATA

pytestmark = pytest.mark.browser

MAP_DATA = TEST_DATA / "map"


def open_map(offline_page: object, html: str, tmp_path: Path) -> object:
    """Save `html` like an export does and open it from disk; wait for the first drawing."""
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(path.as_uri())
    page.wait_for_function("window.travelmap && window.travelmap.ready === true", timeout=20_000)
    return page


def has_geometry() -> bool:
    try:
        import travelmap.geometry  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return travelmap.load_trips(MAP_DATA / "trips.csv")


@pytest.fixture
def page(offline_page: object, stops: pd.DataFrame, tmp_path: Path) -> object:
    html = render_html(build_map(stops, title="Leaders abroad", caption="Test data",
                                 routes=has_geometry()))
    return open_map(offline_page, html, tmp_path)


def drawn(page: object) -> int:
    return page.evaluate("window.travelmap.drawnStops")  # type: ignore[attr-defined]


def stop_index(page: object, place: str, start: str | None = None) -> int:
    found = page.evaluate("([p]) => window.travelmap.findStops('place', p)", [place])  # type: ignore[attr-defined]
    assert found, place
    return found[0]


def click_stop(page: object, index: int) -> None:
    point = page.evaluate("(i) => window.travelmap.stopPoint(i)", index)  # type: ignore[attr-defined]
    assert point is not None, "the stop is drawn"
    page.mouse.click(point["x"], point["y"])  # type: ignore[attr-defined]


def test_renders_offline_with_every_stop_and_the_context(page: object,
                                                         offline_page: object) -> None:
    assert drawn(page) == 10
    assert page.evaluate("window.travelmap.shadedCountries") > 100  # ICC parties in 2024
    assert page.get_by_test_id("travelmap-title").inner_text() == "Leaders abroad"
    assert page.get_by_test_id("travelmap-caption").inner_text() == "Test data"
    legend = page.get_by_test_id("travelmap-legend").inner_text()
    for name in ("Joe Biden", "Kim Jong Un", "Nikita Khrushchev", "Vladimir Putin",
                 "State visit", "Transit", "ICC Rome Statute state party on 3 September 2024"):
        assert name in legend
    outside = page.evaluate("""() => { const t = window.travelmap, s = t.data.stops;
        return s.lat.filter((lat, i) => !t.map.getBounds().contains([lat, s.lon[i]])); }""")
    assert outside == [], "the view is fitted to every stop"
    layers = page.get_by_test_id("travelmap-layers").inner_text()
    assert "Vladimir Putin" in layers and "ICC states parties" in layers
    assert offline_page.blocked == []  # type: ignore[attr-defined]
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.skipif(not has_geometry(), reason="travelmap.geometry not merged yet")
def test_routes_are_drawn_one_per_tour(page: object) -> None:
    with_legs = page.evaluate("window.travelmap.data.tours.filter(t => t.legs.length).length")
    assert with_legs >= 4  # every multi-stop tour; one-stop tours too once capitals resolve
    assert page.evaluate("window.travelmap.drawnRoutes") == with_legs
    page.evaluate("window.travelmap.setDate('2001-01-01')")
    assert page.evaluate("window.travelmap.drawnRoutes") == page.evaluate(
        "window.travelmap.data.tours.filter(t => t.legs.length && t.start <= 11323).length")
    page.get_by_test_id("travelmap-layers").get_by_text("Routes").click()
    assert page.evaluate("window.travelmap.drawnRoutes") == 0


def test_the_stop_list_reaches_every_shown_stop_by_keyboard(page: object) -> None:
    """Canvas stops are invisible to screen readers: the list is their way in (and an index)."""
    assert page.get_attribute(".travelmap-map", "role") == "region"
    assert page.get_attribute(".travelmap-map", "aria-label") == "Map: Leaders abroad"
    stop_list = page.get_by_test_id("travelmap-list")
    assert stop_list.locator("summary").inner_text() == "List of stops (10)"
    stop_list.locator("summary").click()
    buttons = page.get_by_test_id("travelmap-list-items").locator("button")
    buttons.first.wait_for()  # the list is built on the (asynchronous) toggle event
    assert buttons.count() == 10
    last = buttons.last  # scrolled into view in the list, then clicked with the mouse
    place = last.locator("strong").inner_text()
    last.click()  # the map moves to the stop: the list must survive it, and so the popup
    page.get_by_test_id("travelmap-popup").filter(has_text=place).wait_for(state="visible")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame("
                  "done)))")  # the move and the popup have been drawn
    assert page.get_by_test_id("travelmap-popup").filter(has_text=place).is_visible()
    page.evaluate("window.travelmap.setDate('2001-01-01')")
    shown = page.evaluate("window.travelmap.shownStops")
    assert 0 < shown < 10 and buttons.count() == shown
    assert stop_list.locator("summary").inner_text() == f"List of stops ({shown})"
    first = buttons.first
    assert first.inner_text().startswith("Washington")  # Khrushchev, 1959: time order
    first.click()
    popup = page.get_by_test_id("travelmap-popup").filter(has_text="Washington")
    popup.wait_for(state="visible")
    assert "Nikita Khrushchev" in popup.inner_text()
    second = buttons.nth(1)
    place = second.locator("strong").inner_text()
    second.focus()
    page.keyboard.press("Enter")
    page.get_by_test_id("travelmap-popup").filter(has_text=place).wait_for(state="visible")


def test_a_route_over_the_pole_leaves_the_map_instead_of_running_along_its_edge(
        offline_page: object, tmp_path: Path) -> None:
    header = ("trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,"
              "start_date,end_date,visit_type,source_outlet,source_title,source_url\n")
    row = ("putin-2025-08,1,Vladimir Putin,RUS,USA,Anchorage,61.2181,-149.9003,2025-08-15,"
           "2025-08-15,summit,Kremlin,Talks,https://example.org/a\n")
    stops = travelmap.load_trips_from_bytes((header + row).encode(), name="polar.csv")
    payload_legs = build_map(stops, routes=True)  # Moscow -> Anchorage passes 87.7 N
    page = open_map(offline_page, render_html(payload_legs), tmp_path)
    legs = page.evaluate("window.travelmap.data.tours[0].legs")
    assert len(legs) == 2 and max(p[0] for piece in legs[0] for p in piece) > 87
    runs = page.evaluate("window.travelmap.legRuns(0)")
    assert runs == [2, 2], "each polar leg is cut where it leaves the top of the map"
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_a_tour_grows_leg_by_leg_with_the_timeline(page: object) -> None:
    tours = page.evaluate("window.travelmap.data.tours.map(t => t.id)")
    kim = tours.index("kim-2023-09")  # Pyongyang -> Vostochny 13 Sep -> Komsomolsk 15 Sep -> home

    def kim_legs(day: str) -> int:
        page.evaluate(f"window.travelmap.setDate('{day}')")  # type: ignore[attr-defined]
        return sum(1 for a in page.evaluate("window.travelmap.arrows")  # type: ignore[attr-defined]
                   if a["tour"] == kim)

    assert kim_legs("2023-09-12") == 0
    assert kim_legs("2023-09-14") == 1, "only the flight to Vostochny has happened"
    assert kim_legs("2023-09-15") == 3, "on to Komsomolsk-on-Amur, and home that day"
    assert kim_legs("2024-12-31") == 3
    arrows = page.evaluate("window.travelmap.arrows")
    assert page.evaluate("window.travelmap.drawnLegs") == len(arrows)


@pytest.mark.skipif(not has_geometry(), reason="travelmap.geometry not merged yet")
def test_arrows_show_the_direction_of_travel(page: object) -> None:
    import math

    tours = page.evaluate("window.travelmap.data.tours.map(t => t.id)")
    arrows = page.evaluate("window.travelmap.arrows")
    putin = tours.index("putin-2000-07")
    legs = {a["leg"]: a["angle"] for a in arrows if a["tour"] == putin}
    home = page.evaluate(f"window.travelmap.data.tours[{putin}].home")
    first = 1 if home else 0  # Moscow -> Beijing comes first when the capital is known
    beijing_to_pyongyang = legs[first]
    assert math.cos(beijing_to_pyongyang) > 0.5, "Beijing -> Pyongyang heads east"
    if home:
        assert math.cos(legs[0]) > 0.5, "Moscow -> Beijing heads east"
        assert math.cos(legs[2]) < -0.5, "Pyongyang -> Moscow heads back west"
    assert len(arrows) == sum(
        len(t) for t in page.evaluate("window.travelmap.data.tours.map(t => t.legs)"))


def test_popup_shows_the_stop_and_links_its_sources(page: object) -> None:
    click_stop(page, stop_index(page, "Ulaanbaatar"))
    popup = page.get_by_test_id("travelmap-popup")
    popup.wait_for(state="visible")
    assert page.get_by_test_id("travelmap-popup-place").inner_text() == "Ulaanbaatar, Mongolia"
    assert page.get_by_test_id("travelmap-popup-dates").inner_text() == "2\u20133 September 2024"
    assert page.get_by_test_id("travelmap-popup-visit-type").inner_text() == "Official visit"
    assert page.get_by_test_id("travelmap-popup-counterpart").inner_text() == (
        "Ukhnaagiin Khürelsükh")
    links = page.get_by_test_id("travelmap-popup-sources").locator("a")
    assert links.count() == 1
    assert links.first.inner_text() == "Reuters: Putin visits Mongolia despite ICC warrant"
    assert links.first.get_attribute("href") == "https://www.reuters.com/world/putin-mongolia/"
    assert links.first.get_attribute("rel") == "noopener noreferrer"


def test_hover_shows_place_and_dates(page: object) -> None:
    index = stop_index(page, "Washington")
    page.evaluate("window.travelmap.setDate('1959-09-20')")
    point = page.evaluate("(i) => window.travelmap.stopPoint(i)", index)
    page.mouse.move(point["x"], point["y"])
    tooltip = page.get_by_test_id("travelmap-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text() == "Washington \u00b7 15\u201327 September 1959"


def test_a_popup_lists_the_other_visits_to_its_place_and_opens_them(page: object) -> None:
    """Pyongyang 2000 and 2024 sit side by side; from either popup the other is one click."""
    first, _ = page.evaluate("window.travelmap.findStops('place', 'Pyongyang')")
    click_stop(page, first)
    here = page.get_by_test_id("travelmap-popup-here")
    here.wait_for(state="visible")
    assert here.locator("li").count() == 2
    assert here.locator("strong").inner_text().startswith("19–20 July 2000")
    here.get_by_role("button", name="18–19 June 2024 · Vladimir Putin").click()
    page.get_by_test_id("travelmap-popup-dates").filter(has_text="June 2024").wait_for()
    assert page.get_by_test_id("travelmap-popup-counterpart").inner_text() == "Kim Jong Un"


def test_same_place_visits_stay_apart(page: object) -> None:
    a, b = page.evaluate("window.travelmap.findStops('place', 'Pyongyang')")
    pa = page.evaluate("(i) => window.travelmap.stopPoint(i)", a)
    pb = page.evaluate("(i) => window.travelmap.stopPoint(i)", b)
    assert abs(pa["x"] - pb["x"]) + abs(pa["y"] - pb["y"]) >= 10


def test_moving_the_slider_changes_what_is_drawn(page: object) -> None:
    slider = page.get_by_test_id("travelmap-slider")
    day_2023_end = (pd.Timestamp("2023-12-31") - pd.Timestamp("1970-01-01")).days
    slider.fill(str(day_2023_end))
    assert page.get_by_test_id("travelmap-date").inner_text() == "31 December 2023"
    assert drawn(page) == 7  # Khrushchev, Putin 2000 (2), Kim 2023 (2), Biden 2023 (2)
    assert "7 of 10 stops" in page.get_by_test_id("travelmap-count").inner_text()
    page.evaluate("window.travelmap.setDate('2024-06-18')")
    assert drawn(page) == 8
    assert page.evaluate("window.travelmap.activeStops") == 1  # in Pyongyang that day


def test_one_zoom_or_pan_draws_the_canvas_once(page: object) -> None:
    """Leaflet ends every view change with moveend; drawing on viewreset and zoomend as well
    drew one zoom three times over (each ~15 ms at 100,000 stops)."""
    changes = {
        "zoom": "t.map.setZoom(t.map.getZoom() + 2, {animate: false})",
        "pan": "t.map.panBy([120, 40], {animate: false})",
        "set view": "t.map.setView([40, 120], 4, {animate: false})",
        "fit": "t.map.fitBounds([[10, 10], [50, 60]], {animate: false})",
    }
    for what, change in changes.items():
        draws = page.evaluate(f"(() => {{ const t = window.travelmap, before = t.draws; "
                              f"{change}; return t.draws - before; }})()")
        assert draws == 1, f"{what}: drawn {draws} times"


def test_window_mode_shows_only_recent_trips(page: object) -> None:
    page.evaluate("window.travelmap.setDate('2024-06-20')")
    page.get_by_test_id("travelmap-mode").select_option("window")
    window = page.get_by_test_id("travelmap-window")
    window.fill("10")
    window.dispatch_event("change")
    assert drawn(page) == 2  # Pyongyang and Hanoi, June 2024
    page.get_by_test_id("travelmap-mode").select_option("cumulative")
    assert drawn(page) == 9


def test_the_exporter_chooses_where_the_timeline_opens(offline_page: object, stops: pd.DataFrame,
                                                      tmp_path: Path) -> None:
    """build_map(show_date=..., window_days=...): playback set from Python (folium #1790)."""
    html = render_html(build_map(stops, show_date="2024-06-20", window_days=10))
    page = open_map(offline_page, html, tmp_path)
    assert page.evaluate("window.travelmap.date") == "2024-06-20"
    assert page.evaluate("window.travelmap.mode") == "window"
    assert page.get_by_test_id("travelmap-mode").input_value() == "window"
    assert page.get_by_test_id("travelmap-window").input_value() == "10"
    assert page.get_by_test_id("travelmap-date").inner_text() == "20 June 2024"
    assert drawn(page) == 2  # Pyongyang and Hanoi, June 2024, as the user would set it by hand
    with pytest.raises(travelmap.errors.TravelmapError, match="window_days"):
        build_map(stops, window_days=0)


def test_play_moves_the_date_forward(page: object) -> None:
    page.evaluate("window.travelmap.setDate('1959-09-15')")
    assert drawn(page) == 1
    page.get_by_test_id("travelmap-play").click()
    page.wait_for_function("window.travelmap.drawnStops > 1", timeout=15_000)
    assert page.evaluate("window.travelmap.isPlaying()")
    page.get_by_test_id("travelmap-play").click()
    assert not page.evaluate("window.travelmap.isPlaying()")
    assert page.evaluate("window.travelmap.date") > "1959-09-15"


def test_dates_before_1970_work(page: object) -> None:
    page.evaluate("window.travelmap.setDate('1959-09-20')")
    assert page.evaluate("window.travelmap.date") == "1959-09-20"
    assert page.get_by_test_id("travelmap-date").inner_text() == "20 September 1959"
    assert drawn(page) == 1
    assert page.evaluate("window.travelmap.activeStops") == 1
    assert page.evaluate("window.travelmap.shadedCountries") == 0  # no Rome Statute yet


def test_icc_shading_follows_the_timeline(page: object) -> None:
    assert page.evaluate("window.travelmap.isParty('MNG', '2024-09-03')")
    assert not page.evaluate("window.travelmap.isParty('PRK', '2024-06-18')")
    assert not page.evaluate("window.travelmap.isParty('VNM', '2024-06-20')")
    assert not page.evaluate("window.travelmap.isParty('MNG', '2000-07-20')")
    page.evaluate("window.travelmap.setDate('2000-07-20')")
    in_2000 = page.evaluate("window.travelmap.shadedCountries")
    page.evaluate("window.travelmap.setDate('2024-09-03')")
    assert page.evaluate("window.travelmap.shadedCountries") > in_2000


def test_page_and_python_agree_on_icc_parties(page: object) -> None:
    from travelmap.context import icc_parties_on, load_icc_parties

    states = sorted(load_icc_parties()["iso3"])
    for day in ("2002-06-30", "2002-07-01", "2017-10-27", "2019-03-16", "2019-03-17",
                "2024-12-31", "2025-01-01", "2026-06-01", "2026-06-02"):
        in_page = page.evaluate(
            "([codes, day]) => codes.filter(c => window.travelmap.isParty(c, day))",
            [states, day])
        assert set(in_page) == icc_parties_on(date.fromisoformat(day)), day


def test_layer_control_hides_a_traveller(page: object) -> None:
    page.get_by_test_id("travelmap-layers").get_by_text("Vladimir Putin").click()
    assert drawn(page) == 5
    page.get_by_test_id("travelmap-layers").get_by_text("Vladimir Putin").click()
    assert drawn(page) == 10


def test_bundled_data_renders_offline(offline_page: object, tmp_path: Path) -> None:
    stops = travelmap.load_trips()
    m = travelmap.build_map(stops, title="travelmap: bundled data")  # the API places them first
    page = open_map(offline_page, render_html(m), tmp_path)
    assert page.evaluate("window.travelmap.data.stopCount") == len(stops)
    assert page.evaluate("window.travelmap.data.unlocated") == 0, "every bundled place resolves"
    assert drawn(page) == len(stops)
    assert page.evaluate("window.travelmap.drawnRoutes") == page.evaluate(
        "window.travelmap.data.tours.length")
    assert offline_page.blocked == []  # type: ignore[attr-defined]
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_the_map_shows_inline_in_a_notebook_cell_offline(offline_page: object,
                                                        stops: pd.DataFrame,
                                                        tmp_path: Path) -> None:
    """Jupyter puts `_repr_html_()` in an output cell: an iframe whose page must draw offline."""
    cell = build_map(stops, title="In a notebook")._repr_html_()
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!DOCTYPE html><html><body><div class='output'>{cell}</div>"
                        "</body></html>", encoding="utf-8")
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(notebook.as_uri())
    frame = page.frame_locator("iframe").first
    frame.locator("[data-testid=travelmap-title]").wait_for(timeout=20_000)
    inner = next(f for f in page.frames if f != page.main_frame)
    inner.wait_for_function("window.travelmap && window.travelmap.ready === true",
                            timeout=20_000)
    assert inner.evaluate("window.travelmap.drawnStops") == len(stops)
    assert frame.locator("[data-testid=travelmap-title]").inner_text() == "In a notebook"
    assert offline_page.blocked == []  # type: ignore[attr-defined]
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(("start", "end"), [
    ("2024-06-19", "2024-06-19"), ("2024-06-18", "2024-06-19"), ("2024-06-30", "2024-07-02"),
    ("2023-12-31", "2024-01-02"), ("1959-09-15", "1959-09-27"), ("1900-02-28", "1900-03-01"),
])
def test_page_writes_dates_like_python(page: object, start: str, end: str) -> None:
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    shown = page.evaluate("([a, b]) => window.travelmap.formatSpan(a, b)",
                          [day_number(a), day_number(b)])
    assert shown == describe_span(a, b)


def test_repeated_texts_sent_as_a_table_still_show_per_stop(offline_page: object,
                                                             stops: pd.DataFrame,
                                                             tmp_path: Path) -> None:
    copies = []
    for k in range(30):  # 300 stops whose counterparts and outcomes repeat
        copy = stops.copy()
        copy["trip_id"] = copy["trip_id"].astype(str) + f"-{k}"
        copy["start_date"] = copy["start_date"] + pd.Timedelta(days=k)
        copy["end_date"] = copy["end_date"] + pd.Timedelta(days=k)
        copies.append(copy)
    many = pd.concat(copies, ignore_index=True)
    m = build_map(many, routes=False)
    page = open_map(offline_page, render_html(m), tmp_path)
    assert page.evaluate("window.travelmap.data.stopCount") == 300
    assert page.evaluate("Array.isArray(window.travelmap.data.stops.outcome)")  # decoded
    assert drawn(page) == 300
    (index, *_) = page.evaluate("window.travelmap.findStops('place', 'Ulaanbaatar')")
    page.evaluate("(i) => window.travelmap.openPopup(i)", index)
    assert page.get_by_test_id("travelmap-popup-counterpart").inner_text() == (
        "Ukhnaagiin Khürelsükh")
    assert page.get_by_test_id("travelmap-popup-outcome").inner_text() == (
        "Khalkhin Gol anniversary")


def test_empty_selection_renders_without_errors(offline_page: object, stops: pd.DataFrame,
                                                tmp_path: Path) -> None:
    page = open_map(offline_page, render_html(build_map(stops.iloc[0:0])), tmp_path)
    assert drawn(page) == 0
    assert page.get_by_test_id("travelmap-timeline").count() == 0  # nothing to move through
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_unlocated_stops_are_announced(offline_page: object, stops: pd.DataFrame,
                                       tmp_path: Path) -> None:
    unplaced = stops.copy()
    unplaced["place"] = unplaced["place"].astype("string")
    nowhere = unplaced["place"] == "Komsomolsk-on-Amur"
    unplaced["lat"] = unplaced["lat"].astype("Float64").mask(nowhere)
    unplaced["lon"] = unplaced["lon"].astype("Float64").mask(nowhere)
    unplaced.loc[nowhere, "place"] = "Nowhere-in-particular-xyz"
    page = open_map(offline_page, render_html(build_map(unplaced, routes=False)), tmp_path)
    assert drawn(page) == 9
    assert page.get_by_test_id("travelmap-notice").inner_text() == (
        "1 stop(s) without coordinates are not shown.")


def test_with_tiles_the_outlines_do_not_hide_them(offline_page: object, stops: pd.DataFrame,
                                                  tmp_path: Path) -> None:
    """Tiles are requested (and blocked here: no network) but the page works without them."""
    html = render_html(build_map(stops, tiles="OpenStreetMap", routes=False))
    page = open_map(offline_page, html, tmp_path)
    assert drawn(page) == 10
    opacities = page.evaluate("""() => {
        const out = [];
        window.travelmap.map.eachLayer(l => { if (l.feature && l.options.fillOpacity !== undefined)
            out.push([l.feature.properties.iso3, l.options.fillOpacity]); });
        return Object.fromEntries(out); }""")
    assert opacities["MNG"] > 0 and opacities["PRK"] == 0
    assert any("tile.openstreetmap.org" in url for url in offline_page.blocked)  # type: ignore[attr-defined]
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()


def test_without_timeline_every_stop_shows(offline_page: object, stops: pd.DataFrame,
                                           tmp_path: Path) -> None:
    html = render_html(build_map(stops, timeline=False, icc_overlay=False, routes=False))
    page = open_map(offline_page, html, tmp_path)
    assert page.get_by_test_id("travelmap-timeline").count() == 0
    assert drawn(page) == 10
    page.evaluate("window.travelmap.setDate('1959-09-20')")  # no timeline: nothing filtered
    assert drawn(page) == 10
    assert page.evaluate("window.travelmap.shadedCountries") == 0
    assert "ICC" not in page.get_by_test_id("travelmap-layers").inner_text()
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_dense_data_is_drawn_fast_and_zooming_in_restores_shapes(
        offline_page: object, stops: pd.DataFrame, tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    many = pd.concat([stops] * 2_500, ignore_index=True)  # 25,000 stops
    many["trip_id"] = many["trip_id"].astype(str) + "-" + (many.index // 10).astype(str)
    many["lat"] = (many["lat"].astype(float) + rng.uniform(-3, 3, len(many))).astype("Float64")
    many["lon"] = (many["lon"].astype(float) + rng.uniform(-3, 3, len(many))).astype("Float64")
    page = open_map(offline_page, render_html(build_map(many, routes=False)), tmp_path)
    assert page.evaluate("window.travelmap.shownStops") == 25_000
    assert drawn(page) == 25_000
    assert page.evaluate("window.travelmap.dense")
    assert page.get_by_test_id("travelmap-dense").is_visible()
    (hanoi, *_) = page.evaluate("window.travelmap.findStops('place', 'Hanoi')")
    page.evaluate("(i) => { const t = window.travelmap; t.map.setZoom(7, {animate: false}); "
                  "t.centreOn(i); }", hanoi)
    assert drawn(page) < 25_000 and page.evaluate("window.travelmap.shownStops") > drawn(page)
    assert not page.evaluate("window.travelmap.dense")
    assert not page.get_by_test_id("travelmap-dense").is_visible()
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_place_names_show_without_a_click_and_more_fit_as_you_zoom_in(
        page: object, tmp_path: Path) -> None:
    names = page.evaluate("window.travelmap.labels")
    assert "Pyongyang" in names and len(names) >= 4, names
    assert len(names) == len(set(names)), "a place is named once, however often visited"
    page.screenshot(path=str(tmp_path / "labels.png"))
    page.evaluate("void window.travelmap.map.setView([45, 125], 5, {animate: false})")
    page.wait_for_function("window.travelmap.map.getZoom() === 5")
    closer = page.evaluate("window.travelmap.labels")
    in_view = {"Pyongyang", "Beijing", "Vostochny Cosmodrome", "Komsomolsk-on-Amur",
               "Ulaanbaatar"}
    assert in_view <= set(closer), closer
    assert len(closer) >= len(in_view & set(names))


def test_travellers_past_the_palette_share_one_grey_row_that_opens_to_their_names(
        offline_page: object, stops: pd.DataFrame, tmp_path: Path) -> None:
    from travelmap.mapping.palette import OKABE_ITO, OTHER_TRAVELLERS

    one = stops.iloc[[0]]
    many = pd.concat([one.assign(traveller=f"Traveller {i:02d}", trip_id=f"t{i}-{k}")
                      for i in range(10) for k in range(10 - i)], ignore_index=True)
    page = open_map(offline_page, render_html(build_map(many, routes=False)), tmp_path)
    rows = page.get_by_test_id("travelmap-legend-traveller")
    assert rows.count() == len(OKABE_ITO)  # the seven with the most stops, one colour each
    assert rows.first.inner_text() == "Traveller 00"
    group = page.get_by_test_id("travelmap-legend-group")
    assert group.count() == 1 and "3 other travellers" in group.inner_text()
    group.locator("summary").click()
    assert group.locator("li").all_inner_texts() == [f"Traveller {i:02d}" for i in (7, 8, 9)]
    colours = page.evaluate("window.travelmap.data.legend.travellers.map(t => t.colour)")
    assert colours.count(OTHER_TRAVELLERS.upper()) + colours.count(OTHER_TRAVELLERS.lower()) == 3
