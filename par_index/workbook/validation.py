"""The grid's data validations: what Excel lets an officer type in each input cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from par_index.criteria.model import CriteriaSet, Figure, FigureType, ScoredBy
from par_index.numbers import written
from par_index.rules import NO, YES, ScoreCell, score_cell
from par_index.workbook.layout import (
    COLUMN_INDEX,
    HEADER_FIRST_ROW,
    HEADER_KEYS,
    Col,
    RowKind,
    RowSpec,
    choice_labels,
    has_answer_cell,
)
from par_index.workbook.styles import ListSource


def xl_number(value: Decimal) -> int | float:
    """A Decimal as the spreadsheet number xlsxwriter writes (whole numbers without ".0")."""
    return int(value) if value == value.to_integral_value() else float(value)


def formula_number(value: Decimal) -> str:
    """A Decimal as a formula literal (formulas are always written with a decimal point)."""
    return format(value.normalize(), "f")


def add_validations(grid, lists: ListSource, cs: CriteriaSet, row: int, spec: RowSpec) -> None:
    """The drop-down or number rule of a criterion's or figure's input cells."""
    if spec.kind == RowKind.FIGURE:
        figure = spec.figure
        assert figure is not None  # figure rows carry their figure
        if spec.criterion.scorer == ScoredBy.UNIT and figure.source is None:
            rule = _figure_rule(figure, lists)
            if rule:
                grid.data_validation(
                    row, COLUMN_INDEX[Col.FIGURES], row, COLUMN_INDEX[Col.FIGURES], rule
                )
        return
    if not spec.self_scored:
        return
    node, most = spec.criterion, spec.max
    assert most is not None  # criterion rows carry their maximum
    if has_answer_cell(node):
        labels = choice_labels(node)
        rule = {**lists(labels), **_messages("Chọn trong danh sách", ", ".join(labels))}
        col = COLUMN_INDEX[Col.FIGURES]
        grid.data_validation(row, col, row, col, rule)
    col = COLUMN_INDEX[Col.SELF_SCORE]
    rule = _score_rule(score_cell(cs, node, most), lists)
    grid.data_validation(row, col, row, col, rule)


def _score_rule(cell: ScoreCell, lists: ListSource) -> dict:
    """The self-score cell takes exactly what the rule kind allows (``rules.score_cell``)."""
    most = cell.maximum
    if cell.values is None:
        text = f"Nhập số điểm từ 0 đến {written(most)} (dấu phẩy hoặc dấu chấm thập phân)."
        rule = {"validate": "decimal", "criteria": "between", "minimum": 0,
                "maximum": xl_number(most)}  # fmt: skip
        return {**rule, **_messages("Điểm tự chấm", text)}
    highest_first = sorted(cell.values, reverse=True)
    text = "Chỉ nhận một trong các mức: " + "; ".join(map(written, highest_first)) + " điểm."
    rule = lists.numbers([xl_number(v) for v in highest_first])
    return {**rule, **_messages("Điểm tự chấm", text)}


def _figure_rule(figure: Figure, lists: ListSource) -> dict | None:
    low, high = figure.min, figure.max
    if figure.type == FigureType.COUNT:
        low = Decimal(0) if low is None else low
        text = "Nhập số nguyên, không âm" + (f", tối đa {written(high)}" if high else "") + "."
        return {**_bounds("integer", low, high), **_messages("Số liệu", text)}
    if figure.type == FigureType.PERCENT:
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None else high
        text = (
            f"Nhập tỷ lệ từ {written(low)} đến {written(high)}, ví dụ 80 hoặc 80% "
            "(ô tự hiện dấu %)."
        )
        # the cell is a percent cell: 80 % is stored as 0.8, and Excel compares what is stored
        stored = _bounds("decimal", low.scaleb(-2), high.scaleb(-2))
        return {**stored, **_messages("Tỷ lệ (%)", text)}
    if figure.type == FigureType.SCORE:
        low = Decimal(0) if low is None else low
        text = f"Nhập điểm từ {written(low)} đến {written(high or Decimal(0))}."
        return {**_bounds("decimal", low, high), **_messages("Điểm", text)}
    if figure.type == FigureType.NUMBER and (low is not None or high is not None):
        return {**_bounds("decimal", low, high), **_messages("Số liệu", "Nhập một số.")}
    if figure.type in (FigureType.YES_NO, FigureType.CHOICE):
        items = [YES, NO] if figure.type == FigureType.YES_NO else list(figure.choices)
        return {**lists(items), **_messages("Chọn trong danh sách", ", ".join(items))}
    if figure.type == FigureType.DATE:
        return date_validation("Ngày", "Nhập ngày/tháng/năm, ví dụ 05/03/2025.")
    return None


def _bounds(kind: str, low: Decimal | None, high: Decimal | None) -> dict:
    if low is not None and high is not None:
        return {"validate": kind, "criteria": "between", "minimum": xl_number(low),
                "maximum": xl_number(high)}  # fmt: skip
    if low is not None:
        return {"validate": kind, "criteria": ">=", "value": xl_number(low)}
    assert high is not None  # callers give at least one bound
    return {"validate": kind, "criteria": "<=", "value": xl_number(high)}


def date_validation(title: str, text: str) -> dict:
    """A date cell's rule (any real date), with its input and error messages."""
    return {**_date_rule(), **_messages(title, text)}


def _date_rule() -> dict:
    return {
        "validate": "date",
        "criteria": "between",
        "minimum": dt.date(2000, 1, 1),
        "maximum": dt.date(2100, 12, 31),
    }


def _messages(title: str, text: str) -> dict:
    return {
        "input_title": title[:32],
        "input_message": text[:255],
        "error_title": "Giá trị không hợp lệ",
        "error_message": f"{text} Hãy nhập lại."[:255],
        "error_type": "stop",
    }


def header_validations(grid, value_col: int) -> None:
    """The date rule of the header's submission-date cell."""
    row = HEADER_FIRST_ROW + list(HEADER_KEYS).index("date")
    rule = date_validation("Ngày gửi", "Nhập ngày/tháng/năm, ví dụ 05/12/2025.")
    grid.data_validation(row, value_col, row, value_col, rule)
