"""Issue #8 (and #4's escaping list): text from the data is shown literally and never evaluated.

Every text column of a CSV, the sources' outlet and title, and the map's title and caption carry
Jinja expressions, quotes, backticks, `${...}`, a backslash before a digit, `</script>` and an
`<img onerror>`. The exported page must show each of them as typed, and nothing may run.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

import travelmap
from travelmap.mapping import build_map, render_html

CORPUS: tuple[str, ...] = (
    "{{ 7*191 }}",
    "{% for x in range(3) %}x{% endfor %}",
    "{{ ''.__class__.__mro__ }}",
    "{# c #}",
    "say \"hi\" it's",
    "back`tick`",
    "${window.__pwned=3}",
    "C:\\1\\2 back\\1slash",
    "</script><script>window.__pwned=1;alert(1)</script>",
    "<img src=x onerror=\"window.__pwned=2;alert(2)\">",
)
HOSTILE = " | ".join(CORPUS)
# What the evaluated forms would look like; none may appear anywhere.
EVALUATED = ("1337", "xxx", "<class 'str'>", "(<class")

TEXT_COLUMNS = ("trip_id", "traveller", "place", "counterpart", "outcome", "note")


def hostile(tag: str) -> str:
    return f"{tag}: {HOSTILE}"


def write_hostile_csv(folder: Path) -> Path:
    """Two stops of one hostile tour (Pyongyang, Hanoi) with a hostile source."""
    trips = folder / "trips.csv"
    header = ["trip_id", "stop_order", "traveller", "traveller_country", "host_country",
              "place", "lat", "lon", "start_date", "end_date", "visit_type", "counterpart",
              "outcome", "note"]
    rows = [
        ["1", "RUS", "PRK", "39.0392", "125.7625", "2024-06-18", "2024-06-19", "state"],
        ["2", "RUS", "VNM", "21.0285", "105.8542", "2024-06-19", "2024-06-20", "state"],
    ]
    with trips.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for order, home, host, lat, lon, start, end, kind in rows:
            writer.writerow([hostile("trip_id"), order, hostile("traveller"), home, host,
                             hostile(f"place{order}"), lat, lon, start, end, kind,
                             hostile("counterpart"), hostile("outcome"), hostile("note")])
    with (folder / "sources.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["trip_id", "outlet", "title", "url", "published"])
        writer.writerow([hostile("trip_id"), hostile("outlet"), hostile("title"),
                         "https://example.org/report?a=1&b=2", "2024-06-19"])
    return trips


@pytest.fixture
def hostile_stops(tmp_path: Path) -> pd.DataFrame:
    stops = travelmap.load_trips(write_hostile_csv(tmp_path))
    for column in TEXT_COLUMNS:
        assert stops[column].astype(str).str.contains("{{ 7*191 }}", regex=False).all(), column
    return stops


@pytest.fixture
def hostile_html(hostile_stops: pd.DataFrame) -> str:
    m = build_map(hostile_stops, title=hostile("title"), caption=hostile("caption"))
    return render_html(m)


def test_no_template_is_evaluated_in_the_html(hostile_html: str) -> None:
    for evaluated in EVALUATED:
        assert evaluated not in hostile_html
    # outside the inert JSON block, no data text appears at all
    outside = re.sub(r'<script type="application/json" id="travelmap-data">.*?</script>', "",
                     hostile_html, flags=re.DOTALL)
    assert "7*191" not in outside
    assert "window.__pwned" not in outside


def test_folium_root_render_is_safe_too(hostile_stops: pd.DataFrame) -> None:
    """Notebooks and streamlit-folium render the folium tree themselves, not via render_html."""
    m = build_map(hostile_stops, title=hostile("title"))
    rendered = m.get_root().render()
    assert "1337" not in rendered and "xxx" not in rendered
    assert "<class" not in rendered


@pytest.mark.browser
def test_every_text_shows_literally_and_nothing_runs(hostile_html: str, offline_page: object,
                                                     tmp_path: Path) -> None:
    page = offline_page.page  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    path = tmp_path / "hostile.html"
    path.write_text(hostile_html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("window.travelmap && window.travelmap.ready === true")

    def shows_literally(text: str, tag: str) -> None:
        for item in CORPUS:
            assert item in text, f"{tag}: {item!r} not shown as typed"

    shows_literally(page.get_by_test_id("travelmap-title").inner_text(), "title")
    shows_literally(page.get_by_test_id("travelmap-caption").inner_text(), "caption")
    shows_literally(page.get_by_test_id("travelmap-legend").inner_text(), "legend traveller")
    shows_literally(page.get_by_test_id("travelmap-layers").inner_text(), "layer control")
    page.get_by_test_id("travelmap-list").locator("summary").click()
    page.get_by_test_id("travelmap-list-items").locator("button").first.wait_for()
    shows_literally(page.get_by_test_id("travelmap-list-items").inner_text(), "stop list")

    for index, place in ((0, "place1"), (1, "place2")):
        # the last popup may cover this stop or have panned it away
        page.evaluate("(i) => { window.travelmap.map.closePopup(); window.travelmap.centreOn(i); }",
                      index)
        point = page.evaluate("(i) => window.travelmap.stopPoint(i)", index)
        page.mouse.move(point["x"], point["y"])
        tooltip = page.get_by_test_id("travelmap-tooltip").filter(has_text=f"{place}: ")
        tooltip.wait_for(state="visible")
        shows_literally(tooltip.inner_text(), f"tooltip {place}")
        page.mouse.click(point["x"], point["y"])
        popup = page.get_by_test_id("travelmap-popup").filter(has_text=f"{place}: ")
        popup.wait_for(state="visible")
        text = popup.inner_text()
        for tag in (place, "traveller", "counterpart", "outcome", "note", "trip_id", "outlet",
                    "title"):
            assert f"{tag}: " in text
            shows_literally(text, f"popup {tag}")
        link = popup.locator("a")
        assert link.get_attribute("href") == "https://example.org/report?a=1&b=2"
        shows_literally(link.inner_text(), "source link")

    body = page.inner_text("body")
    for evaluated in EVALUATED:
        assert evaluated not in body
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert offline_page.dialogs == []  # type: ignore[attr-defined]
    assert offline_page.blocked == []  # type: ignore[attr-defined]
    assert offline_page.console_errors == []  # type: ignore[attr-defined]
    assert requests == [path.as_uri()]


def _strings(value: object) -> list[str]:
    """Every string inside decoded JSON, so texts can be searched as a reader would see them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


