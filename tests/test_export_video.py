"""The animated exports (MP4, WebM, GIF): decoded back, frame by frame, as a viewer would see them.

Small frames and few of them keep this quick: 640×360 (stops are still ~6 px across), about a
second of animation at a few frames per second.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import imageio.v2 as imageio
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from travelmap.cli import main
from travelmap.errors import ExportError
from travelmap.export import export
from travelmap.export.animation import (
    MAX_FRAMES,
    Pace,
    parse_pace,
    parse_size,
    plan_timeline,
    shown_count,
)
from travelmap.export.frames import FrameRenderer
from travelmap.geocoding import placed
from travelmap.loading import load_trips
from travelmap.mapping.palette import assign_colours

FIXTURE = Path(__file__).parent / "data" / "export" / "trips.csv"
SIZE = (640, 360)
OPTIONS = {"size": "640x360", "duration": 1.0, "fps": 4.0, "hold": 0.5, "title": "Trips"}
FRAMES = 4 + 2  # 1 s at 4 fps, then 0.5 s of hold


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return placed(load_trips(FIXTURE))


@pytest.fixture(scope="module")
def videos(stops: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each format written once, by `travelmap.export`, with the same options."""
    folder = tmp_path_factory.mktemp("videos")
    return {fmt: export(stops, folder / f"trips.{fmt}", **OPTIONS)  # type: ignore[arg-type]
            for fmt in ("mp4", "gif")}


def decode(path: Path) -> np.ndarray:
    """Every frame as RGB, read by imageio (ffmpeg for video, Pillow for GIF)."""
    frames = imageio.mimread(path, memtest=False)
    return np.stack([np.asarray(frame)[:, :, :3] for frame in frames])


def frames_hash(frames: np.ndarray) -> str:
    return hashlib.sha256(frames.tobytes()).hexdigest()


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


def stop_marks(stops: pd.DataFrame) -> list[tuple[float, float, list[np.ndarray]]]:
    """Each distinct stop position's pixel in a frame, and the colours a marker there may have
    (two travellers stopping in one city: the later one is drawn on top)."""
    renderer = FrameRenderer(stops, size=SIZE, title="Trips", caption=None)
    colours = assign_colours(stops["traveller"])
    marks: dict[tuple[float, float], list[np.ndarray]] = {}
    for row in stops.itertuples(index=False):
        marks.setdefault((float(row.lat), float(row.lon)), []).append(
            _rgb(colours[str(row.traveller)]))
    return [(*renderer.plan.layout.pixel(lat, lon, dpi=renderer.dpi), options)
            for (lat, lon), options in marks.items()]


def marker_distance(frame: np.ndarray, col: float, row: float,
                    colours: list[np.ndarray]) -> int:
    """How close the 5×5 pixels around (col, row) come to any of `colours` (sum of |ΔRGB|)."""
    patch = frame[int(row) - 2:int(row) + 3, int(col) - 2:int(col) + 3].astype(int)
    return int(min(np.abs(patch - colour).sum(axis=2).min() for colour in colours))


@pytest.mark.parametrize("fmt", ["mp4", "gif"])
def test_decoded_frames_have_the_count_and_size_asked_for(videos: dict[str, Path],
                                                          fmt: str) -> None:
    frames = decode(videos[fmt])
    assert frames.shape == (FRAMES, SIZE[1], SIZE[0], 3)
    assert len(np.unique(frames[-1].reshape(-1, 3), axis=0)) > 20  # a drawn map, not a blank


@pytest.mark.parametrize("fmt", ["mp4", "gif"])
def test_first_frame_shows_no_stop_and_the_last_shows_every_stop(
        stops: pd.DataFrame, videos: dict[str, Path], fmt: str) -> None:
    frames = decode(videos[fmt])
    tolerance = 60 if fmt == "mp4" else 12  # H.264 blurs colour; the GIF palette keeps it
    for col, row, colours in stop_marks(stops):
        assert marker_distance(frames[-1], col, row, colours) < tolerance, (col, row)
        assert marker_distance(frames[0], col, row, colours) > 2 * tolerance, (col, row)


@pytest.mark.parametrize("fmt", ["mp4", "gif"])
def test_two_runs_give_identical_frames(stops: pd.DataFrame, videos: dict[str, Path],
                                        tmp_path: Path, fmt: str) -> None:
    again = export(stops, tmp_path / f"again.{fmt}", **OPTIONS)  # type: ignore[arg-type]
    assert frames_hash(decode(again)) == frames_hash(decode(videos[fmt]))
    assert again.read_bytes() == videos[fmt].read_bytes()  # no date or version in the file


def test_stops_and_routes_arrive_in_time_order(stops: pd.DataFrame) -> None:
    renderer = FrameRenderer(stops, size=SIZE, title=None, caption=None)
    kim = stops[stops["traveller"] == "Kim Jong Un"].iloc[0]
    col, row = renderer.plan.layout.pixel(kim["lat"], kim["lon"], dpi=renderer.dpi)
    colour = [_rgb(assign_colours(stops["traveller"])["Kim Jong Un"])]
    day = (kim["start_date"] - pd.Timestamp("1970-01-01")).days
    assert marker_distance(renderer.frame(day - 1), col, row, colour) > 100
    assert marker_distance(renderer.frame(day), col, row, colour) < 10
    # the drawn routes grow with time, leg by leg
    counts = [shown_count(renderer.leg_days, t) for t in sorted(renderer.leg_days)]
    assert counts == sorted(counts) and counts[-1] == len(renderer.leg_lines)


