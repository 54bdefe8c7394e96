"""``par-index read PATH...``: read filled workbooks and print them as the library sees them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from par_index.batch import label
from par_index.cli.common import console, err_console
from par_index.criteria import load_criteria
from par_index.criteria.sets import Sets
from par_index.i18n import Message
from par_index.numbers import display
from par_index.pipeline.load import cached_criteria, unit_sets
from par_index.pipeline.read import files_to_read, read_files
from par_index.submission import Submission
from par_index.workspace import find_workspace

M_FILE = Message(
    "cli.read.file",
    "[bold]{file}[/]: {unit} ({code}), kỳ {period}, {entries} tiêu chí, tổng tự chấm {total}",
    "[bold]{file}[/]: {unit} ({code}), period {period}, {entries} criteria, self-score {total}",
)
M_ISSUES = Message(
    "cli.read.issues", "  {count} giá trị cần xem lại:", "  {count} value(s) to look at:"
)
M_SUMMARY = Message(
    "cli.read.summary",
    "Đọc được {ok}/{count} tệp.",
    "Read {ok} of {count} file(s).",
)
M_NO_CRITERIA = Message(
    "cli.read.no-criteria",
    "{path} không nằm trong thư mục làm việc nào (không thấy par-index.yaml): hãy cho biết bộ "
    "tiêu chí, vd. --criteria xa-mau.",
    "{path} is not inside a workspace (no par-index.yaml found): name the criteria set, e.g. "
    "--criteria xa-mau.",
)


def read(
    paths: Annotated[list[Path], typer.Argument(help="Tệp .xlsx hoặc thư mục chứa các tệp.")],
    criteria: Annotated[
        str | None,
        typer.Option(
            "--criteria",
            help="Bộ tiêu chí: tên bộ có sẵn hoặc tệp YAML (mặc định: bộ của thư mục làm việc "
            "chứa tệp).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="In các bản tự chấm dạng JSON của thư viện.")
    ] = False,
) -> None:
    """Đọc bảng tự chấm điểm đã điền; mã thoát 1 nếu có tệp không đọc được."""
    cs = load_criteria(criteria) if criteria else _workspace_set(paths[0])
    files, notes = files_to_read(paths)
    for note in notes:
        err_console.print(note, markup=False)
    outcomes = dict(read_files(files, cs))
    submissions = [s for f in files if isinstance(s := outcomes[f], Submission)]
    for file in files:
        outcome = outcomes[file]
        if not isinstance(outcome, Submission):
            err_console.print(outcome, markup=False, highlight=False)
        elif not as_json:
            _print(outcome, cs)
    if as_json:
        payload = [s.model_dump(mode="json") for s in submissions]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        console.print(M_SUMMARY.format(ok=len(submissions), count=len(files)), markup=False)
    raise typer.Exit(0 if len(submissions) == len(files) else 1)


def _workspace_set(path: Path) -> Sets:
    """The set of the workspace ``path`` lies in (its set per group, with groups)."""
    ws = find_workspace(path)
    if ws is None:
        raise typer.BadParameter(M_NO_CRITERIA.format(path=label(path)), param_hint="--criteria")
    return unit_sets(ws) or cached_criteria(ws)


def _print(sub: Submission, sets: Sets) -> None:
    from par_index.workbook.reader import ISSUE_MESSAGES, named_set, sheet_total

    total = sheet_total(named_set(sets, {"criteria_id": sub.criteria_id or ""}), sub)
    console.print(
        M_FILE.format(
            file=escape(sub.file),
            unit=escape(sub.unit_name or "?"),
            code=escape(sub.unit_code or "?"),
            period=escape(sub.period or "?"),
            entries=len(sub.entries),
            total=display(total),
        )
    )
    if not sub.issues:
        return
    console.print(M_ISSUES.format(count=len(sub.issues)), markup=False)
    table = Table(show_header=False, show_edge=False, box=None, padding=(0, 1, 0, 4))
    for issue in sub.issues:
        message = ISSUE_MESSAGES.get(issue.code)
        fields = {"cell": str(issue.cell or ""), **issue.values}
        text = message.format(**fields) if message else issue.code
        table.add_row(escape(issue.criterion or ""), escape(text))
    console.print(table)
