"""The benchmark's summed memory: PSS over a process tree, shared pages counted once."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from toolkit.shell import bench_memory
from toolkit.shell.bench_memory import PssPeak, descendants, pss_kb

pytestmark = pytest.mark.skipif(not bench_memory.available(),
                                reason="this system reports no PSS (Linux /proc only)")

# A child that fills 200 MB, then forks a grandchild that shares those pages and waits
# until told to end (a line on its standard input).
SHARED_MB = 200
HOLDER = f"""
import os, sys
block = bytearray({SHARED_MB} * 2**20)
for page in range(0, len(block), 4096):
    block[page] = 1
pid = os.fork()
if pid == 0:
    sys.stdin.readline()
    os._exit(0)
print(pid, flush=True)
sys.stdin.readline()
os.waitpid(pid, 0)
"""


def _holder() -> tuple[subprocess.Popen[str], int]:
    child = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    grandchild = int(child.stdout.readline())
    return child, grandchild


def _end(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.write("\n\n")
    child.stdin.close()
    child.wait(timeout=30)


def test_the_tree_of_a_process_holds_the_processes_it_forked() -> None:
    """descendants(pid) is the process and the one it forked, nothing else."""
    child, grandchild = _holder()
    try:
        assert sorted(descendants(child.pid)) == sorted([child.pid, grandchild])
    finally:
        _end(child)


def test_pages_two_processes_share_count_once_in_the_summed_peak() -> None:
    """Child and grandchild each map the same 200 MB; each one's resident size counts all
    of it, their summed PSS counts it once (plus the interpreters' own memory)."""
    child, _ = _holder()
    with PssPeak(child.pid) as peak:
        time.sleep(0.3)
        _end(child)
    assert peak.mb is not None
    assert SHARED_MB * 0.95 < peak.mb < SHARED_MB * 1.5


def test_an_ended_process_has_no_pss() -> None:
    """pss_kb is 0 for a process that is gone, rather than an error mid-sample."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    assert pss_kb(int(done.stdout)) == 0


def test_a_peak_without_a_process_samples_nothing() -> None:
    """PssPeak(None) starts no sampling and reports no figure (a run not to be slowed)."""
    with PssPeak(None) as peak:
        time.sleep(0.05)
    assert peak.mb is None
