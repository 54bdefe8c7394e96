"""The scores a criterion can end with, and what a score cell therefore accepts. The check,
the template's data validation and the appraisal reader all ask here, so they cannot drift."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from par_index.criteria.model import CriteriaSet, Criterion
from par_index.numbers import ZERO
from par_index.rules.common import MAX_STEPS, clamp, na_earns_full
from par_index.rules.kinds import kind_of


def allowed_scores(
    cs: CriteriaSet, criterion: Criterion, possible: Decimal
) -> tuple[Decimal, ...] | None:
    """Every score the criterion can end with for a unit whose maximum is ``possible``, lowest
    first: what its rule gives, 0, its overrides and, where "not applicable" may be answered and
    earns full points, the maximum. None: any value within 0..max (a continuous rule, or more
    than ``MAX_STEPS`` values)."""
    rule = criterion.rule
    reached = None if rule is None else kind_of(rule).reach(cs, criterion, rule, possible)
    if reached is None:
        return None
    values = reached | {ZERO} | {override.points for override in criterion.overrides}
    if criterion.na_allowed and na_earns_full(cs, criterion):
        values.add(possible)
    allowed = tuple(sorted({clamp(value, possible) for value in values}))
    return None if len(allowed) > MAX_STEPS else allowed


@dataclass(frozen=True)
class ScoreCell:
    """What a score cell accepts (the template's self-score, the appraisal's rounds): one of
    ``values``, or when ``values`` is None any number within 0..``maximum``."""

    values: tuple[Decimal, ...] | None
    maximum: Decimal

    def accepts(self, value: Decimal) -> bool:
        listed = self.values is None or value in self.values
        return ZERO <= value <= self.maximum and listed


def score_cell(cs: CriteriaSet, criterion: Criterion, possible: Decimal) -> ScoreCell:
    """What the criterion's score cell accepts for a unit whose maximum is ``possible``."""
    return ScoreCell(allowed_scores(cs, criterion, possible), possible)
