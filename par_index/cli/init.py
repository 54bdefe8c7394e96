"""``par-index init DIR``: create a workspace for one period."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from par_index.cli.common import console, err_console
from par_index.i18n import Message
from par_index.workspace_init import WorkspaceExistsError, init_workspace

M_CREATED = Message(
    "cli.init.created",
    "[green]✓[/] Đã tạo không gian làm việc {root} (kỳ {period}, bộ tiêu chí {criteria}).",
    "[green]✓[/] Workspace {root} created (period {period}, criteria set {criteria}).",
)
M_WROTE = Message("cli.init.wrote", "  đã ghi {file}", "  wrote {file}")
M_KEPT = Message("cli.init.kept", "  giữ nguyên {file} (đã có)", "  kept {file} (already there)")
M_NEXT = Message(
    "cli.init.next",
    "Tiếp theo: sửa {config} và {units}, rồi chạy 'par-index templates {root}'.",
    "Next: edit {config} and {units}, then run 'par-index templates {root}'.",
)


def init(
    directory: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="Thư mục của không gian làm việc (tạo nếu chưa có)."),
    ],
    criteria: Annotated[
        str | None,
        typer.Option(
            "--criteria",
            help="Bộ tiêu chí: tên bộ có sẵn hoặc đường dẫn tệp YAML (mặc định: bộ cấp xã có sẵn "
            "dùng cho năm của kỳ).",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Kỳ đánh giá, thường là năm (mặc định: năm hiện tại)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Ghi đè par-index.yaml đã có bằng cấu hình mặc định.")
    ] = False,
) -> None:
    """Tạo không gian làm việc: par-index.yaml có chú thích, units.csv mẫu và các thư mục."""
    try:
        result = init_workspace(directory, criteria=criteria, period=period, force=force)
    except WorkspaceExistsError as exc:
        err_console.print(f"[red]✗[/] {exc.render()}", highlight=False)
        raise typer.Exit(exc.exit_code) from exc
    from par_index.workspace import load_workspace

    config = load_workspace(directory).config
    console.print(
        M_CREATED.format(root=str(directory), period=config.period, criteria=config.criteria)
    )
    for path in result.written:
        console.print(M_WROTE.format(file=str(path)), markup=False)
    for path in result.kept:
        console.print(M_KEPT.format(file=str(path)), markup=False)
    units = directory / config.units
    console.print(
        M_NEXT.format(config=str(result.config), units=str(units), root=str(directory)),
        markup=False,
    )
