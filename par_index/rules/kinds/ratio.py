"""What the two percentage kinds (``thresholds``, ``proportional``) share: the percentage from
a ratio of two figures or a declared percent, what a zero denominator gives, and the words that
say how the percentage is computed."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    ProportionalRule,
    ThresholdsRule,
    ZeroDenominator,
)
from par_index.numbers import HUNDRED, ZERO
from par_index.rules.answers import Evaluation, FigureValue
from par_index.rules.common import missing, na_earns_full, not_applicable, scored

PercentRule = ThresholdsRule | ProportionalRule


def percent(
    cs: CriteriaSet,
    criterion: Criterion,
    rule: PercentRule,
    figures: Mapping[str, FigureValue],
    possible: Decimal,
) -> Decimal | Evaluation:
    """The percentage from a ratio or a declared percent, or the evaluation to give instead when
    a figure is missing or the denominator is 0."""
    if rule.figure is not None:
        value = figures.get(rule.figure)
        return value if isinstance(value, Decimal) else missing(possible, [rule.figure])
    # criteria.validate requires exactly one of 'ratio' and 'figure' (M_RATIO_SOURCE)
    assert rule.ratio is not None
    ratio = rule.ratio
    num, den = figures.get(ratio.numerator), figures.get(ratio.denominator)
    if not isinstance(num, Decimal) or not isinstance(den, Decimal):
        pairs = ((ratio.numerator, num), (ratio.denominator, den))
        return missing(possible, [name for name, value in pairs if not isinstance(value, Decimal)])
    if den == 0:
        return zero_denominator(cs, criterion, rule, possible)
    with localcontext(prec=40):
        return num * HUNDRED / den


def zero_denominator(
    cs: CriteriaSet, criterion: Criterion, rule: PercentRule, possible: Decimal
) -> Evaluation:
    """What the rule gives when the denominator is 0 (e.g. no dossier received)."""
    if rule.zero_denominator == ZeroDenominator.FULL:
        return scored(possible, possible, reason="zero_denominator")
    if rule.zero_denominator == ZeroDenominator.ZERO:
        return scored(possible, ZERO, reason="zero_denominator")
    return not_applicable(cs, criterion, possible)


def zero_denominator_reach(
    cs: CriteriaSet, criterion: Criterion, rule: PercentRule, possible: Decimal
) -> set[Decimal]:
    """The points ``zero_denominator`` can give for the rule."""
    if rule.ratio is None:
        return set()
    if rule.zero_denominator == ZeroDenominator.FULL:
        return {possible}
    if rule.zero_denominator == ZeroDenominator.NOT_APPLICABLE and na_earns_full(cs, criterion):
        return {possible}
    return {ZERO}


def ratio_text(criterion: Criterion, rule: PercentRule) -> tuple[str, str]:
    """How the percentage is computed (vi, en), or empty texts for a declared percent."""
    if rule.ratio is None:
        return "", ""
    num, den = criterion.figure(rule.ratio.numerator), criterion.figure(rule.ratio.denominator)
    if num is None or den is None:
        return "", ""
    vi = f"Tỷ lệ = ({num.label.vi}) / ({den.label.vi}) × 100 %. "
    en = f"Ratio = ({num.label.en or num.label.vi}) / ({den.label.en or den.label.vi}) × 100 %. "
    return vi, en
