"""The columnar fast path: valid files load through it to the very frame the row path builds, and
anything it cannot vouch for goes to the row path, so every problem keeps its row-path message."""

from __future__ import annotations

import shutil
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from benchmarks import synthetic

from travelmap import columnar, loading
from travelmap.errors import Problem, ValidationError
from travelmap.loading import MAX_COLUMNS, MAX_FIELD_CHARS, load_trips, load_trips_from_bytes
from travelmap.model import bundled_trips_path

from .conftest import CLASSIC_COLUMNS, TEST_DATA

BAD = TEST_DATA / "bad"
HEADER = ",".join(CLASSIC_COLUMNS)
ROW = "t,1,Vladimir Putin,RUS,PRK,Pyongyang,,,2024-06-18,2024-06-19,state,Kim Jong Un,,"
SOURCES = b"trip_id,outlet,title,url,published\nt,Reuters,A story,https://example.org/x,\n"


@contextmanager
def row_path_only() -> Iterator[None]:
    """Every load in the block goes through the row path (the definition of the rules)."""
    with mock.patch.object(loading, "_try_columnar", return_value=None):
        yield


def fast(trips: bytes, sources: bytes | None = SOURCES) -> pd.DataFrame | None:
    """What the fast path alone makes of an upload: a frame, or None for 'ask the row path'."""
    return columnar.try_frame([("trips.csv", lambda: trips)],
                              [] if sources is None else [("sources.csv", lambda: sources)],
                              max_field_chars=MAX_FIELD_CHARS, max_columns=MAX_COLUMNS)


def verdict(load: object, *args: object, **kwargs: object) -> pd.DataFrame | list[Problem]:
    try:
        return load(*args, **kwargs)  # type: ignore[operator, no-any-return]
    except ValidationError as error:
        return error.problems


def assert_same_verdict(load: object, *args: object, **kwargs: object) -> object:
    """The load gives the row path's frame, or the row path's exact problem list."""
    got = verdict(load, *args, **kwargs)
    with row_path_only():
        expected = verdict(load, *args, **kwargs)
    if isinstance(expected, pd.DataFrame):
        assert isinstance(got, pd.DataFrame), got
        pd.testing.assert_frame_equal(got, expected)
    else:
        assert got == expected
    return got


def test_the_bundled_data_takes_the_fast_path_to_the_row_paths_frame() -> None:
    trips = bundled_trips_path()
    raw, sources = trips.read_bytes(), trips.with_name("sources.csv").read_bytes()
    frame = fast(raw, sources)
    assert frame is not None, "the bundled data should not need the row path"
    with row_path_only():
        expected = load_trips()
    pd.testing.assert_frame_equal(frame.assign(csv_file=str(trips)), expected)
    pd.testing.assert_frame_equal(load_trips(), expected)


@pytest.mark.parametrize("explicit", [0.0, 0.5])
def test_synthetic_trips_take_the_fast_path_to_the_row_paths_frame(tmp_path: Path,
                                                                 explicit: float) -> None:
    path = synthetic.write(tmp_path, stops=3_000, seed=11, explicit_share=explicit)
    assert loading._fast_frame([path], None) is not None
    stops = assert_same_verdict(load_trips, path)
    assert len(stops) == 3_000  # type: ignore[arg-type]
    # the same bytes uploaded
    assert_same_verdict(load_trips_from_bytes, path.read_bytes(),
                        sources=path.with_name("sources.csv").read_bytes())


def test_two_trips_files_and_one_sources_file(tmp_path: Path) -> None:
    first = tmp_path / "a" / "trips.csv"
    second = tmp_path / "b" / "trips.csv"
    for folder, trip in ((first.parent, "t"), (second.parent, "u")):
        folder.mkdir()
        (folder / "trips.csv").write_text(f"{HEADER}\n{ROW.replace('t,1', f'{trip},1')}\n",
                                          encoding="utf-8")
    sources = tmp_path / "sources.csv"
    sources.write_bytes(SOURCES + b"u,TASS,Another,https://example.org/y,2024-06-19\n")
    assert loading._fast_frame([first, second], sources) is not None
    stops = assert_same_verdict(load_trips, first, second, sources=sources)
    assert list(stops["csv_file"]) == [str(first), str(second)]  # type: ignore[index]


