"""The appraisal knows its file: a unit that re-sends its workbook after the council appraised it
keeps the scores the council gave and saw, stays provisional, and every output says so."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import openpyxl

from par_index.appraisal import read_appraisal
from par_index.appraisal.model import COLUMNS, LABEL_FILE, LABEL_FINGERPRINT, LABEL_STATUS, Status
from par_index.pipeline.names import appraisal_workbook
from par_index.workspace import load_workspace
from tests.check.test_cli import cli
from tests.check.workspaces import write_workspace
from tests.helpers.workbooks import good_rows, make_filled, make_unit

QCO = make_unit("QD-QCO", "Xã Quảng Công")
D = Decimal


def _first_file(root: Path, mini_set) -> Path:
    """Quảng Công's first workbook: report 1.2 sent late (0.5 of 1), explained."""
    write_workspace(root, [QCO])
    rows = good_rows(mini_set, "xa", issuer="UBND xã Quảng Công", partial=["1.2"])
    return make_filled(root, mini_set, QCO, rows)


def _appraise(book: Path) -> None:
    """The council marks round 1 done: 1.3 cut to 1.5 with a note, 1.2 left blank (kept), the
    council's own 2.4 scored."""
    wb = openpyxl.load_workbook(book)
    sheet = wb["QD-QCO"]
    headers = {c.header: c.key for c in COLUMNS}
    columns = {}
    for row in sheet.iter_rows(max_row=12):
        for cell in row:
            if cell.value in headers:
                columns[headers[cell.value]] = cell.column
            if cell.value == f"{LABEL_STATUS}:":
                sheet.cell(cell.row, 3).value = Status.ROUND_1.value
    for row in sheet.iter_rows(min_row=11):
        typed = {"1.3": ("1,5", "Có hồ sơ trễ hạn"), "2.4": (1, "Đạt")}.get(row[0].value)
        if typed is not None:
            sheet.cell(row[0].row, columns["round_1"]).value = typed[0]
            sheet.cell(row[0].row, columns["note_1"]).value = typed[1]
    wb.save(book)


def _resend(root: Path, mini_set) -> None:
    """The unit sends its workbook again, now claiming 1.2 on time (1 point)."""
    rows = good_rows(mini_set, "xa", issuer="UBND xã Quảng Công", partial=["2.1"])
    rows["1.2"] = {**rows["1.2"], "answer": "Đúng hạn", "score": "1"}
    make_filled(root, mini_set, QCO, rows)


def test_the_sheet_records_the_file_it_was_made_from(tmp_path, mini_set, monkeypatch, capsys):
    path = _first_file(tmp_path, mini_set)
    assert cli(monkeypatch, capsys, "appraisal", str(tmp_path))[0] == 0
    book = appraisal_workbook(load_workspace(tmp_path))
    sheet = openpyxl.load_workbook(book)["QD-QCO"]
    labels = {row[0].value: row[2].value for row in sheet.iter_rows(max_row=9)}
    assert labels[f"{LABEL_FILE}:"] == path.name
    assert labels[f"{LABEL_FINGERPRINT}:"] == hashlib.sha256(path.read_bytes()).hexdigest()
    appraisal = read_appraisal(book, mini_set, [QCO])["QD-QCO"]
    assert appraisal.seen_file == path.name and appraisal.fingerprinted
    assert appraisal.made_from(hashlib.sha256(path.read_bytes()).hexdigest()) is True


def test_a_workbook_resent_after_appraisal_keeps_what_the_council_saw(
    tmp_path, mini_set, monkeypatch, capsys
):
    _first_file(tmp_path, mini_set)
    cli(monkeypatch, capsys, "appraisal", str(tmp_path))
    _appraise(appraisal_workbook(load_workspace(tmp_path)))
    code, out, err = cli(monkeypatch, capsys, "run", str(tmp_path), "--json", "--no-feedback")
    assert code == 0, out + err
    before = json.loads((tmp_path / "outputs" / "results.json").read_text(encoding="utf-8"))
    unit = before["units"][0]
    assert unit["stale_appraisal"] is None and not unit["provisional"], out + err

    _resend(tmp_path, mini_set)
    _, out, err = cli(monkeypatch, capsys, "run", str(tmp_path), "--json", "--no-feedback")
    summary = json.loads(out)
    results = json.loads((tmp_path / "outputs" / "results.json").read_text(encoding="utf-8"))
    unit = results["units"][0]
    rows = {c["code"]: c for c in unit["criteria"]}
    stale = unit["stale_appraisal"]
    assert stale["changed"] == ["1.2", "2.1"]
    assert stale["appraised_sha256"] != stale["sha256"]
    assert D(rows["1.2"]["self_score"]) == 1  # the new claim is shown ...
    assert D(rows["1.2"]["final"]) == D("0.5")  # ... but the council saw and kept 0.5
    assert D(rows["1.3"]["final"]) == D("1.5")  # the council's own score stands
    assert rows["1.2"]["provisional"] and unit["provisional"]
    assert any("1.2, 2.1" in note for note in unit["notes"])
    problems = [p for p in results["problems"] if p["code"] == "appraisal.stale-file"]
    assert [(p["unit"], p["severity"], p["sheet"]) for p in problems] == [
        ("QD-QCO", "warning", "QD-QCO")
    ]
    assert [u["code"] for u in summary["provisional"]] == ["QD-QCO"]
    assert summary["appraisal_problems"] == [] and summary["exit_code"] == 0
    assert any("appraisal.stale-file" in line for line in summary["appraisal_warnings"])
    report = (tmp_path / "outputs" / "report.html").read_text(encoding="utf-8")
    assert "gửi lại sau khi lập phiếu thẩm định" in report


def test_a_resend_before_the_council_started_is_not_stale(tmp_path, mini_set, monkeypatch, capsys):
    _first_file(tmp_path, mini_set)
    cli(monkeypatch, capsys, "appraisal", str(tmp_path))
    _resend(tmp_path, mini_set)
    cli(monkeypatch, capsys, "score", str(tmp_path))
    results = json.loads((tmp_path / "outputs" / "results.json").read_text(encoding="utf-8"))
    assert results["units"][0]["stale_appraisal"] is None
    assert results["problems"] == []
