"""The shipped criteria sets: valid, complete, and saying which numbers are illustrative."""

from __future__ import annotations

from collections import Counter

import pytest

from par_index.criteria import check_criteria, load_criteria
from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    DeductionRule,
    LevelsRule,
    ProportionalRule,
    ScoredBy,
    SurveyRule,
    ThresholdsRule,
)
from par_index.resources import shipped_criteria
from par_index.yamlsrc import load_yaml
from tests.helpers.example import EXAMPLE

SHIPPED = sorted(shipped_criteria())
"""Every shipped set: a new file in criteria/ is checked by every test below without listing it."""


@pytest.fixture(scope="module")
def so_set() -> CriteriaSet:
    return load_criteria("so-mau")


def all_items(cs: CriteriaSet) -> list[Criterion]:
    """Scored leaves and bonus/penalty items."""
    return [*cs.leaves(), *(item for _section, item in cs.extras_items())]


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_set_is_valid_and_found_by_name(name):
    assert name in shipped_criteria()
    cs, problems = check_criteria(name)
    assert problems == [] and cs is not None
    assert cs.id == name
    assert cs.scale == 100


@pytest.mark.parametrize("name", SHIPPED)
def test_every_unit_type_adds_up_to_the_scale_at_every_level(name):
    cs = load_criteria(name)
    for unit_type in cs.type_ids():
        assert sum(cs.max_for(a, unit_type) or 0 for a in cs.areas) == cs.scale
        for node in cs.walk():
            own = cs.max_for(node, unit_type)
            if node.criteria and own is not None:
                assert sum(cs.max_for(c, unit_type) or 0 for c in node.criteria) == own
        survey = [leaf for leaf in cs.leaves() if leaf.scorer == ScoredBy.SURVEY]
        assert sum(cs.max_for(leaf, unit_type) or 0 for leaf in survey) == cs.survey_share


@pytest.mark.parametrize("name", SHIPPED)
def test_says_what_it_follows_and_what_is_illustrative(name):
    cs = load_criteria(name)
    assert "3241/QĐ-UBND" in [d.number for d in cs.documents]
    assert cs.illustrative is not None
    assert "MINH HỌA" in cs.illustrative.vi and "ILLUSTRATIVE" in cs.illustrative.en
    for area in cs.areas:
        assert area.title.en, f"area {area.code} needs an English title"


def test_commune_set_shape(xa_set):
    assert xa_set.type_ids() == ["xa", "phuong", "thi_tran"]
    assert len(xa_set.areas) == 8
    assert len(xa_set.leaves()) >= 40
    assert "2204/QĐ-UBND" in [d.number for d in xa_set.documents]
    assert xa_set.survey_share == 20
    for leaf in xa_set.leaves():
        if isinstance(leaf.rule, SurveyRule):
            assert leaf.rule.options == {"A": 100, "B": 60, "C": 20, "D": 0}


def test_commune_set_uses_every_rule_kind_and_form(xa_set):
    items = all_items(xa_set)
    kinds = Counter(item.rule.kind for item in items)
    assert set(kinds) == {
        "yes_no",
        "levels",
        "thresholds",
        "proportional",
        "deduction",
        "per_event",
        "survey",
        "appraiser",
    }
    rules = [item.rule for item in items]
    levels = [r for r in rules if isinstance(r, LevelsRule)]
    assert any(lv.points is not None for r in levels for lv in r.levels)
    assert any(lv.percent is not None for r in levels for lv in r.levels)
    thresholds = [r for r in rules if isinstance(r, ThresholdsRule)]
    assert {r.zero_denominator for r in thresholds if r.ratio} == {"full", "zero", "not_applicable"}
    assert any(r.figure is not None for r in thresholds)
    assert any(isinstance(r, ProportionalRule) and r.ratio for r in rules)
    assert any(isinstance(r, ProportionalRule) and r.figure for r in rules)
    deductions = [r for r in rules if isinstance(r, DeductionRule)]
    assert any(r.cap is not None for r in deductions) and all(r.floor == 0 for r in deductions)
    sections = {
        name: {i.rule.kind for n, i in xa_set.extras_items() if n == name}
        for name in ("bonus", "penalty")
    }
    assert "per_event" in sections["bonus"] and "per_event" in sections["penalty"]
    assert (xa_set.bonus.max, xa_set.penalty.max) == (3, 5)


