"""A local stand-in for Nominatim: its /search JSON format, on 127.0.0.1, with faults on demand.

Tests drive the real `geopy.geocoders.Nominatim` client against it, so the HTTP, parsing and error
mapping exercised are geopy's own; nothing reaches the internet. Faults are queued and consumed one
per request: "slow" (answers after `slow_seconds`), "429" (with Retry-After), "500", "malformed"
(a truncated JSON body). `closed_port()` gives a port where connections are refused.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass(frozen=True)
class FakePlace:
    name: str
    lat: float
    lon: float
    country_code: str  # ISO alpha-2, lower case as Nominatim gives it
    country: str
    importance: float = 0.5


# Nominatim answers for a few names (true coordinates of the places, from OpenStreetMap).
DEFAULT_PLACES: dict[str, list[FakePlace]] = {
    "khasan": [FakePlace("Khasan", 42.4303, 130.6436, "ru", "Russia", 0.35)],
    "vostochny cosmodrome": [FakePlace("Vostochny Cosmodrome", 51.8844, 128.3336, "ru", "Russia",
                                       0.45)],
    "russky island": [FakePlace("Russky Island", 43.0167, 131.8500, "ru", "Russia", 0.42)],
    "moscow": [FakePlace("Moscow", 46.7324, -117.0002, "us", "United States", 0.55),
               FakePlace("Moscow", 55.7504, 37.6175, "ru", "Russia", 0.82)],
    "tumangang": [FakePlace("Tumangang", 42.3167, 130.6500, "kp", "North Korea", 0.3)],
}


@dataclass
class Request:
    path: str
    params: dict[str, str]
    user_agent: str
    at: float


@dataclass
class FakeNominatim:
    places: dict[str, list[FakePlace]] = field(default_factory=lambda: dict(DEFAULT_PLACES))
    slow_seconds: float = 2.0
    retry_after: int = 1
    faults: deque[str] = field(default_factory=deque)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeNominatim:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def fail_next(self, *faults: str) -> None:
        with self._lock:
            self.faults.extend(faults)

    def searches(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/search"]

    # -- answering ---------------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlparse(handler.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        with self._lock:
            self.requests.append(Request(url.path, params, handler.headers.get("User-Agent", ""),
                                         time.monotonic()))
            fault = self.faults.popleft() if self.faults else None
        if fault == "slow":
            time.sleep(self.slow_seconds)
        elif fault == "429":
            self._send(handler, 429, b'{"error": "Too Many Requests"}',
                       {"Retry-After": str(self.retry_after)})
            return
        elif fault == "500":
            self._send(handler, 500, b"<html>Internal Server Error</html>", {})
            return
        elif fault == "malformed":
            self._send(handler, 200, b'[{"place_id": 1, "lat": "51.8', {})
            return
        if url.path != "/search":
            self._send(handler, 404, b"[]", {})
            return
        body = json.dumps(self._search(params)).encode()
        self._send(handler, 200, body, {})

    def _search(self, params: dict[str, str]) -> list[dict[str, Any]]:
        query = params.get("q", "").split(",")[0].strip().casefold()
        found = list(self.places.get(query, []))
        if params.get("countrycodes"):
            allowed = set(params["countrycodes"].lower().split(","))
            found = [p for p in found if p.country_code in allowed]
        found.sort(key=lambda p: -p.importance)
        limit = int(params.get("limit", "10"))
        details = params.get("addressdetails") == "1"
        return [self._record(i, p, details) for i, p in enumerate(found[:limit])]

    @staticmethod
    def _record(i: int, place: FakePlace, details: bool) -> dict[str, Any]:
        record: dict[str, Any] = {
            "place_id": 1000 + i,
            "licence": "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright",
            "osm_type": "node",
            "osm_id": 424242 + i,
            "lat": f"{place.lat:.7f}",
            "lon": f"{place.lon:.7f}",
            "class": "place",
            "type": "town",
            "place_rank": 16,
            "importance": place.importance,
            "addresstype": "town",
            "name": place.name,
            "display_name": f"{place.name}, {place.country}",
            "boundingbox": [f"{place.lat - 0.05:.7f}", f"{place.lat + 0.05:.7f}",
                            f"{place.lon - 0.05:.7f}", f"{place.lon + 0.05:.7f}"],
        }
        if details:
            record["address"] = {"town": place.name, "country": place.country,
                                 "country_code": place.country_code}
        return record

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes,
              headers: dict[str, str]) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client timed out and hung up: what a slow server sees too


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
