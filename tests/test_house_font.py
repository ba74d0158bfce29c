"""The house font (--font): an installed family or a font file, the same in every output."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from click.testing import CliRunner

from travelmap.cli import main
from travelmap.errors import ExportError
from travelmap.export.static import render_static
from travelmap.geocoding import placed
from travelmap.housefont import house_font
from travelmap.loading import load_trips

# A font file every matplotlib installation ships: no system font needed, here or in CI.
SERIF_FILE = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return placed(load_trips())


def test_a_font_file_names_its_family_and_the_static_map_draws_with_it(
        stops: pd.DataFrame) -> None:
    font = house_font(SERIF_FILE)
    assert (font.family, font.file) == ("DejaVu Serif", SERIF_FILE)
    svg = render_static(stops, format="svg", font=font).decode("utf-8")
    # every text names the house font first, the fallbacks behind it (glyphs it lacks)
    assert "font-family: 'DejaVu Serif', 'DejaVu Sans'" in svg
    plain = render_static(stops, format="svg").decode("utf-8")
    assert "DejaVu Serif" not in plain


def test_a_family_the_static_map_cannot_find_is_an_error_not_a_silent_fallback(
        stops: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="not installed for the static map"):
        render_static(stops, format="png", font=house_font("Nonexistent Grotesk"))
    out = tmp_path / "map.png"
    result = CliRunner().invoke(main, ["export", "--font", "Nonexistent Grotesk", "-o", str(out)])
    assert result.exit_code != 0 and "Nonexistent Grotesk" in result.output
    assert not out.exists()


@pytest.mark.parametrize("spec", ['x";}</style><script>', "Serif\nFamily", "a{b}"])
def test_family_names_cannot_break_out_of_css(spec: str) -> None:
    with pytest.raises(ExportError, match="family name has letters"):
        house_font(spec)


def test_a_file_that_is_not_a_font_says_so(tmp_path: Path) -> None:
    fake = tmp_path / "house.ttf"
    fake.write_text("not a font", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot be read as a font"):
        house_font(fake)
    with pytest.raises(ExportError, match="no such file"):
        house_font(tmp_path / "missing.otf")


@pytest.mark.browser
def test_the_html_map_carries_the_font_file_and_uses_it_offline(
        stops: pd.DataFrame, tmp_path: Path, offline_page: object) -> None:
    from travelmap.mapping import build_map, render_html

    from .test_map_browser import open_map

    html = render_html(build_map(stops, font=house_font(SERIF_FILE)))
    assert "data:font/ttf;base64," in html
    page = open_map(offline_page, html, tmp_path)
    page.wait_for_function("document.fonts.check('12px \"DejaVu Serif\"')")
    family = page.evaluate("getComputedStyle(window.travelmap.map.getContainer()).fontFamily")
    assert family.startswith('"DejaVu Serif"')
    legend = page.get_by_test_id("travelmap-legend")
    assert page.evaluate("(el) => getComputedStyle(el).fontFamily", legend.element_handle()) \
        .startswith('"DejaVu Serif"')
    assert offline_page.blocked == []  # type: ignore[attr-defined]
    assert offline_page.console_errors == []  # type: ignore[attr-defined]
