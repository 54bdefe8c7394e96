"""What the guard says: every refusal's message under a stable ``workbook.*`` code (with the
details and file kinds that fill them), the ``UnsafeWorkbook`` error that carries one (an
``IgnoredFile`` for a lock, hidden or system file), and ``display_name`` (par_index.text),
re-exported: it makes file and part names safe to show on one line."""

from __future__ import annotations

from par_index.errors import WorkbookError
from par_index.i18n import Message
from par_index.text import display_name as display_name  # re-exported for the guard's callers

_SEND_AGAIN = "Hãy đề nghị đơn vị lưu lại tệp mẫu bằng Excel hoặc LibreOffice (.xlsx) và gửi lại."
_SEND_AGAIN_EN = (
    "Ask the unit to save the template again from Excel or LibreOffice (.xlsx) and resend it."
)

NOT_A_FILE = Message(
    "workbook.not-a-file",
    "{file}: không phải một tệp thông thường mà là {kind}. Hãy sao chép chính tệp .xlsx vào thư "
    "mục rồi đọc lại.",
    "{file}: not a regular file but {kind}. Copy the .xlsx file itself into the folder and read "
    "it again.",
)
TOO_LARGE = Message(
    "workbook.too-large",
    "{file}: tệp nặng {size} MB, vượt giới hạn {limit} MB của một phiếu tự chấm điểm. Hãy xóa "
    "ảnh, trang tính thừa rồi lưu lại, hoặc gửi tài liệu kiểm chứng riêng.",
    "{file}: the file is {size} MB, over the {limit} MB limit for a self-assessment. Remove "
    "pictures and extra sheets and save it again, or send the evidence separately.",
)
EMPTY = Message(
    "workbook.empty",
    "{file}: tệp rỗng (0 byte), có thể chưa được lưu hoặc sao chép chưa hết. " + _SEND_AGAIN,
    "{file}: the file is empty (0 bytes); it was probably not saved or not copied completely. "
    + _SEND_AGAIN_EN,
)
NOT_ZIP = Message(
    "workbook.not-zip",
    "{file}: không phải sổ làm việc Excel (.xlsx) mà là {kind} được đổi đuôi thành {ext}. Hãy "
    "nhập số liệu vào đúng tệp mẫu đã gửi và lưu dạng .xlsx (Excel Workbook).",
    "{file}: not an Excel workbook (.xlsx) but {kind} renamed to {ext}. Fill in the template "
    "that was sent and save it as .xlsx (Excel Workbook).",
)
ENCRYPTED = Message(
    "workbook.encrypted",
    "{file}: tệp được đặt mật khẩu nên không đọc được. Hãy mở tệp, gỡ mật khẩu (Tệp > Thông tin > "
    "Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi gửi lại.",
    "{file}: the file is password-protected and cannot be read. Open it, remove the password "
    "(File > Info > Protect Workbook > Encrypt with Password, clear it), save and resend it.",
)
UNKNOWN_COMPRESSION = Message(
    "workbook.unknown-compression",
    "{file}: phần {part} được nén bằng kiểu nén {method} mà Excel không dùng (tệp có thể đã bị "
    "một phần mềm nén lại). " + _SEND_AGAIN,
    "{file}: part {part} uses compression method {method}, which Excel never writes (a zip "
    "tool may have repacked the file). " + _SEND_AGAIN_EN,
)
ZIP_BOMB = Message(
    "workbook.zip-bomb",
    "{file}: tệp khai báo dữ liệu bất thường ({detail}); đây có thể là tệp hỏng hoặc độc hại "
    "(bom nén) nên không được mở. " + _SEND_AGAIN,
    "{file}: the file declares abnormal contents ({detail}); it may be damaged or malicious "
    "(a zip bomb) and is not opened. " + _SEND_AGAIN_EN,
)
DTD = Message(
    "workbook.dtd",
    "{file}: phần {part} chứa khai báo DTD/ENTITY hoặc phần đầu XML bất thường mà Excel không bao "
    "giờ tạo ra (có thể là tệp độc hại: XXE, 'billion laughs'), nên không được mở. " + _SEND_AGAIN,
    "{file}: part {part} holds a DTD/ENTITY declaration or an unusual XML header that Excel "
    "never writes (possibly malicious: XXE, 'billion laughs'), so it is not opened. "
    + _SEND_AGAIN_EN,
)
MACROS = Message(
    "workbook.macros",
    "{file}: tệp có chứa macro (VBA/XLM), có thể là tệp .xlsm đổi đuôi; vì an toàn tệp không được "
    "mở. Hãy lưu lại dạng 'Excel Workbook (.xlsx)' (không macro) rồi gửi lại.",
    "{file}: the file contains macros (VBA/XLM), perhaps an .xlsm renamed; for safety it is not "
    "opened. Save it as 'Excel Workbook (.xlsx)' (no macros) and resend it.",
)
XLSB = Message(
    "workbook.xlsb",
    "{file}: đây là sổ làm việc nhị phân Excel (.xlsb) đổi đuôi thành .xlsx. Hãy mở tệp và lưu "
    "lại dạng 'Excel Workbook (.xlsx)' rồi gửi lại.",
    "{file}: this is an Excel binary workbook (.xlsb) renamed to .xlsx. Open it, save it as "
    "'Excel Workbook (.xlsx)' and resend it.",
)
TRUNCATED = Message(
    "workbook.truncated",
    "{file}: tệp bị hỏng hoặc không trọn vẹn ({detail}), thường do tải về hay sao chép bị ngắt. "
    "Hãy đề nghị đơn vị gửi lại tệp.",
    "{file}: the file is damaged or incomplete ({detail}), usually an interrupted download or "
    "copy. Ask the unit to send the file again.",
)
DUPLICATE_PART = Message(
    "workbook.duplicate-part",
    "{file}: phần {part} xuất hiện hai lần trong tệp nén nên không biết phải đọc bản nào; tệp "
    "không do Excel tạo ra. " + _SEND_AGAIN,
    "{file}: part {part} appears twice in the zip, so which copy to read is ambiguous; Excel "
    "never writes this. " + _SEND_AGAIN_EN,
)
LOCK_FILE = Message(
    "workbook.lock-file",
    "{file}: tệp khóa tạm thời Excel/LibreOffice tạo ra khi đang mở một sổ làm việc, không phải "
    "phiếu tự chấm điểm: đã bỏ qua, không tính cho đơn vị nào. Hãy xóa tệp này khi đã đóng "
    "Excel; không cần làm gì khác.",
    "{file}: the temporary lock file Excel/LibreOffice creates while a workbook is open, not a "
    "self-assessment: ignored, counted for no unit. Nothing else to do; delete it once Excel "
    "is closed.",
)
HIDDEN_FILE = Message(
    "workbook.hidden-file",
    "{file}: tệp ẩn hoặc tệp hệ thống do máy tính tự tạo (tên bắt đầu bằng dấu chấm, Thumbs.db, "
    "desktop.ini...), không phải phiếu tự chấm điểm: đã bỏ qua, không tính cho đơn vị nào. "
    "Hãy xóa tệp nếu không dùng đến; không cần làm gì khác.",
    "{file}: a hidden or system file the computer made itself (a name starting with a dot, "
    "Thumbs.db, desktop.ini...), not a self-assessment: ignored, counted for no unit. Nothing "
    "else to do; delete it if it is not needed.",
)
OTHER_FORMAT = Message(
    "workbook.other-format",
    "{file}: là {kind}, không phải sổ làm việc Excel (.xlsx) mà công cụ đọc. Hãy {how}",
    "{file}: this is {kind}, not the Excel workbook (.xlsx) the tool reads. {how}",
)
HOW_SAVE_AS = Message(
    "workbook.how.save-as",
    "mở tệp bằng Excel hoặc LibreOffice, chọn Tệp > Lưu thành (File > Save As), kiểu "
    "'Excel Workbook (*.xlsx)', rồi gửi lại tệp .xlsx.",
    "Open it in Excel or LibreOffice, choose File > Save As, type 'Excel Workbook (*.xlsx)', "
    "and send the .xlsx file again.",
)
HOW_TEMPLATE = Message(
    "workbook.how.template",
    "nhập số liệu vào đúng tệp mẫu .xlsx đã gửi, lưu dạng 'Excel Workbook (*.xlsx)' rồi gửi lại.",
    "Fill in the .xlsx template that was sent, save it as 'Excel Workbook (*.xlsx)' and send it "
    "again.",
)
HOW_UNPACK = Message(
    "workbook.how.unpack",
    "giải nén; nếu bên trong có phiếu tự chấm điểm .xlsx, đặt chính tệp .xlsx đó vào thư mục.",
    "Unpack it; if it holds the .xlsx self-assessment, put that .xlsx file itself in the folder.",
)
BAD_NAME = Message(
    "workbook.bad-name",
    "{file}: tên tệp chứa ký tự điều khiển không in được. Hãy đổi tên tệp (chỉ dùng chữ, số, "
    "dấu gạch) rồi đọc lại.",
    "{file}: the file name contains non-printing control characters. Rename the file (letters, "
    "digits and dashes only) and read it again.",
)
NOT_XLSX = Message(
    "workbook.not-xlsx",
    "{file}: là {kind} chứ không phải sổ làm việc Excel (thiếu [Content_Types].xml hoặc "
    "xl/workbook.xml). Hãy nhập số liệu vào đúng tệp mẫu đã gửi và lưu dạng .xlsx.",
    "{file}: this is {kind}, not an Excel workbook ([Content_Types].xml or xl/workbook.xml is "
    "missing). Fill in the template that was sent and save it as .xlsx.",
)
UNSAFE_PATH = Message(
    "workbook.unsafe-path",
    "{file}: tệp nén chứa phần {part} có đường dẫn trỏ ra ngoài thư mục (đường dẫn tuyệt đối "
    "hoặc có “..”); tệp có thể độc hại nên không được mở. Hãy nén lại các tệp từ một thư mục "
    "thông thường rồi gửi lại.",
    "{file}: the archive holds part {part} whose path points outside its folder (an absolute "
    "path or one with “..”); it may be malicious and is not opened. Zip the files again from "
    "an ordinary folder and send it again.",
)
NOT_FOUND = Message(
    "workbook.not-found",
    "{file}: không tìm thấy tệp. Hãy kiểm tra lại đường dẫn và tên tệp.",
    "{file}: the file does not exist. Check the path and the file name.",
)
CANNOT_OPEN = Message(
    "workbook.cannot-open",
    "{file}: không mở được tệp để đọc ({detail}). Hãy kiểm tra quyền đọc tệp, đóng chương trình "
    "đang dùng tệp rồi đọc lại.",
    "{file}: the file cannot be opened for reading ({detail}). Check the read permission, close "
    "any program using it, and read it again.",
)
NOT_DEFUSED = Message(
    "workbook.defusedxml-missing",
    "openpyxl không dùng defusedxml nên không thể đọc tệp Excel một cách an toàn. Hãy cài "
    "defusedxml (pip install defusedxml) và bỏ biến môi trường OPENPYXL_DEFUSEDXML=False.",
    "openpyxl is not using defusedxml, so Excel files cannot be read safely. Install defusedxml "
    "(pip install defusedxml) and unset OPENPYXL_DEFUSEDXML=False.",
)


