"""``scaled``: a figure on its own scale (a 0–10 sub-index: value ÷ 10 × max) or divided by a
constant (value ÷ ``divide_by`` points), rounded half up to ``places``."""

from __future__ import annotations

from decimal import Decimal, localcontext

from par_index.criteria.model import CriteriaSet, Criterion, LocalText, ScaledRule
from par_index.i18n import Lang
from par_index.numbers import quantize, written
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import number, scored
from par_index.rules.kinds.base import RuleKind


class Scaled(RuleKind[ScaledRule]):
    name = "scaled"
    model = ScaledRule
    example = """\
code: "6.1"
title: Chỉ số thành phần chuyển đổi số (thang 10)
max: 2
figures: [{name: dti, label: Chỉ số thành phần chuyển đổi số, type: score, max: 10}]
rule: {kind: scaled, figure: dti}   # points = value ÷ 10 × 2 (out_of: the figure's max)
# Or a constant: rule: {kind: scaled, figure: dti, divide_by: 5}   (points = value ÷ 5)
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: ScaledRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        value = number(answers, rule.figure, possible)
        if isinstance(value, Evaluation):
            return value
        with localcontext(prec=40):
            if rule.divide_by is not None:
                points = value / rule.divide_by
            else:
                points = value / out_of(criterion, rule) * possible
        return scored(possible, quantize(points, rule.places))

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: ScaledRule, possible: Decimal
    ) -> None:
        return None  # any value within 0..max

    def method(self, criterion: Criterion, rule: ScaledRule, possible: Decimal) -> LocalText:
        figure = criterion.figure(rule.figure)
        vi_name = figure.label.vi if figure else rule.figure
        en_name = (figure.label.en or figure.label.vi) if figure else rule.figure
        if rule.divide_by is not None:
            return LocalText(
                vi=f"Điểm = ({vi_name}) ÷ {written(rule.divide_by)}, tối đa {written(possible)}.",
                en=f"Points = ({en_name}) ÷ {written(rule.divide_by, Lang.EN)}, at most"
                f" {written(possible, Lang.EN)}.",
            )
        scale = out_of(criterion, rule)
        return LocalText(
            vi=f"Điểm = ({vi_name}) ÷ {written(scale)} × {written(possible)}.",
            en=f"Points = ({en_name}) ÷ {written(scale, Lang.EN)} × {written(possible, Lang.EN)}.",
        )


def out_of(criterion: Criterion, rule: ScaledRule) -> Decimal:
    """The figure's full scale: the rule's ``out_of``, else the figure's ``max``."""
    if rule.out_of is not None:
        return rule.out_of
    figure = criterion.figure(rule.figure)
    # criteria.validate requires out_of, divide_by or a figure with a max (M_SCALE_UNKNOWN)
    assert figure is not None and figure.max is not None
    return figure.max
