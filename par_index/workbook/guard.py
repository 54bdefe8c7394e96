"""Safety checks on a returned workbook before any XML parser sees it.

``inspect`` looks at the name, the file type, the raw bytes and the zip directory, and reads
only the prolog of each part, so that hostile or broken files (encrypted, renamed, truncated,
zip bombs, DTD/entity tricks, macros, lock files) each end in one clear ``UnsafeWorkbook``.
Files are opened read-only and never modified. The messages live in ``guard_messages`` and the
zip container checks in ``guard_zip``; this module keeps the public API and re-exports the
messages, ``UnsafeWorkbook`` and ``display_name`` (callers use ``guard.CANNOT_OPEN``...).
"""

from __future__ import annotations

import errno
import os
import stat
import struct
import zipfile
from pathlib import Path
from typing import IO

from par_index.errors import InputFileError, ParIndexError
from par_index.i18n import Message
from par_index.text import has_control_chars
from par_index.workbook.guard_messages import (
    BAD_NAME,
    CANNOT_OPEN,
    D_BAD_DATA,
    D_CHANGED,
    D_LYING,
    D_NO_DIRECTORY,
    D_OUTSIDE,
    D_OVERLAP,
    D_PART_SIZE,
    D_PARTS,
    D_RATIO,
    D_SIZES,
    D_TOTAL,
    DTD,
    DUPLICATE_PART,
    EMPTY,
    ENCRYPTED,
    HIDDEN_FILE,
    HOW_SAVE_AS,
    HOW_TEMPLATE,
    HOW_UNPACK,
    IGNORED_CODES,
    KIND_ARCHIVE,
    KIND_BINARY,
    KIND_CSV,
    KIND_DEVICE,
    KIND_DIR,
    KIND_DOCX,
    KIND_EMPTY_ZIP,
    KIND_FIFO,
    KIND_HTML,
    KIND_IMAGE,
    KIND_LINK,
    KIND_ODS,
    KIND_OLE,
    KIND_PDF,
    KIND_PPTX,
    KIND_XLS,
    KIND_XLSB,
    KIND_XLSM,
    KIND_XML,
    KIND_ZIP,
    LOCK_FILE,
    MACROS,
    NOT_A_FILE,
    NOT_DEFUSED,
    NOT_FOUND,
    NOT_XLSX,
    NOT_ZIP,
    OTHER_FORMAT,
    TOO_LARGE,
    TRUNCATED,
    UNKNOWN_COMPRESSION,
    UNSAFE_PATH,
    XLSB,
    ZIP_BOMB,
    IgnoredFile,
    UnsafeWorkbook,
    display_name,
)
from par_index.workbook.guard_zip import MIB, ZIP_MAGIC, Limits, check_zip, inflate

# The public API; the messages are re-exported because callers name them guard.CANNOT_OPEN etc.
__all__ = [
    "BAD_NAME", "CANNOT_OPEN", "DTD", "DUPLICATE_PART", "D_BAD_DATA", "D_CHANGED", "D_LYING",
    "D_NO_DIRECTORY", "D_OUTSIDE", "D_OVERLAP", "D_PARTS", "D_PART_SIZE", "D_RATIO", "D_SIZES",
    "D_TOTAL", "EMPTY", "ENCRYPTED", "HIDDEN_FILE", "IGNORED_CODES", "KIND_ARCHIVE", "KIND_BINARY",
    "KIND_CSV", "KIND_DEVICE", "KIND_DIR", "KIND_DOCX", "KIND_EMPTY_ZIP", "KIND_FIFO", "KIND_HTML",
    "KIND_IMAGE", "KIND_LINK", "KIND_ODS", "KIND_OLE", "KIND_PDF", "KIND_PPTX", "KIND_XLS",
    "KIND_XLSB", "KIND_XLSM", "KIND_XML", "KIND_ZIP", "LOCK_FILE", "MACROS", "MIB", "NOT_A_FILE",
    "NOT_DEFUSED", "NOT_FOUND", "NOT_XLSX", "NOT_ZIP", "OTHER_FORMAT", "TOO_LARGE", "TRUNCATED",
    "UNKNOWN_COMPRESSION", "UNSAFE_PATH", "XLSB", "ZIP_BOMB", "IgnoredFile", "Limits",
    "UnsafeWorkbook", "XmlNotDefused", "assert_defused", "check_ole", "check_prologs",
    "display_name", "ignored_reason", "inspect", "is_ole", "read_checked", "sniff",
]  # fmt: skip


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


def inspect(path: Path, limits: Limits = Limits()) -> None:
    """Raise ``UnsafeWorkbook`` unless ``path`` is safe to hand to an xlsx parser
    (``IgnoredFile`` for a lock, hidden or system file, which is no one's submission)."""
    path = Path(path)
    file = display_name(path)
    _check_name(path.name, file)
    before = _lstat(path, file)
    _check_size(before.st_size, limits, file)
    try:
        with _open_readonly(path, before, file) as handle:
            head = handle.read(512)
            _check_magic(head, handle, file)
            data, infos = check_zip(handle, before.st_size, limits, file)
            check_prologs(data, infos, limits, file)
    except UnsafeWorkbook as exc:
        raise _as_named(exc, path.suffix) from None


