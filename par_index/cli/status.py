"""``par-index status WORKSPACE``: where each unit stands in the campaign, days left or late per
phase, and the reminder list for mass messaging (``par_index.pipeline.status``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from par_index.appraisal.bodies import BodyProgress
from par_index.cli.common import as_of_day, console, print_json
from par_index.i18n import Lang, Message, chosen_lang
from par_index.pipeline.names import output
from par_index.pipeline.status import REMINDERS_CSV, campaign, write_reminders
from par_index.report.labels import LABELS
from par_index.status import PhaseStatus, body_cells, days_text
from par_index.workspace import load_workspace

M_TITLE = Message(
    "cli.status.title", "Tiến độ các đơn vị ngày {date}", "Progress of the units on {date}"
)
H_UNIT = Message("cli.status.col.unit", "Đơn vị", "Unit")
M_NOT_NEEDED = Message("cli.status.not-needed", "không cần", "not needed")
M_REMINDERS = Message(
    "cli.status.reminders",
    "Danh sách nhắc việc ({count} dòng): {file}",
    "Reminder list ({count} rows): {file}",
)
M_BODIES = Message(
    "cli.status.bodies", "Tiến độ thẩm định của các cơ quan", "Appraisal progress of the bodies"
)
H_BODY, H_FILLED, H_UNITS_DONE = (LABELS[key] for key in ("body", "body_filled", "body_units"))


def status_command(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    as_json: Annotated[bool, typer.Option("--json", help="In tiến độ dạng JSON.")] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Tính hạn theo ngày này (mặc định: hôm nay), vd. 2021-02-05."),
    ] = None,
    reminders: Annotated[
        Path | None,
        typer.Option(
            "--reminders",
            help=f"Ghi danh sách nhắc việc (CSV) vào tệp này; '-' để ghi outputs/{REMINDERS_CSV}.",
        ),
    ] = None,
) -> None:
    """Tiến độ từng đơn vị: đã nhận, đã kiểm tra, phản hồi, thẩm định, còn bao nhiêu ngày."""
    ws = load_workspace(workspace)
    lang = Lang(chosen_lang() or ws.config.language)
    done = campaign(ws, as_of_day(as_of), lang)
    written = None
    if reminders is not None:
        target = output(ws, REMINDERS_CSV) if str(reminders) == "-" else reminders
        written = write_reminders(target, done.reminders)
    if as_json:
        print_json({
            "as_of": done.as_of.isoformat(),
            "units": [row.model_dump(mode="json") for row in done.units],
            "reminders": [one.model_dump(mode="json") for one in done.reminders],
            "bodies": [_body_json(body) for body in done.bodies],
        })  # fmt: skip
        return
    table = Table(title=M_TITLE.format(lang, date=done.as_of.strftime("%d/%m/%Y")))
    table.add_column(H_UNIT.format(lang), no_wrap=True)
    for phase in done.phases:
        table.add_column(phase.label.format(lang), overflow="fold")
    for row in done.units:
        cells = [_cell(state, lang) for state in row.phases]
        table.add_row(escape(row.code), *cells)
    console.print(table)
    if done.bodies:
        console.print(_bodies_table(done.bodies, lang))
    if written is not None:
        console.print(
            M_REMINDERS.format(lang, count=len(done.reminders), file=str(written)), markup=False
        )


def _bodies_table(bodies: list[BodyProgress], lang: Lang) -> Table:
    """Each appraising body's progress: criteria decided of all it appraises, units done."""
    table = Table(title=M_BODIES.format(lang))
    for header in (H_BODY, H_FILLED, H_UNITS_DONE):
        table.add_column(header.format(lang))
    for body in bodies:
        table.add_row(escape(body.name), *body_cells(body, lang))
    return table


def _body_json(body: BodyProgress) -> dict[str, object]:
    return {**dataclasses.asdict(body), "share": str(body.share)}


def _cell(state: PhaseStatus, lang: Lang) -> str:
    """✓ when done, else the days left or late, in colour; then its detail (the plan's counts)."""
    if not state.due:
        return f"[dim]{M_NOT_NEEDED.format(lang)}[/]"
    detail = f" {escape(state.detail)}" if state.detail else ""
    if state.done:
        return "[green]✓[/]" + detail
    if state.days_left is None:
        return ("[dim]—[/]" + detail) if not detail else detail.lstrip()
    colour = "red" if state.days_left < 0 else "yellow"
    return f"[{colour}]{days_text(state.days_left, lang)}[/]" + detail
