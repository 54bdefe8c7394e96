"""Each rule kind on its own: the registry, the scores it allows, what a score cell accepts and
the method text officers read. Evaluation edges are in test_rules_engine.py; that every score
the engine gives is one the kind allows is a property in test_rules_properties.py."""

from __future__ import annotations

from decimal import Decimal as D
from typing import get_args

import pytest

from par_index.criteria.model import Criterion, Rule
from par_index.rules import (
    KINDS,
    MAX_STEPS,
    ScoreCell,
    allowed_scores,
    kind_of,
    method_text,
    score_cell,
)
from par_index.yamlsrc import parse_yaml
from tests.rules.test_rules_engine import tiny


def _one(cs) -> Criterion:
    return cs.node("1.1")


def _allowed(rule: str, *, most: str = "1", extra: str = "", policy: str = "exclude"):
    """allowed_scores of one criterion "1.1" worth ``most`` with the given rule (YAML flow)."""
    figures = (
        "figures: [{name: n, label: Số}, {name: d, label: Tổng},"
        " {name: p, label: Tỷ lệ, type: percent}, {name: s, label: Chỉ số, type: score, max: 10}]"
    )
    crit = f"""\
      - code: "1.1"
        title: Một
        max: {most}
        {figures}
        rule: {rule}
{extra}"""
    cs = tiny(crit, scale=most, policy=policy)
    allowed = allowed_scores(cs, _one(cs), D(most))
    return None if allowed is None else [format(v.normalize(), "f") for v in allowed]


# -- the registry -------------------------------------------------------------------------------
def test_every_rule_model_has_exactly_one_kind():
    models = get_args(get_args(Rule)[0])
    assert set(KINDS) == set(models)
    for model, kind in KINDS.items():
        assert kind.model is model
        assert get_args(model.model_fields["kind"].annotation) == (kind.name,)


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=lambda k: k.name)
def test_each_kinds_example_is_a_valid_criterion_of_that_kind(kind):
    criterion = Criterion.model_validate(parse_yaml(kind.example, "example.yaml").data)
    assert kind_of(criterion.rule) is kind


# -- the scores each kind allows ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rule", "most", "allowed"),
    [
        ("{kind: yes_no}", "1", ["0", "1"]),
        ("{kind: yes_no, yes: 0.5}", "1", ["0", "0.5"]),  # the maximum is not reachable
        ("{kind: yes_no, yes: 1.5, no: 0.5}", "1.5", ["0", "0.5", "1.5"]),
        (
            "{kind: levels, levels: [{label: A, percent: 100}, {label: B, percent: 30}]}",
            "2",
            ["0", "0.6", "2"],
        ),
        (
            "{kind: levels, levels: [{label: A, points: 0.75}, {label: B, points: 0.25}]}",
            "1",
            ["0", "0.25", "0.75"],
        ),
        ("{kind: proportional, figure: p}", "1", None),
        ("{kind: proportional, figure: p, target: 80}", "1", None),
        ("{kind: share_deduction, figure: n, each: 25}", "2", ["0", "0.5", "1", "1.5", "2"]),
        ("{kind: share_deduction, figure: n, each: 25, cap: 50}", "2", ["0", "1", "1.5", "2"]),
        (
            "{kind: share_deduction, figure: n, each: 40, floor: 10}",
            "1",
            ["0", "0.1", "0.2", "0.6", "1"],
        ),
        ("{kind: scaled, figure: s}", "2", None),
        ("{kind: best_in_group, figure: n}", "2", None),
        (
            "{kind: conditions, cases: [{when: {figure: n, op: ge, value: 2}, points: 1},"
            " {when: {figure: n, value: 1}, percent: 25}], otherwise: 0.1}",
            "1",
            ["0", "0.1", "0.25", "1"],
        ),
        ("{kind: deduction, figure: n, each: 0.25}", "1", ["0", "0.25", "0.5", "0.75", "1"]),
        ("{kind: deduction, figure: n, each: 0.25, cap: 0.5}", "1", ["0", "0.5", "0.75", "1"]),
        ("{kind: deduction, figure: n, each: 0.5, floor: 0.25}", "1", ["0", "0.25", "0.5", "1"]),
        ("{kind: deduction, figure: n, each: 0.3}", "1", ["0", "0.1", "0.4", "0.7", "1"]),
        ("{kind: per_event, figure: n, each: 0.5}", "2", ["0", "0.5", "1", "1.5", "2"]),
        ("{kind: per_event, figure: n, each: 0.3}", "1", ["0", "0.3", "0.6", "0.9", "1"]),
        ("{kind: appraiser}", "1", None),
    ],
)
def test_allowed_scores_per_kind(rule, most, allowed):
    assert _allowed(rule, most=most) == allowed


