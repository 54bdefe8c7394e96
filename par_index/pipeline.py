"""The main job: check, score, rank and report a workspace in one go (``par-index run``).

Each step is the library function its own command uses; this module only chains them and
names the outputs. Progress is reported through a callback, so the core prints nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from par_index.check.feedback import write_feedback
from par_index.check.finding import Report
from par_index.check.runner import check_workspace, save_report
from par_index.i18n import Lang, current_lang
from par_index.report import write_excel_report, write_html_report
from par_index.results import Results
from par_index.results_io import write_results_json, write_results_xlsx
from par_index.scoring import read_submissions, score_workspace
from par_index.workspace import Workspace

Progress = Callable[[str], None]
"""Called with a step's name ("check", "feedback", "score", "report") as it starts."""

STEPS = ("check", "feedback", "score", "report")
STAGES = ("read+check", "feedback", "score", "results", "report")
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
    tell = progress or (lambda _name: None)
    mark = stage or (lambda _name: None)

    def step(name: str) -> None:
        tell(name)
        mark({"check": "read+check"}.get(name, name))

    out = ws.outputs
    step("check")
    run = check_workspace(ws, lang, workers=workers)
    files: dict[str, list[Path]] = {"check": [save_report(ws, run.report)]}
    if feedback:
        step("feedback")
        written = write_feedback(
            run.report, run.units, out / "feedback", run.sources,
            period=ws.config.period, producer=ws.config.producer, lang=lang,
        )  # fmt: skip
        files["feedback"] = [p for unit in written for p in (unit.page, *unit.workbooks)]
    step("score")
    submissions = read_submissions(run.criteria, run.report, run.sources)
    results = score_workspace(ws, submissions, run.report)
    mark("results")
    files["results"] = [
        write_results_json(out / "results.json", results),
        write_results_xlsx(out / "results.xlsx", results),
    ]
    step("report")
    options = {"lang": lang, "title": ws.config.title, "producer": ws.config.producer}
    html = write_html_report(out / "report.html", results, run.report, run.criteria, **options)
    excel = write_excel_report(out / "report.xlsx", results, run.report, run.criteria, **options)
    files["report"] = [*html, excel]
    return RunOutcome(run.report, results, files)
