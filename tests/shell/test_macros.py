"""The buttons' functions, driven through xlwings' own objects (its remote engine).

Each test opens the committed sample macro workbook's content as ``xw.Book(json=...)``,
makes it the mock caller, calls a function of ``toolkit.macros`` as the VBA button would,
and replays the actions xlwings recorded: the result sheets must hold exactly what
``toolkit run`` exports for the same workbook, and every problem must reach the person who
clicked as a message and a Problems sheet.
"""

from __future__ import annotations

import copy
import csv
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

import toolkit.macros
from tests.builders import Rows, minimal_sheets, raw
from tests.shell.remote_book import Replayed, book_json, open_caller, remote_engine, replay
from toolkit.core.outputs import (
    ACTIONS,
    COMMISSION_LINES,
    PAYOUTS,
    PROBLEMS,
    RECONCILIATION,
    RECONCILIATION_TOTALS,
    SCHEDULE,
    SCORES,
    Output,
    export_cell,
)
from toolkit.core.pipeline import run
from toolkit.shell import excel
from toolkit.shell.cli import app
from toolkit.shell.documents import BUNDLED_TEMPLATES
from toolkit.shell.macro_layout import AS_OF, SAMPLE_NAME, WORKBOOKS
from toolkit.shell.macro_workbook import SHEETS

SAMPLE = WORKBOOKS / SAMPLE_NAME
INPUT_AND_SETUP_SHEETS = len(SHEETS)   # Control, the input sheets, Plan, xlwings.conf


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the workbook claims to be saved: documents go beside it."""
    return tmp_path_factory.mktemp("workbook")


@pytest.fixture(scope="module")
def sample(folder: Path) -> dict[str, Any]:
    remote_engine()
    return book_json(SAMPLE, folder / SAMPLE_NAME)


def control_as_of(data: dict[str, Any]) -> str:
    """The as-of date on the Control sheet (the cell named AsOfDate), as YYYY-MM-DD."""
    name = next(n for n in data["names"] if n["name"] == AS_OF.name)
    cell = openpyxl.utils.cell.coordinate_from_string(name["address"])
    row, column = cell[1], openpyxl.utils.column_index_from_string(cell[0])
    return str(data["sheets"][name["sheet_index"]]["values"][row - 1][column - 1])[:10]


@pytest.fixture(scope="module")
def exports(sample: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, list[list[str]]]:
    """What `toolkit run` exports for the sample macro workbook, as of the date its
    Control sheet says."""
    out = tmp_path_factory.mktemp("run")
    result = CliRunner().invoke(app, ["run", str(SAMPLE), "--out", str(out), "--as-of",
                                      control_as_of(sample)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    found = {}
    for path in (out / "exports").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            found[path.stem] = list(csv.reader(handle))
    return found


def click(data: dict[str, Any], button: Callable[[], None]) -> Replayed:
    """Call a button's function with ``data`` as the calling workbook; the outcome."""
    book = open_caller(data)
    button()
    return replay(data, book.json()["actions"])


def assert_sheet_holds_the_export(sheet: list[list[Any]], export: list[list[str]],
                                  output: Output) -> None:
    """Same header, same rows, and each cell is the exported text once formatted the way
    the export formats it (a blank is blank)."""
    header, *rows = sheet
    assert header == export[0] == [c.name for c in output.columns]
    assert len(rows) == len(export) - 1, output.name
    kinds = [c.kind for c in output.columns]
    for number, (row, expected) in enumerate(zip(rows, export[1:], strict=True), start=2):
        shown = ["" if v in ("", None) else export_cell(v, k)
                 for v, k in zip(row, kinds, strict=True)]
        assert shown == expected, f"{output.sheet} row {number}"


def with_sheets(data: dict[str, Any], **sheets: list[list[Any]]) -> dict[str, Any]:
    """A copy of ``data`` with extra sheets (name -> values) at the end."""
    changed = copy.deepcopy(data)
    for name, values in sheets.items():
        changed["sheets"].append({"name": name, "values": values, "pictures": [],
                                  "tables": [], "shapes": [], "charts": [], "notes": []})
    return changed


