"""The dashboard page: layout and wiring only; every decision lives in a tested module."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from travelmap.dashboard import (
    caching,
    charts,
    component,
    details,
    downloads,
    links,
    mapview,
    state,
    storysteps,
    timeline,
)
from travelmap.dashboard.caching import Prepared
from travelmap.dashboard.datasets import BUNDLED_KEY_PREFIX, problems_table
from travelmap.dashboard.settings import browser_cap_mb, start_data
from travelmap.days import day_number
from travelmap.errors import ValidationError
from travelmap.filtering import describe_selection, filter_stops, selection_title

MAP_HEIGHT = 600
TABLE_ROWS = 10_000  # rows the table lists; more is said, and the CSV download holds them all
TITLE = "Leader visits"

ABOUT = (
    "Dated, sourced trips of heads of state, on an offline map. Move the time slider or press "
    "**Play** to watch the trips in order; narrow them down in the sidebar; click a stop (or a "
    "table row) to see its dates, counterpart, outcome and sources."
)


def render() -> None:
    """Draw the whole page for this rerun."""
    st.set_page_config(page_title="travelmap: leader visits", page_icon="🗺️", layout="wide")
    # Always present, so messages that come and go never shift the map's place in the page
    # (Streamlit would remount the map's iframe and lose pan and zoom).
    messages = st.container()
    prepared = _data_source(messages)
    stops = prepared.dataset.stops
    span = prepared.span
    state.adopt_dataset(prepared.dataset.key, span)
    bundled = prepared.dataset.key.startswith(BUNDLED_KEY_PREFIX)
    if bundled:
        state.adopt_link(span=span, travellers=prepared.travellers,
                         countries=prepared.countries, visit_types=prepared.visit_types)
    state.apply_pending_window(span)
    travellers, countries, visit_types = _filters(prepared)

    st.title(TITLE, anchor=False)
    st.caption(ABOUT)
    steps = caching.story_steps(prepared.dataset.key, stops, span) if bundled else []
    story_box = st.container()  # above the slider, drawn once the step is known
    window = _timeline(span)
    step = _story_step(steps, window, travellers, countries, visit_types)
    _story(story_box, steps, step, span)
    shown = filter_stops(stops, start=window[0], end=window[1], travellers=travellers or None,
                         countries=countries or None, visit_types=visit_types or None,
                         trips=(step.trips or None) if step else None)
    what = describe_selection(shown)  # once a rerun: counting trips of 100,000 stops costs
    summary = f"{timeline.describe_window(window)} · **{what}**"
    st.markdown(summary)
    if not st.session_state.get(state.PLAYING):  # a link to this view (not to every frame)
        view = links.View(window, tuple(travellers), tuple(countries), tuple(visit_types))
        state.publish_link(view if bundled else None, span=span)

    # Clicks and row selections come in with this rerun: take them before drawing the map.
    state.take_map_click(st.session_state.get(state.MAP))
    state.take_table_rows(_selected_rows(st.session_state.get(state.TABLE)), shown)
    component.trip_map(
        payload_url=prepared.payload_url,
        visible=mapview.encode_rows(shown.index.to_numpy(), len(stops)),
        selected=st.session_state.get(state.SELECTED), date=day_number(window[1]),
        fit_key=mapview.fit_key(prepared.dataset.key, travellers, countries, visit_types,
                                [str(step.index)] if step else []),
        height=MAP_HEIGHT, key=state.MAP)
    _unplaced(prepared.dataset.unlocated)
    table_column, details_column = st.columns([3, 2], gap="medium")
    with table_column:
        _table(prepared, shown)
    with details_column:
        _details(stops, shown)
    _charts(shown, prepared)
    _downloads(shown, window, prepared, what=what)
    if st.session_state.get(state.PLAYING):
        _play_timer(span)


def upload_limit_mib() -> int:
    """The one upload limit: the server's `server.maxUploadSize`, which it enforces in MiB."""
    return int(st.get_option("server.maxUploadSize"))


