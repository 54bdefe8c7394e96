"""The reader's messages: why a workbook cannot be used, how each ReadIssue reads, and row
keys in the user's words."""

from __future__ import annotations

from par_index.i18n import Message

_TEMPLATE_AGAIN = "Hãy chép số liệu sang biểu mẫu mới được gửi kèm và gửi lại."
_TEMPLATE_AGAIN_EN = "Copy the entries into the new template that was sent and send it again."

M_UNREADABLE = Message(
    "workbook.unreadable",
    "{file}: không đọc được nội dung bảng tính ({detail}). Hãy mở tệp bằng Excel hoặc "
    "LibreOffice, lưu lại dạng .xlsx rồi gửi lại.",
    "{file}: the spreadsheet's content cannot be read ({detail}). Open it in Excel or "
    "LibreOffice, save it again as .xlsx and resend it.",
)
M_MISSING_SHEET = Message(
    "workbook.missing-sheet",
    "{file}: không có trang tính '{sheet}'{suggestion}. Hãy đặt lại đúng tên trang tính, hoặc "
    "dùng biểu mẫu mới được gửi kèm.",
    "{file}: there is no sheet '{sheet}'{suggestion}. Rename the sheet back, or use the new "
    "template that was sent.",
)
M_SUGGEST = Message(
    "workbook.suggest-sheet", " (có phải trang '{name}'?)", " (did you mean '{name}'?)"
)
M_SHEETS = Message("workbook.sheets-found", " (tệp có: {names})", " (the file has: {names})")
M_NO_METADATA = Message(
    "workbook.no-metadata",
    "{file}: không phải biểu mẫu tự chấm điểm do par-index tạo (thiếu trang thông tin ẩn "
    "'{sheet}' hoặc mục '{field}'). " + _TEMPLATE_AGAIN,
    "{file}: not a self-assessment template made by par-index (the hidden sheet '{sheet}' or "
    "its entry '{field}' is missing). " + _TEMPLATE_AGAIN_EN,
)
M_CRITERIA_MISMATCH = Message(
    "workbook.criteria-mismatch",
    "{file}: biểu mẫu không khớp bộ tiêu chí đang dùng ({field}: tệp ghi '{found}', cần "
    "'{expected}'); có thể là biểu mẫu năm trước hoặc đã bị sửa. " + _TEMPLATE_AGAIN,
    "{file}: the template does not match the criteria set in use ({field}: the file says "
    "'{found}', expected '{expected}'); it may be last year's form or an altered one. "
    + _TEMPLATE_AGAIN_EN,
)
M_MISSING_COLUMN = Message(
    "workbook.missing-column",
    "{file}: trang '{sheet}' không có cột '{column}'. Hãy đặt lại đúng tiêu đề cột hoặc dùng "
    "biểu mẫu mới.",
    "{file}: sheet '{sheet}' has no column '{column}'. Restore the column header or use the "
    "new template.",
)
M_MISSING_ROW = Message(
    "workbook.missing-row",
    "{file}: trang '{sheet}' thiếu dòng {what}. Không xóa dòng của biểu mẫu; " + _TEMPLATE_AGAIN,
    "{file}: sheet '{sheet}' lacks the row {what}. Rows must not be deleted; " + _TEMPLATE_AGAIN_EN,
)
M_EXTRA_ROW = Message(
    "workbook.extra-row",
    "{file}: trang '{sheet}', ô {cell}: dòng '{key}' {why}. Hãy xóa dòng thừa hoặc dùng biểu "
    "mẫu mới.",
    "{file}: sheet '{sheet}', cell {cell}: row '{key}' {why}. Delete the extra row or use the "
    "new template.",
)
WHY_UNKNOWN = Message(
    "workbook.extra-row.unknown", "không có trong bộ tiêu chí", "is not in the set"
)
WHY_DUPLICATE = Message(
    "workbook.extra-row.duplicate", "bị lặp (đã có ở dòng {first})", "is repeated (see row {first})"
)
M_MAX_CHANGED = Message(
    "workbook.max-changed",
    "{file}: trang '{sheet}', ô {cell}: điểm tối đa của {what} là '{found}', bộ tiêu chí quy "
    "định {expected}. Không sửa điểm tối đa; " + _TEMPLATE_AGAIN,
    "{file}: sheet '{sheet}', cell {cell}: the maximum of {what} is '{found}', the set says "
    "{expected}. Maxima must not be changed; " + _TEMPLATE_AGAIN_EN,
)

