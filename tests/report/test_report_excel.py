"""The Excel report: sheets, values (never formulas), number formats, filters, colour scale."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from par_index.check.finding import Report
from par_index.criteria.model import CriteriaSet
from par_index.numbers import quantize
from par_index.ranking import band_of
from par_index.report import write_excel_report
from par_index.report.sheet import sheet_name
from par_index.report.style import tint
from par_index.results import Results
from report.report_district import UNITS, build_district
from tests.conftest import require_tool

FIXED = [
    "Thông tin",
    "Xếp hạng",
    "Ma trận lĩnh vực",
    "Người đứng đầu - thi đua",
    "Chất lượng tự chấm",
    "Phát hiện",
]
HEAD = 5
"""The ranking's header row (1-based), below the annex heading block ("PHỤ LỤC", the title,
what it is attached to, a blank row)."""
RISKY = ['=HYPERLINK("http://x","bấm")', "+1 điểm thưởng", "-2 do trễ hạn", "@SUM(A1:A2)"]


@pytest.fixture(scope="module")
def workbook(
    tmp_path_factory: pytest.TempPathFactory,
    district: tuple[Results, Report],
    report_set: CriteriaSet,
) -> tuple[openpyxl.Workbook, Path]:
    results, report = district
    results = results.model_copy(deep=True)
    first = results.units[0]
    first.unit = first.unit.model_copy(update={"head_name": RISKY[3]})
    row = next(c for c in first.criteria if c.self_score is not None)
    row.note_1, row.explanation, row.note_2 = RISKY[0], RISKY[1], RISKY[2]
    report = report.model_copy(deep=True)
    report.findings[0].message = RISKY[0]
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    assert write_excel_report(path, results, report, report_set) == path
    return openpyxl.load_workbook(path), path


def test_sheets_fixed_then_one_per_unit(workbook, district) -> None:
    wb, path = workbook
    results, _ = district
    assert wb.sheetnames[: len(FIXED)] == FIXED
    units = wb.sheetnames[len(FIXED) :]
    assert len(units) == len(UNITS)
    for name, unit in zip(units, results.units, strict=True):
        assert unit.unit.name in name
        assert wb[name]["A1"].value == unit.unit.name
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.xlsx"]


def test_ranking_values_formats_freeze_and_filter(workbook, district, report_set) -> None:
    wb, _ = workbook
    results, report = district
    ws = wb["Xếp hạng"]
    header = [c.value for c in ws[HEAD]]
    assert header[:4] == ["Hạng", "Khoảng hạng (mô phỏng)", "Mã", "Đơn vị"]
    assert ws.freeze_panes == f"A{HEAD + 1}"
    last = ws.cell(HEAD, len(header)).column_letter
    assert ws.auto_filter.ref == f"A{HEAD}:{last}{len(UNITS) + HEAD}"
    column = {name: i for i, name in enumerate(header)}
    colours = {b.id: b.color.upper().lstrip("#") for b in report_set.classification.bands}
    for row, unit in zip(ws.iter_rows(min_row=HEAD + 1), results.units, strict=True):
        assert row[column["Đơn vị"]].value == unit.unit.name
        assert row[column["Hạng"]].value == unit.rank
        interval = f"{unit.rank_low}–{unit.rank_high}" if unit.rank_low is not None else None
        assert row[column["Khoảng hạng (mô phỏng)"]].value == interval
        index = row[column["Chỉ số (%)"]]
        assert index.value == pytest.approx(float(quantize(unit.index, 2)), abs=1e-12)
        assert index.number_format == "0.00"
        assert row[column["Số phát hiện"]].value == len(report.for_unit(unit.unit.code))
        badge = row[column["Xếp loại"]]
        assert badge.fill.fgColor.rgb.endswith(colours[unit.class_id])


def test_area_matrix_is_coloured_by_class_bands(workbook, report_set) -> None:
    """The HTML report's one scale: each percentage on its class band's tinted colour."""
    wb, _ = workbook
    ws = wb["Ma trận lĩnh vực"]
    assert not list(ws.conditional_formatting)
    bands = report_set.classification.bands
    coloured = 0
    for row in ws.iter_rows(min_row=2, min_col=3):
        for cell in row:
            if cell.value is not None:
                band = band_of(bands, Decimal(str(cell.value)))
                assert cell.fill.fgColor.rgb[-6:] == tint(band.color).lstrip("#"), cell.value
                coloured += 1
    assert coloured >= len(UNITS)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref


def test_text_that_looks_like_a_formula_stays_text(workbook) -> None:
    wb, _ = workbook
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    seen.update(text for text in RISKY if text in cell.value)
                    if cell.value in RISKY:
                        assert cell.data_type in {"s", "inlineStr"}
    assert seen == set(RISKY)


def test_staff_and_findings_sheets(workbook, district) -> None:
    wb, _ = workbook
    results, report = district
    staff = list(wb["Người đứng đầu - thi đua"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in staff] == [u.unit.name for u in results.units]
    assert {r[5] for r in staff} <= {"Được đề nghị", "Không đề nghị"}
    findings = list(wb["Phát hiện"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == len(report.findings)
    assert wb["Phát hiện"].auto_filter.ref


def test_unit_sheet_lists_every_criterion_with_numbers(workbook, district) -> None:
    wb, _ = workbook
    results, _ = district
    unit = results.units[0]
    ws = wb[wb.sheetnames[len(FIXED)]]
    head_row = next(r for r in ws.iter_rows() if r[0].value == "Mã" and r[1].value == "Tiêu chí")
    top = head_row[0].row
    assert ws.freeze_panes == f"C{top + 1}"
    codes = [ws.cell(top + 1 + i, 1).value for i in range(len(unit.criteria))]
    assert codes == [c.code for c in unit.criteria]
    final = [ws.cell(top + 1 + i, 12).value for i in range(len(unit.criteria))]
    assert final == [pytest.approx(float(c.final)) for c in unit.criteria]


@pytest.mark.parametrize(
    ("base", "taken", "expected"),
    [
        ("1. Xã Quảng An", set(), "1. Xã Quảng An"),
        ("Xã [A]:B*C?D/E\\F", set(), "Xã -A--B-C-D-E-F"),
        ("'Xã Quảng Phước thuộc huyện Quảng Điền cũ'", set(), "Xã Quảng Phước thuộc huyện Quản"),
        ("Xã Quảng An", {"xã quảng an"}, "Xã Quảng An (2)"),
        ("X" * 40, {"x" * 31}, "X" * 27 + " (2)"),
        ("", set(), "Sheet"),
    ],
)
def test_sheet_names_are_valid_and_unique(base: str, taken: set[str], expected: str) -> None:
    name = sheet_name(base, taken)
    assert name == expected
    assert len(name) <= 31 and name.casefold() in taken


@pytest.mark.libreoffice
def test_opens_after_a_libreoffice_round_trip(workbook, district, tmp_path: Path) -> None:
    soffice = require_tool("soffice", "libreoffice")
    _, path = workbook
    results, _ = district
    out = tmp_path / "out"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    back = openpyxl.load_workbook(out / "report.xlsx")
    original = openpyxl.load_workbook(path)
    assert back.sheetnames == original.sheetnames
    for name in back.sheetnames:
        before = list(original[name].iter_rows(values_only=True))
        after = list(back[name].iter_rows(values_only=True))
        assert [_plain(r) for r in after] == [_plain(r) for r in before], name
    ranking = list(back["Xếp hạng"].iter_rows(min_row=HEAD + 1, max_col=4, values_only=True))
    assert [(r[0], r[2], r[3]) for r in ranking] == [
        (u.rank, u.unit.code, u.unit.name) for u in results.units
    ]
    matrix = back["Ma trận lĩnh vực"]
    assert matrix["C2"].fill.fgColor.rgb.endswith(
        original["Ma trận lĩnh vực"]["C2"].fill.fgColor.rgb[-6:]
    )


def _plain(row: tuple) -> list:
    """A row's values without trailing blanks, numbers compared to 10 places."""
    values = [round(v, 10) if isinstance(v, float) else v for v in row]
    while values and values[-1] in (None, ""):
        values.pop()
    return values


