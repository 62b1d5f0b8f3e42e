"""The memory a measured run holds, summed over its processes (Linux).

A run forks writers that share most of its pages, so no single process's peak says what
the whole run takes, and adding their resident sizes counts every shared page again in
each of them. The proportional set size (PSS) splits a shared page between the processes
that map it: summed over a process tree it is the memory the tree holds.
``PssPeak`` samples that sum ten times a second while the run goes on (less often where a
sample costs more) and keeps its highest value. Where ``/proc`` has no ``smaps_rollup``
(not Linux, or an old kernel), it measures nothing and says so with ``None``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from types import TracebackType

PROC = Path("/proc")
SAMPLE_SECONDS = 0.1    # the shortest pause between two samples
SAMPLE_SHARE = 20       # and at least this many times what the last sample took


def available() -> bool:
    """Whether this system reports a process's PSS (``/proc/<pid>/smaps_rollup``)."""
    own = PROC / "self"
    return (own / "smaps_rollup").exists() and \
        (own / "task" / str(threading.get_native_id()) / "children").exists()


def descendants(pid: int) -> list[int]:
    """``pid`` and every living process below it: the children each of its threads
    started (``/proc/<pid>/task/<tid>/children``), and theirs."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        with contextlib.suppress(OSError):
            for task in (PROC / str(current) / "task").iterdir():
                with contextlib.suppress(OSError, ValueError):
                    todo.extend(int(child) for child in
                                (task / "children").read_text().split())
    return tree


def pss_kb(pid: int) -> int:
    """The PSS of process ``pid`` in kB; 0 for a process that has ended."""
    with contextlib.suppress(OSError):
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


class PssPeak:
    """``with PssPeak(pid) as peak: ...`` samples the summed PSS of ``pid``'s process tree
    until the block ends; ``peak.mb`` is its highest sum (``None`` where not available,
    and for a ``pid`` of ``None``, which samples nothing).
    Take the last sample before waiting for the process: an ended process has no PSS."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.mb: float | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> PssPeak:
        if self.pid is not None and available():
            self.mb = 0.0
            self._thread = threading.Thread(target=self._sample, args=(self.pid,),
                                            daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _sample(self, root: int) -> None:
        while True:
            start = time.perf_counter()
            total = sum(pss_kb(pid) for pid in descendants(root)) / 1024
            self.mb = max(self.mb or 0.0, total)
            # A sample walks the processes' page tables (about 4 ms per GB): at most a
            # twentieth of one core goes to sampling, away from the run it measures.
            cost = time.perf_counter() - start
            if self._stop.wait(max(SAMPLE_SECONDS, SAMPLE_SHARE * cost)):
                return
