"""Row heights for wrapped text in spreadsheets. Neither Excel nor LibreOffice grows a row to
its wrapped text when a generated file opens (the text overlaps the rows below, or is cut), so
the writers estimate the lines each row needs from its text and column widths."""

from __future__ import annotations

from collections.abc import Iterable

LINE_POINTS = 15.0
"""Height of one line of 11-pt text, in points (Excel's default row)."""
CHARS_PER_WIDTH = 1.1
"""Characters of ordinary Vietnamese text per unit of column width (one "0" of the default
font); bold or capital text is wider: scale it by about 0.8."""


def lines_needed(text: str, width: float, *, per_width: float = CHARS_PER_WIDTH) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` wide (each line break starts one)."""
    per_line = max(int(width * per_width), 4)
    return sum(-(-len(part) // per_line) or 1 for part in text.split("\n"))


def row_lines(cells: Iterable[tuple[str, float]], *, per_width: float = CHARS_PER_WIDTH) -> int:
    """The lines of the row's tallest cell: ``cells`` are (text, column width) pairs."""
    return max((lines_needed(text, width, per_width=per_width) for text, width in cells), default=1)


def row_height(lines: int, *, line_points: float = LINE_POINTS) -> float:
    """A row's height in points for ``lines`` lines of text."""
    return line_points * lines + 2
