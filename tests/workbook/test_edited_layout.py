"""Workbooks edited the way people do: the grid sheet renamed ("Tự chấm điểm (2)" after a copy in
Excel), a second evidence line typed in an inserted row, a note typed under the grid. The grid is
found by the template's own keys; the inserted line is joined to the criterion above with a
finding; other stray text is reported at its cell; LibreOffice saves keep all of it."""

from __future__ import annotations

import openpyxl
import pytest

from par_index.errors import WorkbookError
from par_index.workbook.layout import SHEET_GRID, Col
from par_index.workbook.reader import read_submission
from tests.check.workspaces import run_check, write_workspace
from tests.helpers.workbooks import good_rows, locate, make_filled, make_unit

QAN = make_unit()


@pytest.fixture()
def filled(tmp_path, mini_set):
    write_workspace(tmp_path, [QAN])
    rows = good_rows(mini_set, "xa", issuer="UBND xã Quảng An")
    return make_filled(tmp_path, mini_set, QAN, rows)


def _rename(path, name: str) -> None:
    wb = openpyxl.load_workbook(path)
    wb[SHEET_GRID].title = name
    wb.save(path)


def _insert_under(path, code: str, values: dict[Col, str]) -> int:
    """Insert a row under criterion ``code``'s last row and type into it; its 1-based row."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_GRID]
    columns, keys = locate(ws)
    below = 1 + max(
        r for k, r in keys.items() if k == f"crit:{code}" or k.startswith(f"fig:{code}:")
    )
    ws.insert_rows(below)
    for col, text in values.items():
        ws.cell(below, columns[col]).value = text
    wb.save(path)
    return below


def test_a_renamed_grid_sheet_is_read(filled, mini_set, tmp_path):
    before = read_submission(filled, mini_set)
    _rename(filled, "Tự chấm điểm (2)")
    after = read_submission(filled, mini_set)
    assert [e.self_score for e in after.entries.values()] == [
        e.self_score for e in before.entries.values()
    ]
    assert after.entries["1.1"].self_score_cell.sheet == "Tự chấm điểm (2)"
    findings = run_check(tmp_path).report.findings
    assert [(f.code, f.unit, f.criterion) for f in findings] == [("layout-changed", QAN.code, None)]
    assert "Tự chấm điểm (2)" in findings[0].message


def test_a_sheet_without_the_templates_keys_is_still_refused(filled, mini_set):
    wb = openpyxl.load_workbook(filled)
    ws = wb[SHEET_GRID]
    ws.title = "Bảng điểm"
    for row in ws.iter_rows(min_col=1, max_col=1):
        row[0].value = None  # the key column wiped: not the template's structure
    wb.save(filled)
    with pytest.raises(WorkbookError) as caught:
        read_submission(filled, mini_set)
    assert caught.value.code == "workbook.missing-sheet"


SECOND = "Báo cáo số 77/BC-UBND ngày 20/10/2024 của UBND xã Quảng An, trang 4"


def test_a_second_evidence_line_in_an_inserted_row_is_joined(filled, mini_set, tmp_path):
    row = _insert_under(filled, "1.3", {Col.EVIDENCE: SECOND})
    entry = read_submission(filled, mini_set).entries["1.3"]
    assert [ref.number for ref in entry.evidence][-1] == "77/BC-UBND"
    assert entry.evidence_raw.endswith(SECOND)
    findings = run_check(tmp_path).report.findings
    assert [(f.code, f.criterion, f.cell) for f in findings] == [
        ("layout-changed", "1.3", f"I{row}")
    ]
    assert "nối vào tiêu chí 1.3" in findings[0].message


def test_text_in_a_row_the_template_did_not_have_is_reported(filled, mini_set, tmp_path):
    wb = openpyxl.load_workbook(filled)
    ws = wb[SHEET_GRID]
    columns, keys = locate(ws)
    total_row, score_col = keys["total"], columns[Col.SELF_SCORE]
    ws.cell(total_row + 2, score_col).value = "Người lập: Trần Thị B"
    wb.save(filled)
    findings = run_check(tmp_path).report.findings
    cell = f"{openpyxl.utils.get_column_letter(score_col)}{total_row + 2}"
    assert [(f.code, f.criterion, f.cell) for f in findings] == [("layout-changed", None, cell)]
    assert "Trần Thị B" in findings[0].message


@pytest.mark.libreoffice
def test_edits_saved_through_libreoffice(filled, mini_set, tmp_path):
    from tests.workbook.test_libreoffice import convert

    _insert_under(filled, "1.3", {Col.EVIDENCE: SECOND})
    _rename(filled, "Tự chấm điểm (2)")
    out = tmp_path / "lo"
    out.mkdir()
    (saved,) = convert([filled], out, tmp_path / "profile")
    submission = read_submission(saved, mini_set)
    assert submission.entries["1.3"].evidence_raw.endswith(SECOND)
    codes = {i.code for i in submission.issues}
    # openpyxl's insert_rows leaves the total's formula where it was (Excel would move it), so
    # LibreOffice's recomputed total differs too; the reader adds the scores itself anyway
    assert codes == {"read.joined-line", "read.sheet-renamed", "read.cached-total-differs"}
