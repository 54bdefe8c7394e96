"""Writing outputs atomically: a temporary file beside the target, then a rename.

Temporaries are named ``.<name>.par-index-tmp-<pid>-<random><suffix>``, so that one left by a
run killed half-way (kill -9, power cut) is recognised and removed by the next run writing in
that folder, once its process is gone (where a process cannot be probed, Windows, once it is a
day old). A write that fails names the path and what to do.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from par_index.errors import ParIndexError
from par_index.i18n import Message
from par_index.text import display_name

WRITE_FAILED = Message(
    "output.write-failed",
    "{path}: không ghi được tệp kết quả ({reason}). Hãy kiểm tra thư mục còn cho phép ghi và ổ "
    "đĩa còn chỗ trống, đóng tệp nếu đang mở trong Excel, rồi chạy lại lệnh.",
    "{path}: the output cannot be written ({reason}). Check that the folder can be written to "
    "and the disk has free space, close the file if Excel has it open, and run the command again.",
)
R_READ_ONLY = Message(
    "output.reason.read-only",
    "thư mục hoặc tệp chỉ cho phép đọc, hoặc không có quyền ghi",
    "the folder or file is read-only, or there is no permission to write",
)
R_FULL = Message("output.reason.full", "ổ đĩa đã đầy", "the disk is full")
R_NOT_FOLDER = Message(
    "output.reason.not-folder",
    "một phần của đường dẫn là tệp chứ không phải thư mục",
    "part of the path is a file, not a folder",
)
R_OTHER = Message("output.reason.other", "lỗi hệ thống {name}", "system error {name}")
_REASONS = {
    errno.EACCES: R_READ_ONLY,
    errno.EPERM: R_READ_ONLY,
    errno.EROFS: R_READ_ONLY,
    errno.ENOSPC: R_FULL,
    errno.EDQUOT: R_FULL,
    errno.ENOTDIR: R_NOT_FOLDER,
    errno.EEXIST: R_NOT_FOLDER,
}

TEMP_MARK = ".par-index-tmp-"
_TEMPORARY = re.compile(r"^\..*\.par-index-tmp-(\d+)-[^/]*$")
_CLEANED: set[Path] = set()
PROBES_PROCESSES = os.name == "posix"
"""Whether signal 0 asks if a process lives (POSIX); on Windows ``os.kill`` ends the process."""
ABANDONED_AFTER_S = 24 * 3600
"""Where processes cannot be probed, a temporary untouched this long is taken as abandoned."""


class OutputError(ParIndexError, OSError):
    """An output cannot be written: the message names the path, the reason and what to do."""


def write_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` for a temporary path in the same folder, then rename it to ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path.parent)
        prefix = f".{path.stem}{TEMP_MARK}{os.getpid()}-"
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise _failed(path, exc) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _file_mode())  # mkstemp makes it owner-only; a report is meant to be shared
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise exc if isinstance(exc, ParIndexError) else _failed(path, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def write_text_atomic(path: Path, content: str) -> Path:
    return write_bytes_atomic(path, content.encode("utf-8"))


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove our temporaries in ``folder`` whose writing process is gone (once per folder and
    process); those of a run still writing are left alone. Returns what was removed."""
    if folder in _CLEANED:
        return []
    _CLEANED.add(folder)
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        found = _TEMPORARY.match(name)
        if found and _abandoned(folder / name, int(found.group(1))):
            try:
                (folder / name).unlink()
            except OSError:
                continue
            removed.append(folder / name)
    return removed


def _abandoned(path: Path, pid: int) -> bool:
    """Whether the process that was writing this temporary is gone."""
    if PROBES_PROCESSES:
        return not _alive(pid)
    try:
        return time.time() - path.stat().st_mtime > ABANDONED_AFTER_S
    except OSError:
        return False


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or a number we cannot judge: keep the file
    return True


def _failed(path: Path, exc: OSError) -> OutputError:
    reason = _REASONS.get(exc.errno or 0)
    if reason is None:
        name = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
        return OutputError(WRITE_FAILED, path=display_name(path), reason=(R_OTHER, {"name": name}))
    return OutputError(WRITE_FAILED, path=display_name(path), reason=reason)


_MODE: list[int] = []


def _file_mode() -> int:
    """The mode ``open()`` would give a new file: 0o666 less the umask (read once)."""
    if not _MODE:
        mask = os.umask(0)
        os.umask(mask)
        _MODE.append(0o666 & ~mask)
    return _MODE[0]
