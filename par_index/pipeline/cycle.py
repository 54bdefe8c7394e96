"""One path for every command: ``run(workspace, steps)`` loads the inputs once, reads each
workbook once, and does the steps asked for; the CLI commands are steps of it.

Progress is reported through callbacks, so nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from par_index.appraisal.bodies import BodyConfig, plan
from par_index.appraisal.write import write_appraisal_workbook
from par_index.assess import Checked, score
from par_index.check.finding import Report
from par_index.errors import InputFileError
from par_index.heap import GcTuning
from par_index.i18n import Lang, Message, current_lang
from par_index.inputs import Inputs
from par_index.pipeline import received
from par_index.pipeline.explanations import answer_into_appraisal, explanations_received
from par_index.pipeline.load import cached_criteria, load_inputs
from par_index.pipeline.manifest import mixed_inputs, write_manifest
from par_index.pipeline.names import appraisal_workbooks
from par_index.pipeline.outputs import (
    load_check,
    load_scored,
    save_check,
    save_feedback,
    save_results,
    save_scored,
)
from par_index.pipeline.read import ReadJob, read_folder
from par_index.pipeline.status import RunState, report_status
from par_index.received import versions
from par_index.results import InputProblem, Results
from par_index.workspace import Workspace

Progress = Callable[[str], None]
"""Called with a step's or stage's name as it starts."""

STEPS = ("check", "feedback", "score", "report")
"""The steps of ``par-index run``, in order. ``appraisal`` is a step of its own command."""
STAGES = ("read+check+score", "cross-check", "feedback", "rank", "outputs")
"""The finer stages reported to the ``stage`` callback (the benchmark times them)."""

M_APPRAISAL_EXISTS = Message(
    "cli.appraisal.exists",
    "{file} đã có (có thể chứa điểm Hội đồng đã nhập). Đổi tên tệp cũ, hoặc chạy lại với "
    "--force để ghi đè.",
    "{file} already exists (it may hold the council's scores). Rename it, or run again with "
    "--force to overwrite it.",
)


@dataclass
class RunOutcome:
    """What a run did: its inputs, the check report, the results (when scored), the file that
    counted for each unit, the files that could not be read and every file written."""

    inputs: Inputs | None
    report: Report
    results: Results | None = None
    checked: Checked | None = None
    sources: dict[str, Path] = field(default_factory=dict)
    """File name in the report -> the workbook it was read from (readable files only)."""
    outputs: dict[str, list[Path]] = field(default_factory=dict)
    mixed: list[str] = field(default_factory=list)
    """Outputs (relative to the outputs folder) that no complete run wrote: an earlier run
    stopped half-way (``pipeline.manifest``)."""
    problems: list[InputProblem] = field(default_factory=list)
    """Problems of input files a step read without scoring (the plan files when checking
    only; the units' explanation workbooks, read by the appraisal step)."""
    explained: int | None = None
    """The appraisal step found the workbooks made and filled in the units' explanations
    (explanation cells written); None when it wrote the workbooks."""

    @property
    def unreadable(self) -> list[str]:
        """Files of the submissions folder that could not be read at all."""
        return [f for f in self.report.files if f not in self.sources]


def run(
    ws: Workspace,
    steps: Collection[str] = STEPS,
    *,
    lang: Lang | str | None = None,
    workers: int | None = None,
    unit: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    stage: Progress | None = None,
    gc_tuning: GcTuning | None = None,
    write: bool = True,
) -> RunOutcome:
    """Do ``steps`` of the yearly cycle on a workspace: "check" (read and check every file,
    write check.json), "feedback" (the units' pages; only ``unit``'s when given), "appraisal"
    (the council's workbook; an existing one only with ``force``), "score" (results.json and
    results.xlsx) and "report" (report.html and report.xlsx; from the outputs of an earlier
    score step when this run does not score). ``write`` False: only the "check" and "score"
    steps, and nothing written (``par-index whatif``)."""
    lang = Lang(lang or current_lang())
    tell, mark = progress or _silent, stage or _silent
    tuning = gc_tuning or GcTuning()
    if not write:
        steps = [s for s in steps if s in ("check", "score")]
    if "check" not in steps:
        return _report_only(ws, lang)
    targets = _appraisal_targets(ws) if "appraisal" in steps else []
    existing = [path for path, _body in targets if path.exists()]
    if existing and not force:
        if explanations_received(ws):  # round 2 begins: the explanations go into the books
            return _explained(ws, [path for path, _body in targets if path.exists()])
        raise InputFileError(M_APPRAISAL_EXISTS, file=str(existing[0]))
    scoring = "score" in steps
    inputs = load_inputs(ws, lang, scoring=scoring)
    tell("check")
    mark("read+check+score")
    intake = received.intake(ws, received.load_log(ws), received.now_utc(), inputs.units)
    folder = ws.path(ws.config.paths.submissions)
    job = ReadJob(folder, inputs, scoring, "appraisal" in steps, receipts=intake.current)
    batch, sources = read_folder(job, tuning, workers=workers, stage=mark)
    received.settle(ws, intake, batch.owners, write=write)
    batch.report.versions = versions(intake.current.values())
    outcome = RunOutcome(inputs, batch.report, checked=batch, sources=sources)
    if not scoring:  # scoring puts them in results.json, which the summary reads
        outcome.problems += inputs.problems
    with tuning.few_collections(), tuning.long_lived():  # the checks and results, kept to the end
        if write:
            outcome.outputs["check"] = [save_check(ws, batch.report)]
        if "feedback" in steps:
            tell("feedback")
            mark("feedback")
            chosen = [u for u in inputs.units if unit is None or u.code == unit]
            outcome.outputs["feedback"] = save_feedback(
                ws, batch.report, chosen, sources, lang, tuning
            )
        if "appraisal" in steps:
            outcome.outputs["appraisal"] = _appraisal(ws, inputs, batch, targets, outcome)
        if scoring:
            tell("score")
            mark("rank")
            outcome.results = score(inputs, batch)
            if write:
                tell("report")
                mark("outputs")
                _save_scored(ws, outcome, steps, lang, workers)
    if write:
        outcome.mixed = write_manifest(ws, steps, _written(outcome))
    return outcome


def _save_scored(
    ws: Workspace, outcome: RunOutcome, steps: Collection[str], lang: Lang, workers: int | None
) -> None:
    """results.json and results.xlsx, and the reports when the run reports."""
    assert outcome.results is not None and outcome.inputs is not None and outcome.checked
    if "report" in steps:
        cs = outcome.inputs.all_sets
        files = save_scored(
            ws, outcome.results, outcome.checked.report, cs, lang, workers,
            status=report_status(ws, lang, RunState(outcome.inputs, outcome.checked.report)),
        )  # fmt: skip
        outcome.outputs.update(files)
    else:
        outcome.outputs["results"] = save_results(ws, outcome.results)


def _written(outcome: RunOutcome) -> list[Path]:
    return [path for paths in outcome.outputs.values() for path in paths]


def _silent(_name: str) -> None:
    return None


def _appraisal_targets(ws: Workspace) -> list[tuple[Path, BodyConfig | None]]:
    cs = cached_criteria(ws)
    return appraisal_workbooks(ws, plan(cs, ws.config.appraisal))


def _appraisal(
    ws: Workspace,
    inputs: Inputs,
    batch: Checked,
    targets: list[tuple[Path, BodyConfig | None]],
    outcome: RunOutcome,
) -> list[Path]:
    """The council's workbook, or one per body; explanations already returned filled in."""
    the_plan = plan(inputs.cs, ws.config.appraisal)
    written = []
    for target, body in targets:
        only = the_plan.codes(body.id) if the_plan is not None and body is not None else None
        written.append(write_appraisal_workbook(
            target, inputs.all_sets, inputs.units, batch.submissions, batch.report,
            period=inputs.period, body=body, only=only,
            evidence_folder=ws.path(ws.config.paths.submissions),
        ))  # fmt: skip
    if explanations_received(ws):
        outcome.problems += answer_into_appraisal(ws, written, inputs).problems
    return written


def _explained(ws: Workspace, paths: list[Path]) -> RunOutcome:
    """The appraisal workbooks exist: write the units' returned explanations into them."""
    answered = answer_into_appraisal(ws, paths)
    outcome = RunOutcome(None, Report(), problems=answered.problems, explained=answered.cells)
    outcome.outputs["appraisal"] = paths
    return outcome


def _report_only(ws: Workspace, lang: Lang) -> RunOutcome:
    """The reports from the results and check report an earlier step wrote."""
    from par_index.pipeline.load import cached_criteria, unit_sets

    results, report = load_scored(ws), load_check(ws)
    note = mixed_inputs(ws, lang)
    if note is not None:  # shown in the report; results.json itself is left as it is
        results.problems.append(note)
    sets = unit_sets(ws) or cached_criteria(ws)
    status = report_status(ws, lang)
    files = save_scored(ws, results, report, sets, lang, with_results=False, status=status)
    outcome = RunOutcome(None, report, results, outputs=files)
    outcome.mixed = write_manifest(ws, ("report",), _written(outcome))
    return outcome
