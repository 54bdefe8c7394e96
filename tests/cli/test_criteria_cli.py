"""``par-index criteria`` end to end: in process with Typer's runner, and through the real
entry point in a subprocess where its error handler matters (exit codes 2, --debug)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from par_index import __version__
from par_index.cli.app import app, main
from par_index.i18n import use_lang

BROKEN = """\
id: hong
title: Bộ hỏng
documents: [{number: "1", issuer: Thử}]
version: "1"
unit_types: [{id: xa, label: Xã}]
scale: 3
classification: {bands: [{id: tot, label: Tốt, min: 50}, {id: yeu, label: Yếu, min: 10}]}
areas:
  - code: "1"
    title: Một
    max: 3
    criteria:
      - {code: "1.1", title: A, max: 1}
      - {code: "1.3", title: B, max: 1, rule: {kind: yes_no}}
"""
MISSPELT = BROKEN.replace('{code: "1.1", title: A, max: 1}', '{code: "1.1", title: A, mx: 1}')

Run = Callable[..., "Result"]


class Result:
    """What a run printed and returned."""

    def __init__(self, exit_code: int, stdout: str, stderr: str = "") -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


@pytest.fixture
def cli(monkeypatch) -> Run:
    """Run ``par-index ARGS`` in process; PAR_INDEX_LANG and --lang do not leak out."""
    monkeypatch.delenv("PAR_INDEX_LANG", raising=False)
    monkeypatch.setenv("COLUMNS", "120")

    def run(*args: str, lang: str | None = None) -> Result:
        if lang is not None:
            monkeypatch.setenv("PAR_INDEX_LANG", lang)
        result = CliRunner().invoke(app, list(args))
        monkeypatch.delenv("PAR_INDEX_LANG", raising=False)
        use_lang(None)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout)

    return run


@pytest.fixture
def entry(monkeypatch, capsys) -> Callable[..., tuple[int, str, str]]:
    """Run the real entry point ``main`` (with its error handler): exit code, stdout, stderr."""
    monkeypatch.delenv("PAR_INDEX_LANG", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["par-index", *args])
        code = 0  # click returns (does not exit) after --version without standalone mode
        try:
            main()
        except SystemExit as stopped:
            code = stopped.code
        use_lang(None)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "hong.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_check_passes_on_the_shipped_sets(cli):
    result = cli("criteria", "check", "xa-mau", "so-mau")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("✓") for line in lines)
    assert "68 tiêu chí chấm điểm, 100,00 điểm" in lines[0]


def test_check_fails_with_one_line_per_problem(cli, broken):
    result = cli("criteria", "check", str(broken))
    assert result.exit_code == 1
    head, *problems = result.stdout.strip().splitlines()
    assert head == f"✗ {broken}: 4 lỗi."
    codes = [line.rsplit("(", 1)[1].rstrip(")") for line in problems]
    assert codes == [
        "criteria.class-bands",
        "criteria.children-sum",
        "criteria.leaf-without-rule",
        "criteria.code-order",
    ]
    places = [line.split()[:2] for line in problems]
    assert [place[0] for place in places] == [f"{broken}:{n}:" for n in (7, 11, 13, 14)]
    assert [place[1] for place in places][1:] == ["[1]", "[1.1]", "[1.3]"]


def test_check_continues_after_an_invalid_file(cli, broken):
    result = cli("criteria", "check", str(broken), "xa-mau")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith("✓ xa-mau")


def test_english_with_the_option_and_with_the_environment(cli, tmp_path):
    path = tmp_path / "sai-chinh-ta.yaml"
    path.write_text(MISSPELT, encoding="utf-8")
    for result in (
        cli("--lang", "en", "criteria", "check", str(path)),
        cli("criteria", "check", str(path), lang="en"),
    ):
        assert result.exit_code == 1
        assert "2 problem(s)" in result.stdout
        assert "key 'mx' is not part of the format (did you mean 'max'?)" in result.stdout
        assert "lỗi" not in result.stdout
    vietnamese = cli("criteria", "check", str(path))
    assert "khóa 'mx' không có trong định dạng (có phải 'max'?)" in vietnamese.stdout


def test_schema_prints_json_schema(cli):
    result = cli("criteria", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "CriteriaSet"
    assert "Criterion" in schema["$defs"]


def test_schema_to_a_file(cli, tmp_path):
    target = tmp_path / "criteria.schema.json"
    assert cli("criteria", "schema", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text("utf-8"))["$defs"]["Band"]


def test_show_the_tree_with_points_per_unit_type(cli):
    result = cli("criteria", "show", "xa-mau")
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert "Bộ chỉ số đánh giá kết quả cải cách hành chính cấp xã (mẫu)" in out
    assert "MINH HỌA" in out
    for header in ("Xã", "Phường", "Thị trấn"):
        assert header in out
    row = next(line for line in out.splitlines() if "7.2.1" in line)
    assert [cell.strip() for cell in row.split("│")[3:6]] == ["3,00", "4,00", "3,50"]
    rural = next(line for line in out.splitlines() if "8.2.3" in line)
    assert [cell.strip() for cell in rural.split("│")[3:6]] == ["3,00", "—", "—"]
    assert "  8.1.5" in out and "Điều tra XHH" in out
    assert "Điểm thưởng (tối đa 3,00)" in out and "Điểm trừ (tối đa 5,00)" in out


def test_show_in_english_for_one_unit_type(cli):
    result = cli("--lang", "en", "criteria", "show", "so-mau", "--unit-type", "so")
    assert result.exit_code == 0
    assert "E-government and digital" in result.stdout and "scale 100.00" in result.stdout
    assert "Thresholds" in result.stdout and "Classes:" in result.stdout


def test_show_json_is_the_librarys_serialisation(cli):
    data = json.loads(cli("criteria", "show", "so-mau", "--json").stdout)
    assert data["id"] == "so-mau" and len(data["areas"]) == 7


def test_yaml_syntax_error_is_a_problem_with_its_line(cli, tmp_path):
    path = tmp_path / "cu-phap.yaml"
    path.write_text("id: x\ntitle: [mở\nversion: 1\n", encoding="utf-8")
    result = cli("criteria", "check", str(path))
    assert result.exit_code == 1
    assert f"{path}:" in result.stdout and "(yaml.syntax)" in result.stdout


def test_version(entry):
    assert entry("--version") == (0, f"par-index {__version__}\n", "")


def test_unknown_set_is_a_clean_one_line_error(entry):
    code, out, err = entry("criteria", "show", "khong-co")
    assert (code, out) == (2, "")
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "khong-co" in lines[0] and "xa-mau" in lines[0]
    assert "Traceback" not in err


def test_show_of_an_invalid_file_lists_its_problems_without_traceback(entry, broken):
    code, _out, err = entry("criteria", "show", str(broken))
    assert code == 2 and "Traceback" not in err
    assert "(criteria.code-order)" in err and f"{broken}:14" in err


def test_debug_shows_the_traceback():
    """In a fresh interpreter, as a user would see it."""
    env = {k: v for k, v in os.environ.items() if k != "PAR_INDEX_LANG"}
    command = [sys.executable, "-m", "par_index.cli.app", "--debug", "criteria", "show", "khong"]
    debug = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "CriteriaError" in debug.stderr
