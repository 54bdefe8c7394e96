"""The template's other sheets and parts: the header over the grid, the hidden metadata sheet,
the page setup and protection, and the instructions sheet."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from par_index import __version__
from par_index.criteria.model import CriteriaSet
from par_index.units import Unit
from par_index.workbook.context import TemplateContext
from par_index.workbook.grid import GRID_NOTE
from par_index.workbook.layout import (
    COLUMN_INDEX,
    COLUMNS,
    FIRST_GRID_ROW,
    FORMAT_VERSION,
    GRID_HEADER_ROW,
    HEADER_FIRST_ROW,
    HEADER_KEYS,
    HEADER_LABELS,
    NUMBER_ROW,
    Col,
)
from par_index.workbook.styles import Styles
from par_index.workbook.validation import header_validations
from par_index.wrap import lines_needed, row_height


def write_header(grid, styles: Styles, cs: CriteriaSet, unit: Unit, ctx) -> None:
    """The title, the unit's header entries and the note above the grid."""
    last = len(COLUMNS) - 1
    first = COLUMN_INDEX[Col.STT]
    title = f"BẢNG TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {ctx.period}".upper()
    grid.merge_range(0, first, 0, last, title, styles["title"])
    grid.set_row(0, 24)
    grid.merge_range(1, first, 1, last, ctx.title or cs.title.vi, styles["subtitle"])
    label_col, value_col = COLUMN_INDEX[Col.CRITERION], COLUMN_INDEX[Col.FIGURES]
    values = {"unit": unit.name, "head": head_text(unit)}
    for offset, (field, key) in enumerate(HEADER_KEYS.items()):
        row = HEADER_FIRST_ROW + offset
        grid.write_string(row, COLUMN_INDEX[Col.KEY], key, styles["key"])
        grid.write_string(row, label_col, HEADER_LABELS[field], styles["label"])
        style = {"unit": "head_fixed", "date": "head_date", "phone": "head_phone"}.get(
            field, "head_input"
        )
        grid.merge_range(row, value_col, row, value_col + 2, "", styles[style])
        if values.get(field):
            grid.write_string(row, value_col, values[field], styles[style])
    header_validations(grid, value_col)
    note_row = HEADER_FIRST_ROW + len(HEADER_KEYS)
    grid.merge_range(note_row, first, note_row, last, GRID_NOTE, styles["note"])


def head_text(unit: Unit) -> str:
    """The unit head's name and title, as shown in the header."""
    return " - ".join(part for part in (unit.head_name, unit.head_title) if part)


def write_meta(meta, styles: Styles, cs: CriteriaSet, unit: Unit, ctx, when) -> None:
    """The hidden, protected sheet the reader checks the file against."""
    values = {
        "criteria_id": cs.id,
        "criteria_version": cs.version,
        "criteria_hash": cs.content_hash,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "unit_type": unit.unit_type,
        "period": ctx.period,
        "generated_at": when,
        "tool_version": __version__,
        "template_format": FORMAT_VERSION,
    }
    meta.set_column(0, 0, 18)
    meta.set_column(1, 1, 70)
    for row, (key, value) in enumerate(values.items()):
        meta.write_string(row, 0, key)
        meta.write_string(row, 1, value)
    meta.protect()
    meta.hide()


def page_setup(grid, rows: int) -> None:
    """Column widths, frozen panes, printing and sheet protection of the grid."""
    for index, column in enumerate(COLUMNS):
        options = {"hidden": True} if column.id == Col.KEY else None
        grid.set_column(index, index, column.width, None, options)
    grid.freeze_panes(FIRST_GRID_ROW, COLUMN_INDEX[Col.MAX])
    print_landscape(grid)
    grid.repeat_rows(GRID_HEADER_ROW, NUMBER_ROW)
    last = xl_rowcol_to_cell(FIRST_GRID_ROW + rows - 1, len(COLUMNS) - 1)
    grid.print_area(f"B1:{last}")
    protect_inputs(grid)


