"""The Markdown trip list: every trip with its stops and sources, and no markup from the data."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from travelmap.cli import main
from travelmap.export import export
from travelmap.export.triplist import md_block, md_text, trip_list
from travelmap.filtering import filter_stops
from travelmap.loading import load_trips
from travelmap.model import Source

HOSTILE = [
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "**bold** _it_ `code` ~~gone~~",
    "a | b | c",
    "&lt;entity&gt; &amp;",
    "\\[escaped\\]",
    "![img](http://example.invalid/x.png)",
]


def rendered(markdown: str) -> str:
    """HTML as a CommonMark reader (GitHub, a CMS, pandoc) would make it, tables on."""
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def visible_text(html: str) -> str:
    """The text a reader sees: tags dropped, entities decoded."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.fixture(scope="module")
def putin_since_warrant() -> pd.DataFrame:
    stops = load_trips()
    return filter_stops(stops, start="2023-03-17", travellers=["Vladimir Putin"])


def test_every_trip_gets_a_section_with_its_stops_and_linked_sources(
        putin_since_warrant: pd.DataFrame) -> None:
    text = trip_list(putin_since_warrant, title="Putin abroad since the ICC warrant")
    html = rendered(text)
    trips = putin_since_warrant["trip_id"].nunique()
    assert html.count("<h2>") == trips
    assert html.count("<h1>") == 1 and "Putin abroad since the ICC warrant" in html
    for url in {s.url for sources in putin_since_warrant["sources"] for s in sources}:
        assert f'href="{url.replace("&", "&amp;")}"' in html, url
    beijing_2026 = putin_since_warrant[putin_since_warrant["start_date"] == "2026-05-19"]
    if len(beijing_2026):
        assert "19–20 May 2026" in html and "<strong>Beijing</strong>, China" in html
    # sections in time order: the first is the first trip after the warrant
    first = re.search(r"<h2>(.*?)</h2>", html)
    assert first is not None and "Bishkek" in first.group(1)


@pytest.mark.parametrize("column", ["place", "counterpart", "outcome", "note", "traveller"])
def test_text_from_the_data_shows_literally_and_makes_no_markup(column: str) -> None:
    stops = load_trips().head(3).copy()
    stops[column] = stops[column].astype("object")
    for i in range(len(stops)):
        stops.iloc[i, stops.columns.get_loc(column)] = " ".join(HOSTILE) + f" #{i}"
    html = rendered(trip_list(stops, title="T"))
    assert "<img" not in html and "<script" not in html and "javascript:" not in re.sub(
        r">[^<]*<", "><", html)  # not in any tag or attribute
    assert "<strong>bold" not in html and "<code>" not in html and "<del>" not in html
    assert "<table" not in html
    seen = visible_text(html)
    for hostile in HOSTILE:
        assert hostile in seen, hostile


def test_source_titles_are_text_and_only_http_urls_become_links() -> None:
    stops = load_trips().head(1).copy()
    stops["sources"] = [(Source("<b>Outlet</b>", "[x](javascript:y)", "javascript:alert(1)", None),
                         Source("AP", "Title (with brackets)", "https://e.org/a_(b)", None))]
    html = rendered(trip_list(stops))
    assert 'href="javascript' not in html and "<b>" not in html
    assert 'href="https://e.org/a_%28b%29"' in html
    assert "<b>Outlet</b>: [x](javascript:y) (javascript:alert(1))" in visible_text(html)


@pytest.mark.parametrize("text", ["# heading", "- item", "1. first", "2) second", "> quote",
                                  "+ plus", "=== rule"])
def test_a_caption_cannot_become_a_heading_list_or_quote(text: str) -> None:
    html = rendered(md_block(text))
    assert html.startswith("<p>") and visible_text(html).strip() == text


def test_md_text_keeps_one_line() -> None:
    assert md_text("two\nlines\r\n\tand a tab") == "two lines and a tab"


def test_cli_writes_a_trip_list_by_suffix(tmp_path: Path) -> None:
    out = tmp_path / "prk.md"
    result = CliRunner().invoke(main, ["export", "--country", "PRK", "-o", str(out),
                                       "--title", "Visits to North Korea"])
    assert result.exit_code == 0, result.output
    html = rendered(out.read_text(encoding="utf-8"))
    assert html.count("<h2>") == 2 and "Pyongyang" in html
    assert export(load_trips().head(2), tmp_path / "x.markdown").read_text().startswith("# Trips")
