"""The dashboard in a real `streamlit run` server and headless Chromium, with the network blocked.

Checks what only a browser can: the map draws offline, a slider move changes the drawn stops
without reloading the map's iframe (pan and zoom survive), and a click on a stop shows its
sources. Saves docs/screenshot-dashboard.png, which the README shows.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, docs_picture
from tests.test_dashboard import SOURCES_CSV, TRIPS_CSV
from travelmap.dashboard.datasets import bundled_dataset
from travelmap.filtering import filter_stops

pytestmark = [pytest.mark.browser, pytest.mark.server]

MAP_FRAME = "travelmap.dashboard.component.trip_map"
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a free local port; killed at the end of the module."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "streamlit_app.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def map_frame(page: object) -> object:
    """The map component's frame once its stops are drawn."""
    page.wait_for_selector(f'iframe[src*="{MAP_FRAME}"]', timeout=60_000)  # type: ignore[attr-defined]
    frame = next(f for f in page.frames if MAP_FRAME in f.url)  # type: ignore[attr-defined]
    frame.wait_for_function("window.__travelmap && window.__travelmap.payloadLoads > 0",
                            timeout=60_000)
    return frame


def drawn(frame: object) -> int:
    return int(frame.evaluate("window.__travelmap.drawn"))  # type: ignore[attr-defined]


def wait_drawn(frame: object, count: int) -> None:
    frame.wait_for_function(f"window.__travelmap.drawn === {count}",  # type: ignore[attr-defined]
                            timeout=30_000)


def wait_summary(page: object, text: str) -> None:
    """Wait for the page's bold count to read `text`; on timeout say what the page shows."""
    try:
        page.locator("strong", has_text=text).wait_for(  # type: ignore[attr-defined]
            timeout=90_000)
    except Exception as error:  # noqa: BLE001 - re-raised with the page's messages
        shown = page.locator(  # type: ignore[attr-defined]
            '[data-testid="stException"], [data-testid="stAlert"], strong').all_inner_texts()
        raise AssertionError(f"{text!r} never appeared; the page shows {shown}") from error


def click_stop(page: object, frame: object, row: int, *,
               shows: str = ".travelmap-details") -> None:
    """One click where the map draws the stop of dataset row `row` (page coordinates = iframe box
    + point in the frame), then wait for `shows`: a click must select on the first try."""
    box = page.locator(f'iframe[src*="{MAP_FRAME}"]').bounding_box()  # type: ignore[attr-defined]
    point = frame.evaluate(f"window.__travelmap.point({row})")  # type: ignore[attr-defined]
    assert point is not None, f"row {row} is not drawn"
    covered = frame.evaluate(  # type: ignore[attr-defined]
        f"(() => {{ const e = document.elementFromPoint({point['x']}, {point['y']});"
        " const c = e.closest('.leaflet-control, .leaflet-popup');"
        " return c ? c.className : null; })()")
    assert covered is None, f"row {row} is under {covered!r}"
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])  # type: ignore[attr-defined]
    page.locator(shows).first.wait_for(timeout=20_000)  # type: ignore[attr-defined]


SUMMARY_CHANGED = """previous => {
    const shown = [...document.querySelectorAll("p")].find(p => p.innerText.includes("Showing"));
    return shown !== undefined && shown.innerText !== previous;
}"""


def located(stops):  # noqa: ANN001, ANN201 - DataFrame in, DataFrame out
    return stops[stops["lat"].notna() & stops["lon"].notna()]


