"""What both workbook readers ask of a sheet's raw XML and of the Rust readers they call.

``windows`` reads a sheet's XML a few MB at a time, each window starting with the end of
the one before, so a mark split between two reads is found whole; ``may_have_marks`` says
whether a window may hold a formula or an error value, which neither Rust reader shows.
``native`` calls into calamine or fastexcel, where a panic in Rust code arrives as a
``BaseException`` that is none of Python's own.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")

_CHUNK = 1 << 22    # bytes of sheet XML read at a time
_OVERLAP = 1024     # kept from the window before
# An error value, t="e". Starts with a literal so the search is fast; an attribute merely
# ending in "t" matching it only costs a parse (or, for the column reader, a fallback).
_ERROR_TYPE = re.compile(rb"""t\s*=\s*["']e["']""")
_LT, _F, _E, _QUOTES = ord("<"), ord("f"), ord("e"), (ord('"'), ord("'"))


def windows(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The XML of ``member`` in overlapping windows, never held whole."""
    tail = b""
    with archive.open(member) as handle:
        while chunk := handle.read(_CHUNK):
            data = tail + chunk
            yield data
            tail = data[-_OVERLAP:]


def may_have_marks(window: bytes) -> bool:
    """Whether ``window`` may hold a formula (``<f``) or an error value (``t="e"``).

    A sheet's XML has few f's and e's (its text is in the shared strings), so numpy finds
    them, and looks at the byte before each f and around each e, in a tenth of the time
    of byte searches (which for a two-byte needle step through nearly every byte) and
    without holding the GIL; the regex runs only where an e stands between quotes.
    """
    data = np.frombuffer(window, np.uint8)
    before_f = np.flatnonzero(data[1:] == _F)
    if (data[before_f] == _LT).any():
        return True
    before_e = np.flatnonzero(data[1:-1] == _E)
    if not (np.isin(data[before_e], _QUOTES) & np.isin(data[before_e + 2], _QUOTES)).any():
        return False
    return _ERROR_TYPE.search(window) is not None


def native(call: Callable[..., T], *args: Any, failed: type[Exception],
           **kwargs: Any) -> T:
    """``call(*args, **kwargs)``, any failure of the Rust code behind it raised as
    ``failed`` (an interrupt, an exit and running out of memory pass as they are)."""
    try:
        return call(*args, **kwargs)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # the library's errors, and a Rust panic
        raise failed(str(exc)) from exc
