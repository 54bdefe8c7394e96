"""Broken criteria files, written inline: each gives the intended problem at the right line.

Every test writes a whole small set. The line a problem must point at carries the comment
``#<``; ``expect`` finds that line, so the tests read like the files an author writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from par_index.criteria import check_criteria, load_criteria
from par_index.criteria.problems import Problem
from par_index.errors import CriteriaError

HEAD = """\
id: thu
title: Bộ thử
documents: [{number: "1/QĐ-UBND", issuer: UBND tỉnh Thử}]
version: "1"
unit_types: [{id: xa, label: Xã}]
scale: 3
classification:
  bands:
    - {id: tot, label: Tốt, min: 80}
    - {id: yeu, label: Yếu, min: 0}
"""

GOOD_AREAS = """\
areas:
  - code: "1"
    title: Chỉ đạo điều hành
    max: 3
    criteria:
      - code: "1.1"
        title: Kế hoạch
        max: 1
        rule: {kind: yes_no}
      - code: "1.2"
        title: Hồ sơ đúng hạn
        max: 2
        figures:
          - {name: received, label: Số hồ sơ tiếp nhận}
          - {name: on_time, label: Số hồ sơ đúng hạn}
        rule:
          kind: thresholds
          ratio: {numerator: on_time, denominator: received}
          zero_denominator: full
          bands:
            - {min: 100, points: 2}
            - {min: 95, max: 100, points: 1}
            - {max: 95, points: 0}
