"""Writing the appraisal workbook for the council (xlsxwriter, atomically)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from par_index.appraisal.bodies import BodyConfig
from par_index.appraisal.model import (
    BODY_COLUMN,
    COL,
    COLUMNS,
    GUIDE_LINES,
    HEADER_ROW,
    LABEL_BODY,
    LABEL_BODY_ID,
    LABEL_BY_1,
    LABEL_BY_2,
    LABEL_CODE,
    LABEL_FILE,
    LABEL_FINGERPRINT,
    LABEL_STATUS,
    LABEL_TYPE,
    LABEL_UNIT,
    NA_TEXT,
    NOT_SUBMITTED_TEXT,
    SHEET_GUIDE,
    SURVEY_TEXT,
    Status,
    rows_for,
    shown_self,
)
from par_index.check.checks.attached import cited_line, cited_status, relative_link
from par_index.check.finding import Finding, Report
from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    ScoredBy,
)
from par_index.criteria.sets import Sets, set_for
from par_index.io import write_atomic
from par_index.numbers import ZERO, written
from par_index.rules import Outcome, declared, may_be_not_applicable, score_cell
from par_index.submission import Entry, Submission
from par_index.text import fold
from par_index.units import Unit
from par_index.wrap import CHARS_PER_WIDTH, row_height, row_lines

FONT_SIZE = 10
PER_WIDTH = CHARS_PER_WIDTH * 11 / FONT_SIZE
"""Characters per unit of column width in the sheets' 10-pt text."""
BOLD_PER_WIDTH = PER_WIDTH * 0.8
LINE_POINTS = 13.5
"""One line of 10-pt text, in points."""
GUIDE_COLUMNS = (14, 36, 28, 28)


# -- writing ------------------------------------------------------------------------------------
def write_appraisal_workbook(
    path: Path,
    cs: Sets,
    units: Sequence[Unit],
    submissions: Mapping[str, Submission],
    report: Report | None = None,
    *,
    period: str = "",
    body: BodyConfig | None = None,
    only: Collection[str] | None = None,
    evidence_folder: Path | None = None,
) -> Path:
    """Write the council's workbook atomically: a guide sheet, then one sheet per unit. With a
    ``body`` (shared appraisal), its name and id head every sheet and only the rows of ``only``
    (its criteria) are written. ``evidence_folder``: the submissions folder, where the cited
    evidence files lie (each row's evidence cell links to its first file sent and lists every
    cited file's check)."""
    names = sheet_names(units)

    def write(tmp: Path) -> None:
        book = new_book(tmp)
        fmt = formats(book)
        guide = book.add_worksheet(SHEET_GUIDE)
        _write_guide(guide, fmt, units, names, submissions, period, body)
        for unit, name in zip(units, names, strict=True):
            findings = report.for_unit(unit.code) if report is not None else []
            own = set_for(cs, unit.unit_type)
            sheet = _UnitSheet(book.add_worksheet(name), fmt, own, unit, findings, body, only)
            if report is not None:
                sheet.evidence = _cited_by_row(report, unit.code, evidence_folder, path.parent)
            sheet.write(submissions.get(unit.code), period)
        book.close()

    return write_atomic(path, write)


def sheet_names(units: Sequence[Unit]) -> list[str]:
    """A valid, unique Excel sheet name per unit, from its code (31 characters at most)."""
    names: list[str] = []
    taken = {fold(SHEET_GUIDE)}
    for unit in units:
        base = re.sub(r"[\[\]:*?/\\']", "-", unit.code)[:31] or "don-vi"
        name, n = base, 1
        while fold(name) in taken:
            n += 1
            name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
        taken.add(fold(name))
        names.append(name)
    return names


def new_book(path: Path) -> xlsxwriter.Workbook:
    """A workbook where typed text stays text (no formulas, numbers or links made of it)."""
    options = {"strings_to_formulas": False, "strings_to_numbers": False}
    return xlsxwriter.Workbook(str(path), {**options, "strings_to_urls": False})


