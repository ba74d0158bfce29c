"""Story steps in the dashboard: the bundled story of the seed trips, as the exported story map
walks it (travelmap.story), driven by the dashboard's own slider and filters.

A step sets the time window, the travellers and, where it names trips, narrows the map to
them; Previous / Next walk the steps. Moving the slider or a filter by hand leaves the story
(the view is no longer the step's), so what the page says always matches what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from travelmap.model import bundled_data_dir
from travelmap.story import Step, load_story

STORY_FILENAME = "story.csv"


@dataclass(frozen=True)
class StepView:
    """What a step shows in the dashboard's terms."""

    index: int
    title: str
    text: str
    window: tuple[date, date]
    travellers: tuple[str, ...]
    trips: tuple[str, ...]


def bundled_story(stops: pd.DataFrame, span: tuple[date, date]) -> list[StepView]:
    """The bundled story's steps against the bundled stops (checked as the export checks them),
    each as a window within `span`, its travellers and trips."""
    steps = load_story(bundled_data_dir() / STORY_FILENAME, stops=stops)
    return [step_view(k, step, span) for k, step in enumerate(steps)]


def step_view(index: int, step: Step, span: tuple[date, date]) -> StepView:
    start = min(max(step.start or span[0], span[0]), span[1])
    end = max(min(step.end or span[1], span[1]), start)
    return StepView(index, step.title, step.text, (start, end), tuple(step.travellers),
                    tuple(step.trips))


def still_on(step: StepView, *, window: tuple[date, date], travellers: list[str],
             countries: list[str], visit_types: list[str]) -> bool:
    """Whether the page still shows `step` (a hand-moved slider or filter leaves it)."""
    return (tuple(window) == step.window and sorted(travellers) == sorted(step.travellers)
            and not countries and not visit_types)
