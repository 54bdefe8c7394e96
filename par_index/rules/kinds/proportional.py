"""``proportional``: points = percentage / 100 x max, rounded half up to ``places``; with a
``target``, percentage / target x max, full points from the target up."""

from __future__ import annotations

from decimal import Decimal, localcontext

from par_index.criteria.model import CriteriaSet, Criterion, LocalText, ProportionalRule
from par_index.i18n import Lang
from par_index.numbers import HUNDRED, ZERO, quantize, written
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import scored
from par_index.rules.kinds.base import RuleKind, points_en
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
# With a target: "đạt từ 80 % trở lên: 1 điểm; dưới 80 %: tỷ lệ ÷ 80 % × 1 điểm"
#   rule: {kind: proportional, figure: digitised, target: 80}
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
        target = target_of(rule)
        share = min(max(value, ZERO), target)
        with localcontext(prec=40):
            points = quantize(share * possible / target, rule.places)
        return scored(possible, points, ratio=value)

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: ProportionalRule, possible: Decimal
    ) -> None:
        return None  # any value within 0..max

    def method(self, criterion: Criterion, rule: ProportionalRule, possible: Decimal) -> LocalText:
        vi_ratio, en_ratio = ratio_text(criterion, rule)
        if rule.target is None:
            return LocalText(
                vi=f"{vi_ratio}Điểm = tỷ lệ (%) × {written(possible)} / 100.",
                en=f"{en_ratio}Points = percentage × {written(possible, Lang.EN)} / 100.",
            )
        vi_t, en_t = written(rule.target), written(rule.target, Lang.EN)
        return LocalText(
            vi=f"{vi_ratio}Tỷ lệ từ {vi_t} % trở lên: {written(possible)} điểm; dưới {vi_t} %:"
            f" Điểm = tỷ lệ (%) ÷ {vi_t} × {written(possible)}.",
            en=f"{en_ratio}{en_t} % or more: {points_en(possible)}; below {en_t} %:"
            f" points = percentage ÷ {en_t} × {written(possible, Lang.EN)}.",
        )


def target_of(rule: ProportionalRule) -> Decimal:
    """The percentage that earns full points (100 unless the rule names a target)."""
    return HUNDRED if rule.target is None else rule.target
