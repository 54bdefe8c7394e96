"""The rule engine: one criterion, one unit's declared answers -> the points earned, exactly.

Arithmetic is Decimal throughout. The only rounding inside the engine is a proportional rule's
own ``places`` (half up), applied once to its result; everything else is exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, localcontext
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from par_index.criteria.model import (
    AppraiserRule,
    Band,
    Condition,
    CriteriaSet,
    Criterion,
    DeductionRule,
    LevelsRule,
    NotApplicablePolicy,
    Op,
    PerEventRule,
    ProportionalRule,
    SurveyRule,
    ThresholdsRule,
    UnitOverride,
    YesNoRule,
    ZeroDenominator,
)
from par_index.numbers import HUNDRED, ZERO, quantize
from par_index.text import fold

YES = "Có"
NO = "Không"
NOT_APPLICABLE = "Không áp dụng"
_YES_WORDS = {fold(w) for w in (YES, "co", "yes", "x", "đã ban hành", "đạt")}
_NO_WORDS = {fold(w) for w in (NO, "khong", "no", "chưa", "không đạt")}
_NA_WORDS = {fold(w) for w in (NOT_APPLICABLE, "khong ap dung", "kad", "n/a", "na")}

FigureValue = Decimal | bool | date | str | None


class Outcome(StrEnum):
    SCORED = "scored"
    NOT_APPLICABLE = "not_applicable"
    MISSING = "missing"
    """A figure or answer the rule needs was not declared."""
    NOT_SELF_SCORED = "not_self_scored"
    """Survey or appraiser-only: the unit gives no points."""
    OVERRIDDEN = "overridden"


class Answers(BaseModel):
    """What a unit declared for one criterion."""

    model_config = ConfigDict(frozen=True)

    answer: str | None = None
    """Chosen answer (Có / Không / a level label), as typed; matched after folding."""
    not_applicable: bool = False
    figures: Mapping[str, FigureValue] = {}


class Evaluation(BaseModel):
    """The engine's result for one criterion."""

    model_config = ConfigDict(frozen=True)

    outcome: Outcome
    points: Decimal | None
    """Points earned (None when they cannot be computed)."""
    possible: Decimal
    """Points possible for this unit (0 when excluded as not applicable)."""
    ratio: Decimal | None = None
    """The percentage a ratio rule computed."""
    level: str | None = None
    """The level or band that matched."""
    missing: list[str] = []
    reason: str | None = None


def answer_kind(text: str | None) -> str | None:
    """ "yes", "no", "na" or None for what people type in a Có/Không cell."""
    if text is None or not str(text).strip():
        return None
    key = fold(str(text))
    if key in _YES_WORDS:
        return "yes"
    if key in _NO_WORDS:
        return "no"
    if key in _NA_WORDS:
        return "na"
    return None


def evaluate(cs: CriteriaSet, criterion: Criterion, answers: Answers, unit_type: str) -> Evaluation:
    """Score one leaf criterion for one unit."""
    possible = cs.max_for(criterion, unit_type)
    if possible is None:
        return Evaluation(outcome=Outcome.NOT_APPLICABLE, points=ZERO, possible=ZERO)
    for override in criterion.overrides:
        if holds(override.when, answers.figures, answers.answer):
            points = min(max(override.points, ZERO), possible)
            reason = str(override.reason)
            return Evaluation(
                outcome=Outcome.OVERRIDDEN, points=points, possible=possible, reason=reason
            )
    if answers.not_applicable or answer_kind(answers.answer) == "na":
        return not_applicable(cs, criterion, possible)
    rule = criterion.rule
    if isinstance(rule, SurveyRule | AppraiserRule) or rule is None:
        return Evaluation(outcome=Outcome.NOT_SELF_SCORED, points=None, possible=possible)
    return _RULES[type(rule)](cs, criterion, rule, answers, possible)


EVALUATIONS_KEPT = 50_000
"""Distinct (criterion, answers) evaluations remembered before the memo starts afresh."""
_EVALUATIONS: dict[tuple, Evaluation] = {}


def evaluated(
    cs: CriteriaSet,
    criterion: Criterion,
    unit_type: str,
    answer: str | None,
    not_applicable: bool,
    figures: Mapping[str, FigureValue],
) -> Evaluation:
    """``evaluate``, remembered. It depends on nothing but the set's content and the answers,
    so equal answers to one criterion (in a file, across files, in the checks and in scoring)
    share one evaluation, which callers must not change. Values are told apart exactly ("1,50"
    is not 1.5, True is not 1): an evaluation's texts may show them."""
    key = (cs.content_hash, unit_type, criterion.code, answer, not_applicable)
    key += tuple(map(_figure_key, figures.items()))
    found = _EVALUATIONS.get(key)
    if found is None:
        if len(_EVALUATIONS) >= EVALUATIONS_KEPT:
            _EVALUATIONS.clear()
        answers = Answers(answer=answer, not_applicable=not_applicable, figures=figures)
        found = _EVALUATIONS[key] = evaluate(cs, criterion, answers, unit_type)
    return found


def _figure_key(item: tuple[str, FigureValue]) -> tuple:
    name, value = item
    if isinstance(value, Decimal):
        return (name, Decimal, value.as_tuple())
    return (name, type(value), value)


def not_applicable(cs: CriteriaSet, criterion: Criterion, possible: Decimal) -> Evaluation:
    """Not applicable, per the criterion's or the set's policy."""
    if cs.na_policy_for(criterion) == NotApplicablePolicy.FULL_POINTS:
        return Evaluation(outcome=Outcome.NOT_APPLICABLE, points=possible, possible=possible)
    return Evaluation(outcome=Outcome.NOT_APPLICABLE, points=ZERO, possible=ZERO)