def test_many_stops_drawn_a_collection_per_colour_still_all_show(
        stops: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    from travelmap.export import frames

    monkeypatch.setattr(frames, "GROUP_STOPS_OVER", 0)  # the 10,000-stop path, on 8 stops
    renderer = FrameRenderer(stops, size=SIZE, title="Trips", caption=None)
    assert len(renderer.stop_groups) == 3  # three travellers, three colours
    last, first = renderer.frame(renderer.stop_days[-1] + 365), renderer.frame(0)
    for col, row, colours in stop_marks(stops):
        assert marker_distance(last, col, row, colours) < 12
        assert marker_distance(first, col, row, colours) > 24


def test_webm_decodes_with_the_same_frame_count(stops: pd.DataFrame, tmp_path: Path) -> None:
    frames = decode(export(stops, tmp_path / "trips.webm", **OPTIONS))  # type: ignore[arg-type]
    assert frames.shape == (FRAMES, SIZE[1], SIZE[0], 3)


def test_gif_loops_and_stays_small(videos: dict[str, Path]) -> None:
    from PIL import Image

    with Image.open(videos["gif"]) as gif:
        assert gif.info.get("loop") == 0  # forever
        assert gif.mode == "P"  # palette
    assert videos["gif"].stat().st_size < 150_000


def test_timeline_runs_from_the_day_before_the_first_stop_to_the_last_day() -> None:
    plan = plan_timeline(100, 130, fps=10, duration=2, hold=1)
    assert len(plan.times) == 20 and plan.hold == 10 and plan.frame_count == 30
    assert plan.times[0] == 99 and plan.times[-1] == 130
    assert list(plan.times) == sorted(plan.times)
    daily = plan_timeline(100, 130, fps=10, pace="2/day", hold=0)
    assert daily.times[:3] == (99.0, 99.5, 100.0) and daily.times[-1] == 130
    assert len(daily.times) == 63 and daily.hold == 0


def test_a_monthly_pace_gives_each_calendar_month_its_frames() -> None:
    from travelmap.days import day_number, from_day_number

    plan = plan_timeline(day_number(pd.Timestamp("2024-01-01").date()),
                         day_number(pd.Timestamp("2024-06-30").date()), pace="1/month", hold=0)
    days = [str(from_day_number(int(t))) for t in plan.times]
    assert days[0] == "2023-12-31"
    assert days[1:7] == ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01",
                         "2024-06-01"]
    assert days[-1] == "2024-06-30" and plan.by_month


def test_sizes_and_paces_are_parsed() -> None:
    assert parse_size(None) == (1280, 720)
    assert parse_size("1:1") == (1080, 1080) and parse_size("9:16") == (1080, 1920)
    assert parse_size("640x360") == (640, 360) and parse_size((320, 180)) == (320, 180)
    assert parse_pace("2/month") == Pace(2.0, "month")
    assert parse_pace("0.5 / weeks") == Pace(0.5, "week")


@pytest.mark.parametrize(("options", "message"), [
    ({"size": "16:10"}, "neither a preset"),
    ({"size": "641x360"}, "even"),
    ({"size": "32x32"}, "64 to 3840"),
    ({"pace": "fast"}, "frames per unit"),
    ({"pace": "0/day"}, "frames per unit"),
    ({"pace": "1/day", "duration": 5}, "not both"),
    ({"fps": 0}, "fps 0 is out of range"),
    ({"duration": -1}, "duration -1 is out of range"),
    ({"hold": 100}, "hold 100 is out of range"),
    ({"pace": "24/day"}, f"more than {MAX_FRAMES:,}"),
])
def test_bad_options_are_refused_and_leave_no_file(stops: pd.DataFrame, tmp_path: Path,
                                                   options: dict[str, object],
                                                   message: str) -> None:
    target = tmp_path / "trips.mp4"
    target.write_bytes(b"the previous file")
    with pytest.raises(ExportError, match=message):
        export(stops, target, **options)  # type: ignore[arg-type]
    assert target.read_bytes() == b"the previous file"
    assert os.listdir(tmp_path) == ["trips.mp4"]  # no temporary file left behind


def test_cli_writes_a_video_and_refuses_bad_options_with_a_clear_message(
        tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "trips.gif"
    ok = runner.invoke(main, [
        "export", str(FIXTURE), "-o", str(out), "--size", "320x180", "--duration", "0.5",
        "--fps", "4", "--hold", "0"])
    assert ok.exit_code == 0, ok.output
    assert len(decode(out)) == 2
    bad = runner.invoke(main, ["export", str(FIXTURE), "-o", str(tmp_path / "bad.mp4"),
                               "--size", "huge"])
    assert bad.exit_code == 1
    assert "frame size 'huge'" in bad.output
    assert not (tmp_path / "bad.mp4").exists()
    assert sorted(os.listdir(tmp_path)) == ["trips.gif"]
