"""Self-assessment templates: one .xlsx per unit, in the grid officers know, written by xlsxwriter.

The layout (sheets, columns, row keys) is in ``layout``; the instructions sheet and the grid's
cell rules (formats, validations, formulas) are here. Input cells are yellow and unlocked;
everything else is protected without a password, so an officer cannot break the structure by
accident but can still unprotect the sheet if the province allows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from par_index import __version__
from par_index.criteria.model import (
    Band,
    CriteriaSet,
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
from par_index.io import write_bytes_atomic
from par_index.numbers import display
from par_index.rules import NO, YES
from par_index.text import clean
from par_index.units import Unit
from par_index.workbook.layout import (
    COLUMN_INDEX,
    COLUMNS,
    DATE_FORMAT,
    FIRST_GRID_ROW,
    FORMAT_VERSION,
    GRID_HEADER_ROW,
    HEADER_FIRST_ROW,
    HEADER_KEYS,
    HEADER_LABELS,
    NOT_SELF_SCORED,
    NUMBER_ROW,
    SHEET_GRID,
    SHEET_GUIDE,
    SHEET_META,
    Col,
    RowKind,
    RowSpec,
    choice_labels,
    grid_rows,
    has_answer_cell,
)

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))}
_RESERVED |= {f"LPT{i}" for i in range(1, 10)}
MAX_NAME_CHARS = 100
MAX_NAME_BYTES = 180
"""File-name caps: short enough for Windows paths, and for Linux's 255 bytes in UTF-8."""
PARALLEL_FROM = 40
"""Write in a process pool from this many templates on."""


@dataclass(frozen=True)
class TemplateContext:
    """What a template says besides the criteria: the period and whom to ask."""

    period: str
    """Assessment period, usually the year ("2021")."""
    deadline: dt.date | None = None
    """Self-assessment deadline shown in the instructions."""
    contact: str | None = None
    """Whom commune officers ask (name, phone, mail)."""
    producer: str | None = None
    """Who sends the template, e.g. "Phòng Nội vụ huyện Quảng Điền"."""
    title: str | None = None
    """Title over the grid (default: the criteria set's title)."""
    generated_at: dt.datetime | None = None
    """Time written in _meta (default: now); fixed by scripts that must be reproducible."""


def template_filename(unit: Unit, period: str | None = None) -> str:
    """A Windows-safe NFC file name carrying the unit's code and Vietnamese name (and period)."""
    suffix = f"_{safe_part(period)}.xlsx" if period else ".xlsx"
    stem = f"{safe_part(unit.code)}_{safe_part(unit.name)}"
    while stem and _too_long(stem + suffix):
        stem = stem[:-1].rstrip(" ._-")
    if stem.split("_")[0].upper() in _RESERVED:
        stem = "_" + stem
    return stem + suffix


def safe_part(text: str) -> str:
    """One part of a file name: no characters Windows refuses, no trailing dot or space."""
    text = _FORBIDDEN.sub("-", unicodedata.normalize("NFC", clean(text)))
    return re.sub(r"-{2,}", "-", text).strip(" .") or "-"


def _too_long(name: str) -> bool:
    return len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES


def write_template(path: Path, cs: CriteriaSet, unit: Unit, ctx: TemplateContext) -> Path:
    """Write one unit's template atomically (the prototype of its unit type, personalised)."""
    when = ctx.generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    parts = _prototype(cs, unit.unit_type, dataclasses.replace(ctx, generated_at=None))
    return write_bytes_atomic(path, _personalise(parts, unit, when))


def write_templates(
    folder: Path,
    cs: CriteriaSet,
    units: Sequence[Unit],
    ctx: TemplateContext,
    *,
    workers: int | None = None,
) -> list[Path]:
    """One template per unit in ``folder``, in the units' order; a pool of processes for many."""
    names = _unique_names(units, ctx.period)
    when = ctx.generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    ctx = dataclasses.replace(ctx, generated_at=when)
    jobs = [(folder / name, unit) for name, unit in zip(names, units, strict=True)]
    count = workers or (min(os.cpu_count() or 1, 8) if len(jobs) >= PARALLEL_FROM else 1)
    if count <= 1:
        return _write_chunk(cs, ctx, jobs)
    chunks = [jobs[i::count] for i in range(count)]
    with ProcessPoolExecutor(max_workers=count) as pool:
        done = list(pool.map(_write_chunk, [cs] * count, [ctx] * count, chunks))
    written = {path for chunk in done for path in chunk}
    return [path for path, _ in jobs if path in written]


