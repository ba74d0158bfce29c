"""How `travelmap dashboard` starts Streamlit: the installed app file and every setting, explicit.

Streamlit reads `.streamlit/config.toml` from the working directory, which an installed travelmap
cannot count on (and a stranger's folder could weaken). So the settings that keep the dashboard a
local tool (listen on 127.0.0.1 only, headless, no usage statistics, uploads capped at the limit
the page states and enforces, in MiB (`settings.py`), XSRF protection on) and the page's look
are passed as command-line options, which take precedence over any config file. The
repository's `.streamlit/config.toml` says the same for `streamlit run streamlit_app.py`; a test
keeps the two equal.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from travelmap.dashboard.settings import DEFAULT_MAX_UPLOAD_MIB

DEFAULT_PORT = 8501
ADDRESS = "127.0.0.1"


def app_path() -> Path:
    """The Streamlit script installed with the package (`travelmap/dashboard/app.py`)."""
    path = resources.files("travelmap.dashboard") / "app.py"
    if not isinstance(path, Path):  # pragma: no cover - pip always installs unzipped
        raise RuntimeError(f"the dashboard's app file must be on disk, not {path}")
    return path


def options(port: int = DEFAULT_PORT, *, max_upload_mib: int = DEFAULT_MAX_UPLOAD_MIB
            ) -> dict[str, str]:
    """Every Streamlit option the dashboard runs with, as `section.name` -> value."""
    return {
        # Safety: a local tool, reachable from this machine only, that phones nobody.
        "server.address": ADDRESS,
        "server.port": str(port),
        "server.headless": "true",
        "browser.gatherUsageStats": "false",
        "server.maxUploadSize": str(max_upload_mib),  # MiB: the one upload limit
        "server.enableXsrfProtection": "true",
        "server.enableCORS": "true",
        # An installed app does not change under it: no file watching, no rerun on save.
        "server.runOnSave": "false",
        "server.fileWatcherType": "none",
        "runner.fastReruns": "true",
        "client.toolbarMode": "minimal",
        "client.showErrorDetails": "type",
        "theme.base": "light",
        "theme.primaryColor": "#2d5a8c",
        "theme.backgroundColor": "#fbfbf9",
        "theme.secondaryBackgroundColor": "#f1f3f5",
        "theme.textColor": "#111317",
        "theme.font": "sans-serif",
    }


def command(port: int = DEFAULT_PORT, *, max_upload_mib: int = DEFAULT_MAX_UPLOAD_MIB
            ) -> list[str]:
    """`python -m streamlit run <app.py> --section.name=value ...` for this interpreter."""
    flags = [f"--{name}={value}"
             for name, value in options(port, max_upload_mib=max_upload_mib).items()]
    return [sys.executable, "-m", "streamlit", "run", str(app_path()), *flags]
