"""The tables of a saved HTML page, each with the year heading above it, rowspans expanded.

Wikipedia's "List of ... trips" pages hold one `wikitable` per year under a year heading, with
cells that span rows (one country, two visits). The standard library's HTML parser is enough
for that: footnote markers (`<sup class="reference">`) and scripts are left out of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_YEAR = re.compile(r"^(\d{4})\b")
_SKIPPED_TAGS = {"script", "style"}
_HEADINGS = {"h1", "h2", "h3", "h4"}


@dataclass
class Table:
    """One table: the year of the heading above it (None when that is no year), its rows."""

    year: int | None
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0


@dataclass
class _Cell:
    text: str
    rowspan: int
    colspan: int
    header: bool


class _Parser(HTMLParser):
    def __init__(self, table_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.table_class = table_class
        self.title = ""
        self.canonical = ""
        self.raw_tables: list[tuple[int | None, list[list[_Cell]]]] = []
        self._year: int | None = None
        self._heading: list[str] | None = None
        self._h1: list[str] | None = None
        self._in_title = False
        self._skip = 0  # depth inside script/style/footnote markers
        self._depth = 0  # nested tables: only the outer wanted one is read
        self._rows: list[list[_Cell]] | None = None
        self._cell: tuple[list[str], int, int, bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in _SKIPPED_TAGS or (tag == "sup" and "reference" in values.get("class", "")):
            self._skip += 1
        elif self._skip:
            if tag == "sup":
                self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href", "")
        elif tag in _HEADINGS and self._rows is None:
            self._heading = []
            if tag == "h1":
                self._h1 = self._heading
        elif tag == "table":
            self._depth += 1
            if self._depth == 1 and self.table_class in values.get("class", "").split():
                self._rows = []
        elif self._rows is not None and self._depth == 1:
            if tag == "tr":
                self._rows.append([])
            elif tag in {"td", "th"}:
                self._cell = ([], _span(values.get("rowspan")), _span(values.get("colspan")),
                              tag == "th")
            elif tag == "br" and self._cell is not None:
                self._cell[0].append(", ")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in _SKIPPED_TAGS or tag == "sup":
                self._skip -= 1
            return
        if tag == "title":
            self._in_title = False
        elif tag in _HEADINGS and self._heading is not None:
            text = " ".join("".join(self._heading).split())
            if tag == "h1":
                self.title = text
            else:
                found = _YEAR.match(text)
                self._year = int(found.group(1)) if found else None
            self._heading = None
        elif tag in {"td", "th"} and self._cell is not None and self._rows:
            parts, rowspan, colspan, header = self._cell
            self._rows[-1].append(_Cell(" ".join("".join(parts).split()), rowspan, colspan,
                                        header))
            self._cell = None
        elif tag == "table":
            if self._depth == 1 and self._rows is not None:
                self.raw_tables.append((self._year, self._rows))
                self._rows = None
            self._depth = max(0, self._depth - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title and not self.title:
            self.title = data.strip()
        if self._heading is not None:
            self._heading.append(data)
        if self._cell is not None:
            self._cell[0].append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def read_tables(html: str, *, table_class: str = "wikitable") -> tuple[str, str, list[Table]]:
    """(page title, canonical URL, tables with class `table_class`) of an HTML page."""
    parser = _Parser(table_class)
    parser.feed(html)
    parser.close()
    tables = []
    for year, raw in parser.raw_tables:
        table = Table(year)
        pending: dict[int, tuple[int, str]] = {}  # column -> (rows still spanned, text)
        for cells in raw:
            row: list[str] = []
            queue = list(cells)
            column = 0
            while queue or any(c >= column and n > 0 for c, (n, _) in pending.items()):
                if column in pending and pending[column][0] > 0:
                    left, text = pending[column]
                    pending[column] = (left - 1, text)
                    row.append(text)
                    column += 1
                    continue
                if not queue:
                    break
                cell = queue.pop(0)
                for _ in range(cell.colspan):
                    if cell.rowspan > 1:
                        pending[column] = (cell.rowspan - 1, cell.text)
                    row.append(cell.text)
                    column += 1
            if cells and all(c.header for c in cells) and not table.rows[table.header_rows:]:
                table.header_rows += 1
            table.rows.append(row)
        tables.append(table)
    return parser.title, parser.canonical, tables
