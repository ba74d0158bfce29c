"""`travelmap dashboard`: the Streamlit dashboard on the bundled data, from an installed package."""

from __future__ import annotations

import os
import subprocess
import sys

import click

from travelmap.cli import main


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
              help="Port on 127.0.0.1 to serve the dashboard on.")
def dashboard(port: int) -> None:
    """Open the dashboard: serves it on http://127.0.0.1:PORT until Ctrl-C.

    Runs `streamlit run` on the app installed with travelmap, with its settings given explicitly
    (local address only, no usage statistics, 5 MB uploads, XSRF protection), whatever folder it
    is started from.
    """
    from travelmap.dashboard.server import command

    argv = command(port)
    click.echo(f"travelmap dashboard: http://127.0.0.1:{port} (Ctrl-C to stop)", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(argv[0], argv)  # Streamlit takes this process over: signals go straight to it
    raise SystemExit(subprocess.call(argv))  # pragma: no cover - Windows
