"""The standalone page's document head made accessible: a language, a title, pinch zoom allowed.

The `<title>` here is generic: data text never appears outside the page's JSON block (issue #8's
rule, tests/test_template_injection.py), so the page script names the document after the map's
title when it mounts (`travelmapMount` sets `document.title`, as text).

folium's page has no `lang` and no `<title>`, and its viewport (`maximum-scale=1.0,
user-scalable=no`) blocks pinch zoom, which readers with low vision rely on (axe-core:
html-has-lang, document-title, meta-viewport). folium writes that markup in its templates, so the
rendered page is corrected here; each correction must apply exactly once, so a folium upgrade that
changes the markup fails loudly instead of leaving the page inaccessible.
"""

from __future__ import annotations

import html
import re

from travelmap.errors import TravelmapError

LANG = "en"
DEFAULT_TITLE = "Interactive map of trips"
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'
_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*"\s*/>')


def _once(pattern: re.Pattern[str], replacement: str, text: str, what: str) -> str:
    result, count = pattern.subn(lambda _match: replacement, text, count=1)
    if count != 1:
        raise TravelmapError(f"the map page has no {what} to make accessible (folium changed?)")
    return result


def accessible_document(page: str) -> str:
    """`page` (folium's rendered HTML) with `<html lang>`, a `<title>` and a viewport that allows
    zooming. Edited in the part up to `</head>` when all three are found there (a 40 MB page is
    then copied once, not three times), else in the whole page."""
    cut = page.find("</head>")
    if cut > 0:
        try:
            return _accessible(page[:cut]) + page[cut:]
        except TravelmapError:
            pass  # not all in the head: the whole page says what is missing
    return _accessible(page)


def _accessible(page: str) -> str:
    page = _once(re.compile(r"<html>"), f'<html lang="{LANG}">', page, "<html> tag")
    head = f"<head>\n<title>{html.escape(DEFAULT_TITLE)}</title>"
    page = _once(re.compile(r"<head>"), head, page, "<head> tag")
    return _once(_VIEWPORT, VIEWPORT, page, "viewport")
