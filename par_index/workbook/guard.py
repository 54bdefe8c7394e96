"""Safety checks on a returned workbook before any XML parser sees it.

``inspect`` looks at the name, the file type, the raw bytes and the zip directory, and reads
only the prolog of each part, so that hostile or broken files (encrypted, renamed, truncated,
zip bombs, DTD/entity tricks, macros, lock files) each end in one clear ``UnsafeWorkbook``.
Files are opened read-only and never modified.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from par_index.errors import InputFileError, ParIndexError, WorkbookError
from par_index.i18n import CATALOGUE, Message

MIB = 1024 * 1024
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
    "{file}: không phải sổ làm việc Excel (.xlsx) mà là {kind} được đổi đuôi thành .xlsx. Hãy "
    "nhập số liệu vào đúng tệp mẫu đã gửi và lưu dạng .xlsx (Excel Workbook).",
    "{file}: not an Excel workbook (.xlsx) but {kind} renamed to .xlsx. Fill in the template "
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
    "{file}: đây là tệp khóa tạm thời Excel/LibreOffice tạo ra khi đang mở một sổ làm việc, không "
    "phải phiếu tự chấm điểm. Hãy đóng Excel và xóa tệp này khỏi thư mục; chỉ đọc tệp không có "
    "'~$' ở đầu tên.",
    "{file}: this is the temporary lock file Excel/LibreOffice creates while a workbook is open, "
    "not a self-assessment. Close Excel and delete it from the folder; read only the file "
    "without '~$' in front.",
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
KIND_DIR = _kind("dir", "một thư mục", "a folder")
KIND_LINK = _kind("link", "một liên kết (symlink)", "a link (symlink)")
KIND_FIFO = _kind("fifo", "một ống dẫn (FIFO)", "a pipe (FIFO)")
KIND_DEVICE = _kind("device", "một thiết bị hoặc socket", "a device or socket")


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one workbook: file size, uncompressed sizes, ratio, part count, XML prolog."""

    max_file_bytes: int = 20 * MIB
    max_part_bytes: int = 50 * MIB
    max_total_bytes: int = 200 * MIB
    max_ratio: int = 200
    max_parts: int = 2000
    ratio_floor_bytes: int = 1 * MIB  # the ratio is judged only for parts larger than this
    max_prolog_bytes: int = 64 * 1024  # bytes inflated per part to find its root element


class UnsafeWorkbook(WorkbookError):
    """A workbook refused before parsing; ``code`` names the reason, ``render()`` the line."""

    def render(self, lang: str | None = None) -> str:
        fields = {key: _resolve(value, lang) for key, value in self.fields.items()}
        return self.message.format(lang, **fields)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.message.code, self.fields))


def _resolve(value: Any, lang: str | None) -> Any:
    """Fields may be a Message, or (Message, fields): render them in the same language."""
    if isinstance(value, Message):
        return value.format(lang)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Message):
        return value[0].format(lang, **value[1])
    return value


def _rebuild(code: str, fields: dict[str, Any]) -> UnsafeWorkbook:
    return UnsafeWorkbook(CATALOGUE[code], **fields)


class XmlNotDefused(ParIndexError, RuntimeError):
    """openpyxl would parse XML without defusedxml: reading untrusted workbooks is refused."""


def assert_defused() -> None:
    """Raise ``XmlNotDefused`` (a RuntimeError) unless openpyxl parses XML through defusedxml."""
    import openpyxl.xml
    import openpyxl.xml.functions as functions

    parsers = [functions.iterparse] + ([] if openpyxl.xml.LXML else [functions.fromstring])
    defused = all(getattr(p, "__module__", "").startswith("defusedxml") for p in parsers)
    if not (openpyxl.xml.DEFUSEDXML and defused):
        raise XmlNotDefused(NOT_DEFUSED)


_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def display_name(path: Path | str) -> str:
    """The path as given, with control and bidi characters shown as escapes (one safe line)."""
    return _UNSAFE_CHARS.sub(_escape, os.fspath(path))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_dn = display_name


