"""Checks a criteria set's meaning, beyond what the models check field by field."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise
from typing import Any

from par_index.criteria.model import (
    Area,
    Band,
    BestInGroupRule,
    ClassBand,
    Condition,
    ConditionsRule,
    CriteriaSet,
    Criterion,
    DeductionRule,
    EvidenceKind,
    FigureType,
    Level,
    LevelsRule,
    Node,
    PerEventRule,
    ProportionalRule,
    Ratio,
    ScaledRule,
    ScoredBy,
    ShareDeductionRule,
    ThresholdsRule,
    YesNoRule,
)
from par_index.criteria.problems import Problem
from par_index.i18n import Message
from par_index.text import fold
from par_index.yamlsrc import Path_

M_SUM = Message(
    "criteria.children-sum",
    "tổng điểm tối đa của các mục con ({total}) khác điểm tối đa của mục cha ({max})"
    "{for_type}. Hãy sửa điểm của mục cha hoặc các mục con.",
    "the children's maxima add up to {total}, not the parent's maximum {max}{for_type}."
    " Fix the parent's or the children's points.",
)
FOR_TYPE = Message("criteria.for-type", " (loại đơn vị {types})", " (unit type {types})")
M_SCALE = Message(
    "criteria.scale-sum",
    "tổng điểm tối đa của các lĩnh vực là {total}, khác thang điểm {scale}{for_type}. Hãy sửa"
    " điểm tối đa của các lĩnh vực hoặc 'scale'.",
    "the areas add up to {total}, not the scale of {scale}{for_type}. Fix the areas' maxima or"
    " 'scale'.",
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
    "mức '{label}' cho {points} điểm, ngoài khoảng từ 0 đến điểm tối đa {max}. Hãy sửa điểm"
    " của mức này.",
    "level '{label}' gives {points} points, outside 0 to the maximum {max}. Fix its points.",
)
M_FIGURE_UNDECLARED = Message(
    "criteria.figure-undeclared",
    "số liệu '{figure}' được dùng nhưng chưa khai báo trong 'figures' của tiêu chí. Hãy khai"
    " báo hoặc sửa tên cho đúng.",
    "figure '{figure}' is used but not declared under the criterion's 'figures'. Declare it or"
    " fix the name.",
)
M_UNIT_TYPE = Message(
    "criteria.unknown-unit-type",
    "loại đơn vị '{unit_type}' chưa khai báo trong 'unit_types' (có: {known}). Hãy dùng mã"
    " đã khai báo hoặc khai báo thêm.",
    "unit type '{unit_type}' is not declared in 'unit_types' (known: {known}). Use a declared id"
    " or declare it.",
)
M_LEAF_RULE = Message(
    "criteria.leaf-without-rule",
    "tiêu chí không có tiêu chí thành phần thì phải có 'rule' (cách tính điểm). Hãy thêm"
    " 'rule', ví dụ rule: {{kind: yes_no}}.",
    "a criterion without sub-criteria needs a 'rule'. Add one, e.g. rule: {{kind: yes_no}}.",
)
M_PARENT_RULE = Message(
    "criteria.parent-with-rule",
    "tiêu chí có tiêu chí thành phần không được có 'rule': điểm là tổng các mục con. Hãy xóa"
    " 'rule' hoặc chuyển nó xuống một tiêu chí thành phần.",
    "a criterion with sub-criteria cannot have a 'rule': its points are its children's sum."
    " Remove the 'rule' or move it to a sub-criterion.",
)
M_ZERO_DEN = Message(
    "criteria.zero-denominator",
    "quy tắc tính theo tỷ lệ phải nêu 'zero_denominator' (full, zero hoặc not_applicable).",
    "a ratio rule must state 'zero_denominator' (full, zero or not_applicable).",
)
M_FIGURE_SOURCE = Message(
    "criteria.figure-source",
    "số liệu '{figure}' lấy 'from: days_late' phải là số đếm (type: count).",
    "figure '{figure}' with 'from: days_late' must be a count (type: count).",
)
M_PLAN_FIGURE = Message(
    "criteria.plan-figure",
    "'plan:' nêu số liệu '{figure}' nhưng tiêu chí không có số liệu đếm (type: count) tên này. "
    "Hãy khai báo số liệu trong 'figures:' hoặc sửa tên.",
    "'plan:' names figure '{figure}' but the criterion has no count figure (type: count) of "
    "that name. Declare it under 'figures:' or fix the name.",
)
M_RATIO_SOURCE = Message(
    "criteria.ratio-source",
    "quy tắc cần đúng một trong hai: 'ratio' (tử số/mẫu số) hoặc 'figure' (tỷ lệ đã kê khai).",
    "the rule needs exactly one of 'ratio' (numerator/denominator) or 'figure'.",
)
M_SURVEY_SHARE = Message(
    "criteria.survey-share",
    "'survey_share' là {share} nhưng các tiêu chí điều tra xã hội học cộng lại {total}{for_type}."
    " Hãy sửa 'survey_share' hoặc điểm các tiêu chí điều tra.",
    "'survey_share' is {share} but the survey criteria add up to {total}{for_type}. Fix"
    " 'survey_share' or the survey criteria's points.",
)
M_SINCE = Message(
    "criteria.since-years",
    "tiêu chí chỉ có từ năm {since} ('since') nhưng 'years' của bộ gồm cả năm {early}. Hãy bỏ"
    " các năm trước {since} khỏi 'years', hoặc dùng cho các năm đó một bộ không có tiêu chí này.",
    "the criterion exists only from {since} ('since') but the set's 'years' include {early}."
    " Drop the years before {since} from 'years', or use a set without this criterion for them.",
)
M_CLASS_BANDS = Message(
    "criteria.class-bands",
    "các mức xếp loại phải xếp từ cao xuống thấp, mỗi mức thấp hơn mức trước, và mức cuối bắt"
    " đầu từ 0 (đang là: {detail}). Hãy sắp xếp lại 'min' của các mức.",
    "classification bands must run from high to low, each below the one before, the last"
    " starting at 0 (now: {detail}). Reorder the bands' 'min'.",
)
M_FORCE_CLASS = Message(
    "criteria.unknown-class",
    "mức xếp loại '{band}' không có trong 'classification'. Hãy dùng 'id' của một mức đã khai báo.",
    "classification band '{band}' does not exist. Use the 'id' of a declared band.",
)
M_UNKNOWN_CRITERION = Message(
    "criteria.unknown-criterion",
    "điều kiện nhắc tới tiêu chí '{ref}' không có trong bộ. Hãy sửa mã tiêu chí.",
    "the condition refers to criterion '{ref}', which is not in the set. Fix the code.",
)
M_CONDITION_CRITERION = Message(
    "criteria.condition-criterion",
    "điều kiện của cả bộ kiểm tra số liệu '{figure}' mà không nêu 'criterion' (mã tiêu chí). "
    'Hãy thêm criterion: "mã tiêu chí khai báo số liệu này".',
    "a set-level condition tests figure '{figure}' without 'criterion'. Add the code of the"
    " criterion that declares the figure.",
)
M_NEGATIVE = Message(
    "criteria.negative-max",
    "điểm tối đa phải lớn hơn 0 (đang là {max}). Hãy sửa, hoặc xóa mục này nếu không dùng.",
    "the maximum must be above 0 (it is {max}). Fix it, or remove the item if it is unused.",
)

M_FIGURE_SCALE = Message(
    "criteria.figure-scale",
    "quy tắc '{kind}' đọc số liệu '{figure}' như {reads}, nhưng số liệu khai báo loại"
    " '{type}'. Hãy khai báo số liệu đúng loại ({expected}) hoặc dùng quy tắc hợp với thang"
    " của nó{hint}.",
    "rule '{kind}' reads figure '{figure}' as {reads_en}, but the figure is declared '{type}'."
    " Declare the figure's type ({expected}) or use a rule that fits its scale{hint}.",
)
HINT_SCALED = Message(
    "criteria.hint-scaled",
    " (một điểm số trên thang riêng, như chỉ số 0–10: kind: scaled)",
    " (a score on its own scale, such as a 0–10 sub-index: kind: scaled)",
)
M_SCALE_UNKNOWN = Message(
    "criteria.scale-unknown",
    "quy tắc 'scaled' cần đúng một trong hai: 'out_of' (thang của số liệu) hoặc 'divide_by'"
    " (số chia); hoặc bỏ cả hai khi số liệu '{figure}' có 'max' (loại score).",
    "a 'scaled' rule needs exactly one of 'out_of' (the figure's scale) or 'divide_by' (a"
    " constant), or neither when figure '{figure}' has a 'max' (type score).",
)
M_SCALE_MISMATCH = Message(
    "criteria.scale-mismatch",
    "'out_of' là {out_of} nhưng số liệu '{figure}' có thang đến {max}. Hãy để 'out_of' bằng"
    " 'max' của số liệu (hoặc bỏ 'out_of').",
    "'out_of' is {out_of} but figure '{figure}' runs up to {max}. Make 'out_of' the figure's"
    " 'max' (or leave 'out_of' out).",
)
M_SCORE_MAX = Message(
    "criteria.score-needs-max",
    "số liệu '{figure}' loại 'score' cần 'max' (thang điểm, ví dụ max: 10).",
    "figure '{figure}' of type 'score' needs a 'max' (its scale, e.g. max: 10).",
)
M_PERCENT_RANGE = Message(
    "criteria.percent-range",
    "'{key}' là {value} %, ngoài khoảng {low} đến 100 %. Hãy sửa.",
    "'{key}' is {value} %, outside {low} to 100 %. Fix it.",
)
M_EVIDENCE_NONE = Message(
    "criteria.evidence-none",
    "'accepts' ghi 'none' (không cần tài liệu) cùng loại khác ({kinds}). Hãy chỉ ghi [none], "
    "hoặc bỏ 'none'.",
    "'accepts' lists 'none' (no evidence needed) with other kinds ({kinds}). Give [none] alone, "
    "or drop 'none'.",
)
M_EVIDENCE_EMPTY = Message(
    "criteria.evidence-accepts-empty",
    "'accepts' để trống. Hãy ghi loại tài liệu kiểm chứng được chấp nhận, ví dụ [document, web], "
    "hoặc [none] nếu không cần tài liệu.",
    "'accepts' is empty. List the kinds of evidence accepted, e.g. [document, web], or [none] "
    "when no evidence is needed.",
)
M_DEADLINE_PAIR = Message(
    "criteria.evidence-deadline",
    "'deadline' và 'on_time' đi cùng nhau: hãy ghi cả hai (vd. deadline: \"31/01\", on_time: "
    "[Ban hành đúng hạn]) hoặc bỏ cả hai.",
    "'deadline' and 'on_time' go together: give both (e.g. deadline: \"31/01\", on_time: "
    "[Ban hành đúng hạn]) or neither.",
)
M_ON_TIME_CHOICE = Message(
    "criteria.evidence-on-time",
    "'on_time' ghi '{label}', không phải lựa chọn của tiêu chí (có: {choices}). Hãy ghi đúng "
    'nhãn của mức hoặc "Có".',
    "'on_time' gives '{label}', which is not one of the criterion's answers ({choices}). Use a "
    'level\'s label, or "Có".',
)

Found = tuple[Message, dict[str, Any], Path_, str | None]


def validate(cs: CriteriaSet) -> list[Found]:
    """Every meaning problem in the set as (message, fields, YAML path, criterion code)."""
    unit_types = list(_unit_types(cs))
    # With an unknown unit type the sums would only repeat that problem: report it alone.
    sums = [] if unit_types else [*_sums(cs), *_survey_share(cs)]
    found = [*_codes(cs), *sums, *_rules(cs), *unit_types, *_classification(cs)]
    return [*found, *_evidence(cs), *_since(cs)]


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
    for node, path, _parent in _nodes(cs):
        if node.code in first:
            yield M_DUP, {"code": node.code, "first_line": first[node.code]}, path, node.code
            continue
        first[node.code] = path
    for i, area in enumerate(cs.areas):
        if area.code != str(i + 1):
            yield (
                M_ORDER,
                {"code": area.code, "expected": str(i + 1)},
                ("areas", i, "code"),
                area.code,
            )
    for node, path, _parent in _nodes(cs):
        for i, child in enumerate(node.criteria):
            expected = f"{node.code}.{i + 1}"
            if child.code != expected:
                where = (*path, "criteria", i, "code")
                yield M_ORDER, {"code": child.code, "expected": expected}, where, child.code


def _sums(cs: CriteriaSet) -> Iterator[Found]:
    scale = {t: (_total(cs, cs.areas, t), cs.scale) for t in cs.type_ids()}
    for (total, want), label in _mismatches(cs, scale):
        yield M_SCALE, {"total": total, "scale": want, **label}, ("areas",), None
    for node, path, _parent in _nodes(cs):
        if not node.criteria:
            continue
        pairs = {
            t: (_total(cs, node.criteria, t), cs.max_for(node, t))
            for t in cs.type_ids()
            if cs.applies(node, t)
        }
        for (total, own), label in _mismatches(cs, pairs):
            yield M_SUM, {"total": total, "max": own, **label}, (*path, "max"), node.code
    for node, path, _parent in _nodes(cs):
        for value in (node.max, *node.max_by_type.values()):
            if value <= 0:
                yield M_NEGATIVE, {"max": value}, (*path, "max"), node.code
                break


def _total(cs: CriteriaSet, nodes: list, unit_type: str) -> Decimal:
    """Sum of the maxima of ``nodes`` for a unit type (nodes that do not apply count 0)."""
    return sum((cs.max_for(n, unit_type) or Decimal(0) for n in nodes), Decimal(0))


def _mismatches(cs: CriteriaSet, pairs: dict[str, tuple]) -> Iterator[tuple[tuple, dict]]:
    """Each distinct (got, wanted) mismatch once, naming unit types only when they differ."""
    groups: dict[tuple, list[str]] = {}
    for unit_type, (got, want) in pairs.items():
        if got != want:
            groups.setdefault((got, want), []).append(unit_type)
    for pair, types in groups.items():
        if len(groups) == 1 and len(types) == len(pairs):
            yield pair, {"for_type": ""}
        else:
            yield pair, {"for_type": FOR_TYPE, "types": ", ".join(types)}


def _rules(cs: CriteriaSet) -> Iterator[Found]:
    for node, path, _parent in _nodes(cs):
        if not isinstance(node, Criterion):
            continue
        if node.is_leaf and node.rule is None:
            yield M_LEAF_RULE, {}, path, node.code
        if not node.is_leaf and node.rule is not None:
            yield M_PARENT_RULE, {}, (*path, "rule"), node.code
        if node.rule is not None:
            yield from _rule_problems(cs, node, (*path, "rule"))
        yield from _figure_refs(cs, node, path)


def _evidence(cs: CriteriaSet) -> Iterator[Found]:
    """Each criterion's evidence: 'none' alone, a deadline with the answers that claim it."""
    for node, path, _parent in _nodes(cs):
        need = getattr(node, "evidence", None)
        if need is None:
            continue
        where = (*path, "evidence")
        if not need.accepts:
            yield M_EVIDENCE_EMPTY, {}, (*where, "accepts"), node.code
        elif EvidenceKind.NONE in need.accepts and len(need.accepts) > 1:
            kinds = ", ".join(k.value for k in need.accepts if k != EvidenceKind.NONE)
            yield M_EVIDENCE_NONE, {"kinds": kinds}, (*where, "accepts"), node.code
        if (need.deadline is None) != (not need.on_time):
            yield M_DEADLINE_PAIR, {}, where, node.code
        choices = _choices(node)
        for i, label in enumerate(need.on_time):
            if fold(label) not in {fold(c) for c in choices}:
                fields = {"label": label, "choices": "; ".join(f"“{c}”" for c in choices)}
                yield M_ON_TIME_CHOICE, fields, (*where, "on_time", i), node.code


