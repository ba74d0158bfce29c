"""Static maps carry a text alternative (issue #16): SVG <title>/<desc>, PDF title, subject and
language, PNG text chunks and a `.alt.txt` beside the exported file."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from travelmap.alttext import alt_text, describe
from travelmap.export import export
from travelmap.export.static import render_static
from travelmap.loading import load_trips

FIXTURE = Path(__file__).parent / "data" / "export" / "trips.csv"
SVG = "{http://www.w3.org/2000/svg}"
TITLE = 'Visits & "talks" <2024>'


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return load_trips(FIXTURE)


def test_alt_text_says_title_what_is_shown_and_caption(stops: pd.DataFrame) -> None:
    text = alt_text(stops, title=" Visits\n2024 ", caption="Sources: see the list")
    assert text == f"Visits 2024. {describe(stops, kind='Map')} Sources: see the list."
    assert describe(stops, kind="Map").startswith("Map of ")


def test_svg_starts_with_its_title_and_description(stops: pd.DataFrame) -> None:
    root = ET.fromstring(render_static(stops, format="svg", title=TITLE, width=6, height=4))
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert first.tag == f"{SVG}title" and first.text == TITLE
    assert second.tag == f"{SVG}desc" and second.text == alt_text(stops, title=TITLE)
    assert len(root.findall(f"{SVG}title")) == 1


def test_pdf_has_a_title_subject_and_language(stops: pd.DataFrame) -> None:
    from pypdf import PdfReader

    data = render_static(stops, format="pdf", title=TITLE, width=6, height=4)
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert reader.metadata.title == TITLE
    assert reader.metadata.subject == alt_text(stops, title=TITLE)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert len(reader.pages) == 1 and "Anchorage" in reader.pages[0].extract_text()


def test_png_carries_its_alt_text_inside_and_beside_it(stops: pd.DataFrame,
                                                      tmp_path: Path) -> None:
    out = export(stops, tmp_path / "map.png", title=TITLE, caption="Test", width=6, height=4,
                 dpi=60)
    alt = alt_text(stops, title=TITLE, caption="Test")
    assert (tmp_path / "map.png.alt.txt").read_text(encoding="utf-8") == alt + "\n"
    info = Image.open(out).text  # type: ignore[attr-defined]
    assert info["Title"] == TITLE and info["Description"] == alt
    export(stops, tmp_path / "map.svg", width=6, height=4)
    assert not (tmp_path / "map.svg.alt.txt").exists()  # SVG and PDF carry it inside
