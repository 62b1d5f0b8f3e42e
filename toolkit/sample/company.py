"""The sample company: every input sheet, generated from a seed.

``generate`` is deterministic: it draws only from ``random.Random`` instances seeded from
``seed`` and a fixed name per part, so the same arguments give equal frames, and the
parts do not shift one another when one of them changes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import pandas as pd

from toolkit.core.sheets import INPUT_SHEETS, SHEETS_BY_NAME
from toolkit.sample import activity, deals, hr, payroll, reviews
from toolkit.sample.staff import build_org
from toolkit.sample.table import ZH, Table
from toolkit.sample.timeline import Timeline

LANGUAGES = ("en", "zh")


@dataclass(frozen=True, eq=False)
class SampleCompany:
    """Frames per sheet contract name (``Employees``, ``Sales``, ...).

    Each frame has the contract's columns in contract order, with Python values (str,
    int, float, ``datetime.date``; ``None`` for a blank). A text column that differs by
    language is followed by a ``<column>_zh`` twin with the Chinese text; ids, numbers,
    dates and periods are the same in both languages. ``as_of`` is the date the sample is
    meant to be graded at (the 20th day after its last month).
    """

    sheets: dict[str, pd.DataFrame]
    as_of: date

    def frame(self, name: str, language: str = "en") -> pd.DataFrame:
        """The sheet as written in ``language``: contract columns only, in contract order;
        in ``zh`` each column with a ``_zh`` twin takes the twin's text."""
        if language not in LANGUAGES:
            raise ValueError(f"expected a language en or zh, found {language!r}")
        frame = self.sheets[name]
        columns = [c.name for c in SHEETS_BY_NAME[name].columns]
        if language == "zh":
            frame = frame.assign(**{c: frame[c + ZH] for c in columns if c + ZH in frame})
        return frame[columns]

    def with_sales_rows(self, rows: int) -> SampleCompany:
        """The same company with its Sales sheet filled to ``rows`` rows, for load checks
        (Excel's last row is 1,048,576, so 1,048,575 rows under the header fill it).

        The contracts are repeated in order, each copy a new contract with the same day,
        seller, customer, amount and collection, its id suffixed ``-1``, ``-2``, ...; the
        Payments sheet gets each copy's payments (its contract's, under the new id) after
        its own rows. ``rows`` below the sheet's length cuts the sheet (its payments
        stay)."""
        sales = self.sheets["Sales"]
        if rows < 1 or sales.empty:
            raise ValueError(f"expected at least 1 row of a non-empty Sales sheet, found {rows}")
        filled = sales.iloc[[i % len(sales) for i in range(rows)]].reset_index(drop=True)
        copies = pd.DataFrame({
            "contract_id": filled["contract_id"][len(sales):],
            "copy_id": [f"{cid}-{i // len(sales)}" for i, cid in
                        enumerate(filled["contract_id"][len(sales):], start=len(sales))]})
        filled["contract_id"] = pd.concat([sales["contract_id"][:rows], copies["copy_id"]],
                                          ignore_index=True).astype(object)
        payments = self.sheets["Payments"]
        paid = copies.merge(payments, on="contract_id", how="inner", validate="many_to_many")
        paid = paid.drop(columns="contract_id").rename(columns={"copy_id": "contract_id"})
        more_payments = pd.concat([payments, paid[list(payments.columns)]], ignore_index=True)
        return SampleCompany({**self.sheets, "Sales": filled, "Payments": more_payments},
                             self.as_of)

    def equals(self, other: SampleCompany) -> bool:
        """Same sheets with equal frames and the same as-of date."""
        return (self.as_of == other.as_of and list(self.sheets) == list(other.sheets)
                and all(self.sheets[n].equals(other.sheets[n]) for n in self.sheets))


def generate(employees: int = 40, months: int = 24, seed: int = 7,
             start: date = date(2025, 1, 1)) -> SampleCompany:
    """A company of ``employees`` sales reps (plus managers and a director) over ``months``
    months from the month of ``start``, with every sheet of the input contract.

    Payroll comes last: up to ``payroll.EXACT_MAX_EMPLOYEES`` reps it pays the ledger the
    toolkit computes from the other sheets, with a few deliberate slips (this runs the
    whole pipeline, a few seconds for the default 40 reps); above that, a plausible
    approximation that does not reconcile (see ``toolkit.sample.payroll``)."""
    if months < 1:
        raise ValueError(f"expected at least 1 month, found {months}")
    timeline = Timeline.of(start, months)

    def rng(part: str) -> random.Random:
        return random.Random(f"{seed}:{part}")

    org = build_org(rng("org"), employees, timeline)
    sales_targets = activity.monthly_targets(rng("targets"), org, timeline)
    sold = deals.generate_deals(rng("deals"), org, timeline, sales_targets)
    review_rows, one_on_ones = reviews.reviews_table(rng("reviews"), org, timeline)
    tables: dict[str, Table] = {
        "Employees": hr.employees_table(org),
        "Targets": activity.targets_table(rng("target-rows"), org, timeline, sales_targets),
        "Sales": sold.sales,
        "Payments": sold.payments,
        "Customers": sold.customers,
        "Leads": activity.leads_table(rng("leads"), org, timeline),
        "Reviews": review_rows,
        "PeerReviews": reviews.peer_reviews_table(rng("peers"), org, timeline),
        "Appeals": reviews.appeals_table(rng("appeals"), org, timeline, one_on_ones),
        "History": hr.history_table(rng("history"), org, timeline),
        "Separations": hr.separations_table(rng("separations"), org),
        "Assets": hr.assets_table(rng("assets"), org, timeline),
    }
    frames = {name: table.frame() for name, table in tables.items()}
    # Last: Payroll pays what the plan computes from the other sheets.
    frames["Payroll"] = payroll.payroll_table(rng("payroll"), org, timeline, frames,
                                              sold.collected).frame()
    return SampleCompany({s.name: frames[s.name] for s in INPUT_SHEETS}, timeline.as_of)
