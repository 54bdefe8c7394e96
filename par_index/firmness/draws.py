"""What may still move each unit's points, as distributions to draw from (docs/method.md, "How
firm a result is"):

- a criterion still under appraisal (the self-score stands in): any score the criterion may take
  (``allowed_scores``) between the council's usual cut and the self-score, each as likely. The
  usual cut is the largest cut the council made on that criterion this period on the units it
  appraised; with none appraised yet, the whole range from 0. A penalty item the other way: up
  to the largest addition seen, else to its maximum;
- a survey criterion given as answer counts: the weighted share of n answers is a mean, so its
  sampling error is normal with the answers' own spread divided by sqrt(n) (simple random
  sampling), kept within 0..max.

A unit with more than ``EXACT_MOVES`` criteria under appraisal has their sum drawn as one normal
with the same mean and variance (their sum is near normal, and drawing each would cost minutes
at 3,000 units), kept within the sum's range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from par_index.criteria.model import CriteriaSet, Criterion
from par_index.results import CriterionResult, UnitResult
from par_index.rules import allowed_scores

if TYPE_CHECKING:  # par_index.inputs carries the firmness configuration
    from par_index.inputs import SurveySample

EXACT_MOVES = 8
"""Up to this many criteria under appraisal in a unit are drawn one by one."""

SECTIONS = ("tree", "bonus", "penalty")

UNIFORM, CONTINUOUS, NORMAL = 0, 1, 2


@dataclass(frozen=True)
class Move:
    """One draw per simulated draw: a criterion's (or a sum's) points, replacing ``base``."""

    unit: int
    """Position of the unit among the units simulated."""
    section: int
    """Index into ``SECTIONS``."""
    base: float
    """The points counted now."""
    kind: int
    """UNIFORM over ``values``, CONTINUOUS over [low, high], NORMAL(mean, sd) within
    [low, high]."""
    low: float
    high: float
    values: tuple[float, ...] = ()
    mean: float = 0.0
    sd: float = 0.0

    @property
    def variance(self) -> float:
        if self.kind == UNIFORM:
            mean = sum(self.values) / len(self.values)
            return sum((v - mean) ** 2 for v in self.values) / len(self.values)
        return (self.high - self.low) ** 2 / 12

    @property
    def expected(self) -> float:
        if self.kind == UNIFORM:
            return sum(self.values) / len(self.values)
        return (self.low + self.high) / 2


def usual_cuts(units: Sequence[UnitResult]) -> dict[str, Decimal]:
    """Criterion code -> the largest change the council made to a claimed score this period
    (a cut; for a penalty item, an addition), over the rows it appraised; 0 when it changed
    none. Criteria the council has not appraised anywhere are absent."""
    cuts: dict[str, Decimal] = {}
    for unit in units:
        for row in unit.criteria:
            if row.provisional or row.self_score is None:
                continue
            if row.appraised_1 is None and row.appraised_2 is None:
                continue
            claimed = min(max(row.self_score, Decimal(0)), row.possible)
            change = row.final - claimed if row.section == "penalty" else claimed - row.final
            cuts[row.code] = max(cuts.get(row.code, Decimal(0)), change, Decimal(0))
    return cuts


def moves_of(
    at: int,
    unit: UnitResult,
    cs: CriteriaSet,
    cuts: Mapping[str, Decimal],
    answers: Mapping[str, SurveySample],
) -> list[Move]:
    """Everything that may move one unit's points."""
    under_appraisal = []
    survey = []
    for row in unit.criteria:
        if row.survey_missing or row.possible <= 0:
            continue
        if row.provisional:
            move = _appraisal_move(at, row, cs, cuts)
            if move is not None:
                under_appraisal.append(move)
        elif row.survey is not None and row.code in answers:
            move = _survey_move(at, row, answers[row.code])
            if move is not None:
                survey.append(move)
    if len(under_appraisal) > EXACT_MOVES:
        under_appraisal = _summed(under_appraisal)
    return under_appraisal + survey


def _appraisal_move(
    at: int, row: CriterionResult, cs: CriteriaSet, cuts: Mapping[str, Decimal]
) -> Move | None:
    claimed = row.final
    usual = cuts.get(row.code)
    if row.section == "penalty":
        low, high = claimed, row.possible if usual is None else min(claimed + usual, row.possible)
    else:
        low, high = Decimal(0) if usual is None else max(claimed - usual, Decimal(0)), claimed
    if low >= high:
        return None
    section = SECTIONS.index(row.section) if row.section in SECTIONS else 0
    node = cs.node(row.code)
    allowed = allowed_scores(cs, node, row.possible) if isinstance(node, Criterion) else None
    if allowed is None:
        return Move(at, section, float(claimed), CONTINUOUS, float(low), float(high))
    values = tuple(float(v) for v in allowed if low <= v <= high)
    if len(values) < 2:
        return None
    return Move(at, section, float(claimed), UNIFORM, values[0], values[-1], values)


def _survey_move(at: int, row: CriterionResult, sample: SurveySample) -> Move | None:
    """The survey points' sampling error: sd of a mean of n answers, in points."""
    n = float(sample.size)
    if n <= 0:
        return None
    mean = sum(float(w) * float(c) for w, c in sample.answers) / n
    spread = sum(float(c) * (float(w) - mean) ** 2 for w, c in sample.answers) / n
    sd = float(row.possible) * math.sqrt(spread / n) / 100
    if sd <= 0:
        return None
    base = float(row.final)
    return Move(at, 0, base, NORMAL, 0.0, float(row.possible), mean=base, sd=sd)


def _summed(moves: list[Move]) -> list[Move]:
    """Many moves of one unit as one normal per section: the sum's mean and variance, kept
    within the sum's range."""
    out = []
    for section in range(len(SECTIONS)):
        part = [m for m in moves if m.section == section]
        if not part:
            continue
        out.append(
            Move(
                part[0].unit,
                section,
                sum(m.base for m in part),
                NORMAL,
                sum(m.low for m in part),
                sum(m.high for m in part),
                mean=sum(m.expected for m in part),
                sd=math.sqrt(sum(m.variance for m in part)),
            )
        )
    return out
