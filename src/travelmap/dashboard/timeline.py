"""The timeline's arithmetic: the slider's span, and the play button's month-by-month steps.

Playing grows the window's end a month at a time from its start, so the trips appear in the order
they happened; at the end of the data it stops.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from travelmap.filtering import date_span, describe_span


def slider_span(stops: pd.DataFrame, *, today: date | None = None) -> tuple[date, date]:
    """The slider's bounds: the data's first and last day (a one-day span is widened by a day)."""
    span = date_span(stops)
    if span is None:
        day = today or date.today()
        return day, day + pd.Timedelta(days=1).to_pytimedelta()
    first, last = span
    if first == last:
        last = (pd.Timestamp(last) + pd.DateOffset(days=1)).date()
    return first, last


# The play button's step sizes, in months.
STEPS: dict[str, int] = {"month": 1, "quarter": 3, "year": 12}


def default_step(span: tuple[date, date]) -> str:
    """A step that plays the whole span in a minute or less: months for a few years of data."""
    months = (span[1].year - span[0].year) * 12 + span[1].month - span[0].month
    if months <= 48:
        return "month"
    return "quarter" if months <= 160 else "year"


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 31st becomes the last day of a shorter month."""
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


# How the window moves while playing: "grow" keeps its start (trips pile up in the order they
# happened), "slide" keeps its length (only the trips of the last stretch, like the exported
# map's moving window).
MODES: tuple[str, ...] = ("grow", "slide")
# Seconds between two steps of play.
SPEEDS: dict[str, float] = {"slow": 1.6, "normal": 0.8, "fast": 0.4}


def play_start(window: tuple[date, date], span: tuple[date, date], *,
               months: int = 1, mode: str = "grow") -> tuple[date, date]:
    """Where pressing play begins: from the window's start, or the span's start if at the end.
    Sliding keeps the window's length (a whole-span window slides a year)."""
    start, end = window
    if mode == "slide":
        length = end - start
        if end >= span[1]:
            start = span[0]
        if length >= span[1] - span[0]:
            length = pd.Timedelta(days=365).to_pytimedelta()
        return start, min(start + length, span[1])
    if end >= span[1]:
        start = span[0]
    return start, min(add_months(start, months), span[1])


def step(window: tuple[date, date], span: tuple[date, date], *,
         months: int = 1, mode: str = "grow") -> tuple[tuple[date, date], bool]:
    """The next window while playing and whether playing goes on (False once the end is shown)."""
    start, end = window
    if mode == "slide":  # both ends move; at the data's end the window keeps its length
        new_start, new_end = add_months(start, months), add_months(end, months)
        if new_end >= span[1]:
            return (max(span[0], span[1] - (end - start)), span[1]), False
        return (new_start, new_end), True
    new_end = min(add_months(end, months), span[1])
    return (start, new_end), new_end < span[1]


def describe_window(window: tuple[date, date]) -> str:
    """'Showing 1 June 2000 – 20 June 2024': the slider's range in words."""
    first, last = window
    return f"Showing {describe_span(first, last)}"
