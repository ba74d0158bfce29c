"""The filters the dashboard and `travelmap export` share, so both show exactly the same stops."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import pandas as pd

DateLike = str | date | datetime | pd.Timestamp
EN_DASH = "\u2013"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def _as_timestamp(value: DateLike | None) -> pd.Timestamp | None:
    return None if value is None else pd.Timestamp(value).normalize()


def _as_set(values: Iterable[str] | None, *, upper: bool = False) -> set[str] | None:
    if values is None:
        return None
    chosen = {str(v).strip() for v in values if str(v).strip()}
    return {v.upper() for v in chosen} if upper else chosen


def filter_stops(
    stops: pd.DataFrame,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    travellers: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    visit_types: Iterable[str] | None = None,
    trips: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Stops whose stay [start_date, end_date] overlaps [start, end] and that match every filter.

    `None` means "no filter"; an empty list keeps nothing. Countries are host countries (alpha-3),
    matched case-insensitively; travellers and visit types are matched exactly as in the data.
    """
    keep = pd.Series(True, index=stops.index)
    first, last = _as_timestamp(start), _as_timestamp(end)
    if first is not None:
        keep &= stops["end_date"] >= first
    if last is not None:
        keep &= stops["start_date"] <= last
    for column, wanted in (
        ("traveller", _as_set(travellers)),
        ("host_country", _as_set(countries, upper=True)),
        ("visit_type", _as_set(visit_types)),
        ("trip_id", _as_set(trips)),
    ):
        if wanted is not None:
            keep &= stops[column].astype("string").isin(wanted).fillna(False).astype(bool)
    return stops.loc[keep]


def describe_selection(stops: pd.DataFrame) -> str:
    """'12 stops on 7 trips': the count a reader checks against the map."""
    n_stops = len(stops)
    return describe_counts(n_stops, stops["trip_id"].nunique() if n_stops else 0)


def describe_counts(n_stops: int, n_trips: int) -> str:
    """The words of `describe_selection` for counts already known (an animation's frames)."""
    return (f"{n_stops} stop{'s' if n_stops != 1 else ''} on "
            f"{n_trips} trip{'s' if n_trips != 1 else ''}")


# The window a reader asked for: (start, end), either end open (None).
Span = tuple[date | None, date | None]


def date_span(stops: pd.DataFrame) -> tuple[date, date] | None:
    """First and last day covered by the stops, or None when there are none."""
    if stops.empty:
        return None
    return stops["start_date"].min().date(), stops["end_date"].max().date()


def describe_span(first: date, last: date) -> str:
    """A date range in words, naming a shared month and year once: '18–19 June 2024',
    '16 May – 20 June 2024', '19 July 2000 – 20 June 2024'. The map's page writes dates the same
    way (`formatSpan` in mapping/static/js/format.js); months are spelled out, not
    strftime('%B'), which follows the machine's locale."""
    if last < first:
        first, last = last, first
    if first == last:
        return f"{_day_month(first)} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{EN_DASH}{last.day} {MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{_day_month(first)} {EN_DASH} {_day_month(last)} {last.year}"
    return f"{_day_month(first)} {first.year} {EN_DASH} {_day_month(last)} {last.year}"


def _day_month(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def selection_title(stops: pd.DataFrame, span: Span | None = None) -> str:
    """A title that says what a map shows, for when its maker gave none: 'Vladimir Putin's
    foreign visits since 17 March 2023', 'Foreign visits by Kim Jong Il and Kim Jong Un to
    Russia, 2001–2019'. `span` is the window asked for (either end None), not the data's."""
    from travelmap.model import country_name

    names = sorted({str(n) for n in stops["traveller"].dropna()})
    if len(names) == 1:
        title = f"{_possessive(names[0])} foreign visits"
    elif len(names) == 2:
        title = f"Foreign visits by {names[0]} and {names[1]}"
    else:
        title = f"Foreign visits by {len(names)} leaders" if names else "Foreign visits"
    hosts = sorted({str(c) for c in stops["host_country"].dropna()})
    if len(hosts) == 1:
        title += f" to {country_name(hosts[0])}"
    start, end = span if span is not None else (None, None)
    if start is not None and end is not None:
        return f"{title}, {describe_span(start, end)}"
    if start is not None:
        return f"{title} since {describe_span(start, start)}"
    if end is not None:
        return f"{title} until {describe_span(end, end)}"
    return title