ISSUE_MESSAGES = {
    "read.not-a-number": Message(
        "read.not-a-number",
        "{cell}: '{value}' không phải là số. Hãy nhập số, ví dụ 1,5.",
        "{cell}: '{value}' is not a number. Enter a number such as 1.5.",
    ),
    "read.not-whole": Message(
        "read.not-whole",
        "{cell}: số liệu '{value}' phải là số nguyên. Hãy nhập số nguyên.",
        "{cell}: the figure '{value}' must be a whole number.",
    ),
    "read.bad-date": Message(
        "read.bad-date",
        "{cell}: '{value}' không phải là ngày. Hãy nhập ngày/tháng/năm, ví dụ 05/03/2025.",
        "{cell}: '{value}' is not a date. Enter day/month/year, e.g. 05/03/2025.",
    ),
    "read.unknown-choice": Message(
        "read.unknown-choice",
        "{cell}: '{value}' không có trong danh sách: {allowed}. Hãy chọn trong danh sách.",
        "{cell}: '{value}' is not one of the choices: {allowed}. Pick one from the list.",
    ),
    "read.cached-total-differs": Message(
        "read.cached-total-differs",
        "{cell}: tổng điểm bảng tính hiện là {cached}, cộng lại từ các ô được {computed} "
        "(có ô điểm nhập dạng chữ hoặc công thức bị sửa). Hãy kiểm tra các ô điểm.",
        "{cell}: the sheet shows a total of {cached}, the cells add up to {computed} (a score "
        "typed as text, or an altered formula). Check the score cells.",
    ),
    "read.sheet-renamed": Message(
        "read.sheet-renamed",
        "trang tính '{name}' được đọc là trang '{expected}' (đúng cấu trúc biểu mẫu nhưng đã bị "
        "đổi tên). Lần sau hãy giữ tên trang '{expected}'.",
        "sheet '{name}' was read as the '{expected}' sheet (the template's structure, renamed). "
        "Keep the name '{expected}' next time.",
    ),
    "read.joined-line": Message(
        "read.joined-line",
        "{cell}: dòng chèn thêm ghi '{value}' được nối vào tiêu chí {criterion} ở dòng trên. "
        "Hãy ghi nhiều tài liệu trong cùng một ô (Alt+Enter để xuống dòng), không chèn dòng.",
        "{cell}: the inserted row's '{value}' was joined to criterion {criterion} above. Put "
        "several lines in one cell (Alt+Enter), do not insert rows.",
    ),
    "read.text-outside-grid": Message(
        "read.text-outside-grid",
        "{cell}: '{value}' nằm ở dòng không có trong biểu mẫu, không được đọc. Hãy chuyển nội "
        "dung vào đúng ô của tiêu chí và xóa dòng chèn thêm.",
        "{cell}: '{value}' is in a row the template does not have and is not read. Move it to "
        "the criterion's own cell and delete the inserted row.",
    ),
}
"""How each ReadIssue code reads, for the CLI; the check step has its own findings."""

KEY_AREA = Message("workbook.key.area", "lĩnh vực {code}", "area {code}")
KEY_CRITERION = Message("workbook.key.criterion", "tiêu chí {code}", "criterion {code}")
KEY_FIGURE = Message(
    "workbook.key.figure", "số liệu '{name}' của tiêu chí {code}", "figure '{name}' of {code}"
)
KEY_HEADER = Message("workbook.key.header", "thông tin đầu trang '{name}'", "header entry '{name}'")
KEY_BONUS = Message("workbook.key.bonus", "điểm thưởng", "bonus points")
KEY_PENALTY = Message("workbook.key.penalty", "điểm trừ", "penalty points")
KEY_TOTAL = Message("workbook.key.total", "tổng điểm", "the grand total")


def describe_key(key: str) -> str:
    """A row key in the user's words, e.g. "tiêu chí 3.2.1"."""
    kind, _, rest = key.partition(":")
    code, _, name = rest.partition(":")
    message = {
        "area": KEY_AREA,
        "crit": KEY_CRITERION,
        "fig": KEY_FIGURE,
        "hdr": KEY_HEADER,
        "bonus": KEY_BONUS,
        "penalty": KEY_PENALTY,
        "total": KEY_TOTAL,
    }.get(kind)
    if message is None:
        return key
    return message.format(code=code, name=name if kind == "fig" else code)