def test_inline_sources_and_listed_sources_take_the_fast_path() -> None:
    inline = (f"{HEADER},source_outlet,source_title,source_url,source_published\n"
              f"{ROW},TASS,Lands,https://tass.com/x,2024-06-18\n"
              f"{ROW.replace('t,1', 't,2')},TASS,Lands,https://tass.com/x,2024-06-18\n"
              f"{ROW.replace('t,1', 't,3')},Kremlin,Talks,https://kremlin.ru/y,\n").encode()
    assert fast(inline, None) is not None
    stops = assert_same_verdict(load_trips_from_bytes, inline)
    assert [s.outlet for s in stops.loc[0, "sources"]] == ["TASS", "Kremlin"]  # type: ignore[index]
    listed = (f"{HEADER},sources\n{ROW},'https://www.tass.com/x | https://kremlin.ru/y\n"
              ).encode()
    assert fast(listed, None) is not None
    stops = assert_same_verdict(load_trips_from_bytes, listed)
    assert [s.outlet for s in stops.loc[0, "sources"]] == ["tass.com", "kremlin.ru"]  # type: ignore[index]


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.csv")))
def test_every_corpus_file_gets_the_row_paths_verdict(name: str) -> None:
    assert_same_verdict(load_trips, BAD / name)


@pytest.mark.parametrize("folder", ["sources_file_rules", "sources_file_column_missing"])
def test_sources_file_problems_get_the_row_paths_verdict(folder: str) -> None:
    assert_same_verdict(load_trips, BAD / folder / "trips.csv")


# Valid data the fast path does not model row by row: it must hand them over, not misread them.
HANDED_OVER = {
    "blank line": f"{HEADER}\n\n{ROW}\n",
    "leading blank line": f"\n{HEADER}\n{ROW}\n",
    "multi-line cell": f'{HEADER}\n{ROW[:-1]}"two\nlines"\n',
    "blank record": f"{HEADER}\n{',' * 13}\n{ROW}\n",
    "Arabic-Indic stop number": f"{HEADER}\n{ROW.replace('t,1', 't,٣')}\n",
    "underscored latitude": f"{HEADER}\n{ROW.replace(',,,2024', ',1_0,2_0,2024')}\n",
    "short row": f"{HEADER}\n{ROW[:-3]}\n",
    "blank extra cells": f"{HEADER}\n{ROW},  , \n",
    "lone CR line ends": f"{HEADER}\r{ROW}\r",
}


@pytest.mark.parametrize("case", sorted(HANDED_OVER))
def test_valid_shapes_the_fast_path_does_not_model_go_to_the_row_path(case: str) -> None:
    raw = HANDED_OVER[case].encode()
    assert fast(raw) is None
    assert isinstance(assert_same_verdict(load_trips_from_bytes, raw, sources=SOURCES),
                      pd.DataFrame)


QUOTED = '"Pyong"'
# Broken data pyarrow would read without complaint: the csv module refuses it, so must we.
SECOND = ROW.replace("t,1", "t,2")
NOT_MISREAD = {
    "text after a closing quote": f'{HEADER}\n{ROW.replace("Pyongyang", QUOTED + "yang")}\n',
    "space after a closing quote": f'{HEADER}\n{ROW.replace("Pyongyang", QUOTED + " ")}\n',
    "quote never closed": f'{HEADER}\n{ROW[:-1]}"x\n{ROW.replace("t,1", "t,2")}\n',
    "too many cells": f"{HEADER}\n{ROW},extra\n",
    "cell over the limit": f"{HEADER}\n{ROW}{'x' * (MAX_FIELD_CHARS + 1)}\n",
    "cell over the limit under a blank header": f"{HEADER},\n{ROW},{'x' * MAX_FIELD_CHARS}9\n",
    "hidden direction mark": f"{HEADER}\n{ROW.replace('Pyongyang', chr(0x202E) + 'gnay')}\n",
    "byte order mark in a cell": f"{HEADER}\n{ROW.replace('Pyongyang', chr(0xFEFF) + 'P')}\n",
    "duplicate stop": f"{HEADER}\n{ROW}\n{ROW}\n",
    "stop order against dates": f"{HEADER}\n{ROW}\n{SECOND.replace('2024-06-18', '2024-06-01')}\n",
    "end before start": f"{HEADER}\n{ROW.replace('2024-06-19', '2024-06-17')}\n",
    "impossible date": f"{HEADER}\n{ROW.replace('2024-06-18', '2023-02-29')}\n",
    "year out of range": f"{HEADER}\n{ROW.replace('2024-06-18', '1677-12-31')}\n",
    "half a coordinate": f"{HEADER}\n{ROW.replace(',,,2024', ',1,,2024')}\n",
    "latitude out of range": f"{HEADER}\n{ROW.replace(',,,2024', ',90.5,1,2024')}\n",
    "infinite latitude": f"{HEADER}\n{ROW.replace(',,,2024', ',1e400,1,2024')}\n",
    "stop order too big": f"{HEADER}\n{ROW.replace('t,1', 't,10001')}\n",
    "unknown country": f"{HEADER}\n{ROW.replace('PRK', 'XYZ')}\n",
    "unknown visit type": f"{HEADER}\n{ROW.replace('state', 'holiday')}\n",
    "empty required cell": f"{HEADER}\n{ROW.replace('Vladimir Putin', ' ')}\n",
}