def _write_chunk(cs: CriteriaSet, ctx: TemplateContext, jobs: list[tuple[Path, Unit]]):
    return [write_template(path, cs, unit, ctx) for path, unit in jobs]


def _unique_names(units: Sequence[Unit], period: str) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for unit in units:
        name = template_filename(unit, period)
        key = name.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            name = name.removesuffix(".xlsx") + f"_{seen[key]}.xlsx"
        names.append(name)
    return names


# -- the workbook ---------------------------------------------------------------------------
# A unit type's workbook is built once with xlsxwriter, with tokens where the unit's own words
# go; each unit's file is that prototype with the tokens replaced (a few ms instead of ~50 ms,
# so that 3,321 templates take seconds). Tokens are plain ASCII, so they survive xlsxwriter's
# escaping and sit whole inside the shared strings and document properties.
_TOKENS = {
    "code": "@@PAR-UNIT-CODE@@",
    "name": "@@PAR-UNIT-NAME@@",
    "head": "@@PAR-UNIT-HEAD@@",
    "when": "@@PAR-GENERATED-AT@@",
}
_PROTOTYPES: dict[tuple, dict[str, bytes]] = {}


def _prototype(cs: CriteriaSet, unit_type: str, ctx: TemplateContext) -> dict[str, bytes]:
    """The unit type's workbook with tokens, as zip member name -> uncompressed bytes."""
    key = (cs.id, cs.content_hash, unit_type, ctx)
    if key not in _PROTOTYPES:
        if len(_PROTOTYPES) > 32:
            _PROTOTYPES.clear()
        buffer = io.BytesIO()
        placeholder = Unit(
            code=_TOKENS["code"], name=_TOKENS["name"], unit_type=unit_type,
            head_name=_TOKENS["head"],
        )  # fmt: skip
        _build(buffer, cs, placeholder, ctx, grid_rows(cs, unit_type))
        with zipfile.ZipFile(buffer) as archive:
            _PROTOTYPES[key] = {i.filename: archive.read(i) for i in archive.infolist()}
    return _PROTOTYPES[key]


def _personalise(parts: dict[str, bytes], unit: Unit, when: dt.datetime) -> bytes:
    values = {"code": unit.code, "name": unit.name, "head": _head(unit), "when": when.isoformat()}
    swaps = [(_TOKENS[k].encode(), _xml_text(v)) for k, v in values.items()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if b"@@PAR-" in data:
                for token, value in swaps:
                    data = data.replace(token, value)
            archive.writestr(_zip_info(name), data)
    return buffer.getvalue()


def _xml_text(value: str) -> bytes:
    """Text safe inside an XML element: escaped, without the control characters XML forbids."""
    return xml_escape(_CONTROL.sub("", value)).encode("utf-8")


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _build(target, cs: CriteriaSet, unit: Unit, ctx: TemplateContext, plan) -> None:
    book = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "in_memory": True})
    book.set_properties(
        {
            "title": f"Tự chấm điểm CCHC {ctx.period} - {unit.name}",
            "author": ctx.producer or "par-index",
            "comments": f"par-index {__version__}, {cs.id} {cs.version}",
        }
    )
    styles = Styles(book)
    guide = book.add_worksheet(SHEET_GUIDE)
    grid = book.add_worksheet(SHEET_GRID)
    meta = book.add_worksheet(SHEET_META)
    lists = ListSource(meta)
    _write_guide(guide, styles, cs, unit, ctx)
    _write_header(grid, styles, cs, unit, ctx)
    _write_grid(grid, styles, lists, cs, unit.unit_type, plan)
    _write_meta(meta, styles, cs, unit, ctx, _TOKENS["when"])
    _page_setup(grid, len(plan))
    grid.activate()
    book.close()