def _choices(node: Node) -> list[str]:
    """The answers a unit can choose for a criterion (levels, or Có / Không)."""
    rule = getattr(node, "rule", None)
    if isinstance(rule, LevelsRule):
        return [level.label.vi for level in rule.levels]
    if isinstance(rule, YesNoRule):
        return ["Có", "Không"]
    return []


def _rule_problems(cs: CriteriaSet, node: Criterion, path: Path_) -> Iterator[Found]:
    rule = node.rule
    if isinstance(rule, LevelsRule):
        for i, level in enumerate(rule.levels):
            yield from _within(cs, node, level.label.vi, level, (*path, "levels", i))
    if isinstance(rule, YesNoRule):
        for answer, points in (("Có", rule.yes), ("Không", rule.no)):
            if points is not None:
                yield from _within(cs, node, answer, Level(label=answer, points=points), path)
    if isinstance(rule, DeductionRule):
        floor = Level(label="floor", points=rule.floor)
        yield from _within(cs, node, "floor", floor, (*path, "floor"))
    if isinstance(rule, ThresholdsRule | ProportionalRule):
        if (rule.ratio is None) == (rule.figure is None):
            yield M_RATIO_SOURCE, {}, path, node.code
        elif rule.ratio is not None and rule.zero_denominator is None:
            yield M_ZERO_DEN, {}, path, node.code
    yield from _kind_problems(cs, node, path)
    if isinstance(rule, ThresholdsRule):
        for i, band in enumerate(rule.bands):
            yield from _within(cs, node, _band_text(band), band, (*path, "bands", i))
        edge = _band_overlap(rule.bands)
        if edge is not None:
            yield M_BAND_GAP, {"edge": edge}, (*path, "bands"), node.code


