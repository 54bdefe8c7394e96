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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from pathlib import Path

from par_index import __version__
from par_index.appraisal import Appraisal, AppraisedScore, read_appraisals, scored_rows
from par_index.check.finding import Finding, Report
from par_index.criteria import load_criteria
from par_index.criteria.model import (
    CriteriaSet,
    Criterion,
    Document,
    NotApplicablePolicy,
    ScoredBy,
)
from par_index.errors import ParIndexError
from par_index.i18n import Message
from par_index.numbers import HUNDRED, ZERO
from par_index.ranking import RankingConfig, classify, rank, rank_inflation
from par_index.results import (
    AreaResult,
    CriterionResult,
    InputProblem,
    Results,
    ScoreChange,
    UnitResult,
)
from par_index.results_io import compare, load_results
from par_index.rules import Answers, Outcome, answer_kind, cap, evaluated, unit_overrides
from par_index.staff import StaffConfig, active_rules, head_disciplined, staff_outcome
from par_index.submission import Entry, Submission
from par_index.survey import Survey, read_surveys
from par_index.units import Unit, load_units
from par_index.workbook.reader import read_submission
from par_index.workspace import Workspace

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
M_NO_SURVEY = Message(
    "score.survey-missing",
    "Thiếu kết quả điều tra xã hội học cho tiêu chí {codes}: tạm tính 0 điểm.",
    "Survey results missing for criterion {codes}: 0 points for now.",
)

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
    findings: Sequence[Finding]
    answers: dict[str, Answers] = field(default_factory=dict)
    """What the unit declared, by criterion (kept for the set-level overrides)."""

    @property
    def appraised(self) -> bool:
        return self.appraisal is not None and self.appraisal.complete


def _self_side(ctx: _Context, criterion: Criterion, entry: Entry | None):
    """(claimed not applicable?, recomputed points) from the unit's own answers."""
    if entry is None or criterion.scorer != ScoredBy.UNIT:
        return False, None
    answers = entry.answers()
    ctx.answers[criterion.code] = answers
    answer, na = answers.answer, answers.not_applicable
    claimed = na or answer_kind(answer) == "na"
    if claimed and not criterion.na_allowed:  # scored on what else was declared
        answer = None if answer_kind(answer) == "na" else answer
        claimed = na = False
    ev = evaluated(ctx.cs, criterion, ctx.unit.unit_type, answer, na, answers.figures)
    done = ev.outcome in (Outcome.SCORED, Outcome.OVERRIDDEN, Outcome.NOT_APPLICABLE)
    return claimed, (ev.points if done else None)


def _changes(ctx: _Context, entry: Entry | None, self_na: bool, ae: AppraisedScore | None):
    """Who changed the score in each round, and why (only rounds that changed something)."""
    if ae is None or ctx.appraisal is None:
        return []
    before = (entry.self_score if entry else None, self_na)
    changes = []
    for round_, score, na, note in (
        (1, ae.round_1, ae.round_1_na, ae.note_1),
        (2, ae.round_2, ae.round_2_na, ae.note_2),
    ):
        if score is None and not na:
            continue
        if (score, na) != before:
            by = ctx.appraisal.source(round_)
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
    found = [f for f in ctx.findings if f.criterion == criterion.code] if ctx.findings else []
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
        findings=len(found),
        finding_codes=[f.code for f in found],
    )
    if criterion.scorer == ScoredBy.SURVEY:
        return _survey(ctx, criterion, result, most)
    kind, value = _council(ae)
    na = kind == "na" or (kind == "none" and self_na)
    if kind == "score":
        result.final = value
    elif na:
        result.possible, result.final = na_points(ctx.cs, criterion, most)
    else:
        own = entry.self_score if entry and criterion.scorer == ScoredBy.UNIT else None
        result.final = _clamp(own, most)
        result.provisional = not ctx.appraised
    result.not_applicable = na
    return _with_gap(ctx, criterion, result, self_na, most)


def _survey(ctx: _Context, criterion: Criterion, result: CriterionResult, most: Decimal):
    """No survey in the workspace: the criterion leaves the scale (the rest is rescaled)."""
    if ctx.survey is None:
        result.possible = ZERO
        result.not_applicable = True
        return _Scored(result, ZERO, survey=True)
    points = ctx.survey.get(criterion.code)
    result.survey = points
    result.final = _clamp(points, most)
    result.provisional = points is None
    return _Scored(result, result.final, survey=True)


