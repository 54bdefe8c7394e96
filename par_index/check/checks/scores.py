"""Self-scores on their own: within 0..max, one of the allowed values, not blank, not claimed
for criteria the unit does not score."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from par_index.check import catalogue as c
from par_index.check.checks.base import at_row, produces
from par_index.check.checks.plan import Row, evaluation, rows
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import (
    CriteriaSet,
    FinalFrom,
    ScoredBy,
)
from par_index.numbers import Number, NumberKind
from par_index.rules import Outcome
from par_index.submission import Submission
from par_index.units import Unit


@produces(c.SCORE_ABOVE_MAX, c.SCORE_NEGATIVE, c.SCORE_NOT_ALLOWED)
def check_score_values(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """A self-score above the maximum, below 0, or between the rule's levels."""
    for row in rows(cs, submission, unit, ctx.memo):
        score = row.entry.self_score
        if score is None or not row.item.self_scored:
            continue
        extra: dict[str, Any]
        if score > row.item.possible:
            kind, extra = c.SCORE_ABOVE_MAX, {"max": row.possible}
        elif score < 0:
            kind, extra = c.SCORE_NEGATIVE, {"max": row.possible}
        elif not score_allowed(cs, row, score):
            # the exact levels and score: a level of 0,125 must not read as 0,13
            allowed = [Number(v, NumberKind.EXACT) for v in row.allowed or ()]
            exact = Number(score, NumberKind.EXACT)
            kind, extra = c.SCORE_NOT_ALLOWED, {"allowed": allowed, "self_score": exact}
        else:
            continue
        yield at_row(kind, row, submission, unit, ctx, **{"self_score": score, **extra})


@produces(c.CRITERION_SKIPPED, c.NOT_SELF_SCORED_BUT_SCORED)
def check_who_scores(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Every criterion of the unit is self-scored; survey and appraiser rows are left alone."""
    for row in rows(cs, submission, unit, ctx.memo):
        entry = row.entry
        typed = entry.self_score is not None or bool((entry.self_score_raw or "").strip())
        scorer = row.item.scorer
        if scorer != ScoredBy.UNIT and typed:
            who = c.D_SURVEY if scorer == ScoredBy.SURVEY else c.D_APPRAISER
            shown = entry.self_score if entry.self_score is not None else entry.self_score_raw
            kind = c.NOT_SELF_SCORED_BUT_SCORED
            yield at_row(kind, row, submission, unit, ctx, self_score=shown, scorer=who)
        elif scorer == ScoredBy.UNIT and not typed and _must_score(cs, row, unit, ctx):
            yield at_row(c.CRITERION_SKIPPED, row, submission, unit, ctx, max=row.possible)


def _must_score(cs: CriteriaSet, row: Row, unit: Unit, ctx: CheckContext) -> bool:
    """Tree criteria need a self-score unless answered "not applicable" (bonus and penalty
    items may stay blank) or their declared figures decide the final score."""
    needed = row.item.section == "tree" and not row.not_applicable
    return needed and not _figures_decide(cs, row, unit, ctx)


def _figures_decide(cs: CriteriaSet, row: Row, unit: Unit, ctx: CheckContext) -> bool:
    """Where the final score is the rule's (``final_from: recomputed``) and the declared
    figures give it (or it waits for the other units), a blank self-score costs nothing."""
    if cs.final_from_for(row.criterion) != FinalFrom.RECOMPUTED:
        return False
    outcome = evaluation(cs, row, unit.unit_type, ctx.memo).outcome
    return outcome not in (Outcome.MISSING, Outcome.NOT_SELF_SCORED)


def score_allowed(cs: CriteriaSet, row: Row, score: Decimal) -> bool:
    """Whether a score within 0..max is one the criterion's rule can give."""
    allowed = row.item.allowed
    return allowed is None or row.not_applicable or score in allowed
