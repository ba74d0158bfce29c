"""Issue #21: what matplotlib has to say about odd data reaches the user as travelmap's own
message, never as a library warning with a source path; names from data are text, not TeX."""

from __future__ import annotations

import csv
import logging
import shutil
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from travelmap.export.quiet import library_warnings
from travelmap.loading import load_trips

FIXTURE = Path(__file__).parent / "data" / "export"
NO_FONT_HAS_IT = "\ue000"  # private use: no installed font draws it
TEX = "Fort $\\bogus{ 5$"  # matplotlib's mathtext would refuse this and fail the export


@pytest.fixture
def odd_trips(tmp_path: Path) -> Path:
    for name in ("trips.csv", "sources.csv"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    path = tmp_path / "trips.csv"
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    rows[1][5] = f"Beijing {NO_FONT_HAS_IT}"
    rows[2][5] = "Harbin\tcity"
    rows[3][5] = TEX
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_an_export_of_odd_names_prints_our_message_not_a_library_warning(
        odd_trips: Path, fmt: str) -> None:
    out = odd_trips.with_name(f"x.{fmt}")
    done = subprocess.run([sys.executable, "-m", "travelmap", "export", str(odd_trips),
                           "-o", str(out)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 1000
    assert "Warning" not in done.stderr and ".py:" not in done.stderr, done.stderr
    glyphs = [line for line in done.stderr.splitlines() if "no glyph" in line]
    assert len(glyphs) == 1, done.stderr  # said once, however often it was drawn
    assert "U+E000" in glyphs[0]
    assert "U+0009" not in done.stderr  # a tab in a name is drawn as a space, not a box


def test_dollar_signs_in_names_are_drawn_as_written(odd_trips: Path) -> None:
    from travelmap.export.static import render_static

    svg = render_static(load_trips(odd_trips), format="svg")
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(
        "{http://www.w3.org/2000/svg}text")]
    assert TEX in texts
    assert "Harbin city" in texts


def test_other_kinds_of_warning_pass_through_and_glyphs_are_logged_once(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="travelmap.export"):
        with pytest.warns(DeprecationWarning, match="old"):
            with library_warnings():
                with library_warnings():  # nested: the outer block reports
                    warnings.warn("Glyph 57344 (\\ue000) missing from font(s) DejaVu Sans.",
                                  UserWarning, stacklevel=1)
                warnings.warn("Glyph 57344 (\\ue000) missing from font(s) DejaVu Sans.",
                              UserWarning, stacklevel=1)
                warnings.warn("old", DeprecationWarning, stacklevel=1)
    assert [r.getMessage().count("U+E000") for r in caplog.records] == [1]
