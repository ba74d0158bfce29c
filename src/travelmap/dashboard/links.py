"""A view of the bundled data as URL query parameters, so an analyst can share a link to it.

`?from=2023-03-17&to=2025-12-31&traveller=Vladimir+Putin&country=PRK` opens the dashboard on that
window and those filters. Parameters come from whoever wrote the link: dates are parsed and kept
inside the data's span, names not in the data are dropped, and nothing else is read.
Streamlit-free: `state.py` moves these to and from `st.query_params`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

FROM, TO, TRAVELLER, COUNTRY, VISIT_TYPE = "from", "to", "traveller", "country", "visit_type"
KEYS = (FROM, TO, TRAVELLER, COUNTRY, VISIT_TYPE)
MAX_VALUES = 50  # per list parameter: a link, not a data dump


@dataclass(frozen=True)
class View:
    """What a link can set: the time window and the three filters."""

    window: tuple[date, date]
    travellers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    visit_types: tuple[str, ...] = ()


def to_params(view: View, *, span: tuple[date, date]) -> dict[str, list[str]]:
    """Only what differs from the default view (the whole span, no filter): short links."""
    params: dict[str, list[str]] = {}
    if view.window[0] != span[0]:
        params[FROM] = [view.window[0].isoformat()]
    if view.window[1] != span[1]:
        params[TO] = [view.window[1].isoformat()]
    for key, values in ((TRAVELLER, view.travellers), (COUNTRY, view.countries),
                        (VISIT_TYPE, view.visit_types)):
        if values:
            params[key] = list(values)
    return params


def from_params(params: Mapping[str, Sequence[str]], *, span: tuple[date, date],
                travellers: Iterable[str], countries: Iterable[str],
                visit_types: Iterable[str]) -> View | None:
    """The view a link asks for, checked against the data; None when it asks for nothing."""
    if not any(params.get(key) for key in KEYS):
        return None
    start = _day(params.get(FROM), default=span[0], span=span)
    end = _day(params.get(TO), default=span[1], span=span)
    if end < start:
        start, end = end, start
    return View(
        window=(start, end),
        travellers=_known(params.get(TRAVELLER), travellers),
        countries=_known(params.get(COUNTRY), countries),
        visit_types=_known(params.get(VISIT_TYPE), visit_types),
    )


def _day(values: Sequence[str] | None, *, default: date, span: tuple[date, date]) -> date:
    if not values:
        return default
    try:
        day = date.fromisoformat(str(values[-1]).strip()[:10])
    except ValueError:
        return default
    return min(max(day, span[0]), span[1])


def _known(values: Sequence[str] | None, allowed: Iterable[str]) -> tuple[str, ...]:
    options = list(allowed)
    wanted = [str(v) for v in (values or ())][:MAX_VALUES]
    return tuple(option for option in options if option in wanted)
