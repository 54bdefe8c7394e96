"""``appraiser``: only the appraisal council scores it, anywhere within 0..max."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import AppraiserRule, CriteriaSet, Criterion, LocalText
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import not_self_scored
from par_index.rules.kinds.base import RuleKind

APPRAISED = LocalText(vi="Hội đồng thẩm định chấm.", en="Scored by the appraisal council.")


class Appraiser(RuleKind[AppraiserRule]):
    name = "appraiser"
    model = AppraiserRule
    example = """\
code: "4.4"
title: Chất lượng tham mưu của công chức
max: 1
rule:
  kind: appraiser
  guidance: Hội đồng thẩm định chấm theo biên bản kiểm tra.
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: AppraiserRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        return not_self_scored(possible)

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: AppraiserRule, possible: Decimal
    ) -> None:
        return None  # the council's judgement: any value within 0..max

    def method(self, criterion: Criterion, rule: AppraiserRule, possible: Decimal) -> LocalText:
        return APPRAISED
