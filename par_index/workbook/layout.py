"""The self-assessment workbook's layout: sheet names, columns, row keys and the row plan.

The template writes this layout and the reader finds it again, so both import it from here.
Rows are found by their key in the hidden "Mã dòng" column and columns by their header text,
never by fixed positions: officers insert rows, hide rows and widen columns.

Sheets:
- "Hướng dẫn": how to fill the workbook, the deadline, whom to ask (protected);
- "Tự chấm điểm": title rows, the header block (unit, head, preparer, phone, submission date;
  label in the "Tiêu chí" column, value in "Số liệu kê khai"), a note, the grid header, a row of
  column numbers "(1) (2) ...", then the grid; frozen below the header and right of "Tiêu chí";
  A4 landscape, one page wide, header rows repeated; protected without a password, yellow input
  cells unlocked;
- "_meta": hidden and protected, key in column A, value in column B (``META_FIELDS``); long
  drop-down lists live in its columns D onwards.

Grid columns (``COLUMNS``): Mã dòng (hidden) | STT | Tiêu chí | Điểm tối đa | Số liệu kê khai |
Cách tính điểm | Tài liệu kiểm chứng yêu cầu | Điểm tự chấm | Tài liệu kiểm chứng (số, ngày, cơ
quan ban hành, trang/mục) | Giải trình. A leaf's choice (Có / Không / a level / Không áp dụng)
goes in "Số liệu kê khai" on its own row; each declared figure has a row of its own under it.
Survey and appraiser-only leaves are grey, say "Không tự chấm" and take no input.

Row keys (column "Mã dòng"):
- ``hdr:unit``, ``hdr:head``, ``hdr:preparer``, ``hdr:phone``, ``hdr:date``: header block;
- ``area:3``: an area (bold group row, subtotal formula);
- ``crit:3.2`` / ``crit:3.2.1``: a criterion; leaves take the self-score, parents add up;
- ``fig:3.2.1:received``: one declared figure of criterion 3.2.1 (one input cell);
- ``bonus`` / ``penalty``: the bonus and penalty sections (their items are ``crit:`` rows);
- ``total``: the grand total (tree + capped bonus - capped penalty).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    Figure,
    LevelsRule,
    Node,
    ScoredBy,
    YesNoRule,
)

FORMAT_VERSION = "1"
"""Template format version, written in _meta; bump it when the layout changes."""

SHEET_GUIDE = "Hướng dẫn"
SHEET_GRID = "Tự chấm điểm"
SHEET_META = "_meta"
SHEET_NAMES = (SHEET_GUIDE, SHEET_GRID, SHEET_META)

NOT_SELF_SCORED = "Không tự chấm"
"""Text in the self-score cell of survey and appraiser-only rows."""
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.00%"
"""Rate cells: a percent format, so that typing 80 or 80% both store 0.8 and show 80 %
(Excel and LibreOffice take a number typed into a percent cell as a percentage); the
reader reads such a cell as the percent shown (``workbook.formats``)."""


class Col(StrEnum):
    """The grid's columns, in order."""

    KEY = "key"
    STT = "stt"
    CRITERION = "criterion"
    MAX = "max"
    FIGURES = "figures"
    METHOD = "method"
    EVIDENCE_REQUIRED = "evidence_required"
    SELF_SCORE = "self_score"
    EVIDENCE = "evidence"
    EXPLANATION = "explanation"


@dataclass(frozen=True)
class Column:
    id: Col
    header: str
    """Header text as printed; the reader finds the column by it (after folding)."""
    width: float


COLUMNS: tuple[Column, ...] = (
    Column(Col.KEY, "Mã dòng", 12),
    Column(Col.STT, "STT", 6),
    Column(Col.CRITERION, "Tiêu chí", 46),
    Column(Col.MAX, "Điểm tối đa", 8),
    Column(Col.FIGURES, "Số liệu kê khai", 16),
    Column(Col.METHOD, "Cách tính điểm", 38),
    Column(Col.EVIDENCE_REQUIRED, "Tài liệu kiểm chứng yêu cầu", 26),
    Column(Col.SELF_SCORE, "Điểm tự chấm", 9),
    Column(Col.EVIDENCE, "Tài liệu kiểm chứng (số, ngày, cơ quan ban hành, trang/mục)", 42),
    Column(Col.EXPLANATION, "Giải trình", 28),
)
COLUMN_INDEX = {c.id: i for i, c in enumerate(COLUMNS)}
"""Column position in the template as generated (the reader relocates them by header)."""

HEADER_KEYS = {
    "unit": "hdr:unit",
    "head": "hdr:head",
    "preparer": "hdr:preparer",
    "phone": "hdr:phone",
    "date": "hdr:date",
}
"""Header block fields -> row key."""
HEADER_LABELS = {
    "unit": "Đơn vị:",
    "head": "Người đứng đầu (họ tên, chức vụ):",
    "preparer": "Người lập biểu (họ tên, chức vụ):",
    "phone": "Số điện thoại liên hệ:",
    "date": "Ngày gửi (ngày/tháng/năm):",
}
TITLE_ROW = 0
"""0-based row of the sheet title; the header block follows, then the grid header."""
HEADER_FIRST_ROW = 3
GRID_HEADER_ROW = HEADER_FIRST_ROW + len(HEADER_KEYS) + 2
NUMBER_ROW = GRID_HEADER_ROW + 1
"""The "(1) (2) ..." row under the grid header, as in official forms."""
FIRST_GRID_ROW = NUMBER_ROW + 1

