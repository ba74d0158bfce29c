"""Load + validate against plain readers of the same file, each in its own process, same run.

    .venv/bin/python -m benchmarks.bench_load                         # 10,000 and 100,000 stops
    .venv/bin/python -m benchmarks.bench_load --sizes 100000,1000000
    .venv/bin/python -m benchmarks.bench_load --sizes 100000 --row-path   # the old path as well

For each size, on seeded synthetic data (benchmarks/synthetic.py, trips.csv + sources.csv):
`pyarrow.csv.read_csv` of both files (the baseline: the same files `load_trips` reads, parsing
only, types inferred), of trips.csv alone (the baseline earlier runs printed: it leaves out the
sources `load_trips` also reads, so its ratio flatters the baseline), `pandas.read_csv` of both,
polars building the typed frame in date order from both without any check (a native,
multi-threaded floor for that part of the work: `_polars_frame`), and travelmap's `load_trips`
(parse, every check, sources attached, the typed frame), which must take the columnar fast
path (the run says so, and fails the row if it did not); with --row-path
also the row-by-row path alone. Then trips.parquet (pyarrow-inferred types) with sources.csv
beside it: `pyarrow.parquet.read_table` + `pyarrow.csv.read_csv` of them, and `load_trips`.
Each figure is one call timed after the imports, in a fresh interpreter (the better of two
calls); "vs both" is the ratio to the first baseline, "vs trips" to trips.csv alone. Peak memory
is that process's peak RSS (imports included), also shown as a multiple of the input's size
(trips.csv + sources.csv, the bytes `load_trips` reads), and what the calls added to the peak
after the imports.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (10_000, 100_000)
BASELINE = "pyarrow.csv.read_csv, trips + sources"
REPEATS = 2  # the best of two calls: the first also pays for thread pools and lazy imports


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: a child started by a big
    parent inherits the parent's ru_maxrss across fork+exec, VmHWM starts afresh."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(kind: str, path: Path) -> dict[str, Any]:
    """One measurement; runs in its own interpreter (see main)."""
    result: dict[str, Any] = {}
    sources = path.with_name("sources.csv")  # what load_trips reads beside the trips file
    if kind == "pyarrow":
        import pyarrow.csv

        def call() -> Any:
            return pyarrow.csv.read_csv(path), pyarrow.csv.read_csv(sources)
    elif kind == "pyarrow-trips":
        import pyarrow.csv

        def call() -> Any:
            return pyarrow.csv.read_csv(path)
    elif kind == "pandas":
        import pandas as pd

        def call() -> Any:
            return pd.read_csv(path), pd.read_csv(sources)
    elif kind == "polars":
        call = _polars_frame(path, sources)
    elif kind == "pyarrow-parquet":
        import pyarrow.csv
        import pyarrow.parquet

        def call() -> Any:
            return pyarrow.parquet.read_table(path), pyarrow.csv.read_csv(sources)
    else:
        from unittest import mock

        from travelmap import loading

        took_fast: list[bool] = []
        fast_path = loading._try_columnar

        def recording(*args: Any, **kwargs: Any) -> Any:
            frame = fast_path(*args, **kwargs)
            took_fast.append(frame is not None)
            return frame

        patch = mock.patch.object(loading, "_try_columnar",
                                  side_effect=recording if kind == "travelmap" else
                                  lambda *a, **k: None)

        def call() -> Any:
            with patch:
                return loading.load_trips(path)
    before = peak_mb()
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        value = call()
        times.append(time.perf_counter() - began)
        first = value[0] if isinstance(value, tuple) else value  # the trips, not the sources
        result["rows"] = len(first) if hasattr(first, "__len__") else first.num_rows
        del value, first  # neither call's result may stay alive through the next
    result["seconds"] = min(times)
    result["first_seconds"] = times[0]
    result["peak_mb"] = peak_mb()
    result["added_mb"] = result["peak_mb"] - before
    if kind == "travelmap":
        result["fast_path"] = bool(took_fast) and all(took_fast)
    return result


def _polars_frame(path: Path, sources: Path) -> Any:
    """The frame-building part of load_trips in polars (native, every core): both files read
    as text, dates, numbers and stop numbers typed strictly, rows sorted by day, trip and stop,
    then handed to pandas as Arrow columns. None of load_trips' checks (quoting, hidden
    characters, vocabularies, stop order, sources per trip): a floor for the frame, not the
    same work."""
    import polars as pl

    def call() -> Any:
        trips = pl.read_csv(path, infer_schema=False)
        listed = pl.read_csv(sources, infer_schema=False)
        typed = trips.with_columns(
            pl.col("start_date").str.to_date("%Y-%m-%d", strict=True),
            pl.col("end_date").str.to_date("%Y-%m-%d", strict=True),
            pl.col("stop_order").cast(pl.Int64, strict=True),
            pl.col("lat").cast(pl.Float64, strict=True),
            pl.col("lon").cast(pl.Float64, strict=True))
        frame = typed.sort(["start_date", "trip_id", "stop_order"])
        return frame.to_pandas(use_pyarrow_extension_array=True), listed

    return call


def measure(kind: str, path: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.bench_load", "--worker", kind, str(path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": tail[:160]}
    return dict(json.loads(lines[-1]))


def write_parquet(csv_path: Path) -> Path:
    """trips.csv as Parquet with the types pyarrow infers (integers, doubles, timestamps)."""
    import pyarrow.csv
    import pyarrow.parquet

    target = csv_path.with_suffix(".parquet")
    pyarrow.parquet.write_table(pyarrow.csv.read_csv(csv_path), target)
    return target


def run(sizes: list[int], *, seed: int, row_path: bool) -> int:
    from benchmarks import synthetic

    failures = 0
    header = (f"{'stops':>9}  {'what':<44} {'seconds':>8} {'vs both':>8} {'vs trips':>8} "
              f"{'peak MB':>8} {'peak/CSV':>8} {'added MB':>8}")
    print(header)
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
            trips = synthetic.write(Path(folder), stops=size, seed=seed)
            trips_mb = trips.stat().st_size / 1024 / 1024
            sources_mb = trips.with_name("sources.csv").stat().st_size / 1024 / 1024
            csv_mb = trips_mb + sources_mb  # both files: what load_trips reads
            parquet = write_parquet(trips)
            kinds = [("pyarrow", trips, BASELINE),
                     ("pyarrow-trips", trips, "pyarrow.csv.read_csv, trips only (old)"),
                     ("pandas", trips, "pandas.read_csv, trips + sources"),
                     ("polars", trips, "polars frame, typed + sorted, no checks"),
                     ("travelmap", trips, "travelmap load_trips (fast path)")]
            if row_path:
                kinds.append(("travelmap-rows", trips, "travelmap load_trips (row path)"))
            kinds += [("pyarrow-parquet", parquet, "pyarrow.parquet.read_table + sources.csv"),
                      ("travelmap", parquet, "travelmap load_trips (Parquet)")]
            baseline: float | None = None
            trips_only: float | None = None
            print(f"{size:>9,}  trips.csv {trips_mb:,.1f} MB + sources.csv {sources_mb:,.1f} MB "
                  f"= {csv_mb:,.1f} MB (peak/CSV divides by this), trips.parquet "
                  f"{parquet.stat().st_size / 1024 / 1024:,.1f} MB")
            for kind, path, label in kinds:
                result = measure(kind, path)
                if "error" in result:
                    failures += 1
                    print(f"{size:>9,}  {label:<44} failed: {result['error']}")
                    continue
                if kind == "pyarrow":
                    baseline = result["seconds"]
                elif kind == "pyarrow-trips":
                    trips_only = result["seconds"]
                note = ""
                if kind == "travelmap" and not result.get("fast_path"):
                    failures += 1
                    note = "  (NOT the fast path: the row path ran)"
                if result["rows"] != size:
                    failures += 1
                    note += f"  ({result['rows']:,} rows, not {size:,})"
                ratio = f"{result['seconds'] / baseline:.1f}x" if baseline else "—"
                old = f"{result['seconds'] / trips_only:.1f}x" if trips_only else "—"
                print(f"{size:>9,}  {label:<44} {result['seconds']:>8.2f} {ratio:>8} {old:>8} "
                      f"{result['peak_mb']:>8.0f} {result['peak_mb'] / csv_mb:>7.1f}x "
                      f"{result['added_mb']:>8.0f}{note}")
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--row-path", action="store_true",
                        help="also time the row-by-row path alone (slow: ~1 minute at 1M)")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], Path(args.worker[1]))))
        return
    sys.exit(run([int(s) for s in args.sizes.split(",")], seed=args.seed,
                 row_path=args.row_path))


if __name__ == "__main__":
    main()
