"""Read a filled self-assessment workbook into a Submission, robustly and safely.

Every file first passes ``guard.inspect``; values are then read with python-calamine (fast, no
XML parser of ours). Rows are found by their key in the "Mã dòng" column and columns by their
header text, so inserted, hidden or widened rows and columns still read. Values people type in
odd forms are parsed (``parse``); what cannot be parsed becomes a ``ReadIssue`` for the check
step. A file that cannot be used at all (another template, missing rows, changed maxima) raises
``WorkbookError`` with a stable code. Cached formula results are never trusted: the reader adds
the total itself and notes when the spreadsheet's cached total differs.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import python_calamine

from par_index.criteria.model import CriteriaSet, Criterion, FigureType
from par_index.errors import InputFileError, WorkbookError
from par_index.i18n import Message
from par_index.numbers import quantize
from par_index.rules import NO, NOT_APPLICABLE, YES, answer_kind
from par_index.submission import Submission
from par_index.text import fold, strip_accents
from par_index.workbook import guard
from par_index.workbook.layout import (
    COLUMNS,
    FORMAT_VERSION,
    HEADER_KEYS,
    META_FIELDS,
    NOT_SELF_SCORED,
    SHEET_GRID,
    SHEET_META,
    Col,
    RowKind,
    RowSpec,
    a1,
    grid_rows,
)
from par_index.workbook.parse import (
    CellValue,
    cell_text,
    match_choice,
    parse_date,
    parse_evidence,
    parse_number,
    quick_fold,
    text_value,
)

_TEMPLATE_AGAIN = "Hãy chép số liệu sang biểu mẫu mới được gửi kèm và gửi lại."
_TEMPLATE_AGAIN_EN = "Copy the entries into the new template that was sent and send it again."

M_UNREADABLE = Message(
    "workbook.unreadable",
    "{file}: không đọc được nội dung bảng tính ({detail}). Hãy mở tệp bằng Excel hoặc "
    "LibreOffice, lưu lại dạng .xlsx rồi gửi lại.",
    "{file}: the spreadsheet's content cannot be read ({detail}). Open it in Excel or "
    "LibreOffice, save it again as .xlsx and resend it.",
)
M_MISSING_SHEET = Message(
    "workbook.missing-sheet",
    "{file}: không có trang tính '{sheet}'{suggestion}. Hãy đặt lại đúng tên trang tính, hoặc "
    "dùng biểu mẫu mới được gửi kèm.",
    "{file}: there is no sheet '{sheet}'{suggestion}. Rename the sheet back, or use the new "
    "template that was sent.",
)
M_SUGGEST = Message(
    "workbook.suggest-sheet", " (có phải trang '{name}'?)", " (did you mean '{name}'?)"
)
M_SHEETS = Message("workbook.sheets-found", " (tệp có: {names})", " (the file has: {names})")
M_NO_METADATA = Message(
    "workbook.no-metadata",
    "{file}: không phải biểu mẫu tự chấm điểm do par-index tạo (thiếu trang thông tin ẩn "
    "'{sheet}' hoặc mục '{field}'). " + _TEMPLATE_AGAIN,
    "{file}: not a self-assessment template made by par-index (the hidden sheet '{sheet}' or "
    "its entry '{field}' is missing). " + _TEMPLATE_AGAIN_EN,
)
M_CRITERIA_MISMATCH = Message(
    "workbook.criteria-mismatch",
    "{file}: biểu mẫu không khớp bộ tiêu chí đang dùng ({field}: tệp ghi '{found}', cần "
    "'{expected}'); có thể là biểu mẫu năm trước hoặc đã bị sửa. " + _TEMPLATE_AGAIN,
    "{file}: the template does not match the criteria set in use ({field}: the file says "
    "'{found}', expected '{expected}'); it may be last year's form or an altered one. "
    + _TEMPLATE_AGAIN_EN,
)
M_MISSING_COLUMN = Message(
    "workbook.missing-column",
    "{file}: trang '{sheet}' không có cột '{column}'. Hãy đặt lại đúng tiêu đề cột hoặc dùng "
    "biểu mẫu mới.",
    "{file}: sheet '{sheet}' has no column '{column}'. Restore the column header or use the "
    "new template.",
)
M_MISSING_ROW = Message(
    "workbook.missing-row",
    "{file}: trang '{sheet}' thiếu dòng {what}. Không xóa dòng của biểu mẫu; " + _TEMPLATE_AGAIN,
    "{file}: sheet '{sheet}' lacks the row {what}. Rows must not be deleted; " + _TEMPLATE_AGAIN_EN,
)
M_EXTRA_ROW = Message(
    "workbook.extra-row",
    "{file}: trang '{sheet}', ô {cell}: dòng '{key}' {why}. Hãy xóa dòng thừa hoặc dùng biểu "
    "mẫu mới.",
    "{file}: sheet '{sheet}', cell {cell}: row '{key}' {why}. Delete the extra row or use the "
    "new template.",
)
WHY_UNKNOWN = Message(
    "workbook.extra-row.unknown", "không có trong bộ tiêu chí", "is not in the set"
)
WHY_DUPLICATE = Message(
    "workbook.extra-row.duplicate", "bị lặp (đã có ở dòng {first})", "is repeated (see row {first})"
)
M_MAX_CHANGED = Message(
    "workbook.max-changed",
    "{file}: trang '{sheet}', ô {cell}: điểm tối đa của {what} là '{found}', bộ tiêu chí quy "
    "định {expected}. Không sửa điểm tối đa; " + _TEMPLATE_AGAIN,
    "{file}: sheet '{sheet}', cell {cell}: the maximum of {what} is '{found}', the set says "
    "{expected}. Maxima must not be changed; " + _TEMPLATE_AGAIN_EN,
)

ISSUE_MESSAGES = {
    "read.not-a-number": Message(
        "read.not-a-number",
        "{cell}: '{value}' không phải là số. Hãy nhập số, ví dụ 1,5.",
        "{cell}: '{value}' is not a number. Enter a number such as 1.5.",
    ),
    "read.not-whole": Message(
        "read.not-whole",
        "{cell}: số liệu '{value}' phải là số nguyên. Hãy nhập số nguyên.",
        "{cell}: the figure '{value}' must be a whole number.",
    ),
    "read.bad-date": Message(
        "read.bad-date",
        "{cell}: '{value}' không phải là ngày. Hãy nhập ngày/tháng/năm, ví dụ 05/03/2025.",
        "{cell}: '{value}' is not a date. Enter day/month/year, e.g. 05/03/2025.",
    ),
    "read.unknown-choice": Message(
        "read.unknown-choice",
        "{cell}: '{value}' không có trong danh sách ({allowed}). Hãy chọn trong danh sách.",
        "{cell}: '{value}' is not one of the choices ({allowed}). Pick one from the list.",
    ),
    "read.cached-total-differs": Message(
        "read.cached-total-differs",
        "{cell}: tổng điểm bảng tính hiện là {cached}, cộng lại từ các ô được {computed} "
        "(có ô điểm nhập dạng chữ hoặc công thức bị sửa). Hãy kiểm tra các ô điểm.",
        "{cell}: the sheet shows a total of {cached}, the cells add up to {computed} (a score "
        "typed as text, or an altered formula). Check the score cells.",
    ),
}
"""How each ReadIssue code reads, for the CLI; the check step has its own findings."""

_REQUIRED = (Col.KEY, Col.MAX, Col.FIGURES, Col.SELF_SCORE, Col.EVIDENCE, Col.EXPLANATION)
_HEADER_SCAN = 200
_HEADERS = {fold(c.header): c.id for c in COLUMNS}
_HEADER_LENGTH = max(len(c.header) for c in COLUMNS) + 20
_NOT_SELF_SCORED = fold(NOT_SELF_SCORED)
_PLANS: dict[tuple[str, str], list[RowSpec]] = {}


def _header(value: CellValue) -> Col | None:
    """The column a header cell names (case, NFC/NFD, spacing forgiven), else None."""
    if not isinstance(value, str) or len(value) > _HEADER_LENGTH:
        return None
    return _HEADERS.get(quick_fold(value))


def _plan(cs: CriteriaSet, unit_type: str) -> list[RowSpec]:
    """The unit type's rows, computed once per set content (a batch reads thousands of files)."""
    key = (cs.content_hash, unit_type)
    if key not in _PLANS:
        if len(_PLANS) > 64:
            _PLANS.clear()
        _PLANS[key] = grid_rows(cs, unit_type)
    return _PLANS[key]


