"""The documents step of ``toolkit run ... --documents [--period P] [--pdf]``, and the
work behind ``toolkit templates check`` (``templates_cli``).

``run_documents`` is the documents step of ``toolkit run``. Before anything is written it
refuses (exit 2) a bad ``--period``, ``--pdf`` without LibreOffice, and any template with
a broken tag or a variable its context lacks; then it renders with a progress bar, makes
the PDF copies in batches and returns the index for the results workbook.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from toolkit.core.contexts.jobs import (
    CONTEXT_TYPES,
    KINDS,
    LANGUAGES,
    TEMPLATE_NAMES,
    DocumentJob,
    plan_documents,
)
from toolkit.core.contexts.shapes import Shape, shape_of
from toolkit.core.periods import Period
from toolkit.core.pipeline import Results
from toolkit.shell import pdf as pdf_copies
from toolkit.shell.documents import (
    DOCUMENTS_DIR,
    check_for,
    render_documents,
    templates_root,
)
from toolkit.shell.documents_index import DocumentIndex, document_index
from toolkit.shell.template_check import TemplateIssue, check_templates

EXIT_INVALID = 2
console = Console(stderr=True, soft_wrap=True)


def _refuse(message: str) -> typer.Exit:
    console.print(message, markup=False, highlight=False)
    return typer.Exit(EXIT_INVALID)


def _period(text: str | None, results: Results) -> Period | None:
    if text is None:
        return None
    try:
        period = Period.parse(text)
    except ValueError:
        raise _refuse(f"--period: expected a month, quarter or year such as 2026-Q4, "
                      f"found {text!r}") from None
    if str(period) not in set(results.scores["period"]):
        raise _refuse(f"--period: {period} is not a graded period of this workbook as of "
                      f"{results.as_of.isoformat()}")
    return period


def print_issues(issues: Sequence[TemplateIssue]) -> None:
    for issue in issues:
        console.print(f"template problem: {issue}", markup=False, highlight=False)


def run_documents(results: Results, workbook: Path, out: Path, *, documents: bool,
                  period: str | None, pdf: bool, templates: Path | None
                  ) -> DocumentIndex | None:
    """The documents step of ``toolkit run`` (see the module docstring)."""
    if not documents:
        if period is not None or pdf:
            raise _refuse("--period and --pdf choose documents: add --documents")
        return None
    chosen = _period(period, results)
    soffice = pdf_copies.find_soffice() if pdf else None
    if pdf and soffice is None:
        raise _refuse(f"--pdf needs LibreOffice, which was not found: "
                      f"{pdf_copies.INSTALL_HINT}. Nothing was written; run without --pdf "
                      "for the .docx documents only.")
    jobs = plan_documents(results, chosen)
    root = templates_root(workbook, templates)
    issues = check_for(jobs, root)
    if issues:
        print_issues(issues)
        raise _refuse(f"{len(issues)} template problem(s) in {root}: nothing was written. "
                      "Fix the templates (toolkit templates check) and run again.")
    return _render(jobs, root, out, results.plan.language, soffice)


def _bar() -> Progress:
    # No auto-refresh: no thread runs while the worker processes are forked.
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, auto_refresh=False)


def _render(jobs: list[DocumentJob], root: Path, out: Path, language: str,
            soffice: str | None) -> DocumentIndex:
    from toolkit.shell.results_file import forget_manifest

    forget_manifest(out)  # the first write: a previous run.json must not vouch for it
    started = time.perf_counter()
    with _bar() as bar:
        task = bar.add_task("documents", total=len(jobs))
        files = render_documents(jobs, root, out, lambda n: bar.update(
            task, advance=n, refresh=True))
    seconds = time.perf_counter() - started
    console.print(f"{len(files)} documents in {out / DOCUMENTS_DIR} "
                  f"({seconds:.1f} s, {len(files) / max(seconds, 1e-9):.0f} per second)",
                  markup=False, highlight=False)
    if soffice is None:
        return document_index(jobs, language, out, {})
    started = time.perf_counter()
    with _bar() as bar:
        task = bar.add_task("PDF copies", total=len(files))
        made = pdf_copies.convert(files, soffice, lambda n: bar.update(
            task, advance=n, refresh=True))
    console.print(f"{len(made.pdfs)} PDF copies ({time.perf_counter() - started:.1f} s)")
    index = document_index(jobs, language, out, made.pdfs)
    if made.failed:
        for docx, why in list(made.failed.items())[:10]:
            console.print(f"no PDF for {docx}: {why}", markup=False, highlight=False)
        return DocumentIndex(index.rows, index.files, len(made.failed))
    return index


def every_template() -> list[tuple[str, str, Shape]]:
    """(language, template, shape) of every standard template."""
    return [(language, TEMPLATE_NAMES[kind], shape_of(CONTEXT_TYPES[kind]))
            for language in LANGUAGES for kind in KINDS]


def check_folder(root: Path) -> int:
    """``toolkit templates check``: a line per template, then every problem; the count."""
    issues = check_templates(root, every_template())
    for language, template, _ in every_template():
        name = f"{language}/{template}.docx"
        mine = [i for i in issues if i.template == name]
        status = "[green]ok[/]" if not mine else f"[red]{len(mine)} problem(s)[/]"
        console.print(f"{status}  {root / name}", markup=False, highlight=False)
    print_issues(issues)
    return len(issues)
