"""A saved Wikipedia "List of international ... trips made by ..." page (HTML).

The pages hold a table per year under a year heading: a country column, the places ("Areas
visited", "Locations", "Cities"), the dates ("May 3–4", "30 June – 1 July", "December 30 –
January 2, 2024": the year from the heading unless the cell gives one) and details, which become
the note and the visit type. Tables without a country and a dates column (a "See also" tally) are
not trips and are left alone. Each tour cites the page (its canonical URL), under Wikipedia's
licence, CC BY-SA 4.0; check facts against the sources the page cites.
"""

from __future__ import annotations

import re
from datetime import date
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
from travelmap.importers.htmltables import Table, read_tables
from travelmap.model import country_name

OUTLET = "Wikipedia (CC BY-SA 4.0)"
COLUMNS: dict[str, tuple[str, ...]] = {
    "country": ("country", "countries", "nation", "host"),
    "places": ("areas visited", "locations", "location", "cities", "city", "places",
               "areas", "venue", "venues"),
    "dates": ("dates", "date", "date(s)"),
    "details": ("details", "notes", "note", "purpose", "description", "remarks"),
}
_TRAVELLER = re.compile(r"(?:made by|trips of|visits by|visits of|travels of)\s+(.+?)"
                        r"(?:\s+[-–—]\s+Wikipedia)?$", re.IGNORECASE)
_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_RANGE = re.compile(r"\s*(?:[–—-]|\bto\b)\s*")
_TOKEN = re.compile(r"[A-Za-z]+|\d+")

DatePart = tuple[int | None, int | None, int | None]  # day, month, year


def import_wikipedia(source: Path, *, traveller: str | None = None,
                     traveller_country: str | None = None,
                     source_url: str | None = None) -> ImportResult:
    """Every row of the page's trip tables as a record; unreadable rows listed by table/row."""
    title, canonical, tables = read_tables(read_text(source))
    who = traveller or _traveller_from(title)
    if not who:
        raise DatasetError(f"{source}: the page title {title!r} names no traveller; give one "
                           "(--traveller NAME)")
    home = country_code(traveller_country or "")
    if home is None:
        raise DatasetError(f"{source}: give the traveller's country (--traveller-country ISO3); "
                           f"{traveller_country!r} is none" if traveller_country else
                           f"{source}: give the traveller's country (--traveller-country ISO3)")
    url = source_url or canonical
    if not url:
        raise DatasetError(f"{source}: the page has no canonical link; give its address "
                           "(--source-url URL)")
    trip_tables = [(n, t, _columns(t)) for n, t in enumerate(tables, start=1)]
    trip_tables = [(n, t, c) for n, t, c in trip_tables if c is not None]
    if not trip_tables:
        raise DatasetError(f"{source}: no table with a country and a dates column; is this a "
                           "saved Wikipedia list of trips?")
    records: list[Record] = []
    skipped: list[Skipped] = []
    for number, table, columns in trip_tables:
        for index, row in enumerate(table.rows[table.header_rows:], start=1):
            record_id = f"{table.year or 'table'} #{number} row {index}"
            record, problem = _record(row, columns, table, record_id, who=who, home=home,
                                      url=url, page=title or source.name)
            if record is not None:
                records.append(record)
            elif problem is not None:
                skipped.append(problem)
    return build_import(records, skipped, prefix="wiki")


def _traveller_from(title: str) -> str | None:
    found = _TRAVELLER.search(title.strip())
    return found.group(1).strip() if found else None


def _columns(table: Table) -> dict[str, int] | None:
    """Our column -> index in the table, from its header; None when it is no trips table."""
    if not table.header_rows:
        return None
    header = [" ".join(cell.casefold().split()) for cell in table.rows[table.header_rows - 1]]
    found = {key: next((i for i, name in enumerate(header) if name in names), -1)
             for key, names in COLUMNS.items()}
    if found["country"] < 0 or found["dates"] < 0:
        return None
    return found


def _record(row: list[str], columns: dict[str, int], table: Table, record_id: str, *,
            who: str, home: str, url: str, page: str) -> tuple[Record | None, Skipped | None]:
    def cell(key: str) -> str:
        index = columns[key]
        return row[index].strip() if 0 <= index < len(row) else ""

    if not any(cell(key) for key in ("country", "dates")):
        return None, None  # a spacer row
    host = country_code(cell("country"))
    if host is None:
        return None, Skipped(record_id, "country", f"unknown country {cell('country')!r}")
    span = parse_date_range(cell("dates"), table.year)
    if isinstance(span, str):
        return None, Skipped(record_id, "dates", span)
    start, end = span
    details = cell("details")
    return Record(
        record_id=record_id.replace(" ", "-").replace("#", ""), traveller=who,
        traveller_country=home, host_country=host,
        places=split_places(cell("places")) or (country_name(host) or cell("country"),),
        start=start, end=end, visit_type=visit_type_of(details), note=details,
        source_url=url, outlet=OUTLET, source_title=f"{page}: {record_id}"), None


def parse_date_range(text: str, year: int | None) -> tuple[date, date] | str:
    """(start, end) from "May 3–4", "30 June – 1 July", "December 30 – January 2, 2024" and the
    heading's `year`; or what is wrong."""
    parts = [p for p in _RANGE.split(text.strip(), maxsplit=1) if p]
    parsed = [_part(p) for p in parts[:2]]
    if not parsed or any(p is None for p in parsed):
        return f"{text!r} is not a date or a date range"
    first = parsed[0]
    last = parsed[-1]
    assert first is not None and last is not None
    day1, month1, year1 = first
    day2, month2, year2 = last
    month1, month2 = month1 or month2, month2 or month1
    start_year = year1 or year or year2
    end_year = year2 or start_year
    if None in (day1, day2, month1, month2, start_year, end_year):
        return f"{text!r} has no full date (day, month and a year from it or the heading)"
    try:
        start = date(start_year, month1, day1)  # type: ignore[arg-type]
        end = date(end_year, month2, day2)  # type: ignore[arg-type]
    except ValueError:
        return f"{text!r} is an impossible date"
    if end < start and year2 is None and end.month < start.month:
        try:
            end = end.replace(year=end.year + 1)  # "December 30 – January 2" crosses a year
        except ValueError:
            return f"{text!r} is an impossible date"
    if end < start:
        return f"{text!r} ends before it starts"
    return start, end


def _part(text: str) -> DatePart | None:
    day = month = year = None
    for token in _TOKEN.findall(text):
        if token.isdigit():
            number = int(token)
            if len(token) == 4 and year is None:
                year = number
            elif len(token) <= 2 and day is None:
                day = number
            else:
                return None
        elif token.casefold() in _MONTHS and month is None:
            month = _MONTHS[token.casefold()]
        else:
            return None
    return (day, month, year) if day or month or year else None
