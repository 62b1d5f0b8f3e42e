"""Writing a run's results: the results workbook, the CSV exports and the manifest.

Result sheets are Excel tables with number formats by column kind and headers in the plan's
language. Every string goes in with ``write_string``, so text from the input is never a
formula. Each file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

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
    OutColumn,
    OutKind,
    Output,
    export_columns,
    problems_frame,
)
from toolkit.core.periods import CYCLES
from toolkit.core.pipeline import Results
from toolkit.core.plan import INDICATORS
from toolkit.core.reconcile import reconciliation_totals
from toolkit.shell.files import (
    OutputLocked,
    atomic_write,
    atomic_write_text,
    cannot_write,
    make_folder,
    move_into_place,
    remove,
    sha256,
)
from toolkit.shell.processes import FORKS, SecondProcess
from toolkit.shell.sheet_rows import (
    DeflatedSheet,
    RowSplicer,
    TableRows,
    excel_serial,
    sheet_templates,
    write_deflated_sheet,
)

if TYPE_CHECKING:
    from toolkit.shell.documents_index import DocumentIndex

NUMBER_FORMATS: dict[OutKind, str] = {
    "money": "#,##0.00", "score": "0.00", "ratio": "0.0%", "count": "0", "number": "0.##",
    "date": "yyyy-mm-dd",
}
# A run's result tables, in sheet order.
Tables = list[tuple[Output, pd.DataFrame]]
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}


# The tables of the computed stages in sheet order: each is a ``Results`` field of its name.
STAGE_SHEETS = (SCORES, PAYOUTS, COMMISSION_LINES, RECONCILIATION, ACTIONS, SCHEDULE)


def result_tables(results: Results) -> Tables:
    """The result tables of a run that were computed, in sheet order."""
    stages = [(output, getattr(results, output.name)) for output in STAGE_SHEETS]
    found = [(output, frame) for output, frame in stages if frame is not None]
    return [*found, *_reconciliation_totals(results),
            (PROBLEMS, problems_frame(results.problems))]


def _reconciliation_totals(results: Results) -> list[tuple[Output, pd.DataFrame]]:
    """The reconciliation totals sheet, when the reconciliation was computed."""
    if results.reconciliation is None:
        return []
    return [(RECONCILIATION_TOTALS, reconciliation_totals(results.reconciliation))]


def write_results(results: Results, inputs: list[Path], out: Path,
                  documents: DocumentIndex | None = None,
                  ahead: TableAhead | None = None) -> list[Path]:
    """Write results.xlsx, exports/*.csv and run.json under ``out``; return the files.

    With ``documents`` (rendered already), results.xlsx gets a Documents sheet linking
    them and run.json lists them; the returned list does not. Each table's cells are
    turned into export text once, for its CSV and its sheet. A big run shares the work
    with a second process (see ``_Share``), and takes from ``ahead`` the tables processes
    have been writing since they were computed (see ``TableAhead``).
    """
    forget_manifest(out)
    tables = result_tables(results)
    language = results.plan.language
    layout = workbook_layout(tables, results, documents)
    templates = sheet_templates(layout)
    early = ahead if ahead is not None else TableAhead(out)
    taken = early.take(tables)
    exports: dict[str, Path] = {}
    with _Share([t for t in tables if t[0].name not in taken], templates, out, language) \
            as shared:

        def write(path: Path) -> None:
            with RowSplicer(layout, path) as book:

                def splice(generated: _Generated) -> None:
                    for name, (export, sheet) in generated.items():
                        exports[name] = export
                        book.write_deflated(sheet)

                for output, frame in shared.own():
                    texts = export_columns(frame, output)
                    exports[output.name] = write_csv(texts, output, _export_path(out, output))
                    book.write(sheet_rows(output, frame, texts, language))
                    # The other processes' tables done so far.
                    splice({**shared.ready(), **early.ready(templates)})
                splice({**early.results(templates), **shared.results()})

        workbook = atomic_write(out / "results.xlsx", write)
    written = [workbook, *(exports[output.name] for output, _ in tables)]
    rendered = documents.files if documents is not None else []
    written.append(write_manifest(results, tables, inputs, [*written, *rendered], out))
    return written


def _export_path(out: Path, output: Output) -> Path:
    return out / "exports" / f"{output.name}.csv"


# Below this many cells a second process costs more than it saves.
SHARE_FROM_CELLS = 400_000
_Generated = dict[str, tuple[Path, DeflatedSheet]]


class _Forked:
    """Forked processes writing hidden files in the results folder: leaving the ``with``
    block waits for them, then removes those files."""

    def _processes(self) -> list[SecondProcess[Any]]:
        raise NotImplementedError

    def _remove_files(self) -> None:
        raise NotImplementedError

    def __exit__(self, *exc: object) -> None:
        try:
            for process in self._processes():
                process.close()
        finally:
            self._remove_files()


class _Share(_Forked):
    """The tables are shared with a second process (forked, where the platform forks):
    each process takes the biggest table not taken yet (``_claim``) whenever it is free,
    until none is left, so neither waits long for the other whatever a table costs.

    The second process writes each of its tables' CSV and its sheet, deflated, into a
    hidden file (``write_deflated_sheet``), renamed from ``.partial`` to ``.ready`` once
    complete; this process writes its own straight into the workbook and copies the
    other's in as each is done. ``own()`` yields the tables this process takes;
    ``ready()`` gives the other's done so far, once each, and ``results()`` waits for the
    rest. Small runs, and platforms that do not fork, write every table here, in order.
    """

    def __init__(self, tables: Tables, templates: dict[str, str], out: Path,
                 language: str) -> None:
        cells = [len(frame) * len(output.columns) for output, frame in tables]
        self._shared = sum(cells) >= SHARE_FROM_CELLS and FORKS
        self._tables = [tables[i] for i in sorted(range(len(tables)), key=lambda i: -cells[i])] \
            if self._shared else tables
        self._templates = templates
        self._out = out
        self._language = language
        self._process: SecondProcess[_Generated] | None = None
        self._spliced: set[str] = set()

    def __enter__(self) -> _Share:
        self._remove_files()  # an interrupted run's files are not this run's
        if self._shared:
            make_folder(self._out)  # where both processes claim their tables
            # Forked: the second process sees the frames without their being pickled.
            self._process = SecondProcess(_write_shared, self._tables, self._templates,
                                          self._out, self._language)
        return self

    def own(self) -> Iterator[tuple[Output, pd.DataFrame]]:
        """The tables this process takes, biggest first, each when it is ready for it."""
        for output, frame in self._tables:
            if self._process is None or _claim(self._out, output):
                self._spliced.add(output.name)
                yield output, frame

    def ready(self) -> _Generated:
        """The second process's tables done since last asked."""
        done: _Generated = {}
        for output, frame in self._tables:
            path = _row_file(self._out, output, ".ready")
            if output.name not in self._spliced and path.exists():
                done[output.name] = (_export_path(self._out, output), DeflatedSheet(
                    output.sheet_name(self._language), len(frame), len(output.columns), path))
        self._spliced.update(done)
        return done

    def results(self) -> _Generated:
        """The second process's tables not given by ``ready()`` yet, once it is done."""
        if self._process is None:
            return {}
        generated = self._process.result()
        left = {name: rows for name, rows in generated.items() if name not in self._spliced}
        self._spliced.update(left)
        return left

    def _processes(self) -> list[SecondProcess[Any]]:
        return [] if self._process is None else [self._process]

    def _remove_files(self) -> None:
        """Remove the claims and sheet files of every table."""
        for output, _ in self._tables:
            for state in (".claim", ".partial", ".ready"):
                _row_file(self._out, output, state).unlink(missing_ok=True)


def _claim(out: Path, output: Output) -> bool:
    """Whether this process takes ``output``: it does if it creates the table's
    ``.claim`` file, which the other process then finds there."""
    claim = _row_file(out, output, ".claim")
    try:
        os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    except OSError as exc:
        raise OutputLocked(cannot_write(claim, exc)) from exc
    return True


def _row_file(out: Path, output: Output, state: str) -> Path:
    """Where another process writes ``output``'s deflated sheet: ``.partial`` while it
    writes it, ``.ready`` once it is all there; ``.ahead`` for ``TableAhead``; and the
    ``.claim`` of the process that took it."""
    return out / f".{output.name}.rows{state}"


def _write_shared(tables: Tables, templates: dict[str, str], out: Path,
                  language: str) -> _Generated:
    """In the second process: the CSV and the deflated sheet of each table it takes,
    each sheet's file renamed to ``.ready`` when it is complete."""
    generated: _Generated = {}
    for output, frame in tables:
        if not _claim(out, output):
            continue
        export, partial = _write_table_files(
            output, frame, language, templates[output.sheet_name(language)],
            _export_path(out, output), _row_file(out, output, ".partial"))
        ready = replace(partial, path=partial.path.replace(_row_file(out, output, ".ready")))
        generated[output.name] = (export, ready)
    return generated


def _write_table_files(output: Output, frame: pd.DataFrame, language: str, template: str,
                       csv_path: Path, sheet_path: Path) -> tuple[Path, DeflatedSheet]:
    """A table's CSV and its sheet, deflated (``write_deflated_sheet``), for a process
    other than the workbook's; its cells are turned into export text once for both."""
    texts = export_columns(frame, output)
    export = write_csv(texts, output, csv_path)
    return export, write_deflated_sheet(sheet_rows(output, frame, texts, language), template,
                                        sheet_path)


# From this many cells a table is written ahead: a fork costs a few hundredths of a second,
# and the other core is mostly idle while the payouts are computed.
AHEAD_FROM_CELLS = 100_000


class TableAhead(_Forked):
    """Result tables' CSVs and sheets, each made by a forked process from the moment the
    table is final, while this process computes the rest: the scores while the actions,
    the schedule and the payouts are computed, the payouts and the commission lines while
    the reconciliation is.

    ``with TableAhead(out) as ahead``: pass ``ahead.start`` to ``pipeline.run`` as
    ``final``, and ``ahead`` to ``write_results``. Each process writes two hidden files in
    ``out``: the CSV (``.scores.csv.ahead``) and the deflated sheet
    (``.scores.rows.ahead``), laid out after the sheets before it, as ``workbook_layout``
    lays it out (``_ahead_template``). ``write_results`` takes the tables it writes
    (``take``), moves each CSV into place and copies each sheet in as soon as they are
    there, if that sheet's layout is the workbook's; if it is not, or the process failed,
    it makes both files itself, the same way. A small table, and a platform that does not
    fork, is left to ``write_results``. Leaving the block waits for the processes and
    removes what was not taken.
    """

    def __init__(self, out: Path) -> None:
        self._out = out
        self._language = ""
        # Output name -> the table's output and frame, and the process writing it.
        self._ahead: dict[str, tuple[Output, pd.DataFrame, SecondProcess[str]]] = {}
        self._taken: set[str] = set()

    def __enter__(self) -> TableAhead:
        return self

    def start(self, output: Output, frame: pd.DataFrame, language: str) -> None:
        """Start writing ``frame`` (``pipeline.TableDone``), if it is big enough."""
        if FORKS and len(frame) * len(output.columns) >= AHEAD_FROM_CELLS:
            self._language = language
            self._ahead[output.name] = (output, frame, SecondProcess(
                _write_ahead, output, frame, self._out, language))

    def take(self, tables: Tables) -> set[str]:
        """The names of the tables among ``tables`` written here (the very frames); from
        now on ``ready`` and ``results`` give them."""
        self._taken = {output.name for output, frame in tables if output.name in self._ahead
                       and self._ahead[output.name][1] is frame}
        return self._taken

    def ready(self, templates: dict[str, str]) -> _Generated:
        """The taken tables whose process is done, once each (``templates``: the
        layout's)."""
        return self._give(templates, wait=False)

    def results(self, templates: dict[str, str]) -> _Generated:
        """The taken tables not given yet, each when its process is done."""
        return self._give(templates, wait=True)

    def _give(self, templates: dict[str, str], wait: bool) -> _Generated:
        given: _Generated = {}
        for name in sorted(self._taken):
            output, frame, process = self._ahead[name]
            if not wait and not process.done():
                continue
            self._taken.discard(name)
            sheet = output.sheet_name(self._language)
            try:
                made = process.result()
            except Exception:  # whatever failed there is done (or reported) here
                made = None
            if made != templates[sheet]:
                _write_ahead(output, frame, self._out, self._language, templates[sheet])
            export = move_into_place(_ahead_csv(self._out, output), _export_path(self._out, output))
            given[name] = (export, DeflatedSheet(
                sheet, len(frame), len(output.columns), _row_file(self._out, output, ".ahead")))
        return given

    def _processes(self) -> list[SecondProcess[Any]]:
        return [process for _, _, process in self._ahead.values()]

    def _remove_files(self) -> None:
        """Remove the files of every table that may be written ahead (also those an
        interrupted run left, which were not taken)."""
        for output in STAGE_SHEETS:
            _ahead_csv(self._out, output).unlink(missing_ok=True)
            _row_file(self._out, output, ".ahead").unlink(missing_ok=True)


def _ahead_csv(out: Path, output: Output) -> Path:
    return out / f".{output.name}.csv.ahead"


def _ahead_template(output: Output, rows: int, language: str) -> str:
    """``output``'s sheet XML in a workbook laid out with the stages' sheets before it:
    the shared header texts and the cell styles are numbered as in the results workbook."""
    layout = io.BytesIO()
    book = xlsxwriter.Workbook(layout, {**WORKBOOK_OPTIONS, "in_memory": True})
    for before in STAGE_SHEETS[:STAGE_SHEETS.index(output)]:
        lay_out_sheet(book, before, 1, language)
    lay_out_sheet(book, output, rows, language)
    book.close()
    return sheet_templates(layout)[output.sheet_name(language)]


def _write_ahead(output: Output, frame: pd.DataFrame, out: Path, language: str,
                 template: str | None = None) -> str:
    """The table's CSV and deflated sheet under their ``TableAhead`` names, the sheet laid
    out as ``template`` (by default ``_ahead_template``); returns the layout used."""
    if template is None:
        template = _ahead_template(output, len(frame), language)
    _write_table_files(output, frame, language, template, _ahead_csv(out, output),
                       _row_file(out, output, ".ahead"))
    return template


def forget_manifest(out: Path) -> None:
    """Remove a previous run's run.json before anything is written. run.json is written
    last and marks a complete result set: a run interrupted halfway must not leave the old
    manifest beside its new files."""
    remove(out / "run.json")


def write_csv(texts: list[list[str]], output: Output, target: Path) -> Path:
    """One export: the snake_case header, then a line per row (minimal quoting, ``\\n``)."""
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            lines = csv.writer(handle, lineterminator="\n")
            lines.writerow([c.name for c in output.columns])
            lines.writerows(zip(*texts, strict=True))

    return atomic_write(target, write)


def workbook_layout(tables: list[tuple[Output, pd.DataFrame]], results: Results,
                    documents: DocumentIndex | None = None) -> io.BytesIO:
    """The results workbook without its table rows (``RowSplicer`` adds them)."""
    language = results.plan.language
    layout = io.BytesIO()
    book = xlsxwriter.Workbook(layout, {**WORKBOOK_OPTIONS, "in_memory": True})
    created = datetime.combine(results.as_of, datetime.min.time())
    book.set_properties({"title": "Sales performance results", "created": created})
    for output, frame in tables:
        lay_out_sheet(book, output, len(frame), language)
    write_summary_sheet(book, results_summary(results), language)
    if documents is not None:
        from toolkit.shell.documents_index import write_documents_sheet

        write_documents_sheet(book, documents, language)
    book.close()
    layout.seek(0)
    return layout


def write_summary_sheet(book: Any, lines: list[str], language: str) -> None:
    """The HR summary (who needs a PIP, what is overdue, who won what), one line a row."""
    if not lines:
        return
    sheet = book.add_worksheet("摘要" if language == "zh" else "Summary")
    sheet.set_column(0, 0, 120)
    for row, line in enumerate(lines):
        sheet.write_string(row, 0, line)


def lay_out_sheet(book: Any, output: Output, rows: int, language: str) -> None:
    """One result table's sheet without its rows: an Excel table over the header and a
    template row styled per column (number formats), a frozen header, sane widths."""
    sheet = book.add_worksheet(output.sheet_name(language))
    formats = {kind: book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
    headers = output.headers(language)
    for col, column in enumerate(output.columns):
        if column.kind in formats:
            sheet.write_blank(1, col, None, formats[column.kind])
        width = max([len(headers[col]) * (2 if language == "zh" else 1), 8])
        sheet.set_column(col, col, min(width + 2, 40))
    sheet.add_table(0, 0, 1, len(headers) - 1, {
        "name": output.sheet, "style": "Table Style Medium 2",
        "columns": [{"header": h} for h in headers]})
    sheet.freeze_panes(1, 0)
    _highlight_status(book, sheet, output, rows)


def sheet_rows(output: Output, frame: pd.DataFrame, texts: list[list[str]],
               language: str) -> TableRows:
    """What each cell of a result sheet holds: its export text, so the sheet, the CSV and
    the Excel buttons agree to the digit. Except: dates are serial numbers; plain numbers
    (rates, unrounded commissions) keep their digits beyond the CSV's four; the Problems
    sheet says 错误/警告 in Chinese."""
    cells = [_sheet_column(column, frame[column.name], text, output, language)
             for column, text in zip(output.columns, texts, strict=True)]
    return TableRows(output.sheet_name(language), cells,
                     [c.kind in NUMBER_FORMATS for c in output.columns])


def _sheet_column(column: OutColumn, values: pd.Series, text: list[str], output: Output,
                  language: str) -> list[str]:
    if column.kind == "date":
        return [excel_serial(t) for t in text]
    if column.kind == "number":
        return [_precise_number(v, t) for v, t in zip(values.tolist(), text, strict=True)]
    if output is PROBLEMS and language == "zh" and column.name == "severity":
        return [SEVERITY_ZH.get(t, t) for t in text]
    return text


def _precise_number(value: object, text: str) -> str:
    """A plain number to 10 decimals, as a double's shortest round-trip text."""
    return repr(round(float(cast(float, value)), 10)) if text else ""


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


def write_manifest(results: Results, tables: Tables, inputs: list[Path],
                   written: list[Path], out: Path) -> Path:
    """run.json: inputs' SHA-256, plan, as-of date, version, row counts, files written.

    The files are hashed by two threads (hashlib lets go of the GIL): a big run hashes
    some 200 MB here."""
    plan = results.plan
    with ThreadPoolExecutor(2) as pool:
        digests = dict(zip([*inputs, *written], pool.map(sha256, [*inputs, *written]),
                           strict=True))
    manifest = {
        "toolkit_version": __version__,
        "as_of": results.as_of.isoformat(),
        "inputs": [{"path": str(p), "sha256": digests[p]} for p in inputs],
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
        "output_rows": {o.name: len(f) for o, f in tables},
        "files": [{"path": str(p.relative_to(out)), "sha256": digests[p]} for p in written],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    return atomic_write_text(out / "run.json", text)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value
