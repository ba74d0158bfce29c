"""Any table of visits (CSV or TSV) with its columns named by the user: `--map place=City`.

For the many datasets with no importer of their own (a newsroom's spreadsheet, COLT's CSV
export, a table copied from a report): one row is one visit to one host country, its places
in a cell ("Moscow; Kazan"). The user maps our fields to the file's columns, and gives values
the file lacks (`traveller`, `traveller_country`, `source_url`) as constants. Dates are ISO
(YYYY-MM-DD) unless a `date_format` (strptime, e.g. "%d/%m/%Y" or "%B %d, %Y") is given.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from travelmap.importers.common import (
    DatasetError,
    ImportResult,
    Record,
    Skipped,
    build_import,
    read_text,
    split_places,
    visit_type_of,
)
from travelmap.importers.countries import country_code
from travelmap.model import VISIT_TYPES, country_name

# Our fields, and what each holds. `country` (the host) and `start` must be mapped; the rest
# may be mapped or, for the first three, given as a constant.
FIELDS: dict[str, str] = {
    "traveller": "who travelled",
    "traveller_country": "the traveller's country (code or name)",
    "source_url": "a URL citing the row",
    "country": "the host country (code or name)",
    "start": "first day",
    "end": "last day (default: the first)",
    "place": "the places, in order, separated by ',' or ';' (default: the country)",
    "visit_type": "our visit type, or words such as 'State visit'",
    "note": "anything a reader should know",
    "source_title": "the cited page's title",
    "outlet": "the cited publisher",
    "id": "the row's id in the dataset",
}
REQUIRED = ("country", "start")
CONSTANTS = ("traveller", "traveller_country", "source_url")


def import_table(source: Path, *, columns: Mapping[str, str],
                 constants: Mapping[str, str] | None = None,
                 date_format: str | None = None) -> ImportResult:
    """Every row of the table as a record; rows that cannot be read are listed by row number."""
    constants = {k: v for k, v in (constants or {}).items() if v}
    _check_mapping(columns, constants)
    text = read_text(source)
    delimiter = "\t" if source.suffix.lower() == ".tsv" else _sniff(text)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or [] if h is not None]
    absent = [f"{field}={column!r}" for field, column in columns.items() if column not in header]
    if absent:
        raise DatasetError(f"{source}: no column for {', '.join(absent)} (the header has: "
                           f"{', '.join(header) or 'nothing'})")
    records: list[Record] = []
    skipped: list[Skipped] = []
    for row_number, row in enumerate(reader, start=2):
        record, problem = _record(row, row_number, source, columns, constants, date_format)
        if record is not None:
            records.append(record)
        elif problem is not None:
            skipped.append(problem)
    return build_import(records, skipped, prefix="table")


def _check_mapping(columns: Mapping[str, str], constants: Mapping[str, str]) -> None:
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise DatasetError(f"unknown field(s) {', '.join(unknown)} in the column map; the "
                           f"fields are: {', '.join(FIELDS)}")
    missing = [f for f in REQUIRED if f not in columns]
    missing += [f for f in CONSTANTS if f not in columns and f not in constants]
    if missing:
        raise DatasetError("the column map needs " + ", ".join(
            f"{f} ({FIELDS[f]}: --map {f}=COLUMN"
            + (f" or --{f.replace('_', '-')} VALUE)" if f in CONSTANTS else ")")
            for f in missing))


def _sniff(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _record(row: Mapping[str, str | None], row_number: int, source: Path,
            columns: Mapping[str, str], constants: Mapping[str, str],
            date_format: str | None) -> tuple[Record | None, Skipped | None]:
    def value(field: str) -> str:
        column = columns.get(field)
        cell = (row.get(column) or "").strip() if column else ""
        return cell or constants.get(field, "")

    record_id = value("id") or f"row {row_number}"

    def skip(field: str, reason: str) -> tuple[None, Skipped]:
        return None, Skipped(f"{source.name} {record_id}", columns.get(field, field), reason)

    for field in ("traveller", "source_url"):
        if not value(field):
            return skip(field, "empty")
    host = country_code(value("country"))
    if host is None:
        return skip("country", f"unknown country {value('country')!r}")
    home = country_code(value("traveller_country"))
    if home is None:
        return skip("traveller_country", f"unknown country {value('traveller_country')!r}")
    start = _date(value("start"), date_format)
    if start is None:
        return skip("start", f"{value('start')!r} is not a date" + _expected(date_format))
    end = _date(value("end"), date_format) if value("end") else start
    if end is None:
        return skip("end", f"{value('end')!r} is not a date" + _expected(date_format))
    if end < start:
        return skip("end", f"{end} is before the start {start}")
    kind = value("visit_type")
    visit_type = kind.lower() if kind.lower() in VISIT_TYPES else visit_type_of(kind)
    return Record(
        record_id=record_id, traveller=value("traveller"), traveller_country=home,
        host_country=host,
        places=split_places(value("place")) or (country_name(host) or value("country"),),
        start=start, end=end, visit_type=visit_type, note=value("note"),
        source_url=value("source_url"), outlet=value("outlet") or source.name,
        source_title=value("source_title") or f"{source.name}, {record_id}"), None


def _date(text: str, date_format: str | None) -> date | None:
    try:
        if date_format:
            return datetime.strptime(text, date_format).date()
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _expected(date_format: str | None) -> str:
    if date_format:
        return f" in the format {date_format!r}"
    return " (YYYY-MM-DD; or give --date-format)"
