"""Where each unit stands in the period's campaign, and whom to remind of what: pure, from the
facts ``par_index.pipeline.status`` gathers from the workspace's files.

The phases are one list, ``PHASES``: each a probe of a unit's facts, its words, the deadline it
keeps (a field of par-index.yaml's ``deadlines:``, or one of the unit's own) and who acts (the
unit, or the office). A later phase (an appraising body's progress, the plan's completion) is
one more ``Phase`` here and, if it needs a new fact, one more field of ``UnitFacts`` filled by
the pipeline. The year's PAR plan (``PLAN``) is such a phase: a track beside the campaign's
steps (it never is "the phase a unit is in"), shown only in a workspace that has a plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel

from par_index.appraisal.bodies import BodyProgress
from par_index.i18n import Lang, Message
from par_index.numbers import NumberKind, display, shown_date
from par_index.plan.status import PlanStatus
from par_index.plan.status import UnitStatus as UnitPlan
from par_index.units import Unit


class Actor(StrEnum):
    """Who must act for a phase to be done: units are reminded, the office is not."""

    UNIT = "unit"
    OFFICE = "office"


@dataclass(frozen=True)
class UnitFacts:
    """What the workspace's files say about one unit."""

    unit: Unit
    template: bool = False
    """Its self-assessment template is in the templates folder."""
    versions: int = 0
    """Files received for it (the received log)."""
    checked: bool = False
    """check.json has its newest file checked."""
    errors: int = 0
    """Error-level findings of that check."""
    feedback: bool = False
    """Its feedback page is in the outputs (a unit that sent nothing has one too, saying so:
    the phase counts it only once its newest file is checked)."""
    explanation_due: bool = False
    """Round 1 lowered a score of its: an explanation is expected."""
    explanation: bool = False
    """An explanation workbook of its is in the explanations folder."""
    round_1: bool = False
    """The council appraised it (round 1)."""
    round_2: bool = False
    """The council's round 2 is recorded."""
    survey: bool = False
    """The survey has its result."""
    plan: UnitPlan | None = None
    """Its year's PAR plan on the date (None: the workspace has no plan; its ``completion`` is
    None when the unit sent no plan workbook)."""


@dataclass(frozen=True)
class Phase:
    """One step of the campaign for a unit."""

    key: str
    label: Message
    done: Callable[[UnitFacts], bool]
    actor: Actor = Actor.OFFICE
    deadline: str | None = None
    """The field of ``deadlines:`` (par-index.yaml) this phase keeps."""
    due: Callable[[UnitFacts], bool] = lambda facts: True
    """Whether the phase applies to the unit (an explanation only after a lowered score)."""
    missing: Message | Callable[[UnitFacts, Lang], str] | None = None
    """What a reminder says the unit still has to do."""
    detail: Callable[[UnitFacts, Lang], str] | None = None
    step: bool = True
    """A step of the campaign (the last one done is the unit's phase); False for a track
    beside it (the year's plan)."""
    deadline_of: Callable[[UnitFacts], dt.date | None] | None = None
    """The unit's own deadline, in place of a field of ``deadlines:`` (the plan's tasks)."""

    def todo(self, facts: UnitFacts, lang: Lang) -> str:
        """The reminder's words for the unit."""
        if self.missing is None:
            return ""
        if isinstance(self.missing, Message):
            return self.missing.format(lang)
        return self.missing(facts, lang)


def _checked_detail(facts: UnitFacts, lang: Lang) -> str:
    return M_ERRORS.format(lang, count=facts.errors) if facts.checked else ""


def _versions_detail(facts: UnitFacts, lang: Lang) -> str:
    return M_VERSIONS.format(lang, count=facts.versions) if facts.versions > 1 else ""


def _plan_done(facts: UnitFacts) -> bool:
    """Its plan workbook is in and no task of it is overdue."""
    return facts.plan is not None and facts.plan.completion is not None and not facts.plan.overdue


