"""Scores: per criterion self, recomputed, appraised (rounds 1 and 2), survey and final; per area
and total; bonus and penalty within their caps; the index; the gap between self and final.

The final score of a criterion is round 2, else round 1, else the survey points, else the
self-score capped to [0, max] (the unit is then provisional). "Không áp dụng" follows the
criterion's or the set's policy; a council's number on such a row makes it applicable again.
Arithmetic is exact (Decimal); nothing here rounds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from par_index import __version__
from par_index.appraisal.model import Appraisal, AppraisedScore, scored_rows, shown_self
from par_index.check.finding import Finding, Report
from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    Document,
    FigureSource,
    FinalFrom,
    IndexExtras,
    NotApplicablePolicy,
    ScoredBy,
)
from par_index.criteria.sets import UnitGroup
from par_index.firmness import scenarios, with_firmness
from par_index.firmness.words import summary
from par_index.groups import fill_group_rules
from par_index.i18n import Message, text
from par_index.inputs import Inputs, MissingSurvey
from par_index.memo import Memo
from par_index.numbers import HUNDRED, ZERO, display
from par_index.plan.year import UnitRecord
from par_index.ranking import classify, compare, rank, rank_inflation
from par_index.results import (
    AreaResult,
    CriterionResult,
    InputProblem,
    ResultGroup,
    Results,
    ScoreChange,
    StaffOutcome,
    StaleAppraisal,
    UnitResult,
)
from par_index.rules import (
    Answers,
    Outcome,
    cap,
    declared,
    method_text,
    unit_overrides,
)
from par_index.staff import (
    StaffRule,
    active_rules,
    head_disciplined,
    staff_outcome,
    with_firmness_note,
)
from par_index.submission import Entry, Submission
from par_index.units import Unit

M_NOT_SUBMITTED = Message(
    "score.not-submitted",
    "Không nhận được hồ sơ tự đánh giá: các tiêu chí đơn vị tự chấm được 0 điểm.",
    "No self-assessment workbook received: the unit-scored criteria get 0 points.",
)
M_NOT_APPRAISED = Message(
    "score.not-appraised",
    "Chưa thẩm định xong: điểm là điểm tự chấm (giới hạn trong 0 đến tối đa), kết quả tạm thời.",
    "Not appraised yet: the scores are the self-scores (kept within 0 to max), provisional.",
)
M_NO_SURVEY = {
    MissingSurvey.RESCALE: Message(
        "score.survey-missing",
        "Chưa có kết quả điều tra xã hội học cho tiêu chí {codes}: các tiêu chí này tạm không "
        "tính vào thang điểm của đơn vị (chỉ số tính trên các tiêu chí còn lại); kết quả tạm "
        "thời cho đến khi có kết quả điều tra.",
        "No survey result for criterion {codes}: left off the unit's scale for now (the index "
        "is computed on the other criteria); provisional until the survey result arrives.",
    ),
    MissingSurvey.PROVISIONAL: Message(
        "score.survey-missing-provisional",
        "Chưa có kết quả điều tra xã hội học cho tiêu chí {codes}: tạm tính 0 điểm; kết quả "
        "tạm thời cho đến khi có kết quả điều tra.",
        "No survey result for criterion {codes}: 0 points for now; provisional until the "
        "survey result arrives.",
    ),
    MissingSurvey.ZERO: Message(
        "score.survey-missing-zero",
        "Không có kết quả điều tra xã hội học cho tiêu chí {codes}: tính 0 điểm theo quy định "
        "của huyện/tỉnh (survey.missing: zero trong par-index.yaml).",
        "No survey result for criterion {codes}: 0 points, as the province decided "
        "(survey.missing: zero in par-index.yaml).",
    ),
}

M_LATE_PENALTY = Message(
    "score.late-penalty",
    "Nộp chậm {days} ngày (ngày gửi {submitted}, hạn {deadline}): tiêu chí {code} trừ "
    "{points} điểm ({method})",
    "Sent {days} day(s) late (sent {submitted}, deadline {deadline}): item {code} takes "
    "{points} point(s) off ({method})",
)

M_PLAN_FIGURES = Message(
    "score.plan-figures",
    "Tiêu chí {code}: số liệu lấy từ hồ sơ Kế hoạch CCHC ({file}, tính đến {end}): {figures}",
    "Criterion {code}: figures from the PAR plan records ({file}, as of {end}): {figures}",
)

M_STALE = Message(
    "score.stale-appraisal",
    "Hội đồng thẩm định trên tệp {seen}, nhưng tệp đang tính là {file} (đơn vị gửi lại sau khi "
    "lập phiếu thẩm định); điểm tự chấm đổi ở tiêu chí: {changed}. Điểm thẩm định giữ nguyên, "
    "ô thẩm định để trống giữ điểm tự chấm Hội đồng đã thấy; kết quả tạm thời cho đến khi "
    "thẩm định lại.",
    "The council appraised file {seen}, but the file scored is {file} (the unit re-sent it after "
    "the appraisal workbook was made); self-scores changed on criteria: {changed}. Appraised "
    "scores stand, a blank round cell keeps the self-score the council saw; provisional until "
    "appraised again.",
)
M_STALE_PROBLEM = Message(
    "appraisal.stale-file",
    "{where}: trang thẩm định của {unit} được lập từ tệp {seen}, nhưng tệp đang tính là {file} "
    "(đơn vị gửi lại sau đó; tiêu chí đổi điểm tự chấm: {changed}). Hãy lập lại phiếu thẩm định "
    "bằng 'par-index appraisal', chép điểm đã chấm sang và thẩm định lại các tiêu chí này.",
    "{where}: the appraisal sheet of {unit} was made from file {seen}, but the file scored is "
    "{file} (re-sent since; criteria whose self-score changed: {changed}). Make the appraisal "
    "workbook again with 'par-index appraisal', copy the scores over and appraise these "
    "criteria again.",
)
M_FILE = Message("score.file", "{file} (mã {sha}…)", "{file} (fingerprint {sha}…)")
M_NO_FILE = Message("score.no-file", "(chưa có tệp)", "(no file)")
M_NONE_CHANGED = Message("score.none-changed", "không có", "none")

Council = tuple[str, Decimal | None]
"""("score", points), ("na", None) or ("none", None): what the council decided last."""


def tidy(value: Decimal) -> Decimal:
    """The same number without trailing zeros or an exponent on whole values ("80.0045", not
    "80.004500"; "100", not "1E+2"), so results.json reads as people write numbers."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def _clamp(value: Decimal | None, most: Decimal) -> Decimal:
    return ZERO if value is None else min(max(value, ZERO), most)


