"""The main job: check, score, rank and report a workspace in one go (``par-index run``).

Each workbook is read once: a pool of isolated worker processes reads, checks and scores
each file and sends back its small ``UnitCheck`` and ``UnitResult``; the parent adds the
checks across units, puts the final finding counts on the results, scores the units that
sent nothing, then ranks and writes the reports. Progress is reported through callbacks, so
the core prints nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from par_index import heap
from par_index.i18n import Lang, current_lang

if TYPE_CHECKING:
    from par_index.appraisal import Appraisal
    from par_index.check.context import CheckContext
    from par_index.check.finding import Finding, Report
    from par_index.check.outcome import UnitCheck
    from par_index.check.runner import CheckRun
    from par_index.criteria.model import CriteriaSet
    from par_index.results import Results, UnitResult
    from par_index.scoring import Inputs
    from par_index.staff import StaffConfig
    from par_index.survey import Survey
    from par_index.units import Unit
    from par_index.workspace import Workspace

Progress = Callable[[str], None]
"""Called with a step's name ("check", "feedback", "score", "report") as it starts."""

STEPS = ("check", "feedback", "score", "report")
STAGES = ("read+check+score", "cross-check", "feedback", "rank", "outputs")
"""The finer stages ``run_workspace`` reports to its ``stage`` callback (the benchmark)."""


@dataclass
class RunOutcome:
    """What a run produced: the check report, the results and every file written."""

    report: Report
    results: Results
    outputs: dict[str, list[Path]] = field(default_factory=dict)


def run_workspace(
    ws: Workspace,
    *,
    lang: Lang | str | None = None,
    workers: int | None = None,
    feedback: bool = True,
    progress: Progress | None = None,
    stage: Progress | None = None,
) -> RunOutcome:
    """Check every submission, write feedback, score and rank, then write the reports.

    ``progress`` hears of the ``STEPS`` as they start, ``stage`` of the finer ``STAGES``."""
    lang = Lang(lang or current_lang())
    tell, mark = progress or _silent, stage or _silent
    tell("check")
    mark("read+check+score")
    run, inputs, scored = check_and_score(ws, lang, workers=workers, stage=mark)
    with heap.few_collections(), heap.long_lived():  # the checks and results, kept to the end
        files = {"check": [_save_report(ws, run.report)]}
        if feedback:
            tell("feedback")
            mark("feedback")
            files["feedback"] = _feedback(ws, run, lang)
        tell("score")
        mark("rank")
        results = rank_run(inputs, run.report, scored)
        tell("report")
        mark("outputs")
        files.update(_write_outputs(ws, results, run, lang, workers))
    return RunOutcome(run.report, results, files)


def _silent(_name: str) -> None:
    return None


# -- read, check and score each file once ------------------------------------------------------
@dataclass(frozen=True)
class _Job:
    """What a worker needs to read, check and score one file (inherited when it forks)."""

    folder: Path
    cs: CriteriaSet
    units: Sequence[Unit]
    ctx: CheckContext
    appraisals: Mapping[str, Appraisal]
    survey: Survey | None
    staff: StaffConfig
    plans: dict[str, list] = field(default_factory=dict)
    pool: dict = field(default_factory=dict)
    """Values shared between this worker's results (see ``compact``)."""


