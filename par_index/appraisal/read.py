"""Reading the filled appraisal workbook back, validated cell by cell like a submission."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from par_index.appraisal.bodies import M_UNKNOWN_BODY, Plan, merge
from par_index.appraisal.model import (
    COLUMNS,
    LABEL_BODY_ID,
    LABEL_BY_1,
    LABEL_BY_2,
    LABEL_CODE,
    LABEL_FILE,
    LABEL_FINGERPRINT,
    LABEL_STATUS,
    NA_TEXT,
    NOT_SUBMITTED_TEXT,
    Appraisal,
    AppraisedScore,
    Column,
    Status,
    scored_rows,
)
from par_index.criteria.model import (
    CODE_PATTERN,
    CriteriaSet,
    Criterion,
    ScoredBy,
)
from par_index.criteria.sets import Sets, set_for
from par_index.errors import InputFileError, WorkbookError
from par_index.i18n import Message, text
from par_index.numbers import ZERO, NumberKind, display, parse_decimal
from par_index.results import InputProblem
from par_index.rules import allowed_scores, answer_kind, may_be_not_applicable
from par_index.text import choice_list, clean, fold
from par_index.units import Unit

# -- messages -----------------------------------------------------------------------------------
M_NOT_A_NUMBER = Message(
    "appraisal.not-a-number",
    "{where}: '{value}' không phải là điểm (tiêu chí {criterion}). "
    "Hãy nhập một số (vd. 1,5), hoặc 'Không áp dụng', hoặc để trống.",
    "{where}: '{value}' is not a score (criterion {criterion}). "
    "Enter a number (e.g. 1.5), or 'Không áp dụng', or leave it blank.",
)
M_OUT_OF_BOUNDS = Message(
    "appraisal.out-of-bounds",
    "{where}: điểm {value} của tiêu chí {criterion} nằm ngoài khoảng 0 đến {max}. "
    "Hãy nhập điểm từ 0 đến {max}.",
    "{where}: score {value} of criterion {criterion} is outside 0 to {max}. "
    "Enter a score from 0 to {max}.",
)
M_NOT_A_LEVEL = Message(
    "appraisal.not-a-level",
    "{where}: điểm {value} của tiêu chí {criterion} không thuộc các mức của cách tính điểm "
    "({allowed}). Hãy chọn một trong các mức này.",
    "{where}: score {value} of criterion {criterion} is not one of the rule's levels "
    "({allowed}). Pick one of them.",
)
M_NOTE_MISSING = Message(
    "appraisal.note-missing",
    "{where}: điểm thẩm định vòng {round} của tiêu chí {criterion} ({value}) khác {before_label} "
    "({before}) nhưng ô ghi chú {note_cell} để trống. Hãy ghi lý do thay đổi điểm.",
    "{where}: the round-{round} score of criterion {criterion} ({value}) differs from "
    "{before_label} ({before}) but note cell {note_cell} is empty. Write why the score changed.",
)
M_NA_NOT_ALLOWED = Message(
    "appraisal.na-not-allowed",
    "{where}: tiêu chí {criterion} không được chấm 'Không áp dụng'. Hãy nhập điểm từ 0 đến {max}.",
    "{where}: criterion {criterion} cannot be 'not applicable'. Enter a score from 0 to {max}.",
)
M_NA_NO_NOTE = Message(
    "appraisal.na-without-note",
    "{where}: vòng {round} chấm 'Không áp dụng' cho tiêu chí {criterion} nhưng ô ghi chú "
    "{note_cell} để trống. Hãy ghi lý do tiêu chí không áp dụng cho đơn vị.",
    "{where}: round {round} answers 'not applicable' for criterion {criterion} but note cell "
    "{note_cell} is empty. Write why the criterion does not apply to the unit.",
)
M_SURVEY_ROW = Message(
    "appraisal.survey-row",
    "{where}: tiêu chí {criterion} lấy điểm từ điều tra xã hội học; điểm nhập ở đây không được "
    "dùng. Hãy xóa ô này và nhập kết quả điều tra vào tệp khảo sát.",
    "{where}: criterion {criterion} is scored by the survey; a score here is not used. "
    "Clear the cell and put the survey results in the survey file.",
)
M_MISSING_SCORE = Message(
    "appraisal.missing-score",
    "{where}: tiêu chí {criterion} do Hội đồng thẩm định chấm nhưng chưa có điểm, dù trang đã "
    "ghi '{status}'. Hãy nhập điểm từ 0 đến {max}.",
    "{where}: criterion {criterion} is scored by the council only but has no score although the "
    "sheet says '{status}'. Enter a score from 0 to {max}.",
)
M_MISSING_ROW = Message(
    "appraisal.missing-row",
    "{where}: không tìm thấy dòng của tiêu chí {criterion}. Đừng xóa dòng; hãy tạo lại phiếu "
    "bằng 'par-index appraisal' và chép điểm sang.",
    "{where}: no row for criterion {criterion}. Do not delete rows; regenerate the workbook "
    "with 'par-index appraisal' and copy the scores over.",
)
M_UNKNOWN_ROW = Message(
    "appraisal.unknown-row",
    "{where}: mã tiêu chí '{criterion}' không có trong bộ tiêu chí. Hãy sửa mã hoặc xóa dòng.",
    "{where}: criterion code '{criterion}' is not in the criteria set. Fix the code or "
    "delete the row.",
)
M_DUPLICATE_ROW = Message(
    "appraisal.duplicate-row",
    "{where}: tiêu chí {criterion} đã có ở dòng {first}. Chỉ giữ một dòng cho mỗi tiêu chí.",
    "{where}: criterion {criterion} already has row {first}. Keep one row per criterion.",
)
M_UNKNOWN_UNIT = Message(
    "appraisal.unknown-unit",
    "{where}: mã đơn vị '{unit}' không có trong danh sách đơn vị. Hãy sửa mã đơn vị.",
    "{where}: unit code '{unit}' is not in the units file. Fix the unit code.",
)
M_DUPLICATE_UNIT = Message(
    "appraisal.duplicate-unit",
    "{where}: đơn vị {unit} đã có trang thẩm định {first}. Mỗi đơn vị chỉ một trang; "
    "hãy gộp điểm vào một trang và xóa trang còn lại.",
    "{where}: unit {unit} already has appraisal sheet {first}. One sheet per unit; merge the "
    "scores into one sheet and delete the other.",
)
M_NO_HEADER = Message(
    "appraisal.no-header",
    "{where}: không tìm thấy cột '{column}'. Đừng đổi tên hay xóa cột của phiếu thẩm định.",
    "{where}: column '{column}' is missing. Do not rename or delete the appraisal columns.",
)
M_BAD_STATUS = Message(
    "appraisal.bad-status",
    "{where}: trạng thái '{value}' không hợp lệ. Hãy chọn một trong: {allowed}.",
    "{where}: status '{value}' is not valid. Choose one of: {allowed}.",
)
M_UNREADABLE = Message(
    "appraisal.unreadable",
    "{file}: không đọc được phiếu thẩm định ({detail}). Hãy lưu lại tệp dạng .xlsx từ Excel "
    "hoặc LibreOffice rồi thử lại.",
    "{file}: the appraisal workbook cannot be read ({detail}). Save it again as .xlsx from "
    "Excel or LibreOffice and retry.",
)
M_NO_SHEETS = Message(
    "appraisal.no-sheets",
    "{file}: không có trang thẩm định nào (cần ô 'Mã đơn vị' và cột 'Mã tiêu chí'). Hãy dùng "
    "tệp do 'par-index appraisal' tạo ra.",
    "{file}: no appraisal sheet (a 'Mã đơn vị' cell and a 'Mã tiêu chí' column are needed). "
    "Use the workbook made by 'par-index appraisal'.",
)


# -- reading ------------------------------------------------------------------------------------
def read_appraisal(
    path: Path, cs: Sets, units: Sequence[Unit], the_plan: Plan | None = None
) -> dict[str, Appraisal]:
    """Every unit sheet of an appraisal workbook, validated; problems sit on each Appraisal.
    With a shared appraisal's plan, each sheet's body is read and only its rows are expected."""
    sheets = _load_sheets(path)
    by_code = {u.code: u for u in units}
    found: dict[str, Appraisal] = {}
    for name, rows in sheets:
        appraisal = _read_sheet(path.name, name, rows, cs, by_code, the_plan)
        if appraisal is None:
            continue
        if appraisal.unit_code in found:
            first = found[appraisal.unit_code]
            first.problems.append(
                problem_at(
                    M_DUPLICATE_UNIT, path.name, name, unit=first.unit_code, first=first.sheet
                )
            )
            continue
        found[appraisal.unit_code] = appraisal
    if not found:
        raise WorkbookError(M_NO_SHEETS, file=path.name)
    return found


def read_appraisal_sheets(
    folder: Path, cs: Sets, units: Sequence[Unit], the_plan: Plan | None = None
) -> list[Appraisal]:
    """Every unit sheet of every appraisal workbook of a folder (lock and hidden files
    skipped); a second sheet of one unit (of one body, when shared) is reported, not kept."""
    kept: dict[tuple[str | None, str], Appraisal] = {}
    for path in sorted(folder.glob("*.xlsx")) if folder.is_dir() else []:
        if path.name.startswith(("~$", ".")):
            continue
        for code, appraisal in read_appraisal(path, cs, units, the_plan).items():
            key = (appraisal.body, code)
            if key in kept:
                first = where_at(kept[key].file, kept[key].sheet)
                kept[key].problems.append(
                    problem_at(
                        M_DUPLICATE_UNIT, appraisal.file, appraisal.sheet, unit=code, first=first
                    )
                )
                continue
            kept[key] = appraisal
    return list(kept.values())


def read_appraisals(
    folder: Path, cs: Sets, units: Sequence[Unit], the_plan: Plan | None = None
) -> dict[str, Appraisal]:
    """Every appraisal workbook of a folder, by unit: one sheet per unit, or (a shared
    appraisal) each unit's sheets of every body merged (``bodies.merge``)."""
    return by_unit(cs, units, read_appraisal_sheets(folder, cs, units, the_plan), the_plan)


