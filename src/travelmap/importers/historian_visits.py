"""The US Office of the Historian's visits of foreign leaders to the US (HistoryAtState/visits).

Each `<visit>` is one leader's visit: `<id>`, `<start-date>`, `<end-date>`, `<visitor>` (title and
name, "Prime Minister Leo Varadkar"), `<from id="slug">Country</from>` and a free-text
`<description>`. The Office's notes to the data say the dates are those of the visit to
Washington unless the remarks say otherwise, and that the remarks name other places visited
where known. So every visit is a stop in Washington, D.C., followed by the US places its
description names (from `VENUES`, in the order written; their own days are not given, so they
carry the visit's dates and a note says so). The whole description is kept in the note.

The office title is taken off the traveller ("Leo Varadkar"), so one person's visits under
different offices stay one traveller, and goes into the note; monarchs keep theirs ("King
Abdullah II"), as they are known by it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from travelmap.importers.common import (
    ImportResult,
    Record,
    Skipped,
    build_import,
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

OUTLET = "U.S. Department of State, Office of the Historian"
PAGE = "https://history.state.gov/departmenthistory/visits/{slug}"
WASHINGTON = "Washington, D.C."
# Office titles written before the name; the longest first so "Prime Minister" wins over "Prime".
OFFICE_TITLES = tuple(sorted((
    "President", "Interim President", "President-elect", "Vice President", "Prime Minister",
    "Prime Minister-designate", "Acting Prime Minister", "Chancellor", "Premier",
    "General Secretary", "Chairman", "Taoiseach", "Secretary-General", "Governor-General",
    "Chief Executive", "State Counselor", "First Minister", "Federal Chancellor",
    "President of the Government", "Head of State", "Chief of State",
), key=len, reverse=True))
# US places the remarks name, as written there -> as the offline gazetteer knows them (a test
# checks each resolves); anything else stays in the note. Camp David is no town: the gazetteer
# cannot place it, so `geocode` reports it and one place-cache line fixes it (README).
VENUES: dict[str, str] = {
    "Camp David": "Camp David", "New York": "New York", "Mar-a-Lago": "Palm Beach",
    "Palm Beach": "Palm Beach", "Kennebunkport": "Kennebunkport",
    "Sunnylands": "Rancho Mirage", "Rancho Mirage": "Rancho Mirage", "Honolulu": "Honolulu",
    "Chicago": "Chicago", "Los Angeles": "Los Angeles", "San Francisco": "San Francisco",
    "Pittsburgh": "Pittsburgh", "Houston": "Houston", "Atlanta": "Atlanta", "Boston": "Boston",
    "Philadelphia": "Philadelphia", "Seattle": "Seattle", "Denver": "Denver",
    "Detroit": "Detroit", "Miami": "Miami", "New Orleans": "New Orleans",
    "Key West": "Key West", "San Clemente": "San Clemente", "Santa Barbara": "Santa Barbara",
    "Annapolis": "Annapolis", "St. Louis": "St. Louis",
}
UNPLACED_VENUES = frozenset({"Camp David"})
_VENUE = re.compile("|".join(re.escape(v) for v in sorted(VENUES, key=len, reverse=True)))


def import_historian_visits(source: Path) -> ImportResult:
    """Every visit record in `source` (an XML file or the repository's data/ folder)."""
    records: list[Record] = []
    skipped: list[Skipped] = []
    for path in xml_files(source, folders=("data",), what="the visits repository's files"):
        root = parse_records(path, root="visits", record="visit", what="HistoryAtState visits")
        for number, visit in enumerate(root.iter("visit"), start=1):
            record, problem = _record(visit, path, number)
            if record is not None:
                records.append(record)
            elif problem is not None:
                skipped.append(problem)
    return build_import(records, skipped, prefix="visit")


def traveller_and_title(visitor: str) -> tuple[str, str]:
    """('Leo Varadkar', 'Prime Minister') from 'Prime Minister Leo Varadkar'; a name without an
    office title (a monarch's included) is kept whole."""
    name = " ".join(visitor.split())
    for title in OFFICE_TITLES:
        if name.startswith(title + " ") and len(name) > len(title) + 1:
            return name[len(title) + 1:], title
    return name, ""


def places_named(description: str) -> tuple[str, ...]:
    """Washington first (the visit's dates are Washington's), then each venue the description
    names, in the order written, once."""
    found = [VENUES[m.group()] for m in _VENUE.finditer(description)]
    return tuple(dict.fromkeys([WASHINGTON, *found]))


def _record(visit: ET.Element, path: Path, number: int) -> tuple[Record | None, Skipped | None]:
    record_id = element_text(visit, "id") or f"{path.name}#{number}"

    def skip(field: str, reason: str) -> tuple[None, Skipped]:
        return None, Skipped(f"{record_id} in {path.name}", field, reason)

    visitor = element_text(visit, "visitor")
    if not visitor:
        return skip("visitor", "empty")
    span = record_span(visit)
    if isinstance(span, Fault):
        return skip(span.tag, span.reason)
    country, slug, origin_text = record_country(visit, "from")
    if country is None:
        return skip("from", f"unknown country {slug or origin_text!r}")
    traveller, title = traveller_and_title(visitor)
    description = element_text(visit, "description")
    places = places_named(description)
    notes = [f"as {title}" if title else "", description]
    if len(places) > 1:
        notes.append("the places after Washington are from the description; their own days "
                     "are not in the record")
    return Record(
        record_id=record_id, traveller=traveller, traveller_country=country,
        host_country="USA", places=places, start=span[0], end=span[1],
        visit_type=visit_type_of(description), note="; ".join(n for n in notes if n),
        source_url=PAGE.format(slug=slug) if slug else
        "https://history.state.gov/departmenthistory/visits",
        outlet=OUTLET,
        source_title=f"Visits by foreign leaders: {visitor}, record {record_id} "
                     f"({origin_text or slug})"), None
