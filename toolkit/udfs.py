"""Worksheet functions for what-if analysis under the workbook's own Plan sheet.

xlwings user-defined functions (Windows Excel with xlwings; the macro workbook carries their
VBA wrappers in its ``xlwings_udfs`` module). Each reads the calling workbook's plan, asks
``toolkit.core.what_if`` and returns a value, or a short ``expected ..., found ...`` text in
the cell when an argument or the plan is wrong:

    =toolkit_grade(97.3)                          -> A
    =toolkit_coefficient("S")                     -> 1.2
    =toolkit_bonus(2000, "A")                     -> 2000.00   (base × coefficient)
    =toolkit_bonus(2000, "A", 0.5)                -> 1000.00   (× employed fraction)
    =toolkit_total(B2:I2, "quarter")              -> the weighted total of 8 indicator scores
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import xlwings as xw

from toolkit.core import what_if
from toolkit.core.cells import CellError, read_money, read_text
from toolkit.core.plan import Plan
from toolkit.core.problems import ToolkitError
from toolkit.core.raw import is_blank
from toolkit.shell.excel import read_plan

ERROR_PREFIX = "#toolkit: "


def _plan() -> Plan:
    """The calling workbook's plan (in a UDF, ``Book.caller()`` is the cell's workbook)."""
    return read_plan(xw.Book.caller())


def _failed(exc: Exception) -> str:
    return f"{ERROR_PREFIX}{exc}"


@xw.func
@xw.arg("total_score", doc="a total score, e.g. 97.3")
def toolkit_grade(total_score: Any) -> Any:
    """The grade (S, A, B, C, D) of a total score under this workbook's Plan sheet."""
    try:
        return what_if.grade_for_score(_plan(), read_money(total_score))
    except (CellError, ToolkitError) as exc:
        return _failed(exc)


@xw.func
@xw.arg("grade", doc="S, A, B, C or D")
def toolkit_coefficient(grade: Any) -> Any:
    """The bonus coefficient of a grade under this workbook's Plan sheet."""
    try:
        return float(what_if.coefficient_for(_plan(), read_text(grade)))
    except (CellError, ToolkitError) as exc:
        return _failed(exc)


@xw.func
@xw.arg("base", doc="the bonus base (money)")
@xw.arg("grade", doc="S, A, B, C or D")
@xw.arg("employed_fraction", doc="employed days / calendar days (default 1)")
def toolkit_bonus(base: Any, grade: Any, employed_fraction: Any = None) -> Any:
    """base × coefficient(grade) × employed fraction, rounded half-up to the cent."""
    try:
        fraction = Decimal(1) if is_blank(employed_fraction) else read_money(employed_fraction)
        return float(what_if.bonus_for(_plan(), read_money(base), read_text(grade), fraction))
    except (CellError, ToolkitError) as exc:
        return _failed(exc)


@xw.func
@xw.arg("scores", ndim=1, doc="8 indicator scores in Plan order; a blank cell is missing")
@xw.arg("cycle", doc="month, quarter or year")
def toolkit_total(scores: Any, cycle: Any) -> Any:
    """The weighted total score of eight indicator scores for a cycle, rounded like a run."""
    try:
        values = [None if is_blank(s) else read_money(s) for s in scores]
        return float(what_if.total_for(_plan(), values, read_text(cycle)))
    except (CellError, ToolkitError) as exc:
        return _failed(exc)


WORKSHEET_FUNCTIONS = (toolkit_grade, toolkit_coefficient, toolkit_bonus, toolkit_total)
