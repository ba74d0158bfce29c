"""Korean and Chinese names in static exports draw real glyphs, even with a stale font cache.

matplotlib lists the system's fonts once, in `fontlist-*.json`, and never looks again; on a machine
where that file was written before fonts-noto-cjk was installed, 평양 and 北京 came out as boxes.
Here a fresh matplotlib config folder gets exactly such a file (the font list as it was before
the CJK font: every CJK entry removed), then a new process exports a PNG and an SVG with those
names and must not warn about a missing glyph.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import running_in_ci
from travelmap.export.fonts import CJK_FAMILIES, cjk_font_files, font_families

TRIPS = """\
trip_id,stop_order,traveller,traveller_country,host_country,place,lat,lon,start_date,end_date,\
visit_type,source_outlet,source_title,source_url
t,1,Vladimir Putin,RUS,PRK,평양,39.0392,125.7625,2024-06-18,2024-06-19,state,Kremlin,Visit,\
http://en.kremlin.ru/events/1
t,2,Vladimir Putin,RUS,CHN,北京,39.9042,116.4074,2024-06-20,2024-06-20,state,Kremlin,Visit,\
http://en.kremlin.ru/events/1
"""

STALE_CACHE = """
import json, sys
from matplotlib import font_manager
manager = font_manager.fontManager
manager.ttflist = [f for f in manager.ttflist if "CJK" not in f.name and "Han" not in f.name
                   and "WenQuanYi" not in f.name]
font_manager.json_dump(manager, sys.argv[1])
"""

EXPORT = """
import json, sys, warnings
from matplotlib import font_manager
stale = not any(family in {f.name for f in font_manager.fontManager.ttflist}
                for family in sys.argv[2].split(","))
from travelmap.export.fonts import font_families
from travelmap.export.static import render_static
from travelmap.loading import load_trips
stops = load_trips(sys.argv[1])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    png = render_static(stops, format="png", title="평양 · 北京", width=5, height=4, dpi=60)
    svg = render_static(stops, format="svg", title="평양 · 北京", width=5, height=4)
print(json.dumps({"stale": stale, "families": font_families(), "png": png[:4].hex(),
                  "svg_has_names": "평양" in svg.decode() and "北京" in svg.decode(),
                  "warnings": [str(w.message) for w in caught]}))
"""


def require_cjk_font() -> None:
    """Skip without a CJK font on a developer's machine; fail under CI=true (.ci/run has one)."""
    if cjk_font_files() or len(font_families()) > 1:
        return
    message = "no Noto CJK font installed (Debian: fonts-noto-cjk)"
    if running_in_ci():
        pytest.fail(f"CI=true but {message}: .ci/run must install it")
    pytest.skip(message)


def test_names_in_korean_and_chinese_draw_real_glyphs_when_the_font_cache_predates_the_font(
        tmp_path: Path) -> None:
    require_cjk_font()
    (tmp_path / "trips.csv").write_text(TRIPS, encoding="utf-8")
    config = tmp_path / "matplotlib"
    config.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MPL")}
    env |= {"MPLCONFIGDIR": str(config), "MPLBACKEND": "Agg"}
    from matplotlib import font_manager

    cache = config / f"fontlist-v{font_manager.FontManager.__version__}.json"
    subprocess.run([sys.executable, "-c", STALE_CACHE, str(cache)], env=env, check=True,
                   timeout=300)
    listed = {f["name"] for f in json.loads(cache.read_text(encoding="utf-8"))["ttflist"]}
    assert "DejaVu Sans" in listed and not listed & set(CJK_FAMILIES)

    done = subprocess.run([sys.executable, "-c", textwrap.dedent(EXPORT),
                           str(tmp_path / "trips.csv"), ",".join(CJK_FAMILIES)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["stale"], "matplotlib rebuilt its cache: the arrangement did not hold"
    assert result["png"] == "89504e47" and result["svg_has_names"]
    assert [w for w in result["warnings"] if "missing from font" in w] == []
    assert "missing from font" not in done.stderr
    assert len(result["families"]) == 2 and result["families"][1] in CJK_FAMILIES
