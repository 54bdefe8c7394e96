"""Reading the plan workbooks back, through the same guard as the self-assessments
(``workbook.reader.guarded_bytes``: encrypted, renamed, broken or hostile files each end in one
clear message). A workbook is its unit's by the code on its hidden sheet, whatever the file is
called; rows are found by their hidden key and columns by their header text. A file that cannot
be used raises ``WorkbookError``; a wrong cell is an ``InputProblem`` naming the file, sheet and
cell and what to write, and the rest of the file still counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from par_index.errors import WorkbookError
from par_index.i18n import Message
from par_index.plan.layout import (
    INSPECTION_COLUMNS,
    KIND_INSPECTIONS,
    KIND_PLAN,
    META_FIELDS,
    OWN_PREFIX,
    PLAN_COLUMNS,
    SHEET_INSPECTIONS,
    SHEET_META,
    SHEET_PLAN,
    Column,
)
from par_index.plan.model import InspectionRecord, ProvincePlan, TaskRecord, UnitPlan
from par_index.results import InputProblem
from par_index.text import fold
from par_index.units import Unit
from par_index.workbook.layout import a1
from par_index.workbook.meta import find_sheet, open_book, sheet_or_fail, sheet_rows
from par_index.workbook.parse import CellValue, cell_text, parse_date
from par_index.workbook.reader import guarded_bytes

M_NOT_PLAN = Message(
    "plan.not-a-plan",
    "{file}: không phải {what} do par-index tạo (trang ẩn '{sheet}' thiếu hoặc ghi loại "
    "'{kind}'). Hãy dùng tệp do 'par-index plan --templates' tạo ra.",
    "{file}: not {what_en} made by par-index (the hidden sheet '{sheet}' is missing or says "
    "'{kind}'). Use the file 'par-index plan --templates' made.",
)
M_UNKNOWN_UNIT = Message(
    "plan.workbook-unknown-unit",
    "{file}: mã đơn vị '{unit}' trên trang ẩn không có trong danh sách đơn vị. Hãy dùng đúng tệp "
    "kế hoạch đã gửi cho đơn vị.",
    "{file}: the unit code '{unit}' on the hidden sheet is not in the units file. Use the plan "
    "workbook sent to the unit.",
)
M_OTHER_PERIOD = Message(
    "plan.other-period",
    "{file}: tệp kế hoạch năm {found}, không phải năm {period}. Hãy dùng tệp kế hoạch năm "
    "{period}.",
    "{file}: a plan workbook of {found}, not of {period}. Use the {period} plan workbook.",
)
M_NO_COLUMN = Message(
    "plan.no-column",
    "{file} › {sheet}: không tìm thấy cột '{column}'. Đừng đổi tên hay xóa cột; hãy dùng lại tệp "
    "đã nhận và chép dữ liệu sang.",
    "{file} › {sheet}: column '{column}' is missing. Do not rename or delete columns; take the "
    "file you were sent and copy the data over.",
)
M_BAD_DATE = Message(
    "plan.cell-not-a-date",
    "{where}: '{value}' không phải ngày ({column}). Hãy ghi ngày/tháng/năm, vd. 30/06/2025, "
    "hoặc để trống nếu chưa hoàn thành.",
    "{where}: '{value}' is not a date ({column}). Write day/month/year, e.g. 30/06/2025, or "
    "leave it blank while not done.",
)
M_OWN_NO_DUE = Message(
    "plan.own-task-no-due",
    "{where}: nhiệm vụ tự bổ sung '{task}' chưa có hạn hoàn thành. Hãy ghi hạn (ngày/tháng/năm) "
    "để theo dõi đúng hạn, chậm hay quá hạn.",
    "{where}: own task '{task}' has no due date. Write one (day/month/year) so that it can be "
    "followed as on time, late or overdue.",
)
M_MISSING_TASK = Message(
    "plan.missing-task",
    "{file} › {sheet}: không tìm thấy dòng của nhiệm vụ {key} ({task}). Đừng xóa dòng; nhiệm vụ "
    "được tính là chưa hoàn thành. Hãy dùng lại tệp đã nhận và chép dữ liệu sang.",
    "{file} › {sheet}: no row for task {key} ({task}). Do not delete rows; the task counts as "
    "not done. Take the file you were sent and copy the data over.",
)
M_DONE_LATER = Message(
    "plan.done-in-future",
    "{where}: ngày hoàn thành {value} sau ngày đọc tệp ({today}). Hãy ghi ngày đã hoàn thành "
    "thực tế; nhiệm vụ chưa xong thì để trống.",
    "{where}: done date {value} is after the day the file was read ({today}). Write the real "
    "done date; leave it blank while not done.",
)

_WHAT = {KIND_PLAN: ("tệp kế hoạch CCHC", "a plan workbook"),
         KIND_INSPECTIONS: ("lịch kiểm tra CCHC", "an inspection workbook")}  # fmt: skip


def read_unit_plan(
    path: Path, label: str, plan: ProvincePlan, units: Sequence[Unit], period: str,
    today: dt.date,
) -> UnitPlan:  # fmt: skip
    """A unit's plan workbook; WorkbookError when it cannot be used."""
    book = open_book(guarded_bytes(path, label), label)
    meta = _meta(book, label, KIND_PLAN, period)
    unit = next((u for u in units if u.code == meta.get("unit_code")), None)
    if unit is None:
        raise WorkbookError(M_UNKNOWN_UNIT, file=label, unit=meta.get("unit_code", ""))
    sheet = sheet_or_fail(book, SHEET_PLAN, label)
    rows = sheet_rows(book, sheet, label)
    reading = _Reading(label, sheet, unit.code, today)
    head, cols = _header(rows, PLAN_COLUMNS, reading)
    tasks = _tasks(rows, head, cols, plan.tasks_for(unit.unit_type), reading)
    return UnitPlan(unit_code=unit.code, file=label, tasks=tasks, problems=tuple(reading.problems))


