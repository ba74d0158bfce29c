"""The map's context data: country outlines and who was bound by the Rome Statute on a given day.

Both files ship in `data/`, installed as `travelmap.bundled` (provenance: data/README.md). They are
read once per process: the map, the exports and the dashboard all ask for them, and a Streamlit
rerun must not re-parse 200 KB of GeoJSON. The cached objects are shared, so callers treat them
as read-only.

ICC membership is by date because it changes: a state is a party from the day the Statute entered
into force for it (not the day it ratified) until the day its withdrawal took effect.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from travelmap.errors import Problem, TravelmapError, ValidationError
from travelmap.model import bundled_data_dir

COUNTRIES_FILENAME = "countries.geojson"
ICC_FILENAME = "icc_states_parties.csv"
ICC_COLUMNS: tuple[str, ...] = (
    "iso3",
    "state",
    "ratified",
    "entry_into_force",
    "withdrawal_effective",
    "source_url",
)
ICC_DATE_COLUMNS: tuple[str, ...] = ("ratified", "entry_into_force", "withdrawal_effective")
ICC_REQUIRED: tuple[str, ...] = ("iso3", "state", "ratified", "entry_into_force", "source_url")

IccStatus = Literal["party", "not yet in force", "withdrawn", "non-party"]
DayLike = date | datetime | pd.Timestamp | str

__all__ = [
    "IccStatus",
    "icc_parties_on",
    "icc_party_on",
    "icc_status_on",
    "load_countries",
    "load_icc_parties",
]


def _countries_path() -> Path:
    return bundled_data_dir() / COUNTRIES_FILENAME


def _icc_path() -> Path:
    return bundled_data_dir() / ICC_FILENAME


@lru_cache(maxsize=4)
def load_countries(*, path: Path | None = None) -> dict[str, Any]:
    """The country outlines as a GeoJSON FeatureCollection (properties `iso3`, `name`).

    Cached per path; the same dict is returned every time, so do not mutate it.
    """
    source = path or _countries_path()
    try:
        collection = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TravelmapError(f"country outlines not found: {source}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError([Problem(str(source), None, None, f"not valid JSON: {exc}")]) from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise ValidationError([Problem(str(source), None, None,
                                       "not a GeoJSON FeatureCollection")])
    return collection


def load_icc_parties(*, path: Path | None = None) -> pd.DataFrame:
    """The ICC states-parties table: one row per state, dates as datetime64, sorted by iso3.

    A fresh copy each call (the parsed table is cached), so callers may modify it.
    """
    return _parse_icc(path or _icc_path()).copy()


@lru_cache(maxsize=4)
def _parse_icc(path: Path) -> pd.DataFrame:
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError as exc:
        raise TravelmapError(f"ICC states-parties table not found: {path}") from exc
    file = str(path)
    missing = [c for c in ICC_COLUMNS if c not in raw.columns]
    if missing:
        raise ValidationError([Problem(file, 1, c, "column missing") for c in missing])
    raw = raw[list(ICC_COLUMNS)].apply(lambda col: col.str.strip())
    problems: list[Problem] = []
    frame = pd.DataFrame({"iso3": raw["iso3"].str.upper(), "state": raw["state"],
                          "source_url": raw["source_url"]})
    for column in ICC_DATE_COLUMNS:
        parsed = pd.to_datetime(raw[column], format="%Y-%m-%d", errors="coerce")
        for index in raw.index[(raw[column] != "") & parsed.isna()]:
            problems.append(Problem(file, int(index) + 2, column,
                                    f"{raw.at[index, column]!r} is not a YYYY-MM-DD date"))
        frame[column] = parsed.astype("datetime64[ns]")
    for column in ICC_REQUIRED:
        for index in raw.index[raw[column] == ""]:
            problems.append(Problem(file, int(index) + 2, column, "empty"))
    for index in raw.index[~raw["iso3"].str.fullmatch(r"[A-Za-z]{3}") & (raw["iso3"] != "")]:
        problems.append(Problem(file, int(index) + 2, "iso3",
                                f"{raw.at[index, 'iso3']!r} is not an ISO alpha-3 code"))
    for index in frame.index[frame["iso3"].duplicated(keep="first") & (frame["iso3"] != "")]:
        problems.append(Problem(file, int(index) + 2, "iso3",
                                f"{frame.at[index, 'iso3']} appears more than once"))
    backwards = frame["withdrawal_effective"].notna() & (
        frame["withdrawal_effective"] <= frame["entry_into_force"])
    for index in frame.index[backwards]:
        problems.append(Problem(file, int(index) + 2, "withdrawal_effective",
                                "withdrawal takes effect before entry into force"))
    if problems:
        raise ValidationError(problems)
    return frame[list(ICC_COLUMNS)].sort_values("iso3", ignore_index=True)


@lru_cache(maxsize=4)
def _membership(path: Path) -> dict[str, tuple[pd.Timestamp, pd.Timestamp | None]]:
    """iso3 -> (entry into force, withdrawal effective or None), for quick per-stop lookups."""
    table = _parse_icc(path)
    return {
        row.iso3: (row.entry_into_force,
                   None if pd.isna(row.withdrawal_effective) else row.withdrawal_effective)
        for row in table.itertuples(index=False)
    }


def _as_day(day: DayLike) -> pd.Timestamp:
    """Midnight of the given day; a time of day never changes membership."""
    stamp = pd.Timestamp(day)
    if pd.isna(stamp):
        raise ValueError(f"not a day: {day!r}")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def icc_status_on(iso3: str, day: DayLike, *, path: Path | None = None) -> IccStatus:
    """Where a state stood towards the Rome Statute on `day`, for map popups and legends."""
    entry = _membership(path or _icc_path()).get(iso3.strip().upper())
    if entry is None:
        return "non-party"
    in_force, withdrawn = entry
    when = _as_day(day)
    if when < in_force:
        return "not yet in force"
    if withdrawn is not None and when >= withdrawn:
        return "withdrawn"
    return "party"


def icc_party_on(iso3: str, day: DayLike, *, path: Path | None = None) -> bool:
    """True when the Statute bound `iso3` on `day`: entry_into_force <= day < withdrawal."""
    return icc_status_on(iso3, day, path=path) == "party"


def icc_parties_on(day: DayLike, *, path: Path | None = None) -> set[str]:
    """The alpha-3 codes of every state party on `day`."""
    members = _membership(path or _icc_path())
    return {iso3 for iso3 in members if icc_status_on(iso3, day, path=path) == "party"}
