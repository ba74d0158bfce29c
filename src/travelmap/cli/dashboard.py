"""`travelmap dashboard`: the Streamlit dashboard on the bundled data, from an installed package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from travelmap.cli import main


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
              help="Port on 127.0.0.1 to serve the dashboard on.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Place stops with this place cache CSV alone (default: yours over the "
                   "bundled one).")
def dashboard(port: int, cache_path: Path | None) -> None:
    """Open the dashboard: serves it on http://127.0.0.1:PORT until Ctrl-C.

    Runs `streamlit run` on the app installed with travelmap, with its settings given explicitly
    (local address only, no usage statistics, 5 MB uploads, XSRF protection), whatever folder it
    is started from.
    """
    from travelmap.dashboard.server import command

    argv = command(port)
    if cache_path is not None:  # read by PlaceCache.load in the Streamlit process
        from travelmap.geocoding.cache import PLACE_CACHE_ENV

        os.environ[PLACE_CACHE_ENV] = str(cache_path.resolve())
    click.echo(f"travelmap dashboard: http://127.0.0.1:{port} (Ctrl-C to stop)", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(argv[0], argv)  # Streamlit takes this process over: signals go straight to it
    raise SystemExit(subprocess.call(argv))  # pragma: no cover - Windows