def read_inspections(
    path: Path, label: str, units: Sequence[Unit], period: str, today: dt.date
) -> tuple[tuple[InspectionRecord, ...], tuple[InputProblem, ...]]:
    """The inspection workbook's rows and the problems of its cells."""
    book = open_book(guarded_bytes(path, label), label)
    _meta(book, label, KIND_INSPECTIONS, period)
    sheet = sheet_or_fail(book, SHEET_INSPECTIONS, label)
    rows = sheet_rows(book, sheet, label)
    reading = _Reading(label, sheet, None, today)
    head, cols = _header(rows, INSPECTION_COLUMNS, reading)
    known = {u.code for u in units}
    records = []
    for r in range(head + 1, len(rows)):
        unit = cell_text(_value(rows[r], cols["unit"]))
        if unit is None or unit not in known:
            continue
        records.append(
            InspectionRecord(
                unit=unit,
                planned=reading.date(rows[r], r, cols["planned"], "planned", done=False),
                by=cell_text(_value(rows[r], cols["by"])),
                done=reading.date(rows[r], r, cols["done"], "done"),
                result=cell_text(_value(rows[r], cols["result"])),
                cell=f"{sheet}!{a1(r, cols['done'])}",
            )
        )
    return tuple(records), tuple(reading.problems)


def _meta(book, label: str, kind: str, period: str) -> dict[str, str]:
    what, what_en = _WHAT[kind]
    name = find_sheet(list(book.sheet_names), SHEET_META)
    meta: dict[str, str] = {}
    for row in sheet_rows(book, name, label) if name is not None else []:
        key = cell_text(row[0]) if row else None
        if key in META_FIELDS and len(row) > 1:
            meta[key] = (cell_text(row[1]) or "").strip()
    if meta.get("kind") != kind:
        raise WorkbookError(
            M_NOT_PLAN, file=label, what=what, what_en=what_en, sheet=SHEET_META,
            kind=meta.get("kind", ""),
        )  # fmt: skip
    if meta.get("period") != period:
        raise WorkbookError(M_OTHER_PERIOD, file=label, found=meta.get("period", ""), period=period)
    return meta


