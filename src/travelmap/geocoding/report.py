"""The full placing report: every distinct place, how it was placed or why not, no cap.

`travelmap geocode --report FILE` writes it; the terminal shows the counts. Status per place:
`resolved`, `flagged` (placed, but by a reading, a territory, a country's capital or over a
namesake: the note says how, check it), `outside` (placed more than 50 km outside its host
country's outline: a wrong coordinate, country code or namesake; `travelmap.outlines`),
`ambiguous` (comparable namesakes: the reason lists them) and `unresolved`.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from travelmap.atomic import write_atomic
from travelmap.errors import GeocodingError
from travelmap.geocoding.gazetteer import Gazetteer, default_gazetteer
from travelmap.geocoding.keys import column_codes, row_groups, stop_keys
from travelmap.geocoding.resolve import UnresolvedPlaces
from travelmap.model import FILE_COLUMN, ROW_COLUMN, territories_of
from travelmap.outlines import TOLERANCE_KM, kms_outside

REPORT_COLUMNS = ("place", "host_country", "status", "source", "lat", "lon", "confidence",
                  "how_or_why", "stops", "rows")
STATUSES = ("resolved", "flagged", "outside", "ambiguous", "unresolved")
FLAG_BELOW = 0.8  # answers less sure than this are flagged for a look
ELSEWHERE_SHOWN = 3  # towns of an unresolved name in other countries named in its row


def report_rows(located: pd.DataFrame, unresolved: UnresolvedPlaces) -> list[dict[str, str]]:
    """One row per distinct (place, host country) of `located`, in order of first appearance."""
    keyed = stop_keys(located, host=_host)
    groups = row_groups(keyed.codes)  # codes number the keys in order of first appearance
    lats = located["lat"].to_numpy(dtype="float64", na_value=np.nan)
    lons = located["lon"].to_numpy(dtype="float64", na_value=np.nan)
    sources = located.get("coord_source")
    where = _where(located)
    out: list[dict[str, str]] = []
    for key, positions in zip(keyed.keys, groups, strict=True):
        first = int(positions[0])
        answer = unresolved.answers.get(key)
        source = None if sources is None else sources.iloc[first]
        lat, lon = lats[first], lons[first]
        placed = not (np.isnan(lat) or np.isnan(lon))
        if placed:
            note = answer.note if answer is not None else None
            confidence = answer.confidence if answer is not None else 1.0
            flagged = bool(note) or confidence < FLAG_BELOW
            status = "flagged" if flagged and source != "explicit" else "resolved"
            how = note or ""
        else:
            how = unresolved.failures.get(key, "not found")
            status = "ambiguous" if "ambiguous" in how else "unresolved"
            confidence = 0.0
        out.append({
            "place": key[0], "host_country": key[1] or "", "status": status,
            "source": "" if pd.isna(source) else str(source),
            "lat": f"{lat:.5f}" if placed else "",
            "lon": f"{lon:.5f}" if placed else "",
            "confidence": f"{confidence:.2f}", "how_or_why": how,
            "stops": str(len(positions)), "rows": where(positions),
        })
    _mark_outside(out)
    _name_elsewhere(out, unresolved.gazetteer)
    return out


def _name_elsewhere(rows: list[dict[str, str]], gazetteer: Gazetteer | None) -> None:
    """An unresolved place that is a town in another country says so ("Dhahran" filed under
    Bahrain is in Saudi Arabia): a wrong host code is a common fault, and the fix is the data's.
    Costs the world's index (seconds, once; kept on disk) and only when something is unresolved."""
    wanted = [row for row in rows if row["status"] == "unresolved" and row["host_country"]]
    if not wanted:
        return
    gaz = gazetteer or default_gazetteer()
    for row in wanted:
        host = row["host_country"]
        try:
            found = [c for c in gaz.candidates(row["place"], country=host, everywhere=True)
                     if c.country not in (host, *territories_of(host))]
        except GeocodingError:
            continue
        if found:
            biggest = sorted(found, key=lambda c: -(c.population or 0))[:ELSEWHERE_SHOWN]
            towns = "; ".join(c.label() for c in biggest)
            row["how_or_why"] += (f"; a town of this name lies in another country ({towns}): "
                                  f"is {host} the right host?")


def _mark_outside(rows: list[dict[str, str]]) -> None:
    """Placed rows whose point lies beyond TOLERANCE_KM of the host country's outline become
    `outside`, whatever placed them: the map would look right and be wrong."""
    placed = [row for row in rows if row["lat"] and row["host_country"]]
    distances = kms_outside([float(row["lat"]) for row in placed],
                            [float(row["lon"]) for row in placed],
                            [row["host_country"] for row in placed])
    for row, km in zip(placed, distances, strict=True):
        if km is None:
            continue
        row["status"] = "outside"
        why = (f"{row['lat']}, {row['lon']} lies about {km:,.0f} km outside "
               f"{row['host_country']}'s outline (more than {TOLERANCE_KM:.0f} km): check the "
               "coordinates and the host country")
        row["how_or_why"] = f"{why}; {row['how_or_why']}" if row["how_or_why"] else why


def counts(rows: list[dict[str, str]]) -> Counter[str]:
    return Counter(row["status"] for row in rows)


def write_report(path: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(REPORT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, buffer.getvalue())


def _host(country: object) -> str | None:
    """The report's host key: blank stays "" (a row key makes it None)."""
    return None if pd.isna(country) else str(country).strip().upper()


def _where(frame: pd.DataFrame) -> Callable[[np.ndarray], str]:
    """Rows as "file: row row; file: row", the file cells read once for all rows, not per row."""
    if FILE_COLUMN not in frame or ROW_COLUMN not in frame:
        return lambda positions: " ".join(str(p) for p in positions.tolist())
    file_codes, names = column_codes(frame[FILE_COLUMN], lambda file: Path(str(file)).name)
    rows = np.array([str(row) for row in frame[ROW_COLUMN]], dtype=object)

    def where(positions: np.ndarray) -> str:
        by_file: dict[str, list[str]] = {}
        for code, row in zip(file_codes[positions].tolist(), rows[positions].tolist(),
                             strict=True):
            by_file.setdefault(names[code], []).append(row)
        return "; ".join(f"{f}: {' '.join(r)}" for f, r in by_file.items())

    return where
