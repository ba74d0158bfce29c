"""An upload's check runs in a child process within a time and memory budget (issue #21).

Real child processes, real limits: a check that outruns its time, one that grows past its memory
and one whose reader left are each stopped, their process gone, with a message that names the
limit and how to raise it; a normal check returns its value and a `ValidationError` comes back as
itself.
"""

from __future__ import annotations

import os
import time

import pytest

from travelmap.dashboard import budget
from travelmap.dashboard.settings import CheckBudget
from travelmap.errors import Problem, ValidationError


def sleeper(seconds: float, pid_file: str) -> str:
    with open(pid_file, "w", encoding="ascii") as out:
        out.write(str(os.getpid()))
    time.sleep(seconds)
    return "woke"


def hog(mib: int) -> int:
    chunks = [bytearray(b"x" * (1024 * 1024)) for _ in range(mib)]  # touched: resident
    return len(chunks)


def refuse() -> None:
    raise ValidationError([Problem("mine.csv", 3, "start_date", "not a date")])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ")[1][0] != "Z"


def test_a_check_within_budget_returns_its_value_and_its_problems() -> None:
    assert budget.run(hog, (8,), name="ok.csv", budget=CheckBudget(seconds=60)) == 8
    with pytest.raises(ValidationError) as caught:
        budget.run(refuse, (), name="mine.csv", budget=CheckBudget(seconds=60))
    assert caught.value.problems[0] == Problem("mine.csv", 3, "start_date", "not a date")


def test_a_check_over_its_time_is_killed_and_says_how_to_allow_more(tmp_path) -> None:  # noqa: ANN001
    pid_file = tmp_path / "pid"
    began = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        budget.run(sleeper, (120, str(pid_file)), name="slow.csv",
                   budget=CheckBudget(seconds=3))
    assert time.monotonic() - began < 60
    (problem,) = caught.value.problems
    assert problem.file == "slow.csv"
    assert "longer than 3 s" in problem.message and "--check-seconds" in problem.message
    assert not alive(int(pid_file.read_text()))


def test_a_check_over_its_memory_is_stopped_and_says_how_to_allow_more() -> None:
    with pytest.raises(ValidationError) as caught:
        budget.run(hog, (1500,), name="huge.csv",
                   budget=CheckBudget(seconds=120, memory_mib=300))
    message = caught.value.problems[0].message
    assert "more than 300 MiB" in message and "--check-memory-mb" in message


class Abandoned(Exception):
    """Stands for Streamlit's StopException: the reader closed the tab or uploaded again."""


def test_an_abandoned_check_stops_its_process(tmp_path) -> None:  # noqa: ANN001
    pid_file = tmp_path / "pid"

    def progress(elapsed: float) -> None:
        if pid_file.exists() and pid_file.read_text():
            raise Abandoned

    with pytest.raises(Abandoned):
        budget.run(sleeper, (120, str(pid_file)), name="left.csv",
                   budget=CheckBudget(seconds=120), progress=progress)
    assert not alive(int(pid_file.read_text()))
