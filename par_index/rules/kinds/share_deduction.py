"""``share_deduction``: a deduction written as a share of the criterion's maximum ("mỗi lần
chậm trừ 25 % số điểm"). For a unit type's maximum it is a ``deduction`` in points, so the
arithmetic is the deduction kind's; only the words differ."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    DeductionRule,
    LocalText,
    ShareDeductionRule,
)
from par_index.i18n import Lang
from par_index.numbers import HUNDRED, written
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.kinds.base import RuleKind, points_en
from par_index.rules.kinds.deduction import Deduction

_POINTS = Deduction()


class ShareDeduction(RuleKind[ShareDeductionRule]):
    name = "share_deduction"
    model = ShareDeductionRule
    example = """\
code: "2.4"
title: Chấp hành chế độ báo cáo định kỳ
max: 2
max_by_type: {phuong: 1.5}
method: "Mỗi báo cáo gửi chậm trừ 25 % số điểm của tiêu chí"
figures: [{name: late_reports, label: Số báo cáo gửi chậm}]
rule: {kind: share_deduction, figure: late_reports, each: 25}   # % of the max per event
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: ShareDeductionRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        return _POINTS.evaluate(cs, criterion, in_points(rule, possible), answers, possible)

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: ShareDeductionRule, possible: Decimal
    ) -> set[Decimal] | None:
        return _POINTS.reach(cs, criterion, in_points(rule, possible), possible)

    def method(
        self, criterion: Criterion, rule: ShareDeductionRule, possible: Decimal
    ) -> LocalText:
        points = in_points(rule, possible)
        each_vi, each_en = written(rule.each), written(rule.each, Lang.EN)
        vi = f"Mỗi trường hợp trừ {each_vi} % số điểm tối đa ({written(points.each)} điểm)"
        en = f"Each case takes {each_en} % of the maximum off ({points_en(points.each)})"
        if rule.cap is not None and points.cap is not None:
            vi += f", trừ tối đa {written(rule.cap)} % ({written(points.cap)} điểm)"
            en += f", at most {written(rule.cap, Lang.EN)} % ({points_en(points.cap)}) in all"
        return LocalText(
            vi=f"{vi}; thấp nhất {written(points.floor)} điểm.",
            en=f"{en}; never below {points_en(points.floor)}.",
        )


def in_points(rule: ShareDeductionRule, possible: Decimal) -> DeductionRule:
    """The same deduction in points, for a unit whose maximum is ``possible``."""

    def share(percent: Decimal) -> Decimal:
        return possible * percent / HUNDRED

    cap = None if rule.cap is None else share(rule.cap)
    return DeductionRule(
        kind="deduction",
        figure=rule.figure,
        each=share(rule.each),
        cap=cap,
        floor=share(rule.floor),
    )