def test_slider_redraws_without_reloading_and_a_click_shows_sources(
        server: str, offline_page: object, tmp_path: Path) -> None:
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(server)
    frame = map_frame(page)
    # Upload the small known data through the real file input.
    trips, sources = tmp_path / "trips.csv", tmp_path / "sources.csv"
    trips.write_text(TRIPS_CSV, encoding="utf-8")
    sources.write_text(SOURCES_CSV, encoding="utf-8")
    inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    # Sources first, and only once the page holds them the trips: the upload then loads in one
    # step (trips alone would first show 'no source' problems; on a loaded machine the second
    # upload could race the rerun that shows them).
    inputs.nth(1).set_input_files(str(sources))
    page.locator('[data-testid="stFileChipName"]', has_text="sources.csv").wait_for(
        timeout=60_000)
    page.locator('[data-testid="stFileChipIconSpinner"]').wait_for(state="detached",
                                                                   timeout=60_000)
    inputs.nth(0).set_input_files(str(trips))
    wait_summary(page, "5 stops on 3 trips")
    wait_drawn(frame, 5)

    # Mark this page of the iframe and change the view: both must survive the slider move.
    frame.evaluate("window.__loadedOnce = true")
    before = frame.evaluate("window.__travelmap.view().zoom")
    page.frame_locator(f'iframe[src*="{MAP_FRAME}"]').locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function(f"window.__travelmap.view().zoom > {before}")
    view = frame.evaluate("window.__travelmap.view()")
    loads = frame.evaluate("window.__travelmap.payloadLoads")

    # Move the slider's left thumb to the last day: only the stays that include 20 June 2024.
    left_thumb = page.get_by_role("slider").first
    left_thumb.focus()
    left_thumb.press("End")
    wait_summary(page, "1 stop on 1 trip")
    wait_drawn(frame, 1)
    assert frame.evaluate("window.__loadedOnce === true"), "the map iframe was reloaded"
    assert frame.evaluate("window.__travelmap.payloadLoads") == loads, "stops were re-fetched"
    assert frame.evaluate("window.__travelmap.view()") == view, "pan/zoom was reset"
    counter = page.frame_locator(f'iframe[src*="{MAP_FRAME}"]').locator("#drawn")
    assert counter.get_attribute("data-drawn") == "1"

    # Zoom back out (Hanoi left the view when we zoomed in), then click the one stop left
    # (Hanoi, id 4): its sources appear as links in the details panel.
    zoomed = frame.evaluate("window.__travelmap.view().zoom")
    page.frame_locator(f'iframe[src*="{MAP_FRAME}"]').locator(".leaflet-control-zoom-out").click()
    frame.wait_for_function(f"window.__travelmap.view().zoom < {zoomed}")
    frame.evaluate("window.__travelmap.centre(4)")
    click_stop(page, frame, 4, shows='.travelmap-details a:has-text("Visit to Vietnam")')
    link = page.locator(".travelmap-details a", has_text="Visit to Vietnam")
    link.wait_for(timeout=30_000)
    assert link.get_attribute("href") == "https://example.org/kremlin/2024-vietnam"
    assert page.locator(".travelmap-details").get_by_text("Pyongyang (PRK)").count() == 1
    assert frame.evaluate("window.__loadedOnce === true")
    # both datasets' stops came as the gzip published beside their JSON, inflated in the frame
    fetched = payload_files(frame)
    assert len(fetched) == 2 and all(name.endswith(".json.gz") for name in fetched), fetched
    assert offline_page.blocked == []  # type: ignore[attr-defined]
    assert offline_page.console_errors == []  # type: ignore[attr-defined]
    assert offline_page.dialogs == []  # type: ignore[attr-defined]


def payload_files(frame: object) -> list[str]:
    """The map data files the frame fetched, in order (the browser's own resource timing)."""
    return list(frame.evaluate(  # type: ignore[attr-defined]
        "performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)"
        ".filter(p => p.includes('/data/')).map(p => p.split('/').pop())"))


