"""Evidence files sent beside the workbooks, on real files: PDFs (fpdf2), Word documents
(python-docx) and zips written here, in a real workspace checked by the library's one path.
Each finding of the family is planted once and found at its cell; hostile bundles (a zip bomb,
a path leaving the zip, a link) cost one line each; the scores are those of a run without any
evidence file, and no evidence file is modified."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from par_index.check.finding import Report
from par_index.pipeline import run
from par_index.synthetic_evidence import decision_lines, docx_document, pdf_document, zip_of
from par_index.workbook.parse import parse_reference
from par_index.workspace import load_workspace
from tests.check.workspaces import cell_of, run_check
from tests.helpers.district_run import UNITS, good_workspace
from tests.helpers.workbooks import good_rows, make_filled

QAN, QCO, QTH = UNITS
EVIDENCE_FILE_CODES = {
    "evidence-file-missing",
    "evidence-file-unreadable",
    "evidence-file-unverifiable",
    "evidence-file-mismatch",
    "evidence-file-page-missing",
    "evidence-file-dated-before",
    "evidence-file-reused",
    "evidence-file-shared",
}
"""The codes this module raises on real files (``test_codes`` counts them as tested)."""
ISSUER = "UBND Xã Quảng An"
UTC = dt.UTC


def _pdf(number: str, date: dt.date, *, pages: int = 2, created: dt.date | None = None) -> bytes:
    made = dt.datetime.combine(created or date + dt.timedelta(days=1), dt.time(9), UTC)
    first = decision_lines(ISSUER, number, date, "Ke hoach cai cach hanh chinh")
    return pdf_document([first] + [[f"Trang {n}"] for n in range(2, pages + 1)], created=made)


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf("9/KH-UBND", dt.date(2024, 1, 1)))))
    writer.encrypt(user_password="mat-khau", owner_password="chu")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _cite(rows: dict, code: str, file: str) -> None:
    """The row's citation naming a file in its own words (the page of the file, not of the
    helper's ", trang N")."""
    typed = re.sub(r", trang \d+$", "", rows[code]["evidence"])
    rows[code]["evidence"] = f"{typed} ({file})"


@pytest.fixture(scope="module")
def checked(tmp_path_factory, mini_set) -> tuple[Path, Report, dict[str, str]]:
    """QD-QAN sends a folder with one fault planted per criterion, QD-QCO a zip holding a copy
    of one of QD-QAN's files, QD-QTH nothing."""
    root = good_workspace(tmp_path_factory.mktemp("evidence") / "ws", mini_set)
    rows = good_rows(mini_set, "xa", issuer=f"UBND {QAN.name}")
    _cite(rows, "1.1", "tệp: kh3821.pdf, tr. 2")
    rows["1.1"]["evidence"] += "\nBiên bản họp (tệp: thieu.pdf)"
    _cite(rows, "1.2", "tệp: bc3822.pdf, trang 5")
    _cite(rows, "1.3", "tệp: qd3823.pdf, tr.1")
    _cite(rows, "2.1", "tệp: scan.pdf")
    _cite(rows, "2.2", "file: KH3825.DOCX, tr 1")
    _cite(rows, "2.5", "tệp: bc3826.pdf")
    _cite(rows, "B1", "tệp: ban-sao.pdf")
    workbook = make_filled(root, mini_set, QAN, rows)
    plan = _pdf("3821/KH-UBND", dt.date(2024, 1, 1))
    folder = root / "submissions" / "QD-QAN_minh-chung"
    folder.mkdir()
    files = {
        "kh3821.pdf": plan,
        "bc3822.pdf": _pdf("3822/BC-UBND", dt.date(2024, 2, 8)),
        "qd3823.pdf": _pdf("3832/QĐ-UBND", dt.date(2024, 3, 15)),  # a wrong number
        "scan.pdf": pdf_document([["x"] * 5], created=dt.datetime(2024, 5, 1, tzinfo=UTC),
                                 scan=True),
        "kh3825.docx": docx_document(
            decision_lines(ISSUER, "3825/KH-UBND", dt.date(2024, 5, 1), "Ke hoach"),
            created=dt.datetime(2024, 5, 2, tzinfo=UTC),
        ),
        "bc3826.pdf": _pdf("3826/BC-UBND", dt.date(2024, 6, 8), created=dt.date(2023, 12, 1)),
        "ban-sao.pdf": plan,  # the plan again, for the initiatives (another area)
        "mat-khau.pdf": _encrypted_pdf(),
        "gia.pdf": docx_document(["không phải PDF"], created=dt.datetime(2024, 1, 1, tzinfo=UTC)),
    }  # fmt: skip
    for name, data in files.items():
        (folder / name).write_bytes(data)
    rows_qco = good_rows(mini_set, "xa", issuer=f"UBND {QCO.name}")
    _cite(rows_qco, "1.1", "tệp: ke-hoach.pdf")
    make_filled(root, mini_set, QCO, rows_qco)
    (root / "submissions" / "QD-QCO.zip").write_bytes(zip_of({"ke-hoach.pdf": plan}))
    hashes = _hashes(root / "submissions")
    outcome = run_check(root)
    assert _hashes(root / "submissions") == hashes  # nothing sent is modified
    cells = {code: cell_of(workbook, code, "evidence") for code in rows}
    return root, outcome.report, cells


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _found(report: Report, unit: str) -> list[tuple[str, str | None, str | None, str]]:
    return sorted(
        (f.code, f.criterion, f.cell, f.severity)
        for f in report.findings
        if f.unit == unit and f.code.startswith("evidence-file-")
    )


