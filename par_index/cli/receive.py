"""``par-index receive WORKSPACE FILES...``: take arriving workbooks into the submissions folder
and the received log (``par_index.pipeline.received``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from par_index.cli.common import console, print_json
from par_index.i18n import Lang, Message, chosen_lang
from par_index.numbers import shown_date
from par_index.pipeline.names import received_log
from par_index.pipeline.received import receive
from par_index.received import Receipt
from par_index.workspace import load_workspace

H_GIVEN = Message("cli.receive.col.given", "Tệp nhận", "File received")
H_UNIT = Message("cli.receive.col.unit", "Đơn vị", "Unit")
H_VERSION = Message("cli.receive.col.version", "Phiên bản", "Version")
H_FILE = Message("cli.receive.col.file", "Lưu trong thư mục nộp", "Kept in submissions as")
H_WHEN = Message("cli.receive.col.when", "Nhận lúc", "Received")
M_AGAIN = Message(
    "cli.receive.again", "đã nhận trước đây (cùng nội dung)", "received before (same content)"
)
M_NO_UNIT = Message(
    "cli.receive.no-unit",
    "không rõ (xem par-index check)",
    "unknown (see par-index check)",
)
M_BY_HAND = Message(
    "cli.receive.by-hand",
    "Ghi thêm {count} tệp đã có sẵn trong thư mục nộp vào nhật ký.",
    "Also logged {count} file(s) already in the submissions folder.",
)
M_LOG = Message("cli.receive.log", "Nhật ký nhận tệp: {file}", "Received log: {file}")
M_NEXT = Message(
    "cli.receive.next",
    "Bản mới nhất của mỗi đơn vị được chấm; chạy 'par-index check {workspace}' để kiểm tra.",
    "The newest file of each unit is scored; run 'par-index check {workspace}' to check it.",
)


def receive_command(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    files: Annotated[list[Path], typer.Argument(help="Các tệp tự chấm điểm vừa nhận (.xlsx).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="In các dòng đã ghi vào nhật ký dạng JSON.")
    ] = False,
) -> None:
    """Nhận tệp: chép vào thư mục nộp, ghi nhật ký nhận (thời điểm, SHA-256, phiên bản)."""
    ws = load_workspace(workspace)
    lang = Lang(chosen_lang() or ws.config.language)
    done = receive(ws, files)
    if as_json:
        print_json([one.receipt.model_dump(mode="json") for one in done.taken])
        return
    table = Table(show_edge=False)
    for header in (H_GIVEN, H_UNIT, H_VERSION, H_FILE, H_WHEN):
        table.add_column(header.format(lang))
    for one in done.taken:
        table.add_row(*(escape(cell) for cell in _row(one.given, one.receipt, one.again, lang)))
    console.print(table)
    given = {one.receipt.file for one in done.taken}
    by_hand = [r for r in done.added if r.file not in given]
    if by_hand:
        console.print(M_BY_HAND.format(lang, count=len(by_hand)), markup=False)
    console.print(M_LOG.format(lang, file=str(received_log(ws))), markup=False)
    console.print(M_NEXT.format(lang, workspace=str(workspace)), markup=False)


def _row(given: Path, receipt: Receipt, again: bool, lang: Lang) -> tuple[str, ...]:
    local = receipt.received.astimezone()
    when = f"{local:%H:%M:%S} {shown_date(local.date())}"
    if again:
        when = f"{when} — {M_AGAIN.format(lang)}"
    return (
        given.name,
        receipt.unit or M_NO_UNIT.format(lang),
        "" if receipt.version is None else str(receipt.version),
        receipt.file,
        when,
    )
