"""The frame plan of an animated export: how big the frames are and which day each one shows.

Pure arithmetic on day numbers (no matplotlib, no encoder), so the options are checked before
anything is drawn and the plan is tested on its own. Time runs evenly: either the whole span of
the selection in `duration` seconds, or at a `pace` of frames per day, week, month or year
(calendar months and years, so every month gets the same number of frames). The first frame is
the day before the first stop (an empty map: the reader sees the trips arrive), the last frame is
the day the last leg is travelled, and `hold` seconds of that last frame follow, so a loop pauses
on the whole picture before it starts again.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import numpy as np

from travelmap.days import day_number, from_day_number
from travelmap.errors import ExportError

# Frame sizes by shape: a landscape video, a square feed post, a vertical story or reel.
SIZE_PRESETS: dict[str, tuple[int, int]] = {
    "16:9": (1280, 720),
    "1:1": (1080, 1080),
    "9:16": (1080, 1920),
}
DEFAULT_SIZE = "16:9"
DEFAULT_DURATION_S = 12.0
DEFAULT_HOLD_S = 2.0
DEFAULT_FPS = 24.0
DEFAULT_GIF_FPS = 10.0  # GIF delays are in 1/100 s: 10 fps is exact, and each frame costs bytes
MIN_SIDE, MAX_SIDE = 64, 3840  # pixels; 3840 is 4K UHD, past it players and memory give up
MAX_FPS = 60.0
MAX_DURATION_S = 600.0
MAX_HOLD_S = 60.0
MAX_FRAMES = 20_000  # ~14 min at 24 fps: past this a pace is surely a typo (1/day over decades)
PACE_UNITS: dict[str, tuple[str, float]] = {  # unit -> (calendar, length in that calendar)
    "day": ("days", 1.0),
    "week": ("days", 7.0),
    "month": ("months", 1.0),
    "year": ("months", 12.0),
}


@dataclass(frozen=True)
class Pace:
    """`count` frames per `unit` of the timeline (day, week, month or year)."""

    count: float
    unit: str


def parse_size(value: str | tuple[int, int] | None) -> tuple[int, int]:
    """Frame size in pixels from a preset ('16:9', '1:1', '9:16') or 'WIDTHxHEIGHT'.

    Sides must be even: H.264 and VP9 store colour at half resolution (yuv420p), and a GIF of
    the same frames should have the same size as its video.
    """
    if value is None:
        value = DEFAULT_SIZE
    if isinstance(value, str):
        text = value.strip().lower()
        if text in SIZE_PRESETS:
            return SIZE_PRESETS[text]
        match = re.fullmatch(r"(\d+)\s*[x×]\s*(\d+)", text)
        if not match:
            presets = ", ".join(SIZE_PRESETS)
            raise ExportError(f"frame size {value!r} is neither a preset ({presets}) nor "
                              "WIDTHxHEIGHT in pixels, e.g. 640x360")
        width, height = int(match[1]), int(match[2])
    else:
        width, height = (int(side) for side in value)
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise ExportError(f"frame size {width}x{height}: each side must be {MIN_SIDE} to "
                          f"{MAX_SIDE} pixels")
    if width % 2 or height % 2:
        raise ExportError(f"frame size {width}x{height}: both sides must be even numbers "
                          "(video stores colour at half resolution)")
    return width, height


def parse_pace(value: str | Pace | None) -> Pace | None:
    """'2/month', '1/day', '0.5/week', '4/year' -> Pace; None stays None."""
    if value is None or isinstance(value, Pace):
        return value
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*/\s*(day|week|month|year)s?\s*",
                         str(value).lower())
    if not match or float(match[1]) <= 0:
        raise ExportError(f"pace {value!r}: write frames per unit of time, e.g. 2/month, "
                          "1/day, 1/week or 4/year")
    return Pace(float(match[1]), match[2])


def _check(name: str, value: float, low: float, high: float, *, low_ok: bool = False) -> float:
    value = float(value)
    if not math.isfinite(value) or value > high or value < low or (value == low and not low_ok):
        bound = f"{low:g} or more" if low_ok else f"more than {low:g}"
        raise ExportError(f"{name} {value:g} is out of range: {bound}, at most {high:g}")
    return value


@dataclass(frozen=True)
class Timeline:
    """The day (a fractional day number) each animated frame shows, then `hold` repeats of
    the last one."""

    times: tuple[float, ...]
    hold: int
    fps: float
    by_month: bool = False  # a frame a month or slower: the caption names the month, not a day

    @property
    def frame_count(self) -> int:
        return len(self.times) + self.hold

    def recent_since(self, index: int, seconds: float = 1.0) -> float:
        """The time shown `seconds` of video before frame `index`: stops that arrived after it
        are still being pointed out."""
        return self.times[max(0, index - max(1, round(seconds * self.fps)))]


def plan_timeline(first_day: int, last_day: int, *, fps: float | None = None,
                  duration: float | None = None, pace: str | Pace | None = None,
                  hold: float | None = None, format: str = "mp4") -> Timeline:
    """The frames from the day before `first_day` to `last_day` (day numbers), checking every
    option; raises ExportError naming the option that is wrong."""
    fps = _check("fps", DEFAULT_GIF_FPS if fps is None and format == "gif"
                 else DEFAULT_FPS if fps is None else fps, 0.0, MAX_FPS)
    hold_s = _check("hold", DEFAULT_HOLD_S if hold is None else hold, 0.0, MAX_HOLD_S,
                    low_ok=True)
    chosen = parse_pace(pace)
    if chosen is not None and duration is not None:
        raise ExportError("give a duration or a pace, not both: the duration fixes the pace")
    start, end = float(first_day - 1), float(max(last_day, first_day))
    if chosen is None:
        seconds = _check("duration", DEFAULT_DURATION_S if duration is None else duration,
                         0.0, MAX_DURATION_S)
        count = max(2, round(seconds * fps))
        _check_count(count, hint="a shorter duration or a lower fps")
        times = np.linspace(start, end, count)
        by_month = False
    else:
        unit, length = PACE_UNITS[chosen.unit]
        step = length / chosen.count
        by_month = unit == "months" and step >= 1.0
        if unit == "days":
            count = math.ceil((end - start) / step) + 1
            _check_count(count, hint="a slower pace or --duration")
            times = np.minimum(start + step * np.arange(count), end)
        else:
            # On the calendar's grid (the 1st of each month at 1/month), between the day
            # before the first stop and the last day.
            begin, finish = _month_position(start), _month_position(end)
            origin = math.floor(begin)
            first_k = math.floor((begin - origin) / step) + 1
            last_k = math.ceil((finish - origin) / step)  # the first grid point at the end
            _check_count(last_k - first_k + 2, hint="a slower pace or --duration")
            times = np.array([start, *(_from_month_position(origin + step * k)
                                       for k in range(first_k, last_k)), end])
    return Timeline(tuple(float(t) for t in times), round(hold_s * fps), fps, by_month)


def _check_count(count: int, *, hint: str) -> None:
    if count > MAX_FRAMES:
        raise ExportError(f"that makes {count:,} frames, more than {MAX_FRAMES:,}: choose {hint}")


def _month_position(day: float) -> float:
    """Months since January 1970 (fractional: the 16th of a 30-day month is x.5)."""
    whole = math.floor(day)
    when = from_day_number(whole)
    first = day_number(date(when.year, when.month, 1))
    months = (when.year - 1970) * 12 + when.month - 1
    return months + (day - first) / _days_in_month(when.year, when.month)


def _from_month_position(position: float) -> float:
    months = math.floor(position)
    year, month = 1970 + months // 12, months % 12 + 1
    return day_number(date(year, month, 1)) + (position - months) * _days_in_month(year, month)


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def shown_count(days: np.ndarray, time: float) -> int:
    """How many of `days` (sorted ascending) have come by `time`: what a frame shows."""
    return int(np.searchsorted(days, time, side="right"))
