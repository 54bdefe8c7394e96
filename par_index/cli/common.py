"""What every command shares: the console, language, JSON output and the error boundary."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import re
import sys
from typing import Any, TextIO

import typer
from pydantic import BaseModel
from rich.console import Console

from par_index.i18n import Message
from par_index.text import strip_accents
from par_index.workbook.parse import parse_date

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

STATE: dict[str, Any] = {"debug": False}

FOLD = "par-index-fold"
"""The encoding error handler of our consoles: what a legacy code page (cp1252, cp437 ...)
cannot show is written without its accents ("Lỗi" -> "Loi"), else as "?"."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_unencodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = strip_accents(error.object[error.start : error.end])
    return _NON_ASCII.sub("?", chunk), error.end


codecs.register_error(FOLD, _fold_unencodable)


def tolerant_consoles() -> None:
    """Let stdout and stderr write any text on any code page: a Windows console or a redirected
    output in a legacy code page gets the text folded (``FOLD``) rather than a crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=FOLD)


def print_json(value: BaseModel | list | dict) -> None:
    """Write the library's own JSON serialisation to stdout, untouched by rich; where stdout
    cannot take every character, with ``\\u`` escapes (the same JSON, nothing lost)."""
    if isinstance(value, BaseModel):
        text = value.model_dump_json(indent=2)
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    if not _writes_unicode(sys.stdout):
        text = _NON_ASCII.sub(lambda found: json.dumps(found.group())[1:-1], text)
    sys.stdout.write(text + "\n")


def _writes_unicode(stream: TextIO) -> bool:
    try:
        return codecs.lookup(stream.encoding or "utf-8").name.startswith("utf")
    except (LookupError, AttributeError):
        return False


M_BAD_DAY = Message(
    "cli.bad-as-of",
    "--as-of '{value}' không phải ngày. Hãy ghi năm-tháng-ngày (2025-06-30) hoặc 30/06/2025.",
    "--as-of '{value}' is not a date. Write year-month-day (2025-06-30) or 30/06/2025.",
)


def as_of_day(value: str | None) -> dt.date | None:
    """``--as-of``: a date as 2025-06-30 or 30/06/2025 (the workbooks' date forms); None when
    not given. A usage error (exit 2) names what was typed otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise typer.BadParameter(M_BAD_DAY.format(value=value), param_hint="--as-of")
    return day
