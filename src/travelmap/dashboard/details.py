"""The details panel of the selected stop, as an HTML fragment with every data text escaped.

Streamlit markdown would interpret `$`, `:emoji:`, `[...]()` and `:red[...]` inside data, so the
panel is built as HTML with `html.escape` on every value and only http(s) URLs as link targets.
"""

from __future__ import annotations

import html

import pandas as pd

from travelmap.filtering import describe_span
from travelmap.model import SOURCES_COLUMN, VISIT_TYPES, Source, country_name, safe_url

# Inline styles: st.html keeps style attributes, and the panel then needs no stylesheet.
DL_STYLE = "display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:0 0 .6em"
DT_STYLE = "font-weight:600;color:#4a5561"  # 7:1 on the page background


def _text(value: object) -> str | None:
    if value is None or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def _country(code: object) -> str | None:
    """'Turkmenistan (TKM)': the name a reader knows, the code the data uses."""
    text = _text(code)
    return None if text is None else f"{country_name(text)} ({text})"


def _when(stop: pd.Series) -> str:
    return describe_span(stop["start_date"].date(), stop["end_date"].date())


def source_html(source: Source) -> str:
    """'Outlet: <a href=url>Title</a> (published)': a link only for a safe URL."""
    title = html.escape(source.title or source.url)
    url = safe_url(source.url)
    link = (f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
            f"{title}</a>") if url else f"{title} ({html.escape(source.url)})"
    published = f" ({html.escape(source.published)})" if source.published else ""
    return f"<li>{html.escape(source.outlet)}: {link}{published}</li>"


def details_html(stops: pd.DataFrame, stop_id: int, *, table_pick: int = 0) -> str:
    """The panel for the stop at position `stop_id` of `stops` (the full, unfiltered data).

    `table_pick` numbers the table's selections: the page's script moves keyboard focus to a
    panel whose number is new (frontend/host.js), not to one redrawn for another reason."""
    stop = stops.loc[stop_id]
    rows: list[tuple[str, str | None]] = [
        ("When", _when(stop)),
        ("Who", _text(stop["traveller"])),
        ("Host country", _country(stop["host_country"])),
        ("Visit", _text(stop["visit_type"])),
        ("Met", _text(stop["counterpart"])),
        ("Outcome", _text(stop["outcome"])),
        ("Note", _text(stop["note"])),
    ]
    visit = _text(stop["visit_type"])
    # h3: under the page's "Selected stop" (h2)
    parts = [f'<div class="travelmap-details" data-row="{int(stop_id)}" '
             f'data-table-pick="{int(table_pick)}">'
             f'<h3 style="margin:0 0 .4em;font-size:1.15rem">'
             f'{html.escape(str(stop["place"]))}</h3><dl style="{DL_STYLE}">']
    for name, value in rows:
        if value is None:
            continue
        title = ""
        if name == "Visit" and visit in VISIT_TYPES:
            title = f' title="{html.escape(VISIT_TYPES[visit], quote=True)}"'
        parts.append(f'<dt style="{DT_STYLE}">{name}</dt>'
                     f'<dd style="margin:0"{title}>{html.escape(value)}</dd>')
    parts.append("</dl>")
    sources: tuple[Source, ...] = tuple(stop.get(SOURCES_COLUMN) or ())
    parts.append("<p><strong>Sources</strong></p>")
    if sources:
        parts.append('<ul class="travelmap-sources">' + "".join(map(source_html, sources))
                     + "</ul>")
    else:
        parts.append("<p>No sources listed for this tour.</p>")
    tour = stops[stops["trip_id"] == stop["trip_id"]].sort_values("stop_order")
    others = tour[tour.index != stop_id]
    parts.append(f"<p><strong>Tour {html.escape(str(stop['trip_id']))}</strong>: "
                 f"stop {int(stop['stop_order'])} of {len(tour)}</p>")
    if len(others):
        items = "".join(
            f"<li>{int(o['stop_order'])}. {html.escape(str(o['place']))} "
            f"({html.escape(str(o['host_country']))}), {html.escape(_when(o))}</li>"
            for _, o in others.iterrows())
        parts.append(f'<ul class="travelmap-tour">{items}</ul>')
    parts.append("</div>")
    return "".join(parts)