def _data_source(messages: DeltaGenerator) -> Prepared:
    """The sidebar's data choice; an upload with problems lists them and keeps the data shown
    without it (the file named on the command line, else the bundled trips)."""
    sidebar = st.sidebar
    sidebar.header("Data")
    limit = upload_limit_mib()
    cap = browser_cap_mb(limit)  # Streamlit's browser check counts 10^6-byte megabytes
    trips = sidebar.file_uploader(
        f"Your trips CSV (optional, up to {limit} MiB)", type=["csv"], key=state.TRIPS_UPLOAD,
        max_upload_size=cap, help="Same columns as data/trips.csv.")
    sources = sidebar.file_uploader(
        f"Its sources CSV (optional, up to {limit} MiB)", type=["csv"],
        key=state.SOURCES_UPLOAD, max_upload_size=cap,
        help="trip_id, outlet, title, url, published - or put source_* columns in the trips CSV.")
    # Streamlit's own "6MB per file" under each drop zone counts 10^6-byte megabytes and names
    # the browser's cap, not the limit: hidden, so the page states one limit in one unit.
    sidebar.html("<style>[data-testid='stFileUploaderDropzoneInstructions']"
                 "{display:none}</style>")
    online = sidebar.checkbox(
        "Look up unknown places online", key=state.ONLINE,
        help="Off: places come from explicit lat/lon, the bundled place cache and the offline "
             "gazetteer. On: names still unknown are sent to an online geocoder.")
    sidebar.caption(f"Uploads: CSV in the bundled schema, up to {limit} MiB "
                    f"({limit * 1024 * 1024:,} bytes) each. Larger files: start the dashboard "
                    "with travelmap dashboard --max-upload-mb N, or open one from disk with "
                    "travelmap dashboard FILE.")
    if trips is not None:
        key = ":".join(str(part) for part in (
            trips.file_id, trips.size, sources.file_id if sources else "", online))
        slot = messages.empty()

        def progress(elapsed: float) -> None:
            # Also where Streamlit stops this run if the reader left or uploaded again: the
            # check's process is killed then (budget.run).
            slot.text(f"Checking {trips.name}… {elapsed:.0f} s")  # plain text: a file name

        def read() -> tuple[bytes, bytes | None]:  # on a cache miss only: 12 MB copied
            return trips.getvalue(), sources.getvalue() if sources else None

        try:
            prepared = caching.uploaded(key, trips.name, read, sources.name if sources else None,
                                        online, limit_mib=limit, progress=progress)
        except ValidationError as error:
            slot.empty()
            _show_problems(messages, error, heading=f"{_code(trips.name)} was not loaded")
        else:
            slot.empty()
            sidebar.success(f"Showing {_code(trips.name)}: {prepared.described}")
            _notes(prepared)
            return prepared
    start = start_data()
    try:
        if start is not None:
            prepared = caching.from_disk(str(start.trips), str(start.sources or ""),
                                         caching.file_stamp(start.trips, start.sources), online)
        else:
            prepared = caching.bundled(caching.bundled_stamp(), online)
    except (ValidationError, OSError) as error:
        name = _code(str(start.trips)) if start is not None else "The bundled data"
        if isinstance(error, OSError):
            messages.error(f"{name} could not be read: {error.strerror or error}")
        else:
            _show_problems(messages, error, heading=f"{name} could not be loaded")
        st.stop()
    if start is not None:
        sidebar.info(f"Showing {_code(start.trips.name)} from disk: {prepared.described}")
    _notes(prepared)
    return prepared


def _code(text: str) -> str:
    """A user-given name (a file name) as a markdown code span, so it is shown, not interpreted."""
    return "`" + text.replace("`", "'") + "`"


def _show_problems(where: DeltaGenerator, error: ValidationError, *, heading: str) -> None:
    count = len(error.problems)
    shown = "the file you opened" if start_data() is not None else "the bundled data"
    whole = [p for p in error.problems if p.row is None]
    if whole and count == len(whole):  # about the whole file (a limit, a budget): say it in full
        where.error(f"{heading}; {shown} is shown meanwhile.")
        for problem in whole:  # plain text: a message may quote the file
            where.text(f"{problem.file}: {problem.message}")
        return
    where.error(f"{heading}: {count} problem{'s' if count != 1 else ''} found. Fix them in the "
                f"file and upload it again; {shown} is shown meanwhile.")
    if count == 1:  # one problem (a header bomb): in words too, not only in the grid
        where.text(str(error.problems[0]))
    where.dataframe(problems_table(error), hide_index=True)


