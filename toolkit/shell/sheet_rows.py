"""The rows of the large result sheets, written as SpreadsheetML straight from export text.

XlsxWriter lays out every result sheet: the header, the Excel table, number formats,
column widths, the frozen header and conditional fills. For a table sheet it writes only
the header and one *template row* whose cells carry each column's style, with the table
spanning those two rows. ``RowSplicer`` then copies the package to its final file, and in
each table sheet replaces the template row with the real rows, generated here as text, and
widens the sheet's dimension and the table's range to them.

Why: XlsxWriter spends about 10 µs on each cell (cell objects, a per-cell table overlap
map, per-cell XML), a minute and a half for the 6 million cells of a 2,000-person
year-end close. Here a cell is one f-string, and ISA-L's deflate (``isal_zlib``, three
times zlib's fastest level on sheet XML, and a smaller result) compresses in a second
thread while the next rows are generated (it releases the GIL). Each sheet is deflated
into a file (``write_deflated_sheet``), by this process or another, and the splicing
process copies that data into the package as it is (``RowSplicer.write_deflated``).

Cells follow what XlsxWriter writes: numbers with the column's style, blanks as styled
empty cells, text as inline strings escaped the way Excel expects (``&<>``, control
characters as ``_xHHHH_``, leading or trailing space preserved). A text cell is never a
formula.
"""

from __future__ import annotations

import os
import queue
import re
import struct
import tempfile
import threading
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Protocol, cast
from xml.etree import ElementTree

from isal import isal_zlib
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

# ISA-L level of the table sheets: level 1 compresses their XML about 6:1, faster than
# zlib's fastest level does about 5:1 (ISA-L's levels run 0 to 3).
ROWS_LEVEL = 1
# Rows per generated block: big enough to amortise the per-block work, small enough that a
# block (a few MB of XML) never matters for memory.
BLOCK_ROWS = 4096

_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
# Anything in a text that needs more than copying: markup, control characters, a literal
# escape sequence, or space at either end.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_EXCEL_EPOCH = date(1899, 12, 31).toordinal()
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class TableRows:
    """One table sheet's rows: each column's cell values as text, and how each is written.

    ``numeric[c]`` says column ``c`` holds numbers (written as values with the column's
    style); otherwise it holds text. A value's text is what the cell holds: ``""`` is a
    blank cell, a number's text any XML Schema double (``1234.50``, ``0.9512``).
    """

    sheet: str
    columns: Sequence[Sequence[str]]
    numeric: Sequence[bool]

    @property
    def rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0


def excel_serial(iso_date: str) -> str:
    """The Excel serial number of an ISO date (1900 date system, as XlsxWriter counts:
    the phantom 1900-02-29 shifts every date from 1900-03-01 on by one)."""
    if not iso_date:
        return ""
    days = date.fromisoformat(iso_date).toordinal() - _EXCEL_EPOCH
    return str(days + 1 if days > 59 else days)


def inline_text(text: str) -> str:
    """The inline-string body of a text cell."""
    if not _SPECIAL.search(text):
        return f"<is><t>{text}</t></is>"
    text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<is><t{space}>{text}</t></is>"


class _InlineTexts(dict[str, str]):
    """Inline-string bodies, each distinct text escaped once."""

    def __missing__(self, text: str) -> str:
        body = self[text] = inline_text(text)
        return body


def row_blocks(table: TableRows, styles: dict[int, str]) -> Iterator[str]:
    """The ``<row>`` elements of ``table`` from sheet row 2 on, a block of rows at a time.

    ``styles`` maps a column index to its cell style id (``s`` attribute), as the template
    row has it.
    """
    width = len(table.columns)
    letters = [xl_col_to_name(c) for c in range(width)]
    inline = _InlineTexts()
    for start in range(0, table.rows, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, table.rows)
        numbers = [str(r) for r in range(start + 2, stop + 2)]
        cells = [_column_cells(letters[c], styles.get(c), table.numeric[c],
                               table.columns[c][start:stop], numbers, inline)
                 for c in range(width)]
        spans = f'" spans="1:{width}">'
        yield "".join([f'<row r="{n}{spans}{"".join(row)}</row>'
                       for n, row in zip(numbers, zip(*cells, strict=True), strict=True)])


def _column_cells(letter: str, style: str | None, numeric: bool, texts: Sequence[str],
                  numbers: list[str], inline: _InlineTexts) -> list[str]:
    head = f'<c r="{letter}'
    styled = f'" s="{style}"' if style is not None else '"'
    if numeric:
        return [f"{head}{n}{styled}><v>{t}</v></c>" if t else
                (f"{head}{n}{styled}/>" if style is not None else "")
                for n, t in zip(numbers, texts, strict=True)]
    return [f'{head}{n}{styled} t="inlineStr">{inline[t]}</c>' if t else ""
            for n, t in zip(numbers, texts, strict=True)]


