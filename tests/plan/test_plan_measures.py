"""Periodic reports and inspections as plan figures, from real plan and inspection workbooks
written, filled and read back: a report sent late lowers the reports-on-time figure and the
score, an inspection recorded done gives the inspection figure, and a declared figure other
than the plan's record is flagged for each measure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet
from par_index.plan.layout import INSPECTION_COLUMNS, PLAN_COLUMNS, SHEET_INSPECTIONS, SHEET_PLAN
from par_index.plan.model import Inspection, PlanRecords, PlanTask, ProvincePlan, TaskKind
from par_index.plan.read import read_inspections, read_unit_plan
from par_index.plan.workbook import write_inspection_workbook, write_plan_workbook
from par_index.plan.year import UnitRecord, YearPlan, year_plan
from par_index.scoring import score_unit
from tests.check import builders as b
from tests.check.builders import check

X01 = b.UNITS[0]
PERIOD = b.PERIOD
END = dt.date(2024, 12, 31)
WHEN = dt.datetime(2024, 1, 5, 8, 0)
D = dt.date
PROVINCE = ProvincePlan(
    tasks=(
        PlanTask(code="KH-01", task="Ban hành Kế hoạch CCHC", due=D(2024, 1, 31)),
        PlanTask(code="BC-1", task="Báo cáo quý I", due=D(2024, 3, 15), kind=TaskKind.REPORT),
        PlanTask(code="BC-2", task="Báo cáo 6 tháng", due=D(2024, 6, 15), kind=TaskKind.REPORT),
    ),
    inspections=(),
)


def _set(tmp_path: Path, plan: str) -> CriteriaSet:
    """tests/data/mini.yaml with 1.3 (on_time of received) taking its figures from the plan."""
    text = (Path(__file__).parents[1] / "data" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "        checks: [{kind: le, left: on_time, right: received}]\n",
        f"        checks: [{{kind: le, left: on_time, right: received}}]\n        plan: {plan}\n",
    )
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    return load_criteria(tmp_path / "mini.yaml")


def _plan_record(tmp_path: Path, done: dict[str, dt.date]) -> UnitRecord:
    """X01's plan workbook written, its done dates typed in, read back; the record at END."""
    path = write_plan_workbook(tmp_path / "KH_X01.xlsx", PROVINCE, X01, PERIOD, WHEN)
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET_PLAN]
    col = {c.key: i + 1 for i, c in enumerate(PLAN_COLUMNS)}
    rows = {sheet.cell(r, col["key"]).value: r for r in range(1, sheet.max_row + 1)}
    for key, day in done.items():
        sheet.cell(rows[key], col["done"]).value = day
    book.save(path)
    plan = read_unit_plan(path, path.name, PROVINCE, [X01], PERIOD, END)
    assert plan.problems == ()
    year = year_plan(PlanRecords(plans={"X01": plan}), [X01], END, scheduled=False)
    return year.units["X01"]


def _inspection_record(tmp_path: Path, held: list[dt.date | None]) -> UnitRecord:
    """The inspection workbook for two planned inspections of X01, held on ``held``."""
    province = PROVINCE.model_copy(
        update={"inspections": (_inspection(D(2024, 5, 1)), _inspection(D(2024, 10, 1)))}
    )
    path = write_inspection_workbook(tmp_path / "lich.xlsx", province, [X01], PERIOD, WHEN)
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET_INSPECTIONS]
    col = {c.key: i + 1 for i, c in enumerate(INSPECTION_COLUMNS)}
    rows = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, col["unit"]).value == "X01"]
    for row, day in zip(rows, held, strict=True):
        sheet.cell(row, col["done"]).value = day
    book.save(path)
    found, problems = read_inspections(path, path.name, [X01], PERIOD, END)
    assert problems == ()
    records = PlanRecords(inspections=found, inspections_file=path.name)
    return year_plan(records, [X01], END, scheduled=True).units["X01"]


def _inspection(planned: dt.date) -> Inspection:
    return Inspection(unit="X01", planned=planned, by="Phòng Nội vụ")


def _score(cs: CriteriaSet, record: UnitRecord) -> Decimal:
    result = score_unit(cs, X01, b.clean(cs, X01), None, None, work_plan=record)
    row = next(c for c in result.criteria if c.code == "1.3")
    assert row.recomputed is not None and row.reason is not None
    assert "Kế hoạch CCHC" in row.reason  # the result names where its figures come from
    return row.recomputed


def _flagged(cs: CriteriaSet, record: UnitRecord) -> list[str]:
    year = YearPlan(end=END, units={"X01": record})
    report = check(cs, [b.clean(cs, X01)], [X01], b.context(plan=year))
    return [f.message for f in report.findings if f.code == "plan-contradicted"]


def test_a_report_sent_late_lowers_the_reports_on_time_figure_and_the_score(tmp_path: Path):
    cs = _set(tmp_path, "{received: reports_planned, on_time: reports_on_time}")
    on_time = _plan_record(tmp_path, {"BC-1": D(2024, 3, 10), "BC-2": D(2024, 6, 10)})
    late = _plan_record(tmp_path, {"BC-1": D(2024, 3, 10), "BC-2": D(2024, 7, 2)})
    assert (on_time.measure(cs.node("1.3").plan["on_time"]), late.reports.late) == (2, 1)
    assert _score(cs, on_time) == Decimal(2)  # 2 of 2 reports on time: 100 %
    assert _score(cs, late) == Decimal(0)  # 1 of 2: 50 %, below 90 %
    (message,) = _flagged(cs, late)  # the unit declared 100 of 100
    assert "kê khai 100 (ô E15), kế hoạch ghi 2" in message
    assert "kê khai 100 (ô E16), kế hoạch ghi 1" in message
    assert "KH_X01.xlsx" in message


@pytest.mark.parametrize(
    ("held", "done", "points"),
    [
        ([D(2024, 5, 3), D(2024, 10, 2)], 2, Decimal(2)),
        ([D(2024, 5, 3), None], 1, Decimal(0)),  # 50 %: below 90 %
    ],
)
def test_an_inspection_recorded_done_gives_the_inspection_figure(
    tmp_path: Path, held: list[dt.date | None], done: int, points: Decimal
):
    cs = _set(tmp_path, "{received: inspections_planned, on_time: inspections_done}")
    record = _inspection_record(tmp_path, held)
    assert (record.inspections_planned, record.inspections_done) == (2, done)
    assert _score(cs, record) == points
    (message,) = _flagged(cs, record)  # the unit declared 100 of 100
    assert "kê khai 100 (ô E15), kế hoạch ghi 2" in message
    assert f"kê khai 100 (ô E16), kế hoạch ghi {done}" in message
    assert "lich.xlsx" in message
