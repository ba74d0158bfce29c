"""Atomic file writes: a reader, or a crash, sees the old file or the new one, never half of one.

The data goes to a temporary file in the same directory (so the final rename stays on one file
system), is flushed and fsynced, then `os.replace`d over the target; the directory is fsynced too so
the rename itself survives a power cut. Killing the process at any moment leaves at most a stray
`.<name>.*.tmp` file next to an intact target.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *,
                 encoding: str = "utf-8") -> Path:
    """Write `data` to `path` atomically and return the path.

    `str` data is encoded with `encoding` (no newline translation: what you pass is what lands).
    The target keeps its permission bits when it already exists; the parent directory must exist.
    Any error leaves the previous file untouched and removes the temporary file.
    """
    target = Path(path)
    if isinstance(data, str):
        payload = data.encode(encoding)
    elif isinstance(data, bytes | bytearray | memoryview):
        payload = bytes(data)
    else:
        raise TypeError(f"write_atomic needs str or bytes, not {type(data).__name__}")
    directory = target.parent if str(target.parent) else Path(".")
    mode = _existing_mode(target)
    fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(directory)
    return target


def _existing_mode(target: Path) -> int:
    """The target's permission bits, or what a plain `open(..., 'w')` would give under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_current_umask()


def _current_umask() -> int:
    # os.umask() can only be read by setting it, which races with other threads; Linux shows it.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _fsync_directory(directory: Path) -> None:
    # Makes the rename durable; not every platform can open a directory (Windows): best effort.
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
