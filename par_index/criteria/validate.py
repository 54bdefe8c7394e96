"""Checks a criteria set's meaning, beyond what the models check field by field."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from par_index.criteria.model import (
    Area,
    Band,
    Condition,
    Criterion,
    CriteriaSet,
    LevelsRule,
    Node,
    ProportionalRule,
    Ratio,
    ThresholdsRule,
)
from par_index.criteria.problems import Problem
from par_index.i18n import Message
from par_index.yamlsrc import Path_

M_SUM = Message(
    "criteria.children-sum",
    "tổng điểm tối đa của các mục con ({total}) khác điểm tối đa của mục cha ({max})"
    "{for_type}. Hãy sửa điểm của mục cha hoặc các mục con.",
    "the children's maxima add up to {total}, not the parent's maximum {max}{for_type}."
    " Fix the parent's or the children's points.",
)
M_SCALE = Message(
    "criteria.scale-sum",
    "tổng điểm tối đa của các lĩnh vực là {total}, khác thang điểm {scale}{for_type}.",
    "the areas add up to {total}, not the scale of {scale}{for_type}.",
)
M_DUP = Message(
    "criteria.duplicate-code",
    "mã '{code}' bị trùng (đã dùng ở dòng {first_line}). Mỗi mục cần một mã riêng.",
    "code '{code}' is used twice (first on line {first_line}). Give every item its own code.",
)
M_ORDER = Message(
    "criteria.code-order",
    "mã '{code}' không đúng thứ tự: mong đợi '{expected}'. Hãy đánh số liên tiếp theo mục cha.",
    "code '{code}' is out of order: expected '{expected}'. Number children in sequence.",
)
M_BAND_GAP = Message(
    "criteria.band-gap",
    "các khoảng ngưỡng không liền nhau hoặc chồng lên nhau tại {edge}. "
    "Mỗi giá trị chỉ được thuộc đúng một khoảng.",
    "threshold bands leave a gap or overlap at {edge}. Every value must fall in exactly one band.",
)
M_POINTS_OVER = Message(
    "criteria.points-over-max",
    "mức '{label}' cho {points} điểm, vượt điểm tối đa {max}.",
    "level '{label}' gives {points} points, above the maximum {max}.",
)
M_FIGURE_UNDECLARED = Message(
    "criteria.figure-undeclared",
    "quy tắc dùng số liệu '{figure}' nhưng số liệu này chưa khai báo trong 'figures'.",
    "the rule uses figure '{figure}', which is not declared under 'figures'.",
)
M_UNIT_TYPE = Message(
    "criteria.unknown-unit-type",
    "loại đơn vị '{unit_type}' chưa khai báo trong 'unit_types' (có: {known}).",
    "unit type '{unit_type}' is not declared in 'unit_types' (known: {known}).",
)
M_LEAF_RULE = Message(
    "criteria.leaf-without-rule",
    "tiêu chí không có tiêu chí thành phần thì phải có 'rule' (cách tính điểm).",
    "a criterion without sub-criteria needs a 'rule'.",
)
M_PARENT_RULE = Message(
    "criteria.parent-with-rule",
    "tiêu chí có tiêu chí thành phần không được có 'rule': điểm là tổng các mục con.",
    "a criterion with sub-criteria cannot have a 'rule': its points are its children's sum.",
)
M_ZERO_DEN = Message(
    "criteria.zero-denominator",
    "quy tắc tính theo tỷ lệ phải nêu 'zero_denominator' (full, zero hoặc not_applicable).",
    "a ratio rule must state 'zero_denominator' (full, zero or not_applicable).",
)
M_RATIO_SOURCE = Message(
    "criteria.ratio-source",
    "quy tắc cần đúng một trong hai: 'ratio' (tử số/mẫu số) hoặc 'figure' (tỷ lệ đã kê khai).",
    "the rule needs exactly one of 'ratio' (numerator/denominator) or 'figure'.",
)
M_SURVEY_SHARE = Message(
    "criteria.survey-share",
    "'survey_share' là {share} nhưng các tiêu chí điều tra xã hội học cộng lại {total}{for_type}.",
    "'survey_share' is {share} but the survey criteria add up to {total}{for_type}.",
)
M_CLASS_BANDS = Message(
    "criteria.class-bands",
    "các mức xếp loại phải xếp từ cao xuống thấp và mức cuối bắt đầu từ 0 ({detail}).",
    "classification bands must run from high to low and the last must start at 0 ({detail}).",
)
M_FORCE_CLASS = Message(
    "criteria.unknown-class",
    "mức xếp loại '{band}' không có trong 'classification'.",
    "classification band '{band}' does not exist.",
)
M_UNKNOWN_CRITERION = Message(
    "criteria.unknown-criterion",
    "điều kiện nhắc tới tiêu chí '{ref}' không có trong bộ.",
    "the condition refers to criterion '{ref}', which is not in the set.",
)
M_NEGATIVE = Message(
    "criteria.negative-max",
    "điểm tối đa phải lớn hơn 0 (đang là {max}).",
    "the maximum must be above 0 (it is {max}).",
)

Found = tuple[Message, dict[str, Any], Path_, str | None]


def validate(cs: CriteriaSet) -> list[Found]:
    """Every meaning problem in the set as (message, fields, YAML path, criterion code)."""
    return [
        *_codes(cs),
        *_sums(cs),
        *_rules(cs),
        *_unit_types(cs),
        *_classification(cs),
        *_survey_share(cs),
    ]


def to_problems(found: list[Found], file: str, line_of) -> list[Problem]:
    """Attach file and line; a field holding a YAML path is shown as that path's line."""
    problems = []
    for msg, fields, path, code in found:
        shown = {k: (line_of(v) if isinstance(v, tuple) else v) for k, v in fields.items()}
        problems.append(Problem(msg, shown, file, line_of(path), code))
    return problems


