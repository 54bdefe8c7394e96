"""When the workbook was sent: a submission date, on or before the deadline."""

from __future__ import annotations

from collections.abc import Iterator

from par_index.check import catalogue as c
from par_index.check.checks.base import found, produces
from par_index.check.checks.reading import issue_cells
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import CriteriaSet
from par_index.submission import Submission
from par_index.units import Unit


@produces(c.LATE_SUBMISSION, c.SUBMISSION_DATE_MISSING, needs_unit=False)
def check_submission_date(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """The submission date is given, and is not after the self-assessment deadline."""
    submitted = submission.submission_date
    at = submission.submission_date_cell
    if submitted is None:
        if str(at) not in issue_cells(submission):  # else the reader's issue says why
            yield found(c.SUBMISSION_DATE_MISSING, submission, unit, ctx, at=at)
    elif days := submission.days_late(ctx.deadline):
        yield found(
            c.LATE_SUBMISSION,
            submission,
            unit,
            ctx,
            at=at,
            submitted=submitted,
            deadline=ctx.deadline,
            days=days,
        )
