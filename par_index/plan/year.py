"""The plan at the period's end, as scoring and the check take it: each unit's counts by
``PlanMeasure`` (tasks and periodic reports from its plan workbook, inspections from the
inspection workbook), and why a unit has no count for a measure (the plan could not be read,
the unit sent no plan workbook). Pure: it takes the records read and opens nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from par_index.criteria.model import PlanMeasure
from par_index.plan.model import PlanRecords, TaskKind, UnitPlan
from par_index.plan.status import Completion, completion
from par_index.results import InputProblem
from par_index.units import Unit


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class UnitRecord(_Model):
    """One unit's plan record at the period's end; None: no source for those counts."""

    unit: str
    as_of: dt.date
    tasks: Completion | None = None
    """Every task of its plan workbook."""
    reports: Completion | None = None
    """The periodic reports among them (tasks of kind ``bao_cao``)."""
    inspections_planned: int | None = None
    inspections_done: int | None = None
    inspections_file: str | None = None

    def measure(self, measure: PlanMeasure) -> int | None:
        """The count a criterion's ``plan:`` declaration names (None: no record of it)."""
        if measure.from_inspections:
            if measure == PlanMeasure.INSPECTIONS_PLANNED:
                return self.inspections_planned
            return self.inspections_done
        if measure.value.startswith("reports_"):
            return _count(self.reports, measure)
        return _count(self.tasks, measure)

    def source(self, measure: PlanMeasure) -> str | None:
        """The file the count comes from."""
        if measure.from_inspections:
            return self.inspections_file
        return self.tasks.file if self.tasks is not None else None


_COUNTS = {
    PlanMeasure.PLANNED: "planned",
    PlanMeasure.DONE: "done",
    PlanMeasure.DONE_ON_TIME: "on_time",
    PlanMeasure.DONE_LATE: "late",
    PlanMeasure.NOT_DONE: "not_done",
    PlanMeasure.REPORTS_PLANNED: "planned",
    PlanMeasure.REPORTS_ON_TIME: "on_time",
    PlanMeasure.REPORTS_LATE: "late",
    PlanMeasure.REPORTS_NOT_DONE: "not_done",
}


def _count(found: Completion | None, measure: PlanMeasure) -> int | None:
    if found is None:
        return None
    if _COUNTS[measure] == "not_done":
        return found.overdue + found.not_due
    return int(getattr(found, _COUNTS[measure]))


class PlanGap(StrEnum):
    """Why a unit's declared figure stands instead of its plan record."""

    UNREAD = "unread"
    """The province's plan (or the inspection workbook) could not be used."""
    NO_WORKBOOK = "no_workbook"
    """Other units sent a plan workbook; this unit did not (or it could not be read)."""
    NO_INSPECTIONS = "no_inspections"
    """The schedule lists inspections but no inspection workbook could be read."""


class YearPlan(_Model):
    """The plan at the period's end for every unit, and the problems met reading it."""

    end: dt.date
    units: dict[str, UnitRecord] = {}
    tasks_read: bool = False
    """At least one unit's plan workbook was read."""
    inspections_read: bool = False
    inspections_scheduled: bool = False
    """plan/kiem-tra.csv lists inspections."""
    unusable: str | None = None
    """Why the province's plan could not be used at all (the message, with file:line)."""
    problems: tuple[InputProblem, ...] = ()
    """Every problem met: the province's files, the workbooks, their cells."""

    def record(self, unit: str) -> UnitRecord | None:
        return self.units.get(unit)

    def gap(self, unit: str, measures: Iterable[PlanMeasure]) -> PlanGap | None:
        """Why some of ``measures`` have no record for ``unit`` (None: all have one, or the
        workspace keeps no record of them at all)."""
        if self.unusable is not None:
            return PlanGap.UNREAD
        record = self.units.get(unit)
        for measure in measures:
            if record is not None and record.measure(measure) is not None:
                continue
            if measure.from_inspections and self.inspections_scheduled:
                return PlanGap.NO_INSPECTIONS
            if not measure.from_inspections and self.tasks_read:
                return PlanGap.NO_WORKBOOK
        return None


def year_plan(
    records: PlanRecords, units: Sequence[Unit], end: dt.date, scheduled: bool
) -> YearPlan:
    """Each unit's record at ``end`` from the workbooks read. ``scheduled``: the province's
    schedule lists inspections."""
    read = records.inspections_file is not None
    found = {u.code: _record(u.code, records.plans.get(u.code), records, end, read) for u in units}
    problems = (*records.problems, *(p for one in records.plans.values() for p in one.problems))
    return YearPlan(
        end=end,
        units={code: r for code, r in found.items() if r is not None},
        tasks_read=bool(records.plans),
        inspections_read=read,
        inspections_scheduled=scheduled,
        problems=problems,
    )


def _record(
    unit: str, plan: UnitPlan | None, records: PlanRecords, end: dt.date, read: bool
) -> UnitRecord | None:
    if plan is None and not read:
        return None
    held = [i for i in records.inspections if i.unit == unit]
    reports = plan.model_copy(
        update={"tasks": tuple(t for t in plan.tasks if t.kind == TaskKind.REPORT)}
    ) if plan is not None else None  # fmt: skip
    return UnitRecord(
        unit=unit,
        as_of=end,
        tasks=completion(plan, end) if plan is not None else None,
        reports=completion(reports, end) if reports is not None else None,
        inspections_planned=len(held) if read else None,
        inspections_done=sum(1 for i in held if i.done and i.done <= end) if read else None,
        inspections_file=records.inspections_file if read else None,
    )
