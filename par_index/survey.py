"""Survey results (điều tra xã hội học): a CSV turned into points with the set's weights.

One row per unit and survey criterion. Either answer counts per option, in columns named like
the rule's options (A, B, C, D), or a percentage (column ``percent`` / ``tỷ lệ``) meaning the
weighted satisfaction already computed. Points = survey_points(counts) or percent / 100 x max.
A file with any bad row is refused as a whole, every problem named by file:line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Literal

from par_index.criteria.model import CriteriaSet, Criterion, ScoredBy, SurveyRule
from par_index.criteria.sets import Sets, set_for
from par_index.csvsrc import rows as csv_rows
from par_index.errors import InputFileError, ParIndexError
from par_index.i18n import Message, text
from par_index.inputs import Survey, SurveyAnswers, SurveySample
from par_index.numbers import HUNDRED, ZERO, parse_decimal
from par_index.rules import survey_points
from par_index.text import clean, fold, shortened
from par_index.units import Unit

M_INVALID = Message(
    "survey.invalid",
    "Tệp khảo sát {file} có {count} lỗi, chưa dùng được:\n{problems}",
    "Survey file {file} has {count} problem(s) and cannot be used:\n{problems}",
)
M_UNREADABLE = Message(
    "survey.unreadable",
    "{file}: không đọc được tệp khảo sát ({detail}). Hãy lưu tệp dạng CSV, mã UTF-8.",
    "{file}: the survey file cannot be read ({detail}). Save it as CSV in UTF-8.",
)
M_COLUMNS = Message(
    "survey.columns",
    "{file}:{line}: thiếu cột '{column}'. Cần các cột: đơn vị (unit), tiêu chí (criterion), "
    "rồi số phiếu theo từng phương án (A, B, C, D...) hoặc cột tỷ lệ (percent).",
    "{file}:{line}: column '{column}' is missing. Columns needed: unit, criterion, then answer "
    "counts per option (A, B, C, D...) or a percent column.",
)
M_UNKNOWN_UNIT = Message(
    "survey.unknown-unit",
    "{file}:{line}: mã đơn vị '{unit}' không có trong danh sách đơn vị. Hãy sửa mã đơn vị.",
    "{file}:{line}: unit code '{unit}' is not in the units file. Fix the unit code.",
)
M_NOT_SURVEY = Message(
    "survey.not-survey-criterion",
    "{file}:{line}: '{criterion}' không phải tiêu chí điều tra xã hội học của bộ tiêu chí "
    "(có: {known}). Hãy sửa mã tiêu chí.",
    "{file}:{line}: '{criterion}' is not a survey criterion of the set (known: {known}). "
    "Fix the criterion code.",
)
M_NOT_APPLICABLE = Message(
    "survey.not-applicable",
    "{file}:{line}: tiêu chí {criterion} không áp dụng cho loại đơn vị của {unit}. Hãy xóa dòng.",
    "{file}:{line}: criterion {criterion} does not apply to {unit}'s unit type. Delete the row.",
)
M_BAD_NUMBER = Message(
    "survey.bad-number",
    "{file}:{line}: cột {column}: '{value}' {why}. Hãy sửa giá trị.",
    "{file}:{line}: column {column}: '{value}' {why}. Fix the value.",
)
M_UNKNOWN_OPTION = Message(
    "survey.unknown-option",
    "{file}:{line}: cột '{column}' không phải phương án trả lời của tiêu chí {criterion} "
    "(có: {options}). Hãy để trống cột này cho dòng này.",
    "{file}:{line}: column '{column}' is not an answer option of criterion {criterion} "
    "(options: {options}). Leave it blank on this row.",
)
M_BOTH = Message(
    "survey.counts-and-percent",
    "{file}:{line}: dòng có cả số phiếu theo phương án và tỷ lệ. Hãy chỉ ghi một trong hai.",
    "{file}:{line}: the row has both answer counts and a percent. Give only one of them.",
)
M_NEITHER = Message(
    "survey.no-answers",
    "{file}:{line}: dòng không có số phiếu nào và không có tỷ lệ. Hãy ghi số phiếu hoặc tỷ lệ.",
    "{file}:{line}: the row has no answer counts and no percent. Give counts or a percent.",
)
M_DUPLICATE = Message(
    "survey.duplicate",
    "{file}:{line}: đơn vị {unit}, tiêu chí {criterion} đã có ở dòng {first}. "
    "Mỗi đơn vị một dòng cho mỗi tiêu chí.",
    "{file}:{line}: unit {unit}, criterion {criterion} already has line {first}. "
    "One row per unit and criterion.",
)
WHY_NOT_NUMBER = ("không phải là số", "is not a number")
WHY_NOT_COUNT = ("không phải số phiếu (số nguyên ≥ 0)", "is not a count (a whole number ≥ 0)")
WHY_PERCENT = ("phải từ 0 đến 100", "must be from 0 to 100")
WHY_TOO_MANY = ("vượt quá 10.000.000 phiếu", "is more than 10,000,000 answers")
MAX_COUNT = 10_000_000
"""The most answers one option may have: more than any unit's population (no 1e99999999)."""

