"""Story steps: a CSV of titled views that the HTML map steps through (travelmap.story)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import travelmap
from travelmap.errors import ValidationError
from travelmap.story import load_story, story_payload

from .conftest import REPO_ROOT, docs_picture

BUNDLED_STORY = REPO_ROOT / "data" / "story.csv"
HEADER = "title,text,start,end,traveller,trip_id,view"


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return travelmap.load_trips()


def test_the_bundled_story_narrates_the_bundled_trips(stops: pd.DataFrame) -> None:
    steps = load_story(BUNDLED_STORY, stops=stops)
    assert len(steps) >= 5
    assert all(step.trips and set(step.trips) <= set(stops["trip_id"]) for step in steps)
    first = story_payload(steps)[0]
    assert first["title"].startswith("July 2000") and isinstance(first["start"], int)


def test_every_bad_step_is_reported_with_row_and_column(tmp_path: Path,
                                                        stops: pd.DataFrame) -> None:
    story = tmp_path / "story.csv"
    story.write_text("\n".join([
        HEADER,
        ",no title,,,,,",
        "Bad date,,2024-02-30,,,,",
        "Unknown trip,,,,,putin-1066-hastings,",
        "Bad view,,,,,,\"60,10,50,20\"",
        "Nobody,,,,Napoleon,,",
        "Too early,,1900-01-01,1900-12-31,,,",
        "Backwards,,2024-06-20,2024-06-18,,,",
    ]) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_story(story, stops=stops)
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [(2, "title"), (3, "start"), (4, "trip_id"), (5, "view"), (6, "traveller"),
                     (7, "title"), (8, "end")]
    assert "shows no stop" in caught.value.problems[5].message


def test_a_story_with_a_step_is_needed(tmp_path: Path) -> None:
    story = tmp_path / "story.csv"
    story.write_text(HEADER + "\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="no steps"):
        load_story(story)


@pytest.mark.browser
def test_the_story_map_steps_forward_and_back_by_keyboard(offline_page: object, tmp_path: Path,
                                                          stops: pd.DataFrame) -> None:
    from travelmap.geocoding import placed
    from travelmap.mapping import build_map, render_html
    from travelmap.story import _shows

    from .test_map_browser import open_map

    steps = load_story(BUNDLED_STORY, stops=stops)
    located = placed(stops)
    page = open_map(offline_page, render_html(build_map(located, story=steps)), tmp_path)
    story = page.get_by_test_id("travelmap-story")
    title = page.get_by_test_id("travelmap-story-title")
    assert page.evaluate("window.travelmap.storyStep") == 0
    assert title.inner_text() == steps[0].title
    assert page.evaluate("window.travelmap.shownStops") == int(_shows(steps[0], located).sum())
    page.get_by_test_id("travelmap-story-next").focus()
    for index in (1, 2):
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"window.travelmap.storyStep === {index}")
        assert title.inner_text() == steps[index].title
        shown = int(_shows(steps[index], located).sum())
        assert page.evaluate("window.travelmap.shownStops") == shown
        assert page.evaluate("window.travelmap.drawnStops") == shown, "the step fits its stops"
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("window.travelmap.storyStep === 1")
    assert story.get_by_test_id("travelmap-story-count").inner_text() == (
        f"Step 2 of {len(steps)}")
    page.get_by_test_id("travelmap-story-prev").click()
    assert page.get_by_test_id("travelmap-story-prev").is_disabled()
    # The README's picture of the story: the step of the Pyongyang treaty.
    page.evaluate(f"window.travelmap.showStep({len(steps) - 2})")
    page.set_viewport_size({"width": 1100, "height": 640})
    page.evaluate(f"window.travelmap.showStep({len(steps) - 2})")
    page.screenshot(path=str(docs_picture("story-map.png", tmp_path)))
    assert offline_page.console_errors == []  # type: ignore[attr-defined]
