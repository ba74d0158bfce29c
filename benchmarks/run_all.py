"""One command, one table: travelmap against the plain-folium way, at several sizes, same run.

    .venv/bin/python -m benchmarks.run_all                      # 1,000 / 10,000 / 100,000 stops
    .venv/bin/python -m benchmarks.run_all --sizes 1000,10000
    .venv/bin/python -m benchmarks.run_all --quick              # tiny, for the smoke test

For each size, on seeded synthetic data (benchmarks/synthetic.py): load+validate (beside
pyarrow.csv.read_csv of the same trips and sources files, its baseline; benchmarks/bench_load.py
has more), offline geocoding cold (no gazetteer index on disk, empty place cache), with the
gazetteer index on disk (a later process), and warm (every place in the place cache), HTML
build, HTML size raw and gzip, time to first full draw in headless Chromium, dashboard slider-
move rerun (Streamlit AppTest), static PNG, and peak memory. The plain-folium way (one
`folium.Marker` with a `Popup` per stop, a `PolyLine` per leg) is built and drawn from the same
located stops.

Each measurement runs in its own Python process, so peak RSS (`ru_maxrss`) belongs to that step
alone and one process's warm caches never flatter another. A part that fails or whose module is
missing prints '—' with the reason; the table is always printed. Nothing is written outside a
temporary folder (the dashboard run is given data that needs no place-cache writes, and the
bundled place cache is checked to be unchanged afterwards).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python benchmarks/run_all.py` as well as `-m benchmarks.run_all`
    sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (60,)
DASH = "—"

Result = dict[str, Any]  # metric -> number, or {"skip": reason}


# -- measuring ---------------------------------------------------------------------------------

def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    began = time.perf_counter()
    value = function()
    return value, time.perf_counter() - began


def skip(reason: str) -> dict[str, str]:
    return {"skip": reason}


def why(error: BaseException) -> str:
    """A one-line reason for the table's footnotes."""
    if isinstance(error, ImportError):
        return f"not available yet ({error})"
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:160]


# -- workers (each runs in its own process) ------------------------------------------------------

def worker_pipeline(data: Path, out: Path) -> Result:
    """load+validate, geocoding cold and warm, static PNG; leaves the located stops for the rest."""
    result: Result = {}
    from travelmap.loading import load_trips

    # the better of two calls, as the pyarrow baseline is timed (the first also pays imports)
    stops, first = timed(lambda: load_trips(data / "trips.csv"))
    result["load_s"] = min(first, timed(lambda: load_trips(data / "trips.csv"))[1])
    cache = out / "places.csv"
    try:
        from travelmap.errors import GeocodingError
        from travelmap.geocoding import Gazetteer, resolve_coordinates, with_coordinates

        def cold() -> Any:
            try:
                return resolve_coordinates(stops, online=False, cache_path=cache,
                                           gazetteer=Gazetteer())
            except GeocodingError as error:  # report how many, keep the rest
                result["unresolved"] = len(getattr(error, "unresolved", ()))
                return error.partial  # type: ignore[attr-defined]

        located, result["geocode_cold_s"] = timed(cold)
        _, result["geocode_warm_s"] = timed(
            lambda: with_coordinates(stops, cache_path=cache, strict=False))
        if not (located["coord_source"].astype("string") == "gazetteer").any():
            # nothing was asked of the gazetteer: these rows would time the broadcast only
            reason = ("no place needed the gazetteer (every place has explicit coordinates on "
                      "some row at this size), so nothing was looked up")
            result["geocode_cold_s"] = result["geocode_warm_s"] = skip(reason)
            result["geocode_untimed"] = reason
    except Exception as error:  # noqa: BLE001 - a benchmark reports, it does not stop
        result["geocode_cold_s"] = result["geocode_warm_s"] = skip(why(error))
        located = stops
    located.to_pickle(out / "located.pkl")
    result["rss_pipeline_mb"] = peak_rss_mb()
    try:
        from travelmap.export import export

        _, result["png_s"], result["png_again_s"] = first_and_again(
            lambda: export(located, out / "map.png", title="Benchmark"))
        result["png_kb"] = (out / "map.png").stat().st_size / 1024
    except Exception as error:  # noqa: BLE001
        result["png_s"] = skip(why(error))
    return result