def check_and_score(
    ws: Workspace,
    lang: Lang | str | None = None,
    *,
    workers: int | None = None,
    stage: Progress | None = None,
) -> tuple[CheckRun, Inputs, dict[str, UnitResult]]:
    """Read, check and score every file of the submissions folder in isolated workers.

    Returns the check run (report with the checks across units), the scoring inputs and the
    result of each readable file of a known unit, by file name."""
    from par_index.check.engine import assemble
    from par_index.check.runner import (
        CheckRun,
        submission_files,
        workspace_context,
        workspace_units,
    )
    from par_index.scoring import workspace_inputs
    from par_index.workbook import reader  # noqa: F401  (imported once, before the workers fork)
    from par_index.workbook.guard import display_name

    cs = cached_criteria(ws)
    units = workspace_units(ws, cs)
    ctx = workspace_context(ws, lang)
    inputs = workspace_inputs(ws, cs=cs, units=units)
    folder = ws.path(ws.config.paths.submissions)
    paths = submission_files(folder)
    job = _Job(folder, cs, units, ctx, inputs.appraisals, inputs.survey, inputs.staff)
    checks: list[UnitCheck] = []
    scored: dict[str, UnitResult] = {}
    pool: dict = {}
    with heap.few_collections():
        for check, result in _read_all(job, [p.name for p in paths], workers):
            checks.append(compact_check(check, pool))
            if result is not None:
                scored[check.file] = compact(result, pool)
        readable = {c.file for c in checks if c.readable}
        sources = {name: p for p in paths if (name := display_name(p.name)) in readable}
        (stage or _silent)("cross-check")
        with heap.long_lived():
            report = assemble(cs, checks, list(units), ctx)
    run = CheckRun(report, cs, list(units), ctx, sources)
    return run, inputs, scored


def cached_criteria(ws: Workspace) -> CriteriaSet:
    """The workspace's criteria set; a valid set is kept as JSON in the user's cache, keyed by
    the YAML's bytes and the tool, so that later runs skip the YAML parse (~0.3 s)."""
    from par_index.check.runner import workspace_criteria
    from par_index.criteria.model import CriteriaSet
    from par_index.io import write_text_atomic

    cache = _criteria_cache_file(ws)
    if cache is not None and cache.is_file():
        with contextlib.suppress(ValueError, OSError):  # unusable entry: parse the YAML again
            return CriteriaSet.model_validate_json(cache.read_bytes())
    cs = workspace_criteria(ws)  # raises, with file:line, when the set is invalid
    if cache is not None:
        with contextlib.suppress(OSError):  # a read-only cache only costs the next run 0.3 s
            cache.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(cache, cs.model_dump_json())
    return cs


def _criteria_cache_file(ws: Workspace) -> Path | None:
    """Where the set's cached JSON lives, or None when its YAML cannot be found."""
    import hashlib

    from par_index import __version__
    from par_index.criteria import model
    from par_index.criteria.load import resolve
    from par_index.errors import ParIndexError

    local = ws.root / ws.config.criteria
    try:
        source = resolve(local if local.is_file() else ws.config.criteria)
        key = hashlib.sha256(source.read_bytes())
    except (ParIndexError, OSError):
        return None
    code = Path(model.__file__).stat()
    key.update(f"{__version__}:{code.st_mtime_ns}:{code.st_size}".encode())
    return _cache_dir() / f"criteria-{key.hexdigest()[:32]}.json"