def with_cell(data: dict[str, Any], sheet: str, row: int, column: str, value: Any
              ) -> dict[str, Any]:
    """A copy of ``data`` with the cell in Excel ``row`` of the column headed ``column``."""
    changed = copy.deepcopy(data)
    values = next(s for s in changed["sheets"] if s["name"] == sheet)["values"]
    values[row - 1][values[0].index(column)] = value
    return changed


@dataclass
class Rendered:
    jobs: list[Any]
    root: Path
    out: Path


def record_rendering(monkeypatch: pytest.MonkeyPatch) -> list[Rendered]:
    """The documents renderer (tested with the documents) records what it was asked to
    render instead of writing 400 .docx files."""
    calls: list[Rendered] = []

    def render_documents(jobs: Any, root: Path, out: Path, progress: Any = None,
                         workers: Any = None) -> list[Path]:
        calls.append(Rendered(list(jobs), root, out))
        progress(len(jobs))
        return [out / "documents" / job.path for job in jobs]

    monkeypatch.setattr("toolkit.shell.documents.render_documents", render_documents)
    return calls


def test_compute_scores_writes_what_toolkit_run_exports(
        sample: dict[str, Any], exports: dict[str, list[list[str]]]) -> None:
    """'Compute scores and grades' replaces the Scores sheet (an old one in either language
    goes) and writes Actions, Schedule and Problems holding exactly the exported values."""
    stale = with_sheets(sample, Scores=[["old"]], 绩效得分=[["旧"]])
    outcome = click(stale, toolkit.macros.compute_scores)
    written = list(outcome.sheets)[INPUT_AND_SETUP_SHEETS:]
    assert written == ["Scores", "Actions", "Schedule", "Problems"]
    for output in (SCORES, ACTIONS, SCHEDULE, PROBLEMS):
        assert_sheet_holds_the_export(outcome.sheets[output.sheet], exports[output.name],
                                      output)
        assert outcome.tables[output.sheet] == [output.sheet]
    assert outcome.active == "Scores"
    assert outcome.alerts == []


def test_compute_payouts_writes_the_ledger_and_reconciliation_toolkit_run_exports(
        sample: dict[str, Any], exports: dict[str, list[list[str]]]) -> None:
    """'Compute payouts and reconciliation': Payouts, CommissionLines, Reconciliation and
    its totals, equal to the exports; periods and ids are written as text."""
    outcome = click(sample, toolkit.macros.compute_payouts)
    outputs = (PAYOUTS, COMMISSION_LINES, RECONCILIATION, RECONCILIATION_TOTALS, PROBLEMS)
    assert list(outcome.sheets)[INPUT_AND_SETUP_SHEETS:] == [o.sheet for o in outputs]
    for output in outputs:
        assert_sheet_holds_the_export(outcome.sheets[output.sheet], exports[output.name],
                                      output)
    formats = {(f[1], f[4]) for f in outcome.formats["Payouts"]}
    assert (1, "@") in formats          # period: text, so 2026-03 stays a period
    assert (5, "#,##0.00") in formats   # amount: money


