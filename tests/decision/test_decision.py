"""The decision publishing the index (outputs/quyet-dinh.docx): the example's draft opens in
LibreOffice, prints to A4 pages in Times New Roman (or its metric twin), and its annex is the
ranking of results.json; provisional results give a draft unless the decision is made final."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.decision import DecisionConfig, build_decision, write_decision
from par_index.decision.content import COLUMNS, issue_date
from par_index.results import Results
from par_index.workspace import load_workspace
from tests.conftest import require_tool
from tests.helpers.example import copy_example

A4 = (595, 842)
TIMES_FACES = {"TimesNewRoman", "LiberationSerif"}
"""Times New Roman, or Liberation Serif: LibreOffice's metric-compatible substitute."""


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """The example after ``par-index run`` (its results are provisional: Quảng Lợi, Quảng
    Vinh)."""
    root = copy_example(tmp_path_factory.mktemp("decision") / "quang-dien-2021")
    result = CliRunner().invoke(app, ["run", str(root), "--workers", "1", "--no-feedback"])
    assert result.exit_code == 1, result.output  # the example's planted errors
    return root


def _results(root: Path) -> Results:
    return Results.model_validate_json((root / "outputs" / "results.json").read_bytes())


def _texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _annex(path: Path) -> list[list[str]]:
    """The annex table's rows below its header, read back from the .docx."""
    table = docx.Document(str(path)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == list(COLUMNS)
    return rows[1:]


def _expected_annex(results: Results, *, marked: bool) -> list[list[str]]:
    def number(value) -> str:  # the documented display rule: two decimals, half up
        return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP)}".replace(".", ",")

    return [
        [
            str(u.rank),
            u.unit.name + (" (*)" if marked and u.provisional else ""),
            number(u.possible),
            number(u.final_total),
            number(u.index),
            u.class_label or "",
        ]
        for u in results.units
        if u.rank is not None
    ]


def test_the_example_decision_is_a_draft_naming_why(example: Path) -> None:
    path = example / "outputs" / "quyet-dinh.docx"
    texts = _texts(path)
    assert texts[0].startswith("DỰ THẢO — kết quả tạm thời: ")
    assert "Xã Quảng Lợi (Chưa thẩm định xong" in texts[0]
    assert "Xã Quảng An (Hội đồng thẩm định trên tệp" in texts[0]  # re-sent after appraisal
    assert "Xã Quảng Vinh (Không nhận được hồ sơ" in texts[0]
    assert "QUYẾT ĐỊNH" in texts and "QUYẾT ĐỊNH:" in texts
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN QUẢNG ĐIỀN" in texts
    assert any(t.startswith("Căn cứ Nghị quyết số 76/NQ-CP") for t in texts)
    assert any(t.startswith("Điều 1. Công bố Chỉ số cải cách hành chính năm 2021") for t in texts)
    assert "(*) Kết quả tạm thời, có thể thay đổi khi thẩm định xong." in texts
    assert any(t.startswith("Không xếp hạng: Xã Quảng Vinh — Gửi lại biểu mẫu") for t in texts)


def test_the_annex_is_the_ranking_of_results_json(example: Path) -> None:
    results = _results(example)
    annex = _annex(example / "outputs" / "quyet-dinh.docx")
    assert annex == _expected_annex(results, marked=True)
    assert [row[0] for row in annex] == ["1", "2", "2", "4", "5", "6", "7", "8", "9", "10"]


def test_a_final_decision_only_when_asked(example: Path, tmp_path: Path) -> None:
    results = _results(example)
    config = load_workspace(example).config.decision
    draft = build_decision(results, config)
    assert draft.draft is not None
    for final in (build_decision(results, config, final=True),
                  build_decision(results, config.model_copy(update={"final": True}))):  # fmt: skip
        assert final.draft is None
        assert not any("(*)" in row.cells[1] for row in final.rows)
    path = write_decision(tmp_path / "final.docx", build_decision(results, config, final=True))
    assert not _texts(path)[0].startswith("DỰ THẢO")
    assert _annex(path) == _expected_annex(results, marked=False)