def _detail(code: str, vi: str, en: str) -> Message:
    return Message(f"workbook.detail.{code}", vi, en)


D_NO_DIRECTORY = _detail(
    "no-directory",
    "không đọc được mục lục của tệp nén, tệp bị cắt cụt",
    "the zip directory cannot be read, the file is cut short",
)
D_OUTSIDE = _detail(
    "outside", "phần {part} nằm ngoài cuối tệp", "part {part} lies beyond the end of the file"
)
D_BAD_DATA = _detail(
    "bad-data", "dữ liệu nén của phần {part} bị hỏng", "the compressed data of {part} is broken"
)
D_SIZES = _detail(
    "sizes", "kích thước phần {part} không khớp", "the sizes of part {part} do not match"
)
D_PARTS = _detail("parts", "{count} phần, giới hạn {limit}", "{count} parts, the limit is {limit}")
D_TOTAL = _detail(
    "total",
    "giải nén ra {size} MiB, giới hạn {limit} MiB",
    "{size} MiB uncompressed, the limit is {limit} MiB",
)
D_PART_SIZE = _detail(
    "part-size",
    "phần {part} giải nén ra {size} MiB, giới hạn {limit} MiB",
    "part {part} is {size} MiB uncompressed, the limit is {limit} MiB",
)
D_RATIO = _detail(
    "ratio",
    "phần {part} nén với tỷ lệ {ratio}:1, giới hạn {limit}:1",
    "part {part} is compressed {ratio}:1, the limit is {limit}:1",
)
D_LYING = _detail(
    "lying",
    "phần {part} giải nén ra nhiều hơn kích thước khai báo",
    "part {part} inflates to more than its declared size",
)
D_CHANGED = _detail(
    "changed", "tệp bị thay đổi trong lúc kiểm tra", "the file changed while it was checked"
)
D_OVERLAP = _detail(
    "overlap",
    "nhiều phần dùng chung một vùng dữ liệu",
    "several parts share the same bytes",
)


