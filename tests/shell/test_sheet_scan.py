"""The scan of raw sheet XML for formulas and error values finds exactly what plain byte
searches find, wherever the marks fall in a window."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.shell.sheet_scan import may_have_marks

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
