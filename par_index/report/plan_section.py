"""The report's compact section on the year's PAR plan (``par_index.plan``): one sentence, the
units that are behind and the overdue tasks with who leads them, each list cut at
``SECTION_ROWS``; the full view is outputs/ke-hoach-cchc.xlsx."""

from __future__ import annotations

from par_index.i18n import text
from par_index.plan.report import SECTION_ROWS, behind, labels, rate_text, summary
from par_index.plan.status import PlanStatus
from par_index.report.rows import PlanOverdueRow, PlanSection, PlanUnitRow


def plan_section(status: PlanStatus | None) -> PlanSection | None:
    """The section's rows, or None when the workspace has no plan."""
    if status is None:
        return None
    words = labels()
    units = [
        PlanUnitRow(
            name=u.name,
            planned=str(u.completion.planned) if u.completion else words["no_plan"],
            done=str(u.completion.done) if u.completion else "",
            late=str(u.completion.late) if u.completion else "",
            overdue=str(u.completion.overdue) if u.completion else "",
            rate=rate_text(u),
        )
        for u in behind(status)
    ]
    overdue = [
        PlanOverdueRow(t.unit_name, t.task, t.lead or "", f"{t.due:%d/%m/%Y}", t.days)
        for t in status.overdue
    ]
    cut = max(len(units), len(overdue)) - SECTION_ROWS
    more = text(f"… và {cut} dòng khác", f"… and {cut} more") if cut > 0 else ""
    return PlanSection(
        words=words,
        summary=summary(status),
        units=units[:SECTION_ROWS],
        overdue=overdue[:SECTION_ROWS],
        more=more,
    )
