"""The scoring-method text officers read (cách tính điểm): the set's own words, else the
rule kind's."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import Criterion, LocalText
from par_index.rules.kinds import kind_of
from par_index.rules.kinds.appraiser import APPRAISED


def method_text(criterion: Criterion, possible: Decimal) -> LocalText:
    """The criterion's method text (vi, en) for a unit whose maximum is ``possible``."""
    if criterion.method is not None:
        return criterion.method
    rule = criterion.rule
    if rule is None:
        return APPRAISED
    return kind_of(rule).method(criterion, rule, possible)
