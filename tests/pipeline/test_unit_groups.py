"""A workspace scoring departments and communes together under one decision (``groups:``), each
group on its own set and ranked on its own; computed by hand on two small sets written here.

The department set (10 points): 1.1 yes/no 6, 1.2 levels 4 (Đúng hạn 100 %, Trễ hạn 50 %).
The commune set (10 points): 1.1 yes/no 5, 2.1 levels 5 (Tốt 100 %, Đạt 60 %). Both use the
code 1.1 for different criteria with different maxima: each file must be read and scored on
its own unit's set. Nothing is appraised, so the final scores are the self-scores:

    Sở Tư pháp   1.1 Có, 1.2 Đúng hạn   6 + 4 = 10   100 %  Tốt  rank 1 of the departments
    Sở Nội vụ    1.1 Không, 1.2 Trễ hạn 0 + 2 =  2    20 %  Yếu  rank 2 of the departments
    Phường Bình  1.1 Có, 2.1 Tốt        5 + 5 = 10   100 %  Tốt  rank 1 of the communes
    Xã An        1.1 Có, 2.1 Đạt        5 + 3 =  8    80 %  Tốt  rank 2 of the communes
    Xã Cẩm       1.1 Không, 2.1 Đạt     0 + 3 =  3    30 %  Yếu  rank 3 of the communes

Ranked together, Sở Tư pháp and Phường Bình would share rank 1, Xã An would be third and Sở
Nội vụ last of five.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from par_index.errors import ConfigError
from par_index.pipeline import run
from par_index.pipeline.templates import make_templates
from par_index.units import Unit
from par_index.whatif import parse_setting, whatif
from par_index.workbook.layout import SHEET_META
from par_index.workbook.template import TemplateContext
from par_index.workspace import load_workspace
from tests.helpers.workbooks import make_filled
from tests.report.dom import parse

SO_SET = """\
id: so-thu
title: {vi: Bộ chỉ số sở thử nghiệm, en: Test department set}
documents: [{number: "1/QĐ-THU", date: 2025-01-02, issuer: "UBND tỉnh Thử"}]
version: "1"
years: [2025]
unit_types:
  - {id: so, label: Sở}
  - {id: ban, label: Ban}
scale: 10
classification:
  bands:
    - {id: tot, label: Tốt, min: 80}
    - {id: kha, label: Khá, min: 50}
    - {id: yeu, label: Yếu, min: 0}
areas:
  - code: "1"
    title: Chỉ đạo điều hành
    max: 10
    criteria:
      - {code: "1.1", title: Ban hành kế hoạch CCHC, max: 6, rule: {kind: yes_no}}
      - code: "1.2"
        title: Báo cáo CCHC
        max: 4
        rule:
          kind: levels
          levels: [{label: Đúng hạn, percent: 100}, {label: Trễ hạn, percent: 50}]
"""
XA_SET = """\
id: xa-thu
title: {vi: Bộ chỉ số xã thử nghiệm, en: Test commune set}
documents: [{number: "2/QĐ-THU", date: 2025-01-02, issuer: "UBND tỉnh Thử"}]
version: "1"
years: [2025]
unit_types:
  - {id: xa, label: Xã}
  - {id: phuong, label: Phường}
scale: 10
classification:
  bands:
    - {id: tot, label: Tốt, min: 80}
    - {id: kha, label: Khá, min: 50}
    - {id: yeu, label: Yếu, min: 0}
areas:
  - code: "1"
    title: Công tác chỉ đạo
    max: 5
    criteria:
      - {code: "1.1", title: Kế hoạch CCHC của xã, max: 5, rule: {kind: yes_no}}
  - code: "2"
    title: Thủ tục hành chính
    max: 5
    criteria:
      - code: "2.1"
        title: Giải quyết hồ sơ
        max: 5
        rule:
          kind: levels
          levels: [{label: Tốt, percent: 100}, {label: Đạt, percent: 60}]
"""
GROUPS = """\
period: "2025"
title: "Chỉ số CCHC năm 2025 tỉnh Thử (giả định)"
groups:
  - id: so
    name: "Sở, ban, ngành"
    criteria: so-thu.yaml
  - id: xa
    name: "Xã, phường"
    criteria: xa-thu.yaml
