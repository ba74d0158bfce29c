"""The trip list: every trip of a selection with its stops and its sources, in Markdown.

What a report prints under a map ("Sources: see trip list"): one section per trip in time order,
one line per stop, and the sources as links. Text from the data is untrusted: every Markdown or
HTML character in it is backslash-escaped, so a place called `[x](javascript:...)` or
`<img onerror=...>` shows as those characters, and only http(s) URLs become link targets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from travelmap.filtering import date_span, describe_selection, describe_span
from travelmap.model import SOURCES_COLUMN, Source, country_name, safe_url

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can make
# markup inside a line (links and images need '[', emphasis, code, HTML, entities, table cells,
# strike-through). Data text never starts a line here, so '#', '+', '-' and '1.' stay as they are.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~&])")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")


def md_text(value: object) -> str:
    """Data text as literal Markdown: one line, every markup character escaped."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return _MARKUP.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)).strip())


_BLOCK_START = re.compile(r"^(\d+)([.)])|^([#+\-=>])")


def md_block(value: object) -> str:
    """Data text that starts a line: also kept from reading as a heading, list or quote."""
    text = md_text(value)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text, count=1)


def md_link_target(url: str) -> str | None:
    """An http(s) URL usable as a Markdown link target (brackets and spaces percent-encoded)."""
    safe = safe_url(url)
    if safe is None:
        return None
    return safe.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def _source_line(source: Source) -> str:
    label = md_text(f"{source.outlet}: {source.title}" if source.outlet else source.title)
    target = md_link_target(source.url)
    text = f"[{label}]({target})" if target else f"{label} ({md_text(source.url)})"
    return f"  - {text}" + (f", {md_text(source.published)}" if source.published else "")


def _stop_line(stop: pd.Series) -> str:
    where = md_text(stop["place"])
    host = str(stop["host_country"])
    parts = [describe_span(stop["start_date"].date(), stop["end_date"].date()),
             f"**{where}**, {md_text(country_name(host))}", md_text(stop["visit_type"])]
    if _present(stop.get("travel_mode")):
        parts.append(f"by {md_text(stop['travel_mode'])}")
    if _present(stop.get("counterpart")):
        parts.append(f"met {md_text(stop['counterpart'])}")
    if _present(stop.get("outcome")):
        parts.append(md_text(stop["outcome"]))
    line = f"- {' · '.join(parts)}"
    if _present(stop.get("note")):
        line += f"  \n  _Note:_ {md_text(stop['note'])}"
    return line


def _present(value: object) -> bool:
    """Whether a cell holds text worth a line (md_text already says what counts as missing)."""
    return bool(md_text(value))


def _unique_sources(rows: Iterable[object]) -> list[Source]:
    seen: dict[str, Source] = {}
    for sources in rows:
        for source in sources or ():  # type: ignore[attr-defined]
            seen.setdefault(source.url, source)
    return list(seen.values())


def trip_list(stops: pd.DataFrame, *, title: str | None = None,
              caption: str | None = None) -> str:
    """The selection as a Markdown document: heading, one section per trip, sources as links.

    >>> print(trip_list(load_trips())[:40])   # doctest: +SKIP
    # Trips
    """
    lines = [f"# {md_text(title) if title else 'Trips'}", ""]
    span = date_span(stops)
    summary = describe_selection(stops)
    lines += [f"{describe_span(*span)} · {summary}" if span else summary, ""]
    if caption:
        lines += [md_block(caption), ""]
    ordered = stops.sort_values(["start_date", "trip_id", "stop_order"], kind="stable")
    trips = ordered.groupby("trip_id", sort=False, observed=True)
    for number, (trip_id, tour) in enumerate(trips, start=1):
        tour = tour.sort_values("stop_order", kind="stable")
        first, last = tour["start_date"].min().date(), tour["end_date"].max().date()
        places = ", ".join(md_text(p) for p in dict.fromkeys(tour["place"].astype(str)))
        lines.append(f"## {number}. {md_text(tour['traveller'].iloc[0])}: {places} "
                     f"({describe_span(first, last)})")
        lines.append("")
        lines += [_stop_line(stop) for _, stop in tour.iterrows()]
        sources = (_unique_sources(tour[SOURCES_COLUMN]) if SOURCES_COLUMN in tour.columns
                   else [])
        lines.append("")
        lines.append(f"Sources ({md_text(trip_id)}):" if sources else
                     f"No sources listed for {md_text(trip_id)}.")
        lines += [_source_line(source) for source in sources]
        lines.append("")
    lines.append("Places: GeoNames (CC BY 4.0). Made with travelmap.")
    return "\n".join(lines) + "\n"


def render_trip_list(stops: pd.DataFrame, *, title: str | None = None,
                     caption: str | None = None, **_: object) -> str:
    """Writer used by `travelmap.export.export` for `.md`."""
    return trip_list(stops, title=title, caption=caption)
