"""How firm ranks and classes are: margins on a constructed near-tie at the published precision,
what is pending, results.json and the report's unit page of a real workspace."""

from __future__ import annotations

import json
from decimal import Decimal as D

from par_index.inputs import Inputs
from par_index.results import CriterionResult
from par_index.scoring import ranked
from tests.helpers.district_run import good_workspace, run
from tests.helpers.workbooks import make_unit

UNITS = [make_unit(f"U{i}", f"Xã {name}") for i, name in enumerate("ABCD")]


def _near_tie(mini_set):
    """A 80.006 (published 80.01), B 80.004 (80.00, exactly at Tốt's minimum), C 79.994 (79.99,
    Khá), D 50 (Khá's minimum); B has one criterion still with its self-score."""
    from par_index.results import UnitResult

    row = CriterionResult(code="2.4", title="t", area="2", possible=D(1), provisional=True)
    indices = [D("80.006"), D("80.004"), D("79.994"), D("50")]
    units = [
        UnitResult(unit=unit, index=index, criteria=[row] if unit.code == "U1" else [])
        for unit, index in zip(UNITS, indices, strict=True)
    ]
    return ranked(Inputs(cs=mini_set, units=UNITS, period="2024"), units).units


def test_margins_on_a_near_tie(mini_set):
    units = {u.unit.code: u for u in _near_tie(mini_set)}
    figures = {
        code: (u.rank, u.class_id, u.rank_margin_up, u.rank_margin_down,
               u.class_margin_up, u.class_margin_down)
        for code, u in units.items()
    }  # fmt: skip
    assert figures == {
        "U0": (1, "tot", None, D("0.01"), None, D("0.01")),
        "U1": (2, "tot", D("0.01"), D("0.01"), None, D("0.00")),
        "U2": (3, "kha", D("0.01"), D("29.99"), D("0.01"), D("29.99")),
        "U3": (4, "kha", D("29.99"), None, D("30.00"), D("0.00")),
    }
    assert units["U1"].pending == ["2.4"] and units["U0"].pending == []


def test_a_forced_class_or_an_unranked_unit_has_no_margin(mini_set):
    from par_index.results import UnitResult

    inputs = Inputs(cs=mini_set, units=UNITS[:2], period="2024")
    inputs.ranking.exclude = {"U1": "Sáp nhập"}
    forced = UnitResult(unit=UNITS[0], index=D(90), class_id="yeu", class_reason="Kỷ luật")
    out = {u.unit.code: u for u in ranked(inputs, [forced, UnitResult(unit=UNITS[1])]).units}
    assert (out["U0"].class_margin_up, out["U0"].class_margin_down) == (None, None)
    assert (out["U0"].rank_margin_up, out["U0"].rank_margin_down) == (None, None)
    assert out["U1"].rank is None and out["U1"].rank_margin_up is None


def test_results_json_and_the_unit_page_show_the_margins(tmp_path, mini_set):
    """Quảng Công 105, Quảng An 101, Quảng Thọ 85 (all Tốt, from 80), none appraised."""
    root = good_workspace(tmp_path, mini_set)
    assert run(root).exit_code in (0, 1)
    data = json.loads((root / "outputs" / "results.json").read_text(encoding="utf-8"))
    an = next(u for u in data["units"] if u["unit"]["code"] == "QD-QAN")
    assert (an["rank"], an["rank_margin_up"], an["rank_margin_down"]) == (
        2,
        "4.000000",
        "16.000000",
    )
    assert (an["class_margin_up"], an["class_margin_down"]) == (None, "21.000000")
    assert an["pending"] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.4", "2.5", "B1"]
    html = (root / "outputs" / "report.html").read_text(encoding="utf-8")
    assert "Hạng 2/3 (1–3; cách hạng trên 4,00 điểm, hơn hạng dưới 16,00 điểm)" in html
    assert "hơn ngưỡng Tốt 21,00 điểm" in html
    pending = "Tiêu chí còn chờ (có thể đổi hạng, xếp loại):</span> 1.1, 1.2, 1.3, 2.1, 2.2,"
    assert pending + " 2.4, 2.5, B1</div>" in html