def _with_gap(ctx, criterion: Criterion, result: CriterionResult, self_na: bool, most: Decimal):
    if criterion.scorer != ScoredBy.UNIT:
        return _Scored(result, result.final)
    own = na_points(ctx.cs, criterion, most)[1] if self_na else _clamp(result.self_score, most)
    result.gap = result.final - own if result.section == "penalty" else own - result.final
    return _Scored(result, own)


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
    findings: Iterable[Finding] = (),
    plan: Sequence[Row] | None = None,
) -> UnitResult:
    """One unit's scores, totals, index and gaps. ``survey`` None: no survey in this period;
    ``plan``: ``plan_for(cs, unit.unit_type)``, when scoring many units."""
    ctx = _Context(cs, unit, submission, appraisal, survey, list(findings))
    rows = plan if plan is not None else plan_for(cs, unit.unit_type)
    scored = [_criterion(ctx, row) for row in rows]
    result = _totals(cs, unit, scored)
    result.areas = _areas(cs, unit, scored)
    result.submitted = submission is not None
    result.provisional = any(s.result.provisional for s in scored) or not ctx.appraised
    result.notes = _notes(ctx, scored)
    result.findings = dict(Counter(str(f.severity) for f in ctx.findings))
    result.finding_codes = dict(Counter(f.code for f in ctx.findings))
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
    final = tidy(max(sum((s.result.final for s in tree), ZERO) + bonus - penalty, ZERO))
    own = tidy(max(sum((s.self_points for s in tree), ZERO) + bonus_self - penalty_self, ZERO))
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
    missing = [s.result.code for s in scored if s.survey and s.result.survey is None]
    if missing and ctx.survey is not None:
        notes.append(M_NO_SURVEY.format(codes=", ".join(missing)))
    return notes


# -- a whole period -----------------------------------------------------------------------------
@dataclass
class Inputs:
    """Everything one period's scoring needs, already read (the pure entry point takes this)."""

    cs: CriteriaSet
    units: Sequence[Unit]
    period: str
    submissions: Mapping[str, Submission] | Iterable[Submission] = field(default_factory=dict)
    """By unit code, or a stream of submissions (each carries its unit code)."""
    report: Report | None = None
    appraisals: Mapping[str, Appraisal] = field(default_factory=dict)
    survey: Survey | None = None
    """None: no survey this period (survey criteria leave the scale)."""
    previous: Results | None = None
    ranking: RankingConfig = field(default_factory=RankingConfig)
    staff: StaffConfig = field(default_factory=StaffConfig)
    problems: Sequence[InputProblem] = ()


def score(inputs: Inputs) -> Results:
    """Score, class, rank, measure inflation, apply the staff rules and compare with last year.

    Does no I/O: ``score_workspace`` reads the files and calls it.
    """
    return ranked(inputs, _unit_results(inputs))


def ranked(inputs: Inputs, unit_results: list[UnitResult]) -> Results:
    """The period's results from units already scored (one per unit, in the units' order):
    classes, ranks, inflation ranks, staff outcomes, comparison with last year."""
    units = classify(unit_results, inputs.cs, inputs.ranking)
    units = rank_inflation(rank(units, inputs.ranking))
    table, rules = active_rules(inputs.staff)
    precision = inputs.ranking.precision
    units = [u.model_copy(update={"staff": staff_outcome(u, rules, precision)}) for u in units]
    results = Results(
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        period=inputs.period,
        criteria_id=inputs.cs.id,
        criteria_version=inputs.cs.version,
        criteria_title=str(inputs.cs.title),
        criteria_documents=[_document(d) for d in inputs.cs.documents],
        units=units,
        ranking_scope=inputs.ranking.scope,
        precision=precision,
        staff_table=table,
        problems=list(inputs.problems),
    )
    return compare(results, inputs.previous) if inputs.previous is not None else results


