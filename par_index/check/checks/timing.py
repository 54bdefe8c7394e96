"""When the workbook was sent: a submission date, on or before the deadline; the day it was
received when ``par-index receive`` recorded it (the received log) beside the date it gives."""

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
    """The submission date is given, and the file was sent (received, when known, else the
    date it gives) by the self-assessment deadline."""
    submitted = submission.submission_date
    at = submission.submission_date_cell
    # a date the reader could not read has its own issue, which says why
    if submitted is None and str(at) not in issue_cells(submission):
        yield found(c.SUBMISSION_DATE_MISSING, submission, unit, ctx, at=at)
    if days := submission.days_late(ctx.deadline):
        by_receipt = submission.received_on is not None
        sent_by = (
            c.D_BY_RECEIPT
            if by_receipt
            else c.D_AT_CELL.format(ctx.lang, cell=at.cell if at else "")
        )
        yield found(
            c.LATE_SUBMISSION,
            submission,
            unit,
            ctx,
            at=at,
            submitted=submission.sent_on,
            sent_by=sent_by,
            deadline=ctx.deadline,
            days=days,
        )


@produces(c.RECEIVED_AFTER_DECLARED, needs_unit=False)
def check_received_after_declared(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """A file received (``par-index receive``) on a later day than the submission date it
    gives: both dates shown."""
    declared, received = submission.submission_date, submission.received_on
    if declared is not None and received is not None and declared < received:
        at = submission.submission_date_cell
        yield found(
            c.RECEIVED_AFTER_DECLARED, submission, unit, ctx, at=at, declared=declared,
            received=received,
        )  # fmt: skip