def _write_header(grid, styles: Styles, cs: CriteriaSet, unit: Unit, ctx) -> None:
    last = len(COLUMNS) - 1
    first = COLUMN_INDEX[Col.STT]
    title = f"BẢNG TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {ctx.period}".upper()
    grid.merge_range(0, first, 0, last, title, styles["title"])
    grid.set_row(0, 24)
    grid.merge_range(1, first, 1, last, ctx.title or cs.title.vi, styles["subtitle"])
    label_col, value_col = COLUMN_INDEX[Col.CRITERION], COLUMN_INDEX[Col.FIGURES]
    values = {"unit": unit.name, "head": _head(unit)}
    for offset, (field, key) in enumerate(HEADER_KEYS.items()):
        row = HEADER_FIRST_ROW + offset
        grid.write_string(row, COLUMN_INDEX[Col.KEY], key, styles["key"])
        grid.write_string(row, label_col, HEADER_LABELS[field], styles["label"])
        style = {"unit": "head_fixed", "date": "head_date", "phone": "head_phone"}.get(
            field, "head_input"
        )
        grid.merge_range(row, value_col, row, value_col + 2, "", styles[style])
        if values.get(field):
            grid.write_string(row, value_col, values[field], styles[style])
    _header_validations(grid, value_col)
    note_row = HEADER_FIRST_ROW + len(HEADER_KEYS)
    grid.merge_range(note_row, first, note_row, last, GRID_NOTE, styles["note"])


def _head(unit: Unit) -> str:
    return " - ".join(part for part in (unit.head_name, unit.head_title) if part)


def _write_meta(meta, styles: Styles, cs: CriteriaSet, unit: Unit, ctx, when) -> None:
    values = {
        "criteria_id": cs.id,
        "criteria_version": cs.version,
        "criteria_hash": cs.content_hash,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "unit_type": unit.unit_type,
        "period": ctx.period,
        "generated_at": when,
        "tool_version": __version__,
        "template_format": FORMAT_VERSION,
    }
    meta.set_column(0, 0, 18)
    meta.set_column(1, 1, 70)
    for row, (key, value) in enumerate(values.items()):
        meta.write_string(row, 0, key)
        meta.write_string(row, 1, value)
    meta.protect()
    meta.hide()