def by_unit(
    cs: Sets, units: Sequence[Unit], sheets: Sequence[Appraisal], the_plan: Plan | None
) -> dict[str, Appraisal]:
    """The sheets read, by unit: as they are, or (a shared appraisal, one set: par-index.yaml
    refuses bodies with groups) each unit's sheets of every body merged (``bodies.merge``)."""
    if the_plan is None:
        return {s.unit_code: s for s in sheets}
    assert isinstance(cs, CriteriaSet), "appraisal bodies with groups are refused at load"
    return merge(cs, units, list(sheets), the_plan)


def _load_sheets(path: Path) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """(sheet name, rows of values) for every worksheet; unreadable files stop here."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise InputFileError(M_UNREADABLE, file=str(path), detail="không tìm thấy tệp")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException) as exc:
        raise WorkbookError(M_UNREADABLE, file=path.name, detail=type(exc).__name__) from exc
    try:
        return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in book.worksheets]
    finally:
        book.close()


def a1(row: int, col: int) -> str:
    """A1 address of 0-based row and column."""
    return f"{get_column_letter(col + 1)}{row + 1}"


def where_at(file: str, sheet: str, cell: str | None = None) -> str:
    """How a problem names its place: "file › sheet!A1"."""
    return f"{file} › {sheet}!{cell}" if cell else f"{file} › {sheet}"


def problem_at(
    message: Message,
    file: str,
    sheet: str,
    cell: str | None = None,
    *,
    unit: str | None = None,
    criterion: str | None = None,
    **fields: Any,
) -> InputProblem:
    """A problem at file › sheet!cell, its message naming that place."""
    where = where_at(file, sheet, cell)
    shown = {"unit": unit or "", "criterion": criterion or "", **fields}
    return InputProblem(
        code=message.code,
        file=file,
        sheet=sheet,
        cell=cell,
        unit=unit,
        criterion=criterion,
        message=message.format(None, where=where, **shown),
    )


def text_of(value: Any) -> str | None:
    if value is None:
        return None
    text = clean(str(value))
    return text or None


def lines_of(value: Any) -> str | None:
    """A cell's text with its lines kept, each cleaned (an evidence cell: one citation per
    line, typed with Alt+Enter); None when blank."""
    if value is None:
        return None
    lines = (clean(line) for line in str(value).splitlines())
    return "\n".join(line for line in lines if line) or None


def labels_of(rows: Sequence[Sequence[Any]], limit: int) -> dict[str, tuple[Any, str]]:
    """Header-block label (folded, colon dropped) -> (value beside it, its cell)."""
    out: dict[str, tuple[Any, str]] = {}
    for r, row in enumerate(rows[:limit]):
        for c, value in enumerate(row):
            label = text_of(value)
            if label is None:
                continue
            key = fold(label).rstrip(":").strip()
            rest = [(j, v) for j, v in enumerate(row) if j > c and text_of(v) is not None]
            if key not in out:
                j = rest[0][0] if rest else c + 1
                out[key] = (rest[0][1] if rest else None, a1(r, j))
    return out


def header_row(
    rows: Sequence[Sequence[Any]], columns: Sequence[Column] = COLUMNS
) -> tuple[int, dict[str, int]] | None:
    """(0-based header row, column key -> index), found by the headers' text (the row that
    has the "code" column's header)."""
    wanted = {fold(c.header): c.key for c in columns}
    for r, row in enumerate(rows[:40]):
        cols = {wanted[fold(str(v))]: c for c, v in enumerate(row) if v and fold(str(v)) in wanted}
        if "code" in cols:
            return r, cols
    return None


