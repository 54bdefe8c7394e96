"""The rule engine, kind by kind and edge by edge, on the shipped commune set and small sets."""

from __future__ import annotations

from decimal import Decimal as D
from decimal import InvalidOperation

import pytest

from par_index.criteria.model import CriteriaSet, Criterion
from par_index.criteria.validate import validate
from par_index.memo import Memo
from par_index.rules import (
    Answers,
    Outcome,
    answer_kind,
    cap,
    evaluate,
    evaluated,
    holds,
    survey_points,
    unit_overrides,
)
from par_index.yamlsrc import parse_yaml

TINY = """\
id: nho
title: Bộ nhỏ
documents: [{{number: "1", issuer: Thử}}]
version: "1"
unit_types: [{{id: xa, label: Xã}}, {{id: phuong, label: Phường}}]
scale: {scale}
not_applicable_policy: {policy}
classification: {{bands: [{{id: tot, label: Tốt, min: 50}}, {{id: yeu, label: Yếu, min: 0}}]}}
areas:
  - code: "1"
    title: Một
    max: {scale}
    criteria:
{criteria}
"""


def tiny(criteria: str, scale: str = "1", policy: str = "exclude") -> CriteriaSet:
    """A valid one-area set around the given criteria (YAML, indented by 6)."""
    source = parse_yaml(TINY.format(criteria=criteria, scale=scale, policy=policy), "nho.yaml")
    cs = CriteriaSet.model_validate(source.data)
    assert validate(cs) == []
    return cs


def number(value: object) -> object:
    """Whole numbers and numeric text as Decimal; anything else as given."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return value
    try:
        return D(str(value))
    except InvalidOperation:
        return value


def run(cs: CriteriaSet, code: str, unit_type: str = "xa", answer=None, na=False, **figures):
    """Evaluate one criterion with figures given as Decimal-able values."""
    criterion = cs.node(code)
    assert isinstance(criterion, Criterion)
    values = {name: number(value) for name, value in figures.items()}
    return evaluate(
        cs, criterion, Answers(answer=answer, not_applicable=na, figures=values), unit_type
    )


# -- thresholds on a ratio: xa-mau 3.2.1, bands 100 % / 95 to < 100 / 90 to < 95 / below ----------
@pytest.mark.parametrize(
    ("on_time", "settled", "points", "band"),
    [
        (100, 100, "3", "≥ 100 %"),
        (95, 100, "2", "≥ 95 % và < 100 %"),
        ("94999999999", "100000000000", "1", "≥ 90 % và < 95 %"),  # just under 95 %
        ("99999999999", "100000000000", "2", "≥ 95 % và < 100 %"),  # just under 100 %
        (90, 100, "1", "≥ 90 % và < 95 %"),
        ("8999999999999", "10000000000000", "0", "< 90 %"),
        (0, 7, "0", "< 90 %"),
        (19, 20, "2", "≥ 95 % và < 100 %"),  # 95 % exactly from a fraction
        (101, 100, "3", "≥ 100 %"),  # inconsistent figures still land in the top band
    ],
)
def test_threshold_ratio_band_edges(xa_set, on_time, settled, points, band):
    result = run(xa_set, "3.2.1", on_time=on_time, settled=settled, lost=0)
    assert result.outcome == Outcome.SCORED
    assert result.points == D(points) and result.possible == 3
    assert result.level == band


def test_threshold_ratio_is_exact_not_float(xa_set):
    result = run(xa_set, "3.2.1", on_time=1, settled=3, lost=0)
    assert isinstance(result.ratio, D)
    assert str(result.ratio).startswith("33.33333333333333333333")


@pytest.mark.parametrize(
    ("value", "points"),
    [("80", "2"), ("79.999999999", "1"), ("50", "1"), ("49.99", "0"), ("100", "2"), ("0", "0")],
)
def test_threshold_on_a_declared_percent(xa_set, value, points):
    result = run(xa_set, "3.2.3", digitised_pct=D(value))
    assert result.points == D(points)
    assert result.ratio == D(value)


@pytest.mark.parametrize(
    ("actual", "quota", "points"),
    [(10, 10, "2"), (9, 10, "2"), ("1000001", "1000000", "0"), (11, 10, "0")],
)
def test_threshold_with_inclusive_max_and_exclusive_min(xa_set, actual, quota, points):
    """4.2: "not above the quota" - exactly 100 % is still full, anything above is 0."""
    assert run(xa_set, "4.2", staff_actual=actual, staff_quota=quota).points == D(points)


def test_threshold_percent_bands_follow_the_unit_types_maximum(xa_set):
    """7.2.1: 60 % to < 80 % gives 75 % of a max that is 3 (xã), 4 (phường), 3.5 (thị trấn)."""
    for unit_type, points in (("xa", "2.25"), ("phuong", "3"), ("thi_tran", "2.625")):
        result = run(xa_set, "7.2.1", unit_type, dossiers_online=60, dossiers_total=100)
        assert result.points == D(points)
    assert run(xa_set, "7.2.1", "phuong", dossiers_online=80, dossiers_total=100).points == 4


# -- zero denominators --------------------------------------------------------------------------
def test_zero_denominator_full(xa_set):
    result = run(xa_set, "3.2.1", on_time=0, settled=0, lost=0)
    assert (result.outcome, result.points, result.possible) == (Outcome.SCORED, 3, 3)
    assert result.reason == "zero_denominator"


def test_zero_denominator_zero(xa_set):
    result = run(xa_set, "1.1.2", tasks_done=0, tasks_planned=0)
    assert (result.outcome, result.points, result.possible) == (Outcome.SCORED, 0, 2)


def test_zero_denominator_not_applicable_excludes_the_maximum(xa_set):
    result = run(xa_set, "1.6", assigned_done=0, assigned=0)
    assert (result.outcome, result.points, result.possible) == (Outcome.NOT_APPLICABLE, 0, 0)


RATIO_NA = """\
      - code: "1.1"
        title: Tỷ lệ
        max: 1
        figures: [{name: a, label: A}, {name: b, label: B}]
        rule:
          kind: proportional
          ratio: {numerator: a, denominator: b}
          zero_denominator: not_applicable
