"""Synthetic, internally consistent self-assessments: the example district, the benchmarks
and the tests start from these rows and plant weaknesses on top.

``good_rows`` gives, for every self-scored criterion of a unit type, what a careful officer
types (answer, figures, evidence with number, date, issuer and page) and the score the rule
engine gives for it. ``fill_workbook`` types rows into a template the way Excel stores what was
typed (openpyxl load, set, save). Rows map a criterion code to a dict with any of ``score``,
``answer``, ``figures`` ({name: value}), ``evidence`` and ``explanation``; every value is
written as given (a str stays text, a number a number, a date a date, None clears the cell),
except that a number typed into a percent cell is stored as Excel stores it (80 as 0.8).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    DeductionRule,
    EvidenceKind,
    FigureType,
    LevelsRule,
    PerEventRule,
    ProportionalRule,
    ScoredBy,
    ThresholdsRule,
)
from par_index.rules import NO, YES, Answers, evaluate
from par_index.text import strip_accents
from par_index.workbook.formats import is_percent_format
from par_index.workbook.layout import COLUMNS, HEADER_KEYS, SHEET_GRID, Col

ROW_FIELDS = {
    "score": Col.SELF_SCORE,
    "answer": Col.FIGURES,
    "evidence": Col.EVIDENCE,
    "explanation": Col.EXPLANATION,
}
"""Row dict key -> the column it is written to (``figures`` go to their own rows)."""
_SYMBOLS = (("Kế hoạch", "KH"), ("Báo cáo", "BC"), ("Quyết định", "QĐ"), ("Thông báo", "TB"))


def default_period(cs: CriteriaSet) -> str:
    """The last year the set is used for, else "2024"."""
    return str(cs.years[-1]) if cs.years else "2024"


def good_header(period: str) -> dict[str, Any]:
    """A complete header block: preparer, phone and a submission date early in December."""
    return {
        "preparer": "Trần Thị Bình - Công chức Văn phòng - Thống kê",
        "phone": "0234 3551 234",
        "date": dt.date(int(period), 12, 5),
    }


def fill_workbook(
    template: Path, out: Path, rows: dict[str, dict], header: dict | None = None
) -> Path:
    """Type ``rows`` and ``header`` into a copy of ``template`` saved as ``out`` (openpyxl)."""
    book = openpyxl.load_workbook(template)
    sheet = book[SHEET_GRID]
    cols, keys = locate(sheet)
    for field, value in (header or {}).items():
        if field not in HEADER_KEYS:
            raise ValueError(f"unknown header field {field!r}; use one of {list(HEADER_KEYS)}")
        sheet.cell(keys[HEADER_KEYS[field]], cols[Col.FIGURES]).value = value
    for code, row in rows.items():
        _fill_row(sheet, cols, keys, code, row)
    book.save(out)
    return out


def locate(sheet) -> tuple[dict[Col, int], dict[str, int]]:
    """(column id -> 1-based column, row key -> 1-based row) of an openpyxl grid sheet."""
    headers = {c.header: c.id for c in COLUMNS}
    for row in sheet.iter_rows(max_row=60):
        found = {headers[c.value]: c.column for c in row if c.value in headers}
        if Col.KEY in found and Col.SELF_SCORE in found:
            column = found[Col.KEY]
            cells = next(sheet.iter_cols(min_col=column, max_col=column))
            keys = {
                c.value.strip(): c.row
                for c in cells
                if isinstance(c.value, str) and c.value.strip()
            }
            keys.pop(COLUMNS[0].header, None)
            return found, keys
    raise ValueError(f"no grid header row in sheet {sheet.title!r}")


def _fill_row(sheet, cols, keys, code: str, row: dict) -> None:
    key = f"crit:{code}"
    if key not in keys:
        raise KeyError(f"no row for criterion {code!r} in the template")
    for field, value in row.items():
        if field == "figures":
            for name, figure_value in value.items():
                figure_key = f"fig:{code}:{name}"
                if figure_key not in keys:
                    raise KeyError(f"criterion {code!r} has no figure {name!r}")
                _type(sheet.cell(keys[figure_key], cols[Col.FIGURES]), figure_value)
        elif field in ROW_FIELDS:
            sheet.cell(keys[key], cols[ROW_FIELDS[field]]).value = value
        else:
            raise ValueError(f"unknown row field {field!r}; use {[*ROW_FIELDS, 'figures']}")


def _type(cell, value: Any) -> None:
    """A value typed into a cell as Excel stores it: a number typed into a percent cell is a
    percentage (80 is stored as 0.8, shown 80 %); text stays text."""
    number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    if number and is_percent_format(cell.number_format):
        value = Decimal(str(value)).scaleb(-2)
    cell.value = value


# -- a clean, consistent set of rows ----------------------------------------------------------
def good_rows(
    cs: CriteriaSet,
    unit_type: str,
    *,
    period: str | None = None,
    issuer: str = "UBND xã Quảng An",
    partial: Iterable[str] | None = None,
    failed: Iterable[str] = (),
) -> dict[str, dict]:
    """A fully and correctly filled workbook's rows, internally consistent.

    Every self-scored leaf (and bonus/penalty item) that applies to ``unit_type`` gets its
    answer and figures, the score the rule engine gives for them, and evidence with a number,
    a date inside ``period``, ``issuer`` and a page; every document is cited once. Figures are
    those of a unit doing well: ratios at 100 %, counts of bad events 0, yes/no figures "Không",
    consistency checks (``le``, ``sum``) satisfied; penalties are 0. One criterion
    (the first levels or thresholds one) is deliberately below its maximum, with an
    explanation, so the workbook is not "everything at the max" (``partial`` names the codes
    to answer below the maximum instead; ``failed`` the codes the unit did not achieve at all:
    "Không", the lowest level, a ratio in the lowest band, many violations, no bonus events).
    Pass a different ``issuer`` per unit when several units must not look copied.
    """
    year = int(period or default_period(cs))
    leaves = _self_scored(cs, unit_type)
    below = set(partial) if partial is not None else {_partial_target(leaves)}
    missed = set(failed)
    penalties = {item.code for name, item in cs.extras_items() if name == "penalty"}
    rows: dict[str, dict] = {}
    for index, node in enumerate(leaves):
        level = "failed" if node.code in missed else "partial" if node.code in below else "full"
        written, engine = _answers(node, year, level=level, penalty=node.code in penalties)
        result = evaluate(cs, node, engine, unit_type)
        row: dict[str, Any] = {"score": result.points}
        if written.get("answer") is not None:
            row["answer"] = written["answer"]
        if written["figures"]:
            row["figures"] = written["figures"]
        if result.points and result.points > 0:
            row["evidence"] = _evidence(index, year, issuer, node)
        if (
            node.code not in penalties
            and result.points is not None
            and result.points < result.possible
        ):
            row["explanation"] = (
                "Chưa đạt điểm tối đa do một số nhiệm vụ hoàn thành chậm; đơn vị đã có kế "
                "hoạch khắc phục trong năm tới."
            )
        rows[node.code] = row
    return rows


def _self_scored(cs: CriteriaSet, unit_type: str) -> list[Criterion]:
    items = [*cs.leaves(), *(item for _, item in cs.extras_items())]
    return [
        n
        for n in items
        if n.scorer == ScoredBy.UNIT and n.is_leaf and cs.max_for(n, unit_type) is not None
    ]


def _partial_target(leaves: list[Criterion]) -> str | None:
    for kind in (LevelsRule, ThresholdsRule, ProportionalRule):
        for node in leaves:
            if isinstance(node.rule, kind):
                return node.code
    return None


def _answers(node: Criterion, year: int, *, level: str, penalty: bool) -> tuple[dict, Answers]:
    """(what the officer types, what the reader gives the engine) for one criterion."""
    figures = {f.name: _default_figure(f, year) for f in node.figures if f.source is None}
    for name in _override_figures(node):  # "lost dossiers > 0 -> 0 points": a careful unit has none
        if name in figures and isinstance(figures[name][1], Decimal):
            figures[name] = _as_typed(Decimal(0))
    answer = _answer(node, level)
    _ratio_figures(node, figures, level)
    _event_figures(node, figures, level, penalty)
    _satisfy_checks(node, figures)
    written = {name: value[0] for name, value in figures.items()}
    engine = {name: value[1] for name, value in figures.items()}
    return {"answer": answer, "figures": written}, Answers(answer=answer, figures=engine)


def _override_figures(node: Criterion) -> set[str]:
    names: set[str] = set()
    pending = [override.when for override in node.overrides]
    while pending:
        cond = pending.pop()
        pending += [*(cond.all or []), *(cond.any or [])]
        if cond.figure and cond.criterion in (None, node.code):
            names.add(cond.figure)
    return names


def _default_figure(figure, year: int) -> tuple[Any, Any]:
    kind = figure.type
    if kind == FigureType.YES_NO:
        return NO, False
    if kind == FigureType.CHOICE:
        return figure.choices[0], figure.choices[0]
    if kind == FigureType.DATE:
        return dt.date(year, 6, 15), dt.date(year, 6, 15)
    full = figure.max if figure.max is not None else 1
    value = {FigureType.COUNT: 0, FigureType.PERCENT: 100, FigureType.NUMBER: 1}.get(kind, full)
    if figure.max is not None:
        value = min(Decimal(value), figure.max)
    if figure.min is not None:
        value = max(Decimal(value), figure.min)
    return _as_typed(Decimal(value))


def _as_typed(value: Decimal) -> tuple[Any, Decimal]:
    typed = int(value) if value == value.to_integral_value() else value
    return typed, value


def _answer(node: Criterion, level: str) -> str | None:
    rule = node.rule
    if getattr(rule, "kind", None) == "yes_no":
        return NO if level == "failed" else YES
    if isinstance(rule, LevelsRule):
        worth = [(lvl.points, lvl.percent) for lvl in rule.levels]
        middle = [
            i
            for i, (points, percent) in enumerate(worth)
            if (percent is not None and 0 < percent < 100) or (points is not None and points > 0)
        ]
        choice = {"partial": middle[0] if middle else 0, "failed": len(rule.levels) - 1}
        return rule.levels[choice.get(level, 0)].label.vi
    return None


def _ratio_figures(node: Criterion, figures: dict, level: str) -> None:
    rule = node.rule
    if not isinstance(rule, ThresholdsRule | ProportionalRule):
        return
    percent = {"partial": _target_percent(rule), "failed": Decimal(40)}.get(level, Decimal(100))
    if rule.figure is not None:
        figures[rule.figure] = _as_typed(percent)
        return
    assert rule.ratio is not None  # a valid set gives the rule a figure or a ratio
    denominator = Decimal(1000)
    figures[rule.ratio.denominator] = _as_typed(denominator)
    figures[rule.ratio.numerator] = _as_typed((percent * denominator / 100).to_integral_value())


def _target_percent(rule: ThresholdsRule | ProportionalRule) -> Decimal:
    """A percentage inside the second band (thresholds) or 90 % (proportional)."""
    if isinstance(rule, ProportionalRule) or len(rule.bands) < 2:
        return Decimal(90)
    band = rule.bands[1]
    if band.min is not None:
        return band.min if band.min_inclusive else band.min + Decimal("0.5")
    return band.max - Decimal("0.5") if band.max is not None else Decimal(50)


def _event_figures(node: Criterion, figures: dict, level: str, penalty: bool) -> None:
    rule = node.rule
    if isinstance(rule, DeductionRule):
        events = {"partial": Decimal(1), "failed": -(-node.max // rule.each)}.get(level, 0)
        figures[rule.figure] = _as_typed(Decimal(events))
    elif isinstance(rule, PerEventRule):
        events = 0 if penalty or level == "failed" else -(-node.max // rule.each)
        figures[rule.figure] = _as_typed(Decimal(events))


def _satisfy_checks(node: Criterion, figures: dict) -> None:
    """Make the figures consistent with the set's checks, keeping the rule's own figures."""
    fixed = _rule_figures(node)
    for _ in range(2):
        for check in node.checks:
            if check.kind == "le" and figures[check.left][1] > figures[check.right][1]:
                figures[check.right] = figures[check.left]
            elif check.kind == "sum" and check.total is not None:
                _balance(check.total, check.parts, figures, fixed)


def _rule_figures(node: Criterion) -> set[str]:
    ratio = getattr(node.rule, "ratio", None)
    names = {ratio.numerator, ratio.denominator} if ratio is not None else set()
    figure = getattr(node.rule, "figure", None)
    return names | ({figure} if isinstance(figure, str) else set())


def _balance(total: str, parts: list[str], figures: dict, fixed: set[str]) -> None:
    """Parts add up to the total: adjust a free part when the total is the rule's own figure."""
    free = [p for p in parts if p not in fixed]
    if total in fixed and free:
        rest = sum((figures[p][1] for p in parts if p != free[0]), Decimal(0))
        figures[free[0]] = _as_typed(max(figures[total][1] - rest, Decimal(0)))
        if figures[free[0]][1] + rest == figures[total][1]:
            return
    figures[total] = _as_typed(sum((figures[p][1] for p in parts), Decimal(0)))


def _evidence(index: int, year: int, issuer: str, node: Criterion) -> str:
    """A citation of the issuer's own document: numbers differ between issuers, as two
    communes' registers do (the same number and date in two units reads as copied evidence).
    A criterion that takes no document gets the issuer's web page, or a file."""
    accepts = node.evidence.accepts if node.evidence is not None else [EvidenceKind.DOCUMENT]
    if EvidenceKind.DOCUMENT not in accepts:
        slug = "".join(ch for ch in strip_accents(issuer) if ch.isalnum())
        if EvidenceKind.WEB in accepts:
            return f"https://{slug}.gov.vn/cchc"
        return f"{slug}-minh-chung-{index + 1}.pdf"
    kind, symbol = _SYMBOLS[index % len(_SYMBOLS)]
    issued = dt.date(year, 1 + index % 11, 1 + (index * 7) % 28)
    first = 10 + zlib.crc32(issuer.encode("utf-8")) % 4000
    return (
        f"{kind} số {first + index}/{symbol}-UBND ngày {issued:%d/%m/%Y} của {issuer}, "
        f"trang {1 + index % 9}"
    )
