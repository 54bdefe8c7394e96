"""``survey``: points from the sociological survey's answers; the unit does not score it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from par_index.criteria.model import CriteriaSet, Criterion, LocalText, SurveyRule
from par_index.numbers import HUNDRED, ZERO
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import not_self_scored
from par_index.rules.kinds.base import RuleKind
from par_index.text import fold


class Survey(RuleKind[SurveyRule]):
    name = "survey"
    model = SurveyRule
    example = """\
code: "8.1"
title: Mức độ hài lòng của người dân
max: 2
rule:
  kind: survey
  options: {A: 100, B: 60, C: 20, D: 0}   # answer option -> weight in % of the max
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: SurveyRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        return not_self_scored(possible)

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: SurveyRule, possible: Decimal
    ) -> None:
        return None  # a weighted share of the answers: any value within 0..max

    def method(self, criterion: Criterion, rule: SurveyRule, possible: Decimal) -> LocalText:
        return LocalText(
            vi="Điểm lấy từ kết quả điều tra xã hội học.",
            en="Points come from the sociological survey.",
        )


def survey_points(rule: SurveyRule, possible: Decimal, counts: Mapping[str, Decimal]) -> Decimal:
    """Points from answer counts per option: sum(count x weight) / sum(count) / 100 x max.

    Unknown options are ignored; no answers at all gives 0.
    """
    weights = {fold(k): v for k, v in rule.options.items()}
    total = ZERO
    weighted = ZERO
    for option, count in counts.items():
        weight = weights.get(fold(option))
        if weight is None:
            continue
        total += count
        weighted += count * weight
    if total == 0:
        return ZERO
    with localcontext(prec=40):
        return min(weighted / total * possible / HUNDRED, possible)
