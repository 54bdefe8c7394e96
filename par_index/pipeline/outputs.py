"""Writing a run's outputs into the workspace: check.json, the feedback pages, results.json and
results.xlsx, report.html and report.xlsx, the draft decision (quyet-dinh.docx). Names come
from ``par_index.pipeline.names``."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from par_index.check.feedback import write_feedback
from par_index.check.finding import Report
from par_index.criteria.model import CriteriaSet
from par_index.criteria.sets import Sets
from par_index.decision import build_decision, write_decision
from par_index.errors import InputFileError, ParIndexError
from par_index.heap import GcTuning
from par_index.i18n import Lang, Message
from par_index.io import write_text_atomic
from par_index.pipeline.names import (
    CHECK_JSON,
    DECISION_DOCX,
    FEEDBACK,
    REPORT_HTML,
    REPORT_XLSX,
    RESULTS_JSON,
    RESULTS_XLSX,
    output,
)
from par_index.pipeline.plan import default_as_of, plan_view
from par_index.plan.status import PlanStatus
from par_index.processes import forking
from par_index.report import write_excel_report, write_html_report
from par_index.results import Results
from par_index.results_io import load_results, write_results_json, write_results_xlsx
from par_index.scale import CRITERIA_ROWS_UP_TO, PARALLEL_EXCEL_FROM
from par_index.status import Campaign
from par_index.units import Unit
from par_index.workspace import Workspace

M_NO_RESULTS = Message(
    "cli.report.no-results",
    "{file}: chưa có kết quả chấm điểm. Hãy chạy 'par-index score {workspace}' "
    "(hoặc 'par-index run {workspace}') trước khi lập báo cáo.",
    "{file}: no scored results yet. Run 'par-index score {workspace}' "
    "(or 'par-index run {workspace}') before the report.",
)
M_BAD_JSON = Message(
    "cli.report.bad-json",
    "{file}: không đọc được ({detail}). Tệp này do par-index tạo ra; hãy chạy lại "
    "'par-index {command} {workspace}' để tạo lại, đừng sửa tay.",
    "{file}: cannot be read ({detail}). par-index writes this file; run "
    "'par-index {command} {workspace}' again to rebuild it rather than editing it.",
)


def save_check(ws: Workspace, report: Report) -> Path:
    """outputs/check.json: the check report as the library serialises it."""
    return write_text_atomic(output(ws, CHECK_JSON), report.model_dump_json(indent=2) + "\n")


def load_check(ws: Workspace) -> Report:
    """outputs/check.json as an earlier step wrote it; without it, a report of no findings."""
    path = output(ws, CHECK_JSON)
    if not path.is_file():
        return Report()
    try:
        return Report.model_validate_json(path.read_bytes())
    except (ValidationError, ValueError) as exc:
        raise InputFileError(
            M_BAD_JSON, file=str(path), detail=_detail(exc), command="check",
            workspace=str(ws.root),
        ) from exc  # fmt: skip


def load_scored(ws: Workspace) -> Results:
    """outputs/results.json as the score step wrote it."""
    path = output(ws, RESULTS_JSON)
    if not path.is_file():
        raise InputFileError(M_NO_RESULTS, file=str(path), workspace=str(ws.root))
    return load_results(path)


def _detail(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = ".".join(str(part) for part in exc.errors()[0]["loc"])
        return f"{exc.error_count()} × {first}"
    return type(exc).__name__


def save_feedback(
    ws: Workspace,
    report: Report,
    units: list[Unit],
    sources: dict[str, Path],
    lang: Lang,
    gc_tuning: GcTuning,
) -> list[Path]:
    """Each unit's feedback page and annotated workbook copies in outputs/feedback."""
    written = write_feedback(
        report, units, output(ws, FEEDBACK), sources, period=ws.config.period,
        producer=ws.config.producer, lang=lang, gc_tuning=gc_tuning,
        submissions=ws.path(ws.config.paths.submissions),
    )  # fmt: skip
    return [p for unit in written for p in (unit.page, *unit.workbooks)]


