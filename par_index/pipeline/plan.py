"""The plan step (``par-index plan``): the plan workbooks made from the province's plan, the
filled ones read back (each file in isolation: one bad file is one problem, never the end of the
batch), where the plan stands on a date, and the mid-year view written to outputs/.

Files: plan/nhiem-vu.csv and plan/kiem-tra.csv (the province's plan), plan/don-vi/*.xlsx (the
units' filled plan workbooks), plan/lich-kiem-tra_<period>.xlsx (the filled inspection workbook);
blank workbooks go to templates/ke-hoach/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from par_index.batch import Ok, run_isolated
from par_index.check.context import CheckContext
from par_index.errors import ConfigError, ParIndexError
from par_index.i18n import Message
from par_index.io import write_text_atomic
from par_index.plan.model import PlanRecords, ProvincePlan, UnitPlan
from par_index.plan.read import read_inspections, read_unit_plan
from par_index.plan.report import write_plan_report
from par_index.plan.source import TASKS_FILE, load_province_plan
from par_index.plan.status import PlanStatus, plan_status
from par_index.plan.workbook import (
    INSPECTIONS_NAME,
    write_inspection_workbook,
    write_plan_workbooks,
)
from par_index.plan.year import YearPlan, year_plan
from par_index.results import InputProblem
from par_index.units import Unit
from par_index.workbook.guard import display_name, ignored_reason
from par_index.workspace import Workspace

RETURNED = "don-vi"
"""Sub-folder of the plan folder holding the units' filled plan workbooks."""
TEMPLATES = "ke-hoach"
"""Sub-folder of the templates folder the blank plan workbooks are written to."""
PLAN_XLSX = "ke-hoach-cchc.xlsx"
PLAN_JSON = "ke-hoach-cchc.json"

M_NO_PLAN = Message(
    "plan.no-tasks",
    "{folder}: chưa có tệp nhiệm vụ {file}. Hãy lập danh sách nhiệm vụ của Kế hoạch CCHC năm "
    "(các cột: mã, nhiệm vụ, chủ trì, hạn, sản phẩm, loại đơn vị) rồi chạy lại.",
    "{folder}: there is no tasks file {file}. List the tasks of the year's PAR plan (columns: "
    "mã, nhiệm vụ, chủ trì, hạn, sản phẩm, loại đơn vị) and run again.",
)
M_PLAN_UNUSABLE = Message(
    "plan.unusable",
    "{problem} Kế hoạch CCHC chưa dùng được: các tiêu chí lấy số liệu từ kế hoạch đang tạm tính "
    "theo số liệu đơn vị kê khai, chưa được đối chiếu. Hãy sửa tệp rồi chạy lại.",
    "{problem} The PAR plan cannot be used: the criteria that take their figures from the plan "
    "are scored on the units' declared figures for now, unchecked. Fix the file and run again.",
)
M_SECOND_FILE = Message(
    "plan.second-file",
    "{file}: đơn vị {unit} đã có tệp kế hoạch {counted} (tệp gửi sau); tệp này không được tính. "
    "Hãy chỉ để lại một tệp cho mỗi đơn vị.",
    "{file}: unit {unit} already has plan workbook {counted} (sent later); this one does not "
    "count. Keep one file per unit.",
)


def plan_folder(ws: Workspace) -> Path:
    return ws.path(ws.config.paths.plan)


def province_plan(
    ws: Workspace, unit_types: Sequence[str], units: Sequence[Unit]
) -> ProvincePlan | None:
    """The province's plan of the workspace, None when it has no tasks file."""
    return load_province_plan(plan_folder(ws), unit_types, units)


def make_plan_workbooks(
    ws: Workspace, plan: ProvincePlan, units: Sequence[Unit], when: dt.datetime | None = None
) -> list[Path]:
    """A plan workbook per unit and the inspection workbook, in templates/ke-hoach/."""
    when = when or dt.datetime.now(dt.UTC).replace(microsecond=0)
    folder = ws.path(ws.config.paths.templates) / TEMPLATES
    period = ws.config.period
    paths = write_plan_workbooks(folder, plan, units, period, when)
    inspections = folder / INSPECTIONS_NAME.format(period=period)
    return [*paths, write_inspection_workbook(inspections, plan, units, period, when)]


def read_records(
    ws: Workspace, plan: ProvincePlan, units: Sequence[Unit], today: dt.date | None = None
) -> PlanRecords:
    """The filled plan workbooks and inspection workbook, each file read in isolation."""
    today = today or dt.date.today()
    period = ws.config.period
    folder = plan_folder(ws) / RETURNED
    files = [p for p in sorted(folder.iterdir()) if ignored_reason(p.name) is None] if (
        folder.is_dir()
    ) else []  # fmt: skip
    task = partial(_read_plan, plan, tuple(units), period, today)
    plans: dict[str, UnitPlan] = {}
    newest: dict[str, float] = {}
    problems: list[InputProblem] = []
    for path, outcome in run_isolated(files, task, workers=1):
        if not isinstance(outcome, Ok):
            problems.append(_problem(path, outcome.error_code or outcome.code, outcome.detail))
            continue
        found: UnitPlan = outcome.value
        _keep_newest(found, path.stat().st_mtime, plans, newest, problems)
    inspections, more, read = _inspections(ws, units, period, today)
    return PlanRecords(
        plans=plans, inspections=inspections, inspections_file=read, problems=(*problems, *more)
    )