def inspect(path: Path, limits: Limits = Limits()) -> None:
    """Raise ``UnsafeWorkbook`` unless ``path`` is safe to hand to an xlsx parser."""
    path = Path(path)
    file = display_name(path)
    _check_name(path.name, file)
    before = _lstat(path, file)
    _check_size(before.st_size, limits, file)
    with _open_readonly(path, before, file) as handle:
        head = handle.read(512)
        _check_magic(head, handle, file)
        _check_zip(handle, before.st_size, limits, file)


def _check_name(name: str, file: str) -> None:
    if name.startswith("~$") or name.startswith(".~lock."):
        raise UnsafeWorkbook(LOCK_FILE, file=file)
    if display_name(name) != name:
        raise UnsafeWorkbook(BAD_NAME, file=file)


def _lstat(path: Path, file: str) -> os.stat_result:
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise InputFileError(NOT_FOUND, file=file) from None
    except OSError as exc:
        raise InputFileError(CANNOT_OPEN, file=file, detail=exc.strerror or "") from None
    mode = info.st_mode
    if not stat.S_ISREG(mode):
        raise UnsafeWorkbook(NOT_A_FILE, file=file, kind=_mode_kind(mode))
    return info


def _mode_kind(mode: int) -> Message:
    if stat.S_ISLNK(mode):
        return KIND_LINK
    if stat.S_ISDIR(mode):
        return KIND_DIR
    return KIND_FIFO if stat.S_ISFIFO(mode) else KIND_DEVICE


def _open_readonly(path: Path, before: os.stat_result, file: str) -> IO[bytes]:
    """Open without following links or blocking on a FIFO, and check it is what lstat saw."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link put in place after lstat
            raise UnsafeWorkbook(NOT_A_FILE, file=file, kind=KIND_LINK) from None
        raise InputFileError(CANNOT_OPEN, file=file, detail=exc.strerror or "") from None
    now = os.fstat(fd)
    if (now.st_mode, now.st_ino, now.st_dev) != (before.st_mode, before.st_ino, before.st_dev):
        os.close(fd)
        raise UnsafeWorkbook(CANNOT_OPEN, file=file, detail=(D_CHANGED, {}))
    return os.fdopen(fd, "rb")


def _check_size(size: int, limits: Limits, file: str) -> None:
    if size == 0:
        raise UnsafeWorkbook(EMPTY, file=file)
    if size > limits.max_file_bytes:
        mb = -(-size // MIB)
        raise UnsafeWorkbook(TOO_LARGE, file=file, size=mb, limit=limits.max_file_bytes // MIB)


# ----------------------------------------------------------------------------- magic bytes

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES: tuple[tuple[bytes, Message], ...] = (
    (b"%PDF-", KIND_PDF),
    (b"\x89PNG", KIND_IMAGE),
    (b"\xff\xd8\xff", KIND_IMAGE),
    (b"GIF8", KIND_IMAGE),
    (b"Rar!", KIND_ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", KIND_ARCHIVE),
    (b"\x1f\x8b", KIND_ARCHIVE),
)


def _check_magic(head: bytes, handle: IO[bytes], file: str) -> None:
    if head.startswith((_ZIP_MAGIC, _EMPTY_ZIP)):
        return
    if head.startswith(_OLE_MAGIC):
        _check_ole(handle, file)
    raise UnsafeWorkbook(NOT_ZIP, file=file, kind=_sniff(head))


def _sniff(head: bytes) -> Message:
    """Name what a non-zip file really is from its first bytes."""
    for magic, found in _SIGNATURES:
        if head.startswith(magic):
            return found
    text = _head_text(head)
    if text is None:
        return KIND_BINARY
    lower = text.lstrip().lower()
    if lower.startswith(("<!doctype html", "<html")) or "<table" in lower or "<html" in lower:
        return KIND_HTML
    return KIND_XML if lower.startswith("<?xml") else KIND_CSV


def _head_text(head: bytes) -> str | None:
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2 : len(head) & ~1].decode(codec, "replace")
    if b"\x00" in head:
        return None
    return head.decode("utf-8", "replace").lstrip("\ufeff")


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


# Stream names as they appear in an OLE2 (CFB) directory entry, UTF-16LE at a 128-byte boundary.
_ENCRYPTED_STREAMS = (_utf16("EncryptionInfo"), _utf16("EncryptedPackage"))
_XLS_STREAMS = (_utf16("Workbook"), _utf16("Book"))


def _check_ole(handle: IO[bytes], file: str) -> None:
    """An OLE2 container: a password-protected xlsx, or an old .xls / .doc renamed."""
    handle.seek(0)
    data = handle.read()
    if any(_has_dir_entry(data, name) for name in _ENCRYPTED_STREAMS):
        raise UnsafeWorkbook(ENCRYPTED, file=file)
    kind = KIND_XLS if any(_has_dir_entry(data, n) for n in _XLS_STREAMS) else KIND_OLE
    raise UnsafeWorkbook(NOT_ZIP, file=file, kind=kind)


def _has_dir_entry(data: bytes, name: bytes) -> bool:
    """True if a CFB directory entry (128-byte aligned, with its name length) has this name."""
    at = data.find(name, 512)
    while at >= 0:
        if at % 128 == 0 and data[at + 64 : at + 66] == struct.pack("<H", len(name) + 2):
            return True
        at = data.find(name, at + 1)
    return False


# ----------------------------------------------------------------------------- zip directory

_DEFLATE_MAX_RATIO = 1032  # deflate cannot expand data more than this
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, struct.error, OSError)


def _check_zip(handle: IO[bytes], size: int, limits: Limits, file: str) -> None:
    """The zip directory, then the package content, then each part's XML prolog."""
    handle.seek(0)
    data = handle.read(size + 1)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise UnsafeWorkbook(TRUNCATED, file=file, detail=(D_NO_DIRECTORY, {})) from None
    infos = [i for i in archive.infolist() if not i.is_dir()]
    _check_entries(infos, len(data), limits, file)
    _check_inflated_bounds(data, infos, limits, file)
    names = {i.filename.lower(): i for i in infos}
    _check_package(data, names, limits, file)
    for info in infos:
        _check_prolog(data, info, limits, file)


