"""How fast the map page builds, how small it is and how fast it draws (issues #4 and #18).

Run:  .venv/bin/python benchmarks/bench_map.py [--sizes 100000,1000000] [--cache DIR]
      [--no-browser] [--compare 5000] [--repeat 1]

For each size, on benchmarks/synthetic.py's seeded trips (loaded by travelmap's own loader, every
row with coordinates, so nothing is geocoded; loading is not timed here, run_all times it):
- HTML build (build_map + render_html) against folium.plugins.FastMarkerCluster's page of the
  same points, built in the same process right after (ratio < 1: travelmap is faster);
- bytes per stop of each page, raw and gzip, beside the data's own Parquet size (trips.csv and
  sources.csv read by pyarrow and written as Parquet, snappy): the floor for the same facts;
- in Chromium (system /usr/bin/chromium, network blocked): the first full drawing
  (`handle.readyAt`, ms after navigation began) and a timeline change (`handle.lastDrawMs`, the
  redraw in the page, and to the next painted frame), median of several dates.
Then a routed case at the route limit and, with --compare, the plain folium way (a Marker and
Popup per stop) at a size it can manage.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks.synthetic

from travelmap.model import Source  # noqa: E402

TRAVELLERS = [("Vladimir Putin", "RUS"), ("Kim Jong Un", "PRK"), ("Xi Jinping", "CHN"),
              ("Joe Biden", "USA"), ("Narendra Modi", "IND"), ("Emmanuel Macron", "FRA"),
              ("Luiz Inácio Lula da Silva", "BRA"), ("Recep Tayyip Erdoğan", "TUR"),
              ("Cyril Ramaphosa", "ZAF"), ("Fumio Kishida", "JPN")]
HOSTS = ["CHN", "PRK", "VNM", "MNG", "IND", "USA", "RUS", "BRA", "ZAF", "TUR", "FRA", "JPN"]
VISIT_TYPES = ["state", "official", "working", "summit", "multilateral", "transit"]


def synthetic_stops(count: int, *, stops_per_tour: int = 4, seed: int = 7) -> pd.DataFrame:
    """`count` stops shaped like the loader's DataFrame, spread over 1950-2025 and the world."""
    rng = np.random.default_rng(seed)
    tours = -(-count // stops_per_tour)
    tour_of = np.repeat(np.arange(tours), stops_per_tour)[:count]
    order = np.tile(np.arange(1, stops_per_tour + 1), tours)[:count]
    who = rng.integers(0, len(TRAVELLERS), tours)[tour_of]
    tour_start = pd.Timestamp("1950-01-01") + pd.to_timedelta(
        rng.integers(0, 365 * 75, tours), unit="D")
    start = tour_start[tour_of] + pd.to_timedelta((order - 1) * 2, unit="D")
    end = start + pd.to_timedelta(rng.integers(0, 3, count), unit="D")
    lat = rng.uniform(-45, 65, count).round(4)
    lon = rng.uniform(-170, 175, count).round(4)
    sources = [(Source("Reuters", f"Leader visits place {t}", f"https://example.org/{t}",
                       "2024-01-01"),) for t in range(tours)]
    frame = pd.DataFrame({
        "trip_id": pd.array([f"trip-{t:06d}" for t in tour_of], dtype="string"),
        "stop_order": pd.array(order, dtype="Int64"),
        "traveller": pd.Categorical([TRAVELLERS[w][0] for w in who]),
        "traveller_country": pd.Categorical([TRAVELLERS[w][1] for w in who]),
        "host_country": pd.Categorical(rng.choice(HOSTS, count)),
        "visit_type": pd.Categorical(rng.choice(VISIT_TYPES, count)),
        "place": pd.array([f"Place {i}" for i in range(count)], dtype="string"),
        "counterpart": pd.array([f"Counterpart {i % 997}" for i in range(count)], dtype="string"),
        "outcome": pd.array(["Joint statement on strategic partnership signed"] * count,
                            dtype="string"),
        "note": pd.array([None] * count, dtype="string"),
        "lat": pd.array(lat, dtype="Float64"),
        "lon": pd.array(lon, dtype="Float64"),
        "start_date": start,
        "end_date": end,
        "sources": [sources[t] for t in tour_of],
    })
    return frame.sort_values(["start_date", "trip_id", "stop_order"], ignore_index=True)


def build(stops: pd.DataFrame, *, repeat: int = 1, **options: object) -> tuple[str, float, float]:
    """HTML, best wall seconds and best CPU seconds of `repeat` builds (CPU time is what this
    process spent, so other load on the machine does not inflate it)."""
    from travelmap.mapping import build_map, render_html

    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        html = render_html(build_map(stops, title="Benchmark", **options))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return html, min(walls), min(cpus)


def folium_markers(stops: pd.DataFrame) -> tuple[str, float]:
    """The plain folium way: one Marker and Popup per stop (with folium's CDN links)."""
    import folium

    began = time.perf_counter()
    m = folium.Map(tiles=None)
    for row in stops.itertuples():
        folium.Marker([row.lat, row.lon], tooltip=str(row.place),
                      popup=folium.Popup(f"{row.place}: {row.counterpart}")).add_to(m)
    html = m.get_root().render()
    return html, time.perf_counter() - began


def draw_seconds(html: str, *, timeout_s: float = 300.0,
                 dates: tuple[str, ...] = ()) -> dict[str, Any]:
    """Seconds until every stop is drawn in headless Chromium, every off-disk request blocked;
    with `dates`, the in-page redraw ms (`lastDrawMs`) and ms to the next painted frame of a
    timeline change to each date (medians)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "map.html"
        path.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        blocked: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            "file:") else (blocked.append(route.request.url), route.abort()))
        page = context.new_page()
        began = time.perf_counter()
        page.goto(path.as_uri(), timeout=timeout_s * 1000)
        page.wait_for_function("window.travelmap && window.travelmap.ready === true",
                               timeout=timeout_s * 1000)
        loaded = time.perf_counter() - began
        in_page = page.evaluate("window.travelmap.readyAt") / 1000
        drawn = page.evaluate("window.travelmap.drawnStops")
        began = time.perf_counter()
        page.evaluate("window.travelmap.setDate('1990-01-01')")
        moved = time.perf_counter() - began
        after = page.evaluate("window.travelmap.drawnStops")
        redraws, frames = [], []
        for day in dates:
            redraw, frame = page.evaluate(
                "(day) => new Promise((done) => { const h = window.travelmap;"
                " const t = performance.now(); h.setDate(day); const ms = h.lastDrawMs;"
                " requestAnimationFrame(() => requestAnimationFrame("
                "() => done([ms, performance.now() - t]))); })", day)
            redraws.append(redraw)
            frames.append(frame)
        browser.close()
    return {"open_s": loaded, "in_page_s": in_page, "drawn": drawn, "timeline_move_s": moved,
            "drawn_1990": after, "blocked": len(blocked),
            "redraw_ms": statistics.median(redraws) if redraws else None,
            "frame_ms": statistics.median(frames) if frames else None}


def folium_draw_seconds(html: str, *, timeout_s: float) -> float | None:
    """Seconds until folium's markers are in the DOM (CDN blocked, so Leaflet may never load)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "map.html"
        path.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            "file:") else route.abort())
        began = time.perf_counter()
        try:
            page.goto(path.as_uri(), timeout=timeout_s * 1000)
            page.wait_for_selector(".leaflet-marker-icon", timeout=timeout_s * 1000)
        except Exception:  # noqa: BLE001 - offline, folium's page never draws: that is the point
            return None
        finally:
            elapsed = time.perf_counter() - began
            browser.close()
        return elapsed