def test_commune_set_unit_type_differences(xa_set):
    by_type = [leaf for leaf in xa_set.leaves() if leaf.max_by_type]
    assert by_type, "at least one criterion has a maximum that differs by unit type"
    online = xa_set.node("7.2.1")
    assert [xa_set.max_for(online, t) for t in ("xa", "phuong", "thi_tran")] == [3, 4, 3.5]
    rural, urban = xa_set.node("8.2.3"), xa_set.node("8.2.4")
    assert xa_set.max_for(rural, "phuong") is None and xa_set.max_for(urban, "xa") is None
    assert xa_set.max_for(rural, "xa") == xa_set.max_for(urban, "thi_tran") == 3


def test_commune_set_evidence_explanations_and_checks(xa_set):
    unit_scored = [leaf for leaf in xa_set.leaves() if leaf.scorer == ScoredBy.UNIT]
    with_evidence = [leaf for leaf in unit_scored if leaf.evidence is not None]
    assert len(with_evidence) / len(unit_scored) >= 0.9
    assert sum(leaf.explanation_required for leaf in unit_scored) >= 5
    assert 3 <= sum(leaf.na_allowed for leaf in unit_scored) < len(unit_scored) / 4
    checks = Counter(check.kind for leaf in unit_scored for check in leaf.checks)
    assert checks["le"] >= 5 and checks["sum"] >= 1
    assert all(leaf.method is not None for leaf in unit_scored)


def test_commune_set_overrides_and_classes(xa_set):
    assert [o.points for o in xa_set.node("3.2.1").overrides] == [0]
    assert xa_set.node("5.4.1").overrides[0].when.any is not None
    (unit_override,) = xa_set.overrides
    lowest = xa_set.classification.bands[-1]
    assert unit_override.force_class == lowest.id == "yeu"
    bands = [(b.id, b.min) for b in xa_set.classification.bands]
    assert bands == [("xuat_sac", 90), ("tot", 80), ("kha", 70), ("trung_binh", 50), ("yeu", 0)]


def test_department_set_shape(so_set):
    assert so_set.type_ids() == ["so"]
    assert len(so_set.areas) == 7
    assert len(so_set.leaves()) >= 25
    assert so_set.survey_share == 30
    assert [b.min for b in so_set.classification.bands] != [90, 80, 70, 50, 0]
    assert so_set.overrides[0].force_class == so_set.classification.bands[-1].id
    survey_areas = {leaf.code.split(".")[0] for leaf in so_set.leaves() if leaf.scorer == "survey"}
    assert survey_areas == {str(i) for i in range(1, 8)}


@pytest.mark.parametrize("name", SHIPPED)
def test_content_hash_is_stable(name, tmp_path):
    first = load_criteria(name)
    again = load_criteria(name)
    assert first.content_hash == again.content_hash
    assert len(first.content_hash) == 64
    # comments and the file's place do not change the content
    copy = tmp_path / f"{name}.yaml"
    copy.write_text("# bản sao\n" + shipped_criteria()[name].read_text("utf-8"), "utf-8")
    assert load_criteria(copy).content_hash == first.content_hash


def test_content_hash_changes_when_a_point_changes(tmp_path, xa_set):
    text = shipped_criteria()["xa-mau"].read_text("utf-8")
    old = "                - {min: 95, max: 100, points: 2}\n"
    assert text.count(old) == 1
    changed = tmp_path / "xa-mau.yaml"
    changed.write_text(text.replace(old, old.replace("points: 2", "points: 2.5")), "utf-8")
    other = load_criteria(changed)
    assert other.content_hash != xa_set.content_hash
    assert other.model_dump() != xa_set.model_dump()


def test_content_hash_changes_with_a_title(tmp_path, so_set):
    source = load_yaml(shipped_criteria()["so-mau"])
    source.data["areas"][0]["criteria"][0]["title"] = "Tên khác"
    assert CriteriaSet.model_validate(source.data).content_hash != so_set.content_hash


def test_keys_added_later_change_the_hash_only_when_used(xa_set):
    """A set that leaves final_from, index and target at their defaults hashes as before they
    existed (the committed example's workbooks still match); using one changes the hash."""
    from par_index.criteria.model import LATE_DEFAULTS, FinalFrom, IndexPolicy

    assert set(LATE_DEFAULTS) == {"final_from", "index", "target", "source", "since", "plan"}
    same = xa_set.model_copy(update={"index": IndexPolicy(), "final_from": FinalFrom.SELF})
    assert same.content_hash == xa_set.content_hash
    for changed in (
        xa_set.model_copy(update={"index": IndexPolicy(cap=True)}),
        xa_set.model_copy(update={"final_from": FinalFrom.RECOMPUTED}),
        _dated(xa_set, "1.1.1", 2022),
    ):
        assert changed.content_hash != xa_set.content_hash


