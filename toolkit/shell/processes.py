"""A second process for the big runs, where the platform forks.

Linux forks: the child starts at once and sees the parent's data (frames, the workbook's
path) without pickling it, so a large job can be split in two. Elsewhere (Windows, macOS
spawn) a run does the work itself, or uses the platform's default start method.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any, Generic, TypeVar, cast

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
    """``function(*args)`` running in a forked process while this one goes on. Call it
    only where ``FORKS``, when no other thread of this process runs.

    It starts no thread here (a plain process and a pipe, not a pool with its manager
    thread), so this process may fork again while it runs: a second ``SecondProcess``, a
    pool. ``result()`` gives what ``function`` returned or raises what it raised; ``done()``
    says whether that is there without waiting; leaving the ``with`` block (``close``)
    waits for the process.
    """

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(sender, function, args),
                                        daemon=True)
        self._process.start()
        sender.close()
        self._outcome: tuple[bool, Any] | None = None

    def done(self) -> bool:
        """Whether ``result()`` would return (or raise) at once."""
        return self._outcome is not None or self._receiver.poll()

    def result(self) -> T:
        if self._outcome is None:
            try:
                self._outcome = self._receiver.recv()
            except EOFError:  # it died without a word: killed, or out of memory
                self._process.join()
                self._outcome = (False, ChildProcessError(
                    f"the second process ended without a result "
                    f"(exit code {self._process.exitcode})"))
            finally:
                self._receiver.close()
        succeeded, value = self._outcome
        if not succeeded:
            raise value
        return cast(T, value)

    def __enter__(self) -> SecondProcess[T]:
        return self

    def close(self) -> None:
        """Wait for the process to end (its result, if not taken, is read and dropped, so
        it is never left blocked on a full pipe)."""
        with contextlib.suppress(BaseException):
            self.result()
        self._process.join()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _run(sender: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the second process: send back (True, what ``function`` returned) or (False, what
    it raised)."""
    try:
        outcome: tuple[bool, Any] = (True, function(*args))
    except BaseException as exc:  # every failure goes back to the caller
        outcome = (False, exc)
    try:
        sender.send(outcome)
    except Exception as exc:  # a result or failure that does not pickle
        sender.send((False, ChildProcessError(f"{type(exc).__name__}: {exc}")))
    finally:
        sender.close()
