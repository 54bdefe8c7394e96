"""``par-index report WORKSPACE``: the leaders' HTML and Excel reports from the scored results
(the "report" step of the library's one path, from the outputs an earlier score step wrote)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from par_index.cli.common import console
from par_index.i18n import Lang, Message, chosen_lang
from par_index.pipeline import exit_code, run
from par_index.pipeline.manifest import mixed_line
from par_index.workspace import load_workspace

M_WRITTEN = Message(
    "cli.report.written",
    "[green]✓[/] Đã lập báo cáo {units} đơn vị:\n  HTML: {html}\n  Excel: {excel}",
    "[green]✓[/] Report of {units} unit(s) written:\n  HTML: {html}\n  Excel: {excel}",
)
M_DECISION = Message(
    "cli.report.decision",
    "  Quyết định công bố (Word): {file}",
    "  Decision publishing the index (Word): {file}",
)
FINAL_HELP = (
    "Lập quyết định chính thức dù kết quả còn tạm thời (không ghi DỰ THẢO); như decision.final."
)
M_PRINT = Message(
    "cli.report.print-hint",
    "  In: mở tệp HTML bằng trình duyệt, Ctrl+P, khổ A4 nằm ngang.",
    "  Print: open the HTML file in a browser, Ctrl+P, A4 landscape.",
)


def report(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    final_decision: Annotated[bool, typer.Option("--final-decision", help=FINAL_HELP)] = False,
) -> None:
    """Lập báo cáo HTML (in được, xem ngoại tuyến), Excel và dự thảo quyết định công bố."""
    ws = load_workspace(workspace)
    if final_decision:
        ws = ws.with_final_decision()
    lang = chosen_lang() or ws.config.language
    outcome = run(ws, ("report",), lang=lang)
    *html, excel = outcome.outputs["report"]
    units = len(outcome.results.units) if outcome.results else 0
    console.print(M_WRITTEN.format(units=units, html=html[0], excel=excel), highlight=False)
    if len(html) > 1:
        console.print(f"  + {len(html) - 1} × {html[1].parent}", highlight=False)
    for decision in outcome.outputs.get("decision", []):
        console.print(M_DECISION.format(file=decision), highlight=False)
    console.print(M_PRINT.format(), highlight=False)
    if outcome.mixed:
        line = mixed_line(ws, outcome.mixed, Lang(lang))
        console.print(line, markup=False, highlight=False, style="yellow")
    raise typer.Exit(exit_code(outcome))
