"""What the two counting kinds (``deduction``, ``per_event``) share: which counts of events
to try to find every total they can give."""

from __future__ import annotations

from decimal import Decimal

from par_index.rules.common import MAX_STEPS


def counts_to_reach(each: Decimal, possible: Decimal) -> list[Decimal] | None:
    """Whole counts 0, 1, ... up to the first that moves the total past 0..max; None when that
    is more than ``MAX_STEPS`` counts (then any value within 0..max is accepted)."""
    if each <= 0:
        return [Decimal(0), Decimal(1)]
    if possible / each > MAX_STEPS:
        return None
    return [Decimal(k) for k in range(int(possible / each) + 2)]
