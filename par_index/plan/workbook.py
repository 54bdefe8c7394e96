"""The plan workbooks, written by xlsxwriter in the templates' styles: one per unit (the
province's tasks for its unit type and rows for its own, to record done dates and evidence) and
the inspection schedule of the Home Affairs office. Input cells are yellow and unlocked; the
rest is protected without a password, like the self-assessment templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

from par_index import __version__
from par_index.filenames import safe_part, unit_part
from par_index.io import write_atomic
from par_index.plan.layout import (
    HEADER_ROW,
    INSPECTION_COLUMNS,
    KIND_INSPECTIONS,
    KIND_PLAN,
    OWN_HEADING_KEY,
    OWN_ROWS,
    PLAN_COLUMNS,
    PLAN_FORMAT,
    SHEET_GUIDE,
    SHEET_INSPECTIONS,
    SHEET_META,
    SHEET_PLAN,
    Column,
    index,
    own_key,
)
from par_index.plan.model import PlanTask, ProvincePlan
from par_index.units import Unit
from par_index.workbook.sheets import print_landscape, protect_inputs, write_lines
from par_index.workbook.styles import Styles
from par_index.workbook.validation import date_validation

INSPECTIONS_NAME = "lich-kiem-tra_{period}.xlsx"
"""The inspection workbook's file name."""
_PLAN_COL = index(PLAN_COLUMNS)
_INSPECTION_COL = index(INSPECTION_COLUMNS)
_DATE_HINT = ("Ngày", "Nhập ngày/tháng/năm, ví dụ 30/06/2025.")


def plan_filename(unit: Unit, period: str) -> str:
    """The unit's plan workbook: its code and name, like its self-assessment template."""
    return f"KH-CCHC_{unit_part(unit.code)}_{safe_part(unit.name)}_{safe_part(period)}.xlsx"


def write_plan_workbooks(
    folder: Path, plan: ProvincePlan, units: Sequence[Unit], period: str, when: dt.datetime
) -> list[Path]:
    """One plan workbook per unit in ``folder``, in the units' order."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_plan_workbook(folder / plan_filename(u, period), plan, u, period, when) for u in units
    ]


def write_plan_workbook(
    path: Path, plan: ProvincePlan, unit: Unit, period: str, when: dt.datetime
) -> Path:
    """A unit's plan workbook, written atomically."""
    tasks = plan.tasks_for(unit.unit_type)

    def build(tmp: Path) -> None:
        book = _book(tmp, f"Kế hoạch CCHC {period} - {unit.name}")
        styles = Styles(book)
        write_lines(book.add_worksheet(SHEET_GUIDE), styles, _plan_guide(unit, period))
        sheet = book.add_worksheet(SHEET_PLAN)
        _title(sheet, styles, f"KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {period}", unit.name, PLAN_COLUMNS)
        _plan_rows(sheet, styles, tasks)
        _meta(book, KIND_PLAN, period, when, unit)
        sheet.activate()
        book.close()

    return write_atomic(path, build)


def write_inspection_workbook(
    path: Path, plan: ProvincePlan, units: Sequence[Unit], period: str, when: dt.datetime
) -> Path:
    """The Home Affairs office's inspection schedule: when and by whom each unit is inspected,
    with the done date and the result to fill in."""
    names = {u.code: u.name for u in units}

    def build(tmp: Path) -> None:
        book = _book(tmp, f"Lịch kiểm tra CCHC {period}")
        styles = Styles(book)
        write_lines(book.add_worksheet(SHEET_GUIDE), styles, _inspection_guide(period))
        sheet = book.add_worksheet(SHEET_INSPECTIONS)
        title = f"LỊCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM {period}"
        _title(sheet, styles, title, "", INSPECTION_COLUMNS)
        col = _INSPECTION_COL
        row = HEADER_ROW
        for number, item in enumerate(plan.inspections, 1):
            row = HEADER_ROW + number
            sheet.write_number(row, col["number"], number, styles["cell_c"])
            sheet.write_string(row, col["unit"], item.unit, styles["cell_c"])
            sheet.write_string(row, col["name"], names.get(item.unit, ""), styles["cell"])
            sheet.write_datetime(row, col["planned"], _at_noon(item.planned), styles["date_c"])
            sheet.write_string(row, col["by"], item.by or "", styles["cell"])
            sheet.write_blank(row, col["done"], None, styles["input_date"])
            sheet.write_blank(row, col["result"], None, styles["input"])
        if plan.inspections:
            sheet.data_validation(
                HEADER_ROW + 1, col["done"], row, col["done"], date_validation(*_DATE_HINT)
            )
        _finish(sheet, INSPECTION_COLUMNS, row)
        _meta(book, KIND_INSPECTIONS, period, when)
        sheet.activate()
        book.close()

    return write_atomic(path, build)


