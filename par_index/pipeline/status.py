"""The status step: each unit's facts read from the workspace's files (templates, the received
log, check.json, the feedback pages, the explanations, the appraisal workbooks, the survey, the
plan workbooks), handed to ``par_index.status``. Files put in the submissions folder by hand
are recorded in the received log first, as by every command that reads that folder."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from par_index import filenames
from par_index.appraisal.bodies import plan, progress
from par_index.appraisal.explanation import scored_down
from par_index.appraisal.model import Appraisal, Status
from par_index.appraisal.read import by_unit, read_appraisal_sheets
from par_index.check.finding import Report, Severity
from par_index.errors import ParIndexError
from par_index.heap import GcTuning
from par_index.i18n import Lang
from par_index.inputs import Inputs
from par_index.io import write_text_atomic
from par_index.pipeline import received
from par_index.pipeline.explanations import read_received
from par_index.pipeline.load import load_inputs
from par_index.pipeline.names import FEEDBACK, output
from par_index.pipeline.outputs import load_check
from par_index.pipeline.plan import plan_view
from par_index.pipeline.read import ReadJob, owners_of
from par_index.plan.status import PlanStatus
from par_index.received import ReceivedLog
from par_index.status import (
    Campaign,
    Reminder,
    ReminderText,
    UnitFacts,
    phases_for,
    reminders,
    statuses,
)
from par_index.survey import read_surveys
from par_index.workbook.template import template_filename
from par_index.workspace import Workspace

REMINDERS_CSV = "nhac-viec.csv"
"""The reminder list's default name in the outputs folder."""
REMINDER_COLUMNS = (
    ("code", "Mã đơn vị"),
    ("name", "Đơn vị"),
    ("contact", "Liên hệ"),
    ("missing", "Còn thiếu"),
    ("deadline", "Hạn"),
    ("days_left", "Còn (ngày)"),
    ("message", "Tin nhắn"),
)


def campaign(
    ws: Workspace,
    as_of: dt.date | None = None,
    lang: Lang | str | None = None,
    *,
    write=True,
    run: RunState | None = None,
) -> Campaign:
    """Every unit's status on ``as_of`` (default today) and its reminders; ``write`` False
    leaves the received log as it is (files put in by hand are counted, not recorded).
    ``run``: what the run making the report already read (its scored inputs and check
    report), so nothing is read twice."""
    inputs = run.inputs if run is not None else load_inputs(ws, lang, scoring=False)
    log = record_by_hand(ws, inputs, write=write)
    the_plan = plan(inputs.cs, ws.config.appraisal)
    sheets: list[Appraisal] = []
    if run is None or the_plan is not None:
        folder = ws.path(ws.config.paths.appraisal)
        sheets = read_appraisal_sheets(folder, inputs.all_sets, inputs.units, the_plan)
    appraisals = (
        inputs.appraisals
        if run is not None and the_plan is None
        else by_unit(inputs.all_sets, inputs.units, sheets, the_plan)
    )
    day = as_of or dt.date.today()
    year_plan = _year_plan(ws, inputs, day)
    report = run.report if run is not None else load_check(ws)
    survey = run.inputs.survey or {} if run is not None else None
    facts = unit_facts(ws, inputs, log, report, appraisals, year_plan, survey)
    bodies = [] if the_plan is None else progress(inputs.cs, inputs.units, sheets, the_plan)
    deadlines = ws.config.deadlines.model_dump()
    phases = phases_for(facts)
    rows = statuses(facts, deadlines, day, lang, phases)
    how = ReminderText(sender=ws.config.producer, lang=lang)
    return Campaign(day, rows, reminders(rows, how), bodies, phases, year_plan)


@dataclass
class RunState:
    """What a run already read: its scored inputs (survey and appraisals in) and check report."""

    inputs: Inputs
    report: Report