_UNIT_HEADERS = {"unit", "unit_code", "ma", "mã", "mã đơn vị", "ma don vi", "đơn vị", "don vi"}
_CRITERION_HEADERS = {"criterion", "mã tiêu chí", "ma tieu chi", "tiêu chí", "tieu chi"}
_PERCENT_HEADERS = {"percent", "%", "tỷ lệ", "tỉ lệ", "ty le", "tỷ lệ (%)", "tỷ lệ %"}


class SurveyError(ParIndexError, ValueError):
    """The survey file cannot be used; every problem is listed with file:line."""


@dataclass
class _Reader:
    """State of one file's reading: where problems go."""

    file: str
    sets: Sets
    """The set, or a set per group of units (a row is read on its unit's)."""
    units: Mapping[str, Unit] | None
    problems: list[str] = field(default_factory=list)
    first: dict[tuple[str, str], int] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    """The header's column names, folded once for every line."""
    options: dict[int, dict[str, str]] = field(default_factory=dict)
    """The criterion's identity -> its survey options by folded name, worked out once per file
    (codes may repeat across the sets of a workspace with groups)."""

    def cs(self, unit_type: str | None) -> CriteriaSet:
        """The set a row of a unit of this type is read on (None: the first group's)."""
        if isinstance(self.sets, CriteriaSet):
            return self.sets
        return set_for(self.sets, unit_type or self.sets.groups[0].cs.type_ids()[0])

    def options_of(self, criterion: Criterion, rule: SurveyRule) -> dict[str, str]:
        key = id(criterion)
        found = self.options.get(key)
        if found is None:
            found = self.options[key] = {fold(o): o for o in rule.options}
        return found

    def bad(self, message: Message, line: int, **fields: object) -> None:
        self.problems.append(message.format(None, file=self.file, line=line, **fields))


def read_survey(
    path: Path,
    cs: Sets,
    units: Sequence[Unit] | None = None,
    answers: SurveyAnswers | None = None,
) -> Survey:
    """Points per unit and survey criterion; SurveyError lists every bad line. ``answers``,
    when given, receives the answer counts of the rows given as counts (the sampling error of
    the rank interval, ``par_index.firmness``)."""
    reader = _Reader(path.name, cs, {u.code: u for u in units} if units is not None else None)
    header, rows = _rows(path)
    reader.keys = [fold(name) for name in header]
    columns = _columns(reader)
    result: Survey = {}
    if columns is not None:
        for line, row in rows:
            found = _row(reader, columns, header, line, row)
            if found is not None:
                unit, code, (points, sample) = found
                result.setdefault(unit, {})[code] = points
                if answers is not None and sample is not None:
                    answers.setdefault(unit, {})[code] = sample
    if reader.problems:
        raise SurveyError(
            M_INVALID,
            file=path.name,
            count=len(reader.problems),
            problems="\n".join(reader.problems),
        )
    return result


def read_surveys(
    folder: Path, cs: Sets, units: Sequence[Unit], answers: SurveyAnswers | None = None
) -> Survey | None:
    """Every CSV of the survey folder merged; None when there is no survey at all. ``answers``:
    as ``read_survey``."""
    files = sorted(p for p in folder.glob("*.csv") if not p.name.startswith((".", "~$")))
    if not folder.is_dir() or not files:
        return None
    merged: Survey = {}
    for path in files:
        found: SurveyAnswers = {}
        for unit, points in read_survey(path, cs, units, found).items():
            if answers is not None:  # a later file's row replaces an earlier one's, answers too
                for code in points:
                    answers.setdefault(unit, {}).pop(code, None)
                answers.setdefault(unit, {}).update(found.get(unit, {}))
            merged.setdefault(unit, {}).update(points)
    return merged