def _page_setup(grid, rows: int) -> None:
    for index, column in enumerate(COLUMNS):
        options = {"hidden": True} if column.id == Col.KEY else None
        grid.set_column(index, index, column.width, None, options)
    grid.freeze_panes(FIRST_GRID_ROW, COLUMN_INDEX[Col.MAX])
    grid.set_landscape()
    grid.set_paper(9)
    grid.fit_to_pages(1, 0)
    grid.repeat_rows(GRID_HEADER_ROW, NUMBER_ROW)
    grid.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    grid.set_footer("&CTrang &P/&N")
    last = xl_rowcol_to_cell(FIRST_GRID_ROW + rows - 1, len(COLUMNS) - 1)
    grid.print_area(f"B1:{last}")
    grid.protect(
        "",
        {
            "format_columns": True,
            "format_rows": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )


# -- styles and drop-down sources -------------------------------------------------------------
_BASE = {"font_name": "Times New Roman", "font_size": 11, "valign": "top", "text_wrap": True}
_BOX = {"border": 1, "border_color": "#808080"}
_INPUT = {"bg_color": "#FFF2CC", "locked": False}
_GREY = {"bg_color": "#E7E6E6", "font_color": "#595959", "italic": True}
_CENTER = {"align": "center"}
_STYLES: dict[str, dict] = {
    "title": {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"},
    "subtitle": {"italic": True, "align": "center"},
    "label": {"bold": True, "align": "right"},
    "head_fixed": {"bold": True, "bottom": 1},
    "head_input": {**_INPUT, "bottom": 1},
    "head_phone": {**_INPUT, "bottom": 1, "num_format": "@"},
    "head_date": {**_INPUT, "bottom": 1, "num_format": DATE_FORMAT, "align": "left"},
    "note": {"italic": True, "font_color": "#7F6000"},
    "key": {"font_size": 8, "font_color": "#808080"},
    "th": {**_BOX, **_CENTER, "bold": True, "valign": "vcenter", "bg_color": "#D9E1F2"},
    "number": {**_BOX, **_CENTER, "italic": True, "font_size": 9, "bg_color": "#D9E1F2"},
    "area": {**_BOX, "bold": True, "bg_color": "#DDEBF7"},
    "area_c": {**_BOX, **_CENTER, "bold": True, "bg_color": "#DDEBF7"},
    "parent": {**_BOX, "bold": True},
    "parent_c": {**_BOX, **_CENTER, "bold": True},
    "cell": {**_BOX},
    "cell_c": {**_BOX, **_CENTER},
    "figure": {**_BOX, "italic": True, "indent": 1},
    "input": {**_BOX, **_INPUT},
    "input_c": {**_BOX, **_INPUT, **_CENTER},
    "input_date": {**_BOX, **_INPUT, **_CENTER, "num_format": DATE_FORMAT},
    "grey": {**_BOX, **_GREY},
    "grey_c": {**_BOX, **_GREY, **_CENTER},
    "total": {**_BOX, "bold": True, "bg_color": "#FCE4D6"},
    "total_c": {**_BOX, **_CENTER, "bold": True, "bg_color": "#FCE4D6"},
    "guide_title": {"bold": True, "font_size": 14},
    "guide_head": {"bold": True, "font_size": 12},
    "guide_text": {},
}


class Styles:
    """The workbook's cell formats by name, created on first use."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self._book = book
        self._made: dict[str, object] = {}

    def __getitem__(self, name: str):
        if name not in self._made:
            self._made[name] = self._book.add_format({**_BASE, **_STYLES[name]})
        return self._made[name]


class ListSource:
    """A drop-down's source: an inline list when Excel allows it, else a range on _meta."""

    def __init__(self, meta) -> None:
        self._meta = meta
        self._ranges: dict[tuple[str, ...], str] = {}

    def __call__(self, items: list[str]) -> dict:
        if all("," not in i and '"' not in i for i in items) and len(",".join(items)) <= 250:
            return {"validate": "list", "source": items}
        key = tuple(items)
        if key not in self._ranges:
            column = 3 + len(self._ranges)
            for row, item in enumerate(items):
                self._meta.write_string(row, column, item)
            first = xl_rowcol_to_cell(0, column, True, True)
            last = xl_rowcol_to_cell(len(items) - 1, column, True, True)
            self._ranges[key] = f"='{SHEET_META}'!{first}:{last}"
        return {"validate": "list", "source": self._ranges[key]}


# -- the grid ---------------------------------------------------------------------------------
GRID_NOTE = (
    "Chỉ nhập vào các ô nền vàng. Dòng nền xám: đơn vị không tự chấm. "
    "Điểm lĩnh vực và tổng điểm tự cộng. Xem cách điền ở trang 'Hướng dẫn'."
)


@dataclass(frozen=True)
class _Formula:
    text: str


def _write_grid(grid, styles: Styles, lists: ListSource, cs, unit_type: str, plan) -> None:
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
            _validations(grid, lists, row, spec)


def _put(grid, row: int, col: int, value, style) -> None:
    if value is None or value == "":
        grid.write_blank(row, col, None, style)
    elif isinstance(value, _Formula):
        grid.write_formula(row, col, value.text, style, 0)
    elif isinstance(value, Decimal):
        grid.write_number(row, col, _xl(value), style)
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
        title = spec.node.title.vi.upper()
        return _line(spec, _roman(area_number), title, _subtotal(index, ends[index]), "area")
    if spec.kind == RowKind.SECTION:
        name = "ĐIỂM THƯỞNG" if spec.section == "bonus" else "ĐIỂM TRỪ (ghi số điểm bị trừ)"
        inner = _subtotal(index, ends[index])
        value = (
            inner
            if isinstance(inner, Decimal)
            else _Formula(f"=MIN({inner.text[1:]},{_number(spec.max)})")
        )
        return _line(spec, "", f"{name} (tối đa {display(spec.max)} điểm)", value, "area")
    if spec.kind == RowKind.TOTAL:
        return _line(spec, "", "TỔNG ĐIỂM TỰ CHẤM", _total_formula(plan), "total")
    if spec.kind == RowKind.FIGURE:
        return _figure_values(spec)
    if not spec.is_leaf:
        return _line(spec, spec.code, spec.node.title.vi, _subtotal(index, ends[index]), "parent")
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
    node = spec.node
    own = spec.self_scored
    style, box = ("input", "cell") if own else ("grey", "grey")
    answer = ("", "input_c") if own and has_answer_cell(node) else (None, box)
    evidence = node.evidence.document.vi if node.evidence else ""
    return [
        (spec.key, "key"),
        (node.code, f"{box}_c"),
        (node.title.vi, box),
        (spec.max, f"{box}_c"),
        answer,
        (describe_method(node, spec.max), box),
        (evidence, box),
        ("", "input_c") if own else (NOT_SELF_SCORED, "grey_c"),
        ("", style),
        ("", style),
    ]


def _figure_values(spec: RowSpec) -> list:
    figure, own = spec.figure, spec.node.scorer == ScoredBy.UNIT
    unit = "%" if figure.type == FigureType.PERCENT else figure.unit
    label = f"– {figure.label.vi}" + (f" ({unit})" if unit else "")
    box = "cell" if own else "grey"
    value_style = ("input_date" if figure.type == FigureType.DATE else "input_c") if own else box
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
            per_line = max(int(column.width * (0.85 if wide else 1.1)), 4)
            needed = sum(-(-len(part) // per_line) or 1 for part in value.split("\n"))
            lines = max(lines, needed)
    if lines > 1:
        grid.set_row(row, 15 * lines + 2)


# -- validations and method texts -------------------------------------------------------------
def _xl(value: Decimal) -> int | float:
    """A Decimal as the spreadsheet number xlsxwriter writes (whole numbers without ".0")."""
    return int(value) if value == value.to_integral_value() else float(value)


def _number(value: Decimal) -> str:
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


def _validations(grid, lists: ListSource, row: int, spec: RowSpec) -> None:
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
        text = f"Nhập số điểm từ 0 đến {display(most)} (dấu phẩy hoặc dấu chấm thập phân)."
        rule = {"validate": "decimal", "criteria": "between", "minimum": 0,
                "maximum": _xl(most)}  # fmt: skip
        return {**rule, **_messages("Điểm tự chấm", text)}
    cell = xl_rowcol_to_cell(row, col)
    formula = "=OR(" + ",".join(f"{cell}={_number(v)}" for v in allowed) + ")"
    text = "Chỉ nhận một trong các mức: " + "; ".join(display(v) for v in allowed) + " điểm."
    return {"validate": "custom", "value": formula, **_messages("Điểm tự chấm", text)}


def _figure_rule(figure: Figure, lists: ListSource) -> dict | None:
    low, high = figure.min, figure.max
    if figure.type == FigureType.COUNT:
        low = Decimal(0) if low is None else low
        text = "Nhập số nguyên, không âm" + (f", tối đa {display(high)}" if high else "") + "."
        return {**_bounds("integer", low, high), **_messages("Số liệu", text)}
    if figure.type == FigureType.PERCENT:
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None else high
        text = f"Nhập tỷ lệ từ {display(low)} đến {display(high)}, không gõ dấu %."
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
        return {"validate": kind, "criteria": "between", "minimum": _xl(low),
                "maximum": _xl(high)}  # fmt: skip
    if low is not None:
        return {"validate": kind, "criteria": ">=", "value": _xl(low)}
    return {"validate": kind, "criteria": "<=", "value": _xl(high)}


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


def _header_validations(grid, value_col: int) -> None:
    row = HEADER_FIRST_ROW + list(HEADER_KEYS).index("date")
    rule = {**_date_rule(), **_messages("Ngày gửi", "Nhập ngày/tháng/năm, ví dụ 05/12/2025.")}
    grid.data_validation(row, value_col, row, value_col, rule)


def describe_method(node: Criterion, most: Decimal) -> str:
    """The scoring-method text: the set's own words, else one generated from the rule."""
    if node.method is not None:
        return node.method.vi
    rule = node.rule
    pts = display
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
    low = "" if band.min is None else f"{'≥' if band.min_inclusive else '>'} {display(band.min)} %"
    high = "" if band.max is None else f"{'≤' if band.max_inclusive else '<'} {display(band.max)} %"
    return " và ".join(part for part in (low, high) if part) or "Mọi tỷ lệ"


# -- the instructions sheet -------------------------------------------------------------------
def _write_guide(guide, styles: Styles, cs: CriteriaSet, unit: Unit, ctx: TemplateContext) -> None:
    guide.set_column(0, 0, GUIDE_WIDTH)
    guide.hide_gridlines(2)
    per_line = int(GUIDE_WIDTH * 1.05)
    for row, (style, line) in enumerate(_guide_lines(cs, unit, ctx)):
        guide.write_string(row, 0, line, styles[style])
        if len(line) > per_line:
            guide.set_row(row, 15 * -(-len(line) // per_line) + 2)
    guide.set_landscape()
    guide.set_paper(9)
    guide.fit_to_pages(1, 0)
    guide.protect()


GUIDE_WIDTH = 100


def _guide_lines(cs: CriteriaSet, unit: Unit, ctx: TemplateContext) -> list[tuple[str, str]]:
    docs = "; ".join(
        f"{d.number}" + (f" ngày {d.date:%d/%m/%Y}" if d.date else "") + f" của {d.issuer}"
        for d in cs.documents
    )
    deadline = f"{ctx.deadline:%d/%m/%Y}" if ctx.deadline else "theo kế hoạch của cơ quan thẩm định"
    lines = [
        ("guide_title", f"HƯỚNG DẪN TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {ctx.period}"),
        ("guide_text", f"Đơn vị: {unit.name} (mã {unit.code})"),
        ("guide_text", f"Bộ tiêu chí: {cs.title.vi} (mã {cs.id}, phiên bản {cs.version})"),
        ("guide_text", f"Căn cứ: {docs}"),
        ("guide_head", f"Hạn gửi bảng tự chấm: {deadline}"),
    ]
    if ctx.producer:
        lines.append(("guide_text", f"Nơi nhận: {ctx.producer}"))
    if ctx.contact:
        lines.append(("guide_text", f"Cần hỏi, liên hệ: {ctx.contact}"))
    lines += [("guide_text", ""), ("guide_head", "CÁCH ĐIỀN (trang 'Tự chấm điểm')")]
    lines += [("guide_text", step) for step in _STEPS]
    lines += [("guide_text", ""), ("guide_head", "LƯU Ý")]
    lines += [("guide_text", note) for note in _NOTES]
    if cs.illustrative is not None:
        lines.append(("guide_text", f"Ghi chú về bộ tiêu chí: {cs.illustrative.vi}"))
    return lines


_STEPS = (
    "1. Điền phần đầu trang: người lập biểu (họ tên, chức vụ), số điện thoại, ngày gửi "
    "(ngày/tháng/năm).",
    "2. Chỉ nhập vào các ô nền vàng; các ô khác được khóa để giữ đúng biểu mẫu.",
    "3. Cột 'Số liệu kê khai': chọn Có / Không / mức đạt được trong danh sách thả xuống. Tiêu chí "
    "tính theo số liệu có các dòng số liệu bên dưới: nhập số nguyên; tỷ lệ nhập số từ 0 đến 100, "
    "không gõ dấu %.",
    "4. Cột 'Điểm tự chấm': nhập điểm từng tiêu chí thành phần, không vượt quá điểm tối đa "
    "(ví dụ 1,5 hoặc 1.5). Điểm lĩnh vực và tổng điểm tự cộng.",
    "5. Cột 'Tài liệu kiểm chứng': mỗi tài liệu một dòng (Alt+Enter để xuống dòng) hoặc ngăn cách "
    "bằng dấu chấm phẩy; ghi đủ số ký hiệu, ngày ban hành, cơ quan ban hành và trang/mục có nội "
    "dung chứng minh. Ví dụ: Kế hoạch số 12/KH-UBND ngày 05/3/2025 của UBND xã, trang 2, mục II.",
    "6. Cột 'Giải trình': ghi rõ lý do khi tự chấm thấp hơn điểm tối đa hoặc khi tài liệu kiểm "
    "chứng chưa đầy đủ.",
    "7. Dòng nền xám ghi 'Không tự chấm': tiêu chí do Hội đồng thẩm định chấm hoặc lấy từ kết quả "
    "điều tra xã hội học; đơn vị không nhập điểm.",
    "8. Điểm thưởng: ghi số điểm đề nghị cộng. Điểm trừ: ghi số điểm bị trừ (số dương). Mỗi phần "
    "không vượt quá mức tối đa ghi ở dòng tiêu đề của phần đó.",
)
_NOTES = (
    "- Không đổi tên, thêm hoặc xóa trang tính; không xóa dòng tiêu chí; không sửa điểm tối đa. "
    "Tệp bị sửa cấu trúc sẽ không được tiếp nhận.",
    "- Lưu đúng định dạng Excel (.xlsx); không lưu sang .xls, .ods, không đặt mật khẩu.",
    "- Gửi lại đúng tệp đã nhận (tên tệp có mã đơn vị); không dùng biểu mẫu của năm trước hoặc "
    "của đơn vị khác.",
)
