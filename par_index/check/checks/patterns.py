"""Suspicious patterns over the whole workbook: the maximum everywhere, a total far above the
unit's appraised total of last year."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from par_index.check import catalogue as c
from par_index.check.checks.base import found, produces
from par_index.check.checks.plan import rows
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import CriteriaSet
from par_index.memo import Memo
from par_index.numbers import HUNDRED, ZERO, Number, NumberKind
from par_index.rules import cap
from par_index.submission import Submission
from par_index.units import Unit


@produces(c.ALL_MAX)
def check_all_max(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """The maximum claimed on every self-scored criterion (or on ``all_max_share`` % of them)."""
    scored = [
        (row, score)
        for row in rows(cs, submission, unit, ctx.memo)
        if row.item.section == "tree"
        and row.item.self_scored
        and (score := row.entry.self_score) is not None
        and not row.not_applicable
    ]
    if not scored or len(scored) < ctx.config.all_max_min_criteria:
        return
    at_max = sum(1 for row, score in scored if score >= row.item.possible)
    share = Decimal(at_max) * HUNDRED / len(scored)
    if share >= ctx.config.all_max_share:
        yield found(
            c.ALL_MAX,
            submission,
            unit,
            ctx,
            at=submission.cached_total_cell,
            at_max=at_max,
            count=len(scored),
            share=Number(share, NumberKind.PERCENT),
        )


@produces(c.FAR_ABOVE_LAST_YEAR)
def check_far_above(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """A self total more than ``far_above_points`` above last year's appraised total."""
    previous = ctx.previous_totals.get(unit.code)
    if previous is None:
        return
    total = self_total(cs, submission, unit, ctx.memo)
    if total - previous > ctx.config.far_above_points:
        yield found(
            c.FAR_ABOVE_LAST_YEAR,
            submission,
            unit,
            ctx,
            at=submission.cached_total_cell,
            self_total=total,
            previous=previous,
            diff=total - previous,
            limit=ctx.config.far_above_points,
        )


def self_total(cs: CriteriaSet, submission: Submission, unit: Unit, memo: Memo) -> Decimal:
    """Points claimed: self-scores within 0..max, plus bonus minus penalty within their caps."""
    sections = {"tree": ZERO, "bonus": ZERO, "penalty": ZERO}
    for row in rows(cs, submission, unit, memo):
        score = row.entry.self_score
        if score is None or not row.item.self_scored or row.not_applicable:
            continue
        sections[row.item.section] += min(max(score, ZERO), row.item.possible)
    bonus = cap(sections["bonus"], cs.bonus.max) if cs.bonus else ZERO
    penalty = cap(sections["penalty"], cs.penalty.max) if cs.penalty else ZERO
    return sections["tree"] + bonus - penalty
