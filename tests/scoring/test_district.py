"""The test district reproduces a hand-computed ranking, classes and staff outcomes.

Hand computation (set huyen-thu, 20 points; survey 2; bonus and penalty each capped at 1).
Criteria in order 1.1 1.2 1.3 2.1 2.2 2.3 3.1 3.2 3.3, then bonus and penalty:

QD-AN     2+2+3+2+2+2+1.84+2+2 = 18.84; +1 (1.5 capped)       = 19.84 / 20 -> 99.20
QD-DUONG  2+2+4 (5 capped)+NA+2+2+1.6+0+2 = 15.6              = 15.6 / 18 (2.1 excluded)
                                                                          -> 86.666...
QD-SIA    2+2+4+1+2 (NA, full points)+2+1.5+1+1 = 16.5; +0.5  = 17 / 20 -> 85.00
QD-BINH   2+1+4+1+2+2+1.4009+1.5+1.6 = 16.5009; -0.5          = 16.0009 / 20 -> 80.0045
QD-CONG   2+2+2+2+2+2+0.9991+2+2 = 16.9991; -1                = 15.9991 / 20 -> 79.9955
QD-MY     0+1+3+2+2+0+1.2+2+2 = 13.2; +1 -1 (1.5 capped)      = 13.2 / 20 -> 66.00
QD-HA     no workbook: survey 1.2 only                        = 1.2 / 20 -> 6.00
QD-LOI    everything                                          = 20 / 20 -> 100 (excluded)

At 2 decimals QD-BINH and QD-CONG both publish 80.00: they share rank 4 and the next is 6.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from par_index.inputs import Inputs, MissingSurvey, SurveyConfig
from par_index.numbers import quantize
from par_index.ranking import RankingConfig
from par_index.results import Grade
from par_index.staff import StaffConfig, StaffRule
from tests.scoring.district import (
    SURVEY,
    UNITS,
    district_appraisals,
    district_report,
    district_submissions,
    score_district,
)

D = Decimal
EXCLUDED = "Đơn vị mới thành lập năm 2021, chưa đủ 12 tháng hoạt động"


def run(cs, **overrides):
    inputs = Inputs(
        cs=cs,
        units=UNITS,
        period="2021",
        appraisals=district_appraisals(),
        survey=SURVEY,
        ranking=RankingConfig(exclude={"QD-LOI": EXCLUDED}),
        staff=StaffConfig.model_validate(
            {"disciplined_figure": {"criterion": "2.3", "figure": "disciplined"}}
        ),
    )
    submissions = overrides.pop("submissions", district_submissions())
    for key, value in overrides.items():
        setattr(inputs, key, value)
    return score_district(inputs, submissions, district_report())


@pytest.fixture(scope="module")
def results(district_set):
    return run(district_set)


def by_code(results):
    return {u.unit.code: u for u in results.units}


def test_ranking_matches_hand_computation(results):
    table = [
        (
            u.unit.code,
            u.final_total,
            u.possible,
            quantize(u.index, 2),
            u.rank,
            u.class_id,
            u.provisional,
        )
        for u in results.units
    ]
    assert table == [
        ("QD-AN", D("19.84"), D(20), D("99.20"), 1, "tot", False),
        ("QD-DUONG", D("15.6"), D(18), D("86.67"), 2, "kha", True),
        ("QD-SIA", D(17), D(20), D("85.00"), 3, "trung_binh", False),
        ("QD-BINH", D("16.0009"), D(20), D("80.00"), 4, "kha", False),
        ("QD-CONG", D("15.9991"), D(20), D("80.00"), 4, "kha", False),
        ("QD-MY", D("13.2"), D(20), D("66.00"), 6, "yeu", False),
        ("QD-HA", D("1.2"), D(20), D("6.00"), 7, "yeu", True),
        ("QD-LOI", D(20), D(20), D("100.00"), None, "tot", False),
    ]


def test_index_is_exact(results):
    units = by_code(results)
    assert units["QD-BINH"].index == D("80.0045")
    assert units["QD-CONG"].index == D("79.9955")
    assert str(units["QD-DUONG"].index).startswith("86.666666666666666666666666666666")


def test_class_follows_published_index_and_unit_type(results):
    units = by_code(results)
    # 79.9955 publishes as 80.00: the class agrees with the printed number
    assert units["QD-CONG"].class_label == "Khá"
    # thị trấn bands: "Khá" needs more than 85 (edge not inclusive)
    assert units["QD-SIA"].class_id == "trung_binh"


def test_forced_class_with_reason(results):
    my = by_code(results)["QD-MY"]
    assert my.class_id == "yeu"
    assert my.class_label == "Yếu"
    assert my.class_reason == "Người đứng đầu bị kỷ luật trong năm"
    assert by_code(results)["QD-AN"].class_reason is None


def test_excluded_unit_keeps_scores_without_rank(results):
    loi = by_code(results)["QD-LOI"]
    assert loi.excluded == EXCLUDED
    assert (loi.rank, loi.rank_in_group, loi.rank_from_bottom) == (None, None, None)
    assert loi.final_total == 20
    assert results.units[-1].unit.code == "QD-LOI"


def test_capped_bonus_and_penalty(results):
    units = by_code(results)
    assert (units["QD-AN"].bonus, units["QD-AN"].penalty) == (D(1), D(0))
    assert (units["QD-MY"].bonus, units["QD-MY"].penalty) == (D(1), D(1))
    p1 = next(c for c in units["QD-MY"].criteria if c.code == "P1")
    assert (p1.section, p1.final, p1.gap) == ("penalty", D("1.5"), D("1.5"))


def test_not_applicable_both_policies(results):
    units = by_code(results)
    excluded = next(c for c in units["QD-DUONG"].criteria if c.code == "2.1")
    assert (excluded.not_applicable, excluded.possible, excluded.final) == (True, 0, 0)
    full = next(c for c in units["QD-SIA"].criteria if c.code == "2.2")
    assert (full.not_applicable, full.possible, full.final) == (True, D(2), D(2))


def test_provisional_units_and_their_notes(results):
    units = by_code(results)
    duong, ha = units["QD-DUONG"], units["QD-HA"]
    assert duong.provisional and ha.provisional
    capped = next(c for c in duong.criteria if c.code == "1.3")
    assert (capped.self_score, capped.final, capped.provisional) == (D(5), D(4), True)
    assert ha.submitted is False and duong.submitted is True
    assert any("Không nhận được hồ sơ" in n for n in ha.notes)
    assert any("Chưa thẩm định" in n for n in duong.notes)
    assert all(not c.provisional for c in units["QD-AN"].criteria)


def test_areas_per_unit(results):
    sia = by_code(results)["QD-SIA"]
    assert [(a.code, a.possible, a.final, quantize(a.percent, 20)) for a in sia.areas] == [
        ("1", D(8), D(8), D(100)),
        ("2", D(6), D(5), D("83.33333333333333333333")),
        ("3", D(6), D("3.5"), D("58.33333333333333333333")),
    ]


def test_gap_analysis(results):
    units = by_code(results)
    my = units["QD-MY"]
    assert (my.self_total, my.gap, my.over_claimed) == (D("20.2"), D("7.0"), D("7.5"))
    assert quantize(my.inflation, 20) == D("1.53030303030303030303")
    area_1 = next(a for a in my.areas if a.code == "1")
    assert (area_1.self_score, area_1.final, area_1.gap) == (D(8), D(4), D(4))
    assert [(u.unit.code, u.inflation_rank) for u in results.units if u.gap > 0] == [
        ("QD-AN", 4),
        ("QD-BINH", 3),
        ("QD-CONG", 2),
        ("QD-MY", 1),
    ]
    honest = [u.unit.code for u in results.units if u.inflation == 1]
    assert honest == ["QD-DUONG", "QD-SIA", "QD-HA", "QD-LOI"]
    assert {units[c].inflation_rank for c in honest} == {5}


def test_changes_record_who_and_why(results):
    binh = by_code(results)["QD-BINH"]
    crit = next(c for c in binh.criteria if c.code == "3.2")
    assert [(ch.round, ch.before, ch.after, ch.note, ch.by) for ch in crit.changes] == [
        (1, None, D(1), "Chưa có mô hình", "Hội đồng huyện"),
        (2, D(1), D("1.5"), "Đã bổ sung minh chứng", "tham-dinh.xlsx › QD-BINH"),
    ]
    assert crit.explanation == "Đơn vị đã triển khai mô hình một cửa liên thông"
    assert crit.final == D("1.5")
    unchanged = next(c for c in binh.criteria if c.code == "1.1")
    assert unchanged.changes == []


def test_recomputed_and_findings_per_criterion(results):
    my = by_code(results)["QD-MY"]
    rows = {c.code: c for c in my.criteria}
    assert rows["2.3"].recomputed == 0  # override: the head was disciplined
    assert rows["1.3"].recomputed == 3
    assert rows["1.3"].finding_codes == ["score-unsupported"]
    assert my.findings == {"error": 1, "warning": 1}
    assert my.finding_codes == {"score-unsupported": 1, "late-submission": 1}


def test_staff_outcomes_nd90(results):
    outcomes = {
        u.unit.code: (u.staff.highest_grade, u.staff.emulation_eligible, len(u.staff.reasons))
        for u in results.units
    }
    assert results.staff_table == "nd90"
    assert outcomes == {
        "QD-AN": (Grade.EXCELLENT, True, 0),
        "QD-DUONG": (Grade.EXCELLENT, True, 2),  # provisional: a note; not firm: (2–6), Khá 48 %
        "QD-SIA": (Grade.DONE, False, 2),  # class Trung bình; not firm (an area check: Khá)
        "QD-BINH": (Grade.EXCELLENT, True, 1),  # the near-tie at 80,00: not firm, a note
        "QD-CONG": (Grade.EXCELLENT, True, 1),
        "QD-MY": (Grade.NOT_DONE, False, 3),  # disciplined, class Yếu, gap 7 > 5
        "QD-HA": (Grade.DONE, False, 3),  # class Yếu, last, provisional
        "QD-LOI": (Grade.EXCELLENT, True, 0),
    }
    my = by_code(results)["QD-MY"].staff.reasons
    assert my[0].startswith("Người đứng đầu bị xử lý kỷ luật")
    assert "Trung bình hoặc Yếu" in my[1]
    assert "trên 5 điểm" in my[2]
    binh = by_code(results)["QD-BINH"].staff
    assert binh.firm is False and "chưa chắc chắn" in binh.reasons[-1]
    assert "“Hoàn thành nhiệm vụ”" in binh.reasons[-1]  # Trung bình in an area check
    ha = by_code(results)["QD-HA"].staff.reasons
    assert "xếp cuối bảng" in ha[1]


def test_staff_outcomes_nd335(district_set):
    staff = StaffConfig.model_validate(
        {"table": "nd335", "disciplined_figure": {"criterion": "2.3", "figure": "disciplined"}}
    )
    results = run(district_set, staff=staff)
    grades = {
        u.unit.code: (u.staff.highest_grade, u.staff.emulation_eligible) for u in results.units
    }
    assert results.staff_table == "nd335"
    assert grades == {
        "QD-AN": (Grade.EXCELLENT, True),  # 99.20
        "QD-DUONG": (Grade.GOOD, True),  # 86.67
        "QD-SIA": (Grade.GOOD, True),  # 85.00
        "QD-BINH": (Grade.GOOD, True),  # 80.00
        "QD-CONG": (Grade.GOOD, True),  # publishes 80.00
        "QD-MY": (Grade.NOT_DONE, False),  # disciplined; 66 is 50..70
        "QD-HA": (Grade.NOT_DONE, False),  # 6 < 50
        "QD-LOI": (Grade.EXCELLENT, True),
    }


def test_custom_rule_table_on_finding_codes(district_set):
    rule = StaffRule.model_validate(
        {
            "id": "tinh.nop-tre",
            "when": {"finding_codes": ["late-submission"]},
            "highest_grade": "hoan_thanh_tot",
            "text": "Nộp hồ sơ tự đánh giá trễ hạn: không xếp loại Hoàn thành xuất sắc.",
        }
    )
    results = run(district_set, staff=StaffConfig(rules=[rule]))
    assert results.staff_table == "custom"
    flagged = [u.unit.code for u in results.units if u.staff.reasons]
    assert flagged == ["QD-MY"]
    assert by_code(results)["QD-MY"].staff.highest_grade == Grade.GOOD


def test_ranking_within_groups(district_set):
    results = run(district_set, ranking=RankingConfig(scope="group", exclude={"QD-LOI": "x"}))
    places = {u.unit.code: (u.rank, u.rank_in_group, u.rank_from_bottom) for u in results.units}
    assert places == {
        "QD-AN": (1, 1, 5),
        "QD-SIA": (3, 2, 4),
        "QD-BINH": (4, 3, 3),
        "QD-MY": (6, 4, 2),
        "QD-HA": (7, 5, 1),
        "QD-DUONG": (2, 1, 2),
        "QD-CONG": (4, 2, 1),
        "QD-LOI": (None, None, None),
    }
    # last of group Nam: its head cannot be "xuất sắc" under the default table
    assert by_code(results)["QD-CONG"].staff.highest_grade == Grade.GOOD


def test_precision_decides_ties(district_set):
    results = run(district_set, ranking=RankingConfig(precision=3, exclude={"QD-LOI": "x"}))
    units = by_code(results)
    assert (units["QD-BINH"].rank, units["QD-CONG"].rank) == (4, 5)  # 80.005 > 79.996


def test_band_override_from_configuration(district_set):
    bands = {
        "xa": [
            {"id": "xuat_sac", "label": "Xuất sắc", "min": 95},
            {"id": "tot", "label": "Tốt", "min": 0},
        ]
    }
    results = run(district_set, ranking=RankingConfig.model_validate({"bands": bands}))
    units = by_code(results)
    assert units["QD-AN"].class_label == "Xuất sắc"
    assert units["QD-BINH"].class_id == "tot"
    assert units["QD-SIA"].class_id == "trung_binh"  # thị trấn keeps the set's bands
    assert units["QD-LOI"].rank == 1  # nothing excluded in this configuration


def test_no_survey_rescales_to_the_rest(district_set):
    results = run(district_set, survey=None)
    an = by_code(results)["QD-AN"]
    survey_row = next(c for c in an.criteria if c.code == "3.1")
    assert (survey_row.possible, survey_row.final, survey_row.not_applicable) == (0, 0, True)
    assert an.possible == 18
    assert an.final_total == D(18)  # 18.84 - 1.84 + bonus 1
    assert an.index == D(100)


@pytest.mark.parametrize(
    ("policy", "possible", "provisional"),
    [
        (MissingSurvey.RESCALE, 0, True),  # the default: off the unit's scale, provisional
        (MissingSurvey.PROVISIONAL, 2, True),
        (MissingSurvey.ZERO, 2, False),
    ],
)
def test_missing_survey_points_follow_the_policy_and_are_marked(
    district_set, policy, possible, provisional
):
    survey = {code: points for code, points in SURVEY.items() if code != "QD-AN"}
    full = by_code(run(district_set))["QD-AN"]
    an = by_code(run(district_set, survey=survey, survey_config=SurveyConfig(missing=policy)))[
        "QD-AN"
    ]
    row = next(c for c in an.criteria if c.code == "3.1")
    assert (row.survey, row.final, row.possible) == (None, 0, possible)
    assert row.survey_missing and an.survey_missing == ["3.1"]
    assert row.provisional == provisional and an.provisional == (provisional or full.provisional)
    assert an.possible == full.possible - 2 + possible
    assert any("3.1" in note and "điều tra" in note for note in an.notes)
    assert an.staff is not None and an.staff.provisional == an.provisional
    pending = [r for r in an.staff.reasons if "điều tra" in r]
    assert bool(pending) == provisional


def test_the_default_survey_policy_ranks_a_unit_on_what_it_did(district_set):
    """0 of the survey's points would sink a unit for a gap that is not its own."""
    survey = {code: points for code, points in SURVEY.items() if code != "QD-AN"}
    rescaled = by_code(run(district_set, survey=survey))["QD-AN"]
    zero = by_code(
        run(district_set, survey=survey, survey_config=SurveyConfig(missing=MissingSurvey.ZERO))
    )["QD-AN"]
    assert rescaled.index > zero.index and rescaled.rank <= zero.rank
