"""Check an upload in a separate process, within a time and memory budget (issue #21).

Why a process: validation, placing and the map payload are CPU-bound Python; run in the Streamlit
session's thread, one hostile file (or just a big one) held the GIL for minutes and every other
session waited, and nothing could stop it when the reader left. A child process can be killed: at
the time budget, at the memory budget (its resident size, polled, and an address-space limit set
inside it), when the session's rerun is abandoned (a new upload or a closed tab make Streamlit
ask the script to stop; the wait loop updates a progress line, and that update is where Streamlit
raises its stop), and whenever the wait ends for any other reason. At most `MAX_PARALLEL` checks
run at once across all sessions, each at a lower CPU priority than the server.

Children come from a `forkserver` (a clean single-threaded process that imported the loader once)
rather than a fork of the multi-threaded server. multiprocessing re-imports the main module in
each child, and under Streamlit that is the page script (Streamlit runs it as `__main__`): the
script draws only `if __name__ == "__main__"`, so a child does not render the whole page in bare
mode first. Streamlit-free: `progress` is any callback.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from travelmap.dashboard.settings import MIB, CheckBudget
from travelmap.errors import Problem, ValidationError

MAX_PARALLEL = 2  # checks running at once, server-wide; more wait their turn (within budget)
POLL_S = 0.2
CHILD_NICENESS = 10
CHILD_NAME = "tm-upload-check"  # what `ps` and /proc/PID/comm show for a running check
PRELOAD = ["travelmap.dashboard.datasets", "travelmap.dashboard.mapview"]
SECONDS_HINT = ("start the dashboard with `travelmap dashboard --check-seconds N` to allow "
                "more, or open the file from disk with `travelmap dashboard FILE`")
MEMORY_HINT = ("start the dashboard with `travelmap dashboard --check-memory-mb N` to allow "
               "more, or open the file from disk with `travelmap dashboard FILE`")

_slots = threading.BoundedSemaphore(MAX_PARALLEL)
_context_lock = threading.Lock()
_context: Any = None


@dataclass(frozen=True)
class Outcome:
    """What the child sent back: a value, the problems of a `ValidationError` (which does not
    pickle as itself), or another error it raised."""

    value: Any = None
    problems: list[Problem] | None = None
    error: BaseException | None = None


def _mp_context() -> Any:
    global _context
    with _context_lock:
        if _context is None:
            methods = multiprocessing.get_all_start_methods()
            _context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                _context.set_forkserver_preload(PRELOAD)
        return _context


def _child(conn: Connection, memory_mib: int, target: Callable[..., Any],
           args: tuple[Any, ...]) -> None:
    """In the child: a name `ps` shows, lower priority, cap the address space, run, send the
    outcome back."""
    with contextlib.suppress(OSError):
        with open("/proc/self/comm", "w", encoding="ascii") as comm:
            comm.write(CHILD_NAME)
    with contextlib.suppress(OSError):
        os.nice(CHILD_NICENESS)
    with contextlib.suppress(ValueError, OSError):
        # What the process has mapped already (libraries, arenas) plus the budget.
        resource.setrlimit(resource.RLIMIT_AS,
                           (_vm_size_bytes(os.getpid()) + memory_mib * MIB,
                            resource.RLIM_INFINITY))
    try:
        outcome = Outcome(value=target(*args))
    except ValidationError as error:
        outcome = Outcome(problems=error.problems)
    except MemoryError:
        outcome = Outcome(error=MemoryError())
    except Exception as error:  # noqa: BLE001 - sent to the parent, which decides
        outcome = Outcome(error=error)
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(Outcome(error=MemoryError()))
    conn.close()


def _status_kib(pid: int, field: str) -> int:
    """A `/proc/PID/status` size field in KiB (0 where /proc is missing)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _vm_size_bytes(pid: int) -> int:
    return _status_kib(pid, "VmSize") * 1024


def rss_mib(pid: int) -> float:
    """Resident memory of a process, MiB (0 where /proc is missing)."""
    return _status_kib(pid, "VmRSS") / 1024


def refused(name: str, message: str) -> ValidationError:
    return ValidationError([Problem(name, None, None, message)])


def run(target: Callable[..., Any], args: tuple[Any, ...], *, name: str, budget: CheckBudget,
        progress: Callable[[float], None] | None = None) -> Any:
    """`target(*args)` in a child process, its return value here; a `ValidationError` it raised
    is raised here. Over budget, the child is killed and a `ValidationError` naming `name`, the
    limit and how to raise it is raised. `progress(elapsed_s)` is called while waiting; whatever it
    raises (Streamlit's stop of an abandoned rerun) kills the child too."""
    started = time.monotonic()
    deadline = started + budget.seconds
    while not _slots.acquire(timeout=POLL_S):  # wait for a free slot, within the same budget
        if time.monotonic() > deadline:
            raise refused(name, f"the server was busy checking other uploads for "
                                f"{budget.seconds:.0f} s, this dashboard's time budget per "
                                f"upload: try again later, or {SECONDS_HINT}")
        if progress is not None:
            progress(time.monotonic() - started)
    try:
        return _run_in_child(target, args, name=name, budget=budget, progress=progress,
                             started=started, deadline=deadline)
    finally:
        _slots.release()


def _run_in_child(target: Callable[..., Any], args: tuple[Any, ...], *, name: str,
                  budget: CheckBudget, progress: Callable[[float], None] | None,
                  started: float, deadline: float) -> Any:
    context = _mp_context()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, budget.memory_mib, target, args),
                              daemon=True, name="travelmap-upload-check")
    process.start()
    send.close()
    try:
        while True:
            if receive.poll(POLL_S):
                try:
                    outcome: Outcome = receive.recv()
                except EOFError:  # died while sending: the address-space limit, most likely
                    raise refused(name, _memory_message(budget)) from None
                break
            if not process.is_alive():
                raise refused(name, _memory_message(budget)
                              if process.exitcode is not None and process.exitcode < 0
                              else f"checking it failed (exit {process.exitcode})")
            if time.monotonic() > deadline:
                raise refused(name, f"checking it took longer than {budget.seconds:.0f} s, "
                                    f"this dashboard's time budget per upload: {SECONDS_HINT}")
            if rss_mib(process.pid or 0) > budget.memory_mib:
                raise refused(name, _memory_message(budget))
            if progress is not None:
                progress(time.monotonic() - started)
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        receive.close()
    if isinstance(outcome.error, MemoryError):
        raise refused(name, _memory_message(budget))
    if outcome.problems is not None:
        raise ValidationError(outcome.problems)
    if outcome.error is not None:
        raise outcome.error
    return outcome.value


def _memory_message(budget: CheckBudget) -> str:
    return (f"checking it needed more than {budget.memory_mib:,} MiB of memory, this "
            f"dashboard's memory budget per upload: {MEMORY_HINT}")