@pytest.mark.parametrize("case", sorted(NOT_MISREAD))
def test_broken_rows_pyarrow_would_accept_are_reported_as_the_row_path_reports_them(
        case: str) -> None:
    raw = NOT_MISREAD[case].encode()
    assert fast(raw) is None
    problems = assert_same_verdict(load_trips_from_bytes, raw, sources=SOURCES)
    assert isinstance(problems, list) and problems


def test_a_source_without_a_trip_and_a_trip_without_a_source_go_to_the_row_path() -> None:
    raw = f"{HEADER}\n{ROW}\n".encode()
    orphan = SOURCES + b"gone,TASS,x,https://tass.com/x,\n"
    assert fast(raw, orphan) is None
    assert assert_same_verdict(load_trips_from_bytes, raw, sources=orphan)
    assert fast(raw, None) is None
    assert assert_same_verdict(load_trips_from_bytes, raw)


def test_whitespace_is_stripped_as_python_strips_it(tmp_path: Path) -> None:
    """Arrow's idea of whitespace is not str.strip()'s: U+001F, U+0085 and U+3000 are stripped
    here as the row path strips them, and U+200D (a joiner) is kept."""
    spaced = ROW.replace("Pyongyang", "\u3000Pyongyang\x1f\u0085").replace(
        "Kim Jong Un", " \u200dKim ")
    raw = f"{HEADER}\n{spaced}\n".encode()
    assert fast(raw) is not None
    stops = assert_same_verdict(load_trips_from_bytes, raw, sources=SOURCES)
    assert stops.loc[0, "place"] == "Pyongyang"  # type: ignore[union-attr]
    assert stops.loc[0, "counterpart"] == "\u200dKim"  # type: ignore[union-attr]


def test_bundled_data_copied_elsewhere_loads_identically(tmp_path: Path) -> None:
    for name in ("trips.csv", "sources.csv"):
        shutil.copy(bundled_trips_path().with_name(name), tmp_path / name)
    stops = assert_same_verdict(load_trips, tmp_path / "trips.csv")
    assert len(stops) > 0  # type: ignore[arg-type]


def test_the_whitespace_list_is_what_python_strips() -> None:
    assert columnar.PY_WHITESPACE == "".join(chr(c) for c in range(0x110000)
                                             if chr(c).isspace())


# -- structural CSV faults name the cell at fault (issue #21) -------------------------------------

def located(raw: bytes) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ValidationError) as caught:
        load_trips_from_bytes(raw, sources=SOURCES)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


def test_an_unclosed_quote_names_the_cell_where_it_opens() -> None:
    raw = f'{HEADER}\n{ROW}\n{ROW.replace("Pyongyang", chr(34) + "Pyongyang")}\n{ROW}\n'.encode()
    [(row, column, message)] = located(raw)
    assert (row, column) == (3, "place")
    assert "never closed" in message


def test_text_after_a_closing_quote_names_its_cell() -> None:
    raw = f'{HEADER}\n{ROW.replace("Kim Jong Un", chr(34) + "Kim" + chr(34) + " Jong Un")}\n'
    [(row, column, message)] = located(raw.encode())
    assert (row, column) == (2, "counterpart")
    assert "after its closing quote" in message


