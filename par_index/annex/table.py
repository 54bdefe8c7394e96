"""Reading the annex sheet: the file is checked, the header row found, the rows below it read
as typed (text NFC-clean with its line breaks, points parsed where possible)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from par_index.errors import InputFileError, WorkbookError
from par_index.i18n import Message
from par_index.numbers import parse_decimal
from par_index.text import clean, fold, strip_accents

M_UNREADABLE = Message(
    "annex.unreadable",
    "{file}: không đọc được bảng phụ lục ({detail}). Hãy lưu lại tệp dưới dạng .xlsx "
    "(Excel Workbook) rồi nhập lại.",
    "{file}: the annex table cannot be read ({detail}). Save it as .xlsx (Excel Workbook) "
    "and import it again.",
)
M_NO_HEADER = Message(
    "annex.no-header",
    "{file}: không tìm thấy dòng tiêu đề của bảng (cần các cột STT | Tiêu chí | Điểm tối đa, "
    "thêm Cách tính điểm | Tài liệu kiểm chứng nếu có). Hãy để dòng tiêu đề trong 40 dòng đầu "
    "của trang tính.",
    "{file}: no header row found (columns STT | Tiêu chí | Điểm tối đa are needed, plus Cách "
    "tính điểm | Tài liệu kiểm chứng where present). Keep the header in the sheet's first 40 rows.",
)
M_NO_ROWS = Message(
    "annex.no-criteria",
    "{file}, trang {sheet}: dưới dòng tiêu đề (dòng {row}) không có tiêu chí nào có điểm.",
    "{file}, sheet {sheet}: no criterion with points below the header (row {row}).",
)

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
HEADER_ROWS = 40

NUM = r"(\d+(?:[.,]\d+)?)"
"""A number as annexes write it (``2``, ``1,5``, ``0.25``), captured as one group."""

_HEADERS: list[tuple[str, tuple[str, ...]]] = [
    ("evidence", ("tai lieu kiem chung", "kiem chung", "tai lieu")),
    ("method", ("cach tinh diem", "phuong phap cham", "huong dan cham", "cach cham", "tinh diem")),
    ("max", ("diem toi da", "diem chuan", "thang diem", "so diem toi da", "diem")),
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("title", ("tieu chi", "noi dung", "chi so", "linh vuc")),
]
_EXACT = {"stt", "tt", "diem", "so tt"}


@dataclass
class AnnexRow:
    """One row of the annex table as typed (text NFC-clean, points parsed where possible)."""

    row: int
    stt: str
    title: str
    max: Decimal | None
    method: str
    evidence: str
    bold: bool


@dataclass
class AnnexTable:
    """The rows below the header, and the text above it (the set's title and decision)."""

    file: str
    sheet: str
    header_row: int
    above: list[str]
    rows: list[AnnexRow]
    skipped: list[tuple[int, str]] = field(default_factory=list)
    """(row, why) of the rows below the header that are not content: the column-number row."""


COLUMN_NUMBERS = "column-numbers"
"""Why a row was skipped: the "(1) (2) (3)" row that numbers the columns under the header."""
_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,2})\s*\)?")


def read_annex(path: Path) -> AnnexTable:
    """The annex table of the first sheet that has one; the file is checked before parsing."""
    _guard(path)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise WorkbookError(M_UNREADABLE, file=str(path), detail=type(exc).__name__) from exc
    for sheet in book.worksheets:
        table = _table(sheet, str(path))
        if table is not None:
            return table
    raise WorkbookError(M_NO_HEADER, file=str(path))


def _guard(path: Path) -> None:
    """A regular, not too large, really-zip file whose parts are not a zip bomb."""
    if not path.is_file() or path.is_symlink():
        raise InputFileError(M_UNREADABLE, file=str(path), detail="không phải tệp thường")
    if path.stat().st_size > MAX_BYTES:
        raise WorkbookError(M_UNREADABLE, file=str(path), detail="tệp quá lớn")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookError(M_UNREADABLE, file=str(path), detail="không phải tệp .xlsx") from exc
    if unpacked > MAX_UNPACKED:
        raise WorkbookError(M_UNREADABLE, file=str(path), detail="nội dung giải nén quá lớn")


def match_key(value: Any) -> str:
    """A cell value folded and without accents, for matching headings and titles."""
    return strip_accents(fold(str(value))) if value is not None else ""