def _plan_detail(facts: UnitFacts, lang: Lang) -> str:
    """Its plan's tasks on the date: on time, late and overdue of those due."""
    done = facts.plan.completion if facts.plan is not None else None
    if done is None:
        return M_NO_PLAN.format(lang) if facts.plan is not None else ""
    return M_PLAN.format(
        lang, on_time=done.on_time, late=done.late, overdue=done.overdue,
        due=done.planned - done.not_due,
    )  # fmt: skip


def _plan_missing(facts: UnitFacts, lang: Lang) -> str:
    """Send the plan workbook, or carry out the overdue tasks (naming who leads them)."""
    if facts.plan is None or facts.plan.completion is None:
        return M_SEND_PLAN.format(lang)
    leads = list(dict.fromkeys(t.lead for t in facts.plan.overdue if t.lead))
    if not leads:
        return M_OVERDUE.format(lang, count=len(facts.plan.overdue))
    return M_OVERDUE_LEADS.format(lang, count=len(facts.plan.overdue), leads="; ".join(leads))


def _plan_deadline(facts: UnitFacts) -> dt.date | None:
    """The due date of its longest overdue task."""
    overdue = facts.plan.overdue if facts.plan is not None else ()
    return min((t.due for t in overdue), default=None)


M_ERRORS = Message("status.errors", "{count} lỗi", "{count} error(s)")
M_VERSIONS = Message("status.versions", "{count} phiên bản", "{count} versions")
M_PLAN = Message(
    "status.plan",
    "{on_time} đúng hạn, {late} chậm, {overdue} quá hạn / {due} đến hạn",
    "{on_time} on time, {late} late, {overdue} overdue / {due} due",
)
M_NO_PLAN = Message("status.plan.none", "chưa gửi tệp kế hoạch", "no plan workbook")
M_SEND_PLAN = Message(
    "status.missing.plan", "gửi tệp Kế hoạch CCHC năm", "send the year's PAR plan workbook"
)
M_OVERDUE = Message(
    "status.missing.plan-overdue",
    "hoàn thành {count} nhiệm vụ quá hạn của Kế hoạch CCHC năm",
    "carry out the {count} overdue task(s) of the year's PAR plan",
)
M_OVERDUE_LEADS = Message(
    "status.missing.plan-overdue-leads",
    "hoàn thành {count} nhiệm vụ quá hạn của Kế hoạch CCHC năm (chủ trì: {leads})",
    "carry out the {count} overdue task(s) of the year's PAR plan (led by: {leads})",
)

PLAN = Phase(
    "plan", Message("status.phase.plan", "Kế hoạch CCHC", "PAR plan"),
    _plan_done, Actor.UNIT, due=lambda f: f.plan is not None, missing=_plan_missing,
    detail=_plan_detail, step=False, deadline_of=_plan_deadline,
)  # fmt: skip
"""The year's PAR plan on the date: done while nothing is overdue."""

PHASES: list[Phase] = [
    Phase(
        "template", Message("status.phase.template", "Đã có biểu mẫu", "Template made"),
        lambda f: f.template,
    ),
    Phase(
        "received", Message("status.phase.received", "Đã nhận tệp tự chấm", "Workbook received"),
        lambda f: f.versions > 0, Actor.UNIT, "self_assessment",
        missing=Message(
            "status.missing.received", "gửi tệp tự chấm điểm", "send the self-assessment workbook"
        ),
        detail=_versions_detail,
    ),
    Phase(
        "checked", Message("status.phase.checked", "Đã kiểm tra", "Checked"),
        lambda f: f.checked, detail=_checked_detail,
    ),
    Phase(
        "corrected", Message("status.phase.corrected", "Không còn lỗi", "No errors left"),
        lambda f: f.checked and f.errors == 0, Actor.UNIT, "self_assessment",
        due=lambda f: f.checked and f.errors > 0,
        missing=Message(
            "status.missing.corrected", "sửa các lỗi trong phiếu phản hồi và gửi lại tệp",
            "fix the errors listed in the feedback page and send the workbook again",
        ),
    ),
    Phase(
        "feedback", Message("status.phase.feedback", "Đã gửi phản hồi", "Feedback produced"),
        lambda f: f.feedback and f.checked,
    ),
    Phase(
        "round_1", Message("status.phase.round-1", "Thẩm định vòng 1", "Appraised, round 1"),
        lambda f: f.round_1, deadline="appraisal_round_1",
    ),
    Phase(
        "explanation",
        Message("status.phase.explanation", "Đã nhận giải trình", "Explanation received"),
        lambda f: f.explanation, Actor.UNIT, "explanation", due=lambda f: f.explanation_due,
        missing=Message(
            "status.missing.explanation", "gửi phiếu giải trình các tiêu chí bị trừ điểm",
            "send the explanation workbook for the criteria scored down",
        ),
    ),
    Phase(
        "round_2", Message("status.phase.round-2", "Thẩm định vòng 2", "Appraised, round 2"),
        lambda f: f.round_2, deadline="appraisal_round_2",
    ),
    Phase(
        "survey", Message("status.phase.survey", "Có kết quả điều tra XHH", "Survey in"),
        lambda f: f.survey, deadline="survey",
    ),
    PLAN,
]  # fmt: skip
"""Every phase, in the campaign's order (the status table's columns)."""