def test_without_decompression_streams_the_frame_reads_the_plain_json(
        server: str, offline_page: object) -> None:
    """A browser without DecompressionStream (Firefox before 113, Safari before 16.4) gets the
    map from the plain JSON beside the gzip: the same stops drawn."""
    page = offline_page.page  # type: ignore[attr-defined]
    page.add_init_script("delete window.DecompressionStream;")
    page.goto(server)
    frame = map_frame(page)
    wait_drawn(frame, len(located(bundled_dataset().stops)))
    fetched = payload_files(frame)
    assert len(fetched) == 1 and fetched[0].endswith(".json"), fetched
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_play_steps_through_time_in_the_browser_and_pause_stops_it(
        server: str, offline_page: object) -> None:
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(server)
    frame = map_frame(page)
    frame.evaluate("window.__loadedOnce = true")
    first = bundled_dataset().stops["start_date"].min()
    page.get_by_role("button", name="▶ Play").click()
    summary = page.locator("p", has_text="Showing").first
    seen = [summary.inner_text()]
    for _ in range(2):  # the timer moves it on by itself: wait for two changes
        page.wait_for_function(SUMMARY_CHANGED, arg=seen[-1], timeout=60_000)
        seen.append(summary.inner_text())
    assert len(set(seen)) >= 3, f"play did not advance: {seen}"
    # playing grows the window's end; its start stays at the data's first day
    assert all(text.startswith(f"Showing {first.day} {first:%B}") for text in seen), seen
    page.get_by_role("button", name="⏸ Pause").click()
    page.get_by_role("button", name="▶ Play").wait_for(timeout=30_000)
    # Proving that nothing happens takes a fixed time: a tick already sent may land in the first
    # 0.5 s, then three play intervals (0.8 s each) must pass without a change.
    page.wait_for_timeout(500)
    last = summary.inner_text()
    page.wait_for_timeout(2500)
    assert summary.inner_text() == last, "still playing after pause"
    assert frame.evaluate("window.__loadedOnce === true"), "the map iframe was reloaded"
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_bundled_data_draws_offline_and_the_screenshot_is_saved(
        server: str, offline_page: object, tmp_path: Path) -> None:
    page = offline_page.page  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(server)
    frame = map_frame(page)
    stops = bundled_dataset().stops
    with_coords = located(stops)
    wait_drawn(frame, len(with_coords))
    assert drawn(frame) == len(with_coords) > 0
    # The exported map's drawing: a route per tour, with arrows, and the ICC shading.
    handle = "window.__travelmap.map"
    assert frame.evaluate(f"{handle}.drawnRoutes") == frame.evaluate(f"{handle}.data.tours.length")
    assert frame.evaluate(f"{handle}.arrows.length") > 0
    assert frame.evaluate(f"{handle}.shadedCountries") > 100
    # Select the most recent drawn stop so the screenshot shows the details panel too.
    latest = int(with_coords.index[-1])
    click_stop(page, frame, latest)
    page.locator(".travelmap-details").wait_for(timeout=30_000)
    title = stops.loc[latest, "sources"][0].title if stops.loc[latest, "sources"] else None
    if title:
        assert page.locator(".travelmap-details").get_by_text(title).count() >= 1
    assert len(filter_stops(stops)) == len(stops)
    # The picture for the README: the whole map, its popup closed, the selection ringed.
    in_frame = page.frame_locator(f'iframe[src*="{MAP_FRAME}"]')
    in_frame.locator(".leaflet-popup-close-button").click()
    in_frame.locator(".leaflet-popup").wait_for(state="detached")
    frame.evaluate("void window.__travelmap.map.map.setView([42, 80], 2, {animate: false})")
    frame.wait_for_function("window.__travelmap.view().zoom === 2")
    picture = docs_picture("screenshot-dashboard.png", tmp_path)
    page.screenshot(path=str(picture), full_page=False)
    assert picture.stat().st_size > 20_000
    assert offline_page.blocked == []  # type: ignore[attr-defined]
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


CANVAS = "document.querySelector('[data-testid=travelmap-canvas]').toDataURL()"


