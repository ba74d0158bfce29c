"""The schema as a Frictionless Data Package descriptor, written next to the data.

`data/datapackage.json` is generated from `model.py` (`python -m travelmap.datapackage`) and a
test checks that the two agree, so the machine-readable schema can never drift from the loader.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from travelmap.model import (
    SOURCE_FIELDS,
    STOP_FIELDS,
    TRAVEL_MODES,
    VISIT_TYPES,
    VOCABULARIES,
    Field,
    bundled_data_dir,
)

_TABLE_SCHEMA_TYPES = {"string": "string", "integer": "integer", "number": "number",
                       "date": "date", "iso3": "string", "url": "string",
                       "visit_type": "string", "travel_mode": "string"}


def _field(field: Field) -> dict[str, Any]:
    described: dict[str, Any] = {"name": field.name, "type": _TABLE_SCHEMA_TYPES[field.type],
                                 "description": field.description}
    constraints: dict[str, Any] = {}
    if field.value_required:
        constraints["required"] = True
    if field.type == "integer":
        constraints["minimum"] = 1
    if field.name == "lat":
        constraints.update(minimum=-90, maximum=90)
    if field.name == "lon":
        constraints.update(minimum=-180, maximum=180)
    if field.type == "iso3":
        constraints["pattern"] = "[A-Z]{3}"
    if field.type == "url":
        constraints["pattern"] = "https?://.+"
        described["format"] = "uri"
    if field.type in VOCABULARIES:
        constraints["enum"] = list(VOCABULARIES[field.type])
    if field.type == "date":
        described["format"] = "%Y-%m-%d"
    if constraints:
        described["constraints"] = constraints
    return described


def descriptor() -> dict[str, Any]:
    """The Data Package for trips.csv and sources.csv."""
    return {
        "name": "travelmap-trips",
        "title": "Sourced leader visits, one row per stop",
        "licenses": [{"name": "CC-BY-4.0", "title": "Compilation; facts are public"}],
        "resources": [
            {
                "name": "trips", "path": "trips.csv", "format": "csv", "encoding": "utf-8",
                "schema": {
                    "fields": [_field(f) for f in STOP_FIELDS],
                    "primaryKey": ["trip_id", "stop_order"],
                },
            },
            {
                "name": "sources", "path": "sources.csv", "format": "csv", "encoding": "utf-8",
                "schema": {
                    "fields": [_field(f) for f in SOURCE_FIELDS],
                    "foreignKeys": [{"fields": "trip_id",
                                     "reference": {"resource": "trips", "fields": "trip_id"}}],
                },
            },
        ],
        "visit_types": VISIT_TYPES,
        "travel_modes": TRAVEL_MODES,
    }


def render() -> str:
    return json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    target = bundled_data_dir() / "datapackage.json"
    target.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
