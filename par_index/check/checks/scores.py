"""Self-scores on their own: within 0..max, one of the allowed values, not blank, not claimed
for criteria the unit does not score."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from par_index.check import catalogue as c
from par_index.check.checks.base import Row, fmt, found, produces, rows, words
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    DeductionRule,
    LevelsRule,
    NotApplicablePolicy,
    PerEventRule,
    ScoredBy,
    ThresholdsRule,
    YesNoRule,
    ZeroDenominator,
)
from par_index.numbers import ZERO
from par_index.submission import Submission
from par_index.units import Unit

MAX_STEPS = 200
"""Rules with more possible values than this accept any score within 0..max."""
SHOWN_VALUES = 8


@produces(c.SCORE_ABOVE_MAX, c.SCORE_NEGATIVE, c.SCORE_NOT_ALLOWED)
def check_score_values(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """A self-score above the maximum, below 0, or between the rule's levels."""
    for row in rows(cs, submission, unit):
        score = row.entry.self_score
        if score is None or row.criterion.scorer != ScoredBy.UNIT:
            continue
        where = {"criterion": row.code, "at": row.score_cell}
        shown = {"name": words(row.criterion.title, ctx), "self_score": fmt(score)}
        if score > row.possible:
            yield found(
                c.SCORE_ABOVE_MAX, submission, unit, ctx, **where, **shown, max=fmt(row.possible)
            )
        elif score < 0:
            yield found(
                c.SCORE_NEGATIVE, submission, unit, ctx, **where, **shown, max=fmt(row.possible)
            )
        elif not score_allowed(cs, row, score):
            allowed = allowed_scores(cs, row.criterion, row.possible) or []
            yield found(
                c.SCORE_NOT_ALLOWED, submission, unit, ctx, **where, **shown, allowed=_list(allowed)
            )


@produces(c.CRITERION_SKIPPED, c.NOT_SELF_SCORED_BUT_SCORED)
def check_who_scores(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """Every criterion of the unit is self-scored; survey and appraiser rows are left alone."""
    for row in rows(cs, submission, unit):
        typed = row.entry.self_score is not None or bool((row.entry.self_score_raw or "").strip())
        where = {"criterion": row.code, "at": row.score_cell}
        name = words(row.criterion.title, ctx)
        if row.criterion.scorer != ScoredBy.UNIT:
            if typed:
                shown = fmt(row.entry.self_score) or row.entry.self_score_raw
                scorer = c.D_SURVEY if row.criterion.scorer == ScoredBy.SURVEY else c.D_APPRAISER
                yield found(
                    c.NOT_SELF_SCORED_BUT_SCORED,
                    submission,
                    unit,
                    ctx,
                    **where,
                    name=name,
                    self_score=shown,
                    scorer=scorer,
                )
        elif not typed and row.section == "tree" and not row.not_applicable:
            yield found(
                c.CRITERION_SKIPPED,
                submission,
                unit,
                ctx,
                **where,
                name=name,
                max=fmt(row.possible),
            )


def score_allowed(cs: CriteriaSet, row: Row, score: Decimal) -> bool:
    """Whether a score within 0..max is one the criterion's rule can give."""
    if row.not_applicable:
        return True
    allowed = allowed_scores(cs, row.criterion, row.possible)
    return allowed is None or score in allowed


def allowed_scores(
    cs: CriteriaSet, criterion: Criterion, possible: Decimal
) -> list[Decimal] | None:
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
    return sorted(min(max(v, ZERO), possible) for v in values)


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


def _list(values: list[Decimal]) -> str:
    """At most a handful of values, "0; 0,5; 1"; longer lists keep both ends."""
    shown = [fmt(v) for v in values]
    if len(shown) > SHOWN_VALUES:
        shown = [*shown[:3], "…", *shown[-2:]]
    return "; ".join(shown)
