"""Property: whatever bytes or rows arrive, the loader ends in ValidationError or a valid frame.

Never another exception, never a hang. Rows are built from plausible cells mixed with hostile ones
(formulas, huge numbers, foreign digits, control characters, quotes, newlines), so both verdicts
are exercised; a valid frame must have the documented dtypes and keep every cell's text.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from travelmap.errors import ValidationError
from travelmap.loading import load_trips_from_bytes
from travelmap.model import CATEGORICAL_COLUMNS, FILE_COLUMN, ROW_COLUMN, STOP_COLUMNS

INLINE = ("source_outlet", "source_title", "source_url", "source_published")
TEXT_COLUMNS = ("trip_id", "place", "counterpart", "outcome", "note")
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE = st.sampled_from([
    "", " ", "=HYPERLINK(\"http://evil\",\"x\")", "+1", "-1", "@SUM(A1)", "0", "-0", "1.5",
    "nan", "inf", "-inf", "1e308", "1e400", "99999999999999999999", "٥١", "１", "²",
    "2024-02-30", "0001-01-01", "9999-12-31", "19/06/2024", "2024-6-1", "\u202eevil",
    "a,b", 'say "hi"', "line\nbreak", "cr\rcr", "tab\there", "\x1b[31m", "\x00", "\ufeff",
    "{{ 6*7 }}", "<script>alert(1)</script>", "STATE", " rus ", "XKX", "javascript:alert(1)",
])
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)

PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "trip_id": st.sampled_from(["a", "b", "c", "=1+1", "ünï"]),
    "stop_order": st.sampled_from(["1", "2", "3"]),
    "traveller": st.sampled_from(["Vladimir Putin", "Kim Jong Un", "بشار الأسد"]),
    "traveller_country": st.sampled_from(["RUS", "PRK", "syr", "XKX"]),
    "host_country": st.sampled_from(["CHN", "VNM", "PRK", "RUS"]),
    "place": st.sampled_from(["Pyongyang", "Hà Nội", "평양", "Владивосток", "=cmd|'/C calc'!A0"]),
    "start_date": st.sampled_from(["1956-10-01", "2024-06-18", "2024-06-19"]),
    "end_date": st.sampled_from(["2024-06-19", "2024-06-20", "2261-12-31"]),
    "visit_type": st.sampled_from(["state", "official", "Summit"]),
    "counterpart": st.sampled_from(["", "Kim Jong Un", "Tô Lâm"]),
    "outcome": st.sampled_from(["", "treaty signed", "-2+3"]),
    "note": st.sampled_from(["", "arrived late, left early", 'the "friendly" visit', "a\nb"]),
    "source_outlet": st.sampled_from(["TASS", "Reuters"]),
    "source_title": st.sampled_from(["Putin lands", "Talks"]),
    "source_url": st.sampled_from(["https://tass.com/x", "http://en.kremlin.ru/74305"]),
    "source_published": st.sampled_from(["", "2024-06-19"]),
}
COORDINATES = st.sampled_from([("", ""), ("", ""), ("39.03", "125.75"), ("-90", "180"),
                               ("90", "-180")])
# Values at the edge of what each rule accepts: where a validator and pandas may disagree.
EDGE: dict[str, st.SearchStrategy[str]] = {
    "trip_id": st.sampled_from(["NaN", "None", "null", "#N/A", "1e3", "x\u200b", "0"]),
    "stop_order": st.sampled_from(["007", "٣", "１", "9223372036854775807",
                                   "9223372036854775808", "99999999999999999999"]),
    "traveller": st.sampled_from(["NaN", "None", "True", "０", "\u202eevil"]),
    "traveller_country": st.sampled_from(["rus", "xkx", "Prk"]),
    "visit_type": st.sampled_from(["STATE", "Transit", "OTHER"]),
    "place": st.sampled_from(["nan", "None", "NULL", "#N/A", "1e5", "{{ 6*7 }}"]),
    "start_date": st.sampled_from(["1678-01-01", "1969-12-31", "1970-01-01"]),
    "end_date": st.sampled_from(["2261-12-31", "2262-04-11"]),
}
EDGE_COORDINATES = st.sampled_from([("1_0", "2_0"), ("٥١", "١٢"), ("1e-320", "-1e-320"),
                                    (" 1e1 ", "-0"), ("90.00000000000001", "180")])


@st.composite
def record(draw: st.DrawFn, columns: list[str], index: int) -> tuple[str, ...]:
    """A plausible stop (own trip, or sometimes a shared one), often with a cell or two spoiled."""
    values = {}
    for c in columns:
        plausible = PLAUSIBLE.get(c, st.just("extra"))
        edge = EDGE.get(c, plausible)
        values[c] = draw(st.one_of(plausible, plausible, plausible, edge))
    values["lat"], values["lon"] = draw(st.one_of(COORDINATES, COORDINATES, EDGE_COORDINATES))
    if "trip_id" in values and draw(st.booleans()):
        values["trip_id"] = f"trip-{index}"  # one stop per trip: no order or duplicate clash
    for c in ("place", "note"):
        if c in values and draw(st.integers(0, 3)) == 0:
            values[c] = draw(ANY_TEXT)  # any text is valid in a text column (unless blank/NUL)
    if columns and draw(st.integers(0, 9)) < 3:
        for spoiled in draw(st.lists(st.sampled_from(columns), min_size=1, max_size=2)):
            values[spoiled] = draw(st.one_of(HOSTILE, ANY_TEXT))
    return tuple(values.get(c, "") for c in columns)


@st.composite
def header(draw: st.DrawFn) -> list[str]:
    """The schema's columns in any order and case, maybe with inline sources, rarely one missing."""
    columns = list(STOP_COLUMNS) + (list(INLINE) if draw(st.booleans()) else [])
    columns = draw(st.permutations(columns))
    if draw(st.integers(0, 9)) == 0:
        columns.pop(draw(st.integers(0, len(columns) - 1)))
    if draw(st.integers(0, 9)) == 0:
        columns.append(draw(st.sampled_from(["extra", "", "place", "PLACE "])))
    return [draw(st.sampled_from([c, c.upper(), f" {c} "])) for c in columns]