def _notes(prepared: Prepared) -> None:
    """Geocoding notes: a short warning, the full text (data included) as plain text."""
    for note in prepared.dataset.notes:
        missing = len(prepared.dataset.unlocated)
        st.sidebar.warning(f"{missing} stop(s) could not be placed on the map.")
        st.sidebar.expander("Which places, and how to fix them").text(note)


def _filters(prepared: Prepared) -> tuple[list[str], list[str], list[str]]:
    sidebar = st.sidebar
    sidebar.header("Filters")
    travellers = sidebar.multiselect("Traveller", prepared.travellers, key=state.TRAVELLERS,
                                     placeholder="All travellers")
    countries = sidebar.multiselect("Host country", prepared.countries, key=state.COUNTRIES,
                                    placeholder="All host countries")
    visit_types = sidebar.multiselect("Visit type", prepared.visit_types, key=state.VISIT_TYPES,
                                      placeholder="All visit types")
    return travellers, countries, visit_types


def _timeline(span: state.Span) -> state.Span:
    window = st.slider("Time", min_value=span[0], max_value=span[1], key=state.WINDOW,
                       format="D MMM YYYY")
    playing = bool(st.session_state.get(state.PLAYING))
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("⏸ Pause" if playing else "▶ Play", key="tm_play", on_click=state.toggle_play,
                  args=(span,), type="primary",
                  help="Step through time from the slider's start so the trips appear in order.")
        step = st.session_state.get(state.STEP) or "month"
        st.button(f"+1 {step}", key="tm_step", on_click=state.step_once, args=(span,))
        st.button("All dates", key="tm_reset", on_click=state.reset_window, args=(span,))
        st.segmented_control("Step", list(timeline.STEPS), key=state.STEP,
                             label_visibility="collapsed", help="How far each step of play goes.")
        st.segmented_control("Window", list(timeline.MODES), key=state.MODE, default="grow",
                             label_visibility="collapsed",
                             help="grow: the window's start stays, trips pile up in order; "
                                  "slide: the window keeps its length, only recent trips show.")
        st.segmented_control("Speed", list(timeline.SPEEDS), key=state.SPEED, default="normal",
                             label_visibility="collapsed", help="How fast Play steps.")
    return window


def _story_step(steps: list[storysteps.StepView], window: state.Span, travellers: list[str],
                countries: list[str], visit_types: list[str]) -> storysteps.StepView | None:
    """The story step the page shows, if the reader is in the story and still on its view."""
    index = st.session_state.get(state.STORY)
    if index is None or not 0 <= index < len(steps):
        return None
    step = steps[index]
    if not storysteps.still_on(step, window=window, travellers=travellers, countries=countries,
                               visit_types=visit_types):
        st.session_state[state.STORY] = None  # moved by hand: out of the story
        return None
    return step


def _story(box: DeltaGenerator, steps: list[storysteps.StepView],
           step: storysteps.StepView | None, span: state.Span) -> None:
    """The story's Previous / Next and the step's title and text (data: shown as text)."""
    if not steps:
        return
    with box.container(border=True):
        at = step.index if step else -1
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown("**Story**")
            for label, target, key in (("◀ Previous", at - 1, "tm_story_prev"),
                                       ("Next ▶" if step else "Start the story ▶", at + 1,
                                        "tm_story_next")):
                goal = steps[target] if 0 <= target < len(steps) else None
                st.button(label, key=key, disabled=goal is None,
                          on_click=state.open_story_step,
                          args=(goal.index, goal.window, list(goal.travellers)) if goal else ())
            if step:
                st.button("Leave the story", key="tm_story_leave", on_click=state.leave_story,
                          args=(span,))
                st.text(f"Step {step.index + 1} of {len(steps)}")
        if step:
            st.html(f"<p style='margin:0'><strong>{html.escape(step.title)}</strong></p>"
                    f"<p style='margin:.25em 0 0'>{html.escape(step.text)}</p>")


def _unplaced(unlocated: pd.DataFrame) -> None:
    """Under the map: which stops it cannot draw (the map's own notice gives the count)."""
    if len(unlocated):
        places = html.escape(", ".join(sorted(set(unlocated["place"].astype(str)))))
        st.html(f'<p style="font-size:.85em;color:#4a5561">{len(unlocated)} stop(s) have no '
                f"coordinates and are not drawn: {places}.</p>")