def _check_entries(infos: list[zipfile.ZipInfo], size: int, limits: Limits, file: str) -> None:
    """Directory facts only: count, encryption, method, declared sizes, extents, overlaps."""
    if len(infos) > limits.max_parts:
        detail = (D_PARTS, {"count": len(infos), "limit": limits.max_parts})
        raise UnsafeWorkbook(ZIP_BOMB, file=file, detail=detail)
    total = 0
    seen: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x41:
            raise UnsafeWorkbook(ENCRYPTED, file=file)
        name = info.filename
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            method = info.compress_type
            raise UnsafeWorkbook(UNKNOWN_COMPRESSION, file=file, part=_dn(name), method=method)
        if name.lower() in seen:
            raise UnsafeWorkbook(DUPLICATE_PART, file=file, part=_dn(name))
        seen.add(name.lower())
        _check_declared(info, limits, file)
        total += info.file_size
        if total > limits.max_total_bytes:
            detail = (D_TOTAL, {"size": total // MIB, "limit": limits.max_total_bytes // MIB})
            raise UnsafeWorkbook(ZIP_BOMB, file=file, detail=detail)
    _check_extents(infos, size, file)


def _check_declared(info: zipfile.ZipInfo, limits: Limits, file: str) -> None:
    real, packed = info.file_size, info.compress_size
    if real > limits.max_part_bytes:
        sizes = {"size": real // MIB, "limit": limits.max_part_bytes // MIB}
        _bomb(file, D_PART_SIZE, info, **sizes)
    if real > limits.ratio_floor_bytes and real > limits.max_ratio * max(packed, 1):
        _bomb(file, D_RATIO, info, ratio=real // max(packed, 1), limit=limits.max_ratio)
    if info.compress_type == zipfile.ZIP_STORED and packed != real:
        detail = (D_SIZES, {"part": _dn(info.filename)})
        raise UnsafeWorkbook(TRUNCATED, file=file, detail=detail)
    if packed > real + (real >> 10) + 64:  # more packed than deflate could need: sizes lie
        _bomb(file, D_LYING, info)


def _bomb(file: str, detail: Message, info: zipfile.ZipInfo, **fields: Any) -> None:
    fields["part"] = _dn(info.filename)
    raise UnsafeWorkbook(ZIP_BOMB, file=file, detail=(detail, fields))


def _check_extents(infos: list[zipfile.ZipInfo], size: int, file: str) -> None:
    """Each part's data lies inside the file and no two parts share bytes (overlap bombs)."""
    spans = sorted(
        ((i.header_offset, i.header_offset + _data_end(i), i) for i in infos),
        key=lambda span: span[:2],
    )
    for (_, end, info), (next_start, _, _) in zip(
        spans, [*spans[1:], (size, size, None)], strict=True
    ):
        if end > size:
            detail = (D_OUTSIDE, {"part": _dn(info.filename)})
            raise UnsafeWorkbook(TRUNCATED, file=file, detail=detail)
        if next_start < end:
            raise UnsafeWorkbook(ZIP_BOMB, file=file, detail=(D_OVERLAP, {}))


def _data_end(info: zipfile.ZipInfo) -> int:
    """Bytes from the local header to the end of the data, counting no extra field."""
    codec = "utf-8" if info.flag_bits & 0x800 else "cp437"
    try:
        name = len(info.orig_filename.encode(codec))
    except UnicodeEncodeError:
        name = len(info.orig_filename.encode("utf-8"))
    return _LOCAL_HEADER.size + name + info.compress_size


def _check_inflated_bounds(
    data: bytes, infos: list[zipfile.ZipInfo], limits: Limits, file: str
) -> None:
    """Where declared sizes could hide more than the limits allow, inflate (bounded) to check.

    A deflated part yields at most 1032 times its packed size, so a typical workbook needs no
    inflation here; only large packed parts are measured, largest first.
    """
    worst = {id(i): _worst_case(i) for i in infos}
    for info in sorted(infos, key=lambda i: i.compress_size, reverse=True):
        over_part = worst[id(info)] > limits.max_part_bytes
        if not over_part and sum(worst.values()) <= limits.max_total_bytes:
            break
        produced = sum(len(chunk) for chunk in _inflate(data, info, info.file_size + 1, file))
        if produced > info.file_size:
            _bomb(file, D_LYING, info)
        worst[id(info)] = info.file_size


def _worst_case(info: zipfile.ZipInfo) -> int:
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return max(info.file_size, info.compress_size * _DEFLATE_MAX_RATIO)
    return info.file_size


def _inflate(data: bytes, info: zipfile.ZipInfo, cap: int, file: str) -> Iterator[bytes]:
    """Successive inflated pieces of one part, at most ``cap`` bytes in all, whatever it claims."""
    start = _data_start(data, info, file)
    end = start + info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        yield data[start : min(end, start + cap)]
        return
    inflater, produced, at, pending = zlib.decompressobj(-15), 0, start, b""
    try:
        while produced < cap and not inflater.eof:
            if not pending:
                if at >= end:
                    return
                pending, at = data[at : min(end, at + 16384)], at + 16384
            piece = inflater.decompress(pending, min(cap - produced, max(1024, produced)))
            pending, produced = inflater.unconsumed_tail, produced + len(piece)
            if piece:
                yield piece
    except zlib.error:
        detail = (D_BAD_DATA, {"part": _dn(info.filename)})
        raise UnsafeWorkbook(TRUNCATED, file=file, detail=detail) from None


def _data_start(data: bytes, info: zipfile.ZipInfo, file: str) -> int:
    at = info.header_offset
    try:
        fields = _LOCAL_HEADER.unpack_from(data, at)
    except struct.error:
        fields = (b"",)
    if fields[0] != _ZIP_MAGIC:
        detail = (D_OUTSIDE, {"part": _dn(info.filename)})
        raise UnsafeWorkbook(TRUNCATED, file=file, detail=detail)
    return at + _LOCAL_HEADER.size + fields[-2] + fields[-1]


# ----------------------------------------------------------------------------- package content

_CONTENT_TYPES = "[content_types].xml"
_MAIN_TYPES = (b"spreadsheetml.sheet.main", b"spreadsheetml.template.main")


def _check_package(
    data: bytes, names: dict[str, zipfile.ZipInfo], limits: Limits, file: str
) -> None:
    """What the zip holds: ODS, xlsb, macros, or no workbook at all."""
    if "mimetype" in names:
        mimetype = b"".join(_inflate(data, names["mimetype"], 256, file))
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            raise UnsafeWorkbook(NOT_ZIP, file=file, kind=KIND_ODS)
    types = b""
    if _CONTENT_TYPES in names:
        cap = limits.max_prolog_bytes * 4
        types = b"".join(_inflate(data, names[_CONTENT_TYPES], cap, file)).lower()
    if "xl/workbook.bin" in names or b"sheet.binary" in types:
        raise UnsafeWorkbook(XLSB, file=file)
    if b"macroenabled" in types or b"vbaproject" in types or any(map(_is_macro, names)):
        raise UnsafeWorkbook(MACROS, file=file)
    if not types or ("xl/workbook.xml" not in names and not any(t in types for t in _MAIN_TYPES)):
        raise UnsafeWorkbook(NOT_XLSX, file=file, kind=_zip_kind(names))


def _is_macro(name: str) -> bool:
    return name.endswith("vbaproject.bin") or name.startswith(
        ("xl/macrosheets/", "xl/dialogsheets/")
    )


def _zip_kind(names: dict[str, zipfile.ZipInfo]) -> Message:
    if "word/document.xml" in names:
        return KIND_DOCX
    return KIND_PPTX if "ppt/presentation.xml" in names else KIND_ZIP


# ----------------------------------------------------------------------------- XML prolog


def _check_prolog(data: bytes, info: zipfile.ZipInfo, limits: Limits, file: str) -> None:
    """Refuse a part whose XML prolog declares a DTD or entities (inflated up to the root only).

    Every part is scanned whatever its name, since a relationship may point a parser at any.
    """
    buf = b""
    for piece in _inflate(data, info, limits.max_prolog_bytes, file):
        buf += piece
        verdict = _scan_prolog(buf)
        if verdict is None:
            continue
        if verdict:
            break
        return
    else:
        if len(buf) < limits.max_prolog_bytes:
            return  # ends before any root element: not XML, a parser will refuse it
    raise UnsafeWorkbook(DTD, file=file, part=_dn(info.filename))


_ODD_ENCODINGS = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00")
_EBCDIC_XML = b"\x4c\x6f\xa7\x94"


def _scan_prolog(buf: bytes) -> bool | None:
    """Walk the XML prolog: True at a markup declaration, False at the root, None if unsure."""
    if buf.startswith(_ODD_ENCODINGS) or buf.startswith(_EBCDIC_XML):
        return True  # encodings Excel never writes, which a byte scan could not read
    text = _prolog_text(buf)
    i, n = (1 if text.startswith("\ufeff") else 0), len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if n - i < 4:
            return None
        if text.startswith("<?", i) or text.startswith("<!--", i):
            close = "?>" if text[i + 1] == "?" else "-->"
            end = text.find(close, i + 2)
            if end < 0:
                return None
            i = end + len(close)
            continue
        return text.startswith("<!", i)


def _prolog_text(buf: bytes) -> str:
    if buf.startswith(b"\xff\xfe") or buf[1:2] == b"\x00":
        return buf[: len(buf) & ~1].decode("utf-16-le", "replace")
    if buf.startswith(b"\xfe\xff") or buf[:1] == b"\x00":
        return buf[: len(buf) & ~1].decode("utf-16-be", "replace")
    return buf[3:].decode("latin-1") if buf.startswith(b"\xef\xbb\xbf") else buf.decode("latin-1")
