"""Building blocks for the Word templates: page, fonts, styles, tables and fields.

python-docx writes the .docx; the few things it has no API for (cell shading, borders,
fields, East-Asian fonts, the table grid) are set in the XML here, in the element order
the OOXML schema wants, so Word opens the templates without repairs. Fonts: Latin text in
Arial, East-Asian text in Microsoft YaHei (LibreOffice substitutes Noto Sans CJK for it);
every theme-font reference is removed so these names win.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

LATIN_FONT = "Arial"
EAST_ASIAN_FONT = "Microsoft YaHei"
NAVY, ACCENT, GREY, LIGHT, RULE = "1F3864", "2F5597", "595959", "F2F2F2", "BFBFBF"
TEXT_WIDTH_CM = 17.0
_PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                     "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                     "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                     "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                     "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                     "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                     "w:pPrChange")
_TBLPR_AFTER_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_TCPR_AFTER_SHADING = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                       "w:hideMark")


Element = BaseOxmlElement


def _set(element: Element, **attributes: str) -> Element:
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _element(tag: str, **attributes: str) -> Element:
    return _set(cast(Element, OxmlElement(f"w:{tag}")), **attributes)


def set_fonts(rpr: Element, language: str) -> None:
    """Explicit Latin and East-Asian fonts (theme references removed) and languages."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _element("rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        if key.endswith("Theme"):
            del fonts.attrib[key]
    _set(fonts, ascii=LATIN_FONT, hAnsi=LATIN_FONT, cs=LATIN_FONT, eastAsia=EAST_ASIAN_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _element("lang")
        rpr.append(lang)
    _set(lang, val="zh-CN" if language == "zh" else "en-GB", eastAsia="zh-CN")


def new_document(language: str, title: str) -> DocxDocument:
    """An A4 document with the fonts and the styles every template uses."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), language)
    _styles(doc, language)
    doc.core_properties.title = title
    doc.core_properties.author = "Sales performance toolkit"
    return doc


def _paragraph_style(doc: DocxDocument, name: str, size: float, language: str, *,
                     bold: bool = False, color: str | None = None, before: float = 0,
                     after: float = 4) -> None:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else \
        styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name not in ("Normal",):
        style.base_style = styles["Normal"]
    style.font.size, style.font.bold, style.font.italic = Pt(size), bold, False
    style.font.color.rgb = RGBColor.from_string(color) if color else None
    style.paragraph_format.space_before, style.paragraph_format.space_after = \
        Pt(before), Pt(after)
    style.paragraph_format.line_spacing = 1.1
    set_fonts(style.element.get_or_add_rPr(), language)


def _styles(doc: DocxDocument, language: str) -> None:
    _paragraph_style(doc, "Normal", 10, language, after=4)
    _paragraph_style(doc, "Title", 20, language, bold=True, color=NAVY, after=2)
    _paragraph_style(doc, "Subtitle", 11, language, color=GREY, after=10)
    _paragraph_style(doc, "Heading 1", 12, language, bold=True, color=NAVY, before=12,
                     after=6)
    _paragraph_style(doc, "Cell", 9, language, after=0)
    _paragraph_style(doc, "Cell Head", 9, language, bold=True, color="FFFFFF", after=0)
    _paragraph_style(doc, "Small", 8.5, language, color=GREY, after=2)
    _paragraph_style(doc, "Big", 22, language, bold=True, color=NAVY, after=0)
    heading = doc.styles["Heading 1"]
    heading.paragraph_format.keep_with_next = True
    bottom_border(heading.element.get_or_add_pPr(), ACCENT)
    title = doc.styles["Title"].element.get_or_add_pPr()
    for old in title.findall(qn("w:pBdr")):
        title.remove(old)
    for name in ("Header", "Footer"):  # Letter-size tab stops; each paragraph sets its own
        ppr = doc.styles[name].element.get_or_add_pPr()
        for old in ppr.findall(qn("w:tabs")):
            ppr.remove(old)


def bottom_border(ppr: Element, color: str, size: str = "6") -> None:
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    border = _element("pBdr")
    border.append(_element("bottom", val="single", sz=size, space="1", color=color))
    ppr.insert_element_before(border, *_PPR_AFTER_BORDER)


def paragraph(container: object, text: str = "", style: str = "Normal", *,
              bold: bool = False, align: str | None = None, size: float | None = None,
              color: str | None = None) -> Paragraph:
    """A paragraph with one run of ``text`` (Jinja tags stay in one run)."""
    para: Paragraph = container.add_paragraph(style=style)  # type: ignore[attr-defined]
    return _fill(para, text, bold=bold, align=align, size=size, color=color)


def _fill(para: Paragraph, text: str, *, bold: bool, align: str | None, size: float | None,
          color: str | None) -> Paragraph:
    if text:
        run = para.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
    if align:
        para.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT,
                          "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
    return para


def shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    tcpr.insert_element_before(_element("shd", val="clear", color="auto", fill=fill),
                               *_TCPR_AFTER_SHADING)


def table(doc: DocxDocument, widths_cm: Sequence[float], rows: int = 0,
          borders: str = "rows") -> Table:
    """A fixed-layout table with the column widths given; ``borders``: ``rows`` (light
    horizontal rules), ``grid`` or ``none``."""
    grid: Table = doc.add_table(rows=rows, cols=len(widths_cm))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    tblpr = grid._tbl.tblPr  # autofit=False above set the fixed layout
    set_grid(grid, widths_cm)
    _table_borders(tblpr, borders)
    margins = _element("tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(side, w="85", type="dxa"))
    tblpr.insert_element_before(margins, *_TBLPR_AFTER_MARGINS)
    return grid


def set_grid(grid: Table, widths_cm: Sequence[float]) -> None:
    tbl_grid = grid._tbl.tblGrid
    for old in list(tbl_grid):
        tbl_grid.remove(old)
    for width in widths_cm:
        tbl_grid.append(_element("gridCol", w=str(int(Cm(width).twips))))
    for row in grid.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def _table_borders(tblpr: Element, kind: str) -> None:
    borders = _element("tblBorders")
    sides = {"rows": ("top", "bottom", "insideH"), "grid": ("top", "left", "bottom",
                                                             "right", "insideH", "insideV"),
             "none": ()}[kind]
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        value = "single" if side in sides else "nil"
        borders.append(_element(side, val=value, sz="4", space="0", color=RULE))
    tblpr.insert_element_before(borders, "w:shd", "w:tblLayout", *_TBLPR_AFTER_MARGINS)


def header_row(row: _Row) -> None:
    """Navy header cells, white bold text, repeated on every page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_element("tblHeader"))
    for cell in row.cells:
        shade(cell, NAVY)
        for para in cell.paragraphs:
            para.style = "Cell Head"


