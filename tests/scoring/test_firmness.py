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


def test_the_report_shows_the_rank_interval(tmp_path, mini_set):
    """Nothing appraised: every criterion may still be cut to 0, so the ranks of the three may
    change: "2 (1–3)" in the ranking, the interval and what moves it on the unit page, a column
    in report.xlsx, the interval in results.json."""
    import openpyxl

    root = good_workspace(tmp_path, mini_set)
    assert run(root).exit_code in (0, 1)
    data = json.loads((root / "outputs" / "results.json").read_text(encoding="utf-8"))
    assert (data["firmness_draws"], data["firmness_seed"], data["firmness_interval"]) == (
        1000,
        2024,
        90,
    )
    an = next(u for u in data["units"] if u["unit"]["code"] == "QD-QAN")
    assert (an["rank"], an["rank_low"], an["rank_high"], an["firm"]) == (2, 1, 3, False)
    assert an["weights_moves"] == ["-2"]
    html = (root / "outputs" / "report.html").read_text(encoding="utf-8")
    assert '<td class="center rank">2 <span class="small">(1–3)</span></td>' in html
    assert "Hạng 3 (2–5): hạng và khoảng hạng (phân vị 5–95) qua 1000 lần mô phỏng" in html
    assert (
        "Độ vững của kết quả:</span> hạng 2 (1–3); giữ xếp loại Tốt ở 5 % số lần mô phỏng; "
        "bỏ từng lĩnh vực, đổi trọng số ±10 %: hạng 1–2, chỉ số 96,67–107,50</div>"
    ) in html
    assert "Hệ quả này chưa chắc chắn: hạng 2 (1–3)" in html  # beside the staff consequence
    sheet = openpyxl.load_workbook(root / "outputs" / "report.xlsx")["Xếp hạng"]
    header = next(r for r in sheet.iter_rows(values_only=True) if "Khoảng hạng (mô phỏng)" in r)
    column = header.index("Khoảng hạng (mô phỏng)")
    cells = [r[column] for r in sheet.iter_rows(values_only=True) if r[column] and "–" in r[column]]
    assert cells == ["1–3", "1–3", "2–3"]
