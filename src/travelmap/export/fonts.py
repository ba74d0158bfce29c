"""Fonts for the static map: DejaVu Sans for Latin, Cyrillic and Vietnamese, Noto CJK for the rest.

matplotlib (3.6+) falls back glyph by glyph along `font.family`, so 평양 and 北京 render when a
Noto CJK font is installed (Debian `fonts-noto-cjk`) and only lose their glyphs, not the export,
when it is not.

matplotlib lists the system's fonts once, in a cache file (`fontlist-*.json` in its config or
cache folder), and never looks again: a CJK font installed after that cache was written stays
invisible and every Korean or Chinese name is drawn as boxes. So the CJK font files are found
here, through fontconfig (`fc-list`) and the usual install paths, and registered with
matplotlib's font manager directly when the cache does not know them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager

from travelmap.housefont import HouseFont, static_families

BASE_FAMILY = "DejaVu Sans"  # shipped inside matplotlib itself
CJK_FAMILIES = ("Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC",
                "Noto Serif CJK KR", "Noto Serif CJK SC", "Source Han Sans", "WenQuanYi Zen Hei")
# Where Linux distributions put those fonts, for a system without fontconfig's fc-list.
KNOWN_CJK_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch: noto-fonts-cjk
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian: fonts-wqy-zenhei
)


def _known_families() -> set[str]:
    """Families matplotlib can draw with now (entries whose file is still there)."""
    return {entry.name for entry in font_manager.fontManager.ttflist
            if Path(entry.fname).exists()}


def cjk_font_files() -> list[Path]:
    """Installed font files of any CJK family above, as fontconfig and the usual paths say."""
    found: dict[str, None] = {}  # ordered, without repeats
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            listing = subprocess.run([fc_list, "--format", "%{family}\t%{file}\n"],
                                     capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            listing = None
        for line in (listing.stdout.splitlines() if listing else []):
            families, _, file = line.partition("\t")
            if file and any(f.strip() in CJK_FAMILIES for f in families.split(",")):
                found[file] = None
    for file in KNOWN_CJK_FILES:
        found[file] = None
    return [Path(file) for file in found if Path(file).is_file()]


def register_cjk_fonts() -> list[Path]:
    """Add installed CJK font files that matplotlib's font cache misses; return those added."""
    if any(family in _known_families() for family in CJK_FAMILIES):
        return []
    added = []
    for path in cjk_font_files():
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # unreadable or not a font: keep looking
            continue
        added.append(path)
    return added


@lru_cache(maxsize=1)
def _fallback_families() -> tuple[str, ...]:
    register_cjk_fonts()
    installed = _known_families()
    cjk = next((family for family in CJK_FAMILIES if family in installed), None)
    return (BASE_FAMILY, cjk) if cjk else (BASE_FAMILY,)


# The house font of the export being drawn (travelmap.housefont), ahead of the fallbacks.
_HOUSE: ContextVar[tuple[str, ...]] = ContextVar("travelmap_house_font", default=())


def font_families() -> tuple[str, ...]:
    """The house font, if one is in use, then DejaVu Sans plus the first installed CJK family,
    if any (never a missing one: it warns)."""
    return (*_HOUSE.get(), *_fallback_families())


@contextmanager
def house_font_used(font: HouseFont | None) -> Iterator[None]:
    """Draw with `font` first inside this block (checked: a missing family is an error)."""
    token = _HOUSE.set(tuple(static_families(font)))
    try:
        yield
    finally:
        _HOUSE.reset(token)
