"""The trip schema: column names, types and vocabularies, in one place.

Everything else (the loader, `data/datapackage.json`, the docs, the map's popups) reads the schema
from here, so a column is renamed or a visit type added in one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import pycountry

from travelmap.errors import TravelmapError

FieldType = Literal["string", "integer", "number", "date", "iso3", "url", "visit_type",
                    "travel_mode"]


@dataclass(frozen=True)
class Field:
    """One CSV column: its name, type, whether the column and its cells must be filled, and why."""

    name: str
    type: FieldType
    description: str
    column_required: bool = True  # the header must have it
    value_required: bool = False  # every cell must be filled


# What a visit was, as protocol offices and the US Office of the Historian call them.
VISIT_TYPES: dict[str, str] = {
    "state": "State visit: the highest protocol rank, at the host head of state's invitation.",
    "official": "Official visit: a formal bilateral visit below state rank.",
    "working": "Working visit: business-focused, with little ceremony.",
    "summit": "Bilateral summit: leaders meet at a chosen venue (e.g. Vladivostok 2019).",
    "multilateral": "A multilateral meeting: a summit of a bloc, forum or conference.",
    "private": "Private or unofficial visit.",
    "transit": "A stop on the way, without formal talks.",
    "other": "Anything else; explain in the note column.",
}

# How the traveller reached a stop, where sources say: a rail journey is no great circle, so maps
# draw each mode differently (air: great circle; rail, road, sea: along the ground or the sea,
# straight on the map, dashed or dotted).
TRAVEL_MODES: dict[str, str] = {
    "air": "By air: drawn as a great circle.",
    "rail": "By rail (e.g. Kim Jong Un's armoured train): drawn straight on the map, dashed.",
    "road": "By road (a motorcade across a border): drawn straight on the map, short dashes.",
    "sea": "By sea: drawn straight on the map, dotted.",
}

STOP_FIELDS: tuple[Field, ...] = (
    Field("trip_id", "string", "Stable id of the tour; its stops share it.", True, True),
    Field("stop_order", "integer", "Order of the stop within its tour: 1, 2, 3...", True, True),
    Field("traveller", "string", "Who travelled, e.g. 'Vladimir Putin'.", True, True),
    Field("traveller_country", "iso3", "Traveller's country, ISO 3166-1 alpha-3.", True, True),
    Field("host_country", "iso3", "Country visited, ISO 3166-1 alpha-3.", True, True),
    Field("place", "string", "Place name as written in the sources.", True, True),
    Field("lat", "number", "Optional explicit latitude (WGS84), overrides geocoding.", False),
    Field("lon", "number", "Optional explicit longitude (WGS84), overrides geocoding.", False),
    Field("start_date", "date", "First day at this stop, ISO 8601 (YYYY-MM-DD).", True, True),
    Field("end_date", "date", "Last day at this stop; equals start_date for one day.", True, True),
    Field("visit_type", "visit_type", "One of the visit-type vocabulary.", True, True),
    Field("counterpart", "string", "Who the traveller met, e.g. 'Kim Jong Un'.", False),
    Field("outcome", "string", "One line on what came of it, e.g. 'treaty signed'.", False),
    Field("note", "string", "Where sources disagree, or anything a reader should know.", False),
    Field("travel_mode", "travel_mode", "How the traveller reached this stop: air, rail, road "
          "or sea; empty when the sources do not say. The way home takes the first stop's.",
          False),
)
# Columns whose cells come from a fixed vocabulary (lower-cased on loading): type -> vocabulary.
VOCABULARIES: dict[str, dict[str, str]] = {"visit_type": VISIT_TYPES, "travel_mode": TRAVEL_MODES}

SOURCE_FIELDS: tuple[Field, ...] = (
    Field("trip_id", "string", "The tour this source documents (trips.csv trip_id).", True, True),
    Field("outlet", "string", "Publisher, e.g. 'Reuters', 'Kremlin'.", True, True),
    Field("title", "string", "Headline or document title.", True, True),
    Field("url", "url", "Where to read it: an http(s) URL.", True, True),
    Field("published", "date", "Publication date, ISO 8601.", True, False),
)

STOP_COLUMNS: tuple[str, ...] = tuple(f.name for f in STOP_FIELDS)
SOURCE_COLUMNS: tuple[str, ...] = tuple(f.name for f in SOURCE_FIELDS)

# Columns the loader adds to every stop row.
# Every stop carries its tour's sources: a tuple of Source, or (the loader's fast path) a
# source_columns.TripSources that equals, iterates and prints as that tuple.
SOURCES_COLUMN = "sources"
# In a CSV that travelmap wrote, the `sources` cell lists the URLs joined by this; it loads back.
SOURCE_LIST_SEPARATOR = " | "
FILE_COLUMN = "csv_file"  # which file the row came from
ROW_COLUMN = "csv_row"  # the row number a spreadsheet shows (header = 1)
COORD_SOURCE_COLUMN = "coord_source"  # which resolver gave lat/lon: "explicit", "cache", ...

CATEGORICAL_COLUMNS: tuple[str, ...] = (
    "traveller",
    "traveller_country",
    "host_country",
    "visit_type",
    "travel_mode",
)

SOURCES_FILENAME = "sources.csv"  # looked for next to each trips CSV


@dataclass(frozen=True)
class Source:
    """One piece of public reporting that documents a trip."""

    outlet: str
    title: str
    url: str
    published: str | None  # ISO date, or None when the source gives none

    def as_dict(self) -> dict[str, str | None]:
        return {"outlet": self.outlet, "title": self.title, "url": self.url,
                "published": self.published}


BUNDLED_PACKAGE = "travelmap.bundled"  # the repository's data/, shipped inside the package


def bundled_data_dir() -> Path:
    """The bundled trips, sources, place cache and base map, as installed with the package.

    pyproject.toml maps the repository's `data/` to the package `travelmap.bundled`, so this is
    `data/` in a checkout (editable install) and `site-packages/travelmap/bundled/` in a wheel.
    Read-only: nothing travelmap writes goes here (see `geocoding.cache` for the place cache).
    """
    try:
        root = resources.files(BUNDLED_PACKAGE)
    except ModuleNotFoundError as exc:
        raise TravelmapError(f"travelmap's bundled data ({BUNDLED_PACKAGE}) is not installed: "
                             "reinstall travelmap") from exc
    if not isinstance(root, Path) or not root.is_dir():
        raise TravelmapError(f"travelmap's bundled data must be a folder on disk, not {root}: "
                             "install travelmap unzipped (pip does)")
    return root


def bundled_trips_path() -> Path:
    return bundled_data_dir() / "trips.csv"


# Codes in use that ISO 3166-1 reserves rather than assigns (Kosovo is widely coded XKX).
EXTRA_COUNTRY_CODES = {"XKX": "Kosovo"}
# Where ISO's name is not the one newsrooms print (pycountry's common names cover most others).
SHORT_NAMES = {"RUS": "Russia", "COD": "DR Congo", "FSM": "Micronesia", "PSE": "Palestine",
               "VAT": "Vatican City"}


@cache  # a few hundred distinct codes, asked once per cell: a million-row file asks 2 million times
def is_country_code(value: str) -> bool:
    """Whether `value` is an ISO 3166-1 alpha-3 code the data may use (upper case)."""
    return value in EXTRA_COUNTRY_CODES or pycountry.countries.get(alpha_3=value) is not None


@cache
def country_name(iso3: str) -> str:
    """The common English name of an alpha-3 code ('Vietnam', not 'Viet Nam'), else the code:
    for popups, details, legends and online queries alike."""
    code = str(iso3).strip().upper()
    if code in EXTRA_COUNTRY_CODES or code in SHORT_NAMES:
        return EXTRA_COUNTRY_CODES.get(code) or SHORT_NAMES[code]
    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


_HTTP_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def safe_url(url: object) -> str | None:
    """The URL, stripped, when it is http(s) with a host and no blanks; else None. Only such
    URLs become links anywhere (no javascript:, data:, relative or mangled targets)."""
    text = str(url).strip() if url is not None else ""  # pandas' <NA> is no URL either
    return text if _HTTP_URL.match(text) else None


# Territories with their own ISO code (GeoNames files their towns there) under the state that a
# source names as the host: a visit to Martinique is "France" in the Office of the Historian.
SOVEREIGN: dict[str, str] = {
    **dict.fromkeys(("MTQ", "GLP", "GUF", "REU", "MYT", "SPM", "BLM", "MAF", "NCL", "PYF",
                     "WLF", "ATF"), "FRA"),
    **dict.fromkeys(("BMU", "GIB", "CYM", "VGB", "AIA", "MSR", "TCA", "FLK", "SHN", "PCN",
                     "IOT", "SGS", "GGY", "JEY", "IMN"), "GBR"),
    **dict.fromkeys(("PRI", "GUM", "VIR", "ASM", "MNP", "UMI"), "USA"),
    **dict.fromkeys(("GRL", "FRO"), "DNK"),
    **dict.fromkeys(("ABW", "CUW", "SXM", "BES"), "NLD"),
    **dict.fromkeys(("HKG", "MAC"), "CHN"),
    **dict.fromkeys(("CXR", "CCK", "NFK", "HMD"), "AUS"),
    **dict.fromkeys(("COK", "NIU", "TKL"), "NZL"),
    "SJM": "NOR", "BVT": "NOR", "ALA": "FIN",
}


def territories_of(host: str) -> tuple[str, ...]:
    """The territories (alpha-3) that sources file under `host`."""
    return tuple(t for t, sovereign in SOVEREIGN.items() if sovereign == host)
