"""The static-map benchmark runs end to end and prints both timings and their ratio (figures are
not asserted: they belong in docs/BENCHMARKS.md)."""

from __future__ import annotations

import re

import pytest
from benchmarks import bench_static


@pytest.mark.timeout(300)
def test_static_benchmark_prints_travelmap_against_a_bare_scatter(
        capsys: pytest.CaptureFixture[str]) -> None:
    bench_static.main(["--sizes", "300"])
    out = capsys.readouterr().out
    assert "bare scatter" in out.splitlines()[1]
    number = r"[\d.]+ s / +[\d.]+ s"
    assert re.search(rf"^\s+300\s+{number}\s+{number}\s+[\d.]+× / +[\d.]+×", out,
                     re.MULTILINE), out