def _rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) of every non-blank row; comma, semicolon or tab separated."""
    try:
        content = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputFileError(M_UNREADABLE, file=str(path), detail="không tìm thấy tệp") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(M_UNREADABLE, file=path.name, detail=type(exc).__name__) from exc
    first = content.splitlines()[0] if content.strip() else ""
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for cells in csv_rows(reader, path.name):
        if not any(c.strip() for c in cells):
            continue
        if not header:
            header = [clean(c) for c in cells]
        else:
            rows.append((reader.line_num, cells))
    return header, rows


def _columns(reader: _Reader) -> dict[str, int] | None:
    """Positions of the unit, criterion and percent columns among the folded header names
    (option columns are the rest)."""
    found: dict[str, int] = {}
    for i, key in enumerate(reader.keys):
        for role, names in (("unit", _UNIT_HEADERS), ("criterion", _CRITERION_HEADERS)):
            if key in names and role not in found:
                found[role] = i
        if key in _PERCENT_HEADERS:
            found["percent"] = i
    for role, label in (("unit", "unit / mã đơn vị"), ("criterion", "criterion / mã tiêu chí")):
        if role not in found:
            reader.bad(M_COLUMNS, 1, column=label)
    return found if "unit" in found and "criterion" in found else None


def _row(reader: _Reader, columns, header, line: int, row: list[str]):
    """(unit, criterion, (points, answers)) of one row, or None after reporting its problems."""
    cell = _Cells(row)
    unit_code, code = cell(columns["unit"]), cell(columns["criterion"])
    unit_type = _unit_type(reader, line, unit_code)
    cs = reader.cs(unit_type or None)
    criterion = _criterion(reader, cs, line, code)
    if criterion is None or unit_type is False:
        return None
    possible = cs.max_for(criterion, unit_type) if unit_type else criterion.max
    if possible is None:
        reader.bad(M_NOT_APPLICABLE, line, criterion=code, unit=unit_code)
        return None
    if (unit_code, code) in reader.first:
        first = reader.first[(unit_code, code)]
        reader.bad(M_DUPLICATE, line, unit=unit_code, criterion=code, first=first)
        return None
    reader.first[(unit_code, code)] = line
    points = _points(reader, criterion, possible, columns, header, line, cell)
    return None if points is None else (unit_code, criterion.code, points)


class _Cells:
    """A CSV row's cells by position, cleaned; missing trailing cells are blank."""

    def __init__(self, row: list[str]) -> None:
        self.row = row

    def __call__(self, i: int) -> str:
        return clean(self.row[i]) if i < len(self.row) else ""


def _criterion(reader: _Reader, cs: CriteriaSet, line: int, code: str) -> Criterion | None:
    node = cs.node(code)
    if isinstance(node, Criterion) and node.is_leaf and node.scorer == ScoredBy.SURVEY:
        return node
    known = [c.code for c in cs.leaves() if c.scorer == ScoredBy.SURVEY]
    reader.bad(M_NOT_SURVEY, line, criterion=code, known=", ".join(known) or "—")
    return None


def _unit_type(reader: _Reader, line: int, code: str) -> str | Literal[False] | None:
    """The unit's type; None when no units were given; False (reported) when unknown."""
    if reader.units is None:
        return None
    unit = reader.units.get(code)
    if unit is None:
        reader.bad(M_UNKNOWN_UNIT, line, unit=code)
        return False
    return unit.unit_type


def _points(reader: _Reader, criterion: Criterion, possible: Decimal, columns, header, line, cell):
    rule = criterion.rule
    assert isinstance(rule, SurveyRule)
    options = reader.options_of(criterion, rule)
    counts: dict[str, Decimal] = {}
    ok = True
    for i, (name, key) in enumerate(zip(header, reader.keys, strict=True)):
        raw = "" if i in columns.values() else cell(i)
        if not raw:
            continue
        if key not in options:
            reader.bad(
                M_UNKNOWN_OPTION,
                line,
                column=name,
                criterion=criterion.code,
                options=", ".join(rule.options),
            )
            ok = False
            continue
        count = _number(reader, line, name, raw, counts=True)
        ok = ok and count is not None
        if count is not None:
            counts[options[key]] = count
    percent_raw = cell(columns["percent"]) if "percent" in columns else ""
    if not ok:
        return None
    if counts and percent_raw:
        reader.bad(M_BOTH, line)
        return None
    if percent_raw:
        percent = _number(reader, line, header[columns["percent"]], percent_raw, counts=False)
        if percent is None:
            return None
        with localcontext(prec=40):
            return percent / HUNDRED * possible, None
    if not counts:
        reader.bad(M_NEITHER, line)
        return None
    weights = {fold(option): weight for option, weight in rule.options.items()}
    sample = SurveySample(tuple((weights[fold(o)], count) for o, count in counts.items()))
    return survey_points(rule, possible, counts), sample


def _number(reader: _Reader, line: int, column: str, raw: str, *, counts: bool):
    """A count (whole, >= 0) or a percent (0..100), reported at file:line when wrong."""
    try:
        value = parse_decimal(raw, counts=counts)
    except ValueError:
        value = None
    if value is None:
        why = WHY_NOT_COUNT if counts else WHY_NOT_NUMBER
    elif counts and value > MAX_COUNT:
        why = WHY_TOO_MANY
    elif counts and (value < 0 or value != value.to_integral_value()):
        why = WHY_NOT_COUNT
    elif not counts and not ZERO <= value <= HUNDRED:
        why = WHY_PERCENT
    else:
        return value
    reader.bad(M_BAD_NUMBER, line, column=column, value=shortened(raw), why=_why(why))
    return None


def _why(pair: tuple[str, str]) -> str:
    return text(*pair)
