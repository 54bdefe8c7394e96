"""The explanation round (giải trình) on the example district: workbooks written for the units
scored down in round 1, answered with openpyxl as an officer would, returned, validated, and
written into the explanation column of the appraisal workbook without touching the council's
cells; then read by scoring."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from par_index.appraisal.explanation import ECOL, HEADER_ROW, SHEET, SHEET_META
from par_index.pipeline import load_inputs, run
from par_index.pipeline.explanations import make_explanation_workbooks, read_received
from par_index.pipeline.names import appraisal_workbook
from par_index.workspace import load_workspace
from tests.helpers.example import copy_example

FIRST = HEADER_ROW + 2
"""1-based row of the first criterion in an explanation workbook."""


@pytest.fixture()
def ws(tmp_path):
    return load_workspace(copy_example(tmp_path / "ex"))


@pytest.fixture()
def books(ws):
    return make_explanation_workbooks(ws)


def col(key: str) -> int:
    return ECOL[key] + 1


def rows_of(path: Path) -> dict[str, int]:
    ws = openpyxl.load_workbook(path)[SHEET]
    return {ws.cell(r, 1).value: r for r in range(FIRST, ws.max_row + 1) if ws.cell(r, 1).value}


def self_scored_row(books) -> tuple[str, Path, str, int]:
    """(unit, workbook, criterion, row) of a scored-down criterion the unit self-scored."""
    for unit, path in books.written.items():
        ws = openpyxl.load_workbook(path)[SHEET]
        for r in range(FIRST, ws.max_row + 1):
            if isinstance(ws.cell(r, col("self")).value, (int, float)):
                return unit, path, ws.cell(r, 1).value, r
    raise AssertionError("no self-scored criterion was scored down")


def answer(path: Path, target: Path, values: dict[tuple[int, str], object]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    for (r, key), value in values.items():
        cell = ws.cell(r, col(key))
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # typed as text ('=...), as Excel stores it
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def test_a_workbook_per_unit_scored_down_lists_the_councils_notes(ws, books):
    inputs = load_inputs(ws)
    assert books.not_appraised == ["QD-QLO", "QD-QVI"]  # not marked appraised in the example
    assert books.written and set(books.written) == set(books.rows)
    for unit, path in books.written.items():
        appraisal = inputs.appraisals[unit]
        listed = rows_of(path)
        assert len(listed) == books.rows[unit]
        for code in listed:
            entry = appraisal.entries[code]
            lowered = entry.round_1 is not None and (
                entry.self_score is None or entry.round_1 < entry.self_score
            )
            assert lowered or entry.round_1_na or entry.note_1
    unit, path, code, r = self_scored_row(books)
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET]
    entry = inputs.appraisals[unit].entries[code]
    assert sheet.cell(r, col("round_1")).value == float(entry.round_1)
    assert sheet.cell(r, col("note_1")).value == entry.note_1
    assert sheet.protection.sheet is True
    assert sheet.cell(r, col("answer")).protection.locked is False
    assert sheet.cell(r, col("asked")).protection.locked is False
    assert sheet.cell(r, col("note_1")).protection.locked is True
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}"
    assert book[SHEET_META].sheet_state == "hidden"
    assert book["Hướng dẫn"].protection.sheet is True


def test_answers_go_into_round_2s_explanation_column(ws, books):
    unit, path, code, r = self_scored_row(books)
    most = openpyxl.load_workbook(path)[SHEET].cell(r, col("max")).value
    target = ws.path(ws.config.paths.explanations) / path.name
    answer(path, target, {
        (r, "answer"): "=Đã ban hành kế hoạch đúng hạn, xem trang 3",
        (r, "asked"): most,
        (r, "evidence"): "KH 12/KH-UBND ngày 05/01/2021, trang 3",
    })  # fmt: skip
    before = load_inputs(ws).appraisals[unit]

    outcome = run(ws, ("check", "appraisal"))

    assert outcome.explained == 1 and outcome.problems == []
    after = load_inputs(ws).appraisals[unit]
    text = after.entries[code].explanation
    assert text is not None and text.startswith("=Đã ban hành kế hoạch đúng hạn")
    assert "Đề nghị điểm: " in text and "KH 12/KH-UBND ngày 05/01/2021, trang 3" in text
    assert before.entries[code].explanation is None
    kept = dict(after.entries)
    kept[code] = kept[code].model_copy(update={"explanation": None})
    assert kept == before.entries  # the council's scores and notes are as they were
    assert (after.status, after.by_1) == (before.status, before.by_1)
    book = openpyxl.load_workbook(appraisal_workbook(ws))
    assert book[after.sheet].protection.sheet is True  # still protected
    assert run(ws, ("check", "appraisal")).explained == 0  # already there: nothing written
    results = run(ws, ("check", "score")).results
    assert results is not None
    row = next(u for u in results.units if u.unit.code == unit)
    assert next(c for c in row.criteria if c.code == code).explanation == text


def test_the_councils_own_text_is_never_replaced(ws, books):
    unit, path, code, r = self_scored_row(books)
    target = ws.path(ws.config.paths.explanations) / path.name
    answer(path, target, {(r, "answer"): "Đơn vị giải trình"})
    sheet = load_inputs(ws).appraisals[unit].sheet
    book_path = appraisal_workbook(ws)
    wb = openpyxl.load_workbook(book_path)
    cell = next(row[10] for row in wb[sheet].iter_rows(min_row=11) if row[0].value == code)
    cell.value = "Hội đồng ghi: đơn vị đã giải trình bằng văn bản"
    wb.save(book_path)

    outcome = run(ws, ("check", "appraisal"))

    assert outcome.explained == 0
    [problem] = outcome.problems
    assert problem.code == "explanation.cell-taken" and problem.severity == "warning"
    assert problem.cell == cell.coordinate and problem.sheet == sheet
    assert path.name in problem.message
    again = load_inputs(ws).appraisals[unit].entries[code].explanation
    assert again == "Hội đồng ghi: đơn vị đã giải trình bằng văn bản"


def test_invalid_answers_are_reported_with_file_sheet_and_cell(ws, books):
    unit, path, code, r = self_scored_row(books)
    folder = ws.path(ws.config.paths.explanations)
    listed = rows_of(path)
    other = next(row for c, row in listed.items() if c != code) if len(listed) > 1 else None
    values: dict[tuple[int, str], object] = {(r, "answer"): "Xin giữ điểm", (r, "asked"): 999}
    if other is not None:
        values[(other, "asked")] = 0
    bad = answer(path, folder / path.name, values)
    wb = openpyxl.load_workbook(bad)
    wb[SHEET].cell(r + 100, 1).value = "9.9.9"
    wb[SHEET].cell(r + 100, col("answer")).value = "Tiêu chí không có"
    wb.save(bad)
    stranger = answer(path, folder / "la.xlsx", {(r, "answer"): "x"})
    wb = openpyxl.load_workbook(stranger)
    wb[SHEET_META]["B3"] = "QD-KHONG-CO"
    wb.save(stranger)
    shutil.copy(next(ws.path("submissions").glob("*.xlsx")), folder / "nham-tep.xlsx")
    (folder / "hong.xlsx").write_bytes(b"not a workbook")

    answered = read_received(ws)

    codes = {(p.code, p.file) for p in answered.problems}
    assert ("appraisal.out-of-bounds", path.name) in codes
    assert ("explanation.unknown-criterion", path.name) in codes
    assert ("explanation.unknown-unit", "la.xlsx") in codes
    assert ("explanation.not-an-explanation", "nham-tep.xlsx") in codes
    assert ("explanation.unreadable", "hong.xlsx") in codes
    if other is not None:
        assert ("explanation.no-answer", path.name) in codes
    bounds = next(p for p in answered.problems if p.code == "appraisal.out-of-bounds")
    assert (bounds.sheet, bounds.cell, bounds.criterion) == (SHEET, f"H{r}", code)
    assert f"{path.name} › {SHEET}!H{r}" in bounds.message
    assert answered.units[unit].entries[code].asked is None  # the bad score is not taken
    assert answered.units[unit].entries[code].answer == "Xin giữ điểm"
    outcome = run(ws, ("check", "appraisal"))
    assert outcome.explained == 1
    from par_index.pipeline import exit_code

    assert exit_code(outcome) == 1  # errors in what the units sent


def test_asked_score_must_be_one_the_criterion_allows(ws, books):
    unit, path, code, r = self_scored_row(books)
    inputs = load_inputs(ws)
    from par_index.rules import allowed_scores

    criterion = inputs.cs.node(code)
    unit_type = next(u.unit_type for u in inputs.units if u.code == unit)
    possible = inputs.cs.max_for(criterion, unit_type)
    allowed = allowed_scores(inputs.cs, criterion, possible)
    if allowed is None:
        pytest.skip("the criterion takes any score within 0..max")
    wrong = next(
        v for v in (Decimal("0.37"), Decimal("0.13"), possible - Decimal("0.01"))
        if v not in allowed and 0 <= v <= possible
    )  # fmt: skip
    target = ws.path(ws.config.paths.explanations) / path.name
    answer(path, target, {(r, "answer"): "Đề nghị", (r, "asked"): float(wrong)})
    problems = read_received(ws).problems
    assert [p.code for p in problems] == ["appraisal.not-a-level"]


def test_a_criterion_only_the_council_scores_is_scored_down_below_its_maximum(mini_set):
    """An appraiser-only criterion has no self-score: its maximum given is no score-down (the
    unit is not asked to explain it), less than the maximum is."""
    from par_index.appraisal.explanation import scored_down
    from par_index.appraisal.model import Appraisal, AppraisedScore
    from tests.helpers.workbooks import make_unit

    unit = make_unit()
    full = Appraisal(unit_code=unit.code, file="t.xlsx", sheet=unit.code, entries={
        "2.4": AppraisedScore(code="2.4", round_1=Decimal(1)),
        "1.1": AppraisedScore(code="1.1", self_score=Decimal(1), round_1=Decimal(1)),
    })  # fmt: skip
    assert scored_down(mini_set, unit, full) == []
    lower = full.model_copy(update={"entries": {
        **full.entries, "2.4": AppraisedScore(code="2.4", round_1=Decimal("0.5")),
        "1.1": AppraisedScore(code="1.1", self_score=Decimal(1), round_1=Decimal(0)),
    }})  # fmt: skip
    assert [c.code for c, _e in scored_down(mini_set, unit, lower)] == ["1.1", "2.4"]


def test_evidence_files_beside_an_explanation_are_checked_and_listed(ws, books):
    """A unit's folder beside its answered workbook: each file its answer cites checked as in
    the self-assessment (the right decision; a wrong number; a file not sent), the findings at
    the evidence cell, the answer listing each file with its result; a .zip of another unit's
    code is not its evidence, and a broken .zip named for it is told once."""
    import datetime as dt

    from par_index.synthetic_evidence import decision_lines, pdf_document

    unit, path, code, r = self_scored_row(books)
    folder = ws.path(ws.config.paths.explanations)
    cited = "KH 12/KH-UBND ngày 05/01/2021 (tệp: ke-hoach.pdf)\nQĐ 7/QĐ-UBND (tệp: qd7.pdf)\n"
    cited += "Biên bản (tệp: bien-ban.pdf)"
    answer(path, folder / path.name, {(r, "answer"): "Đã ban hành", (r, "evidence"): cited})
    made = dt.datetime(2021, 1, 6, tzinfo=dt.UTC)
    plan = decision_lines("UBND", "12/KH-UBND", dt.date(2021, 1, 5), "Ke hoach")
    wrong = decision_lines("UBND", "8/QD-UBND", dt.date(2021, 1, 5), "Quyet dinh")
    sent = folder / f"{unit}_minh-chung"
    sent.mkdir()
    (sent / "ke-hoach.pdf").write_bytes(pdf_document([plan], created=made))
    (sent / "qd7.pdf").write_bytes(pdf_document([wrong], created=made))
    (folder / f"{unit}.zip").write_bytes(b"PK\x03\x04 not a whole zip")
    before = {p.name: p.read_bytes() for p in sent.iterdir()}

    answered = read_received(ws)

    files = answered.units[unit].entries[code].files
    assert [line.split(": ", 1)[0] for line in files] == [
        f"↳ ke-hoach.pdf ({unit}_minh-chung)", f"↳ qd7.pdf ({unit}_minh-chung)", "↳ bien-ban.pdf"
    ]  # fmt: skip
    assert files[0].endswith("đã kiểm tra, không thấy vấn đề")
    found = {(p.code, p.cell) for p in answered.problems}
    assert found == {
        ("evidence-file-mismatch", f"I{r}"), ("evidence-file-unreadable", None),
    }  # fmt: skip
    assert {p.name: p.read_bytes() for p in sent.iterdir()} == before  # never modified
    (folder / f"{unit}.zip").unlink()
    answered = read_received(ws)
    assert {p.code for p in answered.problems} == {
        "evidence-file-mismatch",
        "evidence-file-missing",
    }
    missing = next(p for p in answered.problems if p.code == "evidence-file-missing")
    assert missing.message.startswith(f"{path.name} › Giải trình!I{r}: ")
    assert "bien-ban.pdf" in missing.message and missing.unit == unit