def _book(target: Path, title: str) -> xlsxwriter.Workbook:
    book = xlsxwriter.Workbook(str(target), {"strings_to_formulas": False, "in_memory": True})
    book.set_properties(
        {"title": title, "author": "par-index", "comments": f"par-index {__version__}"}
    )
    return book


def _title(sheet, styles: Styles, title: str, subtitle: str, columns: tuple[Column, ...]) -> None:
    first, last = (1 if columns[0].key == "key" else 0), len(columns) - 1
    sheet.merge_range(0, first, 0, last, title, styles["title"])
    sheet.set_row(0, 24)
    sheet.merge_range(1, first, 1, last, subtitle, styles["subtitle"])
    note = "Chỉ nhập vào các ô nền vàng; ngày ghi ngày/tháng/năm. Xem trang 'Hướng dẫn'."
    sheet.merge_range(2, first, 2, last, note, styles["note"])
    for index_, column in enumerate(columns):
        sheet.write_string(HEADER_ROW, index_, column.header, styles["th"])
        options = {"hidden": True} if column.key == "key" else None
        sheet.set_column(index_, index_, column.width, None, options)
    sheet.set_row(HEADER_ROW, 32)


def _plan_rows(sheet, styles: Styles, tasks: list[PlanTask]) -> None:
    col = _PLAN_COL
    row = HEADER_ROW
    for number, task in enumerate(tasks, 1):
        row = HEADER_ROW + number
        sheet.write_string(row, col["key"], task.code, styles["key"])
        sheet.write_number(row, col["number"], number, styles["cell_c"])
        sheet.write_string(row, col["task"], task.task, styles["cell"])
        sheet.write_string(row, col["lead"], task.lead or "", styles["input"])
        sheet.write_datetime(row, col["due"], _at_noon(task.due), styles["date_c"])
        sheet.write_string(row, col["output"], task.output or "", styles["cell"])
        _inputs(sheet, styles, row, ("done", "evidence", "note"))
    row += 1
    sheet.write_string(row, col["key"], OWN_HEADING_KEY, styles["key"])
    heading = "Nhiệm vụ do đơn vị tự bổ sung (nếu có)"
    sheet.merge_range(row, col["number"], row, len(PLAN_COLUMNS) - 1, heading, styles["area"])
    for number in range(1, OWN_ROWS + 1):
        sheet.write_string(row + number, col["key"], own_key(number), styles["key"])
        sheet.write_blank(row + number, col["number"], None, styles["cell_c"])
        keys = ("task", "lead", "due", "output", "done", "evidence", "note")
        _inputs(sheet, styles, row + number, keys)
    last = row + OWN_ROWS
    for key in ("due", "done"):
        sheet.data_validation(
            HEADER_ROW + 1, col[key], last, col[key], date_validation(*_DATE_HINT)
        )
    _finish(sheet, PLAN_COLUMNS, last)


def _inputs(sheet, styles: Styles, row: int, keys: tuple[str, ...]) -> None:
    for key in keys:
        style = "input_date" if key in ("due", "done") else "input"
        sheet.write_blank(row, _PLAN_COL[key], None, styles[style])


def _finish(sheet, columns: tuple[Column, ...], last_row: int) -> None:
    """Frozen header, printing and protection."""
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    print_landscape(sheet)
    sheet.repeat_rows(HEADER_ROW)
    first = "B" if columns[0].key == "key" else "A"
    sheet.print_area(f"{first}1:{xlsxwriter.utility.xl_rowcol_to_cell(last_row, len(columns) - 1)}")
    protect_inputs(sheet)