def worker_load_baseline(data: Path) -> Result:
    """pyarrow.csv.read_csv of the same trips.csv and sources.csv (both files load_trips reads):
    the floor load + validate is compared with (parsing only; the better of two calls, the first
    also starts pyarrow's thread pool)."""
    import pyarrow.csv

    def both() -> object:
        return pyarrow.csv.read_csv(data / "trips.csv"), pyarrow.csv.read_csv(data / "sources.csv")

    return {"load_pyarrow_s": min(timed(both)[1] for _ in range(2))}


def worker_geocode_index(data: Path, out: Path) -> Result:
    """A new process, an empty place cache, but the gazetteer index the cold run left on disk."""
    from travelmap.errors import GeocodingError
    from travelmap.geocoding import Gazetteer, resolve_coordinates
    from travelmap.loading import load_trips

    stops = load_trips(data / "trips.csv")

    def run() -> None:
        try:
            resolve_coordinates(stops, online=False, cache_path=out / "places-2.csv",
                                gazetteer=Gazetteer(), write_cache=False)
        except GeocodingError:
            pass  # the cold run already counted what stays unresolved

    return {"geocode_index_s": timed(run)[1]}


def _located(out: Path) -> Any:
    import pandas as pd

    return pd.read_pickle(out / "located.pkl")


def first_and_again(function: Callable[[], Any]) -> tuple[Any, float, float | dict[str, str]]:
    """(value, first run, best of the repeats): the first pays for imports and loading data.

    Repeats are the best of three while a run is short, one when slow, none past a minute.
    """
    value, first = timed(function)
    if first > 60:
        return value, first, skip("not repeated: the first run took over a minute")
    again = min(timed(function)[1] for _ in range(3 if first < 5 else 1))
    return value, first, again


def _html_figures(build: Callable[[], str], path: Path) -> Result:
    html, first, again = first_and_again(build)
    raw = html.encode("utf-8")
    path.write_bytes(raw)
    return {"html_s": first, "html_again_s": again, "html_mb": len(raw) / 1e6,
            "html_gzip_mb": len(gzip.compress(raw, 6)) / 1e6, "rss_html_mb": peak_rss_mb(),
            "html_path": str(path)}


def worker_travelmap_html(out: Path) -> Result:
    """travelmap's map page from the located stops: build_map + render_html."""
    stops = _located(out)
    try:
        from travelmap.mapping import build_map, render_html
    except ImportError as error:
        return {"html_s": skip(why(error))}
    return _html_figures(lambda: render_html(build_map(stops, title="Benchmark")),
                         out / "travelmap.html")


def worker_folium_html(out: Path) -> Result:
    """The plain-folium way: a Marker with a Popup per stop and a PolyLine per leg."""
    stops = _located(out)
    import folium

    def build() -> str:
        m = folium.Map(location=[30, 60], zoom_start=2, tiles=None)
        frame = stops.dropna(subset=["lat", "lon"]).sort_values(["trip_id", "stop_order"])
        for row in frame.itertuples():
            text = (f"<b>{row.place}</b><br>{row.traveller}, "
                    f"{row.start_date:%Y-%m-%d} to {row.end_date:%Y-%m-%d}")
            folium.Marker([row.lat, row.lon], popup=folium.Popup(text)).add_to(m)
        for _, tour in frame.groupby("trip_id", sort=False):
            points = list(zip(tour["lat"], tour["lon"], strict=True))
            for leg in zip(points, points[1:], strict=False):
                folium.PolyLine(list(leg), weight=2).add_to(m)
        return m.get_root().render()

    return _html_figures(build, out / "folium.html")


