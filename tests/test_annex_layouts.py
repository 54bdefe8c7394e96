"""``criteria import`` on annex workbooks laid out like real ones: the decision above the table,
a two-row header with merged cells, the "(1) (2) (3)" column-number row, level lines without
the word "điểm", "Đạt / Không đạt" labels, the TỔNG CỘNG row (merged), and the methods of the
rule kinds real annexes use (a target, a share of the maximum, normalised to the best unit)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from typer.testing import CliRunner

from par_index.annex import import_annex
from par_index.cli.app import app
from par_index.criteria import check_criteria
from par_index.criteria.model import Criterion
from par_index.rules import Answers, Outcome, evaluate

D = Decimal
TITLE = "BỘ TIÊU CHÍ ĐÁNH GIÁ, XẾP LOẠI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH CẤP XÃ"
DECISION = "(Kèm theo Quyết định số 5666/QĐ-UBND ngày 17/11/2025 của UBND thành phố Hà Nội)"
LEVELS = "Ban hành kịp thời: 1\nBan hành chậm: 0,5\nKhông ban hành: 0"
# STT, title, max, method, evidence, bold: the content rows, below the header and the
# column-number row
# fmt: off
CONTENT: list[tuple] = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", 7, "", "", True),
    ("1", "Ban hành kế hoạch CCHC năm", 1, LEVELS, "Kế hoạch", False),
    ("2", "Ban hành kế hoạch kiểm tra CCHC", 1, "Ban hành kịp thời: 1; Ban hành chậm: 0,5",
     "", False),
    ("3", "Tuyên truyền CCHC", 1, "Đạt: 1\nKhông đạt: 0", "", False),
    ("4", "Chế độ báo cáo định kỳ", 2,
     "Mỗi báo cáo gửi chậm trừ 25% số điểm của tiêu chí", "Các báo cáo", False),
    ("5", "Tỷ lệ giải ngân vốn đầu tư công", 2,
     "Đạt từ 80% trở lên: 2 điểm\nDưới 80%: điểm = tỷ lệ giải ngân ÷ 80% × 2 điểm", "", False),
    ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", 3, "", "", True),
    ("1", "Số TTHC được cắt giảm, đơn giản hóa", 2,
     "Đơn vị có số TTHC cắt giảm cao nhất được điểm tối đa; các đơn vị khác tính theo tỷ lệ "
     "so với đơn vị cao nhất", "", False),
    ("2", "Niêm yết công khai TTHC", 1, "Niêm yết đầy đủ: 1\nNiêm yết chưa đầy đủ: 0,5\n"
     "Không niêm yết: 0", "", False),
    ("TỔNG CỘNG", None, 10, "", "", True),
]
# fmt: on
EXPECTED = {
    "1.1": "levels",
    "1.2": "levels",
    "1.3": "levels",
    "1.4": "share_deduction",
    "1.5": "proportional",
    "2.1": "best_in_group",
    "2.2": "levels",
}


def write_real_annex(path: Path, content: list[tuple] = CONTENT) -> Path:
    """The annex as provinces publish it: title and decision above, a two-row merged header
    (Điểm over Tối đa | Tự chấm), the column-number row, bold areas, a merged total row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet.append(["UBND THÀNH PHỐ HÀ NỘI"])
    sheet.append([TITLE])
    sheet.append([DECISION])
    sheet.merge_cells("A2:G2")
    sheet.merge_cells("A3:G3")
    sheet.append([])
    header = 5
    sheet.append(["STT", "Nội dung tiêu chí, tiêu chí thành phần", "Điểm", None,
                  "Cách tính điểm", "Tài liệu kiểm chứng", "Ghi chú"])  # fmt: skip
    sheet.append([None, None, "Tối đa", "Tự chấm", None, None, None])
    for column in "ABEFG":
        sheet.merge_cells(f"{column}{header}:{column}{header + 1}")
    sheet.merge_cells(f"C{header}:D{header}")
    for cell in (*sheet[header], *sheet[header + 1]):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    for stt, title, most, method, evidence, bold in content:
        sheet.append([stt, title, most, None, method, evidence, None])
        row = sheet.max_row
        if stt == "TỔNG CỘNG":
            sheet.merge_cells(f"A{row}:B{row}")
        if bold:
            for cell in sheet[row]:
                cell.font = Font(bold=True)
    book.save(path)
    return path


@pytest.fixture
def imported(tmp_path: Path):
    result = import_annex(write_real_annex(tmp_path / "phu-luc-ha-noi.xlsx"))
    out = tmp_path / "ha-noi.yaml"
    out.write_text(result.yaml, encoding="utf-8")
    cs, problems = check_criteria(out)
    assert problems == [], [p.render() for p in problems]
    return result, cs


