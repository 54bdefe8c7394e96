"""The annex rows as a tree: areas (Roman-numeral or bold rows) with their criteria nested by
numbering style (1, 2 / 1.1 / a) b) in any mix), point-less rows folded into notes, totals
checked and codes renumbered as the criteria format requires."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from par_index.annex.table import AnnexRow, match_key

_ROMAN = re.compile(r"(X{0,3})(IX|IV|V?I{0,3})")


@dataclass
class Item:
    """An area or criterion of the tree, with the notes and TODOs gathered for it."""

    row: AnnexRow
    style: str
    children: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    code: str = ""
    max: Decimal = Decimal(0)


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
    """The TỔNG CỘNG row, its words in the title or (merged across) the STT column."""
    for key in (match_key(row.title), match_key(row.stt)):
        if key.startswith(("tong cong", "tong diem", "tong so diem")) or key == "tong":
            return True
    return False


def build_tree(rows: list[AnnexRow], skipped: list[tuple[int, str]] | None = None) -> list[Item]:
    """Areas with their criteria nested by numbering style, in the annex's order; the total
    rows left out are added to ``skipped`` as (row, "total")."""
    rule = _area_rule(rows)
    areas: list[Item] = []
    stack: list[Item] = []
    for row in rows:
        if match_key(row.title).startswith("ghi chu") or match_key(row.stt).startswith("ghi chu"):
            break
        if _is_total(row):
            if skipped is not None:
                skipped.append((row.row, "total"))
            continue
        style = _style(row)
        if _is_area(row, style, rule):
            stack = [Item(row, "area")]
            areas.append(stack[0])
            continue
        if style == "bullet" or (style in ("none", "other") and row.max is None):
            if stack:
                stack[-1].notes.append(_note(row))
            continue
        if not stack:
            stack = [_nameless_area(row)]
            areas.append(stack[0])
        styles = [item.style for item in stack[1:]]
        if style in styles:
            stack = stack[: styles.index(style) + 1]
        item = Item(row, style)
        stack[-1].children.append(item)
        stack.append(item)
    return areas


def _nameless_area(row: AnnexRow) -> Item:
    """The area made up for criteria that come before any area row."""
    area = Item(AnnexRow(row.row, "", "", None, "", "", True), "area")
    area.todos.append("Các tiêu chí đầu bảng không thuộc lĩnh vực nào: đặt tên lĩnh vực.")
    return area


def _note(row: AnnexRow) -> str:
    text = re.sub(r"^[-+•–*]\s*", "", row.title)
    if row.max is not None:
        text = f"{text}: {_fmt(row.max)} điểm"
    return " ".join(part for part in (text, row.method) if part)


def settle(item: Item) -> bool:
    """Fold point-less leaves into their parent's method and total the parents; False if empty."""
    kept = []
    for child in item.children:
        if settle(child):
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


def renumber(items: list[Item], prefix: str = "") -> None:
    """Codes 1, 1.1, 1.1.1 in the tree's order, whatever the annex numbered."""
    for index, item in enumerate(items, start=1):
        item.code = f"{prefix}{index}"
        renumber(item.children, f"{item.code}.")


def leaves(item: Item) -> list[Item]:
    """The criteria under ``item`` that have no children, in order."""
    if not item.children:
        return [item]
    return [leaf for child in item.children for leaf in leaves(child)]


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")
