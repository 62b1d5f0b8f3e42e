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

T = TypeVar("T")

_CHUNK = 1 << 22    # bytes of sheet XML read at a time
_OVERLAP = 1024     # kept from the window before
# An error value, t="e". Starts with a literal so the search is fast; an attribute merely
# ending in "t" matching it only costs a parse (or, for the column reader, a fallback).
_ERROR_TYPE = re.compile(rb"""t\s*=\s*["']e["']""")
# What ``_ERROR_TYPE`` needs around the e: without one of these, it cannot match.
_QUOTED_E = (b'"e"', b"'e'", b'"e\'', b"'e\"")


def windows(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The XML of ``member`` in overlapping windows, never held whole."""
    tail = b""
    with archive.open(member) as handle:
        while chunk := handle.read(_CHUNK):
            data = tail + chunk
            yield data
            tail = data[-_OVERLAP:]


def may_have_marks(window: bytes) -> bool:
    """Whether ``window`` may hold a formula (``<f``) or an error value (``t="e"``); plain
    byte searches first, the regex only where a quoted e is found."""
    return b"<f" in window or (any(mark in window for mark in _QUOTED_E)
                               and _ERROR_TYPE.search(window) is not None)


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
