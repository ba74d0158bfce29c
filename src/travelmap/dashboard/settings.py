"""The dashboard's limits and start-up data, each one setting in one unit, read in one place.

Streamlit-free so the CLI, the page and tests agree on them.

The upload limit is Streamlit's own `server.maxUploadSize`, which its server enforces in MiB
(bytes / 1024 / 1024): `.streamlit/config.toml` sets it for `streamlit run`, and
`travelmap dashboard --max-upload-mb N` on the command line. The page reads it back and says it
in MiB. Streamlit's browser code, though, checks the same number in decimal megabytes
(10^6 bytes) outside Windows, which refused a 4.9 MiB file under a "5 MB" limit; so the page
gives the upload widget `browser_cap_mb(limit)`, the smallest whole number of decimal megabytes
that holds the limit, and the server and the app refuse anything above the limit itself.

The rest travels from `travelmap dashboard` to the Streamlit process in environment variables
(also usable with `streamlit run`): the trips file named on the command line, and the per-upload
time and memory budget of the check that runs in a separate process (`budget.py`).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
DEFAULT_MAX_UPLOAD_MIB = 5
DEFAULT_CHECK_SECONDS = 60.0
DEFAULT_CHECK_MEMORY_MIB = 2048
TRIPS_ENV = "TRAVELMAP_DASHBOARD_TRIPS"
SOURCES_ENV = "TRAVELMAP_DASHBOARD_SOURCES"
CHECK_SECONDS_ENV = "TRAVELMAP_DASHBOARD_CHECK_SECONDS"
CHECK_MEMORY_ENV = "TRAVELMAP_DASHBOARD_CHECK_MEMORY_MB"


def browser_cap_mb(limit_mib: int) -> int:
    """Decimal megabytes for Streamlit's browser-side check so it never refuses a file of
    `limit_mib` MiB or less (5 MiB = 5,242,880 bytes needs 6)."""
    return math.ceil(limit_mib * MIB / 1_000_000)


def describe_mib(size_bytes: int) -> str:
    """A size the way the limit is stated: "4.9 MiB"."""
    return f"{size_bytes / MIB:.1f} MiB"


@dataclass(frozen=True)
class CheckBudget:
    """What one upload's check may spend: wall time and resident memory of its process."""

    seconds: float = DEFAULT_CHECK_SECONDS
    memory_mib: int = DEFAULT_CHECK_MEMORY_MIB


def _positive(name: str, text: str | None, default: float) -> float:
    if text is None or not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {text!r}") from None
    if not value > 0:
        raise ValueError(f"{name} must be above 0, not {text!r}")
    return value


def check_budget(environ: dict[str, str] | None = None) -> CheckBudget:
    """The per-upload budget from the environment (`travelmap dashboard --check-seconds` and
    `--check-memory-mb` set it), or the defaults."""
    env = os.environ if environ is None else environ
    return CheckBudget(
        seconds=_positive(CHECK_SECONDS_ENV, env.get(CHECK_SECONDS_ENV), DEFAULT_CHECK_SECONDS),
        memory_mib=int(_positive(CHECK_MEMORY_ENV, env.get(CHECK_MEMORY_ENV),
                                 DEFAULT_CHECK_MEMORY_MIB)),
    )


@dataclass(frozen=True)
class StartData:
    """The trips (and sources) file named on the command line: shown instead of the bundled
    data, read from disk whatever its size (the upload limit is for uploads)."""

    trips: Path
    sources: Path | None


def start_data(environ: dict[str, str] | None = None) -> StartData | None:
    """The file `travelmap dashboard FILE [--sources FILE]` named, or None for the bundled data."""
    env = os.environ if environ is None else environ
    trips = env.get(TRIPS_ENV)
    if not trips:
        return None
    sources = env.get(SOURCES_ENV)
    return StartData(Path(trips), Path(sources) if sources else None)
