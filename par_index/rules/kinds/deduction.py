"""``deduction``: start from the maximum, take ``each`` off per event, at most ``cap`` in all,
never below ``floor``."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import CriteriaSet, Criterion, DeductionRule, LocalText
from par_index.numbers import ZERO, written
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import number, scored
from par_index.rules.kinds.base import RuleKind, points_en
from par_index.rules.kinds.events import counts_to_reach


class Deduction(RuleKind[DeductionRule]):
    name = "deduction"
    model = DeductionRule
    example = """\
code: "2.3"
title: Chấp hành chế độ báo cáo
max: 1
figures: [{name: late_reports, label: Số báo cáo gửi chậm}]
rule: {kind: deduction, figure: late_reports, each: 0.25, floor: 0}
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: DeductionRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        count = number(answers, rule.figure, possible)
        if isinstance(count, Evaluation):
            return count
        return scored(possible, _left(rule, possible, max(count, ZERO)))

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: DeductionRule, possible: Decimal
    ) -> set[Decimal] | None:
        counts = counts_to_reach(criterion, rule, possible)
        return None if counts is None else {_left(rule, possible, k) for k in counts}

    def method(self, criterion: Criterion, rule: DeductionRule, possible: Decimal) -> LocalText:
        each, floor, cap = rule.each, rule.floor, rule.cap
        vi_cap = f", trừ tối đa {written(cap)} điểm" if cap is not None else ""
        en_cap = f", at most {points_en(cap)} in all" if cap is not None else ""
        return LocalText(
            vi=f"Mỗi trường hợp trừ {written(each)} điểm{vi_cap}; thấp nhất {written(floor)} điểm.",
            en=f"Each case takes {points_en(each)} off{en_cap}; never below {points_en(floor)}.",
        )


def _left(rule: DeductionRule, possible: Decimal, count: Decimal) -> Decimal:
    """The points left after ``count`` events."""
    taken = count * rule.each
    if rule.cap is not None:
        taken = min(taken, rule.cap)
    return max(possible - taken, rule.floor)
