"""``toolkit templates build``: writes templates/<en|zh>/*.docx, the Word templates HR edits.

The committed templates were made by this module; HR may edit them in Word afterwards
(the company name in the page header first of all), and ``toolkit templates check``
tells whether an edited template still fits its context. Shared page parts are here;
each document's content is in ``template_documents``.

Conventions every template follows (docxtpl): a value is ``{{ name }}`` inside one run;
a table loops with a row holding ``{%tr for row in rows %}`` and one holding
``{%tr endfor %}`` around the repeated row; a list loops with ``{%p for ... %}``
paragraphs. Templates only print and loop.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Cm, RGBColor

from toolkit.shell import docx_build as B
from toolkit.shell.docx_template import FIXED_TIME

COMPANY = ("Sample Company Ltd.", "示例有限公司")
BUILT = datetime(2026, 1, 1)


@dataclass(frozen=True)
class Column:
    """A table column: header (en, zh), the cell's text (a Jinja tag), width, alignment."""

    header: tuple[str, str]
    cell: str
    width: float
    align: str | None = None
    note: str = ""  # a second, smaller line in the cell


@dataclass(frozen=True)
class Page:
    """The document being built and its language."""

    doc: DocxDocument
    language: str

    def t(self, english: str, chinese: str) -> str:
        return chinese if self.language == "zh" else english

    def heading(self, english: str, chinese: str) -> None:
        B.paragraph(self.doc, self.t(english, chinese), "Heading 1")

    def text(self, text: str, style: str = "Normal", **options: object) -> None:
        B.paragraph(self.doc, text, style, **options)  # type: ignore[arg-type]

    def loop_paragraphs(self, loop: str, text: str, style: str = "Normal") -> None:
        """``{%p for loop %}`` / text / ``{%p endfor %}``: one paragraph per item."""
        B.paragraph(self.doc, f"{{%p for {loop} %}}", style)
        B.paragraph(self.doc, text, style)
        B.paragraph(self.doc, "{%p endfor %}", style)


def start(language: str, title: tuple[str, str], subtitle: str, footer: str) -> Page:
    """A new document with the company header, the title block and a footer."""
    page = Page(B.new_document(language, page_t(language, title)), language)
    section = page.doc.sections[0]
    head = section.header.paragraphs[0]
    B.right_tab(head)
    company = head.add_run(page.t(*COMPANY))
    company.bold = True
    company.font.color.rgb = RGBColor.from_string(B.NAVY)
    head.add_run("\t" + page.t(*title)).font.color.rgb = RGBColor.from_string(B.GREY)
    B.bottom_border(head._p.get_or_add_pPr(), B.NAVY, "8")
    foot = section.footer.paragraphs[0]
    foot.style = "Small"
    B.right_tab(foot)
    foot.add_run(footer + "\t" + page.t("Confidential · page ", "保密 · 第 "))
    B.add_field(foot, "PAGE")
    foot.add_run(page.t(" of ", " 页，共 "))
    B.add_field(foot, "NUMPAGES")
    if language == "zh":
        foot.add_run(" 页")
    page.text(page.t(*title), "Title")
    page.text(subtitle, "Subtitle")
    return page


def page_t(language: str, pair: tuple[str, str]) -> str:
    return pair[1] if language == "zh" else pair[0]


def info_table(page: Page, pairs: Sequence[tuple[tuple[str, str], str]],
               widths: tuple[float, float, float, float] = (3.0, 5.5, 3.0, 5.5)) -> None:
    """Label/value pairs, two per row, labels on a grey ground; ``widths`` in cm, 17 in
    all (a long value on the left, such as a date range, gets a wider first column)."""
    rows = (len(pairs) + 1) // 2
    grid = B.table(page.doc, widths, rows=rows, borders="rows")
    for index, (label, value) in enumerate(pairs):
        row, col = divmod(index, 2)
        cells = grid.rows[row].cells
        B.shade(cells[2 * col], B.LIGHT)
        B.cell_text(cells[2 * col], page.t(*label), bold=True, color=B.GREY)
        B.cell_text(cells[2 * col + 1], value)
    for row in grid.rows:
        row.height = Cm(0.6)


def loop_table(page: Page, columns: Sequence[Column], loop: str, *,
               fill: str | None = None, header: bool = True) -> None:
    """Header row, ``{%tr for loop %}``, the repeated row, ``{%tr endfor %}``."""
    grid = B.table(page.doc, [c.width for c in columns], rows=4 if header else 3,
                   borders="rows")
    rows = list(grid.rows)
    if header:
        head = rows.pop(0)
        for cell, column in zip(head.cells, columns, strict=True):
            B.cell_text(cell, page.t(*column.header), "Cell Head", align=column.align)
        B.header_row(head)
    B.cell_text(B.merge_row(rows[0]), f"{{%tr for {loop} %}}")
    for cell, column in zip(rows[1].cells, columns, strict=True):
        B.cell_text(cell, column.cell, align=column.align)
        if column.note:
            B.paragraph(cell, column.note, "Small").paragraph_format.space_after = 0
        if fill:
            B.shade(cell, fill)
    B.cant_split(rows[1])
    B.cell_text(B.merge_row(rows[2]), "{%tr endfor %}")


def signatures(page: Page, roles: Sequence[tuple[tuple[str, str], str]]) -> None:
    """A signature block: role, name, a line to sign on and a date, one role a row."""
    grid = B.table(page.doc, (3.6, 5.0, 5.2, 3.2), rows=len(roles) + 1, borders="rows")
    headers = (("Role", "角色"), ("Name", "姓名"), ("Signature", "签名"), ("Date", "日期"))
    for cell, header in zip(grid.rows[0].cells, headers, strict=True):
        B.cell_text(cell, page.t(*header), "Cell Head")
    B.header_row(grid.rows[0])
    for row, (role, name) in zip(grid.rows[1:], roles, strict=True):
        row.height = Cm(1.1)
        B.cant_split(row)
        cells = row.cells
        B.cell_text(cells[0], page.t(*role), bold=True)
        B.cell_text(cells[1], name)
        B.cell_text(cells[2], "")
        B.cell_text(cells[3], "")
    B.keep_together(grid)


def save(page: Page, root: Path, name: str) -> Path:
    """Write the template with fixed dates, so building twice gives the same bytes."""
    target = root / page.language / f"{name}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.doc.core_properties.created = page.doc.core_properties.modified = BUILT
    page.doc.core_properties.revision = 1
    buffer = io.BytesIO()
    page.doc.save(buffer)
    with zipfile.ZipFile(buffer) as built, zipfile.ZipFile(target, "w") as out:
        for info in built.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, built.read(info))
    return target


def build_templates(root: Path) -> list[Path]:
    """Write every template of every language under ``root``; return the files."""
    from toolkit.shell.template_documents import DOCUMENTS

    return [save(build(language), root, name) for name, build in DOCUMENTS.items()
            for language in ("en", "zh")]
