"""France's Archives nationales: trips of presidents and prime ministers since 1945 (CSV).

Columns `lieu` (the places, comma- or semicolon-separated), `pays`, `code_pays` (ISO alpha-2 or
alpha-3), `date_de_debut`, `date_de_fin` (ISO or DD/MM/YYYY); the traveller comes from a column
such as `president` or `personnalite` when the file has one, else from `traveller=`. Separator
(`;` or `,`) and encoding (UTF-8, else Windows-1252) are detected.
"""

from __future__ import annotations

import csv
import io
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

OUTLET = "Archives nationales (France)"
DEFAULT_URL = "https://www.archives-nationales.culture.gouv.fr/"
REQUIRED = ("lieu", "pays", "code_pays", "date_de_debut", "date_de_fin")
TRAVELLER_COLUMNS = ("president", "président", "personnalite", "personnalité", "nom",
                     "voyageur", "traveller")
NOTE_COLUMNS = ("objet", "motif", "description", "observations", "commentaire")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def import_archives_fr(source: Path, *, traveller: str | None = None,
                       source_url: str = DEFAULT_URL) -> ImportResult:
    """Every row of the CSV as a record; rows that cannot be read are listed, by row number."""
    text = read_text(source)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = {(h or "").strip().casefold(): h for h in reader.fieldnames or []}
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DatasetError(f"{source}: missing column(s) {', '.join(missing)} (found: "
                           f"{', '.join(header) or 'no header'}); expected the Archives "
                           f"nationales columns {', '.join(REQUIRED)}")
    who_column = next((header[c] for c in TRAVELLER_COLUMNS if c in header), None)
    if who_column is None and not traveller:
        raise DatasetError(f"{source}: no traveller column ({', '.join(TRAVELLER_COLUMNS)}); "
                           "name the traveller (--traveller NAME)")
    note_column = next((header[c] for c in NOTE_COLUMNS if c in header), None)
    records: list[Record] = []
    skipped: list[Skipped] = []
    for row_number, row in enumerate(reader, start=2):
        def cell(name: str, row: dict[str, str | None] = row) -> str:
            return (row.get(header.get(name, name)) or "").strip()

        record_id = f"{source.name} row {row_number}"

        def skip(field: str, reason: str, record_id: str = record_id) -> None:
            skipped.append(Skipped(record_id, field, reason))

        who = (row.get(who_column) or "").strip() if who_column else ""
        who = who or (traveller or "")
        if not who:
            skip(who_column or "traveller", "empty")
            continue
        dates = [_date(cell("date_de_debut")), _date(cell("date_de_fin"))]
        if dates[0] is None:
            skip("date_de_debut", f"{cell('date_de_debut')!r} is not a date")
            continue
        end = dates[1] or dates[0]
        if dates[1] is None and cell("date_de_fin"):
            skip("date_de_fin", f"{cell('date_de_fin')!r} is not a date")
            continue
        if end < dates[0]:
            skip("date_de_fin", f"{end} is before the start {dates[0]}")
            continue
        host = country_code(cell("code_pays"), cell("pays"))
        if host is None:
            skip("code_pays", f"unknown country {cell('code_pays') or cell('pays')!r}")
            continue
        places = split_places(cell("lieu")) or (cell("pays"),)
        note = (row.get(note_column) or "").strip() if note_column else ""
        records.append(Record(
            record_id=str(row_number), traveller=who, traveller_country="FRA",
            host_country=host, places=places, start=dates[0], end=end,
            visit_type=visit_type_of(note), note=note, source_url=source_url, outlet=OUTLET,
            source_title=f"Déplacements : {who}, {cell('lieu') or cell('pays')}, "
                         f"{dates[0].isoformat()} ({record_id})"))
    return build_import(records, skipped, prefix="anfr")


def _date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    match = _DMY.match(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
