"""Seconds for the static map (PNG by default) against a bare matplotlib scatter of the same points.

    .venv/bin/python -m benchmarks.bench_static --sizes 100000,1000000
    .venv/bin/python -m benchmarks.bench_static --sizes 2000 --format svg

For each size: seeded synthetic trips (`benchmarks/synthetic.py`, every row with its own
coordinates, so no geocoding is timed) are loaded once by `load_trips` in a process of their own
and handed to two more processes as a pickle:

- travelmap: `travelmap.export.export(stops, "map.png", title=...)` at the default page
  (11×7.5 in, 150 dpi), first call in that process (matplotlib and travelmap already imported):
  what `travelmap export` spends after loading;
- baseline: a bare matplotlib scatter of the same points: one `Axes.scatter` of every stop's
  (lon, lat) in one colour, same marker size, same page size and dpi, saved in the same format.

Both are timed on the wall clock and in CPU seconds of their process (on a shared machine the
wall clock also counts other processes' turns). The ratios are travelmap ÷ baseline (the goal:
5× or less at a million stops). Each process is fresh, so neither warms the other's caches.
Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Benchmark"


class Clock:
    """Wall and CPU seconds of a block: on a shared machine the wall clock also counts the time
    other processes had the CPU; this process's CPU time does not."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.result = {"seconds": time.perf_counter() - self.wall,
                       "cpu": time.process_time() - self.cpu}


def worker_prepare(folder: Path, stops: int, seed: int) -> dict[str, Any]:
    """Write the synthetic CSV, load it as the CLI does, and pickle the frame for the others."""
    from benchmarks import synthetic

    from travelmap.loading import load_trips

    path = synthetic.write(folder / "data", stops=stops, seed=seed, explicit_share=1.0)
    start = time.perf_counter()
    frame = load_trips(path)
    seconds = time.perf_counter() - start
    frame.to_pickle(folder / "stops.pkl")
    return {"stops": len(frame), "load_s": seconds}


def worker_travelmap(folder: Path, fmt: str) -> dict[str, Any]:
    import pandas as pd

    import travelmap.export.static  # noqa: F401 - imported before the clock starts, as baseline's
    from travelmap.export import export

    stops = pd.read_pickle(folder / "stops.pkl")
    target = folder / f"travelmap.{fmt}"
    with Clock() as clock:
        export(stops, target, title=TITLE)
    return {**clock.result, "bytes": target.stat().st_size}


def worker_baseline(folder: Path, fmt: str) -> dict[str, Any]:
    import numpy as np
    import pandas as pd
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from travelmap.export import DEFAULT_DPI, DEFAULT_HEIGHT_IN, DEFAULT_WIDTH_IN
    from travelmap.export.static import STOP_SIZE

    stops = pd.read_pickle(folder / "stops.pkl")
    lon = stops["lon"].to_numpy(dtype=np.float64, na_value=np.nan)
    lat = stops["lat"].to_numpy(dtype=np.float64, na_value=np.nan)
    target = folder / f"baseline.{fmt}"
    with Clock() as clock:
        figure = Figure(figsize=(DEFAULT_WIDTH_IN, DEFAULT_HEIGHT_IN), dpi=DEFAULT_DPI)
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        ax.scatter(lon, lat, s=STOP_SIZE)
        figure.savefig(target, format=fmt, dpi=DEFAULT_DPI)
    return {**clock.result, "bytes": target.stat().st_size}


WORKERS = {"prepare": worker_prepare, "travelmap": worker_travelmap, "baseline": worker_baseline}


def run_worker(kind: str, folder: Path, *extra: str) -> dict[str, Any]:
    """Run one worker in a fresh interpreter; its last stdout line is its JSON result."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_static", "--worker", kind,
                           "--folder", str(folder), *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"{kind} worker failed: {tail}")
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--format", default="png", choices=("png", "svg", "pdf"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stops", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "prepare":
        print(json.dumps(worker_prepare(args.folder, args.stops, args.seed)))
        return
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args.folder, args.format)))
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    print(f"static {args.format.upper()}, {sys.platform}, {os.cpu_count()} cores, seed {args.seed}")
    print(f"{'stops':>9} {'travelmap wall / cpu':>21} {'bare scatter wall / cpu':>24} "
          f"{'ratio wall / cpu':>17} {'travelmap file':>15}")
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"travelmap-bench-static-{size}-") as tmp:
            folder = Path(tmp)
            prepared = run_worker("prepare", folder, "--stops", str(size),
                                  "--seed", str(args.seed))
            ours = run_worker("travelmap", folder, "--format", args.format)
            theirs = run_worker("baseline", folder, "--format", args.format)
        wall, cpu = ours["seconds"] / theirs["seconds"], ours["cpu"] / theirs["cpu"]
        print(f"{prepared['stops']:>9,} {ours['seconds']:>9.2f} s / {ours['cpu']:>5.2f} s "
              f"{theirs['seconds']:>12.2f} s / {theirs['cpu']:>5.2f} s "
              f"{wall:>8.1f}× / {cpu:>4.1f}× {ours['bytes'] / 1e6:>12.2f} MB", flush=True)


if __name__ == "__main__":
    main()
