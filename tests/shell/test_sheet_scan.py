"""The scan of raw sheet XML for formulas and error values finds exactly what plain byte
searches find, wherever the marks fall in a window; the windows hold exactly the entry's
XML, however it is stored, and a damaged entry is refused as zipfile refuses it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.shell.sheet_scan import _CHUNK, _OVERLAP, may_have_marks, windows
from toolkit.shell.workbook_checks import DAMAGE

_ERROR_TYPE = re.compile(rb"""t\s*=\s*["']e["']""")


def searched(window: bytes) -> bool:
    """The definition: a ``<f`` anywhere, or ``t="e"`` in any quoting and spacing."""
    return b"<f" in window or _ERROR_TYPE.search(window) is not None


# Pieces of sheet XML, among them every mark, near misses, and the bytes the scan looks at.
PIECES = st.sampled_from([
    b'<c r="A2" s="1" t="s"><v>12</v></c>', b'<c r="B2"><v>3.5</v></c>', b'<f>SUM(A1:A2)</f>',
    b"<f ", b"<f", b"f", b"<", b"e", b'"', b"'", b' t="e"', b" t='e'", b' t = "e"', b't="e\'',
    b"t='e\"", b' t="str"', b' t="inlineStr"', b'"e"', b"'e'", b'<is><t>free "e" text</t></is>',
    b"<row r=\"2\" spans=\"1:9\">", b"</row>", b"<sheetFormatPr/>", b" ", b"t=", b"e\"",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map(b"".join))
def test_the_scan_finds_what_byte_searches_find(window: bytes) -> None:
    assert may_have_marks(window) == searched(window)


def test_marks_at_the_edges_of_a_window_are_found() -> None:
    body = b'<c r="A2"><v>1</v></c>' * 1000
    assert may_have_marks(b"<f>1</f>" + body)
    assert may_have_marks(body + b"<f")
    assert may_have_marks(b't="e"' + body)
    assert may_have_marks(body + b"t='e'")
    assert not may_have_marks(body)
    assert not may_have_marks(b"")
    assert not may_have_marks(b"e")


def _xml(rows: int) -> bytes:
    return b"<sheetData>" + b"".join(
        b'<row r="%d"><c r="A%d"><v>%d.25</v></c><c r="B%d" t="inlineStr"><is><t>E%05d</t>'
        b"</is></c></row>" % (r, r, r * 7919 % 100003, r, r % 997) for r in range(rows)) + \
        b"</sheetData>"


def _joined(found: list[bytes]) -> bytes:
    """The XML back from overlapping windows: each window after the first repeats the
    last ``_OVERLAP`` bytes of the one before."""
    return found[0] + b"".join(window[_OVERLAP:] for window in found[1:]) if found else b""


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_the_windows_hold_the_whole_entry_once(tmp_path: Path, compression: int) -> None:
    xml = _xml(200_000)  # about 16 MB: several windows
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", compression) as package:
        package.writestr("xl/worksheets/sheet1.xml", xml)
        package.writestr("xl/empty.xml", b"")
    with zipfile.ZipFile(path) as package:
        found = list(windows(package, "xl/worksheets/sheet1.xml"))
        assert len(found) > 2 and max(map(len, found)) <= _CHUNK + _OVERLAP
        assert _joined(found) == xml
        assert _joined(list(windows(package, "xl/empty.xml"))) == b""


@pytest.mark.parametrize("damage", ["a changed byte", "an invalid block type"])
def test_a_damaged_entry_is_refused_as_zipfile_refuses_it(tmp_path: Path, damage: str) -> None:
    """A changed byte mid-stream (a bad CRC, or bad data), or a first byte that is no
    deflate block: refused as damage (``DAMAGE``), naming the entry, as zipfile does."""
    xml = _xml(20_000)
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(path) as package:
        info = package.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename)
    if damage == "a changed byte":
        data[start + info.compress_size // 2] ^= 0x55
    else:
        data[start] = 0xFF  # block type 3, which deflate does not have
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as package:
        with pytest.raises(DAMAGE) as theirs:
            package.read(info.filename)
        with pytest.raises(zipfile.BadZipFile, match=info.filename) as ours:
            list(windows(package, info.filename))
    if isinstance(theirs.value, zipfile.BadZipFile):  # a bad CRC: the same words
        assert str(ours.value) == str(theirs.value)