"""


def test_zero_denominator_not_applicable_with_full_points_policy():
    cs = tiny(RATIO_NA, policy="full_points")
    result = run(cs, "1.1", a=0, b=0)
    assert (result.outcome, result.points, result.possible) == (Outcome.NOT_APPLICABLE, 1, 1)
    excluded = run(tiny(RATIO_NA), "1.1", a=0, b=0)
    assert (excluded.outcome, excluded.points, excluded.possible) == (Outcome.NOT_APPLICABLE, 0, 0)


def test_zero_denominator_on_a_proportional_rule(xa_set):
    assert run(xa_set, "1.3.3", issues_fixed=0, issues_found=0).points == D("0.5")
    assert run(xa_set, "5.1", right_post=0, civil_servants=0).points == 0
    assert run(xa_set, "6.2", invest_disbursed=0, invest_allocated=0).possible == 0


# -- missing figures and answers ------------------------------------------------------------------
def test_missing_figures_are_named(xa_set):
    result = run(xa_set, "3.2.1", settled=10)
    assert (result.outcome, result.points, result.missing) == (Outcome.MISSING, None, ["on_time"])
    assert run(xa_set, "3.2.1").missing == ["on_time", "settled"]
    assert run(xa_set, "3.2.3").missing == ["digitised_pct"]
    assert run(xa_set, "1.2.1").missing == ["late_reports"]
    assert run(xa_set, "7.2.2").missing == ["online_payment_pct"]


def test_a_figure_that_is_not_a_number_counts_as_missing(xa_set):
    result = run(xa_set, "3.2.1", on_time="nhiều", settled=D(5))
    assert result.outcome == Outcome.MISSING and result.missing == ["on_time"]


def test_missing_or_unknown_answer(xa_set):
    assert run(xa_set, "1.3.1").outcome == Outcome.MISSING
    assert run(xa_set, "1.3.1", answer="  ").outcome == Outcome.MISSING
    assert run(xa_set, "1.3.1", answer="có lẽ").missing == ["answer"]
    assert run(xa_set, "1.1.1", answer="Ban hành sớm").missing == ["answer"]


# -- yes/no and levels ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "points"),
    [("Có", "0.5"), ("có", "0.5"), ("x", "0.5"), ("Không", "0"), ("không", "0"), ("No", "0")],
)
def test_yes_no(xa_set, answer, points):
    result = run(xa_set, "1.3.1", answer=answer)
    assert (result.outcome, result.points) == (Outcome.SCORED, D(points))


def test_yes_no_with_its_own_points():
    cs = tiny(
        '      - {code: "1.1", title: Có, max: 2, rule: {kind: yes_no, yes: 1.5, no: 0.5}}\n',
        scale="2",
    )
    assert run(cs, "1.1", answer="Có").points == D("1.5")
    assert run(cs, "1.1", answer="Không").points == D("0.5")


@pytest.mark.parametrize(
    ("answer", "points", "level"),
    [
        ("Ban hành đúng hạn", "1", "Ban hành đúng hạn"),
        ("  ban hành   ĐÚNG hạn ", "1", "Ban hành đúng hạn"),
        ("Ban hành chậm", "0.5", "Ban hành chậm"),
        ("Issued late", "0.5", "Ban hành chậm"),  # the English label is accepted too
        ("Không ban hành", "0", "Không ban hành"),
    ],
)
def test_levels_in_percent(xa_set, answer, points, level):
    result = run(xa_set, "1.1.1", answer=answer)
    assert (result.points, result.level) == (D(points), level)


def test_levels_in_points_and_nfd_input(xa_set):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Đầy đủ nhưng có báo cáo chậm")
    assert run(xa_set, "1.2.2", answer=nfd).points == D("0.5")
    assert run(xa_set, "1.2.2", answer="Đầy đủ, đúng hạn").points == 1


def test_levels_percent_of_a_smaller_maximum(xa_set):
    """8.2.3: levels in % of 3 points: 80 % gives 2.4."""
    assert run(xa_set, "8.2.3", answer="Đạt chuẩn nông thôn mới nâng cao").points == D("2.4")


# -- proportional: half up, once ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "points"),
    [
        ("33.25", "0.67"),  # 0.665 -> half up (banker's rounding would give 0.66)
        ("33.249999", "0.66"),
        ("100", "2"),
        ("0", "0"),
        ("150", "2"),  # a share above 100 % cannot give more than the maximum
        ("-5", "0"),
    ],
)
def test_proportional_on_a_declared_percent(xa_set, value, points):
    result = run(xa_set, "7.2.2", online_payment_pct=D(value))
    assert result.points == D(points)


def test_proportional_rounds_once_not_the_ratio_first(xa_set):
    """The percentage is kept exact; only the points are rounded, half up, once."""
    assert run(xa_set, "5.1", right_post=1, civil_servants=6).points == D("0.25")
    # 665/1000 x 1.5 = 0.9975 -> 1.00
    assert run(xa_set, "5.1", right_post=665, civil_servants=1000).points == D("1.00")
    # 2 x 0.3324999 = 0.6649998 -> 0.66; rounding 33.24999 % to 33.25 % first would give 0.67
    assert run(xa_set, "7.2.2", online_payment_pct=D("33.24999")).points == D("0.66")


def test_proportional_places():
    cs = tiny(
        RATIO_NA.replace(
            "zero_denominator: not_applicable", "zero_denominator: zero\n          places: 0"
        )
    )
    assert run(cs, "1.1", a=1, b=2).points == 1  # 0.5 -> 1 half up
    assert run(cs, "1.1", a=49, b=100).points == 0


def test_proportional_by_unit_type(xa_set):
    """7.2.2: phường max 1; 55.555 % -> 0.55555 -> 0.56."""
    assert run(xa_set, "7.2.2", "phuong", online_payment_pct=D("55.555")).points == D("0.56")
    assert run(xa_set, "7.2.2", "thi_tran", online_payment_pct=D("50")).points == D("0.75")


# -- deductions: floor and cap --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("events", "points"), [(0, "1"), (1, "0.75"), (3, "0.25"), (4, "0"), (10, "0"), (-2, "1")]
)
def test_deduction_down_to_the_floor(xa_set, events, points):
    assert run(xa_set, "1.2.1", late_reports=events).points == D(points)


@pytest.mark.parametrize(
    ("events", "points"), [(1, "0.75"), (2, "0.5"), (3, "0.25"), (4, "0.25"), (100, "0.25")]
)
def test_deduction_with_a_cap(xa_set, events, points):
    """3.2.4: 0.25 per case, at most 0.75 taken off a maximum of 1."""
    assert run(xa_set, "3.2.4", repeat_requests=events).points == D(points)


def test_deduction_with_a_floor_above_zero():
    cs = tiny(
        '      - code: "1.1"\n        title: Vi phạm\n        max: 1\n'
        "        figures: [{name: n, label: Số vi phạm}]\n"
        "        rule: {kind: deduction, figure: n, each: 0.25, floor: 0.5}\n"
    )
    assert [run(cs, "1.1", n=n).points for n in (0, 1, 2, 3, 9)] == [
        1,
        D("0.75"),
        D("0.5"),
        D("0.5"),
        D("0.5"),
    ]


# -- per event, bonus and penalty caps ------------------------------------------------------------
def test_per_event_up_to_the_item_maximum(xa_set):
    bonus = {item.code: item for _name, item in xa_set.extras_items()}
    b1 = bonus["B1"]
    points = [
        evaluate(xa_set, b1, Answers(figures={"initiatives": D(n)}), "xa").points
        for n in (0, 1, 2, 5)
    ]
    assert points == [0, 1, 2, 2]
    p3 = bonus["P3"]
    late = evaluate(xa_set, p3, Answers(figures={"days_late": D(3)}), "phuong")
    assert late.points == D("0.75") and late.possible == 1


def test_section_cap():
    assert cap(D("4.5"), D(3)) == 3
    assert cap(D("2.25"), D(3)) == D("2.25")
    assert cap(D(-1), D(3)) == 0


# -- survey and appraiser -------------------------------------------------------------------------
def test_survey_and_appraiser_are_not_self_scored(xa_set):
    for code in ("8.1.1", "1.5"):
        result = run(xa_set, code, answer="Có")
        assert (result.outcome, result.points) == (Outcome.NOT_SELF_SCORED, None)
        assert result.possible == xa_set.node(code).max


def test_survey_points_with_counts(xa_set):
    rule = xa_set.node("8.1.1").rule
    counts = {"A": D(10), "B": D(5), "C": D(5), "D": D(0)}
    assert survey_points(rule, D(4), counts) == D("2.8")  # (1000 + 300 + 100) / 20 = 70 %
    assert survey_points(rule, D(4), {"a": D(1), "d": D(1)}) == 2  # options folded
    assert survey_points(rule, D(4), {"A": D(3), "E": D(50)}) == 4  # unknown options ignored
    assert survey_points(rule, D(4), {}) == 0
    assert survey_points(rule, D(4), {"A": D(0)}) == 0
    third = survey_points(rule, D(4), {"A": D(1), "B": D(1), "D": D(1)})
    assert D("2.1333333") < third < D("2.1333334")


# -- not applicable -------------------------------------------------------------------------------
def test_not_applicable_answer_excludes_by_default(xa_set):
    for answers in ({"na": True}, {"answer": "Không áp dụng"}, {"answer": "KAD"}):
        result = run(xa_set, "2.1.2", **answers)
        assert (result.outcome, result.points, result.possible) == (Outcome.NOT_APPLICABLE, 0, 0)


def test_not_applicable_with_the_criterions_full_points_policy(xa_set):
    """4.1.2 says na_policy: full_points."""
    result = run(xa_set, "4.1.2", na=True)
    assert (result.outcome, result.points, result.possible) == (Outcome.NOT_APPLICABLE, 1, 1)


def test_not_applicable_with_the_sets_full_points_policy():
    cs = tiny(
        '      - {code: "1.1", title: A, max: 1, na_allowed: true, rule: {kind: yes_no}}\n',
        policy="full_points",
    )
    assert run(cs, "1.1", na=True).points == 1
    assert run(cs, "1.1", answer="Không").points == 0


# -- unit types ------------------------------------------------------------------------------------
def test_criterion_for_other_unit_types_is_left_out(xa_set):
    rural = run(xa_set, "8.2.3", "phuong", answer="Đạt chuẩn nông thôn mới")
    assert (rural.outcome, rural.points, rural.possible) == (Outcome.NOT_APPLICABLE, 0, 0)
    urban = run(xa_set, "8.2.4", "thi_tran", answer="Đạt chuẩn đô thị văn minh")
    assert (urban.outcome, urban.points, urban.possible) == (Outcome.SCORED, 3, 3)
    assert run(xa_set, "8.2.4", "xa", answer="Đạt chuẩn đô thị văn minh").possible == 0


def test_applies_to_on_a_parent_covers_its_children():
    cs = tiny(
        '      - code: "1.1"\n        title: Chỉ phường\n        max: 1\n'
        "        applies_to: [phuong]\n        criteria:\n"
        '          - {code: "1.1.1", title: Con, max: 1, rule: {kind: yes_no}}\n'
        '      - {code: "1.2", title: Chỉ xã, max: 1, applies_to: [xa], rule: {kind: yes_no}}\n'
    )
    assert run(cs, "1.1.1", "xa", answer="Có").possible == 0
    assert run(cs, "1.1.1", "phuong", answer="Có").points == 1


# -- overrides ------------------------------------------------------------------------------------
def test_criterion_override_whatever_the_ratio(xa_set):
    result = run(xa_set, "3.2.1", on_time=100, settled=100, lost=1)
    assert (result.outcome, result.points, result.possible) == (Outcome.OVERRIDDEN, 0, 3)
    assert "thất lạc" in result.reason
    assert run(xa_set, "3.2.1", on_time=100, settled=100, lost=0).points == 3
    assert run(xa_set, "3.2.1", on_time=100, settled=100).points == 3  # undeclared: no override


@pytest.mark.parametrize(
    ("head", "collective", "outcome", "points"),
    [
        (True, False, Outcome.OVERRIDDEN, "0"),
        (False, True, Outcome.OVERRIDDEN, "0"),
        ("Có", None, Outcome.OVERRIDDEN, "0"),  # a Có/Không cell read as text
        (False, False, Outcome.SCORED, "1.5"),
        ("Không", None, Outcome.SCORED, "1.5"),
    ],
)
def test_criterion_override_with_any(xa_set, head, collective, outcome, points):
    figures = {"disciplined_staff": D(1), "head_disciplined": head}
    if collective is not None:
        figures["collective_disciplined"] = collective
    result = evaluate(xa_set, xa_set.node("5.4.1"), Answers(figures=figures), "xa")
    assert (result.outcome, result.points) == (outcome, D(points))


ALL_OVERRIDE = """\
      - code: "1.1"
        title: Hai điều kiện
        max: 1
        figures: [{name: a, label: A}, {name: b, label: B, type: yes_no}]
        rule: {kind: deduction, figure: a, each: 0.5}
        overrides:
          - when:
              all:
                - {figure: a, op: ge, value: 2}
                - {figure: b, value: true}
            points: 0.1
            reason: Cả hai