def _council(ae: AppraisedScore | None) -> Council:
    """The latest decision: round 2 over round 1; a number or "Không áp dụng"."""
    if ae is None:
        return "none", None
    for score, na in ((ae.round_2, ae.round_2_na), (ae.round_1, ae.round_1_na)):
        if score is not None:
            return "score", score
        if na:
            return "na", None
    return "none", None


def na_points(cs: CriteriaSet, criterion: Criterion, most: Decimal) -> tuple[Decimal, Decimal]:
    """(possible, points) of a not-applicable criterion under its policy."""
    if cs.na_policy_for(criterion) == NotApplicablePolicy.FULL_POINTS:
        return most, most
    return ZERO, ZERO


@dataclass
class _Scored:
    """A criterion's result and the self-side points counted in totals and gaps."""

    result: CriterionResult
    self_points: Decimal
    survey: bool = False
    """A survey criterion."""


@dataclass
class _Context:
    cs: CriteriaSet
    unit: Unit
    submission: Submission | None
    appraisal: Appraisal | None
    survey: Mapping[str, Decimal] | None
    memo: Memo | None = None
    missing_survey: MissingSurvey = MissingSurvey.RESCALE
    deadline: dt.date | None = None
    """The self-assessment deadline (figures ``from: days_late`` count from it)."""
    answers: dict[str, Answers] = field(default_factory=dict)
    """What the unit declared, by criterion (kept for the set-level overrides)."""
    group_values: dict[str, Decimal] = field(default_factory=dict)
    """The figures rules over all units compare, by criterion (their points are pending)."""
    stale: StaleAppraisal | None = None
    """The council appraised another file than this one."""
    work_plan: UnitRecord | None = None
    """The unit's plan record at the period's end (figures a criterion's ``plan:`` names)."""

    @property
    def appraised(self) -> bool:
        return self.appraisal is not None and self.appraisal.complete


def _self_side(ctx: _Context, criterion: Criterion, entry: Entry | None):
    """(claimed not applicable?, recomputed points) from the unit's own answers."""
    if entry is None or criterion.scorer != ScoredBy.UNIT:
        return False, None
    answers = entry.answers()
    ctx.answers[criterion.code] = answers
    figures = _fed(ctx, criterion, answers.figures)
    ev = declared(
        ctx.cs, criterion, ctx.unit.unit_type, answers.answer, answers.not_applicable,
        figures, ctx.memo,
    )  # fmt: skip
    claimed = ev.outcome == Outcome.NOT_APPLICABLE  # answered, or 0 of 0: whatever the score
    if ev.outcome == Outcome.PENDING and ev.value is not None:
        ctx.group_values[criterion.code] = ev.value
    done = ev.outcome in (Outcome.SCORED, Outcome.OVERRIDDEN, Outcome.NOT_APPLICABLE)
    return claimed, (ev.points if done else None)


