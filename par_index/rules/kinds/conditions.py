"""``conditions``: cases over several figures, the first that holds wins ("ban hành kịp thời và
bố trí kinh phí: 1 điểm"); none holds: ``otherwise``. The tests are the ``Condition`` of
overrides (``rules.conditions.holds``)."""

from __future__ import annotations

from decimal import Decimal

from par_index.criteria.model import Case, ConditionsRule, CriteriaSet, Criterion, LocalText
from par_index.numbers import written
from par_index.rules.answers import Answers, Evaluation
from par_index.rules.common import missing, scored, worth
from par_index.rules.conditions import holds
from par_index.rules.kinds.base import RuleKind, points_en


class Conditions(RuleKind[ConditionsRule]):
    name = "conditions"
    model = ConditionsRule
    example = """\
code: "1.3"
title: Ban hành và bố trí kinh phí thực hiện kế hoạch CCHC
max: 1
figures:
  - {name: on_time, label: Kế hoạch ban hành kịp thời, type: yes_no}
  - {name: funded, label: Có bố trí kinh phí thực hiện, type: yes_no}
rule:
  kind: conditions
  cases:                          # the first case that holds gives its points
    - when: {all: [{figure: on_time, value: true}, {figure: funded, value: true}]}
      points: 1
      label: Kịp thời và có kinh phí
    - when: {any: [{figure: on_time, value: true}, {figure: funded, value: true}]}
      percent: 50
      label: Đạt một trong hai
  otherwise: 0
"""

    def evaluate(
        self,
        cs: CriteriaSet,
        criterion: Criterion,
        rule: ConditionsRule,
        answers: Answers,
        possible: Decimal,
    ) -> Evaluation:
        absent = [
            name
            for name in tested(rule)
            if (answers.answer if name == "answer" else answers.figures.get(name)) is None
        ]
        if absent:
            return missing(possible, absent)
        for case in rule.cases:
            if holds(case.when, answers.figures, answers.answer):
                label = case.label.vi if case.label else None
                return scored(possible, _points(case, possible), level=label)
        return scored(possible, rule.otherwise)

    def reach(
        self, cs: CriteriaSet, criterion: Criterion, rule: ConditionsRule, possible: Decimal
    ) -> set[Decimal]:
        return {_points(case, possible) for case in rule.cases} | {rule.otherwise}

    def method(self, criterion: Criterion, rule: ConditionsRule, possible: Decimal) -> LocalText:
        vi, en = [], []
        for number, case in enumerate(rule.cases, start=1):
            points = _points(case, possible)
            vi.append(f"{case.label.vi if case.label else f'Trường hợp {number}'}: "
                      f"{written(points)} điểm")  # fmt: skip
            label_en = (case.label.en or case.label.vi) if case.label else f"Case {number}"
            en.append(f"{label_en}: {points_en(points)}")
        vi.append(f"Còn lại: {written(rule.otherwise)} điểm")
        en.append(f"Otherwise: {points_en(rule.otherwise)}")
        return LocalText(vi="; ".join(vi) + ".", en="; ".join(en) + ".")


def tested(rule: ConditionsRule) -> list[str]:
    """The criterion's own figures (and ``answer``) the cases test, each once, in order."""
    names = [name for case in rule.cases for name in case.when.figure_names()]
    return list(dict.fromkeys(names))


def _points(case: Case, possible: Decimal) -> Decimal:
    return worth(case.points, case.percent, possible)