def test_run_everything_writes_every_sheet_the_summary_and_the_documents(
        sample: dict[str, Any], exports: dict[str, list[list[str]]], folder: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """'Run everything': every result sheet equal to its export, a Summary sheet, and the
    documents rendered into the folder beside the workbook."""
    calls = record_rendering(monkeypatch)
    outcome = click(sample, toolkit.macros.run_everything)
    outputs = (SCORES, PAYOUTS, COMMISSION_LINES, RECONCILIATION, ACTIONS, SCHEDULE,
               RECONCILIATION_TOTALS, PROBLEMS)
    for output in outputs:
        assert_sheet_holds_the_export(outcome.sheets[output.sheet], exports[output.name],
                                      output)
    assert outcome.sheets["Summary"], "the HR summary has lines"
    [rendered] = calls
    assert rendered.out == folder
    assert rendered.root == BUNDLED_TEMPLATES, "no templates/ folder beside the workbook"
    kinds = {job.kind for job in rendered.jobs}
    assert kinds == {"report", "pip_letter", "checklist"}
    index = outcome.sheets["Documents"]
    assert len(index) == 1 + len(rendered.jobs)
    assert index[1][index[0].index("file")] == f"documents/{rendered.jobs[0].path}"
    assert outcome.alerts == [(f"{len(rendered.jobs)} document(s) written to "
                               f"{folder / 'documents'}.", "Documents", "info")]


def small_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The buttons compute a one-employee company instead (for tests of what happens after
    the computation, which need not wait for the sample's)."""
    targets: Rows = [["employee_id", "period", "sales_target", "new_customer_target"],
                     ["E1", "2026-01", 100000, 1], ["E1", "2026-Q1", 300000, 3]]
    results = run(raw(minimal_sheets(Targets=targets)), date(2026, 5, 1))
    monkeypatch.setattr(toolkit.macros, "run", lambda *args: results)


def test_broken_templates_beside_the_workbook_stop_the_documents_with_a_message(
        sample: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HR's own templates/ folder beside the workbook is used; when a template the
    documents need is missing, the button says which and writes nothing."""
    small_run(monkeypatch)
    (tmp_path / "templates").mkdir()
    elsewhere = copy.deepcopy(sample)
    elsewhere["book"]["name"] = str(tmp_path / SAMPLE_NAME)
    outcome = click(elsewhere, toolkit.macros.generate_documents)
    [(message, title, mode)] = outcome.alerts
    assert title == "Generate reports and letters"
    assert message.startswith("Generate reports and letters stopped: ")
    assert f"template problem(s) in {tmp_path / 'templates'}; nothing was written" in message
    assert mode == "critical"
    assert not (tmp_path / "documents").exists()


def test_validate_lists_the_warnings_and_writes_no_result_sheet(
        sample: dict[str, Any], exports: dict[str, list[list[str]]]) -> None:
    """'Validate' on a good workbook: the Problems sheet with the warnings and a message
    saying there is no error; nothing else."""
    outcome = click(sample, toolkit.macros.validate)
    assert list(outcome.sheets)[INPUT_AND_SETUP_SHEETS:] == ["Problems"]
    assert_sheet_holds_the_export(outcome.sheets["Problems"], exports["problems"], PROBLEMS)
    warnings = len(exports["problems"]) - 1
    assert outcome.alerts == [(f"No errors found. {warnings} warning(s) are listed on the "
                               "Problems sheet.", "Validate", "info")]


def test_a_broken_workbook_is_a_message_naming_sheet_row_and_column(
        sample: dict[str, Any]) -> None:
    """Acceptance 4: bad cells stop the run; the message names each by sheet, row and
    column, the Problems sheet lists them, and no result sheet is written."""
    broken = with_cell(sample, "Sales", 14, "amount", "n/a")
    broken = with_cell(broken, "Sales", 15, "amount", "#N/A")
    broken = with_cell(broken, "Employees", 5, "hire_date", "someday")
    outcome = click(broken, toolkit.macros.compute_scores)
    [(message, title, mode)] = outcome.alerts
    assert (title, mode) == ("Compute scores and grades", "critical")
    assert message.startswith("The workbook has 3 error(s); nothing was computed")
    assert "- Sales!F14 amount: expected a number, found 'n/a'" in message
    assert "- Sales!F15 amount: expected a number, found the Excel error #N/A" in message
    assert "- Employees!F5 hire_date: expected a date, found 'someday'" in message
    assert "Traceback" not in message
    assert list(outcome.sheets)[INPUT_AND_SETUP_SHEETS:] == ["Problems"]
    problems = outcome.sheets["Problems"]
    assert ["error", "Sales", 14, "amount (F14)", "expected a number, found 'n/a'"] in problems
    assert outcome.active == "Problems"


def test_a_bad_as_of_date_on_the_control_sheet_is_a_message(sample: dict[str, Any]) -> None:
    """An as-of date that is not a date stops the button with a plain message."""
    control = next(s for s in sample["sheets"] if s["name"] == "Control")["values"]
    row = next(i for i, r in enumerate(control, start=1) if r[0] == "As-of date")
    broken = with_cell(sample, "Control", row, "", "tomorrow")
    outcome = click(broken, toolkit.macros.compute_scores)
    assert outcome.alerts == [("Compute scores and grades stopped: Control As-of date: "
                               "expected a date, found 'tomorrow'",
                               "Compute scores and grades", "critical")]
    assert list(outcome.sheets)[INPUT_AND_SETUP_SHEETS:] == []


def test_an_unexpected_failure_is_a_message_and_a_log_not_a_traceback(
        sample: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A bug shows its one-line reason and where the details were logged."""
    def broken_run(*args: Any) -> Any:
        raise RuntimeError("something broke")

    monkeypatch.setattr(toolkit.macros, "run", broken_run)
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path))
    outcome = click(sample, toolkit.macros.validate)
    [(message, _, mode)] = outcome.alerts
    assert mode == "critical"
    assert message.startswith("Validate failed unexpectedly: RuntimeError: something broke")
    assert str(tmp_path / "toolkit-error.log") in message
    assert "Traceback" not in message
    assert "Traceback" in (tmp_path / "toolkit-error.log").read_text(encoding="utf-8")


def test_generate_documents_renders_beside_the_workbook_and_lists_the_files(
        sample: dict[str, Any], folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """'Generate reports and letters': every planned document is rendered into the folder
    the workbook is saved in; the Documents sheet lists them; a message says where."""
    small_run(monkeypatch)
    calls = record_rendering(monkeypatch)
    outcome = click(sample, toolkit.macros.generate_documents)
    [rendered] = calls
    assert rendered.out == folder
    assert {job.kind for job in rendered.jobs} == {"report", "pip_letter"}
    assert list(outcome.sheets)[INPUT_AND_SETUP_SHEETS:] == ["Documents", "Problems"]
    index = outcome.sheets["Documents"]
    assert [row[index[0].index("file")] for row in index[1:]] == \
        [f"documents/{job.path}" for job in rendered.jobs]
    assert outcome.active == "Documents"
    assert outcome.alerts == [(f"{len(rendered.jobs)} document(s) written to "
                               f"{folder / 'documents'}.", "Documents", "info")]


def test_an_input_kept_as_an_excel_table_on_another_sheet_is_read(
        sample: dict[str, Any]) -> None:
    """A Sales table on a sheet called 'Data 2026' serves as the Sales sheet, with its
    Excel position kept (the reader looks at tables when no sheet has the name)."""
    moved = copy.deepcopy(sample)
    sales = next(s for s in moved["sheets"] if s["name"] == "Sales")
    sales["name"] = "Data 2026"
    sales["values"] = [[""] * len(sales["values"][0])] * 2 + sales["values"]
    table = sales["tables"][0]
    for key in ("range_address", "header_row_range_address", "data_body_range_address"):
        first, last = table[key].split(":")
        table[key] = ":".join(re.sub(r"\d+", lambda m: str(int(m.group()) + 2), part)
                              for part in (first, last))
    raw = excel.read_workbook(open_caller(moved))
    assert raw.sheets["Sales"].is_table
    assert raw.sheets["Sales"].title == "Data 2026"
    assert raw.sheets["Sales"].first_row == 3
    assert raw.sheets["Sales"].rows[0][:2] == ["contract_id", "date"]


def test_generate_documents_without_the_documents_feature_says_so(
        sample: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Where toolkit.shell.documents cannot be imported, the button says so plainly."""
    small_run(monkeypatch)
    monkeypatch.setitem(sys.modules, "toolkit.shell.documents", None)
    outcome = click(sample, toolkit.macros.generate_documents)
    [(message, _, mode)] = outcome.alerts
    assert message.startswith("Generate reports and letters stopped: documents cannot be "
                              "generated by this installation")
    assert mode == "critical"


def test_clear_results_deletes_result_sheets_in_either_language(
        sample: dict[str, Any]) -> None:
    """'Clear results' deletes result sheets (English or Chinese names), not inputs."""
    with_results = with_sheets(sample, Scores=[["x"]], 问题清单=[["x"]], Summary=[["x"]])
    outcome = click(with_results, toolkit.macros.clear_results)
    assert list(outcome.sheets) == [s["name"] for s in sample["sheets"]]
