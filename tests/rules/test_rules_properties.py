"""Properties of the rule engine over the shipped sets and the test set of the other kinds, for
any input (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from par_index.criteria import load_criteria
from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    FigureType,
    LevelsRule,
    ThresholdsRule,
)
from par_index.rules import Answers, Outcome, allowed_scores, answer_kind, evaluate

KINDS_SET = Path(__file__).parents[1] / "scoring" / "district_kinds.yaml"
"""The kinds the shipped sets do not use (share_deduction, scaled, best_in_group, conditions)."""
SETS = {name: load_criteria(name) for name in ("xa-mau", "so-mau")}
SETS["kinds"] = load_criteria(KINDS_SET)
ITEMS = [
    (name, item)
    for name, cs in SETS.items()
    for item in [*cs.leaves(), *(i for _section, i in cs.extras_items())]
]
THRESHOLDS = [(name, item) for name, item in ITEMS if isinstance(item.rule, ThresholdsRule)]

decimals = st.decimals(
    min_value=Decimal("-1000"), max_value=Decimal("1000000"), allow_nan=False, places=4
)
values = st.one_of(
    st.none(),
    decimals,
    st.integers(min_value=-5, max_value=10**9).map(Decimal),
    st.booleans(),
    st.sampled_from(["Có", "Không", "", "abc", "Không áp dụng"]),
)


def answers_for(criterion: Criterion) -> st.SearchStrategy[Answers]:
    """Any answer a person could type, with any value for each declared figure."""
    labels = ["Có", "Không", "Không áp dụng", "x", "", "???"]
    if isinstance(criterion.rule, LevelsRule):
        labels += [level.label.vi for level in criterion.rule.levels]
    figures = st.fixed_dictionaries({}, optional={f.name: values for f in criterion.figures})
    return st.builds(
        Answers,
        answer=st.one_of(st.none(), st.sampled_from(labels)),
        not_applicable=st.booleans(),
        figures=figures,
    )


@st.composite
def cases(draw) -> tuple[CriteriaSet, Criterion, Answers, str]:
    name, item = draw(st.sampled_from(ITEMS))
    cs = SETS[name]
    return cs, item, draw(answers_for(item)), draw(st.sampled_from(cs.type_ids()))


counts = st.one_of(st.none(), st.integers(min_value=-3, max_value=10**4).map(Decimal))


@st.composite
def applicable_cases(draw) -> tuple[CriteriaSet, Criterion, Answers, str]:
    """Answers as the reader passes them on: counts whole (a fraction is a read issue), and
    not "not applicable" (the check takes any self-score on such a row)."""
    cs, criterion, answers, unit_type = draw(cases())
    whole = {f.name: draw(counts) for f in criterion.figures if f.type == FigureType.COUNT}
    answer = None if answer_kind(answers.answer) == "na" else answers.answer
    figures = {**answers.figures, **whole}
    return cs, criterion, Answers(answer=answer, figures=figures), unit_type


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(applicable_cases())
def test_every_score_the_engine_gives_is_one_its_kind_allows(case):
    """So the check, the template and the appraisal reader never refuse the engine's own
    result (they all take ``allowed_scores``)."""
    cs, criterion, answers, unit_type = case
    result = evaluate(cs, criterion, answers, unit_type)
    possible = cs.max_for(criterion, unit_type)
    allowed = allowed_scores(cs, criterion, possible) if possible is not None else None
    if result.points is not None and result.possible == possible and allowed is not None:
        assert result.points in allowed, (criterion.code, result)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_points_always_within_zero_and_possible(case):
    cs, criterion, answers, unit_type = case
    result = evaluate(cs, criterion, answers, unit_type)
    most = cs.max_for(criterion, unit_type)
    assert Decimal(0) <= result.possible <= (most or Decimal(0))
    if result.points is None:
        assert result.outcome in {Outcome.MISSING, Outcome.NOT_SELF_SCORED, Outcome.PENDING}
    else:
        assert isinstance(result.points, Decimal)
        assert Decimal(0) <= result.points <= result.possible


def threshold_points(cs: CriteriaSet, criterion: Criterion, numerator: int, denominator: int):
    rule = criterion.rule
    if rule.ratio is not None:
        figures = {
            rule.ratio.numerator: Decimal(numerator),
            rule.ratio.denominator: Decimal(denominator),
        }
    else:
        figures = {rule.figure: Decimal(numerator) * 100 / Decimal(denominator)}
    figures.update({f.name: Decimal(0) for f in criterion.figures if f.name not in figures})
    return evaluate(cs, criterion, Answers(figures=figures), cs.type_ids()[0]).points


def direction(criterion: Criterion) -> int:
    """+1 when higher percentages earn more (most criteria), -1 for "not above a quota"."""
    bands = sorted(criterion.rule.bands, key=lambda b: Decimal(-1) if b.min is None else b.min)
    first = bands[0].points if bands[0].points is not None else bands[0].percent
    last = bands[-1].points if bands[-1].points is not None else bands[-1].percent
    return 1 if last >= first else -1


@pytest.mark.parametrize(("name", "criterion"), THRESHOLDS, ids=lambda v: getattr(v, "code", v))
@settings(max_examples=60, deadline=None)
@given(
    denominator=st.integers(min_value=1, max_value=10**6),
    a=st.integers(min_value=0, max_value=10**6),
    b=st.integers(min_value=0, max_value=10**6),
)
def test_thresholds_are_monotone_in_the_ratio(name, criterion, denominator, a, b):
    cs = SETS[name]
    low, high = sorted((a, b))
    low_points = threshold_points(cs, criterion, low, denominator)
    high_points = threshold_points(cs, criterion, high, denominator)
    assert (high_points - low_points) * direction(criterion) >= 0


def test_every_threshold_criterion_is_covered():
    assert len(THRESHOLDS) >= 20
    decreasing = [c.code for _n, c in THRESHOLDS if direction(c) < 0]
    assert sorted(decreasing) == ["4.2", "4.3", "5.2"]  # the "not above the quota" criteria
