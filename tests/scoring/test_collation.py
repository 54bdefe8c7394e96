"""Units that tie are listed in Vietnamese alphabetical order, in the results and the report."""

from __future__ import annotations

from decimal import Decimal

from par_index.ranking import RankingConfig, rank
from par_index.results import UnitResult
from par_index.units import Unit

NAMES = ["Xã Yên Bái", "Xã Ân Thi", "Xã An Phú", "Phường Đà Nẵng", "Phường Dương Nội", "Xã Ấp Bắc"]


def test_a_tie_lists_names_in_vietnamese_order():
    units = [
        UnitResult(unit=Unit(code=f"U{i}", name=name, unit_type="xa"), index=Decimal("80"))
        for i, name in enumerate(NAMES)
    ]
    ranked = rank(units, RankingConfig())
    assert [u.unit.name for u in ranked] == [
        "Phường Dương Nội", "Phường Đà Nẵng", "Xã An Phú", "Xã Ân Thi", "Xã Ấp Bắc", "Xã Yên Bái",
    ]  # fmt: skip
    assert {u.rank for u in ranked} == {1}
