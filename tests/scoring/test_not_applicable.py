"""Not applicable, one outcome: the same facts (no dossier received: 0 of 0) give the same
result whatever the officer typed in the score cell, and the check's advice leads there."""

from __future__ import annotations

from pathlib import Path

from par_index.criteria import load_criteria
from par_index.pipeline import run
from par_index.workspace import load_workspace
from tests.check.workspaces import MINI, write_workspace
from tests.helpers.workbooks import good_rows, make_filled, make_unit

UNITS = [make_unit(f"QD-X0{i}", f"Xã Thử {i}") for i in range(1, 5)]
REASON = "Trong năm không tiếp nhận hồ sơ nào"
TYPED = {  # unit -> what its officer typed for criterion 1.3 beside the figures 0 and 0
    "QD-X01": {"score": None, "explanation": REASON},  # blank: as the guide says
    "QD-X02": {"score": 0, "explanation": REASON},  # 0: as the check used to advise
    "QD-X03": {"score": None, "explanation": None},  # no reason given
    "QD-X04": {"score": 2, "explanation": REASON},  # points claimed all the same
}


def _set_with_na_ratio(root: Path) -> Path:
    """The mini set with criterion 1.3's zero denominator meaning not applicable."""
    text = MINI.read_text(encoding="utf-8")
    assert text.count("zero_denominator: full") == 1
    path = root / "mini-na.yaml"
    path.write_text(text.replace("zero_denominator: full", "zero_denominator: not_applicable"))
    return path


def test_zero_of_zero_ends_one_way_whatever_was_typed(tmp_path):
    criteria = _set_with_na_ratio(tmp_path)
    write_workspace(tmp_path, UNITS, criteria=criteria)
    cs = load_criteria(criteria)
    for unit in UNITS:
        rows = good_rows(cs, unit.unit_type, issuer=f"UBND {unit.name}")
        rows["1.3"].update(figures={"received": 0, "on_time": 0}, **TYPED[unit.code])
        make_filled(tmp_path, cs, unit, rows)
    outcome = run(load_workspace(tmp_path), ("check", "score"))
    assert outcome.results is not None
    by_unit = {u.unit.code: u for u in outcome.results.units}
    rows = {code: next(c for c in u.criteria if c.code == "1.3") for code, u in by_unit.items()}
    assert all(r.not_applicable and r.possible == 0 and r.final == 0 for r in rows.values())
    totals = {(u.final_total, u.possible, u.index) for u in by_unit.values()}
    assert len(totals) == 1  # the same index for all four
    assert all(r.gap == 0 for r in rows.values())  # a claimed 2 is not counted, nor a gap
    found = {(f.unit, f.code) for f in outcome.report.findings if f.criterion == "1.3"}
    assert found == {
        ("QD-X03", "not-applicable-no-reason"),
        ("QD-X04", "score-on-not-applicable"),
    }
    advice = next(f for f in outcome.report.findings if f.code == "score-on-not-applicable")
    assert "để trống" in advice.fix and "Giải trình" in advice.fix
