"""Sales-force performance toolkit: KPI scores, grades, payouts and HR documents from Excel."""

__version__ = "0.1.0"
