"""How well the offline resolver places a realistic list of place strings, and how often wrongly.

Reads a CSV of `place,host_country,lat,lon` (where the place really is; the fixture in
tests/data/geocoding/ is written in the style of the Office of the Historian's locales) and
counts, per distinct place: right (within 50 km), wrong (resolved more than 50 km off: the
silent errors), ambiguous (reported with candidates) and unresolved. Uses only the public
`locate` API, so the same script measures any checkout:

    .venv/bin/python benchmarks/geocoding_quality.py [CSV] [--list]
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

from travelmap.geocoding import locate

FIXTURE = Path(__file__).parents[1] / "tests/data/geocoding/historian_style_places.csv"
WRONG_KM = 50.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def measure(path: Path) -> dict[str, list[str]]:
    """Places by outcome: right, wrong, ambiguous, unresolved."""
    outcome: dict[str, list[str]] = {"right": [], "wrong": [], "ambiguous": [], "unresolved": []}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found = locate(row["place"], country=row["host_country"], use_cache=False)
            label = f"{row['place']} ({row['host_country']})"
            if found.resolved:
                off = km(found.lat, found.lon, float(row["lat"]), float(row["lon"]))
                kind = "right" if off <= WRONG_KM else "wrong"
                outcome[kind].append(f"{label} -> {found.matched_name}, {off:,.0f} km")
            elif (found.reason or "").startswith("ambiguous"):
                outcome["ambiguous"].append(label)
            else:
                outcome["unresolved"].append(label)
    return outcome


def main(argv: list[str]) -> None:
    path = Path(next((a for a in argv if not a.startswith("--")), FIXTURE))
    outcome = measure(path)
    total = sum(len(v) for v in outcome.values())
    print(f"{total} places: " + ", ".join(f"{k} {len(v)}" for k, v in outcome.items()))
    for kind in ("wrong", "ambiguous", "unresolved") if "--list" in argv else ("wrong",):
        for item in outcome[kind]:
            print(f"  {kind}: {item}")


if __name__ == "__main__":
    main(sys.argv[1:])