def _within(
    cs: CriteriaSet, node: Criterion, label: str, value: Level | Band, path: Path_
) -> Iterator[Found]:
    """A level's or band's points must lie in [0, max] for every unit type the node serves."""
    maxima = [cs.max_for(node, t) for t in cs.type_ids()] or [node.max]
    most = min((m for m in maxima if m is not None), default=node.max)
    shown: Decimal | str
    if value.percent is not None:
        points, limit = value.percent, Decimal(100)
        shown = f"{value.percent} %"
    elif value.points is not None:
        points, limit, shown = value.points, most, value.points
    else:
        return  # the model refuses a level or band with neither points nor percent
    if points < 0 or points > limit:
        yield M_POINTS_OVER, {"label": label, "points": shown, "max": most}, path, node.code


def _band_text(band: Band) -> str:
    low = "" if band.min is None else f"{band.min}"
    high = "" if band.max is None else f"{band.max}"
    return f"{low}..{high}"


def _band_overlap(bands: list[Band]) -> str | None:
    """Where bands leave a gap or overlap; None when they cover the line exactly once."""
    ordered = sorted(bands, key=lambda b: Decimal("-Infinity") if b.min is None else b.min)
    lowest = ordered[0] if ordered else None
    if (
        lowest is not None
        and lowest.min is not None
        and (lowest.min > 0 or not lowest.min_inclusive)
    ):
        return f"< {lowest.min}"
    for low, high in pairwise(ordered):
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
        where = (*path, "rule", "ratio")
        used += [
            (ratio.numerator, (*where, "numerator")),
            (ratio.denominator, (*where, "denominator")),
        ]
    figure = getattr(rule, "figure", None)
    if isinstance(figure, str):
        used.append((figure, (*path, "rule", "figure")))
    for i, check in enumerate(node.checks):
        names = [check.left, check.right, check.total, *check.parts]
        used += [(n, (*path, "checks", i)) for n in names if n]
    for i, override in enumerate(node.overrides):
        used += [(n, (*path, "overrides", i)) for n in _condition_figures(override.when, None)]
    for i, case in enumerate(rule.cases if isinstance(rule, ConditionsRule) else []):
        used += [(n, (*path, "rule", "cases", i, "when")) for n in case.when.figure_names()]
    for name, where in used:
        if name not in declared and name != "answer":
            yield M_FIGURE_UNDECLARED, {"figure": name}, where, node.code
    for i, fig in enumerate(node.figures):
        if fig.source is not None and fig.type != FigureType.COUNT:
            yield M_FIGURE_SOURCE, {"figure": fig.name}, (*path, "figures", i), node.code
    for name in node.plan or {}:
        figure = node.figure(name)
        if figure is None or figure.type != FigureType.COUNT:
            yield M_PLAN_FIGURE, {"figure": name}, (*path, "plan", name), node.code


