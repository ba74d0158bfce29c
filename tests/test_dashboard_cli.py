"""`travelmap dashboard`: the installed app under `streamlit run`, its settings explicit.

Started from a folder whose `.streamlit/config.toml` asks for the opposite of every safety
setting, the dashboard still listens on 127.0.0.1 only and refuses an upload without its XSRF
token: the command line wins, whatever folder a user starts it from.
"""

from __future__ import annotations

import ast
import sys
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO_ROOT
from tests.streamlit_server import free_port, running
from travelmap.cli import main
from travelmap.dashboard import server, settings
from travelmap.dashboard.datasets import MAX_UPLOAD_MB

HOSTILE_CONFIG = """\
[server]
address = "0.0.0.0"
headless = false
maxUploadSize = 500
enableXsrfProtection = false

[browser]
gatherUsageStats = true
"""


def test_the_command_runs_the_installed_app_with_every_setting_on_its_command_line() -> None:
    argv = server.command(8600)
    assert argv[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert Path(argv[4]) == Path(server.__file__).with_name("app.py")
    flags = dict(flag[2:].split("=", 1) for flag in argv[5:])
    assert flags["server.address"] == "127.0.0.1" and flags["server.port"] == "8600"
    assert flags["server.headless"] == "true"
    assert flags["browser.gatherUsageStats"] == "false"
    assert flags["server.maxUploadSize"] == str(MAX_UPLOAD_MB) == "5"
    assert flags["server.enableXsrfProtection"] == "true"


def test_the_repositorys_config_file_says_what_the_command_says() -> None:
    """`streamlit run streamlit_app.py` in a checkout and `travelmap dashboard` behave alike."""
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    from_file = {f"{section}.{name}": str(value).lower() if isinstance(value, bool) else str(value)
                 for section, values in config.items() for name, value in values.items()}
    from_command = server.options()
    del from_command["server.port"]
    assert from_file == from_command


def test_the_repositorys_streamlit_app_is_the_packaged_app() -> None:
    def code(path: Path) -> str:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tree.body = [node for node in tree.body if not (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]  # docstring
        return ast.dump(tree)

    assert code(REPO_ROOT / "streamlit_app.py") == code(server.app_path())


def test_help_names_the_port_option() -> None:
    result = CliRunner().invoke(main, ["dashboard", "--help"])
    assert result.exit_code == 0 and "--port" in result.output
    refused = CliRunner().invoke(main, ["dashboard", "--port", "0"])
    assert refused.exit_code == 2 and "--port" in refused.output


@pytest.mark.server
def test_started_from_a_folder_with_a_hostile_config_it_stays_local_and_safe(
        tmp_path: Path) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "config.toml").write_text(HOSTILE_CONFIG, encoding="utf-8")
    port = free_port()
    travelmap = Path(sys.executable).with_name("travelmap")
    log = tmp_path / "server.log"
    with running([str(travelmap), "dashboard", "--port", str(port)], port=port, cwd=tmp_path,
                 log=log) as url:
        upload = urllib.request.Request(f"{url}/_stcore/upload_file/session/file", method="PUT",
                                        data=b"x", headers={"Content-Type": "text/plain"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(upload, timeout=10)
        assert refused.value.code == 403  # XSRF protection on (400 when it is off)
        with urllib.request.urlopen(url, timeout=10) as page:
            assert b"<html" in page.read().lower()
    output = log.read_text(errors="replace")
    assert f"URL: http://127.0.0.1:{port}" in output
    assert "Network URL" not in output and "0.0.0.0" not in output
    assert "Email:" not in output  # headless: no first-run prompt


def test_a_trips_file_and_the_upload_limit_reach_the_streamlit_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`travelmap dashboard FILE --sources S --max-upload-mb 12`: Streamlit is started with the
    limit (MiB) and the page finds the files and the budget in its environment."""
    trips, sources = tmp_path / "mine.csv", tmp_path / "refs.csv"
    trips.write_text("x", encoding="utf-8")
    sources.write_text("x", encoding="utf-8")
    started: list[list[str]] = []

    def execv(path: str, argv: list[str]) -> None:  # stands for Streamlit taking over
        started.append(argv)
        raise SystemExit(0)

    monkeypatch.setattr("os.execv", execv)
    for name in (settings.TRIPS_ENV, settings.SOURCES_ENV, settings.CHECK_SECONDS_ENV,
                 settings.CHECK_MEMORY_ENV):  # the command sets them: unset them again after
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    result = CliRunner().invoke(main, ["dashboard", str(trips), "--sources", str(sources),
                                       "--max-upload-mb", "12", "--check-seconds", "30"])
    assert result.exit_code == 0, result.output
    flags = dict(flag[2:].split("=", 1) for flag in started[0][5:])
    assert flags["server.maxUploadSize"] == "12"
    assert "uploads up to 12 MiB" in result.output
    start = settings.start_data()
    assert start == settings.StartData(trips.resolve(), sources.resolve())
    assert settings.check_budget().seconds == 30
    refused = CliRunner().invoke(main, ["dashboard", "--sources", str(sources)])
    assert refused.exit_code == 2 and "TRIPS" in refused.output