def formats(book: xlsxwriter.Workbook) -> dict[str, Any]:
    """The cell formats of the council's sheets (the explanation workbook uses them too)."""
    base = {"border": 1, "valign": "top", "text_wrap": True, "font_size": FONT_SIZE}
    specs = {
        "guide": {"text_wrap": True, "valign": "top"},
        "title": {"bold": True, "font_size": 14},
        "label": {"bold": True},
        "value": {},
        "head": {**base, "bold": True, "bg_color": "#D9E1F2", "align": "center"},
        "text": base,
        "num": {**base, "num_format": "0.00##"},
        "group": {**base, "bold": True, "bg_color": "#EDEDED"},
        "group_num": {**base, "bold": True, "bg_color": "#EDEDED", "num_format": "0.00##"},
        "input": {**base, "locked": False, "bg_color": "#FFF2CC"},
        "input_num": {**base, "locked": False, "bg_color": "#FFF2CC", "num_format": "0.00##"},
        "input_plain": {"locked": False, "bg_color": "#FFF2CC", "border": 1},
        "off": {**base, "bg_color": "#D9D9D9", "italic": True},
    }
    return {name: book.add_format(spec) for name, spec in specs.items()}


def _write_guide(ws, fmt, units, names, submissions, period: str, body) -> None:
    title = f"PHIẾU THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH {period}".strip()
    ws.write_string(0, 0, f"{title} — {body.name}" if body else title, fmt["title"])
    width = sum(GUIDE_COLUMNS)
    for i, line in enumerate(GUIDE_LINES):
        text = f"{i + 1}. {line}"
        ws.merge_range(2 + i, 0, 2 + i, len(GUIDE_COLUMNS) - 1, text, fmt["guide"])
        ws.set_row(2 + i, row_height(row_lines([(text, width)])))
    top = 3 + len(GUIDE_LINES)
    for c, head in enumerate(("Mã", "Tên đơn vị", "Trang thẩm định", "Tệp tự đánh giá")):
        ws.write_string(top, c, head, fmt["head"])
    for r, (unit, name) in enumerate(zip(units, names, strict=True), start=top + 1):
        ws.write_string(r, 0, unit.code, fmt["text"])
        ws.write_string(r, 1, unit.name, fmt["text"])
        ws.write_url(r, 2, f"internal:'{name}'!A1", fmt["text"], string=name)
        sub = submissions.get(unit.code)
        ws.write_string(r, 3, sub.file if sub else "Chưa nộp", fmt["text"])
    for c, column_width in enumerate(GUIDE_COLUMNS):
        ws.set_column(c, c, column_width)
    print_setup(ws)