def print_landscape(sheet) -> None:
    """A4 landscape, as wide as one page, page numbers in the footer."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer("&CTrang &P/&N")


def protect_inputs(sheet) -> None:
    """Protected without a password: only the unlocked (yellow) cells take input, columns and
    rows may still be widened."""
    sheet.protect(
        "",
        {
            "format_columns": True,
            "format_rows": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )


def write_guide(guide, styles: Styles, cs: CriteriaSet, unit: Unit, ctx: TemplateContext) -> None:
    """The instructions sheet, one line of text per row."""
    write_lines(guide, styles, _guide_lines(cs, unit, ctx))


def write_lines(guide, styles: Styles, lines: list[tuple[str, str]]) -> None:
    """An instructions sheet: (style, text) one per row, wrapped, printed one page wide."""
    guide.set_column(0, 0, GUIDE_WIDTH)
    guide.hide_gridlines(2)
    for row, (style, line) in enumerate(lines):
        guide.write_string(row, 0, line, styles[style])
        needed = lines_needed(line, GUIDE_WIDTH, per_width=1.05)
        if needed > 1:
            guide.set_row(row, row_height(needed))
    guide.set_landscape()
    guide.set_paper(9)
    guide.fit_to_pages(1, 0)
    guide.protect()


GUIDE_WIDTH = 100


def _guide_lines(cs: CriteriaSet, unit: Unit, ctx: TemplateContext) -> list[tuple[str, str]]:
    docs = "; ".join(
        f"{d.number}" + (f" ngày {d.date:%d/%m/%Y}" if d.date else "") + f" của {d.issuer}"
        for d in cs.documents
    )
    deadline = f"{ctx.deadline:%d/%m/%Y}" if ctx.deadline else "theo kế hoạch của cơ quan thẩm định"
    lines = [
        ("guide_title", f"HƯỚNG DẪN TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {ctx.period}"),
        ("guide_text", f"Đơn vị: {unit.name} (mã {unit.code})"),
        ("guide_text", f"Bộ tiêu chí: {cs.title.vi} (mã {cs.id}, phiên bản {cs.version})"),
        ("guide_text", f"Căn cứ: {docs}"),
        ("guide_head", f"Hạn gửi bảng tự chấm: {deadline}"),
    ]
    if ctx.producer:
        lines.append(("guide_text", f"Nơi nhận: {ctx.producer}"))
    if ctx.contact:
        lines.append(("guide_text", f"Cần hỏi, liên hệ: {ctx.contact}"))
    lines += [("guide_text", ""), ("guide_head", "CÁCH ĐIỀN (trang 'Tự chấm điểm')")]
    lines += [("guide_text", step) for step in _STEPS]
    lines += [("guide_text", ""), ("guide_head", "LƯU Ý")]
    lines += [("guide_text", note) for note in _NOTES]
    if cs.illustrative is not None:
        lines.append(("guide_text", f"Ghi chú về bộ tiêu chí: {cs.illustrative.vi}"))
    return lines


_STEPS = (
    "1. Điền phần đầu trang: người lập biểu (họ tên, chức vụ), số điện thoại, ngày gửi "
    "(ngày/tháng/năm).",
    "2. Chỉ nhập vào các ô nền vàng; các ô khác được khóa để giữ đúng biểu mẫu.",
    "3. Cột 'Số liệu kê khai': chọn Có / Không / mức đạt được trong danh sách thả xuống. Tiêu chí "
    "tính theo số liệu có các dòng số liệu bên dưới: nhập số nguyên; tỷ lệ nhập số từ 0 đến 100 "
    "(gõ 80 hay 80% đều là 80 %, ô tự hiện dấu %).",
    "4. Cột 'Điểm tự chấm': nhập điểm từng tiêu chí thành phần, không vượt quá điểm tối đa "
    "(ví dụ 1,5 hoặc 1.5). Điểm lĩnh vực và tổng điểm tự cộng.",
    "5. Cột 'Tài liệu kiểm chứng': mỗi tài liệu một dòng (Alt+Enter để xuống dòng) hoặc ngăn cách "
    "bằng dấu chấm phẩy; ghi đủ số ký hiệu, ngày ban hành, cơ quan ban hành và trang/mục có nội "
    "dung chứng minh. Ví dụ: Kế hoạch số 12/KH-UBND ngày 05/3/2025 của UBND xã, trang 2, mục II. "
    "Có gửi kèm tệp minh chứng thì ghi tên tệp và trang, ví dụ: QĐ số 12/QĐ-UBND ngày 05/3/2025 "
    "(tệp: qd12.pdf, tr. 3).",
    "6. Cột 'Giải trình': ghi rõ lý do khi tự chấm thấp hơn điểm tối đa hoặc khi tài liệu kiểm "
    "chứng chưa đầy đủ.",
    "7. Dòng nền xám ghi 'Không tự chấm': tiêu chí do Hội đồng thẩm định chấm hoặc lấy từ kết quả "
    "điều tra xã hội học; đơn vị không nhập điểm.",
    "8. Điểm thưởng: ghi số điểm đề nghị cộng. Điểm trừ: ghi số điểm bị trừ (số dương). Mỗi phần "
    "không vượt quá mức tối đa ghi ở dòng tiêu đề của phần đó.",
)
_NOTES = (
    "- Không đổi tên, thêm hoặc xóa trang tính; không xóa dòng tiêu chí; không sửa điểm tối đa. "
    "Tệp bị sửa cấu trúc sẽ không được tiếp nhận.",
    "- Lưu đúng định dạng Excel (.xlsx); không lưu sang .xls, .ods, không đặt mật khẩu.",
    "- Gửi lại đúng tệp đã nhận (tên tệp có mã đơn vị); không dùng biểu mẫu của năm trước hoặc "
    "của đơn vị khác.",
    "- Tệp minh chứng (PDF, Word .docx, ảnh) gửi kèm trong một thư mục hoặc tệp .zip có tên bắt "
    "đầu bằng mã đơn vị (ví dụ QD-QAN_minh-chung.zip), không đặt mật khẩu.",
)
