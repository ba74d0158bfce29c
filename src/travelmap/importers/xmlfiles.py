"""Reading the Office of the Historian's XML files: which files, parsed or refused by name."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from travelmap.importers.common import DatasetError


def xml_files(source: Path, *, folders: Sequence[str], what: str) -> list[Path]:
    """`source` itself, or the XML files in its `folders` (else directly in it)."""
    if source.is_file():
        return [source]
    if not source.is_dir():
        raise DatasetError(f"{str(source)!r}: no such file or folder")
    found = [p for folder in folders for p in sorted((source / folder).glob("*.xml"))]
    found = found or sorted(source.glob("*.xml"))
    if not found:
        raise DatasetError(f"{str(source)!r}: no XML files (expected {what}: the "
                           f"{' or '.join(folders)} folder, or XML files)")
    return found


def parse_records(path: Path, *, root: str, record: str, what: str) -> ET.Element:
    """The parsed file; refused with its name when it is not XML or holds no `record`."""
    try:
        tree = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise DatasetError(f"{path}: not well-formed XML ({error})") from error
    except OSError as error:
        raise DatasetError(f"{path}: cannot read ({error.strerror or error})") from error
    if tree.tag != root and tree.find(f".//{record}") is None:
        raise DatasetError(f"{path}: no <{record}> records (root element <{tree.tag}>); "
                           f"is this a {what} file?")
    return tree


class Fault(NamedTuple):
    """Why a record is skipped: the tag at fault and what is wrong with it."""

    tag: str
    reason: str


def record_span(record: ET.Element) -> tuple[date, date] | Fault:
    """(start, end) from the record's <start-date> and <end-date>, or the Fault."""
    dates: list[date] = []
    for tag in ("start-date", "end-date"):
        raw = element_text(record, tag)
        try:
            dates.append(date.fromisoformat(raw))
        except ValueError:
            return Fault(tag, f"{raw!r} is not a date (YYYY-MM-DD)")
    if dates[1] < dates[0]:
        return Fault("end-date", f"{dates[1]} is before the start {dates[0]}")
    return dates[0], dates[1]


def record_country(record: ET.Element, tag: str) -> tuple[str | None, str, str]:
    """(alpha-3 or None, the id slug, the name) of a `<tag id="slug">Name</tag>` element."""
    from travelmap.importers.countries import country_code

    element = record.find(tag)
    slug = element.get("id", "") if element is not None else ""
    text = element_text(record, tag)
    return country_code(slug, text), slug, text


def element_text(parent: ET.Element, tag: str) -> str:
    """The text of `tag` (markup inside it, such as <em>, flattened), whitespace collapsed."""
    element = parent.find(tag)
    return " ".join("".join(element.itertext()).split()) if element is not None else ""
