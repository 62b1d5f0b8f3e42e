"""How a big job is split between this process and a second one, and how the second one
answers."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.shell.processes import FORKS, SecondProcess, two_halves


def test_the_close_tables_split_into_two_near_equal_halves() -> None:
    """The 2,000-person close's result tables by cells: Scores (the biggest) with Schedule
    and Actions on one side, Commission lines, Reconciliation and Payouts on the other."""
    cells = [2_548_240, 655_165, 1_553_742, 738_864, 52_404, 339_606]
    assert two_halves(cells) == ([0, 5, 4], [2, 3, 1])


@given(st.lists(st.integers(min_value=0, max_value=10**9), max_size=30))
def test_every_item_goes_to_one_half_and_the_halves_differ_by_at_most_one_item(
        weights: list[int]) -> None:
    """Each index once; the biggest in the first half; the halves' weights differ by no
    more than the biggest weight."""
    first, second = two_halves(weights)
    assert sorted(first + second) == list(range(len(weights)))
    if weights:
        assert weights.index(max(weights)) in first or weights[first[0]] == max(weights)
        assert abs(sum(weights[i] for i in first) - sum(weights[i] for i in second)) \
            <= max(weights)


def _slow_square(x: int, pause: float) -> int:
    time.sleep(pause)
    return x * x


def _fail() -> None:
    raise ValueError("Sales!F14 amount: expected a number, found 'n/a'")


def _die() -> None:
    os._exit(3)


def _unpicklable() -> object:
    return lambda: None


needs_fork = pytest.mark.skipif(not FORKS, reason="the second process needs fork")


@needs_fork
def test_a_second_process_returns_its_result_and_starts_no_thread_here() -> None:
    """No thread runs beside this one while it works, so another fork is safe; done()
    turns true once the result is there."""
    with SecondProcess(_slow_square, 7, 0.3) as first:
        assert threading.active_count() == 1
        assert not first.done()
        with SecondProcess(_slow_square, 8, 0.0) as second:  # a fork while one runs
            assert second.result() == 64
        assert first.result() == 49
        assert first.done()


@needs_fork
def test_what_the_second_process_raises_is_raised_by_result() -> None:
    """A failure in the second process reaches the caller as itself, message and all."""
    with SecondProcess(_fail) as process, pytest.raises(ValueError, match="F14 amount"):
        process.result()


@needs_fork
@pytest.mark.parametrize("function", [_die, _unpicklable])
def test_a_second_process_that_cannot_answer_raises_a_child_process_error(
        function: Callable[[], object]) -> None:
    """Killed or out of memory (it exits without a word), or a result that does not pickle:
    the caller learns it, rather than waiting for ever."""
    with SecondProcess(function) as process:
        with pytest.raises(ChildProcessError):
            process.result()
        assert process.done()