def _unit_results(inputs: Inputs) -> list[UnitResult]:
    """One result per unit of the units file, consuming the submissions one at a time (a
    stream of thousands is never held at once); the first submission of a unit counts."""
    known = {u.code: u for u in inputs.units}
    plans: dict[str, list[Row]] = {}
    findings: dict[str, list[Finding]] = {}
    for finding in inputs.report.findings if inputs.report is not None else []:
        findings.setdefault(finding.unit or "", []).append(finding)
    subs = inputs.submissions
    stream = subs.values() if isinstance(subs, Mapping) else subs
    done: dict[str, UnitResult] = {}
    for sub in stream:
        code = sub.unit_code
        if code in known and code not in done:
            done[code] = _unit_result(inputs, known[code], sub, findings.get(code, []), plans)
    return [
        done.get(u.code) or _unit_result(inputs, u, None, findings.get(u.code, []), plans)
        for u in inputs.units
    ]


def _unit_result(
    inputs: Inputs,
    unit: Unit,
    submission: Submission | None,
    findings: list[Finding],
    plans: dict[str, list[Row]],
) -> UnitResult:
    survey = None if inputs.survey is None else inputs.survey.get(unit.code, {})
    appraisal = inputs.appraisals.get(unit.code)
    plan = plans.get(unit.unit_type)
    if plan is None:
        plan = plans[unit.unit_type] = plan_for(inputs.cs, unit.unit_type)
    result = score_unit(inputs.cs, unit, submission, appraisal, survey, findings, plan)
    result.head_disciplined = head_disciplined(unit.code, submission, inputs.staff)
    return result


def _document(doc: Document) -> str:
    date = f" ngày {doc.date:%d/%m/%Y}" if doc.date else ""
    return f"{doc.number}{date} của {doc.issuer}"


def score_workspace(
    ws: Workspace, submissions: Iterable[Submission], report: Report | None = None
) -> Results:
    """Read the workspace's criteria, units, appraisal workbooks, survey and last period's
    results, then ``score`` the submissions (as read and checked by the caller)."""
    return score(workspace_inputs(ws, submissions, report))


def workspace_inputs(
    ws: Workspace,
    submissions: Iterable[Submission] = (),
    report: Report | None = None,
    *,
    cs: CriteriaSet | None = None,
    units: Sequence[Unit] | None = None,
) -> Inputs:
    """The scoring inputs of a workspace (``cs`` and ``units`` when the caller has them)."""
    cs = cs or load_criteria(_criteria_ref(ws))
    units = units if units is not None else load_units(ws.path(ws.config.units), cs.type_ids())
    appraisals = read_appraisals(ws.path(ws.config.paths.appraisal), cs, units)
    problems = [p for a in appraisals.values() for p in a.problems]
    return Inputs(
        cs=cs,
        units=units,
        period=ws.config.period,
        submissions=submissions,
        report=report,
        # a sheet whose columns could not be found leaves its unit unappraised (provisional)
        appraisals={code: a for code, a in appraisals.items() if a.entries or not a.problems},
        survey=read_surveys(ws.path(ws.config.paths.survey), cs, units),
        previous=_previous(ws),
        ranking=ws.config.ranking,
        staff=ws.config.staff,
        problems=problems,
    )


def _criteria_ref(ws: Workspace) -> str | Path:
    """The set named in par-index.yaml: a file relative to the workspace, else a shipped name."""
    local = ws.root / ws.config.criteria
    return local if local.is_file() else ws.config.criteria


def read_submissions(
    cs: CriteriaSet, report: Report, sources: Mapping[str, Path]
) -> Iterator[Submission]:
    """Read again, one at a time, the workbook the check step counted for each unit (its first
    readable file); ``sources`` maps the report's file names to paths (``CheckRun.sources``)."""
    for unit_code in report.units:
        for name in report.unit_files.get(unit_code, []):
            path = sources.get(name)
            if path is None:
                continue
            try:
                submission = read_submission(path, cs, display_name=name)
            except ParIndexError:
                continue  # the check step already reported it
            yield submission.model_copy(update={"unit_code": unit_code})
            break


def _previous(ws: Workspace) -> Results | None:
    relative = ws.config.paths.previous
    if not relative:
        return None
    path = ws.path(relative)
    return load_results(path) if path.is_file() else None
