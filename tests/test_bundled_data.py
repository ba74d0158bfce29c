"""The bundled dataset keeps its own coverage rule (data/README.md, "Coverage rule").

These are the rule's mechanical parts, checked on the raw CSV files (independent of the loader):
stop order without gaps, one traveller per trip, a source for every trip and a trip for every
source, stops in time order, every trip inside the stated coverage (who, when, where), foreign
stops only (with the documented exception), and no trip recorded twice.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from travelmap.model import bundled_data_dir

DATA = bundled_data_dir()
TODAY = date.today()

# Who the dataset covers, and over which days (both ends inclusive). Kept in step with the table
# "Coverage rule" in data/README.md.
LEADERS: dict[str, tuple[str, list[tuple[date, date]]]] = {
    # Kim Jong Il led North Korea from his father's death (8 July 1994) to his own (17 Dec 2011).
    "Kim Jong Il": ("PRK", [(date(1994, 7, 8), date(2011, 12, 17))]),
    "Kim Jong Un": ("PRK", [(date(2011, 12, 17), TODAY)]),
    # Putin's trips as president (not as prime minister, May 2008 - May 2012).
    "Vladimir Putin": ("RUS", [(date(2000, 5, 7), date(2008, 5, 7)),
                               (date(2012, 5, 7), TODAY)]),
}
# Travellers whose trips are context for the story (the seed trips), not a complete record.
CONTEXT_TRAVELLERS = {"Joe Biden": "USA", "Kamala Harris": "USA", "Volodymyr Zelensky": "UKR"}
# Putin is covered in the Asia-Pacific (including Central Asia and the region's blocs) from 2000,
# and everywhere from the ICC arrest warrant of 17 March 2023.
ASIA_PACIFIC = {
    "CHN", "PRK", "KOR", "JPN", "MNG", "VNM", "LAO", "KHM", "THA", "MMR", "MYS", "SGP", "IDN",
    "PHL", "BRN", "TLS", "AUS", "NZL", "PNG", "IND", "KAZ", "KGZ", "TJK", "TKM", "UZB",
}
ICC_WARRANT = date(2023, 3, 17)
# Stops in the traveller's own country that are rows all the same (data/README.md, "Not included").
DOMESTIC_EXCEPTIONS = {("biden-2023-09-india-vietnam", "Anchorage")}


def read(name: str) -> list[dict[str, str]]:
    with Path(DATA, name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


STOPS = read("trips.csv")
SOURCES = read("sources.csv")


def trips() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in STOPS:
        out[row["trip_id"]].append(row)
    return dict(out)


TRIPS = trips()


def span(stops: list[dict[str, str]]) -> tuple[date, date]:
    return (min(date.fromisoformat(s["start_date"]) for s in stops),
            max(date.fromisoformat(s["end_date"]) for s in stops))


def test_stop_order_runs_1_to_n_without_gaps() -> None:
    bad = {trip_id: orders for trip_id, stops in TRIPS.items()
           if (orders := [int(s["stop_order"]) for s in stops]) != list(range(1, len(stops) + 1))}
    assert not bad, f"stop_order must be 1, 2, 3... in file order: {bad}"


def test_one_traveller_per_trip() -> None:
    bad = {trip_id for trip_id, stops in TRIPS.items()
           if len({(s["traveller"], s["traveller_country"]) for s in stops}) != 1}
    assert not bad, bad


def test_every_trip_has_a_source_and_every_source_a_trip() -> None:
    sourced = {s["trip_id"] for s in SOURCES}
    assert not set(TRIPS) - sourced, f"trips without a source: {sorted(set(TRIPS) - sourced)}"
    assert not sourced - set(TRIPS), f"sources of no trip: {sorted(sourced - set(TRIPS))}"


def test_no_source_listed_twice_for_a_trip() -> None:
    seen: set[tuple[str, str]] = set()
    dupes = [key for s in SOURCES if (key := (s["trip_id"], s["url"])) in seen or seen.add(key)]
    assert not dupes, dupes


def test_stops_run_forward_in_time() -> None:
    bad = []
    for trip_id, stops in TRIPS.items():
        for before, after in zip(stops, stops[1:], strict=False):
            if after["start_date"] < before["start_date"]:
                bad.append((trip_id, before["stop_order"], after["stop_order"]))
        bad += [(trip_id, s["stop_order"], "end<start") for s in stops
                if s["end_date"] < s["start_date"]]
    assert not bad, bad


@pytest.mark.parametrize("trip_id", sorted(TRIPS))
def test_every_trip_is_inside_the_stated_coverage(trip_id: str) -> None:
    stops = TRIPS[trip_id]
    traveller, country = stops[0]["traveller"], stops[0]["traveller_country"]
    if traveller in CONTEXT_TRAVELLERS:
        assert country == CONTEXT_TRAVELLERS[traveller]
        return
    assert traveller in LEADERS, f"{trip_id}: {traveller} is not in the stated coverage"
    home, windows = LEADERS[traveller]
    assert country == home
    first, last = span(stops)
    assert any(start <= first and last <= end for start, end in windows), \
        f"{trip_id} ({first}..{last}) is outside {traveller}'s coverage {windows}"
    if traveller == "Vladimir Putin" and first < ICC_WARRANT:
        outside = {s["host_country"] for s in stops} - ASIA_PACIFIC - {"RUS"}
        # The 2000 G8 summit at Nago, Okinawa is in Japan, so no exception is needed there.
        assert not outside, f"{trip_id}: before the ICC warrant only Asia-Pacific trips: {outside}"


def test_every_stop_is_abroad_unless_documented() -> None:
    home = [(s["trip_id"], s["place"]) for s in STOPS
            if s["host_country"] == s["traveller_country"]]
    assert set(home) <= DOMESTIC_EXCEPTIONS, sorted(set(home) - DOMESTIC_EXCEPTIONS)


def test_no_trip_is_recorded_twice() -> None:
    """Two trips of one traveller never overlap in time (a tour is one trip with several stops)."""
    by_traveller: dict[str, list[tuple[date, date, str]]] = defaultdict(list)
    for trip_id, stops in TRIPS.items():
        by_traveller[stops[0]["traveller"]].append((*span(stops), trip_id))
    overlaps = []
    for spans in by_traveller.values():
        spans.sort()
        for (_, end, a), (start, _, b) in zip(spans, spans[1:], strict=False):
            if start <= end:
                overlaps.append((a, b))
    assert not overlaps, overlaps
    keys = [(s["trip_id"], s["stop_order"]) for s in STOPS]
    assert len(keys) == len(set(keys))


def test_trip_ids_name_the_traveller_and_start_month() -> None:
    """`putin-2024-06-...`: the slug starts with the traveller and the year-month of stop 1."""
    prefix = {"Vladimir Putin": "putin", "Kim Jong Un": "kim-jong-un", "Kim Jong Il": "kim-jong-il",
              "Joe Biden": "biden", "Kamala Harris": "harris", "Volodymyr Zelensky": "zelensky"}
    bad = [trip_id for trip_id, stops in TRIPS.items()
           if not trip_id.startswith(f"{prefix[stops[0]['traveller']]}-"
                                     f"{stops[0]['start_date'][:7]}-")]
    assert not bad, bad