def _read_plan(plan, units, period, today, path: Path) -> UnitPlan:
    return _named(path, lambda label: read_unit_plan(path, label, plan, units, period, today))


def _keep_newest(
    found: UnitPlan,
    mtime: float,
    plans: dict[str, UnitPlan],
    newest: dict[str, float],
    problems: list[InputProblem],
) -> None:
    """The workbook sent last counts for its unit; the other is named as not counted."""
    code = found.unit_code
    if code in plans:
        older, newer = (plans[code], found) if mtime >= newest[code] else (found, plans[code])
        message = M_SECOND_FILE.format(file=older.file, unit=code, counted=newer.file)
        problems.append(
            InputProblem(code=M_SECOND_FILE.code, file=older.file, unit=code, message=message)
        )
        if newer is plans[code]:
            return
    plans[code], newest[code] = found, mtime


def _inspections(ws: Workspace, units: Sequence[Unit], period: str, today: dt.date):
    """(the inspection workbook's rows, its problems, its name when it could be read)."""
    path = plan_folder(ws) / INSPECTIONS_NAME.format(period=period)
    if not path.is_file():
        return (), (), None
    task = partial(_read_inspections, tuple(units), period, today)
    for _path, outcome in run_isolated([path], task, workers=1):
        if isinstance(outcome, Ok):
            return (*outcome.value, display_name(path.name))
        return (), (_problem(path, outcome.error_code or outcome.code, outcome.detail),), None
    return (), (), None


def _read_inspections(units, period, today, path: Path):
    return _named(path, lambda label: read_inspections(path, label, units, period, today))


def _named(path: Path, read):
    """``read(label)``, its error naming the file as the plan folder lists it (the guard names
    the path it was given)."""
    label = display_name(path.name)
    try:
        return read(label)
    except ParIndexError as error:
        if "file" in error.fields:
            error.fields = {**error.fields, "file": label}
        raise


def _problem(path: Path, code: str, detail: str) -> InputProblem:
    return InputProblem(code=code, file=display_name(path.name), message=" ".join(detail.split()))


def year_end(
    ws: Workspace, context: CheckContext, unit_types: Sequence[str], units: Sequence[Unit]
) -> YearPlan | None:
    """Each unit's plan record at the end of the assessment period (what the criteria that
    declare ``plan:`` take, and what the check compares the self-assessment with); None
    without a plan. A province plan that cannot be read is kept as the reason (and the
    problem, file:line) every unit's declared figures stand, so that nobody takes them for
    checked."""
    end = context.end
    if end is None:
        return None
    try:
        plan = province_plan(ws, unit_types, units)
    except ParIndexError as error:
        problem = _unusable(error)
        return YearPlan(end=end, unusable=problem.message, problems=(problem,))
    if plan is None:
        return None
    records = read_records(ws, plan, units)
    return year_plan(records, units, end, scheduled=bool(plan.inspections))


def _unusable(error: ParIndexError) -> InputProblem:
    """The province's plan files could not be read: what, where, and what it means."""
    fields = error.fields
    line = fields.get("line")
    message = M_PLAN_UNUSABLE.format(problem=error.render())
    return InputProblem(
        code=error.code, file=str(fields.get("file", TASKS_FILE)),
        line=line if isinstance(line, int) else None, message=message,
    )  # fmt: skip


def plan_view(
    ws: Workspace, unit_types: Sequence[str], units: Sequence[Unit], as_of: dt.date
) -> PlanStatus | None:
    """Where the plan stands on ``as_of`` (None without a tasks file)."""
    plan = province_plan(ws, unit_types, units)
    if plan is None:
        return None
    return plan_status(read_records(ws, plan, units), units, as_of)


def require_plan(ws: Workspace, unit_types: Sequence[str], units: Sequence[Unit]) -> ProvincePlan:
    """The province's plan; ConfigError naming the missing tasks file."""
    plan = province_plan(ws, unit_types, units)
    if plan is None:
        raise ConfigError(M_NO_PLAN, folder=str(plan_folder(ws)), file=TASKS_FILE)
    return plan


def save_plan_view(ws: Workspace, status: PlanStatus, title: str | None = None) -> list[Path]:
    """outputs/ke-hoach-cchc.xlsx (the steering committee's view) and its JSON."""
    xlsx = write_plan_report(ws.outputs / PLAN_XLSX, status, title or ws.config.title)
    text = status.model_dump_json(indent=2) + "\n"
    return [xlsx, write_text_atomic(ws.outputs / PLAN_JSON, text)]


def default_as_of(ws: Workspace, today: dt.date | None = None) -> dt.date:
    """Today, or the period's end once it is past."""
    today = today or dt.date.today()
    period = CheckContext(period=ws.config.period, assessment_end=ws.config.assessment_end)
    return min(today, period.end) if period.end is not None else today