def test_survey_scores_are_a_share_of_the_answers(mini_set):
    assert allowed_scores(mini_set, mini_set.node("2.3"), D(2)) is None


BANDS = "bands: [{min: 90, points: 0.5}, {max: 90, points: 0}]"


@pytest.mark.parametrize(
    ("zero", "policy", "allowed"),
    [
        ("full", "exclude", ["0", "0.5", "1"]),  # no dossier: full points
        ("zero", "exclude", ["0", "0.5"]),
        ("not_applicable", "exclude", ["0", "0.5"]),  # leaves the maximum: 0 of 0
        ("not_applicable", "full_points", ["0", "0.5", "1"]),
    ],
)
def test_thresholds_reach_the_maximum_only_where_the_rule_can(zero, policy, allowed):
    ratio = "ratio: {numerator: n, denominator: d}"
    rule = f"{{kind: thresholds, {ratio}, zero_denominator: {zero}, {BANDS}}}"
    assert _allowed(rule, policy=policy) == allowed


def test_thresholds_on_a_declared_percent_have_no_zero_denominator():
    assert _allowed(f"{{kind: thresholds, figure: p, {BANDS}}}") == ["0", "0.5"]


@pytest.mark.parametrize("kind", ["per_event", "deduction"])
def test_more_than_max_steps_values_accept_any_value(kind):
    rule = f"{{kind: {kind}, figure: n, each: 1}}"
    assert len(_allowed(rule, most=str(MAX_STEPS - 1))) == MAX_STEPS  # 0, 1, ..., 199
    assert _allowed(rule, most=str(MAX_STEPS)) is None  # 201 values
    assert _allowed(f"{{kind: {kind}, figure: n, each: 0.0001}}") is None  # never enumerated


def test_a_count_rule_on_a_number_figure_accepts_any_value():
    crit = """\
      - code: "1.1"
        title: Một
        max: 1
        figures: [{name: n, label: Số, type: number}]
        rule: {kind: per_event, figure: n, each: 0.5}
"""
    cs = tiny(crit)
    assert allowed_scores(cs, _one(cs), D(1)) is None  # 0.7 events x 0.5 = 0.35


# -- what every kind shares: 0, overrides, not applicable, clamping ----------------------------
OVERRIDES = """\
        overrides:
          - {when: {figure: n, op: ge, value: 9}, points: 0.4, reason: Một}
          - {when: {figure: n, op: ge, value: 99}, points: 7, reason: Hai}
"""


def test_overrides_are_allowed_and_clamped():
    assert _allowed("{kind: yes_no}", extra=OVERRIDES) == ["0", "0.4", "1"]


@pytest.mark.parametrize(
    ("na_allowed", "policy", "allowed"),
    [
        (True, "full_points", ["0", "0.5", "1"]),
        (True, "exclude", ["0", "0.5"]),
        (False, "full_points", ["0", "0.5"]),
    ],
)
def test_not_applicable_with_full_points_allows_the_maximum(na_allowed, policy, allowed):
    rule = "{kind: yes_no, yes: 0.5}"
    extra = "        na_allowed: true\n" if na_allowed else ""
    assert _allowed(rule, extra=extra, policy=policy) == allowed


def test_score_cell_lists_or_ranges():
    cs = tiny("""\
      - code: "1.1"
        title: Một
        max: 1
        rule: {kind: levels, levels: [{label: A, percent: 100}, {label: B, percent: 50}]}
""")
    cell = score_cell(cs, _one(cs), D(1))
    assert cell == ScoreCell(values=(D(0), D("0.5"), D(1)), maximum=D(1))
    assert [cell.accepts(D(v)) for v in ("0", "0.5", "0.50", "0.6", "1", "-0.5")] == [
        True, True, True, False, True, False
    ]  # fmt: skip
    anything = ScoreCell(values=None, maximum=D(2))
    assert anything.accepts(D("1.37")) and not anything.accepts(D("2.01"))


