"""Story steps: a small CSV that walks a reader through the trips, one view at a time.

Each row is a step: a title, a line of text, and what the map shows for it (a date window,
travellers, trips, optionally a view box). The exported map gets previous/next buttons (and the
arrow keys) that apply the steps in order, the way StoryMapJS or a Flourish story does, from a
file a reporter edits in a spreadsheet. Steps are checked against the stops they narrate, and
every problem is reported with file, row and column, like the trips themselves.

    title,text,start,end,traveller,trip_id,view
    "2000: the first visit",,2000-07-19,2000-07-20,Vladimir Putin,,
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from travelmap.days import day_number
from travelmap.errors import Problem, ValidationError
from travelmap.validation import hidden_character_problem, parse_iso_date

STORY_COLUMNS = ("title", "text", "start", "end", "traveller", "trip_id", "view")
LIST_SEPARATOR = ";"  # several travellers or trips in one cell
MAX_STEPS = 200


@dataclass(frozen=True)
class Step:
    """One step of a story: what to say and which stops to show."""

    title: str
    text: str
    start: date | None
    end: date | None
    travellers: tuple[str, ...]
    trips: tuple[str, ...]
    view: tuple[float, float, float, float] | None  # south, west, north, east


def _list(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip())


def _view(cell: str) -> tuple[float, float, float, float] | None | str:
    """The view box, or a message saying what is wrong with it."""
    if not cell:
        return None
    parts = cell.replace(";", ",").split(",")
    try:
        south, west, north, east = (float(p) for p in parts)
    except ValueError:
        return f"{cell!r} is not 'south,west,north,east' in degrees"
    if not (-90 <= south < north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        return f"{cell!r} is not a box: south < north, both within ±90, west and east within ±180"
    return south, west, north, east


def load_story(path: str | Path, *, stops: pd.DataFrame | None = None) -> list[Step]:
    """The steps of a story CSV, in file order. With `stops`, each step's travellers and trips
    must be in them and each step must show at least one stop. Raises `ValidationError` listing
    every problem with file, row and column."""
    from travelmap.loading import read_side_table

    table, problems = read_side_table(path, required="title", max_rows=MAX_STEPS,
                                      too_many=f"a story has at most {MAX_STEPS} steps")
    file = table.file
    travellers = set(stops["traveller"].astype(str)) if stops is not None else None
    trips = set(stops["trip_id"].astype(str)) if stops is not None else None
    steps: list[Step] = []
    for row, cells in table.rows:
        before = len(problems)

        def fault(column: str, message: str, row: int = row) -> None:
            problems.append(Problem(file, row, column, message))

        for column in ("title", "text", "traveller", "trip_id"):
            hidden = hidden_character_problem(cells.get(column, ""))
            if hidden:
                fault(column, hidden)
        title = cells.get("title", "")
        if not title:
            fault("title", "is empty; every step needs a title")
        days: dict[str, date | None] = {}
        for column in ("start", "end"):
            value = cells.get(column, "")
            days[column] = None
            if value:
                parsed, error = parse_iso_date(value)
                if error:
                    fault(column, error)
                days[column] = parsed
        if days["start"] and days["end"] and days["end"] < days["start"]:
            fault("end", f"{days['end']} is before start {days['start']}")
        view = _view(cells.get("view", ""))
        if isinstance(view, str):
            fault("view", view)
        named = _list(cells.get("traveller", ""))
        listed = _list(cells.get("trip_id", ""))
        for name in named:
            if travellers is not None and name not in travellers:
                fault("traveller", f"{name!r} has no stop in the trips")
        for trip in listed:
            if trips is not None and trip not in trips:
                fault("trip_id", f"{trip!r} is not a trip in the trips")
        if len(problems) > before:
            continue
        step = Step(title, cells.get("text", ""), days["start"], days["end"], named, listed,
                    view if not isinstance(view, str) else None)
        if stops is not None and not _shows(step, stops).any():
            fault("title", "this step shows no stop: check its dates, travellers and trips")
            continue
        steps.append(step)
    if not table.rows:
        problems.append(Problem(file, 2, None, "the story has no steps"))
    if problems:
        raise ValidationError(problems)
    return steps


def _shows(step: Step, stops: pd.DataFrame) -> pd.Series:
    """The stops a step shows: the same rule as the page script's story.js."""
    keep = pd.Series(True, index=stops.index)
    if step.start is not None:
        keep &= stops["end_date"] >= pd.Timestamp(step.start)
    if step.end is not None:
        keep &= stops["start_date"] <= pd.Timestamp(step.end)
    if step.travellers:
        keep &= stops["traveller"].astype(str).isin(step.travellers)
    if step.trips:
        keep &= stops["trip_id"].astype(str).isin(step.trips)
    return keep


def story_payload(steps: list[Step]) -> list[dict[str, Any]]:
    """The steps as the page reads them: dates as day numbers, lists as lists."""
    return [{"title": step.title, "text": step.text,
             "start": None if step.start is None else day_number(step.start),
             "end": None if step.end is None else day_number(step.end),
             "travellers": list(step.travellers), "trips": list(step.trips),
             "view": None if step.view is None else list(step.view)} for step in steps]
