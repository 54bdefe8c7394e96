"""The reader: filled templates read back as exactly what was typed, wherever rows and columns
moved; every way a file can be unusable gives its own code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from helpers.workbooks import good_rows, make_filled, make_unit

from par_index.rules import evaluate
from par_index.workbook.reader import read_submission


def test_good_rows_read_back_consistent(tmp_path, mini_set):
    rows = good_rows(mini_set, "xa")
    path = make_filled(tmp_path, mini_set, make_unit(), rows)
    sub = read_submission(path, mini_set)
    assert sub.issues == []
    assert sub.unit_code == "QD-QAN" and sub.period == "2024"
    assert sub.submission_date == dt.date(2024, 12, 5)
    items = {item.code: item for _, item in mini_set.extras_items()}
    for code, row in rows.items():
        entry = sub.entries[code]
        assert entry.self_score == Decimal(row["score"])
        node = mini_set.node(code) or items[code]
        assert evaluate(mini_set, node, entry.answers(), "xa").points == entry.self_score
        assert entry.evidence[0].number and entry.evidence[0].location
    assert {"2.3", "2.4"} <= set(sub.entries)
    assert sub.entries["2.3"].self_score is None


@pytest.mark.parametrize("typed", ["1,5", "1.5", "1,5 điểm", " 1.5 ", "１,５", "1,5\u00a0", 1.5])
def test_score_forms(tmp_path, mini_set, typed):
    path = make_filled(tmp_path, mini_set, make_unit(), {"1.3": {"score": typed}})
    entry = read_submission(path, mini_set).entries["1.3"]
    assert entry.self_score == Decimal("1.5")
