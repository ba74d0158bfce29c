"""A newsroom's house font for every map: a family name, or a font file the map carries.

`--font "Source Serif 4"` names an installed family: the static map draws with it (refused with
a clear error when matplotlib cannot find it, rather than silently falling back), the HTML map
asks the reader's browser for it. `--font house.ttf` takes a font file: the static map registers
it, and the HTML map carries it inline (a data: URI loaded with the FontFace API), so the page
stays offline and looks the same on every reader's machine. Either way DejaVu Sans and the CJK
fonts stay behind it for glyphs it lacks. Names are limited to plain characters, so a family
name from the command line can never break out of a CSS string.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from travelmap.errors import ExportError

FONT_SUFFIXES = {".ttf": "font/ttf", ".otf": "font/otf"}
MAX_FONT_BYTES = 8 * 1024 * 1024  # a font file, not a font collection of a whole system
_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]{0,63}$")


@dataclass(frozen=True)
class HouseFont:
    """The family to draw with and, when given as a file, that file."""

    family: str
    file: Path | None = None

    def payload(self) -> dict[str, Any]:
        """What the page reads (options.font): the family and, for a file, its data: URI."""
        data = None
        if self.file is not None:
            mime = FONT_SUFFIXES[self.file.suffix.lower()]
            data = f"data:{mime};base64," + base64.b64encode(self.file.read_bytes()).decode()
        return {"family": self.family, "data": data}


def house_font(spec: str | Path) -> HouseFont:
    """The house font a `--font` value names: a .ttf/.otf file, or an installed family."""
    text = str(spec).strip()
    path = Path(text)
    if path.suffix.lower() in FONT_SUFFIXES or path.exists():
        return _from_file(path)
    if not _FAMILY.match(text):
        raise ExportError(f"font {text!r}: a family name has letters, digits, spaces, '.', "
                          "'_' and '-' only (or give a .ttf/.otf file)")
    return HouseFont(text)


def _from_file(path: Path) -> HouseFont:
    if path.suffix.lower() not in FONT_SUFFIXES:
        raise ExportError(f"font {str(path)!r}: expected a .ttf or .otf file")
    if not path.is_file():
        raise ExportError(f"font {str(path)!r}: no such file")
    if path.stat().st_size > MAX_FONT_BYTES:
        raise ExportError(f"font {str(path)!r} is larger than {MAX_FONT_BYTES // 2**20} MB")
    return HouseFont(_family_in(path), path)


@lru_cache(maxsize=16)
def _family_in(path: Path) -> str:
    """The family name inside a font file (matplotlib reads it), made safe for CSS."""
    from matplotlib import font_manager

    try:
        name = font_manager.FontProperties(fname=str(path)).get_name()
    except (OSError, RuntimeError, ValueError) as error:
        raise ExportError(f"font {str(path)!r} cannot be read as a font: {error}") from None
    safe = re.sub(r"[^A-Za-z0-9 _.\-]", "", name).strip() or "travelmap house font"
    return safe[:64]


@lru_cache(maxsize=16)
def _register(path: Path) -> None:
    """Add a font file to matplotlib's font list once per process (each addfont appends)."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))


def static_families(font: HouseFont | None) -> list[str]:
    """The house font's family for matplotlib, registered when it is a file; refused when an
    installed family is named that matplotlib cannot find (it would fall back silently)."""
    if font is None:
        return []
    from matplotlib import font_manager

    if font.file is not None:
        _register(font.file)
        return [font.family]
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    if font.family not in installed:
        close = sorted(name for name in installed
                       if font.family.casefold().split()[0] in name.casefold())[:5]
        hint = f" (installed: {', '.join(close)})" if close else ""
        raise ExportError(f"font {font.family!r} is not installed for the static map{hint}; "
                          "give its .ttf/.otf file instead")
    return [font.family]