def megabytes(text: str) -> tuple[float, float]:
    raw = text.encode("utf-8")
    return len(raw) / 1e6, len(gzip.compress(raw, 6)) / 1e6


def located_trips(stops: int, *, seed: int, cache: Path | None) -> tuple[pd.DataFrame, Path]:
    """synthetic.py's trips of `stops` rows, every row with coordinates, through travelmap's own
    loader (kept in `cache` between runs: loading 1M rows takes minutes; not what is measured)."""
    from benchmarks import synthetic

    from travelmap.loading import load_trips

    folder = (cache or Path(tempfile.mkdtemp(prefix="bench-map-"))) / f"syn-{stops}-{seed}"
    if not (folder / "trips.csv").exists():
        synthetic.write(folder, stops=stops, seed=seed, explicit_share=1.0)
    pickled = folder / "loaded.pkl"
    if pickled.exists():
        return pd.read_pickle(pickled), folder
    frame = load_trips(folder / "trips.csv")
    frame.to_pickle(pickled)
    return frame, folder


def parquet_bytes(folder: Path) -> int:
    """The data's own columns as Parquet (pyarrow's defaults): trips.csv + sources.csv."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    total = 0
    for name in ("trips.csv", "sources.csv"):
        sink = pa.BufferOutputStream()
        pq.write_table(pacsv.read_csv(folder / name), sink)
        total += sink.getvalue().size
    return total


def fast_marker_cluster(stops: pd.DataFrame) -> tuple[str, float, float]:
    """folium.plugins.FastMarkerCluster's page of the same points (its documented use: a list
    of [lat, lon]); HTML, wall and CPU seconds from the DataFrame to the rendered page."""
    import folium
    from folium.plugins import FastMarkerCluster

    wall, cpu = time.perf_counter(), time.process_time()
    m = folium.Map(location=[30, 60], zoom_start=2, tiles=None)
    FastMarkerCluster(stops[["lat", "lon"]].astype("float64").to_numpy().tolist()).add_to(m)
    html = m.get_root().render()
    return html, time.perf_counter() - wall, time.process_time() - cpu


def per_stop(count: int, size_bytes: float) -> str:
    return f"{size_bytes / count:.1f}"


def measure_size(count: int, args: argparse.Namespace) -> None:
    """Build, size and draw at one size; print one block of figures."""
    began = time.perf_counter()
    stops, folder = located_trips(count, seed=args.seed, cache=args.cache)
    trips = stops["trip_id"].nunique()
    print(f"\n== {len(stops):,} stops (synthetic.py seed {args.seed}, {trips:,} trips; loaded "
          f"in {time.perf_counter() - began:.1f} s, not timed below)")
    floor = parquet_bytes(folder)
    html, wall, cpu = build(stops, repeat=args.repeat)
    runs = [fast_marker_cluster(stops) for _ in range(args.repeat)]  # best of as many
    fmc_html = runs[0][0]
    fmc_wall, fmc_cpu = min(run[1] for run in runs), min(run[2] for run in runs)
    raw, packed = megabytes(html)
    fmc_raw, fmc_packed = megabytes(fmc_html)
    print(f"HTML build: travelmap {wall:.2f} s wall ({cpu:.2f} s CPU); FastMarkerCluster "
          f"{fmc_wall:.2f} s wall ({fmc_cpu:.2f} s CPU); ratio {wall / fmc_wall:.2f} wall, "
          f"{cpu / fmc_cpu:.2f} CPU (< 1: travelmap faster)")
    print(f"bytes per stop, raw / gzip: travelmap {per_stop(len(stops), raw * 1e6)} / "
          f"{per_stop(len(stops), packed * 1e6)} ({raw:.1f} MB / {packed:.1f} MB); "
          f"FastMarkerCluster {per_stop(len(stops), fmc_raw * 1e6)} / "
          f"{per_stop(len(stops), fmc_packed * 1e6)} (points only); the data as Parquet "
          f"{per_stop(len(stops), floor)} ({floor / 1e6:.1f} MB, the floor)")
    if not args.no_browser:
        dates = ("1960-06-01", "1975-01-01", "1990-01-01", "2005-06-01", "2020-01-01")
        drawn = draw_seconds(html, dates=dates)
        print(f"Chromium: first full drawing of {drawn['drawn']:,} stops "
              f"{drawn['in_page_s']:.2f} s after navigation began ({drawn['open_s']:.2f} s as "
              f"Playwright saw it); timeline change: {drawn['redraw_ms']:.0f} ms redraw in the "
              f"page, {drawn['frame_ms']:.0f} ms to the next painted frame (median of "
              f"{len(dates)} dates); requests blocked: {drawn['blocked']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000",
                        help="comma-separated stop counts, e.g. 100000,1000000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the synthetic data and loaded frames here between runs")
    parser.add_argument("--compare", type=int, default=0,
                        help="stops for the plain-folium Marker+Popup comparison (0: skip)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds per size, of each page; the best of each is shown")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(wall times grow with other load; CPU times and ratios less so)")

    began = time.perf_counter()
    import travelmap.mapping  # noqa: F401
    from travelmap.assets import leaflet_js

    leaflet_js()
    print(f"import travelmap.mapping + load Leaflet from folium-offline: "
          f"{time.perf_counter() - began:.2f} s (once per process)")
    began = time.process_time()
    build(synthetic_stops(40))  # warm caches: outlines, ICC table, capitals
    print(f"first map in a process (outlines, ICC table, home capitals from the gazetteer): "
          f"{time.process_time() - began:.2f} s CPU once")
    for count in (int(size) for size in args.sizes.split(",")):
        measure_size(count, args)

    from travelmap.mapping import ROUTE_LEG_LIMIT

    routed = synthetic_stops(ROUTE_LEG_LIMIT * 4 // 5, seed=11)  # 4 stops + home: 5 legs a tour
    html, wall, cpu = build(routed, repeat=args.repeat)
    raw, packed = megabytes(html)
    print(f"\ntravelmap, {len(routed):,} stops in {len(routed) // 4:,} tours = "
          f"{ROUTE_LEG_LIMIT:,} geodesic legs (the route limit): build+render {cpu:.2f} s CPU "
          f"({wall:.2f} s wall), HTML {raw:.1f} MB ({packed:.1f} MB gzip)")
    if not args.no_browser:
        drawn = draw_seconds(html)
        print(f"  Chromium: {drawn['drawn']:,} stops + routes drawn {drawn['in_page_s']:.2f} s "
              "after navigation started")

    if args.compare:
        sample = synthetic_stops(args.compare)
        cpu = time.process_time()
        html, wall = folium_markers(sample)
        cpu = time.process_time() - cpu
        raw, packed = megabytes(html)
        print(f"plain folium Marker+Popup per stop, {len(sample):,} stops: build+render "
              f"{cpu:.2f} s CPU ({wall:.2f} s wall), HTML {raw:.1f} MB ({packed:.1f} MB gzip)")
        if not args.no_browser:
            shown = folium_draw_seconds(html, timeout_s=60)
            print("  Chromium, network blocked: " + (
                "blank page (Leaflet comes from a CDN)" if shown is None
                else f"markers in the DOM after {shown:.2f} s"))


if __name__ == "__main__":
    main()
