"""Place labels on the static map without piling them on top of each other.

Greedy placement, the way cartographers' simple tools do it: labels in order of importance, each
trying a few spots around its point (right, left, above, below) and taking the first that hits no
marker, no earlier label and stays inside the map; if none is free, the least crowded one, and a
minor place whose label would sit on another label goes unlabelled. Sizes are measured by the
real text renderer, so non-Latin names are measured right too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Annotation

# (dx, dy) offset in points, horizontal and vertical alignment of the text.
CANDIDATES: tuple[tuple[float, float, str, str], ...] = (
    (5, 2, "left", "bottom"),
    (5, -2, "left", "top"),
    (-5, 2, "right", "bottom"),
    (-5, -2, "right", "top"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
    (6, 0, "left", "center"),
    (-6, 0, "right", "center"),
)


@dataclass(frozen=True)
class Label:
    """A text to put next to the map point (x, y)."""

    text: str
    x: float
    y: float
    size: float = 7.5
    weight: str = "normal"
    colour: str = "#222222"


def _overlap(box: np.ndarray, boxes: np.ndarray) -> float:
    """Total area of `box` (x0, y0, x1, y1) covered by each of `boxes`."""
    if boxes.size == 0:
        return 0.0
    w = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    h = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    return float((w * h).sum())


class _Nearby:
    """Obstacle boxes sorted by their left edge, so each label only weighs the ones that can
    touch it: a million markers cost a binary search per label, not a million overlaps."""

    def __init__(self, boxes: np.ndarray) -> None:
        self.order = np.argsort(boxes[:, 0], kind="stable")
        self.boxes = boxes
        self.left = boxes[self.order, 0]
        self.widest = float((boxes[:, 2] - boxes[:, 0]).max()) if len(boxes) else 0.0

    def within(self, x: float, y: float, dx: float, dy: float) -> np.ndarray:
        """The boxes meeting the rectangle (x ± dx, y ± dy), in their original order."""
        lo = np.searchsorted(self.left, x - dx - self.widest, side="left")
        hi = np.searchsorted(self.left, x + dx, side="right")
        rows = np.sort(self.order[lo:hi])
        boxes = self.boxes[rows]
        meets = ((boxes[:, 2] >= x - dx) & (boxes[:, 1] <= y + dy) & (boxes[:, 3] >= y - dy))
        return boxes[meets]


def place_labels(ax: Axes, labels: Sequence[Label], *, renderer: RendererBase,
                 obstacles: np.ndarray, keep: int = 10,
                 text: np.ndarray | None = None) -> list[Annotation]:
    """Add `labels` to `ax` (most important first); `obstacles` are display-space boxes
    (x0, y0, x1, y1) of markers that labels should not cover, `text` boxes of other text (the
    legend) that count as labels already placed. A label that can only go on top of an earlier
    label is left out, unless it is among the first `keep`."""
    area = ax.get_window_extent(renderer)
    frame = np.array([area.x0, area.y0, area.x1, area.y1])
    nearby = _Nearby(obstacles.reshape(-1, 4))
    reach = max(max(abs(dx), abs(dy)) for dx, dy, _, _ in CANDIDATES)
    texts: list[np.ndarray] = list(np.zeros((0, 4)) if text is None else text.reshape(-1, 4))
    placed: list[Annotation] = []
    for rank, label in enumerate(labels):
        annotation = ax.annotate(
            label.text, (label.x, label.y), xytext=CANDIDATES[0][:2], textcoords="offset points",
            fontsize=label.size, fontweight=label.weight, color=label.colour, zorder=6,
            annotation_clip=True, gid=f"label-{rank}",
            bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.7},
        )
        taken = np.array(texts).reshape(-1, 4)
        # Measure once; the candidate boxes are the same box moved and re-aligned.
        size = annotation.get_window_extent(renderer)
        width, height = size.width, size.height
        anchor_x, anchor_y = ax.transData.transform((label.x, label.y))
        scale = renderer.points_to_pixels(1.0)
        markers = nearby.within(anchor_x, anchor_y, width + reach * scale,
                                height + reach * scale)
        best: tuple[float, float, int, np.ndarray] | None = None
        for index, (dx, dy, ha, va) in enumerate(CANDIDATES):
            x = anchor_x + dx * scale - width * {"left": 0.0, "center": 0.5, "right": 1.0}[ha]
            y = anchor_y + dy * scale - height * {"bottom": 0.0, "center": 0.5, "top": 1.0}[va]
            box = np.array([x, y, x + width, y + height])
            on_labels = _overlap(box, taken)
            outside = width * height - _overlap(box, frame[None, :])
            cost = 2.0 * on_labels + _overlap(box, markers) + 4.0 * outside
            if best is None or cost < best[0]:
                best = (cost, on_labels, index, box)
            if cost == 0:
                break
        if best is None:  # pragma: no cover - CANDIDATES is not empty
            continue
        if rank >= keep and best[1] > 0.15 * width * height:
            annotation.remove()  # no room: an unreadable pile of names helps nobody
            continue
        dx, dy, ha, va = CANDIDATES[best[2]]
        annotation.xyann = (dx, dy)
        annotation.set_horizontalalignment(ha)
        annotation.set_verticalalignment(va)
        texts.append(best[3])
        placed.append(annotation)
    return placed