def test_each_planted_fault_is_found_at_its_cell(checked):
    _, report, cell = checked
    assert _found(report, "QD-QAN") == sorted([
        ("evidence-file-missing", "1.1", cell["1.1"], "warning"),
        ("evidence-file-shared", "1.1", cell["1.1"], "warning"),
        ("evidence-file-page-missing", "1.2", cell["1.2"], "warning"),
        ("evidence-file-mismatch", "1.3", cell["1.3"], "warning"),
        ("evidence-file-unverifiable", "2.1", cell["2.1"], "info"),
        ("evidence-file-dated-before", "2.5", cell["2.5"], "warning"),
        ("evidence-file-reused", "B1", cell["B1"], "warning"),
        ("evidence-file-mismatch", "B1", cell["B1"], "warning"),  # the plan is no decision,
        ("evidence-file-dated-before", "B1", cell["B1"], "warning"),  # made before it
        ("evidence-file-unreadable", None, None, "warning"),
        ("evidence-file-unreadable", None, None, "warning"),
    ])  # fmt: skip


def test_the_messages_name_the_file_and_what_was_found(checked):
    _, report, _ = checked
    by = {(f.code, f.criterion): f for f in report.findings if f.unit == "QD-QAN"}
    assert "trang 5" in by[("evidence-file-page-missing", "1.2")].message
    assert "2 trang" in by[("evidence-file-page-missing", "1.2")].message
    mismatch = by[("evidence-file-mismatch", "1.3")].message
    assert "số ký hiệu 3823/QĐ-UBND" in mismatch and "ngày" not in mismatch.split("thấy")[1]
    dated = by[("evidence-file-dated-before", "2.5")].message
    assert "01/12/2023" in dated and "08/06/2024" in dated
    assert "thieu.pdf" in by[("evidence-file-missing", "1.1")].message
    assert "QD-QCO" in by[("evidence-file-shared", "1.1")].message
    reasons = sorted(f.message for f in report.findings if f.code == "evidence-file-unreadable")
    assert "gia.pdf" in reasons[0] and "thực chất là văn bản Word (.docx)" in reasons[0]
    assert "mat-khau.pdf" in reasons[1] and "mật khẩu" in reasons[1]


def test_the_other_unit_is_told_of_the_shared_file_and_the_silent_unit_of_nothing(checked):
    _, report, _ = checked
    assert [f[:2] for f in _found(report, "QD-QCO")] == [
        ("evidence-file-mismatch", "1.1"),  # Quảng An's plan is not Quảng Công's
        ("evidence-file-shared", "1.1"),
    ]
    assert _found(report, "QD-QTH") == []


def test_the_report_keeps_where_each_cited_file_lies(checked):
    _, report, _ = checked
    links = {(c.criterion, c.file): c.link for c in report.evidence_files["QD-QAN"]}
    assert links[("1.1", "kh3821.pdf (QD-QAN_minh-chung)")] == "QD-QAN_minh-chung/kh3821.pdf"
    assert links[("1.1", "thieu.pdf")] is None
    assert links[("2.2", "kh3825.docx (QD-QAN_minh-chung)")] == "QD-QAN_minh-chung/kh3825.docx"
    (qco,) = report.evidence_files["QD-QCO"]
    assert (qco.file, qco.link) == ("ke-hoach.pdf (QD-QCO.zip)", "QD-QCO.zip")
    shown = sorted(f.code for f in qco.findings(report, "QD-QCO"))
    assert shown == ["evidence-file-mismatch", "evidence-file-shared"]


