"""The explanation round (giải trình): after round 1 each unit the council scored down gets a
workbook listing those criteria with the council's note; it answers, may ask for a score and
cite evidence, and sends it back. Reading it back validates it like a submission (the file
passes the workbook guard; the unit is known from the hidden code; asked scores are ones the
criterion allows; an asked score needs an answer) and ``fill_appraisal`` writes each answer
into the appraisal workbook's "Giải trình của đơn vị" column, leaving every cell the council
typed as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from par_index.appraisal.model import (
    NA_TEXT,
    Appraisal,
    AppraisedScore,
    Column,
    scored_rows,
)
from par_index.appraisal.read import (
    Place,
    a1,
    header_row,
    labels_of,
    lines_of,
    parse_score,
    problem_at,
    text_of,
)
from par_index.appraisal.write import formats, new_book, print_setup, score_validation
from par_index.criteria.model import CriteriaSet, Criterion, ScoredBy
from par_index.criteria.sets import Sets, set_for
from par_index.errors import ParIndexError
from par_index.i18n import Message
from par_index.io import write_atomic
from par_index.numbers import ZERO, NumberKind, display
from par_index.results import InputProblem
from par_index.text import fold
from par_index.units import Unit
from par_index.workbook import guard
from par_index.workbook.meta import find_sheet, open_book, sheet_rows
from par_index.wrap import row_height, row_lines

SHEET_GUIDE = "Hướng dẫn"
SHEET = "Giải trình"
SHEET_META = "_meta"
KIND = "giai-trinh"
FORMAT_VERSION = "1"
LABEL_UNIT = "Đơn vị"
LABEL_CODE = "Mã đơn vị"
LABEL_DEADLINE = "Hạn gửi lại"
HEADER_ROW = 6
"""0-based row of the column headers as written (the reader finds it by text)."""
ASKED_LABEL = "Đề nghị điểm"
EVIDENCE_LABEL = "Tài liệu kiểm chứng"

COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã tiêu chí", 9),
    Column("title", "Tiêu chí", 40),
    Column("max", "Điểm tối đa", 8),
    Column("self", "Điểm tự chấm", 9),
    Column("round_1", "Điểm thẩm định vòng 1", 10),
    Column("note_1", "Ý kiến của Hội đồng", 36),
    Column("answer", "Giải trình của đơn vị", 44, True),
    Column("asked", "Điểm đơn vị đề nghị", 10, True),
    Column("evidence", "Tài liệu kiểm chứng (số, ngày, cơ quan ban hành, trang/mục)", 36, True),
)
ECOL = {c.key: i for i, c in enumerate(COLUMNS)}
GUIDE_LINES = (
    "Bảng này liệt kê các tiêu chí Hội đồng thẩm định chấm thấp hơn điểm tự chấm (hoặc có ý "
    "kiến) ở vòng 1, kèm ý kiến của Hội đồng.",
    "Với tiêu chí đơn vị không đồng ý: ghi giải trình vào cột 'Giải trình của đơn vị'; nếu đề "
    "nghị điểm khác, nhập điểm đề nghị (một trong các mức của tiêu chí, hoặc 'Không áp dụng' "
    "nếu tiêu chí cho phép); đề nghị điểm thì phải có giải trình.",
    "Tài liệu kiểm chứng ghi như khi tự chấm: số, ngày, cơ quan ban hành và trang/mục, mỗi tài "
    "liệu một dòng (Alt+Enter); tệp tài liệu gửi kèm thì ghi tên tệp.",
    "Tiêu chí đồng ý với Hội đồng thì để trống. Chỉ nhập vào các ô nền vàng; các ô khác được "
    "khóa. Không đổi tên tệp sang đơn vị khác, không xóa dòng.",
    "Gửi lại tệp này (định dạng .xlsx) cho cơ quan thẩm định trước hạn ghi ở trang 'Giải "
    "trình'. Giải trình được đưa vào phiếu thẩm định vòng 2.",
)

M_NOT_EXPLANATION = Message(
    "explanation.not-an-explanation",
    "{file}: không phải bảng giải trình do par-index lập (thiếu trang ẩn '_meta' hoặc trang "
    "'Giải trình'). Hãy dùng đúng tệp giải trình đã được gửi cho đơn vị.",
    "{file}: not an explanation workbook made by par-index (the hidden '_meta' sheet or the "
    "'Giải trình' sheet is missing). Use the explanation workbook the unit was sent.",
)
M_UNSAFE = Message(
    "explanation.unreadable",
    "{file}: không đọc được bảng giải trình: {detail}",
    "{file}: the explanation workbook cannot be read: {detail}",
)
M_UNKNOWN_UNIT = Message(
    "explanation.unknown-unit",
    "{where}: mã đơn vị '{unit}' không có trong danh sách đơn vị. Hãy dùng đúng tệp giải trình "
    "đã gửi cho đơn vị.",
    "{where}: unit code '{unit}' is not in the units file. Use the explanation workbook the "
    "unit was sent.",
)
M_WRONG_UNIT = Message(
    "explanation.wrong-unit",
    "{where}: trang ghi đơn vị '{shown}' nhưng tệp được lập cho đơn vị {unit}. Mỗi đơn vị "
    "giải trình trên tệp của mình; hãy dùng đúng tệp đã gửi cho đơn vị.",
    "{where}: the sheet names unit '{shown}' but the file was made for unit {unit}. Each unit "
    "answers in its own workbook; use the one the unit was sent.",
)
M_DUPLICATE = Message(
    "explanation.duplicate-unit",
    "{file}: đơn vị {unit} đã có bảng giải trình {first}; tệp này không được dùng. Hãy giữ "
    "một tệp cho mỗi đơn vị trong thư mục giải trình.",
    "{file}: unit {unit} already has explanation workbook {first}; this file is not used. Keep "
    "one file per unit in the explanations folder.",
)
M_OTHER_SET = Message(
    "explanation.other-set",
    "{file}: bảng giải trình được lập theo bộ tiêu chí '{found}', không phải bộ đang dùng "
    "'{expected}'. Hãy lập lại bảng giải trình bằng 'par-index appraisal --explanations'.",
    "{file}: the explanation workbook was made for criteria set '{found}', not '{expected}' in "
    "use. Make it again with 'par-index appraisal --explanations'.",
)
M_UNKNOWN_CRITERION = Message(
    "explanation.unknown-criterion",
    "{where}: mã tiêu chí '{criterion}' không có trong bộ tiêu chí của đơn vị. Hãy sửa mã cho "
    "đúng (xem phiếu thẩm định) hoặc xóa dòng.",
    "{where}: criterion code '{criterion}' is not in the unit's criteria. Fix the code (see the "
    "appraisal workbook) or delete the row.",
)
M_NO_ANSWER = Message(
    "explanation.no-answer",
    "{where}: đơn vị đề nghị điểm hoặc nêu tài liệu cho tiêu chí {criterion} nhưng ô giải "
    "trình {answer_cell} để trống. Hãy ghi lý do đề nghị.",
    "{where}: the unit asks for a score or cites evidence for criterion {criterion} but "
    "explanation cell {answer_cell} is empty. Write why.",
)
M_CELL_TAKEN = Message(
    "explanation.cell-taken",
    "{where}: ô giải trình của tiêu chí {criterion} đã có nội dung khác với bảng giải trình "
    "{source} của đơn vị; giữ nguyên nội dung Hội đồng đã nhập. Muốn lấy giải trình mới, hãy "
    "xóa ô này rồi chạy lại 'par-index appraisal'.",
    "{where}: the explanation cell of criterion {criterion} already holds other text than the "
    "unit's explanation workbook {source}; the council's text is kept. To take the new "
    "explanation, clear the cell and run 'par-index appraisal' again.",
)


# -- what a unit is asked to explain ------------------------------------------------------------
def scored_down(
    cs: CriteriaSet, unit: Unit, appraisal: Appraisal
) -> list[tuple[Criterion, AppraisedScore]]:
    """The criteria the council scored below the self-score in round 1 ("Không áp dụng" for a
    scored row included), a criterion only the council scores below its maximum, or noted
    something on, in the order of the grid."""
    out = []
    for _section, criterion in scored_rows(cs, unit.unit_type):
        entry = appraisal.entries.get(criterion.code)
        if entry is None or criterion.scorer == ScoredBy.SURVEY:
            continue
        if entry.note_1 is not None or _lowered(cs, unit, criterion, entry):
            out.append((criterion, entry))
    return out


def _lowered(cs: CriteriaSet, unit: Unit, criterion: Criterion, entry: AppraisedScore) -> bool:
    if criterion.scorer == ScoredBy.APPRAISER:  # no self-score: lowered from the maximum
        possible = cs.max_for(criterion, unit.unit_type)
        below = entry.round_1 is not None and possible is not None and entry.round_1 < possible
        return below or entry.round_1_na
    if entry.round_1_na:
        return not entry.self_na
    return entry.round_1 is not None and (
        entry.self_score is None or entry.round_1 < entry.self_score
    )


# -- writing ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BookHeading:
    """What heads a unit's explanation workbook."""

    period: str
    criteria_id: str
    deadline: dt.date | None = None
    contact: str | None = None


