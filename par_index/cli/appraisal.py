"""``par-index appraisal WORKSPACE``: the appraisal workbook for the council (phiếu thẩm định).

The "check" and "appraisal" steps of the library's one path: each workbook read once, checked
so that each row shows the findings, and one workbook with a sheet per unit written into the
workspace's appraisal folder (one per body when par-index.yaml shares the appraisal among
bodies). An existing workbook holds the council's work: it is never overwritten without
--force; once the units' explanations have come back, the command writes them into it.
``--explanations``: after round 1, the explanation workbook of every unit scored down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from par_index.cli.common import console
from par_index.i18n import Message, chosen_lang, use_lang
from par_index.pipeline import exit_code, run
from par_index.pipeline.explanations import make_explanation_workbooks
from par_index.pipeline.names import EXPLANATIONS
from par_index.results import InputProblem
from par_index.workspace import load_workspace

M_WRITTEN = Message(
    "cli.appraisal.written",
    "[green]✓[/] Phiếu thẩm định {units} đơn vị ({submitted} đã nộp hồ sơ): {file}",
    "[green]✓[/] Appraisal workbook for {units} unit(s) ({submitted} submitted): {file}",
)
M_EXPLAINED = Message(
    "cli.appraisal.explained",
    "[green]✓[/] Đã đưa {cells} giải trình của đơn vị vào phiếu thẩm định (cột 'Giải trình của "
    "đơn vị'); điểm, ghi chú Hội đồng đã nhập giữ nguyên: {files}",
    "[green]✓[/] {cells} unit explanation(s) written into the appraisal workbooks (column "
    "'Giải trình của đơn vị'); the council's scores and notes are kept: {files}",
)
M_BOOKS = Message(
    "cli.appraisal.explanation-books",
    "[green]✓[/] Bảng giải trình của {units} đơn vị bị chấm giảm ở vòng 1 ({rows} tiêu chí), "
    "trong {folder}. Gửi cho đơn vị; đơn vị gửi lại vào thư mục '{back}'.",
    "[green]✓[/] Explanation workbooks of {units} unit(s) scored down in round 1 ({rows} "
    "criteria), in {folder}. Send them; the units return them into folder '{back}'.",
)
M_NOT_APPRAISED = Message(
    "cli.appraisal.not-appraised",
    "Chưa có bảng giải trình cho {count} đơn vị chưa ghi 'Đã thẩm định vòng 1': {units}",
    "No explanation workbook for {count} unit(s) not marked appraised in round 1: {units}",
)
M_PROBLEMS = Message(
    "cli.appraisal.problems",
    "Cần xem lại ({count}):",
    "To look at ({count}):",
)


def appraisal(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    force: Annotated[bool, typer.Option("--force", help="Ghi đè phiếu thẩm định đã có.")] = False,
    explanations: Annotated[
        bool,
        typer.Option(
            "--explanations",
            help="Sau vòng 1: lập bảng giải trình cho mỗi đơn vị bị chấm giảm "
            "(outputs/giai-trinh).",
        ),
    ] = False,
) -> None:
    """Lập phiếu thẩm định cho Hội đồng: mỗi đơn vị một trang (write the appraisal workbook)."""
    ws = load_workspace(workspace)
    use_lang(chosen_lang() or ws.config.language)
    if explanations:
        _explanation_books(ws)
        return
    outcome = run(ws, ("check", "appraisal"), force=force)
    targets = outcome.outputs["appraisal"]
    if outcome.explained is not None:
        files = ", ".join(escape(str(p)) for p in targets)
        console.print(M_EXPLAINED.format(cells=outcome.explained, files=files))
    else:
        units = len(outcome.report.units)
        submitted = len(outcome.checked.submissions) if outcome.checked else 0
        for target in targets:
            shown = escape(str(target))
            console.print(M_WRITTEN.format(units=units, submitted=submitted, file=shown))
    _print_problems(outcome.problems)
    raise typer.Exit(exit_code(outcome))


def _explanation_books(ws) -> None:
    books = make_explanation_workbooks(ws)
    folder = escape(str(ws.outputs / EXPLANATIONS))
    rows = sum(books.rows.values())
    back = escape(ws.config.paths.explanations)
    console.print(M_BOOKS.format(units=len(books.written), rows=rows, folder=folder, back=back))
    if books.not_appraised:
        units = ", ".join(books.not_appraised)
        console.print(M_NOT_APPRAISED.format(count=len(books.not_appraised), units=units),
                      markup=False)  # fmt: skip
    _print_problems(books.problems)
    errors = any(p.severity == "error" for p in books.problems)
    raise typer.Exit(1 if errors else 0)


def _print_problems(problems: list[InputProblem]) -> None:
    if problems:
        console.print(M_PROBLEMS.format(count=len(problems)), markup=False, style="yellow")
    for problem in problems:
        console.print(f"  {problem.message} ({problem.code})", markup=False)
