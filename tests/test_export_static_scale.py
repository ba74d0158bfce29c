"""The print map at scale: past AGGREGATE_OVER stops it draws the dot that shows on each pixel,
says so, keeps the true counts in the legend and looks the same as drawing every stop."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from PIL import Image

from travelmap.export import dots as dots_module
from travelmap.export import static
from travelmap.export.dots import AGGREGATE_OVER, STAMP_OVER, Dots, thin
from travelmap.export.labels import _Nearby
from travelmap.export.static import AGGREGATED_NOTE, draw_map, render_static
from travelmap.geocoding import placed
from travelmap.loading import load_trips


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return placed(load_trips())


def copies(stops: pd.DataFrame, count: int) -> pd.DataFrame:
    """`count` copies of `stops` as separate trips at the same places (many stops per pixel)."""
    frames = [stops.assign(trip_id=stops["trip_id"].astype(str) + f"-{n}") for n in range(count)]
    return pd.concat(frames, ignore_index=True)


def stop_offsets(figure: object) -> int:
    ax = figure.axes[0]  # type: ignore[attr-defined]
    return sum(len(c.get_offsets()) for c in ax.collections
               if isinstance(c, PathCollection) and c.get_zorder() == 5)


def figure_texts(figure: object) -> list[str]:
    return [t.get_text() for t in figure.texts]  # type: ignore[attr-defined]


def test_a_100k_map_counts_every_stop_in_the_legend_and_says_what_was_merged(
        bundled: pd.DataFrame) -> None:
    big = copies(bundled, -(-100_000 // len(bundled))).head(100_000)
    figure, layout = draw_map(big, title="T", caption=None, width=11, height=7.5, dpi=150)
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    for name, count in big["traveller"].astype(str).value_counts().items():
        assert f"{name} ({count:,} stops)" in legend
    assert AGGREGATED_NOTE in figure_texts(figure)
    # one dot per distinct pixel, far fewer than the stops
    pixels = {tuple(np.floor(layout.pixel(lat, lon, dpi=150)).astype(int))
              for lat, lon in big[["lat", "lon"]].drop_duplicates().itertuples(index=False)}
    assert len(pixels) <= stop_offsets(figure) <= len(pixels) + 5  # a pixel edge may split one
    assert stop_offsets(figure) < len(big) / 100
    trips = big["trip_id"].nunique()
    routes = [t for t in figure_texts(figure) if t.startswith("Routes not drawn")]
    assert routes and f"{len(big) - trips:,} legs between stops" in routes[0]


def test_a_small_map_draws_every_stop_and_adds_no_note(bundled: pd.DataFrame) -> None:
    figure, _ = draw_map(bundled, title="T", caption=None, width=8, height=5, dpi=100)
    assert stop_offsets(figure) == len(bundled)
    assert AGGREGATED_NOTE not in figure_texts(figure)
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert "Vladimir Putin" in legend and not any("stops)" in t for t in legend)


def test_merged_dots_look_like_every_stop_drawn(bundled: pd.DataFrame,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    big = copies(bundled, AGGREGATE_OVER // len(bundled) + 1)
    # each copy by another traveller: every place is shared, and which dot is on top shows
    names = sorted(bundled["traveller"].astype(str).unique())
    copy = np.arange(len(big)) // len(bundled)
    first = big["traveller"].astype(str).map(names.index).to_numpy()
    big["traveller"] = [names[i] for i in (first + copy) % len(names)]
    merged = render_static(big, format="png", width=8, height=5, dpi=100)
    monkeypatch.setattr(static, "thin", lambda xy, colour, pixels: Dots(
        xy, colour, len(xy), aggregated=True))
    monkeypatch.setattr(dots_module, "STAMP_OVER", 10 ** 9)  # every stop, in order
    every = render_static(big, format="png", width=8, height=5, dpi=100)
    a, b = (np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
            for png in (merged, every))
    changed = np.abs(a - b).sum(axis=2) > 60
    # only the anti-aliased rim of a dot drawn many times over differs
    assert changed.mean() < 0.002, changed.mean()  # the dot below on top: ~0.004


def test_dots_spread_over_every_pixel_are_stamped_one_collection_per_colour(
        bundled: pd.DataFrame) -> None:
    big = copies(bundled, STAMP_OVER // len(bundled) + 20)
    rng = np.random.default_rng(5)
    big["lat"] = pd.array(rng.uniform(-50, 70, len(big)), dtype="Float64")
    big["lon"] = pd.array(rng.uniform(-170, 170, len(big)), dtype="Float64")
    figure, _ = draw_map(big, title="T", caption=None, width=11, height=7.5, dpi=150)
    stamped = [c for c in figure.axes[0].collections
               if isinstance(c, PathCollection) and c.get_zorder() == 5]
    assert len(stamped) == big["traveller"].nunique()  # (fewer than 7: one colour each)
    assert all(len(c.get_facecolors()) == 1 for c in stamped)
    assert STAMP_OVER < stop_offsets(figure) <= len(big)
    assert AGGREGATED_NOTE in figure_texts(figure)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_merged_map_is_byte_for_byte_repeatable(bundled: pd.DataFrame, fmt: str) -> None:
    big = copies(bundled, AGGREGATE_OVER // len(bundled) + 1)
    first = render_static(big, format=fmt, width=6, height=4, dpi=80)
    assert render_static(big, format=fmt, width=6, height=4, dpi=80) == first


def test_thin_keeps_the_stop_drawn_last_on_each_pixel_in_order() -> None:
    xy = np.array([[0.0, 0.0], [5.0, 5.0], [0.2, 0.3], [9.0, 1.0], [5.4, 5.1]])
    colour = np.array([0, 1, 2, 0, 3])
    dots = thin(xy, colour, pixels=xy)
    assert dots.colour.tolist() == [2, 0, 3]  # (0,0) shows colour 2, (5,5) colour 3
    assert dots.xy.tolist() == [[0.2, 0.3], [9.0, 1.0], [5.4, 5.1]]
    assert dots.stops == 5 and dots.aggregated


def test_colour_groups_put_the_colour_drawn_last_on_top() -> None:
    dots = Dots(np.zeros((5, 2)), np.array([1, 0, 1, 2, 0]), 5, aggregated=True)
    assert [(c, rows.tolist()) for c, rows in dots.groups()] == [
        (1, [0, 2]), (2, [3]), (0, [1, 4])]


def test_labels_weigh_only_the_markers_that_can_touch_them() -> None:
    rng = np.random.default_rng(3)
    corner = rng.uniform(0, 1000, (5000, 2))
    boxes = np.hstack((corner, corner + rng.uniform(1, 40, (5000, 2))))
    nearby = _Nearby(boxes)
    for x, y, dx, dy in rng.uniform(0, 1000, (50, 4)) * [1, 1, 0.1, 0.1]:
        meets = ((boxes[:, 0] <= x + dx) & (boxes[:, 2] >= x - dx)
                 & (boxes[:, 1] <= y + dy) & (boxes[:, 3] >= y - dy))
        assert np.array_equal(nearby.within(x, y, dx, dy), boxes[meets])
