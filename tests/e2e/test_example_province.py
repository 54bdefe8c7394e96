"""The second example, a province's 2025 campaign (tỉnh Minh Sơn, imaginary): departments on
so-2025 and communes on xa-2025 under one decision, run end to end on a copy."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from par_index.check.finding import Report
from par_index.cli.app import app
from par_index.results import Results
from tests.helpers.example import copy_example
from tests.report.dom import parse

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "tinh-2025"


def _generator():
    spec = importlib.util.spec_from_file_location("make_province", EXAMPLE / "make_example.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("province") / "tinh-2025", EXAMPLE)
    result = CliRunner().invoke(app, ["run", str(root), "--workers", "1"])
    assert result.exit_code == 1, result.output  # the planted errors block publication
    return root


def _results(root: Path) -> Results:
    return Results.model_validate_json((root / "outputs" / "results.json").read_bytes())


def test_ranking_and_findings_are_the_expected_ones(ran: Path):
    generator = _generator()
    report = Report.model_validate_json((ran / "outputs" / "check.json").read_bytes())
    ranking = generator.ranking_rows(_results(ran))
    assert ranking == _read_csv(EXAMPLE / "expected" / "ranking.csv")
    assert generator.finding_rows(report) == _read_csv(EXAMPLE / "expected" / "findings.csv")


def test_departments_and_communes_are_ranked_apart(ran: Path):
    results = _results(ran)
    assert [(g.id, g.criteria_id) for g in results.groups] == [("so", "so-2025"), ("xa", "xa-2025")]
    ranks: dict[str, list[int]] = {}
    for unit in results.units:
        assert (unit.set_group == "so") == (unit.unit.unit_type == "so")
        if unit.rank is not None:
            ranks.setdefault(unit.set_group or "", []).append(unit.rank)
    assert ranks == {"so": [1, 2, 3, 4, 5, 6], "xa": list(range(1, 13))}
    types = {u.unit.unit_type for u in results.units if u.set_group == "xa"}
    assert types == {"xa", "phuong", "dac_khu"}


def test_the_one_report_has_a_section_per_group(ran: Path):
    html = (ran / "outputs" / "report.html").read_text(encoding="utf-8")
    assert "tỉnh Minh Sơn (giả định)" in html
    dom = parse(html)
    departments, communes = dom.by_id("ranking-table-1"), dom.by_id("ranking-table-2")
    assert len(departments.rows()) == 6 and len(communes.rows()) == 12
    assert "Sở Tư pháp" in departments.rows()[0][1]
    assert "Phường Minh Sơn" in communes.rows()[0][1]
    assert "Sở, ban, ngành" in dom.by_id("group-so-2025").text
    assert "Xã, phường, đặc khu" in dom.by_id("group-xa-2025").text
    book = openpyxl.load_workbook(ran / "outputs" / "report.xlsx", read_only=True)
    assert sum(name.startswith("Xếp hạng") for name in book.sheetnames) == 2


def test_the_status_section_names_each_units_group(ran: Path):
    html = (ran / "outputs" / "report.html").read_text(encoding="utf-8")
    table = parse(html).by_id("status").find("table", id="status-table")
    assert [th.text for th in table.find_all("th")][:2] == ["Đơn vị", "Khối"]
    groups = {row[0]: row[1] for row in table.rows()}
    results = _results(ran)
    assert len(groups) == len(results.units)
    names = {"so": "Sở, ban, ngành", "xa": "Xã, phường, đặc khu"}
    assert groups == {u.unit.name: names[u.set_group or ""] for u in results.units}


def test_a_commune_that_sent_the_department_form_is_told(ran: Path):
    report = Report.model_validate_json((ran / "outputs" / "check.json").read_bytes())
    (finding,) = [f for f in report.findings if f.unit == "MS-XEA"]
    assert finding.code == "template-mismatch"
    assert "so-2025" in finding.message and "xa-2025" in finding.message


def test_every_planted_weakness_is_found(ran: Path):
    report = Report.model_validate_json((ran / "outputs" / "check.json").read_bytes())
    found = {(f.unit, f.code) for f in report.findings}
    scenario = _generator().load_yaml(EXAMPLE / "scenario.yaml").data
    for code, spec in scenario["units"].items():
        for plant in spec.get("plant", []):
            assert (code, plant["expect"]) in found, (code, plant["expect"])


def test_results_json_names_each_units_group(ran: Path):
    data = json.loads((ran / "outputs" / "results.json").read_text(encoding="utf-8"))
    assert {u["set_group"] for u in data["units"]} == {"so", "xa"}
    assert data["schema_version"] == 2


def test_the_generator_reproduces_the_committed_example(tmp_path: Path):
    """Fails when the template format changed and the example was not regenerated."""
    root = tmp_path / "tinh-2025"
    root.mkdir()
    for name in ("par-index.yaml", "units.csv", "scenario.yaml"):
        shutil.copy2(EXAMPLE / name, root / name)
    _generator().main(root)
    for folder in ("submissions", "appraisal", "survey"):
        made = {p.name: _sha(p) for p in (root / folder).iterdir()}
        committed = {p.name: _sha(p) for p in (EXAMPLE / folder).iterdir()}
        assert made == committed, f"run make_example.py: {folder}/ is out of date"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): _sha(p) for p in sorted(root.rglob("*")) if p.is_file()}


def test_whatif_ranks_within_each_group_and_writes_nothing(ran: Path):
    """Xã Tân Lập given 1.5's full point (0.5 → 1) passes three communes; no department moves."""
    before = _tree(ran)
    result = CliRunner().invoke(
        app, ["whatif", str(ran), "--set", "MS-XTL:1.5=1"], env={"COLUMNS": "220"}
    )
    assert result.exit_code == 1, result.output  # the planted errors still block publication
    assert _tree(ran) == before
    lines = result.output.splitlines()
    titles = [line for line in lines if line.startswith("Chỉ số CCHC 2025 — ")]
    assert [t.split(":")[0] for t in titles] == [
        "Chỉ số CCHC 2025 — Sở, ban, ngành",
        "Chỉ số CCHC 2025 — Xã, phường, đặc khu",
    ]
    assert "(6 đơn vị, xếp hạng trong khối)" in titles[0]
    assert "(12 đơn vị, xếp hạng trong khối)" in titles[1]
    table_of = {}
    for line in lines:
        if line.startswith("Chỉ số CCHC"):
            current = line
        elif line.startswith("│"):
            cells = [c.strip() for c in line.split("│")[1:3]]
            table_of[cells[1]] = (current is titles[1], cells[0])
    assert table_of["Sở Tư pháp"] == (False, "1")
    assert table_of["Xã Tân Lập"] == (True, "6")
    changed = lines[lines.index("Thay đổi so với hiện tại:") + 1 :]
    assert changed == [  # in the new ranking's order
        "  Xã Tân Lập: hạng 9 → 6",
        "  Phường Bắc Sơn: hạng 6 → 7",
        "  Xã Quyết Thắng: hạng 7 → 8",
        "  Xã Yên Thủy: hạng 8 → 9",
    ]


