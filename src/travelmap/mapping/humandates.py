"""Dates written for people: "18–19 June 2024", not "2024-06-18/2024-06-19"."""

from __future__ import annotations

from datetime import date

EN_DASH = "\u2013"
# Spelled out rather than strftime('%B'), which follows the machine's locale.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def _day_month(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def format_span(*, start: date, end: date) -> str:
    """A stay from `start` to `end` (inclusive), naming a shared month and year only once."""
    if end < start:
        start, end = end, start
    if start == end:
        return f"{_day_month(start)} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{EN_DASH}{end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{_day_month(start)} {EN_DASH} {_day_month(end)} {end.year}"
    return f"{_day_month(start)} {start.year} {EN_DASH} {_day_month(end)} {end.year}"
