"""The link to staff evaluation and emulation: a rule table, no expressions.

Each rule has structured conditions (``when``: all that are given must hold) and consequences:
the unit head's highest allowed grade and whether the unit may be proposed for emulation
titles, with the Vietnamese text printed as the reason. Every rule that holds applies, in table
order: the grade is the lowest of their caps. The shipped tables are ILLUSTRATIVE readings of
Nghị định 90/2020/NĐ-CP (amended by 48/2023/NĐ-CP) and of the 100-point bands of Nghị định
335/2025/NĐ-CP; the exact caps differ by province, which edits ``staff.rules`` in par-index.yaml.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from par_index.i18n import Message, text
from par_index.numbers import quantize
from par_index.results import Grade, StaffOutcome, UnitResult
from par_index.submission import Submission

GRADE_ORDER = [Grade.EXCELLENT, Grade.GOOD, Grade.DONE, Grade.NOT_DONE]
GRADE_LABELS = {
    Grade.EXCELLENT: Message("grade.excellent", "Hoàn thành xuất sắc nhiệm vụ", "Excellent"),
    Grade.GOOD: Message("grade.good", "Hoàn thành tốt nhiệm vụ", "Good"),
    Grade.DONE: Message("grade.done", "Hoàn thành nhiệm vụ", "Completed"),
    Grade.NOT_DONE: Message("grade.not-done", "Không hoàn thành nhiệm vụ", "Not completed"),
}


M_SURVEY_PENDING = Message(
    "staff.survey-pending",
    "Chưa có kết quả điều tra xã hội học (tiêu chí {codes}): các hệ quả trên là tạm thời, "
    "xét lại khi có kết quả.",
    "Survey results missing (criterion {codes}): these consequences are provisional, to be "
    "reviewed when the results arrive.",
)


M_NOT_FIRM = Message(
    "staff.not-firm",
    "Hệ quả này chưa chắc chắn: {why}; trong khoảng đó có thể là {other}. Xét lại khi kết quả "
    "chắc chắn (xem mục Độ vững của kết quả ở trang đơn vị).",
    "This consequence is not firm: {why}; within that range it could be {other}. Review it once "
    "the result is firm (see How firm the result is on the unit page).",
)
M_OTHER_GRADE = Message("staff.other-grade", "mức cao nhất {grades}", "the highest grade {grades}")
M_OR = Message("staff.or", " hoặc ", " or ")
M_OTHER_EMULATION = {
    True: Message("staff.other-eligible", "được đề nghị khen thưởng", "eligible for emulation"),
    False: Message(
        "staff.other-not-eligible", "không được đề nghị khen thưởng", "not eligible for emulation"
    ),
}


def grade_label(grade: Grade) -> str:
    """The grade's name in the current language."""
    return GRADE_LABELS[grade].format()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, populate_by_name=True)


class StaffCondition(_Model):
    """Conditions of a rule; every condition given must hold (at least one is required)."""

    class_in: list[str] | None = Field(None, alias="class")
    """The unit's class id is one of these (e.g. [yeu, trung_binh])."""
    rank_from_bottom: int | None = Field(None, ge=1)
    """The unit is among the last n of its ranking scope (ties share a place)."""
    index_below: Decimal | None = None
    """The published index is below this value."""
    index_at_least: Decimal | None = None
    """The published index is at least this value."""
    gap_above: Decimal | None = None
    """Self-score total minus final total is above this many points."""
    finding_codes: list[str] | None = None
    """The check step reported at least one of these finding codes for the unit."""
    head_disciplined: bool | None = None
    """The unit head was (true) or was not (false) disciplined this year."""
    provisional: bool | None = None
    """The result is (true) or is not (false) provisional (no appraisal yet)."""

    @model_validator(mode="after")
    def _some(self) -> StaffCondition:
        if all(v is None for v in self.__dict__.values()):
            raise ValueError("a rule needs at least one condition under 'when'")
        return self


class StaffRule(_Model):
    """One row of the table: conditions, consequences and the text printed as the reason."""

    id: str
    """Short stable name, e.g. "nd90.disciplined"."""
    when: StaffCondition
    highest_grade: Grade | None = None
    """Highest grade the unit head may get (hoan_thanh_xuat_sac, hoan_thanh_tot, hoan_thanh,
    khong_hoan_thanh); none: no cap."""
    emulation_eligible: bool | None = None
    """false: the unit is not proposed for emulation titles (e.g. Tập thể lao động xuất sắc)."""
    text: str
    """Vietnamese reason printed with the outcome."""
    text_en: str | None = None


class FigureRef(_Model):
    """A declared yes/no figure of a criterion, e.g. criterion 1.5, figure head_disciplined."""

    criterion: str
    figure: str


