"""`travelmap dashboard [FILE]`: the Streamlit dashboard on the bundled data or a trips file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from travelmap.cli import main
from travelmap.dashboard.settings import (
    CHECK_MEMORY_ENV,
    CHECK_SECONDS_ENV,
    DEFAULT_CHECK_MEMORY_MIB,
    DEFAULT_CHECK_SECONDS,
    DEFAULT_MAX_UPLOAD_MIB,
    SOURCES_ENV,
    TRIPS_ENV,
)

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@main.command()
@click.argument("trips", required=False, type=_FILE)
@click.option("--sources", "sources", type=_FILE,
              help="The sources CSV of TRIPS (default: sources.csv beside it, if there).")
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
              help="Port on 127.0.0.1 to serve the dashboard on.")
@click.option("--max-upload-mb", type=click.IntRange(1, 4096), default=DEFAULT_MAX_UPLOAD_MIB,
              show_default=True,
              help="Largest file a reader may upload, in MiB (1 MiB = 1,048,576 bytes). "
                   "A TRIPS file named here is not an upload: any size opens.")
@click.option("--check-seconds", type=click.FloatRange(min=1), default=DEFAULT_CHECK_SECONDS,
              show_default=True,
              help="Time an upload's check (validation and placing) may take before it stops.")
@click.option("--check-memory-mb", type=click.IntRange(min=256), default=DEFAULT_CHECK_MEMORY_MIB,
              show_default=True, help="Memory (MiB) an upload's check may use before it stops.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Place stops with this place cache CSV alone (default: yours over the "
                   "bundled one).")
def dashboard(trips: Path | None, sources: Path | None, port: int, max_upload_mb: int,
              check_seconds: float, check_memory_mb: int, cache_path: Path | None) -> None:
    """Open the dashboard on TRIPS (default: the bundled data) at http://127.0.0.1:PORT until
    Ctrl-C.

    Runs `streamlit run` on the app installed with travelmap, with its settings given explicitly
    (local address only, no usage statistics, XSRF protection, the upload limit in MiB), whatever
    folder it is started from. Each upload is checked in a separate process within
    --check-seconds and --check-memory-mb, so one hostile file cannot tie up the server.
    """
    from travelmap.dashboard.server import command

    if sources is not None and trips is None:
        raise click.UsageError("--sources needs a TRIPS file to go with it")
    argv = command(port, max_upload_mib=max_upload_mb)
    env = {CHECK_SECONDS_ENV: str(check_seconds), CHECK_MEMORY_ENV: str(check_memory_mb)}
    if trips is not None:  # read by the page in the Streamlit process (settings.start_data)
        env[TRIPS_ENV] = str(trips.resolve())
        if sources is not None:
            env[SOURCES_ENV] = str(sources.resolve())
    os.environ.update(env)
    if trips is None or sources is None:
        for name in (TRIPS_ENV, SOURCES_ENV)[0 if trips is None else 1:]:
            os.environ.pop(name, None)
    if cache_path is not None:  # read by PlaceCache.load in the Streamlit process
        from travelmap.geocoding.cache import PLACE_CACHE_ENV

        os.environ[PLACE_CACHE_ENV] = str(cache_path.resolve())
    shown = f" on {trips}" if trips is not None else ""
    click.echo(f"travelmap dashboard{shown}: http://127.0.0.1:{port} (Ctrl-C to stop; uploads up "
               f"to {max_upload_mb} MiB)", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(argv[0], argv)  # Streamlit takes this process over: signals go straight to it
    raise SystemExit(subprocess.call(argv))  # pragma: no cover - Windows
