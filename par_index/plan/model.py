"""The year's PAR plan (kế hoạch CCHC năm) as data: the province's tasks and inspection schedule,
and what each unit recorded in its plan workbook."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from par_index.results import InputProblem


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TaskKind(StrEnum):
    """What a province task is (plan/nhiem-vu.csv, column "loại nhiệm vụ")."""

    TASK = "nhiem_vu"
    """An ordinary task (the column left blank)."""
    REPORT = "bao_cao"
    """A periodic PAR report (quý, 6 tháng, năm): counted also as a report."""


class PlanTask(_Model):
    """One task of the province's plan (plan/nhiem-vu.csv)."""

    code: str
    """Stable code, e.g. "KH-01" (the plan workbook's hidden key)."""
    task: str
    lead: str | None = None
    """Đơn vị/bộ phận chủ trì, as the province suggests it (the unit may name its own)."""
    due: dt.date
    output: str | None = None
    """Sản phẩm: what shows the task is done (a plan, a report, a decision)."""
    unit_types: tuple[str, ...] = ()
    """Unit types the task is for (empty: every unit)."""
    kind: TaskKind = TaskKind.TASK
    line: int = 0
    """The line of the tasks file, for messages."""

    def applies(self, unit_type: str) -> bool:
        return not self.unit_types or unit_type in self.unit_types


class Inspection(_Model):
    """One planned inspection of a unit (plan/kiem-tra.csv)."""

    unit: str
    """Unit code."""
    planned: dt.date
    by: str | None = None
    """Who inspects (đoàn kiểm tra, người phụ trách)."""
    line: int = 0


class ProvincePlan(_Model):
    """The province's plan: its tasks and its inspection schedule."""

    tasks: tuple[PlanTask, ...] = ()
    inspections: tuple[Inspection, ...] = ()

    def tasks_for(self, unit_type: str) -> list[PlanTask]:
        return [t for t in self.tasks if t.applies(unit_type)]


class TaskRecord(_Model):
    """One row of a unit's plan workbook: a province task or one of the unit's own."""

    key: str
    """The row's hidden key: the province task's code, or "RIENG-n" for an own row."""
    task: str
    lead: str | None = None
    due: dt.date | None = None
    output: str | None = None
    done: dt.date | None = None
    """Ngày hoàn thành (None: not done)."""
    evidence: str | None = None
    own: bool = False
    """A task the unit added itself (always an ordinary task)."""
    kind: TaskKind = TaskKind.TASK
    cell: str | None = None
    """Where the done date is ("Sheet!F12")."""


class UnitPlan(_Model):
    """A unit's plan workbook as read: its tasks, and the problems found in it."""

    unit_code: str
    file: str
    tasks: tuple[TaskRecord, ...] = ()
    problems: tuple[InputProblem, ...] = ()


class InspectionRecord(_Model):
    """One row of the inspection workbook of the Home Affairs office."""

    unit: str
    planned: dt.date | None = None
    by: str | None = None
    done: dt.date | None = None
    result: str | None = None
    cell: str | None = None


class PlanRecords(_Model):
    """Everything read back: the units' plan workbooks, the inspection workbook, the problems
    of files that could not be used at all."""

    plans: dict[str, UnitPlan] = {}
    """Unit code -> the plan workbook that counts for it."""
    inspections: tuple[InspectionRecord, ...] = ()
    inspections_file: str | None = None
    """The inspection workbook read (None: none, or it could not be used)."""
    problems: tuple[InputProblem, ...] = ()
