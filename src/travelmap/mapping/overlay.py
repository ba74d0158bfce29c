"""The offline base map and the ICC context: country outlines and Rome Statute party dates.

Both come from `travelmap.context` (Natural Earth outlines, the sourced ICC table in `data/`).
Party status is not decided here: the page computes it for whatever date the timeline shows, so a
2024 visit to Mongolia (a party since 2002) reads differently from one to North Korea (never one).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from travelmap.days import day_number


def _day(value: object) -> int | None:
    if value is None or value is pd.NA:
        return None
    stamp = pd.to_datetime(value, errors="coerce")
    if stamp is pd.NaT or pd.isna(stamp):
        return None
    return day_number(stamp.date())


def countries_payload(countries: dict[str, Any] | None) -> dict[str, Any]:
    """The outlines as a FeatureCollection keeping only `iso3` and `name` per feature."""
    features = []
    for feature in (countries or {}).get("features", []):
        props = feature.get("properties") or {}
        features.append({
            "type": "Feature",
            "properties": {"iso3": str(props.get("iso3") or ""),
                           "name": str(props.get("name") or "")},
            "geometry": feature.get("geometry"),
        })
    return {"type": "FeatureCollection", "features": features}


def icc_payload(parties: pd.DataFrame | None) -> list[list[Any]]:
    """[iso3, in force from (day number), withdrawal effective (day number or None)] per state."""
    if parties is None or parties.empty:
        return []
    rows: list[list[Any]] = []
    for record in parties.to_dict("records"):
        start = _day(record.get("entry_into_force"))
        if start is None:
            start = _day(record.get("ratified"))
        if start is None:
            continue
        rows.append([str(record.get("iso3")), start, _day(record.get("withdrawal_effective"))])
    return sorted(rows, key=lambda r: (r[0], r[1]))


def load_context(
    *, countries: bool, icc: bool
) -> tuple[dict[str, Any] | None, pd.DataFrame | None]:
    """The bundled outlines and ICC table, each only when asked for."""
    from travelmap import context

    outlines = context.load_countries() if countries else None
    parties = context.load_icc_parties() if icc else None
    return outlines, parties