def _meta(
    book: xlsxwriter.Workbook, kind: str, period: str, when: dt.datetime, unit: Unit | None = None
) -> None:
    """The hidden, protected sheet the reader checks the file against (whose, which year)."""
    values = {
        "kind": kind,
        "unit_code": unit.code if unit else "",
        "unit_name": unit.name if unit else "",
        "unit_type": unit.unit_type if unit else "",
        "period": period,
        "generated_at": when.isoformat(),
        "tool_version": __version__,
        "plan_format": PLAN_FORMAT,
    }
    meta = book.add_worksheet(SHEET_META)
    meta.set_column(0, 0, 18)
    meta.set_column(1, 1, 50)
    for row, (key, value) in enumerate(values.items()):
        meta.write_string(row, 0, key)
        meta.write_string(row, 1, value)
    meta.protect()
    meta.hide()


def _at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _plan_guide(unit: Unit, period: str) -> list[tuple[str, str]]:
    return [
        ("guide_title", f"HƯỚNG DẪN THEO DÕI KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {period}"),
        ("guide_text", f"Đơn vị: {unit.name} (mã {unit.code})"),
        ("guide_text", ""),
        ("guide_head", f"CÁCH ĐIỀN (trang '{SHEET_PLAN}')"),
        (
            "guide_text",
            "1. Các dòng đầu là nhiệm vụ trong Kế hoạch CCHC năm của tỉnh/huyện giao "
            "cho đơn vị: nhiệm vụ, hạn hoàn thành và sản phẩm đã ghi sẵn, không sửa.",
        ),
        (
            "guide_text",
            "2. Cột 'Đơn vị/bộ phận chủ trì': ghi bộ phận, công chức chịu trách "
            "nhiệm thực hiện nhiệm vụ tại đơn vị (đã gợi ý sẵn, sửa nếu cần).",
        ),
        (
            "guide_text",
            "3. Khi hoàn thành một nhiệm vụ, ghi 'Ngày hoàn thành' (ngày/tháng/năm, "
            "vd. 30/06/2025) và 'Tài liệu kiểm chứng' (số, ngày văn bản hoặc sản phẩm). Nhiệm vụ "
            "chưa hoàn thành thì để trống ngày hoàn thành.",
        ),
        (
            "guide_text",
            "4. Nhiệm vụ đơn vị tự bổ sung trong kế hoạch của mình: ghi ở các dòng "
            "dưới mục 'Nhiệm vụ do đơn vị tự bổ sung', đủ nhiệm vụ và hạn hoàn thành.",
        ),
        (
            "guide_text",
            "5. Gửi tệp cho Phòng Nội vụ theo định kỳ (giữa năm và cuối năm). Số "
            "nhiệm vụ và số nhiệm vụ hoàn thành khi chấm điểm Chỉ số CCHC được lấy từ tệp này.",
        ),
        ("guide_text", ""),
        ("guide_head", "LƯU Ý"),
        (
            "guide_text",
            "- Hoàn thành sau hạn được tính là hoàn thành chậm; quá hạn chưa có ngày "
            "hoàn thành là nhiệm vụ quá hạn.",
        ),
        (
            "guide_text",
            "- Không đổi tên, thêm hoặc xóa trang tính; không xóa dòng; lưu đúng "
            "định dạng Excel (.xlsx), không đặt mật khẩu. Gửi lại đúng tệp đã nhận.",
        ),
    ]


def _inspection_guide(period: str) -> list[tuple[str, str]]:
    return [
        ("guide_title", f"LỊCH KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM {period}"),
        (
            "guide_text",
            "Mỗi dòng là một lần kiểm tra theo kế hoạch: đơn vị, ngày dự kiến và "
            "người/đoàn kiểm tra (lấy từ plan/kiem-tra.csv).",
        ),
        (
            "guide_text",
            "Sau khi kiểm tra, ghi 'Ngày kiểm tra thực tế' (ngày/tháng/năm) và tóm "
            "tắt 'Kết quả kiểm tra'. Dòng chưa có ngày thực tế là lần kiểm tra chưa thực hiện.",
        ),
        ("guide_text", "Không xóa dòng, không sửa mã đơn vị; lưu đúng định dạng .xlsx."),
    ]
