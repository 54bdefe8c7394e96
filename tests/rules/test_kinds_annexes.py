"""The rule kinds real annexes use, on their own: evaluation edges, the words officers read, and
``criteria check`` refusing a figure whose scale does not fit its rule (file:line). Scoring them
across units is tests/scoring/test_district_kinds.py."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from par_index.criteria import check_criteria
from par_index.rules import Outcome, method_text
from tests.rules.test_rules_engine import TINY, run, tiny


def test_proportional_to_a_target():
    cs = tiny("""\
      - code: "1.1"
        title: Một
        max: 3
        figures: [{name: p, label: Tỷ lệ giải ngân, type: percent}]
        rule: {kind: proportional, figure: p, target: 80}
""", scale="3")  # fmt: skip
    assert run(cs, "1.1", p=60).points == D("2.25")  # 60 ÷ 80 × 3
    assert run(cs, "1.1", p=80).points == D(3)
    assert run(cs, "1.1", p=95).points == D(3)  # full points from the target up
    assert run(cs, "1.1", p="79.99").points == D("3.00")  # 2.999625, half up to 2 places
    text = method_text(cs.node("1.1"), D(3))
    assert text.vi == ("Tỷ lệ từ 80 % trở lên: 3 điểm; dưới 80 %: Điểm = tỷ lệ (%) ÷ 80 × 3.")
    assert text.en == "80 % or more: 3 points; below 80 %: points = percentage ÷ 80 × 3."


SHARE = """\
      - code: "1.1"
        title: Một
        max: 2
        max_by_type: {phuong: 1.5}
        figures: [{name: n, label: Số báo cáo chậm}]
        rule: {kind: share_deduction, figure: n, each: 25, cap: 50, floor: 0}
      - code: "1.2"
        title: Hai
        max: 0.5
        applies_to: [phuong]
        rule: {kind: yes_no}
"""


@pytest.mark.parametrize(
    ("unit_type", "late", "points"),
    [("xa", 0, "2"), ("xa", 1, "1.5"), ("xa", 2, "1"), ("xa", 9, "1"),
     ("phuong", 1, "1.125"), ("phuong", 3, "0.75")],
)  # fmt: skip
def test_share_of_the_maximum_follows_the_unit_types_maximum(unit_type, late, points):
    cs = tiny(SHARE, scale="2")
    assert run(cs, "1.1", unit_type, n=late).points == D(points)


def test_share_deduction_words_name_the_share_and_the_points():
    cs = tiny(SHARE, scale="2")
    text = method_text(cs.node("1.1"), D("1.5"))
    assert text.vi == (
        "Mỗi trường hợp trừ 25 % số điểm tối đa (0,375 điểm), trừ tối đa 50 % (0,75 điểm);"
        " thấp nhất 0 điểm."
    )


SCALED = """\
      - code: "1.1"
        title: Một
        max: 2
        figures: [{name: dti, label: Chỉ số DTI, type: score, max: 10}]
        rule: {kind: scaled, figure: dti}
      - code: "1.2"
        title: Hai
        max: 2
        figures: [{name: online, label: Số dịch vụ trực tuyến}]
        rule: {kind: scaled, figure: online, divide_by: 10, places: 1}
"""


def test_a_figure_on_its_own_scale_or_divided_by_a_constant():
    cs = tiny(SCALED, scale="4")
    assert run(cs, "1.1", dti="7.98").points == D("1.60")  # 7.98 ÷ 10 × 2 = 1.596
    assert run(cs, "1.1", dti=10).points == D(2)
    assert run(cs, "1.1").outcome == Outcome.MISSING
    assert run(cs, "1.2", online=14).points == D("1.4")
    assert run(cs, "1.2", online=35).points == D(2)  # never above the maximum
    assert method_text(cs.node("1.1"), D(2)).vi == "Điểm = (Chỉ số DTI) ÷ 10 × 2."
    assert method_text(cs.node("1.2"), D(2)).vi == "Điểm = (Số dịch vụ trực tuyến) ÷ 10, tối đa 2."


def test_best_in_group_is_pending_alone_with_its_value():
    cs = tiny("""\
      - code: "1.1"
        title: Một
        max: 2
        figures: [{name: n, label: Số TTHC cắt giảm}]
        rule: {kind: best_in_group, figure: n, within: unit_type}
""", scale="2")  # fmt: skip
    result = run(cs, "1.1", n=7)
    assert (result.outcome, result.points, result.value) == (Outcome.PENDING, None, D(7))
    assert run(cs, "1.1").outcome == Outcome.MISSING
    assert method_text(cs.node("1.1"), D(2)).vi == (
        "Điểm = (Số TTHC cắt giảm) ÷ giá trị cao nhất trong các đơn vị cùng loại × 2."
    )


CONDITIONS = """\
      - code: "1.1"
        title: Một
        max: 1
        figures:
          - {name: on_time, label: Kịp thời, type: yes_no}
          - {name: funded, label: Có kinh phí, type: yes_no}
        rule:
          kind: conditions
          cases:
            - when: {all: [{figure: on_time, value: true}, {figure: funded, value: true}]}
              points: 1
              label: Kịp thời và có kinh phí
            - {when: {figure: on_time, value: true}, percent: 50}
          otherwise: 0