def worker_dashboard(out: Path, *, stops: int, seed: int, moves: int) -> Result:
    """Median full rerun after a slider move, in the real page driven by Streamlit's AppTest, on
    the synthetic trips opened as `travelmap dashboard FILE` does (no upload limit applies).

    Raises when the page refuses the data or shows another number of stops than was generated:
    the run then fails (see `main`) instead of timing the bundled data under this size's name."""
    import logging
    import random
    from datetime import timedelta

    from benchmarks import synthetic
    from benchmarks.bench_dashboard import DataMismatch, loaded_stops, open_page, use_route

    from travelmap.dashboard import state
    from travelmap.geocoding import PlaceCache, bundled_cache_path, capital_name, user_cache_path

    # The page must not write the place cache: give it nothing to look up (explicit coordinates,
    # travellers from countries whose capital is cached) and check both layers stayed intact.
    bundled = PlaceCache.load()
    watched = (bundled_cache_path(), user_cache_path())
    homes = []
    for iso3 in sorted({c.country for c in synthetic.cities()}):
        try:
            if bundled.get(capital_name(iso3), iso3) is not None:
                homes.append(iso3)
        except Exception:  # noqa: BLE001 - no capital known: not a home country here
            continue
    if not homes:
        return {"slider_ms": skip("no traveller country has its capital in the place cache")}
    folder = out / "dashboard"
    synthetic.write(folder, stops=stops, seed=seed, explicit_share=1.0, homes=homes)
    trips, sources = folder / "trips.csv", folder / "sources.csv"
    use_route("file", trips, sources)
    before = b"".join(p.read_bytes() if p.exists() else b"-" for p in watched)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    app, first = open_page(trips, sources, route="file", timeout=900)
    shown = loaded_stops(app)
    if shown != stops:
        raise DataMismatch(f"the dashboard shows {shown:,} stops, not the {stops:,} generated")
    again, first_page = open_page(trips, sources, route="file", timeout=900)
    if loaded_stops(again) != stops:
        raise DataMismatch("a second dashboard session shows other data")
    low, high = app.slider(key=state.WINDOW).value
    days = (high - low).days
    rnd = random.Random(seed)

    def move() -> float:
        a, b = sorted(rnd.sample(range(days + 1), 2))
        app.slider(key=state.WINDOW).set_value((low + timedelta(days=a), low + timedelta(days=b)))
        return timed(app.run)[1] * 1000

    move()  # the first move warms Streamlit's caches
    times = [move() for _ in range(moves)]
    after = b"".join(p.read_bytes() if p.exists() else b"-" for p in watched)
    result: Result = {"slider_ms": statistics.median(times), "dashboard_first_s": first,
                      "dashboard_page_s": first_page, "dashboard_stops": shown}
    if hashlib.sha256(before).digest() != hashlib.sha256(after).digest():
        result["warning"] = "the place cache changed during the dashboard run"
    return result


def run_worker(kind: str, *, data: Path, out: Path, stops: int, seed: int, moves: int,
               timeout_s: float, extra: tuple[str, ...] = ()) -> Result:
    """Run one worker in a fresh interpreter and return its JSON, or {"error": why}.

    The worker gets its own process group, killed whole if it overruns `timeout_s`: a browser
    page whose script never yields cannot hang the run (Chromium exits with its driver).
    """
    command = [sys.executable, "-m", "benchmarks.run_all", "--worker", kind, "--data", str(data),
               "--out", str(out), "--sizes", str(stops), "--seed", str(seed),
               "--moves", str(moves), *extra]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
        # the gazetteer keeps its built index here: private to this size, so "cold" is cold
        "TRAVELMAP_CACHE_DIR": str(out / "travelmap-cache")}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"error": f"{kind} still running after {timeout_s:.0f} s (its page script never "
                         "yielded to the browser's timers); stopped"}
    lines = stdout.strip().splitlines()
    if process.returncode != 0 or not lines:
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"{kind} worker failed: {tail[:160]}"}
    return json.loads(lines[-1])


# -- the browser --------------------------------------------------------------------------------

@dataclass
class Draw:
    seconds: float | None
    drawn: int
    note: str = ""


