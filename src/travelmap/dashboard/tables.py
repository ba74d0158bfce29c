"""The table under the map: readable columns for the visible stops, built once per dataset."""

from __future__ import annotations

import pandas as pd

from travelmap.model import SOURCES_COLUMN

TABLE_COLUMNS: tuple[str, ...] = (
    "start_date", "end_date", "traveller", "host_country", "place", "visit_type", "counterpart",
    "outcome", "trip_id", "stop_order",
)


def stops_table(stops: pd.DataFrame) -> pd.DataFrame:
    """The columns an analyst scans, plus the first source's URL and the number of sources."""
    table = stops.loc[:, list(TABLE_COLUMNS)].copy()
    for column in ("traveller", "host_country", "visit_type"):
        table[column] = table[column].astype("string")
    for column in ("counterpart", "outcome"):  # an empty cell reads empty, not "None"
        table[column] = table[column].astype("string").fillna("")
    sources = stops[SOURCES_COLUMN] if SOURCES_COLUMN in stops else pd.Series([()] * len(stops))
    table["source"] = [s[0].url if s else None for s in sources]
    table["sources"] = [len(s or ()) for s in sources]
    return table
