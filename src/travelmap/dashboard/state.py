"""Session-state keys and the callbacks that change them (Streamlit glue, kept in one place)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from travelmap.dashboard import links, timeline

WINDOW = "tm_window"  # the slider's (start, end)
PENDING_WINDOW = "tm_pending_window"  # set by the play timer, applied before the slider is drawn
PLAYING = "tm_playing"
STEP = "tm_step_size"  # a key of timeline.STEPS
MODE = "tm_play_mode"  # one of timeline.MODES
SPEED = "tm_play_speed"  # a key of timeline.SPEEDS
SELECTED = "tm_selected"  # id (position) of the selected stop, or None
LAST_CLICK = "tm_last_click"  # the map's last click we acted on
LAST_ROW = "tm_last_row"  # the table's last selected row we acted on
TABLE_PICKS = "tm_table_picks"  # how many stops the table has selected: focus follows a new one
DATASET_KEY = "tm_dataset"  # which dataset the widgets' state belongs to
STORY = "tm_story_step"  # the story step shown (index), or None
TRAVELLERS = "tm_travellers"
COUNTRIES = "tm_countries"
VISIT_TYPES = "tm_visit_types"
ONLINE = "tm_online"
TRIPS_UPLOAD = "tm_trips_upload"
SOURCES_UPLOAD = "tm_sources_upload"
MAP = "tm_map"
TABLE = "tm_table"
LINK_READ = "tm_link_read"  # the page's link (query parameters) was applied once this session

Span = tuple[date, date]


def adopt_dataset(key: str, span: Span) -> None:
    """On a new dataset: full time range, no selection, filters cleared, playing stopped."""
    if st.session_state.get(DATASET_KEY) == key:
        return
    st.session_state[DATASET_KEY] = key
    st.session_state[WINDOW] = span
    st.session_state[SELECTED] = None
    st.session_state[PLAYING] = False
    st.session_state[STEP] = timeline.default_step(span)
    st.session_state.pop(PENDING_WINDOW, None)
    for name in (TRAVELLERS, COUNTRIES, VISIT_TYPES):
        st.session_state[name] = []


def apply_pending_window(span: Span) -> None:
    """Move the slider where the play timer asked, before the slider is drawn this run."""
    pending = st.session_state.pop(PENDING_WINDOW, None)
    if pending is not None:
        st.session_state[WINDOW] = pending
    start, end = st.session_state.get(WINDOW, span)
    start = min(max(start, span[0]), span[1])
    end = min(max(end, start), span[1])
    st.session_state[WINDOW] = (start, end)


def step_months() -> int:
    return timeline.STEPS.get(st.session_state.get(STEP) or "month", 1)


def play_mode() -> str:
    mode = st.session_state.get(MODE)
    return mode if mode in timeline.MODES else "grow"


def play_interval() -> float:
    """Seconds between two steps of play, as the speed control says."""
    return timeline.SPEEDS.get(st.session_state.get(SPEED) or "normal", 0.8)


def toggle_play(span: Span) -> None:
    """Play from the window's start a step at a time; pressing again pauses."""
    if st.session_state.get(PLAYING):
        st.session_state[PLAYING] = False
        return
    st.session_state[WINDOW] = timeline.play_start(st.session_state[WINDOW], span,
                                                   months=step_months(), mode=play_mode())
    st.session_state[PLAYING] = True


def step_once(span: Span) -> None:
    """One step forward (what play does, by hand); stops playing."""
    st.session_state[PLAYING] = False
    st.session_state[WINDOW], _ = timeline.step(st.session_state[WINDOW], span,
                                                months=step_months(), mode=play_mode())


def open_story_step(index: int, window: Span, travellers: list[str]) -> None:
    """Show story step `index`: its window and travellers, every other filter cleared."""
    st.session_state[PLAYING] = False
    st.session_state[STORY] = index
    st.session_state[WINDOW] = window
    st.session_state[TRAVELLERS] = list(travellers)
    st.session_state[COUNTRIES] = []
    st.session_state[VISIT_TYPES] = []


def leave_story(span: Span) -> None:
    """Back to every stop: the whole span, no filter."""
    st.session_state[STORY] = None
    st.session_state[PLAYING] = False
    st.session_state[WINDOW] = span
    st.session_state[TRAVELLERS] = []
    st.session_state[COUNTRIES] = []
    st.session_state[VISIT_TYPES] = []


def reset_window(span: Span) -> None:
    st.session_state[PLAYING] = False
    st.session_state[WINDOW] = span


def tick(span: Span) -> None:
    """One step of playback (called by the timer fragment): queue the next window, then rerun."""
    if not st.session_state.get(PLAYING):
        return
    window, going = timeline.step(st.session_state[WINDOW], span, months=step_months(),
                                  mode=play_mode())
    st.session_state[PENDING_WINDOW] = window
    st.session_state[PLAYING] = going
    st.rerun()


def take_map_click(value: dict[str, int] | None) -> None:
    """A new click on a stop selects it (the component keeps returning the last click)."""
    if not value:
        return
    click = (int(value.get("stop", -1)), int(value.get("clicks", 0)))
    if click != st.session_state.get(LAST_CLICK) and click[0] >= 0:
        st.session_state[LAST_CLICK] = click
        st.session_state[SELECTED] = click[0]


def take_table_rows(rows: list[int], shown: pd.DataFrame) -> None:
    """A newly selected table row (a position in the visible table) selects its stop.

    Only a change of the selection counts: the table keeps reporting its selection after the
    filters change, when the same position would point at another stop.
    """
    if rows == st.session_state.get(LAST_ROW, []):
        return
    st.session_state[LAST_ROW] = rows
    if rows and 0 <= rows[0] < len(shown):
        st.session_state[SELECTED] = int(shown.index[rows[0]])
        st.session_state[TABLE_PICKS] = int(st.session_state.get(TABLE_PICKS, 0)) + 1


def adopt_link(*, span: Span, travellers: list[str], countries: list[str],
               visit_types: list[str]) -> None:
    """Once per session, open on the view the page's link asks for (the bundled data only)."""
    if st.session_state.get(LINK_READ):
        return
    st.session_state[LINK_READ] = True
    params = {key: st.query_params.get_all(key) for key in links.KEYS}
    view = links.from_params(params, span=span, travellers=travellers, countries=countries,
                             visit_types=visit_types)
    if view is None:
        return
    st.session_state[WINDOW] = view.window
    st.session_state[TRAVELLERS] = list(view.travellers)
    st.session_state[COUNTRIES] = list(view.countries)
    st.session_state[VISIT_TYPES] = list(view.visit_types)


def publish_link(view: links.View | None, *, span: Span) -> None:
    """Keep the address bar's link in step with the view (cleared for uploads: the data behind
    them is not on the server for anyone else). Written only when it changes."""
    wanted = {} if view is None else links.to_params(view, span=span)
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
