"""io: outputs written atomically, with the mode a plain new file gets, and nothing left behind."""

from __future__ import annotations

import os
import stat

import pytest

from par_index.io import write_atomic, write_text_atomic


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