def test_the_real_layout_imports_into_a_valid_set(imported) -> None:
    result, cs = imported
    assert [(a.code, a.title.vi, a.max) for a in cs.areas] == [
        ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", D(7)),
        ("2", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", D(3)),
    ]
    assert {leaf.code: leaf.rule.kind for leaf in cs.leaves()} == EXPECTED
    assert cs.scale == 10  # the TỔNG CỘNG row is not a criterion
    assert result.recognised["todo"] == 0


def test_the_column_number_row_and_the_total_are_skipped_and_reported(imported) -> None:
    result, cs = imported
    assert not any(n.title.vi in ("(2)", "") for n in cs.walk())
    skipped = [(r.row, r.kind) for r in result.rows if not r.code]
    assert skipped == [(7, "column-numbers"), (17, "total")]


def test_the_decision_above_a_two_row_merged_header(imported) -> None:
    _result, cs = imported
    document = cs.documents[0]
    assert (document.number, str(document.date)) == ("5666/QĐ-UBND", "2025-11-17")
    assert document.issuer == "UBND thành phố Hà Nội"
    assert cs.title.vi == TITLE
    # "Điểm" over "Tối đa | Tự chấm": the maximum is read from "Tối đa", not the self-score
    assert cs.node("1.4").max == D(2)


def test_level_lines_without_the_word_diem_keep_the_annexs_labels(imported) -> None:
    _result, cs = imported

    def levels(code: str) -> list[tuple[str, Decimal]]:
        return [(lv.label.vi, lv.points) for lv in cs.node(code).rule.levels]

    assert levels("1.1") == [
        ("Ban hành kịp thời", D(1)), ("Ban hành chậm", D("0.5")), ("Không ban hành", D(0)),
    ]  # fmt: skip
    assert levels("1.2")[:2] == [("Ban hành kịp thời", D(1)), ("Ban hành chậm", D("0.5"))]
    assert levels("1.3") == [("Đạt", D(1)), ("Không đạt", D(0))]  # not Có / Không


def test_the_new_kinds_score_as_the_annex_says(imported) -> None:
    _result, cs = imported

    def run(code: str, **figures) -> object:
        criterion = cs.node(code)
        assert isinstance(criterion, Criterion)
        values = {k: D(str(v)) for k, v in figures.items()}
        return evaluate(cs, criterion, Answers(figures=values), cs.type_ids()[0])

    assert run("1.4", so_lan=1).points == D("1.5")  # 25 % of 2 off
    assert run("1.5", ty_le=60).points == D("1.5")  # 60 ÷ 80 × 2
    assert run("1.5", ty_le=90).points == D(2)
    assert run("2.1", gia_tri=7).outcome == Outcome.PENDING
    assert cs.node("2.1").final_from == "recomputed"


def test_every_row_is_reported_with_what_to_review(imported) -> None:
    result, _cs = imported
    by_code = {r.code: r for r in result.rows if r.code}
    assert by_code["1.1"].status == "recognised" and by_code["1.1"].row == 9
    assert by_code["1.4"].status == "review"  # the figure's name and label are the tool's
    assert by_code["2.1"].kind == "best_in_group"
    assert "within" in " ".join(by_code["2.1"].review)
    assert by_code["1"].status == "parent"
    assert "dòng 9 · STT 1 → 1.1" in by_code["1.1"].line("vi")
    assert "nhận dạng levels" in by_code["1.1"].line("vi")


def test_the_old_layout_reads_0_of_7_level_lines_no_longer(tmp_path: Path) -> None:
    """Seven criteria whose levels are written without "điểm" are all recognised."""
    rows = [("I", "Chỉ đạo", 7, "", "", True)]
    rows += [(str(n), f"Nhiệm vụ {n}", 1, LEVELS, "", False) for n in range(1, 8)]
    result = import_annex(write_real_annex(tmp_path / "a.xlsx", rows))
    assert result.recognised == {"levels": 7}
    assert result.problems == []


def test_cli_writes_the_row_report_beside_the_yaml(tmp_path: Path) -> None:
    annex = write_real_annex(tmp_path / "phu-luc.xlsx")
    out = tmp_path / "bo.yaml"
    run = CliRunner().invoke(app, ["criteria", "import", str(annex), "-o", str(out)])
    assert run.exit_code == 0, run.output
    report = tmp_path / "bo.import.csv"
    assert report.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    with report.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["Dòng", "STT", "Mã", "Tiêu chí", "Cách chấm", "Trạng thái", "Cần rà soát"]
    assert ["7", "", "", "", "column-numbers", "dòng đánh số cột (1) (2) (3)…: bỏ qua", ""] in table
    rows = {line[2]: line for line in table[1:] if line[2]}
    assert rows["1.3"][4:6] == ["levels", "nhận dạng levels"]
    assert "dòng 9 · STT 1 → 1.1" in run.output
    assert "bo.import.csv" in run.output
