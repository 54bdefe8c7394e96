"""Declared figures that cannot be true: out of their bounds, or inconsistent with each other."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from par_index.check import catalogue as c
from par_index.check.checks.base import at_row, produces, words
from par_index.check.checks.plan import Row, rows
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import CriteriaSet, Figure, FigureCheck, FigureType
from par_index.i18n import Message
from par_index.numbers import HUNDRED, ZERO, Number, NumberKind, display
from par_index.submission import CellRef, Submission
from par_index.text import choice_list, fold
from par_index.units import Unit


@produces(c.FIGURE_IMPOSSIBLE, c.PARTS_NOT_SUM)
def check_figures(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Negative or fractional counts, percents over 100, on time > received, parts != total."""
    for row in rows(cs, submission, unit, ctx.memo):
        if not row.item.has_figures:
            continue
        for figure in row.criterion.figures:
            problem = figure_problem(figure, _value(row, figure.name))
            if problem is not None:
                message, fields = problem
                reason = message.format(ctx.lang, **_shown(fields, ctx))
                yield _impossible(row, figure.name, reason, submission, unit, ctx)
        for rule in row.criterion.checks:
            yield from _relation(row, rule, submission, unit, ctx)


def figure_problem(figure: Figure, value: object) -> tuple[Message, dict[str, Number | str]] | None:
    """Why a declared value cannot be right for its figure (None when it can), with the
    numbers the reason names."""
    if figure.type == FigureType.CHOICE and isinstance(value, str):
        if figure.choices and fold(value) not in {fold(x) for x in figure.choices}:
            return c.D_NOT_A_CHOICE, {"choices": choice_list(figure.choices)}
        return None
    if not isinstance(value, Decimal) or isinstance(value, bool):
        return None
    low, high = _bounds(figure)
    if figure.type == FigureType.COUNT and value < 0 and (low is None or low >= 0):
        return c.D_NEGATIVE, {}
    if figure.type == FigureType.COUNT and value != value.to_integral_value():
        return c.D_NOT_WHOLE, {}
    if low is not None and value < low:
        return c.D_BELOW, {"limit": Number(low, NumberKind.EXACT)}
    if high is not None and value > high:
        return c.D_ABOVE, {"limit": Number(high, NumberKind.EXACT)}
    return None


def _shown(fields: dict[str, Number | str], ctx: CheckContext) -> dict[str, str]:
    return {k: v.shown(ctx.lang) if isinstance(v, Number) else v for k, v in fields.items()}


def _bounds(figure: Figure) -> tuple[Decimal | None, Decimal | None]:
    low, high = figure.min, figure.max
    if figure.type in (FigureType.COUNT, FigureType.PERCENT, FigureType.SCORE) and low is None:
        low = ZERO
    if figure.type == FigureType.PERCENT and high is None:
        high = HUNDRED
    return low, high


def _relation(
    row: Row, rule: FigureCheck, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    if rule.kind == "le" and rule.left and rule.right:
        left, right = _number(row, rule.left), _number(row, rule.right)
        if left is not None and right is not None and left > right:
            reason = c.D_GREATER.format(
                ctx.lang,
                right=figure_label(row, rule.right, ctx),
                right_value=display(right, NumberKind.EXACT, ctx.lang),
            )
            yield _impossible(row, rule.left, reason, submission, unit, ctx)
    elif rule.kind == "sum" and rule.total and rule.parts:
        total = _number(row, rule.total)
        parts = [n for name in rule.parts if (n := _number(row, name)) is not None]
        if total is not None and len(parts) == len(rule.parts) and sum(parts, ZERO) != total:
            yield at_row(
                c.PARTS_NOT_SUM,
                row,
                submission,
                unit,
                ctx,
                at=_cell(row, rule.total),
                parts=" + ".join(f"“{figure_label(row, p, ctx)}”" for p in rule.parts),
                sum=Number(sum(parts, ZERO), NumberKind.EXACT),
                total_label=figure_label(row, rule.total, ctx),
                total=Number(total, NumberKind.EXACT),
            )


def _impossible(
    row: Row, name: str, reason: str, submission: Submission, unit: Unit, ctx: CheckContext
) -> Finding:
    value = _value(row, name)
    declared = row.entry.figures.get(name)
    shown = (
        declared.raw
        if declared and declared.raw
        else (Number(value, NumberKind.EXACT) if isinstance(value, Decimal) else str(value))
    )
    return at_row(
        c.FIGURE_IMPOSSIBLE,
        row,
        submission,
        unit,
        ctx,
        at=_cell(row, name),
        figure=figure_label(row, name, ctx),
        value=shown,
        reason=reason,
    )


def _value(row: Row, name: str) -> object:
    declared = row.entry.figures.get(name)
    return declared.value if declared is not None else None


def _cell(row: Row, name: str) -> CellRef | None:
    declared = row.entry.figures.get(name)
    return declared.cell if declared is not None and declared.cell else row.score_cell


def figure_label(row: Row, name: str, ctx: CheckContext) -> str:
    """A figure's label as the unit's workbook shows it."""
    figure = row.criterion.figure(name)
    return words(figure.label, ctx) if figure else name


def _number(row: Row, name: str) -> Decimal | None:
    """The figure's value when it is a number (not missing, a date or a choice)."""
    value = _value(row, name)
    return value if isinstance(value, Decimal) else None
