"""Start a dashboard server for a test and wait until Streamlit's health check answers."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read() == b"ok")
    except OSError:
        return False


@contextlib.contextmanager
def running(argv: list[str], *, port: int, cwd: Path, log: Path,
            env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `argv` (a server on 127.0.0.1:`port`) in its own process group; yield its URL once
    /_stcore/health says ok, and stop the whole group afterwards. Raises AssertionError with the
    server's output when it exits or stays unhealthy for START_TIMEOUT_S."""
    with running_process(argv, port=port, cwd=cwd, log=log, env=env) as (url, _):
        yield url


@contextlib.contextmanager
def running_process(argv: list[str], *, port: int, cwd: Path, log: Path,
                    env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """`running`, yielding (URL, the server's pid = its process group) for tests that watch
    the server's processes."""
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env or dict(os.environ),
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start (exit {process.poll()}):\n"
                                     f"{log.read_text(errors='replace')}")
            time.sleep(0.2)  # polling interval of the health check, not a wait for an outcome
        yield url, process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