units: units.csv
"""
UNITS = [
    Unit(code="S-TP", name="Sở Tư pháp", unit_type="so"),
    Unit(code="S-NV", name="Sở Nội vụ", unit_type="so"),
    Unit(code="X-AN", name="Xã An", unit_type="xa"),
    Unit(code="P-BI", name="Phường Bình", unit_type="phuong"),
    Unit(code="X-CA", name="Xã Cẩm", unit_type="xa"),
]
ANSWERS = {  # unit -> criterion -> (answer, self-score)
    "S-TP": {"1.1": ("Có", 6), "1.2": ("Đúng hạn", 4)},
    "S-NV": {"1.1": ("Không", 0), "1.2": ("Trễ hạn", 2)},
    "X-AN": {"1.1": ("Có", 5), "2.1": ("Đạt", 3)},
    "P-BI": {"1.1": ("Có", 5), "2.1": ("Tốt", 5)},
    "X-CA": {"1.1": ("Không", 0), "2.1": ("Đạt", 3)},
}
D = Decimal
EXPECTED = {  # unit -> (group, final total, index, class, rank within its group)
    "S-TP": ("so", D(10), D(100), "tot", 1),
    "S-NV": ("so", D(2), D(20), "yeu", 2),
    "P-BI": ("xa", D(10), D(100), "tot", 1),
    "X-AN": ("xa", D(8), D(80), "tot", 2),
    "X-CA": ("xa", D(3), D(30), "yeu", 3),
}


def _workspace(root: Path, config: str = GROUPS, units: list[Unit] = UNITS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "so-thu.yaml").write_text(SO_SET, encoding="utf-8")
    (root / "xa-thu.yaml").write_text(XA_SET, encoding="utf-8")
    (root / "par-index.yaml").write_text(config, encoding="utf-8")
    lines = ["code,name,unit_type"] + [f"{u.code},{u.name},{u.unit_type}" for u in units]
    (root / "units.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _fill(root: Path) -> None:
    """Each unit's real workbook, made from its group's set and filled as an officer would."""
    from par_index.criteria import load_criteria

    sets = {"so": load_criteria(root / "so-thu.yaml"), "xa": load_criteria(root / "xa-thu.yaml")}
    for unit in UNITS:
        cs = sets["so" if unit.unit_type == "so" else "xa"]
        rows = {
            code: {"answer": answer, "score": score}
            for code, (answer, score) in ANSWERS[unit.code].items()
        }
        make_filled(root, cs, unit, rows, ctx=TemplateContext(period="2025"))


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> Path:
    root = _workspace(tmp_path_factory.mktemp("groups") / "tinh-thu")
    _fill(root)
    run(load_workspace(root), workers=1)
    return root


def _results(root: Path) -> dict:
    return json.loads((root / "outputs" / "results.json").read_text(encoding="utf-8"))


def test_each_group_is_scored_on_its_set_and_ranked_on_its_own(scored: Path):
    results = _results(scored)
    got = {
        u["unit"]["code"]: (
            u["set_group"],
            Decimal(u["final_total"]),
            Decimal(u["index"]),
            u["class_id"],
            u["rank"],
        )
        for u in results["units"]
    }
    assert got == EXPECTED
    # listed group by group, each in its own ranking order
    assert [u["unit"]["code"] for u in results["units"]] == ["S-TP", "S-NV", "P-BI", "X-AN", "X-CA"]
    # the last of each group is last of its group, not of all five
    bottom = {u["unit"]["code"]: u["rank_from_bottom"] for u in results["units"]}
    assert bottom["S-NV"] == 1 and bottom["X-CA"] == 1 and bottom["X-AN"] == 2


def test_results_name_the_sets_used(scored: Path):
    results = _results(scored)
    assert [(g["id"], g["name"], g["criteria_id"]) for g in results["groups"]] == [
        ("so", "Sở, ban, ngành", "so-thu"),
        ("xa", "Xã, phường", "xa-thu"),
    ]
    assert results["criteria_id"] == "so-thu+xa-thu"
    by_code = {u["unit"]["code"]: u for u in results["units"]}
    assert {c["code"]: c["possible"] for c in by_code["S-TP"]["criteria"]} == {
        "1.1": "6.0000",
        "1.2": "4.0000",
    }
    assert {c["code"]: c["possible"] for c in by_code["X-AN"]["criteria"]} == {
        "1.1": "5.0000",
        "2.1": "5.0000",
    }


def test_one_report_has_a_ranking_and_a_matrix_per_group(scored: Path):
    dom = parse((scored / "outputs" / "report.html").read_text(encoding="utf-8"))
    first, second = dom.by_id("ranking-table-1"), dom.by_id("ranking-table-2")
    # the rank, without its simulated interval ("1 (1–2)")
    assert [(r[0].split()[0], r[1].split()[0:2]) for r in first.rows()] == [
        ("1", ["Sở", "Tư"]),
        ("2", ["Sở", "Nội"]),
    ]
    assert [r[0].split()[0] for r in second.rows()] == ["1", "2", "3"]
    assert "Phường Bình" in second.rows()[0][1] and "Xã Cẩm" in second.rows()[2][1]
    assert "Sở, ban, ngành" in dom.by_id("group-so-thu").text
    assert "Xã, phường" in dom.by_id("group-xa-thu").text
    heads = [th.text for th in dom.by_id("area-matrix-2").find("thead").find_all("th")]
    assert heads == ["Đơn vị", "1. Công tác chỉ đạo", "2. Thủ tục hành chính"]
    heads = [th.text for th in dom.by_id("area-matrix-1").find("thead").find_all("th")]
    assert heads == ["Đơn vị", "1. Chỉ đạo điều hành"]
    assert not dom.find_all(id="ranking-table")  # no ranking of all units together


def test_excel_report_and_decision_annex_per_group(scored: Path):
    book = openpyxl.load_workbook(scored / "outputs" / "report.xlsx", read_only=True)
    rankings = [name for name in book.sheetnames if name.startswith("Xếp hạng")]
    assert len(rankings) == 2 and "Sở, ban, ngành" in rankings[0] and "Xã, phường" in rankings[1]
    from docx import Document

    from par_index.decision.content import COLUMNS

    doc = Document(str(scored / "outputs" / "quyet-dinh.docx"))
    annex = [t for t in doc.tables if tuple(c.text for c in t.rows[0].cells) == COLUMNS]
    names = [[row.cells[1].text.removesuffix(" (*)") for row in t.rows[1:]] for t in annex]
    assert names == [["Sở Tư pháp", "Sở Nội vụ"], ["Phường Bình", "Xã An", "Xã Cẩm"]]
    ranks = [[row.cells[0].text for row in t.rows[1:]] for t in annex]
    assert ranks == [["1", "2"], ["1", "2", "3"]]
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("Sở, ban, ngành") < texts.index("Xã, phường")


def test_the_report_step_alone_renders_the_groups_again(scored: Path):
    """``par-index report`` reads results.json back and renders a section per group again."""
    (scored / "outputs" / "report.html").unlink()
    run(load_workspace(scored), ("report",))
    dom = parse((scored / "outputs" / "report.html").read_text(encoding="utf-8"))
    assert len(dom.by_id("ranking-table-1").rows()) == 2
    assert len(dom.by_id("ranking-table-2").rows()) == 3


def test_whatif_scores_a_unit_on_its_groups_set(scored: Path):
    """Supposing the council gives Sở Nội vụ full points on 1.1 (max 6 in the department set):
    8 of 10, 80 %, Tốt; it overtakes no commune, only its group is re-ranked."""
    outcome = run(load_workspace(scored), ("check", "score"), workers=1, write=False)
    assert outcome.checked is not None
    after = whatif(outcome.inputs, outcome.checked, [parse_setting("S-NV:1.1=6")])
    got = {u.unit.code: (u.index, u.class_id, u.rank) for u in after.units}
    assert got["S-NV"] == (D(80), "tot", 2)
    assert got["X-AN"] == (D(80), "tot", 2)


def test_read_command_reads_each_workbook_on_the_set_it_names(scored: Path):
    from typer.testing import CliRunner

    from par_index.cli.app import app

    files = sorted(str(p) for p in (scored / "submissions").glob("*.xlsx"))
    result = CliRunner().invoke(app, ["read", *files])
    assert result.exit_code == 0, result.output
    assert "Sở Tư pháp (S-TP), kỳ 2025, 2 tiêu chí, tổng tự chấm 10" in result.output
    assert "Xã An (X-AN), kỳ 2025, 2 tiêu chí, tổng tự chấm 8" in result.output


def test_a_workbook_made_from_the_other_groups_set_is_named(tmp_path: Path):
    root = _workspace(tmp_path / "ws", units=UNITS[:3])
    from par_index.criteria import load_criteria

    xa = load_criteria(root / "xa-thu.yaml")
    wrong = Unit(code="S-TP", name="Sở Tư pháp", unit_type="xa")  # a commune's form
    make_filled(root, xa, wrong, {"1.1": {"answer": "Có", "score": 5}},
                ctx=TemplateContext(period="2025"))  # fmt: skip
    outcome = run(load_workspace(root), ("check",), workers=1)
    found = [f for f in outcome.report.findings if f.unit == "S-TP"]
    assert [f.code for f in found] == ["template-mismatch"]
    assert "xa-thu" in found[0].message and "so-thu" in found[0].message


def test_templates_are_made_from_each_units_group_set(tmp_path: Path):
    root = _workspace(tmp_path / "ws")
    made = make_templates(load_workspace(root))
    sets = {}
    for unit, path in made:
        meta = openpyxl.load_workbook(path, read_only=True)[SHEET_META]
        values = {row[0]: row[1] for row in meta.iter_rows(values_only=True) if row and row[0]}
        sets[unit.code] = (values["criteria_id"], values["unit_type"])
    assert sets == {
        "S-TP": ("so-thu", "so"),
        "S-NV": ("so-thu", "so"),
        "X-AN": ("xa-thu", "xa"),
        "P-BI": ("xa-thu", "phuong"),
        "X-CA": ("xa-thu", "xa"),
    }


# -- refusals ------------------------------------------------------------------------------------
def _refused(root: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        run(load_workspace(root), ("check",), workers=1)
    return caught.value.render("vi")


def test_criteria_and_groups_together_are_refused(tmp_path: Path):
    root = _workspace(tmp_path / "ws", GROUPS.replace("units: units.csv", "criteria: xa-2025"))
    message = _refused(root)
    assert f"{root / 'par-index.yaml'}:3:" in message
    assert "criteria" in message and "groups" in message


def test_a_unit_type_in_two_sets_is_refused(tmp_path: Path):
    config = GROUPS + "  - id: xa2\n    name: Phường\n    criteria: xa-thu.yaml\n"
    config = config.replace("units: units.csv\n", "") + "units: units.csv\n"
    root = _workspace(tmp_path / "ws", config)
    message = _refused(root)
    assert f"{root / 'par-index.yaml'}:12:" in message, message
    assert "“xa”" in message and "Xã, phường" in message and "Phường" in message


def test_a_unit_type_in_no_set_is_refused(tmp_path: Path):
    units = [*UNITS, Unit(code="T-DK", name="Đặc khu Côn Đảo", unit_type="dac_khu")]
    root = _workspace(tmp_path / "ws", units=units)
    message = _refused(root)
    assert f"{root / 'units.csv'}:7:" in message
    assert "dac_khu" in message and "so, ban, xa, phuong" in message


def test_a_group_id_used_twice_is_refused(tmp_path: Path):
    config = GROUPS.replace("id: xa", "id: so")
    root = _workspace(tmp_path / "ws", config)
    with pytest.raises(ConfigError) as caught:
        load_workspace(root)
    assert f"{root / 'par-index.yaml'}:7:" in caught.value.render("vi")


def test_no_set_at_all_is_refused(tmp_path: Path):
    root = _workspace(tmp_path / "ws", 'period: "2025"\nunits: units.csv\n')
    with pytest.raises(ConfigError) as caught:
        load_workspace(root)
    assert "criteria" in caught.value.render("vi")