def _days_late(ctx: _Context) -> int | None:
    return ctx.submission.days_late(ctx.deadline) if ctx.submission is not None else None


def _fed(ctx: _Context, criterion: Criterion, figures: Mapping) -> Mapping:
    """The unit's figures with those par-index counts itself (``from: days_late``; a
    criterion's ``plan:`` where the unit has a plan workbook) put in."""
    fed = {**_late_fed(ctx, criterion), **_plan_fed(ctx, criterion)}
    return {**figures, **fed} if fed else figures


def _late_fed(ctx: _Context, criterion: Criterion) -> dict[str, Decimal]:
    days = _days_late(ctx) if any(f.source for f in criterion.figures) else None
    if days is None:
        return {}
    return {f.name: Decimal(days) for f in criterion.figures if f.source == FigureSource.DAYS_LATE}


def _plan_fed(ctx: _Context, criterion: Criterion) -> dict[str, Decimal]:
    record = ctx.work_plan
    if not criterion.plan or record is None:
        return {}
    counts = {name: record.measure(m) for name, m in criterion.plan.items()}
    return {name: Decimal(count) for name, count in counts.items() if count is not None}


def _plan_differs(ctx: _Context, criterion: Criterion) -> bool:
    """The plan's figures are not what the unit declared (the score then needs its reason)."""
    fed = _plan_fed(ctx, criterion)
    answers = ctx.answers.get(criterion.code)
    declared = answers.figures if answers is not None else {}
    return any(declared.get(name) != value for name, value in fed.items())


def _plan_reason(ctx: _Context, criterion: Criterion) -> str:
    record = ctx.work_plan
    assert record is not None and criterion.plan  # fed figures come from it (``_plan_fed``)
    fed = _plan_fed(ctx, criterion)
    shown = "; ".join(
        f"{text(f.label.vi, f.label.en)} = {value}"
        for name, value in fed.items()
        if (f := criterion.figure(name)) is not None
    )
    files = dict.fromkeys(record.source(criterion.plan[name]) for name in fed)
    return M_PLAN_FIGURES.format(
        code=criterion.code, file=", ".join(f for f in files if f), figures=shown,
        end=f"{record.as_of:%d/%m/%Y}",
    )  # fmt: skip


def _late_reason(ctx: _Context, criterion: Criterion, points: Decimal, most: Decimal) -> str:
    assert ctx.submission is not None and ctx.submission.sent_on is not None
    assert ctx.deadline is not None  # a fed figure has both (``_fed``)
    method = method_text(criterion, most)
    return M_LATE_PENALTY.format(
        days=_days_late(ctx),
        submitted=f"{ctx.submission.sent_on:%d/%m/%Y}",
        deadline=f"{ctx.deadline:%d/%m/%Y}",
        code=criterion.code,
        points=display(points),
        method=text(method.vi, method.en).rstrip("."),
    )


def _changes(ctx: _Context, entry: Entry | None, self_na: bool, ae: AppraisedScore | None):
    """Who changed the score in each round, and why (only rounds that changed something)."""
    if ae is None or ctx.appraisal is None:
        return []
    before = (entry.self_score if entry else None, self_na)
    if ctx.stale is not None:  # the rounds changed what the council saw
        before = (ae.self_score, ae.self_na)
    changes = []
    for round_, score, na, note in (
        (1, ae.round_1, ae.round_1_na, ae.note_1),
        (2, ae.round_2, ae.round_2_na, ae.note_2),
    ):
        if score is None and not na:
            continue
        if (score, na) != before:
            by = ctx.appraisal.source(round_, ae)
            changes.append(
                ScoreChange(round=round_, before=before[0], after=score, note=note, by=by)
            )
        before = (score, na)
    return changes