def _offline_copies() -> dict[str, str]:
    """folium's CDN files as folium-offline packages them (pinned), keyed by URL."""
    try:
        from offlinefolium.elements import _res  # the only copy of folium's assets we have
    except ImportError:
        return {}
    return dict(_res)


def draw_times(pages: dict[str, Path], *, expected: int, timeout_s: float) -> dict[str, Draw]:
    """Seconds from navigation to every stop drawn, per page, in headless system Chromium.

    travelmap: until `window.travelmap.ready` and a painted frame; `drawnStops` is read back.
    plain folium: until every marker is in the DOM; its CDN files are served from folium-offline's
    pinned copies so it can draw at all (it needs the network otherwise). Any other request is
    refused and would be reported.
    """
    from playwright.sync_api import sync_playwright
    from tests.conftest import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        return {name: Draw(None, 0, "no Chromium at /usr/bin/chromium") for name in pages}
    copies = _offline_copies()
    results: dict[str, Draw] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        for name, path in pages.items():
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            refused: list[str] = []
            context.route("**/*", _router(copies, refused))
            page = context.new_page()
            began = time.perf_counter()
            try:
                # One deadline for navigation and drawing; a page whose script hogs the renderer
                # is never evaluated again (that would wait for ever), only closed.
                page.goto(path.as_uri(), timeout=timeout_s * 1000, wait_until="commit")
                left_ms = max(1_000.0, (timeout_s - (time.perf_counter() - began)) * 1000)
                if name == "travelmap":
                    page.wait_for_function("window.travelmap && window.travelmap.ready === true",
                                           timeout=left_ms)
                else:
                    page.wait_for_function(
                        f"document.querySelectorAll('.leaflet-marker-icon').length >= {expected}",
                        timeout=left_ms, polling=250)
                page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
                seconds = time.perf_counter() - began
                drawn = (int(page.evaluate("window.travelmap.drawnStops"))
                         if name == "travelmap" else expected)
                note = f"{len(refused)} request(s) refused" if refused else ""
                results[name] = Draw(seconds, drawn, note)
            except Exception as error:  # noqa: BLE001 - a page that never draws is a result
                results[name] = Draw(None, 0, f"{name} page not drawn within {timeout_s:.0f} s "
                                     f"({why(error)[:50]})")
            finally:
                context.close()
        browser.close()
    return results


def worker_draw(name: str, page: Path, *, expected: int, timeout_s: float) -> Result:
    """One page's draw time, in its own process so a hung page can be killed with it."""
    draw = draw_times({name: page}, expected=expected, timeout_s=timeout_s)[name]
    if draw.seconds is None:
        return {"draw_s": skip(draw.note)}
    result: Result = {"draw_s": draw.seconds, "drawn": draw.drawn}
    if draw.note:
        result["notes"] = [draw.note]
    return result


def _router(copies: dict[str, str], refused: list[str]) -> Callable[[Any], None]:
    """Local files load; folium's CDN URLs get folium-offline's copy; anything else is refused."""

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        elif url in copies:
            kind = "text/css" if url.endswith(".css") else "application/javascript"
            route.fulfill(status=200, body=copies[url], content_type=kind)
        else:
            refused.append(url)
            route.abort()

    return route


# -- one size, and the table --------------------------------------------------------------------

