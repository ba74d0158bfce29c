"""The loader's column-held sources and the map's column-wise tour table say what the objects did.

The fast path keeps each trip's sources as Arrow columns behind one view per trip, and the payload
reads those columns directly; a frame whose sources are plain tuples of `Source`, or whose rows
come in another order, must give the very same page data.
"""

from __future__ import annotations

import json
import pickle

import pandas as pd
import pytest

import travelmap
from travelmap.mapping import stops_payload
from travelmap.mapping.tourtable import tour_index
from travelmap.model import SOURCES_COLUMN, Source
from travelmap.source_columns import TripSources, distinct_sources
from travelmap.tours import build_tours

from .conftest import TEST_DATA


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return travelmap.load_trips(TEST_DATA / "map" / "trips.csv")


def as_tuples(stops: pd.DataFrame) -> pd.DataFrame:
    plain = stops.copy()
    plain[SOURCES_COLUMN] = [tuple(cell) for cell in stops[SOURCES_COLUMN]]
    return plain


def test_the_loader_hands_out_views_that_read_as_tuples_of_sources(stops: pd.DataFrame) -> None:
    cell = stops[SOURCES_COLUMN].iloc[0]
    assert isinstance(cell, TripSources)
    made = tuple(cell)
    assert made and all(isinstance(source, Source) for source in made)
    assert cell == made and made == cell and hash(cell) == hash(made)
    assert len(cell) == len(made) and cell[0] == made[0] and repr(cell) == repr(made)
    assert pickle.loads(pickle.dumps(stops))[SOURCES_COLUMN].iloc[0] == made


@pytest.mark.parametrize("routes", [None, False, True])
def test_views_and_plain_tuples_give_the_same_page_data(stops: pd.DataFrame,
                                                        routes: bool | None) -> None:
    ours = json.dumps(stops_payload(stops, routes=routes), sort_keys=True)
    assert ours == json.dumps(stops_payload(as_tuples(stops), routes=routes), sort_keys=True)


def test_rows_in_any_order_give_the_same_page_data(stops: pd.DataFrame) -> None:
    shuffled = stops.sample(frac=1, random_state=3).reset_index(drop=True)
    payload = stops_payload(stops)
    again = stops_payload(shuffled)
    for key in ("tours", "sources", "homes", "strings", "positions", "stopCount"):
        assert again[key] == payload[key], key


def test_each_tour_is_read_from_the_stop_the_tour_model_starts_with(stops: pd.DataFrame) -> None:
    """The column-wise tour table picks the same first stop, stop count and home as
    `tours.build_tours`, also when stop numbers run against the rows' order."""
    renumbered = stops.copy()
    renumbered["stop_order"] = renumbered.groupby("trip_id")["stop_order"].transform(
        lambda order: order.max() + 1 - order)
    for frame in (stops, renumbered):
        tour_of_stop, ids = pd.factorize(frame["trip_id"], use_na_sentinel=False)
        index = tour_index(frame, tour_of_stop, ids)
        model = build_tours(frame, routes=False).tours
        assert index.firsts.tolist() == [tour.rows[0] for tour in model]
        assert index.stops.tolist() == [len(tour.rows) for tour in model]
        assert [index.capitals[k] for k in index.home_codes] == [tour.home for tour in model]


def test_distinct_sources_count_the_same_on_views_and_on_objects(stops: pd.DataFrame) -> None:
    views = stops[SOURCES_COLUMN].to_numpy()
    expected = len({source for cell in stops[SOURCES_COLUMN] for source in cell})
    assert distinct_sources(views) == expected
    assert distinct_sources(as_tuples(stops)[SOURCES_COLUMN].to_numpy()) == expected


def test_sources_read_one_by_one_or_all_at_once_are_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Past source_columns.SINGLE_READS trips, every source is made in one go: same objects."""
    from travelmap import source_columns

    monkeypatch.setattr(source_columns, "SINGLE_READS", 10**9)
    one_by_one = [tuple(cell) for cell in
                  travelmap.load_trips(TEST_DATA / "map" / "trips.csv")[SOURCES_COLUMN]]
    monkeypatch.setattr(source_columns, "SINGLE_READS", 1)
    fresh = travelmap.load_trips(TEST_DATA / "map" / "trips.csv")
    assert [tuple(cell) for cell in fresh[SOURCES_COLUMN]] == one_by_one
    assert fresh[SOURCES_COLUMN].iloc[0]._columns._made is not None  # the bulk path ran