def _criterion(ctx: _Context, row: Row) -> _Scored:
    section, criterion, most, title = row
    entry = ctx.submission.entries.get(criterion.code) if ctx.submission else None
    ae = ctx.appraisal.entries.get(criterion.code) if ctx.appraisal else None
    self_na, recomputed = _self_side(ctx, criterion, entry)
    result = CriterionResult(
        code=criterion.code,
        title=title,
        area=criterion.code.split(".")[0] if section == "tree" else section,
        section=section,
        possible=most,
        self_score=entry.self_score if entry else None,
        recomputed=recomputed,
        appraised_1=ae.round_1 if ae else None,
        note_1=ae.note_1 if ae else None,
        explanation=ae.explanation if ae else None,
        appraised_2=ae.round_2 if ae else None,
        note_2=ae.note_2 if ae else None,
        changes=_changes(ctx, entry, self_na, ae),
    )
    if criterion.scorer == ScoredBy.SURVEY:
        return _survey(ctx, criterion, result, most)
    kind, value = _council(ae)
    own = entry.self_score if entry and criterion.scorer == ScoredBy.UNIT else None
    own_na = self_na
    stale = ctx.stale is not None and ae is not None and criterion.scorer == ScoredBy.UNIT
    if kind == "none" and stale and ae is not None:  # what the council saw and let stand
        own, own_na = ae.self_score, ae.self_na
    na = kind == "na" or (kind == "none" and own_na)
    if kind == "score" and value is not None:
        result.final = value
    elif na:
        result.possible, result.final = na_points(ctx.cs, criterion, most)
    elif recomputed is not None and _fed(ctx, criterion, {}):  # counted by par-index
        result.final = recomputed
        if _days_late(ctx) and _late_fed(ctx, criterion):
            result.reason = _late_reason(ctx, criterion, recomputed, most)
        elif _plan_differs(ctx, criterion):
            result.reason = _plan_reason(ctx, criterion)
    else:
        if takes_recomputed(ctx.cs, criterion):
            own = recomputed
        result.final = _clamp(own, most)
        result.provisional = not ctx.appraised or criterion.code in _unsettled(ctx)
    result.not_applicable = na
    return _with_gap(ctx, criterion, result, self_na, most)


def _changed(ctx: _Context) -> list[str]:
    return ctx.stale.changed if ctx.stale is not None else []


def _unsettled(ctx: _Context) -> list[str]:
    """Criteria whose self-score stands only for now: changed since the council's sheet was
    made, or appraised by no body (shared appraisal)."""
    gaps = ctx.appraisal.gaps if ctx.appraisal is not None else []
    return [*_changed(ctx), *gaps]


def stale_appraisal(
    cs: CriteriaSet, unit: Unit, submission: Submission | None, appraisal: Appraisal | None
) -> StaleAppraisal | None:
    """How the file scored differs from the one the council appraised, when the council has
    decided something and the sheet's fingerprint is another file's (a sheet without one: when
    its file name or a self-score it shows differs from the file's)."""
    if appraisal is None or not appraisal.started:
        return None
    sha256 = submission.sha256 if submission else None
    same = appraisal.made_from(sha256)
    if same is None and appraisal.seen_file is None:
        return None  # the sheet says nothing of its file: nothing to compare
    changed = _self_scores_changed(cs, unit, submission, appraisal)
    if same is None:  # a sheet made before fingerprints: its file name and self-scores tell
        same = not changed and appraisal.seen_file == (submission.file if submission else None)
    if same:
        return None
    return StaleAppraisal(
        appraisal=f"{appraisal.file} › {appraisal.sheet}",
        cell=appraisal.seen_cell,
        appraised_file=appraisal.seen_file,
        appraised_sha256=appraisal.seen_sha256,
        file=submission.file if submission else None,
        sha256=sha256,
        changed=changed,
    )


def _self_scores_changed(
    cs: CriteriaSet, unit: Unit, submission: Submission | None, appraisal: Appraisal
) -> list[str]:
    """Unit-scored criteria whose self-score (or "Không áp dụng") on the sheet differs from the
    file's."""
    changed = []
    for _section, criterion in scored_rows(cs, unit.unit_type):
        seen = appraisal.entries.get(criterion.code)
        if seen is None or criterion.scorer != ScoredBy.UNIT:
            continue
        entry = submission.entries.get(criterion.code) if submission else None
        if shown_self(entry) != (seen.self_score, seen.self_na):
            changed.append(criterion.code)
    return changed


def _survey(ctx: _Context, criterion: Criterion, result: CriterionResult, most: Decimal):
    """No survey in the workspace: the criterion leaves the scale (the rest is rescaled); no
    result for the unit: as ``survey.missing`` says (``MissingSurvey``)."""
    if ctx.survey is None:
        result.possible = ZERO
        result.not_applicable = True
        return _Scored(result, ZERO, survey=True)
    points = ctx.survey.get(criterion.code)
    result.survey = points
    if points is None:  # never 0 silently: as survey.missing says, and marked
        result.survey_missing = True
        if ctx.missing_survey == MissingSurvey.RESCALE:
            result.possible = ZERO
        result.provisional = ctx.missing_survey != MissingSurvey.ZERO
        return _Scored(result, ZERO, survey=True)
    result.final = _clamp(points, most)
    return _Scored(result, result.final, survey=True)


