"""travelmap as a user installs it: an sdist, a wheel built from it, a fresh venv, no checkout.

The wheel is built from the sdist (so both must carry everything), installed into a new virtual
environment in a temporary folder with the runtime lock's pins, and then used from a folder far
from the checkout, with a fresh HOME: the CLI (validate, export to HTML and PNG, geocode), the
Python API and a headless dashboard all work on the bundled data, and nothing is written inside
site-packages. Also: pyproject lists every package, and `deptry` (run by `make test`) passes on
the real pyproject and fails on one that leaves a direct import undeclared.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.streamlit_server import free_port, running

pytestmark = pytest.mark.timeout(900)  # the first test also builds and installs (about a minute)

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", ".test-cache", "build", "dist", "*.egg-info",
                                     "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
                                     "node_modules", "out")
BUNDLED_FILES = {"trips.csv", "sources.csv", "places.csv", "countries.geojson",
                 "icc_states_parties.csv", "datapackage.json", "README.md"}


def bundled_counts() -> tuple[int, int]:
    """Stops and trips in the checkout's data/trips.csv, which the wheel carries: counted, not
    pinned, so adding sourced trips (issue #19) does not mean editing this file."""
    with (REPO_ROOT / "data" / "trips.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return len(rows), len({row["trip_id"] for row in rows})


def run(argv: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, (f"{' '.join(map(str, argv))} exited {done.returncode}:\n"
                                  f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def build_env() -> dict[str, str]:
    """This environment without anything that points Python at the checkout."""
    return {k: v for k, v in os.environ.items()
            if k not in {"PYTHONPATH", "PYTHONHOME", "TRAVELMAP_CACHE_DIR", "VIRTUAL_ENV"}}


@dataclass(frozen=True)
class Installed:
    venv: Path
    site_packages: Path
    work: Path  # the working folder of every command: far from the checkout
    home: Path
    env: dict[str, str]
    sdist: Path
    wheel: Path
    seconds: dict[str, float]

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("installed")
    seconds: dict[str, float] = {}
    start = time.monotonic()
    source = root / "source"
    shutil.copytree(REPO_ROOT, source, ignore=NOT_SOURCES)
    dist = root / "dist"
    hook = "import sys, setuptools.build_meta as b; print(getattr(b, sys.argv[1])(sys.argv[2]))"
    name = run([sys.executable, "-c", hook, "build_sdist", dist], cwd=source,
               env=build_env()).stdout.split()[-1]
    sdist = dist / name
    with tarfile.open(sdist) as archive:
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # Python 3.11.4+
        archive.extractall(root / "unpacked", **safe)  # type: ignore[arg-type]
    unpacked = next((root / "unpacked").iterdir())
    name = run([sys.executable, "-c", hook, "build_wheel", dist], cwd=unpacked,
               env=build_env()).stdout.split()[-1]
    wheel = dist / name
    seconds["build sdist and wheel"] = time.monotonic() - start

    start = time.monotonic()
    venv = root / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=root, env=build_env())
    pip = [venv / "bin" / "python", "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "install", "--quiet", "--require-hashes", "--no-deps", "-r",
         REPO_ROOT / "requirements.lock"], cwd=root, env=build_env(), timeout=900)
    run([*pip, "install", "--quiet", "--no-deps", wheel], cwd=root, env=build_env())
    run([*pip, "check"], cwd=root, env=build_env())  # the lock satisfies what the wheel declares
    seconds["venv and install"] = time.monotonic() - start

    site_packages = Path(run([venv / "bin" / "python", "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             cwd=root, env=build_env()).stdout.strip())
    work, home = root / "somewhere" / "else", root / "home"
    work.mkdir(parents=True)
    home.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home),
           "LANG": "C.UTF-8", "TMPDIR": str(root)}
    yield Installed(venv, site_packages, work, home, env, sdist, wheel, seconds)
    print(f"\ninstalled-package test: {seconds}")


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if "__pycache__" not in p.parts}


def test_the_sdist_and_the_wheel_carry_the_bundled_data_and_no_tests(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as archive:
        in_sdist = {Path(n).relative_to(Path(n).parts[0]).as_posix()
                    for n in archive.getnames() if len(Path(n).parts) > 1}
    assert {f"data/{f}" for f in BUNDLED_FILES} <= in_sdist
    assert {"src/travelmap/dashboard/app.py", "pyproject.toml", "README.md"} <= in_sdist
    with zipfile.ZipFile(installed.wheel) as archive:
        in_wheel = set(archive.namelist())
    assert {f"travelmap/bundled/{f}" for f in BUNDLED_FILES} <= in_wheel
    package = REPO_ROOT / "src" / "travelmap"
    sources = {f"travelmap/{p.relative_to(package).as_posix()}" for p in package.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert "travelmap/dashboard/app.py" in sources
    assert sorted(sources - in_wheel) == []  # every module, script and stylesheet of src/
    assert not [n for n in in_wheel if n.startswith(("tests/", "data/", "benchmarks/"))]


def test_the_installed_tool_works_from_any_folder_and_writes_nothing_into_site_packages(
        installed: Installed) -> None:
    package = installed.site_packages / "travelmap"
    before = snapshot(package)
    env, work = installed.env, installed.work
    travelmap = installed.bin("travelmap")

    stops, trips = bundled_counts()
    validated = run([travelmap, "validate"], cwd=work, env=env)
    assert validated.stdout.startswith(f"OK: {stops} stops on {trips} trips")

    run([travelmap, "export", "-o", "map.html"], cwd=work, env=env)
    page = (work / "map.html").read_text(encoding="utf-8")
    assert "Pyongyang" in page and "L.map" in page and '<script src="http' not in page

    png = run([travelmap, "export", "-o", "map.png", "--width", "8", "--height", "5"],
              cwd=work, env=env)
    assert (work / "map.png").read_bytes().startswith(b"\x89PNG")
    assert "Traceback" not in png.stderr and "missing from font" not in png.stderr

    api = run([installed.bin("python"), "-c", "import json, travelmap\n"
               "from travelmap.model import bundled_data_dir\n"
               "stops = travelmap.load_trips()\n"
               "m = travelmap.build_map(stops, title='t')\n"
               "print(json.dumps({'module': travelmap.__file__, 'data': str(bundled_data_dir()),"
               " 'stops': len(stops), 'map': type(m).__name__}))"], cwd=work, env=env)
    found = json.loads(api.stdout.splitlines()[-1])
    assert Path(found["module"]).is_relative_to(installed.site_packages)
    assert Path(found["data"]) == installed.site_packages / "travelmap" / "bundled"
    assert (found["stops"], found["map"]) == (stops, "Map")

    # A new place: looked up offline, remembered in the user's cache folder, not in the package.
    (work / "mine.csv").write_text(
        "trip_id,stop_order,traveller,traveller_country,host_country,place,start_date,end_date,"
        "visit_type,source_outlet,source_title,source_url\n"
        "t,1,Vladimir Putin,RUS,CHN,Shenyang,2024-05-17,2024-05-17,state,Kremlin,Visit,"
        "http://en.kremlin.ru/events/1\n", encoding="utf-8")
    geocoded = run([travelmap, "geocode", "mine.csv"], cwd=work, env=env)
    user_cache = installed.home / ".cache" / "travelmap" / "places.csv"
    assert f"Place cache: {user_cache}" in geocoded.stdout
    assert "Shenyang,CHN," in user_cache.read_text(encoding="utf-8")

    assert snapshot(package) == before


@pytest.mark.server
def test_the_installed_dashboard_starts_headless_and_renders_the_bundled_data(
        installed: Installed) -> None:
    port = free_port()
    log = installed.work / "dashboard.log"
    with running([str(installed.bin("travelmap")), "dashboard", "--port", str(port)], port=port,
                 cwd=installed.work, log=log, env=installed.env) as url:
        assert url == f"http://127.0.0.1:{port}"
    page = run([installed.bin("python"), "-c",
                "from streamlit.testing.v1 import AppTest\n"
                "from travelmap.dashboard.server import app_path\n"
                "at = AppTest.from_file(str(app_path()), default_timeout=180)\n"
                "at.run()\n"
                "assert not at.exception, at.exception\n"
                "summary = next(m.value for m in at.markdown if m.value.startswith('Showing'))\n"
                "print(at.title[0].value, '|', summary)"],
               cwd=installed.work, env=installed.env)
    stops, trips = bundled_counts()
    assert "Leader visits |" in page.stdout and f"{stops} stops on {trips} trips" in page.stdout


def test_pyproject_lists_every_folder_of_the_package() -> None:
    """The package list is explicit (package-dir maps data/ in): a new folder must join it."""
    src = REPO_ROOT / "src"
    folders = {".".join(p.relative_to(src).parts) for p in src.joinpath("travelmap").rglob("*")
               if p.is_dir() and p.name != "__pycache__"} | {"travelmap"}
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed - {"travelmap.bundled"} == folders
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["travelmap.bundled"] == "data"


def deptry(config: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("deptry")
    return subprocess.run([str(executable), "src", "--config", str(config), "--no-ansi"],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)


def test_deptry_passes_and_fails_when_a_direct_import_is_undeclared(tmp_path: Path) -> None:
    assert deptry(REPO_ROOT / "pyproject.toml").returncode == 0
    text = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '    "numpy>=1.26",\n' in text
    (tmp_path / "pyproject.toml").write_text(text.replace('    "numpy>=1.26",\n', ""), "utf-8")
    undeclared = deptry(tmp_path / "pyproject.toml")
    assert undeclared.returncode == 1
    assert "DEP003 'numpy' imported but it is a transitive dependency" in undeclared.stderr