@dataclass
class Place:
    """What one sheet's reading needs to report problems."""

    file: str
    name: str
    unit: Unit
    cs: CriteriaSet
    problems: list[InputProblem]
    only: Collection[str] | None = None
    """The codes the sheet must hold (a body's sheet), else every scored row."""

    def report(self, message: Message, cell: str | None, criterion: str | None, **fields: Any):
        problem = problem_at(
            message, self.file, self.name, cell, unit=self.unit.code, criterion=criterion, **fields
        )
        self.problems.append(problem)


def _read_sheet(
    file: str,
    name: str,
    rows,
    cs: Sets,
    units: Mapping[str, Unit],
    the_plan: Plan | None = None,
):
    """One unit's sheet, or None when the sheet is not an appraisal sheet (e.g. the guide)."""
    header = header_row(rows)
    labels = labels_of(rows, header[0] if header else 20)
    code = text_of(labels.get(fold(LABEL_CODE), (None, ""))[0])
    if header is None or code is None:
        return None
    appraisal = Appraisal(unit_code=code, file=file, sheet=name)
    unit = units.get(code)
    if unit is None:
        cell = labels[fold(LABEL_CODE)][1]
        appraisal.problems.append(problem_at(M_UNKNOWN_UNIT, file, name, cell, unit=code))
        return appraisal
    sheet = Place(file, name, unit, set_for(cs, unit.unit_type), appraisal.problems)
    if the_plan is not None and not _body(sheet, appraisal, labels, the_plan):
        return appraisal
    appraisal.status = _status(sheet, labels)
    appraisal.by_1 = text_of(labels.get(fold(LABEL_BY_1), (None, ""))[0])
    appraisal.by_2 = text_of(labels.get(fold(LABEL_BY_2), (None, ""))[0])
    _seen_file(appraisal, labels)
    head_row, cols = header
    missing = [c for c in COLUMNS if c.input or c.key == "self"]
    for column in missing:
        if column.key not in cols:
            sheet.report(M_NO_HEADER, a1(head_row, 0), None, column=column.header)
    if any(c.key not in cols for c in missing):
        return appraisal
    appraisal.entries = _read_rows(sheet, rows, head_row, cols, appraisal.complete)
    return appraisal