_NUMERIC = (FigureType.COUNT, FigureType.NUMBER, FigureType.PERCENT, FigureType.SCORE)
_READS = {
    "percent": ("một tỷ lệ %", "a percentage", (FigureType.PERCENT,)),
    "amount": ("một số lượng", "an amount", (FigureType.COUNT, FigureType.NUMBER)),
    "events": ("một số lần", "a number of events", (FigureType.COUNT, FigureType.NUMBER)),
    "value": ("một giá trị số", "a numeric value", _NUMERIC),
}


def _read_as(rule: Any) -> list[tuple[str, str, str]]:
    """(figure, how the rule reads it, YAML key) for every figure the rule reads as a number."""
    reads: list[tuple[str, str, str]] = []
    if isinstance(rule, ThresholdsRule | ProportionalRule):
        if rule.figure is not None:
            reads.append((rule.figure, "percent", "figure"))
        if rule.ratio is not None:
            reads += [(rule.ratio.numerator, "amount", "ratio"),
                      (rule.ratio.denominator, "amount", "ratio")]  # fmt: skip
    if isinstance(rule, DeductionRule | PerEventRule | ShareDeductionRule):
        reads.append((rule.figure, "events", "figure"))
    if isinstance(rule, ScaledRule | BestInGroupRule):
        reads.append((rule.figure, "value", "figure"))
    return reads


