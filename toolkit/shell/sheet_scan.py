"""What both workbook readers ask of a sheet's raw XML and of the Rust readers they call.

``windows`` reads a sheet's XML a few MB at a time, each window starting with the end of
the one before, so a mark split between two reads is found whole; ``may_have_marks`` says
whether a window may hold a formula or an error value, which neither Rust reader shows.
``native`` calls into calamine or fastexcel, where a panic in Rust code arrives as a
``BaseException`` that is none of Python's own.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

import numpy as np
from isal import isal_zlib

T = TypeVar("T")

_CHUNK = 1 << 22    # bytes of sheet XML read at a time
_OVERLAP = 1024     # kept from the window before
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # a zip entry's local header, names after it
_ENCRYPTED = 0x1
_INFLATE_ERROR = cast(type[Exception], isal_zlib.error)  # its stub calls it an instance
# An error value, t="e". Starts with a literal so the search is fast; an attribute merely
# ending in "t" matching it only costs a parse (or, for the column reader, a fallback).
_ERROR_TYPE = re.compile(rb"""t\s*=\s*["']e["']""")
_LT, _F, _E, _QUOTES = ord("<"), ord("f"), ord("e"), (ord('"'), ord("'"))


def windows(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The XML of ``member`` in overlapping windows, never held whole."""
    tail = b""
    for chunk in _chunks(archive, archive.getinfo(member)):
        data = tail + chunk
        yield data
        tail = data[-_OVERLAP:]


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The data of a zip entry a few MB at a time. A deflated entry of a package on disk
    is inflated by ISA-L, twice as fast as zlib, and its CRC-32 checked as zipfile checks
    it; any other entry is read through zipfile."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & _ENCRYPTED \
            or not isinstance(archive.filename, str):
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk
        return
    with open(archive.filename, "rb") as handle:
        handle.seek(info.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"Bad magic number for file header of {info.filename}")
        name, extra = _LOCAL_HEADER.unpack(header)[-2:]
        handle.seek(name + extra, 1)
        inflate, crc, left = isal_zlib.decompressobj(-isal_zlib.MAX_WBITS), 0, info.compress_size
        while left:
            block = handle.read(min(left, _CHUNK >> 3))  # XML inflates about 7-fold
            if not block:
                raise EOFError(f"{info.filename}: the zip entry ends early")
            left -= len(block)
            chunk = _inflated(inflate.decompress, block, info)
            crc = isal_zlib.crc32(chunk, crc)
            yield chunk
        chunk = _inflated(inflate.flush, None, info)
        crc = isal_zlib.crc32(chunk, crc)
        yield chunk
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")


def _inflated(step: Callable[..., bytes], block: bytes | None, info: zipfile.ZipInfo
              ) -> bytes:
    """``step(block)`` (or ``step()``), bad deflate data raised as zipfile's error."""
    try:
        return step() if block is None else step(block)
    except _INFLATE_ERROR as exc:
        raise zipfile.BadZipFile(f"Bad deflate data in file {info.filename!r}: {exc}") \
            from exc


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