def _nodes(cs: CriteriaSet) -> Iterator[tuple[Node, Path_, Node | None]]:
    def visit(node: Node, path: Path_, parent: Node | None):
        yield node, path, parent
        for i, child in enumerate(node.criteria):
            yield from visit(child, (*path, "criteria", i), node)

    for i, area in enumerate(cs.areas):
        yield from visit(area, ("areas", i), None)
    for name in ("bonus", "penalty"):
        section = getattr(cs, name)
        if section is not None:
            for i, item in enumerate(section.items):
                yield item, (name, "items", i), None


def _codes(cs: CriteriaSet) -> Iterator[Found]:
    first: dict[str, Path_] = {}
    for node, path, parent in _nodes(cs):
        if node.code in first:
            yield M_DUP, {"code": node.code, "first_line": first[node.code]}, path, node.code
            continue
        first[node.code] = path
    for i, area in enumerate(cs.areas):
        if area.code != str(i + 1):
            yield M_ORDER, {"code": area.code, "expected": str(i + 1)}, ("areas", i, "code"), area.code
    for node, path, _parent in _nodes(cs):
        for i, child in enumerate(node.criteria):
            expected = f"{node.code}.{i + 1}"
            if child.code != expected:
                where = (*path, "criteria", i, "code")
                yield M_ORDER, {"code": child.code, "expected": expected}, where, child.code


def _sums(cs: CriteriaSet) -> Iterator[Found]:
    for unit_type in cs.type_ids():
        label = f" (loại đơn vị {unit_type})" if len(cs.unit_types) > 1 else ""
        total = sum((cs.max_for(a, unit_type) or Decimal(0) for a in cs.areas), Decimal(0))
        if total != cs.scale:
            yield M_SCALE, {"total": total, "scale": cs.scale, "for_type": label}, ("areas",), None
        for node, path, _parent in _nodes(cs):
            own = cs.max_for(node, unit_type) if node.code in cs._index else None
            if own is None or not node.criteria:
                continue
            children = sum(
                (cs.max_for(c, unit_type) or Decimal(0) for c in node.criteria), Decimal(0)
            )
            if children != own:
                fields = {"total": children, "max": own, "for_type": label}
                yield M_SUM, fields, (*path, "max"), node.code
    for node, path, _parent in _nodes(cs):
        if node.max <= 0:
            yield M_NEGATIVE, {"max": node.max}, (*path, "max"), node.code


def _rules(cs: CriteriaSet) -> Iterator[Found]:
    for node, path, _parent in _nodes(cs):
        if not isinstance(node, Criterion):
            continue
        if node.is_leaf and node.rule is None:
            yield M_LEAF_RULE, {}, path, node.code
        if not node.is_leaf and node.rule is not None:
            yield M_PARENT_RULE, {}, (*path, "rule"), node.code
        if node.rule is not None:
            yield from _rule_problems(node, (*path, "rule"))
        yield from _figure_refs(cs, node, path)


def _rule_problems(node: Criterion, path: Path_) -> Iterator[Found]:
    rule = node.rule
    if isinstance(rule, LevelsRule):
        for i, level in enumerate(rule.levels):
            points = level.points if level.points is not None else node.max * level.percent / 100
            if points > node.max or points < 0:
                fields = {"label": level.label.vi, "points": points, "max": node.max}
                yield M_POINTS_OVER, fields, (*path, "levels", i), node.code
    if isinstance(rule, ThresholdsRule | ProportionalRule):
        if (rule.ratio is None) == (rule.figure is None):
            yield M_RATIO_SOURCE, {}, path, node.code
        elif rule.ratio is not None and rule.zero_denominator is None:
            yield M_ZERO_DEN, {}, path, node.code
    if isinstance(rule, ThresholdsRule):
        for i, band in enumerate(rule.bands):
            points = band.points if band.points is not None else node.max * band.percent / 100
            if points > node.max or points < 0:
                fields = {"label": _band_text(band), "points": points, "max": node.max}
                yield M_POINTS_OVER, fields, (*path, "bands", i), node.code
        edge = _band_overlap(rule.bands)
        if edge is not None:
            yield M_BAND_GAP, {"edge": edge}, (*path, "bands"), node.code


