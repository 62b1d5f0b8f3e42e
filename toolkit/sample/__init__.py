"""A deterministic sample company for demos, tests and load checks (no file I/O here).

``generate(employees=40, months=24, seed=7, start=date(2025, 1, 1))`` returns a
``SampleCompany`` whose frames follow the sheet contracts of ``toolkit.core.sheets``;
``toolkit.shell.sample_writer.write_sample`` writes it as an English or Chinese workbook.
"""

from toolkit.sample.company import SampleCompany, generate

__all__ = ["SampleCompany", "generate"]
