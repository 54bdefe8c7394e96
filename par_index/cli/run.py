"""``par-index run WORKSPACE``: check, feedback, score, rank and report in one go; the summary
says everything ``check`` and ``score`` would, and ``--json`` prints it as the library's
``RunSummary``. Exit status by the one rule of every command (``par_index.pipeline.summary``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from par_index.cli.common import console
from par_index.cli.report import FINAL_HELP, M_DECISION
from par_index.i18n import Message, chosen_lang, current_lang, use_lang
from par_index.numbers import display
from par_index.pipeline import STEPS, RunOutcome, RunSummary, run, summarise
from par_index.pipeline.manifest import mixed_line
from par_index.pipeline.summary import UnitLine
from par_index.workspace import Workspace, load_workspace

M_STEP = {
    "check": Message("cli.run.step.check", "Đọc và kiểm tra bảng tự chấm", "Reading and checking"),
    "feedback": Message("cli.run.step.feedback", "Ghi phiếu phản hồi", "Writing feedback"),
    "score": Message("cli.run.step.score", "Chấm điểm, xếp hạng", "Scoring and ranking"),
    "report": Message("cli.run.step.report", "Lập báo cáo", "Writing the reports"),
}
M_SUMMARY = Message(
    "cli.run.summary",
    "[bold]{units}[/] đơn vị, {files} tệp đã nhận; phát hiện: [red]{errors} lỗi[/], "
    "[yellow]{warnings} cảnh báo[/], {infos} thông tin.",
    "[bold]{units}[/] units, {files} files received; findings: [red]{errors} errors[/], "
    "[yellow]{warnings} warnings[/], {infos} info.",
)
M_UNREADABLE = Message(
    "cli.run.unreadable",
    "Không đọc được {count} tệp (xem check.json và phiếu phản hồi): {files}",
    "{count} file(s) could not be read (see check.json and the feedback pages): {files}",
)
M_PROBLEMS = Message(
    "cli.run.problems",
    "Tệp đầu vào (phiếu thẩm định, hồ sơ Kế hoạch CCHC) có {count} lỗi cần sửa trước khi "
    "công bố kết quả:",
    "The input files (appraisal workbooks, PAR plan records) have {count} problem(s) to fix "
    "before publishing:",
)
M_WARNINGS = Message(
    "cli.run.appraisal-warnings",
    "Phiếu thẩm định cần xem lại ({count}):",
    "The appraisal workbooks need another look ({count}):",
)
M_PROVISIONAL = Message(
    "cli.run.provisional",
    "Tạm thời ({count} đơn vị, kết quả có thể thay đổi): {units}",
    "Provisional ({count} unit(s), results may change): {units}",
)
M_NO_SURVEY = Message(
    "cli.run.no-survey",
    "Chưa có kết quả điều tra xã hội học ({count} đơn vị): {units}",
    "No survey results ({count} unit(s)): {units}",
)
M_EXCLUDED = Message(
    "cli.run.excluded", "Không xếp hạng: {name} — {reason}", "Not ranked: {name} — {reason}"
)
M_FORCED = Message(
    "cli.run.forced-class",
    "Xếp loại bắt buộc: {name} — {reason}",
    "Forced class: {name} — {reason}",
)
M_TOP = Message("cli.run.top", "Cao nhất: {units}", "Top: {units}")
M_BOTTOM = Message("cli.run.bottom", "Thấp nhất: {units}", "Bottom: {units}")
M_OUTPUTS = Message(
    "cli.run.outputs",
    "Báo cáo: {html}\nKết quả: {results}\nPhiếu phản hồi: {feedback}",
    "Report: {html}\nResults: {results}\nFeedback: {feedback}",
)
M_BLOCKED = Message(
    "cli.run.blocked",
    "Còn lỗi cần xử lý trước khi công bố kết quả (mã thoát 1).",
    "There are errors to deal with before the results are published (exit code 1).",
)


def run_command(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    workers: Annotated[
        int | None, typer.Option("--workers", help="Số tiến trình đọc tệp (mặc định: số lõi).")
    ] = None,
    feedback: Annotated[
        bool, typer.Option("--feedback/--no-feedback", help="Ghi phiếu phản hồi cho từng đơn vị.")
    ] = True,
    as_json: Annotated[
        bool, typer.Option("--json", help="In bản tóm tắt dạng JSON (RunSummary của thư viện).")
    ] = False,
    final_decision: Annotated[bool, typer.Option("--final-decision", help=FINAL_HELP)] = False,
):
    """Kiểm tra, chấm điểm, xếp hạng và lập báo cáo trong một lệnh (check, score, report)."""
    ws = load_workspace(workspace)
    if final_decision:
        ws = ws.with_final_decision()
    use_lang(chosen_lang() or ws.config.language)
    steps = [s for s in STEPS if feedback or s != "feedback"]
    quiet = as_json  # JSON on stdout: no progress bar
    outcome = run(ws, steps, workers=workers) if quiet else _with_progress(ws, steps, workers)
    summary = summarise(outcome, ws.root)
    if as_json:
        sys.stdout.write(summary.model_dump_json(indent=2) + "\n")
    else:
        _print(summary, outcome, ws)
    raise typer.Exit(summary.exit_code)


def _with_progress(ws, steps: list[str], workers: int | None) -> RunOutcome:
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=len(steps))

        def step(name: str) -> None:
            if bar.tasks[task].description:
                bar.advance(task)
            bar.update(task, description=M_STEP[name].format())

        return run(ws, steps, workers=workers, progress=step)


def _print(summary: RunSummary, outcome: RunOutcome, ws: Workspace) -> None:
    counts = summary.findings
    console.print(
        M_SUMMARY.format(
            units=summary.units, files=summary.files, errors=counts["error"],
            warnings=counts["warning"], infos=counts["info"],
        )
    )  # fmt: skip
    say = _plain
    if summary.unreadable:
        say(M_UNREADABLE.format(count=len(summary.unreadable), files=", ".join(summary.unreadable)))
    if summary.appraisal_problems:
        say(M_PROBLEMS.format(count=len(summary.appraisal_problems)), style="red")
        for problem in summary.appraisal_problems:
            say(f"  {problem}")
    if summary.appraisal_warnings:
        say(M_WARNINGS.format(count=len(summary.appraisal_warnings)), style="yellow")
        for problem in summary.appraisal_warnings:
            say(f"  {problem}")
    if summary.provisional:
        units = _names(summary.provisional)
        say(M_PROVISIONAL.format(count=len(summary.provisional), units=units))
    if summary.without_survey:
        units = _names(summary.without_survey)
        say(M_NO_SURVEY.format(count=len(summary.without_survey), units=units))
    for line in summary.excluded:
        say(M_EXCLUDED.format(name=line.name, reason=line.reason))
    for line in summary.forced_class:
        say(M_FORCED.format(name=line.name, reason=line.reason))
    _ranking(outcome)
    _outputs(outcome)
    if summary.mixed_outputs:
        say(mixed_line(ws, summary.mixed_outputs, current_lang()), style="yellow")
    if summary.exit_code:
        say(M_BLOCKED.format(), style="red")


def _plain(text: str, style: str | None = None) -> None:
    console.print(text, markup=False, style=style)


def _names(lines: list[UnitLine]) -> str:
    return ", ".join(line.name for line in lines)


def _ranking(outcome: RunOutcome) -> None:
    ranked = [u for u in outcome.results.units if u.rank is not None] if outcome.results else []
    if ranked:
        shown = [f"{u.rank}. {u.unit.name} ({display(u.index)})" for u in ranked]
        _plain(M_TOP.format(units=", ".join(shown[:3])))
        _plain(M_BOTTOM.format(units=", ".join(shown[-3:])))


def _outputs(outcome: RunOutcome) -> None:
    outputs = outcome.outputs
    feedback = outputs["feedback"][0].parent if outputs.get("feedback") else "—"
    html, results = outputs["report"][0], outputs["results"][0]
    _plain(M_OUTPUTS.format(html=html, results=results, feedback=feedback))
    for decision in outputs.get("decision", []):
        _plain(M_DECISION.format(file=decision).strip())
