"""Checking a whole workspace: the thin layer that reads files around the pure engine.

Files are read one at a time and reduced to their small ``UnitCheck`` at once, so a batch of
thousands never holds more than one workbook's cells; an unreadable file becomes one finding.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path

from par_index.batch import Ok, failure_name, run_isolated
from par_index.check.context import CheckContext
from par_index.check.engine import assemble, check_unit, expected_unit, failed, unit_for
from par_index.check.finding import Report
from par_index.check.outcome import UnitCheck
from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet
from par_index.errors import ParIndexError
from par_index.i18n import Lang, Message, current_lang
from par_index.io import write_text_atomic
from par_index.units import Unit, load_units
from par_index.workbook.guard import display_name
from par_index.workspace import Workspace

CHECK_JSON = "check.json"
"""The check step's output in the workspace's outputs folder."""

M_CRASH = Message(
    "check.read-failed",
    "{file}: không đọc được tệp ({detail}). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại "
    "dạng .xlsx rồi gửi lại.",
    "{file}: the file cannot be read ({detail}). Open it in Excel or LibreOffice, save it "
    "again as .xlsx and send it again.",
)


@dataclass
class CheckRun:
    """A workspace checked: the report, and what feedback and later steps need with it."""

    report: Report
    criteria: CriteriaSet
    units: list[Unit]
    context: CheckContext
    sources: dict[str, Path] = field(default_factory=dict)
    """File name in the report -> the workbook it was read from (readable files only)."""


def workspace_criteria(ws: Workspace) -> CriteriaSet:
    """The workspace's criteria set: a path relative to it, else a shipped set's name."""
    local = ws.root / ws.config.criteria
    return load_criteria(local if local.is_file() else ws.config.criteria)


def workspace_units(ws: Workspace, cs: CriteriaSet) -> list[Unit]:
    return load_units(ws.path(ws.config.units), cs.type_ids())


def previous_totals(ws: Workspace) -> dict[str, Decimal]:
    """Last period's appraised totals by unit code (provisional units left out); none without
    a previous results file."""
    relative = ws.config.paths.previous
    if not relative or not ws.path(relative).is_file():
        return {}
    from par_index.results_io import load_results

    results = load_results(ws.path(relative))
    return {u.unit.code: u.final_total for u in results.units if not u.provisional}


def workspace_context(ws: Workspace, lang: Lang | str | None = None) -> CheckContext:
    """The check context of a workspace: its period, dates, deadline and thresholds."""
    config = ws.config
    return CheckContext(
        period=config.period,
        assessment_start=config.assessment_start,
        assessment_end=config.assessment_end,
        deadline=config.deadlines.self_assessment,
        previous_totals=previous_totals(ws),
        config=config.check,
        lang=Lang(lang or current_lang()),
    )


def submission_files(folder: Path) -> list[Path]:
    """Every entry of the submissions folder, by name; the reader's guard decides what each one
    is (a lock or hidden file, listed once as ignored; a folder; a renamed CSV ...)."""
    if not folder.is_dir():
        return []
    return sorted(folder.iterdir(), key=lambda p: p.name)


def check_file(path: Path, cs: CriteriaSet, units: list[Unit], ctx: CheckContext) -> UnitCheck:
    """Read and check one file; any failure to read becomes that file's one finding.

    Messages name the file as it sits in the submissions folder, never the full path."""
    from par_index.workbook.reader import read_submission

    label = display_name(path.name)
    try:
        submission = read_submission(path, cs, display_name=label)
    except ParIndexError as exc:
        if "file" in exc.fields:
            exc.fields = {**exc.fields, "file": label}
        return failed(label, expected_unit(label, units), exc, ctx)
    except Exception as exc:  # a file must never stop the batch
        detail = M_CRASH.format(ctx.lang, file=label, detail=_crash(exc))
        return failed(label, expected_unit(label, units), detail, ctx)
    return check_unit(cs, submission, *unit_for(submission, units, ctx))


def check_batch(
    folder: Path,
    names: list[str],
    cs: CriteriaSet,
    units: list[Unit],
    ctx: CheckContext,
    *,
    workers: int | None = None,
) -> Iterator[UnitCheck]:
    """Check the named files of ``folder`` in isolated worker processes (``workers=0``: in this
    process); a file that hangs, crashes its worker or eats memory costs only its own line."""
    task = partial(_check_named, folder, cs, units, ctx)
    count = workers if workers is not None else min(os.cpu_count() or 1, max(1, len(names)))
    for name, outcome in run_isolated(names, task, workers=count, in_flight=2):
        if isinstance(outcome, Ok):
            yield outcome.value
        else:
            label = display_name(name)
            yield failed(label, expected_unit(label, units), outcome.detail, ctx)


def _check_named(
    folder: Path, cs: CriteriaSet, units: list[Unit], ctx: CheckContext, name: str
) -> UnitCheck:
    return check_file(folder / name, cs, units, ctx)


def check_workspace(
    ws: Workspace, lang: Lang | str | None = None, *, workers: int | None = None
) -> CheckRun:
    """Check every file of the workspace's submissions folder and every unit of its units file."""
    cs = workspace_criteria(ws)
    units = workspace_units(ws, cs)
    ctx = workspace_context(ws, lang)
    folder = ws.path(ws.config.paths.submissions)
    paths = submission_files(folder)
    names = [p.name for p in paths]
    results = list(check_batch(folder, names, cs, units, ctx, workers=workers))
    readable = {r.file for r in results if r.readable}
    sources = {name: p for p in paths if (name := display_name(p.name)) in readable}
    return CheckRun(assemble(cs, results, units, ctx), cs, units, ctx, sources)


def save_report(ws: Workspace, report: Report) -> Path:
    """outputs/check.json: the report as the library serialises it (the report step reads it)."""
    return write_text_atomic(ws.outputs / CHECK_JSON, report.model_dump_json(indent=2) + "\n")


def _crash(exc: Exception) -> str:
    """One line for an unexpected reader failure (never a traceback nor internal text)."""
    return failure_name(exc)
