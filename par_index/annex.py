"""Import a province's annex table (phụ lục: STT | tiêu chí | điểm tối đa | cách tính điểm | tài
liệu kiểm chứng) into a criteria YAML skeleton that ``par-index criteria check`` accepts.

Areas are Roman-numeral or bold rows; criteria are numbered 1, 2 / 1.1 / a) b) in any mix. Codes
are renumbered as the format requires; the annex's own numbers stay as comments. Scoring rules
are recognised from the method text where it follows the usual wording (Có/Không, levels,
percentage bands, "mỗi ... trừ x điểm"); every criterion it cannot read gets an appraiser rule
and a ``# TODO:`` comment, so the set is valid from the start and the author knows what to write.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from par_index.criteria.model import CriteriaSet
from par_index.criteria.problems import Problem, problems_from_validation
from par_index.criteria.validate import to_problems, validate
from par_index.errors import InputFileError, WorkbookError
from par_index.i18n import Message
from par_index.numbers import parse_decimal
from par_index.text import clean, fold, strip_accents
from par_index.yamlsrc import parse_yaml

M_UNREADABLE = Message(
    "annex.unreadable",
    "{file}: không đọc được bảng phụ lục ({detail}). Hãy lưu lại tệp dưới dạng .xlsx "
    "(Excel Workbook) rồi nhập lại.",
    "{file}: the annex table cannot be read ({detail}). Save it as .xlsx (Excel Workbook) "
    "and import it again.",
)
M_NO_HEADER = Message(
    "annex.no-header",
    "{file}: không tìm thấy dòng tiêu đề của bảng (cần các cột STT | Tiêu chí | Điểm tối đa, "
    "thêm Cách tính điểm | Tài liệu kiểm chứng nếu có). Hãy để dòng tiêu đề trong 40 dòng đầu "
    "của trang tính.",
    "{file}: no header row found (columns STT | Tiêu chí | Điểm tối đa are needed, plus Cách "
    "tính điểm | Tài liệu kiểm chứng where present). Keep the header in the sheet's first 40 rows.",
)
M_NO_ROWS = Message(
    "annex.no-criteria",
    "{file}, trang {sheet}: dưới dòng tiêu đề (dòng {row}) không có tiêu chí nào có điểm.",
    "{file}, sheet {sheet}: no criterion with points below the header (row {row}).",
)

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
HEADER_ROWS = 40
LABEL_CHARS = 60

_HEADERS: list[tuple[str, tuple[str, ...]]] = [
    ("evidence", ("tai lieu kiem chung", "kiem chung", "tai lieu")),
    ("method", ("cach tinh diem", "phuong phap cham", "huong dan cham", "cach cham", "tinh diem")),
    ("max", ("diem toi da", "diem chuan", "thang diem", "so diem toi da", "diem")),
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("title", ("tieu chi", "noi dung", "chi so", "linh vuc")),
]
_EXACT = {"stt", "tt", "diem", "so tt"}
_ROMAN = re.compile(r"(X{0,3})(IX|IV|V?I{0,3})")
_NUM = r"(\d+(?:[.,]\d+)?)"
_DEDUCT = re.compile(r"mỗi\s+(.+?)\s*(?:thì\s+|bị\s+)?trừ\s+" + _NUM + r"\s*(?:điểm|đ)")
_DEDUCT_AFTER = re.compile(r"trừ\s+" + _NUM + r"\s*(?:điểm|đ)\s*(?:\S+\s+){0,3}?mỗi\s+([^;.\n]+)")
_PER_EVENT = re.compile(r"mỗi\s+(.+?)\s*(?:thì\s+)?(?:được\s+)?(?:cộng|thưởng)\s+" + _NUM)
_CAP = re.compile(r"(?:trừ|cộng)\s+tối\s+đa\s+(?:không\s+quá\s+)?" + _NUM)
_NEGATIVE = ("không", "chưa")
_NOT_A_SCORE = ("tối đa", "tùy", "tuỳ", "căn cứ")
_LATE = ("chậm", "trễ", "muộn", "quá hạn", "không đúng hạn", "chưa đầy đủ")
_SPLIT = re.compile(r"[;\n]|(?<!\d)\.(?!\d)")
_DOC_NUMBER = re.compile(r"(?:quyết định|qđ)\s+số\s*:?\s*(\d+[^\s,;()]*)", re.IGNORECASE)
_DOC_ISSUER = re.compile(r"\bcủa\s+((?:UBND|Ủy ban|Uỷ ban|Chủ tịch)[^)(;]+)", re.IGNORECASE)
_DOC_DATE = re.compile(r"ngày\s+(\d{1,2})\s*[/\-]\s*(\d{1,2})\s*[/\-]\s*(\d{4})")
_DOC_DATE_LONG = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


@dataclass
class AnnexRow:
    """One row of the annex table as typed (text NFC-clean, points parsed where possible)."""

    row: int
    stt: str
    title: str
    max: Decimal | None
    method: str
    evidence: str
    bold: bool


@dataclass
class AnnexTable:
    """The rows below the header, and the text above it (the set's title and decision)."""

    file: str
    sheet: str
    header_row: int
    above: list[str]
    rows: list[AnnexRow]


@dataclass
class _Item:
    row: AnnexRow
    style: str
    children: list[_Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    code: str = ""
    max: Decimal = Decimal(0)


@dataclass
class Recognised:
    """A rule read from the method text: the YAML of the rule, its figures, and what to check."""

    kind: str
    rule: dict[str, Any]
    figures: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    todo: str | None = None


@dataclass
class AnnexImport:
    """The skeleton's YAML text, what was recognised, what is left to do, and its validation."""

    yaml: str
    areas: int
    criteria: int
    recognised: Counter[str]
    todos: list[str]
    problems: list[Problem]


# -- reading -----------------------------------------------------------------------------------
def read_annex(path: Path) -> AnnexTable:
    """The annex table of the first sheet that has one; the file is checked before parsing."""
    _guard(path)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise WorkbookError(M_UNREADABLE, file=str(path), detail=type(exc).__name__) from exc
    for sheet in book.worksheets:
        table = _table(sheet, str(path))
        if table is not None:
            return table
    raise WorkbookError(M_NO_HEADER, file=str(path))


def _guard(path: Path) -> None:
    """A regular, not too large, really-zip file whose parts are not a zip bomb."""
    if not path.is_file() or path.is_symlink():
        raise InputFileError(M_UNREADABLE, file=str(path), detail="không phải tệp thường")
    if path.stat().st_size > MAX_BYTES:
        raise WorkbookError(M_UNREADABLE, file=str(path), detail="tệp quá lớn")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookError(M_UNREADABLE, file=str(path), detail="không phải tệp .xlsx") from exc
    if unpacked > MAX_UNPACKED:
        raise WorkbookError(M_UNREADABLE, file=str(path), detail="nội dung giải nén quá lớn")


def _key(value: Any) -> str:
    return strip_accents(fold(str(value))) if value is not None else ""


def _columns(cells: tuple) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = re.sub(r"[^a-z0-9 ]", " ", _key(cell.value))
        key = " ".join(key.split())
        for name, patterns in _HEADERS:
            if name in found or not key:
                continue
            if any(key == p if p in _EXACT else p in key for p in patterns):
                found[name] = index
                break
    return found


def _table(sheet, file: str) -> AnnexTable | None:
    rows = list(sheet.iter_rows(max_row=sheet.max_row))
    for number, cells in enumerate(rows[:HEADER_ROWS], start=1):
        columns = _columns(cells)
        if {"stt", "title", "max"} <= columns.keys():
            above = [clean(str(c.value)) for r in rows[: number - 1] for c in r if c.value]
            body = [_row(i, r, columns) for i, r in enumerate(rows[number:], start=number + 1)]
            kept = [r for r in body if r is not None]
            return AnnexTable(file, sheet.title, number, above, kept)
    return None


def _row(number: int, cells: tuple, columns: dict[str, int]) -> AnnexRow | None:
    def text(name: str) -> str:
        index = columns.get(name)
        value = cells[index].value if index is not None and index < len(cells) else None
        return "" if value is None else _lines(str(value))

    if not any(text(name) for name in columns):
        return None
    title_cell = cells[columns["title"]] if columns["title"] < len(cells) else None
    stt_cell = cells[columns["stt"]] if columns["stt"] < len(cells) else None
    bold = any(
        bool(c is not None and c.font is not None and c.font.b) for c in (title_cell, stt_cell)
    )
    return AnnexRow(
        number,
        text("stt"),
        text("title"),
        _points(text("max")),
        text("method"),
        text("evidence"),
        bold,
    )


def _lines(value: str) -> str:
    """NFC-clean text that keeps its line breaks (methods list their levels line by line)."""
    return "\n".join(line for line in (clean(part) for part in value.splitlines()) if line)


def _points(raw: str) -> Decimal | None:
    """'2', '1,5', '2 điểm', '0.5đ' -> Decimal; anything else -> None."""
    try:
        value = parse_decimal(raw)
    except ValueError:
        match = re.search(_NUM, raw)
        value = Decimal(match.group(1).replace(",", ".")) if match else None
    return value if value is not None and value > 0 else None


# -- the tree ----------------------------------------------------------------------------------
def _style(row: AnnexRow) -> str:
    """The numbering style of a row: roman, int, dotted2.., letter, upper, bullet, none, other."""
    stt = re.sub(r"^(phần|lĩnh vực|mục)\s+", "", row.stt, flags=re.IGNORECASE)
    stt = stt.strip().rstrip(".):").strip()
    if not stt:
        return "bullet" if re.match(r"[-+•–*]\s", row.title) else "none"
    if re.fullmatch(r"[-+•–*]+", stt):
        return "bullet"
    if stt.isupper() and _ROMAN.fullmatch(stt):
        return "roman"
    if re.fullmatch(r"\d+", stt):
        return "int"
    if re.fullmatch(r"\d+(\.\d+)+", stt):
        return f"dotted{stt.count('.') + 1}"
    if re.fullmatch(r"[a-zđ]", stt):
        return "letter"
    return "upper" if re.fullmatch(r"[A-ZĐ]", stt) else "other"


def _area_rule(rows: list[AnnexRow]) -> str:
    """Which style marks areas: Roman numerals, capital letters, or bold plain numbers."""
    styles = [(_style(r), r.bold) for r in rows]
    if any(s == "roman" for s, _ in styles):
        return "roman"
    if any(s == "upper" and bold for s, bold in styles):
        return "upper"
    dotted = any(s.startswith("dotted") for s, _ in styles)
    return "int" if dotted and any(s == "int" and bold for s, bold in styles) else "bold"


def _is_area(row: AnnexRow, style: str, rule: str) -> bool:
    if style == rule:
        return True
    return row.bold and style in ("none", "upper") and bool(row.title)


def _is_total(row: AnnexRow) -> bool:
    key = _key(row.title)
    return key.startswith(("tong cong", "tong diem", "tong so diem")) or key == "tong"


def _build(rows: list[AnnexRow]) -> list[_Item]:
    """Areas with their criteria nested by numbering style, in the annex's order."""
    rule = _area_rule(rows)
    areas: list[_Item] = []
    stack: list[_Item] = []
    for row in rows:
        if _key(row.title).startswith("ghi chu") or _key(row.stt).startswith("ghi chu"):
            break
        if _is_total(row):
            continue
        style = _style(row)
        if _is_area(row, style, rule):
            stack = [_Item(row, "area")]
            areas.append(stack[0])
            continue
        if style == "bullet" or (style in ("none", "other") and row.max is None):
            if stack:
                stack[-1].notes.append(_note(row))
            continue
        if not stack:
            stack = [_Item(AnnexRow(row.row, "", "", None, "", "", True), "area")]
            stack[0].todos.append(
                "Các tiêu chí đầu bảng không thuộc lĩnh vực nào: đặt tên lĩnh vực."
            )
            areas.append(stack[0])
        styles = [item.style for item in stack[1:]]
        if style in styles:
            stack = stack[: styles.index(style) + 1]
        item = _Item(row, style)
        stack[-1].children.append(item)
        stack.append(item)
    return areas


def _note(row: AnnexRow) -> str:
    text = re.sub(r"^[-+•–*]\s*", "", row.title)
    if row.max is not None:
        text = f"{text}: {_fmt(row.max)} điểm"
    return " ".join(part for part in (text, row.method) if part)


def _settle(item: _Item) -> bool:
    """Fold point-less leaves into their parent's method and total the parents; False if empty."""
    kept = []
    for child in item.children:
        if _settle(child):
            kept.append(child)
        else:
            item.notes.append(" ".join(p for p in (child.row.title, child.row.method) if p))
    item.children = kept
    if not kept:
        item.max = item.row.max or Decimal(0)
        return item.max > 0 and item.style != "area"
    item.max = sum((c.max for c in kept), Decimal(0))
    stated = item.row.max
    if stated is not None and stated != item.max:
        item.todos.append(
            f"Phụ lục ghi {_fmt(stated)} điểm nhưng các mục con cộng lại {_fmt(item.max)}: "
            "đã lấy tổng các mục con, hãy đối chiếu phụ lục."
        )
    return True


def _number(items: list[_Item], prefix: str = "") -> None:
    for index, item in enumerate(items, start=1):
        item.code = f"{prefix}{index}"
        _number(item.children, f"{item.code}.")


def _leaves(item: _Item) -> list[_Item]:
    if not item.children:
        return [item]
    return [leaf for child in item.children for leaf in _leaves(child)]


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


# -- the scoring method ------------------------------------------------------------------------
_I = re.IGNORECASE
_POINTS = re.compile(r"(?<![%\d.,])" + _NUM + r"\s*(?:điểm|đ)(?![a-zà-ỹđ])", _I)
_OF_MAX = re.compile(_NUM + r"\s*%\s*(?:của\s+)?(?:số\s+)?điểm(?:\s+tối\s+đa)?", _I)
_FULL = re.compile(r"(?:được\s+)?(?:(?:số\s+)?điểm\s+tối\s+đa|đủ\s+điểm)\s*$", _I)
_ZERO_CASE = re.compile(r"\bkhông\s+(?:có|phát sinh|được giao|phát hiện)\b", _I)
_RATIO = re.compile(r"t[ỷỉ]\s*lệ\s*(?:\(%\)\s*)?=\s*(.+?)\s*/\s*(.+)$", _I)
_TIMES = re.compile(
    r"điểm\s*=\s*(.+?)\s*(?:x|×|\*|nhân(?:\s+với)?)\s*(?:" + _NUM + r"\s*(?:điểm|đ)\b|"
    r"(?:số\s+)?điểm\s+tối\s+đa)",
    _I,
)
_PLACES = re.compile(r"làm tròn\s*(?:đến\s*)?(\d)\s*chữ số", _I)


@dataclass
class _Clause:
    """One clause of a method text with the value it gives (points, or % of the maximum)."""

    text: str
    """The clause without its value phrase, as written."""
    points: Decimal | None = None
    percent: Decimal | None = None

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def scored(self) -> bool:
        return self.points is not None or self.percent is not None

    def worth(self, most: Decimal) -> Decimal:
        return self.points if self.points is not None else most * self.percent / 100

    def value(self) -> dict[str, Decimal]:
        return {"points": self.points} if self.points is not None else {"percent": self.percent}


def _clauses(text: str) -> list[_Clause]:
    out = []
    for part in _SPLIT.split(text):
        part = part.strip(" -+•–*:,")
        if part:
            out.append(_clause(part))
    return out


def _clause(part: str) -> _Clause:
    of_max = _OF_MAX.search(part) or _FULL.search(part)
    if of_max is not None:
        percent = _dec(of_max.group(1)) if of_max.re is _OF_MAX else Decimal(100)
        return _Clause(_tidy(part[: of_max.start()] + part[of_max.end() :]), percent=percent)
    found = _POINTS.findall(part)
    if len(found) != 1 or any(word in part.lower() for word in _NOT_A_SCORE):
        return _Clause(part)
    return _Clause(_tidy(_POINTS.sub("", part)), points=_dec(found[0]))


def _tidy(text: str) -> str:
    text = text.strip(" :,-=")
    return re.sub(r"\b(thì|được|đạt|cho|tính)\s*$", "", text, flags=_I).strip(" :,-=")


def _dec(raw: str) -> Decimal:
    return Decimal(raw.replace(",", "."))


def recognise(method: str, most: Decimal, title: str = "", section: str = "") -> Recognised:
    """The rule of a criterion worth ``most`` points, read from its method text where possible.

    ``section`` is "bonus" or "penalty" for items outside the tree.
    """
    text = _lines(method)
    if not text:
        found = _survey(title, [], most, title)
        return found or _unrecognised("Phụ lục không có cách tính điểm: hãy viết quy tắc chấm.")
    if section:
        return _per_event(text.lower(), most, section) or _unrecognised(_TODO_RULE)
    clauses = _clauses(text)
    finders = (_appraiser, _deduction, _proportional, _thresholds, _yes_no, _levels, _survey)
    for find in finders:
        found = find(text, clauses, most, title)
        if found is not None:
            return found
    return _unrecognised(_TODO_RULE)


_TODO_RULE = (
    "Chưa nhận dạng được cách tính điểm; tạm để Hội đồng thẩm định chấm (appraiser). Hãy viết "
    "quy tắc (yes_no, levels, thresholds, proportional, deduction) theo docs/criteria-format.md."
)
_TODO_FIGURE = "Kiểm tra tên (name) và nhãn (label) của số liệu kê khai do công cụ đặt."


def _unrecognised(todo: str) -> Recognised:
    return Recognised("todo", {"kind": "appraiser"}, todo=todo)


def _thing(raw: str) -> str:
    thing = re.sub(r"^(một|01|1)\s+", "", raw.strip(" ,:;"), flags=_I).strip()
    return _short("Số " + thing)


def _appraiser(text: str, clauses: list[_Clause], most: Decimal, title: str):
    low = text.lower()
    if "hội đồng thẩm định" in low and re.search(r"\b(chấm|đánh giá|xem xét)\b", low):
        return Recognised("appraiser", {"kind": "appraiser"})
    return None


def _deduction(text: str, clauses: list[_Clause], most: Decimal, title: str):
    low = text.lower()
    match = _DEDUCT.search(low)
    if match:
        thing, each = match.group(1), _dec(match.group(2))
    else:
        after = _DEDUCT_AFTER.search(low)
        if after is None:
            return None
        each, thing = _dec(after.group(1)), after.group(2)
    if not 0 < each <= most:
        return None
    rule: dict[str, Any] = {"kind": "deduction", "figure": "so_lan", "each": each}
    cap = _CAP.search(low)
    if cap and _dec(cap.group(1)) < most:
        rule["cap"] = _dec(cap.group(1))
    figure = {"name": "so_lan", "label": _thing(thing), "type": "count"}
    return Recognised("deduction", rule, [figure], todo=_TODO_FIGURE)


def _per_event(low: str, most: Decimal, section: str) -> Recognised | None:
    pattern = _DEDUCT if section == "penalty" else _PER_EVENT
    match = pattern.search(low)
    if match is None:
        return None
    each = _dec(match.group(2))
    if not 0 < each <= most:
        return None
    rule = {"kind": "per_event", "figure": "so_lan", "each": each}
    figure = {"name": "so_lan", "label": _thing(match.group(1)), "type": "count"}
    return Recognised("per_event", rule, [figure], todo=_TODO_FIGURE)


def _proportional(text: str, clauses: list[_Clause], most: Decimal, title: str):
    """'Điểm = A / B x 1,5 điểm' (a ratio) or 'Điểm = tỷ lệ giải ngân x 1,5 điểm' (a percent)."""
    found = _TIMES.search(text)
    if found is None or (found.group(2) and _dec(found.group(2)) != most):
        return None
    rule: dict[str, Any] = {"kind": "proportional"}
    expression = found.group(1).strip()
    if "/" in expression:
        numerator, denominator = (p.strip() for p in expression.split("/", 1))
        figures = _ratio_figures(numerator, denominator)
        rule["ratio"] = {"numerator": "tu_so", "denominator": "mau_so"}
        rule["zero_denominator"], todo = _zero_denominator(text, clauses, most)
        checks = [{"kind": "le", "left": "tu_so", "right": "mau_so"}]
    else:
        figures = [{"name": "ty_le", "label": _short(_capital(expression)), "type": "percent"}]
        rule["figure"], todo, checks = "ty_le", "", []
    places = _PLACES.search(text)
    if places:
        rule["places"] = int(places.group(1))
    return Recognised("proportional", rule, figures, checks, (_TODO_FIGURE + todo).strip())


def _zero_denominator(text: str, clauses: list[_Clause], most: Decimal) -> tuple[str, str]:
    """What the annex says a zero denominator gives ("không có hồ sơ nào: 2 điểm")."""
    for clause in clauses:
        if not _ZERO_CASE.search(clause.text):
            continue
        if "không áp dụng" in clause.low:
            return "not_applicable", ""
        if clause.scored and clause.worth(most) in (most, 0):
            return ("full" if clause.worth(most) == most else "zero"), ""
    return "full", " Chọn zero_denominator (full, zero hoặc not_applicable) khi mẫu số bằng 0."


def _ratio_figures(numerator: str, denominator: str) -> list[dict[str, Any]]:
    numerator = re.sub(r"^t[ỷỉ]\s*lệ\s+", "", numerator, flags=_I)
    return [
        {"name": "tu_so", "label": _short(_capital(numerator)), "type": "count"},
        {"name": "mau_so", "label": _short(_capital(denominator)), "type": "count"},
    ]


def _capital(text: str) -> str:
    text = text.strip(" .:;,")
    return text[:1].upper() + text[1:]


_RANGE = re.compile(
    r"(?:từ\s*)?" + _NUM + r"\s*%?\s*(?:đến|tới|-|–)\s*(dưới|<|nhỏ hơn)?\s*" + _NUM + r"\s*%", _I
)
_BELOW = re.compile(r"(dưới|<=|≤|<|nhỏ hơn|thấp hơn)\s*" + _NUM + r"\s*%", _I)
_ABOVE = re.compile(r"(trên|>=|≥|>|lớn hơn|cao hơn)\s*" + _NUM + r"\s*%", _I)
_AT_LEAST = re.compile(_NUM + r"\s*%\s*trở\s+lên", _I)
_SINGLE = re.compile(_NUM + r"\s*%")

Edge = tuple[Decimal | None, bool, Decimal | None, bool]


def _edges(text: str) -> Edge | None:
    """(min, min inclusive, max, max inclusive) of a band written in Vietnamese."""
    if found := _RANGE.search(text):
        return _dec(found.group(1)), True, _dec(found.group(3)), not found.group(2)
    if found := _BELOW.search(text):
        return None, True, _dec(found.group(2)), found.group(1) in ("<=", "≤")
    if found := _AT_LEAST.search(text):
        return _dec(found.group(1)), True, None, False
    if found := _ABOVE.search(text):
        return _dec(found.group(2)), found.group(1) in (">=", "≥"), None, False
    if len(_SINGLE.findall(text)) == 1:
        return _dec(_SINGLE.search(text).group(1)), True, None, False
    return None


def _thresholds(text: str, clauses: list[_Clause], most: Decimal, title: str):
    banded = [c for c in clauses if c.scored and "%" in c.text]
    if len(banded) < 2 or any(c.worth(most) > most for c in banded):
        return None
    edges = [_edges(c.text) for c in banded]
    if any(e is None for e in edges):
        return None
    bands, adjusted = _contiguous([(*e, c.value()) for e, c in zip(edges, banded, strict=True)])
    if bands is None:
        return None
    zero, zero_todo = _zero_denominator(text, clauses, most)
    rule = {
        "kind": "thresholds",
        "ratio": {"numerator": "tu_so", "denominator": "mau_so"},
        "zero_denominator": zero,
        "bands": bands,
    }
    todo = _TODO_FIGURE + zero_todo
    if adjusted:
        todo += " Các khoảng ngưỡng đã được nối liền nhau: hãy đối chiếu phụ lục."
    others = [
        c for c in clauses if c.scored and "%" not in c.text and not _ZERO_CASE.search(c.text)
    ]
    if others:
        todo += f" Chưa chuyển thành quy tắc (dùng overrides nếu cần): “{others[0].text}”."
    checks = [{"kind": "le", "left": "tu_so", "right": "mau_so"}]
    return Recognised("thresholds", rule, _ratio_of(text, title), checks, todo)


def _ratio_of(text: str, title: str) -> list[dict[str, Any]]:
    """Figure labels from "Tỷ lệ = A / B" in the method, else from a title "Tỷ lệ X"."""
    for line in _SPLIT.split(text):
        found = _RATIO.search(line.strip())
        if found:
            return _ratio_figures(found.group(1), found.group(2))
    subject = re.search(r"t[ỷỉ] lệ\s+(.+)", title, flags=_I)
    numerator = f"Số {subject.group(1)}" if subject else "Tử số của tỷ lệ"
    return _ratio_figures(numerator, "Tổng số (mẫu số của tỷ lệ)")


def _contiguous(raw: list[tuple]) -> tuple[list[dict] | None, bool]:
    """Bands sorted low to high, each ending where the next begins; a 0-point band below."""
    ordered = sorted(raw, key=lambda b: Decimal("-Infinity") if b[0] is None else b[0])
    lows = [b[0] for b in ordered]
    if len(set(lows)) != len(lows):
        return None, False
    if ordered[0][0] is not None and ordered[0][0] > 0:
        zero = {"points": Decimal(0)}
        ordered.insert(0, (None, True, ordered[0][0], not ordered[0][1], zero))
    adjusted = False
    bands = []
    for index, (low, low_in, high, _high_in, value) in enumerate(ordered):
        band: dict[str, Any] = {}
        if low is not None and index > 0:
            band["min"] = low
            if not low_in:
                band["min_inclusive"] = False
        if index + 1 < len(ordered):
            nxt = ordered[index + 1]
            adjusted |= high is not None and high != nxt[0]
            band["max"] = nxt[0]
            if not nxt[1]:
                band["max_inclusive"] = True
        bands.append(band | value)
    return bands, adjusted


def _is_negative(text: str) -> bool:
    return any(word in text.lower().split()[:3] for word in _NEGATIVE)


def _yes_no(text: str, clauses: list[_Clause], most: Decimal, title: str) -> Recognised | None:
    scored = [c for c in clauses if c.scored]
    if any("%" in c.text or any(w in c.low for w in _LATE) for c in scored):
        return None
    if len(scored) == 1 and scored[0].worth(most) == most and not _is_negative(scored[0].text):
        return Recognised("yes_no", {"kind": "yes_no"})
    if len(scored) != 2:
        return None
    negative = [c for c in scored if _is_negative(c.text)]
    if len(negative) != 1 or negative[0].worth(most) != 0:
        return None
    yes = next(c for c in scored if c is not negative[0])
    if not 0 < yes.worth(most) <= most:
        return None
    rule: dict[str, Any] = {"kind": "yes_no"}
    if yes.worth(most) != most:
        rule["yes"] = yes.worth(most)
    return Recognised("yes_no", rule)


def _levels(text: str, clauses: list[_Clause], most: Decimal, title: str) -> Recognised | None:
    scored = [c for c in clauses if c.scored]
    if len(scored) < 2 or any(c.worth(most) > most for c in scored):
        return None
    levels = [{"label": _label(c.text)} | c.value() for c in scored]
    labels = [lv["label"] for lv in levels]
    if len(set(labels)) != len(labels) or not all(labels):
        return None
    todo = ""
    if all(c.worth(most) != 0 for c in scored):
        levels.append({"label": "Không thực hiện", "points": Decimal(0)})
        todo = "Đã thêm mức 'Không thực hiện' = 0 điểm: sửa hoặc xóa nếu phụ lục khác."
    if any("%" in c.text for c in scored):
        todo += " Các mức có tỷ lệ %: cân nhắc viết thành quy tắc thresholds theo số liệu."
    rule = {"kind": "levels", "levels": levels}
    return Recognised("levels", rule, todo=todo.strip() or None)


def _label(text: str) -> str:
    text = re.sub(r"^(nếu|trường hợp)\s+", "", text.strip(" :,-="), flags=_I)
    return _short(_capital(text))


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LABEL_CHARS:
        return text
    return text[:LABEL_CHARS].rsplit(" ", 1)[0] + "…"


def _survey(text: str, clauses: list[_Clause], most: Decimal, title: str) -> Recognised | None:
    low = f"{text} {title}".lower()
    if any(c.scored for c in clauses):
        return None
    if "điều tra xã hội học" not in low and "hài lòng" not in low:
        return None
    rule = {"kind": "survey", "options": {"A": 100, "B": 60, "C": 20, "D": 0}}
    todo = "Trọng số các phương án trả lời (A/B/C/D) lấy theo kế hoạch điều tra xã hội học."
    return Recognised("survey", rule, todo=todo)


# -- the set -----------------------------------------------------------------------------------
_BONUS = ("diem thuong", "diem cong")
_PENALTY = ("diem tru",)
_UNIT_TYPES = [
    ("xa", "Xã", "xã"),
    ("phuong", "Phường", "phường"),
    ("thi-tran", "Thị trấn", "thị trấn"),
]
_BANDS = [
    ("xuat-sac", "Xuất sắc", 90),
    ("tot", "Tốt", 80),
    ("kha", "Khá", 70),
    ("trung-binh", "Trung bình", 50),
    ("yeu", "Yếu", 0),
]


def import_annex(path: Path, set_id: str | None = None) -> AnnexImport:
    """Read ``path`` and build its criteria YAML skeleton."""
    return build_skeleton(read_annex(path), set_id or _slug(path.stem))


def build_skeleton(table: AnnexTable, set_id: str) -> AnnexImport:
    """The criteria YAML for an annex table (no file I/O), checked like ``criteria check``."""
    areas = _build(table.rows)
    sections: dict[str, list[_Item]] = {"tree": [], "bonus": [], "penalty": []}
    for area in areas:
        key = _key(area.row.title)
        name = (
            "bonus" if key.startswith(_BONUS) else "penalty" if key.startswith(_PENALTY) else "tree"
        )
        if _settle(area):
            sections[name].append(area)
    if not sections["tree"]:
        raise WorkbookError(M_NO_ROWS, file=table.file, sheet=table.sheet, row=table.header_row)
    _number(sections["tree"])
    todos: list[str] = []
    recognised: Counter[str] = Counter()
    root = _set_map(table, set_id, sections["tree"], todos)
    root["areas"] = CommentedSeq(_node_map(a, 0, "", todos, recognised) for a in sections["tree"])
    for name in ("bonus", "penalty"):
        if sections[name]:
            root[name] = _extras_map(name, sections[name], todos, recognised)
    root["survey_share"] = _num(_survey_points(root))
    text = _dump(root)
    leaves = sum(len(_leaves(a)) for a in sections["tree"])
    return AnnexImport(text, len(sections["tree"]), leaves, recognised, todos, _check(text, set_id))


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", strip_accents(stem).lower()).strip("-")
    return slug if slug[:1].isalpha() else f"bo-{slug}".rstrip("-")


def _set_map(table: AnnexTable, set_id: str, areas: list[_Item], todos: list[str]) -> CommentedMap:
    above = " ".join(table.above)
    title = next((t for t in table.above if re.search(r"chi so|tieu chi", _key(t))), None)
    root = CommentedMap()
    root["id"] = set_id
    root["title"] = title or "TODO: tên bộ tiêu chí"
    root["documents"] = CommentedSeq([_document(above)])
    root["illustrative"] = (
        f"Bộ khung nhập tự động từ phụ lục {Path(table.file).name} (trang {table.sheet}). "
        "Hãy rà soát các dòng TODO trước khi sử dụng."
    )
    year = _document_date(above)
    root["years"] = CommentedSeq([year.year] if year else [])
    root["version"] = "1"
    root["unit_types"] = CommentedSeq(_unit_types(f"{title or ''} {above}"))
    root["scale"] = _num(sum((a.max for a in areas), Decimal(0)))
    root["survey_share"] = 0
    root["not_applicable_policy"] = "exclude"
    bands = CommentedSeq()
    for band_id, label, low in _BANDS:
        band = CommentedMap(id=band_id, label=label, min=low)
        band.fa.set_flow_style()
        bands.append(band)
    root["classification"] = CommentedMap(bands=bands)
    notes = {
        "title": None if title else "Ghi tên bộ tiêu chí.",
        "documents": "Kiểm tra số, ngày, cơ quan ban hành quyết định.",
        "years": "Các năm đánh giá áp dụng bộ này (tạm lấy năm ban hành).",
        "unit_types": "Các loại đơn vị áp dụng (id dùng trong units.csv).",
        "scale": None if root["scale"] == 100 else "Tổng điểm các lĩnh vực khác 100.",
        "classification": "Mức xếp loại là ví dụ: thay bằng mức của tỉnh.",
    }
    for key, note in notes.items():
        _todo(root, key, note, 0)
        todos.extend([f"[{key}] {note}"] if note else [])
    return root


def _document(text: str) -> CommentedMap:
    number = _DOC_NUMBER.search(text)
    issuer = _DOC_ISSUER.search(text)
    doc = CommentedMap()
    doc["number"] = number.group(1).rstrip(".") if number else "TODO/QĐ-UBND"
    date = _document_date(text)
    if date:
        doc["date"] = date
    doc["issuer"] = clean(issuer.group(1)).rstrip(" ,.") if issuer else "TODO: cơ quan ban hành"
    return doc


def _document_date(text: str) -> dt.date | None:
    found = _DOC_DATE.search(text) or _DOC_DATE_LONG.search(text)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _unit_types(text: str) -> list[CommentedMap]:
    low = text.lower()
    found = [(i, label) for i, label, word in _UNIT_TYPES if re.search(rf"\b{word}\b", low)]
    out = []
    for type_id, label in found or [("xa", "Xã")]:
        entry = CommentedMap(id=type_id, label=label)
        entry.fa.set_flow_style()
        out.append(entry)
    return out


def _node_map(
    item: _Item, depth: int, section: str, todos: list[str], recognised: Counter[str]
) -> CommentedMap:
    node = CommentedMap()
    node["code"] = item.code
    node["title"] = item.row.title or "TODO: tên"
    node["max"] = _num(item.max)
    indent = 4 * (depth + 1) + (2 if section else 0)
    if item.row.stt or item.row.row:
        node.yaml_add_eol_comment(
            f"phụ lục: STT {item.row.stt or '-'}, dòng {item.row.row}", "code"
        )
    notes = [*item.todos]
    if item.children:
        if item.row.method:
            node["method"] = _text(item.row.method)
        node["criteria"] = CommentedSeq(
            _node_map(c, depth + 1, section, todos, recognised) for c in item.children
        )
    else:
        notes += _leaf(node, item, section, recognised)
    for note in notes:
        todos.append(f"[{item.code}] {note}")
    _todo(node, "max" if item.children else "rule", " ".join(notes) or None, indent)
    return node


def _leaf(node: CommentedMap, item: _Item, section: str, recognised: Counter[str]) -> list[str]:
    method = "\n".join(p for p in (item.row.method, *item.notes) if p)
    found = recognise(method, item.max, item.row.title, section)
    recognised[found.kind] += 1
    if method:
        node["method"] = _text(method)
    if found.figures:
        node["figures"] = CommentedSeq(_flow(f) for f in found.figures)
    if found.checks:
        node["checks"] = CommentedSeq(_flow(c) for c in found.checks)
    node["rule"] = _yamlable(found.rule)
    if item.row.evidence:
        node["evidence"] = CommentedMap(document=item.row.evidence)
    return [found.todo] if found.todo else []


def _extras_map(name: str, areas: list[_Item], todos: list[str], recognised) -> CommentedMap:
    items = [leaf for area in areas for leaf in _leaves(area)]
    prefix = "B" if name == "bonus" else "T"
    for index, leaf in enumerate(items, start=1):
        leaf.code = f"{prefix}{index}"
    stated = [a.row.max for a in areas if a.row.max is not None]
    section = CommentedMap()
    section["title"] = areas[0].row.title
    section["max"] = _num(sum(stated, Decimal(0)) if stated else max(i.max for i in items))
    section["items"] = CommentedSeq(_node_map(i, 0, name, todos, recognised) for i in items)
    cap = "Mức tối đa của phần này trong năm: kiểm tra theo phụ lục."
    _todo(section, "max", None if stated else cap, 2)
    return section


def _survey_points(root: CommentedMap) -> Decimal:
    def visit(node: CommentedMap) -> Decimal:
        if "criteria" in node:
            return sum((visit(c) for c in node["criteria"]), Decimal(0))
        is_survey = node["rule"].get("kind") == "survey"
        return Decimal(str(node["max"])) if is_survey else Decimal(0)

    return sum((visit(a) for a in root["areas"]), Decimal(0))


def _todo(node: CommentedMap, key: str, text: str | None, indent: int) -> None:
    if text:
        lines = textwrap.wrap(f"TODO: {text}", 98 - indent, subsequent_indent="  ")
        node.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=indent)


def _text(value: str) -> str:
    """Multi-line text as a YAML literal block, so the method reads as in the annex."""
    return LiteralScalarString(value) if "\n" in value else value


def _flow(data: dict[str, Any]) -> CommentedMap:
    out = CommentedMap(_yamlable(data))
    out.fa.set_flow_style()
    return out


def _yamlable(value: Any) -> Any:
    if isinstance(value, dict):
        out = CommentedMap((k, _yamlable(v)) for k, v in value.items())
        if all(not isinstance(v, dict | list) for v in value.values()) and "kind" not in value:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        return CommentedSeq(_yamlable(v) for v in value)
    return _num(value) if isinstance(value, Decimal) else value


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _dump(root: CommentedMap) -> str:
    root.yaml_set_start_comment(
        "Bộ tiêu chí nhập từ phụ lục bằng 'par-index criteria import'.\n"
        "Tìm 'TODO' để biết những chỗ cần rà soát; kiểm tra: par-index criteria check <tệp>."
    )
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(root, buffer)
    return buffer.getvalue()


def _check(text: str, name: str) -> list[Problem]:
    """The problems ``criteria check`` would report for the skeleton (none expected)."""
    source = parse_yaml(text, f"{name}.yaml")
    try:
        cs = CriteriaSet.model_validate(source.data)
    except ValidationError as exc:
        return problems_from_validation(exc, source)
    return to_problems(validate(cs), source.file, source.line_of)
