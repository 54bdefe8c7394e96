"""What the reader noticed but could read past: values that are not numbers, a cached total
that disagrees, anything else it could not parse."""

from __future__ import annotations

from collections.abc import Iterator

from par_index.check import catalogue as c
from par_index.check.checks.base import found, produces
from par_index.check.context import CheckContext
from par_index.check.finding import Finding, FindingKind
from par_index.criteria.model import CriteriaSet
from par_index.i18n import CATALOGUE
from par_index.submission import ReadIssue, Submission
from par_index.units import Unit

ISSUE_KINDS: dict[str, FindingKind | None] = {
    "read.not-a-number": c.SCORE_NOT_A_NUMBER,
    "read.cached-total-differs": c.CACHED_TOTAL_DIFFERS,
    "read.not-whole": None,
    "read.sheet-renamed": c.LAYOUT_CHANGED,
    "read.joined-line": c.LAYOUT_CHANGED,
    "read.text-outside-grid": c.LAYOUT_CHANGED,
}
"""Reader issue code -> finding kind (None: another check reports it, e.g. a count that is not
whole is a ``figure-impossible``); any other issue becomes ``value-unreadable``."""
_LOCATION = {"unit", "file", "criterion", "sheet", "cell", "at", "severity", "lang"}


@produces(
    c.SCORE_NOT_A_NUMBER,
    c.CACHED_TOTAL_DIFFERS,
    c.LAYOUT_CHANGED,
    c.VALUE_UNREADABLE,
    needs_unit=False,
)
def check_read_issues(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """One finding per issue the reader recorded, at its cell."""
    for issue in submission.issues:
        entry = ISSUE_KINDS.get(issue.code, c.VALUE_UNREADABLE)
        if entry is None:
            continue
        values = _values(issue, ctx)
        yield found(
            entry, submission, unit, ctx, criterion=issue.criterion, at=issue.cell, **values
        )


def issue_cells(submission: Submission) -> set[str]:
    """ "Sheet!A1" of every cell the reader could not read (other checks leave them alone)."""
    return {str(issue.cell) for issue in submission.issues if issue.cell is not None}


def _values(issue: ReadIssue, ctx: CheckContext) -> dict[str, str]:
    """The issue's own values, the raw text under one name, and the reader's words as detail."""
    values = {k: v for k, v in issue.values.items() if k not in _LOCATION}
    values.setdefault("raw", values.get("value", ""))
    values.setdefault("cached", "")
    values.setdefault("computed", "")
    message = CATALOGUE.get(issue.code)
    cell = issue.cell.cell if issue.cell else ""
    fields = {"value": values["raw"], "allowed": "", **values, "cell": cell}
    fields["criterion"] = issue.criterion or ""
    values["detail"] = message.format(ctx.lang, **fields) if message else issue.code
    return values
