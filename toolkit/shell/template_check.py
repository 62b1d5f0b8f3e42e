"""``toolkit templates check``: what is wrong with a template, before a batch is run.

For each template part (body, headers, footers) of each .docx, after docxtpl's patching:
- broken tags: a ``{{`` or ``{%`` that is never closed, a block (``for``, ``if``...) with
  no end, an end with no block; then anything else Jinja cannot compile;
- variables the document's context lacks (``employee.nmae``; ``row.scroe`` inside
  ``{% for row in indicators %}``), compared with the context's shape (``shapes``);
- unsafe attributes (``{{ ''.__class__ }}``) and includes (templates stand alone).
Every issue names the template and the tag.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError, nodes

from toolkit.core.contexts.shapes import Shape
from toolkit.shell.docx_template import (
    TEMPLATED_PART,
    environment,
    line_tags,
    patched_source,
    plain_text,
)
from toolkit.shell.template_walk import unknown_variables

_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
DOCXTPL_PREFIXES = frozenset({"tr", "tc", "p", "r"})
_TOKEN = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
BLOCKS = frozenset({"for", "if", "with", "macro", "call", "filter", "block", "raw",
                    "autoescape", "trans"})


@dataclass(frozen=True)
class TemplateIssue:
    """One thing wrong with one template."""

    template: str
    message: str
    tag: str = ""

    def __str__(self) -> str:
        return f"{self.template}: {self.message}" + (f" in {self.tag}" if self.tag else "")


def check_template(path: Path, name: str, shape: Shape) -> list[TemplateIssue]:
    """Every issue of the template at ``path`` (shown as ``name``) against ``shape``."""
    if not path.is_file():
        return [TemplateIssue(name, f"missing: expected the file {path}")]
    try:
        with zipfile.ZipFile(path) as archive:
            parts = [archive.read(i).decode("utf-8") for i in archive.infolist()
                     if TEMPLATED_PART.match(i.filename)]
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        return [TemplateIssue(name, f"cannot be read as a .docx file ({exc})")]
    issues: list[TemplateIssue] = []
    for xml in parts:
        issues.extend(_check_part(xml, name, shape))
    return issues


def _check_part(xml: str, name: str, shape: Shape) -> list[TemplateIssue]:
    """Tags first, on the text as typed (docxtpl's patching would swallow the rest of a
    document after an unclosed ``{{``), then Jinja on the patched source."""
    broken = [TemplateIssue(name, message, tag) for message, tag in typed_tag_problems(xml)]
    if broken:
        return broken
    source = patched_source(xml)
    env = environment()
    try:
        tree = env.parse(source)
        env.compile(tree)
    except TemplateError as exc:
        message = getattr(exc, "message", None) or str(exc)
        return [TemplateIssue(name, message, line_tags(source, getattr(exc, "lineno", None)))]
    return [TemplateIssue(name, message, line_tags(source, lineno))
            for message, lineno in _forbidden(tree) + unknown_variables(tree, shape)]


def _forbidden(tree: nodes.Template) -> list[tuple[str, int]]:
    found = tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))
    return [("templates may not include, import or extend other templates", n.lineno)
            for n in found]


def typed_tag_problems(xml: str) -> list[tuple[str, str]]:
    """(message, tag) for every tag a paragraph of ``xml`` leaves open (a tag lives in one
    paragraph) and every block the part leaves unbalanced."""
    problems: list[tuple[str, str]] = []
    statements: list[str] = []
    for paragraph in _PARAGRAPH.findall(xml):
        found, tags = tag_problems(plain_text(paragraph))
        problems += found
        statements += tags
    return problems + block_problems(statements)


def tag_problems(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(message, tag) for every unterminated tag in ``text``, and its ``{% %}`` tags."""
    problems: list[tuple[str, str]] = []
    statements: list[str] = []
    position = 0
    while match := _TOKEN.search(text, position):
        opener = match.group()
        if opener not in _CLOSER:
            position = match.end()
            continue
        closing = _TOKEN.search(text, match.end())
        if closing is None or closing.group() != _CLOSER[opener]:
            end = closing.start() if closing else len(text)
            snippet = text[match.start():min(end, match.start() + 60)].strip()
            problems.append((f"unclosed tag: no {_CLOSER[opener]} after {opener}", snippet))
            position = end
            continue
        if opener == "{%":
            statements.append(text[match.start():closing.end()])
        position = closing.end()
    return problems, statements


def block_problems(statements: Iterable[str]) -> list[tuple[str, str]]:
    """(message, tag) for blocks never ended and ends that close nothing (or another)."""
    problems: list[tuple[str, str]] = []
    stack: list[tuple[str, str]] = []
    for tag in statements:
        words = tag.strip("{%-+ }").split()
        if len(words) > 1 and words[0] in DOCXTPL_PREFIXES:  # {%tr for ...%}, {%p endif %}
            words = words[1:]
        keyword = words[0] if words else ""
        if keyword in BLOCKS or (keyword == "set" and "=" not in tag):
            stack.append((keyword, tag))
        elif keyword.startswith("end"):
            if stack and stack[-1][0] == keyword[3:]:
                stack.pop()
            elif stack:
                opener = stack.pop()
                problems.append((f"{{% {keyword} %}} closes {opener[1]}", tag))
            else:
                problems.append((f"{{% {keyword} %}} closes no open block", tag))
    problems += [(f"unclosed tag: no {{% end{keyword} %}} for it", tag)
                 for keyword, tag in stack]
    return problems


def check_templates(root: Path, wanted: Iterable[tuple[str, str, Shape]]
                    ) -> list[TemplateIssue]:
    """Issues of the templates ``root/<language>/<template>.docx`` for each wanted
    (language, template, shape)."""
    issues: list[TemplateIssue] = []
    for language, template, shape in wanted:
        path = root / language / f"{template}.docx"
        issues.extend(check_template(path, f"{language}/{template}.docx", shape))
    return issues
