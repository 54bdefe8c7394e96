"""``par-index templates WORKSPACE``: one self-assessment workbook per unit."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from par_index.cli.common import console
from par_index.i18n import Message
from par_index.pipeline.templates import make_templates
from par_index.workspace import load_workspace

M_WROTE = Message(
    "cli.templates.wrote",
    "[green]✓[/] Đã tạo {count} biểu mẫu tự chấm điểm trong {folder} ({seconds} giây).",
    "[green]✓[/] Wrote {count} self-assessment template(s) to {folder} ({seconds} s).",
)
M_NEXT = Message(
    "cli.templates.next",
    "Gửi mỗi đơn vị tệp mang mã của mình; nhận lại vào thư mục {submissions}.",
    "Send each unit the file carrying its code; collect the returns in {submissions}.",
)
H_CODE = Message("cli.templates.col.code", "Mã", "Code")
H_NAME = Message("cli.templates.col.name", "Đơn vị", "Unit")
H_FILE = Message("cli.templates.col.file", "Tệp", "File")
LISTED = 40
"""Up to this many templates are listed one per line."""


def templates(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", help="Chỉ tạo cho đơn vị này (mã; lặp lại được)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Thư mục ghi (mặc định: thư mục templates của workspace)."),
    ] = None,
) -> None:
    """Tạo biểu mẫu tự chấm điểm (.xlsx) cho từng đơn vị."""
    ws = load_workspace(workspace)
    folder = out or ws.path(ws.config.paths.templates)
    started = time.perf_counter()
    made = make_templates(ws, unit or [], folder)
    seconds = f"{time.perf_counter() - started:.1f}"
    if len(made) <= LISTED:
        table = Table(show_edge=False)
        for header in (H_CODE, H_NAME, H_FILE):
            table.add_column(header.format())
        for u, path in made:
            table.add_row(escape(u.code), escape(u.name), escape(path.name))
        console.print(table)
    console.print(M_WROTE.format(count=len(made), folder=escape(str(folder)), seconds=seconds))
    submissions = ws.path(ws.config.paths.submissions)
    console.print(M_NEXT.format(submissions=str(submissions)), markup=False)