def _body(
    sheet: Place, appraisal: Appraisal, labels: Mapping[str, tuple[Any, str]], the_plan: Plan
) -> bool:
    """The sheet's body (a shared appraisal), its rows expected; False when the body is not
    configured (the sheet is reported and not used)."""
    value, cell = labels.get(fold(LABEL_BODY_ID), (None, ""))
    body = text_of(value)
    if body is None:  # a whole-council sheet: every row
        return True
    appraisal.body = body
    if the_plan.body(body) is None:
        known = ", ".join(b.id for b in the_plan.bodies)
        sheet.report(M_UNKNOWN_BODY, cell, None, body=body, known=known)
        return False
    sheet.only = the_plan.codes(body)
    return True


def _seen_file(appraisal: Appraisal, labels: Mapping[str, tuple[Any, str]]) -> None:
    """The self-assessment file the sheet was made from, and its fingerprint, as recorded."""
    seen = text_of(labels.get(fold(LABEL_FILE), (None, ""))[0])
    appraisal.seen_file = None if seen is None or fold(seen) == fold(NOT_SUBMITTED_TEXT) else seen
    if fold(LABEL_FINGERPRINT) in labels:
        value, cell = labels[fold(LABEL_FINGERPRINT)]
        fingerprint = text_of(value)
        appraisal.fingerprinted = True
        appraisal.seen_sha256 = fingerprint.lower() if fingerprint else None
        appraisal.seen_cell = cell


