"""Dates as day numbers (days since 1970-01-01, negative before): how tours and pages count time.

Integers travel compactly in JSON and compare fast in the page script, and 1959 works like 2024.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Days since 1970-01-01 (negative before)."""
    return (day - EPOCH).days


def from_day_number(days: int) -> date:
    return EPOCH + timedelta(days=days)


def day_numbers(series: pd.Series) -> np.ndarray:
    """A date column as an int64 array of day numbers, column-wise (no per-row Python)."""
    values = pd.to_datetime(series).to_numpy().astype("datetime64[D]")
    return values.astype("int64")
