"""The year's PAR plan in `par-index status` on the example district: at a mid-year --as-of each
unit's plan completion (on time, late, overdue of the tasks due), the overdue tasks counted into
the reminders with their leads, the same tasks `par-index plan` lists; a workspace without a plan
has no plan column."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from par_index.cli.app import app
from tests.helpers.example import copy_example

MID_YEAR = "2021-06-30"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("status-plan") / "quang-dien-2021")


def invoke(*args: str) -> str:
    got = CliRunner().invoke(app, list(args))
    assert got.exit_code == 0, got.output
    return got.output


def status(root: Path, as_of: str = MID_YEAR) -> dict:
    return json.loads(invoke("status", str(root), "--json", "--as-of", as_of))


def test_mid_year_status_shows_plan_completion_and_reminds_of_the_overdue_tasks(root: Path):
    found = status(root)
    units = {u["code"]: u for u in found["units"]}
    ngan = units["QD-QNG"]  # a report of Q1 not done, two tasks done late
    done = ngan["plan"]["completion"]
    assert (done["on_time"], done["late"], done["overdue"], done["not_due"]) == (3, 2, 1, 4)
    assert [(t["key"], t["lead"], t["due"], t["days"]) for t in ngan["plan"]["overdue"]] == [
        ("KH-02", "Công chức Văn phòng - Thống kê", "2021-02-28", 122)
    ]
    plan = next(p for p in ngan["phases"] if p["phase"] == "plan")
    assert (plan["done"], plan["deadline"], plan["days_left"]) == (False, "2021-02-28", -122)
    assert plan["detail"] == "3 đúng hạn, 2 chậm, 1 quá hạn / 6 đến hạn"
    assert all(u["phase"] != "plan" for u in found["units"])  # a track beside the steps

    [reminder] = [
        r for r in found["reminders"] if r["code"] == "QD-QNG" and "Kế hoạch" in r["missing"]
    ]
    assert reminder["missing"] == (
        "hoàn thành 1 nhiệm vụ quá hạn của Kế hoạch CCHC năm (chủ trì: Công chức Văn phòng - "
        "Thống kê)"
    )
    assert reminder["days_left"] == -122 and reminder["contact"] == "0234 3551 105"
    assert "ngay (đã quá hạn 28/02/2021 122 ngày)" in reminder["message"]

    thanh = units["QD-QTH"]  # nothing overdue on the day: done, no reminder
    assert next(p for p in thanh["phases"] if p["phase"] == "plan")["done"]
    vinh = [r["missing"] for r in found["reminders"] if r["code"] == "QD-QVI"]
    assert "gửi tệp Kế hoạch CCHC năm" in vinh  # it sent no plan workbook


def test_the_reminders_name_the_units_par_index_plan_finds_overdue(root: Path, tmp_path: Path):
    invoke("plan", str(root), "--as-of", MID_YEAR)
    view = json.loads((root / "outputs" / "ke-hoach-cchc.json").read_text(encoding="utf-8"))
    overdue: dict[str, int] = {}
    for task in view["units"]:
        if task["overdue"]:
            overdue[task["unit"]] = len(task["overdue"])
    assert overdue  # the example has overdue tasks at mid-year
    target = tmp_path / "nhac.csv"
    invoke("status", str(root), "--as-of", MID_YEAR, "--reminders", str(target))
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if "nhiệm vụ quá hạn" in r["Còn thiếu"]]
    assert {r["Mã đơn vị"]: int(r["Còn thiếu"].split()[2]) for r in rows} == overdue


def test_a_workspace_without_a_plan_has_no_plan_phase(root: Path, tmp_path: Path):
    bare = tmp_path / "bare"
    shutil.copytree(root, bare)
    shutil.rmtree(bare / "plan")
    found = status(bare)
    assert all(u["plan"] is None for u in found["units"])
    assert all(p["phase"] != "plan" for u in found["units"] for p in u["phases"])
    assert not [r for r in found["reminders"] if "Kế hoạch" in r["missing"]]
    assert columns(bare) == columns(root) - 1 == len(found["units"][0]["phases"]) + 1


def columns(root: Path) -> int:
    """The status table's columns, from its top border."""
    table = invoke("status", str(root), "--as-of", MID_YEAR).splitlines()
    return next(line for line in table if line.startswith("┏")).count("┳") + 1