def write_explanation_workbook(
    path: Path,
    cs: CriteriaSet,
    unit: Unit,
    rows: Sequence[tuple[Criterion, AppraisedScore]],
    heading: BookHeading,
) -> Path:
    """A unit's explanation workbook, atomically: the guide, the protected sheet of criteria
    scored down (yellow cells to answer), the hidden _meta sheet naming the unit."""

    def write(tmp: Path) -> None:
        book = new_book(tmp)
        fmt = formats(book)
        _guide(book.add_worksheet(SHEET_GUIDE), fmt, unit, heading)
        ws = book.add_worksheet(SHEET)
        _head(ws, fmt, unit, heading)
        for r, (criterion, entry) in enumerate(rows, start=HEADER_ROW + 1):
            _row(ws, fmt, cs, unit, r, criterion, entry)
        _layout(ws, HEADER_ROW + len(rows))
        meta = book.add_worksheet(SHEET_META)
        fields = (("kind", KIND), ("format", FORMAT_VERSION), ("unit_code", unit.code),
                  ("unit_name", unit.name), ("period", heading.period),
                  ("criteria_id", heading.criteria_id))  # fmt: skip
        for r, (key, value) in enumerate(fields):
            meta.write_string(r, 0, key)
            meta.write_string(r, 1, value)
        meta.hide()
        meta.protect()
        ws.activate()
        book.close()

    return write_atomic(path, write)


