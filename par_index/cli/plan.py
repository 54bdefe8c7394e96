"""``par-index plan WORKSPACE``: the year's PAR plan. ``--templates`` makes the plan workbooks;
otherwise (``--as-of DATE``) the filled ones are read back and where the plan stands is shown
and written to outputs/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from par_index.cli.common import as_of_day, console, print_json
from par_index.i18n import Message
from par_index.pipeline.plan_step import run_plan
from par_index.plan.report import labels, rate_text
from par_index.plan.status import PlanStatus
from par_index.workspace import load_workspace

M_MADE = Message(
    "cli.plan.made",
    "[green]✓[/] Đã tạo {count} tệp kế hoạch CCHC và lịch kiểm tra trong {folder}. Gửi mỗi đơn "
    "vị tệp mang mã của mình; nhận lại vào {returned}.",
    "[green]✓[/] Wrote {count} plan workbook(s) and the inspection schedule to {folder}. Send "
    "each unit the file carrying its code; collect the returns in {returned}.",
)
M_WROTE = Message("cli.plan.wrote", "Đã ghi: {files}", "Written: {files}")
M_PROBLEMS = Message(
    "cli.plan.problems",
    "[yellow]{count} vấn đề trong các tệp kế hoạch:[/]",
    "[yellow]{count} problem(s) in the plan files:[/]",
)


def plan(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    templates: Annotated[
        bool,
        typer.Option("--templates", help="Tạo tệp kế hoạch cho từng đơn vị và lịch kiểm tra."),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Tiến độ tính đến ngày này (2025-06-30); mặc định hôm nay, tối đa cuối kỳ.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")] = False,
) -> None:
    """Kế hoạch CCHC năm: tạo tệp kế hoạch, theo dõi tiến độ (đúng hạn, chậm, quá hạn)."""
    ws = load_workspace(workspace)
    day = as_of_day(as_of)
    outcome = run_plan(ws, templates=templates, as_of=day)
    if outcome.made and not as_json:
        folder = outcome.made[0].parent
        returned = ws.path(ws.config.paths.plan) / "don-vi"
        console.print(
            M_MADE.format(
                count=len(outcome.made), folder=escape(str(folder)), returned=escape(str(returned))
            )
        )
    status = outcome.status
    if status is None:
        return
    if as_json:
        print_json(status.as_json())
    else:
        _show(status)
        files = ", ".join(str(p) for p in outcome.written)
        console.print(M_WROTE.format(files=files), markup=False)
    if any(p.severity == "error" for p in status.problems):
        raise typer.Exit(1)


def _show(status: PlanStatus) -> None:
    w = labels()
    console.print(f"[bold]{escape(w['title'])}[/] — {w['as_of']} {status.as_of:%d/%m/%Y}")
    table = Table(show_edge=False)
    for key in ("unit", "planned", "on_time", "late", "overdue", "not_due", "rate"):
        table.add_column(w[key], justify="left" if key == "unit" else "right")
    for unit in status.units:
        c = unit.completion
        counts = (
            [str(c.planned), str(c.on_time), str(c.late), str(c.overdue), str(c.not_due)]
            if c
            else [w["no_plan"], "", "", "", ""]
        )
        table.add_row(escape(unit.name), *counts, rate_text(unit))
    console.print(table)
    console.print(f"[bold]{escape(w['overdue_sheet'])}[/]")
    if not status.overdue:
        console.print(w["none_overdue"])
    else:
        overdue = Table(show_edge=False)
        for key in ("unit", "code", "task", "lead", "due", "days"):
            overdue.add_column(w[key])
        for t in status.overdue:
            overdue.add_row(
                escape(t.unit_name), escape(t.key), escape(t.task), escape(t.lead or ""),
                f"{t.due:%d/%m/%Y}", str(t.days),
            )  # fmt: skip
        console.print(overdue)
    _tasks(status, w)
    pending = [i for i in status.inspections if i.pending]
    done = len(status.inspections) - len(pending)
    console.print(f"[bold]{escape(w['inspections'])}[/]: {done}/{len(status.inspections)}")
    for i in pending:
        planned = f"{i.planned:%d/%m/%Y}" if i.planned else ""
        console.print(f"  {escape(w['pending'])}: {escape(i.name)} {planned} {escape(i.by or '')}")
    if status.problems:
        console.print(M_PROBLEMS.format(count=len(status.problems)))
        for p in status.problems:
            console.print(f"  {p.message}", markup=False)


def _tasks(status: PlanStatus, w: dict[str, str]) -> None:
    """Each province task across the units."""
    console.print(f"[bold]{escape(w['tasks_sheet'])}[/]")
    table = Table(show_edge=False)
    for key in ("code", "task", "due", "on_time", "late", "overdue", "not_due"):
        table.add_column(w[key], justify="right" if key in ("on_time", "late") else "left")
    for t in status.tasks:
        due = f"{t.due:%d/%m/%Y}" if t.due else ""
        counts = (str(t.on_time), str(t.late), str(t.overdue), str(t.not_due))
        table.add_row(escape(t.key), escape(t.task), due, *counts)
    console.print(table)
