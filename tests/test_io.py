"""io: outputs written atomically, with the mode a plain new file gets, and nothing left behind."""

from __future__ import annotations

import errno
import os
import pickle
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from par_index import io as par_io
from par_index.io import OutputError, write_atomic, write_text_atomic
from tests.helpers.district_run import good_workspace, run_main


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_output_gets_the_mode_of_a_plain_new_file(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    written = write_text_atomic(tmp_path / "bao-cao.html", "<p>Báo cáo</p>")
    assert stat.S_IMODE(written.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert written.read_text(encoding="utf-8") == "<p>Báo cáo</p>"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "results.json"
    target.write_text("old")

    def fail(tmp):
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(target, fail)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


# -- a write that fails names the path and what to do ------------------------------------------
@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (errno.ENOSPC, "ổ đĩa đã đầy"),
        (errno.EROFS, "không có quyền ghi"),
        (errno.EIO, "lỗi hệ thống EIO"),
    ],
)
def test_a_failed_write_names_the_path_and_what_to_do(tmp_path, error, reason):
    target = tmp_path / "results.json"
    target.write_text("old")

    def fail(tmp):
        tmp.write_text("half")
        raise OSError(error, os.strerror(error))

    with pytest.raises(OutputError) as caught:
        write_atomic(target, fail)
    line = caught.value.render("vi")
    assert caught.value.code == "output.write-failed" and isinstance(caught.value, OSError)
    assert line.startswith(f"{target}: không ghi được tệp kết quả (") and f"{reason}). Hãy " in line
    assert os.strerror(error) not in line and "\n" not in line
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == [target.name]
    assert pickle.loads(pickle.dumps(caught.value)).render("en") == caught.value.render("en")


def test_a_read_only_folder_is_named(tmp_path, monkeypatch):
    """The folder refuses the temporary file (what a read-only folder does; root, which CI runs
    as, writes anywhere, so the refusal is made here rather than with chmod)."""
    folder = tmp_path / "outputs"
    folder.mkdir()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))

    monkeypatch.setattr("par_index.io.tempfile.mkstemp", refuse)
    with pytest.raises(OutputError) as caught:
        write_text_atomic(folder / "results.json", "{}")
    assert "chỉ cho phép đọc" in caught.value.render("vi")
    assert list(folder.iterdir()) == []


def test_outputs_that_cannot_be_a_folder_stop_the_run_with_one_line(tmp_path, mini_set):
    root = good_workspace(tmp_path / "ws", mini_set)
    (root / "outputs").write_text("not a folder")
    done = run_main("run", str(root), "--workers", "1")
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert f"{root / 'outputs'}/" in line and "một phần của đường dẫn là tệp" in line
    assert "OSError" not in line and "không mong đợi" not in line


# -- temporaries left by a killed run are removed by the next one -------------------------------
KILLED_WRITER = """
import sys, time
from pathlib import Path
from par_index.io import write_atomic

def write(tmp):
    tmp.write_text("half written")
    print(tmp, flush=True)
    time.sleep(120)

write_atomic(Path(sys.argv[1]), write)
"""


@pytest.mark.skipif(os.name != "posix", reason="kill -9")
def test_a_temporary_left_by_kill_9_is_removed_by_the_next_write(tmp_path, monkeypatch):
    monkeypatch.setattr(par_io, "_CLEANED", set())
    target = tmp_path / "results.json"
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    left = Path(writer.stdout.readline().strip())
    writer.send_signal(signal.SIGKILL)
    writer.wait(30)
    writer.stdout.close()
    assert left.is_file() and left.name.startswith(".results.par-index-tmp-")
    mine = tmp_path / f".report.par-index-tmp-{os.getpid()}-x.html"  # a write in progress here
    parent = tmp_path / f".report.par-index-tmp-{os.getppid()}-y.html"  # a live process's
    other = tmp_path / ".results.tmp-999999.json"  # not ours: never touched
    for path in (mine, parent, other):
        path.write_text("x")
    write_text_atomic(target, "{}")
    assert not left.exists()
    assert mine.exists() and parent.exists() and other.exists()
    assert target.read_text() == "{}"


def test_where_processes_cannot_be_probed_a_day_old_temporary_is_abandoned(tmp_path, monkeypatch):
    """Windows: ``os.kill(pid, 0)`` would end the process, so it is never called; a temporary is
    removed once it is older than a day, whatever its process."""
    monkeypatch.setattr(par_io, "_CLEANED", set())
    monkeypatch.setattr(par_io, "PROBES_PROCESSES", False)
    monkeypatch.setattr(par_io.os, "kill", _must_not_signal)
    old = tmp_path / ".results.par-index-tmp-999999-a.json"
    recent = tmp_path / ".report.par-index-tmp-999998-b.html"  # its writer may still run
    for path in (old, recent):
        path.write_text("x")
    day_ago = time.time() - par_io.ABANDONED_AFTER_S - 60
    os.utime(old, (day_ago, day_ago))
    write_text_atomic(tmp_path / "check.json", "{}")
    assert not old.exists() and recent.exists()


def _must_not_signal(pid: int, sig: int) -> None:
    raise AssertionError(f"os.kill({pid}, {sig}) called")