def phases_for(facts: list[UnitFacts]) -> list[Phase]:
    """The phases of a workspace: the plan's only when it has a plan."""
    with_plan = any(one.plan is not None for one in facts)
    return [p for p in PHASES if p is not PLAN or with_plan]


class PhaseStatus(BaseModel):
    """One phase of one unit."""

    phase: str
    done: bool
    due: bool
    """The phase applies to the unit (else it is shown as not needed)."""
    deadline: dt.date | None = None
    days_left: int | None = None
    """Days to the deadline when not done (negative: that many days late)."""
    detail: str = ""
    todo: str = ""
    """What the unit still has to do, when it is the unit's to do (a reminder's words)."""


class UnitStatus(BaseModel):
    """One unit's row of the status table."""

    code: str
    name: str
    contact: str | None = None
    phase: str | None = None
    """The last phase done, in order (None: none yet)."""
    versions: int = 0
    errors: int | None = None
    phases: list[PhaseStatus] = []
    plan: UnitPlan | None = None
    """Its year's PAR plan on the date: the counts and the overdue tasks (None: no plan)."""

    def of(self, key: str) -> PhaseStatus:
        return next(p for p in self.phases if p.phase == key)

    @property
    def waiting(self) -> PhaseStatus | None:
        """The first step of the campaign due and not done (None: every step is done)."""
        steps = {p.key for p in PHASES if p.step}
        return next((p for p in self.phases if p.phase in steps and p.due and not p.done), None)


class Reminder(BaseModel):
    """One thing a unit still has to do, for a mass message (SMS, Zalo)."""

    code: str
    name: str
    contact: str | None
    missing: str
    deadline: dt.date | None
    days_left: int | None
    message: str


def statuses(
    facts: list[UnitFacts],
    deadlines: Mapping[str, dt.date | None],
    as_of: dt.date,
    lang: Lang | str | None = None,
    phases: list[Phase] | None = None,
) -> list[UnitStatus]:
    """Each unit's phases on ``as_of`` (``deadlines``: field of ``deadlines:`` -> date;
    ``phases``: default, the workspace's, ``phases_for``)."""
    chosen = phases if phases is not None else phases_for(facts)
    return [_status(one, deadlines, as_of, Lang(lang or "vi"), chosen) for one in facts]


def _status(
    facts: UnitFacts,
    deadlines: Mapping[str, dt.date | None],
    as_of: dt.date,
    lang: Lang,
    phases: list[Phase],
) -> UnitStatus:
    out = UnitStatus(
        code=facts.unit.code, name=facts.unit.name, contact=facts.unit.contact,
        versions=facts.versions, errors=facts.errors if facts.checked else None,
        plan=facts.plan,
    )  # fmt: skip
    for phase in phases:
        done, due = phase.done(facts), phase.due(facts)
        deadline = _deadline(phase, facts, deadlines)
        left = (deadline - as_of).days if deadline is not None and due and not done else None
        detail = phase.detail(facts, lang) if phase.detail else ""
        todo = phase.todo(facts, lang) if phase.actor == Actor.UNIT and due and not done else ""
        out.phases.append(PhaseStatus(phase=phase.key, done=done, due=due, deadline=deadline,
                                      days_left=left, detail=detail, todo=todo))  # fmt: skip
        if done and phase.step:
            out.phase = phase.key
    return out


