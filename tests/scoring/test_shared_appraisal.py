"""Appraisal shared among bodies on the example district: a workbook per body written, filled
with openpyxl as each body would, read back and merged; a criterion scored by two bodies and
one scored by none reported; each body's progress; a workspace without bodies unchanged."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from par_index.appraisal import Status, write_appraisal_workbook
from par_index.appraisal.bodies import plan, progress
from par_index.appraisal.model import COL, HEADER_ROW, LABEL_BODY_ID, LABEL_STATUS
from par_index.appraisal.read import read_appraisal_sheets
from par_index.errors import ConfigError
from par_index.pipeline import load_inputs, run
from par_index.pipeline.names import appraisal_workbook, appraisal_workbooks
from par_index.workspace import load_workspace
from tests.helpers.example import copy_example

BODIES = """
appraisal:
  bodies:
    - {id: stp, name: "Phòng Tư pháp", areas: ["2"]}
    - {id: vhtt, name: "Phòng Văn hóa - Thông tin", criteria: ["6.1"]}
"""
UNIT = "QD-SIA"


@pytest.fixture()
def ws(tmp_path):
    root = copy_example(tmp_path / "ex")
    for old in (root / "appraisal").glob("*.xlsx"):
        old.unlink()
    with (root / "par-index.yaml").open("a", encoding="utf-8") as f:
        f.write(BODIES)
    workspace = load_workspace(root)
    run(workspace, ("check", "appraisal"))
    return workspace


def codes_in(sheet) -> dict[str, int]:
    return {
        str(row[0].value): row[0].row
        for row in sheet.iter_rows(min_row=HEADER_ROW + 2)
        if row[0].value is not None
    }


def fill(path, unit: str, scores: dict[str, object], status: Status = Status.ROUND_1) -> None:
    """A body appraises a unit: scores (with a note) and the status."""
    wb = openpyxl.load_workbook(path)
    sheet = wb[unit]
    rows = codes_in(sheet)
    for code, value in scores.items():
        sheet.cell(rows[code], COL["round_1"] + 1).value = value
        sheet.cell(rows[code], COL["note_1"] + 1).value = "Hồ sơ chưa đủ"
    for row in sheet.iter_rows(max_row=HEADER_ROW):
        if row[0].value == f"{LABEL_STATUS}:":
            sheet.cell(row[0].row, 3).value = status.value
    wb.save(path)


def leaf_of(ws, body: str) -> str:
    cs = load_inputs(ws, scoring=False).cs
    the_plan = plan(cs, ws.config.appraisal)
    assert the_plan is not None
    return sorted(the_plan.codes(body))[0]


def test_a_workbook_per_body_holding_its_criteria(ws):
    inputs = load_inputs(ws, scoring=False)
    the_plan = plan(inputs.cs, ws.config.appraisal)
    assert the_plan is not None
    paths = [p for p, _b in appraisal_workbooks(ws, the_plan)]
    assert [p.name for p in paths] == [
        "tham-dinh-2021-stp.xlsx", "tham-dinh-2021-vhtt.xlsx", "tham-dinh-2021-noi-vu.xlsx"
    ]  # fmt: skip
    assert all(p.is_file() for p in paths)
    assert not appraisal_workbook(ws).exists()
    stp = openpyxl.load_workbook(paths[0])[UNIT]
    codes = set(codes_in(stp))
    assert codes and all(c == "2" or c.startswith("2.") for c in codes)
    vhtt = set(codes_in(openpyxl.load_workbook(paths[1])[UNIT]))
    assert {c for c in vhtt if "." in c and c.count(".") >= 1} >= the_plan.codes("vhtt") & vhtt
    assert all(c in ("6", "6.1") or c.startswith("6.1.") for c in vhtt)
    rest = set(codes_in(openpyxl.load_workbook(paths[2])[UNIT]))
    assert not rest & the_plan.codes("stp") and not rest & the_plan.codes("vhtt")
    labels = [row[5].value for row in stp.iter_rows(max_row=HEADER_ROW) if len(row) > 5]
    assert f"{LABEL_BODY_ID}:" in labels
    assert stp.protection.sheet is True


def test_bodies_sheets_merge_into_one_appraisal(ws):
    stp, vhtt, rest = (appraisal_workbook(ws, b) for b in ("stp", "vhtt", "noi-vu"))
    code = leaf_of(ws, "stp")
    fill(stp, UNIT, {code: 0})
    fill(vhtt, UNIT, {})
    fill(rest, UNIT, {})

    inputs = load_inputs(ws)

    merged = inputs.appraisals[UNIT]
    assert merged.complete and merged.gaps == []
    assert merged.entries[code].round_1 == Decimal(0)
    assert "Phòng Tư pháp" in (merged.entries[code].by_1 or "")
    ours = [p for p in inputs.problems if p.unit == UNIT]
    assert {p.code for p in ours} <= {"appraisal.missing-score"}  # appraiser-only rows blank
    results = run(ws, ("check", "score")).results
    assert results is not None
    unit = next(u for u in results.units if u.unit.code == UNIT)
    row = next(c for c in unit.criteria if c.code == code)
    assert row.final == Decimal(0)
    assert row.changes and "Phòng Tư pháp" in row.changes[0].by


def test_a_criterion_scored_by_two_bodies_is_an_error_showing_both(ws):
    stp, rest = appraisal_workbook(ws, "stp"), appraisal_workbook(ws, "noi-vu")
    code = leaf_of(ws, "stp")
    fill(stp, UNIT, {code: 0})
    fill(rest, UNIT, {})
    inputs = load_inputs(ws, scoring=False)
    old = appraisal_workbook(ws)  # the whole council's workbook, left in the folder
    write_appraisal_workbook(old, inputs.cs, inputs.units, {}, period="2021")
    fill(old, UNIT, {code: 1})

    problems = [p for p in load_inputs(ws).problems if p.code == "appraisal.body-conflict"]

    [conflict] = problems
    assert (conflict.unit, conflict.criterion, conflict.severity) == (UNIT, code, "error")
    assert "Phòng Tư pháp" in conflict.message and old.name in conflict.message
    assert ": 0" in conflict.message and ": 1" in conflict.message
    assert load_inputs(ws).appraisals[UNIT].entries[code].round_1 == Decimal(0)  # assigned


def test_a_criterion_scored_by_none_is_a_warning_and_provisional(ws):
    fill(appraisal_workbook(ws, "stp"), UNIT, {})
    fill(appraisal_workbook(ws, "noi-vu"), UNIT, {})
    appraisal_workbook(ws, "vhtt").unlink()  # the culture office has not returned its book

    inputs = load_inputs(ws)

    the_plan = plan(inputs.cs, ws.config.appraisal)
    assert the_plan is not None
    gaps = [p for p in inputs.problems if p.code == "appraisal.body-gap" and p.unit == UNIT]
    assert gaps and all(p.severity == "warning" for p in gaps)
    assert {p.criterion for p in gaps} <= the_plan.codes("vhtt")
    assert "Phòng Văn hóa - Thông tin" in gaps[0].message
    merged = inputs.appraisals[UNIT]
    assert set(merged.gaps) == {p.criterion for p in gaps}
    results = run(ws, ("check", "score")).results
    assert results is not None
    unit = next(u for u in results.units if u.unit.code == UNIT)
    row = next(c for c in unit.criteria if c.code == merged.gaps[0])
    assert row.provisional and unit.provisional


def test_each_bodys_progress(ws):
    stp = appraisal_workbook(ws, "stp")
    fill(stp, UNIT, {})  # marked appraised: every row counts
    code = leaf_of(ws, "vhtt")
    fill(appraisal_workbook(ws, "vhtt"), UNIT, {code: 0}, Status.NONE)
    inputs = load_inputs(ws, scoring=False)
    the_plan = plan(inputs.cs, ws.config.appraisal)
    assert the_plan is not None
    sheets = read_appraisal_sheets(ws.path("appraisal"), inputs.cs, inputs.units, the_plan)

    shown = {p.id: p for p in progress(inputs.cs, inputs.units, sheets, the_plan)}

    assert list(shown) == ["stp", "vhtt", "noi-vu"]
    unit = next(u for u in inputs.units if u.code == UNIT)
    from par_index.appraisal.model import scored_rows

    mine = [
        c for _s, c in scored_rows(inputs.cs, unit.unit_type) if c.code in the_plan.codes("stp")
    ]
    assert shown["stp"].filled == len(mine) and shown["stp"].units_done == 1
    assert shown["vhtt"].filled == 1 and shown["vhtt"].units_done == 0
    assert shown["noi-vu"].filled == 0 and shown["noi-vu"].total > shown["stp"].total
    assert 0 < shown["stp"].share < 1


def test_a_code_not_in_the_set_or_given_twice_is_refused(ws):
    cs = load_inputs(ws, scoring=False).cs
    from par_index.appraisal.bodies import AppraisalConfig

    unknown = AppraisalConfig.model_validate(
        {"bodies": [{"id": "x", "name": "X", "areas": ["99"]}]}
    )
    with pytest.raises(ConfigError) as caught:
        plan(cs, unknown)
    assert "'99'" in str(caught.value)
    twice = AppraisalConfig.model_validate({"bodies": [
        {"id": "a", "name": "A", "criteria": ["6.1"]}, {"id": "b", "name": "B", "criteria": ["6.1"]}
    ]})  # fmt: skip
    with pytest.raises(ConfigError):
        plan(cs, twice)
    with pytest.raises(ValueError):
        AppraisalConfig.model_validate({"bodies": [{"id": "noi-vu", "name": "Trùng"}]})


def test_without_bodies_one_workbook_as_before(tmp_path):
    ws = load_workspace(copy_example(tmp_path / "plain"))
    inputs = load_inputs(ws)
    assert plan(inputs.cs, ws.config.appraisal) is None
    assert appraisal_workbooks(ws, None) == [(appraisal_workbook(ws), None)]
    assert all(a.body is None and a.gaps == [] for a in inputs.appraisals.values())
    assert not any(p.code.startswith("appraisal.body") for p in inputs.problems)


def test_status_shows_each_bodys_progress_and_a_unit_appraised_once_every_body_marked(ws):
    import json

    from typer.testing import CliRunner

    from par_index.cli.app import app

    def status() -> dict:
        out = CliRunner().invoke(app, ["status", str(ws.root), "--json", "--as-of", "2022-03-01"])
        assert out.exit_code == 0, out.output
        return json.loads(out.stdout)

    def round_1_of(shown: dict) -> bool:
        unit = next(u for u in shown["units"] if u["code"] == UNIT)
        return next(p for p in unit["phases"] if p["phase"] == "round_1")["done"]

    fill(appraisal_workbook(ws, "stp"), UNIT, {})
    before = status()
    assert [b["id"] for b in before["bodies"]] == ["stp", "vhtt", "noi-vu"]
    assert before["bodies"][0]["units_done"] == 1 and before["bodies"][1]["units_done"] == 0
    assert not round_1_of(before)  # two bodies have not marked the unit's sheet yet

    fill(appraisal_workbook(ws, "vhtt"), UNIT, {})
    fill(appraisal_workbook(ws, "noi-vu"), UNIT, {})
    after = status()
    assert all(b["units_done"] == 1 for b in after["bodies"])
    assert round_1_of(after)
    table = CliRunner().invoke(app, ["status", str(ws.root), "--as-of", "2022-03-01"])
    assert "Phòng Tư pháp" in table.output and "Tiến độ thẩm định" in table.output
