"""The Documents sheet of the results workbook: one row per document, linking its files.

Links are relative (``documents/<manager>/<file>``), so they keep working when the output
folder is moved or shared as a whole. Headers follow the plan's language like every result
sheet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.core.contexts.jobs import DOCUMENT_INDEX, DocumentJob, kind_title
from toolkit.shell.documents import DOCUMENTS_DIR


@dataclass(frozen=True)
class DocumentIndex:
    """What the run rendered: one index row per document, and every file written."""

    rows: list[dict[str, str]]
    files: list[Path] = field(default_factory=list)
    failures: int = 0  # documents whose PDF copy could not be made


def document_index(jobs: Sequence[DocumentJob], language: str, out: Path,
                   pdfs: Mapping[Path, Path]) -> DocumentIndex:
    """Index rows in job order; ``pdfs`` maps a .docx under ``out`` to its PDF copy."""
    rows: list[dict[str, str]] = []
    files: list[Path] = []
    for job in jobs:
        docx = out / DOCUMENTS_DIR / job.path
        pdf = pdfs.get(docx)
        files.extend([docx] if pdf is None else [docx, pdf])
        rows.append({"folder": job.folder, "employee_id": job.employee_id, "name": job.name,
                     "period": job.period, "document": kind_title(job.kind, language),
                     "language": job.language, "file": f"{DOCUMENTS_DIR}/{job.path}",
                     "pdf": pdf.relative_to(out).as_posix() if pdf else ""})
    return DocumentIndex(rows, files)


def write_documents_sheet(book: Any, index: DocumentIndex, language: str) -> None:
    """The index as an Excel table whose file and pdf cells are hyperlinks."""
    sheet = book.add_worksheet(DOCUMENT_INDEX.sheet_name(language))
    headers = DOCUMENT_INDEX.headers(language)
    names = [c.name for c in DOCUMENT_INDEX.columns]
    link = book.add_format({"font_color": "blue", "underline": 1})
    for row, record in enumerate(index.rows, start=1):
        for col, name in enumerate(names):
            value = record[name]
            if name in ("file", "pdf") and value:
                sheet.write_url(row, col, f"external:{value}", link, Path(value).name)
            else:
                sheet.write_string(row, col, value)
    widths = {"folder": 18, "name": 16, "document": 22, "file": 60, "pdf": 60}
    for col, name in enumerate(names):
        sheet.set_column(col, col, widths.get(name, 11))
    sheet.add_table(0, 0, max(len(index.rows), 1), len(names) - 1, {
        "name": DOCUMENT_INDEX.sheet, "style": "Table Style Medium 2",
        "columns": [{"header": h} for h in headers]})
    sheet.freeze_panes(1, 0)