@st.composite
def trips_csv(draw: st.DrawFn) -> tuple[bytes, list[str], list[list[str]]]:
    """(file bytes, header, records as written) — written by csv.writer, so records round-trip."""
    names = draw(header())
    columns = [n.strip().lower() for n in names]
    rows = [draw(record(columns, i)) for i in range(draw(st.integers(0, 8)))]
    buffer = io.StringIO(newline="")
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    writer = csv.writer(buffer, lineterminator=terminator)
    writer.writerow(names)
    writer.writerows(rows)
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return prefix + buffer.getvalue().encode("utf-8"), names, [list(r) for r in rows]


def sources_csv(trip_ids: list[str]) -> bytes:
    lines = ["trip_id,outlet,title,url,published"]
    lines += [f'"{t.replace(chr(34), chr(34) * 2)}",Reuters,Story,https://example.org/,2024-06-19'
              for t in dict.fromkeys(trip_ids)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def check_frame(stops: pd.DataFrame) -> None:
    """The documented shape of a stops frame (docs/CONTRACTS.md)."""
    assert list(stops.columns) == [*STOP_COLUMNS, FILE_COLUMN, ROW_COLUMN, "sources"]
    assert stops["stop_order"].dtype == "Int64"
    assert str(stops["lat"].dtype) == "Float64" and str(stops["lon"].dtype) == "Float64"
    assert stops["start_date"].dtype == "datetime64[ns]"
    assert stops["end_date"].dtype == "datetime64[ns]"
    for column in CATEGORICAL_COLUMNS:
        assert isinstance(stops[column].dtype, pd.CategoricalDtype), column
    for column in TEXT_COLUMNS:
        assert str(stops[column].dtype).startswith("string"), column
    assert stops[ROW_COLUMN].dtype == "int64"
    assert (stops["end_date"] >= stops["start_date"]).all()
    assert all(len(sources) >= 1 for sources in stops["sources"])


def outcome(raw: bytes, **kwargs: object) -> pd.DataFrame | ValidationError:
    """The frame, or the ValidationError; anything else escapes and fails the test."""
    try:
        return load_trips_from_bytes(raw, **kwargs)  # type: ignore[arg-type]
    except ValidationError as error:
        assert error.problems, "a ValidationError must list at least one problem"
        return error


@pytest.mark.timeout(120)
@SETTINGS
@given(st.binary(max_size=2_000))
def test_random_bytes_end_in_validation_error_or_frame(raw: bytes) -> None:
    result = outcome(raw, name="random.csv")
    if isinstance(result, pd.DataFrame):
        check_frame(result)


@pytest.mark.timeout(120)
@SETTINGS
@given(trips_csv(), st.booleans())
def test_random_rows_end_in_validation_error_or_a_faithful_frame(
        written: tuple[bytes, list[str], list[list[str]]], with_sources_file: bool) -> None:
    raw, names, rows = written
    columns = [n.strip().lower() for n in names]
    trip_ids = [r[columns.index("trip_id")].strip() for r in rows if "trip_id" in columns]
    sources = sources_csv(trip_ids) if with_sources_file else None
    result = outcome(raw, name="trips.csv", sources=sources)
    event(f"frame of {len(result)} stops" if isinstance(result, pd.DataFrame) else "error")
    if isinstance(result, ValidationError):
        assert {p.file for p in result.problems} <= {"trips.csv", "sources.csv"}
        return
    check_frame(result)
    non_blank = [(i + 2, row) for i, row in enumerate(rows) if any(c.strip() for c in row)]
    assert len(result) == len(non_blank)
    by_row = result.set_index(ROW_COLUMN)
    for spreadsheet_row, row in non_blank:
        for column in TEXT_COLUMNS:
            written_text = row[columns.index(column)].strip() if column in columns else ""
            kept = by_row.loc[spreadsheet_row, column]
            assert (pd.isna(kept) and written_text == "") or kept == written_text, column
