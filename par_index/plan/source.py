"""The province's plan as the Home Affairs office writes it: plan/nhiem-vu.csv (the tasks) and
plan/kiem-tra.csv (the inspection schedule), CSV files officers edit in Excel. Every problem is
one ``file:line`` error naming the column and what to write."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from par_index.csvsrc import dialect, read_text
from par_index.csvsrc import rows as csv_rows
from par_index.errors import ConfigError
from par_index.i18n import Message
from par_index.plan.model import Inspection, PlanTask, ProvincePlan, TaskKind
from par_index.text import clean
from par_index.units import Unit
from par_index.workbook.parse import parse_date

TASKS_FILE = "nhiem-vu.csv"
INSPECTIONS_FILE = "kiem-tra.csv"

M_ENCODING = Message(
    "plan.encoding",
    "{file}:{line}: tệp không phải mã UTF-8. Trong Excel hãy chọn Lưu thành > 'CSV UTF-8 "
    "(Comma delimited)'.",
    "{file}:{line}: the file is not UTF-8. In Excel use Save As > 'CSV UTF-8 (Comma delimited)'.",
)
M_MISSING_VALUE = Message(
    "plan.missing-value",
    "{file}:{line}: thiếu '{column}'. Hãy điền cột này (các cột cần có: {columns}).",
    "{file}:{line}: '{column}' is missing. Fill in this column (columns needed: {columns}).",
)
M_BAD_DATE = Message(
    "plan.bad-date",
    "{file}:{line}: '{value}' ở cột '{column}' không phải ngày. Hãy ghi ngày/tháng/năm, "
    "vd. 30/06/2025.",
    "{file}:{line}: '{value}' in column '{column}' is not a date. Write day/month/year, "
    "e.g. 30/06/2025.",
)
M_DUPLICATE = Message(
    "plan.duplicate-code",
    "{file}:{line}: mã nhiệm vụ '{code}' đã có ở dòng {first}. Mỗi nhiệm vụ một mã riêng.",
    "{file}:{line}: task code '{code}' is already on line {first}. Give each task its own code.",
)
M_UNKNOWN_TYPE = Message(
    "plan.unknown-type",
    "{file}:{line}: loại đơn vị '{value}' không có trong bộ tiêu chí (có: {known}). Hãy sửa "
    "hoặc để trống (áp dụng cho mọi đơn vị).",
    "{file}:{line}: unit type '{value}' is not in the criteria set (known: {known}). Fix it or "
    "leave it blank (every unit).",
)
M_UNKNOWN_UNIT = Message(
    "plan.unknown-unit",
    "{file}:{line}: mã đơn vị '{value}' không có trong danh sách đơn vị. Hãy sửa mã đơn vị.",
    "{file}:{line}: unit code '{value}' is not in the units file. Fix the unit code.",
)
M_UNKNOWN_KIND = Message(
    "plan.unknown-kind",
    "{file}:{line}: loại nhiệm vụ '{value}' không hợp lệ. Hãy ghi 'bao_cao' cho báo cáo CCHC "
    "định kỳ, hoặc để trống cho nhiệm vụ thường.",
    "{file}:{line}: task kind '{value}' is not valid. Write 'bao_cao' for a periodic PAR report, "
    "or leave it blank for an ordinary task.",
)

_KINDS = {
    "": TaskKind.TASK,
    "nhiem_vu": TaskKind.TASK,
    "nhiệm vụ": TaskKind.TASK,
    "bao_cao": TaskKind.REPORT,
    "báo cáo": TaskKind.REPORT,
    "bao cao": TaskKind.REPORT,
}
_TASK_COLUMNS = {
    "code": ("ma", "mã", "mã nhiệm vụ", "code"),
    "task": ("nhiệm vụ", "nhiem vu", "task", "nội dung"),
    "lead": ("chủ trì", "đơn vị chủ trì", "bộ phận chủ trì", "lead"),
    "due": ("hạn", "thời hạn", "hạn hoàn thành", "due"),
    "output": ("sản phẩm", "san pham", "output"),
    "unit_types": ("loại đơn vị", "loai don vi", "unit_types", "áp dụng"),
    "kind": ("loại nhiệm vụ", "loai nhiem vu", "loại", "kind"),
}
_INSPECTION_COLUMNS = {
    "unit": ("mã đơn vị", "đơn vị", "unit"),
    "planned": ("ngày kiểm tra", "ngày", "thời gian", "planned"),
    "by": ("người kiểm tra", "đoàn kiểm tra", "by"),
}
_NAMES = {
    "code": "mã",
    "task": "nhiệm vụ",
    "due": "hạn",
    "unit": "mã đơn vị",
    "planned": "ngày kiểm tra",
}

Item = TypeVar("Item")


def load_province_plan(
    folder: Path, unit_types: Sequence[str], units: Sequence[Unit]
) -> ProvincePlan | None:
    """The plan in ``folder`` (None when it holds no tasks file)."""
    tasks_path = folder / TASKS_FILE
    if not tasks_path.is_file():
        return None
    tasks = _read(tasks_path, _TASK_COLUMNS, lambda row, at: _task(row, at, unit_types))
    _unique(tasks, tasks_path)
    inspections_path = folder / INSPECTIONS_FILE
    inspections: list[Inspection] = []
    if inspections_path.is_file():
        known = {u.code for u in units}
        inspections = _read(
            inspections_path, _INSPECTION_COLUMNS, lambda row, at: _inspection(row, at, known)
        )
    return ProvincePlan(tasks=tuple(tasks), inspections=tuple(inspections))


def _read(
    path: Path, columns: dict[str, tuple[str, ...]], make: Callable[[dict, _At], Item]
) -> list[Item]:
    text = read_text(path, M_ENCODING)
    reader = csv.DictReader(io.StringIO(text), dialect=dialect(text))
    aliases = {alias: key for key, names in columns.items() for alias in names}
    items = []
    for row in csv_rows(reader, str(path)):
        mapped = {
            aliases.get(clean(k).lower(), clean(k).lower()): clean(v or "") or None
            for k, v in row.items()
            if k is not None
        }
        if any(mapped.values()):
            items.append(make(mapped, _At(str(path), reader.line_num, columns)))
    return items


class _At:
    """Where a row is, to name it in its errors."""

    def __init__(self, file: str, line: int, columns: dict[str, tuple[str, ...]]) -> None:
        self.file, self.line, self.columns = file, line, columns

    def required(self, row: dict, key: str) -> str:
        value = row.get(key)
        if not value:
            needed = ", ".join(_NAMES[k] for k in self.columns if k in _NAMES)
            raise ConfigError(
                M_MISSING_VALUE, file=self.file, line=self.line, column=_NAMES[key], columns=needed
            )
        return str(value)

    def date(self, row: dict, key: str) -> dt.date:
        value = self.required(row, key)
        try:
            found = parse_date(value)
        except ValueError:
            found = None
        if found is None:
            raise ConfigError(
                M_BAD_DATE, file=self.file, line=self.line, value=value, column=_NAMES[key]
            )
        return found

    def fail(self, message: Message, **fields: str) -> ConfigError:
        return ConfigError(message, file=self.file, line=self.line, **fields)


def _task(row: dict, at: _At, unit_types: Sequence[str]) -> PlanTask:
    types = tuple(t for t in (row.get("unit_types") or "").replace(",", ";").split(";") if t)
    types = tuple(t.strip() for t in types if t.strip())
    for kind in types:
        if kind not in unit_types:
            raise at.fail(M_UNKNOWN_TYPE, value=kind, known=", ".join(unit_types))
    return PlanTask(
        code=at.required(row, "code"),
        task=at.required(row, "task"),
        lead=row.get("lead"),
        due=at.date(row, "due"),
        output=row.get("output"),
        unit_types=types,
        kind=_kind(row, at),
        line=at.line,
    )


def _kind(row: dict, at: _At) -> TaskKind:
    value = row.get("kind") or ""
    kind = _KINDS.get(value.casefold())
    if kind is None:
        raise at.fail(M_UNKNOWN_KIND, value=value)
    return kind


def _inspection(row: dict, at: _At, known: set[str]) -> Inspection:
    unit = at.required(row, "unit")
    if unit not in known:
        raise at.fail(M_UNKNOWN_UNIT, value=unit)
    return Inspection(unit=unit, planned=at.date(row, "planned"), by=row.get("by"), line=at.line)


def _unique(tasks: list[PlanTask], path: Path) -> None:
    first: dict[str, int] = {}
    for task in tasks:
        key = task.code.casefold()
        if key in first:
            raise ConfigError(
                M_DUPLICATE, file=str(path), line=task.line, code=task.code, first=first[key]
            )
        first[key] = task.line