def _with_gap(ctx, criterion: Criterion, result: CriterionResult, self_na: bool, most: Decimal):
    if criterion.scorer != ScoredBy.UNIT:
        return _Scored(result, result.final)
    own = (
        na_points(ctx.cs, criterion, most)[1]
        if self_na
        else _clamp(_claimed(ctx.cs, criterion, result), most)
    )
    result.gap = result.final - own if result.section == "penalty" else own - result.final
    return _Scored(result, own)


def takes_recomputed(cs: CriteriaSet, criterion: Criterion) -> bool:
    """Whether, without a council's score, the final score is the rule's (``final_from``)."""
    return (
        criterion.scorer == ScoredBy.UNIT and cs.final_from_for(criterion) == FinalFrom.RECOMPUTED
    )


def _claimed(cs: CriteriaSet, criterion: Criterion, result: CriterionResult) -> Decimal | None:
    """What the unit claimed: its self-score; left blank where the final score is the rule's,
    the points its figures give."""
    if result.self_score is None and takes_recomputed(cs, criterion):
        return result.recomputed
    return result.self_score


Row = tuple[str, Criterion, Decimal, str]
"""(section, criterion, maximum for the unit type, title): one scored row of a unit type."""


def plan_for(cs: CriteriaSet, unit_type: str) -> list[Row]:
    """The scored rows of a unit type, computed once per type rather than once per unit."""
    return [
        (section, c, cs.max_for(c, unit_type) or ZERO, str(c.title))
        for section, c in scored_rows(cs, unit_type)
    ]


def score_unit(
    cs: CriteriaSet,
    unit: Unit,
    submission: Submission | None,
    appraisal: Appraisal | None,
    survey: Mapping[str, Decimal] | None,
    *,
    plan: Sequence[Row] | None = None,
    memo: Memo | None = None,
    missing_survey: MissingSurvey = MissingSurvey.RESCALE,
    deadline: dt.date | None = None,
    work_plan: UnitRecord | None = None,
) -> UnitResult:
    """One unit's scores, totals, index and gaps. ``survey`` None: no survey in this period;
    ``plan``: ``plan_for(cs, unit.unit_type)``, when scoring many units; ``missing_survey``:
    what a survey criterion without a result gives; ``deadline``: the self-assessment
    deadline (late-submission penalties, ``from: days_late``). Findings are counted on the result
    afterwards (``count_findings``). ``work_plan``: the unit's plan record at the period's
    end, for criteria that declare ``plan:``."""
    ctx = _Context(cs, unit, submission, appraisal, survey, memo, missing_survey, deadline)
    ctx.work_plan = work_plan
    ctx.stale = stale_appraisal(cs, unit, submission, appraisal)
    rows = plan if plan is not None else plan_for(cs, unit.unit_type)
    scored = [_criterion(ctx, row) for row in rows]
    result = _totals(cs, unit, scored)
    result.areas = _areas(cs, unit, scored)
    result.submitted = submission is not None
    result.provisional = any(s.result.provisional for s in scored) or not ctx.appraised
    result.provisional = result.provisional or ctx.stale is not None
    result.stale_appraisal = ctx.stale
    result.notes = _notes(ctx, scored)
    result.group_values = ctx.group_values
    result.survey_missing = [s.result.code for s in scored if s.result.survey_missing]
    forced = unit_overrides(cs, ctx.answers) if cs.overrides else []
    if forced:
        result.class_id, result.class_reason = forced[0].force_class, str(forced[0].reason)
    return result


def _section_total(cs: CriteriaSet, scored: list[_Scored], name: str) -> tuple[Decimal, Decimal]:
    """(final, self) of the bonus or penalty section, each within the section's cap."""
    section = getattr(cs, name)
    items = [s for s in scored if s.result.section == name]
    if section is None or not items:
        return ZERO, ZERO
    final = cap(sum((s.result.final for s in items), ZERO), section.max)
    own = cap(sum((s.self_points for s in items), ZERO), section.max)
    return final, own


