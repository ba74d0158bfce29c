"""How long a slider move takes in the dashboard with 10,000 stops loaded (target: < 300 ms).

Uploads 10,000 synthetic stops (explicit coordinates, so no geocoding) into the real page through
Streamlit's AppTest, then times full script reruns after moving the slider or a filter. AppTest
adds its own overhead (it parses the whole element tree after every run), so these figures are an
upper bound on the server-side cost. Also times the first load (validation + map data + table).

    .venv/bin/python benchmarks/bench_dashboard.py [--stops 10000] [--moves 15] [--browser]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

TARGET_MS = 300.0
TRAVELLERS = [("Vladimir Putin", "RUS"), ("Kim Jong Un", "PRK"), ("Xi Jinping", "CHN"),
              ("Narendra Modi", "IND"), ("Joe Biden", "USA"), ("Recep Tayyip Erdogan", "TUR"),
              ("Emmanuel Macron", "FRA"), ("Luiz Inacio Lula da Silva", "BRA")]
HOSTS = ["CHN", "PRK", "VNM", "IND", "JPN", "KAZ", "UZB", "TUR", "IRN", "BRA", "ZAF", "EGY",
         "DEU", "FRA", "USA", "MNG", "IDN", "ARE", "SAU", "BLR"]
TYPES = ["state", "official", "working", "summit", "multilateral", "transit"]


def synthetic_csvs(n_stops: int, *, seed: int = 7) -> tuple[bytes, bytes]:
    """Trips and sources CSVs with `n_stops` stops in tours of 1-6 stops, 1990-2025."""
    rng = random.Random(seed)
    trips = io.StringIO()
    sources = io.StringIO()
    trips.write("trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,"
                "start_date,end_date,visit_type,counterpart,outcome,note\n")
    sources.write("trip_id,outlet,title,url,published\n")
    made, trip = 0, 0
    while made < n_stops:
        trip += 1
        who, home = rng.choice(TRAVELLERS)
        day = date(1990, 1, 1) + timedelta(days=rng.randrange(365 * 35))
        trip_id = f"trip-{trip:05d}"
        for order in range(1, min(rng.randint(1, 6), n_stops - made) + 1):
            host = rng.choice(HOSTS)
            stay = rng.randint(0, 3)
            trips.write(f"{trip_id},{order},{who},{home},{host},Place {trip}-{order},"
                        f"{rng.uniform(-50, 65):.4f},{rng.uniform(-170, 170):.4f},"
                        f"{day.isoformat()},{(day + timedelta(days=stay)).isoformat()},"
                        f"{rng.choice(TYPES)},Host leader {host},Talks held,\n")
            day += timedelta(days=stay + 1)
            made += 1
        sources.write(f"{trip_id},Synthetic Wire,Report on {trip_id},"
                      f"https://example.org/{trip_id},{day.isoformat()}\n")
    return trips.getvalue().encode(), sources.getvalue().encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=10_000)
    parser.add_argument("--moves", type=int, default=15)
    parser.add_argument("--browser", action="store_true",
                        help="also time slider moves in headless Chromium on a real server")
    args = parser.parse_args()

    import logging

    from streamlit.testing.v1 import AppTest

    from travelmap.dashboard import state

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    trips, sources = synthetic_csvs(args.stops)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
    at.run()
    at.file_uploader(key=state.TRIPS_UPLOAD).set_value(("trips.csv", trips, "text/csv"))
    at.file_uploader(key=state.SOURCES_UPLOAD).set_value(("sources.csv", sources, "text/csv"))
    started = time.perf_counter()
    at.run()
    first_load = time.perf_counter() - started
    if at.exception:
        print(at.exception)
        return 2
    summary = next(m.value for m in at.markdown if m.value.startswith("Showing"))
    if f"**{args.stops} stops" not in summary:  # e.g. the upload was over the size limit
        errors = [e.value for e in at.error]
        print(f"dashboard benchmark: the page does not show the {args.stops:,} uploaded stops "
              f"({summary!r}; {errors}): nothing measured")
        return 2
    span = at.slider(key=state.WINDOW).value
    print(f"dashboard benchmark: {args.stops:,} stops, {len(trips) / 1e6:.1f} MB upload")
    print(f"  first load (validate, map data, table): {first_load * 1000:8.0f} ms   {summary}")

    rng = random.Random(1)
    days = (span[1] - span[0]).days

    def timed(change: str) -> float:
        if change == "slider":
            a, b = sorted(rng.sample(range(days + 1), 2))
            at.slider(key=state.WINDOW).set_value(
                (span[0] + timedelta(days=a), span[0] + timedelta(days=b)))
        else:
            at.multiselect(key=state.TRAVELLERS).set_value(
                rng.sample(at.multiselect(key=state.TRAVELLERS).options, 2))
        t = time.perf_counter()
        at.run()
        return (time.perf_counter() - t) * 1000

    timed("slider")  # warm up
    results = {}
    for change in ("slider", "filter"):
        times = [timed(change) for _ in range(args.moves)]
        results[change] = times
        print(f"  {change} move, full rerun: median {statistics.median(times):6.0f} ms, "
              f"max {max(times):6.0f} ms over {len(times)} moves")
    at.multiselect(key=state.TRAVELLERS).set_value([])
    at.slider(key=state.WINDOW).set_value(span)
    at.run()
    full = []
    for _ in range(5):
        t = time.perf_counter()
        at.run()
        full.append((time.perf_counter() - t) * 1000)
    print(f"  rerun with all {args.stops:,} stops visible: "
          f"median {statistics.median(full):6.0f} ms")
    median = statistics.median(results["slider"])
    print(f"  target: slider move < {TARGET_MS:.0f} ms -> "
          f"{'OK' if median < TARGET_MS else 'OVER TARGET'}")
    if args.browser:
        browser_figures(trips, sources, moves=args.moves)
    return 0 if median < TARGET_MS else 1


def browser_figures(trips: bytes, sources: bytes, *, moves: int) -> None:
    """Slider key press to redrawn map in headless Chromium against a real `streamlit run`."""
    import socket
    import subprocess
    import tempfile
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    n_stops = len(trips.splitlines()) - 1
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.25)
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
            (Path(tmp) / "trips.csv").write_bytes(trips)
            (Path(tmp) / "sources.csv").write_bytes(sources)
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 headless=True, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.wait_for_selector('iframe[src*="trip_map"]', timeout=120_000)
            inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
            inputs.nth(0).set_input_files(str(Path(tmp) / "trips.csv"))
            inputs.nth(1).set_input_files(str(Path(tmp) / "sources.csv"))
            frame = next(f for f in page.frames if "trip_map" in f.url)
            t = time.perf_counter()
            frame.wait_for_function(f"window.__travelmap.drawn === {n_stops}", timeout=300_000)
            print(f"  browser: {n_stops:,} stops drawn "
                  f"{(time.perf_counter() - t) * 1000:.0f} ms after the upload")
            thumb = page.get_by_role("slider").first
            thumb.focus()
            times = []
            for i in range(moves):
                before = frame.evaluate("window.__travelmap.drawn")
                t = time.perf_counter()
                thumb.press("End" if i % 2 == 0 else "Home")
                frame.wait_for_function(f"window.__travelmap.drawn !== {before}",
                                        polling="raf", timeout=60_000)
                times.append((time.perf_counter() - t) * 1000)
            loads = frame.evaluate("window.__travelmap.payloadLoads")
            print(f"  browser: slider key press to redrawn map: median "
                  f"{statistics.median(times):6.0f} ms, max {max(times):6.0f} ms over {moves} "
                  f"moves (all stops <-> the last day); map data fetched {loads}x")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    raise SystemExit(main())
