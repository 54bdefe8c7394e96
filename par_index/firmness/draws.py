"""What may still move each unit's points, as distributions to draw from (docs/method.md, "How
firm a result is"):

- a criterion still under appraisal (the self-score stands in): the council's usual way with it
  this period, on the units it appraised: the claim kept as often as it kept claims there,
  else any score the criterion may take (``allowed_scores``) below the claim down to the largest
  cut it made, each as likely; with none appraised yet, any allowed score from 0 to the claim.
  A penalty item the other way (additions, else up to its maximum);
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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
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
    keep: float = 0.0
    """UNIFORM, CONTINUOUS: the chance the draw keeps ``base`` (the council keeps the claim)."""

    def _moments(self) -> tuple[float, float]:
        """(mean, mean of squares) of the draw without keeping."""
        if self.kind == UNIFORM:
            count = len(self.values)
            return sum(self.values) / count, sum(v * v for v in self.values) / count
        low, high = self.low, self.high
        return (low + high) / 2, (low * low + low * high + high * high) / 3

    @cached_property
    def expected(self) -> float:
        if self.kind == NORMAL:
            return self.mean
        return self.keep * self.base + (1 - self.keep) * self._moments()[0]

    @cached_property
    def variance(self) -> float:
        if self.kind == NORMAL:
            return self.sd**2
        squares = self.keep * self.base**2 + (1 - self.keep) * self._moments()[1]
        return max(squares - self.expected**2, 0.0)


@dataclass(frozen=True)
class Cuts:
    """What the council did to one criterion's claims this period."""

    share: Decimal
    """Share of the claims it appraised that it cut (a penalty item: added to)."""
    largest: Decimal
    """The largest cut (addition), in points."""


def usual_cuts(units: Sequence[UnitResult]) -> dict[str, Cuts]:
    """Criterion code -> the council's cuts on it this period, over the rows it appraised (a
    blank round cell keeps the self-score: a claim kept). Criteria the council has appraised
    nowhere yet are absent."""
    changes: dict[str, list[Decimal]] = {}
    for unit in units:
        for row in unit.criteria:
            if row.provisional or row.self_score is None or unit.stale_appraisal is not None:
                continue
            claimed = min(max(row.self_score, Decimal(0)), row.possible)
            change = row.final - claimed if row.section == "penalty" else claimed - row.final
            changes.setdefault(row.code, []).append(max(change, Decimal(0)))
    return {
        code: Cuts(Decimal(sum(1 for c in seen if c > 0)) / len(seen), max(seen))
        for code, seen in changes.items()
    }


@dataclass
class Planner:
    """Works out each criterion's draw once per (criterion, maximum, claim): thousands of units
    share them."""

    cs: CriteriaSet
    cuts: Mapping[str, Cuts]
    known: dict[tuple, Move | None] = field(default_factory=dict)

    def appraisal(self, row: CriterionResult) -> Move | None:
        key = (row.code, row.section, row.possible, row.final)
        if key not in self.known:
            self.known[key] = _appraisal_move(-1, row, self.cs, self.cuts)
        return self.known[key]


def moves_of(
    at: int, unit: UnitResult, planner: Planner, answers: Mapping[str, SurveySample]
) -> list[Move]:
    """Everything that may move one unit's points: its criteria under appraisal one by one (as
    one normal per section when more than ``EXACT_MOVES``), its survey rows as one normal per
    section (a sum of normals)."""
    under_appraisal: list[Move] = []
    normal: list[Move] = []
    for row in unit.criteria:
        if row.survey_missing or row.possible <= 0:
            continue
        if row.provisional:
            move = planner.appraisal(row)
            if move is not None:
                under_appraisal.append(move)
        elif row.survey is not None and row.code in answers:
            move = _survey_move(-1, row, answers[row.code])
            if move is not None:
                normal.append(move)
    if len(under_appraisal) > EXACT_MOVES:
        normal += under_appraisal
        under_appraisal = []
    exact = [replace(move, unit=at) for move in under_appraisal]
    return exact + _summed(at, normal)


def _appraisal_move(
    at: int, row: CriterionResult, cs: CriteriaSet, cuts: Mapping[str, Cuts]
) -> Move | None:
    """Kept with the share of claims the council kept, else any allowed score up to its
    largest cut below (above, for a penalty item) the claim; with no appraisal of the criterion
    anywhere, any allowed score from 0 to the claim (a penalty item: from the claim to its max)."""
    claimed = row.final
    seen = cuts.get(row.code)
    penalty = row.section == "penalty"
    if seen is None:
        keep, reach = Decimal(0), (row.possible - claimed if penalty else claimed)
    else:
        keep, reach = 1 - seen.share, seen.largest
    low, high = (claimed, min(claimed + reach, row.possible)) if penalty else (
        max(claimed - reach, Decimal(0)), claimed)  # fmt: skip
    if low >= high or keep >= 1:
        return None
    section = SECTIONS.index(row.section) if row.section in SECTIONS else 0
    node = cs.node(row.code)
    allowed = allowed_scores(cs, node, row.possible) if isinstance(node, Criterion) else None
    if allowed is None:
        return Move(
            at, section, float(claimed), CONTINUOUS, float(low), float(high), keep=float(keep)
        )
    values = tuple(float(v) for v in allowed if low <= v <= high and (seen is None or v != claimed))
    if not values or (seen is None and len(values) < 2):
        return None
    return Move(
        at, section, float(claimed), UNIFORM, values[0], values[-1], values, keep=float(keep)
    )


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


def _summed(at: int, moves: list[Move]) -> list[Move]:
    """Moves of one unit as one normal per section: the sum's mean and variance, kept within
    the sum's range."""
    out = []
    for section in range(len(SECTIONS)):
        part = [m for m in moves if m.section == section]
        if not part:
            continue
        out.append(
            Move(
                at,
                section,
                sum(m.base for m in part),
                NORMAL,
                sum(min(m.low, m.base) for m in part),
                sum(max(m.high, m.base) for m in part),
                mean=sum(m.expected for m in part),
                sd=math.sqrt(sum(m.variance for m in part)),
            )
        )
    return out
