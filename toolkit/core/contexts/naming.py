"""File and folder names that every file system accepts (Windows, macOS, Linux, ZIP).

``safe_component`` keeps letters of any script (Chinese names stay Chinese), and:
- normalizes to Unicode NFC (macOS would otherwise store another byte sequence);
- replaces what Windows forbids (``< > : " / \\ | ? *``), control characters, and ``#``
  and ``%`` (they break a hyperlink to the file) by ``_``; collapses whitespace;
- drops leading and trailing spaces and dots (Windows strips them silently);
- prefixes Windows device names (``CON``, ``NUL``, ``COM1``, ``LPT1``... also before a dot);
- cuts the name to ``max_bytes`` of UTF-8 (ext4 allows 255 bytes; a short name leaves room
  for the folder in Windows' 260-character paths) without splitting a character.

``unique_names`` makes names unique the way a case-insensitive file system compares them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_FORBIDDEN = re.compile(r'[<>:"/\\|?*#%\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                      *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))})
MAX_BYTES = 120


def safe_component(text: str, max_bytes: int = MAX_BYTES) -> str:
    """One path component (no separators) safe on every file system; never empty."""
    name = unicodedata.normalize("NFC", text)
    name = _SPACES.sub(" ", name)
    name = _FORBIDDEN.sub("_", name).strip(" .")
    name = _cut(name, max_bytes).rstrip(" .")
    if name.split(".")[0].upper() in _DEVICES:
        name = f"_{name}"
    return name or "_"


def _cut(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def unique_names(names: Iterable[str]) -> list[str]:
    """``names`` with a suffix `` (2)``, `` (3)``... on repeats, compared case-insensitively."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        candidate, number = name, 1
        while candidate.casefold() in seen:
            number += 1
            candidate = f"{name} ({number})"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out