ROWS: tuple[tuple[str, str, str, bool], ...] = (
    # key, label, unit, compare with plain folium
    ("load_s", "load + validate (best of two calls)", "s", False),
    ("load_pyarrow_s", "load baseline: pyarrow, trips + sources (best of 2)", "s", False),
    ("geocode_cold_s", "geocoding, offline, cold", "s", False),
    ("geocode_index_s", "geocoding, offline, index on disk", "s", False),
    ("geocode_warm_s", "geocoding, offline, warm", "s", False),
    ("html_s", "HTML build, first in process", "s", True),
    ("html_again_s", "HTML build, again", "s", True),
    ("html_mb", "HTML size, raw", "MB", True),
    ("html_gzip_mb", "HTML size, gzip", "MB", True),
    ("draw_s", "first full draw, Chromium", "s", True),
    ("slider_ms", "dashboard slider-move rerun", "ms", False),
    ("dashboard_first_s", "dashboard first load (file from disk)", "s", False),
    ("dashboard_page_s", "dashboard first page, data cached", "s", False),
    ("png_s", "static PNG, first in process", "s", False),
    ("png_again_s", "static PNG, again", "s", False),
    ("rss_html_mb", "peak memory, HTML build process", "MB", True),
    ("rss_pipeline_mb", "peak memory, load+geocode process", "MB", False),
)
NOT_FOLIUM = {
    "load_s": "plain folium has no loader: it is given the same stops",
    "load_pyarrow_s": "the baseline of travelmap's loader, not a folium figure",
    "geocode_cold_s": "plain folium has no geocoder: it is given the same coordinates",
    "geocode_warm_s": "plain folium has no geocoder: it is given the same coordinates",
    "geocode_index_s": "plain folium has no geocoder: it is given the same coordinates",
    "rss_pipeline_mb": "plain folium has no loader or geocoder",
    "slider_ms": "plain folium has no dashboard",
    "dashboard_first_s": "plain folium has no dashboard",
    "dashboard_page_s": "plain folium has no dashboard",
    "png_s": "plain folium has no static export (it needs a browser screenshot)",
    "png_again_s": "plain folium has no static export (it needs a browser screenshot)",
}


PLAIN_FOLIUM_MAX = 100_000  # one Marker per stop: past this the run would take hours


def measure_size(stops: int, *, seed: int, moves: int, timeout_s: float,
                 browser: bool, dashboard: bool, log: Callable[[str], None]) -> dict[str, Result]:
    """Every figure for one size: {"travelmap": {...}, "folium": {...}}."""
    from benchmarks import synthetic

    with tempfile.TemporaryDirectory(prefix=f"travelmap-bench-{stops}-") as tmp:
        folder = Path(tmp)
        data = folder / "data"
        synthetic.write(data, stops=stops, seed=seed)

        def work(kind: str, *, timeout: float = 3600, extra: tuple[str, ...] = ()) -> Result:
            log(f"  {stops:,} stops: {kind}...")
            return run_worker(kind, data=data, out=folder, stops=stops, seed=seed, moves=moves,
                              timeout_s=timeout, extra=extra)

        ours = work("pipeline")
        if "error" in ours:
            return {"travelmap": ours, "folium": {}}
        baseline = work("load-baseline")
        ours.update(baseline if "error" not in baseline else
                    {"load_pyarrow_s": skip(baseline["error"])})
        index = work("geocode-index")
        ours.update(index if "error" not in index else {"geocode_index_s": skip(index["error"])})
        if "geocode_untimed" in ours:
            ours["geocode_index_s"] = skip(ours["geocode_untimed"])
        ours.update(work("travelmap-html"))
        if stops <= PLAIN_FOLIUM_MAX:
            theirs = work("folium-html")
        else:
            theirs = {"error": f"plain folium not attempted above {PLAIN_FOLIUM_MAX:,} stops "
                               "(at 100,000 it builds for minutes, takes ~2 GB and never draws; "
                               "bench_map.py compares FastMarkerCluster at every size)"}
        if browser:
            for name, result in (("travelmap", ours), ("folium", theirs)):
                if "html_path" not in result:
                    result["draw_s"] = skip("no page was built")
                    continue
                drawn = work(f"draw-{name}", timeout=timeout_s + 120,
                             extra=("--page", result["html_path"],
                                    "--draw-timeout", str(timeout_s)))
                if "error" in drawn:
                    drawn = {"draw_s": skip(f"{name} page not drawn: {drawn['error']}")}
                result.update(drawn)
        else:
            ours["draw_s"] = theirs["draw_s"] = skip("--no-browser")
        if dashboard:
            dashboard_result = work("dashboard")
            if "error" in dashboard_result:  # a crash is as loud as a count that differs
                dashboard_result = {"slider_ms": skip(dashboard_result["error"]),
                                    "fatal": dashboard_result["error"]}
            ours.update(dashboard_result)
        else:
            ours["slider_ms"] = skip("--no-dashboard")
    for key, reason in NOT_FOLIUM.items():
        theirs.setdefault(key, skip(reason))
    return {"travelmap": ours, "folium": theirs}


