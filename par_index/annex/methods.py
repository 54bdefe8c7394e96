"""Recognising a criterion's scoring rule from its method text where it follows the usual
wording (Có/Không, levels, percentage bands, "mỗi ... trừ x điểm"); anything else becomes an
appraiser rule with a TODO, so the skeleton is valid from the start."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from par_index.annex.clauses import TODO_FIGURE, Clause, Recognised, capital, clauses_of, dec, short
from par_index.annex.ratios import proportional, thresholds
from par_index.annex.relative import best_in_group, share_deduction, target
from par_index.annex.table import NUM, clean_lines

_I = re.IGNORECASE
_DEDUCT = re.compile(r"mỗi\s+(.+?)\s*(?:thì\s+|bị\s+)?trừ\s+" + NUM + r"\s*(?:điểm|đ)")
_DEDUCT_AFTER = re.compile(r"trừ\s+" + NUM + r"\s*(?:điểm|đ)\s*(?:\S+\s+){0,3}?mỗi\s+([^;.\n]+)")
_PER_EVENT = re.compile(r"mỗi\s+(.+?)\s*(?:thì\s+)?(?:được\s+)?(?:cộng|thưởng)\s+" + NUM)
_CAP = re.compile(r"(?:trừ|cộng)\s+tối\s+đa\s+(?:không\s+quá\s+)?" + NUM)
_NEGATIVE = ("không", "chưa")
_LATE = ("chậm", "trễ", "muộn", "quá hạn", "không đúng hạn", "chưa đầy đủ")
_TODO_RULE = (
    "Chưa nhận dạng được cách tính điểm; tạm để Hội đồng thẩm định chấm (appraiser). Hãy viết "
    "quy tắc (yes_no, levels, thresholds, proportional, deduction, share_deduction, scaled, "
    "best_in_group, conditions) theo docs/criteria-format.md."
)


def recognise(method: str, most: Decimal, title: str = "", section: str = "") -> Recognised:
    """The rule of a criterion worth ``most`` points, read from its method text where possible.

    ``section`` is "bonus" or "penalty" for items outside the tree.
    """
    text = clean_lines(method)
    if not text:
        found = _survey(title, [], most, title)
        return found or _unrecognised("Phụ lục không có cách tính điểm: hãy viết quy tắc chấm.")
    if section:
        return _per_event(text.lower(), most, section) or _unrecognised(_TODO_RULE)
    clauses = clauses_of(text)
    finders = (
        _appraiser,
        best_in_group,
        share_deduction,
        _deduction,
        target,
        proportional,
        thresholds,
        _yes_no,
        _levels,
        _survey,
    )
    for find in finders:
        found = find(text, clauses, most, title)
        if found is not None:
            return found
    return _unrecognised(_TODO_RULE)


def _unrecognised(todo: str) -> Recognised:
    return Recognised("todo", {"kind": "appraiser"}, todo=todo)


def _thing(raw: str) -> str:
    thing = re.sub(r"^(một|01|1)\s+", "", raw.strip(" ,:;"), flags=_I).strip()
    return short("Số " + thing)


def _appraiser(text: str, clauses: list[Clause], most: Decimal, title: str) -> Recognised | None:
    low = text.lower()
    if "hội đồng thẩm định" in low and re.search(r"\b(chấm|đánh giá|xem xét)\b", low):
        return Recognised("appraiser", {"kind": "appraiser"})
    return None


def _deduction(text: str, clauses: list[Clause], most: Decimal, title: str) -> Recognised | None:
    low = text.lower()
    match = _DEDUCT.search(low)
    if match:
        thing, each = match.group(1), dec(match.group(2))
    else:
        after = _DEDUCT_AFTER.search(low)
        if after is None:
            return None
        each, thing = dec(after.group(1)), after.group(2)
    if not 0 < each <= most:
        return None
    rule: dict[str, Any] = {"kind": "deduction", "figure": "so_lan", "each": each}
    cap = _CAP.search(low)
    if cap and dec(cap.group(1)) < most:
        rule["cap"] = dec(cap.group(1))
    figure = {"name": "so_lan", "label": _thing(thing), "type": "count"}
    return Recognised("deduction", rule, [figure], todo=TODO_FIGURE)


def _per_event(low: str, most: Decimal, section: str) -> Recognised | None:
    pattern = _DEDUCT if section == "penalty" else _PER_EVENT
    match = pattern.search(low)
    if match is None:
        return None
    each = dec(match.group(2))
    if not 0 < each <= most:
        return None
    rule = {"kind": "per_event", "figure": "so_lan", "each": each}
    figure = {"name": "so_lan", "label": _thing(match.group(1)), "type": "count"}
    return Recognised("per_event", rule, [figure], todo=TODO_FIGURE)


def _is_negative(text: str) -> bool:
    return any(word in text.lower().split()[:3] for word in _NEGATIVE)


def _yes_no(text: str, clauses: list[Clause], most: Decimal, title: str) -> Recognised | None:
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
    if not 0 < yes.worth(most) <= most or not _says_yes(yes.text):
        return None  # "Đạt / Không đạt", "Kịp thời / Chậm": levels keep the annex's words
    rule: dict[str, Any] = {"kind": "yes_no"}
    if yes.worth(most) != most:
        rule["yes"] = yes.worth(most)
    return Recognised("yes_no", rule)


def _says_yes(text: str) -> bool:
    """Whether a level's words are a Có (so Có/Không loses nothing of the annex's labels)."""
    words = text.lower().split()
    return bool(words) and words[0] in ("có", "đã")


def _levels(text: str, clauses: list[Clause], most: Decimal, title: str) -> Recognised | None:
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
    return short(capital(text))


def _survey(text: str, clauses: list[Clause], most: Decimal, title: str) -> Recognised | None:
    low = f"{text} {title}".lower()
    if any(c.scored for c in clauses):
        return None
    if "điều tra xã hội học" not in low and "hài lòng" not in low:
        return None
    rule = {"kind": "survey", "options": {"A": 100, "B": 60, "C": 20, "D": 0}}
    todo = "Trọng số các phương án trả lời (A/B/C/D) lấy theo kế hoạch điều tra xã hội học."
    return Recognised("survey", rule, todo=todo)