def read_submission(path: Path, cs: CriteriaSet, *, display_name: str | None = None) -> Submission:
    """Read one unit's workbook; raises WorkbookError (with a code) when it cannot be used."""
    path = Path(path)
    label = display_name or guard.display_name(path)
    before = _stat(path)
    guard.inspect(path)
    data = _read_bytes(path, label, before)
    book = _open(data, label)
    meta = _read_meta(book, label)
    unit_type = _check_meta(meta, cs, label)
    reader = _GridReader(book, cs, unit_type, label)
    return reader.submission(
        file=display_name or path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
    )


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except OSError:
        return None  # guard.inspect says why, in the user's words


def _read_bytes(path: Path, label: str, before: os.stat_result | None) -> bytes:
    """The bytes guard.inspect checked: the same file (not swapped or rewritten since), never
    through a link."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise InputFileError(guard.CANNOT_OPEN, file=label, detail=exc.strerror or "") from exc
    with os.fdopen(fd, "rb") as handle:
        now = os.fstat(handle.fileno())
        data = handle.read()
    same = ("st_ino", "st_dev", "st_size", "st_mtime_ns")
    if before is None or any(getattr(now, k) != getattr(before, k) for k in same):
        raise guard.UnsafeWorkbook(guard.CANNOT_OPEN, file=label, detail=(guard.D_CHANGED, {}))
    if len(data) != now.st_size:
        raise guard.UnsafeWorkbook(guard.CANNOT_OPEN, file=label, detail=(guard.D_CHANGED, {}))
    return data


def _open(data: bytes, label: str) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own and generic errors for broken files
        raise WorkbookError(M_UNREADABLE, file=label, detail=_short(exc)) from exc


def _short(exc: BaseException) -> str:
    """The parser's complaint in one line, with its kind (calamine's texts can be one word)."""
    text = " ".join(str(exc).split())
    text = (text[:160] + "…") if len(text) > 160 else text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _rows(book, name: str, label: str) -> list[list[CellValue]]:
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise WorkbookError(M_UNREADABLE, file=label, detail=_short(exc)) from exc


def find_sheet(names: list[str], wanted: str) -> str | None:
    """The sheet whose name folds to ``wanted`` (case, NFC/NFD, look-alikes, spaces)."""
    return next((name for name in names if fold(name) == fold(wanted)), None)


def _sheet_or_fail(book, wanted: str, label: str) -> str:
    names = list(book.sheet_names)
    found = find_sheet(names, wanted)
    if found is not None:
        return found
    loose = {strip_accents(fold(n)): n for n in names}
    close = difflib.get_close_matches(strip_accents(fold(wanted)), list(loose), n=1, cutoff=0.6)
    suggestion = (
        M_SUGGEST.format(name=loose[close[0]]) if close else M_SHEETS.format(names=", ".join(names))
    )
    raise WorkbookError(M_MISSING_SHEET, file=label, sheet=wanted, suggestion=suggestion)


def _read_meta(book, label: str) -> dict[str, str]:
    name = find_sheet(list(book.sheet_names), SHEET_META)
    if name is None:
        raise WorkbookError(M_NO_METADATA, file=label, sheet=SHEET_META, field="criteria_id")
    meta: dict[str, str] = {}
    for row in _rows(book, name, label):
        key = cell_text(row[0]) if row else None
        if key in META_FIELDS and len(row) > 1:
            meta[key] = (cell_text(row[1]) or "").strip()
    for field in ("criteria_id", "criteria_version", "criteria_hash", "unit_type"):
        if not meta.get(field):
            raise WorkbookError(M_NO_METADATA, file=label, sheet=SHEET_META, field=field)
    return meta


def _check_meta(meta: dict[str, str], cs: CriteriaSet, label: str) -> str:
    """The unit type the template was made for, once it is known to fit the set."""
    expected = {
        "criteria_id": cs.id,
        "criteria_version": cs.version,
        "criteria_hash": cs.content_hash,
        "template_format": FORMAT_VERSION,
    }
    for field, want in expected.items():
        found = meta.get(field, "")
        if found != want:
            raise WorkbookError(
                M_CRITERIA_MISMATCH, file=label, field=field, found=found[:16], expected=want[:16]
            )
    if meta["unit_type"] not in cs.type_ids():
        raise WorkbookError(
            M_CRITERIA_MISMATCH,
            file=label,
            field="unit_type",
            found=meta["unit_type"],
            expected=", ".join(cs.type_ids()),
        )
    return meta["unit_type"]


class _GridReader:
    """The "Tự chấm điểm" sheet: header and columns located, rows mapped by key."""

    def __init__(self, book, cs: CriteriaSet, unit_type: str, label: str) -> None:
        self.cs, self.unit_type, self.label = cs, unit_type, label
        self.sheet = _sheet_or_fail(book, SHEET_GRID, label)
        self.rows = _rows(book, self.sheet, label)
        self.cols = self._columns()
        self.keys = self._keys()
        self.plan = _plan(cs, unit_type)
        self.issues: list[dict[str, Any]] = []
        self._check_rows()

    # -- locating ------------------------------------------------------------------------
    def _columns(self) -> dict[Col, int]:
        """Columns by header text, on the row (near the top) naming the most known headers."""
        best: dict[Col, int] = {}
        for row in self.rows[:_HEADER_SCAN]:
            found: dict[Col, int] = {}
            for index, value in enumerate(row):
                column = _header(value)
                if column is not None and column not in found:
                    found[column] = index
            if len(found) > len(best):
                best = found
            if len(best) == len(COLUMNS):
                break
        return self._require(best)

    def _require(self, found: dict[Col, int]) -> dict[Col, int]:
        for col in _REQUIRED:
            if col not in found:
                header = next(c.header for c in COLUMNS if c.id == col)
                raise WorkbookError(
                    M_MISSING_COLUMN, file=self.label, sheet=self.sheet, column=header
                )
        return found

    def _keys(self) -> dict[str, int]:
        keys: dict[str, int] = {}
        col = self.cols[Col.KEY]
        for index, row in enumerate(self.rows):
            value = row[col] if col < len(row) else None
            key = value.strip() if type(value) is str else (cell_text(value) or "")
            if not key or (not key.isascii() and _header(key) == Col.KEY):
                continue
            if key in keys:
                why = WHY_DUPLICATE.format(first=keys[key] + 1)
                self._extra(index, key, why)
            keys[key] = index
        return keys

    def _extra(self, index: int, key: str, why: str) -> None:
        cell = a1(index, self.cols[Col.KEY])
        raise WorkbookError(
            M_EXTRA_ROW, file=self.label, sheet=self.sheet, cell=cell, key=key, why=why
        )

    def _check_rows(self) -> None:
        expected = {spec.key for spec in self.plan} | set(HEADER_KEYS.values())
        for key, index in self.keys.items():
            if key not in expected:
                self._extra(index, key, WHY_UNKNOWN.format())
        for key in [*HEADER_KEYS.values(), *(spec.key for spec in self.plan)]:
            if key not in self.keys:
                raise WorkbookError(
                    M_MISSING_ROW, file=self.label, sheet=self.sheet, what=_describe_key(key)
                )
        for spec in self.plan:
            if spec.max is not None:
                self._check_max(spec)

    def _check_max(self, spec: RowSpec) -> None:
        index = self.keys[spec.key]
        value = self.value(index, Col.MAX)
        try:
            found = parse_number(value)
        except ValueError:
            found = None
        if found != spec.max:
            raise WorkbookError(
                M_MAX_CHANGED,
                file=self.label,
                sheet=self.sheet,
                cell=a1(index, self.cols[Col.MAX]),
                what=_describe_key(spec.key),
                found=cell_text(value) or "",
                expected=_plain(spec.max),
            )

    # -- cells ---------------------------------------------------------------------------
    def value(self, index: int, col: Col) -> CellValue:
        row = self.rows[index]
        position = self.cols[col]
        return row[position] if position < len(row) else None

    # Rows, cells and issues are built as plain dicts and validated once, as a whole, into a
    # Submission: pydantic-core does that in one call, far faster than a model per cell.
    def ref(self, index: int, col: Col) -> dict[str, str]:
        """A CellRef's fields."""
        return {"sheet": self.sheet, "cell": a1(index, self.cols[col])}

    def issue(self, code: str, criterion: str | None, ref: dict, **values: str) -> None:
        self.issues.append({"code": code, "criterion": criterion, "cell": ref, "values": values})

    # -- the submission ------------------------------------------------------------------
    def submission(self, *, file: str, sha256: str, meta: dict[str, str]) -> Submission:
        entries = {
            spec.code: self._entry(spec) for spec in self.plan if spec.kind == RowKind.CRITERION
            and spec.is_leaf
        }  # fmt: skip
        date_index = self.keys[HEADER_KEYS["date"]]
        date_ref = self.ref(date_index, Col.FIGURES)
        cached, cached_ref = self._cached_total()
        fields = dict(
            file=file,
            sha256=sha256,
            unit_code=meta.get("unit_code") or None,
            unit_name=meta.get("unit_name") or None,
            criteria_id=meta["criteria_id"],
            criteria_version=meta["criteria_version"],
            criteria_hash=meta["criteria_hash"],
            period=meta.get("period") or None,
            template_version=meta.get("template_format") or None,
            generated_at=meta.get("generated_at") or None,
            preparer=text_value(self.value(self.keys[HEADER_KEYS["preparer"]], Col.FIGURES)),
            phone=text_value(self.value(self.keys[HEADER_KEYS["phone"]], Col.FIGURES)),
            submission_date=self._date(date_index, Col.FIGURES, None),
            submission_date_cell=date_ref,
            entries=entries,
            cached_total=cached,
            cached_total_cell=cached_ref,
        )
        self._compare_total(cached, cached_ref, entries)
        return Submission.model_validate({**fields, "issues": self.issues})

    def _entry(self, spec: RowSpec) -> dict[str, Any]:
        """An Entry's fields."""
        index, node = self.keys[spec.key], spec.node
        score, raw = self._score(index, node)
        answer, not_applicable = self._answer(index, node)
        evidence = self.value(index, Col.EVIDENCE)
        return dict(
            code=node.code,
            row=index + 1,
            max_shown=spec.max,
            self_score=score,
            self_score_raw=raw,
            self_score_cell=self.ref(index, Col.SELF_SCORE),
            answer=answer,
            answer_cell=self.ref(index, Col.FIGURES),
            not_applicable=not_applicable,
            figures={f.name: self._figure(node, f.name) for f in node.figures},
            evidence=parse_evidence(evidence),
            evidence_raw=cell_text(evidence),
            evidence_cell=self.ref(index, Col.EVIDENCE),
            explanation=text_value(self.value(index, Col.EXPLANATION)),
            explanation_cell=self.ref(index, Col.EXPLANATION),
        )

    def _score(self, index: int, node: Criterion) -> tuple[Decimal | None, str | None]:
        value = self.value(index, Col.SELF_SCORE)
        raw = cell_text(value)
        if raw is None or (
            len(raw) == len(NOT_SELF_SCORED) and quick_fold(raw) == _NOT_SELF_SCORED
        ):
            return None, None
        return self._number(value, raw, node.code, self.ref(index, Col.SELF_SCORE)), raw

    def _number(self, value, raw, code, ref, *, counts: bool = False) -> Decimal | None:
        try:
            number = parse_number(value, counts=counts)
        except ValueError:
            self.issue("read.not-a-number", code, ref, value=raw)
            return None
        if counts and number is not None and number != number.to_integral_value():
            self.issue("read.not-whole", code, ref, value=raw)
        return number

    def _date(self, index: int, col: Col, code: str | None):
        value = self.value(index, col)
        try:
            return parse_date(value)
        except ValueError:
            self.issue("read.bad-date", code, self.ref(index, col), value=cell_text(value) or "")
            return None

    def _answer(self, index: int, node: Criterion) -> tuple[str | None, bool]:
        value = self.value(index, Col.FIGURES)
        if isinstance(value, bool):
            value = YES if value else NO
        text = text_value(value)
        if text is None:
            return None, False
        kind = _answer_kind(text)
        if kind == "na":
            return NOT_APPLICABLE, True
        if getattr(node.rule, "kind", None) == "yes_no" and kind in ("yes", "no"):
            return (YES if kind == "yes" else NO), False
        chosen = _level_labels(node).get(quick_fold(text))
        if chosen is None:
            ref = self.ref(index, Col.FIGURES)
            self.issue("read.unknown-choice", node.code, ref, value=text, allowed=_list(node))
            return text, False
        return chosen, False

    def _figure(self, node: Criterion, name: str) -> dict[str, Any]:
        """A FigureEntry's fields."""
        figure = node.figure(name)
        index = self.keys[f"fig:{node.code}:{name}"]
        value, ref = self.value(index, Col.FIGURES), self.ref(index, Col.FIGURES)
        raw = cell_text(value)
        kind = figure.type
        if raw is None:
            parsed = None
        elif kind in (FigureType.COUNT, FigureType.PERCENT, FigureType.NUMBER):
            parsed = self._number(value, raw, node.code, ref, counts=kind == FigureType.COUNT)
        elif kind == FigureType.DATE:
            parsed = self._date(index, Col.FIGURES, node.code)
        else:
            parsed = self._choice_figure(value, raw, figure, node.code, ref)
        return {"name": name, "value": parsed, "raw": raw, "cell": ref}

    def _choice_figure(self, value, raw: str, figure, code: str, ref: dict):
        if figure.type == FigureType.YES_NO:
            kind = "yes" if value is True else "no" if value is False else answer_kind(raw)
            if kind in ("yes", "no"):
                return kind == "yes"
            self.issue("read.unknown-choice", code, ref, value=raw, allowed=f"{YES}, {NO}")
            return text_value(raw)
        chosen = match_choice(value, list(figure.choices))
        if chosen is None:
            allowed = ", ".join(figure.choices)
            self.issue("read.unknown-choice", code, ref, value=raw, allowed=allowed)
            return text_value(raw)
        return chosen

    # -- totals --------------------------------------------------------------------------
    def _cached_total(self) -> tuple[Decimal | None, dict]:
        index = self.keys["total"]
        value, ref = self.value(index, Col.SELF_SCORE), self.ref(index, Col.SELF_SCORE)
        try:
            return parse_number(value), ref
        except ValueError:
            self.issue("read.cached-total-differs", None, ref, cached=cell_text(value) or "")
            return None, ref

    def _compare_total(self, cached: Decimal | None, ref: dict, entries: dict[str, dict]) -> None:
        if cached is None:
            return
        computed = _sheet_sum(self.cs, {c: e["self_score"] for c, e in entries.items()})
        if quantize(cached, 6) != quantize(computed, 6):
            self.issue(
                "read.cached-total-differs",
                None,
                ref,
                cached=_plain(cached),
                computed=_plain(computed),
            )