@pytest.mark.parametrize("fmt", ["html", "svg", "geojson", "csv", "md"])
def test_every_export_format_keeps_the_text_and_evaluates_nothing(
        hostile_stops: pd.DataFrame, tmp_path: Path, fmt: str) -> None:
    """Issue #8: 'every export format'. Each file is read back the way its readers read it and
    searched for the typed text; no evaluated form appears anywhere in the raw file."""
    import io
    import json
    import xml.etree.ElementTree as ET

    out = travelmap.export(hostile_stops, tmp_path / f"hostile.{fmt}", title=hostile("title"),
                           caption=hostile("caption"), width=6, height=4, dpi=50)
    raw = out.read_text(encoding="utf-8-sig")
    if fmt == "svg":  # titles wrap over lines there: the parsed text holds the template as typed
        shown = " ".join(ET.fromstring(raw.encode()).itertext())  # (path data holds numbers)
        assert "{{ 7*191 }}" in shown and "{# c #}" in shown
        assert not [e for e in EVALUATED if e in shown]
        return
    for evaluated in EVALUATED:
        assert evaluated not in raw, (fmt, evaluated)
    if fmt == "html":
        block = re.search(r'id="travelmap-data">(.*?)</script>', raw, flags=re.DOTALL)
        assert block is not None
        texts = _strings(json.loads(block.group(1)))
    elif fmt == "geojson":
        texts = _strings(json.loads(raw))
    elif fmt == "csv":
        texts = [cell for row in csv.reader(io.StringIO(raw)) for cell in row]
    else:  # md: undo Markdown's backslash escapes, as a renderer does
        texts = [re.sub(r"\\([\\`*_\[\]<>|~&])", r"\1", raw)]
    for item in CORPUS:
        assert any(item in text for text in texts), (fmt, item)


def test_a_hostile_csv_uploaded_to_the_dashboard_shows_literally(tmp_path: Path) -> None:
    """Issue #8: 'the same holds for a CSV uploaded to the dashboard' (details panel, table)."""
    import html

    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO_ROOT
    from travelmap.dashboard import state

    trips = write_hostile_csv(tmp_path)
    at = AppTest.from_file(str(REPO_ROOT / "streamlit_app.py"), default_timeout=60)
    at.run()
    at.file_uploader(key=state.TRIPS_UPLOAD).set_value(
        ("trips.csv", trips.read_bytes(), "text/csv"))
    at.file_uploader(key=state.SOURCES_UPLOAD).set_value(
        ("sources.csv", (tmp_path / "sources.csv").read_bytes(), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    at.session_state[state.MAP] = {"stop": 0, "clicks": 1}
    at.run()
    panel = "".join(h.proto.body for h in at.get("html") if "travelmap-details" in h.proto.body)
    assert panel, "the details panel shows the clicked stop"
    for evaluated in EVALUATED:
        assert evaluated not in panel
    for item in CORPUS:
        assert html.escape(item) in panel, item
    assert "<img" not in panel and "<script" not in panel
    table = at.dataframe(key=state.TABLE).value
    for column in ("place", "traveller", "counterpart", "outcome"):
        cell = str(table[column].iloc[0])
        for item in CORPUS:
            assert item in cell, (column, item)
