"""Scores the unit's own figures do not support: the rule engine recomputes every self-score."""

from __future__ import annotations

from collections.abc import Iterator

from par_index.check import catalogue as c
from par_index.check.checks.base import at_row, produces, words
from par_index.check.checks.plan import Row, evaluation, rows
from par_index.check.checks.scores import score_allowed
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import CriteriaSet
from par_index.numbers import NumberKind, display
from par_index.rules import Evaluation, Outcome
from par_index.submission import CellRef, Submission
from par_index.units import Unit


@produces(c.SCORE_UNSUPPORTED, c.FIGURES_MISSING, c.SCORE_ON_NOT_APPLICABLE)
def check_recomputed(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Recompute each claimed score from the declared figures and choices; flag any difference.

    Rows with a value the reader could not read are left to ``value-unreadable``."""
    unread = {issue.criterion for issue in submission.issues if issue.criterion}
    for row in rows(cs, submission, unit, ctx.memo):
        score = row.entry.self_score
        if score is None or not row.item.self_scored or row.code in unread:
            continue
        if not (0 <= score <= row.item.possible) or not score_allowed(cs, row, score):
            continue  # reported by the score checks; one finding per problem
        result = evaluation(cs, row, unit.unit_type, ctx.memo)
        if result.outcome == Outcome.MISSING:
            if score > 0:
                at = _first_missing_cell(row, result)
                missing = _labels(row, result.missing, ctx)
                yield at_row(
                    c.FIGURES_MISSING,
                    row,
                    submission,
                    unit,
                    ctx,
                    at=at,
                    self_score=score,
                    missing=missing,
                )
        elif result.outcome == Outcome.NOT_APPLICABLE and row.not_applicable:
            if result.points != score:
                yield at_row(
                    c.SCORE_ON_NOT_APPLICABLE,
                    row,
                    submission,
                    unit,
                    ctx,
                    self_score=score,
                    basis=basis(row, result, ctx, facts=True),
                )
        elif result.points is not None and result.points != score:
            yield at_row(
                c.SCORE_UNSUPPORTED,
                row,
                submission,
                unit,
                ctx,
                self_score=score,
                recomputed=result.points,
                basis=basis(row, result, ctx),
            )


def basis(row: Row, result: Evaluation, ctx: CheckContext, *, facts: bool = False) -> str:
    """What the engine computed from, in the officer's words: answer, figures, ratio
    (``facts``: also when they make the criterion not applicable)."""
    if result.outcome == Outcome.NOT_APPLICABLE and not facts:
        return c.D_NOT_APPLICABLE.format(ctx.lang)
    if result.outcome == Outcome.OVERRIDDEN and result.reason:
        return result.reason
    parts = []
    if row.entry.answer:
        parts.append(c.D_ANSWER.format(ctx.lang, answer=row.entry.answer))
    for figure in row.criterion.figures:
        declared = row.entry.figures.get(figure.name)
        if declared is not None and declared.value is not None:
            value = declared.raw if declared.raw is not None else str(declared.value)
            parts.append(c.D_FIGURE.format(ctx.lang, label=words(figure.label, ctx), value=value))
    if result.ratio is not None:
        ratio = display(result.ratio, NumberKind.PERCENT, ctx.lang)
        parts.append(c.D_RATIO.format(ctx.lang, ratio=ratio))
    return "; ".join(parts)


def _labels(row: Row, names: list[str], ctx: CheckContext) -> str:
    labels = []
    for name in names:
        figure = row.criterion.figure(name)
        labels.append(words(figure.label, ctx) if figure else c.D_ANSWER_FIELD.format(ctx.lang))
    return ", ".join(f"“{label}”" for label in labels)


def _first_missing_cell(row: Row, result: Evaluation) -> CellRef | None:
    for name in result.missing:
        declared = row.entry.figures.get(name)
        if declared is not None and declared.cell is not None:
            return declared.cell
    if "answer" in result.missing and row.entry.answer_cell is not None:
        return row.entry.answer_cell
    return row.score_cell
