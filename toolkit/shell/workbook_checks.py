"""Is this file a workbook the toolkit can read? Checked before any reader opens it.

Each refusal says what the file is and what to do, so HR can fix it without help:
- no such file, a folder, an empty file;
- an OLE file: a password-protected workbook (Excel encrypts into an OLE container), an
  old .xls, or another old Office file;
- not a zip at all, or a zip cut short (a copy that did not finish); a part whose data
  is damaged is found when it is read (``DAMAGE``, ``damaged_workbook``);
- a zip that is no Excel workbook (a Word document, an archive of other files);
- a part larger than ``MAX_PART`` unpacked (a zip bomb);
- an XML part that declares a document type (DTD) before its root element. Excel never
  writes one, and entity declarations are what an XML bomb ("billion laughs") is made of:
  refusing the DTD outright is faster and safer than trusting each parser's limits.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from toolkit.core.problems import ToolkitError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PART = 1 << 30          # 1 GiB unpacked: far above any real sheet
MAX_PREAMBLE = 1 << 20      # what may come before an XML part's root element
_CHUNK = 1 << 16
# What reading a damaged part of the package raises: a bad header or CRC, bad deflate
# data, data that ends early.
DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError)


class UnreadableWorkbook(ToolkitError):
    """The file is not a workbook the toolkit can read; the message says why."""


def check_readable(path: Path) -> None:
    """Raise ``UnreadableWorkbook`` with a plain reason for files that are not .xlsx/.xlsm."""
    if not path.exists():
        raise UnreadableWorkbook(f"{path}: no such file")
    if path.is_dir():
        raise UnreadableWorkbook(f"{path}: is a folder, expected an .xlsx or .xlsm file")
    if path.stat().st_size == 0:
        raise UnreadableWorkbook(f"{path}: is empty (0 bytes), expected an .xlsx or .xlsm "
                                 "file")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        raise UnreadableWorkbook(f"{path}: {_ole_reason(path)}")
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            raise UnreadableWorkbook(f"{path}: is a damaged or incomplete workbook (perhaps "
                                     "it was not copied completely); copy or save it again")
        raise UnreadableWorkbook(f"{path}: is not an Excel workbook (.xlsx or .xlsm)")
    try:
        _check_package(path)
    except (*DAMAGE, NotImplementedError) as exc:
        raise damaged_workbook(path, exc) from exc


def damaged_workbook(path: Path, exc: Exception) -> UnreadableWorkbook:
    return UnreadableWorkbook(f"{path}: is a damaged workbook ({exc}); open it in Excel and "
                              "save it again")


def _ole_reason(path: Path) -> str:
    """An OLE compound file names its streams in UTF-16; the names say what it holds."""
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        return ("is password-protected; open it in Excel, remove the password (File > Info "
                "> Protect Workbook > Encrypt with Password, then clear it), save it, and "
                "run again")
    if "Workbook".encode("utf-16-le") in data or "Book\0".encode("utf-16-le") in data:
        return "is an old-format Excel file (.xls); open it in Excel and save it as .xlsx"
    return ("is an old-format (.xls) or password-protected workbook; open it in Excel, "
            "remove the password if any, and save it as .xlsx")


def _check_package(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "word/document.xml" in names:
            raise UnreadableWorkbook(f"{path}: is a Word document, not an Excel workbook")
        if not any(name.startswith("xl/") for name in names):
            raise UnreadableWorkbook(f"{path}: is a zip archive but not an Excel workbook "
                                     "(it has no xl/ folder)")
        for info in infos:
            if info.file_size > MAX_PART:
                raise UnreadableWorkbook(
                    f"{path}: its part {info.filename} unpacks to {info.file_size:,} bytes "
                    f"(more than {MAX_PART:,}); refused as a possible zip bomb")
            if info.filename.endswith((".xml", ".rels", ".vml")):
                reason = _preamble_problem(archive, info)
                if reason:
                    raise UnreadableWorkbook(
                        f"{path}: its part {info.filename} {reason}; Excel never writes "
                        "that, and it may be an XML bomb, so the file is refused")


def _preamble_problem(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """Why the XML before the part's root element is refused, or ``None``."""
    with archive.open(info) as handle:
        head = handle.read(MAX_PREAMBLE)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    position = 0
    while True:
        start = head.find(b"<", position)
        if start < 0:
            break
        if head.startswith(b"<?", start):
            end, step = head.find(b"?>", start), 2
        elif head.startswith(b"<!--", start):
            end, step = head.find(b"-->", start), 3
        elif head.startswith(b"<!", start):
            return "declares a document type (DTD) with <!DOCTYPE or <!ENTITY"
        else:
            return None  # the root element
        if end < 0:
            break
        position = end + step
    if len(head) >= MAX_PREAMBLE:
        return f"has more than {MAX_PREAMBLE:,} bytes before its first element"
    return None
