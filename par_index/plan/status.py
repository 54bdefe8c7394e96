"""Where the plan stands on a date: per unit, per task and for the inspections. Pure: it takes
the records read and a date, and opens nothing.

A task is *done on time* when its done date is on or before its due date, *done late* when
after; one without a done date (or done after the date asked about) is *overdue* once its due
date has passed, else *not due yet*. ``completion`` is the one per-unit function the status
page and scoring share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from par_index.numbers import HUNDRED
from par_index.plan.model import InspectionRecord, PlanRecords, TaskRecord, UnitPlan
from par_index.results import InputProblem
from par_index.units import Unit


class TaskState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"


def task_state(task: TaskRecord, as_of: dt.date) -> TaskState:
    """The task's state on ``as_of`` (a done date after it is not known yet on that day)."""
    done = task.done if task.done is not None and task.done <= as_of else None
    if done is not None:
        return TaskState.LATE if task.due is not None and done > task.due else TaskState.ON_TIME
    if task.due is not None and task.due < as_of:
        return TaskState.OVERDUE
    return TaskState.NOT_DUE


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Completion(_Model):
    """A unit's plan on a date: how many tasks are in each state."""

    unit: str
    file: str
    as_of: dt.date
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_due: int = 0

    @property
    def planned(self) -> int:
        return self.on_time + self.late + self.overdue + self.not_due

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> Decimal | None:
        """Tasks done of tasks planned, in percent (exact); None without tasks."""
        return Decimal(self.done) * HUNDRED / self.planned if self.planned else None


def completion(plan: UnitPlan, as_of: dt.date) -> Completion:
    """How far the unit's plan is on ``as_of``."""
    counts = dict.fromkeys(TaskState, 0)
    for task in plan.tasks:
        counts[task_state(task, as_of)] += 1
    return Completion(
        unit=plan.unit_code,
        file=plan.file,
        as_of=as_of,
        on_time=counts[TaskState.ON_TIME],
        late=counts[TaskState.LATE],
        overdue=counts[TaskState.OVERDUE],
        not_due=counts[TaskState.NOT_DUE],
    )


class OverdueTask(_Model):
    """A task past its due date without a done date, and who leads it."""

    unit: str
    unit_name: str
    key: str
    task: str
    lead: str | None
    due: dt.date
    days: int
    """Days past the due date on the date asked about."""


class UnitStatus(_Model):
    unit: str
    name: str
    completion: Completion | None
    """None: no usable plan workbook from the unit."""
    overdue: tuple[OverdueTask, ...] = ()


class TaskAcross(_Model):
    """One province task across the units that have it in their plan."""

    key: str
    task: str
    due: dt.date | None
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_due: int = 0


class InspectionStatus(_Model):
    unit: str
    name: str
    planned: dt.date | None
    by: str | None
    done: dt.date | None
    result: str | None

    @property
    def pending(self) -> bool:
        return self.done is None


class PlanStatus(_Model):
    """The plan on a date, for the Home Affairs office and the steering committee."""

    as_of: dt.date
    units: tuple[UnitStatus, ...]
    tasks: tuple[TaskAcross, ...]
    inspections: tuple[InspectionStatus, ...]
    problems: tuple[InputProblem, ...] = ()

    @property
    def overdue(self) -> list[OverdueTask]:
        """Every overdue task, most overdue first."""
        tasks = [t for u in self.units for t in u.overdue]
        return sorted(tasks, key=lambda t: (-t.days, t.unit, t.key))

    def as_json(self) -> dict:
        """The status as JSON data, with the overdue list and each unit's counts and rate
        (the rate as exact decimal text)."""
        data = self.model_dump(mode="json")
        data["overdue"] = [t.model_dump(mode="json") for t in self.overdue]
        for unit, shown in zip(data["units"], self.units, strict=True):
            done = shown.completion
            unit["planned"] = done.planned if done else None
            unit["done"] = done.done if done else None
            unit["rate"] = str(done.rate) if done and done.rate is not None else None
        return data

    @property
    def missing(self) -> list[UnitStatus]:
        """Units without a usable plan workbook."""
        return [u for u in self.units if u.completion is None]


def plan_status(records: PlanRecords, units: Sequence[Unit], as_of: dt.date) -> PlanStatus:
    """Every unit's plan, every province task and every inspection on ``as_of``."""
    names = {u.code: u.name for u in units}
    statuses = tuple(_unit_status(u, records.plans.get(u.code), as_of) for u in units)
    return PlanStatus(
        as_of=as_of,
        units=statuses,
        tasks=_across(records.plans, as_of),
        inspections=tuple(_inspection(i, names, as_of) for i in records.inspections),
        problems=(*records.problems, *(p for u in records.plans.values() for p in u.problems)),
    )


def _unit_status(unit: Unit, plan: UnitPlan | None, as_of: dt.date) -> UnitStatus:
    if plan is None:
        return UnitStatus(unit=unit.code, name=unit.name, completion=None)
    overdue = tuple(
        OverdueTask(
            unit=unit.code,
            unit_name=unit.name,
            key=t.key,
            task=t.task,
            lead=t.lead,
            due=t.due,
            days=(as_of - t.due).days,
        )
        for t in plan.tasks
        if t.due is not None and task_state(t, as_of) == TaskState.OVERDUE
    )
    return UnitStatus(
        unit=unit.code, name=unit.name, completion=completion(plan, as_of), overdue=overdue
    )


def _across(plans: Mapping[str, UnitPlan], as_of: dt.date) -> tuple[TaskAcross, ...]:
    """The province's tasks (own tasks left out), in the order first met."""
    found: dict[str, dict] = {}
    for plan in plans.values():
        for task in plan.tasks:
            if task.own:
                continue
            row = found.setdefault(
                task.key, {"key": task.key, "task": task.task, "due": task.due, **_zero()}
            )
            row[task_state(task, as_of).value] += 1
    return tuple(TaskAcross(**row) for row in sorted(found.values(), key=lambda r: r["key"]))


def _zero() -> dict[str, int]:
    return {state.value: 0 for state in TaskState}


def _inspection(
    record: InspectionRecord, names: Mapping[str, str], as_of: dt.date
) -> InspectionStatus:
    """An inspection done after ``as_of`` is still pending on that day."""
    return InspectionStatus(
        unit=record.unit,
        name=names.get(record.unit, record.unit),
        planned=record.planned,
        by=record.by,
        done=record.done if record.done is not None and record.done <= as_of else None,
        result=record.result if record.done is not None and record.done <= as_of else None,
    )
