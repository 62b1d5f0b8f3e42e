"""Rows as generated, before they become a DataFrame."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

Row = tuple[Any, ...]
ZH = "_zh"  # suffix of a column holding the Chinese text of the column before it


@dataclass(frozen=True)
class Table:
    """Rows (tuples in the order of ``columns``) of one sheet.

    A column ``x_zh`` holds the Chinese text of column ``x``; the English text stays in
    ``x`` so the frame reads naturally in Python.
    """

    columns: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """An object-dtype frame: cells keep their Python values (str, int, float, date,
        None), so a blank stays ``None`` and a date stays a ``datetime.date``."""
        values = list(zip(*self.rows, strict=True)) if self.rows else [()] * len(self.columns)
        return pd.DataFrame({name: pd.Series(list(column), dtype=object)
                             for name, column in zip(self.columns, values, strict=True)})
