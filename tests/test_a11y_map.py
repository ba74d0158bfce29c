"""The exported map by measurement (issue #16): axe-core clean, and a keyboard and screen-reader
path to every stop and source, in headless Chromium with the network blocked."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import travelmap
from tests.axe import assert_clean
from tests.test_map_browser import open_map
from travelmap import build_map
from travelmap.mapping import render_html

pytestmark = pytest.mark.browser

KEY_BUDGET = 15  # the "fewer than 15 key presses"


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return travelmap.load_trips()


@pytest.fixture
def page(offline_page: object, bundled: pd.DataFrame, tmp_path: Path) -> object:
    html = render_html(build_map(bundled, title="Leaders abroad", caption="Bundled data"))  # placed
    return open_map(offline_page, html, tmp_path)


def first_source(bundled: pd.DataFrame, place: str, year: int) -> str:
    row = bundled[(bundled["place"] == place) & (bundled["start_date"].dt.year == year)].iloc[0]
    return row["sources"][0].url


def wait_popup_settled(page: object) -> None:
    """The popup fades in: contrast is measured once it is opaque."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "(() => { const p = document.querySelector('.leaflet-popup');"
        " return p && getComputedStyle(p).opacity === '1'; })()")


class Keys:
    """Presses keys on a page and counts them."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.count = 0

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)  # type: ignore[attr-defined]
            self.count += 1

    def type(self, text: str) -> None:
        self.press(*text)


def focused(target: object) -> dict[str, str]:
    """What has focus in `target` (a page or frame): tag, text, href, test id."""
    return target.evaluate("""() => { const e = document.activeElement;
        return { tag: e.tagName.toLowerCase(), text: (e.textContent || '').trim().slice(0, 80),
                 href: e.href || '', testid: e.getAttribute('data-testid') || '' }; }""")


def test_the_page_says_its_language_and_title_and_lets_the_reader_zoom(page: object) -> None:
    assert page.get_attribute("html", "lang") == "en"
    assert page.title() == "Leaders abroad"
    viewport = page.get_attribute("meta[name=viewport]", "content")
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport


def test_axe_finds_nothing_on_first_view(page: object) -> None:
    assert_clean(page, what="the exported map")


def test_axe_finds_nothing_with_the_list_and_a_popup_open(page: object) -> None:
    page.get_by_test_id("travelmap-list").locator("summary").click()
    page.get_by_test_id("travelmap-list-items").locator("button").first.click()
    wait_popup_settled(page)
    assert_clean(page, what="the exported map with its stop list and a popup open")


def test_axe_finds_nothing_in_a_short_embed_where_the_legend_scrolls(
        offline_page: object, bundled: pd.DataFrame, tmp_path: Path) -> None:
    p = offline_page.page  # type: ignore[attr-defined]
    p.set_viewport_size({"width": 640, "height": 500})
    page = open_map(offline_page, render_html(build_map(bundled)), tmp_path)
    legend = page.get_by_test_id("travelmap-legend")
    assert legend.evaluate("e => e.scrollHeight > e.clientHeight"), "the legend should scroll"
    legend.focus()
    assert focused(page)["testid"] == "travelmap-legend"
    assert page.title() == "Interactive map of trips"
    assert_clean(page, what="a 640x500 map")


def test_the_keyboard_reaches_the_first_source_of_pyongyang_2024_from_the_start(
        page: object, bundled: pd.DataFrame) -> None:
    keys = Keys(page)
    keys.press("Tab")  # the map itself (arrow keys pan it)
    while focused(page)["tag"] != "summary" and keys.count < KEY_BUDGET:
        keys.press("Tab")  # zoom buttons, then the stop list
    keys.press("Enter", "Tab")  # open the list; its find field
    assert focused(page)["testid"] == "travelmap-list-find"
    keys.type("pyo")
    items = page.get_by_test_id("travelmap-list-items").locator("button")
    page.wait_for_function("document.querySelectorAll('.travelmap-list-stop').length === 2")
    assert items.nth(1).inner_text().startswith("Pyongyang \u00b7 18\u201319 June 2024")
    keys.press("Tab", "Tab", "Enter")  # Pyongyang 2000, Pyongyang 2024: open its popup
    popup = focused(page)
    assert popup["testid"] == "travelmap-popup", popup
    keys.press("Tab")  # the popup's first source
    link = focused(page)
    assert link["tag"] == "a" and link["href"] == first_source(bundled, "Pyongyang", 2024)
    assert keys.count < KEY_BUDGET, f"{keys.count} key presses"


def test_escape_closes_the_popup_and_returns_to_the_stop_in_the_list(page: object) -> None:
    page.get_by_test_id("travelmap-list").locator("summary").click()
    button = page.get_by_test_id("travelmap-list-items").locator("button").nth(3)
    place = button.locator("strong").inner_text()
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert (dialog.get_attribute("aria-label") or "").startswith(place + ", ")
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "a"  # a source link, inside the popup
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    now = focused(page)
    assert now["tag"] == "button" and now["text"].startswith(place), now
    # the popup's close button, pressed from the keyboard, returns focus the same way
    page.keyboard.press("Enter")
    page.get_by_role("dialog").wait_for()
    page.locator(".leaflet-popup-close-button").focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert focused(page)["text"].startswith(place)


def test_the_slider_speaks_a_date_and_the_live_region_waits_for_it_to_rest(page: object) -> None:
    slider = page.get_by_test_id("travelmap-slider")
    status = page.get_by_test_id("travelmap-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", slider.get_attribute("aria-valuetext") or "")
    assert status.inner_text() == ""  # the opening state is on screen, not spoken
    page.evaluate("""() => { window.__spoken = [];
        new MutationObserver(() => window.__spoken.push(
            document.querySelector('[data-testid=travelmap-status]').textContent))
          .observe(document.querySelector('[data-testid=travelmap-status]'),
                   { childList: true, characterData: true, subtree: true }); }""")
    slider.focus()
    for _ in range(40):  # a drag: forty values in quick succession
        page.keyboard.press("PageDown")
    date = page.evaluate("window.travelmap.date")
    valuetext = slider.get_attribute("aria-valuetext")
    assert valuetext == page.evaluate("(d) => window.travelmapLib.humanDate("
                                      "window.travelmapLib.dayOf(d))", date)
    page.wait_for_function("window.__spoken.length > 0")
    page.wait_for_timeout(1000)
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1, spoken  # once, when the slider came to rest
    assert spoken[0].startswith(f"Trips up to {valuetext}: ") and "stops shown" in spoken[0]
    page.get_by_test_id("travelmap-play").click()
    page.wait_for_function("window.__spoken.length > 1")
    assert page.evaluate("window.__spoken[1]").startswith("Playing from ")
    page.wait_for_timeout(1500)
    page.get_by_test_id("travelmap-play").click()
    page.wait_for_function("window.__spoken.length > 2")
    page.wait_for_timeout(1000)
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 3 and spoken[2].startswith("Paused. Trips up to "), spoken


def test_the_map_region_is_named_and_described_in_words(page: object,
                                                        bundled: pd.DataFrame) -> None:
    from travelmap.alttext import describe

    region = page.get_by_role("region", name="Map: Leaders abroad")
    described = region.get_attribute("aria-describedby")
    text = page.locator(f"#{described}").inner_text()
    assert text == describe(bundled) and text.startswith("Interactive map of ")
    assert "Pyongyang" in text


def test_a_narrow_map_folds_the_layer_control_into_a_toggle_the_keyboard_opens(
        offline_page: object, bundled: pd.DataFrame, tmp_path: Path) -> None:
    offline_page.page.set_viewport_size({"width": 600, "height": 500})  # type: ignore[attr-defined]
    page = open_map(offline_page, render_html(build_map(bundled)), tmp_path)
    toggle = page.locator(".leaflet-control-layers-toggle")
    assert toggle.is_visible() and toggle.inner_text() == "" and toggle.bounding_box()["width"] > 20
    toggle.focus()
    page.keyboard.press("Enter")
    page.get_by_test_id("travelmap-layers").get_by_text("Routes").wait_for(state="visible")
    page.keyboard.press("Tab")  # on into its check boxes
    assert page.evaluate("document.activeElement.closest('.leaflet-control-layers') !== null"
                         " && document.activeElement.type === 'checkbox'")
    assert_clean(page, what="a 600x500 map with the layer control open")
