"""Animated exports (MP4, WebM, GIF): the frames of `travelmap.export.frames`, encoded by ffmpeg.

ffmpeg comes inside the imageio-ffmpeg wheel (`imageio_ffmpeg.get_ffmpeg_exe()`), so nothing
needs installing on the system. It is run here directly rather than through
`imageio_ffmpeg.write_frames`, because that helper neither reports ffmpeg's exit status nor
keeps its messages off the terminal, and a failed encode must become an ExportError, never a
truncated file. Frames are piped in as they are drawn (drawing and encoding overlap on two cores)
and the result is returned as bytes, which `travelmap.export.export` writes atomically.

Repeatable: the frames are the same pixels for the same data and options, the encoders run with
a fixed thread count (x264 output depends on it) and bit-exact flags, and no date or encoder
version is written into the file.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from travelmap.days import day_numbers
from travelmap.errors import ExportError
from travelmap.export.animation import Pace, Timeline, parse_size, plan_timeline
from travelmap.filtering import Span
from travelmap.housefont import HouseFont
from travelmap.tours import has_position

VIDEO_FORMATS = ("mp4", "webm", "gif")
THREADS = "2"  # fixed, so every machine encodes the same bytes
# Same bytes for the same frames: no encoder version, creation time or other metadata.
BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact"]
CODECS: dict[str, list[str]] = {
    # H.264 plays everywhere (social sites, PowerPoint, every browser); 'animation' tuning
    # suits flat colours and sharp edges; faststart lets a browser play while downloading.
    "mp4": ["-c:v", "libx264", "-preset", "veryfast", "-tune", "animation", "-crf", "20",
            "-pix_fmt", "yuv420p", "-threads", THREADS, "-movflags", "+faststart", "-f", "mp4"],
    "webm": ["-c:v", "libvpx-vp9", "-crf", "32", "-b:v", "0", "-deadline", "good",
             "-cpu-used", "4", "-row-mt", "0", "-pix_fmt", "yuv420p", "-threads", THREADS,
             "-f", "webm"],
    # One palette for the whole GIF, made from every frame (a map has few colours, so 256 keep
    # the outlines and every traveller's colour exact); no dithering, and each frame stores only
    # the rectangle that changed: small files, no shimmer.
    "gif": ["-filter_complex",
            "[0:v]split[a][b];[a]palettegen=max_colors=256:stats_mode=full[p];"
            "[b][p]paletteuse=dither=none:diff_mode=rectangle",
            "-threads", THREADS, "-loop", "0", "-f", "gif"],
}


def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped in the imageio-ffmpeg wheel."""
    try:
        import imageio_ffmpeg
    except ImportError as error:  # pragma: no cover - a dependency, but say what to do
        raise ExportError("video export needs the imageio-ffmpeg package: "
                          "pip install imageio-ffmpeg") from error
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as error:  # pragma: no cover - a wheel without its binary
        raise ExportError(f"imageio-ffmpeg found no ffmpeg binary: {error}") from error


def render_video(stops: pd.DataFrame, *, format: str = "mp4", title: str | None = None,
                 caption: str | None = None, fps: float | None = None,
                 duration: float | None = None, pace: str | Pace | None = None,
                 size: str | tuple[int, int] | None = None, hold: float | None = None,
                 progress: bool | None = False, colours: Mapping[str, str] | None = None,
                 span: Span | None = None, font: HouseFont | None = None,
                 **_: object) -> bytes:
    """The animation of `stops` as MP4, WebM or GIF bytes: trips appear in time order, routes
    leg by leg, under a date caption.

    `size` is a preset ('16:9', '1:1', '9:16') or 'WIDTHxHEIGHT'; `duration` (seconds) or `pace`
    ('2/month', '1/day') sets how fast time runs; `hold` seconds of the last frame end it.
    `progress` shows a progress bar on stderr for renders longer than a second (None: only on
    a terminal). `colours`, `span` and `font` as for the static map (`render_static`).
    """
    if format not in VIDEO_FORMATS:
        raise ExportError(f"unknown video format {format!r}; use one of: "
                          f"{', '.join(VIDEO_FORMATS)}")
    frame_size = parse_size(size)
    positioned = stops[has_position(stops)]
    if positioned.empty:
        raise ExportError("none of the selected stops has coordinates: nothing to draw")
    first = int(day_numbers(positioned["start_date"]).min())
    last = int(day_numbers(positioned["end_date"]).max())
    timeline = plan_timeline(first, last, fps=fps, duration=duration, pace=pace, hold=hold,
                             format=format)
    from travelmap.export.fonts import house_font_used
    from travelmap.export.frames import FrameRenderer

    with house_font_used(font):  # frames are drawn while encoding: the font stays set
        renderer = FrameRenderer(positioned, size=frame_size, title=title, caption=caption,
                                 unplaced=len(stops) - len(positioned),
                                 by_month=timeline.by_month, colours=colours, span=span)
        return encode(frames(renderer, timeline), format=format, size=frame_size,
                      fps=timeline.fps, count=timeline.frame_count, progress=progress)


def frames(renderer: object, timeline: Timeline) -> Iterator[np.ndarray]:
    """Every frame of `timeline`: the animated ones, new arrivals ringed for a second, then the
    last day without rings, `hold` times (the picture a loop pauses on)."""
    draw = renderer.frame  # type: ignore[attr-defined]
    for index, time in enumerate(timeline.times):
        yield draw(time, recent_since=timeline.recent_since(index))
    if timeline.hold:
        final = draw(timeline.times[-1])
        for _ in range(timeline.hold):
            yield final


def encode(pictures: Iterator[np.ndarray], *, format: str, size: tuple[int, int], fps: float,
           count: int | None = None, progress: bool | None = False) -> bytes:
    """Pipe RGB frames (height×width×3 uint8) through ffmpeg and return the file's bytes."""
    from tqdm import tqdm

    width, height = size
    with tempfile.TemporaryDirectory(prefix="travelmap-video-") as folder:
        target = Path(folder) / f"animation.{format}"
        errors = Path(folder) / "ffmpeg.log"
        command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                   "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
                   "-framerate", f"{fps:g}", "-i", "pipe:0", "-an", *CODECS[format], *BITEXACT,
                   str(target)]
        bar = tqdm(total=count, desc=f"Rendering {format.upper()}", unit="frame",
                   disable=False if progress else None if progress is None else True,
                   delay=1.0, file=sys.stderr, leave=False)
        with errors.open("wb") as log:
            # ffmpeg's messages go to a file: a pipe nobody reads would fill up and stall it.
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       stderr=log)
            try:
                assert process.stdin is not None
                for picture in pictures:
                    if picture.shape != (height, width, 3):
                        raise ExportError(f"a frame is {picture.shape}, not {(height, width, 3)}")
                    process.stdin.write(memoryview(np.ascontiguousarray(picture)))
                    bar.update()
                process.stdin.close()
                returncode = process.wait()
            except BrokenPipeError:
                returncode = process.wait()
            finally:
                bar.close()
                if process.poll() is None:  # an error or Ctrl-C while drawing: stop ffmpeg
                    process.kill()
                    process.wait()
                with contextlib.suppress(OSError):
                    process.stdin.close()  # type: ignore[union-attr]
        if returncode != 0 or not target.is_file() or not target.stat().st_size:
            message = errors.read_text(errors="replace").strip().splitlines()
            detail = message[-1] if message else f"exit status {returncode}"
            raise ExportError(f"ffmpeg could not encode the {format.upper()}: {detail}")
        return target.read_bytes()
