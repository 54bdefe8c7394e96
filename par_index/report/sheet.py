"""Worksheets written row by row: valid sheet names, text always as text, rounded numbers."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from xlsxwriter.worksheet import Worksheet

from par_index.wrap import CHARS_PER_WIDTH, row_height, row_lines

if TYPE_CHECKING:
    from par_index.report.excel import ExcelReport

SHEET_MAX = 31
FONT = "Times New Roman"
"""The font of official annexes."""
HEADER_MAX = 200
"""Characters of the printed header's title (Excel allows 255 in all, codes included)."""
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
        self.widths: dict[int, float] = {}
        """Column widths, to size rows of wrapped text."""

    def print_setup(self, title: str, producer: str | None) -> None:
        """A4 landscape, one page wide; the title in the page header; the producer, page
        "n / m" and the sheet's name in the footer."""
        ws = self.ws
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.4, top=0.7, bottom=0.6)
        ws.hide_gridlines(0)  # printed: the tables' lines
        small = f'&"{FONT}"&9'
        ws.set_header(f'&C&"{FONT},Bold"&11{_escape(title)[:HEADER_MAX]}')
        by = _escape(producer or "")[:60]
        ws.set_footer(f"&L{small}{by}&C{small}&P / &N&R{small}&A")

    def columns(self, widths: dict[int, float]) -> None:
        """Set column widths (and remember them for row heights)."""
        for col, width in widths.items():
            self.ws.set_column(col, col, width)
        self.widths.update(widths)

    def fit_row(self, values: list[Any], formats: dict[int, Any]) -> None:
        """The current row as tall as its longest wrapped text."""
        cells = [
            (value, self.widths[col])
            for col, value in enumerate(values)
            if isinstance(value, str) and col in self.widths and _wraps(formats.get(col))
        ]
        lines = row_lines(cells, per_width=CHARS_PER_WIDTH * 0.95)
        if lines > 1:
            self.ws.set_row(self.row, row_height(lines))

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
        self.fit_row(values, formats)
        for col, value in enumerate(values):
            self.put(col, value, formats.get(col))
        self.row += 1

    def table_head(self, headers: list[str], widths: list[int]) -> int:
        """Header row, column widths; returns the header row for freezing and filtering."""
        self.columns(dict(enumerate(widths)))
        formats = dict.fromkeys(range(len(headers)), self.book.head)
        lines = row_lines(
            [(h, self.widths[c]) for c, h in enumerate(headers)], per_width=CHARS_PER_WIDTH * 0.8
        )
        if lines > 1:
            self.ws.set_row(self.row, row_height(lines))
        for col, head in enumerate(headers):
            self.ws.write_string(self.row, col, head, formats[col])
        if not self.ws.repeat_row_range:
            self.ws.repeat_rows(self.row)
        self.row += 1
        return self.row - 1

    def finish_table(self, head_row: int, columns: int) -> None:
        """Freeze everything down to the header row and filter the table below it."""
        self.ws.freeze_panes(head_row + 1, 0)
        self.ws.autofilter(head_row, 0, max(self.row - 1, head_row), columns - 1)


def _wraps(fmt: Any) -> bool:
    return bool(getattr(fmt, "text_wrap", 0))


def _escape(text: str) -> str:
    """Text for a printed header or footer: "&" doubled (it starts a code there)."""
    return text.replace("&", "&&")
