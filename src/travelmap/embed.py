"""An HTML snippet that puts a map into a CMS page or a report: `<figure>` + `<iframe srcdoc>`.

The whole map travels inside the `srcdoc` attribute (escaped), so the snippet needs no hosting and
no network; the sandbox lets the map's scripts run but keeps them away from the host page. The
`<figcaption>` says in words what the map shows, for screen readers and for print.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping

import pandas as pd

from travelmap.alttext import describe
from travelmap.errors import ExportError
from travelmap.story import Step

CSS_LENGTH = re.compile(r"^(?:0|\d+(?:\.\d+)?(?:px|%|em|rem|vw|vh|cm|mm|in)?)$")

__all__ = ["css_length", "describe", "embed_snippet"]


def css_length(value: str | int | float, *, what: str) -> str:
    """A CSS length from '100%', '600px' or 600 (pixels); anything else is refused, so no text
    from the command line can break out of the style attribute."""
    text = str(value).strip()
    if not CSS_LENGTH.match(text):
        raise ExportError(f"{what} {value!r} is not a CSS length: use e.g. 600, 600px or 100%")
    return text + "px" if text[-1].isdigit() and text != "0" else text


def attribute(text: str) -> str:
    """Text made safe inside a double-quoted attribute, on one line: CMS editors (WordPress's
    autop, for one) turn line breaks into <p>/<br> even inside attributes."""
    escaped = html.escape(text, quote=True)  # & < > " '
    return escaped.replace("\r", "&#13;").replace("\n", "&#10;")


def embed_snippet(
    stops: pd.DataFrame,
    *,
    width: str | int | float = "100%",
    height: str | int | float = 600,
    title: str | None = None,
    caption: str | None = None,
    tiles: str | None = None,
    show_date: str | None = None,
    window_days: int | None = None,
    colours: Mapping[str, str] | None = None,
    icc_overlay: bool = True,
    story: list[Step] | None = None,
) -> str:
    """A `<figure>` holding the map as `<iframe srcdoc>` plus a text description; ready to paste.

    `width`/`height` are CSS lengths (a bare number means pixels). `title` names the iframe for
    assistive technology (and heads the map); `caption` is added to the description. `colours`
    `icc_overlay` and `story` are `build_map`'s.

    >>> print(embed_snippet(stops, height=500, title="Putin's 2024 tour"))  # doctest: +SKIP
    <figure class="travelmap-embed" ...><iframe srcdoc="&lt;!DOCTYPE html&gt;..." ...
    """
    from travelmap.geocoding import placed
    from travelmap.mapping import build_map, render_html

    stops = placed(stops)
    css_width = css_length(width, what="width")
    css_height = css_length(height, what="height")
    label = title or "Map of diplomatic trips"
    document = render_html(build_map(stops, title=title, caption=caption, tiles=tiles,
                                     show_date=show_date, window_days=window_days,
                                     colours=colours, icc_overlay=icc_overlay, story=story))
    text = describe(stops) + (f" {caption}" if caption else "")
    ident = "travelmap-" + hashlib.sha256(document.encode("utf-8")).hexdigest()[:10]
    return (
        f'<figure class="travelmap-embed" style="margin:0;width:{css_width};max-width:100%">\n'
        f'  <iframe srcdoc="{attribute(document)}" title="{attribute(label)}" '
        f'aria-describedby="{ident}" loading="lazy" sandbox="allow-scripts allow-popups" '
        f'referrerpolicy="no-referrer" '
        f'style="display:block;border:0;width:100%;height:{css_height}"></iframe>\n'
        f'  <figcaption id="{ident}">{attribute(text)}</figcaption>\n'
        "</figure>\n"
    )
