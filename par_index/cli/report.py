"""``par-index report WORKSPACE``: the leaders' HTML and Excel reports from the scored results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from par_index.check.finding import Report
from par_index.cli.common import console
from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet
from par_index.errors import InputFileError
from par_index.i18n import Message, chosen_lang
from par_index.report import write_excel_report, write_html_report
from par_index.results import Results
from par_index.workspace import Workspace, load_workspace

RESULTS_NAME = "results.json"
CHECK_NAME = "check.json"
HTML_NAME = "report.html"
EXCEL_NAME = "report.xlsx"

M_NO_RESULTS = Message(
    "cli.report.no-results",
    "{file}: chưa có kết quả chấm điểm. Hãy chạy 'par-index score {workspace}' "
    "(hoặc 'par-index run {workspace}') trước khi lập báo cáo.",
    "{file}: no scored results yet. Run 'par-index score {workspace}' "
    "(or 'par-index run {workspace}') before the report.",
)
M_BAD_JSON = Message(
    "cli.report.bad-json",
    "{file}: không đọc được ({detail}). Tệp này do par-index tạo ra; hãy chạy lại "
    "'par-index {command} {workspace}' để tạo lại, đừng sửa tay.",
    "{file}: cannot be read ({detail}). par-index writes this file; run "
    "'par-index {command} {workspace}' again to rebuild it rather than editing it.",
)
M_WRITTEN = Message(
    "cli.report.written",
    "[green]✓[/] Đã lập báo cáo {units} đơn vị:\n  HTML: {html}\n  Excel: {excel}",
    "[green]✓[/] Report of {units} unit(s) written:\n  HTML: {html}\n  Excel: {excel}",
)
M_PRINT = Message(
    "cli.report.print-hint",
    "  In: mở tệp HTML bằng trình duyệt, Ctrl+P, khổ A4 nằm ngang.",
    "  Print: open the HTML file in a browser, Ctrl+P, A4 landscape.",
)


def _parse(path: Path, workspace: Path, command: str, model: type[Results] | type[Report]):
    """Read a JSON output of an earlier step, with a message that says how to rebuild it."""
    try:
        return model.model_validate_json(path.read_bytes())
    except (ValidationError, ValueError) as exc:
        detail = type(exc).__name__
        if isinstance(exc, ValidationError):
            first = ".".join(str(part) for part in exc.errors()[0]["loc"])
            detail = f"{exc.error_count()} × {first}"
        raise InputFileError(
            M_BAD_JSON, file=str(path), detail=detail, command=command, workspace=str(workspace)
        ) from exc


def read_results(path: Path, workspace: Path) -> Results:
    """outputs/results.json, through the scoring step's reader when it is installed."""
    if not path.is_file():
        raise InputFileError(M_NO_RESULTS, file=str(path), workspace=str(workspace))
    try:
        from par_index.results_io import load_results  # type: ignore[import-not-found]
    except ImportError:
        return _parse(path, workspace, "score", Results)
    return load_results(path)


def read_check(path: Path, workspace: Path) -> Report:
    """outputs/check.json; without it the report shows no findings."""
    if not path.is_file():
        return Report()
    return _parse(path, workspace, "check", Report)


def criteria_of(ws: Workspace) -> CriteriaSet:
    """The workspace's criteria set: a file relative to it, else a shipped set's name."""
    local = ws.root / ws.config.criteria
    return load_criteria(local if local.is_file() else ws.config.criteria)


def report(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
) -> None:
    """Lập báo cáo HTML (in được, xem ngoại tuyến) và Excel từ kết quả chấm điểm."""
    ws = load_workspace(workspace)
    cs = criteria_of(ws)
    results = read_results(ws.outputs / RESULTS_NAME, workspace)
    check = read_check(ws.outputs / CHECK_NAME, workspace)
    options = dict(
        lang=chosen_lang() or ws.config.language,
        title=ws.config.title,
        producer=ws.config.producer,
    )
    html = write_html_report(ws.outputs / HTML_NAME, results, check, cs, **options)
    excel = write_excel_report(ws.outputs / EXCEL_NAME, results, check, cs, **options)
    console.print(
        M_WRITTEN.format(units=len(results.units), html=html[0], excel=excel), highlight=False
    )
    if len(html) > 1:
        console.print(f"  + {len(html) - 1} × {html[1].parent}", highlight=False)
    console.print(M_PRINT.format(), highlight=False)
