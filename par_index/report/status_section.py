"""The report's status section: per unit the phase it is in, the versions received, the step
it waits on with the days left or late, its year's PAR plan and the reminders pending, as
``par_index.status`` computed them on the report's date; the bodies' progress when the
appraisal is shared. ``par-index status`` shows the same, with every phase."""

from __future__ import annotations

from collections.abc import Mapping

from par_index.i18n import Lang, Message
from par_index.numbers import shown_date
from par_index.report.rows import BodyRow, StatusRow, StatusSection
from par_index.status import PHASES, Campaign, UnitStatus, body_cells, days_text

M_SUMMARY = Message(
    "report.status.summary",
    "Tính đến ngày {date}: {done}/{count} đơn vị đã qua mọi bước; {reminders} việc cần nhắc "
    "{units} đơn vị ('par-index status --reminders -' lập danh sách nhắc việc).",
    "As of {date}: {done}/{count} units are through every step; {reminders} reminder(s) for "
    "{units} unit(s) ('par-index status --reminders -' writes the reminder list).",
)
M_NONE = Message("report.status.none", "chưa có", "none yet")
M_ALL_DONE = Message("report.status.all-done", "đã xong", "all done")

LABELS = {p.key: p.label for p in PHASES}


def status_section(
    status: Campaign | None, groups: Mapping[str, str], lang: Lang | str | None = None
) -> StatusSection | None:
    """The section's rows (``groups``: unit code -> its group's name, empty without groups);
    None when the status could not be made."""
    if status is None:
        return None
    lang = Lang(lang or "vi")
    with_plan = any(p.key == "plan" for p in status.phases)
    rows = [_row(unit, groups.get(unit.code, ""), lang, with_plan) for unit in status.units]
    return StatusSection(
        summary=M_SUMMARY.format(
            lang,
            date=shown_date(status.as_of),
            count=len(rows),
            done=sum(u.waiting is None for u in status.units),
            reminders=len(status.reminders),
            units=len({r.code for r in status.reminders}),
        ),
        units=rows,
        bodies=[BodyRow(b.name, *body_cells(b, lang)) for b in status.bodies],
        with_groups=bool(groups),
        with_plan=with_plan,
    )


def _row(unit: UnitStatus, group: str, lang: Lang, with_plan: bool) -> StatusRow:
    waiting = unit.waiting
    return StatusRow(
        name=unit.name,
        group=group,
        phase=_phase(unit, lang),
        versions=unit.versions,
        waiting=_waiting(unit, lang),
        late=waiting is not None and waiting.days_left is not None and waiting.days_left < 0,
        plan=unit.of("plan").detail if with_plan else "",
        reminders=sum(bool(p.todo) for p in unit.phases),
    )


def _phase(unit: UnitStatus, lang: Lang) -> str:
    """The last step done, with its detail ("Đã kiểm tra (3 lỗi)")."""
    if unit.phase is None:
        return M_NONE.format(lang)
    state = unit.of(unit.phase)
    label = LABELS[unit.phase].format(lang)
    return f"{label} ({state.detail})" if state.detail else label


def _waiting(unit: UnitStatus, lang: Lang) -> str:
    """The first step due and not done, with its days left or late."""
    state = unit.waiting
    if state is None:
        return M_ALL_DONE.format(lang)
    label = LABELS[state.phase].format(lang)
    return label if state.days_left is None else f"{label}: {days_text(state.days_left, lang)}"
