"""``par-index score WORKSPACE``: final scores, ranking, classes and the staff link.

The "check" and "score" steps of the library's one path (``par_index.pipeline.cycle``): writes
outputs/check.json, results.json and results.xlsx and prints the ranking. Exit status by the
one rule of every command (``par_index.pipeline.summary``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import JustifyMethod
from rich.markup import escape
from rich.table import Table

from par_index.cli.common import console
from par_index.i18n import Message, chosen_lang, text, use_lang
from par_index.numbers import NumberKind, display
from par_index.pipeline import exit_code, run
from par_index.results import Results, UnitResult
from par_index.results_io import results_json, results_schema
from par_index.staff import grade_label
from par_index.workspace import load_workspace

M_TITLE = Message(
    "cli.score.title",
    "Chỉ số CCHC {period} — {criteria} ({units} đơn vị)",
    "PAR index {period} — {criteria} ({units} units)",
)
M_GROUP_TITLE = Message(
    "cli.score.group-title",
    "Chỉ số CCHC {period} — {group}: {criteria} ({units} đơn vị, xếp hạng trong khối)",
    "PAR index {period} — {group}: {criteria} ({units} units, ranked within the group)",
)
M_WRITTEN = Message(
    "cli.score.written", "Kết quả: {json}\n         {xlsx}", "Results: {json}\n         {xlsx}"
)
M_PROBLEMS = Message(
    "cli.score.problems",
    "Phiếu thẩm định có {count} lỗi cần sửa trước khi công bố kết quả:",
    "The appraisal workbooks have {count} problem(s) to fix before publishing:",
)
M_WARNINGS = Message(
    "cli.score.appraisal-warnings",
    "Phiếu thẩm định cần xem lại ({count}):",
    "The appraisal workbooks need another look ({count}):",
)
M_PROVISIONAL = Message(
    "cli.score.provisional",
    "* Tạm thời: {count} đơn vị chưa thẩm định xong, điểm là điểm tự chấm.",
    "* Provisional: {count} unit(s) not appraised yet; their scores are self-scores.",
)
M_EXCLUDED = Message(
    "cli.score.excluded", "Không xếp hạng: {name} — {reason}", "Not ranked: {name} — {reason}"
)
M_NO_WORKSPACE = Message(
    "cli.score.no-workspace",
    "hãy cho biết thư mục làm việc, vd. par-index score quang-dien-2021",
    "give the workspace folder, e.g. par-index score quang-dien-2021",
)
M_FORCED = Message(
    "cli.score.forced-class",
    "Xếp loại bắt buộc: {name} — {label}: {reason}",
    "Forced class: {name} — {label}: {reason}",
)
COLUMNS = (
    ("Hạng", "Rank"),
    ("Đơn vị", "Unit"),
    ("Chỉ số %", "Index %"),
    ("Điểm", "Points"),
    ("Xếp loại", "Class"),
    ("Tạm thời", "Provisional"),
    ("Tự chấm − thẩm định", "Self − final"),
    ("Người đứng đầu: tối đa", "Head: at most"),
)


def score(
    workspace: Annotated[
        Path | None, typer.Argument(help="Thư mục làm việc (có par-index.yaml).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="In kết quả dạng JSON đúng như results.json.")
    ] = False,
    schema: Annotated[
        bool, typer.Option("--schema", help="In JSON Schema của results.json rồi thoát.")
    ] = False,
) -> None:
    """Chấm điểm cuối cùng, xếp hạng, xếp loại và liên hệ đánh giá cán bộ (score and rank)."""
    if schema:
        sys.stdout.write(json.dumps(results_schema(), ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    if workspace is None:
        raise typer.BadParameter(M_NO_WORKSPACE.format(), param_hint="WORKSPACE")
    ws = load_workspace(workspace)
    use_lang(chosen_lang() or ws.config.language)
    outcome = run(ws, ("check", "score"))
    results = outcome.results
    assert results is not None  # the score step ran
    if as_json:
        sys.stdout.write(results_json(results))
    else:
        print_results(results)
        json_path, xlsx_path = outcome.outputs["results"]
        console.print(M_WRITTEN.format(json=str(json_path), xlsx=str(xlsx_path)), markup=False)
    raise typer.Exit(exit_code(outcome))


def print_results(results: Results) -> None:
    """The ranking as a rich table (with groups of units, a table per group, each ranked
    within itself), then what is provisional, excluded or to fix."""
    if not results.groups:
        title = M_TITLE.format(
            period=results.period, criteria=results.criteria_title, units=len(results.units)
        )
        console.print(_ranking_table(title, results.units, results.precision))
    for group in results.groups:
        units = [u for u in results.units if u.set_group == group.id]
        title = M_GROUP_TITLE.format(
            period=results.period, group=group.name, criteria=group.criteria_title,
            units=len(units),
        )  # fmt: skip
        console.print(_ranking_table(title, units, results.precision))
    provisional = sum(1 for u in results.units if u.provisional)
    if provisional:
        console.print(M_PROVISIONAL.format(count=provisional), markup=False)
    for unit in results.units:
        if unit.class_reason:
            shown = M_FORCED.format(
                name=unit.unit.name, label=unit.class_label, reason=unit.class_reason
            )
            console.print(shown, markup=False)
        if unit.excluded:
            console.print(
                M_EXCLUDED.format(name=unit.unit.name, reason=unit.excluded), markup=False
            )
    for message, severity, style in ((M_PROBLEMS, "error", "red"), (M_WARNINGS, "warning", "")):
        problems = [p for p in results.problems if p.severity == severity]
        if problems:
            console.print(message.format(count=len(problems)), markup=False, style=style)
        for problem in problems:
            console.print(f"  {problem.message} ({problem.code})", markup=False)


def _ranking_table(title: str, units: list[UnitResult], precision: int) -> Table:
    table = Table(title=title, title_justify="left")
    for i, pair in enumerate(COLUMNS):
        justify: JustifyMethod = "right" if i in (0, 2, 3, 6) else "left"
        table.add_column(text(*pair), justify=justify, no_wrap=i == 1)
    for unit in units:
        table.add_row(*row(unit, precision), style=None)
    return table


def row(unit: UnitResult, precision: int) -> tuple[str, ...]:
    """One table row; names typed by users are escaped, never read as rich markup."""
    place = "—" if unit.rank is None else str(unit.rank)
    if unit.rank_in_group is not None:
        place += f" ({unit.rank_in_group})"
    colour = "red" if unit.class_reason else ""
    label = escape(unit.class_label or "")
    grade = grade_label(unit.staff.highest_grade) if unit.staff else ""
    if unit.staff and not unit.staff.emulation_eligible:
        grade += text(" · không đề nghị thi đua", " · no emulation title")
    return (
        place,
        escape(unit.unit.name),
        display(unit.index, NumberKind.PERCENT),
        f"{display(unit.final_total)}/{display(unit.possible)}",
        f"[{colour}]{label}[/]" if colour else label,
        "*" if unit.provisional else "",
        display(unit.gap),
        escape(grade),
    )