def test_a_cell_over_the_limit_names_its_column_even_when_quoted_and_multi_line() -> None:
    long_note = '"' + "line\n" * (MAX_FIELD_CHARS // 5) + 'x"'
    raw = f"{HEADER}\n{ROW}\n{ROW}{long_note}\n".encode()
    [(row, column, message)] = located(raw)
    assert (row, column) == (3, "note")
    assert f"longer than {MAX_FIELD_CHARS:,} characters" in message


def test_extra_cells_name_the_first_extra_position_and_blank_extras_are_ignored() -> None:
    raw = f"{HEADER}\n{ROW},,  ,surplus,more\n".encode()
    [(row, column, message)] = located(raw)
    assert (row, column) == (2, "#17")  # 14 columns, two blank extras, then 'surplus'
    assert "has 18 cells but the header has 14 columns" in message


def test_a_fault_in_a_cell_under_a_blank_header_is_named_by_position() -> None:
    header = HEADER.replace(",note", ",")  # the 14th header cell is blank
    raw = f'{header}\n{ROW}"oops\n'.encode()
    assert [(r, c) for r, c, _ in located(raw)][0] == (2, "#14")


# -- Parquet input -----------------------------------------------------------------------------

def typed_parquet(tmp_path: Path, stops: int = 2_000) -> tuple[Path, Path]:
    """Synthetic trips as CSV and as Parquet with real types: integers, doubles with nulls,
    timestamps at midnight, dictionary-encoded text (as pandas, DuckDB or Polars write them)."""
    trips_csv = synthetic.write(tmp_path, stops=stops, seed=5, explicit_share=0.3)
    frame = pd.read_csv(trips_csv, keep_default_na=False, na_values={"lat": [""], "lon": [""]},
                        dtype={"stop_order": "int64"}, parse_dates=["start_date", "end_date"])
    frame["visit_type"] = frame["visit_type"].astype("category")
    frame.to_parquet(tmp_path / "trips.parquet", index=False)
    return trips_csv, tmp_path / "trips.parquet"


def test_a_parquet_file_loads_to_the_frame_its_csv_gives(tmp_path: Path) -> None:
    trips_csv, trips_parquet = typed_parquet(tmp_path)
    assert loading._fast_frame([trips_parquet], None) is not None
    from_parquet = assert_same_verdict(load_trips, trips_parquet)
    assert isinstance(from_parquet, pd.DataFrame)
    assert set(from_parquet["csv_file"]) == {str(trips_parquet)}
    pd.testing.assert_frame_equal(from_parquet.drop(columns="csv_file"),
                                  load_trips(trips_csv).drop(columns="csv_file"))


def test_a_parquet_error_names_the_file_row_and_column(tmp_path: Path) -> None:
    _, trips_parquet = typed_parquet(tmp_path, stops=50)
    frame = pd.read_parquet(trips_parquet)
    frame.loc[2, "host_country"] = "XYZ"  # the third data row: spreadsheet row 4
    frame.loc[5, "start_date"] = pd.Timestamp("2001-02-03 10:30")  # not a date: has a time
    frame.to_parquet(trips_parquet, index=False)
    problems = assert_same_verdict(load_trips, trips_parquet)
    assert isinstance(problems, list)
    located_ = [(p.file, p.row, p.column) for p in problems]
    assert (str(trips_parquet), 4, "host_country") in located_
    assert (str(trips_parquet), 7, "start_date") in located_
    [timed] = [p.message for p in problems if p.row == 7]
    assert timed.startswith("'2001-02-03 10:30:00") and "is not a date" in timed
    assert len(problems) == 2  # the other timestamps are at midnight: dates


def test_geoparquet_points_give_lat_and_lon(tmp_path: Path) -> None:
    trips_csv, trips_parquet = typed_parquet(tmp_path, stops=200)
    frame = pd.read_parquet(trips_parquet)
    points = [None if pd.isna(lat) else struct.pack("<BIdd", 1, 1, lon, lat)
              for lat, lon in zip(frame.pop("lat"), frame.pop("lon"), strict=True)]
    frame["geometry"] = points
    frame.to_parquet(trips_parquet, index=False)
    stops = assert_same_verdict(load_trips, trips_parquet)
    expected = load_trips(trips_csv)
    pd.testing.assert_series_equal(stops["lat"], expected["lat"])  # type: ignore[index]
    pd.testing.assert_series_equal(stops["lon"], expected["lon"])  # type: ignore[index]


def test_a_file_named_parquet_that_is_not_one_is_a_located_error(tmp_path: Path) -> None:
    fake = tmp_path / "trips.parquet"
    fake.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    [problem] = assert_same_verdict(load_trips, fake)  # type: ignore[misc]
    assert problem.file == str(fake) and "cannot be read as Parquet" in problem.message


def test_the_cli_validates_a_parquet_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from travelmap.cli import main

    _, trips_parquet = typed_parquet(tmp_path, stops=100)
    result = CliRunner().invoke(main, ["validate", str(trips_parquet)])
    assert result.exit_code == 0, result.output
    assert "100 stops" in result.output


def test_the_load_benchmark_runs_and_takes_the_fast_path() -> None:
    """benchmarks/bench_load.py exits non-zero when load_trips did not take the fast path or a
    row count is wrong; figures are printed, not asserted."""
    import subprocess
    import sys

    from .conftest import REPO_ROOT

    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_load", "--sizes", "300"],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    for label in ("pyarrow.csv.read_csv", "travelmap load_trips (fast path)",
                  "travelmap load_trips (Parquet)"):
        assert label in done.stdout
    assert "failed" not in done.stdout and "NOT the fast path" not in done.stdout


