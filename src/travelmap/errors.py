"""One tree of errors, so the CLI and the dashboard can present any of them the same way.

The core never prints or exits: it raises these, and the outer ring (cli, dashboard) shows them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# A message lists at most this many problems; the rest are counted, so a wrong file picked by
# mistake gives a screenful, not megabytes.
MAX_LISTED_PROBLEMS = 200


def printable(text: str) -> str:
    """Text safe for a terminal: control and format characters (ESC, BEL, U+202E) escaped."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp"}
        else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


class TravelmapError(Exception):
    """Base of every error travelmap raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One fault in an input file, located the way a spreadsheet user would look for it."""

    file: str
    row: int | None  # spreadsheet row number: the header is row 1, the first record row 2
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return printable(f"{where}: {self.message}")


class ValidationError(TravelmapError, ValueError):
    """The data breaks the schema; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems[:MAX_LISTED_PROBLEMS])
        if count > MAX_LISTED_PROBLEMS:
            lines += f"\n  ... and {count - MAX_LISTED_PROBLEMS} more problems"
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found:\n{lines}")


class GeocodingError(TravelmapError):
    """Some places could not be resolved; what was resolved is kept."""


class ExportError(TravelmapError):
    """An output could not be written; any previous file at that path is left untouched."""
