"""The library's check-and-score path, pure: one file (``assess``), a batch (``check``), the
period (``score``). Worker processes and the in-process path call the same ``assess``.

Nothing here opens a file: ``par_index.pipeline`` reads the workspace and the workbooks and
hands the data in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from par_index import scoring
from par_index.batch import failure_name
from par_index.check.attribution import owner
from par_index.check.engine import assemble, check_unit, expected_unit, failed, unit_for
from par_index.check.finding import Report
from par_index.check.outcome import UnitCheck
from par_index.errors import ParIndexError
from par_index.i18n import Message
from par_index.inputs import Inputs
from par_index.results import Results, UnitResult
from par_index.submission import Submission

M_CRASH = Message(
    "check.read-failed",
    "{file}: không đọc được tệp ({detail}). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại "
    "dạng .xlsx rồi gửi lại.",
    "{file}: the file cannot be read ({detail}). Open it in Excel or LibreOffice, save it "
    "again as .xlsx and send it again.",
)


@dataclass
class Assessed:
    """One file checked and, when its unit is known, scored."""

    check: UnitCheck
    result: UnitResult | None = None
    submission: Submission | None = None
    """The workbook as read, when the caller asked to keep it (the appraisal workbook)."""


@dataclass
class Checked:
    """A batch checked: the report and, per unit, the result and workbook of the file that
    counts for it (``counted_file``)."""

    report: Report
    scored: dict[str, UnitResult] = field(default_factory=dict)
    """Unit code -> the result of its counted file."""
    submissions: dict[str, Submission] = field(default_factory=dict)
    """Unit code -> its counted workbook (only when kept)."""
    owners: dict[str, str | None] = field(default_factory=dict)
    """File name -> the unit it is one of the own files of (``check.attribution.owner``; None:
    no unit's), for the received log."""


def assess(
    inputs: Inputs,
    submission: Submission,
    *,
    score: bool = True,
    keep: bool = False,
    received: dt.datetime | None = None,
) -> Assessed:
    """Check one workbook and, when its unit is known and ``score``, score it. ``received``:
    when the file was received (which of a unit's files counts, ``check.attribution``)."""
    unit, ctx = unit_for(submission, list(inputs.units), inputs.context)
    cs = inputs.cs if unit is None else inputs.set_for(unit.unit_type)
    check = check_unit(cs, submission, unit, ctx)
    check.received = received
    counted = inputs.unit(check.unit)
    result = scoring.score_one(inputs, counted, submission) if score and counted else None
    return Assessed(check, result, submission if keep else None)


def assess_failure(
    inputs: Inputs,
    file: str,
    error: BaseException | str,
    received: dt.datetime | None = None,
) -> Assessed:
    """A file that could not be read: its one finding, for the unit its name names."""
    if isinstance(error, ParIndexError) and "file" in error.fields:
        error.fields = {**error.fields, "file": file}
    elif isinstance(error, BaseException):  # a file must never stop the batch
        error = M_CRASH.format(inputs.context.lang, file=file, detail=_crash(error))
    unit = expected_unit(file, list(inputs.units))
    check = failed(file, unit, error, inputs.context)
    check.received = received
    return Assessed(check)


def checked(inputs: Inputs, assessed: Iterable[Assessed]) -> Checked:
    """The batch's report (checks across units added) and each unit's counted file."""
    checks: list[UnitCheck] = []
    by_file: dict[str, Assessed] = {}
    for one in assessed:
        checks.append(one.check)
        by_file[one.check.file] = one
    groups = [(own.cs, list(own.units)) for _group, own in inputs.by_group()]
    report = assemble(checks, list(inputs.units), inputs.context, groups)
    known = {u.code: u for u in inputs.units}
    out = Checked(report, owners={check.file: owner(check, known) for check in checks})
    for code, file in counted_files(report, by_file).items():
        one = by_file[file]
        if one.result is not None:
            out.scored[code] = one.result
        if one.submission is not None:
            out.submissions[code] = one.submission
    return out


def counted_files(report: Report, assessed: Mapping[str, Assessed]) -> dict[str, str]:
    """Unit code -> the file that counts for it, as the report decided it (the rule lives in
    ``par_index.check.attribution``)."""
    return {
        code: file
        for code, file in report.scored_files.items()
        if file in assessed and assessed[file].check.readable
    }


def check(
    inputs: Inputs,
    submissions: Iterable[Submission],
    failures: Mapping[str, BaseException | str] | None = None,
    *,
    score: bool = True,
    keep: bool = False,
) -> Checked:
    """Check (and score) a batch in this process: every workbook read, every file that could
    not be read (``failures``: file name -> why), and the checks across units."""
    assessed = [assess(inputs, sub, score=score, keep=keep) for sub in submissions]
    assessed += [assess_failure(inputs, f, why) for f, why in (failures or {}).items()]
    return checked(inputs, assessed)


def score(inputs: Inputs, batch: Checked) -> Results:
    """The period's results from a checked batch (units without a file scored as not
    submitted), ranked, classed and compared with last year."""
    return scoring.score(inputs, batch.report, batch.scored)


def _crash(exc: BaseException) -> str:
    """One line for an unexpected reader failure (never a traceback nor internal text)."""
    return failure_name(exc)
