"""Shared fixtures: paths to test data, and a real headless Chromium with the network blocked."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest

from travelmap.model import STOP_COLUMNS

if TYPE_CHECKING:  # imported lazily: browser-only runs need no GeoNames
    from travelmap.geocoding import Gazetteer

TESTS_DIR = Path(__file__).parent
TEST_DATA = TESTS_DIR / "data"
REPO_ROOT = TESTS_DIR.parent

# The tests' own per-user cache folder ($TRAVELMAP_CACHE_DIR, inherited by every subprocess): the
# gazetteer index kept there between runs (it depends only on GeoNames and names.py), the user's
# place cache emptied at every start, and the developer's ~/.cache/travelmap never read or written.
TEST_CACHE_DIR = REPO_ROOT / ".test-cache"
os.environ["TRAVELMAP_CACHE_DIR"] = str(TEST_CACHE_DIR)
(TEST_CACHE_DIR / "places.csv").unlink(missing_ok=True)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """The system Chromium (Debian package `chromium`); Playwright never downloads its own."""
    for candidate in (os.environ.get("TRAVELMAP_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


# Home capitals of the map fixture's travellers, fixed here rather than found by the gazetteer.
CAPITALS = {"RUS": ("Moscow", 55.7558, 37.6173), "USA": ("Washington", 38.9072, -77.0369),
            "PRK": ("Pyongyang", 39.0392, 125.7625)}


@pytest.fixture
def framed_stops(monkeypatch: pytest.MonkeyPatch) -> object:
    """tests/data/map/trips.csv, its tours framed by the CAPITALS above."""
    import travelmap
    from travelmap import tours

    monkeypatch.setattr(tours, "home_capital", CAPITALS.get)
    return travelmap.load_trips(TEST_DATA / "map" / "trips.csv")


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The offline gazetteer, built once per test process and shared by the geocoding tests."""
    from travelmap.geocoding import default_gazetteer

    return default_gazetteer().build()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on WGS84, to check a resolved place against where it truly is."""
    from geographiclib.geodesic import Geodesic

    return float(Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]) / 1000


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless system Chromium. Skips locally when absent; under CI=true a missing one fails."""
    executable = chromium_path()
    if executable is None:
        if running_in_ci():
            pytest.fail("CI=true but no Chromium at /usr/bin/chromium: .ci/run must install it")
        pytest.skip("no Chromium found (install the Debian package `chromium`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class OfflinePage:
    """A page whose every request off this machine is refused and recorded."""

    def __init__(self, page: object, blocked: list[str], console_errors: list[str],
                 dialogs: list[str]):
        self.page = page
        self.blocked = blocked
        self.console_errors = console_errors
        self.dialogs = dialogs


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "file", "about", "javascript"}:
        return True
    return parsed.hostname in {"127.0.0.1", "localhost", "::1"}


@pytest.fixture
def offline_page(browser: object) -> Iterator[OfflinePage]:
    """A fresh page with the network blocked: only file:, data: and 127.0.0.1 load."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    blocked: list[str] = []
    console_errors: list[str] = []
    dialogs: list[str] = []

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if _is_local(url):
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))

    def on_dialog(dialog: object) -> None:
        dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    yield OfflinePage(page, blocked, console_errors, dialogs)
    context.close()


DOCS_ENV = "TRAVELMAP_UPDATE_DOCS"


def docs_picture(name: str, fallback_dir: Path) -> Path:
    """Where a test saves a README picture: docs/NAME when $TRAVELMAP_UPDATE_DOCS=1 (make docs),
    else the test's own folder, so a test run never changes the checkout."""
    if os.environ.get(DOCS_ENV) == "1":
        return Path(__file__).resolve().parents[1] / "docs" / name
    return fallback_dir / name


# The schema's columns before the optional travel_mode: the fixtures written as 14-cell rows.
CLASSIC_COLUMNS = tuple(c for c in STOP_COLUMNS if c != "travel_mode")