def save_results(ws: Workspace, results: Results) -> list[Path]:
    """outputs/results.json and outputs/results.xlsx."""
    json_path = write_results_json(output(ws, RESULTS_JSON), results)
    return [json_path, write_results_xlsx(output(ws, RESULTS_XLSX), results)]


def save_scored(
    ws: Workspace,
    results: Results,
    report: Report,
    cs: Sets,
    lang: Lang,
    workers: int | None = None,
    *,
    with_results: bool = True,
    status: Campaign | None = None,
) -> dict[str, list[Path]]:
    """results.json/.xlsx (unless ``with_results`` is false) and the reports (``status``: the
    campaign on the report's date, for report.html's status section). The Excel files,
    the slowest, each in a forked process beside this one when there are cores for it (the
    results are shared, not sent). Above ``CRITERIA_ROWS_UP_TO`` units they hold no
    per-criterion rows and are cheap: written here, one after the other, so that no forked
    writer grows its own copy of the results."""
    options: dict[str, Any] = {
        "lang": lang,
        "title": ws.config.title,
        "producer": ws.config.producer,
        "plan": status.plan if status is not None else report_plan(ws, cs, results),
    }
    aside: list[tuple[Any, ...]] = [
        (write_excel_report, output(ws, REPORT_XLSX), results, report, cs)
    ]
    if with_results:
        aside.insert(0, (write_results_xlsx, output(ws, RESULTS_XLSX), results))
    count = len(results.units)
    parallel = workers != 0 and PARALLEL_EXCEL_FROM <= count <= CRITERIA_ROWS_UP_TO
    done = _beside(aside, options, parallel=parallel)
    json_path = write_results_json(output(ws, RESULTS_JSON), results) if with_results else None
    html = write_html_report(output(ws, REPORT_HTML), results, report, cs, **options, status=status)
    *results_xlsx, excel_path = (handle() for handle in done)
    files = {"report": [*html, excel_path], "decision": [save_decision(ws, results, cs)]}
    if json_path is not None:
        files["results"] = [json_path, *results_xlsx]
    return files


def report_plan(ws: Workspace, cs: Sets, results: Results) -> PlanStatus | None:
    """The year's PAR plan on the report's date (today, at most the period's end) for the
    report's section; None without a plan, or when its tasks file is broken (``par-index
    plan`` names the problem)."""
    units = [u.unit for u in results.units]
    try:
        return plan_view(ws, cs.type_ids(), units, default_as_of(ws))
    except ParIndexError:
        return None


def save_decision(ws: Workspace, results: Results, cs: Sets) -> Path:
    """outputs/quyet-dinh.docx: the decision publishing the results (a draft naming why while
    they are provisional, unless ``decision.final``), the ranking as its annex."""
    sets = [cs] if isinstance(cs, CriteriaSet) else [g.cs for g in cs.groups]
    groups = {t.id: t.label.vi for one in sets for t in one.unit_types}
    decision = build_decision(results, ws.config.decision, group_labels=groups)
    return write_decision(output(ws, DECISION_DOCX), decision)


def _beside(calls: list[tuple], options: dict, *, parallel: bool) -> list[Callable[[], Path]]:
    """Start each call (function, *args; ``options`` for the report writers) in a forked child
    where our processes fork (``par_index.processes``); a handle per call waits for its path (or
    raises the child's error). Elsewhere each is written here: a spawned child would have to be
    sent the results it is meant to share."""
    handles: list[Callable[[], Path]] = []
    for fn, *args in calls:
        kwargs = options if fn.__module__.startswith("par_index.report") else {}
        if not parallel or not forking():
            handles.append(partial(_written, fn(*args, **kwargs)))
            continue
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(send, fn, args, kwargs), daemon=True)
        child.start()
        send.close()
        handles.append(partial(_wait, child, receive))
    return handles


def _written(path: Path) -> Path:
    """The handle of a file already written in this process."""
    return path


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
