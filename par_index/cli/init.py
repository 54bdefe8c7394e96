"""``par-index init DIR``: create a workspace for one period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from par_index.cli.common import console, err_console
from par_index.criteria.load import period_year
from par_index.errors import ConfigError
from par_index.i18n import Message
from par_index.workspace_init import M_ONE_WAY, WorkspaceExistsError, init_workspace, province_sets

M_CREATED = Message(
    "cli.init.created",
    "[green]✓[/] Đã tạo không gian làm việc {root} (kỳ {period}, bộ tiêu chí {criteria}).",
    "[green]✓[/] Workspace {root} created (period {period}, criteria set {criteria}).",
)
M_CREATED_GROUPS = Message(
    "cli.init.created-groups",
    "[green]✓[/] Đã tạo không gian làm việc {root} (kỳ {period}, các khối: {groups}).",
    "[green]✓[/] Workspace {root} created (period {period}, groups: {groups}).",
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
    groups: Annotated[
        str | None,
        typer.Option(
            "--groups",
            help="Nhiều khối đơn vị, mỗi khối một bộ tiêu chí, xếp hạng riêng: các bộ cách nhau "
            "bởi dấu phẩy, vd. so-2025,xa-2025 (thay cho --criteria).",
        ),
    ] = None,
    province: Annotated[
        bool,
        typer.Option(
            "--province",
            help="Cấp tỉnh: khối sở, ban, ngành và khối xã, phường, đặc khu, mỗi khối theo bộ có "
            "sẵn dùng cho năm của kỳ (như --groups so-2025,xa-2025 từ năm 2025).",
        ),
    ] = False,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Kỳ đánh giá, thường là năm (mặc định: năm hiện tại)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Ghi đè par-index.yaml đã có bằng cấu hình mặc định.")
    ] = False,
) -> None:
    """Tạo không gian làm việc: par-index.yaml có chú thích, units.csv mẫu và các thư mục."""
    if groups is not None and province:
        raise ConfigError(M_ONE_WAY)
    sets = [name.strip() for name in (groups or "").split(",") if name.strip()]
    if province:
        sets = province_sets(period_year(period or "") or dt.date.today().year)
    try:
        result = init_workspace(
            directory, criteria=criteria, groups=sets, period=period, force=force
        )
    except WorkspaceExistsError as exc:
        err_console.print(f"[red]✗[/] {exc.render()}", highlight=False)
        raise typer.Exit(exc.exit_code) from exc
    from par_index.workspace import load_workspace

    config = load_workspace(directory).config
    if config.groups:
        named = "; ".join(f"{g.name} ({g.criteria})" for g in config.groups)
        created = M_CREATED_GROUPS.format(root=str(directory), period=config.period, groups=named)
    else:
        created = M_CREATED.format(
            root=str(directory), period=config.period, criteria=config.criteria
        )
    console.print(created)
    for path in result.written:
        console.print(M_WROTE.format(file=str(path)), markup=False)
    for path in result.kept:
        console.print(M_KEPT.format(file=str(path)), markup=False)
    units = directory / config.units
    console.print(
        M_NEXT.format(config=str(result.config), units=str(units), root=str(directory)),
        markup=False,
    )
