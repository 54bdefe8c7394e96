"""How our worker processes start: the one place that reads ``PAR_INDEX_START_METHOD``.

Linux forks by default (a worker shares the parent's loaded inputs for free); Windows and macOS
spawn (a fresh interpreter that imports the package and receives its task pickled). Setting
``PAR_INDEX_START_METHOD`` to ``spawn``, ``forkserver`` or ``fork`` forces that method on every
process pool of ours (the read stage, the feedback copies, the template writer; the Excel
writers beside the HTML report run only where forking is chosen, else in this process), so the
spawn path that Windows takes can be run and tested on Linux. A method this platform lacks
(fork and forkserver on Windows) falls back to spawn, which every platform has.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from multiprocessing.context import BaseContext

from par_index.errors import ConfigError
from par_index.i18n import Message

ENV = "PAR_INDEX_START_METHOD"
METHODS = ("fork", "forkserver", "spawn")
PORTABLE = "spawn"
"""The start method every platform has."""

BAD_METHOD = Message(
    "processes.bad-start-method",
    "Biến môi trường PAR_INDEX_START_METHOD có giá trị “{value}”: hãy đặt spawn, forkserver "
    "hoặc fork, hoặc xóa biến này.",
    "The environment variable PAR_INDEX_START_METHOD is “{value}”: set it to spawn, forkserver "
    "or fork, or remove it.",
)


def start_method(preferred: str | None = None) -> str:
    """The start method of a pool of ours: the one ``PAR_INDEX_START_METHOD`` forces, else the
    caller's ``preferred`` one (a forkserver for workers that should share nothing with a large
    parent), else fork on Linux and spawn elsewhere; spawn where the platform lacks it."""
    forced = os.environ.get(ENV, "").strip().lower()
    if forced and forced not in METHODS:
        raise ConfigError(BAD_METHOD, value=forced)
    method = forced or preferred or _platform_default()
    return method if method in multiprocessing.get_all_start_methods() else PORTABLE


def context(preferred: str | None = None) -> BaseContext:
    """The multiprocessing context of ``start_method(preferred)``."""
    return multiprocessing.get_context(start_method(preferred))


def forking() -> bool:
    """Whether our children are forked, so share this process's memory (and its loaded data)
    rather than receive it pickled."""
    return start_method() == "fork"


def _platform_default() -> str:
    # macOS has fork but spawns by default since Python 3.8: system libraries may crash a fork.
    return "fork" if sys.platform.startswith("linux") else PORTABLE
