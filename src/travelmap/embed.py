"""An HTML snippet that puts a map into a CMS page or a report: `<figure>` + `<iframe srcdoc>`.

The whole map travels inside the `srcdoc` attribute (escaped), so the snippet needs no hosting and
no network; the sandbox lets the map's scripts run but keeps them away from the host page. The
`<figcaption>` says in words what the map shows, for screen readers and for print.

Feeds, newsletters and readers that strip iframes and scripts (RSS, e-mail, reader modes) would
show nothing but the caption; with a fallback image the snippet also carries the static map in a
`<noscript>` (inline as a PNG data: URI, or a URL the user hosts), the way Datawrapper's embed
codes do: a browser running scripts shows the live map only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Mapping

import pandas as pd

from travelmap.alttext import describe
from travelmap.annotations import Annotation
from travelmap.errors import ExportError
from travelmap.housefont import HouseFont
from travelmap.model import safe_url
from travelmap.story import Step

# The fallback image's size: a column-wide map at screen resolution (about 1100 x 740 pixels).
FALLBACK_INCHES = (11.0, 7.4)
FALLBACK_DPI = 100
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
    fallback_image: bool | str = False,
    annotations: list[Annotation] | None = None,
    font: HouseFont | None = None,
) -> str:
    """A `<figure>` holding the map as `<iframe srcdoc>` plus a text description; ready to paste.

    `width`/`height` are CSS lengths (a bare number means pixels). `title` names the iframe for
    assistive technology (and heads the map); `caption` is added to the description. `colours`
    `icc_overlay`, `story`, `annotations` and `font` are `build_map`'s. `fallback_image=True`
    adds the static map as an inline PNG for readers without iframes or scripts; an http(s) URL
    adds that image instead.

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
                                     colours=colours, icc_overlay=icc_overlay, story=story,
                                     annotations=annotations, font=font))
    text = describe(stops) + (f" {caption}" if caption else "")
    ident = "travelmap-" + hashlib.sha256(document.encode("utf-8")).hexdigest()[:10]
    fallback = ""
    if fallback_image:
        source = _fallback_source(stops, fallback_image, title=title, caption=caption,
                                  colours=colours, annotations=annotations, font=font)
        fallback = (f'  <noscript><img src="{attribute(source)}" alt="{attribute(text)}" '
                    'style="display:block;width:100%;height:auto"></noscript>\n')
    return (
        f'<figure class="travelmap-embed" style="margin:0;width:{css_width};max-width:100%">\n'
        f'  <iframe srcdoc="{attribute(document)}" title="{attribute(label)}" '
        f'aria-describedby="{ident}" loading="lazy" sandbox="allow-scripts allow-popups" '
        f'referrerpolicy="no-referrer" '
        f'style="display:block;border:0;width:100%;height:{css_height}"></iframe>\n'
        f"{fallback}"
        f'  <figcaption id="{ident}">{attribute(text)}</figcaption>\n'
        "</figure>\n"
    )


def _fallback_source(stops: pd.DataFrame, fallback: bool | str, *, title: str | None,
                     caption: str | None, colours: Mapping[str, str] | None,
                     annotations: list[Annotation] | None, font: HouseFont | None) -> str:
    """The fallback image's src: the user's http(s) URL, or the static map as a data: URI."""
    if isinstance(fallback, str):
        if safe_url(fallback) != fallback:
            raise ExportError(f"fallback image {fallback!r} is not an http(s) URL")
        return fallback
    from travelmap.export.static import render_static

    width, height = FALLBACK_INCHES
    png = render_static(stops, format="png", title=title, caption=caption, width=width,
                        height=height, dpi=FALLBACK_DPI, colours=colours,
                        annotations=annotations or (), font=font)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
