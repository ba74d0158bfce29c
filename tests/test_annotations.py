"""Annotations CSV: callouts anchored to a stop, a place or a position, each fault located."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from travelmap.annotations import MAX_TEXT_CHARS, load_annotations
from travelmap.errors import ValidationError
from travelmap.geocoding import placed
from travelmap.loading import load_trips


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return placed(load_trips())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notes.csv"
    path.write_text("text,trip_id,stop_order,place,host_country,lat,lon\n" + text,
                    encoding="utf-8")
    return path


def test_each_anchor_kind_points_where_its_stop_or_place_is(stops: pd.DataFrame,
                                                           tmp_path: Path) -> None:
    trip = stops[stops["place"] == "Hanoi"].iloc[0]
    path = write(tmp_path, f'"Deals signed",{trip["trip_id"]},{trip["stop_order"]},,,,\n'
                           '"Summit",,,vladivostok,RUS,,\n'
                           '"Somewhere at sea",,,,,10.5,-20.25\n')
    first, second, third = load_annotations(path, stops=stops)
    assert (first.text, first.lat, first.lon) == ("Deals signed", trip["lat"], trip["lon"])
    assert stops.iloc[first.stop]["place"] == "Hanoi"  # type: ignore[index]
    vladivostok = stops[stops["place"] == "Vladivostok"].iloc[0]
    assert (second.lat, second.lon) == (vladivostok["lat"], vladivostok["lon"])
    assert stops.iloc[second.stop]["place"] == "Vladivostok"  # type: ignore[index]
    assert (third.lat, third.lon, third.stop) == (10.5, -20.25, None)


def test_every_bad_row_is_named_with_its_column(stops: pd.DataFrame, tmp_path: Path) -> None:
    path = write(tmp_path, ',,,Hanoi,,,\n'
                           '"Nowhere",no-such-trip,1,,,,\n'
                           '"Not here",,,Atlantis,,,\n'
                           '"Wrong host",,,Hanoi,RUS,,\n'
                           '"Off the map",,,,,95,10\n'
                           '"Pointing at nothing",,,,,,\n'
                           f'"{"x" * (MAX_TEXT_CHARS + 1)}",,,Hanoi,,,\n'
                           '"\u202eevil",,,Hanoi,,,\n')
    with pytest.raises(ValidationError) as caught:
        load_annotations(path, stops=stops)
    where = [(p.row, p.column) for p in caught.value.problems]
    assert where == [(2, "text"), (3, "stop_order"), (4, "place"), (5, "host_country"),
                     (6, "lat"), (7, "text"), (8, "text"), (9, "text")]
    assert all(p.file == str(path) for p in caught.value.problems)


def test_a_file_without_a_text_column_is_refused(stops: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("note,place\nhi,Hanoi\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="text.*required column is missing"):
        load_annotations(path, stops=stops)


def test_the_static_map_draws_each_callout_with_its_text(stops: pd.DataFrame,
                                                         tmp_path: Path) -> None:
    from travelmap.export.static import render_static

    hanoi = stops[stops["place"] == "Hanoi"].iloc[0]
    path = write(tmp_path, f'"Deals <signed> & $x$",{hanoi["trip_id"]},{hanoi["stop_order"]},'
                           ',,,\n')
    notes = load_annotations(path, stops=stops)
    svg = render_static(stops, format="svg", annotations=notes).decode("utf-8")
    layer = svg[svg.index('id="annotations"'):]
    assert "Deals &lt;signed&gt; &amp; $x$" in layer  # as written: escaped, never TeX
    assert "Deals" not in render_static(stops, format="svg").decode("utf-8")


def test_export_cli_takes_annotations_and_never_overwrites_them(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from travelmap.cli import main

    path = write(tmp_path, '"Summit",,,Vladivostok,RUS,,\n')
    out = tmp_path / "map.svg"
    result = CliRunner().invoke(main, ["export", "--annotations", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Summit" in out.read_text(encoding="utf-8")
    refused = CliRunner().invoke(main, ["export", "--annotations", str(path), "-o", str(path)])
    assert refused.exit_code != 0 and "the annotations CSV" in refused.output
    bad = write(tmp_path, '"Nowhere",,,Atlantis,,,\n')
    failed = CliRunner().invoke(main, ["export", "--annotations", str(bad), "-o", str(out)])
    assert failed.exit_code != 0 and "row 2" in failed.output and "place" in failed.output


@pytest.mark.browser
def test_the_html_map_shows_a_callout_with_its_stop_and_hides_it_with_the_stop(
        stops: pd.DataFrame, tmp_path: Path, offline_page: object) -> None:
    from travelmap.mapping import build_map, render_html

    from .test_map_browser import open_map

    hanoi = stops[stops["place"] == "Hanoi"].iloc[0]
    path = write(tmp_path, f'"<b>Deals</b> signed",{hanoi["trip_id"]},{hanoi["stop_order"]},'
                           ',,,\n"Free",,,,,10,20\n')
    notes = load_annotations(path, stops=stops)
    page = open_map(offline_page, render_html(build_map(stops, annotations=notes)), tmp_path)
    callouts = page.locator(".tm-annotation")
    assert callouts.count() == 2
    assert callouts.first.inner_text() == "<b>Deals</b> signed"  # text, never markup
    assert page.locator(".tm-annotation b").count() == 0
    from .axe import assert_clean

    assert_clean(page, what="the map with callouts")  # contrast, roles
    before = (hanoi["start_date"] - pd.Timedelta(days=1)).date().isoformat()
    page.evaluate(f"window.travelmap.setDate('{before}')")  # the Hanoi stop is not reached yet
    assert page.evaluate("window.travelmap.annotationsShown") == 1
    # Leaflet fades a removed tooltip out for 200 ms before it leaves the page
    page.wait_for_function("document.querySelectorAll('.tm-annotation').length === 1")
    assert page.locator(".tm-annotation").inner_text() == "Free"
    assert offline_page.console_errors == []  # type: ignore[attr-defined]