def _kind(code: str, vi: str, en: str) -> Message:
    return Message(f"workbook.kind.{code}", vi, en)


KIND_XLS = _kind("xls", "tệp Excel 97-2003 (.xls)", "an Excel 97-2003 file (.xls)")
KIND_OLE = _kind("ole", "tệp Office 97-2003 (Word/PowerPoint)", "an Office 97-2003 file")
KIND_ODS = _kind("ods", "bảng tính OpenDocument (.ods)", "an OpenDocument spreadsheet (.ods)")
KIND_CSV = _kind("csv", "tệp văn bản/CSV", "a text/CSV file")
KIND_HTML = _kind("html", "trang HTML (bảng xuất từ web)", "an HTML page (a table from a web site)")
KIND_XML = _kind("xml", "tệp XML (XML Spreadsheet 2003)", "an XML file (XML Spreadsheet 2003)")
KIND_PDF = _kind("pdf", "tệp PDF", "a PDF file")
KIND_IMAGE = _kind("image", "tệp ảnh", "a picture")
KIND_ARCHIVE = _kind("archive", "tệp nén (RAR/7z/gzip)", "an archive (RAR/7z/gzip)")
KIND_BINARY = _kind("binary", "tệp nhị phân không rõ loại", "a binary file of unknown type")
KIND_DOCX = _kind("docx", "văn bản Word (.docx)", "a Word document (.docx)")
KIND_PPTX = _kind("pptx", "bài trình chiếu PowerPoint (.pptx)", "a PowerPoint file (.pptx)")
KIND_ZIP = _kind("zip", "một tệp nén .zip", "a .zip archive")
KIND_EMPTY_ZIP = _kind("empty-zip", "một tệp nén .zip rỗng", "an empty .zip archive")
KIND_DIR = _kind("dir", "một thư mục", "a folder")
KIND_LINK = _kind("link", "một liên kết (symlink)", "a link (symlink)")
KIND_FIFO = _kind("fifo", "một ống dẫn (FIFO)", "a pipe (FIFO)")
KIND_DEVICE = _kind("device", "một thiết bị hoặc socket", "a device or socket")
KIND_XLSM = _kind("xlsm", "sổ làm việc Excel có macro (.xlsm)", "a macro-enabled workbook (.xlsm)")
KIND_XLSB = _kind("xlsb", "sổ làm việc nhị phân Excel (.xlsb)", "an Excel binary workbook (.xlsb)")

IGNORED_CODES = frozenset({LOCK_FILE.code, HIDDEN_FILE.code})
"""Codes of files that are no one's submission: listed once as ignored, counted for no unit."""


class UnsafeWorkbook(WorkbookError):
    """A workbook refused before parsing; ``code`` names the reason, ``render()`` the line."""


class IgnoredFile(UnsafeWorkbook):
    """A lock, hidden or system file: not a submission at all (see ``IGNORED_CODES``)."""
