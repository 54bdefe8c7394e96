"""Declared figures against the unit's own plan record (Kế hoạch CCHC năm, ``par_index.plan``):
a criterion that declares ``plan:`` takes its figures from the plan workbook, and a
self-assessment that says otherwise (more tasks done, another number of tasks) is flagged with
both values and the cell."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from par_index.check import catalogue as c
from par_index.check.checks.base import at_row, produces
from par_index.check.checks.figures import figure_label
from par_index.check.checks.plan import Row, rows
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import CriteriaSet, Ratio
from par_index.numbers import HUNDRED, NumberKind, display
from par_index.plan.status import Completion
from par_index.submission import CellRef, Submission
from par_index.units import Unit


@produces(c.PLAN_CONTRADICTED)
def check_plan_record(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Figures a criterion takes from the plan differ from what the unit declared."""
    record = ctx.plans.get(unit.code)
    if record is None:
        return
    for row in rows(cs, submission, unit, ctx.memo):
        plan = row.criterion.plan
        if not plan or row.not_applicable:
            continue
        declared = {n: v for n in plan if isinstance(v := _declared(row, n), Decimal)}
        recorded = {n: Decimal(record.measure(m)) for n, m in plan.items()}
        differing = [n for n, v in declared.items() if v != recorded[n]]
        if differing:
            yield _finding(row, differing, declared, recorded, record, submission, unit, ctx)


def _declared(row: Row, name: str) -> object:
    entry = row.entry.figures.get(name)
    return entry.value if entry is not None else None


def _finding(
    row: Row,
    differing: list[str],
    declared: dict[str, Decimal],
    recorded: dict[str, Decimal],
    record: Completion,
    submission: Submission,
    unit: Unit,
    ctx: CheckContext,
) -> Finding:
    cells = {n: row.entry.figures[n].cell for n in differing}
    figures = "; ".join(
        c.D_PLAN_FIGURE.format(
            ctx.lang,
            figure=figure_label(row, n, ctx),
            declared=display(declared[n], NumberKind.EXACT, ctx.lang),
            cell=_a1(cells[n] or row.score_cell),
            recorded=display(recorded[n], NumberKind.EXACT, ctx.lang),
        )
        for n in differing
    )
    return at_row(
        c.PLAN_CONTRADICTED,
        row,
        submission,
        unit,
        ctx,
        at=cells[differing[0]] or row.score_cell,
        figures=figures,
        rate=_rate(row, declared, recorded, ctx),
        plan_file=record.file,
        end=f"{record.as_of:%d/%m/%Y}",
    )


def _a1(cell: CellRef | None) -> str:
    return cell.cell if cell is not None else ""


def _rate(
    row: Row, declared: dict[str, Decimal], recorded: dict[str, Decimal], ctx: CheckContext
) -> str:
    """The completion-rate sentence, when the rule is a ratio of plan figures and the declared
    rate is the higher."""
    ratio = getattr(row.criterion.rule, "ratio", None)
    if not isinstance(ratio, Ratio):
        return ""
    top, bottom = ratio.numerator, ratio.denominator
    if not {top, bottom} <= set(declared) or not declared[bottom] or not recorded[bottom]:
        return ""
    said = declared[top] * HUNDRED / declared[bottom]
    kept = recorded[top] * HUNDRED / recorded[bottom]
    if said <= kept:
        return ""
    return c.D_PLAN_RATE.format(
        ctx.lang,
        declared=display(said, NumberKind.PERCENT, ctx.lang),
        recorded=display(kept, NumberKind.PERCENT, ctx.lang),
    )
