"""Conditions of overrides (``when:``): comparisons on declared figures and answers."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from par_index.criteria.model import Condition, CriteriaSet, Op, UnitOverride
from par_index.rules.answers import Answers, FigureValue, answer_kind
from par_index.text import fold


def holds(
    cond: Condition,
    figures: Mapping[str, FigureValue],
    answer: str | None = None,
    others: Mapping[str, Answers] | None = None,
) -> bool:
    """Whether a condition holds; a figure that was not declared makes a comparison false."""
    if cond.all is not None:
        return all(holds(c, figures, answer, others) for c in cond.all)
    if cond.any is not None:
        return any(holds(c, figures, answer, others) for c in cond.any)
    if cond.criterion is not None and others is not None:
        other = others.get(cond.criterion)
        if other is None:
            return False
        figures, answer = other.figures, other.answer
    # Condition._one_form: a condition that is neither 'all' nor 'any' names a figure
    assert cond.figure is not None
    actual = answer if cond.figure == "answer" else figures.get(cond.figure)
    return _compare(actual, cond.op, cond.value)


def _compare(actual: FigureValue, op: Op, expected) -> bool:
    if actual is None:
        return False
    if op == Op.IN:
        return any(_equal(actual, item) for item in (expected or []))
    if op == Op.EQ:
        return _equal(actual, expected)
    if op == Op.NE:
        return not _equal(actual, expected)
    if not isinstance(actual, Decimal) or not isinstance(expected, Decimal | int):
        return False
    expected = Decimal(expected)
    return {
        Op.LT: actual < expected,
        Op.LE: actual <= expected,
        Op.GT: actual > expected,
        Op.GE: actual >= expected,
    }[op]


def _equal(actual: FigureValue, expected) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        kind = answer_kind(actual) if isinstance(actual, str) else actual
        kind = {"yes": True, "no": False}.get(kind, kind) if isinstance(kind, str) else kind
        return kind == expected
    if isinstance(actual, Decimal) and isinstance(expected, Decimal | int):
        return actual == Decimal(expected)
    return fold(str(actual)) == fold(str(expected))


def unit_overrides(cs: CriteriaSet, answers: Mapping[str, Answers]) -> list[UnitOverride]:
    """The set-level overrides that hold for a unit (e.g. a disciplined leader)."""
    return [o for o in cs.overrides if holds(o.when, {}, None, answers)]
