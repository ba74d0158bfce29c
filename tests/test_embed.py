"""`embed_snippet` / `travelmap embed`: a pasteable, accessible figure holding the whole map."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from travelmap.embed import css_length, describe, embed_snippet
from travelmap.errors import ExportError
from travelmap.loading import load_trips
from travelmap.mapping import build_map, render_html

FIXTURE = Path(__file__).parent / "data" / "export" / "trips.csv"


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return load_trips(FIXTURE)


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <figcaption>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.caption = ""
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_caption = self._in_caption or tag == "figcaption"

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.caption += data


def _parse(snippet: str) -> Tags:
    parser = Tags()
    parser.feed(snippet)
    parser.close()
    return parser


def test_snippet_is_a_figure_with_a_sandboxed_srcdoc_iframe_and_a_description(
        stops: pd.DataFrame) -> None:
    title = 'Putin & Kim: "2024" <script>alert(1)</script>'
    snippet = embed_snippet(stops, width=800, height="60vh", title=title)
    parsed = _parse(snippet)
    assert [tag for tag, _ in parsed.tags] == ["figure", "iframe", "figcaption"]
    iframe = parsed.tags[1][1]
    assert iframe["title"] == title  # escaped in the source, intact once parsed
    assert "<script>alert(1)</script>" not in snippet.replace(html.escape(title), "")
    assert iframe["sandbox"] == "allow-scripts allow-popups"
    assert iframe["loading"] == "lazy"
    assert "height:60vh" in (iframe["style"] or "")
    assert "width:800px" in (parsed.tags[0][1]["style"] or "")
    assert iframe["srcdoc"] == render_html(build_map(stops, title=title))
    caption_id = iframe["aria-describedby"]
    assert parsed.tags[2][1]["id"] == caption_id
    assert parsed.caption == describe(stops)
    assert "8 stops on 4 trips" in parsed.caption
    assert "Joe Biden, Kim Jong Un and Vladimir Putin" in parsed.caption
    assert "2019" in parsed.caption and "2024" in parsed.caption


def test_description_names_places_once_and_keeps_template_syntax_literal(
        stops: pd.DataFrame) -> None:
    odd = stops.assign(place=stops["place"].where(stops["place"] != "Anchorage", "{{ 6*7 }}"))
    text = describe(odd)
    assert text.count("Hà Nội") == 1
    assert "{{ 6*7 }}" in text and "42" not in text


@pytest.mark.parametrize("value,expected", [(600, "600px"), ("600", "600px"), ("100%", "100%"),
                                            ("40.5em", "40.5em"), ("0", "0")])
def test_css_lengths(value: object, expected: str) -> None:
    assert css_length(value, what="height") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["100%;background:url(x)", "auto", "-5px", "600 px", ""])
def test_css_lengths_that_could_break_out_are_refused(value: str) -> None:
    with pytest.raises(ExportError, match="not a CSS length"):
        css_length(value, what="width")


@pytest.mark.browser
def test_pasted_snippet_shows_the_map_offline(stops: pd.DataFrame, tmp_path: Path,
                                              offline_page: object) -> None:
    page_file = tmp_path / "report.html"
    page_file.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Report"
                         "</title></head><body><h1>Report</h1>"
                         + embed_snippet(stops, height=500, title="Trips")
                         + "</body></html>", encoding="utf-8")
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(page_file.as_uri())
    frame = page.frame_locator("iframe[title='Trips']")
    frame.locator(".leaflet-container").wait_for(timeout=20_000)
    box = page.locator("iframe").bounding_box()
    assert box is not None and box["height"] == pytest.approx(500, abs=1)
    assert offline_page.blocked == []  # type: ignore[attr-defined]
    assert offline_page.console_errors == []  # type: ignore[attr-defined]


def test_the_iframe_is_on_one_line_so_cms_editors_cannot_break_it(stops: pd.DataFrame) -> None:
    snippet = embed_snippet(stops, title="Trips\nacross lines")
    lines = snippet.splitlines()
    assert len(lines) == 4  # <figure>, <iframe ...></iframe>, <figcaption>, </figure>
    iframe = _parse(snippet).tags[1][1]
    assert iframe["srcdoc"] == render_html(build_map(stops, title="Trips\nacross lines"))
    assert "\n" in (iframe["srcdoc"] or "")


@pytest.mark.browser
def test_axe_finds_nothing_in_the_host_page_or_inside_the_embed(
        stops: pd.DataFrame, tmp_path: Path, offline_page: object) -> None:
    """Both documents, each on its own: the report that pastes the snippet and the map in it."""
    from tests.axe import assert_clean

    page_file = tmp_path / "report.html"
    page_file.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
                         "<title>Report</title></head><body><main><h1>Report</h1>"
                         + embed_snippet(stops, height=500, title="Trips in 2024")
                         + "</main></body></html>", encoding="utf-8")
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(page_file.as_uri())
    page.locator("iframe").scroll_into_view_if_needed()  # loading="lazy"
    frame = next(f for f in page.frames if f != page.main_frame)
    frame.wait_for_function("window.travelmap && window.travelmap.ready === true",
                            timeout=20_000)
    assert_clean(page, what="the host page", exclude=["iframe"])
    assert_clean(frame, what="the embedded map")
    iframe = page.locator("iframe")
    assert iframe.get_attribute("title") == "Trips in 2024"
    described = page.locator("#" + (iframe.get_attribute("aria-describedby") or ""))
    assert described.inner_text() == describe(stops)
    alt = frame.evaluate("document.querySelector('[data-testid=travelmap-description]')"
                         ".textContent")
    assert alt == describe(stops)


@pytest.mark.browser
def test_on_a_phone_the_embed_shows_the_map_and_play_unobstructed(
        stops: pd.DataFrame, tmp_path: Path, offline_page: object) -> None:
    """At 390×844 the controls fold away: Play is clickable, most of the map is map, and the
    legend opens from its button (its notices would stay in sight)."""
    page = offline_page.page  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 390, "height": 844})
    page_file = tmp_path / "report.html"
    page_file.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
                         "<meta name='viewport' content='width=device-width'><title>Report"
                         "</title></head><body style='margin:0'><main><h1>Report</h1>"
                         + embed_snippet(stops, height=600, title="Trips")
                         + "</main></body></html>", encoding="utf-8")
    page.goto(page_file.as_uri())
    page.locator("iframe").scroll_into_view_if_needed()
    frame = next(f for f in page.frames if f != page.main_frame)
    frame.wait_for_function("window.travelmap && window.travelmap.ready === true",
                            timeout=20_000)
    on_top = """([x, y]) => { const e = document.elementFromPoint(x, y);
        return e ? (e.closest('.leaflet-control') || e).className : null; }"""
    play = frame.locator("[data-testid=travelmap-play]").bounding_box()
    frame_box = page.locator("iframe").bounding_box()
    centre = [play["x"] - frame_box["x"] + play["width"] / 2,
              play["y"] - frame_box["y"] + play["height"] / 2]
    assert "travelmap-timeline" in frame.evaluate(on_top, centre)
    # sample a grid over the map: at least 70 % of it shows the map, not a control
    size = frame.evaluate("[innerWidth, innerHeight]")
    points = [[size[0] * (i + 0.5) / 8, size[1] * (j + 0.5) / 8]
              for i in range(8) for j in range(8)]
    covered = [p for p in points if "leaflet-control" in (frame.evaluate(on_top, p) or "")]
    assert len(covered) <= 0.3 * len(points), f"{len(covered)} of 64 points under controls"
    toggle = frame.locator("[data-testid=travelmap-legend-toggle]")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert frame.locator("[data-testid=travelmap-legend-traveller]").first.is_visible()


def test_a_fallback_image_is_the_static_map_inside_noscript(stops: pd.DataFrame) -> None:
    import base64
    import io

    from matplotlib.image import imread

    snippet = embed_snippet(stops, title="Trips", fallback_image=True)
    tags = _parse(snippet).tags
    names = [tag for tag, _ in tags]
    assert names == ["figure", "iframe", "noscript", "img", "figcaption"]
    image = dict(tags)["img"]
    prefix = "data:image/png;base64,"
    assert (image["src"] or "").startswith(prefix)
    pixels = imread(io.BytesIO(base64.b64decode((image["src"] or "")[len(prefix):])), "png")
    assert pixels.shape[1] == 1100 and pixels.shape[0] == 740
    assert image["alt"] == describe(stops)  # the same words as the caption


def test_a_fallback_url_must_be_http(stops: pd.DataFrame) -> None:
    snippet = embed_snippet(stops, fallback_image="https://example.org/map.png")
    assert dict(_parse(snippet).tags)["img"]["src"] == "https://example.org/map.png"
    with pytest.raises(ExportError, match="not an http"):
        embed_snippet(stops, fallback_image="javascript:alert(1)")
    from click.testing import CliRunner

    from travelmap.cli import main

    result = CliRunner().invoke(main, ["embed", str(FIXTURE), "--fallback-url", "data:x"])
    assert result.exit_code != 0 and "not an http(s) URL" in result.output


@pytest.mark.browser
def test_the_fallback_shows_only_where_scripts_do_not_run(
        stops: pd.DataFrame, tmp_path: Path, browser: object) -> None:
    """A reader without scripts (as a feed or an e-mail client) sees the image; a browser with
    scripts sees only the live map."""
    page_file = tmp_path / "report.html"
    page_file.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>R"
                         "</title></head><body>"
                         + embed_snippet(stops, height=400, title="Trips", fallback_image=True)
                         + "</body></html>", encoding="utf-8")
    shown = {}
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts)  # type: ignore[attr-defined]
        try:
            page = context.new_page()
            page.goto(page_file.as_uri())
            shown[scripts] = page.locator("figure img").count() and \
                page.locator("figure img").first.is_visible()
            if not scripts:
                width = page.locator("figure img").evaluate("img => img.naturalWidth")
                assert width == 1100  # the PNG decoded
        finally:
            context.close()
    assert shown == {False: True, True: False}
