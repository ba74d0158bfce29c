"""Fonts for the static map: DejaVu Sans for Latin, Cyrillic and Vietnamese, Noto CJK for the rest.

matplotlib (3.6+) falls back glyph by glyph along `font.family`, so 평양 and 北京 render when a
Noto CJK font is installed (Debian `fonts-noto-cjk`) and only lose their glyphs, not the export,
when it is not.
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib import font_manager

BASE_FAMILY = "DejaVu Sans"  # shipped inside matplotlib itself
CJK_FAMILIES = ("Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC",
                "Noto Serif CJK KR", "Noto Serif CJK SC", "Source Han Sans", "WenQuanYi Zen Hei")


@lru_cache(maxsize=1)
def font_families() -> tuple[str, ...]:
    """DejaVu Sans plus the first installed CJK family, if any (never a missing one: it warns)."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    cjk = next((family for family in CJK_FAMILIES if family in installed), None)
    return (BASE_FAMILY, cjk) if cjk else (BASE_FAMILY,)
