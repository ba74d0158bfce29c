"""Crash safety of the place cache: a run killed at random moments loses no confirmed answer.

A child process resolves places online against the fake Nominatim and prints a line each time an
answer is on disk; the parent SIGKILLs it at random points, several times. After every kill the
cache must parse and hold every answer the child confirmed, and a resumed run must not ask again
about what was confirmed.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_nominatim import FakeNominatim, FakePlace
from travelmap.geocoding import PlaceCache

pytestmark = pytest.mark.server

PLACES = [f"Testplace {i:03d}" for i in range(60)]


def true_point(i: int) -> tuple[float, float]:
    return 50.0 + i / 100, 120.0 + i / 100


CHILD = textwrap.dedent(
    """
    import sys
    import pandas as pd
    from travelmap.geocoding import Gazetteer, OnlineResolver, resolve_coordinates

    domain, cache, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    stops = pd.DataFrame({"place": names, "host_country": ["RUS"] * len(names),
                          "csv_file": ["t.csv"] * len(names), "csv_row": range(2, len(names) + 2)})
    online = OnlineResolver(settings={"domain": domain, "scheme": "http", "timeout": 5},
                            min_delay_seconds=0.0)

    def confirmed(resolution):
        print("confirmed", resolution.name, resolution.lat, resolution.lon, flush=True)

    print("started", flush=True)
    resolve_coordinates(stops, online=True, cache_path=cache, geocoder=online,
                        gazetteer=Gazetteer(records=[]), on_resolved=confirmed)
    print("done", flush=True)
    """
)


@pytest.fixture
def fake() -> Iterator[FakeNominatim]:
    places = {name.casefold(): [FakePlace(name, *true_point(i), "ru", "Russia")]
              for i, name in enumerate(PLACES)}
    server = FakeNominatim(places=places).start()
    yield server
    server.stop()


def run_child(fake: FakeNominatim, cache: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD, fake.domain, str(cache), *PLACES],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_confirmations(proc: subprocess.Popen[str], count: int) -> dict[str, float]:
    """Names the child reported as on disk, with when the parent read the report."""
    assert proc.stdout is not None
    names: dict[str, float] = {}
    while len(names) < count:
        line = proc.stdout.readline()
        if not line or line.startswith("done"):
            break
        if line.startswith("confirmed"):
            names[" ".join(line.split()[1:-2])] = time.monotonic()
    return names


def test_sigkill_at_random_moments_never_loses_a_confirmed_answer(
        fake: FakeNominatim, tmp_path: Path) -> None:
    cache = tmp_path / "places.csv"
    rng = random.Random(20240619)
    confirmed: dict[str, float] = {}
    for _round in range(6):
        proc = run_child(fake, cache)
        try:
            names = read_confirmations(proc, rng.randint(1, 8))
            time.sleep(rng.uniform(0, 0.02))  # land anywhere: mid-request, mid-write, between
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
        confirmed.update(names)
        entries = {e.name: e for e in PlaceCache.load(cache)}  # parses: never torn
        missing = set(confirmed) - set(entries)
        assert not missing, f"confirmed but lost after SIGKILL: {sorted(missing)}"
        for name in confirmed:
            i = PLACES.index(name)
            assert (entries[name].lat, entries[name].lon) == pytest.approx(true_point(i))
    # An answer lost with its process (killed before the save) is asked again; a saved one never.
    asked_again = {r.params["q"] for r in fake.searches()
                   if r.params.get("q") in confirmed and r.at > confirmed[r.params["q"]]}
    assert not asked_again, f"asked again after being confirmed: {sorted(asked_again)}"
    assert len(confirmed) >= 6


def test_ctrl_c_keeps_every_answer_obtained(fake: FakeNominatim, tmp_path: Path) -> None:
    cache = tmp_path / "places.csv"
    proc = run_child(fake, cache)
    try:
        names = read_confirmations(proc, 5)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0 and "KeyboardInterrupt" in stderr
    stored = {e.name for e in PlaceCache.load(cache)}
    assert set(names) <= stored
    # A resumed run completes, asking only about the rest.
    asked_before = len(fake.searches())
    finish = run_child(fake, cache)
    out, _ = finish.communicate(timeout=120)
    assert "done" in out
    assert {e.name for e in PlaceCache.load(cache)} == set(PLACES)
    assert len(fake.searches()) - asked_before == len(PLACES) - len(stored)
