"""Property: whatever bytes or rows arrive, the loader ends in ValidationError or a valid frame.

Never another exception, never a hang. Rows are built from plausible cells mixed with hostile ones
(formulas, huge numbers, foreign digits, control characters, quotes, newlines), so both verdicts
are exercised; a valid frame must have the documented dtypes and keep every cell's text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from travelmap import columnar, loading
from travelmap.errors import ValidationError
from travelmap.loading import MAX_COLUMNS, MAX_FIELD_CHARS, load_trips_from_bytes
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


def sources_csv(trip_ids: list[str], *, once: bool = True) -> bytes:
    """A sources CSV with a row for each trip id (once, or as often as listed)."""
    lines = ["trip_id,outlet,title,url,published"]
    lines += [f'"{t.replace(chr(34), chr(34) * 2)}",Reuters,Story,https://example.org/,2024-06-19'
              for t in (dict.fromkeys(trip_ids) if once else trip_ids)]
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


# -- the columnar fast path against the row path -------------------------------------------------

@contextmanager
def row_path_only() -> Iterator[None]:
    """Loads in the block skip the columnar fast path: the row path is the definition."""
    with mock.patch.object(loading, "_try_columnar", return_value=None):
        yield


def assert_fast_path_agrees(raw: bytes, sources: bytes | None) -> None:
    """The fast path vouches only for what the row path accepts, with the identical frame; and
    loading (fast path first) ends exactly as the row path alone does, problems included."""
    vouched = columnar.try_frame([("trips.csv", lambda: raw)],
                                 [] if sources is None else [("sources.csv", lambda: sources)],
                                 max_field_chars=MAX_FIELD_CHARS, max_columns=MAX_COLUMNS)
    got = outcome(raw, name="trips.csv", sources=sources)
    with row_path_only():
        expected = outcome(raw, name="trips.csv", sources=sources)
    event("fast path" if vouched is not None else "row path")
    if vouched is not None:
        assert isinstance(expected, pd.DataFrame), expected
        pd.testing.assert_frame_equal(vouched, expected)
    if isinstance(expected, pd.DataFrame):
        assert isinstance(got, pd.DataFrame)
        pd.testing.assert_frame_equal(got, expected)
    else:
        assert isinstance(got, ValidationError)
        assert got.problems == expected.problems


PAD = st.sampled_from(["", "", "", " ", "\t", "\u3000", "\xa0", "\x1f", "\x85", "  "])
VALID_TEXT = st.sampled_from(["Pyongyang", "a,b", 'say "hi"', "Hà Nội", "=1+1", "x\u200dy",
                              "tab\there", '"quoted"', 'ends"', "평양", "a;b", "NaN", "None"])
NUMBERS = st.sampled_from(["39.03", "+1.5", "1e1", ".5", "5.", "-0", "90", "-180", "007.25",
                           "1E-3", "0.1000000000000000055511151231257827"])


@st.composite
def valid_trips_csv(draw: st.DrawFn) -> tuple[bytes, bytes | None]:
    """(trips bytes, sources bytes or None) that the row path accepts, written in many ways:
    the fast path should take most of them, and must build the row path's frame when it does."""
    inline = draw(st.sampled_from([(), INLINE[:3], INLINE]))
    optional = [c for c in ("lat", "lon", "counterpart", "outcome", "note")
                if draw(st.integers(0, 4))]
    if ("lat" in optional) != ("lon" in optional):
        optional = [c for c in optional if c not in ("lat", "lon")]
    columns = draw(st.permutations([c for c in STOP_COLUMNS if c not in ("lat", "lon",
                                    "counterpart", "outcome", "note") or c in optional]
                                   + list(inline) + (["extra"] if draw(st.booleans()) else [])))
    names = [draw(st.sampled_from([c, c.upper(), f" {c} ", c.replace("_", " ").title()]))
             for c in columns]
    trips = draw(st.lists(st.sampled_from(["a", "b", "c", "=d", "ünï"]), min_size=1, max_size=8))
    counters: dict[str, int] = {}
    rows = []
    for index, trip in enumerate(trips):
        counters[trip] = counters.get(trip, 0) + draw(st.integers(1, 3))
        day = f"2024-{1 + index:02d}-{draw(st.integers(10, 28)):02d}"
        pair = draw(st.tuples(NUMBERS, NUMBERS)) if draw(st.booleans()) else ("", "")
        values = {
            "trip_id": trip, "stop_order": draw(st.sampled_from(["{}", "0{}", "00{}"])).format(
                counters[trip]), "traveller": draw(VALID_TEXT),
            "traveller_country": draw(st.sampled_from(["RUS", "prk", "Vnm", "XKX"])),
            "host_country": draw(st.sampled_from(["CHN", "rus", "Kor"])), "place": draw(VALID_TEXT),
            "lat": pair[0], "lon": pair[1], "start_date": day, "end_date": day,
            "visit_type": draw(st.sampled_from(["state", "Official", "SUMMIT"])),
            "counterpart": draw(st.one_of(st.just(""), VALID_TEXT)),
            "outcome": draw(st.one_of(st.just(""), VALID_TEXT)), "note": draw(VALID_TEXT),
            "travel_mode": draw(st.sampled_from(["", "air", "Rail", "SEA", "road"])),
            "source_outlet": draw(st.sampled_from(["TASS", "Reuters"])),
            "source_title": draw(st.sampled_from(["Lands", "Talks, day 2"])),
            "source_url": draw(st.sampled_from(["https://tass.com/x", "HTTP://kremlin.ru/1"])),
            "source_published": draw(st.sampled_from(["", "2024-06-19"])), "extra": "x"}
        if not inline and draw(st.integers(0, 3)) == 0:
            values["source_outlet"] = ""  # an inline-less row: its source is in sources.csv
        rows.append([draw(PAD) + values[c] + draw(PAD) if c not in ("lat", "lon") or pair[0]
                     else values[c] for c in columns])
    delimiter = draw(st.sampled_from([",", ",", ";"]))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(
        ["\n", "\r\n"])), quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
    writer.writerow(names)
    writer.writerows(rows)
    raw = draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + buffer.getvalue().encode("utf-8")
    sources = None
    if not inline or draw(st.booleans()):
        listed = [t for t in trips for _ in range(draw(st.integers(1, 2)))]
        sources = sources_csv(listed, once=False)
    return raw, sources