class StaffConfig(_Model):
    """``staff:`` in par-index.yaml: which rule table applies and who was disciplined."""

    table: Literal["nd90", "nd335", "none"] = "nd90"
    """Shipped table: nd90 (Nghị định 90/2020 and 48/2023) or nd335 (Nghị định 335/2025
    100-point bands); ignored when ``rules`` is given."""
    rules: list[StaffRule] | None = None
    """The province's own table, replacing the shipped one."""
    disciplined: list[str] = []
    """Codes of the units whose head was disciplined this year."""
    disciplined_figure: FigureRef | None = None
    """Or: a declared yes/no figure that says so in each unit's workbook."""


def _rule(rule_id: str, when: dict, vi: str, en: str, **consequences) -> StaffRule:
    return StaffRule(id=rule_id, when=StaffCondition(**when), text=vi, text_en=en, **consequences)


NO_EMULATION = "không đề nghị danh hiệu Tập thể lao động xuất sắc"
_DISCIPLINED = _rule(
    "disciplined",
    {"head_disciplined": True},
    "Người đứng đầu bị xử lý kỷ luật trong năm: xếp loại Không hoàn thành nhiệm vụ; "
    f"{NO_EMULATION} (Nghị định 90/2020/NĐ-CP, sửa đổi bởi Nghị định 48/2023/NĐ-CP).",
    "The head was disciplined this year: graded Not completed; no emulation title "
    "(Decree 90/2020, amended by Decree 48/2023).",
    highest_grade=Grade.NOT_DONE,
    emulation_eligible=False,
)
_INFLATED = _rule(
    "inflated",
    {"gap_above": Decimal(5)},
    "Điểm tự chấm cao hơn kết quả thẩm định trên 5 điểm: người đứng đầu không được xếp loại "
    f"Hoàn thành xuất sắc nhiệm vụ; {NO_EMULATION}.",
    "Self-score more than 5 points above the appraised result: the head cannot be graded "
    "Excellent; no emulation title.",
    highest_grade=Grade.GOOD,
    emulation_eligible=False,
)
_PROVISIONAL = _rule(
    "provisional",
    {"provisional": True},
    "Kết quả chưa được thẩm định: các hệ quả trên chỉ là tạm thời.",
    "Not appraised yet: these consequences are provisional.",
)

ND90 = [
    _DISCIPLINED.model_copy(update={"id": "nd90.disciplined"}),
    _rule(
        "nd90.weak-class",
        {"class_in": ["trung_binh", "yeu", "kem"]},
        "Chỉ số CCHC xếp loại Trung bình hoặc Yếu: người đứng đầu xếp loại cao nhất Hoàn thành "
        f"nhiệm vụ; {NO_EMULATION}.",
        "PAR index classed Average or Weak: the head is graded Completed at best; no emulation "
        "title.",
        highest_grade=Grade.DONE,
        emulation_eligible=False,
    ),
    _rule(
        "nd90.bottom",
        {"rank_from_bottom": 1},
        "Đơn vị xếp cuối bảng xếp hạng: người đứng đầu không được xếp loại Hoàn thành xuất sắc "
        "nhiệm vụ.",
        "The unit ranks last: the head cannot be graded Excellent.",
        highest_grade=Grade.GOOD,
    ),
    _INFLATED.model_copy(update={"id": "nd90.inflated"}),
    _PROVISIONAL.model_copy(update={"id": "nd90.provisional"}),
]
"""Illustrative reading of Nghị định 90/2020 and 48/2023 (class ids of the shipped sets)."""


def _band(rule_id: str, low: int | None, high: int, grade: Grade, vi: str, en: str) -> StaffRule:
    when = {"index_below": Decimal(high)}
    if low is not None:
        when["index_at_least"] = Decimal(low)
    eligible = False if grade in (Grade.DONE, Grade.NOT_DONE) else None
    extra_vi = f"; {NO_EMULATION}" if eligible is False else ""
    extra_en = "; no emulation title" if eligible is False else ""
    return _rule(
        rule_id,
        when,
        f"{vi}{extra_vi}.",
        f"{en}{extra_en}.",
        highest_grade=grade,
        emulation_eligible=eligible,
    )


