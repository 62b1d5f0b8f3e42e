"""The functional core: pure functions over DataFrames and frozen dataclasses, no I/O.

Nothing here imports xlwings, openpyxl, docxtpl or jinja2 (a test checks it).
"""

import pandas as _pd

# Text columns hold Python strings (pandas' "python" storage) whether or not pyarrow is
# installed: a run's frames then share their strings with the cells they came from, where
# pyarrow storage makes new ones each time a column is read back (300 MB more at the peak
# of a 2,000-person close with documents), and a run does not change with what is installed.
_pd.set_option("mode.string_storage", "python")