"""


@pytest.mark.parametrize(
    ("on_time", "funded", "points", "level"),
    [(True, True, "1", "Kịp thời và có kinh phí"), (True, False, "0.5", None),
     (False, True, "0", None), (False, False, "0", None)],
)  # fmt: skip
def test_a_condition_over_several_figures(on_time, funded, points, level):
    cs = tiny(CONDITIONS)
    result = run(cs, "1.1", on_time=on_time, funded=funded)
    assert (result.points, result.level) == (D(points), level)


def test_conditions_need_every_figure_they_test():
    result = run(tiny(CONDITIONS), "1.1", on_time=True)
    assert (result.outcome, result.missing) == (Outcome.MISSING, ["funded"])
    text = method_text(tiny(CONDITIONS).node("1.1"), D(1))
    assert text.vi == "Kịp thời và có kinh phí: 1 điểm; Trường hợp 2: 0,5 điểm; Còn lại: 0 điểm."


# -- criteria check: a figure's scale must fit the rule that reads it ---------------------------
def _problems(tmp_path: Path, criteria: str) -> list[str]:
    text = TINY.format(criteria=criteria, scale="2", policy="exclude")
    path = tmp_path / "bo.yaml"
    path.write_text(text, encoding="utf-8")
    return [p.render() for p in check_criteria(path)[1]]


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    ("figure", "rule", "needle", "code"),
    [
        ("{name: x, label: Chỉ số, type: score, max: 10}", "{kind: proportional, figure: x}",
         "rule:", "criteria.figure-scale"),
        ("{name: x, label: Số lần}", "{kind: thresholds, figure: x, bands: [{points: 2}]}",
         "rule:", "criteria.figure-scale"),
        ("{name: x, label: Tỷ lệ, type: percent}", "{kind: deduction, figure: x, each: 1}",
         "rule:", "criteria.figure-scale"),
        ("{name: x, label: Có, type: yes_no}", "{kind: best_in_group, figure: x}",
         "rule:", "criteria.figure-scale"),
        ("{name: x, label: Chỉ số, type: score}", "{kind: scaled, figure: x}",
         "figures:", "criteria.score-needs-max"),
        ("{name: x, label: Chỉ số, type: score, max: 10}", "{kind: scaled, figure: x, out_of: 100}",
         "rule:", "criteria.scale-mismatch"),
        ("{name: x, label: Số}", "{kind: scaled, figure: x}", "rule:", "criteria.scale-unknown"),
        ("{name: x, label: Tỷ lệ, type: percent}", "{kind: proportional, figure: x, target: 120}",
         "rule:", "criteria.percent-range"),
        ("{name: x, label: Số}", "{kind: share_deduction, figure: x, each: 150}",
         "rule:", "criteria.percent-range"),
    ],
)  # fmt: skip
def test_criteria_check_refuses_a_figure_that_does_not_fit_its_rule(
    tmp_path, figure, rule, needle, code
):
    criteria = f"""\
      - code: "1.1"
        title: Một
        max: 2
        figures: [{figure}]
        rule: {rule}
"""
    found = _problems(tmp_path, criteria)
    text = TINY.format(criteria=criteria, scale="2", policy="exclude")
    assert len(found) == 1, found
    assert found[0].startswith(f"{tmp_path / 'bo.yaml'}:{_line(text, needle)}: [1.1]")
    assert found[0].endswith(f"({code})")


def test_the_scale_message_says_what_to_do(tmp_path):
    criteria = """\
      - code: "1.1"
        title: Một
        max: 2
        figures: [{name: x, label: Chỉ số, type: score, max: 10}]
        rule: {kind: proportional, figure: x}
"""
    (problem,) = _problems(tmp_path, criteria)
    assert "đọc số liệu 'x' như một tỷ lệ %, nhưng số liệu khai báo loại 'score'" in problem
    assert "kind: scaled" in problem


def test_a_case_testing_an_undeclared_figure_is_refused(tmp_path):
    criteria = """\
      - code: "1.1"
        title: Một
        max: 2
        rule: {kind: conditions, cases: [{when: {figure: ghost, value: true}, points: 3}]}
"""
    found = _problems(tmp_path, criteria)
    assert any("(criteria.figure-undeclared)" in p for p in found)
    assert any("(criteria.points-over-max)" in p for p in found)  # 3 of at most 2