ND335 = [
    _DISCIPLINED.model_copy(update={"id": "nd335.disciplined"}),
    _band(
        "nd335.below-50",
        None,
        50,
        Grade.NOT_DONE,
        "Chỉ số CCHC dưới 50/100 (thang Nghị định 335/2025/NĐ-CP): người đứng đầu xếp loại "
        "Không hoàn thành nhiệm vụ",
        "PAR index below 50/100 (Decree 335/2025 scale): the head is graded Not completed",
    ),
    _band(
        "nd335.50-70",
        50,
        70,
        Grade.DONE,
        "Chỉ số CCHC từ 50 đến dưới 70/100 (thang Nghị định 335/2025/NĐ-CP): người đứng đầu "
        "xếp loại cao nhất Hoàn thành nhiệm vụ",
        "PAR index 50 to under 70/100 (Decree 335/2025 scale): Completed at best",
    ),
    _band(
        "nd335.70-90",
        70,
        90,
        Grade.GOOD,
        "Chỉ số CCHC từ 70 đến dưới 90/100 (thang Nghị định 335/2025/NĐ-CP): người đứng đầu "
        "xếp loại cao nhất Hoàn thành tốt nhiệm vụ",
        "PAR index 70 to under 90/100 (Decree 335/2025 scale): Good at best",
    ),
    _INFLATED.model_copy(update={"id": "nd335.inflated"}),
    _PROVISIONAL.model_copy(update={"id": "nd335.provisional"}),
]
"""Illustrative: the head's grade capped by the unit's index on the 335/2025 bands."""

TABLES: dict[str, list[StaffRule]] = {"nd90": ND90, "nd335": ND335, "none": []}


def active_rules(config: StaffConfig) -> tuple[str, list[StaffRule]]:
    """(table name, rules) in force: the province's own rules, else the selected table."""
    if config.rules is not None:
        return "custom", config.rules
    return config.table, TABLES[config.table]


def head_disciplined(unit_code: str, submission: Submission | None, config: StaffConfig) -> bool:
    """Whether the head was disciplined: listed in the configuration, or declared "Có"."""
    if unit_code in config.disciplined:
        return True
    ref = config.disciplined_figure
    if ref is None or submission is None:
        return False
    entry = submission.entries.get(ref.criterion)
    figure = entry.figures.get(ref.figure) if entry else None
    return figure is not None and figure.value is True


def holds(cond: StaffCondition, result: UnitResult, precision: int = 2) -> bool:
    """Whether every condition given holds for the unit."""
    index = quantize(result.index, precision)
    checks = [
        cond.class_in is None or result.class_id in cond.class_in,
        cond.rank_from_bottom is None
        or (
            result.rank_from_bottom is not None and result.rank_from_bottom <= cond.rank_from_bottom
        ),
        cond.index_below is None or index < cond.index_below,
        cond.index_at_least is None or index >= cond.index_at_least,
        cond.gap_above is None or result.gap > cond.gap_above,
        cond.finding_codes is None or any(result.finding_codes.get(c) for c in cond.finding_codes),
        cond.head_disciplined is None or result.head_disciplined == cond.head_disciplined,
        cond.provisional is None or result.provisional == cond.provisional,
    ]
    return all(checks)


def staff_outcome(result: UnitResult, rules: list[StaffRule], precision: int = 2) -> StaffOutcome:
    """The head's highest allowed grade and emulation eligibility, reasons in table order."""
    grade = Grade.EXCELLENT
    eligible = True
    reasons: list[str] = []
    for rule in rules:
        if not holds(rule.when, result, precision):
            continue
        if rule.highest_grade is not None:
            grade = max(grade, rule.highest_grade, key=GRADE_ORDER.index)
        if rule.emulation_eligible is False:
            eligible = False
        reasons.append(text(rule.text, rule.text_en))
    if result.survey_missing and result.provisional:
        reasons.append(M_SURVEY_PENDING.format(codes=", ".join(result.survey_missing)))
    return StaffOutcome(
        highest_grade=grade,
        emulation_eligible=eligible,
        reasons=reasons,
        provisional=result.provisional,
    )


def with_firmness_note(outcome: StaffOutcome, others: list[StaffOutcome], why: str) -> StaffOutcome:
    """The outcome marked not firm, with a reason naming what else could follow, when another
    rank or class within the unit's interval or area checks (``others``: the outcomes there)
    gives another grade or emulation verdict; ``why``: the interval, in words."""
    grades = {o.highest_grade for o in others} - {outcome.highest_grade}
    verdicts = {o.emulation_eligible for o in others} - {outcome.emulation_eligible}
    if not grades and not verdicts:
        return outcome
    named = [f"“{grade_label(g)}”" for g in sorted(grades, key=GRADE_ORDER.index)]
    other = [M_OTHER_GRADE.format(grades=M_OR.format().join(named))] if named else []
    other += [M_OTHER_EMULATION[v].format() for v in verdicts]
    note = M_NOT_FIRM.format(why=why, other=", ".join(other))
    return outcome.model_copy(update={"firm": False, "reasons": [*outcome.reasons, note]})
