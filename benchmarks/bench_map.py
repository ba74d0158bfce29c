"""How fast the map builds and draws (issue #4: 100,000 stops, < 3 s each), vs plain folium.

Run:  .venv/bin/python benchmarks/bench_map.py [--stops 100000] [--compare 5000] [--no-browser]

Prints, for synthetic stops (fixed seed, realistic text lengths, tours of four stops):
- Python: seconds to build the map and render its standalone HTML, HTML size (raw, gzip);
- Chromium (system /usr/bin/chromium, network blocked): seconds from navigation to every stop
  drawn (`window.travelmap.drawnStops`), and after moving the timeline once;
- the same data drawn the folium way (one `folium.Marker` + `Popup` per stop) at `--compare` stops,
  since at 100,000 that takes minutes (FIELD.md: 138 s, 141 MB);
- a routed case at the route limit (2,000 legs from and to the home capitals).
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

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


def draw_seconds(html: str, *, timeout_s: float = 120.0) -> dict[str, float]:
    """Seconds until every stop is drawn in headless Chromium, every off-disk request blocked."""
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
        browser.close()
    return {"open_s": loaded, "in_page_s": in_page, "drawn": drawn, "timeline_move_s": moved,
            "drawn_1990": after, "blocked": len(blocked)}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=100_000)
    parser.add_argument("--compare", type=int, default=5_000,
                        help="stops for the plain-folium comparison (0 to skip)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="builds per case; best is shown")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(wall times grow with other load; CPU times do not)")

    began = time.perf_counter()
    import travelmap.mapping  # noqa: F401
    from travelmap.assets import leaflet_js

    leaflet_js()
    print(f"import travelmap.mapping + load Leaflet from folium-offline: "
          f"{time.perf_counter() - began:.2f} s (once per process)")

    stops = synthetic_stops(args.stops)
    began = time.process_time()
    build(stops.drop_duplicates("traveller"))  # warm caches: outlines, ICC table, capitals
    print(f"first map in a process (outlines, ICC table, home capitals from the gazetteer): "
          f"{time.process_time() - began:.2f} s CPU once")
    html, wall, cpu = build(stops, repeat=args.repeat)
    raw, packed = megabytes(html)
    print(f"travelmap, {len(stops):,} stops: build+render {cpu:.2f} s CPU ({wall:.2f} s wall), "
          f"HTML {raw:.1f} MB ({packed:.1f} MB gzip)")
    if not args.no_browser:
        drawn = draw_seconds(html)
        print(f"  Chromium: all {drawn['drawn']:,} stops drawn {drawn['in_page_s']:.2f} s after "
              f"navigation started ({drawn['open_s']:.2f} s as Playwright saw it)")
        print(f"  timeline move to 1990: {drawn['timeline_move_s']:.2f} s "
              f"({drawn['drawn_1990']:,} stops); requests blocked: {drawn['blocked']}")

    from travelmap.mapping import ROUTE_LEG_LIMIT

    routed = synthetic_stops(ROUTE_LEG_LIMIT * 4 // 5, seed=11)  # 4 stops + home: 5 legs a tour
    html, wall, cpu = build(routed, repeat=args.repeat)
    raw, packed = megabytes(html)
    print(f"travelmap, {len(routed):,} stops in {len(routed) // 4:,} tours = {ROUTE_LEG_LIMIT:,} "
          f"geodesic legs (the route limit): build+render {cpu:.2f} s CPU ({wall:.2f} s wall), "
          f"HTML {raw:.1f} MB ({packed:.1f} MB gzip)")
    if not args.no_browser:
        drawn = draw_seconds(html)
        print(f"  Chromium: {drawn['drawn']:,} stops + routes drawn {drawn['in_page_s']:.2f} s "
              "after navigation started")

    if args.compare:
        sample = stops.head(args.compare)
        html, wall, cpu = build(sample, repeat=args.repeat)
        print(f"travelmap, {len(sample):,} stops: build+render {cpu:.2f} s CPU "
              f"({wall:.2f} s wall), HTML {megabytes(html)[0]:.1f} MB")
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
