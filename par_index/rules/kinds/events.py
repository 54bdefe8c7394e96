"""What the two counting kinds (``deduction``, ``per_event``) share: which counts of events
to try to find every total they can give."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import Criterion, DeductionRule, FigureType, PerEventRule
from par_index.rules.common import MAX_STEPS


def counts_to_reach(
    criterion: Criterion, rule: DeductionRule | PerEventRule, possible: Decimal
) -> list[Decimal] | None:
    """Whole counts 0, 1, ... up to the first that moves the total past 0..max. None when the
    figure is not a count (any number of events, so any total) or when that is more than
    ``MAX_STEPS`` counts: then any value within 0..max is accepted."""
    figure = criterion.figure(rule.figure)
    if figure is not None and figure.type != FigureType.COUNT:
        return None
    if rule.each <= 0:
        return [Decimal(0), Decimal(1)]
    if possible / rule.each > MAX_STEPS:
        return None
    return [Decimal(k) for k in range(int(possible / rule.each) + 2)]
