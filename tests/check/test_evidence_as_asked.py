"""Evidence as the set asks: what counts as evidence per criterion (a document, a web address, a
file, nothing), standing documents from before the period, explanations that say nothing,
answers that claim a deadline the cited document's date contradicts, evidence copied with only
the unit's name changed, evidence issued by another unit of the workspace. Every case is a
workbook filled the way officers type, read back and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from par_index.check.finding import Severity
from par_index.criteria import check_criteria, load_criteria
from tests.check.workspaces import MINI, cell_of, run_check, write_workspace
from tests.helpers.workbooks import good_rows, make_filled, make_unit

EVIDENCE_AS_ASKED = {
    "evidence-wrong-kind",
    "answer-contradicts-date",
    "evidence-same-document",
    "evidence-other-unit",
    "layout-changed",
}
"""The codes this module raises (tests/check/test_codes.py counts them as tested), and
layout-changed, which tests/workbook/test_edited_layout.py raises from edited workbooks."""

QAN = make_unit()
QCO = make_unit("QD-QCO", "Xã Quảng Công")
W, INFO = Severity.WARNING, Severity.INFO

ASKED = """\
        evidence:
          document: Kế hoạch CCHC
          accepts: [document, web]
          standing: true
"""
REPORT = """\
        evidence: {document: Báo cáo, deadline: "31/01", on_time: [Đúng hạn]}
        explanation_required: true
"""


def asked_set(folder: Path) -> Path:
    """The test set, with 1.1 accepting a web address or a standing document and 1.2's report
    due on 31/01 ("Đúng hạn" claims it was sent by then)."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("        evidence: {document: Kế hoạch CCHC}\n", ASKED)
    text = text.replace("        explanation_required: true\n", REPORT, 1)
    path = folder / "asked.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def ws(tmp_path):
    criteria = asked_set(tmp_path)
    write_workspace(tmp_path / "ws", [QAN, QCO], criteria=criteria)
    return tmp_path / "ws", load_criteria(criteria)


def rows_of(cs, unit=QAN):
    return good_rows(cs, unit.unit_type, issuer=f"UBND {unit.name}")


def found(root: Path) -> list[tuple]:
    report = run_check(root).report
    for f in report.findings:
        assert "{" not in f.message + f.fix and f.criterion and f.cell, f
    return [(f.code, f.unit, f.criterion, f.cell, f.severity) for f in report.findings]


def test_a_clean_pair_raises_nothing(ws):
    root, cs = ws
    make_filled(root, cs, QAN, rows_of(cs))
    make_filled(root, cs, QCO, rows_of(cs, QCO))
    assert found(root) == []


WEB = "Trang thông tin điện tử của xã: https://quangan.quangdien.thuathienhue.gov.vn/cchc"


def test_a_web_address_counts_where_the_criterion_accepts_one(ws, tmp_path):
    root, cs = ws
    rows = rows_of(cs)
    rows["1.1"]["evidence"] = WEB
    rows["2.2"]["evidence"] = "quangan.gov.vn/vi-pham"  # 2.2 asks for documents only
    path = make_filled(root, cs, QAN, rows)
    make_filled(root, cs, QCO, rows_of(cs, QCO))
    cell = cell_of(path, "2.2", "evidence")
    assert found(root) == [("evidence-wrong-kind", QAN.code, "2.2", cell, W)]
    message = run_check(root).report.findings[0].message
    assert "địa chỉ trang web" in message and "văn bản có số, ngày ban hành" in message


FOUNDED = "Quyết định số 45/QĐ-UBND ngày 12/6/2019 của UBND xã Quảng An về thành lập, trang 1"


@pytest.mark.parametrize(
    ("code", "explanation", "expected"),
    [
        ("1.1", "Quyết định thành lập năm 2019 vẫn còn hiệu lực", []),
        ("1.1", None, [INFO]),
        ("1.1", "Không có", [INFO]),  # a placeholder explains nothing
        ("2.2", "Văn bản năm 2019 còn hiệu lực", [INFO]),
        ("2.2", None, [W]),
    ],
)
def test_a_standing_document_from_before_the_period(ws, code, explanation, expected):
    root, cs = ws
    rows = rows_of(cs)
    rows[code]["evidence"] = FOUNDED
    rows[code]["explanation"] = explanation
    path = make_filled(root, cs, QAN, rows)
    make_filled(root, cs, QCO, rows_of(cs, QCO))
    cell = cell_of(path, code, "evidence")
    assert found(root) == [("evidence-outside-period", QAN.code, code, cell, s) for s in expected]


def test_a_document_after_the_period_stays_a_warning_even_explained(ws, tmp_path):
    root, cs = ws
    write_workspace(root, [QAN, QCO], criteria=tmp_path / "asked.yaml", deadline=None)
    rows = rows_of(cs)
    rows["1.1"]["evidence"] = "Kế hoạch số 3/KH-UBND ngày 05/01/2025 của UBND xã, trang 1"
    rows["1.1"]["explanation"] = "Kế hoạch năm sau, ban hành sớm"
    path = make_filled(root, cs, QAN, rows, {"date": "10/01/2025"})
    make_filled(root, cs, QCO, rows_of(cs, QCO), {"date": "10/01/2025"})
    cell = cell_of(path, "1.1", "evidence")
    assert found(root) == [("evidence-outside-period", QAN.code, "1.1", cell, W)]


