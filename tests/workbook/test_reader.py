"""The reader: filled templates read back as exactly what was typed, wherever rows and columns
moved; every way a file can be unusable gives its own code."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import unicodedata
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from conftest import DATA
from helpers.workbooks import good_rows, locate, make_filled, make_unit
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.criteria import load_criteria
from par_index.errors import WorkbookError
from par_index.rules import evaluate
from par_index.workbook.layout import SHEET_GRID, SHEET_META, Col
from par_index.workbook.reader import read_submission
from par_index.workbook.template import TemplateContext, write_template

D = Decimal


def _read(tmp_path, cs, rows, header=None, **kwargs):
    path = make_filled(tmp_path, cs, make_unit(), rows, header, **kwargs)
    return read_submission(path, cs)


def _codes(sub) -> list[str]:
    return [issue.code for issue in sub.issues]


def test_good_rows_read_back_consistent(tmp_path, mini_set):
    rows = good_rows(mini_set, "xa")
    path = make_filled(tmp_path, mini_set, make_unit(), rows)
    before = path.read_bytes()
    sub = read_submission(path, mini_set)
    assert path.read_bytes() == before
    assert sub.sha256 == hashlib.sha256(before).hexdigest()
    assert sub.issues == []
    assert (sub.unit_code, sub.unit_name, sub.period) == ("QD-QAN", "Xã Quảng An", "2024")
    assert (sub.criteria_id, sub.criteria_hash) == ("mini", mini_set.content_hash)
    assert sub.submission_date == dt.date(2024, 12, 5)
    assert sub.preparer.startswith("Trần Thị Bình") and sub.phone == "0234 3551 234"
    items = {item.code: item for _, item in mini_set.extras_items()}
    for code, row in rows.items():
        entry = sub.entries[code]
        assert entry.self_score == D(row["score"])
        node = mini_set.node(code) or items[code]
        assert evaluate(mini_set, node, entry.answers(), "xa").points == entry.self_score
        assert entry.evidence[0].number and entry.evidence[0].location and entry.evidence[0].date
    assert sub.entries["2.3"].self_score is None  # survey row: "Không tự chấm"
    assert sub.cached_total is None  # openpyxl keeps no formula results


def test_good_rows_of_the_shipped_set_are_consistent_and_not_all_max(tmp_path, xa_set):
    rows = good_rows(xa_set, "phuong")
    path = make_filled(tmp_path, xa_set, make_unit("HUE-DB", "Phường Đông Ba", "phuong"), rows)
    sub = read_submission(path, xa_set)
    assert sub.issues == []
    penalties = {item.code for name, item in xa_set.extras_items() if name == "penalty"}
    below_max = [
        code for code, entry in sub.entries.items()
        if entry.self_score is not None and entry.self_score < entry.max_shown
        and code not in penalties
    ]  # fmt: skip
    assert below_max == ["1.1.1"] and sub.entries["1.1.1"].explanation
    assert all(sub.entries[code].self_score == 0 for code in penalties)
    for code, entry in sub.entries.items():
        node = xa_set.node(code) or dict((i.code, i) for _, i in xa_set.extras_items())[code]
        if code in rows:
            result = evaluate(xa_set, node, entry.answers(), "phuong")
            assert result.points == entry.self_score, code


def test_cells_are_named_for_every_value(tmp_path, mini_set):
    sub = _read(tmp_path, mini_set, {"1.3": {"score": 2, "figures": {"received": 5}}})
    entry = sub.entries["1.3"]
    grid = openpyxl.load_workbook(tmp_path / "templates" / sub.file)[SHEET_GRID]
    _, keys = locate(grid)
    assert entry.row == keys["crit:1.3"]
    assert str(entry.self_score_cell) == f"{SHEET_GRID}!H{keys['crit:1.3']}"
    assert entry.figures["received"].cell.cell == f"E{keys['fig:1.3:received']}"
    assert entry.evidence_cell.cell == f"I{keys['crit:1.3']}"
    assert entry.explanation_cell.cell == f"J{keys['crit:1.3']}"
    assert sub.submission_date_cell.cell == f"E{keys['hdr:date']}"
    assert sub.cached_total_cell.cell == f"H{keys['total']}"
    assert entry.figures["on_time"].value is None and entry.figures["on_time"].raw is None


@pytest.mark.parametrize(
    "typed", ["1,5", "1.5", "1,5 điểm", " 1.5 ", "１,５", "1,5\u00a0", 1.5, D("1.5")]
)
def test_score_forms(tmp_path, mini_set, typed):
    entry = _read(tmp_path, mini_set, {"1.3": {"score": typed}}).entries["1.3"]
    assert entry.self_score == D("1.5") and isinstance(entry.self_score, Decimal)
    assert entry.self_score_raw is not None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [(1234, 1234), ("1.234", 1234), (" 12 ", 12), ("１２", 12), ("12\u00a0hồ sơ", None), (7.0, 7)],
)
def test_count_forms(tmp_path, mini_set, typed, expected):
    sub = _read(tmp_path, mini_set, {"1.3": {"figures": {"received": typed}}})
    figure = sub.entries["1.3"].figures["received"]
    assert figure.value == expected
    assert _codes(sub) == ([] if expected is not None else ["read.not-a-number"])


@pytest.mark.parametrize(("typed", "expected"), [("95%", 95), ("95,5 %", D("95.5")), (80, 80)])
def test_percent_forms(tmp_path, mini_set, typed, expected):
    sub = _read(tmp_path, mini_set, {"2.1": {"figures": {"digitised": typed}}})
    assert sub.entries["2.1"].figures["digitised"].value == expected


def _stored(tmp_path, cs, value, number_format: str | None):
    """The mini set's rate cell holding ``value`` as stored, in a cell formatted ``number_format``
    (None: the template's own percent format), saved by openpyxl as Excel would save it."""
    path = make_filled(tmp_path, cs, make_unit(), {})
    book = openpyxl.load_workbook(path)
    grid = book[SHEET_GRID]
    cols, keys = locate(grid)
    cell = grid.cell(keys["fig:2.1:digitised"], cols[Col.FIGURES])
    cell.value = value
    if number_format is not None:
        cell.number_format = number_format
    book.save(path)
    return read_submission(path, cs).entries["2.1"].figures["digitised"]


@pytest.mark.parametrize(
    ("stored", "number_format", "value", "raw"),
    [
        (0.8, None, 80, "80%"),  # 80 or 80% typed into the template's percent cell
        (0.8, "0%", 80, "80%"),  # "80%" typed into a General cell: Excel makes it 0%
        (0.955, "0.0%", D("95.5"), "95,5%"),
        (1, '0" %"', 1, "1"),  # a literal " %" is text, not a percent format
        (0.8, "General", D("0.8"), "0.8"),  # shown as 0.8: read as 0.8
        ("80%", None, 80, "80%"),  # typed as text
    ],
)
def test_a_percent_cell_reads_as_the_percent_shown(
    tmp_path, mini_set, stored, number_format, value, raw
):
    figure = _stored(tmp_path, mini_set, stored, number_format)
    assert figure.value == value and str(figure.value) == str(value)
    assert figure.raw == raw


def test_fractional_count_is_read_and_noted(tmp_path, mini_set):
    sub = _read(tmp_path, mini_set, {"1.3": {"figures": {"received": "12,5"}}})
    assert sub.entries["1.3"].figures["received"].value == D("12.5")
    assert _codes(sub) == ["read.not-whole"]


@pytest.mark.parametrize(
    "typed",
    [dt.date(2024, 3, 5), "05/3/2024", "5-3-2024", "ngày 05 tháng 3 năm 2024", "05.03.2024"],
)
def test_submission_date_forms(tmp_path, mini_set, typed):
    sub = _read(tmp_path, mini_set, {}, header={"date": typed})
    assert sub.submission_date == dt.date(2024, 3, 5) and sub.issues == []


def test_unreadable_values_become_issues_with_their_cell(tmp_path, mini_set):
    rows = {
        "1.1": {"score": "một điểm", "answer": "Có lẽ"},
        "1.3": {"figures": {"received": "nhiều"}},
    }
    sub = _read(tmp_path, mini_set, rows, header={"date": "31/02/2024"})
    by_code = {(i.code, i.criterion): i for i in sub.issues}
    assert set(by_code) == {
        ("read.not-a-number", "1.1"),
        ("read.unknown-choice", "1.1"),
        ("read.not-a-number", "1.3"),
        ("read.bad-date", None),
    }
    entry = sub.entries["1.1"]
    assert entry.self_score is None and entry.self_score_raw == "một điểm"
    assert by_code[("read.not-a-number", "1.1")].cell == entry.self_score_cell
    assert by_code[("read.unknown-choice", "1.1")].values == {
        "value": "Có lẽ",
        "allowed": "“Có”; “Không”",
    }
    assert entry.answer == "Có lẽ"
    assert by_code[("read.bad-date", None)].cell == sub.submission_date_cell
    assert sub.entries["1.3"].figures["received"].raw == "nhiều"


@pytest.mark.parametrize(
    ("code", "typed", "answer", "na"),
    [
        ("1.1", "có", "Có", False),
        ("1.1", "KHÔNG", "Không", False),
        ("1.1", unicodedata.normalize("NFD", "Có"), "Có", False),
        ("1.1", True, "Có", False),
        ("1.2", "trễ hạn", "Trễ hạn", False),
        ("1.2", "Ðúng hạn", "Đúng hạn", False),  # look-alike Icelandic eth
        ("1.2", unicodedata.normalize("NFD", "Không báo cáo"), "Không báo cáo", False),
        ("2.2", "Không áp dụng", "Không áp dụng", True),
        ("2.2", "không  áp dụng ", "Không áp dụng", True),
    ],
)
def test_choice_forms(tmp_path, mini_set, code, typed, answer, na):
    sub = _read(tmp_path, mini_set, {code: {"answer": typed}})
    entry = sub.entries[code]
    assert (entry.answer, entry.not_applicable, sub.issues) == (answer, na, [])


@pytest.mark.parametrize(("typed", "value"), [("Có", True), ("không", False), (False, False)])
def test_yes_no_figures(tmp_path, mini_set, typed, value):
    sub = _read(tmp_path, mini_set, {"2.5": {"figures": {"disciplined": typed}}})
    assert sub.entries["2.5"].figures["disciplined"].value is value


def test_evidence_and_explanation_text(tmp_path, mini_set):
    evidence = unicodedata.normalize(
        "NFD",
        "Kế hoạch số 12/KH-UBND ngày 05/3/2024 của UBND xã Quảng An, trang 2\n"
        "QĐ 45/QĐ-UBND ngày 5-3-2024 do Chủ tịch UBND xã ban hành, mục II; Báo cáo tháng 6",
    )
    rows = {"1.1": {"evidence": evidence, "explanation": "  Thiếu\u00a0 biên bản  "}}
    entry = _read(tmp_path, mini_set, rows).entries["1.1"]
    assert [(r.number, r.date, r.issuer, r.location) for r in entry.evidence] == [
        ("12/KH-UBND", dt.date(2024, 3, 5), "UBND xã Quảng An", "trang 2"),
        ("45/QĐ-UBND", dt.date(2024, 3, 5), "Chủ tịch UBND xã", "mục II"),
        (None, None, None, None),
    ]
    assert entry.evidence_raw == evidence and entry.explanation == "Thiếu biên bản"


def test_number_typed_in_a_survey_row_is_read(tmp_path, mini_set):
    path = make_filled(tmp_path, mini_set, make_unit(), {})
    book = openpyxl.load_workbook(path)
    grid = book[SHEET_GRID]
    cols, keys = locate(grid)
    grid.cell(keys["crit:2.3"], cols[Col.SELF_SCORE]).value = 2
    book.save(path)
    assert read_submission(path, mini_set).entries["2.3"].self_score == 2


# -- moved rows and columns -------------------------------------------------------------------
def _edit(path, change) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def _entries(sub):
    return {
        code: (e.self_score, e.answer, {n: f.value for n, f in e.figures.items()}, e.evidence_raw)
        for code, e in sub.entries.items()
    }


@pytest.mark.parametrize("edit", ["blank_rows", "hidden_rows", "inserted_column", "widened"])
def test_moved_rows_and_columns_still_read(tmp_path, mini_set, edit):
    rows = good_rows(mini_set, "xa")
    path = make_filled(tmp_path, mini_set, make_unit(), rows)
    expected = read_submission(path, mini_set)

    def change(book):
        grid = book[SHEET_GRID]
        _, keys = locate(grid)
        if edit == "blank_rows":
            for key in ("crit:2.1", "crit:1.2", "area:1"):
                grid.insert_rows(keys[key])
        elif edit == "hidden_rows":
            for key in ("crit:1.1", "fig:1.3:received", "crit:2.5"):
                grid.row_dimensions[keys[key]].hidden = True
        elif edit == "inserted_column":
            grid.insert_cols(5)
            grid.cell(keys["crit:1.1"], 5).value = "ghi chú thêm"
        else:
            for letter in "ABCDEFGHIJ":
                grid.column_dimensions[letter].width = 80

    _edit(path, change)
    moved = read_submission(path, mini_set)
    assert _entries(moved) == _entries(expected) and moved.issues == []
    assert moved.submission_date == expected.submission_date
    if edit == "blank_rows":
        assert moved.entries["1.1"].row == expected.entries["1.1"].row + 1
        assert moved.entries["2.5"].row == expected.entries["2.5"].row + 3
    if edit == "inserted_column":
        assert moved.entries["1.1"].self_score_cell.cell.startswith("I")


def test_renamed_sheet_in_nfd_still_found(tmp_path, mini_set):
    path = make_filled(tmp_path, mini_set, make_unit(), good_rows(mini_set, "xa"))
    _edit(
        path,
        lambda b: setattr(b[SHEET_GRID], "title", unicodedata.normalize("NFD", "TỰ CHẤM ĐIỂM")),
    )
    sub = read_submission(path, mini_set)
    assert sub.entries["1.1"].self_score == 1


# -- files that cannot be used ----------------------------------------------------------------
def _broken(tmp_path, mini_set, change):
    path = make_filled(tmp_path, mini_set, make_unit(), good_rows(mini_set, "xa"))
    _edit(path, change)
    with pytest.raises(WorkbookError) as caught:
        read_submission(path, mini_set)
    text = caught.value.render()
    assert path.name in text and "Traceback" not in text
    return caught.value


def _cell(book, key: str, col: Col):
    grid = book[SHEET_GRID]
    cols, keys = locate(grid)
    return grid.cell(keys[key], cols[col])


def _meta(book, field: str, value: str) -> None:
    for row in book[SHEET_META].iter_rows(max_col=2):
        if row[0].value == field:
            row[1].value = value


def test_wrong_hash(tmp_path, mini_set):
    error = _broken(tmp_path, mini_set, lambda b: _meta(b, "criteria_hash", "0" * 64))
    assert error.code == "workbook.criteria-mismatch" and error.fields["field"] == "criteria_hash"


def test_last_years_version(tmp_path, mini_set):
    error = _broken(tmp_path, mini_set, lambda b: _meta(b, "criteria_version", "0"))
    assert error.code == "workbook.criteria-mismatch" and error.fields["found"] == "0"


def test_template_of_another_set(tmp_path, mini_set):
    so = load_criteria("so-mau")
    path = write_template(
        tmp_path / "so.xlsx", so, make_unit(unit_type="so"), TemplateContext("2024")
    )
    with pytest.raises(WorkbookError) as caught:
        read_submission(path, mini_set)
    assert caught.value.code == "workbook.criteria-mismatch"


def test_missing_row(tmp_path, mini_set):
    def delete(book):
        grid = book[SHEET_GRID]
        grid.delete_rows(locate(grid)[1]["fig:1.3:on_time"])

    error = _broken(tmp_path, mini_set, delete)
    assert error.code == "workbook.missing-row" and "on_time" in error.render()


def test_extra_and_duplicate_rows(tmp_path, mini_set):
    error = _broken(
        tmp_path, mini_set, lambda b: setattr(_cell(b, "crit:1.1", Col.KEY), "value", "crit:9.9")
    )
    assert error.code == "workbook.extra-row" and "crit:9.9" in error.render()

    def copy_row(book):
        grid = book[SHEET_GRID]
        _, keys = locate(grid)
        grid.insert_rows(keys["crit:2.1"])
        grid.cell(keys["crit:2.1"], 1).value = "crit:1.2"

    assert _broken(tmp_path, mini_set, copy_row).code == "workbook.extra-row"


def test_changed_max(tmp_path, mini_set):
    error = _broken(
        tmp_path, mini_set, lambda b: setattr(_cell(b, "crit:1.3", Col.MAX), "value", 3)
    )
    assert error.code == "workbook.max-changed"
    assert error.fields["found"] == "3" and error.fields["expected"] == "2"


def _renamed_without_keys(book, name: str) -> None:
    """The grid renamed and its key column wiped: no longer the template's structure (a renamed
    sheet whose structure is intact is read: tests/workbook/test_edited_layout.py)."""
    grid = book[SHEET_GRID]
    grid.title = name
    for (cell,) in grid.iter_rows(min_col=1, max_col=1):
        cell.value = None


@pytest.mark.parametrize("name", ["Tu cham diem", "Tự chấm điễm", "Tự chấm điểm (2)"])
def test_misspelt_sheet_suggests_the_intended_one(tmp_path, mini_set, name):
    error = _broken(tmp_path, mini_set, lambda b: _renamed_without_keys(b, name))
    assert error.code == "workbook.missing-sheet" and f"'{name}'?" in error.render()


def test_no_metadata(tmp_path, mini_set):
    error = _broken(tmp_path, mini_set, lambda b: b.remove(b[SHEET_META]))
    assert error.code == "workbook.no-metadata"


def test_missing_column(tmp_path, mini_set):
    def rename(book):
        grid = book[SHEET_GRID]
        cols, keys = locate(grid)
        grid.cell(keys["crit:1.1"] - 3, cols[Col.SELF_SCORE]).value = "Điểm"

    error = _broken(tmp_path, mini_set, rename)
    assert error.code == "workbook.missing-column" and "Điểm tự chấm" in error.render()


def test_file_of_another_unit_or_year_is_read_as_it_says(tmp_path, mini_set):
    ctx = TemplateContext(period="2023")
    path = make_filled(tmp_path, mini_set, make_unit("QD-SIA", "Thị trấn Sịa"), {}, ctx=ctx)
    sub = read_submission(path, mini_set, display_name="QD-QAN.xlsx")
    assert (sub.unit_code, sub.period, sub.file) == ("QD-SIA", "2023", "QD-QAN.xlsx")


def test_unsafe_file_is_refused_before_parsing(tmp_path, mini_set):
    path = tmp_path / "bao-cao.xlsx"
    path.write_text("STT,Tiêu chí\n1,Kế hoạch\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as caught:
        read_submission(path, mini_set)
    assert "bao-cao.xlsx" in caught.value.render()


def test_cached_total_that_differs_is_noted(tmp_path, mini_set):
    rows = {"1.1": {"score": 1}, "1.3": {"score": "1,5 điểm"}}
    path = make_filled(tmp_path, mini_set, make_unit(), rows)
    grid = openpyxl.load_workbook(path)[SHEET_GRID]
    total_cell = f"H{locate(grid)[1]['total']}"
    _set_cached_value(path, total_cell, "1")  # what Excel shows: the text score is not added
    sub = read_submission(path, mini_set)
    assert sub.cached_total == 1 and sub.cached_total_cell.cell == total_cell
    (issue,) = sub.issues
    assert issue.code == "read.cached-total-differs"
    assert issue.values == {"cached": "1", "computed": "2,5"}


def _set_cached_value(path, cell: str, value: str) -> None:
    """Give a formula cell a cached result, as Excel would store it."""
    source = path.with_suffix(".orig")
    shutil.move(path, source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                pattern = rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?'
                data, count = re.subn(
                    pattern.encode(), rb"\1<f>\2</f><v>" + value.encode() + b"</v>", data
                )
                assert count == 1
            new.writestr(info, data)
    source.unlink()


# -- par-index read ---------------------------------------------------------------------------
def test_read_cli_prints_the_library_json_and_one_line_per_bad_file(tmp_path, mini_set):
    good = make_filled(tmp_path, mini_set, make_unit(), good_rows(mini_set, "xa"))
    (tmp_path / "submissions" / "hong.xlsx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "submissions" / "ghi-chu.txt").write_text("không phải bảng tính")
    missing = tmp_path / "khong-co.xlsx"
    mini = str(DATA / "mini.yaml")
    runner = CliRunner()
    args = ["read", str(tmp_path / "submissions"), str(missing), "--criteria", mini, "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    (printed,) = json.loads(result.stdout)
    assert printed == read_submission(good, mini_set).model_dump(mode="json")
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3  # a folder is read whole: the text file is told what it is
    assert lines[0].startswith(str(tmp_path / "submissions" / "ghi-chu.txt") + ": là tệp văn bản")
    assert lines[1].startswith(str(tmp_path / "submissions" / "hong.xlsx") + ": ")
    assert lines[2].startswith(f"{missing}: ")

    result = runner.invoke(app, ["read", str(good), "--criteria", mini])
    assert result.exit_code == 0 and "QD-QAN" in result.stdout and "1/1" in result.stdout


def test_sheet_xml_broken_inside_a_sound_zip(tmp_path, mini_set):
    path = make_filled(tmp_path, mini_set, make_unit(), {})
    broken = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            new.writestr(info, data)
    before = broken.read_bytes()
    with pytest.raises(WorkbookError) as caught:
        read_submission(broken, mini_set)
    assert caught.value.code == "workbook.unreadable"
    line = caught.value.render()
    assert line.startswith(f"{broken}: ") and "\n" not in line and "XmlError" in line
    assert broken.read_bytes() == before


def test_file_rewritten_after_the_guard_looked_is_not_parsed(tmp_path, mini_set, monkeypatch):
    import os

    from par_index.workbook import guard

    path = make_filled(tmp_path, mini_set, make_unit(), {})
    inspect = guard.inspect

    def inspect_then_swap(target, *args, **kwargs):
        inspect(target, *args, **kwargs)
        os.utime(target, ns=(0, 10**18))  # another program saved the file meanwhile

    monkeypatch.setattr(guard, "inspect", inspect_then_swap)
    with pytest.raises(WorkbookError) as caught:
        read_submission(path, mini_set)
    assert caught.value.code == "workbook.cannot-open"