def test_multi_line_cells_across_a_big_file_go_to_the_row_path() -> None:
    """pyarrow splits a big file into blocks at line ends; a quoted cell holding a line end must
    never reach it, wherever the blocks fall (a cell cut in two can be misread silently)."""
    lines, pad = [HEADER], "x" * 80
    sources = [b"trip_id,outlet,title,url,published"]
    for i in range(15_000):
        lines.append(ROW.replace("t,1", f"t{i},1")[:-1] + f'"note {i} {pad}\non two lines"')
        sources.append(f"t{i},Reuters,A story,https://example.org/{i},".encode())
    raw = ("\n".join(lines) + "\n").encode()
    assert len(raw) > 2 << 20  # several of pyarrow's 1 MB blocks
    listed = b"\n".join(sources) + b"\n"
    assert fast(raw, listed) is None
    frame = assert_same_verdict(load_trips_from_bytes, raw, sources=listed)
    assert isinstance(frame, pd.DataFrame) and frame["note"].str.contains("\n").all()


def test_the_fast_date_check_accepts_exactly_what_the_row_path_accepts() -> None:
    """Arrow's date parser does the fast path's shape check: every text it takes, the row path
    takes as the same day, and every plain-ASCII date the row path takes, it takes."""
    import random
    from datetime import date

    import pyarrow as pa

    from travelmap.validation import parse_iso_date

    pieces = ["0", "1", "2", "9", "-", "+", " ", "/", "T", ".", "e", "\u0663", "\uff12", "00"]
    chosen = random.Random(18)
    texts = ["2024-06-18", "2023-02-29", "2024-02-29", "1677-12-31", "1678-01-01", "2261-12-31",
             "2262-01-01", "0000-01-01", "2024-6-18", "2024-06-1 ", "+024-06-18", "20240618",
             "2024-00-10", "2024-13-01", "2024-06-18T0", "2024/06/18", "-024-06-18"]
    texts += ["".join(chosen.choice(pieces) for _ in range(chosen.randint(8, 12)))
              for _ in range(3000)]
    texts += [f"{chosen.randint(1600, 2300):04}-{chosen.randint(0, 13):02}-"
              f"{chosen.randint(0, 32):02}" for _ in range(3000)]
    for text in texts:
        expected, _ = parse_iso_date(text)
        try:
            got = columnar._dates(pa.chunked_array([[text]])).to_pylist()[0]
        except Exception:  # noqa: BLE001 - NotSure or Arrow's refusal: the row path decides
            got = None
        if got is not None:
            assert isinstance(got, date) and got == expected, text
        elif text.isascii():
            assert expected is None, text


@pytest.mark.parametrize("order", ["trip by trip", "reversed", "split runs"])
def test_sources_in_any_order_attach_as_the_row_path_attaches_them(order: str) -> None:
    """A sources file written trip by trip takes a shortcut; any other order must give the
    same frame (each trip's sources in file order)."""
    rows = [ROW.replace("t,1", f"t{i},1") for i in range(3)]
    listed = [f"t{i},Reuters,Story {i}.{k},https://example.org/{i}/{k},"
              for i in range(3) for k in range(2)]
    if order == "reversed":
        listed.reverse()
    elif order == "split runs":
        listed = listed[::2] + listed[1::2]
    raw = f"{HEADER}\n" + "\n".join(rows) + "\n"
    sources = "trip_id,outlet,title,url,published\n" + "\n".join(listed) + "\n"
    assert fast(raw.encode(), sources.encode()) is not None
    frame = assert_same_verdict(load_trips_from_bytes, raw.encode(), sources=sources.encode())
    assert isinstance(frame, pd.DataFrame)
    first = frame.loc[frame["trip_id"] == "t0", "sources"].iloc[0]
    assert [s.title for s in first] == [line.split(",")[2] for line in listed
                                         if line.startswith("t0,")]
