"""``best_in_group``: points normalised to the best unit of the group, value ÷ the group's
highest value × max. A rule over all units: evaluated alone, a unit's points are pending (the
figure kept on the evaluation); ``scoring`` fills them once every unit is scored
(``group_points``)."""

from __future__ import annotations

from decimal import Decimal, localcontext

from par_index.criteria.model import BestInGroupRule, CriteriaSet, Criterion, GroupScope, LocalText
from par_index.i18n import Lang
from par_index.numbers import ZERO, quantize, written
from par_index.rules.answers import Answers, Evaluation, Outcome
from par_index.rules.common import clamp, number
from par_index.rules.kinds.base import RuleKind
from par_index.units import Unit

_WITHIN = {
    GroupScope.ALL: ("mọi đơn vị", "all units"),
    GroupScope.UNIT_TYPE: ("các đơn vị cùng loại", "the units of the same type"),
    GroupScope.GROUP: ("các đơn vị cùng nhóm", "the units of the same group"),
}


class BestInGroup(RuleKind[BestInGroupRule]):
    name = "best_in_group"
    model = BestInGroupRule
    example = """\
code: "5.3"
title: Số thủ tục hành chính được cắt giảm, đơn giản hóa
max: 2
figures: [{name: simplified, label: "Số TTHC được cắt giảm, đơn giản hóa"}]
rule: {kind: best_in_group, figure: simplified}  # value ÷ the group's highest × 2
final_from: recomputed      # the unit cannot know its points: the engine's count
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: BestInGroupRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        value = number(answers, rule.figure, possible)
        if isinstance(value, Evaluation):
            return value
        return Evaluation(outcome=Outcome.PENDING, points=None, possible=possible, value=value)

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: BestInGroupRule, possible: Decimal
    ) -> None:
        return None  # depends on the other units: any value within 0..max

    def method(self, criterion: Criterion, rule: BestInGroupRule, possible: Decimal) -> LocalText:
        figure = criterion.figure(rule.figure)
        vi_name = figure.label.vi if figure else rule.figure
        en_name = (figure.label.en or figure.label.vi) if figure else rule.figure
        vi_within, en_within = _WITHIN[rule.within]
        return LocalText(
            vi=f"Điểm = ({vi_name}) ÷ giá trị cao nhất trong {vi_within} × {written(possible)}.",
            en=f"Points = ({en_name}) ÷ the highest value among {en_within} × "
            f"{written(possible, Lang.EN)}.",
        )


def group_key(rule: BestInGroupRule, unit: Unit) -> str | None:
    """Which group a unit is compared within."""
    if rule.within == GroupScope.UNIT_TYPE:
        return unit.unit_type
    if rule.within == GroupScope.GROUP:
        return unit.group
    return None


def group_points(
    rule: BestInGroupRule, value: Decimal, best: Decimal, possible: Decimal
) -> Decimal:
    """A unit's points from its value and the group's highest (no points when the best is 0)."""
    if best <= 0:
        return ZERO
    with localcontext(prec=40):
        return clamp(quantize(max(value, ZERO) / best * possible, rule.places), possible)