# What a deflated sheet file ends with: the CRC-32 and the size of the XML it holds.
_TRAILER = struct.Struct("<IQ")


@dataclass(frozen=True)
class DeflatedSheet:
    """A table sheet's whole XML, its rows in, deflated into a file by
    ``write_deflated_sheet`` (in another process) for ``RowSplicer.write_deflated``."""

    sheet: str
    rows: int
    width: int
    path: Path


def write_deflated_sheet(table: TableRows, template: str, target: Path) -> DeflatedSheet:
    """``table``'s sheet XML, ``template`` (its sheet in the layout, ``sheet_templates``)
    with the rows in, deflated into ``target`` as the data of a zip entry, followed by
    the XML's CRC-32 and size (``_TRAILER``). The splicing process then only copies it."""
    with target.open("wb") as handle:
        _deflate_sheet(table, template, handle)
    return DeflatedSheet(table.sheet, table.rows, len(table.columns), target)


def _deflate_sheet(table: TableRows, template: str, handle: IO[bytes]) -> None:
    ends = _spliced_ends(template, table.rows, len(table.columns))
    deflated = _Deflated(handle)
    with _Compressor(deflated) as compressor:
        if ends is None:
            compressor.put(template.encode("utf-8"))
        else:
            compressor.put(ends[0].encode("utf-8"))
            for block in row_blocks(table, _styles(_template_row(template))):
                compressor.put(block.encode("utf-8"))
            compressor.put(ends[1].encode("utf-8"))
    deflated.finish()


class _Deflated:
    """A file taking raw deflate data (a zip entry's), counting the CRC-32 and size of
    what it is given; ``finish`` ends the stream and appends the two (``_TRAILER``)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._deflate = isal_zlib.compressobj(ROWS_LEVEL, isal_zlib.DEFLATED,
                                              -isal_zlib.MAX_WBITS)
        self._crc = 0
        self._size = 0

    def write(self, data: bytes) -> None:
        self._crc = isal_zlib.crc32(data, self._crc)
        self._size += len(data)
        self._handle.write(self._deflate.compress(data))

    def finish(self) -> None:
        self._handle.write(self._deflate.flush())
        self._handle.write(_TRAILER.pack(self._crc, self._size))


class RowSplicer:
    """Copy a laid-out workbook to ``target``, putting each table's rows in its sheet.

    ``layout`` is the workbook XlsxWriter wrote, where each table sheet has its header in
    row 1, one template row 2 and a table ``A1:<last column>2``. Tables are written in the
    order ``write`` is called; everything else is copied afterwards, byte for byte.
    """

    def __init__(self, layout: Path | IO[bytes], target: Path) -> None:
        self._layout = zipfile.ZipFile(layout)
        self._out = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)
        self._folder = target.parent
        self._sheet_files = _sheet_files(self._layout)
        self._done: set[str] = set()
        self._copy("[Content_Types].xml")

    def __enter__(self) -> RowSplicer:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                for info in self._layout.infolist():
                    if info.filename not in self._done:
                        self._copy(info.filename)
        finally:
            self._out.close()
            self._layout.close()

    def write(self, table: TableRows) -> None:
        """Write ``table``'s sheet with its rows, and widen its table to them."""
        template = self._layout.read(self._sheet_files[table.sheet]).decode("utf-8")
        with tempfile.TemporaryFile(dir=self._folder) as handle:
            _deflate_sheet(table, template, handle)
            self._put_deflated(table.sheet, table.rows, len(table.columns), handle)

    def write_deflated(self, sheet: DeflatedSheet) -> None:
        """Write a sheet that ``write_deflated_sheet`` made from this layout (in another
        process), copying its deflated data as it is, and widen its table."""
        with sheet.path.open("rb") as handle:
            self._put_deflated(sheet.sheet, sheet.rows, sheet.width, handle)

    def _put_deflated(self, sheet: str, rows: int, width: int, handle: IO[bytes]) -> None:
        """Copy the deflated sheet in ``handle`` (``_deflate_sheet``) into the package."""
        name = self._sheet_files[sheet]
        layout = self._layout.getinfo(name)
        stored = handle.seek(-_TRAILER.size, os.SEEK_END)
        crc, size = _TRAILER.unpack(handle.read(_TRAILER.size))
        handle.seek(0)
        info = zipfile.ZipInfo(name, layout.date_time)
        info.external_attr, info.create_system = layout.external_attr, layout.create_system
        info.compress_type, info.CRC = zipfile.ZIP_DEFLATED, crc
        info.file_size, info.compress_size = size, stored
        _write_stored(self._out, info, handle)  # the data, not the trailer
        self._done.add(name)
        if _spliced_ends(self._layout.read(name).decode("utf-8"), rows, width) is not None:
            self._widen_table(sheet, _last_cell(rows, width))

    def _widen_table(self, sheet: str, last: str) -> None:
        """The table part of ``sheet`` covers the new rows (its name is the sheet's table)."""
        rels = self._sheet_files[sheet].replace("worksheets/", "worksheets/_rels/") + ".rels"
        if rels not in self._layout.namelist():
            return
        for target in re.findall(r'Target="\.\./tables/(table\d+\.xml)"',
                                 self._layout.read(rels).decode("utf-8")):
            part = f"xl/tables/{target}"
            xml = self._layout.read(part).decode("utf-8")
            xml = re.sub(r'ref="A1:[A-Z]+2"', f'ref="A1:{last}"', xml)
            self._write_copy(part, xml.encode("utf-8"))

    def _copy(self, name: str) -> None:
        self._write_copy(name, self._layout.read(name))

    def _write_copy(self, name: str, data: bytes) -> None:
        self._out.writestr(self._layout.getinfo(name), data)
        self._done.add(name)