def report_status(
    ws: Workspace, lang: Lang | str | None = None, run: RunState | None = None
) -> Campaign | None:
    """The status for the report: today, as ``par-index status`` gives it (the campaign's
    deadlines fall after the period's end, so days left count from the real day, not from the
    plan section's date), the received log left as it is; None when the workspace's files
    cannot give it (``par-index status`` names why)."""
    try:
        return campaign(ws, dt.date.today(), lang, write=False, run=run)
    except ParIndexError:
        return None


def _year_plan(ws: Workspace, inputs: Inputs, day: dt.date) -> PlanStatus | None:
    """The year's PAR plan on ``day``; None without one, or when its tasks file is broken
    (``par-index plan`` names the problem)."""
    try:
        return plan_view(ws, inputs.all_sets.type_ids(), inputs.units, day)
    except ParIndexError:
        return None


def record_by_hand(ws: Workspace, inputs: Inputs, *, write: bool = True) -> ReceivedLog:
    """The received log with the files put in the submissions folder by hand added."""
    state = received.intake(ws, received.load_log(ws), received.now_utc(), inputs.units)
    if state.pending or state.evidence:
        folder = ws.path(ws.config.paths.submissions)
        job = ReadJob(folder, inputs, score=False, receipts=state.current)
        pending = {one.file for one in state.pending}
        owners = owners_of(job, pending, GcTuning()) if pending else {}
        received.settle(ws, state, owners, write=write)
    return state.log


def unit_facts(
    ws: Workspace,
    inputs: Inputs,
    log: ReceivedLog,
    report: Report,
    appraisals: Mapping[str, Appraisal],
    year_plan: PlanStatus | None = None,
    survey: Mapping[str, object] | None = None,
) -> list[UnitFacts]:
    """Each unit's facts; ``survey``: the survey's results by unit when already read."""
    units = list(inputs.units)
    plans = {one.unit: one for one in year_plan.units} if year_plan is not None else {}
    templates = ws.path(ws.config.paths.templates)
    feedback = output(ws, FEEDBACK)
    explained = read_received(ws, inputs).units
    if survey is None:
        survey = read_surveys(ws.path(ws.config.paths.survey), inputs.all_sets, units) or {}
    received = log.workbooks_by_unit()
    out = []
    for unit in units:
        mine = received.get(unit.code, [])
        newest = max(mine, key=lambda r: (r.received, r.version or 0)) if mine else None
        checked = newest is not None and report.scored_files.get(unit.code) == newest.file
        appraisal = appraisals.get(unit.code)
        own = inputs.set_for(unit.unit_type)
        out.append(UnitFacts(
            unit=unit,
            template=(templates / template_filename(unit, ws.config.period)).is_file(),
            versions=len(mine),
            checked=checked,
            errors=report.counts(unit.code)[Severity.ERROR] if checked else 0,
            feedback=(feedback / filenames.feedback_page(unit.code)).is_file(),
            explanation_due=appraisal is not None and bool(scored_down(own, unit, appraisal)),
            explanation=unit.code in explained,
            round_1=_round_1(appraisal),
            round_2=_round_2(appraisal),
            survey=unit.code in survey,
            plan=plans.get(unit.code),
        ))  # fmt: skip
    return out


def _round_1(appraisal: Appraisal | None) -> bool:
    if appraisal is None:
        return False
    return appraisal.complete or any(
        e.round_1 is not None or e.round_1_na for e in appraisal.entries.values()
    )


def _round_2(appraisal: Appraisal | None) -> bool:
    if appraisal is None:
        return False
    return appraisal.status == Status.ROUND_2 or any(
        e.round_2 is not None or e.round_2_na for e in appraisal.entries.values()
    )


def write_reminders(path: Path, found: list[Reminder]) -> Path:
    """The reminders as CSV, UTF-8 with BOM (Excel opens it as is), one row per thing missing."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([header for _, header in REMINDER_COLUMNS])
    for one in found:
        values = one.model_dump()
        values["deadline"] = one.deadline.strftime("%d/%m/%Y") if one.deadline else ""
        writer.writerow(["" if values[k] is None else str(values[k]) for k, _ in REMINDER_COLUMNS])
    return write_text_atomic(path, "\ufeff" + out.getvalue())