def _totals(cs: CriteriaSet, unit: Unit, scored: list[_Scored]) -> UnitResult:
    tree = [s for s in scored if s.result.section == "tree"]
    possible = sum((s.result.possible for s in tree), ZERO)
    bonus, bonus_self = _section_total(cs, scored, "bonus")
    penalty, penalty_self = _section_total(cs, scored, "penalty")
    tree_final = sum((s.result.final for s in tree), ZERO)
    final, bonus, penalty = _by_index_policy(cs, possible, tree_final, bonus, penalty)
    tree_own = sum((s.self_points for s in tree), ZERO)
    own, _, _ = _by_index_policy(cs, possible, tree_own, bonus_self, penalty_self)
    final, own = tidy(final), tidy(own)
    possible = tidy(possible)
    gaps = [s.result.gap for s in scored if s.result.gap is not None]
    with localcontext(prec=40):
        index = tidy(final / possible * HUNDRED) if possible else ZERO
        inflation = tidy(own / final) if final else None
    return UnitResult(
        unit=unit,
        criteria=[s.result for s in scored],
        bonus=bonus,
        penalty=penalty,
        self_total=own,
        final_total=final,
        possible=possible,
        index=index,
        gap=own - final,
        inflation=inflation,
        over_claimed=sum((g for g in gaps if g > 0), ZERO),
    )


