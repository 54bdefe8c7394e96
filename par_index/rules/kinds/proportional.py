"""``proportional``: points = percentage / 100 x max, rounded half up to ``places``."""

from __future__ import annotations

from decimal import Decimal, localcontext

from par_index.criteria.model import CriteriaSet, Criterion, LocalText, ProportionalRule
from par_index.i18n import Lang
from par_index.numbers import HUNDRED, ZERO, quantize, written
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import scored
from par_index.rules.kinds.base import RuleKind
from par_index.rules.kinds.ratio import percent, ratio_text


class Proportional(RuleKind[ProportionalRule]):
    name = "proportional"
    model = ProportionalRule
    example = """\
code: "7.2"
title: Tỷ lệ hồ sơ được số hóa
max: 1
figures: [{name: digitised, label: Tỷ lệ hồ sơ được số hóa, type: percent}]
rule: {kind: proportional, figure: digitised, places: 2}
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: ProportionalRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        value = percent(cs, criterion, rule, answers.figures, possible)
        if isinstance(value, Evaluation):
            return value
        share = min(max(value, ZERO), HUNDRED)
        with localcontext(prec=40):
            points = quantize(share * possible / HUNDRED, rule.places)
        return scored(possible, points, ratio=value)

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: ProportionalRule, possible: Decimal
    ) -> None:
        return None  # any value within 0..max

    def method(self, criterion: Criterion, rule: ProportionalRule, possible: Decimal) -> LocalText:
        vi_ratio, en_ratio = ratio_text(criterion, rule)
        return LocalText(
            vi=f"{vi_ratio}Điểm = tỷ lệ (%) × {written(possible)} / 100.",
            en=f"{en_ratio}Points = percentage × {written(possible, Lang.EN)} / 100.",
        )
