"""Worksheets written row by row: valid sheet names, text always as text, rounded numbers."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from xlsxwriter.worksheet import Worksheet

if TYPE_CHECKING:
    from par_index.report.excel import ExcelReport

SHEET_MAX = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "constant_memory": True,
}


def sheet_name(base: str, taken: set[str]) -> str:
    """A valid, unique sheet name: <= 31 chars, no []:*?/\\, no edge apostrophe."""
    clean = _BAD_SHEET_CHARS.sub("-", base).strip().strip("'").strip() or "Sheet"
    name = clean[:SHEET_MAX].rstrip("'").rstrip()
    number = 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = clean[: SHEET_MAX - len(suffix)].rstrip("'").rstrip() + suffix
        number += 1
    taken.add(name.casefold())
    return name


class Sheet:
    """A worksheet written row by row: text always as text, numbers as rounded values."""

    def __init__(self, book: ExcelReport, ws: Worksheet) -> None:
        self.book = book
        self.ws = ws
        self.row = 0

    def put(self, col: int, value: Any, fmt: Any = None) -> None:
        """Write one cell: Decimal/int as a number, anything else as a string (never a formula)."""
        if value is None or value == "":
            if fmt is not None:
                self.ws.write_blank(self.row, col, None, fmt)
            return
        if isinstance(value, bool):
            self.ws.write_string(
                self.row, col, self.book.t["eligible" if value else "not_eligible"]
            )
        elif isinstance(value, int):
            self.ws.write_number(self.row, col, value, fmt)
        elif isinstance(value, Decimal):
            self.ws.write_number(self.row, col, float(value), fmt or self.book.points)
        else:
            self.ws.write_string(self.row, col, str(value), fmt)

    def line(self, values: list[Any], formats: dict[int, Any] | None = None) -> None:
        formats = formats or {}
        for col, value in enumerate(values):
            self.put(col, value, formats.get(col))
        self.row += 1

    def table_head(self, headers: list[str], widths: list[int]) -> int:
        """Header row, column widths; returns the header row for freezing and filtering."""
        for col, (head, width) in enumerate(zip(headers, widths, strict=True)):
            self.ws.set_column(col, col, width)
            self.ws.write_string(self.row, col, head, self.book.head)
        self.row += 1
        return self.row - 1

    def finish_table(self, head_row: int, columns: int) -> None:
        """Freeze everything down to the header row and filter the table below it."""
        self.ws.freeze_panes(head_row + 1, 0)
        self.ws.autofilter(head_row, 0, max(self.row - 1, head_row), columns - 1)