def _status(sheet: Place, labels: Mapping[str, tuple[Any, str]]) -> Status:
    value, cell = labels.get(fold(LABEL_STATUS), (None, ""))
    text = text_of(value)
    if text is None:
        return Status.NONE
    for status in Status:
        if fold(status.value) == fold(text):
            return status
    allowed = choice_list(s.value for s in Status)
    sheet.report(M_BAD_STATUS, cell, None, value=text, allowed=allowed)
    return Status.NONE


def _read_rows(sheet: Place, rows, head_row: int, cols: Mapping[str, int], complete: bool):
    expected = {c.code: c for _s, c in scored_rows(sheet.cs, sheet.unit.unit_type)}
    entries: dict[str, AppraisedScore] = {}
    first_row: dict[str, int] = {}
    for r in range(head_row + 1, len(rows)):
        row = rows[r]
        code = text_of(row[cols["code"]] if cols["code"] < len(row) else None)
        if code is None or (sheet.cs.node(code) is not None and code not in expected):
            continue
        if code not in expected:
            if _looks_like_code(code):
                sheet.report(M_UNKNOWN_ROW, a1(r, cols["code"]), code)
            continue
        if code in first_row:
            sheet.report(M_DUPLICATE_ROW, a1(r, cols["code"]), code, first=first_row[code] + 1)
            continue
        first_row[code] = r
        entries[code] = _read_entry(sheet, expected[code], row, r, cols, complete)
    for code in expected:
        if code not in entries and (sheet.only is None or code in sheet.only):
            sheet.report(M_MISSING_ROW, None, code)
    return entries


def _looks_like_code(value: str) -> bool:
    return re.match(CODE_PATTERN, value) is not None


def _value(row: tuple[Any, ...], col: int) -> Any:
    return row[col] if col < len(row) else None


def parse_score(sheet: Place, criterion: Criterion, raw: Any, cell: str):
    """(score, not applicable?) from a score cell; problems reported, bad values dropped."""
    possible = sheet.cs.max_for(criterion, sheet.unit.unit_type) or ZERO
    if isinstance(raw, str) and answer_kind(raw) == "na":
        if not may_be_not_applicable(criterion):
            sheet.report(M_NA_NOT_ALLOWED, cell, criterion.code, max=display(possible))
            return None, False
        return None, True
    try:
        value = parse_decimal(raw)
    except ValueError:
        sheet.report(M_NOT_A_NUMBER, cell, criterion.code, value=clean(str(raw)))
        return None, False
    if value is None:
        return None, False
    if value < 0 or value > possible:
        sheet.report(
            M_OUT_OF_BOUNDS,
            cell,
            criterion.code,
            value=display(value, NumberKind.EXACT),
            max=display(possible),
        )
        return None, False
    allowed = allowed_scores(sheet.cs, criterion, possible)
    if allowed is not None and value not in allowed:
        shown = "; ".join(display(v, NumberKind.EXACT) for v in sorted(allowed))
        sheet.report(
            M_NOT_A_LEVEL,
            cell,
            criterion.code,
            value=display(value, NumberKind.EXACT),
            allowed=shown,
        )
        return None, False
    return value, False


