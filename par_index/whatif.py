"""What would follow if the council gave other scores: the period scored again with some
criteria of some units set, as appraised scores, to the values asked (``par-index whatif``).

Pure: takes the inputs and the checked batch, changes copies of the units' results, writes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from par_index import scoring
from par_index.assess import Checked
from par_index.errors import ParIndexError
from par_index.i18n import Message
from par_index.inputs import Inputs
from par_index.numbers import ZERO, display, parse_decimal
from par_index.results import Grade, Results, UnitResult
from par_index.rules.scores import allowed_scores

M_BAD_SET = Message(
    "whatif.bad-set",
    "--set {given}: cần dạng ĐƠN_VỊ:TIÊU_CHÍ=ĐIỂM, vd. --set QD-QAN:2.4=1,5.",
    "--set {given}: expected UNIT:CRITERION=SCORE, e.g. --set QD-QAN:2.4=1.5.",
)
M_UNKNOWN_UNIT = Message(
    "whatif.unknown-unit",
    "--set {given}: không có đơn vị mã {unit} trong danh sách đơn vị. Các mã có: {known}.",
    "--set {given}: no unit with code {unit} in the units file. Known codes: {known}.",
)
M_UNKNOWN_CRITERION = Message(
    "whatif.unknown-criterion",
    "--set {given}: đơn vị {unit} không có tiêu chí {criterion} được chấm điểm. Các tiêu chí "
    "có: {known}.",
    "--set {given}: unit {unit} has no scored criterion {criterion}. Its criteria: {known}.",
)
M_OUT_OF_RANGE = Message(
    "whatif.score-not-allowed",
    "--set {given}: tiêu chí {criterion} của đơn vị {unit} chỉ nhận điểm {allowed}.",
    "--set {given}: criterion {criterion} of unit {unit} takes only {allowed} points.",
)
M_RANGE = Message("whatif.range", "từ 0 đến {most}", "from 0 to {most}")


@dataclass(frozen=True)
class Setting:
    """One ``--set UNIT:CRITERION=SCORE``: the council's score supposed for a unit's row."""

    unit: str
    criterion: str
    score: Decimal
    given: str
    """As typed (named in messages)."""


@dataclass(frozen=True)
class Change:
    """A unit whose rank, class or head's highest grade would differ."""

    before: UnitResult
    after: UnitResult


def parse_setting(given: str) -> Setting:
    """``QD-QAN:2.4=1,5`` (a decimal comma or point) as a ``Setting``."""
    target, _, raw = given.partition("=")
    unit, _, criterion = target.partition(":")
    score = _number(raw)
    if not unit.strip() or not criterion.strip() or score is None:
        raise ParIndexError(M_BAD_SET, given=given)
    return Setting(unit.strip(), criterion.strip(), score, given)


def _number(raw: str) -> Decimal | None:
    try:
        return parse_decimal(raw)
    except ValueError:
        return None


def whatif(inputs: Inputs, batch: Checked, settings: Sequence[Setting]) -> Results:
    """The period's results were the council to give the scores of ``settings``; ``batch``
    itself is left as it is."""
    scored = {code: result.model_copy(deep=True) for code, result in batch.scored.items()}
    for code, chosen in _by_unit(settings).items():
        unit = inputs.unit(code)
        if unit is None:
            known = ", ".join(u.code for u in inputs.units)
            raise ParIndexError(M_UNKNOWN_UNIT, given=chosen[0].given, unit=code, known=known)
        result = scored.get(code) or scoring.score_one(inputs, unit, None)
        scores = {s.criterion: _checked(inputs, result, s) for s in chosen}
        scoring.with_council_scores(inputs.set_for(unit.unit_type), result, scores)
        scored[code] = result
    return scoring.score(inputs, batch.report, scored)


def _by_unit(settings: Iterable[Setting]) -> dict[str, list[Setting]]:
    out: dict[str, list[Setting]] = {}
    for setting in settings:
        out.setdefault(setting.unit, []).append(setting)
    return out


def _checked(inputs: Inputs, result: UnitResult, setting: Setting) -> Decimal:
    """The setting's score, once its criterion is one of the unit's rows and the score one the
    council could give (``allowed_scores``, else 0..max)."""
    cs = inputs.set_for(result.unit.unit_type)
    plan = scoring.plan_for(cs, result.unit.unit_type)
    most = {c.code: (c, m) for _section, c, m, _title in plan}
    if setting.criterion not in most:
        raise ParIndexError(
            M_UNKNOWN_CRITERION,
            given=setting.given,
            unit=setting.unit,
            criterion=setting.criterion,
            known=", ".join(most),
        )
    criterion, top = most[setting.criterion]
    allowed = allowed_scores(cs, criterion, top)
    fits = setting.score in allowed if allowed is not None else ZERO <= setting.score <= top
    if not fits:
        shown = (
            "; ".join(display(v) for v in allowed)
            if allowed is not None
            else M_RANGE.format(most=display(top))
        )
        raise ParIndexError(
            M_OUT_OF_RANGE,
            given=setting.given,
            unit=setting.unit,
            criterion=setting.criterion,
            allowed=shown,
        )
    return setting.score


def changes(before: Results, after: Results) -> list[Change]:
    """The units whose rank, class or head's highest grade differs, in the units' order."""
    old = {u.unit.code: u for u in before.units}
    out = []
    for new in after.units:
        was = old.get(new.unit.code)
        if was is not None and _standing(was) != _standing(new):
            out.append(Change(was, new))
    return out


def _standing(result: UnitResult) -> tuple[int | None, str | None, Grade | None]:
    grade = result.staff.highest_grade if result.staff else None
    return result.rank, result.class_label, grade
