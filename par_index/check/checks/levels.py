"""The scores a criterion's rule can give: a self-score between them is not a real level."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    DeductionRule,
    LevelsRule,
    NotApplicablePolicy,
    PerEventRule,
    ThresholdsRule,
    YesNoRule,
    ZeroDenominator,
)
from par_index.numbers import ZERO

MAX_STEPS = 200
"""Rules with more possible values than this accept any score within 0..max."""


def allowed_scores(
    cs: CriteriaSet, criterion: Criterion, possible: Decimal
) -> tuple[Decimal, ...] | None:
    """The values the rule can give, lowest first (None: any value within 0..max)."""
    rule = criterion.rule
    if isinstance(rule, YesNoRule):
        values = {possible if rule.yes is None else rule.yes, rule.no}
    elif isinstance(rule, LevelsRule):
        values = {_part(possible, level.points, level.percent) for level in rule.levels}
    elif isinstance(rule, ThresholdsRule):
        values = {_part(possible, band.points, band.percent) for band in rule.bands}
        if rule.zero_denominator == ZeroDenominator.FULL:
            values.add(possible)
    elif isinstance(rule, DeductionRule | PerEventRule):
        values = _steps(rule, possible)
        if values is None:
            return None
    else:
        return None
    values |= {ZERO} | {o.points for o in criterion.overrides}
    if criterion.na_allowed and cs.na_policy_for(criterion) == NotApplicablePolicy.FULL_POINTS:
        values.add(possible)
    return tuple(sorted({min(max(v, ZERO), possible) for v in values}))


def _part(possible: Decimal, points: Decimal | None, percent: Decimal | None) -> Decimal:
    return points if points is not None else possible * (percent or ZERO) / 100


def _steps(rule: DeductionRule | PerEventRule, possible: Decimal) -> set[Decimal] | None:
    """Every total a per-event rule can reach (None when there are too many to list)."""
    if rule.each <= 0 or possible / rule.each > MAX_STEPS:
        return None
    count = int(possible / rule.each) + 1
    if isinstance(rule, PerEventRule):
        return {min(rule.each * k, possible) for k in range(count + 1)}
    taken = [rule.each * k for k in range(count + 1)]
    if rule.cap is not None:
        taken = [min(t, rule.cap) for t in taken]
    return {max(possible - t, rule.floor) for t in taken}
