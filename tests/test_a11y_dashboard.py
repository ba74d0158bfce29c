"""The dashboard by measurement (issue #16): axe-core finds nothing on the page or in the map
frame (first view, after a filter, with a stop selected); the keyboard reaches a stop's sources
from the page's start, and table rows select with Enter/Space, focus following to the details.
A real `streamlit run` server and headless Chromium, as tests/test_dashboard_e2e.py."""

from __future__ import annotations

import pytest

from tests.axe import assert_clean
from tests.test_a11y_map import KEY_BUDGET, Keys
from tests.test_dashboard_e2e import MAP_FRAME, map_frame, server, wait_summary  # noqa: F401
from travelmap.dashboard.component import FRAME_TITLE
from travelmap.dashboard.datasets import bundled_dataset
from travelmap.filtering import describe_selection, filter_stops

pytestmark = [pytest.mark.browser, pytest.mark.server]


def settled(page: object, frame: object) -> None:
    """No rerun running, the map drawn for it, the popup (if any) faded in."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    frame.wait_for_function(  # type: ignore[attr-defined]
        "(() => { const p = document.querySelector('.leaflet-popup');"
        " return !p || getComputedStyle(p).opacity === '1'; })()")
    page.wait_for_timeout(500)  # type: ignore[attr-defined]


def assert_page_clean(page: object, frame: object, what: str) -> None:
    settled(page, frame)
    assert_clean(page, what=f"the dashboard ({what})", exclude=["iframe"])
    assert_clean(frame, what=f"the dashboard's map frame ({what})")


def deepest_focus(page: object) -> dict[str, str]:
    """What has focus, looking into the map frame when it is the frame."""
    return page.evaluate("""() => { let e = document.activeElement;
        while (e && e.tagName === 'IFRAME' && e.contentDocument) {
            e = e.contentDocument.activeElement;
        }
        return { tag: e.tagName.toLowerCase(), href: e.href || '',
                 testid: e.getAttribute('data-testid') || '',
                 text: (e.textContent || '').trim() }; }""")


def test_axe_finds_nothing_on_first_view_and_after_a_filter(server: str,  # noqa: F811
                                                             offline_page: object) -> None:
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(server)
    frame = map_frame(page)
    iframe = page.locator(f'iframe[src*="{MAP_FRAME}"]')
    page.wait_for_function(f"document.querySelector('iframe[src*=\"{MAP_FRAME}\"]').title"
                           f" === {FRAME_TITLE!r}")
    assert iframe.get_attribute("title") == FRAME_TITLE  # not the component's module path
    assert_page_clean(page, frame, "first view")

    stops = bundled_dataset().stops
    putin = describe_selection(filter_stops(stops, travellers=["Vladimir Putin"]))
    page.get_by_role("combobox", name="Traveller").click()
    page.keyboard.type("Vladimir")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_summary(page, putin)
    assert_page_clean(page, frame, "filtered to one traveller")
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_the_keyboard_reaches_the_first_source_of_pyongyang_2024_from_the_start(
        server: str, offline_page: object) -> None:  # noqa: F811
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(server)
    frame = map_frame(page)
    settled(page, frame)
    stops = bundled_dataset().stops
    pyongyang = stops[(stops["place"] == "Pyongyang") & (stops["start_date"].dt.year == 2024)]
    first_source = pyongyang.iloc[0]["sources"][0].url
    keys = Keys(page)
    keys.press("Tab")
    assert deepest_focus(page)["text"] == "Skip to the map\u2019s list of stops"
    keys.press("Enter")
    assert deepest_focus(page)["testid"] == "travelmap-list-find"
    keys.type("pyo")
    frame.wait_for_function("document.querySelectorAll('.travelmap-list-stop').length === 2")
    keys.press("Tab", "Tab", "Enter")
    assert deepest_focus(page)["testid"] == "travelmap-popup"
    keys.press("Tab")
    link = deepest_focus(page)
    assert link["tag"] == "a" and link["href"] == first_source, link
    assert keys.count < KEY_BUDGET, f"{keys.count} key presses"
    # the pick selects the stop in the page too: its details, and still nothing for axe
    page.locator(".travelmap-details h3", has_text="Pyongyang").wait_for(timeout=30_000)
    assert_page_clean(page, frame, "a stop selected")


@pytest.mark.parametrize("key", ["Enter", " "])
def test_a_table_row_selects_with_enter_or_space_and_focus_moves_to_its_details(
        server: str, offline_page: object, key: str) -> None:  # noqa: F811
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(server)
    frame = map_frame(page)
    settled(page, frame)
    stops = bundled_dataset().stops
    grid = page.locator('[data-testid="stDataFrame"] [data-testid="data-grid-canvas"]')
    grid.focus()  # the grid's first cell
    page.keyboard.press("ArrowDown")  # the second row
    page.keyboard.press(key)
    page.wait_for_function("document.activeElement.matches('.travelmap-details h3')",
                           timeout=30_000)
    second = stops.sort_values(["start_date", "trip_id", "stop_order"]).iloc[1]
    assert deepest_focus(page)["text"] == second["place"]
    assert frame.evaluate("window.__travelmapHost.rowKeys") == 1
