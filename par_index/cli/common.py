"""What every command shares: the console, language, JSON output and the error boundary."""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel
from rich.console import Console

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

STATE: dict[str, Any] = {"debug": False}


def print_json(value: BaseModel | list | dict) -> None:
    """Write the library's own JSON serialisation to stdout, untouched by rich."""
    if isinstance(value, BaseModel):
        sys.stdout.write(value.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")
