"""Helpers for document tests: a .docx's text, and a template with one tag changed."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn

from toolkit.shell.documents import BUNDLED_TEMPLATES


def open_docx(source: Path | bytes) -> Document:
    """python-docx's document (it fails on XML that is not well formed)."""
    return docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))


_TEXT, _BREAK, _TAB = qn("w:t"), qn("w:br"), qn("w:tab")


def _paragraph_text(paragraph: Any) -> str:
    """What Word shows of a paragraph: its text runs, a newline per line break."""
    pieces = []
    for node in paragraph.iter(_TEXT, _BREAK, _TAB):
        pieces.append(node.text or "" if node.tag == _TEXT else
                      "\n" if node.tag == _BREAK else "\t")
    return "".join(pieces)


def all_text(document: Document) -> str:
    """Every paragraph of the body (tables included, in document order), headers and
    footers, one per line; a line break inside a paragraph stays a newline."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    return "\n".join(_paragraph_text(p) for part in parts for p in part.iter(qn("w:p")))


def broken_templates(target: Path, template: str, old: str, new: str) -> Path:
    """A copy of the toolkit's templates where ``old`` in en/``template``.docx's body
    becomes ``new`` (text inside one run, as a person typing in Word would leave it)."""
    shutil.copytree(BUNDLED_TEMPLATES, target)
    path = target / "en" / f"{template}.docx"
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    body = parts["word/document.xml"].decode("utf-8")
    assert old in body, f"{old!r} is not in {template}"
    parts["word/document.xml"] = body.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as changed:
        for name, data in parts.items():
            changed.writestr(name, data)
    return target
