"""What a map shows, in words: the one text alternative every output carries.

The embed's caption, the interactive page's accessible description, the SVG's `<desc>`, the PDF's
subject and the `.alt.txt` written beside a PNG all say the same thing, from the same rows.
"""

from __future__ import annotations

import pandas as pd

from travelmap.filtering import date_span, describe_selection, describe_span

MAX_PLACES_NAMED = 12  # a longer list stops being a caption


def _names(values: list[str]) -> str:
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


def describe(stops: pd.DataFrame, *, kind: str = "Interactive map") -> str:
    """What the map shows, in one or two sentences: how many stops and trips, by whom, when, where.

    >>> describe(load_trips())  # doctest: +SKIP
    'Interactive map of 19 stops on 9 trips by Joe Biden, ... from 17 July 2000 to ...'
    """
    # distinct values first (column-wise), then text: a million rows are not walked one by one
    travellers = sorted({str(t) for t in stops["traveller"].dropna().unique()})
    text = f"{kind} of {describe_selection(stops)}"
    if travellers:
        text += f" by {_names(travellers)}"
    span = date_span(stops)
    if span is not None:
        text += f", {describe_span(*span)}"
    # distinct places in order of first appearance; only the few named become Python text
    # (walking all of them took a third of the dashboard's map build at 100,000 places)
    places = stops["place"].dropna().unique()
    if len(places):
        named = [str(place) for place in places[:MAX_PLACES_NAMED]]
        more = len(places) - len(named)
        text += ". Places: " + ", ".join(named) + (f" and {more} more" if more else "")
    return text + "."


def alt_text(stops: pd.DataFrame, *, title: str | None = None, caption: str | None = None,
             kind: str = "Map") -> str:
    """The text alternative of a static map: its title, what it shows, its caption."""
    parts = [" ".join(title.split())] if title and title.strip() else []
    parts.append(describe(stops, kind=kind))
    if caption and caption.strip():
        parts.append(" ".join(caption.split()))
    return " ".join(part if part.endswith((".", "!", "?")) else part + "." for part in parts)
