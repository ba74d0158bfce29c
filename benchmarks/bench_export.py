"""How long each export takes and how big it gets, on the bundled data and on synthetic scale-ups.

    .venv/bin/python benchmarks/bench_export.py                 # bundled, 1,000 and 10,000 stops
    .venv/bin/python benchmarks/bench_export.py --sizes 0,5000 --formats png,geojson

Size 0 means the bundled data as it is. Larger sets repeat the bundled tours with each copy's
places moved by up to ±2° (so route legs are not all cache hits) and dates shifted by whole years.
Each figure is the best of --repeat runs of `travelmap.export.export` to a temporary directory.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from travelmap.export import FORMATS, export
from travelmap.geocoding import placed as located
from travelmap.loading import load_trips


def scaled(stops: pd.DataFrame, size: int, *, seed: int = 6) -> pd.DataFrame:
    """`size` stops made of shifted copies of the bundled tours."""
    if size <= 0:
        return stops
    rng = np.random.default_rng(seed)
    copies = []
    for copy in range(-(-size // len(stops))):
        shifted = stops.copy()
        shift = rng.uniform(-2, 2, size=2) if copy else np.zeros(2)
        shifted["trip_id"] = shifted["trip_id"] + f"-{copy}"
        shifted["lat"] = (shifted["lat"] + shift[0]).clip(-85, 85)
        shifted["lon"] = shifted["lon"] + shift[1]
        years = pd.DateOffset(years=copy % 20)
        shifted["start_date"] = shifted["start_date"] + years
        shifted["end_date"] = shifted["end_date"] + years
        copies.append(shifted)
    return pd.concat(copies, ignore_index=True).head(size)


def best_of(repeat: int, stops: pd.DataFrame, target: Path) -> float:
    """Seconds for the fastest of `repeat` exports of `stops` to `target`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        export(stops, target, title="Benchmark")
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000,10000")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    bundled = located(load_trips())
    print(f"load + locate bundled data: {time.perf_counter() - start:.2f} s "
          f"({len(bundled)} stops)")
    print(f"{'stops':>7} {'format':>8} {'seconds':>8} {'size':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            stops = scaled(bundled, size)
            for fmt in args.formats.split(","):
                target = Path(folder) / f"bench.{fmt}"
                seconds = best_of(args.repeat, stops, target)
                print(f"{len(stops):>7} {fmt:>8} {seconds:>8.2f} "
                      f"{target.stat().st_size / 1e6:>8.2f} MB", flush=True)


if __name__ == "__main__":
    main()