def _dated(cs: CriteriaSet, code: str, year: int) -> CriteriaSet:
    """A copy of the set with criterion ``code`` dated ``since: year``."""
    data = cs.model_dump(mode="json")
    node = data["areas"][int(code.split(".")[0]) - 1]
    for depth in range(2, len(code.split(".")) + 1):
        node = next(c for c in node["criteria"] if c["code"] == ".".join(code.split(".")[:depth]))
    node["since"] = year
    return CriteriaSet.model_validate(data)


def test_the_sets_for_each_period_are_shipped():
    assert {"xa-2021", "xa-mau", "xa-2025", "so-mau", "so-2025"} <= set(SHIPPED)


# What did not always exist, by a word its criterion's title carries -> the year it began.
DATED = {"Bộ chỉ số 766": 2022, "Đề án 06": 2022, "hai cấp": 2025}


@pytest.mark.parametrize("name", SHIPPED)
def test_every_criterion_that_did_not_always_exist_is_dated_and_fits_the_years(name):
    cs = load_criteria(name)
    assert cs.years, "a shipped set says which years it is for"
    for node in cs.walk():
        begins = [year for word, year in DATED.items() if word in str(node.title)]
        since = getattr(node, "since", None)
        assert since == (begins[0] if begins else since), f"{name} {node.code} needs since"
        assert since is None or min(cs.years) >= since


@pytest.mark.parametrize("name", SHIPPED)
def test_documents_are_named_as_issued(name):
    """2204 and 3241 are rules on assessing and classifying PAR work, not 'Bộ chỉ số'; 876/QĐ-BNV
    sets only the survey's share, so the answer weights are not attributed to it."""
    cs = load_criteria(name)
    rules = "Quy định đánh giá, xếp loại công tác cải cách hành chính"
    for doc in cs.documents:
        title = doc.title.vi if doc.title else ""
        if doc.number in ("2204/QĐ-UBND", "3241/QĐ-UBND"):
            assert title.startswith(rules) and "Bộ chỉ số" not in title, doc.number
        if doc.number == "876/QĐ-BNV":
            assert "tỷ trọng" in title and "minh họa" in title, title
            assert cs.years and min(cs.years) >= 2022
            assert cs.illustrative is not None and "876/QĐ-BNV chỉ quy định" in cs.illustrative.vi


def test_the_2025_commune_set_is_for_the_two_tier_government():
    cs = load_criteria("xa-2025")
    assert cs.type_ids() == ["xa", "phuong", "dac_khu"]
    assert min(cs.years) == 2025
    assert cs.node("4.3").since == 2025 and "hai cấp" in str(cs.node("4.3").title)
    for unit_type in cs.type_ids():  # every type has a local-development criterion of 3 points
        local = [c for c in ("8.2.3", "8.2.4") if cs.max_for(cs.node(c), unit_type) is not None]
        assert len(local) == 1 and cs.max_for(cs.node(local[0]), unit_type) == 3


def test_the_2025_department_set_adds_guiding_the_communes_to_so_mau():
    cs, before = load_criteria("so-2025"), load_criteria("so-mau")
    assert min(cs.years) == 2025 and max(before.years) == 2025
    added = {n.code for n in cs.walk()} - {n.code for n in before.walk()}
    assert added == {"4.6"} and cs.node("4.6").since == 2025
    assert cs.max_for(cs.node("4"), "so") == before.max_for(before.node("4"), "so")


def test_the_2021_commune_set_has_nothing_that_began_later():
    cs = load_criteria("xa-2021")
    assert cs.years == [2021] and "thi_tran" in cs.type_ids()
    assert all(getattr(node, "since", None) is None for node in cs.walk())
    later = load_criteria("xa-mau")
    dropped = {n.code for n in later.walk()} - {n.code for n in cs.walk()}
    assert dropped == {"3.3.4", "7.4.2"}
    assert min(later.years) == 2022


def test_the_2021_example_uses_a_set_valid_for_2021():
    config = load_yaml(EXAMPLE / "par-index.yaml").data
    assert int(config["period"]) in load_criteria(config["criteria"]).years