def _columns(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, text in enumerate(cells):
        key = re.sub(r"[^a-z0-9 ]", " ", match_key(text))
        key = " ".join(key.split())
        for name, patterns in _HEADERS:
            if name in found or not key:
                continue
            if any(key == p if p in _EXACT else p in key for p in patterns):
                found[name] = index
                break
    return found


def _table(sheet, file: str) -> AnnexTable | None:
    rows = list(sheet.iter_rows(max_row=sheet.max_row))
    spans = _spans(sheet)
    for number in range(1, min(len(rows), HEADER_ROWS) + 1):
        found = _header(rows, number, spans)
        if found is None:
            continue
        columns, depth = found
        above = [clean(str(c.value)) for r in rows[: number - 1] for c in r if c.value]
        first = number + depth  # the first row below the header
        skipped = []
        if first <= len(rows) and _is_column_numbers(rows[first - 1]):
            skipped.append((first, COLUMN_NUMBERS))
            first += 1
        body = [_row(i, r, columns) for i, r in enumerate(rows[first - 1 :], start=first)]
        kept = [r for r in body if r is not None]
        return AnnexTable(file, sheet.title, number, above, kept, skipped)
    return None


def _spans(sheet) -> dict[tuple[int, int], tuple[Any, bool]]:
    """(row, column) -> (the value of the merged range covering it, whether the range spans
    columns). Header rows are often merged: "STT" down two rows, "Điểm" over "Tối đa | Tự
    chấm"."""
    out: dict[tuple[int, int], tuple[Any, bool]] = {}
    for merged in getattr(sheet, "merged_cells", None) or []:
        value = sheet.cell(merged.min_row, merged.min_col).value
        wide = merged.max_col > merged.min_col
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                out[(row, col)] = (value, wide)
    return out


def _header(rows: list, number: int, spans: dict) -> tuple[dict[str, int], int] | None:
    """The columns of a header starting at row ``number`` and how many rows it takes: one, or
    two where the row below names the sub-columns of a merged heading ("Điểm" over "Tối đa |
    Tự chấm") or completes a header the first row alone is not."""
    top = [_text(cell, number, i, spans) for i, cell in enumerate(rows[number - 1])]
    alone = _columns(top)
    complete = {"stt", "title", "max"} <= alone.keys()
    if alone and number < len(rows) and not _is_column_numbers(rows[number]):
        below = [_text(cell, number + 1, i, spans) for i, cell in enumerate(rows[number])]
        under = [i for i, (t, b) in enumerate(zip(top, below, strict=False)) if b and b != t]
        wide = all(spans.get((number, i + 1), (None, False))[1] for i in under)
        combined = [t if not b or b == t else f"{t} {b}".strip()
                    for t, b in zip(top, below, strict=False)]  # fmt: skip
        both = _columns(combined)
        if under and (wide or not complete) and {"stt", "title", "max"} <= both.keys():
            return both, 2
    return (alone, 1) if complete else None


def _text(cell, row: int, index: int, spans: dict) -> str:
    value = cell.value if cell.value is not None else spans.get((row, index + 1), (None,))[0]
    return "" if value is None else clean(str(value))


def _is_column_numbers(cells: tuple) -> bool:
    """The "(1) (2) (3) (4)" row annexes put under the header: at least three cells, each a
    small number in order, nothing else."""
    values = [str(c.value).strip() for c in cells if c.value is not None and str(c.value).strip()]
    numbers = [m.group(1) for v in values if (m := _COLUMN_NUMBER.fullmatch(v))]
    if len(values) < 3 or len(numbers) != len(values):
        return False
    return [int(n) for n in numbers] == list(range(int(numbers[0]), int(numbers[0]) + len(numbers)))


def _row(number: int, cells: tuple, columns: dict[str, int]) -> AnnexRow | None:
    def text(name: str) -> str:
        index = columns.get(name)
        value = cells[index].value if index is not None and index < len(cells) else None
        return "" if value is None else clean_lines(str(value))

    if not any(text(name) for name in columns):
        return None
    title_cell = cells[columns["title"]] if columns["title"] < len(cells) else None
    stt_cell = cells[columns["stt"]] if columns["stt"] < len(cells) else None
    bold = any(
        bool(c is not None and c.font is not None and c.font.b) for c in (title_cell, stt_cell)
    )
    return AnnexRow(
        number,
        text("stt"),
        text("title"),
        _points(text("max")),
        text("method"),
        text("evidence"),
        bold,
    )


def clean_lines(value: str) -> str:
    """NFC-clean text that keeps its line breaks (methods list their levels line by line)."""
    return "\n".join(line for line in (clean(part) for part in value.splitlines()) if line)


def _points(raw: str) -> Decimal | None:
    """'2', '1,5', '2 điểm', '0.5đ' -> Decimal; anything else -> None."""
    try:
        value = parse_decimal(raw)
    except ValueError:
        match = re.search(NUM, raw)
        value = Decimal(match.group(1).replace(",", ".")) if match else None
    return value if value is not None and value > 0 else None
