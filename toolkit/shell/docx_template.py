"""A Word template prepared once and rendered many times (SPEC section 9).

docxtpl turns a .docx into Jinja source (``patch_xml``: tags split across runs are joined,
``{%tr %}``/``{%p %}`` rows and paragraphs, ``{% colspan %}`` and ``{% cellbg %}``...).
``DocxTemplate.render`` does that, and compiles the result, for every document; a
year-end close renders thousands, so here each part (body, headers, footers, footnotes)
is patched and compiled once, and a document is rendered by filling the compiled parts
and writing a new ZIP with the template's other parts copied byte for byte. The steps
after rendering are docxtpl's own (``resolve_listing``: a newline in a value becomes a
line break). Entries get a fixed timestamp, so the same context gives the same bytes.

The Jinja environment is sandboxed (no ``__class__`` and friends), immutable (no
``list.append``), autoescaping (``&``, ``<``, ``>`` and quotes in values stay text) and
strict (an unknown variable is an error, never a blank).
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from toolkit.core.problems import ToolkitError

TEMPLATED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_PATCHER = DocxTemplate(io.BytesIO())  # patch_xml and resolve_listing use no state
_XML_TAG = re.compile(r"<[^>]+>")
_SPECIAL = re.compile("[\n\t\a\f]")
_SPECIAL_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_SHADING_SPAN = re.compile(r'(<w:shd w:val="clear" w:color="auto" w:fill="\{\{[^}]*\}\}"/>)'
                           r'(<w:gridSpan w:val="\{\{[^}]*\}\}"/>)')
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))


class TemplateProblem(ToolkitError):
    """A template that cannot be used: its name, the tag and what is wrong."""


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, told once per class which attributes are a dataclass's
    fields (a context's), so reading ``row.score`` skips the general checks."""

    _fields: ClassVar[dict[type, frozenset[str]]] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        kind = type(obj)
        fields = self._fields.get(kind)
        if fields is None:
            fields = frozenset(f.name for f in dataclasses.fields(obj)) \
                if dataclasses.is_dataclass(obj) else frozenset()
            self._fields[kind] = fields
        if attr in fields and not attr.startswith("_"):
            return True
        return bool(super().is_safe_attribute(obj, attr, value))


def environment() -> ImmutableSandboxedEnvironment:
    """The one Jinja environment documents are rendered with (see the module docstring)."""
    return _Sandbox(autoescape=True, undefined=StrictUndefined)


def patched_source(xml: str) -> str:
    """A part's XML as docxtpl's Jinja source, one paragraph per line (for line numbers).

    docxtpl puts a ``cellbg`` shading before a ``colspan`` grid span in a cell's
    properties; the schema (and Word) want the span first, so they are swapped.
    """
    source = _SHADING_SPAN.sub(r"\2\1", _PATCHER.patch_xml(xml))
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", source)


def plain_text(xml: str) -> str:
    """The text of some XML: tags dropped, the five entities decoded."""
    text = _XML_TAG.sub("", xml)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def line_tags(source: str, lineno: int | None) -> str:
    """The Jinja tags on line ``lineno`` of ``source``, or its text when it has none."""
    if not lineno:
        return ""
    lines = source.splitlines()
    text = plain_text(lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
    tags = _TAG.findall(text)
    return " ".join(tags) if tags else text.strip()[:80]


def _finish(xml: str) -> str:
    """docxtpl's steps after rendering: paragraph lines joined, escapes, line breaks."""
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "{_" in xml or "_}" in xml:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%") \
            .replace("%_}", "%}")
    first = xml.find("<w:p")
    if first < 0 or not _SPECIAL.search(xml, first):
        return xml
    return _SPECIAL_PARAGRAPH.sub(_resolve_paragraph, xml)


def _resolve_paragraph(match: re.Match[str]) -> str:
    """docxtpl's ``resolve_listing`` on one paragraph, only where a value brought a
    newline, tab or break (running it on every paragraph costs more than the rendering)."""
    paragraph = match.group(0)
    return str(_PATCHER.resolve_listing(paragraph)) if _SPECIAL.search(paragraph) \
        else paragraph


@dataclass(frozen=True)
class PreparedTemplate:
    """A template's parts, compiled, and its other parts, compressed once."""

    name: str
    fixed: bytes  # a ZIP of the parts copied as they are
    parts: dict[str, tuple[Template, str]]  # part name -> (compiled, patched source)

    @staticmethod
    def load(path: Path, name: str) -> PreparedTemplate:
        """Read and compile ``path``; ``TemplateProblem`` names ``name`` and the tag."""
        env = environment()
        entries: list[tuple[str, bytes]] = []
        parts: dict[str, tuple[Template, str]] = {}
        try:
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    entries.append((info.filename, archive.read(info)))
        except (OSError, zipfile.BadZipFile) as exc:
            raise TemplateProblem(f"{name}: cannot be read as a .docx file ({exc})") from None
        for part, data in entries:
            if TEMPLATED_PART.match(part):
                source = patched_source(data.decode("utf-8"))
                try:
                    parts[part] = (env.from_string(source), source)
                except TemplateError as exc:
                    raise TemplateProblem(_describe(name, exc, source)) from None
        return PreparedTemplate(name, _fixed_entries(entries, set(parts)), parts)

    def render(self, values: dict[str, Any]) -> bytes:
        """The .docx bytes of one document whose template variables are ``values``."""
        buffer = io.BytesIO(self.fixed)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            for part, (template, source) in self.parts.items():
                try:
                    xml = _finish(template.render(values))
                except TemplateError as exc:
                    raise TemplateProblem(_describe(self.name, exc, source)) from None
                archive.writestr(_entry(part), xml.encode("utf-8"))
        return buffer.getvalue()


def _entry(part: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(part, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _fixed_entries(entries: list[tuple[str, bytes]], templated: set[str]) -> bytes:
    """A ZIP of the parts every document shares, compressed once; each document appends
    its rendered parts to a copy."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in entries:
            if part not in templated:
                archive.writestr(_entry(part), data)
    return buffer.getvalue()


def _describe(name: str, exc: TemplateError, source: str) -> str:
    """``en/pip_letter.docx: 'employee' has no attribute 'nmae' in {{ employee.nmae }}``"""
    message = getattr(exc, "message", None) or str(exc)
    tag = line_tags(source, getattr(exc, "lineno", None))
    return f"{name}: {message}" + (f" in {tag}" if tag else "")