class _Reading:
    """One sheet being read: where it is, and the problems found so far."""

    def __init__(self, file: str, sheet: str, unit: str | None, today: dt.date) -> None:
        self.file, self.sheet, self.unit, self.today = file, sheet, unit, today
        self.problems: list[InputProblem] = []

    def problem(self, message: Message, cell: str | None, **fields: Any) -> None:
        where = f"{self.file} › {self.sheet}!{cell}" if cell else f"{self.file} › {self.sheet}"
        shown = message.format(None, where=where, file=self.file, sheet=self.sheet, **fields)
        self.problems.append(
            InputProblem(
                code=message.code, file=self.file, sheet=self.sheet, cell=cell, unit=self.unit,
                message=shown,
            )
        )  # fmt: skip

    def date(self, row, r: int, col: int, key: str, *, done: bool = True) -> dt.date | None:
        raw = _value(row, col)
        try:
            value = parse_date(raw)
        except ValueError:
            header = _HEADERS[key]
            self.problem(M_BAD_DATE, a1(r, col), value=cell_text(raw) or "", column=header)
            return None
        if done and value is not None and value > self.today:
            shown, today = f"{value:%d/%m/%Y}", f"{self.today:%d/%m/%Y}"
            self.problem(M_DONE_LATER, a1(r, col), value=shown, today=today)
            return None
        return value


_HEADERS = {c.key: c.header for c in (*PLAN_COLUMNS, *INSPECTION_COLUMNS)}


def _header(rows, columns: tuple[Column, ...], reading: _Reading) -> tuple[int, dict[str, int]]:
    """(0-based header row, column key -> index), found by the headers' text."""
    wanted = {fold(c.header): c.key for c in columns}
    for r, row in enumerate(rows[:40]):
        found = {
            wanted[fold(t)]: c
            for c, v in enumerate(row)
            if (t := cell_text(v)) and fold(t) in wanted
        }
        if len(found) * 2 > len(columns):
            missing = [c.header for c in columns if c.key not in found]
            if missing:
                raise WorkbookError(
                    M_NO_COLUMN, file=reading.file, sheet=reading.sheet, column=missing[0]
                )
            return r, found
    raise WorkbookError(
        M_NO_COLUMN, file=reading.file, sheet=reading.sheet, column=columns[0].header
    )


def _value(row: list[CellValue], col: int) -> CellValue:
    return row[col] if col < len(row) else None


def _tasks(rows, head: int, cols: dict[str, int], tasks, reading: _Reading):
    """The province's tasks in the province's order (a deleted row: not done), then the
    unit's own tasks that name a task."""
    by_key: dict[str, TaskRecord] = {}
    own: list[TaskRecord] = []
    province = {t.code: t for t in tasks}
    for r in range(head + 1, len(rows)):
        row = rows[r]
        key = cell_text(_value(row, cols["key"])) or ""
        if key in province and key not in by_key:
            by_key[key] = _province_row(row, r, cols, province[key], reading)
        elif key.startswith(OWN_PREFIX):
            record = _own_row(row, r, cols, key, reading)
            if record is not None:
                own.append(record)
    for task in tasks:
        if task.code not in by_key:
            reading.problem(M_MISSING_TASK, None, key=task.code, task=task.task)
            by_key[task.code] = TaskRecord(
                key=task.code, task=task.task, lead=task.lead, due=task.due, output=task.output,
                kind=task.kind,
            )  # fmt: skip
    return (*(by_key[t.code] for t in tasks), *own)


def _province_row(row, r: int, cols, task, reading: _Reading) -> TaskRecord:
    return TaskRecord(
        key=task.code,
        task=task.task,
        lead=cell_text(_value(row, cols["lead"])) or task.lead,
        due=task.due,
        output=task.output,
        done=reading.date(row, r, cols["done"], "done"),
        evidence=cell_text(_value(row, cols["evidence"])),
        cell=f"{reading.sheet}!{a1(r, cols['done'])}",
        kind=task.kind,
    )


def _own_row(row, r: int, cols, key: str, reading: _Reading) -> TaskRecord | None:
    task = cell_text(_value(row, cols["task"]))
    if task is None:
        return None
    due = reading.date(row, r, cols["due"], "due", done=False)
    if due is None and cell_text(_value(row, cols["due"])) is None:
        reading.problem(M_OWN_NO_DUE, a1(r, cols["due"]), task=task)
    return TaskRecord(
        key=key,
        task=task,
        lead=cell_text(_value(row, cols["lead"])),
        due=due,
        output=cell_text(_value(row, cols["output"])),
        done=reading.date(row, r, cols["done"], "done"),
        evidence=cell_text(_value(row, cols["evidence"])),
        own=True,
        cell=f"{reading.sheet}!{a1(r, cols['done'])}",
    )
