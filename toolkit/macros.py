"""The functions behind the Control sheet's buttons; VBA calls them through ``RunPython``.

Each is read -> core -> write: read the calling workbook's input sheets and run settings
(``toolkit.shell.excel``), compute with the functional core (``toolkit.core.pipeline.run``),
write result sheets into the workbook (and documents beside it). ``button`` shows progress in
the status bar and turns every problem into a message box and a Problems sheet. No business
rule lives here: which sheets a button writes is data.
"""

from __future__ import annotations

from toolkit.core.outputs import (
    ACTIONS,
    COMMISSION_LINES,
    PAYOUTS,
    RECONCILIATION,
    RECONCILIATION_TOTALS,
    SCHEDULE,
    SCORES,
    Output,
)
from toolkit.core.pipeline import run
from toolkit.shell import excel
from toolkit.shell.excel_documents import write_documents
from toolkit.shell.excel_session import button

SCORE_SHEETS: tuple[Output, ...] = (SCORES, ACTIONS, SCHEDULE)
PAYOUT_SHEETS: tuple[Output, ...] = (PAYOUTS, COMMISSION_LINES, RECONCILIATION,
                                     RECONCILIATION_TOTALS)
ALL_SHEETS: tuple[Output, ...] = (*SCORE_SHEETS, *PAYOUT_SHEETS)


def validate() -> None:
    """Button 'Validate': every problem of the input sheets at once, on the Problems sheet
    and in a message; no result sheet is written."""
    with button("Validate") as book:
        inputs = excel.read_inputs(book)
        results = run(inputs.raw, inputs.as_of, inputs.language)
        excel.write_validation(book, results)


def compute_scores() -> None:
    """Button 'Compute scores and grades': the Scores, Actions and Schedule sheets."""
    with button("Compute scores and grades") as book:
        inputs = excel.read_inputs(book)
        results = run(inputs.raw, inputs.as_of, inputs.language)
        excel.write_results(book, results, SCORE_SHEETS)


def compute_payouts() -> None:
    """Button 'Compute payouts and reconciliation': the payout ledger (Payouts,
    CommissionLines) and the payroll reconciliation (Reconciliation, ReconciliationTotals)."""
    with button("Compute payouts and reconciliation") as book:
        inputs = excel.read_inputs(book)
        results = run(inputs.raw, inputs.as_of, inputs.language)
        excel.write_results(book, results, PAYOUT_SHEETS)


def generate_documents() -> None:
    """Button 'Generate reports and letters': evaluation reports, PIP letters and
    offboarding checklists in the ``documents`` folder beside the workbook."""
    with button("Generate reports and letters") as book:
        inputs = excel.read_inputs(book)
        results = run(inputs.raw, inputs.as_of, inputs.language)
        write_documents(book, results)


def run_everything() -> None:
    """Button 'Run everything': every result sheet, the Summary sheet, then the documents."""
    with button("Run everything") as book:
        inputs = excel.read_inputs(book)
        results = run(inputs.raw, inputs.as_of, inputs.language)
        excel.write_results(book, results, ALL_SHEETS, summary=True)
        write_documents(book, results)


def clear_results() -> None:
    """Button 'Clear results': delete the result sheets; the input sheets stay."""
    with button("Clear results") as book:
        deleted = excel.clear_results(book)
        excel.show_status(book, f"Done: {len(deleted)} result sheet(s) deleted.")