def _by_index_policy(
    cs: CriteriaSet, possible: Decimal, tree: Decimal, bonus: Decimal, penalty: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """(total, bonus, penalty) by the set's index policy: bonus and penalty as points or shrunk
    with the scale (× possible ÷ scale), the total never below 0 and, capped, never above the
    points possible (docs/method.md)."""
    if cs.index.extras == IndexExtras.SCALED and cs.scale and possible != cs.scale:
        with localcontext(prec=40):
            bonus, penalty = tidy(bonus * possible / cs.scale), tidy(penalty * possible / cs.scale)
    total = max(tree + bonus - penalty, ZERO)
    if cs.index.cap:
        total = min(total, possible)
    return total, bonus, penalty


def _areas(cs: CriteriaSet, unit: Unit, scored: list[_Scored]) -> list[AreaResult]:
    out = []
    for area in cs.areas:
        if not cs.applies(area, unit.unit_type):
            continue
        items = [s for s in scored if s.result.section == "tree" and s.result.area == area.code]
        possible = tidy(sum((s.result.possible for s in items), ZERO))
        final = tidy(sum((s.result.final for s in items), ZERO))
        own = tidy(sum((s.self_points for s in items), ZERO))
        with localcontext(prec=40):
            percent = tidy(final / possible * HUNDRED) if possible else None
        out.append(
            AreaResult(
                code=area.code,
                title=str(area.title),
                possible=possible,
                self_score=own,
                final=final,
                percent=percent,
                gap=own - final,
            )
        )
    return out


def _notes(ctx: _Context, scored: list[_Scored]) -> list[str]:
    notes = []
    if ctx.submission is None:
        notes.append(M_NOT_SUBMITTED.format())
    if not ctx.appraised:
        notes.append(M_NOT_APPRAISED.format())
    notes += [s.result.reason for s in scored if s.result.reason]
    missing = [s.result.code for s in scored if s.result.survey_missing]
    if missing:
        notes.append(M_NO_SURVEY[ctx.missing_survey].format(codes=", ".join(missing)))
    if ctx.stale is not None:
        notes.append(M_STALE.format(**_stale_fields(ctx.stale)))
    return notes


def _stale_fields(stale: StaleAppraisal) -> dict[str, str]:
    return {
        "seen": _file(stale.appraised_file, stale.appraised_sha256),
        "file": _file(stale.file, stale.sha256),
        "changed": ", ".join(stale.changed) or M_NONE_CHANGED.format(),
    }


def _file(name: str | None, sha256: str | None) -> str:
    """A file as the stale-appraisal messages name it: its name and fingerprint's start (a file
    re-sent under the same name differs only there)."""
    if name is None:
        return M_NO_FILE.format()
    return M_FILE.format(file=name, sha=sha256[:8]) if sha256 else name


def stale_problems(units: Sequence[UnitResult]) -> list[InputProblem]:
    """A warning on the appraisal sheet of every unit scored from another file than the one the
    council appraised."""
    problems = []
    for u in units:
        stale = u.stale_appraisal
        if stale is None:
            continue
        file, _, sheet = stale.appraisal.partition(" › ")
        where = f"{stale.appraisal}!{stale.cell}" if stale.cell else stale.appraisal
        message = M_STALE_PROBLEM.format(where=where, unit=u.unit.code, **_stale_fields(stale))
        problems.append(
            InputProblem(
                code=M_STALE_PROBLEM.code,
                severity="warning",
                file=file,
                sheet=sheet or None,
                cell=stale.cell,
                unit=u.unit.code,
                message=message,
            )
        )
    return problems


# -- a whole period -----------------------------------------------------------------------------
def score_one(inputs: Inputs, unit: Unit, submission: Submission | None) -> UnitResult:
    """One unit's result from its submission (None: it sent nothing), its appraisal and its
    survey results. The one per-unit scoring step: worker processes and the in-process path
    both call it. Findings are put on the result later (``count_findings``), once every check,
    those across units included, is known. With groups of units, on the unit's group's set."""
    inputs = inputs.within(unit)
    survey = None if inputs.survey is None else inputs.survey.get(unit.code, {})
    appraisal = inputs.appraisals.get(unit.code)
    plan = inputs.memo.get("scoring.plan", (inputs.cs.content_hash, unit.unit_type),
                           lambda: plan_for(inputs.cs, unit.unit_type))  # fmt: skip
    result = score_unit(
        inputs.cs, unit, submission, appraisal, survey, plan=plan, memo=inputs.memo,
        missing_survey=inputs.survey_config.missing, deadline=inputs.context.deadline,
        work_plan=plan_record(inputs, unit),
    )  # fmt: skip
    result.head_disciplined = head_disciplined(unit.code, submission, inputs.staff)
    return result


def plan_record(inputs: Inputs, unit: Unit) -> UnitRecord | None:
    year = inputs.context.plan
    return year.record(unit.code) if year is not None else None


def count_findings(result: UnitResult, findings: Sequence[Finding]) -> None:
    """Put a unit's findings (those across units included) on its result and its rows."""
    result.findings = dict(Counter(str(f.severity) for f in findings))
    result.finding_codes = dict(Counter(f.code for f in findings))
    by_criterion: dict[str, list[str]] = {}
    for f in findings:
        if f.criterion is not None:
            by_criterion.setdefault(f.criterion, []).append(f.code)
    for row in result.criteria:
        codes = by_criterion.get(row.code, [])
        row.findings, row.finding_codes = len(codes), codes


def score(inputs: Inputs, report: Report, scored: Mapping[str, UnitResult]) -> Results:
    """The period's results: every unit of the units file, scored from the file the check
    counted for it (``scored``, by unit code) or as not submitted, with its findings; then
    classes, ranks, inflation ranks, staff outcomes and the comparison with last year.

    Does no I/O: ``par_index.pipeline`` reads the files and calls it."""
    findings: dict[str, list[Finding]] = {}
    for finding in report.findings:
        findings.setdefault(finding.unit or "", []).append(finding)
    results: list[UnitResult] = []
    for group, own in inputs.by_group():
        part = []
        for unit in own.units:
            result = scored.get(unit.code)
            if result is None:
                result = score_one(own, unit, None)
            result.scored_file = report.scored_files.get(unit.code) if unit.code in scored else None
            result.set_aside = report.set_aside.get(unit.code, [])
            if result.scored_file is not None:
                result.scored_version = report.versions.get(result.scored_file)
            if group is not None:
                result.set_group = group.id
            count_findings(result, findings.get(unit.code, []))
            part.append(result)
        results += with_group_rules(own.cs, part)
    return ranked(inputs, results)


_TOTALS = ("bonus", "penalty", "self_total", "final_total", "possible", "index", "gap",
           "inflation", "over_claimed")  # fmt: skip


def with_group_rules(cs: CriteriaSet, results: list[UnitResult]) -> list[UnitResult]:
    """The units' results once rules over all units (best_in_group) have their points: each
    such row's recomputed points; where the final score comes from them (``final_from:
    recomputed``, no council score, applicable), the final score, the gap and the unit's
    totals again. Results are changed in place and returned."""
    filled = fill_group_rules(cs, results)
    for result in results:
        codes = filled.get(result.unit.code)
        if codes:
            _refinal(cs, result, codes)
    return results


def _refinal(cs: CriteriaSet, result: UnitResult, codes: set[str]) -> None:
    criteria = {c.code: c for _section, c, _most, _title in plan_for(cs, result.unit.unit_type)}
    scored = []
    for row in result.criteria:
        own = _own_of(row)
        criterion = criteria[row.code]
        if row.code in codes and takes_recomputed(cs, criterion):
            if row.appraised_1 is None and row.appraised_2 is None:  # no council score
                row.final = _clamp(row.recomputed, row.possible)
            own = _clamp(_claimed(cs, criterion, row), row.possible)
            row.gap = row.final - own if row.section == "penalty" else own - row.final
        scored.append(_Scored(row, own))
    _retotal(cs, result, scored)


def _retotal(cs: CriteriaSet, result: UnitResult, scored: list[_Scored]) -> None:
    """The unit's totals, index and areas again from its rows."""
    fresh = _totals(cs, result.unit, scored)
    for name in _TOTALS:
        setattr(result, name, getattr(fresh, name))
    result.areas = _areas(cs, result.unit, scored)


def with_council_scores(cs: CriteriaSet, result: UnitResult, scores: Mapping[str, Decimal]) -> None:
    """Put council scores (round 2) on a unit's rows, as if appraised, and total it again: each
    row's final score, points possible (a number makes a not-applicable row applicable again)
    and gap. The caller checks the codes and scores (``par_index.whatif``)."""
    most = {c.code: m for _section, c, m, _title in plan_for(cs, result.unit.unit_type)}
    scored = []
    for row in result.criteria:
        own = _own_of(row)
        if row.code in scores:
            row.appraised_2 = row.final = scores[row.code]
            row.possible, row.not_applicable, row.provisional = most[row.code], False, False
            if row.gap is None:  # not the unit's to score: its self-side points are the final
                own = row.final
            else:
                row.gap = row.final - own if row.section == "penalty" else own - row.final
        scored.append(_Scored(row, own))
    _retotal(cs, result, scored)


def _own_of(row: CriterionResult) -> Decimal:
    """The self-side points a row counted (final and gap give them back exactly)."""
    if row.gap is None:
        return row.final
    return row.final - row.gap if row.section == "penalty" else row.final + row.gap


def ranked(inputs: Inputs, unit_results: list[UnitResult]) -> Results:
    """The period's results from units already scored (one per unit, in the units' order). With
    groups of units, each group is classed, ranked and given its staff outcomes on its own set,
    never against another group, and listed after the one before it."""
    table, rules = active_rules(inputs.staff)
    precision = inputs.ranking.precision
    units: list[UnitResult] = []
    for group, own in inputs.by_group():
        part = unit_results if group is None else [
            u for u in unit_results if inputs.set_for(u.unit.unit_type) is group.cs
        ]  # fmt: skip
        done = classify(part, own.cs, own.ranking)
        done = rank_inflation(rank(done, own.ranking))
        done = with_firmness(done, own.cs, own.ranking, own.firmness, own.survey_answers)
        units += [u.model_copy(update={"staff": _staff(own, u, rules)}) for u in done]
    sets = [own.cs for _group, own in inputs.by_group()]
    results = Results(
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        period=inputs.period,
        criteria_id="+".join(cs.id for cs in sets),
        criteria_version="+".join(cs.version for cs in sets),
        criteria_title="; ".join(str(cs.title) for cs in sets),
        criteria_documents=list(dict.fromkeys(_document(d) for cs in sets for d in cs.documents)),
        groups=[_group_of(group) for group, _own in inputs.by_group() if group is not None],
        units=units,
        ranking_scope=inputs.ranking.scope,
        precision=precision,
        staff_table=table,
        problems=[*inputs.problems, *stale_problems(unit_results)],
        firmness_draws=inputs.firmness.draws,
        firmness_seed=inputs.firmness.seed if inputs.firmness.draws else None,
        firmness_interval=inputs.firmness.interval,
        firmness_weight_change=inputs.firmness.weight_change,
    )
    return compare(results, inputs.previous) if inputs.previous is not None else results


def _group_of(group: UnitGroup) -> ResultGroup:
    cs = group.cs
    return ResultGroup(
        id=group.id,
        name=group.name,
        criteria_id=cs.id,
        criteria_version=cs.version,
        criteria_title=str(cs.title),
        criteria_documents=[_document(d) for d in cs.documents],
    )


def _staff(inputs: Inputs, unit: UnitResult, rules: list[StaffRule]) -> StaffOutcome:
    """The unit's staff outcome, marked not firm when its rank interval or area checks reach a
    rank or class that would give another one."""
    precision = inputs.ranking.precision
    outcome = staff_outcome(unit, rules, precision)
    if unit.firm:
        return outcome
    others = [
        staff_outcome(other, rules, precision)
        for other in scenarios(unit, inputs.cs, inputs.ranking)
    ]
    return with_firmness_note(outcome, others, summary(unit, inputs.firmness.weight_change))


def _document(doc: Document) -> str:
    date = f" ngày {doc.date:%d/%m/%Y}" if doc.date else ""
    return f"{doc.number}{date} của {doc.issuer}"