def test_status_follows_every_unit_of_both_groups(tmp_path: Path):
    root = copy_example(tmp_path / "tinh-2025", EXAMPLE)
    runner = CliRunner()
    args = ["status", str(root), "--as-of", "2025-12-27"]
    shown = runner.invoke(app, [*args, "--json"])
    assert shown.exit_code == 0, shown.output
    units = {u["code"]: u for u in json.loads(shown.output)["units"]}
    codes = [row[0] for row in _read_csv(root / "units.csv")[1:]]
    assert list(units) == codes
    phases = {u["code"]: {p["phase"]: p for p in u["phases"]} for u in units.values()}
    # Sở Y tế and Xã Ea Tân were still not appraised in round 1 two days after its deadline
    late = {code for code, p in phases.items() if p["round_1"]["days_left"] == -2}
    assert late == {"MS-SYT", "MS-XEA"}
    written = runner.invoke(app, [*args, "--reminders", "-"])
    assert written.exit_code == 0, written.output
    reminders = _read_csv(root / "outputs" / "nhac-viec.csv")
    reminded = {row[0] for row in reminders[1:]}
    assert {"MS-STP", "MS-PMS", "MS-DHN"} <= reminded
    assert "Sở Tư pháp: đề nghị đơn vị gửi phiếu giải trình" in next(
        row[6] for row in reminders if row[0] == "MS-STP"
    )


def _sheet(book, name: str) -> list[tuple]:
    return [row for row in book[name].iter_rows(values_only=True) if row and any(row)]


def _body_rows(body) -> list[list[str]]:
    return [
        [cell.text for cell in row.children if hasattr(cell, "text")] for row in body.find_all("tr")
    ]


def test_report_tables_beyond_the_ranking_never_mix_the_groups(ran: Path):
    results = _results(ran)
    names = {"so": "Sở, ban, ngành", "xa": "Xã, phường, đặc khu"}
    block = {u.unit.name: names[u.set_group or ""] for u in results.units}
    dom = parse((ran / "outputs" / "report.html").read_text(encoding="utf-8"))
    # the staff consequences and the findings by unit: a group column beside each unit
    for table_id in ("staff-table", "findings-by-unit"):
        table = dom.by_id(table_id)
        assert [th.text for th in table.find_all("th")][:2] == ["Đơn vị", "Khối"]
        assert {row[0]: row[1] for row in table.rows()} == block
    # the inflation ranking: a part per group under its name, each ranked from 1 within it
    for index, group in enumerate(("so", "xa"), start=1):
        heading, *rows = _body_rows(dom.by_id(f"inflation-{index}"))
        assert heading == [names[group]]
        assert {block[row[1]] for row in rows} == {names[group]}
        assert rows[0][0] == "1" and rows[1][0] == "2"
    assert _body_rows(dom.by_id("inflation-2"))[1][1] == "Xã Tân Lập"
    # the findings by kind: counted within each group
    by_code = {(row[0], row[2]): int(row[4]) for row in dom.by_id("findings-by-code").rows()}
    assert by_code[("Sở, ban, ngành", "score-above-max")] == 1
    assert by_code[("Xã, phường, đặc khu", "template-mismatch")] == 1
    assert ("Sở, ban, ngành", "template-mismatch") not in by_code
    # the cover's index figures: each group's, never one average over both
    stats = dom.by_id("cover").text
    assert "Chỉ số bình quân — Sở, ban, ngành" in stats
    assert "Chỉ số bình quân — Xã, phường, đặc khu" in stats
    assert "Hạng 1/6" in dom.by_id("unit-ms-stp").text
    assert "Hạng 1/12" in dom.by_id("unit-ms-pms").text
    book = openpyxl.load_workbook(ran / "outputs" / "report.xlsx", read_only=True)
    staff = _sheet(book, "Người đứng đầu - thi đua")
    assert staff[0][:3] == ("Mã", "Đơn vị", "Khối")
    assert {row[1]: row[2] for row in staff[1:]} == block
    quality = _sheet(book, "Chất lượng tự chấm")
    assert quality[0][:2] == ("Khối", "Mã")
    assert ("Xã, phường, đặc khu", "template-mismatch") in {row[:2] for row in quality[1:]}
    findings = _sheet(book, "Phát hiện")
    assert findings[0][2] == "Khối"
    assert {row[2] for row in findings[1:]} == set(names.values())
    assert all(row[2] == block[row[1]] for row in findings[1:])
