"""Loading and validation: a typed frame for good files, every located problem for bad ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from travelmap.cli import main
from travelmap.datapackage import render
from travelmap.errors import ValidationError
from travelmap.loading import load_trips, load_trips_from_bytes
from travelmap.model import STOP_COLUMNS, bundled_data_dir

from .conftest import CLASSIC_COLUMNS, TEST_DATA

VALID = TEST_DATA / "valid" / "trips.csv"
BROKEN = TEST_DATA / "broken" / "trips.csv"
HEADER = ",".join(CLASSIC_COLUMNS)


def problems_of(path: Path | str, **kwargs: object) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(ValidationError) as caught:
        load_trips(path, **kwargs)  # type: ignore[arg-type]
    return [(Path(p.file).name, p.row, p.column) for p in caught.value.problems]


def write_trip(tmp_path: Path, rows: list[str], *, header: str = HEADER,
               sources: str | None = None) -> Path:
    trips = tmp_path / "trips.csv"
    trips.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text(
        sources if sources is not None else
        "trip_id,outlet,title,url,published\nt,Reuters,A story,https://example.org/x,2024-06-19\n",
        encoding="utf-8")
    return trips


ROW = "t,1,Vladimir Putin,RUS,PRK,Pyongyang,,,2024-06-18,2024-06-19,state,Kim Jong Un,,"


def test_valid_file_gives_typed_frame_in_time_order() -> None:
    stops = load_trips(VALID)
    assert list(stops["place"]) == ["Vostochny Cosmodrome", "Komsomolsk-on-Amur", "Пхеньян",
                                    "Hà Nội"]
    assert stops["start_date"].dtype == "datetime64[ns]"
    assert isinstance(stops["traveller"].dtype, pd.CategoricalDtype)
    assert isinstance(stops["visit_type"].dtype, pd.CategoricalDtype)
    assert stops["stop_order"].dtype == "Int64"
    assert stops.loc[0, "lat"] == pytest.approx(51.884)
    assert pd.isna(stops.loc[1, "lat"])
    pyongyang = stops[stops["place"] == "Пхеньян"].iloc[0]
    assert [s.outlet for s in pyongyang["sources"]] == ["Kremlin", "Reuters"]
    assert pyongyang["csv_row"] == 2  # the row a spreadsheet shows
    assert pyongyang["note"] == "Arrived after 2 a.m. on 19 June, local time"


def test_every_rule_is_reported_with_file_row_and_column() -> None:
    found = problems_of(BROKEN)
    assert found == [
        ("sources.csv", 9, "url"),  # javascript: is not http(s)
        ("trips.csv", 3, "start_date"),  # 19/06/2024 unparseable
        ("trips.csv", 4, "start_date"),  # 30 February impossible
        ("trips.csv", 5, "end_date"),  # end before start
        ("trips.csv", 6, "host_country"),  # XYZ unknown
        ("trips.csv", 7, "lat"),  # 95 out of range
        ("trips.csv", 8, "lon"),  # only half a coordinate
        ("trips.csv", 9, "visit_type"),  # 'holiday'
        ("trips.csv", 10, "stop_order"),  # duplicate (trip, order)
        ("trips.csv", 11, "trip_id"),  # trip without a source
    ]


def test_messages_say_what_was_expected() -> None:
    with pytest.raises(ValidationError) as caught:
        load_trips(BROKEN)
    text = str(caught.value)
    assert "10 problems found" in text
    assert "row 3, column 'start_date': '19/06/2024' is not a date; expected YYYY-MM-DD" in text
    assert "'2023-02-30' is an impossible date" in text
    assert "'holiday' is not a known visit type; expected one of: state" in text
    assert "already has a stop 1 (row 2" in text


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    header = HEADER.replace(",start_date", "")
    row = ROW.replace(",2024-06-18", "")
    found = problems_of(write_trip(tmp_path, [row], header=header))
    assert found == [("trips.csv", 1, "start_date")]


def test_column_names_are_matched_case_insensitively_and_stripped(tmp_path: Path) -> None:
    header = HEADER.upper().replace(",", " , ")
    stops = load_trips(write_trip(tmp_path, [ROW], header=header))
    assert stops.loc[0, "place"] == "Pyongyang"


def test_headers_as_people_type_them_are_understood(tmp_path: Path) -> None:
    header = HEADER.replace("start_date", "Start date").replace("host_country", "Host-Country")
    stops = load_trips(write_trip(tmp_path, [ROW], header=header))
    assert stops.loc[0, "host_country"] == "PRK"
    assert stops.loc[0, "start_date"] == pd.Timestamp("2024-06-18")


@pytest.mark.parametrize("mark", [";", "\t"])
def test_semicolon_and_tab_separated_files_load(tmp_path: Path, mark: str) -> None:
    """Excel in a comma-decimal locale saves "CSV" with semicolons; sheets paste as tabs."""
    row = ROW.replace(",", mark).replace("Kim Jong Un", "Kim Jong Un, Chairman")
    stops = load_trips(write_trip(tmp_path, [row], header=HEADER.replace(",", mark)))
    assert stops.loc[0, "counterpart"] == "Kim Jong Un, Chairman"  # commas are text there
    assert stops.loc[0, "end_date"] == pd.Timestamp("2024-06-19")


def test_utf8_bom_and_non_latin_text_are_kept(tmp_path: Path) -> None:
    trips = write_trip(tmp_path, [ROW.replace("Pyongyang", "평양")])
    trips.write_bytes(b"\xef\xbb\xbf" + trips.read_bytes())
    stops = load_trips(trips)
    assert stops.loc[0, "place"] == "평양"
    assert stops.loc[0, "trip_id"] == "t"  # the BOM did not stick to the first column name


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_other_encodings_are_refused_clearly(tmp_path: Path, encoding: str) -> None:
    trips = write_trip(tmp_path, [ROW.replace("Pyongyang", "Hà Nội")])
    trips.write_bytes(trips.read_text(encoding="utf-8").encode(encoding, errors="replace"))
    with pytest.raises(ValidationError) as caught:
        load_trips(trips)
    message = str(caught.value)
    assert "trips.csv" in message
    assert "UTF-8" in message


def test_cp1252_error_names_the_line(tmp_path: Path) -> None:
    second = ROW.replace("t,1,", "t,2,").replace("Pyongyang", "Bürgenstock")
    trips = write_trip(tmp_path, [ROW, second])
    trips.write_bytes(trips.read_text(encoding="utf-8").encode("cp1252"))
    [problem] = pytest.raises(ValidationError, load_trips, trips).value.problems
    assert problem.row == 3


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    trips = write_trip(tmp_path, [])
    stops = load_trips(trips)
    assert stops.empty and list(stops.columns)[: len(STOP_COLUMNS)] == list(STOP_COLUMNS)
    trips.write_text("", encoding="utf-8")
    assert problems_of(trips) == [("trips.csv", 1, None)]


def test_stop_order_must_follow_travel_order(tmp_path: Path) -> None:
    second = "t,2,Vladimir Putin,RUS,VNM,Hanoi,,,2024-06-10,2024-06-11,state,,,"
    assert problems_of(write_trip(tmp_path, [ROW, second])) == [("trips.csv", 3, "start_date")]


def test_sources_can_live_on_the_stop_rows(tmp_path: Path) -> None:
    header = HEADER + ",source_outlet,source_title,source_url,source_published"
    trips = tmp_path / "upload.csv"
    trips.write_text(f"{header}\n{ROW},TASS,Putin lands,https://tass.com/x,2024-06-19\n",
                     encoding="utf-8")
    stops = load_trips(trips)
    assert stops.loc[0, "sources"][0].outlet == "TASS"


def test_source_for_unknown_trip_is_reported(tmp_path: Path) -> None:
    sources = ("trip_id,outlet,title,url,published\n"
               "t,Reuters,A story,https://example.org/x,2024-06-19\n"
               "ghost,Reuters,Another,https://example.org/y,2024-06-19\n")
    assert problems_of(write_trip(tmp_path, [ROW], sources=sources)) == [
        ("sources.csv", 3, "trip_id")]


def test_uploaded_bytes_are_validated_like_files() -> None:
    with pytest.raises(ValidationError) as caught:
        load_trips_from_bytes(BROKEN.read_bytes(), name="mine.csv",
                              sources=(BROKEN.parent / "sources.csv").read_bytes())
    assert ("mine.csv", 3, "start_date") in [(p.file, p.row, p.column)
                                              for p in caught.value.problems]


def test_a_row_with_too_many_cells_does_not_hide_other_problems(tmp_path: Path) -> None:
    extra = ROW.replace("t,1,", "t,2,").replace(",,", ",oops,extra,", 1) + ",x,y"
    bad_date = ROW.replace("t,1,", "t,3,").replace("2024-06-18", "2024-13-01")
    found = problems_of(write_trip(tmp_path, [ROW, extra, bad_date]))
    assert found == [("trips.csv", 3, "#16"), ("trips.csv", 4, "start_date")]  # first extra cell


def test_bundled_data_is_valid_and_sourced() -> None:
    stops = load_trips()
    assert len(stops) > 20
    assert all(len(sources) >= 1 for sources in stops["sources"])
    june_2024 = stops[(stops["traveller"] == "Vladimir Putin")
                      & (stops["start_date"].dt.strftime("%Y-%m") == "2024-06")]
    assert list(june_2024.sort_values("stop_order")["host_country"])[:2] == ["PRK", "VNM"]


def test_datapackage_matches_the_schema_in_code() -> None:
    committed = (bundled_data_dir() / "datapackage.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(render())


def test_cli_validate_ok_and_failing(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(VALID)])
    assert ok.exit_code == 0
    assert ok.output.startswith("OK: 4 stops on 2 trips")
    broken_copy = tmp_path / "trips.csv"
    shutil.copy(BROKEN, broken_copy)
    shutil.copy(BROKEN.parent / "sources.csv", tmp_path / "sources.csv")
    bad = runner.invoke(main, ["validate", str(broken_copy)])
    assert bad.exit_code == 1
    assert f"{broken_copy}, row 3, column 'start_date'" in bad.output


def test_cli_help_on_every_command() -> None:
    runner = CliRunner()
    for command in main.list_commands(None):  # type: ignore[arg-type]
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage:" in result.output


def test_travel_mode_is_an_optional_vocabulary_column(tmp_path: Path) -> None:
    header = HEADER + ",travel_mode"
    rows = [ROW + ",Rail", ROW.replace("t,1,", "t,2,").replace("2024-06-18", "2024-06-19")
            + ",", ROW.replace("t,1,", "t,3,").replace("2024-06-18", "2024-06-19") + ",air"]
    stops = load_trips(write_trip(tmp_path, rows, header=header))
    assert stops["travel_mode"].tolist()[0] == "rail"  # lower-cased, like visit types
    assert pd.isna(stops["travel_mode"].tolist()[1])  # unknown: the sources do not say
    assert stops["travel_mode"].tolist()[2] == "air"
    bad = write_trip(tmp_path, [ROW + ",camel"], header=header)
    with pytest.raises(ValidationError) as caught:
        load_trips(bad)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "travel_mode")
    assert "expected one of: air, rail, road, sea" in problem.message
