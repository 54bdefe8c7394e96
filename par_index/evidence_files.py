"""Reading a unit's evidence files (a folder or a .zip in the submissions folder named for the
unit) into ``attachments.Attachments``: each file's content hash, what it really is, its text
(pypdf for PDF, python-docx for DOCX), page count, the dates its text carries and when it says
it was created.

The workbook guards apply (``workbook.guard``): lock, hidden and system files are skipped;
links, devices and files over the size limit are refused; a .zip is read in memory only, its
directory bounded (bombs, encryption, overlaps) and its paths kept inside it; a Word document's
zip and XML prologs are checked as a workbook's are. Nothing is extracted to disk and no file
is modified. Text is bounded (``MAX_TEXT_PAGES``, ``MAX_TEXT_CHARS``) and remembered by content
hash in the run's memo, so a file sent twice is read once per worker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from par_index.attachments import Attachments, EvidenceFile, search_key
from par_index.errors import ParIndexError
from par_index.i18n import Lang, Message
from par_index.memo import Memo, fresh
from par_index.text import strip_accents
from par_index.workbook import guard
from par_index.workbook.guard import MIB, Limits, UnsafeWorkbook, display_name
from par_index.workbook.guard_zip import check_archive, check_member_paths, inflate

FILE_LIMITS = Limits(max_file_bytes=50 * MIB, max_part_bytes=100 * MIB, max_total_bytes=200 * MIB)
"""One evidence file (and the zip inside a Word document)."""
BUNDLE_LIMITS = Limits(
    max_file_bytes=200 * MIB, max_part_bytes=50 * MIB, max_total_bytes=400 * MIB, max_parts=500
)
"""A unit's evidence .zip: at most 500 files, each within a file's limit."""
MAX_FOLDER_FILES = 500
"""Files read from one evidence folder (the rest are named as too many)."""
MAX_DEPTH = 4
"""Sub-folders followed inside an evidence folder."""
MAX_TEXT_PAGES = 300
"""PDF pages whose text is read (the page count is always known)."""
MAX_TEXT_CHARS = 2_000_000
"""Characters of text kept per file."""
MAX_DATES = 2_000

KINDS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".gif": "image",
    ".tif": "image",
    ".tiff": "image",
}
"""What a file's extension says it is; any other extension is "other" (kept, not verified)."""

R_NOT_WHAT_NAMED = Message(
    "evidence.not-what-named",
    "tệp có đuôi {ext} nhưng thực chất là {kind}",
    "the file is named {ext} but is really {kind}",
)
R_ENCRYPTED = Message(
    "evidence.encrypted",
    "tệp được đặt mật khẩu nên không đọc được",
    "the file is password-protected",
)
R_DAMAGED = Message(
    "evidence.damaged",
    "tệp bị hỏng hoặc không trọn vẹn, không đọc được",
    "the file is damaged or incomplete and cannot be read",
)
R_TOO_MANY = Message(
    "evidence.too-many",
    "thư mục có hơn {limit} tệp; chỉ đọc {limit} tệp đầu",
    "the folder holds more than {limit} files; only the first {limit} are read",
)
R_TOO_LARGE = Message(
    "evidence.too-large",
    "tệp nặng {size} MB, vượt giới hạn {limit} MB của một tệp minh chứng",
    "the file is {size} MB, over the {limit} MB limit for an evidence file",
)
R_REFUSED = Message("evidence.refused", "{detail}", "{detail}")
KIND_WORD = Message("evidence.kind.docx", "văn bản Word (.docx)", "a Word document (.docx)")

_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "image": (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*"),
}
_ZIP_MAGIC = b"PK\x03\x04"


