"""How firm ranks and classes are, part 2: the rank interval by simulation with a fixed seed (the
survey's sampling error from its answer counts, criteria still under appraisal drawn between the
council's usual cut and the self-score), the area checks (each area left out, each weight
±10 %), and the staff consequences that rest on a near-tie. A constructed district of the mini
set (areas 1: 4 points, 2: 6 points) with a near-tie at the top."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from par_index.firmness import FirmnessConfig
from par_index.firmness.weights import variants
from par_index.inputs import Inputs, SurveySample
from par_index.results import CriterionResult, UnitResult
from par_index.scoring import ranked, with_council_scores
from par_index.survey import read_survey
from tests.helpers.workbooks import make_unit

MAX = {"1.1": 1, "1.2": 1, "1.3": 2, "2.1": 1, "2.2": 1, "2.3": 2, "2.4": 1, "2.5": 1}
FULL = {"1.1": 1, "1.2": 1, "1.3": 2, "2.1": 1, "2.2": 1, "2.3": "1.6", "2.4": 1, "2.5": 1}


def _unit(cs, code, name, finals, *, provisional=(), cut=None):
    """A unit whose rows have these final scores (2.3 from the survey); ``cut``: criterion ->
    the self-score the council cut to the final score."""
    rows = []
    for c, final in finals.items():
        row = CriterionResult(
            code=c, title=c, area=c[0], possible=D(MAX[c]), final=D(str(final)),
            provisional=c in provisional, self_score=D(str(final)),
        )  # fmt: skip
        if cut and c in cut:
            row.self_score, row.appraised_1 = D(str(cut[c])), row.final
        if c == "2.3":
            row.survey, row.self_score = row.final, None
        rows.append(row)
    unit = UnitResult(unit=make_unit(code, name), criteria=rows)
    with_council_scores(cs, unit, {})  # totals, areas and index from the rows
    return unit


def _district(cs):
    """Xã An 91 (appraised; the council cut 2.4 from 1 to 0.5), Xã Bình 91 (2.4 still its own
    1: a tie), Xã Cát 87, Xã Dương 63 (Khá; 80 without area 1, 37.5 without area 2). The
    survey of 2.3: An 100 answers, Bình 10 (A half, B half: 80 %, 1.6 points)."""
    units = [
        _unit(cs, "U0", "Xã An", {**FULL, "2.4": "0.5"}, cut={"2.4": 1}),
        _unit(cs, "U1", "Xã Bình", {**FULL, "2.2": "0.5"}, provisional={"2.4"}),
        _unit(cs, "U2", "Xã Cát", {**FULL, "1.3": "1.5", "2.3": "1.2"}),
        _unit(cs, "U3", "Xã Dương", {**FULL, "1.3": "0", "2.3": "0.8", "1.2": "0.5"}),
    ]
    half = lambda n: SurveySample(((D(100), D(n)), (D(60), D(n))))  # noqa: E731
    inputs = Inputs(cs=cs, units=[u.unit for u in units], period="2024")
    inputs.survey_answers = {"U0": {"2.3": half(50)}, "U1": {"2.3": half(5)}}
    return inputs, units


def _scored(cs, **firmness):
    inputs, units = _district(cs)
    inputs.firmness = FirmnessConfig(**firmness)
    return {u.unit.code: u for u in ranked(inputs, units).units}


def test_the_rank_interval_of_a_near_tie(mini_set):
    units = _scored(mini_set)
    figures = {
        code: (u.index, u.rank, u.rank_low, u.rank_high, u.index_low, u.index_high, u.class_share)
        for code, u in units.items()
    }
    assert figures == {
        # An's survey of 100 answers: sd 0.04 of 2 points; its rank reaches 2 under Bình's draws
        "U0": (D(91), 1, 1, 2, D("90.35"), D("91.67"), D(1)),
        # Bình: 10 answers (sd 0.13 points) and 2.4 still to appraise: the council cut every
        # 2.4 it appraised (An's, by 0.5), so any score from 0.5 to 1 (appraiser: continuous)
        "U1": (D(91), 1, 1, 3, D("86.41"), D("92.95"), D(1)),
        # nothing of Cát's may move: its rank moves only with Bình's
        "U2": (D(87), 3, 2, 3, D("87.00"), D("87.00"), D(1)),
        "U3": (D(63), 4, 4, 4, D("63.00"), D("63.00"), D(1)),
    }
    assert [units[c].firm for c in ("U0", "U1", "U2", "U3")] == [False, False, False, False]


def test_a_fixed_seed_gives_the_same_intervals_and_another_seed_may_not(mini_set):
    fields = ("rank_low", "rank_high", "index_low", "index_high", "class_share")

    def figures(**firmness):
        return [[getattr(u, f) for f in fields] for u in _scored(mini_set, **firmness).values()]

    assert figures() == figures()
    assert figures(seed=7) == figures(seed=7) != figures()


def test_no_draws_no_interval(mini_set):
    units = _scored(mini_set, draws=0)
    assert all(u.rank_low is None and u.class_share is None for u in units.values())
    assert units["U3"].weights_index_min == D("37.50")  # the area checks stay


def test_leave_one_area_out_and_the_weights(mini_set):
    """Dương: 1.5 of 4 in area 1 (37.5 %), 4.8 of 6 in area 2 (80 %). Without area 1: 80.00
    (Tốt), without area 2: 37.50 (Yếu); area 1's weight 0.4 + 10 % = 0.44, area 2's 0.56:
    0.44 x 37.5 + 0.56 x 80 = 61.30."""
    units = _scored(mini_set)
    assert [v[0] for v in variants(list(units.values()), D(10))] == [
        "-1", "-2", "1+10%", "1-10%", "2+10%", "2-10%",
    ]  # fmt: skip
    duong = units["U3"]
    assert (duong.weights_index_min, duong.weights_index_max) == (D("37.50"), D("80.00"))
    assert (duong.weights_rank_min, duong.weights_rank_max) == (4, 4)
    assert duong.weights_moves == ["-1", "-2"]  # its class moves, its rank does not
    cat = units["U2"]  # 3.5 of 4, 5.2 of 6: 86.67 without area 1, 87.50 without area 2
    assert (cat.weights_index_min, cat.weights_index_max) == (D("86.67"), D("87.50"))
    assert (cat.weights_rank_min, cat.weights_rank_max) == (1, 3)


def test_a_staff_consequence_on_a_near_tie_says_it_is_not_firm(mini_set):
    """Dương's class is Khá (63); without an area it would be Tốt or Yếu: the nd90 table gives
    those other grades, so its consequence says it is not firm and why."""
    units = _scored(mini_set)
    staff = units["U3"].staff
    assert staff is not None and staff.firm is False
    assert staff.reasons[-1].startswith(
        "Hệ quả này chưa chắc chắn: bỏ từng lĩnh vực, đổi trọng số ±10 %: hạng 4–4, chỉ số "
        "37,50–80,00; trong khoảng đó có thể là mức cao nhất"
    )
    assert units["U2"].staff is not None and units["U2"].staff.firm is True


def test_the_survey_keeps_its_answer_counts(tmp_path: Path, mini_set):
    path = tmp_path / "khao-sat.csv"
    path.write_text("unit,criterion,A,B,C,D,percent\nU0,2.3,30,10,,,\nU1,2.3,,,,,75\n", "utf-8")
    answers: dict = {}
    points = read_survey(path, mini_set, [make_unit("U0"), make_unit("U1")], answers)
    assert points == {"U0": {"2.3": D("1.8")}, "U1": {"2.3": D("1.5")}}
    assert answers == {"U0": {"2.3": SurveySample(((D(100), D(30)), (D(60), D(10))))}}
    assert answers["U0"]["2.3"].size == 40


@pytest.mark.parametrize("draws", [1, 5])
def test_few_draws_still_rank(mini_set, draws):
    units = _scored(mini_set, draws=draws)
    assert all(1 <= u.rank_low <= u.rank_high <= 4 for u in units.values())
