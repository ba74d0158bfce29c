"""The real geopy Nominatim client against a fake Nominatim on 127.0.0.1, with injected faults."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from tests.fake_nominatim import FakeNominatim, closed_port
from travelmap.errors import GeocodingError
from travelmap.geocoding import (
    Gazetteer,
    OnlineResolver,
    PlaceCache,
    default_gazetteer,
    locate,
    make_geocoder,
    resolve_coordinates,
)
from travelmap.geocoding.online import USER_AGENT, OnlineUnavailable

pytestmark = pytest.mark.server


@pytest.fixture
def fake() -> Iterator[FakeNominatim]:
    server = FakeNominatim(slow_seconds=1.5).start()
    yield server
    server.stop()


@pytest.fixture
def gazetteer() -> Gazetteer:
    return default_gazetteer()  # built once per process, shared by the test modules


class Sleeps(list[float]):
    """Records back-off sleeps instead of sleeping (the RateLimiter's own spacing still runs)."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def resolver(domain: str, *, sleeps: Sleeps | None = None, timeout: float = 0.5,
             min_delay: float = 0.0, max_retries: int = 3) -> OnlineResolver:
    geocoder = make_geocoder(service="nominatim",
                             settings={"domain": domain, "scheme": "http", "timeout": timeout})
    return OnlineResolver(geocoder=geocoder, min_delay_seconds=min_delay, max_retries=max_retries,
                          backoff_seconds=0.5, sleep=sleeps if sleeps is not None else Sleeps())


def test_answer_in_nominatim_format_is_parsed_and_country_filter_is_sent(
        fake: FakeNominatim) -> None:
    answer = resolver(fake.domain).lookup("Khasan", country="RUS")
    assert answer.chosen is not None
    assert (answer.chosen.lat, answer.chosen.lon) == pytest.approx((42.4303, 130.6436))
    assert answer.chosen.country == "RUS"
    (request,) = fake.searches()
    assert request.params["q"] == "Khasan"
    assert request.params["countrycodes"] == "ru"
    assert request.params["addressdetails"] == "1"
    assert request.user_agent.startswith("travelmap/")  # a descriptive agent, not geopy's default


def test_answer_outside_the_host_country_is_never_chosen(fake: FakeNominatim) -> None:
    # A server that ignores `countrycodes` (or a geocoder without one) must still not win.
    fake.places["moscow"] = [fake.places["moscow"][0]]  # only Moscow, Idaho
    original = fake._search
    fake._search = lambda params: original({k: v for k, v in params.items()  # type: ignore
                                            if k != "countrycodes"})
    answer = resolver(fake.domain).lookup("Moscow", country="RUS")
    assert answer.chosen is None
    assert answer.candidates and answer.candidates[0].country == "USA"
    assert not answer.candidates[0].in_host


def test_nominatim_is_limited_to_one_request_per_second_by_default(fake: FakeNominatim) -> None:
    online = OnlineResolver(settings={"domain": fake.domain, "scheme": "http"})
    for name in ("Khasan", "Tumangang", "Russky Island"):
        online.lookup(name)
    times = [r.at for r in fake.searches()]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # Spacing is enforced where requests leave; arrival times add scheduling jitter on a busy
    # machine. Without the limiter the gaps are a few milliseconds.
    assert len(gaps) == 2 and min(gaps) >= 0.8 and sum(gaps) >= 1.8, gaps


def test_the_public_nominatim_can_never_be_asked_faster_than_once_a_second() -> None:
    online = OnlineResolver(min_delay_seconds=0.0)  # no request is made here
    assert online.geocoder.domain == "nominatim.openstreetmap.org"
    assert online._call.min_delay_seconds == 1.0


def test_slow_answer_times_out_then_retry_succeeds(fake: FakeNominatim) -> None:
    fake.fail_next("slow")
    sleeps = Sleeps()
    answer = resolver(fake.domain, sleeps=sleeps, timeout=0.4).lookup("Khasan", country="RUS")
    assert answer.chosen is not None
    assert len(fake.searches()) == 2
    assert sleeps == [0.5]


def test_429_waits_for_retry_after_then_succeeds(fake: FakeNominatim) -> None:
    fake.retry_after = 7
    fake.fail_next("429", "429")
    sleeps = Sleeps()
    answer = resolver(fake.domain, sleeps=sleeps).lookup("Khasan", country="RUS")
    assert answer.chosen is not None
    assert sleeps == [7.0, 7.0]  # the server's Retry-After, not our own back-off
    assert len(fake.searches()) == 3


def test_500_is_retried_with_growing_back_off(fake: FakeNominatim) -> None:
    fake.fail_next("500", "500", "500")
    sleeps = Sleeps()
    answer = resolver(fake.domain, sleeps=sleeps).lookup("Khasan", country="RUS")
    assert answer.chosen is not None
    assert sleeps == [0.5, 1.0, 2.0]


def test_persistent_500_gives_up_after_the_retries(fake: FakeNominatim) -> None:
    fake.fail_next(*["500"] * 10)
    with pytest.raises(GeocodingError, match="500|Internal"):
        resolver(fake.domain, max_retries=2).lookup("Khasan", country="RUS")
    assert len(fake.searches()) == 3


