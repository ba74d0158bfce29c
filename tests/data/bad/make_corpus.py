"""Writes the small bad-input corpus next to this file; re-run after changing a case.

The files are committed (so a reviewer can open each one), but several hold bytes an editor would
mangle (cp1252, UTF-16, Shift-JIS, NUL, control characters), so they are made by code, not by hand.
What each file must produce lives in tests/test_bad_input.py. The big cases (10 MB of garbage, a
million rows, a huge field) are generated at test time, never committed.

    .venv/bin/python tests/data/bad/make_corpus.py
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).parent
STOP = ("trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,"
        "start_date,end_date,visit_type,counterpart,outcome,note")
INLINE = "source_outlet,source_title,source_url,source_published"
HEADER = f"{STOP},{INLINE}"
SRC = "TASS,Putin lands,https://tass.com/x,2024-06-19"


def row(trip: str = "t", order: str = "1", traveller: str = "Vladimir Putin",
        home: str = "RUS", host: str = "PRK", place: str = "Pyongyang", lat: str = "",
        lon: str = "", start: str = "2024-06-18", end: str = "2024-06-19",
        visit: str = "state", counterpart: str = "Kim Jong Un", outcome: str = "",
        note: str = "", source: str | None = SRC) -> str:
    """One stop row, with inline sources unless `source` is None; cells come CSV-quoted."""
    cells = [trip, order, traveller, home, host, place, lat, lon, start, end, visit,
             counterpart, outcome, note]
    return ",".join(cells if source is None else [*cells, source])


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


# name -> file content (str is written as UTF-8; bytes as they are)
CASES: dict[str, str | bytes] = {
    # --- one file per validator rule -----------------------------------------------------
    "rule_required_value_empty.csv": csv_text(row(traveller="")),
    "rule_stop_order_not_whole.csv": csv_text(
        row(trip="a", order="1.5"), row(trip="b", order="0"), row(trip="c", order="one")),
    "rule_stop_order_huge.csv": csv_text(row(order="99999999999999999999")),
    "rule_number_not_a_number.csv": csv_text(row(lat="39,0", lon="125.7").replace(
        "39,0", '"39,0"')),
    "rule_number_not_finite.csv": csv_text(row(lat="nan", lon="inf")),
    "rule_date_not_iso.csv": csv_text(row(start="19/06/2024")),
    "rule_date_impossible.csv": csv_text(row(start="2023-02-30", end="2023-03-01")),
    "rule_date_out_of_range.csv": csv_text(row(start="1600-01-01")),
    "rule_country_unknown.csv": csv_text(
        row(trip="a", host="XYZ"), row(trip="b", home="Russia")),
    "rule_visit_type_unknown.csv": csv_text(row(visit="holiday")),
    "rule_half_coordinate.csv": csv_text(row(lat="39.03")),
    "rule_coordinate_out_of_range.csv": csv_text(
        row(trip="a", lat="95", lon="125"), row(trip="b", lat="39", lon="200")),
    "rule_end_before_start.csv": csv_text(row(start="2024-06-20", end="2024-06-19")),
    "rule_duplicate_stop.csv": csv_text(
        row(), row(host="VNM", place="Hanoi", start="2024-06-19", end="2024-06-20")),
    "rule_stop_order_against_dates.csv": csv_text(
        row(), row(order="2", host="VNM", place="Hanoi", start="2024-06-10", end="2024-06-11")),
    "rule_trip_without_source.csv": csv_text(row(source=None), header=STOP),
    "rule_source_url_not_http.csv": csv_text(
        row(source="TASS,Putin lands,javascript:alert(1),2024-06-19")),
    "rule_source_published_not_date.csv": csv_text(
        row(source="TASS,Putin lands,https://tass.com/x,June 2024")),
    "rule_source_title_empty.csv": csv_text(row(source="TASS,,https://tass.com/x,")),
    "rule_column_missing.csv": csv_text(
        row().replace(",2024-06-18,", ",", 1), header=HEADER.replace(",start_date", "")),
    "rule_column_twice.csv": csv_text(row() + ",Pyongyang", header=HEADER + ",PLACE"),
    "rule_too_many_cells.csv": csv_text(row(), row(order="2", start="2024-06-19") + ",x,y"),
    # --- encodings and bytes that are not a UTF-8 CSV ----------------------------------------
    "enc_cp1252.csv": csv_text(row(), row(order="2", place="Bürgenstock", host="CHE",
                                          start="2024-06-19")).encode("cp1252"),
    "enc_utf16.csv": csv_text(row(place="Hà Nội", host="VNM")).encode("utf-16"),
    "enc_utf16le_no_bom.csv": csv_text(row()).encode("utf-16-le"),
    "enc_shift_jis.csv": csv_text(row(place="東京", host="JPN")).encode("shift_jis"),
    "enc_nul_byte.csv": csv_text(row(note="before\x00after")),
    "enc_utf8_bom.csv": codecs.BOM_UTF8 + csv_text(row(place="평양")).encode("utf-8"),
    # --- shapes of file ---------------------------------------------------------------------
    "shape_empty.csv": b"",
    "shape_blank_lines_only.csv": "\r\n   \r\n,,,\r\n",
    "shape_header_only.csv": csv_text(),
    "shape_unclosed_quote.csv": csv_text(
        row(), row(order="2", host="VNM", place="Hanoi", start="2024-06-19", end="2024-06-20",
                   note='"Arrived late, left early'),
        row(order="3", host="VNM", place="Ho Chi Minh City", start="2024-06-20",
            end="2024-06-20")),
    "shape_stray_quote_inside_cell.csv": csv_text(row(place='Pyong"yang')),
    # --- hostile text that is nonetheless valid data ----------------------------------------
    "text_formulas.csv": csv_text(
        row(trip="=1+1", place='"=HYPERLINK(""http://evil.example/"",""click"")"',
            counterpart="\"+cmd|' /C calc'!A0\"", outcome="-2+3", note="@SUM(A1:A9)")),
    "text_control_characters.csv": csv_text(
        row(place="Pyong\tyang", counterpart="Kim\x07 Jong Un",
            outcome="\x1b[31mred\x1b[0m", note='"line one\r\nline two\x0b\x0cend"')),
    "text_right_to_left.csv": csv_text(
        row(trip="a", traveller="بشار الأسد", home="SYR", host="RUS", place="موسكو",
            counterpart="Владимир Путин", start="2023-03-15", end="2023-03-16"),
        row(trip="b", traveller="יצחק הרצוג", home="ISR", host="ARE", place="אבו דאבי",
            start="2023-01-30", end="2023-01-30"),
        row(trip="c", place="\u202egnaygnoyP", note="U+202E RIGHT-TO-LEFT OVERRIDE")),
    "text_escapes_in_bad_cells.csv": csv_text(
        row(host="\x1b[2J\x1b[31mXYZ", start="\x1b]0;pwned\x07")),
    "text_escapes_in_header.csv": "\x1b[2Jtrip_id,\x1b]0;pwned\x07\r\nx,y\r\n",
}

# A sources.csv-keyed case in its own folder (load_trips finds sources.csv next to trips.csv).
SOURCES_HEADER = "trip_id,outlet,title,url,published"
FOLDER_CASES: dict[str, dict[str, str]] = {
    "sources_file_rules": {
        "trips.csv": csv_text(row(trip="ok", source=None),
                              row(trip="no-source", source=None),
                              header=STOP),
        "sources.csv": "\r\n".join([
            SOURCES_HEADER,
            "ok,Kremlin,Talks,http://en.kremlin.ru/events/president/news/74305,2024-06-19",
            "ok,,No outlet,https://example.org/a,2024-06-19",
            "ok,Reuters,Bad url,ftp://example.org/b,2024-06-19",
            "ok,Reuters,Bad date,https://example.org/c,19.06.2024",
            "ghost,Reuters,No such trip,https://example.org/d,2024-06-19",
        ]) + "\r\n",
    },
    "sources_file_column_missing": {
        "trips.csv": csv_text(row(trip="ok", source=None), header=STOP),
        "sources.csv": "trip_id,outlet,title\r\nok,Kremlin,Talks\r\n",
    },
}


def main() -> None:
    for name, content in CASES.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (HERE / name).write_bytes(data)
    for folder, files in FOLDER_CASES.items():
        (HERE / folder).mkdir(exist_ok=True)
        for name, text in files.items():
            (HERE / folder / name).write_bytes(text.encode("utf-8"))


if __name__ == "__main__":
    main()
