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

from travelmap.geocoding.names import normalise
from travelmap.importers.common import (
    ImportResult,
    Record,
    Skipped,
    build_import,
    split_places,
    visit_type_of,
)
from travelmap.importers.countries import country_in_remarks
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

    Records of one traveller in one country on the same dates are one visit, read once: the
    repository's folder holds a compilation (president-travels/up-to-reagan.xml) beside each
    president's own file, under other ids and other spellings of the name, and some visits are
    filed twice (Biden at COP26). The first copy is kept, with any place and remark the others
    add; one traveller (`who`) keeps one name, the one in his own file. Ids are not unique
    there (Tillerson's file reuses some, and so do his and Trump's), so they identify nothing.
    The repeats are counted in `ImportResult.repeated`.
    """
    files = xml_files(source, folders=FOLDERS, what="the travels repository's files")
    parsed = [(path, list(parse_records(path, root="trips", record="trip",
                                        what="HistoryAtState travels").iter("trip")))
              for path in files]
    # One traveller's own file first, compilations after: its copy and its spelling are kept.
    parsed.sort(key=lambda item: len({trip.get("who") for trip in item[1]}) > 1)
    records: list[Record] = []
    skipped: list[Skipped] = []
    first_seen: dict[tuple[str, ...], tuple[str, int | None]] = {}  # label, index in records
    names: dict[str, str] = {}  # who -> the name the traveller's records all get
    repeated: list[Skipped] = []
    for path, trips in parsed:
        for number, trip in enumerate(trips, start=1):
            who, own = _who(trip), element_text(trip, "name")
            record, problem = _record(trip, path, number,
                                      name=names.setdefault(who, own) if own else "")
            same = (who, *_visit(trip))
            label = f"{element_text(trip, 'id') or f'#{number}'} in {path.name}"
            if same in first_seen:
                first, kept = first_seen[same]
                repeated.append(Skipped(label, "trip", f"the same visit as record {first}"))
                if kept is not None and record is not None:
                    records[kept] = _merged(records[kept], record)
                continue
            first_seen[same] = (label, len(records) if record is not None else None)
            if record is not None:
                records.append(record)
            else:
                assert problem is not None
                skipped.append(problem)
    result = build_import(records, skipped, prefix="hist")
    result.repeated = repeated
    return result


def _who(trip: ET.Element) -> str:
    """The traveller's key: the `who` attribute, else the name with its full stops folded
    ("Harry S. Truman" in one file is "Harry S Truman" in another)."""
    return trip.get("who") or " ".join(element_text(trip, "name").replace(".", " ").split())


def _visit(trip: ET.Element) -> tuple[str, str, str]:
    """Dates and country: with the traveller, what makes two records one visit."""
    country = trip.find("country")
    slug = country.get("id", "") if country is not None else ""
    return element_text(trip, "start-date"), element_text(trip, "end-date"), slug


def _merged(kept: Record, other: Record) -> Record:
    """`kept` with the places and the remark of `other` that it lacks, in their order."""
    known = {normalise(place) for place in kept.places}
    places = kept.places + tuple(p for p in other.places if normalise(p) not in known)
    note = kept.note
    if other.note and other.note not in note:
        note = "; ".join(filter(None, (note, other.note)))
    return replace(kept, places=places, note=note)


def _record(trip: ET.Element, path: Path, number: int, *,
            name: str) -> tuple[Record | None, Skipped | None]:
    record_id = element_text(trip, "id") or f"{path.name}#{number}"
    label = record_id if element_text(trip, "id") else f"{record_id} (no <id>)"

    def skip(field: str, reason: str) -> tuple[None, Skipped]:
        return None, Skipped(f"{label} in {path.name}", field, reason)

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
        country_today=country_in_remarks(remarks, host) or "",
        source_title=f"Travels of the {role.replace('-', ' ')}: {name}, record {record_id} "
                     f"({country_text or slug})"), None
