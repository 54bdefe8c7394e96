"""CSV rows read with their line numbers, every broken line one ``file:line`` error.

The csv module stops on a field longer than its limit (128 KiB) or on a malformed line with an
exception that names no file; ``rows`` turns either into an ``InputFileError`` at the line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from par_index.errors import ConfigError, InputFileError
from par_index.i18n import Message
from par_index.yamlsrc import FILE_MISSING

MAX_FIELD_CHARS = csv.field_size_limit()
"""The longest cell the csv module reads (128 KiB): far above any unit name or count."""

CSV_FIELD_TOO_LONG = Message(
    "csv.field-too-long",
    "{file}:{line}: một ô dài hơn {limit} KiB, không thể là dữ liệu của tệp này (thường do một "
    'dấu ngoặc kép " không được đóng, làm các dòng sau dính vào một ô). Hãy mở tệp, sửa ô ở '
    "dòng này rồi lưu lại dạng CSV UTF-8.",
    "{file}:{line}: a cell is longer than {limit} KiB, which this file never holds (usually a "
    'double quote " left open, which glues the following lines into one cell). Open the file, '
    "fix the cell on this line and save it again as CSV UTF-8.",
)
CSV_BROKEN = Message(
    "csv.broken",
    "{file}:{line}: dòng CSV bị hỏng (dấu ngoặc kép hoặc xuống dòng đặt sai chỗ). Hãy mở tệp "
    "bằng Excel hoặc LibreOffice, kiểm tra dòng này rồi lưu lại dạng CSV UTF-8.",
    "{file}:{line}: the CSV line is broken (a misplaced double quote or line break). Open the "
    "file in Excel or LibreOffice, check this line and save it again as CSV UTF-8.",
)

Row = TypeVar("Row")
_Row_co = TypeVar("_Row_co", covariant=True)


class _Reader(Protocol[_Row_co]):
    line_num: int

    def __iter__(self) -> Iterator[_Row_co]: ...

    def __next__(self) -> _Row_co: ...


def rows(reader: _Reader[Row], file: str) -> Iterable[Row]:
    """Every row of a ``csv.reader`` or ``csv.DictReader``; a broken line raises at its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            source = getattr(reader, "reader", reader)  # a DictReader counts after each row
            line = max(source.line_num, 1)
            if "field larger than field limit" in str(exc):
                raise InputFileError(
                    CSV_FIELD_TOO_LONG, file=file, line=line, limit=MAX_FIELD_CHARS // 1024
                ) from None
            raise InputFileError(CSV_BROKEN, file=file, line=line) from None
        yield row


def read_text(path: Path, encoding_message: Message) -> str:
    """UTF-8 (with or without BOM); another encoding is ``encoding_message`` at its line (its
    fields: file, line), not a traceback."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ConfigError(encoding_message, file=str(path), line=line) from exc
    except OSError as exc:
        raise InputFileError(FILE_MISSING, file=str(path), detail=exc.strerror or "") from exc


def dialect(text: str) -> type[csv.Dialect]:
    """Comma by default; semicolon or tab when the header uses them (Excel in a Vietnamese
    locale saves CSV with ';')."""
    header = text.split("\n", 1)[0]
    for delimiter in (";", "\t"):
        if header.count(delimiter) > header.count(","):
            return type("units", (csv.excel,), {"delimiter": delimiter})
    return csv.excel
