"""Seconds per frame of the animated export, against re-drawing the print map for every frame.

    .venv/bin/python benchmarks/bench_video.py                  # 54 (bundled) and 10,000 stops
    .venv/bin/python benchmarks/bench_video.py --sizes 0 --frame-size 320x180 --duration 1 \
        --baseline-frames 2                                     # seconds: the smoke test

For each size, in one run and one process: the frame renderer (`travelmap.export.frames`: the
map drawn once, then only what changes, blitted) over every frame of the default timeline
(12 s at 24 fps, 1280×720), its one-off set-up, and the whole `export(stops, "trips.mp4")`
(frames and H.264 encoding together, per frame written). The baseline is the obvious way: for
each frame, `draw_map` of the stops shown by then, drawn on its canvas and copied out, timed on
`--baseline-frames` frames spread over the same timeline. Size 0 is the bundled data (54 stops
when first measured, 123 now); larger sets are `bench_export.scaled` copies of it. The ratio is
baseline ÷ renderer: how many times faster a frame is drawn.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_export import scaled  # noqa: E402

from travelmap.days import day_numbers  # noqa: E402
from travelmap.export import export  # noqa: E402
from travelmap.export.animation import parse_size, plan_timeline  # noqa: E402
from travelmap.export.frames import FrameRenderer  # noqa: E402
from travelmap.export.static import draw_map  # noqa: E402
from travelmap.geocoding import placed  # noqa: E402
from travelmap.loading import load_trips  # noqa: E402
from travelmap.tours import has_position  # noqa: E402

TITLE = "Benchmark"


def measure(stops: pd.DataFrame, *, frame_size: str, duration: float,
            baseline_frames: int) -> dict[str, float]:
    """Seconds per frame for the renderer, the MP4 export and the draw_map baseline."""
    stops = stops[has_position(stops)]
    size = parse_size(frame_size)
    timeline = plan_timeline(int(day_numbers(stops["start_date"]).min()),
                             int(day_numbers(stops["end_date"]).max()), duration=duration,
                             hold=0)
    result: dict[str, float] = {"frames": len(timeline.times)}

    began = time.perf_counter()
    renderer = FrameRenderer(stops, size=size, title=TITLE, caption=None)
    result["setup_s"] = time.perf_counter() - began
    began = time.perf_counter()
    for index, moment in enumerate(timeline.times):
        renderer.frame(moment, recent_since=timeline.recent_since(index))
    result["frame_s"] = (time.perf_counter() - began) / len(timeline.times)

    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        export(stops, Path(folder) / "trips.mp4", title=TITLE, size=frame_size,
               duration=duration, hold=0)
        result["mp4_frame_s"] = (time.perf_counter() - began) / len(timeline.times)
        result["mp4_mb"] = (Path(folder) / "trips.mp4").stat().st_size / 1e6

    # The baseline: the print map drawn again for each frame, at the same pixel size.
    start = day_numbers(stops["start_date"])
    width, height = size
    dpi = max(width, height) / 8.0
    picks = np.linspace(0, len(timeline.times) - 1, baseline_frames + 1)[1:].round().astype(int)
    times = [timeline.times[i] for i in picks]
    began = time.perf_counter()
    drawn = 0
    for moment in times:
        shown = stops[start <= moment]
        if shown.empty:
            continue
        figure, _ = draw_map(shown, title=TITLE, caption=None, width=width / dpi,
                             height=height / dpi, dpi=dpi)
        figure.canvas.draw()
        np.array(np.asarray(figure.canvas.buffer_rgba())[:, :, :3])
        drawn += 1
    result["baseline_frame_s"] = (time.perf_counter() - began) / max(drawn, 1)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,10000",
                        help="stop counts; 0 is the bundled data as it is (default 0,10000)")
    parser.add_argument("--frame-size", default="16:9", help="a preset or WIDTHxHEIGHT")
    parser.add_argument("--duration", type=float, default=12.0, help="seconds at 24 fps")
    parser.add_argument("--baseline-frames", type=int, default=24)
    args = parser.parse_args(argv)
    bundled = placed(load_trips())
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"video benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
          f"{os.cpu_count()} CPU(s); load average {load}; frames {args.frame_size} "
          f"({'x'.join(map(str, parse_size(args.frame_size)))}), {args.duration:g} s at 24 fps")
    header = (f"{'stops':>7}  {'frames':>6}  {'set-up':>7}  {'per frame':>10}  "
              f"{'MP4, per frame':>14}  {'MP4 size':>8}  {'draw_map per frame':>18}  "
              f"{'baseline ÷ renderer':>19}")
    print(header)
    print("-" * len(header))
    for size in (int(s) for s in args.sizes.split(",")):
        stops = scaled(bundled, size)
        r = measure(stops, frame_size=args.frame_size, duration=args.duration,
                    baseline_frames=args.baseline_frames)
        print(f"{len(stops):>7,}  {r['frames']:>6.0f}  {r['setup_s']:>5.2f} s  "
              f"{r['frame_s'] * 1000:>7.1f} ms  {r['mp4_frame_s'] * 1000:>11.1f} ms  "
              f"{r['mp4_mb']:>5.2f} MB  {r['baseline_frame_s'] * 1000:>15.0f} ms  "
              f"{r['baseline_frame_s'] / r['frame_s']:>18.1f}×", flush=True)


if __name__ == "__main__":
    main()
