"""`travelmap export` and `travelmap embed` driven as a user would, through click's runner."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from travelmap.cli import main

FIXTURE = Path(__file__).parent / "data" / "export" / "trips.csv"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", ["export", "embed"])
def test_help(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    for option in ("--from", "--to", "--traveller", "--country", "--visit-type", "--title",
                   "--width", "--height"):
        assert option in out


def test_export_filters_like_the_dashboard(tmp_path: Path) -> None:
    out = tmp_path / "putin.csv"
    code, _, err = run("export", str(FIXTURE), "--traveller", "Vladimir Putin",
                       "--from", "2024-06-01", "-o", str(out))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["place"], r["start_date"]) for r in rows] == [
        ("Пхеньян", "2024-06-18"), ("Hà Nội", "2024-06-19")]
    assert "2 stops" in err


def test_an_export_places_stops_once_and_says_which_it_leaves_off_the_map(
        tmp_path: Path) -> None:
    rows = FIXTURE.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    unknown = rows[1].split(",")
    unknown[header.index("place")] = "Nowhere-in-particular-xyz"
    unknown[header.index("lat")] = unknown[header.index("lon")] = ""
    trips = tmp_path / "trips.csv"
    trips.write_text("\n".join([rows[0], ",".join(unknown), *rows[2:]]) + "\n",
                     encoding="utf-8")
    shutil.copy(FIXTURE.parent / "sources.csv", tmp_path / "sources.csv")
    out = tmp_path / "map.geojson"
    code, _, err = run("export", str(trips), "-o", str(out))
    assert code == 0, err
    assert "1 stop(s) left off the map" in err
    assert "'Nowhere-in-particular-xyz'" in err and "row 2" in err
    total = len(rows) - 1
    assert f"({total - 1:,} of {total:,} stops drawn)" in err  # the last line agrees
    code, _, err = run("embed", str(trips), "-o", str(tmp_path / "embed.html"))
    assert code == 0 and f"({total - 1:,} of {total:,} stops drawn)" in err  # embed too
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    nowhere = [f for f in features if f["properties"].get("place") == "Nowhere-in-particular-xyz"]
    assert len(nowhere) == 1 and nowhere[0]["geometry"] is None


def test_export_format_option_overrides_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "stops.txt"
    code, _, err = run("export", str(FIXTURE), "--country", "rus", "--format", "geojson",
                       "-o", str(out))
    assert code == 0, err
    places = [f["properties"]["place"] for f in json.loads(out.read_text())["features"]
              if f["properties"]["kind"] == "stop"]
    assert places == ["Владивосток"]


def test_export_png_at_the_requested_size(tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "map.png"
    code, _, err = run("export", str(FIXTURE), "--visit-type", "state", "--title", "State visits",
                       "--width", "6", "--height", "4", "--dpi", "120", "-o", str(out))
    assert code == 0, err
    assert Image.open(out).size == (720, 480)


@pytest.mark.parametrize("args,message", [
    (["--traveller", "Vladimir Putin", "--traveller", "Nobody"], None),
    (["--from", "2030-01-01"], "no stops match --from/--to 2030-01-01"),
    (["--traveller", "Kim Jong Un", "--country", "PRK"],
     "no stops match --country 'PRK': none of the 1 stops"),
    (["--traveller", "Nobody"], "travellers there: Joe Biden, Kim Jong Un, Vladimir Putin"),
    (["--visit-type", "private"], "no stops match --visit-type 'private'"),
])
def test_an_empty_selection_says_which_filter_emptied_it(tmp_path: Path, args: list[str],
                                                         message: str | None) -> None:
    out = tmp_path / "out.csv"
    code, _, err = run("export", str(FIXTURE), *args, "-o", str(out))
    if message is None:  # one known traveller among the asked-for ones is enough
        assert code == 0, err
        return
    assert code == 1
    assert message in err
    assert not out.exists()


def test_export_errors_exit_1_with_a_message_and_keep_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "map.docx"
    out.write_text("keep me")
    code, _, err = run("export", str(FIXTURE), "-o", str(out))
    assert code == 1
    assert "Error: cannot tell the export format" in err
    assert out.read_text() == "keep me"


def test_export_reports_invalid_data_with_row_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "trips.csv"
    bad.write_text(FIXTURE.read_text(encoding="utf-8").replace("2019-04-24", "2019-13-24"),
                   encoding="utf-8")
    (tmp_path / "sources.csv").write_text(
        (FIXTURE.parent / "sources.csv").read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run("export", str(bad), "-o", str(tmp_path / "x.csv"))
    assert code == 1
    assert "row" in err and "start_date" in err


def test_export_and_embed_open_the_timeline_where_asked(tmp_path: Path) -> None:
    import html
    import re

    def options(page: str) -> dict:
        block = re.search(r'id="travelmap-data">(.*?)</script>', page, flags=re.DOTALL)
        assert block is not None
        return json.loads(block.group(1))["options"]

    out = tmp_path / "june.html"
    code, _, _ = run("export", str(FIXTURE), "--show-date", "2024-06-19", "--window", "30",
                     "-o", str(out))
    assert code == 0
    chosen = options(out.read_text(encoding="utf-8"))
    assert (chosen["showDate"], chosen["windowDays"]) == (19893, 30)  # days since 1970-01-01
    code, snippet, _ = run("embed", str(FIXTURE), "--show-date", "2024-06-19")
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', snippet).group(1))  # type: ignore[union-attr]
    assert options(srcdoc)["showDate"] == 19893 and options(srcdoc)["windowDays"] is None
    code, _, err = run("export", str(FIXTURE), "--window", "0", "-o", str(out))
    assert code == 2 and "--window" in err


def test_embed_prints_a_snippet(tmp_path: Path) -> None:
    code, out, err = run("embed", str(FIXTURE), "--traveller", "Kim Jong Un", "--height", "500",
                         "--title", "Kim in Russia")
    assert code == 0, err
    assert out.startswith('<figure class="travelmap-embed"')
    assert 'title="Kim in Russia"' in out and "height:500px" in out
    assert "1 stop on 1 trip by Kim Jong Un" in out


def test_embed_refuses_a_bad_height() -> None:
    code, _, err = run("embed", str(FIXTURE), "--height", "500;color:red")
    assert code == 1 and "not a CSS length" in err


def test_embed_writes_the_snippet_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "snippet.html"
    code, stdout, err = run("embed", str(FIXTURE), "--country", "VNM", "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    snippet = out.read_text(encoding="utf-8")
    assert snippet.startswith("<figure") and snippet.rstrip().endswith("</figure>")
    assert "2 stops on 2 trips by Joe Biden and Vladimir Putin" in snippet


def test_an_export_killed_at_any_moment_leaves_the_old_file_or_the_new_one(
        tmp_path: Path) -> None:
    """Issue #7: `travelmap export` SIGKILLed at random moments (while importing, rendering or
    writing): the output is always the previous file or the complete new one, byte for byte
    (exports are deterministic), never a torn file."""
    import random
    import subprocess
    import sys
    import time

    out = tmp_path / "map.html"
    command = [sys.executable, "-m", "travelmap", "export", str(FIXTURE), "-o", str(out)]
    subprocess.run([*command, "--title", "Old"], check=True, capture_output=True, timeout=120)
    old = out.read_bytes()
    subprocess.run([*command, "--title", "New"], check=True, capture_output=True, timeout=120)
    new = out.read_bytes()
    assert old != new and new.rstrip().endswith(b"</html>")
    rng = random.Random(11)
    for _ in range(6):
        out.write_bytes(old)
        proc = subprocess.Popen([*command, "--title", "New"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        proc.kill()
        proc.wait(timeout=30)
        content = out.read_bytes()
        assert content in (old, new), "a killed export left a partial file"
    names = [p.name for p in tmp_path.iterdir()]
    assert "map.html" in names and all(n == "map.html" or n.startswith(".map.html.")
                                       for n in names)  # at most hidden temp files remain


@pytest.mark.parametrize("which", ["trips", "sources"])
def test_an_export_never_overwrites_what_it_reads(tmp_path: Path, which: str) -> None:
    trips, sources = tmp_path / "trips.csv", tmp_path / "sources.csv"
    shutil.copy(FIXTURE, trips)
    shutil.copy(FIXTURE.parent / "sources.csv", sources)
    target = trips if which == "trips" else sources
    before = target.read_bytes()
    code, _, err = run("export", str(trips), "-o", str(target))
    assert code == 1
    assert "refusing to write" in err and f"the {which} CSV" in err
    assert target.read_bytes() == before
    code, _, err = run("embed", str(trips), "-o", str(tmp_path / "." / target.name))
    assert code == 1 and target.read_bytes() == before


def test_validate_says_a_header_only_file_has_no_stops(tmp_path: Path) -> None:
    trips = tmp_path / "trips.csv"
    trips.write_text(FIXTURE.read_text(encoding="utf-8").splitlines()[0] + "\n",
                     encoding="utf-8")
    code, _, err = run("validate", str(trips))
    assert code == 1 and "no stops" in err


def _page_data(html: str) -> dict:
    block = html.split('<script type="application/json" id="travelmap-data">', 1)[1]
    return json.loads(block.split("</script>", 1)[0])


def test_a_traveller_keeps_the_datasets_colour_in_a_one_traveller_export(tmp_path: Path) -> None:
    """Alone, Kim Jong Un would take the palette's first colour; an export of him from the
    bundled data keeps the colour the full map gives him, in HTML and in SVG."""
    full, alone = tmp_path / "all.html", tmp_path / "kim.html"
    assert run("export", "-o", str(full))[0] == 0
    assert run("export", "--traveller", "Kim Jong Un", "-o", str(alone))[0] == 0

    def colours(path: Path) -> dict[str, str]:
        legend = _page_data(path.read_text(encoding="utf-8"))["legend"]["travellers"]
        return {t["name"]: t["colour"] for t in legend}

    everyone, kim = colours(full), colours(alone)
    assert list(kim) == ["Kim Jong Un"]
    assert kim["Kim Jong Un"] == everyone["Kim Jong Un"] != "#0072B2"
    svg = tmp_path / "kim.svg"
    assert run("export", "--traveller", "Kim Jong Un", "-o", str(svg))[0] == 0
    text = svg.read_text(encoding="utf-8").lower()
    assert everyone["Kim Jong Un"].lower() in text and "#0072b2" not in text


def test_a_map_without_a_title_says_what_it_shows_and_the_span_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "p.svg"
    code, _, err = run("export", "--traveller", "Vladimir Putin", "--from", "2023-03-17",
                       "-o", str(out))
    assert code == 0, err
    texts = [t.strip() for t in re.findall(r">([^<>]+)</text>", out.read_text(encoding="utf-8"))]
    assert "Vladimir Putin's foreign visits since 17 March 2023" in texts
    assert any(t.startswith("17 March 2023 \u2013 ") and "stops on" in t for t in texts), texts
    html = tmp_path / "p.html"
    run("export", "--traveller", "Vladimir Putin", "--from", "2023-03-17", "--title", "Mine",
        "-o", str(html))
    assert _page_data(html.read_text(encoding="utf-8"))["title"] == "Mine"


def test_the_icc_layer_can_be_left_out(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    assert run("export", "--no-icc", "-o", str(out))[0] == 0
    data = _page_data(out.read_text(encoding="utf-8"))
    assert data["icc"] == [] and data["options"]["iccOverlay"] is False
    assert run("export", "-o", str(out))[0] == 0
    assert _page_data(out.read_text(encoding="utf-8"))["icc"] != []