def _guide(ws, fmt, unit: Unit, heading: BookHeading) -> None:
    ws.write_string(0, 0, f"BẢNG GIẢI TRÌNH KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CCHC {heading.period}",
                    fmt["title"])  # fmt: skip
    lines = [*GUIDE_LINES]
    if heading.deadline is not None:
        lines.append(f"Hạn gửi lại: {heading.deadline:%d/%m/%Y}.")
    if heading.contact:
        lines.append(f"Liên hệ: {heading.contact}.")
    ws.write_string(1, 0, f"{LABEL_UNIT}: {unit.name} ({unit.code})", fmt["label"])
    for i, line in enumerate(lines):
        text = f"{i + 1}. {line}"
        ws.merge_range(3 + i, 0, 3 + i, 3, text, fmt["guide"])
        ws.set_row(3 + i, row_height(row_lines([(text, 100)])))
    ws.set_column(0, 3, 25)
    print_setup(ws)
    ws.protect()


def _head(ws, fmt, unit: Unit, heading: BookHeading) -> None:
    ws.write_string(0, 0, f"GIẢI TRÌNH KẾT QUẢ THẨM ĐỊNH VÒNG 1 — {unit.name}", fmt["title"])
    deadline = f"{heading.deadline:%d/%m/%Y}" if heading.deadline else ""
    block = ((LABEL_UNIT, unit.name), (LABEL_CODE, unit.code), (LABEL_DEADLINE, deadline))
    for r, (label, value) in enumerate(block, start=1):
        ws.write_string(r, 0, f"{label}:", fmt["label"])
        ws.write_string(r, 2, value, fmt["value"])
    for c, column in enumerate(COLUMNS):
        ws.write_string(HEADER_ROW, c, column.header, fmt["head"])
    ws.set_row(HEADER_ROW, row_height(3))


