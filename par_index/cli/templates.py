"""``par-index templates WORKSPACE``: one self-assessment workbook per unit."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from par_index.cli.common import console
from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet
from par_index.errors import ConfigError
from par_index.i18n import Message
from par_index.units import Unit, load_units
from par_index.workbook.template import TemplateContext, write_templates
from par_index.workspace import Workspace, load_workspace

M_WROTE = Message(
    "cli.templates.wrote",
    "[green]✓[/] Đã tạo {count} biểu mẫu tự chấm điểm trong {folder} ({seconds} giây).",
    "[green]✓[/] Wrote {count} self-assessment template(s) to {folder} ({seconds} s).",
)
M_NO_UNIT = Message(
    "cli.templates.no-unit",
    "không có đơn vị '{unit}' trong {file} (có: {known}). Hãy kiểm tra mã đơn vị.",
    "there is no unit '{unit}' in {file} (known: {known}). Check the unit code.",
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
    cs = workspace_criteria(ws)
    units = _chosen(ws, load_units(ws.path(ws.config.units), cs.type_ids()), unit or [])
    folder = out or ws.path(ws.config.paths.templates)
    started = time.perf_counter()
    paths = write_templates(folder, cs, units, template_context(ws))
    seconds = f"{time.perf_counter() - started:.1f}"
    if len(paths) <= LISTED:
        table = Table(show_edge=False)
        for header in (H_CODE, H_NAME, H_FILE):
            table.add_column(header.format())
        for u, path in zip(units, paths, strict=True):
            table.add_row(escape(u.code), escape(u.name), escape(path.name))
        console.print(table)
    console.print(M_WROTE.format(count=len(paths), folder=escape(str(folder)), seconds=seconds))
    submissions = ws.path(ws.config.paths.submissions)
    console.print(M_NEXT.format(submissions=str(submissions)), markup=False)


def workspace_criteria(ws: Workspace) -> CriteriaSet:
    """The workspace's set: a file relative to the workspace, else a shipped set's name."""
    local = ws.root / ws.config.criteria
    return load_criteria(local if local.is_file() else ws.config.criteria)


def template_context(ws: Workspace) -> TemplateContext:
    """What the templates say besides the criteria, from par-index.yaml."""
    config = ws.config
    return TemplateContext(
        period=config.period,
        deadline=config.deadlines.self_assessment,
        contact=config.contact,
        producer=config.producer,
        title=config.title,
    )


def _chosen(ws: Workspace, units: list[Unit], codes: list[str]) -> list[Unit]:
    if not codes:
        return units
    known = {u.code: u for u in units}
    for code in codes:
        if code not in known:
            file = ws.path(ws.config.units)
            raise ConfigError(M_NO_UNIT, unit=code, file=str(file), known=", ".join(known))
    return [u for u in units if u.code in set(codes)]
