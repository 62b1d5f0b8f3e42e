"""Small builders for the core rule tests: one sheet per helper, rows padded to the header.

Every helper returns plain rows (header first) for ``tests.builders.raw``; ``company``
assembles a workbook with sensible empty defaults, so each test writes only the rows its
rule is about. ``score_row`` runs the whole core pipeline and returns the one result row of
an employee and period.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from tests.builders import Sheets, employees, raw
from toolkit.core.money import round_money
from toolkit.core.pipeline import Results, run
from toolkit.core.problems import Problem, WorkbookInvalid

Rows = list[list[Any]]

TARGET_HEADERS = ["employee_id", "period", "sales_target", "new_customer_target",
                  "lead_conversion_target", "collection_target"]
SALES_HEADERS = ["contract_id", "date", "employee_id", "customer_id", "amount", "due_date",
                 "collected_amount", "collected_date"]
PAYMENT_HEADERS = ["contract_id", "date", "amount"]
CUSTOMER_HEADERS = ["customer_id", "customer_name", "owner_id", "since"]
LEAD_HEADERS = ["lead_id", "employee_id", "created_date", "source", "converted_date"]
REVIEW_HEADERS = ["employee_id", "period", "satisfaction", "compliance_deductions", "learning"]
PEER_HEADERS = ["period", "rater_id", "ratee_id", "score"]
APPEAL_HEADERS = ["employee_id", "period", "submitted_date", "reason", "decision",
                  "revised_grade", "decided_date"]

LONG_AGO = date(2020, 1, 1)
OLD_SALE = ("K0", date(2019, 6, 1), "E1", "C0", 1000)


def _sheet(headers: list[str], rows: Sequence[Sequence[Any]]) -> Rows:
    out: Rows = [list(headers)]
    for row in rows:
        assert len(row) <= len(headers), (headers, row)
        out.append([*row, *([None] * (len(headers) - len(row)))])
    return out


def targets(*rows: Sequence[Any]) -> Rows:
    """(employee_id, period, sales_target[, new_customer_target[, lead_conv[, collection]]])."""
    return _sheet(TARGET_HEADERS, rows)


def sales(*rows: Sequence[Any]) -> Rows:
    """(contract_id, date, employee_id, customer_id, amount[, due_date[, collected_amount[,
    collected_date]]])."""
    return _sheet(SALES_HEADERS, rows)


def payments(*rows: Sequence[Any]) -> Rows:
    """(contract_id, date, amount)."""
    return _sheet(PAYMENT_HEADERS, rows)


def customers(*rows: Sequence[Any]) -> Rows:
    """(customer_id, customer_name, owner_id, since)."""
    return _sheet(CUSTOMER_HEADERS, rows)


def leads(*rows: Sequence[Any]) -> Rows:
    """(lead_id, employee_id, created_date, source, converted_date)."""
    return _sheet(LEAD_HEADERS, rows)


def reviews(*rows: Sequence[Any]) -> Rows:
    """(employee_id, period, satisfaction, compliance_deductions, learning)."""
    return _sheet(REVIEW_HEADERS, rows)


def peer_reviews(*rows: Sequence[Any]) -> Rows:
    """(period, rater_id, ratee_id, score)."""
    return _sheet(PEER_HEADERS, rows)


def appeals(*rows: Sequence[Any]) -> Rows:
    """(employee_id, period, submitted_date, reason, decision, revised_grade, decided_date)."""
    return _sheet(APPEAL_HEADERS, rows)


def plan(**settings: Any) -> Rows:
    """A Plan sheet holding only the given settings (every other one keeps its default)."""
    return [["key", "value"], *([k, v] for k, v in settings.items())]


def staff(*rows: Sequence[Any]) -> Rows:
    """Employees rows: (id, name, hire_date[, termination_date[, manager_id]])."""
    return employees(*rows)


def company(**sheets: Rows) -> dict[str, Rows]:
    """A workbook: E1 (Ann, hired 2020) with no targets or reviews unless given.

    Keyword names are sheet titles (``Employees``, ``Targets``, ``Sales``, ``Reviews``,
    ``Payments``, ``Plan``...); required sheets default to a header row only, except Sales,
    which defaults to one old sale (``OLD_SALE``, 2019) that falls in no period under test.
    """
    book: dict[str, Rows] = {
        "Employees": staff(("E1", "Ann", LONG_AGO)),
        "Targets": targets(),
        "Sales": sales(OLD_SALE),
        "Reviews": reviews(),
    }
    book.update(sheets)
    return book


def results(sheets: Sheets, as_of: date) -> Results:
    return run(raw(sheets), as_of)


def scores(sheets: Sheets, as_of: date) -> pd.DataFrame:
    return results(sheets, as_of).scores


def score_row(sheets: Sheets, as_of: date, employee: str, period: str
              ) -> dict[str, Any]:
    """The single result row of ``employee`` in ``period`` (fails if there is none)."""
    frame = scores(sheets, as_of)
    found = frame[(frame["employee_id"] == employee) & (frame["period"] == period)]
    assert len(found) == 1, f"expected one row for {employee} {period}, found {len(found)}"
    row: dict[str, Any] = found.iloc[0].to_dict()
    return row


def graded(sheets: Sheets, as_of: date) -> set[tuple[str, str]]:
    """(employee, period) pairs that got a result row."""
    frame = scores(sheets, as_of)
    return set(zip(frame["employee_id"], frame["period"], strict=True))


def problems_of(sheets: Sheets, as_of: date) -> list[Problem]:
    """Every problem of a workbook that must fail validation."""
    with pytest.raises(WorkbookInvalid) as caught:
        run(raw(sheets), as_of)
    return list(caught.value.problems)


def error_texts(sheets: Sheets, as_of: date) -> list[str]:
    return [str(p) for p in problems_of(sheets, as_of) if p.severity == "error"]


def blank(value: object) -> bool:
    """A blank cell: ``None`` or a pandas missing value."""
    return value is None or bool(pd.isna(value))


def cents(value: object) -> Decimal:
    """A value rounded half-up to 2 decimals, to compare exact rules that divide (21/31)."""
    assert not blank(value), "expected a value, found a blank"
    return round_money(Decimal(str(value)) if not isinstance(value, Decimal) else value)


def near(value: object, expected: str, places: int = 6) -> bool:
    """``value`` equals the decimal text ``expected`` to ``places`` decimals."""
    assert not blank(value), "expected a value, found a blank"
    step = Decimal(1).scaleb(-places)
    got = value if isinstance(value, Decimal) else Decimal(str(value))
    return got.quantize(step) == Decimal(expected).quantize(step)
