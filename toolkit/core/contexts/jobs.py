"""Which documents a run produces, where each goes, and what each prints (SPEC 9 and 10).

- an evaluation report per employee and graded quarter and year, or, with a requested
  period, per employee graded in that period (a month too);
- a PIP letter per ``pip`` action;
- an offboarding checklist per Separations row.

Each goes to ``documents/<manager>/`` (the folder is the manager's name, or id when the
name is blank; two managers with the same name get their ids added; no manager:
"no manager") under a name with the employee id, name, period and document, made safe for
every file system (``naming``). A document is in the employee's language, else the plan's.
Jobs are sorted by folder, employee and period so the same inputs give the same order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from toolkit.core.contexts.books import Books, People, build_books, people_of
from toolkit.core.contexts.naming import safe_component, unique_names
from toolkit.core.contexts.offboarding import ChecklistContext, checklist_context
from toolkit.core.contexts.pip_letter import PipLetterContext, pip_letter_context
from toolkit.core.contexts.report import ReportContext, report_context
from toolkit.core.contexts.words import DOCUMENT_WORD, pick, word
from toolkit.core.frames import Record, records
from toolkit.core.outputs import OutColumn, Output, is_blank_value
from toolkit.core.periods import Period
from toolkit.core.pipeline import Results
from toolkit.core.schedule import as_day

DocumentKind = Literal["report", "pip_letter", "checklist"]
KINDS: tuple[DocumentKind, ...] = ("report", "pip_letter", "checklist")
TEMPLATE_NAMES: dict[str, str] = {"report": "evaluation_report", "pip_letter": "pip_letter",
                                  "checklist": "offboarding_checklist"}
CONTEXT_TYPES: dict[str, type] = {"report": ReportContext, "pip_letter": PipLetterContext,
                                  "checklist": ChecklistContext}
LANGUAGES = ("en", "zh")
Context = ReportContext | PipLetterContext | ChecklistContext

KIND_TITLE: dict[str, tuple[str, str]] = {
    "report": ("Evaluation report", "考核报告"), "pip_letter": ("PIP letter", "绩效改进计划书"),
    "checklist": ("Offboarding checklist", "离职交接清单"),
}

DOCUMENT_INDEX = Output("documents", "Documents", "文档清单", (
    OutColumn("folder", "text", "文件夹"), OutColumn("employee_id", "text", "工号"),
    OutColumn("name", "text", "姓名"), OutColumn("period", "text", "期间"),
    OutColumn("document", "text", "文档"), OutColumn("language", "text", "语言"),
    OutColumn("file", "text", "文件"), OutColumn("pdf", "text", "PDF"),
))


@dataclass(frozen=True)
class DocumentJob:
    """One document to render: its template, place and context."""

    kind: DocumentKind
    language: str
    folder: str
    file_name: str
    employee_id: str
    name: str
    period: str
    context: Context

    @property
    def template(self) -> str:
        return TEMPLATE_NAMES[self.kind]

    @property
    def path(self) -> str:
        """``<folder>/<file name>`` under the documents folder (``/`` on every system)."""
        return f"{self.folder}/{self.file_name}"


@dataclass(frozen=True)
class _Request:
    kind: DocumentKind
    employee_id: str
    period: str
    source: Record


def requests(results: Results, period: Period | None = None) -> list[_Request]:
    """What to produce: reports (graded quarters and years, or ``period``), PIP letters,
    checklists."""
    scores = results.scores
    chosen = scores[scores["period"] == str(period)] if period is not None else \
        scores[scores["cycle"].isin(["quarter", "year"])]
    found = [_Request("report", str(r["employee_id"]), str(r["period"]), r)
             for r in records(chosen)]
    actions = results.actions if results.actions is not None else pd.DataFrame()
    if len(actions):
        found += [_Request("pip_letter", str(r["employee_id"]), str(r["period"]), r)
                  for r in records(actions[actions["action"] == "pip"])]
    if results.tables is not None:
        leavers = results.tables["Separations"].dropna(subset=["employee_id", "last_day"])
        found += [_Request("checklist", str(r["employee_id"]), _day_text(r["last_day"]), r)
                  for r in records(leavers)]
    return found


def _day_text(value: object) -> str:
    day = as_day(value)
    return day.isoformat() if day else ""


def manager_folders(people: People, managers: list[str | None], language: str
                    ) -> dict[str | None, str]:
    """Manager id (``None``: no manager) -> folder name, unique case-insensitively."""
    distinct = sorted({m for m in managers if m is not None})
    names = {m: safe_component(people.name(m) or m) for m in distinct}
    clashes = Counter(n.casefold() for n in names.values())
    folders: dict[str | None, str] = {
        m: safe_component(f"{n} ({m})") if clashes[n.casefold()] > 1 else n
        for m, n in names.items()}
    folders[None] = safe_component(word(language, "no_manager"))
    taken = {f.casefold() for m, f in folders.items() if m is not None}
    if folders[None].casefold() in taken:
        folders[None] = safe_component(f"_{folders[None]}")
    return folders


def plan_documents(results: Results, period: Period | None = None) -> list[DocumentJob]:
    """Every document of the run, with its context built (see the module docstring)."""
    wanted = requests(results, period)
    if results.facts is None:
        return []
    people = people_of(results.facts.employees, results.plan.language)
    languages = {_language(people, r.employee_id) for r in wanted}
    books = build_books(results, languages)
    managers = [_manager(people, r.employee_id) for r in wanted]
    folders = manager_folders(people, managers, results.plan.language)
    wanted_sorted = sorted(zip(wanted, managers, strict=True),
                           key=lambda p: (folders[p[1]].casefold(), p[0].employee_id,
                                          KINDS.index(p[0].kind), _order(p[0].period)))
    jobs = [_job(books, r, folders[m]) for r, m in wanted_sorted]
    return _unique_files(jobs)


def _order(text: str) -> tuple[Any, ...]:
    try:
        period = Period.parse(text)
    except ValueError:
        return (text,)
    return (period.end.isoformat(), period.cycle != "month", period.cycle == "year")


def _language(people: People, employee: str) -> str:
    language = people.language(employee)
    return language if language in LANGUAGES else people.default_language


def _manager(people: People, employee: str) -> str | None:
    manager = people.get(employee).get("manager_id")
    return None if is_blank_value(manager) else str(manager)


def _job(books: Books, request: _Request, folder: str) -> DocumentJob:
    language = _language(books.people, request.employee_id)
    context: Context
    if request.kind == "report":
        context = report_context(books, request.employee_id, Period.parse(request.period),
                                 language)
    elif request.kind == "pip_letter":
        context = pip_letter_context(books, request.source, language)
    else:
        context = checklist_context(books, request.source, language)
    name = books.people.name(request.employee_id) or ""
    stem = "_".join(p for p in (request.employee_id, name, request.period,
                                pick(DOCUMENT_WORD[request.kind], language)) if p)
    return DocumentJob(request.kind, language, folder, f"{safe_component(stem)}.docx",
                       request.employee_id, name, request.period, context)


def _unique_files(jobs: list[DocumentJob]) -> list[DocumentJob]:
    """Repeat file names in one folder (a person with two Separations rows on one day)
    get `` (2)``... before the extension."""
    paths = unique_names(job.path.removesuffix(".docx") for job in jobs)
    return [job if path + ".docx" == job.path else DocumentJob(
        job.kind, job.language, job.folder, path.split("/", 1)[1] + ".docx",
        job.employee_id, job.name, job.period, job.context)
        for job, path in zip(jobs, paths, strict=True)]


def kind_title(kind: str, language: str) -> str:
    return pick(KIND_TITLE[kind], language)