def _self(raw: Any) -> tuple[Decimal | None, bool]:
    if isinstance(raw, str) and answer_kind(raw) == "na":
        return None, True
    try:
        return parse_decimal(raw), False
    except ValueError:
        return None, False


def _read_entry(sheet: Place, criterion: Criterion, row, r: int, cols, complete: bool):
    """One criterion row: parse, check bounds and levels, require notes where scores change."""
    cells = {k: a1(r, cols[k]) for k in ("round_1", "note_1", "explanation", "round_2", "note_2")}
    self_score, self_na = _self(_value(row, cols["self"]))
    raw_1, raw_2 = _value(row, cols["round_1"]), _value(row, cols["round_2"])
    if criterion.scorer == ScoredBy.SURVEY:
        for raw, key in ((raw_1, "round_1"), (raw_2, "round_2")):
            if text_of(raw) is not None:
                sheet.report(M_SURVEY_ROW, cells[key], criterion.code)
        return AppraisedScore(code=criterion.code, cells=cells)
    r1, na1 = parse_score(sheet, criterion, raw_1, cells["round_1"])
    r2, na2 = parse_score(sheet, criterion, raw_2, cells["round_2"])
    entry = AppraisedScore(
        code=criterion.code,
        self_score=self_score,
        self_na=self_na,
        round_1=r1,
        round_1_na=na1,
        note_1=text_of(_value(row, cols["note_1"])),
        explanation=text_of(_value(row, cols["explanation"])),
        round_2=r2,
        round_2_na=na2,
        note_2=text_of(_value(row, cols["note_2"])),
        cells=cells,
    )
    _require_notes(sheet, criterion, entry)
    if complete and criterion.scorer == ScoredBy.APPRAISER and r1 is None and r2 is None:
        possible = sheet.cs.max_for(criterion, sheet.unit.unit_type) or ZERO
        sheet.report(
            M_MISSING_SCORE,
            cells["round_1"],
            criterion.code,
            status=Status.ROUND_1.value,
            max=display(possible),
        )
    return entry


def _shown(score: Decimal | None, na: bool) -> str:
    return NA_TEXT if na else ("—" if score is None else display(score, NumberKind.EXACT))


def _require_notes(sheet: Place, criterion: Criterion, e: AppraisedScore) -> None:
    """A round's score that differs from the score before it needs a note (round 1: the
    self-score; round 2: round 1, else the self-score). Appraiser-only rows have no self-score."""
    before = (e.self_score, e.self_na) if criterion.scorer == ScoredBy.UNIT else None
    label = text("điểm tự chấm", "the self-score")
    rounds = ((1, e.round_1, e.round_1_na, e.note_1), (2, e.round_2, e.round_2_na, e.note_2))
    for round_, score, na, note in rounds:
        if score is None and not na:
            continue
        if na and note is None:
            cells = e.cells
            sheet.report(
                M_NA_NO_NOTE, cells[f"round_{round_}"], criterion.code, round=round_,
                note_cell=cells[f"note_{round_}"],
            )  # fmt: skip
        elif before is not None and (score, na) != before and note is None:
            sheet.report(
                M_NOTE_MISSING,
                e.cells[f"round_{round_}"],
                criterion.code,
                round=round_,
                value=_shown(score, na),
                before_label=label,
                before=_shown(*before),
                note_cell=e.cells[f"note_{round_}"],
            )
        before, label = (score, na), text("điểm vòng 1", "the round-1 score")
