"""Writing a run's results: the results workbook, the CSV exports and the manifest.

Result sheets are Excel tables with number formats by column kind and headers in the plan's
language. Every string goes in with ``write_string``, so text from the input is never a
formula. Each file is written atomically.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import xlsxwriter

from toolkit import __version__
from toolkit.core.hr_summary import results_summary
from toolkit.core.outputs import (
    ACTIONS,
    COMMISSION_LINES,
    PAYOUTS,
    PROBLEMS,
    RECONCILIATION,
    RECONCILIATION_TOTALS,
    SCHEDULE,
    SCORES,
    SEVERITY_ZH,
    OutKind,
    Output,
    export_frame,
    is_blank_value,
    problems_frame,
)
from toolkit.core.periods import CYCLES
from toolkit.core.pipeline import Results
from toolkit.core.plan import INDICATORS
from toolkit.core.reconcile import reconciliation_totals
from toolkit.shell.files import atomic_write, atomic_write_text, remove, sha256

if TYPE_CHECKING:
    from toolkit.shell.documents_index import DocumentIndex

NUMBER_FORMATS: dict[OutKind, str] = {
    "money": "#,##0.00", "score": "0.00", "ratio": "0.0%", "count": "0", "number": "0.##",
    "date": "yyyy-mm-dd",
}
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}


def result_tables(results: Results) -> list[tuple[Output, pd.DataFrame]]:
    """The result tables of a run that were computed, in sheet order."""
    stages = [(SCORES, results.scores), (PAYOUTS, results.payouts),
              (COMMISSION_LINES, results.commission_lines),
              (RECONCILIATION, results.reconciliation), (ACTIONS, results.actions),
              (SCHEDULE, results.schedule)]
    found = [(output, frame) for output, frame in stages if frame is not None]
    return [*found, *_reconciliation_totals(results),
            (PROBLEMS, problems_frame(results.problems))]


def _reconciliation_totals(results: Results) -> list[tuple[Output, pd.DataFrame]]:
    """The reconciliation totals sheet, when the reconciliation was computed."""
    if results.reconciliation is None:
        return []
    return [(RECONCILIATION_TOTALS, reconciliation_totals(results.reconciliation))]


def write_results(results: Results, inputs: list[Path], out: Path,
                  documents: DocumentIndex | None = None) -> list[Path]:
    """Write results.xlsx, exports/*.csv and run.json under ``out``; return the files.

    With ``documents`` (rendered already), results.xlsx gets a Documents sheet linking
    them and run.json lists them; the returned list does not.
    """
    forget_manifest(out)
    tables = result_tables(results)
    written = [write_workbook(tables, results, out / "results.xlsx", documents)]
    for output, frame in tables:
        written.append(write_csv(frame, output, out / "exports" / f"{output.name}.csv"))
    rendered = documents.files if documents is not None else []
    written.append(write_manifest(results, inputs, [*written, *rendered], out))
    return written


def forget_manifest(out: Path) -> None:
    """Remove a previous run's run.json before anything is written. run.json is written
    last and marks a complete result set: a run interrupted halfway must not leave the old
    manifest beside its new files."""
    remove(out / "run.json")


def write_csv(frame: pd.DataFrame, output: Output, target: Path) -> Path:
    text = export_frame(frame, output).to_csv(index=False, lineterminator="\n")
    return atomic_write_text(target, text)


def write_workbook(tables: list[tuple[Output, pd.DataFrame]], results: Results,
                   target: Path, documents: DocumentIndex | None = None) -> Path:
    language = results.plan.language

    def write(path: Path) -> None:
        book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        created = datetime.combine(results.as_of, datetime.min.time())
        book.set_properties({"title": "Sales performance results", "created": created})
        for output, frame in tables:
            write_sheet(book, output, frame, language)
        write_summary_sheet(book, results_summary(results), language)
        if documents is not None:
            from toolkit.shell.documents_index import write_documents_sheet

            write_documents_sheet(book, documents, language)
        book.close()

    return atomic_write(target, write)


def write_summary_sheet(book: Any, lines: list[str], language: str) -> None:
    """The HR summary (who needs a PIP, what is overdue, who won what), one line a row."""
    if not lines:
        return
    sheet = book.add_worksheet("摘要" if language == "zh" else "Summary")
    sheet.set_column(0, 0, 120)
    for row, line in enumerate(lines):
        sheet.write_string(row, 0, line)


def write_sheet(book: Any, output: Output, frame: pd.DataFrame, language: str) -> None:
    """One result table as an Excel table with formats, frozen header and sane widths."""
    sheet = book.add_worksheet(output.sheet_name(language))
    formats = {kind: book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
    headers = output.headers(language)
    rows = len(frame)
    for col, column in enumerate(output.columns):
        cell_format = formats.get(column.kind)
        values = frame[column.name].tolist() if column.name in frame else [None] * rows
        for row, value in enumerate(values, start=1):
            _write_cell(sheet, row, col, _display(value, column.kind, output, language),
                        column.kind, cell_format)
        width = max([len(headers[col]) * (2 if language == "zh" else 1), 8])
        sheet.set_column(col, col, min(width + 2, 40))
    sheet.add_table(0, 0, max(rows, 1), len(headers) - 1, {
        "name": output.sheet, "style": "Table Style Medium 2",
        "columns": [{"header": h} for h in headers]})
    sheet.freeze_panes(1, 0)
    _highlight_status(book, sheet, output, rows)


# Reconciliation status fills: green all right, red money owed, amber paid too much.
STATUS_FILLS = {"match": "#C6EFCE", "underpaid": "#FFC7CE", "not_paid": "#FFC7CE",
                "overpaid": "#FFEB9C", "unexpected": "#FFEB9C"}


def _highlight_status(book: Any, sheet: Any, output: Output, rows: int) -> None:
    """Colour the reconciliation's status cells by status (conditional formats)."""
    if output is not RECONCILIATION or rows == 0:
        return
    col = [c.name for c in output.columns].index("status")
    for status, fill in STATUS_FILLS.items():
        sheet.conditional_format(1, col, rows, col, {
            "type": "cell", "criteria": "==", "value": f'"{status}"',
            "format": book.add_format({"bg_color": fill})})


def _display(value: Any, kind: OutKind, output: Output, language: str) -> Any:
    if output is PROBLEMS and language == "zh" and kind == "text" and value in SEVERITY_ZH:
        return SEVERITY_ZH[value]
    return value


def _write_cell(sheet: Any, row: int, col: int, value: Any, kind: OutKind,
                cell_format: Any) -> None:
    if is_blank_value(value):
        sheet.write_blank(row, col, None, cell_format)
    elif kind in ("text", "period", "grade"):
        sheet.write_string(row, col, str(value))
    elif kind == "date":
        sheet.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), cell_format)
    else:
        number = round(float(value), 10) if isinstance(value, Decimal) else float(value)
        sheet.write_number(row, col, number, cell_format)


def write_manifest(results: Results, inputs: list[Path], written: list[Path],
                   out: Path) -> Path:
    """run.json: inputs' SHA-256, plan, as-of date, version, row counts, files written."""
    plan = results.plan
    manifest = {
        "toolkit_version": __version__,
        "as_of": results.as_of.isoformat(),
        "inputs": [{"path": str(p), "sha256": sha256(p)} for p in inputs],
        "plan": {
            "settings": {k: _json_value(v) for k, v in plan.settings().items()},
            "weights": {i: {c: _json_value(plan.weights.of(i, c)) for c in CYCLES}
                        for i in INDICATORS},
            "grade_bands": [{"grade": g, "min_score": _json_value(m),
                             "coefficient": _json_value(plan.bands.coefficient(g))}
                            for g, m in plan.bands.minimums],
        },
        "periods_graded": [str(p) for p in results.periods],
        "input_rows": results.row_counts,
        "output_rows": {o.name: len(f) for o, f in result_tables(results)},
        "files": [{"path": str(p.relative_to(out)), "sha256": sha256(p)} for p in written],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    return atomic_write_text(out / "run.json", text)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value
