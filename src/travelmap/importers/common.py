"""What every importer shares: the records it reads, how they become tours, and the output.

An importer turns a dataset's records into `Record`s (one visit to one host country, its places
in order) and lists what it could not read as `Skipped` (record id, field, why): nothing is
dropped without a word. `build_import` groups consecutive records of one traveller into tours by
date, splits them into stops, maps dissolved states (`historic`) and gives every tour the
dataset's records as its sources, so the output validates as it is.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from travelmap.atomic import write_atomic
from travelmap.errors import TravelmapError
from travelmap.importers.countries import country_in_place, lies_in
from travelmap.importers.historic import home_today, host_today
from travelmap.model import SOURCE_COLUMNS, SOURCES_FILENAME, STOP_COLUMNS, country_name

# Records of one traveller this close in time (days between one's end and the next's start) are
# one tour: a president goes from Bonn to London without flying home in between.
TOUR_GAP_DAYS = 1


class DatasetError(TravelmapError):
    """A dataset that cannot be imported at all (not the format, a missing column)."""


@dataclass(frozen=True)
class Record:
    """One dataset record: a traveller in one host country, the places in order, the dates."""

    record_id: str
    traveller: str
    traveller_country: str
    host_country: str  # alpha-3, or an ISO 3166-3 code of a dissolved state (SUN, YUG, ...)
    places: tuple[str, ...]
    start: date
    end: date
    visit_type: str = "other"
    note: str = ""
    source_url: str = ""
    source_title: str = ""
    outlet: str = ""
    country_today: str = ""  # where the record itself says its places lie today, if not the host


@dataclass(frozen=True)
class Skipped:
    """A record that could not be read, and why (shown to the user, never dropped silently)."""

    record_id: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"record {self.record_id}, {self.field}: {self.reason}"


@dataclass
class ImportResult:
    """The stops and sources rows (in our schema) and the records that were skipped."""

    stops: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    records: int = 0  # distinct records read (repeats not counted)
    repeated: list[Skipped] = field(default_factory=list)  # the same record met again: read once
    trip_ids: set[str] = field(default_factory=set, repr=False)  # given so far, each once

    def write(self, trips_path: Path) -> Path:
        """Write trips.csv (at `trips_path`) and sources.csv beside it, each atomically."""
        if not self.stops:
            raise DatasetError("nothing to write: no record could be imported")
        sources_path = trips_path.with_name(SOURCES_FILENAME)
        try:
            write_atomic(sources_path, _csv(SOURCE_COLUMNS, self.sources))
            write_atomic(trips_path, _csv(STOP_COLUMNS, self.stops))
        except OSError as error:
            raise DatasetError(f"cannot write {str(trips_path)!r}: "
                               f"{error.strerror or error}") from error
        return sources_path


def read_text(source: Path) -> str:
    """A dataset file as text: UTF-8 (with or without BOM), else Windows-1252, as spreadsheets
    in Western Europe save CSV."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise DatasetError(f"{str(source)!r}: cannot read ({error.strerror or error})") from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def split_places(text: str) -> tuple[str, ...]:
    """A free-text locale ("Rome,Nettuno"; "Paris ; Lyon") as places in order; bits that are
    not places on their own ("D.C.", "DC") stay with the place before them."""
    places: list[str] = []
    for part in re.split(r"\s*[,;]\s*", text.strip()):
        part = part.strip()
        if not part:
            continue
        if places and re.fullmatch(r"(?:[A-Z]\.?){1,3}", part):
            places[-1] = f"{places[-1]}, {part}"
        else:
            places.append(part)
    return tuple(places)


def build_import(records: list[Record], skipped: list[Skipped], *, prefix: str) -> ImportResult:
    """Records grouped into tours (same traveller, dates touching), one stop per place."""
    result = ImportResult(skipped=list(skipped), records=len(records) + len(skipped))
    ordered = sorted(records, key=lambda r: (r.traveller, r.start, r.end))
    tour: list[Record] = []
    for record in ordered:
        if tour and (record.traveller != tour[-1].traveller
                     or record.start > max(r.end for r in tour) + timedelta(TOUR_GAP_DAYS)):
            _add_tour(result, tour, prefix)
            tour = []
        tour.append(record)
    if tour:
        _add_tour(result, tour, prefix)
    return result