def is_bundle(path: Path) -> bool:
    """An entry of the submissions folder that may hold evidence files: a folder (not a link)
    or a .zip."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    return stat.S_ISDIR(mode) or (stat.S_ISREG(mode) and path.suffix.lower() == ".zip")


def read_attachments(
    folder: Path, bundles: list[str], *, memo: Memo | None = None, lang: Lang | str | None = None
) -> Attachments:
    """Every evidence file of the folders and .zip files ``bundles`` (names in ``folder``)."""
    memo = fresh(memo)
    out = Attachments()
    for bundle in sorted(bundles):
        path, shown = folder / bundle, display_name(bundle)
        try:
            if path.is_dir() and not path.is_symlink():
                entries = list(_folder_files(path, shown, out, lang))
            else:
                entries = list(_zip_files(path, shown))
        except ParIndexError as exc:
            out.problems[shown] = _reason(exc, lang)
            continue
        for name, data in entries:
            out.files.append(_one(shown, name, data, memo, lang, zipped=not path.is_dir()))
    return out


def _folder_files(
    root: Path, shown: str, out: Attachments, lang: Lang | str | None
) -> Iterator[tuple[str, bytes | ParIndexError]]:
    """(path in the folder, bytes or why not) of each file, links and hidden files left out."""
    count = 0
    for path in _walk(root, 0):
        name = display_name(path.relative_to(root).as_posix())
        if guard.ignored_reason(path.name) is not None:
            continue
        count += 1
        if count > MAX_FOLDER_FILES:
            out.problems[shown] = R_TOO_MANY.format(lang, limit=MAX_FOLDER_FILES)
            return
        try:
            yield name, guard.read_checked(path, FILE_LIMITS)
        except ParIndexError as exc:
            yield name, exc


def _walk(folder: Path, depth: int) -> Iterator[Path]:
    """Files under ``folder`` by name; sub-folders (not links) up to ``MAX_DEPTH``; a link or
    device is yielded for the guard to refuse."""
    with os.scandir(folder) as entries:
        found = sorted(entries, key=lambda e: e.name)
    for entry in found:
        if entry.is_dir(follow_symlinks=False):
            if depth < MAX_DEPTH and guard.ignored_reason(entry.name) is None:
                yield from _walk(Path(entry.path), depth + 1)
        else:
            yield Path(entry.path)


def _zip_files(path: Path, shown: str) -> Iterator[tuple[str, bytes | ParIndexError]]:
    """(path in the zip, bytes or why not) of each member, the archive checked first."""
    data = guard.read_checked(path, BUNDLE_LIMITS)
    infos = check_archive(data, BUNDLE_LIMITS, shown)
    check_member_paths(infos, shown)
    for info in sorted(infos, key=lambda i: i.filename):
        name = display_name(info.filename.replace("\\", "/"))
        if guard.ignored_reason(name.rsplit("/", 1)[-1]) is not None or name.startswith("__MACOSX"):
            continue
        if info.file_size > FILE_LIMITS.max_file_bytes:
            size, limit = -(-info.file_size // MIB), FILE_LIMITS.max_file_bytes // MIB
            yield name, UnsafeWorkbook(guard.TOO_LARGE, file=name, size=size, limit=limit)
            continue
        try:
            yield name, b"".join(inflate(data, info, info.file_size, shown))
        except ParIndexError as exc:
            yield name, exc


def _one(
    bundle: str,
    name: str,
    data: bytes | ParIndexError,
    memo: Memo,
    lang: Lang | str | None,
    *,
    zipped: bool,
) -> EvidenceFile:
    kind = KINDS.get(os.path.splitext(name)[1].lower(), "other")
    base = EvidenceFile(bundle=bundle, name=name, zipped=zipped, kind=kind)
    if isinstance(data, ParIndexError):
        return base.model_copy(update={"problem": _reason(data, lang)})
    sha = hashlib.sha256(data).hexdigest()
    facts = memo.get("evidence.facts", (sha, kind, str(lang)), lambda: _facts(data, name, lang))
    return base.model_copy(update={"sha256": sha, **facts})


def _facts(data: bytes, name: str, lang: Lang | str | None) -> dict[str, Any]:
    """What a file's content says (see ``EvidenceFile``); ``problem`` when it cannot be read."""
    ext = os.path.splitext(name)[1].lower()
    kind = KINDS.get(ext, "other")
    try:
        if kind == "pdf":
            return _pdf(data, ext, lang)
        if kind == "docx":
            return _docx(data, name, ext, lang)
        if kind == "image":
            _expect(data, kind, ext, lang)
            return {"text": ""}
        return {}
    except _Refused as refused:
        return {"problem": refused.reason}
    except ParIndexError as exc:
        return {"problem": _reason(exc, lang)}
    except Exception:  # a hostile or broken file costs its own line, never the batch
        return {"problem": R_DAMAGED.format(lang)}


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _expect(data: bytes, kind: str, ext: str, lang: Lang | str | None) -> None:
    """Refuse a file whose first bytes say it is not what its extension says."""
    head = data[:1024]
    signatures = _SIGNATURES[kind]
    found = head.find(b"%PDF-") >= 0 if kind == "pdf" else head.startswith(signatures)
    if not found:
        if guard.is_ole(head) and _ole_encrypted(data):
            raise _Refused(R_ENCRYPTED.format(lang))
        real = KIND_WORD if _is_docx(data) else guard.sniff(head)
        raise _Refused(R_NOT_WHAT_NAMED.format(lang, ext=ext, kind=real.format(lang)))


