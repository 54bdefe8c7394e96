"""``levels``: the officer picks one level, worth points or a percentage of the maximum."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import CriteriaSet, Criterion, Level, LevelsRule, LocalText
from par_index.numbers import written
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import missing, scored, worth
from par_index.rules.kinds.base import RuleKind, points_en
from par_index.text import fold


class Levels(RuleKind[LevelsRule]):
    name = "levels"
    model = LevelsRule
    example = """\
code: "1.2"
title: Báo cáo CCHC định kỳ
max: 1
rule:
  kind: levels
  levels:
    - {label: Đúng hạn, percent: 100}
    - {label: Chậm, percent: 50}
    - {label: Không báo cáo, points: 0}
explanation_required: true      # a score below the max needs an explanation
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: LevelsRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        if answers.answer is None or not str(answers.answer).strip():
            return missing(possible, ["answer"])
        chosen = fold(str(answers.answer))
        for level in rule.levels:
            if chosen in {fold(level.label.vi), fold(level.label.en or level.label.vi)}:
                return scored(possible, _points(level, possible), level=level.label.vi)
        return missing(possible, ["answer"])

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: LevelsRule, possible: Decimal
    ) -> set[Decimal]:
        return {_points(level, possible) for level in rule.levels}

    def method(self, criterion: Criterion, rule: LevelsRule, possible: Decimal) -> LocalText:
        vi = "; ".join(
            f"{lvl.label.vi}: {written(_points(lvl, possible))} điểm" for lvl in rule.levels
        )
        en = "; ".join(
            f"{lvl.label.en or lvl.label.vi}: {points_en(_points(lvl, possible))}"
            for lvl in rule.levels
        )
        return LocalText(vi=vi + ".", en=en + ".")


def _points(level: Level, possible: Decimal) -> Decimal:
    return worth(level.points, level.percent, possible)
