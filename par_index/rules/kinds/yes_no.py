"""``yes_no``: Có earns ``yes`` points (default: the maximum), Không earns ``no``."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import CriteriaSet, Criterion, LocalText, YesNoRule
from par_index.numbers import written
from par_index.rules.answers import NO, YES, Answers, Evaluation, answer_kind
from par_index.rules.common import missing, scored
from par_index.rules.kinds.base import RuleKind, points_en


class YesNo(RuleKind[YesNoRule]):
    name = "yes_no"
    model = YesNoRule
    example = """\
code: "1.1"
title: Ban hành Kế hoạch CCHC năm
max: 1
method: "Ban hành đúng quy định: 1 điểm; không ban hành: 0 điểm"
rule: {kind: yes_no}            # Có: the maximum (or `yes`), Không: `no` (default 0)
evidence: {document: Kế hoạch CCHC năm của UBND xã}
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: YesNoRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        kind = answer_kind(answers.answer)
        if kind is None:
            return missing(possible, ["answer"])
        if kind == "yes":
            return scored(possible, _yes(rule, possible), level=YES)
        return scored(possible, rule.no, level=NO)

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: YesNoRule, possible: Decimal
    ) -> set[Decimal]:
        return {_yes(rule, possible), rule.no}

    def method(self, criterion: Criterion, rule: YesNoRule, possible: Decimal) -> LocalText:
        yes = _yes(rule, possible)
        return LocalText(
            vi=f"Có: {written(yes)} điểm; Không: {written(rule.no)} điểm.",
            en=f"Yes: {points_en(yes)}; No: {points_en(rule.no)}.",
        )


def _yes(rule: YesNoRule, possible: Decimal) -> Decimal:
    return possible if rule.yes is None else rule.yes