def cant_split(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(_element("cantSplit"))


def keep_together(grid: Table) -> None:
    """Word's way of keeping a table on one page: every row but the last keeps with the
    next (LibreOffice honours it too); the paragraph before it is kept with it."""
    for row in grid.rows[:-1]:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True
    previous = grid._tbl.getprevious()
    if previous is not None and previous.tag == qn("w:p"):
        Paragraph(previous, grid._parent).paragraph_format.keep_with_next = True


def merge_row(row: _Row) -> _Cell:
    """The row's cells merged into one (for docxtpl ``{%tr %}`` control rows)."""
    cells = row.cells
    return cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]


def cell_text(cell: _Cell, text: str, style: str = "Cell", *, bold: bool = False,
              align: str | None = None, size: float | None = None,
              color: str | None = None) -> Paragraph:
    """Fill the cell's first paragraph with ``text`` in ``style``."""
    para: Paragraph = cell.paragraphs[0]
    para.style = style
    return _fill(para, text, bold=bold, align=align, size=size, color=color)


def add_field(para: Paragraph, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) that Word and LibreOffice update."""
    field = _element("fldSimple", instr=code)
    run, text = _element("r"), cast(Element, OxmlElement("w:t"))
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


def right_tab(para: Paragraph) -> None:
    para.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)


def strip_widths(cell: _Cell, *, keep_span: bool = True) -> None:
    """Remove the cell's width and shading. docxtpl's ``colspan`` and ``cellbg`` insert
    ``gridSpan`` and ``shd`` first in the cell properties, where the schema wants ``tcW``
    before them; the table grid gives the width instead."""
    tcpr = cell._tc.get_or_add_tcPr()
    for tag in ("w:tcW", "w:shd", *(() if keep_span else ("w:gridSpan",))):
        for old in tcpr.findall(qn(tag)):
            tcpr.remove(old)
