"""The appraisal workbook: written, filled with openpyxl as a council would, read back."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from par_index.appraisal import Status, read_appraisal, sheet_names, write_appraisal_workbook
from par_index.appraisal.model import (
    COL,
    COLUMNS,
    GUIDE_LINES,
    HEADER_ROW,
    LABEL_BY_1,
    LABEL_STATUS,
)
from par_index.errors import WorkbookError
from par_index.submission import EvidenceRef
from par_index.units import Unit
from tests.conftest import require_tool
from tests.scoring.district import UNITS, district_report, district_submissions, entry

D = Decimal


@pytest.fixture()
def book(tmp_path, district_set):
    subs = district_submissions()
    an = subs["QD-AN"]
    an.entries["1.1"] = entry("1.1", 2, "Có").model_copy(
        update={
            "evidence": [EvidenceRef(text='=HYPERLINK("x") KH 12/KH-UBND ngày 05/01/2021')],
            "explanation": "+ giải trình bắt đầu bằng dấu cộng",
        }
    )
    path = tmp_path / "appraisal" / "tham-dinh-2021.xlsx"
    write_appraisal_workbook(path, district_set, UNITS, subs, district_report(), period="2021")
    return path


def rows_by_code(ws) -> dict[str, int]:
    """Criterion code -> 1-based row, read from the code column like the reader does."""
    return {
        str(row[0].value): row[0].row
        for row in ws.iter_rows(min_row=HEADER_ROW + 2)
        if row[0].value is not None
    }


def col(key: str) -> int:
    return COL[key] + 1


def label_cell(ws, label: str):
    for row in ws.iter_rows(max_row=HEADER_ROW):
        if row[0].value == f"{label}:":
            return ws.cell(row=row[0].row, column=3)
    raise AssertionError(label)


def test_written_book_layout(book, district_set):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Hướng dẫn", *sheet_names(UNITS)]
    ws = wb["QD-MY"]
    rows = rows_by_code(ws)
    assert list(rows) == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3", "3", "3.1", "3.2",
                          "3.3", "B1", "P1"]  # fmt: skip
    r = rows["1.3"]
    assert ws.cell(r, col("max")).value == 4
    assert ws.cell(r, col("self")).value == 4
    assert ws.cell(r, col("recomputed")).value == 3  # 96 % on time
    assert "[score-unsupported]" in ws.cell(r, col("findings")).value
    assert ws.protection.sheet is True
    assert ws.cell(r, col("round_1")).protection.locked is False
    assert ws.cell(r, col("note_2")).protection.locked is False
    assert ws.cell(r, col("self")).protection.locked is True
    survey = rows["3.1"]
    assert ws.cell(survey, col("round_1")).protection.locked is True
    assert ws.cell(survey, col("self")).value == "Không tự chấm"
    decimal_rules = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    cell = ws.cell(r, col("round_1")).coordinate
    rule = next(dv for dv in decimal_rules if cell in dv.sqref)
    assert rule.operator in (None, "between")  # "between" is the default
    assert (rule.formula1, rule.formula2) == ("0", "4")
    assert label_cell(ws, LABEL_STATUS).value == Status.NONE.value


def test_text_that_looks_like_a_formula_stays_text(book):
    ws = openpyxl.load_workbook(book)["QD-AN"]
    r = rows_by_code(ws)["1.1"]
    evidence = ws.cell(r, col("evidence"))
    assert evidence.data_type == "s" and evidence.value.startswith("=HYPERLINK")
    assert ws.cell(r, col("self_explanation")).value.startswith("+ giải trình")


def fill(book, sheet: str, values: dict[tuple[str, str], object], status=Status.ROUND_1):
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    rows = rows_by_code(ws)
    for (code, key), value in values.items():
        cell = ws.cell(rows[code], col(key))
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # typed as text ('=...), as Excel stores it
    label_cell(ws, LABEL_STATUS).value = status.value
    label_cell(ws, LABEL_BY_1).value = "Tổ thẩm định số 2"
    wb.save(book)
    return rows


def test_messy_inputs_read_back(book, district_set):
    fill(
        book,
        "QD-BINH",
        {
            ("1.2", "round_1"): " 1 ",
            ("1.2", "note_1"): "Báo cáo gửi trễ hạn",
            ("3.2", "round_1"): "1,5",
            ("3.2", "explanation"): "=đã bổ sung",
            ("2.2", "round_1"): "Không áp dụng",
            ("2.2", "note_1"): "Xã không có thôn phải sắp xếp",
            ("1.3", "round_1"): "3 điểm",
            ("1.3", "note_1"): "Có hồ sơ trễ hạn",
            ("1.3", "round_2"): "4",
            ("1.3", "note_2"): "Đơn vị giải trình hợp lý",
        },
    )
    found = read_appraisal(book, district_set, UNITS)
    binh = found["QD-BINH"]
    assert binh.problems == []
    assert binh.status == Status.ROUND_1 and binh.complete
    assert binh.by_1 == "Tổ thẩm định số 2"
    e = binh.entries
    assert (e["1.2"].self_score, e["1.2"].round_1) == (D(2), D(1))
    assert e["3.2"].round_1 == D("1.5") and e["3.2"].explanation == "=đã bổ sung"
    assert e["2.2"].round_1_na and e["2.2"].round_1 is None
    assert (e["1.3"].round_1, e["1.3"].round_2) == (D(3), D(4))
    assert e["1.1"].round_1 is None  # blank: keeps the self-score
    assert not found["QD-AN"].complete  # untouched sheet: still "Chưa thẩm định"


def test_problems_at_the_right_cells(book, district_set):
    rows = fill(
        book,
        "QD-MY",
        {
            ("1.1", "round_1"): 0,  # differs from 2, no note
            ("1.2", "round_1"): 1.5,  # levels are 0, 1, 2
            ("1.2", "note_1"): "Trễ hạn",
            ("2.1", "round_1"): "2,5",  # above 2
            ("2.1", "note_1"): "x",
            ("2.3", "round_1"): "abc",
            ("3.1", "round_1"): 1,  # survey row
            ("1.3", "round_1"): 3,
            ("1.3", "note_1"): "96 %",
            ("1.3", "round_2"): 4,  # differs from round 1, no note
            ("2.2", "round_1"): "KAD",
            ("3.2", "round_1"): 2,
        },
    )
    problems = read_appraisal(book, district_set, UNITS)["QD-MY"].problems
    got = {(p.code, p.cell) for p in problems}

    def at(code, key):
        return f"{openpyxl.utils.get_column_letter(col(key))}{rows[code]}"

    assert got == {
        ("appraisal.note-missing", at("1.1", "round_1")),
        ("appraisal.not-a-level", at("1.2", "round_1")),
        ("appraisal.out-of-bounds", at("2.1", "round_1")),
        ("appraisal.not-a-number", at("2.3", "round_1")),
        ("appraisal.survey-row", at("3.1", "round_1")),
        ("appraisal.note-missing", at("1.3", "round_2")),
        ("appraisal.na-without-note", at("2.2", "round_1")),  # NA needs a reason
    }
    note = next(p for p in problems if p.cell == at("1.1", "round_1"))
    assert note.sheet == "QD-MY" and note.file == "tham-dinh-2021.xlsx"
    assert note.unit == "QD-MY" and note.criterion == "1.1"
    assert at("1.1", "note_1") in note.message and "tham-dinh-2021.xlsx › QD-MY" in note.message
    level = next(p for p in problems if p.code == "appraisal.not-a-level")
    assert "0; 1; 2" in level.message


def test_rows_found_by_code_after_inserting_and_deleting_rows(book, district_set):
    wb = openpyxl.load_workbook(book)
    ws = wb["QD-CONG"]
    rows = rows_by_code(ws)
    ws.delete_rows(rows["2.2"])
    ws.insert_rows(rows["1.2"], amount=3)
    wb.save(book)
    filled = {("1.3", "round_1"): 2, ("1.3", "note_1"): "92 %", ("3.2", "round_1"): 2}
    fill(book, "QD-CONG", filled)
    cong = read_appraisal(book, district_set, UNITS)["QD-CONG"]
    assert cong.entries["1.3"].round_1 == 2
    assert [(p.code, p.criterion) for p in cong.problems] == [("appraisal.missing-row", "2.2")]


def test_unknown_unit_and_unknown_row(book, district_set):
    wb = openpyxl.load_workbook(book)
    ws = wb["QD-HA"]
    ws["C3"] = "QD-XYZ"  # the unit code cell
    rows = rows_by_code(ws)
    ws.cell(rows["1.1"], 1).value = "9.9"
    wb.save(book)
    found = read_appraisal(book, district_set, UNITS)
    assert [p.code for p in found["QD-XYZ"].problems] == ["appraisal.unknown-unit"]
    units = [*UNITS, Unit(code="QD-XYZ", name="Xã Thử", unit_type="xa")]
    found = read_appraisal(book, district_set, units)
    codes = [(p.code, p.criterion) for p in found["QD-XYZ"].problems]
    assert codes == [("appraisal.unknown-row", "9.9"), ("appraisal.missing-row", "1.1")]


def test_appraiser_only_criterion_needs_a_score_once_appraised(book, district_set):
    fill(book, "QD-SIA", {})
    problems = read_appraisal(book, district_set, UNITS)["QD-SIA"].problems
    assert [(p.code, p.criterion) for p in problems] == [("appraisal.missing-score", "3.2")]


def test_not_an_appraisal_workbook(tmp_path, district_set):
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Bảng khác"
    wb.save(other)
    with pytest.raises(WorkbookError) as caught:
        read_appraisal(other, district_set, UNITS)
    assert caught.value.code == "appraisal.no-sheets"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(WorkbookError) as caught:
        read_appraisal(broken, district_set, UNITS)
    assert caught.value.code == "appraisal.unreadable"
    renamed = tmp_path / "tham-dinh.csv"  # openpyxl refuses the extension
    renamed.write_bytes(other.read_bytes())
    with pytest.raises(WorkbookError) as caught:
        read_appraisal(renamed, district_set, UNITS)
    assert caught.value.code == "appraisal.unreadable"


@pytest.mark.libreoffice
def test_libreoffice_round_trip_reads_back(book, district_set, tmp_path):
    soffice = require_tool("soffice", "libreoffice")
    fill(book, "QD-BINH", {("3.2", "round_1"): "1,5", ("1.2", "round_1"): 1,
                           ("1.2", "note_1"): "Trễ hạn"})  # fmt: skip
    out = tmp_path / "lo"
    profile = tmp_path / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "xlsx", "--outdir", str(out), str(book)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = out / book.name
    found = read_appraisal(converted, district_set, UNITS)
    assert found["QD-BINH"].entries["3.2"].round_1 == D("1.5")
    assert found["QD-BINH"].entries["1.2"].round_1 == D(1)
    assert found["QD-BINH"].problems == []
    assert set(found) == {u.code for u in UNITS}
    shutil.rmtree(profile, ignore_errors=True)


def test_rows_of_wrapped_text_have_their_height(book):
    """LibreOffice and Excel do not grow a row to its wrapped text when the file opens: a row
    whose longest text needs more than a line is written taller, a row of short texts not."""
    ws = openpyxl.load_workbook(book)["QD-MY"]
    assert ws.row_dimensions[HEADER_ROW + 1].height >= 2 * 13.5  # "Điểm tính lại theo số liệu"
    tall = 0
    for row in ws.iter_rows(min_row=HEADER_ROW + 2):
        texts = [(c.value, COLUMNS[i].width) for i, c in enumerate(row) if isinstance(c.value, str)]
        height = ws.row_dimensions[row[0].row].height
        if any(len(text) > 2 * width or "\n" in text for text, width in texts):
            assert height is not None and height >= 2 * 13.5, row[0].value
            tall += 1
        elif all(len(text) <= width for text, width in texts):
            assert height is None, row[0].value
    assert tall


def test_the_guide_prints_within_the_page(book):
    """The guide's sentences wrap within the table's four columns (merged, tall enough) and
    the sheet prints A4 landscape, one page wide."""
    ws = openpyxl.load_workbook(book)["Hướng dẫn"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    for row in range(3, 3 + len(GUIDE_LINES)):
        assert f"A{row}:D{row}" in merged
        assert ws.cell(row, 1).alignment.wrap_text
    assert ws.row_dimensions[4].height >= 2 * 15  # the second sentence is long
    assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