META_FIELDS = (
    "criteria_id",
    "criteria_version",
    "criteria_hash",
    "unit_code",
    "unit_name",
    "unit_type",
    "period",
    "generated_at",
    "tool_version",
    "template_format",
)
"""Keys of the hidden _meta sheet (column A key, column B value)."""


class RowKind(StrEnum):
    AREA = "area"
    CRITERION = "crit"
    FIGURE = "fig"
    SECTION = "section"
    TOTAL = "total"


@dataclass(frozen=True)
class RowSpec:
    """One grid row of a unit type's template."""

    key: str
    kind: RowKind
    depth: int
    """0 for areas and sections, 1 for criteria, 2 for sub-criteria (figures: their parent + 1)."""
    section: str = "tree"
    """"tree", "bonus" or "penalty"."""
    node: Node | None = None
    figure: Figure | None = None
    max: Decimal | None = None
    """The maximum printed on the row for this unit type (areas, criteria, sections)."""

    @property
    def code(self) -> str | None:
        return self.node.code if self.node is not None else None

    @property
    def is_leaf(self) -> bool:
        return isinstance(self.node, Criterion) and self.node.is_leaf and self.kind == "crit"

    @property
    def self_scored(self) -> bool:
        """A leaf the unit scores itself (survey and appraiser-only rows are not)."""
        return self.is_leaf and self.criterion.scorer == ScoredBy.UNIT

    @property
    def criterion(self) -> Criterion:
        """The row's criterion (criterion and figure rows only)."""
        if not isinstance(self.node, Criterion):
            raise TypeError(f"row {self.key} has no criterion")
        return self.node


def area_key(code: str) -> str:
    return f"area:{code}"


def criterion_key(code: str) -> str:
    return f"crit:{code}"


def figure_key(code: str, name: str) -> str:
    return f"fig:{code}:{name}"


def grid_rows(cs: CriteriaSet, unit_type: str) -> list[RowSpec]:
    """Every grid row of a unit type's template, in order (header block excluded)."""
    rows: list[RowSpec] = []
    for area in cs.areas:
        most = cs.max_for(area, unit_type)
        if most is None:
            continue
        rows.append(RowSpec(area_key(area.code), RowKind.AREA, 0, node=area, max=most))
        for child in area.criteria:
            rows.extend(_criterion_rows(cs, child, unit_type, 1, "tree"))
    for name in ("bonus", "penalty"):
        section = getattr(cs, name)
        if section is None:
            continue
        rows.append(RowSpec(name, RowKind.SECTION, 0, section=name, max=section.max))
        for item in section.items:
            rows.extend(_criterion_rows(cs, item, unit_type, 1, name))
    rows.append(RowSpec("total", RowKind.TOTAL, 0, max=_tree_max(cs, unit_type)))
    return rows


def _criterion_rows(
    cs: CriteriaSet, node: Criterion, unit_type: str, depth: int, section: str
) -> Iterator[RowSpec]:
    most = cs.max_for(node, unit_type)
    if most is None:
        return
    yield RowSpec(criterion_key(node.code), RowKind.CRITERION, depth, section, node, max=most)
    if node.is_leaf:
        for figure in node.figures:
            key = figure_key(node.code, figure.name)
            yield RowSpec(key, RowKind.FIGURE, depth + 1, section, node, figure)
        return
    for child in node.criteria:
        yield from _criterion_rows(cs, child, unit_type, depth + 1, section)


def _tree_max(cs: CriteriaSet, unit_type: str) -> Decimal:
    return sum((m for a in cs.areas if (m := cs.max_for(a, unit_type)) is not None), Decimal(0))


def choice_labels(node: Criterion) -> list[str]:
    """The drop-down of a leaf's answer cell: Có/Không, level labels, plus Không áp dụng."""
    from par_index.rules import NO, NOT_APPLICABLE, YES

    labels: list[str] = []
    if isinstance(node.rule, YesNoRule):
        labels = [YES, NO]
    elif isinstance(node.rule, LevelsRule):
        labels = [level.label.vi for level in node.rule.levels]
    if node.na_allowed:
        labels.append(NOT_APPLICABLE)
    return labels


def has_answer_cell(node: Criterion) -> bool:
    """Whether a self-scored leaf takes a choice in its row's declared-figures cell."""
    return node.scorer == ScoredBy.UNIT and bool(choice_labels(node))


@functools.cache
def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def a1(row: int, col: int) -> str:
    """0-based row and column -> an A1 address."""
    return f"{column_letter(col)}{row + 1}"