def _kind_problems(cs: CriteriaSet, node: Criterion, path: Path_) -> Iterator[Found]:
    """A figure's declared scale fits the rule that reads it; the new kinds' own fields."""
    rule = node.rule
    for name, reads, key in _read_as(rule):
        figure = node.figure(name)
        vi, en, fits = _READS[reads]
        if figure is None or figure.type in fits:
            continue
        hint = HINT_SCALED if figure.type == FigureType.SCORE and reads == "percent" else ""
        fields = {"kind": getattr(rule, "kind", ""), "figure": name, "reads": vi, "reads_en": en,
                  "type": figure.type.value, "expected": ", ".join(t.value for t in fits),
                  "hint": hint}  # fmt: skip
        yield M_FIGURE_SCALE, fields, (*path, key), node.code
    for i, figure in enumerate(node.figures):
        if figure.type == FigureType.SCORE and figure.max is None:
            yield M_SCORE_MAX, {"figure": figure.name}, (*path[:-1], "figures", i), node.code
    if isinstance(rule, ScaledRule):
        yield from _scaled(node, rule, path)
    if isinstance(rule, ProportionalRule) and rule.target is not None:
        yield from _percent(node, "target", rule.target, path, low=Decimal("0.0001"))
    if isinstance(rule, ShareDeductionRule):
        for key in ("each", "cap", "floor"):
            value = getattr(rule, key)
            if value is not None:
                yield from _percent(node, key, value, path, low=Decimal(0))
    if isinstance(rule, ConditionsRule):
        for i, case in enumerate(rule.cases):
            label = case.label.vi if case.label else f"{i + 1}"
            level = Level(label=label, points=case.points, percent=case.percent)
            yield from _within(cs, node, label, level, (*path, "cases", i))
        otherwise = Level(label="otherwise", points=rule.otherwise)
        yield from _within(cs, node, "otherwise", otherwise, (*path, "otherwise"))