def _table(prepared: Prepared, shown: pd.DataFrame) -> None:
    st.header("Visible stops", anchor=False)
    rows = shown.index.to_numpy()
    if len(rows) > TABLE_ROWS:
        st.caption(f"The table lists the first {TABLE_ROWS:,} of the {len(rows):,} stops shown, "
                   "in the data's order; narrow the time or the filters to list the others, or "
                   "download the CSV below, which holds all of them.")
    st.dataframe(
        # Arrow rows by position (a stop's id is its row), at most TABLE_ROWS: converting and
        # sending 100,000 pandas rows on every rerun took half of a slider move.
        prepared.table.take(rows[:TABLE_ROWS]), key=state.TABLE, hide_index=True,
        on_select="rerun", selection_mode="single-row", height=300,
        column_config={
            "start_date": st.column_config.DateColumn("From", format="D MMM YYYY"),
            "end_date": st.column_config.DateColumn("To", format="D MMM YYYY"),
            "traveller": st.column_config.TextColumn("Traveller"),
            "host_country": st.column_config.TextColumn("Host", help="ISO 3166-1 alpha-3"),
            "place": st.column_config.TextColumn("Place"),
            "visit_type": st.column_config.TextColumn("Visit"),
            "counterpart": st.column_config.TextColumn("Met"),
            "outcome": st.column_config.TextColumn("Outcome"),
            "trip_id": st.column_config.TextColumn("Tour"),
            "stop_order": st.column_config.NumberColumn("#", width="small"),
            "source": st.column_config.LinkColumn("First source"),
            "sources": st.column_config.NumberColumn("Sources", width="small"),
        })


def _selected_rows(table_state: object) -> list[int]:
    """The selected row positions from the table's widget state (a dict-like), or []."""
    try:
        return [int(r) for r in table_state["selection"]["rows"]]  # type: ignore[index]
    except (KeyError, TypeError):
        return []


def _details(stops: pd.DataFrame, shown: pd.DataFrame) -> None:
    st.header("Selected stop", anchor=False)
    selected = st.session_state.get(state.SELECTED)
    if selected is None or selected not in stops.index:
        st.info("Click a stop on the map, or a row in the table, to see its details and sources.")
        return
    if selected not in shown.index:
        st.caption("This stop is outside the current filters.")
    st.html(details.details_html(stops, int(selected),
                                 table_pick=int(st.session_state.get(state.TABLE_PICKS, 0))))


def _charts(shown: pd.DataFrame, prepared: Prepared) -> None:
    left, right = st.columns(2)
    left.altair_chart(charts.stops_per_year_chart(shown, colours=prepared.colours),
                      width="stretch")
    right.altair_chart(charts.host_countries_chart(shown), width="stretch")


def _downloads(shown: pd.DataFrame, window: state.Span, prepared: Prepared, *, what: str
               ) -> None:
    st.header("Download what is shown", anchor=False)
    # The window as asked: an end the slider left at the data's edge is left open, so a map of
    # everything since 17 March 2023 says "since 17 March 2023".
    asked = (window[0] if window[0] > prepared.span[0] else None,
             window[1] if window[1] < prepared.span[1] else None)
    # The title needs only the distinct travellers and hosts, not every visible stop.
    title = selection_title(shown.drop_duplicates(["traveller", "host_country"]), asked)
    colours = prepared.colours
    base = downloads.slug(f"travelmap-{window[0]:%Y%m%d}-{window[1]:%Y%m%d}")
    items = downloads.downloads_for(shown, base_name=base, what=what)
    per_row = 3
    rows = [items[start:start + per_row] for start in range(0, len(items), per_row)]
    placed = [(column, item) for row in rows
              for column, item in zip(st.columns(per_row), row, strict=False)]
    for column, item in placed:

        def make(fmt: str = item.format) -> bytes:
            return downloads.render_download(shown, format=fmt, title=title, caption=None,
                                             colours=colours, span=asked)

        column.download_button(item.label, data=make, file_name=item.file_name, mime=item.mime,
                               key=f"tm_download_{item.format}", on_click="ignore",
                               width="stretch")


def _play_timer(span: state.Span) -> None:
    """While playing, a fragment re-runs at the chosen speed and moves the window a step."""
    st.session_state["tm_timer_armed"] = False

    @st.fragment(run_every=state.play_interval())
    def timer() -> None:
        if not st.session_state.get("tm_timer_armed"):
            st.session_state["tm_timer_armed"] = True  # the first call is this full run itself
            return
        state.tick(span)

    timer()
