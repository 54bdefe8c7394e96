"""The year's PAR plan: the province's tasks file, the plan workbooks written and read back
(real .xlsx through the guard), the status on a date, and one bad file never stopping the batch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from par_index.criteria.model import PlanMeasure
from par_index.errors import ConfigError, WorkbookError
from par_index.plan.layout import PLAN_COLUMNS, SHEET_META, SHEET_PLAN, own_key
from par_index.plan.model import (
    InspectionRecord,
    PlanRecords,
    PlanTask,
    ProvincePlan,
    TaskKind,
    TaskRecord,
    UnitPlan,
)
from par_index.plan.read import read_unit_plan
from par_index.plan.source import load_province_plan
from par_index.plan.status import TaskState, completion, task_state
from par_index.plan.workbook import plan_filename, write_plan_workbook
from par_index.plan.year import PlanGap, year_plan
from par_index.units import Unit

XA = Unit(code="X01", name="Xã Một", unit_type="xa")
PHUONG = Unit(code="P02", name="Phường Hai", unit_type="phuong")
WHEN = dt.datetime(2025, 1, 5, 8, 0)
TODAY = dt.date(2025, 12, 31)
D = dt.date


def _plan() -> ProvincePlan:
    return ProvincePlan(
        tasks=(
            PlanTask(
                code="KH-01", task="Ban hành Kế hoạch CCHC", lead="Văn phòng", due=D(2025, 1, 31)
            ),
            PlanTask(code="KH-02", task="Báo cáo 6 tháng", due=D(2025, 6, 15), output="Báo cáo"),
            PlanTask(
                code="KH-03", task="Chỉ cho phường", due=D(2025, 3, 1), unit_types=("phuong",)
            ),
            PlanTask(code="KH-04", task="Báo cáo năm", due=D(2025, 12, 15)),
        )
    )


# -- status on a date ---------------------------------------------------------------------------
def _task(due: dt.date | None, done: dt.date | None) -> TaskRecord:
    return TaskRecord(key="K", task="t", due=due, done=done)


@pytest.mark.parametrize(
    ("due", "done", "as_of", "state"),
    [
        (D(2025, 3, 1), D(2025, 3, 1), D(2025, 6, 30), TaskState.ON_TIME),  # on the due date
        (D(2025, 3, 1), D(2025, 3, 2), D(2025, 6, 30), TaskState.LATE),
        (D(2025, 3, 1), None, D(2025, 6, 30), TaskState.OVERDUE),
        (D(2025, 6, 30), None, D(2025, 6, 30), TaskState.NOT_DUE),  # due today: not overdue yet
        (D(2025, 3, 1), D(2025, 7, 1), D(2025, 6, 30), TaskState.OVERDUE),  # done after the date
        (D(2025, 9, 1), D(2025, 7, 1), D(2025, 6, 30), TaskState.NOT_DUE),
    ],
)
def test_task_state(due, done, as_of, state):
    assert task_state(_task(due, done), as_of) == state


def _report(due: dt.date, done: dt.date | None) -> TaskRecord:
    return TaskRecord(key="R", task="Báo cáo", due=due, done=done, kind=TaskKind.REPORT)


def test_year_record_counts_tasks_reports_and_inspections():
    plan = UnitPlan(
        unit_code="X01",
        file="f.xlsx",
        tasks=(
            _task(D(2025, 1, 31), D(2025, 1, 20)),
            _task(D(2025, 2, 28), D(2025, 3, 20)),
            _task(D(2025, 3, 31), None),
            _task(D(2025, 12, 15), None),
            _report(D(2025, 3, 15), D(2025, 3, 10)),
            _report(D(2025, 6, 15), D(2025, 6, 30)),
            _report(D(2025, 12, 15), None),
        ),
    )
    mid = completion(plan, D(2025, 6, 30))
    assert (mid.on_time, mid.late, mid.overdue, mid.not_due) == (2, 2, 1, 2)
    inspections = (
        InspectionRecord(unit="X01", planned=D(2025, 5, 1), done=D(2025, 5, 3)),
        InspectionRecord(unit="X01", planned=D(2025, 11, 1)),
        InspectionRecord(unit="P02", planned=D(2025, 5, 1), done=D(2025, 5, 2)),
    )
    records = PlanRecords(
        plans={"X01": plan}, inspections=inspections, inspections_file="lich.xlsx"
    )
    year = year_plan(records, [XA, PHUONG], D(2025, 12, 31), scheduled=True)
    counts = {m: year.units["X01"].measure(m) for m in PlanMeasure}
    assert counts == {
        PlanMeasure.PLANNED: 7,
        PlanMeasure.DONE: 4,
        PlanMeasure.DONE_ON_TIME: 2,
        PlanMeasure.DONE_LATE: 2,
        PlanMeasure.NOT_DONE: 3,
        PlanMeasure.REPORTS_PLANNED: 3,
        PlanMeasure.REPORTS_ON_TIME: 1,
        PlanMeasure.REPORTS_LATE: 1,
        PlanMeasure.REPORTS_NOT_DONE: 1,
        PlanMeasure.INSPECTIONS_PLANNED: 2,
        PlanMeasure.INSPECTIONS_DONE: 1,
    }
    # P02 sent no plan workbook: its inspections count, its tasks have no record
    assert year.units["P02"].measure(PlanMeasure.INSPECTIONS_DONE) == 1
    assert year.units["P02"].measure(PlanMeasure.DONE) is None
    assert year.gap("P02", [PlanMeasure.DONE]) == PlanGap.NO_WORKBOOK
    assert year.gap("P02", [PlanMeasure.INSPECTIONS_DONE]) is None
    assert year.gap("X01", list(PlanMeasure)) is None


def test_tasks_file_kind_column(tmp_path: Path):
    (tmp_path / "nhiem-vu.csv").write_text(
        "mã,nhiệm vụ,hạn,loại nhiệm vụ\nKH-01,Kế hoạch,31/01/2025,\n"
        "KH-02,Báo cáo quý I,15/03/2025,bao_cao\nKH-03,Báo cáo năm,15/12/2025,Báo cáo\n",
        encoding="utf-8",
    )
    plan = load_province_plan(tmp_path, ["xa"], [XA])
    assert plan is not None
    assert [t.kind for t in plan.tasks] == [TaskKind.TASK, TaskKind.REPORT, TaskKind.REPORT]
    (tmp_path / "nhiem-vu.csv").write_text(
        "mã,nhiệm vụ,hạn,loại nhiệm vụ\nKH-01,Kế hoạch,31/01/2025,tờ trình\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_province_plan(tmp_path, ["xa"], [XA])
    assert "nhiem-vu.csv:2: loại nhiệm vụ 'tờ trình' không hợp lệ" in caught.value.render("vi")


# -- the province's tasks file ------------------------------------------------------------------
def test_tasks_file_read_with_vietnamese_headers_and_semicolons(tmp_path: Path):
    (tmp_path / "nhiem-vu.csv").write_text(
        "Mã;Nhiệm vụ;Chủ trì;Hạn;Sản phẩm;Loại đơn vị\n"
        "KH-01;Ban hành Kế hoạch;Văn phòng;31/01/2025;Kế hoạch;\n"
        "KH-02;Chỉ cho phường;;2025-03-01;;phuong\n",
        encoding="utf-8-sig",
    )
    (tmp_path / "kiem-tra.csv").write_text(
        "mã đơn vị,ngày kiểm tra,người kiểm tra\nX01,15/05/2025,Đoàn kiểm tra\n", encoding="utf-8"
    )
    plan = load_province_plan(tmp_path, ["xa", "phuong"], [XA, PHUONG])
    assert plan is not None
    assert [t.code for t in plan.tasks_for("xa")] == ["KH-01"]
    assert [t.code for t in plan.tasks_for("phuong")] == ["KH-01", "KH-02"]
    assert plan.tasks[0].due == D(2025, 1, 31) and plan.tasks[1].due == D(2025, 3, 1)
    assert plan.inspections[0].unit == "X01" and plan.inspections[0].by == "Đoàn kiểm tra"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("KH-01,Ban hành,,,", "nhiem-vu.csv:2: thiếu 'hạn'"),
        ("KH-01,Ban hành,,31/02/2025,", "'31/02/2025' ở cột 'hạn' không phải ngày"),
        ("KH-01,Ban hành,,31/01/2025,,huyen", "loại đơn vị 'huyen' không có"),
    ],
)
def test_tasks_file_errors_name_the_line(tmp_path: Path, line: str, expected: str):
    (tmp_path / "nhiem-vu.csv").write_text(
        "mã,nhiệm vụ,chủ trì,hạn,sản phẩm,loại đơn vị\n" + line + "\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_province_plan(tmp_path, ["xa"], [XA])
    assert expected in caught.value.render("vi")


def test_duplicate_task_code_is_refused(tmp_path: Path):
    (tmp_path / "nhiem-vu.csv").write_text(
        "mã,nhiệm vụ,hạn\nKH-01,A,31/01/2025\nkh-01,B,28/02/2025\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_province_plan(tmp_path, ["xa"], [XA])
    assert "nhiem-vu.csv:3: mã nhiệm vụ 'kh-01' đã có ở dòng 2" in caught.value.render("vi")


def test_no_tasks_file_is_no_plan(tmp_path: Path):
    assert load_province_plan(tmp_path, ["xa"], [XA]) is None


# -- the plan workbook, written and read back ---------------------------------------------------
def _blank(tmp_path: Path, unit: Unit = XA) -> Path:
    return write_plan_workbook(tmp_path / plan_filename(unit, "2025"), _plan(), unit, "2025", WHEN)


def _rows_by_key(sheet) -> dict[str, int]:
    return {
        sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value
    }


COL = {c.key: i + 1 for i, c in enumerate(PLAN_COLUMNS)}


def test_workbook_has_the_units_tasks_inputs_and_protection(tmp_path: Path):
    path = _blank(tmp_path)
    assert path.name == "KH-CCHC_X01_Xã Một_2025.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Hướng dẫn", SHEET_PLAN, SHEET_META]
    sheet, meta = book[SHEET_PLAN], book[SHEET_META]
    assert meta.sheet_state == "hidden"
    assert {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, 9)}["unit_code"] == "X01"
    keys = _rows_by_key(sheet)
    assert [k for k in keys if k.startswith("KH")] == ["KH-01", "KH-02", "KH-04"]  # not KH-03
    assert own_key(10) in keys
    row = keys["KH-01"]
    assert sheet.cell(row, COL["task"]).value == "Ban hành Kế hoạch CCHC"
    assert sheet.cell(row, COL["lead"]).value == "Văn phòng"
    assert sheet.cell(row, COL["due"]).value == dt.datetime(2025, 1, 31)
    assert sheet.protection.sheet
    assert sheet.cell(row, COL["done"]).protection.locked is False
    assert sheet.cell(row, COL["task"]).protection.locked is True
    assert sheet.cell(keys[own_key(1)], COL["task"]).protection.locked is False
    dates = [v for v in sheet.data_validations.dataValidation if v.type == "date"]
    assert any("G" in str(v.sqref) for v in dates)
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["A"].hidden


def _fill(path: Path, edits: dict[tuple[str, str], object], out: Path) -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET_PLAN]
    keys = _rows_by_key(sheet)
    for (key, column), value in edits.items():
        sheet.cell(keys[key], COL[column]).value = value
    book.save(out)
    return out


def test_filled_workbook_reads_back_with_problems_at_cells(tmp_path: Path):
    filled = _fill(
        _blank(tmp_path),
        {
            ("KH-01", "done"): dt.datetime(2025, 1, 20),
            ("KH-01", "lead"): "Công chức Văn phòng - Thống kê",
            ("KH-02", "done"): "ngày 20",
            ("KH-04", "done"): "10/12/2025",
            (own_key(1), "task"): "Số hóa hồ sơ",
            (own_key(1), "due"): dt.datetime(2025, 11, 30),
            (own_key(1), "done"): dt.datetime(2025, 12, 5),
            (own_key(2), "task"): "Việc không có hạn",
        },
        tmp_path / "filled.xlsx",
    )
    plan = read_unit_plan(filled, "filled.xlsx", _plan(), [XA], "2025", TODAY)
    assert plan.unit_code == "X01"
    tasks = {t.key: t for t in plan.tasks}
    assert tasks["KH-01"].done == D(2025, 1, 20)
    assert tasks["KH-01"].lead == "Công chức Văn phòng - Thống kê"
    assert tasks["KH-02"].done is None  # the bad cell is a problem, the rest still counts
    assert tasks["KH-04"].done == D(2025, 12, 10)
    assert tasks[own_key(1)].own and tasks[own_key(1)].due == D(2025, 11, 30)
    problems = {(p.code, p.cell) for p in plan.problems}
    keys = _rows_by_key(openpyxl.load_workbook(filled)[SHEET_PLAN])
    assert ("plan.cell-not-a-date", f"G{keys['KH-02']}") in problems
    assert ("plan.own-task-no-due", f"E{keys[own_key(2)]}") in problems
    message = next(p.message for p in plan.problems if p.code == "plan.cell-not-a-date")
    assert message.startswith(f"filled.xlsx › {SHEET_PLAN}!G{keys['KH-02']}: 'ngày 20'")
    done = completion(plan, TODAY)
    assert (done.on_time, done.late, done.overdue, done.not_due) == (2, 1, 1, 1)  # no due: not due


def test_workbook_of_a_unit_not_in_the_units_file_is_refused(tmp_path: Path):
    path = _blank(tmp_path)
    with pytest.raises(WorkbookError) as caught:
        read_unit_plan(path, path.name, _plan(), [PHUONG], "2025", TODAY)
    assert "mã đơn vị 'X01'" in caught.value.render("vi")


def test_workbook_of_another_year_is_refused(tmp_path: Path):
    path = _blank(tmp_path)
    with pytest.raises(WorkbookError) as caught:
        read_unit_plan(path, path.name, _plan(), [XA], "2026", TODAY)
    assert "tệp kế hoạch năm 2025, không phải năm 2026" in caught.value.render("vi")


def test_a_deleted_task_row_counts_as_not_done(tmp_path: Path):
    book = openpyxl.load_workbook(_blank(tmp_path))
    sheet = book[SHEET_PLAN]
    sheet.delete_rows(_rows_by_key(sheet)["KH-02"])
    book.save(tmp_path / "deleted.xlsx")
    plan = read_unit_plan(tmp_path / "deleted.xlsx", "deleted.xlsx", _plan(), [XA], "2025", TODAY)
    assert [t.key for t in plan.tasks] == ["KH-01", "KH-02", "KH-04"]
    assert [p.code for p in plan.problems] == ["plan.missing-task"]


def test_a_self_assessment_or_renamed_file_is_refused_by_the_guard(tmp_path: Path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("mã,nhiệm vụ\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as caught:
        read_unit_plan(fake, fake.name, _plan(), [XA], "2025", TODAY)
    assert caught.value.code.startswith("workbook.")


def test_a_plan_declaration_must_name_a_count_figure(tmp_path: Path):
    from par_index.criteria import load_criteria
    from par_index.errors import CriteriaError

    text = (Path(__file__).parents[1] / "data" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "        checks: [{kind: le, left: on_time, right: received}]\n",
        "        checks: [{kind: le, left: on_time, right: received}]\n"
        "        plan: {received: planned, tasks_done: done}\n",
    )
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CriteriaError) as caught:
        load_criteria(tmp_path / "mini.yaml")
    assert "'plan:' nêu số liệu 'tasks_done'" in caught.value.render("vi")


def test_a_set_without_plan_keeps_its_content_hash():
    """``plan`` is a late key: left out of the hash while unset, so sets that do not use it
    (and their workbooks) keep their hash; a set that uses it hashes differently."""
    import json

    from par_index.criteria import load_criteria
    from par_index.criteria.model import _without_late_defaults

    cs = load_criteria("xa-2021")
    bare = cs.model_copy(deep=True)
    for leaf in bare.leaves():
        leaf.__dict__["plan"] = None
    bare = bare.model_copy()  # its hash computed afresh
    canonical = json.dumps(_without_late_defaults(bare.model_dump(mode="json")))
    assert '"plan"' not in canonical
    assert '"plan"' in json.dumps(_without_late_defaults(cs.model_dump(mode="json")))
    assert bare.content_hash != cs.content_hash
