"""What every rule kind shares: points kept within 0..max, a part of the maximum, and what
"not applicable" gives. Written once here, so no kind carries its own copy."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    NotApplicablePolicy,
    ProportionalRule,
    ThresholdsRule,
    ZeroDenominator,
)
from par_index.numbers import ZERO
from par_index.rules.answers import Answers, Evaluation, Outcome

MAX_STEPS = 200
"""A rule that can give more values than this accepts any score within 0..max (a template
cell then takes a decimal range instead of a list)."""


def clamp(points: Decimal, possible: Decimal) -> Decimal:
    """Points kept within 0 and the criterion's maximum for the unit."""
    return min(max(points, ZERO), possible)


def worth(points: Decimal | None, percent: Decimal | None, possible: Decimal) -> Decimal:
    """A level's or band's points: given outright, or as a percentage of the maximum."""
    return points if points is not None else possible * (percent or ZERO) / 100


def na_earns_full(cs: CriteriaSet, criterion: Criterion) -> bool:
    """Whether "not applicable" earns the full points (else it leaves the maximum)."""
    return cs.na_policy_for(criterion) == NotApplicablePolicy.FULL_POINTS


def may_be_not_applicable(criterion: Criterion) -> bool:
    """Whether a unit's facts can make the criterion not applicable: it may be answered
    "Không áp dụng", or its ratio's zero denominator (0 of 0) means not applicable. Such a
    criterion ends one way whatever was typed (the answer, the figures, a blank or 0 score):
    not applicable, per the policy; "Không áp dụng" needs a reason, from units and the
    council alike."""
    rule = criterion.rule
    zero_na = (
        isinstance(rule, ThresholdsRule | ProportionalRule)
        and rule.ratio is not None
        and rule.zero_denominator == ZeroDenominator.NOT_APPLICABLE
    )
    return criterion.na_allowed or zero_na


def not_applicable(cs: CriteriaSet, criterion: Criterion, possible: Decimal) -> Evaluation:
    """Not applicable, per the criterion's or the set's policy."""
    if na_earns_full(cs, criterion):
        return Evaluation(outcome=Outcome.NOT_APPLICABLE, points=possible, possible=possible)
    return Evaluation(outcome=Outcome.NOT_APPLICABLE, points=ZERO, possible=ZERO)


def missing(possible: Decimal, names: list[str]) -> Evaluation:
    """A figure or answer the rule needs was not declared."""
    return Evaluation(outcome=Outcome.MISSING, points=None, possible=possible, missing=names)


def number(answers: Answers, name: str, possible: Decimal) -> Decimal | Evaluation:
    """The declared number ``name``, else the rule's "missing" evaluation (a yes/no is no
    number)."""
    value = answers.figures.get(name)
    if not isinstance(value, Decimal) or isinstance(value, bool):
        return missing(possible, [name])
    return value


def scored(possible: Decimal, points: Decimal, **extra) -> Evaluation:
    """Points the rule gave, kept within 0..max."""
    points = clamp(points, possible)
    return Evaluation(outcome=Outcome.SCORED, points=points, possible=possible, **extra)


def not_self_scored(possible: Decimal) -> Evaluation:
    """Survey or appraiser-only: the unit's answers give no points."""
    return Evaluation(outcome=Outcome.NOT_SELF_SCORED, points=None, possible=possible)