"""


def check(tmp_path: Path, text: str) -> tuple[list[Problem], str]:
    """Write the YAML and check it; return the problems and the text (to find markers)."""
    path = tmp_path / "bo-thu.yaml"
    path.write_text(text, encoding="utf-8")
    cs, problems = check_criteria(path)
    assert (cs is None) == bool(problems)
    return problems, text


def marked_line(text: str, marker: str = "#<") -> int:
    """1-based line of the only line carrying the marker."""
    lines = [i for i, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(lines) == 1, f"marker {marker!r} must be on exactly one line"
    return lines[0]


def expect(result: tuple[list[Problem], str], code: str, criterion: str | None) -> Problem:
    """Exactly one problem, with this code, at the marked line, for this criterion."""
    problems, text = result
    assert [p.id for p in problems] == [code], [p.render() for p in problems]
    problem = problems[0]
    assert problem.line == marked_line(text), problem.render()
    assert problem.code == criterion
    assert problem.file.endswith("bo-thu.yaml")
    return problem


def test_the_base_file_is_valid(tmp_path):
    problems, _ = check(tmp_path, HEAD + GOOD_AREAS)
    assert problems == []


def test_unknown_key_names_the_key_and_suggests_the_intended_one(tmp_path):
    text = HEAD + GOOD_AREAS.replace(
        "        title: Kế hoạch\n        max: 1\n", "        title: Kế hoạch\n        mx: 1 #<\n"
    )
    problems, _ = check(tmp_path, text)
    unknown = [p for p in problems if p.id == "def.unknown-key"]
    assert len(unknown) == 1
    assert unknown[0].line == marked_line(text)
    assert unknown[0].code == "1.1"
    assert "'mx'" in unknown[0].render("vi") and "'max'" in unknown[0].render("vi")
    assert "did you mean 'max'" in unknown[0].render("en")
    # the misspelt key also leaves 'max' missing, reported on the criterion's first line
    missing = [p for p in problems if p.id == "def.missing-key"]
    assert [(p.fields["key"], p.code) for p in missing] == [("max", "1.1")]


def test_text_with_a_comma_in_a_flow_mapping_gets_a_quoting_hint(tmp_path):
    text = HEAD + GOOD_AREAS.replace(
        "{name: on_time, label: Số hồ sơ đúng hạn}",
        "{name: on_time, label: Số hồ sơ đúng hạn, đủ điều kiện} #<",
    )
    problem = expect(check(tmp_path, text), "def.unknown-key", "1.2")
    assert problem.fields["key"] == "đủ điều kiện"
    assert "ngoặc kép" in problem.render("vi")
    assert "double quotes" in problem.render("en")


def test_missing_key(tmp_path):
    text = HEAD + GOOD_AREAS.replace(
        '      - code: "1.1"\n        title: Kế hoạch\n', '      - code: "1.1" #<\n'
    )
    problem = expect(check(tmp_path, text), "def.missing-key", "1.1")
    assert problem.fields["key"] == "title"


def test_children_sum_differs_from_parent(tmp_path):
    text = HEAD.replace("scale: 3", "scale: 4") + GOOD_AREAS.replace(
        '  - code: "1"\n    title: Chỉ đạo điều hành\n    max: 3\n',
        '  - code: "1"\n    title: Chỉ đạo điều hành\n    max: 4 #<\n',
    )
    problem = expect(check(tmp_path, text), "criteria.children-sum", "1")
    assert (problem.fields["total"], problem.fields["max"]) == (3, 4)


def test_areas_differ_from_scale_once_even_with_several_unit_types(tmp_path):
    head = HEAD.replace(
        "unit_types: [{id: xa, label: Xã}]",
        "unit_types: [{id: xa, label: Xã}, {id: phuong, label: Phường}, {id: tt, label: TT}]",
    )
    text = head.replace("scale: 3", "scale: 10") + GOOD_AREAS.replace("areas:", "areas: #<")
    problem = expect(check(tmp_path, text), "criteria.scale-sum", None)
    assert (problem.fields["total"], problem.fields["scale"]) == (3, 10)
    assert "loại đơn vị" not in problem.render("vi")  # same for every type: no type named


def test_children_sum_differs_for_one_unit_type_only_names_that_type(tmp_path):
    head = HEAD.replace(
        "unit_types: [{id: xa, label: Xã}]",
        "unit_types: [{id: xa, label: Xã}, {id: phuong, label: Phường}]",
    )
    areas = GOOD_AREAS.replace(
        "        title: Kế hoạch\n        max: 1\n",
        "        title: Kế hoạch\n        max: 1\n        max_by_type: {phuong: 1.5}\n",
    ).replace(
        '  - code: "1"\n    title: Chỉ đạo điều hành\n    max: 3\n',
        '  - code: "1"\n    title: Chỉ đạo điều hành\n    max: 3 #<\n',
    )
    problems, text = check(tmp_path, head + areas)
    sums = [p for p in problems if p.id == "criteria.children-sum"]
    assert len(sums) == 1 and sums[0].line == marked_line(text) and sums[0].code == "1"
    assert "phuong" in sums[0].render("vi") and "unit type phuong" in sums[0].render("en")
    assert (sums[0].fields["total"], sums[0].fields["max"]) == (3.5, 3)
    assert len(problems) == 1  # the area keeps its own maximum: the scale still adds up


def test_duplicate_code(tmp_path):
    text = HEAD + GOOD_AREAS.replace('      - code: "1.2"', '      - code: "1.1" #<')
    problems, _ = check(tmp_path, text)
    dup = [p for p in problems if p.id == "criteria.duplicate-code"]
    assert len(dup) == 1 and dup[0].line == marked_line(text) and dup[0].code == "1.1"
    first = text.splitlines().index('      - code: "1.1"') + 1
    assert dup[0].fields["first_line"] == first
    assert f"dòng {first}" in dup[0].render("vi")


def test_code_out_of_order(tmp_path):
    text = HEAD + GOOD_AREAS.replace('      - code: "1.2"', '      - code: "1.3" #<')
    problem = expect(check(tmp_path, text), "criteria.code-order", "1.3")
    assert problem.fields["expected"] == "1.2"


def test_threshold_bands_overlapping(tmp_path):
    text = HEAD + GOOD_AREAS.replace("          bands:\n", "          bands: #<\n").replace(
        "{min: 95, max: 100, points: 1}", "{min: 95, max: 100, max_inclusive: true, points: 1}"
    )
    problem = expect(check(tmp_path, text), "criteria.band-gap", "1.2")
    assert problem.fields["edge"] == "100"


def test_threshold_bands_with_a_gap(tmp_path):
    text = HEAD + GOOD_AREAS.replace("          bands:\n", "          bands: #<\n").replace(
        "{max: 95, points: 0}", "{max: 90, points: 0}"
    )
    problem = expect(check(tmp_path, text), "criteria.band-gap", "1.2")
    assert problem.fields["edge"] == "90 / 95"


def test_lowest_band_may_start_at_zero_but_not_above(tmp_path):
    from_zero = GOOD_AREAS.replace("{max: 95, points: 0}", "{min: 0, max: 95, points: 0}")
    assert check(tmp_path, HEAD + from_zero)[0] == []
    text = HEAD + GOOD_AREAS.replace("          bands:\n", "          bands: #<\n").replace(
        "{max: 95, points: 0}", "{min: 5, max: 95, points: 0}"
    )
    assert expect(check(tmp_path, text), "criteria.band-gap", "1.2").fields["edge"] == "< 5"


def test_level_points_over_max(tmp_path):
    areas = GOOD_AREAS.replace(
        "        rule: {kind: yes_no}\n",
        "        rule:\n          kind: levels\n          levels:\n"
        "            - {label: Đúng hạn, points: 1.5} #<\n"
        "            - {label: Trễ hạn, percent: 50}\n",
    )
    problem = expect(check(tmp_path, HEAD + areas), "criteria.points-over-max", "1.1")
    assert (problem.fields["points"], problem.fields["max"]) == (1.5, 1)


def test_level_percent_over_100(tmp_path):
    areas = GOOD_AREAS.replace(
        "        rule: {kind: yes_no}\n",
        "        rule:\n          kind: levels\n          levels:\n"
        "            - {label: Đúng hạn, percent: 120} #<\n",
    )
    expect(check(tmp_path, HEAD + areas), "criteria.points-over-max", "1.1")


def test_figure_used_but_undeclared(tmp_path):
    text = HEAD + GOOD_AREAS.replace(
        "ratio: {numerator: on_time, denominator: received}",
        "ratio: #<\n            numerator: on_tme\n            denominator: received",
    ).replace("numerator: on_tme", "numerator: on_tme #<").replace("ratio: #<", "ratio:")
    problem = expect(check(tmp_path, text), "criteria.figure-undeclared", "1.2")
    assert problem.fields["figure"] == "on_tme"


def test_figure_in_a_check_must_be_declared(tmp_path):
    text = HEAD + GOOD_AREAS.replace(
        "        rule:\n          kind: thresholds",
        "        checks:\n          - {kind: le, left: on_time, right: recieved} #<\n"
        "        rule:\n          kind: thresholds",
    )
    assert expect(check(tmp_path, text), "criteria.figure-undeclared", "1.2").fields == {
        "figure": "recieved"
    }


def test_unknown_unit_type(tmp_path):
    text = HEAD + GOOD_AREAS.replace(
        "        title: Kế hoạch\n",
        "        title: Kế hoạch\n        applies_to:\n          - phường #<\n",
    )
    problem = expect(check(tmp_path, text), "criteria.unknown-unit-type", "1.1")
    assert problem.fields == {"unit_type": "phường", "known": "xa"}


def test_leaf_without_rule(tmp_path):
    text = HEAD + GOOD_AREAS.replace('      - code: "1.1"\n', '      - code: "1.1" #<\n').replace(
        "        rule: {kind: yes_no}\n", ""
    )
    expect(check(tmp_path, text), "criteria.leaf-without-rule", "1.1")


def test_parent_with_rule(tmp_path):
    text = HEAD + GOOD_AREAS.replace(
        '      - code: "1.2"\n        title: Hồ sơ đúng hạn\n        max: 2\n',
        '      - code: "1.2"\n        title: Hồ sơ đúng hạn\n        max: 2\n'
        "        criteria:\n"
        '          - {code: "1.2.1", title: Con, max: 2, rule: {kind: yes_no}}\n',
    ).replace(
        "        rule:\n          kind: thresholds", "        rule: #<\n          kind: thresholds"
    )
    expect(check(tmp_path, text), "criteria.parent-with-rule", "1.2")


def test_ratio_rule_without_zero_denominator(tmp_path):
    text = HEAD + GOOD_AREAS.replace("          zero_denominator: full\n", "").replace(
        "        rule:\n          kind: thresholds", "        rule: #<\n          kind: thresholds"
    )
    expect(check(tmp_path, text), "criteria.zero-denominator", "1.2")


def test_survey_share_mismatch(tmp_path):
    head = HEAD.replace("scale: 3\n", "scale: 3\nsurvey_share: 2 #<\n")
    areas = GOOD_AREAS.replace("rule: {kind: yes_no}", "rule: {kind: survey, options: {A: 100}}")
    problem = expect(check(tmp_path, head + areas), "criteria.survey-share", None)
    assert (problem.fields["share"], problem.fields["total"]) == (2, 1)


def test_class_bands_not_descending(tmp_path):
    head = HEAD.replace(
        "    - {id: yeu, label: Yếu, min: 0}",
        "    - {id: kha, label: Khá, min: 85} #<\n    - {id: yeu, label: Yếu, min: 0}",
    )
    problem = expect(check(tmp_path, head + GOOD_AREAS), "criteria.class-bands", None)
    assert problem.fields["detail"] == "80, 85, 0"


def test_last_class_band_must_start_at_zero(tmp_path):
    head = HEAD.replace("{id: yeu, label: Yếu, min: 0}", "{id: yeu, label: Yếu, min: 10} #<")
    expect(check(tmp_path, head + GOOD_AREAS), "criteria.class-bands", None)


def test_unknown_force_class(tmp_path):
    text = (
        HEAD
        + GOOD_AREAS
        + "overrides:\n"
        + '  - when: {criterion: "1.2", figure: received, op: eq, value: 0}\n'
        + "    force_class: xuat_sac #<\n"
        + "    reason: Thử\n"
    )
    problem = expect(check(tmp_path, text), "criteria.unknown-class", None)
    assert problem.fields["band"] == "xuat_sac"


def test_set_level_condition_must_name_its_criterion(tmp_path):
    text = (
        HEAD
        + GOOD_AREAS
        + "overrides:\n"
        + "  - when: {figure: received, value: 0} #<\n"
        + "    force_class: yeu\n"
        + "    reason: Thử\n"
    )
    expect(check(tmp_path, text), "criteria.condition-criterion", None)


def test_set_level_condition_figure_must_be_declared_by_that_criterion(tmp_path):
    text = (
        HEAD
        + GOOD_AREAS
        + "overrides:\n"
        + "  - when:\n"
        + "      any:\n"
        + '        - {criterion: "1.2", figure: received, value: 0}\n'
        + '        - criterion: "1.1"\n'
        + "          figure: received #<\n"
        + "    force_class: yeu\n"
        + "    reason: Thử\n"
    )
    problem = expect(check(tmp_path, text), "criteria.figure-undeclared", "1.1")
    assert problem.fields["figure"] == "received"


def test_yaml_syntax_error(tmp_path):
    text = HEAD + GOOD_AREAS.replace("        max: 2\n", "        max: 2\n      title: [lệch #<\n")
    problems, _ = check(tmp_path, text)
    assert [p.id for p in problems] == ["yaml.syntax"]
    assert problems[0].line == marked_line(text)
    assert f"bo-thu.yaml:{marked_line(text)}" in problems[0].render("vi")


def test_unknown_rule_kind_lists_the_kinds(tmp_path):
    text = HEAD + GOOD_AREAS.replace("rule: {kind: yes_no}", "rule: {kind: yesno} #<")
    problem = expect(check(tmp_path, text), "def.invalid-value", "1.1")
    assert "'yesno'" in problem.render("vi") and "yes_no" in problem.render("vi")
    assert "there is no kind 'yesno'" in problem.render("en")


def test_unquoted_code_is_explained(tmp_path):
    text = HEAD + GOOD_AREAS.replace('      - code: "1.2"', "      - code: 1.2 #<")
    problem = expect(check(tmp_path, text), "def.invalid-value", "1.2")
    assert '"3.2"' in problem.render("en")


def test_negative_max(tmp_path):
    text = HEAD.replace("scale: 3", "scale: 2") + GOOD_AREAS.replace(
        "    max: 3\n", "    max: 2\n"
    ).replace(
        "        title: Kế hoạch\n        max: 1\n", "        title: Kế hoạch\n        max: 0 #<\n"
    )
    expect(check(tmp_path, text), "criteria.negative-max", "1.1")


def test_problems_come_in_file_order_and_render_with_file_line_and_code(tmp_path):
    head = HEAD.replace("{id: yeu, label: Yếu, min: 0}", "{id: yeu, label: Yếu, min: 5}")
    text = head + GOOD_AREAS.replace('      - code: "1.2"', '      - code: "1.3"')
    problems, _ = check(tmp_path, text)
    assert [p.id for p in problems] == ["criteria.class-bands", "criteria.code-order"]
    lines = [p.line for p in problems]
    assert lines == sorted(lines)
    rendered = problems[1].render("en")
    assert rendered.startswith(f"{problems[1].file}:{problems[1].line}: [1.3] ")
    assert rendered.endswith("(criteria.code-order)")


def test_load_criteria_raises_with_every_problem(tmp_path):
    path = tmp_path / "hong.yaml"
    path.write_text(HEAD + GOOD_AREAS.replace('"1.2"', '"1.1"'), encoding="utf-8")
    with pytest.raises(CriteriaError) as caught:
        load_criteria(path)
    assert caught.value.code == "criteria.invalid"
    assert {p.id for p in caught.value.problems} >= {"criteria.duplicate-code"}
    assert "hong.yaml" in caught.value.render("vi")


def test_unknown_name_is_a_clean_error():
    with pytest.raises(CriteriaError) as caught:
        check_criteria("khong-co-bo-nay")
    assert caught.value.code == "criteria.not-found"
    assert "xa-mau" in caught.value.render("en")


def dated(years: str) -> str:
    """The base set for ``years``, its criterion 1.1 dated 2022 (the ``since`` line marked)."""
    head = HEAD.replace('version: "1"\n', f'years: {years}\nversion: "1"\n')
    areas = GOOD_AREAS.replace(
        "        title: Kế hoạch\n", "        title: Kế hoạch\n        since: 2022 #<\n"
    )
    return head + areas


def test_a_criterion_dated_after_a_year_of_the_set_is_refused_at_its_since_line(tmp_path):
    problem = expect(check(tmp_path, dated("[2021, 2022, 2023]")), "criteria.since-years", "1.1")
    assert problem.fields["early"] == "2021"
    assert "2021" in problem.render("vi") and "'years'" in problem.render("vi")
    assert "exists only from 2022" in problem.render("en")


def test_a_criterion_dated_in_or_before_every_year_of_the_set_is_accepted(tmp_path):
    problems, _ = check(tmp_path, dated("[2022, 2023]"))
    assert problems == []
