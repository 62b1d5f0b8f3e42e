"""The functional core: pure functions over DataFrames and frozen dataclasses, no I/O.

Nothing here imports xlwings, openpyxl, docxtpl or jinja2 (a test checks it).
"""