def _add_tour(result: ImportResult, tour: list[Record], prefix: str) -> None:
    trip_id = _unique_trip_id(result, f"{prefix}-{_slug(tour[0].traveller)}-{tour[0].record_id}")
    order = 0
    for record in tour:
        for host, place, host_note in _hosts_of(record):
            order += 1
            home, home_note = home_today(record.traveller_country)
            note = "; ".join(n for n in (home_note, host_note, record.note) if n)
            result.stops.append({
                "trip_id": trip_id, "stop_order": str(order), "traveller": record.traveller,
                "traveller_country": home, "host_country": host,
                "place": place, "lat": "", "lon": "",
                "start_date": record.start.isoformat(), "end_date": record.end.isoformat(),
                "visit_type": record.visit_type, "counterpart": "", "outcome": "",
                "note": note,
            })
        result.sources.append({"trip_id": trip_id, "outlet": record.outlet,
                               "title": record.source_title, "url": record.source_url,
                               "published": ""})


def _hosts_of(record: Record) -> list[tuple[str, str, str]]:
    """(today's host, place, note) for each place of a record. A record is one country of its
    time: when one of its places names where it lies today ("Christianstadt (Virgin Islands)"
    under Denmark in 1866, "Kingston (Jamaica)"), or the record does (`Record.country_today`, from
    its remarks), its other places go there too, unless they are towns of the record's host
    and not of that country."""
    host = record.host_country
    moves = [country_in_place(place, host) for place in record.places]  # once per place
    named = {moved[0] for moved in moves if moved is not None}
    if record.country_today:
        named.add(record.country_today)
    country = named.pop() if len(named) == 1 else None
    out: list[tuple[str, str, str]] = []
    for place, moved in zip(record.places, moves, strict=True):
        if country and moved is None and lies_in(place, host, country):
            out.append((country, place, _moved_note(host, place, place, country)))
        else:
            out.append(_host_of(host, place, moved))
    return out


def _host_of(host: str, place: str, moved: tuple[str, str] | None) -> tuple[str, str, str]:
    """(today's host, the place, a note): a dissolved state's place goes to its successor
    (`historic.host_today`), and a place that names another country ("Kingston (Jamaica)" filed
    under the United Kingdom in 1923; `moved`, from `country_in_place`) to that country, the
    record's host kept in the note."""
    if moved is None:
        today, note = host_today(host, place)
        return today, place, note
    code, bare = moved
    return code, bare, _moved_note(host, place, bare, code)


def _moved_note(host: str, place: str, bare: str, code: str) -> str:
    named = f" as {place!r}" if bare != place else ""
    return (f"filed under {country_name(host)} ({host}) by the source{named}, the host at the "
            f"time; {code} is where the place lies today")


def visit_type_of(text: str) -> str:
    """Our visit type from a dataset's words ("State visit", "Attended NATO Summit")."""
    lowered = text.casefold()
    rules = (("state visit", "state"), ("official visit", "official"),
             ("working visit", "working"), ("private visit", "private"),
             ("informal", "private"), ("vacation", "private"), ("refuel", "transit"),
             ("en route", "transit"), ("summit meeting with", "summit"),
             ("summit", "multilateral"), ("conference", "multilateral"),
             ("nato", "multilateral"), ("g-7", "multilateral"), ("g7", "multilateral"),
             ("g-20", "multilateral"), ("g20", "multilateral"),
             ("visite d'état", "state"), ("visite d’état", "state"),
             ("visite officielle", "official"), ("sommet", "multilateral"))
    for words, kind in rules:
        if words in lowered:
            return kind
    return "other"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "traveller"


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _unique_trip_id(result: ImportResult, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `-3`...: a dataset's record ids need not be unique (the
    Historian's files reuse some), and a trip id must be."""
    used = result.trip_ids
    trip_id, number = wanted, 1
    while trip_id in used:
        number += 1
        trip_id = f"{wanted}-{number}"
    used.add(trip_id)
    return trip_id