def print_setup(ws) -> None:
    """A4 landscape, one page wide."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


@dataclass
class _UnitSheet:
    """Writes one unit's sheet."""

    ws: Any
    fmt: dict[str, Any]
    cs: CriteriaSet
    unit: Unit
    findings: list[Finding]
    body: BodyConfig | None = None
    only: Collection[str] | None = None
    texts: dict[int, str] = field(default_factory=dict)
    """The texts of the row being written, by column (for its height)."""
    evidence: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Criterion -> its cited evidence files: (line shown, link relative to the workbook, ""
    when not sent)."""

    def write(self, submission: Submission | None, period: str) -> None:
        self._header(submission, period)
        row = HEADER_ROW + 1
        for kind, node in rows_for(self.cs, self.unit.unit_type, self.only):
            if kind == "leaf":
                self._leaf(row, node, submission.entries.get(node.code) if submission else None)
            else:
                self._group(row, kind, node)
            row += 1
        self._layout(row)

    def _header(self, submission: Submission | None, period: str) -> None:
        ws, fmt = self.ws, self.fmt
        title = f"PHIẾU THẨM ĐỊNH CHỈ SỐ CCHC {period} — {self.unit.name}"
        ws.write_string(0, 0, title, fmt["title"])
        type_label = next(
            (str(t.label) for t in self.cs.unit_types if t.id == self.unit.unit_type),
            self.unit.unit_type,
        )
        fixed = (
            (LABEL_UNIT, self.unit.name),
            (LABEL_CODE, self.unit.code),
            (LABEL_TYPE, type_label),
            (LABEL_FILE, submission.file if submission else NOT_SUBMITTED_TEXT),
            (LABEL_FINGERPRINT, submission.sha256 if submission else ""),
        )
        for r, (label, value) in enumerate(fixed, start=1):
            ws.write_string(r, 0, f"{label}:", fmt["label"])
            ws.write_string(r, 2, value, fmt["value"])
        if self.body is not None:
            for r, (label, value) in enumerate(
                ((LABEL_BODY, self.body.name), (LABEL_BODY_ID, self.body.id)), start=1
            ):
                ws.write_string(r, BODY_COLUMN, f"{label}:", fmt["label"])
                ws.write_string(r, BODY_COLUMN + 1, value, fmt["value"])
        inputs = ((LABEL_STATUS, Status.NONE.value), (LABEL_BY_1, ""), (LABEL_BY_2, ""))
        for r, (label, value) in enumerate(inputs, start=1 + len(fixed)):
            ws.write_string(r, 0, f"{label}:", fmt["label"])
            ws.merge_range(r, 2, r, 3, value, fmt["input_plain"])
        status_row = 1 + len(fixed)
        ws.data_validation(
            status_row,
            2,
            status_row,
            2,
            {
                "validate": "list",
                "source": [s.value for s in Status],
                "input_title": LABEL_STATUS,
                "input_message": "Chọn khi đã thẩm định xong đơn vị.",
            },
        )
        for c, column in enumerate(COLUMNS):
            ws.write_string(HEADER_ROW, c, column.header, fmt["head"])
        self._fit(HEADER_ROW, {c: column.header for c, column in enumerate(COLUMNS)}, bold=True)

    def _group(self, row: int, kind: str, node: Any) -> None:
        """An area, a parent criterion or a bonus/penalty section: bold, nothing to fill."""
        ws, fmt = self.ws, self.fmt
        for c in range(len(COLUMNS)):
            ws.write_blank(row, c, None, fmt["group"])
        if kind == "section":
            _name, section = node
            label = f"{section.title} (tối đa {written(section.max)})"
            ws.write_string(row, COL["title"], label, fmt["group"])
            return
        ws.write_string(row, COL["code"], node.code, fmt["group"])
        ws.write_string(row, COL["title"], str(node.title), fmt["group"])
        self._fit(row, {COL["title"]: str(node.title)}, bold=True)
        most = self.cs.max_for(node, self.unit.unit_type) or ZERO
        ws.write_number(row, COL["max"], float(most), fmt["group_num"])

    def _leaf(self, row: int, criterion: Criterion, entry: Entry | None) -> None:
        ws, fmt = self.ws, self.fmt
        possible = self.cs.max_for(criterion, self.unit.unit_type) or ZERO
        ws.write_string(row, COL["code"], criterion.code, fmt["text"])
        ws.write_string(row, COL["title"], str(criterion.title), fmt["text"])
        self.texts = {COL["title"]: str(criterion.title)}
        ws.write_number(row, COL["max"], float(possible), fmt["num"])
        self._cell(row, COL["self"], self._self_shown(criterion, entry))
        self._cell(row, COL["recomputed"], self._recomputed(criterion, entry))
        self._cell(row, COL["findings"], self._findings(criterion))
        evidence = entry and (entry.evidence_raw or "\n".join(e.text for e in entry.evidence))
        self._evidence(row, evidence or "", self.evidence.get(criterion.code, []))
        self._cell(row, COL["self_explanation"], (entry and entry.explanation) or "")
        self._fit(row, self.texts)
        if criterion.scorer == ScoredBy.SURVEY:
            for c in range(COL["round_1"], len(COLUMNS)):
                ws.write_blank(row, c, None, fmt["off"])
            return
        for key in ("round_1", "round_2"):
            ws.write_blank(row, COL[key], None, fmt["input_num"])
            rule = score_validation(self.cs, criterion, possible, "Điểm thẩm định")
            ws.data_validation(row, COL[key], row, COL[key], rule)
        for key in ("note_1", "explanation", "note_2"):
            ws.write_blank(row, COL[key], None, fmt["input"])

    def _cell(self, row: int, col: int, value: Decimal | str | None) -> None:
        if isinstance(value, Decimal):
            self.ws.write_number(row, col, float(value), self.fmt["num"])
        else:
            self.ws.write_string(row, col, value or "", self.fmt["text"])
            self.texts[col] = value or ""

    def _evidence(self, row: int, typed: str, cited: list[tuple[str, str]]) -> None:
        """The evidence as typed, then a line per cited file with its check; the cell links to
        the first file sent (a cell holds one link)."""
        text = "\n".join([typed, *(line for line, _ in cited)]) if cited else typed
        link = next((href for _, href in cited if href), "")
        if not link:
            self._cell(row, COL["evidence"], text)
            return
        self.ws.write_url(row, COL["evidence"], f"external:{link}", self.fmt["text"], string=text)
        self.texts[COL["evidence"]] = text

    def _fit(self, row: int, texts: dict[int, str], *, bold: bool = False) -> None:
        """The row as tall as its longest wrapped text (then forget the row's texts)."""
        cells = [(text, COLUMNS[col].width) for col, text in texts.items() if text]
        lines = row_lines(cells, per_width=BOLD_PER_WIDTH if bold else PER_WIDTH)
        if lines > 1:
            self.ws.set_row(row, row_height(lines, line_points=LINE_POINTS))
        self.texts = {}

    def _self_shown(self, criterion: Criterion, entry: Entry | None) -> Decimal | str:
        if criterion.scorer != ScoredBy.UNIT:
            return "Không tự chấm"
        if entry is None:
            return ""
        if self._declared(criterion, entry).outcome == Outcome.NOT_APPLICABLE:
            return NA_TEXT  # answered so, or 0 of 0: counted so whatever the score cell holds
        score, na = shown_self(entry)
        if score is not None:
            return score
        return NA_TEXT if na else (entry.self_score_raw or "")

    def _recomputed(self, criterion: Criterion, entry: Entry | None) -> Decimal | str:
        if criterion.scorer == ScoredBy.SURVEY:
            return SURVEY_TEXT
        if entry is None or criterion.scorer != ScoredBy.UNIT:
            return ""
        ev = self._declared(criterion, entry)
        if ev.outcome == Outcome.NOT_APPLICABLE and ev.possible == 0:
            return NA_TEXT
        if ev.outcome == Outcome.MISSING:
            return "Thiếu: " + ", ".join(ev.missing)
        return ev.points if ev.points is not None else ""

    def _declared(self, criterion: Criterion, entry: Entry):
        """What the unit's answers give, read as the check and scoring read them."""
        answers = entry.answers()
        return declared(
            self.cs, criterion, self.unit.unit_type, answers.answer, answers.not_applicable,
            answers.figures,
        )  # fmt: skip

    def _findings(self, criterion: Criterion) -> str:
        lines = [f"[{f.code}] {f.message}" for f in self.findings if f.criterion == criterion.code]
        return "\n".join(lines)

    def _layout(self, end_row: int) -> None:
        ws = self.ws
        for c, column in enumerate(COLUMNS):
            ws.set_column(c, c, column.width)
        ws.freeze_panes(HEADER_ROW + 1, 2)
        ws.autofilter(HEADER_ROW, 0, max(end_row - 1, HEADER_ROW), len(COLUMNS) - 1)
        print_setup(ws)
        ws.repeat_rows(HEADER_ROW)
        ws.protect("", {"autofilter": True, "format_columns": True, "format_rows": True})


def score_validation(
    cs: CriteriaSet, criterion: Criterion, possible: Decimal, title: str
) -> dict[str, Any]:
    """A score cell's data validation. A warning, not a stop: 'Không áp dụng' may be typed,
    which a list or number rule would refuse. The levels are named in the hint and enforced
    by the reader."""
    cell = score_cell(cs, criterion, possible)
    hint = f"Từ 0 đến {written(possible)}"
    if cell.values is not None:
        hint = "Các mức: " + "; ".join(written(v) for v in cell.values)
    if may_be_not_applicable(criterion):
        hint += "; hoặc 'Không áp dụng' (ghi lý do)"
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": 0,
        "maximum": _number(cell.maximum),
        "error_type": "warning",
        "input_title": title,
        "input_message": hint[:250],
        "error_title": "Ngoài khoảng điểm",
        "error_message": hint[:250],
    }


def _cited_by_row(
    report: Report, unit: str, folder: Path | None, workbook_folder: Path
) -> dict[str, list[tuple[str, str]]]:
    by_row: dict[str, list[tuple[str, str]]] = {}
    for cited in report.evidence_files.get(unit, []):
        _, result = cited_status(cited, report, unit, None)
        href = ""
        if cited.link is not None and folder is not None:
            href = relative_link(cited.link, folder, workbook_folder, url=False)
        by_row.setdefault(cited.criterion, []).append((cited_line(cited.file, result), href))
    return by_row


def _number(value: Decimal) -> int | float:
    """A spreadsheet number: whole values stay whole ("4", not "4.0")."""
    return int(value) if value == value.to_integral_value() else float(value)
