"""Entry points of the Python API that place stops before mapping them.

`travelmap.mapping.build_map` draws what it is given and never geocodes; a notebook user who
loads trips without coordinates expects `travelmap.build_map(stops)` to place them, so the
public name places them offline first (once: a frame from `locate_stops` is taken as it is).
Rows no offline source knows are left out and counted on the map.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

import folium
import pandas as pd

from travelmap.geocoding import placed
from travelmap.mapping import build_map as _build_map


@wraps(_build_map)
def build_map(stops: pd.DataFrame, **options: Any) -> folium.Map:
    return _build_map(placed(stops), **options)
