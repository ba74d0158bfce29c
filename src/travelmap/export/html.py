"""The standalone HTML export: the interactive map exactly as `travelmap.mapping` builds it.

No logic of its own on purpose: the map, its inlined assets and its escaping live in one place, so
the exported file and the dashboard can never drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from travelmap.annotations import Annotation
from travelmap.housefont import HouseFont
from travelmap.story import Step


def render_document(
    stops: pd.DataFrame,
    *,
    title: str | None = None,
    caption: str | None = None,
    tiles: str | None = None,
    show_date: str | date | pd.Timestamp | None = None,
    window_days: int | None = None,
    colours: Mapping[str, str] | None = None,
    icc_overlay: bool = True,
    story: list[Step] | None = None,
    annotations: list[Annotation] | None = None,
    font: HouseFont | None = None,
    **_: object,
) -> str:
    """The self-contained, deterministic HTML page of the map of `stops`."""
    from travelmap.mapping import build_map, render_html

    return render_html(build_map(stops, title=title, caption=caption, tiles=tiles,
                                 show_date=show_date, window_days=window_days,
                                 colours=colours, icc_overlay=icc_overlay, story=story,
                                 annotations=annotations, font=font))
