"""PDF copies through LibreOffice (SPEC section 9): one batch, Chinese in an embedded CJK
font, text that extracts as written.

Runs where LibreOffice (soffice) and poppler-utils (pdffonts, pdftotext) are installed. On
a developer machine without them the test is skipped; in CI (the ``CI`` variable is set)
it fails instead, because CI must install them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.core.document_books import COMMENT, LEAVER, results
from toolkit.core.contexts.jobs import DocumentKind, plan_documents
from toolkit.shell.documents import BUNDLED_TEMPLATES, render_documents
from toolkit.shell.pdf import convert, find_soffice

TOOLS = ("pdffonts", "pdftotext")


def _require_tools() -> str:
    soffice = find_soffice()
    missing = [t for t in TOOLS if shutil.which(t) is None] + ([] if soffice else ["soffice"])
    if missing:
        message = f"{', '.join(missing)} not installed (LibreOffice, poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must install them: {message}")
        pytest.skip(message)
    assert soffice is not None
    return soffice


def _run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


def test_pdf_copies_embed_a_cjk_font_and_their_text_extracts(tmp_path: Path) -> None:
    """Four documents (a Chinese report and checklist, an English report and PIP letter)
    converted in one LibreOffice batch: each PDF lies beside its .docx; the Chinese ones
    embed a CJK font and extract the leaver's name and the Chinese headings; the English
    report keeps its markup characters and quotes."""
    soffice = _require_tools()
    jobs = plan_documents(results())
    files = render_documents(jobs, BUNDLED_TEMPLATES, tmp_path, workers=1)
    made = convert(files, soffice, parallel=1)
    assert made.failed == {}
    assert sorted(made.pdfs) == sorted(files)
    assert all(pdf == docx.with_suffix(".pdf") and pdf.is_file()
               for docx, pdf in made.pdfs.items())
    by_kind = {(j.kind, j.language): made.pdfs[f] for j, f in zip(jobs, files, strict=True)}
    headings: list[tuple[tuple[DocumentKind, str], str]] = [
        (("report", "zh"), "绩效考核报告"), (("checklist", "zh"), "离职交接清单")]
    for key, heading in headings:
        pdf = by_kind[key]
        fonts = [line for line in _run("pdffonts", str(pdf)).splitlines()[2:]
                 if "CJK" in line.upper()]
        assert fonts and all(" yes " in f for f in fonts), _run("pdffonts", str(pdf))
        text = _run("pdftotext", "-layout", str(pdf), "-")
        assert LEAVER in text and heading in text
    english = _run("pdftotext", str(by_kind[("report", "en")]), "-")
    assert COMMENT.split("\n")[0] in english
