"""The rule engine: one criterion, one unit's declared answers -> the points earned, exactly.

Arithmetic is Decimal throughout. The only rounding inside the engine is a proportional rule's
own ``places`` (half up), applied once to its result; everything else is exact. What every kind
shares (maxima per unit type, overrides, not applicable) is done here; the rest is the kind's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from par_index.criteria.model import CriteriaSet, Criterion
from par_index.memo import Memo
from par_index.numbers import ZERO
from par_index.rules.answers import Answers, Evaluation, FigureValue, Outcome, answer_kind
from par_index.rules.common import clamp, not_applicable, not_self_scored
from par_index.rules.conditions import holds
from par_index.rules.kinds import kind_of


def evaluate(cs: CriteriaSet, criterion: Criterion, answers: Answers, unit_type: str) -> Evaluation:
    """Score one leaf criterion for one unit."""
    possible = cs.max_for(criterion, unit_type)
    if possible is None:
        return Evaluation(outcome=Outcome.NOT_APPLICABLE, points=ZERO, possible=ZERO)
    for override in criterion.overrides:
        if holds(override.when, answers.figures, answers.answer):
            points = clamp(override.points, possible)
            reason = str(override.reason)
            return Evaluation(
                outcome=Outcome.OVERRIDDEN, points=points, possible=possible, reason=reason
            )
    if answers.not_applicable or answer_kind(answers.answer) == "na":
        return not_applicable(cs, criterion, possible)
    rule = criterion.rule
    if rule is None:
        return not_self_scored(possible)
    return kind_of(rule).evaluate(cs, criterion, rule, answers, possible)


def evaluated(
    cs: CriteriaSet,
    criterion: Criterion,
    unit_type: str,
    answer: str | None,
    not_applicable: bool,
    figures: Mapping[str, FigureValue],
    memo: Memo | None = None,
) -> Evaluation:
    """``evaluate``, remembered in the run's ``memo``. It depends on nothing but the set's
    content and the answers, so equal answers to one criterion (in a file, across files, in the
    checks and in scoring) share one evaluation, which callers must not change. Values are told
    apart exactly ("1,50" is not 1.5, True is not 1): an evaluation's texts may show them."""

    def make() -> Evaluation:
        answers = Answers(answer=answer, not_applicable=not_applicable, figures=figures)
        return evaluate(cs, criterion, answers, unit_type)

    if memo is None:
        return make()
    figure_keys = map(_figure_key, figures.items())
    key = (cs.content_hash, unit_type, criterion.code, answer, not_applicable, *figure_keys)
    return memo.get("rules.evaluated", key, make)


def declared(
    cs: CriteriaSet,
    criterion: Criterion,
    unit_type: str,
    answer: str | None,
    na: bool,
    figures: Mapping[str, FigureValue],
    memo: Memo | None = None,
) -> Evaluation:
    """What the unit's own answers give, the one reading the check, scoring and the appraisal
    workbook share. A "Không áp dụng" the criterion does not allow is set aside (the criterion
    is scored on what else was declared). The outcome NOT_APPLICABLE, whether answered or
    given by the figures (a ratio of 0 to 0), makes the criterion not applicable whatever the
    score cell holds."""
    if not criterion.na_allowed and (na or _kind(answer, memo) == "na"):
        answer = None if _kind(answer, memo) == "na" else answer
        na = False
    return evaluated(cs, criterion, unit_type, answer, na, figures, memo)


def _kind(answer: str | None, memo: Memo | None) -> str | None:
    """``answer_kind``, remembered: officers type the same few answers in every file."""
    if answer is None or memo is None:
        return answer_kind(answer)
    return memo.get("rules.answer-kind", answer, lambda: answer_kind(answer))


def _figure_key(item: tuple[str, FigureValue]) -> tuple:
    name, value = item
    if isinstance(value, Decimal):
        return (name, Decimal, value.as_tuple())
    return (name, type(value), value)


def cap(total: Decimal, limit: Decimal) -> Decimal:
    """A bonus or penalty section's total, never above its yearly cap."""
    return min(max(total, ZERO), limit)
