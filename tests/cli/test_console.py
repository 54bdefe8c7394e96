"""``python -m par_index`` as officers may have to call it, and its output on a legacy Windows
code page: whatever the console cannot show is folded (no accents), never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from par_index import __version__


def _par_index(*args: str, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PAR_INDEX_LANG": "vi", "COLUMNS": "200"}
    command = [sys.executable, "-m", "par_index", *args]
    return subprocess.run(command, capture_output=True, env=env, timeout=120, check=False)


def test_python_dash_m_par_index_is_the_command():
    done = _par_index("--version")
    assert done.returncode == 0 and done.stdout.decode() == f"par-index {__version__}\n"


@pytest.mark.parametrize("code_page", ["cp1252", "cp437"])
def test_a_legacy_code_page_gets_folded_text_not_a_crash(code_page):
    done = _par_index("criteria", "check", "xa-mau", encoding=code_page)
    assert done.returncode == 0, done.stderr
    shown = done.stdout.decode(code_page)
    assert "xa-mau: hop le" in shown and "68 ti" in shown  # "hợp lệ" without its accents
    assert done.stderr == b""
    helped = _par_index("--help", encoding=code_page)
    assert helped.returncode == 0 and helped.stderr == b""


def test_an_error_on_a_legacy_code_page_is_one_folded_line(tmp_path):
    done = _par_index("run", str(tmp_path / "khong-co"), encoding="cp1252")
    assert done.returncode == 2  # an input to fix, not an internal error
    shown = done.stderr.decode("cp1252")
    assert "par-index.yaml" in shown and "tep" in shown  # "tệp": cp1252 has no "ệ"
    assert "Error" not in shown and len(shown.strip().splitlines()) == 1


def test_json_on_a_legacy_code_page_is_the_same_json_escaped():
    legacy = _par_index("criteria", "show", "xa-mau", "--json", encoding="cp1252")
    plain = _par_index("criteria", "show", "xa-mau", "--json")
    assert legacy.returncode == plain.returncode == 0
    assert legacy.stdout.isascii()
    assert json.loads(legacy.stdout) == json.loads(plain.stdout)
    assert b"\\u1ed9" in legacy.stdout  # "ộ" of "Bộ chỉ số"