@pytest.mark.parametrize("typed", ["Không có", ".", "-", "x", " không ", "K.có"])
def test_a_placeholder_explanation_is_no_explanation(ws, typed):
    root, cs = ws
    rows = rows_of(cs)
    rows["1.2"]["explanation"] = typed
    path = make_filled(root, cs, QAN, rows)
    make_filled(root, cs, QCO, rows_of(cs, QCO))
    cell = cell_of(path, "1.2", "explanation")
    assert found(root) == [("explanation-missing", QAN.code, "1.2", cell, W)]
    assert "chưa nêu lý do" in run_check(root).report.findings[0].message


def test_a_real_explanation_is_enough(ws):
    root, cs = ws
    rows = rows_of(cs)
    rows["1.2"]["explanation"] = "Báo cáo quý I gửi chậm 3 ngày"
    make_filled(root, cs, QAN, rows)
    make_filled(root, cs, QCO, rows_of(cs, QCO))
    assert found(root) == []


def test_on_time_contradicted_by_the_documents_date(ws):
    root, cs = ws
    rows = rows_of(cs)  # the report of 1.2 is dated 08/02, after the deadline 31/01
    rows["1.2"].update(answer="Đúng hạn", score=1, explanation=None)
    rows["2.1"].update(figures={"digitised": 90}, score=0.9)  # not the maximum everywhere
    path = make_filled(root, cs, QAN, rows)
    make_filled(root, cs, QCO, rows_of(cs, QCO))
    cell = cell_of(path, "1.2", "answer")
    assert found(root) == [("answer-contradicts-date", QAN.code, "1.2", cell, W)]
    finding = run_check(root).report.findings[0]
    assert finding.values["date"] == "08/02/2024" and finding.values["deadline"] == "31/01/2024"
    rows["1.2"]["evidence"] = "Báo cáo số 7/BC-UBND ngày 30/01/2024 của UBND xã Quảng An, trang 2"
    make_filled(root, cs, QAN, rows)
    assert found(root) == []


def test_evidence_copied_with_only_the_units_name_changed(ws):
    root, cs = ws
    theirs = rows_of(cs)
    make_filled(root, cs, QAN, theirs)
    rows = rows_of(cs, QCO)
    rows["1.3"]["evidence"] = theirs["1.3"]["evidence"].replace("Quảng An", "Quảng Công")
    path = make_filled(root, cs, QCO, rows)
    cell = cell_of(path, "1.3", "evidence")
    assert found(root) == [
        ("evidence-same-document", QAN.code, "1.3", cell, W),
        ("evidence-same-document", QCO.code, "1.3", cell, W),
    ]
    finding = run_check(root).report.findings[1]
    assert "Xã Quảng An (QD-QAN)" in finding.message and "15/03/2024" in finding.message


def test_a_shared_document_of_a_higher_body_is_not_copied(ws):
    root, cs = ws
    district = "Quyết định số 99/QĐ-UBND ngày 15/03/2024 của UBND huyện Quảng Điền, trang 3"
    for unit in (QAN, QCO):
        rows = rows_of(cs, unit)
        rows["1.3"]["evidence"] = district
        make_filled(root, cs, unit, rows)
    assert {code for code, *_ in found(root)} <= {"evidence-copied"}


def test_evidence_issued_by_another_unit(ws):
    root, cs = ws
    make_filled(root, cs, QAN, rows_of(cs))
    rows = rows_of(cs, QCO)
    rows["2.1"]["evidence"] = "Thông báo số 8/TB-UBND ngày 22/04/2024 của UBND xã Quảng An"
    path = make_filled(root, cs, QCO, rows)
    cell = cell_of(path, "2.1", "evidence")
    assert found(root) == [("evidence-other-unit", QCO.code, "2.1", cell, W)]


def test_no_evidence_needed(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace(
        "evidence: {document: Kế hoạch CCHC}", "evidence: {document: —, accepts: [none]}"
    )
    (tmp_path / "none.yaml").write_text(text, encoding="utf-8")
    cs = load_criteria(tmp_path / "none.yaml")
    write_workspace(tmp_path / "ws", [QAN], criteria=tmp_path / "none.yaml")
    rows = rows_of(cs)
    rows["1.1"]["evidence"] = None
    make_filled(tmp_path / "ws", cs, QAN, rows)
    assert found(tmp_path / "ws") == []


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ('{document: X, deadline: "31/01"}', "criteria.evidence-deadline"),
        ('{document: X, deadline: "31/01", on_time: [Sớm]}', "criteria.evidence-on-time"),
        ("{document: X, accepts: [none, web]}", "criteria.evidence-none"),
        ('{document: X, deadline: "2024-01-31", on_time: [Có]}', "def.invalid-value"),
    ],
)
def test_the_format_refuses_what_it_cannot_mean(tmp_path, evidence, message):
    text = MINI.read_text(encoding="utf-8").replace(
        "evidence: {document: Kế hoạch CCHC}", f"evidence: {evidence}"
    )
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    _cs, problems = check_criteria(tmp_path / "bad.yaml")
    assert [p.id for p in problems] == [message]
    shown = problems[0].render("vi")
    assert "bad.yaml:" in shown and "Value error" not in shown
    if message == "def.invalid-value":
        assert "dd/mm" in shown
