"""Odd files in submissions/ beside good workbooks: lock, hidden and system files are listed
once as ignored and count for no unit; .xls, .ods, .xlsm, .xlsb and .csv files are told what
they are and how to save them as .xlsx, in the same words by read, check and run; a name that is
not valid text is read and shown through the one display name; an empty zip gets no internal
text. Every good unit is scored exactly as without them."""

from __future__ import annotations

import json
import os
import re
import sys

import pytest
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.i18n import CATALOGUE
from par_index.workbook import guard
from tests.helpers.district_run import UNITS, check_findings, good_workspace, run, scored_units
from tests.helpers.workbooks import good_rows, make_filled
from tests.workbook.test_guard import broken

LOCK = "~$QD-QAN_Xã Quảng An_2024.xlsx"  # Excel's lock file beside QD-QAN's open workbook
IGNORED = {
    LOCK: "workbook.lock-file",
    ".~lock.QD-QCO_Xã Quảng Công_2024.xlsx#": "workbook.lock-file",  # LibreOffice's
    ".DS_Store": "workbook.hidden-file",
    "Thumbs.db": "workbook.hidden-file",
}
FORMATS = {  # file -> (kind told, how to make the .xlsx)
    "bao-cao.xls": (guard.KIND_XLS, "workbook.how.save-as"),
    "bang-tinh.ods": (guard.KIND_ODS, "workbook.how.save-as"),
    "co-macro.xlsm": (guard.KIND_XLSM, "workbook.how.save-as"),
    "nhi-phan.xlsb": (guard.KIND_XLSB, "workbook.how.save-as"),
    "so-lieu.csv": (guard.KIND_CSV, "workbook.how.template"),
    "rong.zip": (guard.KIND_EMPTY_ZIP, "workbook.how.template"),
}
INTERNAL = re.compile(r"Error\b|Traceback|argument|\bzip\(\)|object at 0x|Exception")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, mini_set):
    """The three good units' results of a workspace holding only their workbooks."""
    root = good_workspace(tmp_path_factory.mktemp("clean") / "ws", mini_set)
    done = run(root)
    assert done.exit_code == 0, done.output
    assert check_findings(root) == []
    return scored_units(root)


def _odd_files(folder) -> None:
    good = broken.good_xlsx()
    contents = {
        "bao-cao.xls": broken._old_xls(),
        "bang-tinh.ods": broken._ods(),
        "co-macro.xlsm": broken._xlsm(good),
        "nhi-phan.xlsb": broken._xlsb(),
        "so-lieu.csv": "mã,điểm\nQD-QAN,10\n".encode(),
        "rong.zip": b"PK\x05\x06" + b"\0" * 18,  # the empty zip: no entries at all
        LOCK: broken.LOCK_BYTES,
        ".~lock.QD-QCO_Xã Quảng Công_2024.xlsx#": b",Tran Thi B,may-xa,05.12.2024 08:00,",
        ".DS_Store": b"\0\0\0\1Bud1",
        "Thumbs.db": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    }
    for name, data in contents.items():
        (folder / name).write_bytes(data)


def test_odd_files_beside_good_ones_change_nothing_for_the_units(tmp_path, mini_set, baseline):
    root = good_workspace(tmp_path / "ws", mini_set)
    _odd_files(root / "submissions")
    done = run(root)
    assert done.exit_code == 1, done.output  # the files of other formats are error findings
    assert scored_units(root) == baseline
    findings = check_findings(root)
    by_file = {f["file"]: f for f in findings}
    assert len(findings) == len(by_file) == len(IGNORED) + len(FORMATS)  # one line per file
    assert all(f["unit"] is None for f in findings)  # none is counted against a unit
    for name, code in IGNORED.items():
        finding = by_file[name]
        assert (finding["code"], finding["severity"]) == ("ignored-file", "info"), name
        assert finding["message"] == CATALOGUE[code].format("vi", file=name)
    for name, (kind, how) in FORMATS.items():
        finding = by_file[name]
        assert (finding["code"], finding["severity"]) == ("unreadable-file", "error"), name
        assert finding["message"] == guard.OTHER_FORMAT.format(
            "vi", file=name, kind=kind.format("vi"), how=CATALOGUE[how].format("vi")
        )
        assert "đổi đuôi" not in finding["message"] and not INTERNAL.search(finding["message"])
    page = (root / "outputs" / "feedback" / "QD-QAN_phan-hoi.html").read_text(encoding="utf-8")
    assert "~$" not in page and "khóa tạm thời" not in page
    summary = json.loads((root / "outputs" / "check.json").read_text(encoding="utf-8"))
    assert not set(IGNORED) & set(summary["files"])


def test_read_check_and_run_say_the_same_of_each_file(tmp_path, mini_set):
    root = good_workspace(tmp_path / "ws", mini_set)
    folder = root / "submissions"
    _odd_files(folder)
    read = CliRunner().invoke(app, ["read", str(folder), "--criteria", _criteria_of(root)])
    assert read.exit_code == 1, read.output  # some files are not workbooks
    lines = read.stderr.strip().splitlines()
    assert len(lines) == len(IGNORED) + len(FORMATS)
    assert f"Đọc được 3/{3 + len(FORMATS)} tệp." in read.stdout  # ignored files are not counted
    check = CliRunner().invoke(app, ["check", str(root), "--json"])
    messages = {f["file"]: f["message"] for f in json.loads(check.stdout)["findings"]}
    for name in [*IGNORED, *FORMATS]:
        line = next(line for line in lines if line.startswith(f"{folder / name}: "))
        assert line.removeprefix(f"{folder}/") == messages[name]


def _criteria_of(root) -> str:
    (line,) = [x for x in (root / "par-index.yaml").read_text().splitlines() if "criteria:" in x]
    return line.split(":", 1)[1].strip()


@pytest.mark.skipif(sys.platform != "linux", reason="names of arbitrary bytes: Linux file systems")
def test_a_name_that_is_not_valid_text_is_read_and_shown_safely(tmp_path, mini_set, baseline):
    root = good_workspace(tmp_path / "ws", mini_set)
    qth = next(u for u in UNITS if u.code == "QD-QTH")
    legacy = os.fsencode(root / "submissions") + b"/QD-QTH_X\xe3 Qu\xe1ng Th\xf4.xlsx"  # cp1258
    written = make_filled(root, mini_set, qth, good_rows(mini_set, "xa", issuer=f"UBND {qth.name}"))
    os.rename(os.fsencode(written), legacy)
    done = run(root)
    assert done.exit_code == 0, done.output
    shown = "QD-QTH_X\\xe3 Qu\\xe1ng Th\\xf4.xlsx"
    assert scored_units(root) == {
        **baseline,
        "QD-QTH": {**baseline["QD-QTH"], "scored_file": shown},
    }
    report = json.loads((root / "outputs" / "check.json").read_text(encoding="utf-8"))
    assert report["unit_files"]["QD-QTH"] == [shown]
    for command in (["check", str(root)], ["score", str(root)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0 and "không mong đợi" not in result.output, result.output
    read = CliRunner().invoke(app, ["read", os.fsdecode(legacy), "--criteria", _criteria_of(root)])
    assert read.exit_code == 0 and shown in read.stdout, read.output
