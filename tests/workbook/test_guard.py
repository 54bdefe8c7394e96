"""The guard: every hostile or broken file gets its one code and one safe line, fast, without
the file being changed; good workbooks (openpyxl, the template, LibreOffice) pass."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import pickle
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers.workbooks import good_rows, make_filled, make_unit

from par_index.batch import Failed, Ok, run_isolated
from par_index.errors import InputFileError, WorkbookError
from par_index.i18n import CATALOGUE
from par_index.workbook import guard
from par_index.workbook.guard import Limits, UnsafeWorkbook, assert_defused, inspect
from tests.conftest import require_tool

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_broken_files.py"
REQUIRED_CODES = {
    "workbook.not-a-file", "workbook.too-large", "workbook.not-zip", "workbook.encrypted",
    "workbook.unknown-compression", "workbook.zip-bomb", "workbook.dtd", "workbook.macros",
    "workbook.xlsb", "workbook.truncated", "workbook.lock-file", "workbook.bad-name",
    "workbook.not-xlsx", "workbook.empty", "workbook.duplicate-part",
}  # fmt: skip


def _script():
    spec = importlib.util.spec_from_file_location("make_broken_files", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


broken = _script()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("broken")
    return folder, broken.make_broken_files(folder)


def _outcome(path: Path, limits: Limits = Limits()) -> tuple[str, str]:
    """(code, rendered line) of inspecting ``path``; ("ok", "") when it passes."""
    try:
        inspect(path, limits)
    except UnsafeWorkbook as exc:
        return exc.code, exc.render()
    return "ok", ""


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and p.stat().st_size < 2**24
    }


def test_every_hostile_file_gets_its_code(corpus):
    folder, expected = corpus
    assert set(expected.values()) >= REQUIRED_CODES
    got = {name: _outcome(folder / name)[0] for name in expected}
    assert got == expected


def test_each_file_is_one_safe_line_in_both_languages(corpus):
    folder, expected = corpus
    for name in expected:
        with pytest.raises(UnsafeWorkbook) as caught:
            inspect(folder / name)
        for lang in ("vi", "en"):
            line = caught.value.render(lang)
            assert line.startswith(guard.display_name(folder / name) + ": "), line
            assert "\n" not in line and "\u202e" not in line and "Traceback" not in line
            assert "{" not in line and "Message(" not in line, line
        assert caught.value.render("vi") != caught.value.render("en")


def test_inspect_is_bounded_in_time(corpus):
    folder, expected = corpus
    for name in expected:
        start = time.perf_counter()
        _outcome(folder / name)
        # a bound against unbounded work (a bomb inflated, a loop), not a benchmark: ~1 ms each
        assert time.perf_counter() - start < 5.0, name


def test_inspect_never_changes_a_file(corpus):
    folder, expected = corpus
    before = _digests(folder)
    for name in expected:
        _outcome(folder / name)
    assert _digests(folder) == before
    assert (folder / "ong-dan.xlsx").is_fifo() or "ong-dan.xlsx" not in expected


def test_renamed_files_say_what_they_really_are(corpus):
    folder, _ = corpus
    kinds = {
        "excel-97-2003.xlsx": guard.KIND_XLS,
        "ods-doi-ten.xlsx": guard.KIND_ODS,
        "csv-doi-ten.xlsx": guard.KIND_CSV,
        "html-doi-ten.xlsx": guard.KIND_HTML,
        "pdf-doi-ten.xlsx": guard.KIND_PDF,
        "docx-doi-ten.xlsx": guard.KIND_DOCX,
        "thu-muc.xlsx": guard.KIND_DIR,
        "lien-ket.xlsx": guard.KIND_LINK,
    }
    for name, kind in kinds.items():
        with pytest.raises(UnsafeWorkbook) as caught:
            inspect(folder / name)
        assert caught.value.fields["kind"] is kind, name
        assert kind.format("vi") in caught.value.render("vi")


def test_good_workbooks_pass(tmp_path, xa_set):
    plain = tmp_path / "openpyxl.xlsx"
    plain.write_bytes(broken.good_xlsx())
    filled = make_filled(tmp_path, xa_set, make_unit(), good_rows(xa_set, "xa"))
    template = tmp_path / "templates" / filled.name
    for path in (plain, filled, template):
        assert _outcome(path) == ("ok", ""), path


@pytest.mark.libreoffice
def test_workbook_saved_by_libreoffice_passes(tmp_path, mini_set):
    soffice = require_tool("soffice", "libreoffice")
    filled = make_filled(tmp_path, mini_set, make_unit(), good_rows(mini_set, "xa"))
    out = tmp_path / "lo"
    command = [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless"]
    command += ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(filled)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    assert _outcome(out / filled.name) == ("ok", "")


@pytest.mark.parametrize("keep", [10, 0.1, 0.5, 0.9, -22, -1])
def test_cut_files_are_truncated(tmp_path, keep):
    good = broken.good_xlsx()
    size = keep if isinstance(keep, int) and keep > 0 else int(len(good) * keep)
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[:size] if keep != -1 and keep != -22 else good[:keep])
    assert _outcome(path)[0] == "workbook.truncated"


def test_damaged_bytes_never_escape_as_another_error(tmp_path):
    """Flip bytes anywhere in a good file: the guard passes it or refuses it, nothing else."""
    good = broken.good_xlsx()
    rng = random.Random(20250701)
    path = tmp_path / "damaged.xlsx"
    codes = set()
    for _ in range(300):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        codes.add(_outcome(path)[0])  # any other exception fails the test
    assert "workbook.truncated" in codes


def test_prolog_scan():
    scan = guard._scan_prolog
    assert scan(b'<?xml version="1.0"?>\n<!-- note --><?pi x?>\n<worksheet>') is False
    assert scan(b'<?xml version="1.0"?><!-- a --><!DOCTYPE x [<!ENTITY e "e">]><x/>') is True
    assert scan(b"\xef\xbb\xbf<!DOCTYPE x><x/>") is True
    assert scan('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x>'.encode("utf-16")) is True
    assert scan(b"<!-- a comment that has not ended yet") is None
    assert scan(b"\x89PNG\r\n\x1a\n....") is False
    assert scan(b"\x00\x00\x00<\x00\x00\x00?") is True  # UTF-32: never written by Excel


def test_a_long_prolog_is_refused(tmp_path):
    good = broken.good_xlsx()
    long_comment = b"<?xml version='1.0'?><!--" + b"x" * 100_000 + b"--><workbook/>"
    path = tmp_path / "long.xlsx"
    path.write_bytes(broken.replace_part(good, "xl/workbook.xml", long_comment))
    assert _outcome(path)[0] == "workbook.dtd"
    assert _outcome(path, Limits(max_prolog_bytes=200_000))[0] == "ok"


def test_limits_are_configurable(tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(broken.good_xlsx())
    assert _outcome(path, Limits(max_file_bytes=1000))[0] == "workbook.too-large"
    assert _outcome(path, Limits(max_parts=5))[0] == "workbook.zip-bomb"
    assert _outcome(path, Limits(max_part_bytes=5000))[0] == "workbook.zip-bomb"
    assert _outcome(path, Limits(max_total_bytes=10_000))[0] == "workbook.zip-bomb"
    assert _outcome(path, Limits(ratio_floor_bytes=0, max_ratio=2))[0] == "workbook.zip-bomb"


def test_parts_the_ratio_cannot_bound_are_measured_not_trusted(tmp_path):
    """A packed part that could inflate past the part limit is inflated (bounded) to check."""
    good = broken.good_xlsx()
    limits = Limits(max_part_bytes=40 * 2**20, max_ratio=2000)
    path = tmp_path / "big-but-honest.xlsx"
    path.write_bytes(broken.raw_zip([*broken.raw_entries_of(good), broken.zeros_entry("a", 40)]))
    assert _outcome(path, limits)[0] == "ok"
    lying = broken.zeros_entry("a", 40, declared=39 * 2**20)
    path.write_bytes(broken.raw_zip([*broken.raw_entries_of(good), lying]))
    assert _outcome(path, limits)[0] == "workbook.zip-bomb"
    assert _outcome(path, Limits(max_ratio=2000))[0] == "ok"  # 40 MiB is within 50 MiB anyway


def test_missing_or_unreachable_file_is_an_input_error(tmp_path):
    with pytest.raises(InputFileError) as caught:
        inspect(tmp_path / "khong-co.xlsx")
    assert caught.value.code == "workbook.not-found"
    (tmp_path / "tep.xlsx").write_bytes(b"x")
    with pytest.raises(InputFileError) as caught:
        inspect(tmp_path / "tep.xlsx" / "con.xlsx")  # a file used as a folder
    assert caught.value.code == "workbook.cannot-open"
    assert "\n" not in caught.value.render() and "{" not in caught.value.render()


def test_unsafe_workbook_is_a_workbook_error_that_pickles(corpus):
    folder, _ = corpus
    with pytest.raises(WorkbookError) as caught:
        inspect(folder / "bom-nen-1gb.xlsx")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(copy, UnsafeWorkbook) and copy.code == "workbook.zip-bomb"
    assert copy.render("en") == caught.value.render("en")


def test_every_message_names_the_file_and_what_to_do():
    for code, message in CATALOGUE.items():
        if code.startswith("workbook.") and message in vars(guard).values():
            parts = ("workbook.kind.", "workbook.detail.", "workbook.how.", "workbook.defused")
            if code.startswith(parts):
                continue
            assert message.vi.startswith("{file}: ") and message.en.startswith("{file}: "), code
            assert message.vi.count("Hãy") >= 1, code


def test_assert_defused(monkeypatch):
    assert_defused()
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml") as caught:
        assert_defused()
    assert caught.value.code == "workbook.defusedxml-missing"


def _inspect_task(path: Path) -> str:
    inspect(path)
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return f"{len(archive.namelist())} parts"


def test_a_batch_of_good_and_bad_files_reports_both(corpus, tmp_path):
    folder, expected = corpus
    goods = []
    for i in range(3):
        goods.append(tmp_path / f"tot-{i}.xlsx")
        goods[-1].write_bytes(broken.good_xlsx())
    paths = [*goods, *(folder / name for name in expected)]
    results = dict(run_isolated(paths, _inspect_task, workers=2, timeout_s=20))
    assert len(results) == len(paths)
    for path in goods:
        assert isinstance(results[path], Ok) and results[path].value.endswith("parts")
    for name, code in expected.items():
        outcome = results[folder / name]
        assert isinstance(outcome, Failed) and outcome.code == "batch.error", name
        assert outcome.error_code == code and "\n" not in outcome.detail, name


def test_cli_refuses_to_start_without_defusedxml():
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False", "PAR_INDEX_LANG": "en"}
    command = [sys.executable, "-m", "par_index.cli.app", "criteria", "--help"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "defusedxml" in done.stderr and "Traceback" not in done.stderr


def test_an_unsupported_zip_version_is_truncated_not_a_crash(tmp_path):
    """Regression: a damaged "version needed" field made zipfile raise NotImplementedError."""
    data = bytearray(broken.good_xlsx())
    central = data.find(b"PK\x01\x02")
    data[central + 6 : central + 8] = (71).to_bytes(2, "little")  # "needs zip version 7.1"
    local = data.find(b"PK\x03\x04")
    data[local + 4 : local + 6] = (71).to_bytes(2, "little")
    path = tmp_path / "version.xlsx"
    path.write_bytes(bytes(data))
    assert _outcome(path)[0] == "workbook.truncated"


# -- files of other formats, by their name ------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("bao-cao.xls", broken._old_xls(), guard.KIND_XLS),
        ("bao-cao.XLS", broken._old_xls(), guard.KIND_XLS),
        ("bang-tinh.ods", broken._ods(), guard.KIND_ODS),
        ("co-macro.xlsm", broken._xlsm(broken.good_xlsx()), guard.KIND_XLSM),
        ("nhi-phan.xlsb", broken._xlsb(), guard.KIND_XLSB),
        ("so-lieu.csv", b"a,b\n1,2\n", guard.KIND_CSV),
        ("trang-web.html", b"<html><table></table></html>", guard.KIND_HTML),
        ("khong-duoi", broken._old_xls(), guard.KIND_XLS),
        ("rong.zip", b"PK\x05\x06" + b"\0" * 18, guard.KIND_EMPTY_ZIP),
    ],
)
def test_a_genuine_file_of_another_format_is_told_what_it_is(tmp_path, name, data, kind):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(UnsafeWorkbook) as caught:
        inspect(tmp_path / name)
    assert caught.value.code == "workbook.other-format"
    assert caught.value.fields["kind"] is kind
    for lang in ("vi", "en"):
        line = caught.value.render(lang)
        assert kind.format(lang) in line and caught.value.fields["how"].format(lang) in line
        assert "đổi đuôi" not in line and "renamed" not in line


def test_a_renamed_file_is_told_the_extension_it_was_given(tmp_path):
    (tmp_path / "xuat-tu-web.xls").write_bytes(b"<html><table></table></html>")
    (tmp_path / "rong.xlsx").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    with pytest.raises(UnsafeWorkbook) as caught:
        inspect(tmp_path / "xuat-tu-web.xls")
    assert caught.value.code == "workbook.not-zip"
    assert "trang HTML (bảng xuất từ web) được đổi đuôi thành .xls." in caught.value.render("vi")
    with pytest.raises(UnsafeWorkbook) as caught:  # was: "zip() argument 2 is longer ..."
        inspect(tmp_path / "rong.xlsx")
    assert caught.value.code == "workbook.not-xlsx"
    assert caught.value.fields["kind"] is guard.KIND_EMPTY_ZIP


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("~$QD-QAN.xlsx", guard.LOCK_FILE),
        (".~lock.QD-QAN.xlsx#", guard.LOCK_FILE),
        (".DS_Store", guard.HIDDEN_FILE),
        ("._QD-QAN.xlsx", guard.HIDDEN_FILE),
        ("Thumbs.db", guard.HIDDEN_FILE),
        ("desktop.ini", guard.HIDDEN_FILE),
        ("QD-QAN.xlsx", None),
        ("QD-QAN~$.xlsx", None),
    ],
)
def test_lock_hidden_and_system_files_are_ignored(tmp_path, name, reason):
    assert guard.ignored_reason(name) is reason
    if reason is not None:
        (tmp_path / name).write_bytes(broken.good_xlsx())
        with pytest.raises(guard.IgnoredFile) as caught:
            inspect(tmp_path / name)
        assert caught.value.code in guard.IGNORED_CODES
        assert pickle.loads(pickle.dumps(caught.value)).__class__ is guard.IgnoredFile