def _scaled(node: Criterion, rule: ScaledRule, path: Path_) -> Iterator[Found]:
    figure = node.figure(rule.figure)
    scale = figure.max if figure is not None else None
    if figure is not None and figure.type == FigureType.PERCENT and scale is None:
        scale = Decimal(100)
    given = [rule.out_of is not None, rule.divide_by is not None]
    if figure is not None and figure.type == FigureType.SCORE and scale is None:
        pass  # M_SCORE_MAX says it
    elif sum(given) > 1 or (not any(given) and scale is None):
        yield M_SCALE_UNKNOWN, {"figure": rule.figure}, path, node.code
    elif rule.out_of is not None and scale is not None and rule.out_of != scale:
        fields = {"out_of": rule.out_of, "figure": rule.figure, "max": scale}
        yield M_SCALE_MISMATCH, fields, (*path, "out_of"), node.code
    for key in ("out_of", "divide_by"):
        value = getattr(rule, key)
        if value is not None and value <= 0:
            yield M_NEGATIVE, {"max": value}, (*path, key), node.code


def _percent(
    node: Criterion, key: str, value: Decimal, path: Path_, low: Decimal
) -> Iterator[Found]:
    if not low <= value <= 100:
        fields = {"key": key, "value": value, "low": low.normalize()}
        yield M_PERCENT_RANGE, fields, (*path, key), node.code


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
        places = [(t, (*path, "applies_to", i)) for i, t in enumerate(node.applies_to or [])]
        places += [(t, (*path, "max_by_type", t)) for t in node.max_by_type]
        for unit_type, where in places:
            if unit_type not in known:
                fields = {"unit_type": unit_type, "known": ", ".join(known)}
                yield M_UNIT_TYPE, fields, where, node.code
    for unit_type in cs.classification.by_type:
        if unit_type not in known:
            fields = {"unit_type": unit_type, "known": ", ".join(known)}
            yield M_UNIT_TYPE, fields, ("classification", "by_type", unit_type), None


