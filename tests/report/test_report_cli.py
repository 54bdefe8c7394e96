"""``par-index report WORKSPACE``: reads results.json and check.json, writes both reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from par_index.check.finding import Report
from par_index.cli.app import app
from par_index.criteria.model import CriteriaSet
from par_index.errors import InputFileError
from par_index.i18n import use_lang
from par_index.results import Results
from report.dom import parse
from report.report_district import UNITS, build_district

DATA = Path(__file__).parents[1] / "data"
CONFIG = """\
period: "2021"
criteria: mini.yaml
title: "Chỉ số CCHC năm 2021 các xã, thị trấn huyện Quảng Điền (dữ liệu tổng hợp)"
producer: "Phòng Nội vụ huyện Quảng Điền"
"""


@pytest.fixture
def workspace(tmp_path: Path, mini_set: CriteriaSet) -> tuple[Path, Results, Report]:
    root = tmp_path / "quang-dien"
    (root / "outputs").mkdir(parents=True)
    (root / "par-index.yaml").write_text(CONFIG, encoding="utf-8")
    shutil.copy(DATA / "mini.yaml", root / "mini.yaml")
    results, report = build_district(mini_set)
    (root / "outputs" / "results.json").write_text(results.model_dump_json(), encoding="utf-8")
    (root / "outputs" / "check.json").write_text(report.model_dump_json(), encoding="utf-8")
    return root, results, report


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=True)


def test_report_writes_html_and_excel_and_says_where(workspace) -> None:
    root, results, report = workspace
    result = run("report", str(root))
    assert result.exit_code == 1, result.output  # the example plants errors
    html = root / "outputs" / "report.html"
    excel = root / "outputs" / "report.xlsx"
    assert str(html) in result.output.replace("\n", "") and "report.xlsx" in result.output
    dom = parse(html.read_text(encoding="utf-8"))
    assert (
        dom.find("h1").text
        == "Chỉ số CCHC năm 2021 các xã, thị trấn huyện Quảng Điền (dữ liệu tổng hợp)"
    )
    assert "Phòng Nội vụ huyện Quảng Điền" in dom.by_id("cover").text
    assert len(dom.find_all("article", cls="unit-page")) == len(UNITS)
    counts = [r[-1] for r in dom.by_id("ranking-table").rows()]
    assert [int(c) for c in counts] == [len(report.for_unit(u.unit.code)) for u in results.units]
    wb = openpyxl.load_workbook(excel, read_only=True)
    assert len(wb.sheetnames) == 6 + len(UNITS)


def test_without_check_json_counts_come_from_the_results(workspace) -> None:
    root, results, _ = workspace
    (root / "outputs" / "check.json").unlink()
    assert run("report", str(root)).exit_code == 1  # the example plants errors
    dom = parse((root / "outputs" / "report.html").read_text(encoding="utf-8"))
    counts = [int(r[-1]) for r in dom.by_id("ranking-table").rows()]
    assert counts == [sum(u.findings.values()) for u in results.units]
    assert dom.by_id("quality").find("p").text == "Không có phát hiện nào."
    assert not dom.find_all("table", id="findings-by-code")


def test_english_from_the_global_option(workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    root, _, _ = workspace
    monkeypatch.setenv("PAR_INDEX_LANG", "vi")  # --lang wins over the environment
    try:
        result = run("--lang", "en", "report", str(root))
    finally:
        use_lang(None)
    assert result.exit_code == 1, result.output  # the example plants errors
    assert "Report of 11 unit(s) written" in result.output
    dom = parse((root / "outputs" / "report.html").read_text(encoding="utf-8"))
    assert dom.find("html").attrs["lang"] == "en"
    assert dom.by_id("ranking").find("h2").text == "Ranking"


def test_workspace_language_applies_when_none_is_chosen(
    workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _, _ = workspace
    monkeypatch.delenv("PAR_INDEX_LANG", raising=False)
    config = root / "par-index.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    assert run("report", str(root)).exit_code == 1  # the example plants errors
    dom = parse((root / "outputs" / "report.html").read_text(encoding="utf-8"))
    assert dom.find("html").attrs["lang"] == "en"


def test_missing_results_says_to_score_first(workspace) -> None:
    root, _, _ = workspace
    (root / "outputs" / "results.json").unlink()
    result = run("report", str(root))
    assert isinstance(result.exception, InputFileError)
    assert result.exception.code == "cli.report.no-results"
    assert "par-index score" in result.exception.render()


def test_broken_check_json_names_the_file_and_the_fix(workspace) -> None:
    root, _, _ = workspace
    (root / "outputs" / "check.json").write_text('{"findings": 3}', encoding="utf-8")
    result = run("report", str(root))
    assert isinstance(result.exception, InputFileError)
    assert result.exception.code == "cli.report.bad-json"
    message = result.exception.render()
    assert "check.json" in message and "par-index check" in message and "findings" in message