def _cache_dir() -> Path:
    if os.environ.get("PAR_INDEX_CACHE"):
        return Path(os.environ["PAR_INDEX_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "par-index"


def _read_all(
    job: _Job, names: list[str], workers: int | None
) -> Iterator[tuple[UnitCheck, UnitResult | None]]:
    """Each file's check and result, from isolated workers; a file that hangs, crashes its
    worker or eats memory costs its own one finding."""
    import gc

    from par_index.batch import Ok, run_isolated
    from par_index.check.engine import expected_unit, failed
    from par_index.workbook.guard import display_name

    count = workers if workers is not None else min(os.cpu_count() or 1, max(1, len(names)))
    task = partial(_read_one, job)
    gc.collect()  # what is left now (criteria, units) lives as long as the run: frozen
    with heap.long_lived():
        for name, outcome in run_isolated(
            names, task, workers=count, initializer=heap.collect_rarely, in_flight=2
        ):
            if isinstance(outcome, Ok):
                yield outcome.value
                continue
            label = display_name(name)
            unit = expected_unit(label, list(job.units))
            yield failed(label, unit, outcome.detail, job.ctx), None


def _read_one(job: _Job, name: str) -> tuple[UnitCheck, UnitResult | None]:
    """One file read, checked and scored (in a worker); a file that cannot be read gets the
    check step's own finding for it."""
    from par_index.check.engine import check_unit, unit_for
    from par_index.check.runner import check_file
    from par_index.workbook.guard import display_name
    from par_index.workbook.reader import read_submission

    path, label = job.folder / name, display_name(name)
    try:
        submission = read_submission(path, job.cs, display_name=label)
    except Exception:  # the check step's own handling gives the file its one finding
        return check_file(path, job.cs, list(job.units), job.ctx), None
    unit, ctx = unit_for(submission, list(job.units), job.ctx)
    check = check_unit(job.cs, submission, unit, ctx)
    if check.unit is None:
        return check, None
    counted = next(u for u in job.units if u.code == check.unit)
    return check, _score_one(job, counted, submission, check.findings)


def _score_one(job: _Job, unit: Unit, submission, findings: list[Finding]) -> UnitResult:
    from par_index.scoring import plan_for, score_unit
    from par_index.staff import head_disciplined

    survey = None if job.survey is None else job.survey.get(unit.code, {})
    plan = job.plans.get(unit.unit_type)
    if plan is None:
        plan = job.plans[unit.unit_type] = plan_for(job.cs, unit.unit_type)
    appraisal = job.appraisals.get(unit.code)
    result = score_unit(job.cs, unit, submission, appraisal, survey, findings, plan)
    result.head_disciplined = head_disciplined(unit.code, submission, job.staff)
    return compact(result, job.pool)


def compact(result: UnitResult, pool: dict) -> UnitResult:
    """The result with equal texts, numbers and field sets of its rows shared with those of
    results compacted before (a criterion row's own copies cost ~3 KiB: 3,321 units x 70 rows
    would not fit the memory budget). Values are immutable; nothing is copied."""
    share = pool.setdefault
    numbers = share(Decimal, {})  # keyed by text: "1.0" and "1" are equal, not the same
    for row in (*result.criteria, *result.areas):
        state = row.__dict__
        for name, value in state.items():
            kind = type(value)
            if kind is str:
                state[name] = share(value, value)
            elif kind is Decimal:
                state[name] = numbers.setdefault(str(value), value)
        names = row.__pydantic_fields_set__
        object.__setattr__(row, "__pydantic_fields_set__", share(frozenset(names), names))
    return result


def compact_check(check: UnitCheck, pool: dict) -> UnitCheck:
    """The check, as it came from its worker (so held nowhere else), with its evidence digest's
    criterion codes, cells and field sets shared with those of the checks held before: ~70
    texts per file, held until the cross-unit checks (84 -> 31 KiB per file)."""
    share = pool.setdefault
    digest = check.digest
    for text in digest.texts.values():
        state = text.__dict__
        cell = state["cell"]
        if cell is not None:
            state["cell"] = share(("cell", cell.sheet, cell.cell), cell)
        names = text.__pydantic_fields_set__
        object.__setattr__(text, "__pydantic_fields_set__", share(frozenset(names), names))
    state = digest.__dict__
    state["texts"] = {share(code, code): text for code, text in digest.texts.items()}
    state["documents"] = {
        share(number, number): [share(code, code) for code in codes]
        for number, codes in digest.documents.items()
    }
    return check


# -- across units: finding counts, units that sent nothing, ranks --------------------------------
def rank_run(inputs: Inputs, report: Report, scored: dict[str, UnitResult]) -> Results:
    """One result per unit (its first readable file counts; none: scored as not submitted),
    with the finding counts of the whole report, then classes, ranks and the rest."""
    from par_index.scoring import plan_for, ranked, score_unit
    from par_index.staff import head_disciplined

    findings: dict[str, list[Finding]] = {}
    for finding in report.findings:
        findings.setdefault(finding.unit or "", []).append(finding)
    plans: dict[str, list] = {}
    results = []
    for unit in inputs.units:
        own = findings.get(unit.code, [])
        files = report.unit_files.get(unit.code, [])
        result = next((scored[f] for f in files if f in scored), None)
        if result is None:
            plan = plans.setdefault(unit.unit_type, plan_for(inputs.cs, unit.unit_type))
            survey = None if inputs.survey is None else inputs.survey.get(unit.code, {})
            appraisal = inputs.appraisals.get(unit.code)
            result = score_unit(inputs.cs, unit, None, appraisal, survey, own, plan)
            result.head_disciplined = head_disciplined(unit.code, None, inputs.staff)
        else:
            count_findings(result, own)
        results.append(result)
    return ranked(inputs, results)


def count_findings(result: UnitResult, findings: list[Finding]) -> None:
    """Put a unit's findings (those across units included) on its result, as scoring does."""
    result.findings = dict(Counter(str(f.severity) for f in findings))
    result.finding_codes = dict(Counter(f.code for f in findings))
    by_criterion: dict[str, list[str]] = {}
    for f in findings:
        if f.criterion is not None:
            by_criterion.setdefault(f.criterion, []).append(f.code)
    for row in result.criteria:
        codes = by_criterion.get(row.code, [])
        row.findings, row.finding_codes = len(codes), codes


# -- outputs ------------------------------------------------------------------------------------
def _write_outputs(
    ws: Workspace, results: Results, run: CheckRun, lang: Lang, workers: int | None
) -> dict[str, list[Path]]:
    """results.json/.xlsx and the reports; the two Excel files, the slowest, each in a forked
    process beside this one when there are cores for it (the results are shared, not sent).
    Above ``CRITERIA_ROWS_UP_TO`` units they hold no per-criterion rows and are cheap: written
    here, one after the other, so that no forked writer grows its own copy of the results."""
    from par_index.report import write_excel_report, write_html_report
    from par_index.results_io import CRITERIA_ROWS_UP_TO, write_results_json, write_results_xlsx

    out = ws.outputs
    options = {"lang": lang, "title": ws.config.title, "producer": ws.config.producer}
    excel = (write_excel_report, out / "report.xlsx", results, run.report, run.criteria)
    aside = [(write_results_xlsx, out / "results.xlsx", results), excel]
    parallel = workers != 0 and 50 <= len(results.units) <= CRITERIA_ROWS_UP_TO
    done = _beside(aside, options, parallel=parallel)
    json_path = write_results_json(out / "results.json", results)
    html = write_html_report(out / "report.html", results, run.report, run.criteria, **options)
    results_xlsx, excel_path = (handle() for handle in done)
    return {"results": [json_path, results_xlsx], "report": [*html, excel_path]}


def _beside(calls: list[tuple], options: dict, *, parallel: bool) -> list[Callable[[], Path]]:
    """Start each call (function, *args; ``options`` for the report writers) in a forked child
    where fork exists; a handle per call waits for its path (or raises the child's error)."""
    import multiprocessing
    import sys

    handles = []
    for fn, *args in calls:
        kwargs = options if fn.__module__.startswith("par_index.report") else {}
        if not parallel or not sys.platform.startswith("linux"):
            path = fn(*args, **kwargs)
            handles.append(lambda path=path: path)
            continue
        receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
        child = multiprocessing.get_context("fork").Process(
            target=_child, args=(send, fn, args, kwargs), daemon=True
        )
        child.start()
        send.close()
        handles.append(partial(_wait, child, receive))
    return handles


def _child(send, fn: Callable[..., Path], args: tuple, kwargs: dict) -> None:
    try:
        send.send(("ok", fn(*args, **kwargs)))
    except BaseException as exc:  # sent to the parent, which raises it
        try:
            send.send(("error", exc))
        except Exception:
            send.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _wait(child, receive) -> Path:
    try:
        status, value = receive.recv()
    except EOFError:
        status, value = "error", RuntimeError(f"output writer died (exit code {child.exitcode})")
    child.join()
    if status == "error":
        raise value
    return value


def _save_report(ws: Workspace, report: Report) -> Path:
    from par_index.check.runner import save_report

    return save_report(ws, report)


def _feedback(ws: Workspace, run: CheckRun, lang: Lang) -> list[Path]:
    from par_index.check.feedback import write_feedback

    written = write_feedback(
        run.report, run.units, ws.outputs / "feedback", run.sources,
        period=ws.config.period, producer=ws.config.producer, lang=lang,
    )  # fmt: skip
    return [p for unit in written for p in (unit.page, *unit.workbooks)]