def read_checked(path: Path, limits: Limits = Limits()) -> bytes:
    """The bytes of a file the workbook guards let through, for files that are not workbooks
    (evidence files): its name (lock, hidden, control characters), a regular file and no link,
    within the size limit, opened read-only without following links. Raises ``IgnoredFile``,
    ``UnsafeWorkbook`` or ``InputFileError`` as ``inspect`` does; the file is never modified."""
    path = Path(path)
    file = display_name(path)
    _check_name(path.name, file)
    before = _lstat(path, file)
    _check_size(before.st_size, limits, file)
    with _open_readonly(path, before, file) as handle:
        return handle.read(before.st_size + 1)


def check_prologs(data: bytes, infos: list[zipfile.ZipInfo], limits: Limits, file: str) -> None:
    """Refuse a zip package (a workbook, a Word document) whose XML parts declare a DTD."""
    for info in infos:
        _check_prolog(data, info, limits, file)


_SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", "__macosx"})


def ignored_reason(name: str) -> Message | None:
    """Why a folder entry is no one's submission (a lock, hidden or system file), or None.

    ``submissions/`` and ``read DIR`` list such files once as ignored; they never count."""
    if name.startswith(("~$", ".~lock.")):
        return LOCK_FILE
    if name.startswith(".") or name.casefold() in _SYSTEM_FILES:
        return HIDDEN_FILE
    return None


def _check_name(name: str, file: str) -> None:
    reason = ignored_reason(name)
    if reason is not None:
        raise IgnoredFile(reason, file=file)
    if has_control_chars(name):
        raise UnsafeWorkbook(BAD_NAME, file=file)


# What each kind of file is called when it is what its name says: told what it is and how to
# make the .xlsx, never that it was "renamed".
_SUFFIXES: dict[str, tuple[tuple[str, ...], Message]] = {
    KIND_XLS.code: ((".xls", ".xlt"), HOW_SAVE_AS),
    KIND_ODS.code: ((".ods", ".ots", ".fods"), HOW_SAVE_AS),
    KIND_XLSM.code: ((".xlsm", ".xltm", ".xlam"), HOW_SAVE_AS),
    KIND_XLSB.code: ((".xlsb",), HOW_SAVE_AS),
    KIND_CSV.code: ((".csv", ".txt", ".tsv", ".prn"), HOW_TEMPLATE),
    KIND_HTML.code: ((".htm", ".html", ".mht", ".mhtml"), HOW_TEMPLATE),
    KIND_XML.code: ((".xml",), HOW_TEMPLATE),
    KIND_PDF.code: ((".pdf",), HOW_TEMPLATE),
    KIND_IMAGE.code: ((".png", ".jpg", ".jpeg", ".gif"), HOW_TEMPLATE),
    KIND_DOCX.code: ((".docx", ".docm"), HOW_TEMPLATE),
    KIND_PPTX.code: ((".pptx",), HOW_TEMPLATE),
    KIND_OLE.code: ((".doc", ".ppt"), HOW_TEMPLATE),
    KIND_ZIP.code: ((".zip",), HOW_UNPACK),
    KIND_EMPTY_ZIP.code: ((".zip",), HOW_TEMPLATE),
    KIND_ARCHIVE.code: ((".rar", ".7z", ".gz", ".tgz"), HOW_UNPACK),
}


def _as_named(exc: UnsafeWorkbook, suffix: str) -> UnsafeWorkbook:
    """The refusal of a file of another format, worded by its name: a genuine .xls, .ods,
    .xlsm or .csv (or a name without extension) is told what it is and how to make the .xlsx;
    a renamed one, that it was renamed, to the extension it has."""
    if exc.code not in _OTHER_FORMATS:
        return exc
    kind = {MACROS.code: KIND_XLSM, XLSB.code: KIND_XLSB}.get(exc.code, exc.fields.get("kind"))
    suffixes, how = _SUFFIXES.get(getattr(kind, "code", ""), ((), HOW_TEMPLATE))
    if not suffix or suffix.lower() in suffixes:
        return UnsafeWorkbook(OTHER_FORMAT, file=exc.fields["file"], kind=kind, how=how)
    if exc.code == NOT_ZIP.code:
        exc.fields["ext"] = display_name(suffix)
    return exc


_OTHER_FORMATS = frozenset({NOT_ZIP.code, NOT_XLSX.code, MACROS.code, XLSB.code})


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
    if head.startswith((ZIP_MAGIC, _EMPTY_ZIP)):
        return
    if is_ole(head):
        _check_ole(handle, file)
    raise UnsafeWorkbook(NOT_ZIP, file=file, kind=sniff(head))


def is_ole(head: bytes) -> bool:
    """An OLE2 container: an Office 97-2003 file, or a password-protected Office file."""
    return head.startswith(_OLE_MAGIC)


def sniff(head: bytes) -> Message:
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
    check_ole(handle.read(), file)


def check_ole(data: bytes, file: str) -> None:
    """Raise ``ENCRYPTED`` for a password-protected Office file, else ``NOT_ZIP`` naming the
    old Office format it is."""
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


# ----------------------------------------------------------------------------- XML prolog


def _check_prolog(data: bytes, info: zipfile.ZipInfo, limits: Limits, file: str) -> None:
    """Refuse a part whose XML prolog declares a DTD or entities (inflated up to the root only).

    Every part is scanned whatever its name, since a relationship may point a parser at any.
    """
    buf = b""
    for piece in inflate(data, info, limits.max_prolog_bytes, file):
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
    raise UnsafeWorkbook(DTD, file=file, part=display_name(info.filename))


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