def _row(ws, fmt, cs, unit: Unit, r: int, criterion: Criterion, entry: AppraisedScore) -> None:
    possible = cs.max_for(criterion, unit.unit_type) or ZERO
    values: dict[str, Decimal | str] = {
        "code": criterion.code,
        "title": str(criterion.title),
        "max": possible,
        "self": NA_TEXT if entry.self_na else (entry.self_score if entry.self_score is not None
                                               else ""),
        "round_1": NA_TEXT if entry.round_1_na else (entry.round_1 if entry.round_1 is not None
                                                     else ""),
        "note_1": entry.note_1 or "",
    }  # fmt: skip
    for key, value in values.items():
        if isinstance(value, Decimal):
            ws.write_number(r, ECOL[key], float(value), fmt["num"])
        else:
            ws.write_string(r, ECOL[key], value, fmt["text"])
    ws.write_blank(r, ECOL["answer"], None, fmt["input"])
    ws.write_blank(r, ECOL["asked"], None, fmt["input_num"])
    ws.write_blank(r, ECOL["evidence"], None, fmt["input"])
    rule = score_validation(cs, criterion, possible, "Điểm đề nghị")
    ws.data_validation(r, ECOL["asked"], r, ECOL["asked"], rule)
    texts = [(str(values["title"]), COLUMNS[ECOL["title"]].width),
             (str(values["note_1"]), COLUMNS[ECOL["note_1"]].width)]  # fmt: skip
    ws.set_row(r, row_height(max(row_lines(texts), 3)))


def _layout(ws, last_row: int) -> None:
    for c, column in enumerate(COLUMNS):
        ws.set_column(c, c, column.width)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    print_setup(ws)
    ws.repeat_rows(HEADER_ROW)
    ws.print_area(0, 0, max(last_row, HEADER_ROW), len(COLUMNS) - 1)
    ws.protect("", {"format_columns": True, "format_rows": True})


# -- reading ------------------------------------------------------------------------------------
class Explanation(BaseModel):
    """A unit's answer on one criterion."""

    code: str
    answer: str | None = None
    asked: Decimal | None = None
    asked_na: bool = False
    evidence: str | None = None
    """The evidence cell's text as typed (the same syntax as the self-assessment's)."""
    files: list[str] = []
    """A line per evidence file the evidence cell cites, with its check result (the files sent
    beside the explanation workbook, ``pipeline.explanations``)."""
    cells: dict[str, str] = {}

    @property
    def given(self) -> bool:
        return self.answer is not None

    def text(self) -> str:
        """What the appraisal workbook's explanation cell shows."""
        lines = [self.answer or ""]
        if self.asked_na:
            lines.append(f"{ASKED_LABEL}: {NA_TEXT}")
        elif self.asked is not None:
            lines.append(f"{ASKED_LABEL}: {display(self.asked, NumberKind.EXACT)}")
        if self.evidence:
            lines.append(f"{EVIDENCE_LABEL}: {self.evidence}")
        return "\n".join([*lines, *self.files])


class UnitExplanations(BaseModel):
    """One unit's explanation workbook, read and validated."""

    unit_code: str
    file: str
    entries: dict[str, Explanation] = {}
    problems: list[InputProblem] = []


