"""One exit-code rule for every command (0 nothing blocks publication, 1 error findings or
appraisal errors, 2 unusable input or usage, 3 internal) and ``run``'s summary."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from par_index.appraisal.model import LABEL_STATUS, Status
from par_index.pipeline import run, summarise
from par_index.pipeline.names import appraisal_workbook
from par_index.workspace import load_workspace
from tests.check.test_cli import cli
from tests.check.workspaces import write_workspace
from tests.helpers.workbooks import good_rows, make_filled, make_unit

QCO = make_unit("QD-QCO", "Xã Quảng Công")
QLO = make_unit("QD-QLO", "Xã Quảng Lợi")
COMMANDS = (("check",), ("score",), ("appraisal", "--force"), ("run",))


def _clean(root: Path, mini_set) -> Path:
    write_workspace(root, [QCO])
    make_filled(root, mini_set, QCO, good_rows(mini_set, "xa", issuer="UBND xã Quảng Công"))
    return root


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_nothing_blocks_publication_exits_0(tmp_path, mini_set, monkeypatch, capsys, command):
    ws = _clean(tmp_path, mini_set)
    code, out, err = cli(monkeypatch, capsys, command[0], str(ws), *command[1:])
    assert code == 0, out + err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_error_finding_exits_1(tmp_path, mini_set, monkeypatch, capsys, command):
    ws = _clean(tmp_path, mini_set)
    write_workspace(ws, [QCO, QLO])  # Quảng Lợi sent nothing: an error-level finding
    code, out, err = cli(monkeypatch, capsys, command[0], str(ws), *command[1:])
    assert code == 1, out + err


def test_report_exits_like_the_score_it_reports(tmp_path, mini_set, monkeypatch, capsys):
    ws = _clean(tmp_path, mini_set)
    write_workspace(ws, [QCO, QLO])
    cli(monkeypatch, capsys, "score", str(ws))
    code, out, err = cli(monkeypatch, capsys, "report", str(ws))
    assert code == 1, out + err


def test_an_appraisal_problem_exits_1_and_is_in_the_summary(
    tmp_path, mini_set, monkeypatch, capsys
):
    ws = _clean(tmp_path, mini_set)
    assert cli(monkeypatch, capsys, "appraisal", str(ws))[0] == 0
    book = appraisal_workbook(load_workspace(ws))
    wb = openpyxl.load_workbook(book)
    sheet = wb[wb.sheetnames[1]]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == LABEL_STATUS:
                sheet.cell(cell.row, cell.column + 1).value = Status.ROUND_1.value
            if cell.value == "1.1":  # round 1 far above the maximum
                sheet.cell(cell.row, _column(sheet, "round_1")).value = 99
    wb.save(book)
    code, out, err = cli(monkeypatch, capsys, "run", str(ws), "--json")
    assert code == 1, out + err
    summary = json.loads(out)
    assert summary["exit_code"] == 1 and summary["findings"]["error"] == 0
    assert summary["appraisal_problems"], summary


def _column(sheet, key: str) -> int:
    from par_index.appraisal.model import COLUMNS

    header = next(c.header for c in COLUMNS if c.key == key)
    for row in sheet.iter_rows(max_row=30):
        for cell in row:
            if cell.value == header:
                return cell.column
    raise AssertionError(f"no {key} column")


def test_usage_and_unusable_input_exit_2(tmp_path, monkeypatch, capsys):
    assert cli(monkeypatch, capsys, "run", str(tmp_path))[0] == 2  # no par-index.yaml
    assert cli(monkeypatch, capsys, "run", "--no-such-option", str(tmp_path))[0] == 2


def test_an_internal_error_exits_3(tmp_path, mini_set, monkeypatch, capsys):
    ws = _clean(tmp_path, mini_set)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("par_index.pipeline.cycle.score", broken)
    code, _, err = cli(monkeypatch, capsys, "run", str(ws))
    assert code == 3 and "boom" not in err


def test_run_json_is_the_librarys_summary(tmp_path, mini_set, monkeypatch, capsys):
    ws = _clean(tmp_path, mini_set)
    write_workspace(ws, [QCO, QLO])
    (ws / "submissions" / "hong.xlsx").write_bytes(b"\0" * 165)
    code, out, _ = cli(monkeypatch, capsys, "run", str(ws), "--json", "--no-feedback")
    assert code == 1
    shown = json.loads(out)
    library = summarise(run(load_workspace(ws), ("check", "score", "report")), ws.resolve())
    assert shown == json.loads(library.model_dump_json())
    assert shown["unreadable"] == ["hong.xlsx"]
    assert [u["code"] for u in shown["provisional"]] == [QCO.code, QLO.code]
    assert shown["outputs"]["results"] == ["outputs/results.json", "outputs/results.xlsx"]


def test_run_prints_what_check_and_score_would(tmp_path, mini_set, monkeypatch, capsys):
    ws = _clean(tmp_path, mini_set)
    write_workspace(ws, [QCO, QLO])
    (ws / "submissions" / "hong.xlsx").write_bytes(b"\0" * 165)
    code, out, _ = cli(monkeypatch, capsys, "run", str(ws), "--no-feedback")
    assert code == 1
    assert "hong.xlsx" in out  # unreadable files
    assert "Tạm thời (2 đơn vị" in out  # provisional units
    assert "mã thoát 1" in out
