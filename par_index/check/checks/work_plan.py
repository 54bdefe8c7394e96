"""Declared figures against the unit's own plan record (Kế hoạch CCHC năm, ``par_index.plan``):
a criterion that declares ``plan:`` takes its figures from the plan records, and a
self-assessment that says otherwise (more tasks done, fewer reports late, another number of
inspections) is flagged with both values and the cell. Where the records cannot give the figure
(the plan files could not be read, the unit sent no plan workbook while others did), the
criterion says so at its cell: the declared figure stands, unchecked."""

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
from par_index.plan.year import PlanGap, UnitRecord, YearPlan
from par_index.submission import CellRef, Submission
from par_index.units import Unit


@produces(c.PLAN_CONTRADICTED, c.PLAN_UNREAD, c.PLAN_UNVERIFIED)
def check_plan_record(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Figures a criterion takes from the plan differ from what the unit declared, or the plan
    has no record of them for this unit."""
    year = ctx.plan
    if year is None:
        return
    record = year.record(unit.code)
    for row in rows(cs, submission, unit, ctx.memo):
        plan = row.criterion.plan
        if not plan or row.not_applicable:
            continue
        gap = year.gap(unit.code, plan.values())
        if gap is not None:
            yield _gap(gap, year, row, submission, unit, ctx)
        if record is None:
            continue
        declared = {n: v for n in plan if isinstance(v := _declared(row, n), Decimal)}
        counts = {n: record.measure(m) for n, m in plan.items()}
        recorded = {n: Decimal(v) for n, v in counts.items() if v is not None}
        differing = [n for n, v in declared.items() if n in recorded and v != recorded[n]]
        if differing:
            yield _finding(row, differing, declared, recorded, record, submission, unit, ctx)


def _declared(row: Row, name: str) -> object:
    entry = row.entry.figures.get(name)
    return entry.value if entry is not None else None


def _gap(
    gap: PlanGap, year: YearPlan, row: Row, submission: Submission, unit: Unit, ctx: CheckContext
) -> Finding:
    """The criterion's declared figures stand: the plan could not be read, or it has no record
    of them for this unit."""
    plan = row.criterion.plan or {}
    figures = ", ".join(figure_label(row, n, ctx) for n in plan)
    if gap == PlanGap.UNREAD:
        return at_row(
            c.PLAN_UNREAD, row, submission, unit, ctx, figures=figures, problem=year.unusable
        )
    missing = c.D_PLAN_NO_INSPECTIONS if gap == PlanGap.NO_INSPECTIONS else c.D_PLAN_NO_WORKBOOK
    return at_row(
        c.PLAN_UNVERIFIED, row, submission, unit, ctx, figures=figures,
        missing=missing.format(ctx.lang),
    )  # fmt: skip


def _finding(
    row: Row,
    differing: list[str],
    declared: dict[str, Decimal],
    recorded: dict[str, Decimal],
    record: UnitRecord,
    submission: Submission,
    unit: Unit,
    ctx: CheckContext,
) -> Finding:
    plan = row.criterion.plan or {}
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
    files = dict.fromkeys(record.source(plan[n]) for n in differing)
    return at_row(
        c.PLAN_CONTRADICTED,
        row,
        submission,
        unit,
        ctx,
        at=cells[differing[0]] or row.score_cell,
        figures=figures,
        rate=_rate(row, declared, recorded, ctx),
        plan_file=", ".join(f for f in files if f),
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
    if not {top, bottom} <= set(declared) or {top, bottom} - set(recorded):
        return ""
    if not declared[bottom] or not recorded[bottom]:
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
