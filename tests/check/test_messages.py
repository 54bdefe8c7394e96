"""Messages officers read: findings name their cell, choice lists are quoted, fix examples use
the workspace's period, a file of another period gets one error, not one per evidence line."""

from __future__ import annotations

from par_index.check.catalogue import KINDS
from par_index.workbook.template import TemplateContext
from tests.check.workspaces import MINI, cell_of, run_check, write_workspace
from tests.helpers.workbooks import good_header, good_rows, make_filled, make_unit

QAN = make_unit()


def test_every_finding_about_a_criterion_or_the_total_names_its_cell():
    for kind in KINDS.values():
        if "{criterion}" in kind.message.vi or kind.code in {"all-max", "far-above-last-year"}:
            assert "{cell}" in kind.message.vi and "{cell}" in kind.message.en, kind.code


def test_all_max_names_the_total_cell(tmp_path, mini_set):
    write_workspace(tmp_path, [QAN])
    rows = good_rows(mini_set, "xa")
    rows["1.2"].update(answer="Đúng hạn", score=1, explanation=None)
    path = make_filled(tmp_path, mini_set, QAN, rows)
    (finding,) = run_check(tmp_path).report.findings
    total = cell_of(path, "total")
    assert finding.code == "all-max" and finding.cell == total and f"ô {total}" in finding.message


def test_a_choice_list_is_quoted(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace(
        "- {label: Đúng hạn, percent: 100}", '- {label: "Đầy đủ, đúng hạn", percent: 100}'
    )
    (tmp_path / "set.yaml").write_text(text, encoding="utf-8")
    from par_index.criteria import load_criteria

    cs = load_criteria(tmp_path / "set.yaml")
    write_workspace(tmp_path / "ws", [QAN], criteria=tmp_path / "set.yaml")
    rows = good_rows(cs, "xa")
    rows["1.2"]["answer"] = "Đầy đủ"
    make_filled(tmp_path / "ws", cs, QAN, rows)
    (finding,) = [f for f in run_check(tmp_path / "ws").report.findings if f.criterion == "1.2"]
    assert "“Đầy đủ, đúng hạn”; “Trễ hạn”; “Không báo cáo”" in finding.message


def test_the_fix_example_uses_the_workspaces_period(tmp_path, mini_set):
    write_workspace(tmp_path, [QAN])
    rows = good_rows(mini_set, "xa")
    rows["1.1"]["evidence"] = "Kế hoạch CCHC năm của UBND xã Quảng An"
    make_filled(tmp_path, mini_set, QAN, rows)
    (finding,) = run_check(tmp_path).report.findings
    assert finding.code == "evidence-incomplete" and "ngày 05/01/2024" in finding.fix


def test_a_file_of_another_period_gets_one_error(tmp_path, mini_set):
    write_workspace(tmp_path, [QAN])
    rows = good_rows(mini_set, "xa", period="2023")  # last year's file, last year's documents
    ctx = TemplateContext(period="2023")
    make_filled(tmp_path, mini_set, QAN, rows, good_header("2024"), ctx)
    found = [(f.code, f.criterion) for f in run_check(tmp_path).report.findings]
    assert found == [("wrong-period", None)]
