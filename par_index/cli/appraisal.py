"""``par-index appraisal WORKSPACE``: the appraisal workbook for the council (phiếu thẩm định).

The "check" and "appraisal" steps of the library's one path: each workbook read once, checked
so that each row shows the findings, and one workbook with a sheet per unit written into the
workspace's appraisal folder. An existing workbook holds the council's work: it is never
overwritten without --force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from par_index.cli.common import console
from par_index.i18n import Message, chosen_lang, use_lang
from par_index.pipeline import exit_code, run
from par_index.workspace import load_workspace

M_WRITTEN = Message(
    "cli.appraisal.written",
    "[green]✓[/] Phiếu thẩm định {units} đơn vị ({submitted} đã nộp hồ sơ): {file}",
    "[green]✓[/] Appraisal workbook for {units} unit(s) ({submitted} submitted): {file}",
)


def appraisal(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    force: Annotated[bool, typer.Option("--force", help="Ghi đè phiếu thẩm định đã có.")] = False,
) -> None:
    """Lập phiếu thẩm định cho Hội đồng: mỗi đơn vị một trang (write the appraisal workbook)."""
    ws = load_workspace(workspace)
    use_lang(chosen_lang() or ws.config.language)
    outcome = run(ws, ("check", "appraisal"), force=force)
    target = outcome.outputs["appraisal"][0]
    units = len(outcome.report.units)
    submitted = len(outcome.checked.submissions) if outcome.checked else 0
    console.print(M_WRITTEN.format(units=units, submitted=submitted, file=escape(str(target))))
    raise typer.Exit(exit_code(outcome))
