"""Rules scored relative to something, as annexes word them: to a target ("dưới 80 %: tỷ lệ ÷
80 % × điểm tối đa"), to the criterion's maximum ("mỗi lần chậm trừ 25 % số điểm") and to the
best unit ("đơn vị cao nhất được điểm tối đa, các đơn vị khác tính theo tỷ lệ")."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from par_index.annex.clauses import TODO_FIGURE, Clause, Recognised, capital, dec, short
from par_index.annex.table import NUM

_I = re.IGNORECASE
_TARGET = re.compile(
    r"t[ỷỉ]\s*lệ[^;\n]*?(?:÷|/|chia(?:\s+cho)?)\s*" + NUM + r"\s*%\s*(?:x|×|\*|nhân)", _I
)
_SHARE = re.compile(
    r"mỗi\s+(.+?)\s*(?:thì\s+|bị\s+)?trừ\s+" + NUM + r"\s*%\s*(?:của\s+)?(?:tổng\s+)?(?:số\s+)?điểm"
)
_SHARE_AFTER = re.compile(
    r"trừ\s+" + NUM + r"\s*%\s*(?:của\s+)?(?:số\s+)?điểm\s*(?:\S+\s+){0,4}?mỗi\s+([^;.\n]+)"
)
_SHARE_CAP = re.compile(r"trừ\s+tối\s+đa\s+(?:không\s+quá\s+)?" + NUM + r"\s*%")
_BEST = re.compile(r"\b(?:cao|lớn|nhiều|tốt)\s+nhất\b")
_RELATIVE = re.compile(r"÷|/|\bchia\b|so với|theo tỷ lệ|tương ứng|quy đổi|tỷ lệ thuận")
TODO_BEST = (
    "Điểm so với đơn vị cao nhất: kiểm tra số liệu được so sánh và phạm vi so sánh (within: "
    "all, unit_type hoặc group)."
)


def target(text: str, clauses: list[Clause], most: Decimal, title: str) -> Recognised | None:
    """A percentage scored against a target: full points from the target, else rate ÷ target."""
    found = _TARGET.search(text)
    if found is None or not 0 < dec(found.group(1)) <= 100:
        return None
    rule: dict[str, Any] = {
        "kind": "proportional",
        "figure": "ty_le",
        "target": dec(found.group(1)),
    }
    figure = {"name": "ty_le", "label": _rate_label(title), "type": "percent"}
    return Recognised("proportional", rule, [figure], todo=TODO_FIGURE)


def share_deduction(
    text: str, clauses: list[Clause], most: Decimal, title: str
) -> Recognised | None:
    """'Mỗi báo cáo chậm trừ 25 % số điểm': a deduction as a share of the maximum."""
    low = text.lower()
    if found := _SHARE.search(low):
        thing, each = found.group(1), dec(found.group(2))
    elif after := _SHARE_AFTER.search(low):
        each, thing = dec(after.group(1)), after.group(2)
    else:
        return None
    if not 0 < each <= 100:
        return None
    rule: dict[str, Any] = {"kind": "share_deduction", "figure": "so_lan", "each": each}
    cap = _SHARE_CAP.search(low)
    if cap and 0 < dec(cap.group(1)) < 100:
        rule["cap"] = dec(cap.group(1))
    label = short("Số " + re.sub(r"^(một|01|1)\s+", "", thing.strip(" ,:;"), flags=_I))
    figure = {"name": "so_lan", "label": label, "type": "count"}
    return Recognised("share_deduction", rule, [figure], todo=TODO_FIGURE)


def best_in_group(text: str, clauses: list[Clause], most: Decimal, title: str) -> Recognised | None:
    """Points relative to the best unit: the highest value earns the maximum."""
    low = text.lower()
    if not (_BEST.search(low) and _RELATIVE.search(low)):
        return None
    rule = {"kind": "best_in_group", "figure": "gia_tri"}
    figure = {"name": "gia_tri", "label": short(capital(title)) or "Giá trị so sánh",
              "type": "number"}  # fmt: skip
    extra = {"final_from": "recomputed"}
    return Recognised("best_in_group", rule, [figure], todo=TODO_BEST, extra=extra)


def _rate_label(title: str) -> str:
    rate = re.search(r"t[ỷỉ]\s*lệ\s+.+", title, flags=_I)
    return short(capital(rate.group(0))) if rate else "Tỷ lệ (%)"