def test_country_size_runs_leave_out_unit_sheets(tmp_path: Path, mini_set: CriteriaSet) -> None:
    results, report = build_district(mini_set, count=250)
    path = write_excel_report(tmp_path / "big.xlsx", results, report, mini_set)
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == FIXED
    info = [v for row in wb["Thông tin"].iter_rows(values_only=True) for v in row if v]
    assert any("results.xlsx" in str(v) for v in info)
    ranking = list(wb["Xếp hạng"].iter_rows(min_row=HEAD + 1, values_only=True))
    assert len(ranking) == 250


def test_scoped_ranking_adds_its_column(tmp_path: Path, district, report_set) -> None:
    results, report = district
    copy = results.model_copy(deep=True)
    copy.ranking_scope = "group"
    copy.units[0].rank_in_group = 7
    path = write_excel_report(tmp_path / "scoped.xlsx", copy, report, report_set)
    ws = openpyxl.load_workbook(path)["Xếp hạng"]
    assert [c.value for c in ws[HEAD]][:4] == [
        "Hạng",
        "Khoảng hạng (mô phỏng)",
        "Hạng theo nhóm",
        "Mã",
    ]
    assert ws[f"C{HEAD + 1}"].value == 7


def test_every_sheet_prints_like_an_annex(workbook, district) -> None:
    """A4 landscape, one page wide, the table's header on every page, the title in the page
    header, page numbers in the footer, Times New Roman; the ranking under a Phụ lục block."""
    wb, _ = workbook
    results, _ = district
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0  # 1 wide (the default)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "Kết quả Chỉ số cải cách hành chính năm" in ws.oddHeader.center.text
        assert ws.oddFooter.center.text == "&P / &N"
        assert ws.oddFooter.right.text == "&A"
    assert wb["Xếp hạng"].print_title_rows == f"${HEAD}:${HEAD}"
    assert wb["Phát hiện"].print_title_rows == "$1:$1"
    ranking = wb["Xếp hạng"]
    assert ranking["A1"].value == "PHỤ LỤC"
    assert ranking["A2"].value == f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {results.period}"
    assert ranking["A3"].value.startswith("(Kèm theo Quyết định công bố")
    assert {c.font.name for row in ranking.iter_rows() for c in row if c.value} == {
        "Times New Roman"
    }


def test_wrapped_rows_are_tall_enough(workbook) -> None:
    """Rows of wrapped text have a height for their lines (LibreOffice and Excel do not grow
    them on opening): the findings' messages and the ranking's header."""
    wb, _ = workbook
    ranking = wb["Xếp hạng"]
    assert ranking.row_dimensions[HEAD].height >= 2 * 15
    findings = wb["Phát hiện"]
    for row in findings.iter_rows(min_row=2):
        message = row[6].value or ""
        if len(message) > 2 * findings.column_dimensions["G"].width:
            assert findings.row_dimensions[row[0].row].height >= 2 * 15, message


@pytest.mark.libreoffice
def test_libreoffice_prints_a_few_landscape_pages_per_unit(workbook, tmp_path: Path) -> None:
    """Printed to PDF, the report is A4 landscape pages, at most 4 per unit sheet and 12 for
    the summary sheets (before: 127 portrait pages of table fragments for 11 units)."""
    soffice = require_tool("soffice", "libreoffice")
    _, path = workbook
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pages = PdfReader(tmp_path / "report.pdf").pages
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages}
    assert sizes == {(842, 595)}
    assert len(UNITS) + len(FIXED) <= len(pages) <= 4 * len(UNITS) + 12, len(pages)
