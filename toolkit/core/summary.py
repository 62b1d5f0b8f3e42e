"""Short summaries of a run, for the console and the results workbook."""

from __future__ import annotations

import pandas as pd

from toolkit.core.periods import Period
from toolkit.core.plan import GRADES


def _closing(text: str) -> tuple[object, int]:
    period = Period.parse(text)
    return (period.end, ("month", "quarter", "year").index(period.cycle))


def grade_distribution(scores: pd.DataFrame) -> pd.DataFrame:
    """Per graded period (in time order): how many were graded and how many got each grade."""
    columns = ["period", "cycle", "graded", *GRADES]
    if scores.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab(scores["period"], scores["grade"]).reindex(columns=list(GRADES),
                                                                     fill_value=0)
    counts = counts.assign(graded=counts.sum(axis=1)).reset_index()
    counts = counts.assign(cycle=[Period.parse(p).cycle for p in counts["period"]])
    # By the day each period closes: a quarter after its third month, a year last.
    order = sorted(range(len(counts)), key=lambda i: _closing(counts["period"][i]))
    return counts.iloc[order][columns].reset_index(drop=True)