# -- the words officers read -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("1.1", "Có: 1 điểm; Không: 0 điểm.", "Yes: 1 point; No: 0 points."),
        (
            "1.2",
            "Đúng hạn: 1 điểm; Trễ hạn: 0,5 điểm; Không báo cáo: 0 điểm.",
            "Đúng hạn: 1 point; Trễ hạn: 0.5 points; Không báo cáo: 0 points.",
        ),
        (
            "1.3",
            "Tỷ lệ = (Số hồ sơ đúng hạn) / (Số hồ sơ tiếp nhận) × 100 %. ≥ 100 %: 2 điểm; "
            "≥ 95 % và < 100 %: 1,5 điểm; ≥ 90 % và < 95 %: 1 điểm; < 90 %: 0 điểm.",
            "Ratio = (Số hồ sơ đúng hạn) / (Số hồ sơ tiếp nhận) × 100 %. ≥ 100 %: 2 points; "
            "≥ 95 % and < 100 %: 1.5 points; ≥ 90 % and < 95 %: 1 point; < 90 %: 0 points.",
        ),
        ("2.1", "Điểm = tỷ lệ (%) × 1 / 100.", "Points = percentage × 1 / 100."),
        (
            "2.2",
            "Mỗi trường hợp trừ 0,25 điểm; thấp nhất 0 điểm.",
            "Each case takes 0.25 points off; never below 0 points.",
        ),
        (
            "2.3",
            "Điểm lấy từ kết quả điều tra xã hội học.",
            "Points come from the sociological survey.",
        ),
        ("2.4", "Hội đồng thẩm định chấm.", "Scored by the appraisal council."),
        ("B1", "Mỗi trường hợp 0,5 điểm, tối đa 2 điểm.", "0.5 points per case, at most 2 points."),
    ],
)
def test_method_text_per_kind(mini_set, code, vi, en):
    items = [*mini_set.leaves(), *(item for _section, item in mini_set.extras_items())]
    node = next(item for item in items if item.code == code)
    assert (method_text(node, node.max).vi, method_text(node, node.max).en) == (vi, en)


def test_method_text_with_a_cap_and_a_floor():
    crit = """\
      - code: "1.1"
        title: Một
        max: 2
        figures: [{name: n, label: Số}]
        rule: {kind: deduction, figure: n, each: 0.5, cap: 1.5, floor: 0.25}
"""
    cs = tiny(crit, scale="2")
    text = method_text(_one(cs), D(2))
    assert text.vi == "Mỗi trường hợp trừ 0,5 điểm, trừ tối đa 1,5 điểm; thấp nhất 0,25 điểm."
    assert (
        text.en
        == "Each case takes 0.5 points off, at most 1.5 points in all; never below 0.25 points."
    )


def test_the_sets_own_method_text_wins(xa_set):
    node = next(n for n in xa_set.leaves() if n.method is not None)
    assert method_text(node, node.max) == node.method


def test_levels_and_ratios_use_their_english_labels():
    crit = """\
      - code: "1.1"
        title: Một
        max: 1
        figures: [{name: n, label: {vi: Số, en: Done}}, {name: d, label: {vi: Tổng, en: All}}]
        rule: {kind: proportional, ratio: {numerator: n, denominator: d}, zero_denominator: zero}
      - code: "1.2"
        title: Hai
        max: 1
        rule: {kind: levels, levels: [{label: {vi: Đủ, en: Complete}, percent: 100}]}
"""
    cs = tiny(crit, scale="2")
    ratio = method_text(cs.node("1.1"), D(1))
    assert ratio.en == "Ratio = (Done) / (All) × 100 %. Points = percentage × 1 / 100."
    assert ratio.vi == "Tỷ lệ = (Số) / (Tổng) × 100 %. Điểm = tỷ lệ (%) × 1 / 100."
    assert method_text(cs.node("1.2"), D(1)).en == "Complete: 1 point."
