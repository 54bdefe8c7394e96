"""The ``par-index`` application: global options, sub-commands and the one error handler."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from par_index import __version__
from par_index.cli import criteria
from par_index.cli.appraisal import appraisal as appraisal_command
from par_index.cli.check import check as check_command
from par_index.cli.common import STATE, err_console, tolerant_consoles
from par_index.cli.init import init as init_command
from par_index.cli.plan import plan as plan_command
from par_index.cli.read import read as read_command
from par_index.cli.receive import receive_command
from par_index.cli.report import report as report_command
from par_index.cli.run import run_command
from par_index.cli.score import score as score_command
from par_index.cli.status import status_command
from par_index.cli.templates import templates as templates_command
from par_index.cli.whatif import whatif_command
from par_index.errors import ParIndexError
from par_index.i18n import Message, use_lang
from par_index.workbook.guard import assert_defused

M_INTERNAL = Message(
    "cli.internal-error",
    "Lỗi không mong đợi: {detail}. Chạy lại với --debug để xem chi tiết và báo cho nhóm "
    "phát triển.",
    "Unexpected error: {detail}. Run again with --debug for details and report it.",
)

app = typer.Typer(
    name="par-index",
    help="Chấm, kiểm tra và xếp hạng Chỉ số cải cách hành chính (PAR index).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.add_typer(criteria.app, name="criteria")
# In the order of the yearly cycle (the help lists them so).
app.command("init")(init_command)
app.command("templates")(templates_command)
app.command("receive")(receive_command)
app.command("read")(read_command)
app.command("check")(check_command)
app.command("appraisal")(appraisal_command)
app.command("score")(score_command)
app.command("whatif")(whatif_command)
app.command("report")(report_command)
app.command("run")(run_command)
app.command("status")(status_command)
app.command("plan")(plan_command)


def _version(value: bool) -> None:
    if value:
        print(f"par-index {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Ngôn ngữ: vi (mặc định) hoặc en. Cũng đọc PAR_INDEX_LANG."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Hiện traceback khi có lỗi.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản.")
    ] = False,
):
    """Chấm, kiểm tra và xếp hạng Chỉ số CCHC."""
    if lang:
        use_lang(lang)
    STATE["debug"] = debug
    assert_defused()  # untrusted workbooks: openpyxl must parse through defusedxml


def main() -> None:
    """Entry point: run the app, turning errors meant for people into one clean message."""
    tolerant_consoles()
    try:
        code = app(standalone_mode=False)  # click returns typer.Exit's code here, not raising
        if isinstance(code, int) and code:
            sys.exit(code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    except ParIndexError as exc:
        if STATE["debug"]:
            raise
        err_console.print(f"[red]✗[/] {exc.render()}", markup=True, highlight=False)
        sys.exit(exc.exit_code if hasattr(exc, "exit_code") else 2)
    except Exception as exc:  # the one boundary where anything else is caught
        show, exit_code = getattr(exc, "show", None), getattr(exc, "exit_code", 0)
        if callable(show) and isinstance(exit_code, int):
            show()  # click's usage errors (typer >= 0.16 vendors click: no 'import click')
            sys.exit(exit_code)
        if STATE["debug"]:
            raise
        err_console.print(f"[red]✗[/] {M_INTERNAL.format(detail=type(exc).__name__)}")
        sys.exit(3)


if __name__ == "__main__":
    main()
