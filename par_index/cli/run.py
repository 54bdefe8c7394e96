"""``par-index run WORKSPACE``: check, score, rank and report in one go."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from par_index.check.finding import Severity
from par_index.cli.common import console
from par_index.i18n import Message, chosen_lang, use_lang
from par_index.numbers import display
from par_index.pipeline import STEPS, RunOutcome, run_workspace
from par_index.workspace import load_workspace

M_STEP = {
    "check": Message("cli.run.step.check", "Đọc và kiểm tra bảng tự chấm", "Reading and checking"),
    "feedback": Message("cli.run.step.feedback", "Ghi phiếu phản hồi", "Writing feedback"),
    "score": Message("cli.run.step.score", "Chấm điểm, xếp hạng", "Scoring and ranking"),
    "report": Message("cli.run.step.report", "Lập báo cáo", "Writing the reports"),
}
M_SUMMARY = Message(
    "cli.run.summary",
    "[bold]{units}[/] đơn vị, {files} tệp đã đọc; phát hiện: [red]{errors} lỗi[/], "
    "[yellow]{warnings} cảnh báo[/], {infos} thông tin.",
    "[bold]{units}[/] units, {files} files read; findings: [red]{errors} errors[/], "
    "[yellow]{warnings} warnings[/], {infos} info.",
)
M_TOP = Message("cli.run.top", "Cao nhất: {units}", "Top: {units}")
M_BOTTOM = Message("cli.run.bottom", "Thấp nhất: {units}", "Bottom: {units}")
M_OUTPUTS = Message(
    "cli.run.outputs",
    "Báo cáo: {html}\nKết quả: {results}\nPhiếu phản hồi: {feedback}",
    "Report: {html}\nResults: {results}\nFeedback: {feedback}",
)


def run(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    workers: Annotated[
        int | None, typer.Option("--workers", help="Số tiến trình đọc tệp (mặc định: số lõi).")
    ] = None,
    feedback: Annotated[
        bool, typer.Option("--feedback/--no-feedback", help="Ghi phiếu phản hồi cho từng đơn vị.")
    ] = True,
):
    """Kiểm tra, chấm điểm, xếp hạng và lập báo cáo trong một lệnh (check, score, report)."""
    ws = load_workspace(workspace)
    use_lang(chosen_lang() or ws.config.language)
    steps = [s for s in STEPS if feedback or s != "feedback"]
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=len(steps))

        def step(name: str) -> None:
            if bar.tasks[task].description:
                bar.advance(task)
            bar.update(task, description=M_STEP[name].format())

        outcome = run_workspace(ws, workers=workers, feedback=feedback, progress=step)
    _summary(outcome, ws.outputs)


def _summary(outcome: RunOutcome, outputs: Path) -> None:
    counts = Counter(f.severity for f in outcome.report.findings)
    console.print(
        M_SUMMARY.format(
            units=len(outcome.report.units),
            files=len(outcome.report.files),
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
        )
    )
    ranked = [u for u in outcome.results.units if u.rank is not None]
    if ranked:
        shown = [f"{u.rank}. {u.unit.name} ({display(u.index)})" for u in ranked]
        console.print(M_TOP.format(units=", ".join(shown[:3])), markup=False)
        console.print(M_BOTTOM.format(units=", ".join(shown[-3:])), markup=False)
    feedback = outputs / "feedback" if outcome.outputs.get("feedback") else "—"
    html = outcome.outputs["report"][0]
    results = outcome.outputs["results"][0]
    console.print(M_OUTPUTS.format(html=html, results=results, feedback=feedback), markup=False)
