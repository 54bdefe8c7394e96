"""What a run means for publication, for every command alike: the exit code and the summary.

Exit codes (docs/cli.md): 0 nothing blocks publication; 1 the job ran but there are
error-level findings or appraisal errors; 2 wrong usage or an unusable input; 3 an internal
error. The first two are decided here; the CLI's error boundary gives 2 and 3.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import BaseModel

from par_index.check.finding import Severity
from par_index.pipeline.cycle import RunOutcome

OK, BLOCKED, UNUSABLE, INTERNAL = 0, 1, 2, 3


class UnitLine(BaseModel):
    """A unit named in the summary, with why."""

    code: str
    name: str
    reason: str = ""


class RunSummary(BaseModel):
    """Everything ``check`` and ``score`` would say about a run, in one object (``run --json``)."""

    units: int
    files: int
    findings: dict[str, int]
    """Finding counts by severity."""
    unreadable: list[str] = []
    """Files that could not be read at all."""
    appraisal_problems: list[str] = []
    """Problems of the appraisal workbooks to fix before publication."""
    appraisal_warnings: list[str] = []
    """What the council should look at again (e.g. a sheet made from an older file)."""
    provisional: list[UnitLine] = []
    without_survey: list[UnitLine] = []
    excluded: list[UnitLine] = []
    forced_class: list[UnitLine] = []
    outputs: dict[str, list[str]] = {}
    mixed_outputs: list[str] = []
    """Outputs no complete run wrote (an earlier run stopped half-way): the set may mix two
    runs; a complete run rewrites them."""
    exit_code: int


def exit_code(outcome: RunOutcome, unit: str | None = None) -> int:
    """1 when an error-level finding or an appraisal problem blocks publication, else 0;
    with ``unit``, that unit's findings only."""
    report = outcome.report.only(unit) if unit else outcome.report
    blocked = report.has_errors
    blocked = blocked or any(p.severity == Severity.ERROR for p in outcome.problems)
    if outcome.results is not None:  # also when the report step had no check.json to read
        units = [u for u in outcome.results.units if unit is None or u.unit.code == unit]
        blocked = blocked or any(u.findings.get(Severity.ERROR, 0) for u in units)
        blocked = blocked or any(p.severity == Severity.ERROR for p in outcome.results.problems)
    return BLOCKED if blocked else OK


def summarise(outcome: RunOutcome, root: Path | None = None) -> RunSummary:
    """The run's summary; output paths relative to ``root`` when given."""
    counts = Counter(str(f.severity) for f in outcome.report.findings)
    results = outcome.results
    summary = RunSummary(
        units=len(outcome.report.units),
        files=len(outcome.report.files),
        findings={str(s): counts.get(str(s), 0) for s in Severity},
        unreadable=outcome.unreadable,
        outputs={k: [_shown(p, root) for p in v] for k, v in outcome.outputs.items()},
        mixed_outputs=outcome.mixed,
        exit_code=exit_code(outcome),
    )
    problems = [*outcome.problems, *(results.problems if results is not None else [])]
    for p in problems:
        shown = f"{p.message} ({p.code})"
        if p.severity == Severity.ERROR:
            summary.appraisal_problems.append(shown)
        else:
            summary.appraisal_warnings.append(shown)
    if results is None:
        return summary
    missing = set(_without_survey(outcome))
    by_code = {u.unit.code: u for u in results.units}
    for u in results.units:
        line = UnitLine(code=u.unit.code, name=u.unit.name)
        if u.provisional:
            summary.provisional.append(line.model_copy(update={"reason": "; ".join(u.notes)}))
        if u.unit.code in missing:
            codes = ", ".join(by_code[u.unit.code].survey_missing)
            summary.without_survey.append(line.model_copy(update={"reason": codes}))
        if u.excluded:
            summary.excluded.append(line.model_copy(update={"reason": u.excluded}))
        if u.class_reason:
            reason = f"{u.class_label}: {u.class_reason}"
            summary.forced_class.append(line.model_copy(update={"reason": reason}))
    return summary


def _without_survey(outcome: RunOutcome) -> list[str]:
    """Codes of the units with a survey criterion the survey has no result for."""
    results = outcome.results
    return [] if results is None else [u.unit.code for u in results.units if u.survey_missing]


def _shown(path: Path, root: Path | None) -> str:
    if root is not None and path.is_relative_to(root):
        return str(path.relative_to(root))
    return str(path)