def test_a_filter_redraws_with_the_exported_maps_engine_and_leaves_nothing_unselected(
        server: str, offline_page: object, browser: object) -> None:
    """Filter to one traveller in the sidebar: the frame draws arrows, shapes, ICC shading and
    lists the stops, fits the view, and its canvas equals a fresh load of the same link."""
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(server)
    frame = map_frame(page)
    stops = located(bundled_dataset().stops)
    kim = stops[stops["traveller"] == "Kim Jong Un"]
    wait_drawn(frame, len(stops))
    fits = frame.evaluate("window.__travelmap.fits")
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name="Kim Jong Un").click()
    page.keyboard.press("Escape")
    wait_summary(page, f"{len(kim)} stops on")
    wait_drawn(frame, len(kim))
    frame.wait_for_function(f"window.__travelmap.fits > {fits}")  # a filter fits the view
    handle = "window.__travelmap.map"
    assert frame.evaluate(f"{handle}.drawnStops") == len(kim)  # every one inside the view
    assert frame.evaluate(f"{handle}.drawnRoutes") == kim["trip_id"].nunique()
    assert frame.evaluate(f"{handle}.arrows.length") >= 2 * kim["trip_id"].nunique()
    assert frame.evaluate(f"{handle}.shadedCountries") > 100  # ICC states parties
    in_frame = page.frame_locator(f'iframe[src*="{MAP_FRAME}"]')
    assert in_frame.get_by_test_id("travelmap-legend-visit-type").count() >= 2  # shapes
    assert in_frame.get_by_test_id("travelmap-list").inner_text().startswith(
        f"List of stops ({len(kim)})")
    filtered = frame.evaluate(CANVAS)
    view = frame.evaluate("window.__travelmap.view()")
    link = page.url
    assert "traveller=Kim+Jong+Un" in link

    fresh = browser.new_page(viewport=page.viewport_size)  # type: ignore[attr-defined]
    try:
        fresh.goto(link)
        fresh_frame = map_frame(fresh)
        wait_drawn(fresh_frame, len(kim))
        assert (fresh_frame.evaluate("window.__travelmap.map.lastFit")
                == frame.evaluate("window.__travelmap.map.lastFit")), "framed differently"
        again = fresh_frame.evaluate("window.__travelmap.view()")
        # the same view: Leaflet reports a centre it keeps to the pixel grid once the map has
        # moved, so compare to half a pixel at this zoom
        half_pixel = 360 / (256 * 2 ** view["zoom"]) / 2
        assert again["zoom"] == view["zoom"]
        assert abs(again["lng"] - view["lng"]) < half_pixel
        assert abs(again["lat"] - view["lat"]) < half_pixel
        assert fresh_frame.evaluate(CANVAS) == filtered, (
            "the filtered map differs from a fresh load of its link: stale drawing remains")
    finally:
        fresh.close()
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_a_single_click_at_the_bottom_edge_of_the_visible_map_selects(
        server: str, offline_page: object) -> None:
    """The map's bottom is below the fold; a stop just above the fold takes one click."""
    page = offline_page.page  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(server)
    frame = map_frame(page)
    stops = located(bundled_dataset().stops)
    wait_drawn(frame, len(stops))
    box = page.locator(f'iframe[src*="{MAP_FRAME}"]').bounding_box()
    assert box["y"] + box["height"] > 700, "the map should reach below the fold"
    row = int(stops.index[stops["traveller"] == "Kamala Harris"][0])
    point = frame.evaluate(f"window.__travelmap.point({row})")
    # move the map so this stop sits 12 px above the fold
    target = 700 - 12 - box["y"]
    frame.evaluate(f"void window.__travelmap.map.map.panBy([0, {point['y'] - target}], "
                   "{animate: false})")
    frame.wait_for_function(
        f"Math.abs(window.__travelmap.point({row}).y - {target}) < 1")
    point = frame.evaluate(f"window.__travelmap.point({row})")
    scroll = page.evaluate("window.scrollY")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.locator(".travelmap-details").get_by_text("Kamala Harris").first.wait_for(
        timeout=20_000)
    assert page.evaluate("window.scrollY") == scroll, "the page scrolled under the click"


def test_a_shared_link_on_a_phone_shows_every_selected_stop(server: str,
                                                            offline_page: object) -> None:
    page = offline_page.page  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/?traveller=Kim+Jong+Un")
    frame = map_frame(page)
    stops = located(bundled_dataset().stops)
    kim = stops[stops["traveller"] == "Kim Jong Un"]
    wait_drawn(frame, len(kim))
    inside = frame.evaluate(
        "(() => { const h = window.__travelmap.map, b = h.map.getBounds();"
        " return h.data.stops.row.filter((row, i) => h.data.stops.traveller[i] ==="
        " h.data.legend.travellers.findIndex(t => t.name === 'Kim Jong Un')"
        " && b.contains([h.data.stops.lat[i], h.data.stops.lon[i]])).length; })()")
    assert inside == len(kim) == 13  # Kim Jong Un's bundled stops, Singapore to Komsomolsk-on-Amur
    assert frame.evaluate("window.__travelmap.map.drawnStops") == len(kim)
