"""report.html's status section on the example district: one row per unit with the step it has
reached, the files received, the first step not done, its year's PAR plan and the reminders
pending, computed as `par-index status` computes them on the report's date; making the report
never writes the received log."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.pipeline.names import RECEIVED_LOG
from report.dom import Element, parse
from tests.helpers.example import copy_example

TODAY = dt.date.today()
"""The report's date: today, as `par-index status` (the campaign's deadlines are real days)."""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example after `par-index run` on a copy."""
    root = copy_example(tmp_path_factory.mktemp("status") / "quang-dien-2021")
    result = CliRunner().invoke(app, ["run", str(root), "--workers", "1"])
    assert result.exit_code == 1, result.output  # the example's planted errors block publication
    return root


def units(root: Path) -> list[tuple[str, str]]:
    with (root / "units.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["code"], row["name"]) for row in csv.DictReader(handle)]


def section(root: Path) -> Element:
    return parse((root / "outputs" / "report.html").read_text(encoding="utf-8")).by_id("status")


def rows(root: Path) -> dict[str, list[str]]:
    """Unit name -> its cells (name, step reached, files, first step not done, plan, reminders)."""
    return {r[0]: r for r in section(root).find("table", id="status-table").rows()}


def status_json(root: Path, as_of: str) -> dict:
    got = CliRunner().invoke(app, ["status", str(root), "--json", "--as-of", as_of])
    assert got.exit_code == 0, got.output
    return json.loads(got.output)


def test_the_status_section_has_every_unit_with_its_plan_and_reminders(root: Path) -> None:
    html = (root / "outputs" / "report.html").read_text(encoding="utf-8")
    assert '<a href="#status">Tiến độ các đơn vị</a>' in html
    part = section(root)
    assert f"Tính đến ngày {TODAY:%d/%m/%Y}" in part.text
    header = [th.text for th in part.find("table", id="status-table").find_all("th")]
    assert header == ["Đơn vị", "Đã đến bước", "Số tệp nhận", "Bước chưa xong", "Kế hoạch CCHC",
                      "Nhắc việc"]  # fmt: skip
    found = rows(root)
    assert sorted(found) == sorted(name for _code, name in units(root))
    assert found["Xã Quảng An"][4] == "6 đúng hạn, 1 chậm, 3 quá hạn / 10 đến hạn"
    assert found["Thị trấn Sịa"][4] == "11 đúng hạn, 0 chậm, 0 quá hạn / 11 đến hạn"
    assert found["Xã Quảng Vinh"][4] == "chưa gửi tệp kế hoạch"
    assert found["Xã Quảng Thọ"][1].startswith("Có kết quả điều tra XHH")
    assert {r[2] for r in found.values()} == {"1"}
    status = status_json(root, TODAY.isoformat())  # the same computation, on the report's date
    names = dict(units(root))
    pending = {name: 0 for name in names.values()}
    for one in status["reminders"]:
        pending[names[one["code"]]] += 1
    assert {name: int(r[5]) for name, r in found.items()} == pending
    assert pending["Xã Quảng An"] == 3  # its errors, its explanation, its three overdue tasks
    plan = [r for r in status["reminders"] if r["code"] == "QD-QAN" and "Kế hoạch" in r["missing"]]
    assert [(r["missing"], r["deadline"], r["days_left"]) for r in plan] == [(
        "hoàn thành 3 nhiệm vụ quá hạn của Kế hoạch CCHC năm (chủ trì: Chủ tịch UBND xã/thị trấn; "
        "Công chức Văn phòng - Thống kê)", "2021-09-15", (dt.date(2021, 9, 15) - TODAY).days,
    )]  # fmt: skip


def test_making_the_report_never_writes_the_received_log(root: Path, tmp_path: Path) -> None:
    """A second file put in by hand after the run: the report counts it, the log stays as it
    is until a command that records (here `par-index status`) runs."""
    ws = tmp_path / "ws"
    shutil.copytree(root, ws)
    submissions = ws / "submissions"
    first = next(p for p in submissions.iterdir() if "Quảng Công" in p.name)
    shutil.copy(first, submissions / "Quảng Công gửi lại.xlsx")
    log = ws / RECEIVED_LOG
    before = log.read_bytes()

    got = CliRunner().invoke(app, ["report", str(ws)])

    assert got.exit_code in (0, 1), got.output
    assert log.read_bytes() == before
    assert rows(ws)["Xã Quảng Công"][2] == "2"
    status_json(ws, TODAY.isoformat())
    assert log.read_bytes() != before
    assert "Quảng Công gửi lại.xlsx" in log.read_text(encoding="utf-8-sig")
