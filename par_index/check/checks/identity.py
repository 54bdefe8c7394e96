"""Is this the right file: the current template of the criteria set, unaltered, of the period?
(Whose file it is, is decided across files: ``par_index.check.attribution``.)"""

from __future__ import annotations

from collections.abc import Iterator

from par_index.check import catalogue as c
from par_index.check.checks.base import found, produces
from par_index.check.checks.plan import unit_plan
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import CriteriaSet
from par_index.numbers import display
from par_index.submission import Submission
from par_index.text import clean
from par_index.units import Unit


@produces(c.TEMPLATE_MISMATCH, needs_unit=False)
def check_template_version(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """The workbook was generated from this criteria set, this version, this content."""
    other_set = submission.criteria_id is not None and submission.criteria_id != cs.id
    other_version = (
        submission.criteria_version is not None and submission.criteria_version != cs.version
    )
    if other_set or other_version:
        detail = c.D_OTHER_SET.format(
            ctx.lang,
            found=submission.criteria_id or cs.id,
            found_version=submission.criteria_version or "?",
            expected=cs.id,
            expected_version=cs.version,
        )
        yield found(c.TEMPLATE_MISMATCH, submission, unit, ctx, detail=detail)
    elif submission.criteria_hash is not None and submission.criteria_hash != cs.content_hash:
        yield found(c.TEMPLATE_MISMATCH, submission, unit, ctx, detail=c.D_HASH)


@produces(c.TEMPLATE_MISMATCH)
def check_template_rows(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Every criterion row of the unit's type is there, no other, with its maximum unchanged."""
    expected = unit_plan(cs, unit.unit_type, ctx.memo).maxima
    for code, possible in expected.items():
        entry = submission.entries.get(code)
        if entry is None:
            detail = c.D_MISSING_ROW.format(ctx.lang, code=code)
            yield found(c.TEMPLATE_MISMATCH, submission, unit, ctx, criterion=code, detail=detail)
        elif entry.max_shown is not None and entry.max_shown != possible:
            detail = c.D_MAX_CHANGED.format(
                ctx.lang,
                code=code,
                shown=display(entry.max_shown, lang=ctx.lang),
                max=display(possible, lang=ctx.lang),
            )
            at = entry.self_score_cell
            yield found(
                c.TEMPLATE_MISMATCH, submission, unit, ctx, criterion=code, at=at, detail=detail
            )
    for code, entry in submission.entries.items():
        if code not in expected:
            detail = c.D_EXTRA_ROW.format(ctx.lang, code=code, row=entry.row)
            at = entry.self_score_cell
            yield found(
                c.TEMPLATE_MISMATCH, submission, unit, ctx, criterion=code, at=at, detail=detail
            )


@produces(c.WRONG_PERIOD, needs_unit=False)
def check_period(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """The workbook is the template of the period being assessed."""
    if of_another_period(submission, ctx):
        yield found(
            c.WRONG_PERIOD, submission, unit, ctx, period=submission.period, expected=ctx.period
        )


def of_another_period(submission: Submission, ctx: CheckContext) -> bool:
    """The workbook says it is the template of another period than the one assessed."""
    if not ctx.period or not submission.period:
        return False
    return clean(submission.period) != clean(ctx.period)
