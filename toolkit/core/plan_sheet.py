"""The Plan sheet: three blocks HR edits (settings, weights, grade bands), read into a Plan.

Each block starts at its header row anywhere on the sheet (an Excel table or a plain
range) and runs until its first blank row:

    key | value | description            settings; a left-out key keeps its default
    indicator | month | quarter | year     percent weights (or fractions summing to 1)
    grade | min_score | coefficient        S, A, B, C, D with strictly decreasing bounds

Headers may be English or Chinese. Every bad value is a problem at its cell; a plan that
breaks a rule is a problem too, and the default plan stands in so validation can go on.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
from typing import Any

from toolkit.core.cells import CellError, clean_text, describe, read_money
from toolkit.core.periods import CYCLES
from toolkit.core.plan import (
    GRADES,
    INDICATOR_ZH,
    INDICATORS,
    SETTING_EN,
    SETTING_KINDS,
    SETTING_ZH,
    GradeBands,
    Plan,
    Weights,
)
from toolkit.core.problems import PlanInvalid, Problem, error, warning
from toolkit.core.raw import RawSheet, is_blank
from toolkit.core.sheets import normalize_name

SETTINGS_HEADER = (("key", "setting", "参数", "设置项", "键"), ("value", "值", "取值"))
WEIGHTS_HEADER = (("indicator", "指标"), ("month", "月度", "月"), ("quarter", "季度"),
                  ("year", "年度", "年"))
BANDS_HEADER = (("grade", "等级"), ("min_score", "mintotalscore", "minscore", "最低总分",
                                     "最低分"), ("coefficient", "系数", "奖金系数"))
_TRUE = {"yes", "y", "true", "1", "是", "1.0"}
_FALSE = {"no", "n", "false", "0", "否", "0.0"}


def _header_positions(row: Any, header: tuple[tuple[str, ...], ...]) -> list[int] | None:
    folded = [normalize_name(c) if not is_blank(c) else "" for c in row]
    positions = []
    for names in header:
        wanted = {normalize_name(n) for n in names}
        hit = next((i for i, f in enumerate(folded) if f in wanted), None)
        if hit is None:
            return None
        positions.append(hit)
    return positions


def _block(raw: RawSheet, header: tuple[tuple[str, ...], ...]
           ) -> tuple[int, list[int], list[tuple[int, list[Any]]]] | None:
    """The header's Excel row, column offsets and the rows of the block below it."""
    for index, row in enumerate(raw.rows):
        positions = _header_positions(row, header)
        if positions is None:
            continue
        body: list[tuple[int, list[Any]]] = []
        for offset, data in enumerate(raw.rows[index + 1:], start=index + 1):
            cells = [data[p] if p < len(data) else None for p in positions]
            if is_blank(cells[0]):
                break
            body.append((raw.first_row + offset, cells))
        return raw.first_row + index, positions, body
    return None


def parse_plan(raw: RawSheet, problems: list[Problem]) -> Plan:
    """Read the Plan sheet; problems go to ``problems``; the defaults fill every gap."""
    values = _settings(raw, problems)
    weights = _weights(raw, problems)
    bands = _bands(raw, problems)
    try:
        plan = replace(Plan(), **values)
    except PlanInvalid as exc:
        problems.append(error(raw.title, f"expected a valid plan setting, found: {exc}"))
        plan = Plan()
    if weights is not None:
        plan = replace(plan, weights=weights)
    if bands is not None:
        plan = replace(plan, bands=bands)
    return plan


def _cell_error(raw: RawSheet, row: int, offset: int, name: str, message: str) -> Problem:
    return error(raw.title, message, row=row, column=name, col_index=raw.first_col + offset)


def _settings(raw: RawSheet, problems: list[Problem]) -> dict[str, Any]:
    block = _block(raw, SETTINGS_HEADER)
    if block is None:
        return {}
    _, positions, body = block
    values: dict[str, Any] = {}
    for row, (key_cell, value_cell) in body:
        key = normalize_name(key_cell)
        name = next((f for f in SETTING_KINDS if normalize_name(f) == key), None)
        if name is None:
            problems.append(warning(raw.title, f"unknown setting {clean_text(key_cell)!r} is "
                                    "ignored", row=row, column="key",
                                    col_index=raw.first_col + positions[0]))
            continue
        if is_blank(value_cell):
            continue
        try:
            values[name] = _setting_value(SETTING_KINDS[name], value_cell)
        except CellError as exc:
            problems.append(_cell_error(raw, row, positions[1], name, str(exc)))
    return values


def _setting_value(kind: str, cell: object) -> Any:
    if kind == "bool":
        text = clean_text(cell).casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CellError("yes or no", cell)
    if kind == "int":
        value = read_money(cell)
        if value != value.to_integral_value():
            raise CellError("a whole number", cell)
        return int(value)
    if kind == "decimal":
        return read_money(cell)
    text = clean_text(cell)
    return text.casefold() if text.isascii() and text.casefold() in _LOWER_CHOICES else text