def test_the_cli_option_makes_the_decision_final(example: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(example), "--final-decision"])
    assert result.exit_code == 1, result.output
    assert "quyet-dinh.docx" in result.output
    assert not _texts(example / "outputs" / "quyet-dinh.docx")[0].startswith("DỰ THẢO")
    CliRunner().invoke(app, ["report", str(example)])  # the draft back, for the other tests
    assert _texts(example / "outputs" / "quyet-dinh.docx")[0].startswith("DỰ THẢO")


def test_results_without_pending_items_give_no_draft_mark(example: Path) -> None:
    results = _results(example)
    settled = results.model_copy(
        update={"units": [u.model_copy(update={"provisional": False}) for u in results.units]}
    )
    decision = build_decision(settled, DecisionConfig())
    assert decision.draft is None
    # the gaps par-index.yaml leaves are visible placeholders
    assert decision.issuer == ["…"] and decision.number == "Số: …/QĐ-…"
    assert decision.bases == ["Căn cứ …;", "Theo đề nghị của …."]


def test_a_ranking_by_unit_type_has_a_heading_per_type(example: Path) -> None:
    results = _results(example)
    ranked = [u for u in results.units if u.rank is not None]
    by_type = results.model_copy(update={"ranking_scope": "unit_type"})
    labels = {u.unit.unit_type: f"Loại {u.unit.unit_type}" for u in ranked}
    rows = build_decision(by_type, DecisionConfig(), group_labels=labels).rows
    headings = [row.cells[0] for row in rows if row.heading]
    assert headings == list(dict.fromkeys(labels[u.unit.unit_type] for u in ranked))
    assert [row.cells[1] for row in rows if not row.heading] == [
        u.unit.name + (" (*)" if u.provisional else "") for u in ranked
    ]


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (dt.date(2022, 2, 5), "ngày 05 tháng 02 năm 2022"),
        (dt.date(2022, 11, 15), "ngày 15 tháng 11 năm 2022"),
        (dt.date(2022, 3, 9), "ngày 09 tháng 3 năm 2022"),
        (None, "ngày … tháng … năm …"),
    ],
)
def test_dates_are_written_as_the_decree_says(date, text) -> None:
    assert issue_date(date) == text


def test_the_decision_section_is_read_from_par_index_yaml(example: Path) -> None:
    config = example / "par-index.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "  date: 2022-02-15\n  final: true\n",
        encoding="utf-8",
    )
    try:
        decision = load_workspace(example).config.decision
        assert decision.date == dt.date(2022, 2, 15) and decision.final
        assert decision.issuer == "Ủy ban nhân dân\nhuyện Quảng Điền"
    finally:
        config.write_text(
            config.read_text(encoding="utf-8").replace("  date: 2022-02-15\n  final: true\n", ""),
            encoding="utf-8",
        )


@pytest.mark.libreoffice
def test_libreoffice_prints_the_decision_on_a4_in_times(example: Path, tmp_path: Path) -> None:
    soffice = require_tool("soffice", "libreoffice")
    pdffonts = require_tool("pdffonts")
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(example / "outputs" / "quyet-dinh.docx")],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "quyet-dinh.pdf"
    pages = PdfReader(pdf).pages
    # the decision (a long draft notice may take it to a second page), the annex on its own
    assert 2 <= len(pages) <= 3
    for page in pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
    texts = [page.extract_text() for page in pages]
    decision, annex = "\n".join(texts[:-1]), texts[-1]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in decision and "Nơi nhận:" in decision
    assert "Phụ lục" in annex
    for unit in _results(example).units:
        assert unit.unit.name in annex
    listed = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True)
    faces = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]).split("-")[0]
             for line in listed.stdout.splitlines()[2:]}  # fmt: skip
    assert faces and faces <= TIMES_FACES, faces
