"""matplotlib's warnings, said in travelmap's words: never a library's source path on the terminal.

While a static map or an animation is drawn, matplotlib warns through `warnings` (a glyph a font
lacks, once per glyph per text drawn) with the caller's file and line attached, e.g.
"labels.py:94: UserWarning: Glyph 2342 (…) missing from font(s) DejaVu Sans". A reader of the
terminal learns nothing from the path and is alarmed by "UserWarning". Here those warnings are
collected while drawing and said once, plainly, on the `travelmap.export` logger (without any
handler configured, Python prints a logger's warnings to stderr as the bare message). Warnings of
other kinds (deprecations and the like: for developers, not users) pass through untouched.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

LOG = logging.getLogger("travelmap.export")
MISSING_GLYPH = re.compile(r"Glyph (\d+) .*missing from")
SHOWN_GLYPHS = 8
_DEPTH = threading.local()  # blocks nest (render_static -> draw_map): the outermost reports


@contextmanager
def library_warnings() -> Iterator[None]:
    """Collect matplotlib's user warnings raised inside the block and log them as one message
    each kind (missing glyphs are summed up in one line)."""
    depth = getattr(_DEPTH, "value", 0)
    if depth:
        yield  # an outer block collects and reports
        return
    _DEPTH.value = 1
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        _DEPTH.value = 0
    missing: dict[str, None] = {}
    said: dict[str, None] = {}
    for record in caught:
        if not issubclass(record.category, UserWarning):
            warnings.warn_explicit(record.message, record.category, record.filename,
                                   record.lineno, source=record.source)
            continue
        text = str(record.message)
        glyph = MISSING_GLYPH.search(text)
        if glyph:
            missing[chr(int(glyph.group(1)))] = None
        else:
            said[" ".join(text.split())] = None
    if missing:
        LOG.warning(missing_glyphs_message(list(missing)))
    for text in said:
        LOG.warning("travelmap: while drawing the map: %s", text)


def missing_glyphs_message(characters: list[str]) -> str:
    """'3 characters of the data have no glyph …: द (U+0926), …': what to tell and what to do."""
    shown = ", ".join(f"{c!r} (U+{ord(c):04X})" if not c.isprintable() else f"{c} (U+{ord(c):04X})"
                      for c in characters[:SHOWN_GLYPHS])
    more = f" and {len(characters) - SHOWN_GLYPHS} more" if len(characters) > SHOWN_GLYPHS else ""
    one = len(characters) == 1
    return (f"travelmap: {len(characters)} character{'' if one else 's'} in the map's text "
            f"{'has' if one else 'have'} no glyph in the installed fonts and "
            f"{'shows' if one else 'show'} as an empty box: {shown}{more}. Install a font for "
            f"{'its script' if one else 'their scripts'} (e.g. a Noto font) to draw "
            f"{'it' if one else 'them'}.")