def sheet_templates(layout: IO[bytes]) -> dict[str, str]:
    """Every sheet's XML in a laid-out workbook, for ``write_deflated_sheet`` in another
    process."""
    with zipfile.ZipFile(layout) as package:
        return {sheet: package.read(part).decode("utf-8")
                for sheet, part in _sheet_files(package).items()}


def _template_row(xml: str) -> re.Match[str] | None:
    """A sheet's template row 2, if it has one."""
    return re.search(r'<row r="2"[^>]*>(.*?)</row>|<row r="2"[^>]*/>', xml)


def _spliced_ends(xml: str, rows: int, width: int) -> tuple[str, str] | None:
    """The sheet XML before and after its rows, the dimension widened to them; ``None``
    when the sheet is copied as it is (no template row, or no rows)."""
    template = _template_row(xml)
    if template is None or rows == 0:
        return None
    head = re.sub(r'<dimension ref="A1:[A-Z]+2"/>',
                  f'<dimension ref="A1:{_last_cell(rows, width)}"/>', xml[:template.start()])
    return head, xml[template.end():]


def _last_cell(rows: int, width: int) -> str:
    return f"{xl_col_to_name(width - 1)}{rows + 1}"


def _write_stored(out: zipfile.ZipFile, info: zipfile.ZipInfo, data: IO[bytes]) -> None:
    """Add an entry whose deflated data, CRC and sizes are known (``info``) to ``out``,
    copying its ``info.compress_size`` bytes of data from ``data`` as they are. The
    zipfile module writes only what it compresses itself, so this does what its
    ``writestr`` does after compressing: the local header, the data right after it, and
    the entry in the central directory."""
    out._writecheck(info)  # type: ignore[attr-defined]
    handle = cast(IO[bytes], out.fp)
    info.header_offset = handle.tell()
    handle.write(info.FileHeader())
    left = info.compress_size
    while left:
        block = data.read(min(left, 1 << 22))
        if not block:
            raise OSError(f"{info.filename}: the deflated sheet ended {left} bytes early")
        handle.write(block)
        left -= len(block)
    out.filelist.append(info)
    out.NameToInfo[info.filename] = info
    out.start_dir = handle.tell()
    out._didModify = True  # type: ignore[attr-defined]


def _styles(template: re.Match[str] | None) -> dict[int, str]:
    return {} if template is None else {
        xl_cell_to_rowcol(ref)[1]: style
        for ref, style in re.findall(r'<c r="([A-Z]+2)" s="(\d+)"', template.group(0))}


def _sheet_files(package: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name -> its part (``xl/worksheets/sheet3.xml``), from the workbook."""
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    return {sheet.get("name", ""): f"xl/{targets[sheet.get(_REL_ID)]}"
            for sheet in book.iter(f"{_MAIN}sheet")}


class _Sink(Protocol):
    def write(self, data: bytes, /) -> object: ...


class _Compressor:
    """Write blocks to a zip entry in a second thread (zlib releases the GIL, so
    compression overlaps generating the next block)."""

    def __init__(self, handle: _Sink) -> None:
        self._handle = handle
        self._blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def put(self, block: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._blocks.put(block)

    def _drain(self) -> None:
        # After a failure the remaining blocks are taken and dropped, so ``put`` never
        # waits on a full queue; the error is raised in the writing thread.
        while (block := self._blocks.get()) is not None:
            if self._error is None:
                try:
                    self._handle.write(block)
                except BaseException as exc:  # raised again in the writing thread
                    self._error = exc

    def __enter__(self) -> _Compressor:
        return self

    def __exit__(self, *exc: object) -> None:
        self._blocks.put(None)
        self._thread.join()
        if self._error is not None and exc[0] is None:
            raise self._error