def test_evidence_folders_are_no_submissions_and_change_no_score(checked, mini_set, tmp_path):
    root, report, _ = checked
    assert not any("minh-chung" in f or f.endswith(".zip") for f in report.files)
    bare = good_workspace(tmp_path / "bare", mini_set)
    plain = run_check(bare).checked
    with_files = run_check(root).checked
    assert plain is not None and with_files is not None
    assert {u: r.self_total for u, r in with_files.scored.items()} == {
        u: r.self_total for u, r in plain.scored.items()
    }


def test_hostile_bundles_cost_one_line_each(tmp_path, mini_set):
    root = good_workspace(tmp_path / "ws", mini_set)
    sub = root / "submissions"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bom.pdf", b"\0" * (60 * 1024 * 1024))
    (sub / "QD-QAN.zip").write_bytes(bomb.getvalue())
    (sub / "QD-QCO.zip").write_bytes(zip_of({"../../ngoai.pdf": b"%PDF-1.4"}))
    (sub / "QD-QTH").mkdir()
    outside = tmp_path / "bi-mat.pdf"
    outside.write_bytes(_pdf("1/KH-UBND", dt.date(2024, 1, 1)))
    os.symlink(outside, sub / "QD-QTH" / "lien-ket.pdf")
    report = run_check(root).report
    lines = {f.unit: f.message for f in report.findings if f.code == "evidence-file-unreadable"}
    assert "bom nén" in lines["QD-QAN"]
    assert "ngoài thư mục" in lines["QD-QCO"]
    assert "liên kết" in lines["QD-QTH"] and "lien-ket.pdf" in lines["QD-QTH"]
    assert [f.code for f in report.findings if f.code != "evidence-file-unreadable"] == []


@pytest.mark.parametrize(
    ("typed", "file", "pages"),
    [
        ("QĐ 12/QĐ-UBND ngày 5/3/2025 (tệp: qd12.pdf, tr. 3)", "qd12.pdf", [3]),
        ("Kế hoạch 5/KH-UBND ngày 2/1/2025, tệp KH 5 UBND.pdf trang 3-4", "KH 5 UBND.pdf", [3, 4]),
        ("Báo cáo 7/BC-UBND ngày 1/2/2025 qd_05-03-2025.pdf tr 3, 7", "qd_05-03-2025.pdf", [3, 7]),
        ("Báo cáo 7/BC-UBND ngày 1/2/2025 (file: bc7.docx, tr.2)", "bc7.docx", [2]),
        ("Cổng TTĐT https://quangan.gov.vn/kh.pdf", None, []),
    ],
)
def test_the_citation_syntax_officers_type(typed, file, pages):
    ref = parse_reference(typed)
    assert (ref.file, ref.pages) == (file, pages)
    if file is not None:
        assert ref.date is not None and ref.number is not None and ref.date.year == 2025


def test_feedback_page_and_appraisal_workbook_link_each_cited_file(checked):
    root = checked[0]
    done = run(load_workspace(root), ("check", "feedback", "appraisal"))
    page = (root / "outputs" / "feedback" / "QD-QAN_phan-hoi.html").read_text(encoding="utf-8")
    table = page.split('id="evidence-files"')[1]
    assert '<a href="../../submissions/QD-QAN_minh-chung/bc3822.pdf">' in table
    assert "Trang được dẫn không có trong tệp" in table
    assert "đã kiểm tra, không thấy vấn đề" in table  # kh3825.docx
    assert "thieu.pdf</td>" in table and "chưa gửi tệp" not in table  # told by its finding
    target = next(p for p in done.outputs.get("appraisal", []) if p.suffix == ".xlsx")
    sheet = openpyxl.load_workbook(target)["QD-QAN"]
    cells = [c for row in sheet.iter_rows() for c in row if c.hyperlink is not None]
    linked = {c.hyperlink.target: c.value for c in cells if "submissions" in c.hyperlink.target}
    rel = os.path.relpath(root / "submissions", target.parent)
    text = linked[f"{rel}/QD-QAN_minh-chung/bc3822.pdf".replace("/", "\\")]
    assert "↳ bc3822.pdf (QD-QAN_minh-chung): Trang được dẫn không có trong tệp" in text


def test_a_number_is_not_found_as_the_tail_of_a_longer_one():
    from par_index.attachments import search_key
    from par_index.check.checks.attached import holds_number

    text = search_key("Số: 93832/TB-UBND ngày 22/01/2021")
    assert not holds_number(text, search_key("3832/TB-UBND"))
    assert holds_number(text, search_key("93832/tb-ubnd"))
    assert holds_number(search_key("So 3832/TB-UBND"), search_key("3832/TB-UBND"))
