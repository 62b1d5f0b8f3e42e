"""Rendering a run's documents into ``<out>/documents/<manager>/`` (SPEC sections 9, 10).

Each template is prepared once per process (``PreparedTemplate``) and renders many
documents. A batch large enough to pay for it is spread over a process pool (one worker
per core, at most ``MAX_WORKERS``), in chunks, each worker preparing its templates on
first use; a small batch renders in this process. Every file is written atomically. The
contexts were built by the core (``toolkit.core.contexts``); nothing here decides what a
document says.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from toolkit.core.contexts.jobs import CONTEXT_TYPES, TEMPLATE_NAMES, DocumentJob
from toolkit.core.contexts.shapes import Shape, context_values, shape_of
from toolkit.shell.docx_template import PreparedTemplate
from toolkit.shell.files import atomic_write
from toolkit.shell.processes import pool_context
from toolkit.shell.template_check import TemplateIssue, check_templates

DOCUMENTS_DIR = "documents"
BUNDLED_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MAX_WORKERS = 8
POOL_FROM = 48          # fewer documents render faster in this process than with a pool
CHUNK = 25
Progress = Callable[[int], None]
_Task = tuple[str, str, str, object]  # language, template, path under documents/, context
_PREPARED: dict[tuple[str, str, str], PreparedTemplate] = {}


def templates_root(workbook: Path | None, explicit: Path | None = None) -> Path:
    """``explicit``; else ``templates/`` beside the workbook when HR keeps one there; else
    the templates that come with the toolkit."""
    if explicit is not None:
        return explicit
    beside = workbook.parent / "templates" if workbook is not None else None
    if beside is not None and beside.is_dir():
        return beside
    return BUNDLED_TEMPLATES


def wanted_templates(jobs: Iterable[DocumentJob]) -> list[tuple[str, str, Shape]]:
    """(language, template, context shape) of every template the jobs use, sorted."""
    pairs = sorted({(job.language, job.kind) for job in jobs})
    return [(language, TEMPLATE_NAMES[kind], shape_of(CONTEXT_TYPES[kind]))
            for language, kind in pairs]


def check_for(jobs: Sequence[DocumentJob], root: Path) -> list[TemplateIssue]:
    """The issues of the templates these jobs need (a run refuses to start with any)."""
    return check_templates(root, wanted_templates(jobs))


def _prepared(root: str, language: str, template: str) -> PreparedTemplate:
    key = (root, language, template)
    if key not in _PREPARED:
        _PREPARED[key] = PreparedTemplate.load(Path(root) / language / f"{template}.docx",
                                               f"{language}/{template}.docx")
    return _PREPARED[key]


def render_tasks(root: str, target: str, tasks: Sequence[_Task]) -> int:
    """Render and write each task under ``target`` (a worker's unit of work)."""
    for language, template, relative, context in tasks:
        data = _prepared(root, language, template).render(context_values(context))
        atomic_write(Path(target) / relative, _writer(data))
    return len(tasks)


def _writer(data: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data)
    return write


def render_documents(jobs: Sequence[DocumentJob], root: Path, out: Path,
                     progress: Progress | None = None, workers: int | None = None
                     ) -> list[Path]:
    """Render every job to ``out/documents/<folder>/<file>``; return the files written."""
    target = out / DOCUMENTS_DIR
    tasks: list[_Task] = [(j.language, j.template, j.path, j.context) for j in jobs]
    advance = progress or (lambda count: None)
    count = workers or min(os.cpu_count() or 1, MAX_WORKERS)
    if count <= 1 or len(tasks) < POOL_FROM:
        for start in range(0, len(tasks), CHUNK):
            advance(render_tasks(str(root), str(target), tasks[start:start + CHUNK]))
    else:
        _render_in_pool(tasks, str(root), str(target), count, advance)
    return [target / j.path for j in jobs]


def _render_in_pool(tasks: list[_Task], root: str, target: str, workers: int,
                    advance: Progress) -> None:
    """Chunks over a process pool; the first failure stops the batch and is raised."""
    size = max(1, min(CHUNK, len(tasks) // (workers * 4) or 1))
    with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
        futures: list[Future[int]] = [
            pool.submit(render_tasks, root, target, tasks[start:start + size])
            for start in range(0, len(tasks), size)]
        try:
            for future in futures:
                advance(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            raise