def _ole_encrypted(data: bytes) -> bool:
    try:
        guard.check_ole(data, "")
    except UnsafeWorkbook as exc:
        return exc.code == guard.ENCRYPTED.code
    return False


def _is_docx(data: bytes) -> bool:
    return data.startswith(_ZIP_MAGIC) and b"word/document.xml" in data


# -- PDF ---------------------------------------------------------------------------------------


def _pdf(data: bytes, ext: str, lang: Lang | str | None) -> dict[str, Any]:
    _expect(data, "pdf", ext, lang)
    from pypdf import PdfReader  # imported by the workers that meet a PDF only

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise _Refused(R_ENCRYPTED.format(lang))
    pages = len(reader.pages)
    texts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_TEXT_PAGES]:
        piece = page.extract_text() or ""
        texts.append(piece)
        size += len(piece)
        if size >= MAX_TEXT_CHARS:
            break
    return {"pages": pages, **_text_facts("\n".join(texts)), "created": _pdf_created(reader)}


def _pdf_created(reader: Any) -> dt.date | None:
    try:
        created = reader.metadata.creation_date if reader.metadata else None
    except Exception:  # an odd date string is no date
        return None
    return created.date() if isinstance(created, dt.datetime) else None


# -- DOCX --------------------------------------------------------------------------------------


def _docx(data: bytes, name: str, ext: str, lang: Lang | str | None) -> dict[str, Any]:
    if not data.startswith(_ZIP_MAGIC):
        if guard.is_ole(data) and _ole_encrypted(data):
            raise _Refused(R_ENCRYPTED.format(lang))
        kind = guard.sniff(data[:1024])
        raise _Refused(R_NOT_WHAT_NAMED.format(lang, ext=ext, kind=kind.format(lang)))
    shown = display_name(name)
    infos = check_archive(data, FILE_LIMITS, shown)
    if not any(i.filename == "word/document.xml" for i in infos):
        raise _Refused(R_NOT_WHAT_NAMED.format(lang, ext=ext, kind=_zip_kind(infos, lang)))
    guard.check_prologs(data, infos, FILE_LIMITS, shown)
    import docx  # python-docx: imported by the workers that meet a Word document only

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    created = document.core_properties.created
    return {
        **_text_facts("\n".join(lines)[:MAX_TEXT_CHARS]),
        "created": created.date() if isinstance(created, dt.datetime) else None,
    }


def _zip_kind(infos: list[zipfile.ZipInfo], lang: Lang | str | None) -> str:
    names = {i.filename for i in infos}
    if "xl/workbook.xml" in names:
        return Message("evidence.kind.xlsx", "sổ làm việc Excel", "an Excel workbook").format(lang)
    return guard.KIND_ZIP.format(lang)


# -- text --------------------------------------------------------------------------------------

_LONG_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_SHORT_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")


def _text_facts(text: str) -> dict[str, Any]:
    """The search key of a text and the dates written in it."""
    loose = strip_accents(text[:MAX_TEXT_CHARS]).casefold()
    return {"text": search_key(loose, folded=True), "dates": sorted(_dates(loose))}


def _dates(loose: str) -> set[dt.date]:
    found: set[dt.date] = set()
    for pattern in (_LONG_DATE, _SHORT_DATE):
        for match in pattern.finditer(loose):
            day, month, year = (int(g) for g in match.groups())
            try:
                found.add(dt.date(year, month, day))
            except ValueError:
                continue
            if len(found) >= MAX_DATES:
                return found
    return found


def _reason(exc: ParIndexError, lang: Lang | str | None) -> str:
    """A guard's refusal as a reason about an evidence file: its own line without the
    workbook's advice (what follows the first sentence)."""
    if exc.code == guard.ENCRYPTED.code:
        return R_ENCRYPTED.format(lang)
    if exc.code == guard.TOO_LARGE.code:
        return R_TOO_LARGE.format(lang, size=exc.fields["size"], limit=exc.fields["limit"])
    line = exc.render(str(lang) if lang else None)
    _, _, rest = line.partition(": ")
    first = (rest or line).split(". ", 1)[0].rstrip(".")
    return R_REFUSED.format(lang, detail=first)