def sheet_total(cs: CriteriaSet, submission: Submission) -> Decimal:
    """The grand total as the sheet's formula adds it: tree leaves + capped bonus - penalty."""
    return _sheet_sum(cs, {code: e.self_score for code, e in submission.entries.items()})


def _sheet_sum(cs: CriteriaSet, scores: dict[str, Decimal | None]) -> Decimal:
    section_of = {item.code: name for name, item in cs.extras_items()}
    sums = {"tree": Decimal(0), "bonus": Decimal(0), "penalty": Decimal(0)}
    for code, score in scores.items():
        if score is not None:
            sums[section_of.get(code, "tree")] += score
    total = sums["tree"]
    for name, sign in (("bonus", 1), ("penalty", -1)):
        section = getattr(cs, name)
        if section is not None:
            total += sign * min(sums[name], section.max)
    return total


def _level_labels(node: Criterion) -> dict[str, str]:
    """Folded level label (Vietnamese or English) -> the Vietnamese label."""
    if getattr(node.rule, "kind", None) != "levels":
        return {}
    return _labels(tuple((lvl.label.vi, lvl.label.en) for lvl in node.rule.levels))


@functools.lru_cache(maxsize=1024)
def _labels(levels: tuple[tuple[str, str | None], ...]) -> dict[str, str]:
    labels = {}
    for vi, en in levels:
        for label in (en, vi):
            if label:
                labels[quick_fold(label)] = vi
    return labels


