"""Place look-up as a join (#18): `locate_stops` with a warm place cache against a pandas merge.

Run:  .venv/bin/python -m benchmarks.bench_lookup --sizes 100000,1000000 [--repeat 3]

Per size: seeded synthetic stops (benchmarks/synthetic.py) in the loader's dtypes, a place cache
in a temporary folder made warm first (every distinct place and home capital resolved once from
GeoNames, in memory: neither the bundled cache nor the user's files are written), then, best of
`--repeat` (every stop is looked up unless `--explicit-share` gives some their own lat/lon):
- travelmap: `locate_stops(stops, cache_path=that cache)`, cache file read included; a fresh
  gazetteer is handed in and must stay unloaded, which proves the run was answered warm;
- baseline: `pandas.merge` of the stops' (place, host_country) with the cache's
  (name, country) -> lat, lon, read into a DataFrame beforehand with the same key dtypes.
Both answers are compared (where the merge finds a point, `locate_stops` must give the same one;
the rows it places by a spelling variant the merge misses, "Bogotá" for the cache's "Bogota", are
counted), so the two timings are of the same work. Prints seconds and the ratio; not a test.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from benchmarks import synthetic

from travelmap.geocoding import CacheEntry, Gazetteer, PlaceCache, locate_stops

# The dtypes `travelmap.loading.load_trips` gives these columns (it is too slow at 1M to be the
# set-up of a look-up benchmark: that is the loading benchmark's subject).
DTYPES = {"place": "string", "host_country": "category", "traveller_country": "category",
          "trip_id": "string", "traveller": "category", "lat": "Float64", "lon": "Float64"}


def synthetic_stops(size: int, explicit_share: float) -> pd.DataFrame:
    """`size` seeded synthetic stops with the loader's dtypes and file/row columns."""
    trips, _ = synthetic.generate(stops=size, explicit_share=explicit_share)
    frame = pd.read_csv(io.StringIO(trips), dtype=DTYPES, keep_default_na=False,
                        na_values={"lat": [""], "lon": [""]})
    frame["csv_file"] = "trips.csv"
    frame["csv_row"] = np.arange(2, len(frame) + 2)
    return frame


def warm_cache(stops: pd.DataFrame, cache: Path) -> None:
    """Resolve every distinct place (and home capital) once into `cache`, as a first run would."""
    distinct = stops.drop_duplicates(["place", "host_country", "traveller_country"])
    distinct = distinct.assign(lat=pd.NA, lon=pd.NA)  # a row's own point would bypass the cache
    _, unresolved = locate_stops(distinct, cache_path=cache, write_cache=True,
                                 gazetteer=Gazetteer(disk_cache=False))
    # The few names GeoNames finds ambiguous get a line by hand, as the report asks a user to do:
    # otherwise every later run asks the gazetteer again and no run is warm.
    where = {(city.name, city.country): city for city in synthetic.cities()}
    manual = PlaceCache.load(cache)
    for name, country in unresolved.keys:
        city = where[(name, country or "")]
        manual.put(CacheEntry(name, country or "", city.lat, city.lon, "manual", "", 1.0))
    manual.save()


def merge_baseline(stops: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The floor: a left merge on the same keys."""
    return stops[["place", "host_country"]].merge(
        table, how="left", left_on=["place", "host_country"], right_on=["name", "country"])


def best_of(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def measure(size: int, repeat: int, explicit_share: float) -> None:
    stops = synthetic_stops(size, explicit_share)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "places.csv"
        warm_cache(stops, cache)
        table = pd.read_csv(cache, usecols=["name", "country", "lat", "lon"],
                            dtype={"name": "string", "country": "string"},
                            keep_default_na=False)
        # The keys in the stops' own dtypes: the fastest merge pandas offers here (a category
        # column merged with a text one is cast to objects first, ~3x slower).
        hosts = stops["host_country"].dtype
        if isinstance(hosts, pd.CategoricalDtype):  # home capitals no stop is in match nothing
            table = table[table["country"].isin(hosts.categories)]
        table = table.astype({"name": stops["place"].dtype, "country": hosts})
        fresh = Gazetteer(disk_cache=False)
        ours, (located, unresolved) = best_of(
            repeat, lambda: locate_stops(stops, cache_path=cache, gazetteer=fresh))
        floor, merged = best_of(repeat, lambda: merge_baseline(stops, table))
    if fresh.built or fresh.lookups:
        raise SystemExit(f"{size:,} stops: the gazetteer was used, the cache was not warm")
    own = stops["lat"].notna() & stops["lon"].notna()
    # Rows of a place that some row gives lat/lon for take that point, not the cache's.
    looked_up = ~own.groupby([stops["place"], stops["host_country"]], observed=True
                             ).transform("any").to_numpy(dtype=bool)
    variants = 0
    for column in ("lat", "lon"):
        ours_ = located[column].to_numpy(dtype="float64", na_value=np.nan)[looked_up]
        theirs = merged[column].to_numpy(dtype="float64", na_value=np.nan)[looked_up]
        joined = ~np.isnan(theirs)
        if not np.array_equal(ours_[joined], theirs[joined], equal_nan=True):
            raise SystemExit(f"{size:,} stops: locate_stops and the merge disagree on {column}")
        # The cache matches spellings alike ("Bogotá" finds "Bogota"); a merge on text does not.
        variants = int((~joined & ~np.isnan(ours_)).sum())
    print(f"{size:>9,} stops, {stops['place'].nunique():,} places, {int(own.sum()):,} with their "
          f"own lat/lon, {int(looked_up.sum()):,} looked up ({variants:,} by a "
          f"spelling the merge misses), {unresolved.stop_count:,} unresolved: "
          f"locate_stops {ours:.3f} s, pandas merge {floor:.3f} s, ratio {ours / floor:.1f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="comma-separated stop counts (default: 100000,1000000)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--explicit-share", type=float, default=0.0,
                        help="share of stops giving their own lat/lon (default 0: every stop "
                             "is looked up)")
    args = parser.parse_args(argv)
    print("place look-up, warm place cache: travelmap locate_stops vs a pandas merge on the same "
          f"keys (best of {args.repeat})")
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        measure(size, args.repeat, args.explicit_share)


if __name__ == "__main__":
    main()
