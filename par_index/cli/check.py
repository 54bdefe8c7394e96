"""``par-index check WORKSPACE``: find the self-scoring weaknesses and write each unit's
feedback. Exit status by the one rule of every command (``par_index.pipeline.summary``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from par_index.check.finding import Finding, Report, Severity
from par_index.cli.common import console, print_json
from par_index.i18n import Lang, Message, chosen_lang
from par_index.pipeline import exit_code, run
from par_index.pipeline.names import CHECK_JSON, FEEDBACK, output
from par_index.results import InputProblem
from par_index.units import Unit
from par_index.workspace import load_workspace

M_SUMMARY_TITLE = Message(
    "cli.check.summary-title",
    "Kết quả kiểm tra tự chấm điểm — {units} đơn vị, {files} tệp",
    "Self-assessment check — {units} unit(s), {files} file(s)",
)
M_UNIT_TITLE = Message(
    "cli.check.unit-title", "Phát hiện của {name} ({unit})", "Findings of {name} ({unit})"
)
M_TOTALS = Message(
    "cli.check.totals",
    "{errors} lỗi, {warnings} cảnh báo, {infos} thông tin.",
    "{errors} error(s), {warnings} warning(s), {infos} info.",
)
M_FEEDBACK = Message(
    "cli.check.feedback",
    "Phiếu phản hồi và bản sao có ghi chú: {folder}",
    "Feedback pages and annotated copies: {folder}",
)
M_PROBLEMS = Message(
    "cli.check.input-problems",
    "Tệp đầu vào có {count} vấn đề (số liệu liên quan đang tạm tính theo kê khai):",
    "The input files have {count} problem(s) (the figures concerned use the declared ones):",
)
M_SAVED = Message(
    "cli.check.saved", "Báo cáo kiểm tra (JSON): {file}", "Check report (JSON): {file}"
)
M_NO_UNIT = Message(
    "cli.check.no-unit",
    "không có đơn vị '{unit}' trong danh sách đơn vị (có: {known}).",
    "there is no unit '{unit}' in the units file (known: {known}).",
)
M_CLEAN = Message(
    "cli.check.clean", "[green]✓[/] Không có phát hiện nào.", "[green]✓[/] No findings."
)
H_UNIT = Message("cli.check.col.unit", "Mã", "Code")
H_NAME = Message("cli.check.col.name", "Đơn vị", "Unit")
H_ERRORS = Message("cli.check.col.errors", "Lỗi", "Errors")
H_WARNINGS = Message("cli.check.col.warnings", "Cảnh báo", "Warnings")
H_INFOS = Message("cli.check.col.infos", "Thông tin", "Info")
H_FILES = Message("cli.check.col.files", "Tệp", "Files")
H_CRITERION = Message("cli.check.col.criterion", "Tiêu chí", "Criterion")
H_CELL = Message("cli.check.col.cell", "Ô", "Cell")
H_CODE = Message("cli.check.col.code", "Mã phát hiện", "Code")
H_MESSAGE = Message("cli.check.col.message", "Nội dung và cách sửa", "Problem and fix")
NO_FILE = Message("cli.check.no-file", "(chưa nộp)", "(none)")
UNKNOWN = Message("cli.check.unknown-unit", "(không rõ đơn vị)", "(unknown unit)")
STYLES = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def check(
    workspace: Annotated[Path, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")],
    unit: Annotated[
        str | None, typer.Option("--unit", help="Chỉ hiện phát hiện của một đơn vị (mã đơn vị).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="In báo cáo kiểm tra dạng JSON của thư viện.")
    ] = False,
    feedback: Annotated[
        bool,
        typer.Option(
            "--feedback/--no-feedback", help="Ghi phiếu phản hồi và bản sao có ghi chú cho đơn vị."
        ),
    ] = True,
) -> None:
    """Kiểm tra tự chấm điểm: phát hiện sai sót, ghi phiếu phản hồi từng đơn vị."""
    ws = load_workspace(workspace)
    lang = Lang(chosen_lang() or ws.config.language)
    steps = ("check", "feedback") if feedback else ("check",)
    outcome = run(ws, steps, lang=lang, unit=unit)
    report = outcome.report
    if unit is not None and unit not in report.units:
        known = ", ".join(report.units)
        message = M_NO_UNIT.format(lang, unit=unit, known=known)
        raise typer.BadParameter(message, param_hint="--unit")
    shown = report.only(unit) if unit else report
    if as_json:
        print_json(shown)
    else:
        units = list(outcome.inputs.units) if outcome.inputs else []
        _print(units, shown, unit, lang)
        _print_problems(outcome.problems, lang)
        console.print(M_SAVED.format(lang, file=str(output(ws, CHECK_JSON))), markup=False)
        if feedback:
            folder = output(ws, FEEDBACK)
            console.print(M_FEEDBACK.format(lang, folder=str(folder)), markup=False)
    raise typer.Exit(exit_code(outcome, unit))


def _print_problems(problems: list[InputProblem], lang: Lang) -> None:
    """Problems of the inputs read besides the workbooks (the plan files)."""
    if problems:
        console.print(M_PROBLEMS.format(lang, count=len(problems)), markup=False, style="yellow")
    for problem in problems:
        console.print(f"  • {problem.message}", markup=False)


def _print(units: list[Unit], shown: Report, unit: str | None, lang: Lang) -> None:
    if unit is not None:
        _print_unit(units, shown, unit, lang)
    else:
        _print_summary(units, shown, lang)
    counts = shown.counts()
    console.print(
        M_TOTALS.format(
            lang,
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
        )
    )


def summary_rows(
    units: list[Unit], report: Report, lang: Lang | None = None
) -> list[tuple[str, str, int, int, int, str]]:
    """(code, name, errors, warnings, infos, files) per unit, worst first, then files of no
    known unit."""
    rows = []
    for position, u in enumerate(units):
        counts = report.counts(u.code)
        files = ", ".join(report.unit_files.get(u.code, [])) or NO_FILE.format(lang)
        key = (-counts[Severity.ERROR], -counts[Severity.WARNING], -counts[Severity.INFO], position)
        rows.append((key, (u.code, u.name, *_triple(counts), files)))
    rows.sort(key=lambda item: item[0])
    out = [row for _, row in rows]
    stray = sorted({f.file for f in report.findings if f.unit is None and f.file})
    for file in stray:
        found = [f for f in report.findings if f.unit is None and f.file == file]
        counts = Counter(f.severity for f in found)
        out.append(("?", UNKNOWN.format(lang), *_triple(counts), file))
    return out


def _triple(counts: Counter[Severity]) -> tuple[int, int, int]:
    return counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]


def _print_summary(units: list[Unit], report: Report, lang: Lang) -> None:
    table = Table(
        title=M_SUMMARY_TITLE.format(lang, units=len(units), files=len(report.files)),
        title_justify="left",
    )
    table.add_column(H_UNIT.format(lang), no_wrap=True)
    table.add_column(H_NAME.format(lang))
    table.add_column(H_ERRORS.format(lang), justify="right", style="red")
    table.add_column(H_WARNINGS.format(lang), justify="right", style="yellow")
    table.add_column(H_INFOS.format(lang), justify="right", style="blue")
    table.add_column(H_FILES.format(lang), overflow="fold")
    for code, name, errors, warnings, infos, files in summary_rows(units, report, lang):
        cells = (code, name, str(errors), str(warnings), str(infos), files)
        table.add_row(*(escape(c) for c in cells))
    console.print(table)


def _print_unit(units: list[Unit], report: Report, unit: str, lang: Lang) -> None:
    name = next((u.name for u in units if u.code == unit), unit)
    title = M_UNIT_TITLE.format(lang, name=name, unit=unit)
    if not report.findings:
        console.print(title, markup=False)
        console.print(M_CLEAN.format(lang))
        return
    table = Table(title=escape(title), title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(H_CRITERION.format(lang), no_wrap=True)
    table.add_column(H_CELL.format(lang), no_wrap=True)
    table.add_column(H_CODE.format(lang), no_wrap=True)
    table.add_column(H_MESSAGE.format(lang), overflow="fold")
    for index, f in enumerate(report.findings, 1):
        table.add_row(*_finding_row(index, f))
    console.print(table)


def _finding_row(index: int, f: Finding) -> tuple[str, ...]:
    """One row; text typed by users (evidence, names) is escaped, never read as rich markup."""
    style = STYLES[f.severity]
    text = f"{escape(f.message)}\n[dim]→ {escape(f.fix)}[/]"
    return (str(index), f.criterion or "", f.cell or "", f"[{style}]{f.code}[/]", text)
