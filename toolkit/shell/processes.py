"""A second process for the big runs, where the platform forks.

Linux forks: the child starts at once and sees the parent's data (frames, the workbook's
path) without pickling it, so a large job can be split in two. Elsewhere (Windows, macOS
spawn) a run does the work itself, or uses the platform's default start method.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, Generic, TypeVar

T = TypeVar("T")

FORKS = sys.platform.startswith("linux")


def two_halves(weights: Sequence[int]) -> tuple[list[int], list[int]]:
    """The indices of ``weights`` in two halves of about equal weight: biggest first, each
    to the half that weighs less so far (the first half gets the biggest)."""
    halves: tuple[list[int], list[int]] = ([], [])
    sums = [0, 0]
    for index in sorted(range(len(weights)), key=lambda i: -weights[i]):
        lighter = 0 if sums[0] <= sums[1] else 1
        halves[lighter].append(index)
        sums[lighter] += weights[index]
    return halves


def pool_context() -> BaseContext:
    """Fork where the platform forks (workers start at once with the modules loaded;
    create the pool before any thread runs); the platform's default elsewhere."""
    return multiprocessing.get_context("fork") if FORKS else multiprocessing.get_context()


class SecondProcess(Generic[T]):
    """``function(*args)`` running in a forked process while this one goes on; leave the
    ``with`` block only after ``result()`` (leaving waits for the process in any case).
    Call it only where ``FORKS``, before any thread of this process starts."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        self._future: Future[T] = self._pool.submit(function, *args)

    def result(self) -> T:
        return self._future.result()

    def __enter__(self) -> SecondProcess[T]:
        return self

    def close(self) -> None:
        """Wait for the process to end (a job not started yet is cancelled)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __exit__(self, *exc: object) -> None:
        self.close()