def _band_text(band: Band) -> str:
    low = "" if band.min is None else f"{band.min}"
    high = "" if band.max is None else f"{band.max}"
    return f"{low}..{high}"


def _band_overlap(bands: list[Band]) -> str | None:
    """Where bands leave a gap or overlap; None when they cover the line exactly once."""
    ordered = sorted(bands, key=lambda b: (Decimal("-Infinity") if b.min is None else b.min))
    if ordered and ordered[0].min is not None:
        return f"< {ordered[0].min}"
    for low, high in zip(ordered, ordered[1:], strict=False):
        if low.max is None or high.min is None or low.max != high.min:
            return f"{low.max if low.max is not None else '∞'} / {high.min}"
        if low.max_inclusive == high.min_inclusive:
            return f"{high.min}"
    if ordered and ordered[-1].max is not None:
        return f"> {ordered[-1].max}"
    return None


def _figure_refs(cs: CriteriaSet, node: Criterion, path: Path_) -> Iterator[Found]:
    declared = {f.name for f in node.figures}
    used: list[tuple[str, Path_]] = []
    rule = node.rule
    ratio: Ratio | None = getattr(rule, "ratio", None)
    if ratio is not None:
        used += [(ratio.numerator, (*path, "rule", "ratio")), (ratio.denominator, (*path, "rule"))]
    figure = getattr(rule, "figure", None)
    if isinstance(figure, str):
        used.append((figure, (*path, "rule", "figure")))
    for i, check in enumerate(node.checks):
        names = [check.left, check.right, check.total, *check.parts]
        used += [(n, (*path, "checks", i)) for n in names if n]
    for i, override in enumerate(node.overrides):
        used += [(n, (*path, "overrides", i)) for n in _condition_figures(override.when, None)]
    for name, where in used:
        if name not in declared and name != "answer":
            yield M_FIGURE_UNDECLARED, {"figure": name}, where, node.code


def _condition_figures(cond: Condition, criterion: str | None) -> list[str]:
    if cond.all is not None or cond.any is not None:
        out: list[str] = []
        for sub in cond.all or cond.any or []:
            out += _condition_figures(sub, criterion)
        return out
    return [cond.figure] if cond.figure and cond.criterion == criterion else []


def _unit_types(cs: CriteriaSet) -> Iterator[Found]:
    known = cs.type_ids()
    for node, path, _parent in _nodes(cs):
        for unit_type in [*(node.applies_to or []), *node.max_by_type]:
            if unit_type not in known:
                fields = {"unit_type": unit_type, "known": ", ".join(known)}
                yield M_UNIT_TYPE, fields, path, node.code
    for unit_type in cs.classification.by_type:
        if unit_type not in known:
            fields = {"unit_type": unit_type, "known": ", ".join(known)}
            yield M_UNIT_TYPE, fields, ("classification", "by_type", unit_type), None


def _classification(cs: CriteriaSet) -> Iterator[Found]:
    lists = [(("classification", "bands"), cs.classification.bands)]
    lists += [(("classification", "by_type", t), b) for t, b in cs.classification.by_type.items()]
    ids = set()
    for path, bands in lists:
        ids |= {b.id for b in bands}
        mins = [b.min for b in bands]
        if not bands or mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            yield M_CLASS_BANDS, {"detail": ", ".join(str(m) for m in mins)}, path, None
        elif bands[-1].min != 0 or not bands[-1].inclusive:
            yield M_CLASS_BANDS, {"detail": f"{bands[-1].min}"}, path, None
    for i, override in enumerate(cs.overrides):
        if override.force_class not in ids:
            where = ("overrides", i, "force_class")
            yield M_FORCE_CLASS, {"band": override.force_class}, where, None
        for ref in _condition_criteria(override.when):
            if cs.node(ref) is None:
                yield M_UNKNOWN_CRITERION, {"ref": ref}, ("overrides", i, "when"), None


def _condition_criteria(cond: Condition) -> list[str]:
    if cond.all is not None or cond.any is not None:
        return [ref for sub in (cond.all or cond.any or []) for ref in _condition_criteria(sub)]
    return [cond.criterion] if cond.criterion else []


def _survey_share(cs: CriteriaSet) -> Iterator[Found]:
    for unit_type in cs.type_ids():
        total = sum(
            (
                cs.max_for(leaf, unit_type) or Decimal(0)
                for leaf in cs.leaves()
                if leaf.scorer == "survey"
            ),
            Decimal(0),
        )
        if total != cs.survey_share:
            label = f" (loại đơn vị {unit_type})" if len(cs.unit_types) > 1 else ""
            fields = {"share": cs.survey_share, "total": total, "for_type": label}
            yield M_SURVEY_SHARE, fields, ("survey_share",), None
            return


__all__ = ["Area", "validate"]
