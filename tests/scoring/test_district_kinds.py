"""The second test district (district_kinds.yaml): every rule kind real annexes use, final
scores from the figures, the capped index with scaled bonus, reproduced by hand.

Set huyen-kieu, 20 points (xã; phường has 1.2 worth 2 and 1.3 worth 4), bonus and penalty each
capped at 2, ``index: {cap: true, extras: scaled}``. Criteria 1.1 1.2 2.1 2.2 2.3 take their final
score from the figures (``final_from: recomputed``); 1.3 and 3.2 from the self-score.

2.3 is normalised to the best of all units: simplified 12, 8, 16, 4, 0 -> best 16.

K-AN    1.1 both -> 2; 1.2 no late -> 3; 1.3 45/50 = 90 % >= 80 % -> self 3; 2.1 8.5/10 x 2 =
        1.70; 2.2 25/10 = 2.5 -> 2 (max); 2.3 12/16 x 2 = 1.50; 3.1 council 3; 3.2 self 3
        tree 19.2 + bonus 2 = 21.2, capped at 20                          -> 100
K-CHAU  (phường) 1.1 neither -> 0; 1.2 3 late x 25 % = 75 %, capped at 50 % of 2 -> 1;
        1.3 no dossier -> full, self 4; 2.1 10/10 x 2 = 2; 2.2 2; 2.3 16/16 x 2 = 2; 3.1 2.5;
        3.2 3: tree 16.5 + 1 - 1                                          -> 16.5 / 20 = 82.5
K-DONG  1.1 one of two -> 50 % = 1; 1.2 2 late = 50 % of 3 -> 1.50; 1.3 self 3; 2.1 5/10 x 2
        = 1; 2.2 not applicable (excluded: 18 possible); 2.3 4/16 x 2 = 0.50; 3.1 1; 3.2 3
        tree 11 + bonus 2 x 18/20 = 1.8                                   -> 12.8 / 18 = 71.11…
K-BINH  1.1 one of two -> 1 (self 2, gap 1); 1.2 1 late -> 2.25; 1.3 24/40 = 60 % -> 60/80 x 3
        = 2.25 (self 2.25); 2.1 7.98/10 x 2 = 1.596 -> 1.60; 2.2 12/10 = 1.20; 2.3 council 1.5
        (figures give 8/16 x 2 = 1.00); 3.1 2; 3.2 self 0: tree 11.8 - 0.5 -> 11.3 / 20 = 56.5
K-EM    no self-score at all, not appraised: 1.1 2; 1.2 3; 1.3 0 (final from the self-score,
        blank; figures give 3); 2.1 6/10 x 2 = 1.20; 2.2 0.50; 2.3 0; 3.1 0; 3.2 0
                                                                          -> 6.7 / 20 = 33.5
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from par_index.check import catalogue as c
from par_index.check.checks.recompute import check_recomputed
from par_index.check.checks.scores import check_who_scores
from par_index.check.context import CheckContext
from par_index.criteria.model import GroupScope, IndexExtras, IndexPolicy
from par_index.inputs import Inputs
from par_index.scoring import score_one
from tests.scoring.district import entry
from tests.scoring.district_kinds import (
    UNITS,
    kinds_submissions,
    load_kinds_set,
    score_kinds,
)

D = Decimal


@pytest.fixture(scope="module")
def kinds_set():
    return load_kinds_set()


@pytest.fixture(scope="module")
def results(kinds_set):
    return score_kinds(kinds_set)


def by_code(results):
    return {u.unit.code: u for u in results.units}


def finals(unit) -> dict[str, Decimal]:
    return {row.code: row.final for row in unit.criteria}


def test_ranking_matches_hand_computation(results):
    table = [
        (u.unit.code, u.final_total, u.possible, u.index, u.rank, u.class_id, u.provisional)
        for u in results.units
    ]
    assert table == [
        ("K-AN", D(20), D(20), D(100), 1, "tot", False),
        ("K-CHAU", D("16.5"), D(20), D("82.5"), 2, "tot", False),
        ("K-DONG", D("12.8"), D(18), D("71." + "1" * 38), 3, "kha", False),  # 40 digits
        ("K-BINH", D("11.3"), D(20), D("56.5"), 4, "kha", False),
        ("K-EM", D("6.7"), D(20), D("33.5"), 5, "yeu", True),
    ]


def test_every_criterion_as_computed_by_hand(results):
    units = by_code(results)
    two = {"1.2": "3", "2.1": "1.7", "2.2": "2", "2.3": "1.5"}
    assert finals(units["K-AN"]) == {
        "1.1": D(2), **{k: D(v) for k, v in two.items()}, "1.3": D(3), "3.1": D(3), "3.2": D(3),
        "B1": D(2), "P1": D(0),
    }  # fmt: skip
    assert finals(units["K-CHAU"]) == {
        "1.1": D(0), "1.2": D(1), "1.3": D(4), "2.1": D(2), "2.2": D(2), "2.3": D(2),
        "3.1": D("2.5"), "3.2": D(3), "B1": D(1), "P1": D(1),
    }  # fmt: skip
    assert finals(units["K-BINH"]) == {
        "1.1": D(1), "1.2": D("2.25"), "1.3": D("2.25"), "2.1": D("1.6"), "2.2": D("1.2"),
        "2.3": D("1.5"), "3.1": D(2), "3.2": D(0), "B1": D(0), "P1": D("0.5"),
    }  # fmt: skip
    assert finals(units["K-EM"]) == {
        "1.1": D(2), "1.2": D(3), "1.3": D(0), "2.1": D("1.2"), "2.2": D("0.5"), "2.3": D(0),
        "3.1": D(0), "3.2": D(0), "B1": D(0), "P1": D(0),
    }  # fmt: skip


def test_conditions_name_the_case_and_the_share_of_max_follows_the_unit_type(results):
    units = by_code(results)
    chau = {row.code: row for row in units["K-CHAU"].criteria}
    assert (chau["1.2"].possible, chau["1.2"].final) == (D(2), D(1))  # 50 % cap of 2
    dong = {row.code: row for row in units["K-DONG"].criteria}
    assert (dong["1.2"].possible, dong["1.2"].final) == (D(3), D("1.5"))  # 50 % of 3


def test_group_normalised_criterion_is_filled_after_every_unit(results):
    units = by_code(results)
    recomputed = {code: u.criteria[5].recomputed for code, u in units.items()}
    assert all(u.criteria[5].code == "2.3" for u in units.values())
    assert recomputed == {
        "K-AN": D("1.5"), "K-CHAU": D(2), "K-DONG": D("0.5"), "K-BINH": D(1), "K-EM": D(0),
    }  # fmt: skip
    assert units["K-AN"].group_values == {"2.3": D(12)}
    assert units["K-DONG"].group_values == {"2.3": D(4)}


def test_the_council_still_decides_a_group_criterion(results):
    binh = {row.code: row for row in by_code(results)["K-BINH"].criteria}
    row = binh["2.3"]
    assert (row.appraised_1, row.recomputed, row.final, row.gap) == (
        D("1.5"), D(1), D("1.5"), D("-0.5")
    )  # fmt: skip


def test_a_unit_scored_alone_leaves_the_group_criterion_pending(kinds_set):
    inputs = Inputs(cs=kinds_set, units=UNITS, period="2025")
    alone = score_one(inputs, UNITS[0], kinds_submissions()["K-AN"])
    row = next(r for r in alone.criteria if r.code == "2.3")
    assert (row.recomputed, row.final, row.provisional) == (None, D(0), True)
    assert alone.group_values == {"2.3": D(12)}


def test_gaps_count_figures_as_the_claim_where_the_figures_decide(results):
    units = by_code(results)
    binh = units["K-BINH"]
    # claimed: 2 + 2.25 + 2.25 + 1.6 + 1.2 + 1 (2.3's figures) + 2 + 0 - 0.5
    assert (binh.self_total, binh.gap, binh.over_claimed) == (D("11.8"), D("0.5"), D(1))
    em = units["K-EM"]
    assert (em.self_total, em.gap) == (em.final_total, D(0))


def test_index_policy_cap_and_scaled_extras(kinds_set):
    uncapped = score_kinds(kinds_set.model_copy(update={"index": IndexPolicy()}))
    units = by_code(uncapped)
    assert (units["K-AN"].final_total, units["K-AN"].index) == (D("21.2"), D(106))
    # bonus as points on the shrunk scale: 2 of 18 rather than 1.8
    assert (units["K-DONG"].bonus, units["K-DONG"].final_total) == (D(2), D(13))
    assert units["K-DONG"].index == D("72." + "2" * 38)
    scaled = score_kinds(
        kinds_set.model_copy(update={"index": IndexPolicy(extras=IndexExtras.SCALED)})
    )
    assert by_code(scaled)["K-AN"].index == D(106)  # scale not shrunk: nothing changes
    assert by_code(scaled)["K-DONG"].bonus == D("1.8")


def test_normalised_within_the_unit_type(kinds_set):
    leaf = kinds_set.node("2.3")
    rule = leaf.rule.model_copy(update={"within": GroupScope.UNIT_TYPE})
    changed = _with_rule(kinds_set, "2.3", rule)
    units = by_code(score_kinds(changed))
    # xã: best 12 (K-AN); phường: K-CHAU alone
    got = {code: next(r for r in u.criteria if r.code == "2.3").final for code, u in units.items()}
    assert got == {"K-AN": D(2), "K-CHAU": D(2), "K-DONG": D("0.67"), "K-BINH": D("1.5"),
                   "K-EM": D(0)}  # fmt: skip
    # K-BINH: the council's 1.5 stands; figures give 8/12 x 2 = 1.33
    binh = next(r for r in units["K-BINH"].criteria if r.code == "2.3")
    assert binh.recomputed == D("1.33")


def _with_rule(cs, code: str, rule):
    area = cs.areas[1]
    criteria = [
        leaf.model_copy(update={"rule": rule}) if leaf.code == code else leaf
        for leaf in area.criteria
    ]
    areas = [cs.areas[0], area.model_copy(update={"criteria": criteria}), *cs.areas[2:]]
    return cs.model_copy(update={"areas": areas})


def test_blank_self_scores_are_not_flagged_where_the_figures_decide(kinds_set):
    em = kinds_submissions()["K-EM"]
    found = list(check_who_scores(kinds_set, em, UNITS[4], CheckContext(period="2025")))
    skipped = sorted(f.criterion for f in found if f.code == c.CRITERION_SKIPPED.code)
    assert skipped == ["1.3", "3.2"]  # self-scored criteria; the rest follow the figures
    missing = em.model_copy(update={"entries": {**em.entries, "2.1": entry("2.1")}})
    found = list(check_who_scores(kinds_set, missing, UNITS[4], CheckContext(period="2025")))
    assert "2.1" in {f.criterion for f in found}  # no figure, no score: still skipped


def test_a_self_score_on_a_group_criterion_is_not_unsupported(kinds_set):
    an = kinds_submissions()["K-AN"]
    claimed = an.model_copy(
        update={"entries": {**an.entries, "2.3": entry("2.3", 2, simplified=12)}}
    )
    found = list(check_recomputed(kinds_set, claimed, UNITS[0], CheckContext(period="2025")))
    assert [f.criterion for f in found] == []