"""


@pytest.mark.parametrize(
    ("a", "b", "points", "outcome"),
    [
        (2, True, "0.1", Outcome.OVERRIDDEN),
        (3, True, "0.1", Outcome.OVERRIDDEN),
        (1, True, "0.5", Outcome.SCORED),
        (2, False, "0", Outcome.SCORED),
    ],
)
def test_criterion_override_with_all(a, b, points, outcome):
    result = run(tiny(ALL_OVERRIDE), "1.1", a=a, b=b)
    assert (result.outcome, result.points) == (outcome, D(points))


def test_unit_override(xa_set):
    disciplined = {"5.4.1": Answers(figures={"head_disciplined": True})}
    (forced,) = unit_overrides(xa_set, disciplined)
    assert forced.force_class == "yeu"
    collective = {
        "5.4.1": Answers(figures={"head_disciplined": False, "collective_disciplined": "Có"})
    }
    assert len(unit_overrides(xa_set, collective)) == 1
    assert unit_overrides(xa_set, {"5.4.1": Answers(figures={"head_disciplined": False})}) == []
    assert unit_overrides(xa_set, {}) == []
    assert unit_overrides(xa_set, {"3.2.1": Answers(figures={"head_disciplined": True})}) == []


# -- conditions -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("op", "value", "actual", "expected"),
    [
        ("lt", 5, "4", True),
        ("lt", 5, "5", False),
        ("le", 5, "5", True),
        ("gt", 5, "5", False),
        ("gt", 5, "5.01", True),
        ("ge", 5, "5", True),
        ("eq", 5, "5.0", True),
        ("ne", 5, "5", False),
        ("ne", 5, "6", True),
        ("in", [1, 2], "2", True),
        ("in", [1, 2], "3", False),
    ],
)
def test_condition_operators(op, value, actual, expected):
    from par_index.criteria.model import Condition

    cond = Condition.model_validate({"figure": "n", "op": op, "value": value})
    assert holds(cond, {"n": D(actual)}) is expected
    assert holds(cond, {}) is False  # an undeclared figure never satisfies a comparison


def test_condition_on_the_answer_text():
    from par_index.criteria.model import Condition

    cond = Condition.model_validate({"figure": "answer", "value": "Đạt chuẩn"})
    assert holds(cond, {}, "  đạt CHUẨN ")
    assert not holds(cond, {}, "Chưa đạt")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Có", "yes"),
        ("CÓ", "yes"),
        ("Yes", "yes"),
        ("Không", "no"),
        ("không đạt", "no"),
        ("Không áp dụng", "na"),
        ("N/A", "na"),
        ("", None),
        (None, None),
        ("Cô", None),
    ],
)
def test_answer_kind(text, kind):
    assert answer_kind(text) == kind


# -- remembered evaluations: shared between equal answers, never between different ones --------
def test_equal_answers_share_one_evaluation_and_exact_values_are_told_apart(xa_set):
    criterion = xa_set.node("3.2.1")
    figures = {"on_time": D("19"), "settled": D("20"), "lost": D("0")}
    memo = Memo()
    first = evaluated(xa_set, criterion, "xa", None, False, figures, memo)
    again = evaluated(xa_set, criterion, "xa", None, False, dict(figures), memo)
    assert again is first
    assert first == run(xa_set, "3.2.1", on_time=19, settled=20, lost=0)
    on_time = {**figures, "on_time": D("19.0")}
    other_form = evaluated(xa_set, criterion, "xa", None, False, on_time, memo)
    assert other_form is not first and other_form == first  # same points, its own evaluation
    assert evaluated(xa_set, criterion, "xa", None, True, figures, memo).outcome != first.outcome
    late = {**figures, "on_time": D("18")}
    assert evaluated(xa_set, criterion, "xa", None, False, late, memo) != first
    yes_no = next(c for c in xa_set.leaves() if getattr(c.rule, "kind", None) == "yes_no")
    assert evaluated(xa_set, yes_no, "xa", "Có", False, {}).points == xa_set.max_for(yes_no, "xa")
    assert evaluated(xa_set, yes_no, "xa", "Không", False, {}).points == 0


def test_without_a_memo_nothing_is_remembered(xa_set):
    """A library call that passes no memo computes afresh: no module-level state."""
    criterion = xa_set.node("3.2.1")
    figures = {"on_time": D("19"), "settled": D("20"), "lost": D("0")}
    first = evaluated(xa_set, criterion, "xa", None, False, figures)
    assert evaluated(xa_set, criterion, "xa", None, False, figures) is not first


def test_a_memo_keeps_its_tables_within_the_limit():
    memo = Memo(limit=3)
    for i in range(10):
        memo.get("t", i, lambda i=i: i * i)
    assert memo.sizes() == {"t": 2} or memo.sizes()["t"] <= 3
    assert memo.get("t", 9, lambda: -1) == 81