def _cell(value: Any, unit: str, notes: list[str]) -> str:
    if isinstance(value, dict) and "skip" in value:
        if value["skip"] not in notes:
            notes.append(value["skip"])
        return f"{DASH} [{notes.index(value['skip']) + 1}]"
    if not isinstance(value, int | float):
        return DASH
    if unit == "ms" or value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.2f} {unit}" if value < 10 else f"{value:,.1f} {unit}"


def _ratio(ours: Any, theirs: Any) -> str:
    if isinstance(ours, int | float) and isinstance(theirs, int | float) and ours > 0:
        ratio = theirs / ours
        return f"{ratio:,.1f}×" if ratio >= 1 else f"{ratio:.2f}×"
    return DASH


def table(results: dict[int, dict[str, Result]]) -> str:
    """The comparison table, with numbered footnotes for every '—'."""
    notes: list[str] = []  # numbered: the reasons behind each '—'
    remarks: list[str] = []  # per size, unnumbered
    header = ("stops", "measure", "travelmap", "plain folium", "folium ÷ travelmap")
    lines: list[tuple[str, ...]] = []
    for stops, sides in results.items():
        ours, theirs = sides["travelmap"], sides["folium"]
        if "error" in ours:
            lines.append((f"{stops:,}", "everything", _cell(skip(ours["error"]), "", notes),
                          DASH, DASH))
            continue
        for key, label, unit, compared in ROWS:
            mine = ours.get(key, skip("not measured"))
            other = theirs.get(key, skip(theirs.get("error", "not measured")))
            if key == "draw_s" and "drawn" in ours:
                label = f"{label} ({ours['drawn']:,} drawn)"
            lines.append((f"{stops:,}", label, _cell(mine, unit, notes),
                          _cell(other, unit, notes),
                          _ratio(mine, other) if compared else ""))
        if all(isinstance(ours.get(k), int | float) for k in ("load_s", "load_pyarrow_s")):
            remarks.append(f"{stops:,} stops: load + validate took "
                           f"{ours['load_s'] / ours['load_pyarrow_s']:,.1f}× "
                           "pyarrow.csv.read_csv of the same two files (trips + sources)")
        if "dashboard_stops" in ours:
            remarks.append(f"{stops:,} stops: the dashboard loaded {ours['dashboard_stops']:,} "
                           "stops (checked against the generated count)")
        if "unresolved" in ours:
            remarks.append(f"{stops:,} stops: {ours['unresolved']} place(s) left unresolved")
        for extra in (*ours.get("notes", []), ours.get("warning")):
            if extra:
                remarks.append(f"{stops:,} stops: {extra}")
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w)
                         for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = [fmt(header), rule]
    previous = None
    for row in lines:
        if previous is not None and row[0] != previous:
            body.append("")
        previous = row[0]
        body.append(fmt(row))
    body += ["", *(f"[{i}] {note}" for i, note in enumerate(notes, 1)), *remarks]
    body += growth_lines(results)
    return "\n".join(body)


SUPERLINEAR = 1.15  # an exponent above this is called out: the step grows faster than its data


def growth_exponents(results: dict[int, dict[str, Result]], key: str) -> list[float]:
    """For a timed measure, the exponent k of time ~ stops^k between each pair of consecutive
    sizes where both were measured (1.0: linear; 2.0: quadratic)."""
    import math

    points = [(stops, sides["travelmap"].get(key)) for stops, sides in sorted(results.items())]
    points = [(n, t) for n, t in points if isinstance(t, int | float) and t > 0]
    return [math.log(t2 / t1) / math.log(n2 / n1)
            for (n1, t1), (n2, t2) in zip(points, points[1:], strict=False) if n2 > n1]