def _deadline(
    phase: Phase, facts: UnitFacts, deadlines: Mapping[str, dt.date | None]
) -> dt.date | None:
    if phase.deadline_of is not None:
        return phase.deadline_of(facts)
    return deadlines.get(phase.deadline) if phase.deadline else None


M_REMIND = Message(
    "status.remind",
    "{sender} kính gửi {name}: đề nghị đơn vị {missing} {when}. Trân trọng.",
    "{sender} to {name}: please {missing} {when}. Thank you.",
)
M_BY = Message(
    "status.remind.by", "trước ngày {date} (còn {days} ngày)", "by {date} ({days} days left)"
)
M_TODAY = Message("status.remind.today", "trong hôm nay, {date}", "today, {date}")
M_LATE = Message(
    "status.remind.late",
    "ngay (đã quá hạn {date} {days} ngày)",
    "at once (the deadline {date} passed {days} days ago)",
)
M_SOON = Message("status.remind.soon", "sớm", "soon")
M_SENDER = Message("status.remind.sender", "Cơ quan tổng hợp", "The collecting office")


@dataclass
class ReminderText:
    """Who sends the reminders (par-index.yaml's ``producer``)."""

    sender: str | None = None
    lang: Lang | str | None = None


def reminders(rows: list[UnitStatus], how: ReminderText) -> list[Reminder]:
    """Every phase a unit must act on, due and not done, with a ready message."""
    lang = Lang(how.lang or "vi")
    out = []
    for row in rows:
        for state in row.phases:
            if not state.todo:
                continue
            text = M_REMIND.format(
                lang, sender=how.sender or M_SENDER.format(lang), name=row.name,
                missing=state.todo, when=_when(state, lang),
            )  # fmt: skip
            out.append(Reminder(
                code=row.code, name=row.name, contact=row.contact, missing=state.todo,
                deadline=state.deadline, days_left=state.days_left, message=text,
            ))  # fmt: skip
    return out


@dataclass
class Campaign:
    """The status of every unit on a day, and the reminders."""

    as_of: dt.date
    units: list[UnitStatus]
    reminders: list[Reminder]
    bodies: list[BodyProgress] = field(default_factory=list)
    """Each appraising body's progress (a shared appraisal; else empty)."""
    phases: list[Phase] = field(default_factory=lambda: PHASES)
    """The workspace's phases (``phases_for``): the status table's columns."""
    plan: PlanStatus | None = None
    """The year's PAR plan on the day (None: the workspace has none, or it cannot be read)."""


def body_cells(body: BodyProgress, lang: Lang | str | None = None) -> tuple[str, str]:
    """An appraising body's progress for people: "12/40 (30,00 %)" criteria, "3/11" units."""
    share = display(body.share * 100, NumberKind.PERCENT, lang)
    return f"{body.filled}/{body.total} ({share} %)", f"{body.units_done}/{body.units}"


M_DAYS_LEFT = Message("status.days-left", "còn {days} ngày", "{days} days left")
M_DAYS_LATE = Message("status.days-late", "trễ {days} ngày", "{days} days late")


def days_text(days_left: int, lang: Lang | str | None = None) -> str:
    """ "còn 5 ngày" / "trễ 3 ngày": a phase's days to its deadline, or past it."""
    if days_left < 0:
        return M_DAYS_LATE.format(lang, days=-days_left)
    return M_DAYS_LEFT.format(lang, days=days_left)


def _when(state: PhaseStatus, lang: Lang) -> str:
    if state.deadline is None or state.days_left is None:
        return M_SOON.format(lang)
    date = shown_date(state.deadline)
    if state.days_left > 0:
        return M_BY.format(lang, date=date, days=state.days_left)
    if state.days_left == 0:
        return M_TODAY.format(lang, date=date)
    return M_LATE.format(lang, date=date, days=-state.days_left)
