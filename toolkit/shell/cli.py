"""The command line: ``toolkit run`` for batch jobs, ``toolkit sample`` for sample workbooks.

Exit status: 0 done; 2 the input is invalid or unreadable (every problem is listed, nothing
is written); 1 the results could not be written.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from toolkit.core.problems import Problem, ToolkitError, WorkbookInvalid
from toolkit.core.summary import grade_distribution
from toolkit.shell.templates_cli import templates_app
from toolkit.shell.workbook_file import UnreadableWorkbook, read_workbook

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Sales performance toolkit: scores, grades and payouts from a workbook.")
# Lines are not folded at the console's width (soft wrap): in a batch job's log a path or a
# list folded at 80 columns cannot be copied or searched. Tables still fit the width.
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

EXIT_INVALID = 2
EXIT_FAILED = 1


def _parse_date(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.print(f"--as-of: expected a date YYYY-MM-DD, found {text!r}")
        raise typer.Exit(EXIT_INVALID) from None


@app.command()
def run(
    workbook: Annotated[Path, typer.Argument(help="The company workbook (.xlsx/.xlsm).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for results and exports.")],
    as_of: Annotated[Optional[str], typer.Option(  # noqa: UP045 (typer needs Optional)
        "--as-of", help="Ignore facts dated on or after this day (YYYY-MM-DD; default today).")
    ] = None,
    lang: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--lang", help="Result language, en or zh (default: the plan's).")] = None,
    documents: Annotated[bool, typer.Option(
        "--documents", help="Also write the documents (reports, PIP letters, checklists) "
        "to OUT/documents/<manager>/.")] = False,
    period: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--period", help="With --documents: reports for this period only (a month, "
        "quarter or year); PIP letters and checklists are always written.")] = None,
    pdf: Annotated[bool, typer.Option(
        "--pdf", help="With --documents: PDF copies too (needs LibreOffice).")] = False,
    templates: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--templates", help="Templates folder with en/ and zh/ (default: templates/ beside "
        "the workbook, else the toolkit's).")] = None,
) -> None:
    """Validate WORKBOOK, grade every period, write results.xlsx, exports/*.csv, run.json."""
    from toolkit.core.pipeline import run as compute
    from toolkit.shell.results_file import TableAhead, write_results

    day = _parse_date(as_of)
    if lang not in (None, "en", "zh"):
        errors.print(f"--lang: expected en or zh, found {lang!r}")
        raise typer.Exit(EXIT_INVALID)
    with _settled(), TableAhead(out) as ahead:
        try:
            raw = read_workbook(workbook)
            gc.freeze()  # see _settled
            # Big tables are written from the moment each is final (see TableAhead).
            results = compute(raw, day, lang, final=ahead.start)
            gc.freeze()  # see _settled
        except WorkbookInvalid as exc:
            print_problems(exc.problems)
            errors.print(f"[bold red]{len(exc.errors)} error(s)[/]: nothing was written.")
            raise typer.Exit(EXIT_INVALID) from None
        except UnreadableWorkbook as exc:
            errors.print(f"[bold red]Cannot read the workbook:[/] {exc}")
            raise typer.Exit(EXIT_INVALID) from None
        from toolkit.shell.documents_cli import run_documents

        try:
            index = run_documents(results, workbook, out, documents=documents, period=period,
                                  pdf=pdf, templates=templates)
            written = write_results(results, [workbook], out, documents=index, ahead=ahead)
        except ToolkitError as exc:
            errors.print(f"[bold red]Cannot write the results:[/] {exc}")
            raise typer.Exit(EXIT_FAILED) from None
        print_summary(results, written)
        if index is not None and index.failures:
            errors.print(f"[bold red]{index.failures} PDF copies could not be made[/] (above).")
            raise typer.Exit(EXIT_FAILED)
    _leave_done()


# Whether this process is the command line itself (``main``), not a caller of ``app``
# (tests, other programs) that goes on after a command.
_WHOLE_PROCESS = False


def _leave_done() -> None:
    """End a command-line process that has done its work without freeing its memory.

    Every file is written and closed, the writing processes have ended and the summary is
    printed; what is left is freeing the millions of objects the run made, one by one
    (about 0.3 s of a 2,000-person close), for a process that ends anyway. So the output
    is flushed and the process exits with status 0 at once (``os._exit``: no atexit
    handlers, none of which has work left then). A caller of ``app`` returns as usual."""
    if not _WHOLE_PROCESS:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


# Collector thresholds during a run: a young collection per 50,000 new objects instead of
# 700, and an older one a hundred times rarer. A run makes millions of objects that live
# to its end and almost no cycles; on the 2,000-person close this took the collector's
# time from 3.6 s to 1.3 s at the same peak memory.
RUN_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def _settled() -> Iterator[None]:
    """A run during which what is alive after reading and after computing is taken out of
    the garbage collector's sight (``gc.freeze``): the cells read and the results live
    until the run ends, and scanning those millions of objects at every full collection
    cost a big run a fifth of its time. The collector also runs less often
    (``RUN_THRESHOLDS``). Afterwards all is as before."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*RUN_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def print_problems(problems: list[Problem]) -> None:
    """A table on a terminal; one plain line per problem in a log or a pipe."""
    if not errors.is_terminal:
        for p in problems:
            errors.print(f"{p.severity}: {p}", markup=False, highlight=False, soft_wrap=True)
        return
    table = Table(title="Problems in the workbook", show_lines=False)
    for header in ("severity", "place", "column", "problem"):
        table.add_column(header)
    for p in problems:
        style = "red" if p.severity == "error" else "yellow"
        table.add_row(f"[{style}]{p.severity}[/]", p.place, p.column or "", p.message)
    errors.print(table)


def print_summary(results, written: list[Path]) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=f"Grades as of {results.as_of.isoformat()}")
    distribution = grade_distribution(results.scores)
    for column in distribution.columns:
        table.add_column(str(column), justify="left" if column in ("period", "cycle")
                         else "right")
    for record in distribution.itertuples(index=False):
        table.add_row(*(str(v) for v in record))
    console.print(table)
    warnings = len(results.warnings)
    console.print(f"{len(results.periods)} periods graded, {len(results.scores)} results, "
                  f"{warnings} warning(s) (see the Problems sheet).")
    from toolkit.core.hr_summary import results_summary

    for line in results_summary(results):
        console.print(line, markup=False, highlight=False)
    for path in written:
        console.print(f"  wrote {path}", markup=False, highlight=False)


@app.command()
def sample(
    out: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    employees: Annotated[int, typer.Option(help="Sales staff.")] = 40,
    months: Annotated[int, typer.Option(help="Months of data from 2025-01.")] = 24,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same company.")] = 7,
    lang: Annotated[str, typer.Option(help="Sheet and column names: en or zh.")] = "en",
) -> None:
    """Write a realistic sample company workbook."""
    from toolkit.sample import generate
    from toolkit.shell.sample_writer import write_sample

    if lang not in ("en", "zh"):
        errors.print(f"--lang: expected en or zh, found {lang!r}")
        raise typer.Exit(EXIT_INVALID)
    write_sample(generate(employees=employees, months=months, seed=seed), out, lang)
    console.print(f"wrote {out}", markup=False, highlight=False)


@app.command()
def bench(
    employees: Annotated[int, typer.Option(help="Sales staff in the company.")] = 2000,
    months: Annotated[int, typer.Option(help="Months of data from 2025-01.")] = 24,
    docs_sample: Annotated[int, typer.Option(help="Reports the baseline renders.")] = 200,
    seed: Annotated[int, typer.Option(help="Random seed of the company.")] = 7,
    out: Annotated[Path, typer.Option(help="Working folder (the workbook is reused).")] = Path(
        "bench-out"),
    full_sales: Annotated[bool, typer.Option(
        "--full-sales", help="Also time our sheets part with the Sales sheet filled to "
        "Excel's last row (1,048,576).")] = False,
    repeat: Annotated[int, typer.Option(
        min=1, help="Runs of our sheets part; the median one is reported.")] = 1,
) -> None:
    """Benchmark a year-end close against the plain baseline; print figures and ratios."""
    from toolkit.shell.bench import FULL_SALES_ROWS, run_bench

    run_bench(employees, months, seed, docs_sample, out, console,
              FULL_SALES_ROWS if full_sales else 0, repeat)


@app.command("build-workbook")
def build_workbook(
    out: Annotated[Path, typer.Option("--out", help="Folder for the .xlsm files.")] = Path(
        "workbooks"),
) -> None:
    """Build the Excel front end (SalesPerformance.xlsm and a sample-filled copy) from
    workbooks/vba/ and the sheet layout; building twice gives the same files."""
    from toolkit.shell.macro_workbook import build_workbooks

    try:
        written = build_workbooks(out)
    except ToolkitError as exc:
        errors.print(f"[bold red]Cannot build the workbook:[/] {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    for path in written:
        console.print(f"wrote {path}", markup=False, highlight=False)


app.add_typer(templates_app, name="templates")


def main() -> None:
    """Entry point: no Python traceback reaches a user unless TOOLKIT_DEBUG is set."""
    global _WHOLE_PROCESS
    _WHOLE_PROCESS = True
    try:
        app()
    except Exception as exc:
        if os.environ.get("TOOLKIT_DEBUG"):
            raise
        errors.print(f"[bold red]The toolkit failed:[/] {type(exc).__name__}: {exc}")
        errors.print("Set TOOLKIT_DEBUG=1 to see the details, and report it with the input.")
        sys.exit(EXIT_FAILED)
