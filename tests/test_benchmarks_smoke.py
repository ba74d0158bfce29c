"""The benchmark harness keeps working: tiny runs print the table; figures are not asserted.

Timings belong in docs/BENCHMARKS.md, not in tests; here we only check that the one command still
runs end to end, that its synthetic data is deterministic and valid, and that a part that cannot
run shows '—' with its reason instead of breaking the table.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from datetime import date

import pytest
from benchmarks import run_all, synthetic

from travelmap.loading import load_trips_from_bytes

from .conftest import REPO_ROOT


def test_synthetic_data_is_deterministic_and_loads_as_valid_trips() -> None:
    trips, sources = synthetic.generate(stops=500, seed=3)
    assert (trips, sources) == synthetic.generate(stops=500, seed=3)
    assert trips != synthetic.generate(stops=500, seed=4)[0]
    stops = load_trips_from_bytes(trips.encode(), name="trips.csv", sources=sources.encode())
    assert len(stops) == 500
    assert stops.groupby("trip_id").size().between(1, 4).all()
    assert stops["start_date"].min().date() >= date(1950, 1, 1)
    assert stops["end_date"].max().date() <= date(2026, 12, 31)
    assert (stops["start_date"].dt.year < 1970).any()
    assert (stops["traveller_country"].astype(str) != stops["host_country"].astype(str)).all()
    assert stops["lat"].isna().mean() > 0.8  # most places are left to the geocoder


def test_synthetic_places_are_real_cities_with_alpha3_countries() -> None:
    rows = list(csv.DictReader(io.StringIO(synthetic.generate(stops=200)[0])))
    known = {(c.name, c.country) for c in synthetic.cities()}
    assert {(r["place"], r["host_country"]) for r in rows} <= known
    assert len(known) > 1000
    assert all(len(r["host_country"]) == 3 for r in rows)


def test_a_part_that_cannot_run_prints_a_dash_and_its_reason() -> None:
    ours = {"load_s": 0.5, "html_s": 2.0, "draw_s": run_all.skip("no Chromium found")}
    theirs = {"html_s": 8.0, "draw_s": 30.0}
    text = run_all.table({1000: {"travelmap": ours, "folium": theirs}})
    assert "4.0×" in text  # folium ÷ travelmap for the HTML build
    draw = next(line for line in text.splitlines() if "first full draw" in line)
    assert "— [" in draw
    assert "] no Chromium found" in text


def test_sizes_option_is_checked() -> None:
    assert run_all.parse_sizes("1000,10_000") == (1000, 10000)
    with pytest.raises(Exception, match="positive"):
        run_all.parse_sizes("0")


@pytest.mark.browser
@pytest.mark.timeout(600)
def test_one_command_prints_the_comparison_table() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run_all", "--quick", "--sizes", "40"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=580)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("travelmap benchmarks")
    assert lines[1].split() == ["stops", "measure", "travelmap", "plain", "folium", "folium",
                                "÷", "travelmap"]
    for label in ("load + validate", "geocoding, offline, cold", "geocoding, offline, warm",
                  "HTML build", "HTML size, raw", "HTML size, gzip", "first full draw",
                  "dashboard slider-move rerun", "static PNG", "peak memory"):
        assert any(line.startswith("40 ") and label in line for line in lines), label
    assert re.search(r"^40 +load \+ validate \(best of two calls\) +[\d.,]+ s ", done.stdout,
                     re.MULTILINE)
    assert "worker failed" not in done.stdout, done.stdout


def test_video_benchmark_prints_seconds_per_frame_against_its_baseline(
        capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_video

    bench_video.main(["--sizes", "0", "--frame-size", "320x180", "--duration", "0.5",
                      "--baseline-frames", "2"])
    out = capsys.readouterr().out
    assert "baseline ÷ renderer" in out
    with (REPO_ROOT / "data" / "trips.csv").open(encoding="utf-8", newline="") as f:
        bundled_stops = sum(1 for _ in csv.DictReader(f))  # size 0 is the bundled data, every stop
    assert re.search(rf"^\s+{bundled_stops:,}\s+12\s.*ms.*×$", out, re.MULTILINE), out


def test_lookup_benchmark_prints_seconds_and_its_ratio_to_a_merge(
        capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import bench_lookup

    bench_lookup.main(["--sizes", "300", "--repeat", "1", "--explicit-share", "0.1"])
    out = capsys.readouterr().out
    assert re.search(r"^\s+300 stops, .* 0 unresolved: locate_stops [\d.]+ s, "
                     r"pandas merge [\d.]+ s, ratio [\d.]+x$", out, re.MULTILINE), out


def test_the_benchmark_fits_how_each_step_grows_and_names_the_superlinear_ones() -> None:
    from benchmarks.run_all import growth_exponents, growth_lines

    def sides(**ours: float) -> dict[str, dict[str, object]]:
        return {"travelmap": dict(ours), "folium": {}}

    results = {1_000: sides(load_s=0.1, html_s=0.01), 10_000: sides(load_s=1.0, html_s=1.0),
               100_000: sides(load_s=10.0)}
    assert [round(k, 2) for k in growth_exponents(results, "load_s")] == [1.0, 1.0]
    assert [round(k, 2) for k in growth_exponents(results, "html_s")] == [2.0]  # quadratic
    lines = growth_lines(results)
    flagged = [line for line in lines if "faster than linear" in line]
    assert len(flagged) == 1 and "HTML build" in flagged[0]
    assert growth_lines({1_000: sides(load_s=1.0)}) == []  # one size: nothing to fit


@pytest.mark.timeout(300)
def test_the_dashboard_benchmark_fails_loudly_when_the_page_refuses_its_data() -> None:
    """A check budget of 1 ms makes the page refuse the upload: the benchmark must say so and
    exit non-zero, not time the bundled data under the generated size's name."""
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_dashboard.py", "--stops", "200", "--moves", "2",
         "--route", "upload"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=280,
        env={**os.environ, "TRAVELMAP_DASHBOARD_CHECK_SECONDS": "0.001"})
    assert done.returncode == 2, done.stdout + done.stderr[-2000:]
    assert "dashboard benchmark FAILED: the page refused the data" in done.stderr
    assert "slider move" not in done.stdout


@pytest.mark.timeout(300)
def test_the_dashboard_benchmark_prints_the_stop_count_the_page_loaded() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_dashboard.py", "--stops", "300", "--moves", "2"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=280)
    assert "300 stops generated, 300 loaded by the page" in done.stdout, done.stderr[-2000:]
    assert done.returncode in (0, 1)  # 1: over the speed target on a busy machine


def test_the_load_benchmark_prints_every_reader_on_the_same_rows() -> None:
    """Each reader, polars' unchecked frame included, reads all the rows it was given, and
    load_trips takes its columnar path (the run fails a row otherwise)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_load", "--sizes", "300"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.lstrip().startswith("300 ")]
    labels = ["pyarrow.csv.read_csv, trips + sources", "pandas.read_csv, trips + sources",
              "polars frame, typed + sorted, no checks", "travelmap load_trips (fast path)",
              "travelmap load_trips (Parquet)"]
    for label in labels:
        assert any(label in row and "failed" not in row for row in rows), (label, done.stdout)
