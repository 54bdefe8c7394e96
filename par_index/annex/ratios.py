"""Rules scored from a ratio or a percentage: ``proportional`` ("Điểm = A / B x 1,5 điểm") and
``thresholds`` (percentage bands such as "Từ 90% đến dưới 95%: 1 điểm")."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from par_index.annex.clauses import SPLIT, TODO_FIGURE, Clause, Recognised, capital, dec, short
from par_index.annex.table import NUM

_I = re.IGNORECASE
_ZERO_CASE = re.compile(r"\bkhông\s+(?:có|phát sinh|được giao|phát hiện)\b", _I)
_RATIO = re.compile(r"t[ỷỉ]\s*lệ\s*(?:\(%\)\s*)?=\s*(.+?)\s*/\s*(.+)$", _I)
_TIMES = re.compile(
    r"điểm\s*=\s*(.+?)\s*(?:x|×|\*|nhân(?:\s+với)?)\s*(?:" + NUM + r"\s*(?:điểm|đ)\b|"
    r"(?:số\s+)?điểm\s+tối\s+đa)",
    _I,
)
_PLACES = re.compile(r"làm tròn\s*(?:đến\s*)?(\d)\s*chữ số", _I)
_RANGE = re.compile(
    r"(?:từ\s*)?" + NUM + r"\s*%?\s*(?:đến|tới|-|–)\s*(dưới|<|nhỏ hơn)?\s*" + NUM + r"\s*%", _I
)
_BELOW = re.compile(r"(dưới|<=|≤|<|nhỏ hơn|thấp hơn)\s*" + NUM + r"\s*%", _I)
_ABOVE = re.compile(r"(trên|>=|≥|>|lớn hơn|cao hơn)\s*" + NUM + r"\s*%", _I)
_AT_LEAST = re.compile(NUM + r"\s*%\s*trở\s+lên", _I)
_SINGLE = re.compile(NUM + r"\s*%")

Edge = tuple[Decimal | None, bool, Decimal | None, bool]


def proportional(text: str, clauses: list[Clause], most: Decimal, title: str) -> Recognised | None:
    """'Điểm = A / B x 1,5 điểm' (a ratio) or 'Điểm = tỷ lệ giải ngân x 1,5 điểm' (a percent)."""
    found = _TIMES.search(text)
    if found is None or (found.group(2) and dec(found.group(2)) != most):
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
        figures = [{"name": "ty_le", "label": short(capital(expression)), "type": "percent"}]
        rule["figure"], todo, checks = "ty_le", "", []
    places = _PLACES.search(text)
    if places:
        rule["places"] = int(places.group(1))
    return Recognised("proportional", rule, figures, checks, (TODO_FIGURE + todo).strip())


def _zero_denominator(text: str, clauses: list[Clause], most: Decimal) -> tuple[str, str]:
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
        {"name": "tu_so", "label": short(capital(numerator)), "type": "count"},
        {"name": "mau_so", "label": short(capital(denominator)), "type": "count"},
    ]


def _edges(text: str) -> Edge | None:
    """(min, min inclusive, max, max inclusive) of a band written in Vietnamese."""
    if found := _RANGE.search(text):
        return dec(found.group(1)), True, dec(found.group(3)), not found.group(2)
    if found := _BELOW.search(text):
        return None, True, dec(found.group(2)), found.group(1) in ("<=", "≤")
    if found := _AT_LEAST.search(text):
        return dec(found.group(1)), True, None, False
    if found := _ABOVE.search(text):
        return dec(found.group(2)), found.group(1) in (">=", "≥"), None, False
    singles = _SINGLE.findall(text)
    if len(singles) == 1:
        return dec(singles[0]), True, None, False
    return None


def thresholds(text: str, clauses: list[Clause], most: Decimal, title: str) -> Recognised | None:
    """Two or more percentage bands, each worth points or a share of the maximum."""
    banded = [c for c in clauses if c.scored and "%" in c.text]
    if len(banded) < 2 or any(c.worth(most) > most for c in banded):
        return None
    edges = [e for c in banded if (e := _edges(c.text)) is not None]
    if len(edges) < len(banded):
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
    todo = TODO_FIGURE + zero_todo
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
    for line in SPLIT.split(text):
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
