"""`travelmap.export.export`: one call per format, atomic writes, clear errors, offline HTML."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import travelmap.export.static as static
from travelmap.errors import ExportError
from travelmap.export import FORMATS, export, format_for
from travelmap.loading import load_trips

FIXTURE = Path(__file__).parent / "data" / "export" / "trips.csv"


@pytest.fixture(scope="module")
def stops() -> pd.DataFrame:
    return load_trips(FIXTURE)


@pytest.mark.parametrize("name,fmt,expected", [
    ("a.HTML", None, "html"), ("a.htm", None, "html"), ("a.png", None, "png"),
    ("a.svg", None, "svg"), ("a.pdf", None, "pdf"), ("a.geojson", None, "geojson"),
    ("a.json", None, "geojson"), ("a.csv", None, "csv"), ("a.data", "CSV", "csv"),
    ("a.png", ".svg", "svg"),
])
def test_format_comes_from_the_option_or_the_suffix(name: str, fmt: str | None,
                                                    expected: str) -> None:
    assert format_for(name, fmt) == expected


@pytest.mark.parametrize("name,fmt", [("map.docx", None), ("map", None), ("m.png", "jpeg")])
def test_unknown_formats_are_refused_with_the_choices(name: str, fmt: str | None) -> None:
    with pytest.raises(ExportError, match="html, png, svg, pdf, geojson, csv"):
        format_for(name, fmt)


def test_every_format_is_written(stops: pd.DataFrame, tmp_path: Path) -> None:
    heads = {"png": b"\x89PNG", "pdf": b"%PDF", "svg": b"<?xml", "geojson": b"{",
             "csv": b"\xef\xbb\xbftrip_id,", "html": b"<!DOCTYPE html>", "md": b"# Trips\n",
             "webm": b"\x1a\x45\xdf\xa3", "gif": b"GIF89a"}
    for fmt in FORMATS:
        out = export(stops, tmp_path / f"map.{fmt}", width=5, height=4, dpi=60,
                     size="128x72", duration=0.25, fps=4, hold=0)  # the animations: tiny
        assert out == tmp_path / f"map.{fmt}"
        data = out.read_bytes()
        assert data[4:8] == b"ftyp" if fmt == "mp4" else data.startswith(heads[fmt]), fmt
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted([*(f"map.{f}" for f in FORMATS), "map.png.alt.txt"])  # PNG's alt


def test_a_renderer_failing_midway_keeps_the_old_file_and_leaves_no_temp_file(
        stops: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.png"
    export(stops, target, width=4, height=3, dpi=50)
    before = target.read_bytes()

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("renderer crashed while placing labels")

    monkeypatch.setattr(static, "place_labels", explode)
    with pytest.raises(RuntimeError, match="placing labels"):
        export(stops, target, title="new", width=8, height=6, dpi=100)
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["map.png", "map.png.alt.txt"]  # its alt text kept


def test_a_failing_write_becomes_an_export_error_and_keeps_the_old_file(
        stops: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "trips.csv"
    target.write_text("old contents\n", encoding="utf-8")

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(ExportError, match="No space left on device"):
        export(stops, target)
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert os.listdir(tmp_path) == ["trips.csv"]


def test_a_missing_folder_is_an_export_error(stops: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export(stops, tmp_path / "nope" / "map.csv")
    assert not (tmp_path / "nope").exists()


def _as_unprivileged_user(action: Callable[[], str]) -> str:
    """Run `action` in a forked child that has given up root (as `nobody`); return its result."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            result = action()
        except BaseException as error:  # noqa: BLE001 - reported to the parent as text
            result = f"child failed: {error!r}"
        os.write(write_end, result.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        result = pipe.read().decode()
    os.waitpid(pid, 0)
    return result


def test_an_unwritable_folder_is_an_export_error(stops: pd.DataFrame) -> None:
    """As root (CI), whom permissions do not stop, the export runs as an unprivileged user."""
    root = Path(tempfile.mkdtemp(prefix="travelmap-ro-"))
    root.chmod(0o755)
    folder = root / "ro"
    folder.mkdir()
    folder.chmod(0o555)

    def attempt() -> str:
        try:
            export(stops, folder / "map.geojson")
        except ExportError as error:
            return f"ExportError: {error}"
        return "written"

    try:
        outcome = _as_unprivileged_user(attempt) if os.geteuid() == 0 else attempt()
        assert outcome.startswith(f"ExportError: cannot write {str(folder / 'map.geojson')!r}")
        assert "Permission denied" in outcome
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)
        shutil.rmtree(root)


@pytest.mark.browser
def test_html_export_renders_in_chromium_with_the_network_blocked(
        stops: pd.DataFrame, tmp_path: Path, offline_page: object) -> None:
    out = export(stops, tmp_path / "map.html", title="Trips {{ 6*7 }}")
    assert export(stops, tmp_path / "again.html", title="Trips {{ 6*7 }}").read_bytes() == (
        out.read_bytes())  # deterministic
    page = offline_page.page  # type: ignore[attr-defined]
    page.goto(out.as_uri())
    page.wait_for_selector(".leaflet-container", timeout=20_000)
    page.wait_for_function("window.travelmap && window.travelmap.ready === true",
                           timeout=20_000)  # the page script has drawn every stop
    assert offline_page.blocked == []  # type: ignore[attr-defined]
    assert offline_page.console_errors == []  # type: ignore[attr-defined]
    body = page.inner_text("body")
    assert "Trips {{ 6*7 }}" in body and "Trips 42" not in body


def test_travelmap_export_is_callable_whatever_was_imported_first(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys, travelmap.export.table, travelmap\n"  # the package binds the name first
        "stops = travelmap.load_trips(sys.argv[1])\n"
        "print(travelmap.export(stops, sys.argv[2]).name)\n"
    )
    out = tmp_path / "api.csv"
    done = subprocess.run([sys.executable, "-c", script, str(FIXTURE), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "api.csv"
    assert out.read_text(encoding="utf-8-sig").startswith("trip_id,")