def _classification(cs: CriteriaSet) -> Iterator[Found]:
    lists: list[tuple[Path_, list[ClassBand]]] = [
        (("classification", "bands"), cs.classification.bands)
    ]
    lists += [(("classification", "by_type", t), b) for t, b in cs.classification.by_type.items()]
    for path, bands in lists:
        yield from _band_order(bands, path)
    ids = {band.id for _path, bands in lists for band in bands}
    for i, override in enumerate(cs.overrides):
        if override.force_class not in ids:
            where = ("overrides", i, "force_class")
            yield M_FORCE_CLASS, {"band": override.force_class}, where, None
        yield from _set_condition(cs, override.when, ("overrides", i, "when"))


def _band_order(bands: list, path: Path_) -> Iterator[Found]:
    """Class bands run from high to low, each strictly below the one before, down to 0."""
    mins = ", ".join(str(b.min) for b in bands)
    for i in range(1, len(bands)):
        if bands[i].min >= bands[i - 1].min:
            yield M_CLASS_BANDS, {"detail": mins}, (*path, i), None
            return
    if not bands:
        yield M_CLASS_BANDS, {"detail": "—"}, path, None
    elif bands[-1].min != 0 or not bands[-1].inclusive:
        yield M_CLASS_BANDS, {"detail": mins}, (*path, len(bands) - 1), None


def _set_condition(cs: CriteriaSet, cond: Condition, path: Path_) -> Iterator[Found]:
    """A set-level condition names a criterion of the set and a figure that criterion declares."""
    for i, sub in enumerate(cond.all or cond.any or []):
        yield from _set_condition(cs, sub, (*path, "all" if cond.all is not None else "any", i))
    if cond.figure is None:
        return
    if cond.criterion is None:
        yield M_CONDITION_CRITERION, {"figure": cond.figure}, path, None
        return
    node = cs.node(cond.criterion)
    if node is None:
        yield M_UNKNOWN_CRITERION, {"ref": cond.criterion}, (*path, "criterion"), None
    elif cond.figure != "answer" and not (
        isinstance(node, Criterion) and node.figure(cond.figure) is not None
    ):
        yield M_FIGURE_UNDECLARED, {"figure": cond.figure}, (*path, "figure"), cond.criterion


def _since(cs: CriteriaSet) -> Iterator[Found]:
    """A dated criterion cannot be scored in a year of the set before it existed."""
    for node, path, _parent in _nodes(cs):
        since = getattr(node, "since", None)
        early = [year for year in cs.years if since is not None and year < since]
        if early:
            fields = {"since": since, "early": ", ".join(map(str, early))}
            yield M_SINCE, fields, (*path, "since"), node.code


def _survey_share(cs: CriteriaSet) -> Iterator[Found]:
    survey = [leaf for leaf in cs.leaves() if leaf.scorer == ScoredBy.SURVEY]
    pairs = {t: (_total(cs, survey, t), cs.survey_share) for t in cs.type_ids()}
    for (total, share), label in _mismatches(cs, pairs):
        yield M_SURVEY_SHARE, {"share": share, "total": total, **label}, ("survey_share",), None


__all__ = ["Area", "validate"]
