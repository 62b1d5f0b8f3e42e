"""The HR summary of a run: who needs a PIP, which review steps are overdue, who won what.

Short lines in the plan's language for the console and the results workbook's Summary
sheet. Each line counts its items and lists the most recent first (a PIP for the latest
quarter matters more than one from last year), at most ``limit`` of them, then says how
many more there are. Kinds with nothing to report are left out; when nothing at all is to
report, one line says so.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from toolkit.core.action_text import ACTION_ORDER, STEP_ZH, period_order, say
from toolkit.core.pipeline import Results

SUMMARY_LIMIT = 8


def hr_summary(actions: pd.DataFrame, schedule: pd.DataFrame, language: str = "en",
               names: Mapping[str, str] | None = None, limit: int = SUMMARY_LIMIT
               ) -> list[str]:
    """Lines: PIPs, overdue review steps, too-short one-on-ones, then each other action
    kind (plans, rate changes, careers, awards) that occurred."""
    people = names or {}
    lines: list[str] = []
    pips = actions[actions["action"] == "pip"]
    if len(pips):
        lines.append(say(language, "sum_pip", count=len(pips),
                         items=_items(pips, people, language, limit)))
    for status, key in (("overdue", "sum_overdue"), ("too_short", "sum_too_short")):
        steps = schedule[schedule["status"] == status]
        if len(steps):
            lines.append(say(language, key, count=len(steps),
                             items=_items(steps, people, language, limit, "step")))
    for kind in ACTION_ORDER[1:]:
        found = actions[actions["action"] == kind]
        if len(found):
            lines.append(say(language, "sum_action", label=say(language, f"label_{kind}"),
                             count=len(found), items=_items(found, people, language, limit)))
    return lines or [say(language, "sum_none")]


def _items(frame: pd.DataFrame, names: Mapping[str, str], language: str, limit: int,
           extra: str | None = None) -> str:
    """``E1 Ann 2026-Q2[ step]`` per row, newest period first, at most ``limit``."""
    periods = frame["period"].tolist()
    steps = frame[extra].tolist() if extra is not None else [None] * len(frame)
    # Three columns read whole, and each distinct period parsed once: there are far fewer
    # periods than rows. The sort is stable, so rows of one period keep their order.
    order = {period: period_order(period) for period in set(periods)}
    rows = sorted(zip(periods, frame["employee_id"].tolist(), steps, strict=True),
                  key=lambda row: order[row[0]], reverse=True)
    texts = []
    for period, who, step in rows[:limit]:
        name = names.get(who)
        text = f"{who} {name} {period}" if name else f"{who} {period}"
        if extra is not None:
            text += f" {STEP_ZH.get(step, step) if language == 'zh' else step}"
        texts.append(text)
    if len(rows) > limit:
        texts.append(say(language, "more", count=len(rows) - limit))
    return say(language, "sep").join(texts)


def results_summary(results: Results) -> list[str]:
    """The HR summary of a run; empty when actions or schedule were not computed."""
    if results.actions is None or results.schedule is None:
        return []
    names = dict(zip(results.scores["employee_id"].tolist(), results.scores["name"].tolist(),
                     strict=True))
    return hr_summary(results.actions, results.schedule, results.plan.language,
                      {k: str(v) for k, v in names.items()})
