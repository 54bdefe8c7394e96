"""``par-index appraisal WORKSPACE``: the appraisal workbook for the council (phiếu thẩm định).

Checks the submissions (the check step's library) so that each row shows the findings, reads
them again for the self-scores and evidence, and writes one workbook with a sheet per unit into
the workspace's appraisal folder. An existing workbook holds the council's work: it is never
overwritten without --force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from par_index.appraisal import write_appraisal_workbook
from par_index.check.runner import check_workspace
from par_index.cli.common import console
from par_index.errors import InputFileError
from par_index.i18n import Message, chosen_lang, use_lang
from par_index.scoring import read_submissions
from par_index.workspace import load_workspace

M_WRITTEN = Message(
    "cli.appraisal.written",
    "[green]✓[/] Phiếu thẩm định {units} đơn vị ({submitted} đã nộp hồ sơ): {file}",
    "[green]✓[/] Appraisal workbook for {units} unit(s) ({submitted} submitted): {file}",
)
M_EXISTS = Message(
    "cli.appraisal.exists",
    "{file} đã có (có thể chứa điểm Hội đồng đã nhập). Đổi tên tệp cũ, hoặc chạy lại với "
    "--force để ghi đè.",
    "{file} already exists (it may hold the council's scores). Rename it, or run again with "
    "--force to overwrite it.",
)


def appraisal_file(period: str) -> str:
    """The workbook's name in the appraisal folder."""
    return f"tham-dinh-{period}.xlsx"


def appraisal(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    force: Annotated[bool, typer.Option("--force", help="Ghi đè phiếu thẩm định đã có.")] = False,
) -> None:
    """Lập phiếu thẩm định cho Hội đồng: mỗi đơn vị một trang (write the appraisal workbook)."""
    ws = load_workspace(workspace)
    use_lang(chosen_lang() or ws.config.language)
    target = ws.path(ws.config.paths.appraisal) / appraisal_file(ws.config.period)
    if target.exists() and not force:
        raise InputFileError(M_EXISTS, file=str(target))
    run = check_workspace(ws)
    submissions = {s.unit_code: s for s in read_submissions(run.criteria, run.report, run.sources)}
    write_appraisal_workbook(
        target, run.criteria, run.units, submissions, run.report, period=ws.config.period
    )
    console.print(
        M_WRITTEN.format(units=len(run.units), submitted=len(submissions), file=escape(str(target)))
    )
