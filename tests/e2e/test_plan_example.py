"""The example district's PAR plan end to end: plan workbooks made, a mid-year run listing
exactly the overdue tasks, the year-end check catching the unit that declares more tasks done
than its plan records, and one bad plan file not stopping the others."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.pipeline import run
from par_index.pipeline.plan import RETURNED, read_records
from par_index.plan.source import load_province_plan
from par_index.units import load_units
from par_index.workspace import load_workspace
from tests.helpers.example import copy_example

MID_YEAR_OVERDUE = {
    ("QD-QCO", "KH-05"),  # missed, due 30/04
    ("QD-QLO", "KH-06"),  # done late, on 05/07: still overdue on 30/06
    ("QD-QNG", "KH-02"),  # missed, due 28/02
    ("QD-QPH", "KH-06"),  # missed, due 15/06
    ("QD-QPC", "KH-03"),  # missed, due 31/03
}
"""By the scenario (examples/quang-dien-2021/scenario.yaml, ``plan``): tasks due before
30/06/2021 that were missed or done after that day."""


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "quang-dien-2021")


def test_templates_make_a_plan_workbook_per_unit_and_the_inspection_schedule(example: Path):
    result = CliRunner().invoke(app, ["plan", str(example), "--templates"])
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (example / "templates" / "ke-hoach").iterdir())
    assert len(made) == 12
    assert "KH-CCHC_QD-SIA_Thị trấn Sịa_2021.xlsx" in made
    assert "lich-kiem-tra_2021.xlsx" in made
    book = openpyxl.load_workbook(example / "templates" / "ke-hoach" / "lich-kiem-tra_2021.xlsx")
    sheet = book["Lịch kiểm tra"]
    units = [sheet.cell(r, 2).value for r in range(6, 10)]
    assert units == ["QD-QAN", "QD-QCO", "QD-QPH", "QD-QTA"]


def test_mid_year_lists_exactly_the_overdue_tasks(example: Path):
    result = CliRunner().invoke(app, ["plan", str(example), "--as-of", "2021-06-30", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_of"] == "2021-06-30"
    assert {(t["unit"], t["key"]) for t in data["overdue"]} == MID_YEAR_OVERDUE
    lead = next(t["lead"] for t in data["overdue"] if t["unit"] == "QD-QCO")
    assert lead == "Công chức Tư pháp - Hộ tịch"
    units = {u["unit"]: u for u in data["units"]}
    assert units["QD-QVI"]["completion"] is None  # sent no plan workbook
    assert units["QD-SIA"]["planned"] == 11  # ten tasks and its own
    inspections = {i["unit"]: i["done"] for i in data["inspections"]}
    assert inspections == {"QD-QAN": "2021-05-20", "QD-QCO": "2021-06-16", "QD-QPH": None,
                           "QD-QTA": None}  # fmt: skip
    assert (example / "outputs" / "ke-hoach-cchc.xlsx").stat().st_size > 0
    book = openpyxl.load_workbook(example / "outputs" / "ke-hoach-cchc.xlsx")
    assert book["Nhiệm vụ quá hạn"].max_row == 4 + len(MID_YEAR_OVERDUE)


def test_year_end_check_catches_a_completion_rate_above_the_plan(example: Path):
    ws = load_workspace(example)
    outcome = run(ws, ("check", "score"), workers=0, write=False)
    found = [f for f in outcome.report.findings if f.code == "plan-contradicted"]
    assert [(f.unit, f.criterion, f.cell) for f in found] == [("QD-QTH", "1.1.2", "E18")]
    assert "kê khai 10 (ô E18), kế hoạch ghi 7" in found[0].message
    assert "100,00 % cao hơn kế hoạch ghi nhận 70,00 %" in found[0].message
    assert outcome.results is not None
    by_unit = {u.unit.code: u for u in outcome.results.units}
    row = next(c for c in by_unit["QD-QTH"].criteria if c.code == "1.1.2")
    assert (row.self_score, row.final) == (2, 0)  # the plan's 7 of 10 is what scores
    assert row.reason is not None and "KH-CCHC_QD-QTH" in row.reason


def test_a_bad_plan_file_is_one_problem_and_the_others_still_count(example: Path):
    folder = example / "plan" / RETURNED
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    shutil.copy2(folder / "KH-CCHC_QD-QAN_Xã Quảng An_2021.xlsx", folder / "~$lock.xlsx")
    ws = load_workspace(example)
    units = load_units(example / "units.csv")
    plan = load_province_plan(example / "plan", ["xa", "thi_tran"], units)
    assert plan is not None
    records = read_records(ws, plan, units)
    assert len(records.plans) == 10
    assert [p.file for p in records.problems] == ["hong.xlsx"]
    assert records.problems[0].message.startswith("hong.xlsx")


def test_of_two_plan_workbooks_of_a_unit_the_later_counts(example: Path):
    import os

    folder = example / "plan" / RETURNED
    sent = folder / "KH-CCHC_QD-QAN_Xã Quảng An_2021.xlsx"
    earlier = folder / "ban-cu.xlsx"
    shutil.copy2(sent, earlier)
    os.utime(earlier, (sent.stat().st_mtime - 3600, sent.stat().st_mtime - 3600))
    ws = load_workspace(example)
    units = load_units(example / "units.csv")
    plan = load_province_plan(example / "plan", ["xa", "thi_tran"], units)
    assert plan is not None
    records = read_records(ws, plan, units)
    assert records.plans["QD-QAN"].file == sent.name
    (problem,) = records.problems
    assert (problem.code, problem.file, problem.unit) == (
        "plan.second-file",
        "ban-cu.xlsx",
        "QD-QAN",
    )


def test_the_report_has_a_compact_plan_section(example: Path):
    ws = load_workspace(example)
    run(ws, ("check", "score", "report"), workers=0)
    html = (example / "outputs" / "report.html").read_text(encoding="utf-8")
    start = html.index('id="plan"')
    section = html[start : html.index("</section>", start)]
    assert "10/11 đơn vị đã gửi tệp kế hoạch" in section
    assert "Xã Quảng Vinh" in section  # sent no plan workbook
    assert section.count("<tr>") <= 2 + 2 * 15  # both lists cut at SECTION_ROWS
    assert "Công chức Tư pháp - Hộ tịch" in section  # the lead of an overdue task
    book = openpyxl.load_workbook(example / "outputs" / "report.xlsx", read_only=True)
    assert "Tiến độ thực hiện Kế hoạch C" in " ".join(book.sheetnames)
