"""A small company for the document tests: a manager, a rep on a PIP and a leaver.

- M1 ``Mia & <Boss>`` manages both reps and is not graded (no targets).
- E1 ``Ann "Tex" O'Neil`` (English) sells little in 2026-Q1: graded D, so a PIP follows;
  her review comment holds ``& < > " '`` and a newline.
- E2 ``王小明`` (Chinese documents) leaves on 2026-03-20 (a Separations row, a laptop to
  return, an open receivable, an unconverted lead, and 30,000 collected after the last
  day: commission forfeited at 2 % = 600.00).
Graded as of 2026-04-20: the months 2026-01..03 and the quarter 2026-Q1.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.core.helpers import customers, leads, sales, targets
from toolkit.core.pipeline import Results, run

AS_OF = date(2026, 4, 20)
MANAGER = "Mia & <Boss>"
REP = 'Ann "Tex" O\'Neil'
LEAVER = "王小明"
COMMENT = 'Tom & Jerry <b>bold</b> "quoted" \'single\'\nsecond line'
REVIEW_HEADERS = ["employee_id", "period", "satisfaction", "compliance_deductions", "learning",
                  "one_on_one_date", "manager_comment", "strengths", "improvements"]


def sheets() -> dict[str, list[list[Any]]]:
    """The workbook as rows per sheet title (see the module docstring)."""
    return {
        "Employees": [
            ["employee_id", "name", "department", "manager_id", "hire_date",
             "termination_date", "base_salary", "commission_rate", "mentor_id", "language"],
            ["M1", MANAGER, "Sales & Marketing", None, date(2015, 1, 1), None, 30000, None,
             None, None],
            ["E1", REP, "East", "M1", date(2020, 1, 1), None, 10000, 0.01, None, "en"],
            ["E2", LEAVER, "华东", "M1", date(2021, 1, 1), date(2026, 3, 20), 9000, 0.02,
             "E1", "zh"]],
        "Targets": targets(*[(e, f"2026-0{m}", 100000, 1) for e in ("E1", "E2")
                             for m in (1, 2, 3)]),
        "Sales": sales(
            ("K1", date(2026, 1, 10), "E1", "C1", 30000, None, 30000, date(2026, 1, 30)),
            ("K2", date(2026, 2, 5), "E2", "C2", 50000, None, 50000, date(2026, 3, 1)),
            ("K3", date(2026, 3, 2), "E2", "C2", 30000, None, 30000, date(2026, 4, 5)),
            ("K4", date(2026, 3, 10), "E2", "C3", 8000)),
        "Customers": customers(("C1", "Acme & Sons <Ltd>", "E1", date(2025, 1, 1)),
                               ("C2", "华为", "E2", date(2025, 6, 1)),
                               ("C3", "Beta", None, date(2025, 6, 1))),
        "Leads": leads(("L1", "E2", date(2026, 2, 1), "web", None),
                       ("L2", "E1", date(2026, 1, 5), "fair", date(2026, 1, 20))),
        "Reviews": [REVIEW_HEADERS,
                    ["E1", "2026-Q1", 60, 0, 50, date(2026, 4, 14), COMMENT, "Persistent",
                     "Follow up faster"],
                    ["E2", "2026-Q1", 85, 0, 80, None, None, None, None]],
        "Separations": [["employee_id", "request_date", "last_day", "reason", "handover_to",
                         "approved_by"],
                        ["E2", date(2026, 2, 20), date(2026, 3, 20), "Moving & <away>", "E1",
                         "M1"]],
        "Assets": [["employee_id", "asset_id", "item", "issued_date"],
                   ["E2", "LT1", "Laptop", date(2021, 1, 5)]],
    }


def results() -> Results:
    from tests.builders import raw

    return run(raw(sheets()), AS_OF)
