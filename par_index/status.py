"""Where each unit stands in the period's campaign, and whom to remind of what: pure, from the
facts ``par_index.pipeline.status`` gathers from the workspace's files.

The phases are one list, ``PHASES``: each a probe of a unit's facts, its words, the deadline it
keeps (a field of par-index.yaml's ``deadlines:``) and who acts (the unit, or the office). A
later phase (an appraising body's progress, the plan's completion) is one more ``Phase`` here
and, if it needs a new fact, one more field of ``UnitFacts`` filled by the pipeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel

from par_index.i18n import Lang, Message
from par_index.numbers import shown_date
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
    missing: Message | None = None
    """What a reminder says the unit still has to do."""
    detail: Callable[[UnitFacts, Lang], str] | None = None


def _checked_detail(facts: UnitFacts, lang: Lang) -> str:
    return M_ERRORS.format(lang, count=facts.errors) if facts.checked else ""


def _versions_detail(facts: UnitFacts, lang: Lang) -> str:
    return M_VERSIONS.format(lang, count=facts.versions) if facts.versions > 1 else ""


M_ERRORS = Message("status.errors", "{count} lỗi", "{count} error(s)")
M_VERSIONS = Message("status.versions", "{count} phiên bản", "{count} versions")

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
]  # fmt: skip
"""Every phase, in the campaign's order (the status table's columns)."""


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

    def of(self, key: str) -> PhaseStatus:
        return next(p for p in self.phases if p.phase == key)


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
    phases: list[Phase] = PHASES,
) -> list[UnitStatus]:
    """Each unit's phases on ``as_of`` (``deadlines``: field of ``deadlines:`` -> date)."""
    return [_status(one, deadlines, as_of, Lang(lang or "vi"), phases) for one in facts]


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
    )  # fmt: skip
    for phase in phases:
        done, due = phase.done(facts), phase.due(facts)
        deadline = deadlines.get(phase.deadline) if phase.deadline else None
        left = (deadline - as_of).days if deadline is not None and due and not done else None
        detail = phase.detail(facts, lang) if phase.detail else ""
        out.phases.append(PhaseStatus(phase=phase.key, done=done, due=due, deadline=deadline,
                                      days_left=left, detail=detail))  # fmt: skip
        if done:
            out.phase = phase.key
    return out


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
    phases: list[Phase] = field(default_factory=lambda: PHASES)


def reminders(rows: list[UnitStatus], how: ReminderText) -> list[Reminder]:
    """Every phase a unit must act on, due and not done, with a ready message."""
    lang = Lang(how.lang or "vi")
    words = {p.key: p for p in how.phases}
    out = []
    for row in rows:
        for state in row.phases:
            phase = words[state.phase]
            if phase.actor != Actor.UNIT or state.done or not state.due or phase.missing is None:
                continue
            missing = phase.missing.format(lang)
            text = M_REMIND.format(
                lang, sender=how.sender or M_SENDER.format(lang), name=row.name, missing=missing,
                when=_when(state, lang),
            )  # fmt: skip
            out.append(Reminder(
                code=row.code, name=row.name, contact=row.contact, missing=missing,
                deadline=state.deadline, days_left=state.days_left, message=text,
            ))  # fmt: skip
    return out


def _when(state: PhaseStatus, lang: Lang) -> str:
    if state.deadline is None or state.days_left is None:
        return M_SOON.format(lang)
    date = shown_date(state.deadline)
    if state.days_left > 0:
        return M_BY.format(lang, date=date, days=state.days_left)
    if state.days_left == 0:
        return M_TODAY.format(lang, date=date)
    return M_LATE.format(lang, date=date, days=-state.days_left)
