"""Online look-ups through geopy, only when the user asks (`--online`).

Nominatim by default, with a descriptive user agent and geopy's RateLimiter at no more than one
request per second (its usage policy); any other geopy geocoder by name and settings. Time-outs,
HTTP 429 (honouring Retry-After) and 5xx are retried with exponential back-off; a refused connection
stops online look-ups for the rest of the run instead of failing slowly place by place.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from geopy.adapters import BaseAdapter, RequestsAdapter, URLLibAdapter, requests_available
from geopy.exc import (
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, get_geocoder_for_service
from geopy.geocoders.base import Geocoder

from travelmap.errors import GeocodingError
from travelmap.geocoding.names import to_alpha2, to_alpha3
from travelmap.geocoding.resolution import Candidate
from travelmap.model import country_name

USER_AGENT = "travelmap/0.1 (maps of dated diplomatic trips; offline-first, caches every answer)"
DEFAULT_SERVICE = "nominatim"
NOMINATIM_MIN_DELAY = 1.0  # https://operations.osmfoundation.org/policies/nominatim/
PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"
DEFAULT_TIMEOUT = 10.0  # seconds per request; a time-out is retried with back-off


class OnlineUnavailable(GeocodingError):
    """The geocoding service cannot be reached at all; no point asking it about more places."""


@dataclass(frozen=True)
class OnlineAnswer:
    chosen: Candidate | None
    candidates: tuple[Candidate, ...]
    confidence: float
    reason: str | None = None


def make_geocoder(*, service: str = DEFAULT_SERVICE,
                  settings: Mapping[str, Any] | None = None) -> Geocoder:
    """A geopy geocoder by service name ("nominatim", "arcgis", "photon"...) and its settings."""
    options = dict(settings or {})
    try:
        cls = get_geocoder_for_service(service)
    except GeopyError as error:
        raise GeocodingError(f"unknown geocoder {service!r}: {error}") from error
    if issubclass(cls, Nominatim):
        options.setdefault("user_agent", USER_AGENT)
    options.setdefault("timeout", DEFAULT_TIMEOUT)  # geopy's own default is 1 s: too eager
    try:
        try:
            return cls(**{"adapter_factory": _single_try_adapter, **options})
        except TypeError:
            if "adapter_factory" in options:
                raise
            return cls(**options)  # a geocoder whose constructor takes no adapter
    except (TypeError, GeopyError) as error:
        raise GeocodingError(f"cannot set up geocoder {service!r}: {error}") from error


def _single_try_adapter(*, proxies: Any, ssl_context: Any) -> BaseAdapter:
    """geopy's HTTP adapter without its silent transport retries.

    The requests adapter retries a timed-out read twice on its own, at once and outside the
    RateLimiter: three hits on a struggling server per attempt, none spaced. Retrying is ours.
    """
    if requests_available:
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)
    return URLLibAdapter(proxies=proxies, ssl_context=ssl_context)


class OnlineResolver:
    """Asks one geopy geocoder about one place at a time, politely and persistently."""

    def __init__(self, *, geocoder: Geocoder | None = None, service: str = DEFAULT_SERVICE,
                 settings: Mapping[str, Any] | None = None,
                 min_delay_seconds: float = NOMINATIM_MIN_DELAY, max_retries: int = 3,
                 backoff_seconds: float = 2.0, max_backoff_seconds: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.geocoder = geocoder if geocoder is not None else make_geocoder(service=service,
                                                                          settings=settings)
        self.service = type(self.geocoder).__name__.lower()
        self._country_filter = isinstance(self.geocoder, Nominatim)
        if getattr(self.geocoder, "domain", "") == PUBLIC_NOMINATIM:
            min_delay_seconds = max(min_delay_seconds, NOMINATIM_MIN_DELAY)  # policy, not a knob
        # The RateLimiter only spaces calls; retrying is ours, so it can back off and read
        # Retry-After, and never retry what cannot succeed (a 400, a bad API key).
        self._call = RateLimiter(self.geocoder.geocode, min_delay_seconds=min_delay_seconds,
                                 max_retries=0, error_wait_seconds=min_delay_seconds,
                                 swallow_exceptions=False)
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self._sleep = sleep
        self.requests = 0
        self._down: str | None = None

    def lookup(self, name: str, *, country: str | None = None) -> OnlineAnswer:
        """One place; raises `OnlineUnavailable` when the service cannot be reached at all."""
        if self._down:
            raise OnlineUnavailable(self._down)
        raw = self._ask(name, country)
        found = [_candidate(location, country) for location in raw or []]
        eligible = [c for c in found if c.in_host]
        if not eligible:
            ruled_out = f" ({len(found)} answer(s) outside {country} ruled out)" if found else ""
            return OnlineAnswer(None, tuple(found), 0.0, f"{self.service}: no match{ruled_out}")
        best = eligible[0]
        importance = _importance(raw[found.index(best)]) if raw else None
        confidence = min(0.95, max(0.3, importance)) if importance is not None else 0.6
        return OnlineAnswer(best, tuple(found), round(confidence, 2))

    def _ask(self, name: str, country: str | None) -> list[Any]:
        kwargs: dict[str, Any] = {"exactly_one": False}
        query = name
        if self._country_filter:
            kwargs.update(limit=5, addressdetails=True, language="en")
            if country:
                kwargs["country_codes"] = [to_alpha2(country).lower()]
        elif country:
            query = f"{name}, {country_name(country)}"
        for attempt in range(self.max_retries + 1):
            try:
                self.requests += 1
                return list(self._call(query, **kwargs) or [])
            except GeocoderUnavailable as error:
                if attempt == self.max_retries:
                    self._down = f"{self.service} unreachable: {error}"
                    raise OnlineUnavailable(self._down) from error
                self._sleep(self._backoff(attempt, None))
            except (GeocoderTimedOut, GeocoderRateLimited) as error:
                if attempt == self.max_retries:
                    raise GeocodingError(f"{self.service}: gave up after {attempt + 1} tries: "
                                         f"{error}") from error
                retry_after = getattr(error, "retry_after", None)
                self._sleep(self._backoff(attempt, retry_after))
            except GeocoderServiceError as error:
                if not _is_server_error(error) or attempt == self.max_retries:
                    raise GeocodingError(f"{self.service}: {error}") from error
                self._sleep(self._backoff(attempt, None))
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None and retry_after > 0:
            return min(float(retry_after), self.max_backoff_seconds)
        return min(self.backoff_seconds * 2**attempt, self.max_backoff_seconds)


def _is_server_error(error: GeocoderServiceError) -> bool:
    """5xx (geopy maps 500 to a bare GeocoderServiceError); not 4xx query or key errors."""
    if type(error) is not GeocoderServiceError:
        return False
    status = getattr(error.__cause__, "status_code", None)
    return status is None or 500 <= int(status) < 600


def _candidate(location: Any, host: str | None) -> Candidate:
    raw = location.raw if isinstance(getattr(location, "raw", None), dict) else {}
    code = ((raw.get("address") or {}).get("country_code") or "").upper()
    try:
        country = to_alpha3(code) if code else ""
    except GeocodingError:
        country = code
    in_host = host is None or not code or country == host.upper()
    return Candidate(name=str(location.address or raw.get("display_name") or ""), country=country,
                     lat=float(location.latitude), lon=float(location.longitude),
                     matched="online", in_host=in_host)


def _importance(location: Any) -> float | None:
    raw = getattr(location, "raw", None)
    try:
        return float(raw["importance"]) if isinstance(raw, dict) and "importance" in raw else None
    except (TypeError, ValueError):
        return None