def test_malformed_json_is_an_error_and_is_not_retried(fake: FakeNominatim) -> None:
    fake.fail_next("malformed")
    with pytest.raises(GeocodingError):
        resolver(fake.domain).lookup("Khasan", country="RUS")
    assert len(fake.searches()) == 1


def test_connection_refused_marks_the_service_down() -> None:
    sleeps = Sleeps()
    online = resolver(f"127.0.0.1:{closed_port()}", sleeps=sleeps, max_retries=1)
    with pytest.raises(OnlineUnavailable):
        online.lookup("Khasan", country="RUS")
    asked = online.requests
    with pytest.raises(OnlineUnavailable):
        online.lookup("Tumangang", country="PRK")
    assert online.requests == asked  # not asked again: the rest fail fast


def stops(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "place": [p for p, _ in rows], "host_country": [c for _, c in rows],
        "lat": pd.array([None] * len(rows), dtype="Float64"),
        "lon": pd.array([None] * len(rows), dtype="Float64"),
        "csv_file": ["trips.csv"] * len(rows), "csv_row": list(range(2, len(rows) + 2)),
    })


def test_online_only_when_asked_then_cached_with_the_resolver_named(
        fake: FakeNominatim, tmp_path: Path, gazetteer: Gazetteer) -> None:
    cache = tmp_path / "places.csv"
    data = stops(("Moscow", "RUS"), ("Khasan", "RUS"))
    with pytest.raises(GeocodingError, match="Khasan"):
        resolve_coordinates(data, cache_path=cache, gazetteer=gazetteer,
                            geocoder=resolver(fake.domain))
    assert fake.requests == []  # offline by default, even with a geocoder at hand
    out = resolve_coordinates(data, online=True, cache_path=cache, gazetteer=gazetteer,
                              geocoder=resolver(fake.domain))
    assert list(out["coord_source"]) == ["cache", "online"]
    entry = PlaceCache.load(cache).get("Khasan", "RUS")
    assert entry is not None and entry.resolver == "online:nominatim"
    assert (entry.lat, entry.lon) == pytest.approx((42.4303, 130.6436))
    again = resolve_coordinates(data, online=True, cache_path=cache, gazetteer=gazetteer,
                                geocoder=resolver(fake.domain))
    assert list(again["coord_source"]) == ["cache", "cache"]
    assert len(fake.searches()) == 1  # asked once, ever


def test_service_down_keeps_what_resolved_and_reports_the_rest(
        tmp_path: Path, gazetteer: Gazetteer) -> None:
    cache = tmp_path / "places.csv"
    data = stops(("Vladivostok", "RUS"), ("Khasan", "RUS"), ("Tumangang", "PRK"))
    with pytest.raises(GeocodingError) as caught:
        resolve_coordinates(data, online=True, cache_path=cache, gazetteer=gazetteer,
                            geocoder=resolver(f"127.0.0.1:{closed_port()}", max_retries=0))
    message = str(caught.value)
    assert "'Khasan' in RUS (trips.csv, row 3)" in message
    assert "'Tumangang' in PRK (trips.csv, row 4)" in message
    assert "unreachable" in message
    assert PlaceCache.load(cache).get("Vladivostok", "RUS") is not None
    partial = caught.value.partial  # type: ignore[attr-defined]
    assert list(partial["coord_source"].fillna("-")) == ["gazetteer", "-", "-"]


def test_locate_online_falls_back_from_the_gazetteer(fake: FakeNominatim,
                                                     gazetteer: Gazetteer) -> None:
    result = locate("Vostochny Cosmodrome", country="RUS", online=True, use_cache=False,
                    gazetteer=gazetteer, geocoder=resolver(fake.domain))
    assert result.source == "online"
    assert (result.lat, result.lon) == pytest.approx((51.8844, 128.3336))


def test_any_geopy_geocoder_by_name_and_settings() -> None:
    photon = make_geocoder(service="photon", settings={"domain": "127.0.0.1:1", "scheme": "http"})
    assert type(photon).__name__ == "Photon"
    nominatim = make_geocoder()
    assert nominatim.headers["User-Agent"] == USER_AGENT
    assert nominatim.timeout == 10.0
    with pytest.raises(GeocodingError, match="unknown geocoder"):
        make_geocoder(service="no-such-service")
    with pytest.raises(GeocodingError, match="cannot set up"):
        make_geocoder(service="nominatim", settings={"no_such_option": 1})


def test_long_runs_show_a_progress_bar_with_an_eta(fake: FakeNominatim, tmp_path: Path,
                                                   gazetteer: Gazetteer,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    online = OnlineResolver(settings={"domain": fake.domain, "scheme": "http"},
                            min_delay_seconds=0.6)
    resolve_coordinates(stops(("Khasan", "RUS"), ("Tumangang", "PRK"), ("Russky Island", "RUS")),
                        online=True, cache_path=tmp_path / "p.csv", gazetteer=gazetteer,
                        geocoder=online, progress=True)
    err = capsys.readouterr().err
    assert "geocoding" in err and "3/3" in err
    assert re.search(r"\[\d\d:\d\d<\d\d:\d\d", err)  # elapsed<remaining: the ETA
