"""The grid's data validations (what Excel lets an officer type) and the scoring-method texts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from xlsxwriter.utility import xl_rowcol_to_cell

from par_index.criteria.model import (
    Band,
    Criterion,
    DeductionRule,
    Figure,
    FigureType,
    LevelsRule,
    PerEventRule,
    ProportionalRule,
    ScoredBy,
    SurveyRule,
    ThresholdsRule,
    YesNoRule,
)
from par_index.i18n import Lang
from par_index.numbers import NumberKind, display
from par_index.rules import NO, YES
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


def written(value: Decimal) -> str:
    """A number of the criteria set in the workbooks' Vietnamese texts, as the set writes it
    ("1,5", not the display rule's "1,50"): the officer types what the text says."""
    return display(value, NumberKind.EXACT, Lang.VI)


def xl_number(value: Decimal) -> int | float:
    """A Decimal as the spreadsheet number xlsxwriter writes (whole numbers without ".0")."""
    return int(value) if value == value.to_integral_value() else float(value)


def formula_number(value: Decimal) -> str:
    """A Decimal as a formula literal (formulas are always written with a decimal point)."""
    return format(value.normalize(), "f")


def allowed_scores(node: Criterion, most: Decimal) -> list[Decimal] | None:
    """The only self-scores a discrete rule can give (None: any value from 0 to the max)."""
    rule = node.rule
    if isinstance(rule, YesNoRule):
        values = [most if rule.yes is None else rule.yes, rule.no]
    elif isinstance(rule, LevelsRule):
        values = [_worth(lvl.points, lvl.percent, most) for lvl in rule.levels]
    elif isinstance(rule, ThresholdsRule):
        values = [_worth(band.points, band.percent, most) for band in rule.bands]
    else:
        return None
    values += [most, Decimal(0), *(o.points for o in node.overrides)]
    return sorted({min(max(v, Decimal(0)), most).normalize() for v in values}, reverse=True)


def _worth(points: Decimal | None, percent: Decimal | None, most: Decimal) -> Decimal:
    return points if points is not None else most * percent / 100


def add_validations(grid, lists: ListSource, row: int, spec: RowSpec) -> None:
    """The drop-down or number rule of a criterion's or figure's input cells."""
    if spec.kind == RowKind.FIGURE:
        if spec.node.scorer == ScoredBy.UNIT:
            rule = _figure_rule(spec.figure, lists)
            if rule:
                grid.data_validation(
                    row, COLUMN_INDEX[Col.FIGURES], row, COLUMN_INDEX[Col.FIGURES], rule
                )
        return
    if not spec.self_scored:
        return
    node = spec.node
    if has_answer_cell(node):
        labels = choice_labels(node)
        rule = {**lists(labels), **_messages("Chọn trong danh sách", ", ".join(labels))}
        col = COLUMN_INDEX[Col.FIGURES]
        grid.data_validation(row, col, row, col, rule)
    col = COLUMN_INDEX[Col.SELF_SCORE]
    grid.data_validation(row, col, row, col, _score_rule(node, spec.max, row, col))


def _score_rule(node: Criterion, most: Decimal, row: int, col: int) -> dict:
    allowed = allowed_scores(node, most)
    if allowed is None:
        text = f"Nhập số điểm từ 0 đến {written(most)} (dấu phẩy hoặc dấu chấm thập phân)."
        rule = {"validate": "decimal", "criteria": "between", "minimum": 0,
                "maximum": xl_number(most)}  # fmt: skip
        return {**rule, **_messages("Điểm tự chấm", text)}
    cell = xl_rowcol_to_cell(row, col)
    formula = "=OR(" + ",".join(f"{cell}={formula_number(v)}" for v in allowed) + ")"
    text = "Chỉ nhận một trong các mức: " + "; ".join(written(v) for v in allowed) + " điểm."
    return {"validate": "custom", "value": formula, **_messages("Điểm tự chấm", text)}


def _figure_rule(figure: Figure, lists: ListSource) -> dict | None:
    low, high = figure.min, figure.max
    if figure.type == FigureType.COUNT:
        low = Decimal(0) if low is None else low
        text = "Nhập số nguyên, không âm" + (f", tối đa {written(high)}" if high else "") + "."
        return {**_bounds("integer", low, high), **_messages("Số liệu", text)}
    if figure.type == FigureType.PERCENT:
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None else high
        text = f"Nhập tỷ lệ từ {written(low)} đến {written(high)}, không gõ dấu %."
        return {**_bounds("decimal", low, high), **_messages("Tỷ lệ (%)", text)}
    if figure.type == FigureType.NUMBER and (low is not None or high is not None):
        return {**_bounds("decimal", low, high), **_messages("Số liệu", "Nhập một số.")}
    if figure.type in (FigureType.YES_NO, FigureType.CHOICE):
        items = [YES, NO] if figure.type == FigureType.YES_NO else list(figure.choices)
        return {**lists(items), **_messages("Chọn trong danh sách", ", ".join(items))}
    if figure.type == FigureType.DATE:
        return {**_date_rule(), **_messages("Ngày", "Nhập ngày/tháng/năm, ví dụ 05/03/2025.")}
    return None


def _bounds(kind: str, low: Decimal | None, high: Decimal | None) -> dict:
    if low is not None and high is not None:
        return {"validate": kind, "criteria": "between", "minimum": xl_number(low),
                "maximum": xl_number(high)}  # fmt: skip
    if low is not None:
        return {"validate": kind, "criteria": ">=", "value": xl_number(low)}
    return {"validate": kind, "criteria": "<=", "value": xl_number(high)}


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
    rule = {**_date_rule(), **_messages("Ngày gửi", "Nhập ngày/tháng/năm, ví dụ 05/12/2025.")}
    grid.data_validation(row, value_col, row, value_col, rule)


def describe_method(node: Criterion, most: Decimal) -> str:
    """The scoring-method text: the set's own words, else one generated from the rule."""
    if node.method is not None:
        return node.method.vi
    rule = node.rule
    pts = written
    if isinstance(rule, YesNoRule):
        return (
            f"Có: {pts(most if rule.yes is None else rule.yes)} điểm; Không: {pts(rule.no)} điểm."
        )
    if isinstance(rule, LevelsRule):
        return (
            "; ".join(
                f"{lvl.label.vi}: {pts(_worth(lvl.points, lvl.percent, most))} điểm"
                for lvl in rule.levels
            )
            + "."
        )
    if isinstance(rule, ThresholdsRule):
        bands = "; ".join(f"{_band_text(b)}: {pts(_worth(b.points, b.percent, most))} điểm"
                          for b in rule.bands)  # fmt: skip
        return f"{_ratio_text(node, rule)}{bands}."
    if isinstance(rule, ProportionalRule):
        return f"{_ratio_text(node, rule)}Điểm = tỷ lệ (%) × {pts(most)} / 100."
    if isinstance(rule, DeductionRule):
        cap = f", trừ tối đa {pts(rule.cap)} điểm" if rule.cap is not None else ""
        return f"Mỗi trường hợp trừ {pts(rule.each)} điểm{cap}; thấp nhất {pts(rule.floor)} điểm."
    if isinstance(rule, PerEventRule):
        return f"Mỗi trường hợp {pts(rule.each)} điểm, tối đa {pts(most)} điểm."
    if isinstance(rule, SurveyRule):
        return "Điểm lấy từ kết quả điều tra xã hội học."
    return "Hội đồng thẩm định chấm."


def _ratio_text(node: Criterion, rule: ThresholdsRule | ProportionalRule) -> str:
    if rule.ratio is None:
        return ""
    num, den = node.figure(rule.ratio.numerator), node.figure(rule.ratio.denominator)
    if num is None or den is None:
        return ""
    return f"Tỷ lệ = ({num.label.vi}) / ({den.label.vi}) × 100 %. "


def _band_text(band: Band) -> str:
    low = "" if band.min is None else f"{'≥' if band.min_inclusive else '>'} {written(band.min)} %"
    high = "" if band.max is None else f"{'≤' if band.max_inclusive else '<'} {written(band.max)} %"
    return " và ".join(part for part in (low, high) if part) or "Mọi tỷ lệ"