_LOWER_CHOICES = {"en", "zh", "renormalize", "zero", "collected", "booked", "forfeit", "pay"}


def _indicator_name(cell: object) -> str | None:
    folded = normalize_name(cell)
    for name in INDICATORS:
        if folded in (normalize_name(name), normalize_name(INDICATOR_ZH[name])):
            return name
    return None


def _weights(raw: RawSheet, problems: list[Problem]) -> Weights | None:
    block = _block(raw, WEIGHTS_HEADER)
    if block is None:
        return None
    header_row, positions, body = block
    table = {i: dict(cells) for i, cells in Weights.default().table.items()}
    ok = True
    for row, cells in body:
        name = _indicator_name(cells[0])
        if name is None:
            problems.append(_cell_error(raw, row, positions[0], "indicator",
                                        f"expected one of {', '.join(INDICATORS)}, found "
                                        f"{describe(cells[0])}"))
            ok = False
            continue
        for cycle, cell, offset in zip(CYCLES, cells[1:], positions[1:], strict=True):
            try:
                table[name][cycle] = Decimal(0) if is_blank(cell) else read_money(cell)
            except CellError as exc:
                problems.append(_cell_error(raw, row, offset, cycle, str(exc)))
                ok = False
    if not ok:
        return None
    for cycle in CYCLES:
        # Weights typed as percentages in Excel arrive as fractions summing to 1.
        column = [table[i][cycle] for i in INDICATORS]
        if sum(column) == 1 and all(0 <= v <= 1 for v in column):
            for i in INDICATORS:
                table[i][cycle] *= 100
    for cycle, offset in zip(CYCLES, positions[1:], strict=True):
        column_sum = sum((table[i][cycle] for i in INDICATORS), Decimal(0))
        if column_sum != 100:
            problems.append(error(raw.title, f"expected the {cycle} weights to sum to 100, "
                                  f"found {column_sum.normalize():f}", row=header_row,
                                  column=cycle, col_index=raw.first_col + offset))
            ok = False
    try:
        return Weights(table) if ok else None
    except PlanInvalid as exc:
        problems.append(error(raw.title, f"expected valid weights, found: {exc}",
                              row=header_row))
        return None


def _bands(raw: RawSheet, problems: list[Problem]) -> GradeBands | None:
    block = _block(raw, BANDS_HEADER)
    if block is None:
        return None
    header_row, positions, body = block
    default = GradeBands.default()
    minimums = dict(default.minimums)
    coefficients = dict(default.coefficients)
    for row, (grade_cell, minimum, coefficient) in body:
        grade = clean_text(grade_cell).upper()
        if grade not in GRADES:
            problems.append(_cell_error(raw, row, positions[0], "grade",
                                        f"expected a grade S, A, B, C or D, found "
                                        f"{describe(grade_cell)}"))
            continue
        for name, cell, offset, target in (("min_score", minimum, positions[1], minimums),
                                           ("coefficient", coefficient, positions[2],
                                            coefficients)):
            if is_blank(cell):
                continue
            try:
                target[grade] = read_money(cell)
            except CellError as exc:
                problems.append(_cell_error(raw, row, offset, name, str(exc)))
    bounds = [minimums[g] for g in GRADES]
    if any(lower >= upper for upper, lower in pairwise(bounds)):
        shown = ", ".join(f"{g} {minimums[g].normalize():f}" for g in GRADES)
        problems.append(error(raw.title, f"expected min_score strictly decreasing from S to "
                              f"D, found {shown}", row=header_row, column="min_score",
                              col_index=raw.first_col + positions[1]))
        return None
    return GradeBands(tuple((g, minimums[g]) for g in GRADES), coefficients)


def plan_blocks(plan: Plan, language: str) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The Plan sheet's three blocks (name, headers, rows) for writing a workbook."""
    zh = language == "zh"
    notes = SETTING_ZH if zh else SETTING_EN
    settings = []
    for name, value in plan.settings().items():
        shown: Any = value
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, Decimal):
            shown = float(value)
        settings.append([name, shown, notes[name]])
    weights = [[INDICATOR_ZH[i] if zh else i,
                *(float(plan.weights.of(i, c)) for c in CYCLES)] for i in INDICATORS]
    bands = [[g, float(m), float(plan.bands.coefficient(g))] for g, m in plan.bands.minimums]
    if zh:
        return [("PlanSettings", ["参数", "值", "说明"], settings),
                ("PlanWeights", ["指标", "月度", "季度", "年度"], weights),
                ("PlanGrades", ["等级", "最低总分", "奖金系数"], bands)]
    return [("PlanSettings", ["key", "value", "description"], settings),
            ("PlanWeights", ["indicator", "month", "quarter", "year"], weights),
            ("PlanGrades", ["grade", "min_score", "coefficient"], bands)]

