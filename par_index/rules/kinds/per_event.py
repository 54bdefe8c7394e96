"""``per_event``: ``each`` points per event, up to the item's maximum (bonus and penalty)."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import CriteriaSet, Criterion, LocalText, PerEventRule
from par_index.numbers import ZERO, written
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import number, scored
from par_index.rules.kinds.base import RuleKind, points_en
from par_index.rules.kinds.events import counts_to_reach


class PerEvent(RuleKind[PerEventRule]):
    name = "per_event"
    model = PerEventRule
    example = """\
code: B1                        # an item of the bonus (or penalty) section
title: Sáng kiến CCHC được công nhận
max: 1
figures: [{name: initiatives, label: Số sáng kiến được công nhận}]
rule: {kind: per_event, figure: initiatives, each: 0.5}
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: PerEventRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        count = number(answers, rule.figure, possible)
        if isinstance(count, Evaluation):
            return count
        return scored(possible, max(count, ZERO) * rule.each)

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: PerEventRule, possible: Decimal
    ) -> set[Decimal] | None:
        counts = counts_to_reach(criterion, rule, possible)
        return None if counts is None else {k * rule.each for k in counts}

    def method(self, criterion: Criterion, rule: PerEventRule, possible: Decimal) -> LocalText:
        return LocalText(
            vi=f"Mỗi trường hợp {written(rule.each)} điểm, tối đa {written(possible)} điểm.",
            en=f"{points_en(rule.each)} per case, at most {points_en(possible)}.",
        )
