"""How a big job is split between this process and a second one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from toolkit.shell.processes import two_halves


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