def growth_lines(results: dict[int, dict[str, Result]]) -> list[str]:
    """How each timed step grows with the data, fitted from size to size; the ones that grow
    faster than linearly are named first."""
    if len(results) < 2:
        return []
    sizes = " → ".join(f"{n:,}" for n in sorted(results))
    found = []
    for key, label, unit, _ in ROWS:
        if unit not in ("s", "ms"):
            continue
        exponents = growth_exponents(results, key)
        if exponents:
            found.append((max(exponents), label, exponents))
    if not found:
        return []
    lines = ["", f"Growth with the data (time ~ stops^k, fitted {sizes}):"]
    for worst, label, exponents in sorted(found, key=lambda item: -item[0]):
        flag = "  <- faster than linear" if worst > SUPERLINEAR else ""
        lines.append(f"  {label}: k = {', '.join(f'{k:.2f}' for k in exponents)}{flag}")
    return lines


def machine() -> str:
    import platform

    cpus = os.cpu_count() or 0
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return (f"{platform.node() or 'host'}: {platform.machine()}, {cpus} CPU(s), "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
            f"load average {load} (other work on the machine slows every figure)")


# -- command line -------------------------------------------------------------------------------

def parse_sizes(text: str) -> tuple[int, ...]:
    sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("sizes are positive whole numbers, e.g. 1000,10000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help="comma-separated stop counts (default 1000,10000,100000)")
    parser.add_argument("--quick", action="store_true",
                        help=f"tiny run for the smoke test ({QUICK_SIZES[0]} stops, short "
                        "timeouts, 2 slider moves)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--moves", type=int, default=None, help="slider moves timed (default 7)")
    parser.add_argument("--draw-timeout", type=float, default=None,
                        help="seconds a page may take to draw (default 120; quick 60)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-dashboard", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--page", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    moves = args.moves or (2 if args.quick else 7)
    if args.worker:
        return _run_as_worker(args, stops=sizes[0], moves=moves)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results: dict[int, dict[str, Result]] = {}
    for stops in sizes:
        results[stops] = measure_size(
            stops, seed=args.seed, moves=moves,
            timeout_s=args.draw_timeout or (60.0 if args.quick else 120.0),
            browser=not args.no_browser, dashboard=not args.no_dashboard, log=log)
    print(f"travelmap benchmarks, {started}, seed {args.seed}; {machine()}")
    print(table(results))
    fatal = [f"{stops:,} stops: {sides['travelmap']['fatal']}"
             for stops, sides in results.items() if "fatal" in sides.get("travelmap", {})]
    for line in fatal:
        print(f"benchmark FAILED: {line}", file=sys.stderr)
    return 1 if fatal else 0


def _run_as_worker(args: argparse.Namespace, *, stops: int, moves: int) -> int:
    workers: dict[str, Callable[[], Result]] = {
        "pipeline": lambda: worker_pipeline(args.data, args.out),
        "geocode-index": lambda: worker_geocode_index(args.data, args.out),
        "load-baseline": lambda: worker_load_baseline(args.data),
        "travelmap-html": lambda: worker_travelmap_html(args.out),
        "folium-html": lambda: worker_folium_html(args.out),
        "dashboard": lambda: worker_dashboard(args.out, stops=stops, seed=args.seed, moves=moves),
        "draw-travelmap": lambda: worker_draw("travelmap", args.page, expected=stops,
                                              timeout_s=args.draw_timeout),
        "draw-folium": lambda: worker_draw("folium", args.page, expected=stops,
                                           timeout_s=args.draw_timeout),
    }
    try:
        result = workers[args.worker]()
    except Exception as error:  # noqa: BLE001 - reported in the table as the reason for '—'
        traceback.print_exc()
        key = {"dashboard": "slider_ms", "folium-html": "html_s",
               "travelmap-html": "html_s"}.get(args.worker)
        result = {key: skip(why(error))} if key else {"error": why(error)}
        if type(error).__name__ == "DataMismatch":  # the dashboard measured other data
            result["fatal"] = why(error)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
