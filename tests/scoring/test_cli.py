"""`par-index appraisal` and `par-index score` on a workspace of real workbooks."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import openpyxl
import pytest
from helpers.workbooks import good_rows, make_filled, make_unit
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.errors import InputFileError
from par_index.results_io import load_results
from tests.conftest import DATA
from tests.scoring.test_appraisal_book import col, label_cell, rows_by_code

D = Decimal
UNITS_CSV = (
    "code,name,unit_type,head_name,group\n"
    "QD-QAN,Xã Quảng An,xa,Nguyễn Văn An,Bắc\n"
    "QD-QCO,Xã Quảng Công,xa,Lê Thị Công,Nam\n"
    "QD-QTH,Xã Quảng Thọ,xa,Phan Văn Thọ,Nam\n"
)
CONFIG = """period: "2024"
criteria: criteria.yaml
units: units.csv
ranking:
  exclude: {}
staff:
  table: nd90
"""


@pytest.fixture()
def workspace(tmp_path, mini_set):
    shutil.copy(DATA / "mini.yaml", tmp_path / "criteria.yaml")
    (tmp_path / "par-index.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    an = make_unit()
    make_filled(tmp_path, mini_set, an, good_rows(mini_set, "xa"))
    cong = make_unit("QD-QCO", "Xã Quảng Công", head_name="Lê Thị Công")
    rows = good_rows(mini_set, "xa", issuer="UBND xã Quảng Công")
    rows["1.1"]["score"] = 1
    make_filled(tmp_path, mini_set, cong, rows)
    return tmp_path


def invoke(*args):
    return CliRunner().invoke(app, list(args), catch_exceptions=True)


def test_appraisal_then_score(workspace):
    made = invoke("appraisal", str(workspace))
    assert made.exit_code == 1, made.output  # Quảng Thọ sent nothing: an error finding
    book = workspace / "appraisal" / "tham-dinh-2024.xlsx"
    assert book.is_file()
    again = invoke("appraisal", str(workspace))
    assert isinstance(again.exception, InputFileError)
    assert again.exception.code == "cli.appraisal.exists"

    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Hướng dẫn", "QD-QAN", "QD-QCO", "QD-QTH"]
    for sheet, values in {
        "QD-QAN": {("2.4", "round_1"): "0,5", ("1.2", "round_1"): 1},  # 1.2 without a note
        "QD-QCO": {("2.4", "round_1"): 1, ("1.1", "round_1"): 0, ("1.1", "note_1"): "Chưa có"},
    }.items():
        ws = wb[sheet]
        rows = rows_by_code(ws)
        for (code, key), value in values.items():
            ws.cell(rows[code], col(key)).value = value
        label_cell(ws, "Trạng thái thẩm định").value = "Đã thẩm định vòng 1"
    wb.save(book)
    survey = workspace / "survey"
    survey.mkdir()
    (survey / "khao-sat.csv").write_text(
        "unit,criterion,A,B,C,D\nQD-QAN,2.3,50,50,0,0\nQD-QCO,2.3,100,0,0,0\nQD-QTH,2.3,0,0,0,1\n",
        encoding="utf-8",
    )

    scored = invoke("score", str(workspace), "--json")
    assert scored.exit_code == 1  # the appraisal workbook has a problem to fix
    written = (workspace / "outputs" / "results.json").read_text(encoding="utf-8")
    assert scored.stdout == written
    results = load_results(workspace / "outputs" / "results.json")
    units = {u.unit.code: u for u in results.units}
    assert [p.code for p in results.problems] == ["appraisal.note-missing"]
    assert results.problems[0].unit == "QD-QAN"
    assert not units["QD-QAN"].provisional and not units["QD-QCO"].provisional
    assert units["QD-QTH"].provisional and not units["QD-QTH"].submitted
    survey_row = next(c for c in units["QD-QCO"].criteria if c.code == "2.3")
    assert survey_row.final == 2
    one = next(c for c in units["QD-QCO"].criteria if c.code == "1.1")
    assert (one.self_score, one.appraised_1, one.final, one.note_1) == (D(1), D(0), D(0), "Chưa có")
    assert [u.rank for u in results.units] == [1, 2, 3]
    assert (workspace / "outputs" / "results.xlsx").is_file()
    assert (workspace / "outputs" / "check.json").is_file()


def test_score_prints_the_ranking_table(workspace, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # the console reads it; setting its width would stick
    shown = invoke("score", str(workspace))
    assert shown.exit_code == 1, shown.output  # Quảng Thọ sent nothing: an error finding
    for text in (
        "Hạng",
        "Xã Quảng An",
        "Xã Quảng Công",
        "Xã Quảng Thọ",
        "Tạm thời",
        "results.json",
    ):
        assert text in shown.stdout
    data = json.loads((workspace / "outputs" / "results.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2 and data["period"] == "2024"


def test_score_schema_option(workspace):
    shown = invoke("score", str(workspace), "--schema")
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["title"] == "Results"
