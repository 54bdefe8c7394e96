"""The grid sheet's rows: criteria, figures, subtotal formulas, formats and row heights."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from xlsxwriter.utility import xl_rowcol_to_cell

from par_index.criteria.model import FigureSource, FigureType, ScoredBy
from par_index.rules import method_text
from par_index.workbook.layout import (
    COLUMN_INDEX,
    COLUMNS,
    FIRST_GRID_ROW,
    GRID_HEADER_ROW,
    NOT_SELF_SCORED,
    NUMBER_ROW,
    Col,
    RowKind,
    RowSpec,
    has_answer_cell,
)
from par_index.workbook.styles import ListSource, Styles
from par_index.workbook.validation import (
    add_validations,
    formula_number,
    written,
    xl_number,
)
from par_index.wrap import lines_needed, row_height

GRID_NOTE = (
    "Chỉ nhập vào các ô nền vàng. Dòng nền xám: đơn vị không tự chấm. "
    "Điểm lĩnh vực và tổng điểm tự cộng. Xem cách điền ở trang 'Hướng dẫn'."
)


@dataclass(frozen=True)
class _Formula:
    text: str


def write_grid(grid, styles: Styles, lists: ListSource, cs, unit_type: str, plan) -> None:
    """The column headers, then one row per plan entry with its formats and validations."""
    for index, column in enumerate(COLUMNS):
        grid.write_string(GRID_HEADER_ROW, index, column.header, styles["th"])
        if column.id != Col.KEY:
            grid.write_string(NUMBER_ROW, index, f"({index})", styles["number"])
    grid.set_row(GRID_HEADER_ROW, 48)
    ends = _descendant_ends(plan)
    area_number = 0
    for index, spec in enumerate(plan):
        row = FIRST_GRID_ROW + index
        if spec.kind == RowKind.AREA:
            area_number += 1
        values = _row_values(spec, index, ends, plan, area_number)
        for column, (value, style) in zip(COLUMNS, values, strict=True):
            _put(grid, row, COLUMN_INDEX[column.id], value, styles[style])
        _row_height(grid, row, values)
        if spec.kind in (RowKind.CRITERION, RowKind.FIGURE):
            add_validations(grid, lists, cs, row, spec)


def _put(grid, row: int, col: int, value, style) -> None:
    if value is None or value == "":
        grid.write_blank(row, col, None, style)
    elif isinstance(value, _Formula):
        grid.write_formula(row, col, value.text, style, 0)
    elif isinstance(value, Decimal):
        grid.write_number(row, col, xl_number(value), style)
    else:
        grid.write_string(row, col, str(value), style)


def _descendant_ends(plan: list[RowSpec]) -> list[int]:
    """For each row, the index after its last descendant (areas, sections, parent criteria)."""
    ends = []
    for index, spec in enumerate(plan):
        end = index + 1
        while end < len(plan) and _inside(plan[end], spec):
            end += 1
        ends.append(end)
    return ends


def _inside(other: RowSpec, parent: RowSpec) -> bool:
    if other.kind in (RowKind.AREA, RowKind.SECTION, RowKind.TOTAL):
        return False
    return other.section == parent.section and other.depth > parent.depth


def _score_ref(index: int) -> str:
    return xl_rowcol_to_cell(FIRST_GRID_ROW + index, COLUMN_INDEX[Col.SELF_SCORE])


def _subtotal(index: int, end: int) -> _Formula | Decimal:
    if end <= index + 1:
        return Decimal(0)
    return _Formula(f"=SUBTOTAL(9,{_score_ref(index + 1)}:{_score_ref(end - 1)})")


def _row_values(spec: RowSpec, index: int, ends: list[int], plan, area_number: int) -> list:
    if spec.kind == RowKind.AREA:
        assert spec.node is not None  # area rows carry their area
        title = spec.node.title.vi.upper()
        return _line(spec, _roman(area_number), title, _subtotal(index, ends[index]), "area")
    if spec.kind == RowKind.SECTION:
        assert spec.max is not None  # section rows carry the section's cap
        name = "ĐIỂM THƯỞNG" if spec.section == "bonus" else "ĐIỂM TRỪ (ghi số điểm bị trừ)"
        inner = _subtotal(index, ends[index])
        value = (
            inner
            if isinstance(inner, Decimal)
            else _Formula(f"=MIN({inner.text[1:]},{formula_number(spec.max)})")
        )
        return _line(spec, "", f"{name} (tối đa {written(spec.max)} điểm)", value, "area")
    if spec.kind == RowKind.TOTAL:
        return _line(spec, "", "TỔNG ĐIỂM TỰ CHẤM", _total_formula(plan), "total")
    if spec.kind == RowKind.FIGURE:
        return _figure_values(spec)
    if not spec.is_leaf:
        node = spec.criterion
        return _line(spec, node.code, node.title.vi, _subtotal(index, ends[index]), "parent")
    return _leaf_values(spec)


def _line(spec: RowSpec, stt: str, title: str, score, style: str) -> list:
    blank = (None, style)
    return [
        (spec.key, "key"),
        (stt, f"{style}_c"),
        (title, style),
        (spec.max, f"{style}_c"),
        blank,
        blank,
        blank,
        (score, f"{style}_c"),
        blank,
        blank,
    ]


def _total_formula(plan: list[RowSpec]) -> _Formula:
    tree = [i for i, s in enumerate(plan) if s.section == "tree" and s.kind != RowKind.TOTAL]
    parts = [f"SUBTOTAL(9,{_score_ref(tree[0])}:{_score_ref(tree[-1])})"] if tree else ["0"]
    for index, spec in enumerate(plan):
        if spec.kind == RowKind.SECTION:
            parts.append(("+" if spec.section == "bonus" else "-") + _score_ref(index))
    return _Formula("=" + "".join(parts))


def _leaf_values(spec: RowSpec) -> list:
    node, most = spec.criterion, spec.max
    assert most is not None  # criterion rows carry their maximum
    own = spec.self_scored
    style, box = ("input", "cell") if own else ("grey", "grey")
    answer = ("", "input_c") if own and has_answer_cell(node) else (None, box)
    evidence = node.evidence.document.vi if node.evidence else ""
    return [
        (spec.key, "key"),
        (node.code, f"{box}_c"),
        (node.title.vi, box),
        (most, f"{box}_c"),
        answer,
        (method_text(node, most).vi, box),
        (evidence, box),
        ("", "input_c") if own else (NOT_SELF_SCORED, "grey_c"),
        ("", style),
        ("", style),
    ]


_FIGURE_STYLES = {FigureType.DATE: "input_date", FigureType.PERCENT: "input_percent"}


def _figure_values(spec: RowSpec) -> list:
    figure = spec.figure
    assert figure is not None  # figure rows carry their figure
    own = spec.criterion.scorer == ScoredBy.UNIT and figure.source is None
    unit = "%" if figure.type == FigureType.PERCENT else figure.unit
    label = f"– {figure.label.vi}" + (f" ({unit})" if unit else "")
    if figure.source == FigureSource.DAYS_LATE:
        label += ": phần mềm tự tính từ ngày gửi và hạn nộp, đơn vị không nhập"
    box = "cell" if own else "grey"
    value_style = _FIGURE_STYLES.get(figure.type, "input_c") if own else box
    blank = (None, box)
    return [(spec.key, "key"), blank, (label, "figure" if own else box), blank,
            ("", value_style), blank, blank, blank, blank, blank]  # fmt: skip


def _roman(number: int) -> str:
    values = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def _row_height(grid, row: int, values: list) -> None:
    """Excel does not grow rows for wrapped text on open: estimate the lines needed."""
    lines = 1
    for column, (value, style) in zip(COLUMNS, values, strict=True):
        if isinstance(value, str) and value and column.id != Col.KEY:
            wide = style.startswith(("area", "total", "parent")) or value.isupper()
            needed = lines_needed(value, column.width, per_width=0.85 if wide else 1.1)
            lines = max(lines, needed)
    if lines > 1:
        grid.set_row(row, row_height(lines))
