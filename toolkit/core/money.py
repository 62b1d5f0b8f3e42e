"""Exact money: every amount is a ``Decimal``; rounding happens in one function only.

``to_money`` turns a cell into a Decimal (a float through its shortest ``repr``, so a cell
holding 0.1 is 0.1, not 0.1000000000000000055...). ``round_money`` is the only place that
rounds money: half-up to the cent, as Excel's ROUND does, never Python's half-to-even.
(``half_up_formatting`` lets the exports print many amounts rounded that same way, each in
one step, and their ratios and plain numbers to 6 and 4 places rounded half-up too; a test
holds the cents equal to ``round_money``'s.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

import numpy as np
import pandas as pd

CENT = Decimal("0.01")
ZERO = Decimal("0")
_HUNDREDTH = Decimal("0.01")


def to_money(cell: object) -> Decimal:
    """Parse a cell (number or numeric text, optional thousands separators) to a Decimal.

    A zero has no sign: -0 reads as 0 (its digits kept), so a cell of -0 and one of 0 are
    the same amount. Raises ``ValueError`` for anything that is not a finite number.
    """
    if isinstance(cell, bool):
        raise ValueError(f"not a number: {cell!r}")
    if isinstance(cell, Decimal):
        result = cell
    elif isinstance(cell, int):
        result = Decimal(cell)
    elif isinstance(cell, float):
        result = Decimal(repr(cell))
    else:
        text = str(cell).strip().replace(",", "").replace("，", "").replace(" ", "")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"not a number: {cell!r}") from None
    if not result.is_finite():
        raise ValueError(f"not a finite number: {cell!r}")
    return result.copy_abs() if result.is_zero() else result


def round_money(amount: Decimal) -> Decimal:
    """Round half-up to 0.01: 2.675 -> 2.68, -2.675 -> -2.68 (away from zero, like Excel)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@contextmanager
def half_up_formatting() -> Iterator[None]:
    """Inside, ``format(value, ".2f")`` prints a Decimal as ``round_money`` rounds it
    (half-up), in one step rather than a quantize and a print: for the exports, which
    print a million amounts and scores. Any other number of places rounds half-up too
    (``.4f``: 0.00125 -> 0.0013, as Excel's ROUND)."""
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        yield


def round_score(value: float | Decimal) -> Decimal:
    """Round a score or total half-up to 2 decimals, from its shortest decimal form."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def total(amounts: Iterable[Decimal]) -> Decimal:
    """Sum of Decimals, exact (``sum`` would start from the int 0, which is also exact)."""
    result = ZERO
    for amount in amounts:
        result += amount
    return result


def to_cents(amounts: np.ndarray) -> np.ndarray | None:
    """Whole cents (int64) of each amount, or ``None`` when any has a fraction of a cent
    or a sum of them could overflow int64.

    Sums of whole cents are exact in integers, so totals can be computed in bulk and turned
    back into Decimals with ``from_cents`` without losing anything. Each distinct amount is
    converted once: a sheet repeats far fewer amounts than it has rows.
    """
    rows, distinct = pd.factorize(amounts)
    cents: list[int] = []
    for amount in distinct:
        scaled = amount.scaleb(2)
        whole = int(scaled)
        if whole != scaled:
            return None
        cents.append(whole)
    if cents and max(map(abs, cents)) * len(amounts) >= 2**62:
        return None  # a sum of them could overflow int64: Decimal arithmetic takes over
    per_row: np.ndarray = np.asarray(cents, dtype=np.int64)[rows]
    return per_row


def from_cents(cents: int) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)


def format_money(amount: Decimal) -> str:
    """``1234567.5`` -> ``1,234,567.50`` (rounded half-up first)."""
    return f"{round_money(amount):,.2f}"
