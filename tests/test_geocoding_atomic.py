"""`travelmap.atomic.write_atomic`: the old file or the new one, never a torn one."""

from __future__ import annotations

import os
import random
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from travelmap.atomic import write_atomic


def test_writes_text_and_bytes_exactly(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, "name,lat\r\nPhenjan,39.0\n")
    assert target.read_bytes() == b"name,lat\r\nPhenjan,39.0\n"
    write_atomic(target, "평양".encode())
    assert target.read_text(encoding="utf-8") == "평양"


def test_replaces_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "places.csv"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.csv"]


def test_keeps_permission_bits_of_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "shared.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_is_readable_like_a_normal_file(tmp_path: Path) -> None:
    # mkstemp creates 0600 files; a cache others read must not silently become private.
    umask = os.umask(0o022)
    try:
        target = tmp_path / "fresh.csv"
        write_atomic(target, "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_rejects_data_that_is_not_text_or_bytes(tmp_path: Path) -> None:
    # bytes(12345) would silently write 12345 NUL bytes.
    with pytest.raises(TypeError, match="int"):
        write_atomic(tmp_path / "x.csv", 12345)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_failure_mid_write_leaves_the_old_file_and_no_litter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "places.csv"
    target.write_text("old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["places.csv"]


def test_missing_directory_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nope" / "x.csv", "x")
    assert list(tmp_path.iterdir()) == []


def test_killed_writer_never_leaves_a_torn_file(tmp_path: Path) -> None:
    """A child rewrites a 9 MB file in a loop and is SIGKILLed: the file is always one version."""
    target = tmp_path / "big.txt"
    child = textwrap.dedent(
        f"""
        import sys
        from travelmap.atomic import write_atomic
        i = 0
        while True:
            i += 1
            line = f"{{i:08d}}\\n"
            write_atomic({str(target)!r}, line * 1_000_000)
            if i == 3:
                print("ready", flush=True)
        """
    )
    rng = random.Random(3)
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.kill()
        proc.wait(timeout=10)
        lines = target.read_text().splitlines()
        assert len(lines) == 1_000_000
        assert len(set(lines)) == 1, "the file mixes two versions"