def read_explanations(
    folder: Path, cs: Sets, units: Sequence[Unit]
) -> tuple[dict[str, UnitExplanations], list[InputProblem]]:
    """Every explanation workbook of a folder, by unit (lock and hidden files skipped), and
    the problems of files that could not be attributed to a unit."""
    found: dict[str, UnitExplanations] = {}
    loose: list[InputProblem] = []
    for path in sorted(folder.glob("*.xlsx")) if folder.is_dir() else []:
        if guard.ignored_reason(path.name) is not None:
            continue
        read = read_explanation(path, cs, units)
        if isinstance(read, InputProblem):
            loose.append(read)
        elif read.unit_code in found:
            first = found[read.unit_code].file
            loose.append(_file_problem(M_DUPLICATE, path.name, unit=read.unit_code, first=first))
        else:
            found[read.unit_code] = read
    return found, loose


def read_explanation(
    path: Path, sets: Sets, units: Sequence[Unit]
) -> UnitExplanations | InputProblem:
    """One explanation workbook, validated on its unit's set; an InputProblem when it is no
    one's (unsafe, unreadable, not an explanation workbook, an unknown unit, another set)."""
    file = path.name
    try:
        guard.inspect(path)
        book = open_book(path.read_bytes(), file)
        names = list(book.sheet_names)
        meta_name, sheet_name = find_sheet(names, SHEET_META), find_sheet(names, SHEET)
        if meta_name is None or sheet_name is None:
            return _file_problem(M_NOT_EXPLANATION, file)
        meta = _meta(sheet_rows(book, meta_name, file))
        rows = sheet_rows(book, sheet_name, file)
    except ParIndexError as exc:
        return _file_problem(M_UNSAFE, file, detail=exc.render())
    except OSError as exc:
        return _file_problem(M_UNSAFE, file, detail=exc.strerror or "")
    if meta.get("kind") != KIND:
        return _file_problem(M_NOT_EXPLANATION, file)
    code = meta.get("unit_code", "")
    unit = next((u for u in units if u.code == code), None)
    if unit is None:
        where = f"{file} › {SHEET_META}"
        return _file_problem(M_UNKNOWN_UNIT, file, where=where, unit=code)
    cs = set_for(sets, unit.unit_type)
    if meta.get("criteria_id") != cs.id:
        found = meta.get("criteria_id", "")
        return _file_problem(M_OTHER_SET, file, found=found, expected=cs.id)
    out = UnitExplanations(unit_code=unit.code, file=file)
    _read_rows(Place(file, sheet_name, unit, cs, out.problems), rows, out)
    return out


def _meta(rows: Sequence[Sequence[Any]]) -> dict[str, str]:
    return {str(row[0]): str(row[1] or "").strip() for row in rows if len(row) > 1 and row[0]}


def _file_problem(message: Message, file: str, **fields: Any) -> InputProblem:
    unit = fields.get("unit")
    shown = {"where": file, "unit": "", **fields}
    return InputProblem(
        code=message.code, file=file, unit=unit, message=message.format(None, file=file, **shown)
    )


def _read_rows(place: Place, rows: Sequence[Sequence[Any]], out: UnitExplanations) -> None:
    header = header_row(rows, COLUMNS)
    if header is None or not all(k in header[1] for k in ("answer", "asked", "evidence")):
        out.problems.append(_file_problem(M_NOT_EXPLANATION, place.file))
        return
    head, cols = header
    labels = labels_of(rows, head)
    shown = text_of(labels.get(fold(LABEL_CODE), (None, ""))[0])
    if shown is not None and shown != place.unit.code:
        cell = labels[fold(LABEL_CODE)][1]
        place.report(M_WRONG_UNIT, cell, None, shown=shown)
    expected = {c.code: c for _s, c in scored_rows(place.cs, place.unit.unit_type)}
    for r in range(head + 1, len(rows)):
        row = rows[r]
        code = text_of(_at(row, cols["code"]))
        if code is None:
            continue
        criterion = expected.get(code)
        if criterion is None or criterion.scorer == ScoredBy.SURVEY:
            place.report(M_UNKNOWN_CRITERION, a1(r, cols["code"]), code)
            continue
        entry = _entry(place, criterion, row, r, cols)
        if entry is not None:
            out.entries[code] = entry


