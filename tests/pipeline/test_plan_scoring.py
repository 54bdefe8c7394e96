"""The plan's figures in check and scoring, on the example district's real files: a plan input
that cannot be used is never silent (the run's summary, check.json and results.json name it,
and every plan-backed criterion says its declared figure stands), and a unit without a plan
workbook is told its figure is unverified."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from par_index.cli.app import app
from tests.helpers.example import copy_example


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "quang-dien-2021")


def _findings(example: Path, code: str) -> list[dict]:
    data = json.loads((example / "outputs" / "check.json").read_text(encoding="utf-8"))
    return [f for f in data["findings"] if f["code"] == code]


def test_a_broken_tasks_file_is_named_in_the_summary_check_and_results(example: Path):
    tasks = example / "plan" / "nhiem-vu.csv"
    with tasks.open("a", encoding="utf-8") as out:
        out.write("KH-11,Báo cáo chuyên đề,Văn phòng,,Báo cáo,\n")  # line 12: no due date
    result = CliRunner().invoke(app, ["run", str(example), "--workers", "0"])
    assert result.exit_code == 1, result.output
    assert "nhiem-vu.csv:12: thiếu 'hạn'" in result.output
    assert "Kế hoạch CCHC chưa dùng được" in result.output
    unread = _findings(example, "plan-unread")
    assert {f["criterion"] for f in unread} == {"1.1.2"}
    assert len(unread) == 10  # every unit whose self-assessment scores 1.1.2
    assert "nhiem-vu.csv:12" in unread[0]["message"]
    assert _findings(example, "plan-contradicted") == []  # nothing to compare with
    results = json.loads((example / "outputs" / "results.json").read_text(encoding="utf-8"))
    (problem,) = [p for p in results["problems"] if p["code"] == "plan.missing-value"]
    assert (problem["line"], problem["severity"]) == (12, "error")
    assert "nhiem-vu.csv" in problem["file"]


def test_a_unit_without_a_plan_workbook_is_told_its_figure_is_unverified(example: Path):
    (sent,) = (example / "plan" / "don-vi").glob("*QD-QTO*.xlsx")
    sent.unlink()
    result = CliRunner().invoke(app, ["check", str(example)])
    assert result.exit_code in (0, 1), result.output
    unverified = _findings(example, "plan-unverified")
    assert [(f["unit"], f["criterion"], f["severity"]) for f in unverified] == [
        ("QD-QTO", "1.1.2", "info")
    ]
    assert "chưa có tệp kế hoạch CCHC đọc được" in unverified[0]["message"]


def test_check_alone_names_a_broken_tasks_file(example: Path):
    (example / "plan" / "nhiem-vu.csv").write_text(
        "mã,nhiệm vụ,hạn\nKH-01,Kế hoạch,31/02/2021\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["check", str(example)])
    assert result.exit_code == 1, result.output
    assert "nhiem-vu.csv:2: '31/02/2021' ở cột 'hạn' không phải ngày" in result.output
    assert len(_findings(example, "plan-unread")) == 10