@pytest.mark.timeout(300)
@SETTINGS
@given(valid_trips_csv())
def test_fast_path_builds_the_row_paths_frame_for_valid_files(
        written: tuple[bytes, bytes | None]) -> None:
    assert_fast_path_agrees(*written)


@pytest.mark.timeout(300)
@SETTINGS
@given(trips_csv(), st.booleans())
def test_fast_path_and_row_path_agree_on_generated_files(
        written: tuple[bytes, list[str], list[list[str]]], with_sources_file: bool) -> None:
    raw, names, rows = written
    columns = [n.strip().lower() for n in names]
    trip_ids = [r[columns.index("trip_id")].strip() for r in rows if "trip_id" in columns]
    assert_fast_path_agrees(raw, sources_csv(trip_ids) if with_sources_file else None)


# Bytes that change how a CSV splits: quotes, separators, line ends, whitespace of every kind,
# hidden characters. Spliced anywhere into a generated file, they probe the fast path's guards.
SPLICE = st.sampled_from(['"', '""', '","', ",", ";", "\n", "\r", "\r\n", " ", "\t", "\xa0",
                          "\u3000", "\x1f", "\x85", "\u2028", "\ufeff", "\u200b", "\u202e", "\x00",
                          '"x"y', "\n\n", "٣", "1_0"]).map(lambda s: s.encode("utf-8"))


@pytest.mark.timeout(300)
@SETTINGS
@given(trips_csv(), st.lists(st.tuples(st.integers(0, 10_000), SPLICE), min_size=1,
                             max_size=3), st.booleans())
def test_fast_path_and_row_path_agree_on_spliced_files(
        written: tuple[bytes, list[str], list[list[str]]],
        splices: list[tuple[int, bytes]], with_sources_file: bool) -> None:
    raw, names, rows = written
    for position, text in splices:
        at = position % (len(raw) + 1)
        raw = raw[:at] + text + raw[at:]
    columns = [n.strip().lower() for n in names]
    trip_ids = [r[columns.index("trip_id")].strip() for r in rows if "trip_id" in columns]
    assert_fast_path_agrees(raw, sources_csv(trip_ids) if with_sources_file else None)


@pytest.mark.timeout(120)
@SETTINGS
@given(st.binary(max_size=2_000))
def test_fast_path_and_row_path_agree_on_random_bytes(raw: bytes) -> None:
    assert_fast_path_agrees(raw, None)