_answer_kind = functools.lru_cache(maxsize=4096)(answer_kind)
"""rules.answer_kind, remembered: officers type the same few answers thousands of times."""


def _list(node: Criterion) -> str:
    from par_index.workbook.layout import choice_labels

    return ", ".join(choice_labels(node))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


KEY_AREA = Message("workbook.key.area", "lĩnh vực {code}", "area {code}")
KEY_CRITERION = Message("workbook.key.criterion", "tiêu chí {code}", "criterion {code}")
KEY_FIGURE = Message(
    "workbook.key.figure", "số liệu '{name}' của tiêu chí {code}", "figure '{name}' of {code}"
)
KEY_HEADER = Message("workbook.key.header", "thông tin đầu trang '{name}'", "header entry '{name}'")
KEY_BONUS = Message("workbook.key.bonus", "điểm thưởng", "bonus points")
KEY_PENALTY = Message("workbook.key.penalty", "điểm trừ", "penalty points")
KEY_TOTAL = Message("workbook.key.total", "tổng điểm", "the grand total")


def _describe_key(key: str) -> str:
    """A row key in the user's words, e.g. "tiêu chí 3.2.1"."""
    kind, _, rest = key.partition(":")
    code, _, name = rest.partition(":")
    message = {
        "area": KEY_AREA,
        "crit": KEY_CRITERION,
        "fig": KEY_FIGURE,
        "hdr": KEY_HEADER,
        "bonus": KEY_BONUS,
        "penalty": KEY_PENALTY,
        "total": KEY_TOTAL,
    }.get(kind)
    if message is None:
        return key
    return message.format(code=code, name=name if kind == "fig" else code)