def _at(row: Sequence[Any], col: int) -> Any:
    return row[col] if col < len(row) else None


def _entry(place: Place, criterion: Criterion, row, r: int, cols) -> Explanation | None:
    """One answered row (None: left blank, the unit agrees with the council)."""
    cells = {key: a1(r, cols[key]) for key in ("answer", "asked", "evidence")}
    answer = text_of(_at(row, cols["answer"]))
    evidence = lines_of(_at(row, cols["evidence"]))  # one citation per line
    raw = _at(row, cols["asked"])
    asked, asked_na = parse_score(place, criterion, raw, cells["asked"])
    if answer is None and evidence is None and text_of(raw) is None:
        return None
    if answer is None:
        place.report(M_NO_ANSWER, cells["answer"], criterion.code, answer_cell=cells["answer"])
        return None
    return Explanation(
        code=criterion.code, answer=answer, asked=asked, asked_na=asked_na, evidence=evidence,
        cells={k: f"{place.name}!{v}" for k, v in cells.items()},
    )  # fmt: skip


# -- into the appraisal workbook ----------------------------------------------------------------
@dataclass
class Filled:
    """What ``fill_appraisal`` did to one appraisal workbook."""

    cells: int = 0
    """Explanation cells written."""
    problems: list[InputProblem] = field(default_factory=list)


def fill_appraisal(path: Path, explanations: Mapping[str, UnitExplanations]) -> Filled:
    """Write each unit's answers into the explanation column of an appraisal workbook (every
    unit sheet, rows found by code): an empty cell takes the answer, a cell already holding it
    is left, a cell holding other text is kept and reported. The file is rewritten (atomically)
    only when a cell changed."""
    from openpyxl import load_workbook

    from par_index.appraisal.model import COLUMNS as APPRAISAL_COLUMNS
    from par_index.appraisal.model import LABEL_CODE as APPRAISAL_CODE

    book = load_workbook(path)
    done = Filled()
    for ws in book.worksheets:
        rows = [tuple(c.value for c in row) for row in ws.iter_rows(max_row=40)]
        header = header_row(rows, APPRAISAL_COLUMNS)
        if header is None:
            continue
        code = text_of(labels_of(rows, header[0]).get(fold(APPRAISAL_CODE), (None, ""))[0])
        unit = explanations.get(code or "")
        if unit is None or "explanation" not in header[1]:
            continue
        _fill_sheet(ws, header, unit, path.name, done)
    if done.cells:
        write_atomic(path, lambda tmp: book.save(tmp))
    return done


def _fill_sheet(ws, header, unit: UnitExplanations, file: str, done: Filled) -> None:
    head, cols = header
    code_col, col = cols["code"] + 1, cols["explanation"] + 1
    for r in range(head + 2, ws.max_row + 1):
        code = text_of(ws.cell(r, code_col).value)
        entry = unit.entries.get(code or "")
        if entry is None:
            continue
        cell = ws.cell(r, col)
        wanted, present = entry.text(), text_of(cell.value)
        if present is None:
            cell.value = wanted
            cell.data_type = "s"  # text, even when the answer starts with "="
            done.cells += 1
        elif fold(present) != fold(text_of(wanted) or ""):
            at = (file, ws.title, cell.coordinate)
            problem = problem_at(
                M_CELL_TAKEN, *at, unit=unit.unit_code, criterion=entry.code, source=unit.file
            )
            done.problems.append(problem.model_copy(update={"severity": "warning"}))
