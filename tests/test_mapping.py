"""The map's Python side: payload, escaping, determinism, offline assets, legend and palette."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import travelmap
from travelmap.assets import inline_script, remote_references
from travelmap.errors import TravelmapError
from travelmap.filtering import describe_span
from travelmap.mapping import (
    OKABE_ITO,
    STOP_FIELDS,
    assign_colours,
    build_map,
    render_html,
    stops_payload,
)
from travelmap.mapping.columns import decode_strings
from travelmap.mapping.jsonblock import dumps_for_script, json_script_block
from travelmap.mapping.payload import stop_records, tour_records
from travelmap.model import country_name

from .conftest import TEST_DATA

MAP_DATA = TEST_DATA / "map"
DATA_BLOCK = re.compile(
    r'<script type="application/json" id="travelmap-data">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return travelmap.load_trips(MAP_DATA / "trips.csv")


def page_data(html: str) -> dict:
    blocks = DATA_BLOCK.findall(html)
    assert len(blocks) == 1, "exactly one data block"
    return json.loads(blocks[0])


def rows_by(payload: dict, field: str, value: object) -> list[dict]:
    return [r for r in stop_records(payload) if r[field] == value]


# ---- determinism and offline assets -----------------------------------------------------------

def test_same_data_and_options_give_byte_identical_html(stops: pd.DataFrame) -> None:
    first = render_html(build_map(stops, title="Trips", caption="Caption", routes=False))
    second = render_html(build_map(stops.copy(), title="Trips", caption="Caption", routes=False))
    assert first == second
    # folium's uuid4 element ids would show as 32 hex digits after "map_"
    assert not re.search(r"map_[0-9a-f]{32}\b", first)


def test_rendering_the_same_map_twice_is_identical(stops: pd.DataFrame) -> None:
    m = build_map(stops, routes=False)
    assert render_html(m) == render_html(m)


def test_different_options_change_the_page(stops: pd.DataFrame) -> None:
    assert render_html(build_map(stops, title="A", routes=False)) != render_html(
        build_map(stops, title="B", routes=False))


def test_saved_map_loads_no_script_stylesheet_or_font_from_the_network(
        stops: pd.DataFrame) -> None:
    html = render_html(build_map(stops, routes=False))
    assert remote_references(html) == []
    assert not re.search(r"<(script|link)\b[^>]*(src|href)\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert "@font-face" not in html
    for cdn_only in ("fontawesome", "bootstrap", "jquery", "glyphicons", "cdn.jsdelivr"):
        assert cdn_only not in html.lower()
    assert "Leaflet 1.9.3" in html  # inlined from the folium-offline package
    assert "travelmapMount(" in html


def test_osm_tiles_are_optional_and_still_no_remote_script(stops: pd.DataFrame) -> None:
    offline = render_html(build_map(stops, routes=False))
    online = render_html(build_map(stops, tiles="OpenStreetMap", routes=False))
    assert "tile.openstreetmap.org" not in offline
    assert "tile.openstreetmap.org" in online
    assert remote_references(online) == []


def test_remote_references_finds_cdn_links() -> None:
    html = ('<script src="https://cdn.example/x.js"></script>'
            '<link rel="stylesheet" href="//cdn.example/x.css"/>'
            "<style>@import url('https://fonts.example/f.css'); "
            "@font-face{src:url(https://fonts.example/f.woff2)}</style>")
    assert remote_references(html) == [
        "https://cdn.example/x.js", "//cdn.example/x.css", "https://fonts.example/f.css",
        "https://fonts.example/f.css", "https://fonts.example/f.woff2"]


def test_render_html_refuses_a_map_that_would_need_the_network(stops: pd.DataFrame) -> None:
    import folium

    m = build_map(stops, routes=False)
    m.get_root().header.add_child(folium.JavascriptLink("https://cdn.example/plugin.js"))
    with pytest.raises(TravelmapError, match="cdn.example/plugin.js"):
        render_html(m)


def test_inline_script_cannot_be_closed_by_its_content() -> None:
    assert inline_script("var s = '</script><b>';") == "<script>var s = '<\\/script><b>';</script>"


# ---- data reaches the page only as inert JSON ---------------------------------------------------

def test_data_text_is_in_the_json_block_and_never_evaluated(stops: pd.DataFrame) -> None:
    hostile = stops.copy()
    hostile["counterpart"] = hostile["counterpart"].astype("string")
    hostile.loc[0, "counterpart"] = "{{ 7*191 }} </script><script>alert(1)</script>"
    html = render_html(build_map(hostile, title="{{ 6*7 }}", caption="{% for x in range(3) %}x"
                                 "{% endfor %}", routes=False))
    assert "1337" not in html and "xxx" not in html
    assert "</script><script>alert(1)" not in html
    data = page_data(html)
    assert data["title"] == "{{ 6*7 }}"
    assert data["caption"] == "{% for x in range(3) %}x{% endfor %}"
    assert rows_by(data, "counterpart", "{{ 7*191 }} </script><script>alert(1)</script>")


@given(st.text())
def test_json_block_round_trips_and_cannot_break_out(text: str) -> None:
    encoded = dumps_for_script({"t": text})
    assert json.loads(encoded) == {"t": text}
    for dangerous in ("<", ">", "&", "\u2028", "\u2029"):
        assert dangerous not in encoded


def test_json_block_id_is_checked() -> None:
    with pytest.raises(ValueError):
        json_script_block({}, element_id='x" onload="alert(1)')


# ---- the payload ------------------------------------------------------------------------------

def test_host_countries_are_named_as_newsrooms_print_them() -> None:
    assert [country_name(code) for code in ("RUS", "PRK", "VNM", "XKX", "usa")] == [
        "Russia", "North Korea", "Vietnam", "Kosovo", "United States"]
    assert country_name("ZZZ") == "ZZZ"  # unknown: the code, never an error


def test_payload_has_every_stop_with_its_facts(stops: pd.DataFrame) -> None:
    payload = stops_payload(stops, routes=False)
    assert list(payload["stops"]) == list(STOP_FIELDS)
    assert payload["stopCount"] == len(stops) == 10
    assert len(stop_records(payload)) == 10  # every column decodes to one value per stop
    (ulaanbaatar,) = rows_by(payload, "place", "Ulaanbaatar")
    assert ulaanbaatar["start"] == (date(2024, 9, 2) - date(1970, 1, 1)).days
    assert ulaanbaatar["end"] == ulaanbaatar["start"] + 1
    assert payload["hosts"][ulaanbaatar["host"]] == ["MNG", "Mongolia"]
    assert ulaanbaatar["note"] == "Mongolia is an ICC state party"
    (anchorage,) = rows_by(payload, "place", "Anchorage")
    assert anchorage["counterpart"] is None and anchorage["note"] is None
    assert ulaanbaatar["counterpart"] == "Ukhnaagiin Khürelsükh"
    tour = tour_records(payload)[ulaanbaatar["tour"]]
    assert tour["id"] == "putin-2024-09"
    assert tour["sources"] == [["Reuters", "Putin visits Mongolia despite ICC warrant",
                                "https://www.reuters.com/world/putin-mongolia/", "2024-09-03"]]


def test_dates_before_1970_are_negative_day_numbers(stops: pd.DataFrame) -> None:
    payload = stops_payload(stops, routes=False)
    (washington,) = rows_by(payload, "place", "Washington")
    assert washington["start"] == (date(1959, 9, 15) - date(1970, 1, 1)).days < 0
    assert payload["dateRange"][0] == washington["start"]


def test_stops_at_the_same_place_get_distinct_slots(stops: pd.DataFrame) -> None:
    payload = stops_payload(stops, routes=False)
    pyongyang = rows_by(payload, "place", "Pyongyang")
    assert sorted((r["slot"], r["slots"]) for r in pyongyang) == [(0, 2), (1, 2)]
    assert sorted(r["start"] for r in pyongyang) == [
        (date(2000, 7, 19) - date(1970, 1, 1)).days, (date(2024, 6, 18) - date(1970, 1, 1)).days]


def test_legend_is_built_from_the_data(stops: pd.DataFrame) -> None:
    legend = stops_payload(stops, routes=False)["legend"]
    assert [t["name"] for t in legend["travellers"]] == [
        "Joe Biden", "Kim Jong Un", "Nikita Khrushchev", "Vladimir Putin"]
    assert [v["key"] for v in legend["visitTypes"]] == [
        "state", "official", "working", "summit", "transit"]
    only_putin = stops[stops["traveller"] == "Vladimir Putin"]
    legend = stops_payload(only_putin, routes=False)["legend"]
    assert [t["name"] for t in legend["travellers"]] == ["Vladimir Putin"]
    assert [v["key"] for v in legend["visitTypes"]] == ["state", "official"]


def test_palette_is_okabe_ito_and_deterministic() -> None:
    colours = assign_colours(["Vladimir Putin", "Kim Jong Un", "Joe Biden"])
    assert colours == assign_colours(["Joe Biden", "Vladimir Putin", "Kim Jong Un", "Joe Biden"])
    assert set(colours.values()) <= set(OKABE_ITO)
    assert len(set(colours.values())) == 3
    assert "#F0E442" not in OKABE_ITO  # yellow vanishes on the pale land colour


def test_fixed_colours_keep_a_traveller_colour_when_filtering(stops: pd.DataFrame) -> None:
    full = assign_colours(stops["traveller"].astype(str))
    only_putin = stops[stops["traveller"] == "Vladimir Putin"]
    legend = stops_payload(only_putin, colours=full, routes=False)["legend"]
    assert legend["travellers"][0]["colour"] == full["Vladimir Putin"]


def test_missing_columns_are_a_travelmap_error(stops: pd.DataFrame) -> None:
    with pytest.raises(TravelmapError, match="start_date"):
        stops_payload(stops.drop(columns=["start_date"]))


def test_source_links_other_than_http_are_not_links(stops: pd.DataFrame) -> None:
    from travelmap.model import Source

    odd = stops.copy()
    odd["sources"] = [(Source("Evil", "click", "javascript:alert(1)", None),)] * len(odd)
    payload = stops_payload(odd, routes=False)
    assert all(s[2] is None for tour in tour_records(payload) for s in tour["sources"])


@pytest.mark.parametrize(("start", "end", "text"), [
    (date(2024, 6, 19), date(2024, 6, 19), "19 June 2024"),
    (date(2024, 6, 18), date(2024, 6, 19), "18\u201319 June 2024"),
    (date(2024, 6, 30), date(2024, 7, 2), "30 June \u2013 2 July 2024"),
    (date(2023, 12, 31), date(2024, 1, 2), "31 December 2023 \u2013 2 January 2024"),
    (date(1959, 9, 15), date(1959, 9, 27), "15\u201327 September 1959"),
])
def test_dates_are_written_for_people(start: date, end: date, text: str) -> None:
    assert describe_span(start, end) == text


# ---- context: ICC and country outlines ----------------------------------------------------------

def test_icc_dates_and_country_outlines_reach_the_page(stops: pd.DataFrame) -> None:
    data = page_data(render_html(build_map(stops, routes=False)))
    icc = {row[0]: row[1:] for row in data["icc"]}
    assert "MNG" in icc and "PRK" not in icc and "VNM" not in icc
    assert icc["MNG"][0] == (date(2002, 7, 1) - date(1970, 1, 1)).days
    assert icc["HUN"][1] is not None  # Hungary's withdrawal has an effective date
    assert len(data["countries"]["features"]) > 150
    assert data["options"] == {"timeline": True, "iccOverlay": True, "fitBounds": True,
                               "tiles": False, "showDate": None, "windowDays": None}


def test_icc_overlay_can_be_left_out(stops: pd.DataFrame) -> None:
    data = page_data(render_html(build_map(stops, icc_overlay=False, timeline=False,
                                           routes=False)))
    assert data["icc"] == []
    assert data["options"]["timeline"] is False
    assert data["countries"]["features"], "the offline base map stays"


def test_urls_in_data_text_do_not_count_as_remote_assets(stops: pd.DataFrame) -> None:
    """A note quoting CSS or a <script src> is inert JSON: the page still renders."""
    noted = stops.copy()
    noted["note"] = noted["note"].astype("string")
    noted.loc[0, "note"] = ("@import url(https://evil.example/x.css); "
                            "<script src=https://evil.example/x.js></script>")
    html = render_html(build_map(noted, routes=False))
    assert rows_by(page_data(html), "note", noted.loc[0, "note"])


def test_repeated_texts_travel_once_as_a_table(stops: pd.DataFrame) -> None:
    many = pd.concat([stops] * 10, ignore_index=True)
    payload = stops_payload(many, routes=False)
    outcomes = set(stops["outcome"].dropna())
    table = decode_strings(payload["strings"])
    assert sum(text in outcomes for text in table) == len(outcomes)  # once each
    assert payload["stops"]["outcome"]["text"] is True  # indices into that one table
    records = stop_records(payload)
    assert sorted(r["outcome"] or "" for r in records) == sorted(
        many["outcome"].fillna("").astype(str))


def test_stops_are_placed_once_before_mapping_and_the_map_counts_what_is_left(
        stops: pd.DataFrame) -> None:
    from travelmap.geocoding import locate_stops

    unplaced = stops.copy()
    unplaced["lat"] = unplaced["lat"].astype("Float64")
    unplaced["lon"] = unplaced["lon"].astype("Float64")
    unplaced.loc[unplaced["place"] == "Hanoi", ["lat", "lon"]] = pd.NA  # the gazetteer knows it
    unplaced["place"] = unplaced["place"].astype("string")
    nowhere = unplaced["place"] == "Vostochny Cosmodrome"
    unplaced.loc[nowhere, ["lat", "lon"]] = pd.NA
    unplaced.loc[nowhere, "place"] = "Nowhere-in-particular-xyz"
    # the map itself never geocodes: unplaced rows are left out and counted
    assert stops_payload(unplaced, routes=False)["unlocated"] == 3
    located, unresolved = locate_stops(unplaced)
    assert [key[0] for key in unresolved.keys] == ["Nowhere-in-particular-xyz"]
    assert unresolved.stop_count == 1
    payload = stops_payload(located, routes=False)
    assert payload["unlocated"] == 1
    assert payload["stopCount"] == 9
    hanoi = rows_by(payload, "place", "Hanoi")
    assert len(hanoi) == 2
    assert all(abs(r["lat"] - 21.03) < 0.2 and abs(r["lon"] - 105.85) < 0.2 for r in hanoi)


def test_an_empty_selection_still_renders(stops: pd.DataFrame) -> None:
    data = page_data(render_html(build_map(stops.iloc[0:0])))
    assert data["stopCount"] == 0 and data["dateRange"] is None and data["bounds"] is None
    assert tour_records(data) == [] and data["routesDrawn"] is False


def test_page_script_never_turns_text_into_markup_or_code() -> None:
    """The project JS builds the page with textContent/DOM calls only; keep it that way."""
    from travelmap.assets import page_script

    js = page_script()
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                      "new Function", "setTimeout(\"", "`"):
        assert forbidden not in js, forbidden
    # the two places that hand strings to Leaflet as HTML escape them first
    assert "control.addAttribution(tm.escapeHtml(text))" in js
    assert "tm.escapeHtml(name)" in js


def test_page_script_is_every_file_in_static_js_once_with_mount_last() -> None:
    """A new file in static/js reaches the page only through PAGE_SCRIPTS (its load order)."""
    from importlib import resources

    from travelmap.assets import PAGE_SCRIPTS, STATIC_PACKAGE, page_script

    folder = resources.files(STATIC_PACKAGE).joinpath("js")
    on_disk = sorted(p.name for p in folder.iterdir() if p.name.endswith(".js"))
    assert sorted(PAGE_SCRIPTS) == on_disk and len(set(PAGE_SCRIPTS)) == len(PAGE_SCRIPTS)
    assert PAGE_SCRIPTS[-1] == "mount.js"
    assert page_script().count("globalThis.travelmapLib = globalThis.travelmapLib || {}") == len(
        PAGE_SCRIPTS)


def test_past_seven_travellers_the_most_travelled_take_the_palette_and_the_rest_share_grey(
        ) -> None:
    from travelmap.mapping.palette import OTHER_TRAVELLERS

    stops_each = {f"T{i}": 20 - i for i in range(10)}  # T0 has the most stops
    colours = assign_colours(stops_each)
    assert [colours[f"T{i}"] for i in range(7)] == list(OKABE_ITO)
    assert {colours[f"T{i}"] for i in (7, 8, 9)} == {OTHER_TRAVELLERS}
    one_per_stop = [name for name, count in stops_each.items() for _ in range(count)]
    assert assign_colours(one_per_stop) == colours  # the same from one name per stop
    few = assign_colours(["Kim Jong Un", "Vladimir Putin"])  # up to seven: sorted-name order
    assert few == {"Kim Jong Un": OKABE_ITO[0], "Vladimir Putin": OKABE_ITO[1]}
