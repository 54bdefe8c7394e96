"""Lateness feeds the set's late-submission penalty (a figure ``from: days_late``): days late
x the rate, within the item's maximum, with the reason on the result and the unit's notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from par_index.criteria import load_criteria
from par_index.pipeline import run
from par_index.workspace import load_workspace
from tests.check.workspaces import write_workspace
from tests.helpers.workbooks import good_header, good_rows, make_filled, make_unit

DEADLINE = dt.date(2024, 12, 15)
SENT = {  # unit -> submission date written in its header
    "QD-X01": dt.date(2024, 12, 10),  # on time
    "QD-X02": dt.date(2024, 12, 17),  # 2 days late: 2 x 0,25
    "QD-X03": dt.date(2024, 12, 25),  # 10 days late: 2,5, capped at the item's 1 point
}
UNITS = [make_unit(code, f"Xã Thử {code[-1]}") for code in SENT]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    root = tmp_path_factory.mktemp("late")
    write_workspace(root, UNITS, criteria="xa-mau", deadline=DEADLINE)  # type: ignore[arg-type]
    cs = load_criteria("xa-mau")
    for unit in UNITS:
        rows = good_rows(cs, unit.unit_type, period="2024", issuer=f"UBND {unit.name}")
        rows["P3"]["score"] = None  # no unit penalises itself
        header = {**good_header("2024"), "date": SENT[unit.code]}
        make_filled(root, cs, unit, rows, header)
    return run(load_workspace(root), ("check", "score"))


def _penalty(outcome, code):
    unit = next(u for u in outcome.results.units if u.unit.code == code)
    return unit, next(c for c in unit.criteria if c.code == "P3")


@pytest.mark.parametrize(
    ("code", "points"), [("QD-X01", 0), ("QD-X02", Decimal("0.5")), ("QD-X03", 1)]
)
def test_days_late_feed_the_penalty_within_its_cap(outcome, code, points):
    unit, row = _penalty(outcome, code)
    assert row.final == points
    assert unit.penalty == points
    if points:
        days = (SENT[code] - DEADLINE).days
        assert (
            row.reason is not None and f"{days} ngày" in row.reason and "15/12/2024" in row.reason
        )
        assert row.reason in unit.notes
        late = [
            f for f in outcome.report.findings if f.unit == code and f.code == "late-submission"
        ]
        assert len(late) == 1 and str(days) in late[0].message
    else:
        assert row.reason is None


def test_the_late_unit_loses_the_penalty_and_nothing_else(outcome):
    on_time, _ = _penalty(outcome, "QD-X01")
    late, _ = _penalty(outcome, "QD-X03")
    assert late.final_total == on_time.final_total - 1
