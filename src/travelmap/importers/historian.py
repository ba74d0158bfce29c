"""The US Office of the Historian's travels data (github.com/HistoryAtState/travels).

Each `<trip>` element is one visit to one country: `<id>`, `<name>`, `<start-date>`,
`<end-date>`, `<country id="slug">Name</country>`, a free-text `<locale>` listing the cities
("Rome,Nettuno"; empty when only the country is known) and `<remarks>`. Give one XML file or the
repository folder (its president-travels/ and secretary-travels/ files are read).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from travelmap.importers.common import (
    ImportResult,
    Record,
    Skipped,
    build_import,
    split_places,
    visit_type_of,
)
from travelmap.importers.xmlfiles import (
    Fault,
    element_text,
    parse_records,
    record_country,
    record_span,
    xml_files,
)
from travelmap.model import country_name

OUTLET = "U.S. Department of State, Office of the Historian"
PAGE = "https://history.state.gov/departmenthistory/travels/{role}/{who}"
FOLDERS = ("president-travels", "secretary-travels")


def import_historian(source: Path) -> ImportResult:
    """Every trip record in `source` (an XML file or a folder of them), as tours and stops.

    The same record met twice (same traveller, dates, country and locale) is read once: the
    repository's folder holds a compilation (president-travels/up-to-reagan.xml) beside each
    president's own file, under other ids (and ids are not unique: Tillerson's file reuses
    some, and so do his and Trump's). The copy in a one-traveller file is kept; the repeats are
    counted in `ImportResult.repeated`.
    """
    files = xml_files(source, folders=FOLDERS, what="the travels repository's files")
    parsed = [(path, list(parse_records(path, root="trips", record="trip",
                                        what="HistoryAtState travels").iter("trip")))
              for path in files]
    # One traveller's own file first, compilations after: where copies differ, the own is kept.
    parsed.sort(key=lambda item: len({trip.get("who") for trip in item[1]}) > 1)
    records: list[Record] = []
    skipped: list[Skipped] = []
    first_seen: dict[tuple[str, ...], tuple[str, int | None]] = {}  # label, index in records
    repeated: list[Skipped] = []
    for path, trips in parsed:
        for number, trip in enumerate(trips, start=1):
            same = _identity(trip)
            label = f"{element_text(trip, 'id') or f'#{number}'} in {path.name}"
            if same in first_seen:
                first, kept = first_seen[same]
                repeated.append(Skipped(label, "trip", f"the same trip as record {first}"))
                remarks = element_text(trip, "remarks")
                if kept is not None and remarks and remarks not in records[kept].note:
                    # two records of one visit (Biden's COP26 is two): both remarks are kept
                    note = "; ".join(filter(None, (records[kept].note, remarks)))
                    records[kept] = replace(records[kept], note=note)
                continue
            record, problem = _record(trip, path, number)
            first_seen[same] = (label, len(records) if record is not None else None)
            if record is not None:
                records.append(record)
            else:
                assert problem is not None
                skipped.append(problem)
    result = build_import(records, skipped, prefix="hist")
    result.repeated = repeated
    return result


def _identity(trip: ET.Element) -> tuple[str, ...]:
    """What makes two records one: traveller, dates, country and locale (spaces folded)."""
    country = trip.find("country")
    slug = country.get("id", "") if country is not None else ""
    # "Harry S. Truman" in the compilation is "Harry S Truman" in his own file
    return (" ".join(element_text(trip, "name").replace(".", " ").split()),
            element_text(trip, "start-date"),
            element_text(trip, "end-date"), slug,
            " ".join(element_text(trip, "locale").split()))


def _record(trip: ET.Element, path: Path, number: int) -> tuple[Record | None, Skipped | None]:
    record_id = element_text(trip, "id") or f"{path.name}#{number}"
    label = record_id if element_text(trip, "id") else f"{record_id} (no <id>)"

    def skip(field: str, reason: str) -> tuple[None, Skipped]:
        return None, Skipped(f"{label} in {path.name}", field, reason)

    name = element_text(trip, "name")
    if not name:
        return skip("name", "empty")
    span = record_span(trip)
    if isinstance(span, Fault):
        return skip(span.tag, span.reason)
    host, slug, country_text = record_country(trip, "country")
    if host is None:
        return skip("country", f"unknown country {slug or country_text!r}")
    places = split_places(element_text(trip, "locale")) or (country_name(host),)
    role = trip.get("role") or element_text(trip, "role") or "president"
    who = trip.get("who") or ""
    remarks = element_text(trip, "remarks")
    url = PAGE.format(role="secretary" if "secretary" in role else "president", who=who) \
        if who else "https://history.state.gov/departmenthistory/travels"
    return Record(
        record_id=record_id, traveller=name, traveller_country="USA", host_country=host,
        places=places, start=span[0], end=span[1], visit_type=visit_type_of(remarks),
        note=remarks, source_url=url, outlet=OUTLET,
        source_title=f"Travels of the {role.replace('-', ' ')}: {name}, record {record_id} "
                     f"({country_text or slug})"), None