def _missing(possible: Decimal, names: list[str]) -> Evaluation:
    return Evaluation(outcome=Outcome.MISSING, points=None, possible=possible, missing=names)


def _scored(possible: Decimal, points: Decimal, **extra) -> Evaluation:
    points = min(max(points, ZERO), possible)
    return Evaluation(outcome=Outcome.SCORED, points=points, possible=possible, **extra)


def _yes_no(cs, criterion, rule: YesNoRule, answers: Answers, possible: Decimal) -> Evaluation:
    kind = answer_kind(answers.answer)
    if kind is None:
        return _missing(possible, ["answer"])
    points = (possible if rule.yes is None else rule.yes) if kind == "yes" else rule.no
    return _scored(possible, points, level=YES if kind == "yes" else NO)


def _levels(cs, criterion, rule: LevelsRule, answers: Answers, possible: Decimal) -> Evaluation:
    if answers.answer is None or not str(answers.answer).strip():
        return _missing(possible, ["answer"])
    chosen = fold(str(answers.answer))
    for level in rule.levels:
        if chosen in {fold(level.label.vi), fold(level.label.en or level.label.vi)}:
            points = level.points if level.points is not None else possible * level.percent / 100
            return _scored(possible, points, level=level.label.vi)
    return _missing(possible, ["answer"])


def percentage(rule: ThresholdsRule | ProportionalRule, figures: Mapping[str, FigureValue]):
    """(percentage, missing names, zero denominator?) for a ratio or a declared percent."""
    if rule.figure is not None:
        value = figures.get(rule.figure)
        if not isinstance(value, Decimal):
            return None, [rule.figure], False
        return value, [], False
    ratio = rule.ratio
    num, den = figures.get(ratio.numerator), figures.get(ratio.denominator)
    pairs = ((ratio.numerator, num), (ratio.denominator, den))
    missing = [name for name, value in pairs if not isinstance(value, Decimal)]
    if missing:
        return None, missing, False
    if den == 0:
        return None, [], True
    with localcontext(prec=40):
        return num * HUNDRED / den, [], False


def _zero_denominator(cs, criterion, rule, possible: Decimal) -> Evaluation:
    if rule.zero_denominator == ZeroDenominator.FULL:
        return _scored(possible, possible, reason="zero_denominator")
    if rule.zero_denominator == ZeroDenominator.ZERO:
        return _scored(possible, ZERO, reason="zero_denominator")
    return not_applicable(cs, criterion, possible)


def band_for(bands: list[Band], value: Decimal) -> Band | None:
    return next((band for band in bands if band.contains(value)), None)


def _thresholds(cs, criterion, rule: ThresholdsRule, answers, possible: Decimal) -> Evaluation:
    value, missing, zero = percentage(rule, answers.figures)
    if missing:
        return _missing(possible, missing)
    if zero:
        return _zero_denominator(cs, criterion, rule, possible)
    band = band_for(rule.bands, value)
    if band is None:
        return _scored(possible, ZERO, ratio=value)
    points = band.points if band.points is not None else possible * band.percent / 100
    return _scored(possible, points, ratio=value, level=_band_label(band))


def _band_label(band: Band) -> str:
    low = "" if band.min is None else f"{'≥' if band.min_inclusive else '>'} {band.min} %"
    high = "" if band.max is None else f"{'≤' if band.max_inclusive else '<'} {band.max} %"
    return " và ".join(part for part in (low, high) if part)


def _proportional(cs, criterion, rule: ProportionalRule, answers, possible: Decimal) -> Evaluation:
    value, missing, zero = percentage(rule, answers.figures)
    if missing:
        return _missing(possible, missing)
    if zero:
        return _zero_denominator(cs, criterion, rule, possible)
    share = min(max(value, ZERO), HUNDRED)
    with localcontext(prec=40):
        points = quantize(share * possible / HUNDRED, rule.places)
    return _scored(possible, points, ratio=value)


def _deduction(cs, criterion, rule: DeductionRule, answers, possible: Decimal) -> Evaluation:
    count = answers.figures.get(rule.figure)
    if not isinstance(count, Decimal):
        return _missing(possible, [rule.figure])
    taken = max(count, ZERO) * rule.each
    if rule.cap is not None:
        taken = min(taken, rule.cap)
    return _scored(possible, max(possible - taken, rule.floor))


def _per_event(cs, criterion, rule: PerEventRule, answers, possible: Decimal) -> Evaluation:
    count = answers.figures.get(rule.figure)
    if not isinstance(count, Decimal):
        return _missing(possible, [rule.figure])
    return _scored(possible, max(count, ZERO) * rule.each)


_RULES = {
    YesNoRule: _yes_no,
    LevelsRule: _levels,
    ThresholdsRule: _thresholds,
    ProportionalRule: _proportional,
    DeductionRule: _deduction,
    PerEventRule: _per_event,
}


def survey_points(rule: SurveyRule, possible: Decimal, counts: Mapping[str, Decimal]) -> Decimal:
    """Points from answer counts per option: sum(count x weight) / sum(count) / 100 x max.

    Unknown options are ignored; no answers at all gives 0.
    """
    weights = {fold(k): v for k, v in rule.options.items()}
    total = ZERO
    weighted = ZERO
    for option, count in counts.items():
        weight = weights.get(fold(option))
        if weight is None:
            continue
        total += count
        weighted += count * weight
    if total == 0:
        return ZERO
    with localcontext(prec=40):
        return min(weighted / total * possible / HUNDRED, possible)


def cap(total: Decimal, limit: Decimal) -> Decimal:
    """A bonus or penalty section's total, never above its yearly cap."""
    return min(max(total, ZERO), limit)


# -- conditions -------------------------------------------------------------------------------
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
